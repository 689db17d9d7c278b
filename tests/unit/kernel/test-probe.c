/* Unit tests of the data path choice (daemon/kernel/probe.c). */
#include "probe.h"

#include <glib/gstdio.h>

static void
test_auto_picks_kernel_only_when_complete (void)
{
  g_autoptr (Mip6ProbeResult) all = NULL;
  g_autoptr (GError) error = NULL;

  all = mip6_datapath_choose (MIP6_DATAPATH_AUTO, MIP6_KERNEL_FEATURES_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (all->path, ==, MIP6_DATAPATH_KERNEL);
  g_assert_cmpuint (all->missing->len, ==, 0);

  /* Any single feature missing falls back to userspace and says which. */
  for (guint bit = 0; bit < 3; bit++)
    {
      Mip6KernelFeatures gone = 1u << bit;
      g_autoptr (Mip6ProbeResult) r =
          mip6_datapath_choose (MIP6_DATAPATH_AUTO, MIP6_KERNEL_FEATURES_ALL & ~gone, &error);

      g_assert_no_error (error);
      g_assert_cmpint (r->path, ==, MIP6_DATAPATH_USERSPACE);
      g_assert_cmpuint (r->missing->len, ==, 1);
      g_assert_nonnull (
          strstr (g_ptr_array_index (r->missing, 0), mip6_kernel_feature_option (gone)));
      g_assert_cmpuint (r->present, ==, MIP6_KERNEL_FEATURES_ALL & ~gone);
    }
}

static void
test_userspace_forced_reports_missing (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Mip6ProbeResult) full =
      mip6_datapath_choose (MIP6_DATAPATH_USERSPACE, MIP6_KERNEL_FEATURES_ALL, &error);
  g_autoptr (Mip6ProbeResult) none = mip6_datapath_choose (MIP6_DATAPATH_USERSPACE, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpint (full->path, ==, MIP6_DATAPATH_USERSPACE);
  g_assert_cmpint (none->path, ==, MIP6_DATAPATH_USERSPACE);
  g_assert_cmpuint (none->missing->len, ==, 3);
}

static void
test_kernel_forced_fails_naming_options (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Mip6ProbeResult) ok =
      mip6_datapath_choose (MIP6_DATAPATH_KERNEL, MIP6_KERNEL_FEATURES_ALL, &error);
  g_autoptr (Mip6ProbeResult) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (ok->path, ==, MIP6_DATAPATH_KERNEL);

  bad = mip6_datapath_choose (MIP6_DATAPATH_KERNEL, MIP6_KERNEL_FEATURE_XFRM_USER, &error);
  g_assert_null (bad);
  g_assert_error (error, MIP6_PROBE_ERROR, MIP6_PROBE_ERROR_KERNEL_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "CONFIG_IPV6_MIP6"));
  g_assert_nonnull (strstr (error->message, "CONFIG_IPV6_TUNNEL"));
  g_assert_null (strstr (error->message, "CONFIG_XFRM_USER"));
  g_assert_nonnull (strstr (error->message, "datapath=userspace"));
}

static void
test_setting_strings (void)
{
  Mip6Datapath s = MIP6_DATAPATH_USERSPACE;
  const char *names[] = { "auto", "kernel", "userspace" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (mip6_datapath_from_string (names[i], &s));
      g_assert_cmpstr (mip6_datapath_to_string (s), ==, names[i]);
    }
  s = MIP6_DATAPATH_KERNEL;
  g_assert_false (mip6_datapath_from_string ("Kernel", &s));
  g_assert_false (mip6_datapath_from_string ("", &s));
  g_assert_false (mip6_datapath_from_string (NULL, &s));
  g_assert_cmpint (s, ==, MIP6_DATAPATH_KERNEL);
  g_assert_cmpstr (mip6_datapath_to_string (MIP6_DATAPATH_KERNEL), ==, "kernel");
}

static void
write_file (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_module_available (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("mip6-probe-XXXXXX", &error);
  g_autofree char *sys = NULL;
  g_autofree char *mods = NULL;
  g_autofree char *loaded = NULL;

  g_assert_no_error (error);
  sys = g_build_filename (root, "sys-module", NULL);
  mods = g_build_filename (root, "modules", NULL);
  loaded = g_build_filename (sys, "tun", NULL);
  g_assert_cmpint (g_mkdir_with_parents (loaded, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (mods, 0755), ==, 0);
  write_file (mods, "modules.builtin", "kernel/net/ipv6/mip6.ko\n");
  write_file (mods, "modules.dep",
              "kernel/net/ipv6/ip6_tunnel.ko.xz: kernel/net/ipv6/tunnel6.ko\n"
              "kernel/net/xfrm/xfrm_interface.ko: "
              "kernel/net/ipv6/xfrm6_tunnel.ko\n");

  g_assert_true (mip6_kernel_module_available ("tun", sys, mods));
  g_assert_true (mip6_kernel_module_available ("mip6", sys, mods));
  g_assert_true (mip6_kernel_module_available ("ip6_tunnel", sys, mods));
  /* A dependency named after the ':' is not itself proof. */
  g_assert_false (mip6_kernel_module_available ("xfrm6_tunnel", sys, mods));
  g_assert_false (mip6_kernel_module_available ("tunnel6", sys, mods));
  /* A module whose name ends like another's does not match. */
  g_assert_false (mip6_kernel_module_available ("tunnel", sys, mods));
  g_assert_false (mip6_kernel_module_available ("ip6_tun", sys, mods));
  g_assert_false (mip6_kernel_module_available ("mip6", "/nonexistent", "/nonexistent"));

  g_assert_cmpint (g_rmdir (loaded), ==, 0);
  g_assert_cmpint (g_rmdir (sys), ==, 0);
  for (const char *const *n = (const char *const[]){ "modules.builtin", "modules.dep", NULL };
       *n != NULL; n++)
    {
      g_autofree char *p = g_build_filename (mods, *n, NULL);
      g_assert_cmpint (g_unlink (p), ==, 0);
    }
  g_assert_cmpint (g_rmdir (mods), ==, 0);
  g_assert_cmpint (g_rmdir (root), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernel/probe/auto", test_auto_picks_kernel_only_when_complete);
  g_test_add_func ("/kernel/probe/userspace-forced", test_userspace_forced_reports_missing);
  g_test_add_func ("/kernel/probe/kernel-forced", test_kernel_forced_fails_naming_options);
  g_test_add_func ("/kernel/probe/setting-strings", test_setting_strings);
  g_test_add_func ("/kernel/probe/module-available", test_module_available);
  return g_test_run ();
}
