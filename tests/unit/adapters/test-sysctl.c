/* Unit tests for the sysctl adapter, on a scratch tree instead of /proc. */
#include "sysctl.h"

#include <glib/gstdio.h>
#include <string.h>

static char *
make_tree (void)
{
  g_autoptr (GError) error = NULL;
  char *root = g_dir_make_tmp ("mip6-sysctl-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *dir = g_build_filename (root, "eth0", NULL);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_autofree char *f = g_build_filename (dir, "proxy_ndp", NULL);
  g_assert_true (g_file_set_contents (f, "0\n", -1, NULL));
  return root;
}

static void
test_set_and_restore (void)
{
  g_autofree char *root = make_tree ();
  g_autoptr (GError) error = NULL;
  mip6_sysctl_set_root (root);

  g_assert_cmpint (mip6_sysctl_get ("eth0", "proxy_ndp", &error), ==, 0);
  Mip6Sysctl *s = mip6_sysctl_new ();
  g_assert_true (mip6_sysctl_set (s, "eth0", "proxy_ndp", 1, &error));
  g_assert_cmpint (mip6_sysctl_get ("eth0", "proxy_ndp", &error), ==, 1);
  g_assert_true (mip6_sysctl_set (s, "eth0", "proxy_ndp", 2, &error));
  g_assert_cmpint (mip6_sysctl_get ("eth0", "proxy_ndp", &error), ==, 2);
  mip6_sysctl_free (s);
  /* back to the value before the first change */
  g_assert_cmpint (mip6_sysctl_get ("eth0", "proxy_ndp", &error), ==, 0);
  g_assert_no_error (error);

  /* a missing key is an error naming the file */
  g_assert_cmpint (mip6_sysctl_get ("eth0", "nosuch", &error), ==, -1);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "nosuch"));

  g_autofree char *f = g_build_filename (root, "eth0", "proxy_ndp", NULL);
  g_autofree char *d = g_build_filename (root, "eth0", NULL);
  g_unlink (f);
  g_rmdir (d);
  g_rmdir (root);
  mip6_sysctl_set_root (NULL);
}

static void
write_key (const char *root, const char *ifname, const char *key, const char *value)
{
  g_autofree char *dir = g_build_filename (root, ifname, NULL);
  g_autofree char *f = g_build_filename (dir, key, NULL);
  g_mkdir (dir, 0700);
  g_assert_true (g_file_set_contents (f, value, -1, NULL));
}

/* A killed mip6d leaves its changes and the file of the originals; the
 * next start puts them back from the file, in reverse order. */
static void
test_saved_across_a_crash (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *file = g_build_filename (root, "sysctl-saved", NULL);
  g_autofree char *crashed = NULL;
  g_autoptr (GError) error = NULL;
  mip6_sysctl_set_root (root);
  write_key (root, "all", "forwarding", "0\n");
  write_key (root, "eth1", "accept_ra", "1\n");

  Mip6Sysctl *s = mip6_sysctl_new_saved (file);
  g_assert_true (mip6_sysctl_set (s, "eth1", "accept_ra", 2, &error));
  g_assert_true (mip6_sysctl_set (s, "all", "forwarding", 1, &error));
  g_assert_true (mip6_sysctl_set (s, "eth0", "proxy_ndp", 1, &error));
  g_assert_true (mip6_sysctl_set (s, "eth0", "proxy_ndp", 2, &error));
  g_assert_no_error (error);
  /* Written before the change: what a kill -9 would leave. */
  g_assert_true (g_file_get_contents (file, &crashed, NULL, NULL));
  g_autofree char *want = g_strdup_printf (
      "# boot %s\neth1 accept_ra 1\nall forwarding 0\neth0 proxy_ndp 0\neth0 proxy_ndp 1\n",
      mip6_sysctl_boot_id ());
  g_assert_cmpstr (crashed, ==, want);
  /* A clean stop restores and deletes the file. */
  mip6_sysctl_free (s);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_cmpint (mip6_sysctl_get ("eth1", "accept_ra", NULL), ==, 1);
  g_assert_cmpint (mip6_sysctl_get ("all", "forwarding", NULL), ==, 0);

  /* The state a kill -9 leaves, and the next start. */
  write_key (root, "eth1", "accept_ra", "2\n");
  write_key (root, "all", "forwarding", "1\n");
  write_key (root, "eth0", "proxy_ndp", "2\n");
  g_assert_true (g_file_set_contents (file, crashed, -1, NULL));
  g_assert_cmpint (mip6_sysctl_restore_saved (file), ==, 4);
  g_assert_cmpint (mip6_sysctl_get ("eth1", "accept_ra", NULL), ==, 1);
  g_assert_cmpint (mip6_sysctl_get ("all", "forwarding", NULL), ==, 0);
  g_assert_cmpint (mip6_sysctl_get ("eth0", "proxy_ndp", NULL), ==, 0);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  /* Nothing to do the next time. */
  g_assert_cmpint (mip6_sysctl_restore_saved (file), ==, 0);
  /* A file from another boot says nothing about this one. */
  write_key (root, "eth1", "accept_ra", "2\n");
  g_assert_true (g_file_set_contents (file, "# boot another\neth1 accept_ra 1\n", -1, NULL));
  g_assert_cmpint (mip6_sysctl_restore_saved (file), ==, 0);
  g_assert_cmpint (mip6_sysctl_get ("eth1", "accept_ra", NULL), ==, 2);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  write_key (root, "eth1", "accept_ra", "1\n");

  /* remember: put back on free, not changed now. */
  s = mip6_sysctl_new_saved (file);
  write_key (root, "eth1", "forwarding", "1\n");
  g_assert_true (mip6_sysctl_remember (s, "eth1", "forwarding", &error));
  g_assert_true (mip6_sysctl_set (s, "all", "forwarding", 0, &error));
  write_key (root, "eth1", "forwarding", "0\n"); /* as the kernel does for all */
  mip6_sysctl_free (s);
  g_assert_cmpint (mip6_sysctl_get ("eth1", "forwarding", NULL), ==, 1);

  g_autoptr (GPtrArray) names = mip6_sysctl_list ();
  g_assert_cmpuint (names->len, ==, 3);

  const char *files[] = { "eth0/proxy_ndp", "all/forwarding", "eth1/accept_ra", "eth1/forwarding" };
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *f = g_build_filename (root, files[i], NULL);
      g_unlink (f);
    }
  const char *dirs[] = { "eth0", "all", "eth1", "" };
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *d = g_build_filename (root, dirs[i], NULL);
      g_rmdir (d);
    }
  mip6_sysctl_set_root (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/sysctl/set-and-restore", test_set_and_restore);
  g_test_add_func ("/net/sysctl/saved-across-a-crash", test_saved_across_a_crash);
  return g_test_run ();
}
