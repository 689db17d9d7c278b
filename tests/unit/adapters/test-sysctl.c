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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/sysctl/set-and-restore", test_set_and_restore);
  return g_test_run ();
}
