/* probe.c - which data path the running kernel can carry */
#include "config.h"

#include "probe.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

GQuark
mip6_probe_error_quark (void)
{
  return g_quark_from_static_string ("mip6-probe-error-quark");
}

static const Mip6KernelFeatures all_features[] = {
  MIP6_KERNEL_FEATURE_MIP6,
  MIP6_KERNEL_FEATURE_IP6_TUNNEL,
  MIP6_KERNEL_FEATURE_XFRM_USER,
};

const char *
mip6_kernel_feature_option (Mip6KernelFeatures feature)
{
  switch (feature)
    {
    case MIP6_KERNEL_FEATURE_MIP6:
      return "CONFIG_IPV6_MIP6";
    case MIP6_KERNEL_FEATURE_IP6_TUNNEL:
      return "CONFIG_IPV6_TUNNEL";
    case MIP6_KERNEL_FEATURE_XFRM_USER:
      return "CONFIG_XFRM_USER";
    }
  g_return_val_if_reached (NULL);
}

char *
mip6_kernel_feature_missing_sentence (Mip6KernelFeatures feature)
{
  const char *option = mip6_kernel_feature_option (feature);

  switch (feature)
    {
    case MIP6_KERNEL_FEATURE_MIP6:
      /* TRANSLATORS: %s is a kernel option name such as CONFIG_IPV6_MIP6 */
      return g_strdup_printf (_ ("The kernel has no Mobile IPv6 support (%s), so it cannot add "
                                 "the Home Address option or accept the type 2 routing header."),
                              option);
    case MIP6_KERNEL_FEATURE_IP6_TUNNEL:
      /* TRANSLATORS: %s is a kernel option name such as CONFIG_IPV6_TUNNEL */
      return g_strdup_printf (_ ("The kernel has no IPv6-in-IPv6 tunnel support (%s), so it "
                                 "cannot create the ip6tnl tunnel to the home agent."),
                              option);
    case MIP6_KERNEL_FEATURE_XFRM_USER:
      /* TRANSLATORS: %s is a kernel option name such as CONFIG_XFRM_USER */
      return g_strdup_printf (_ ("The kernel has no XFRM netlink interface (%s), so mip6d "
                                 "cannot install the XFRM states Mobile IPv6 needs."),
                              option);
    }
  g_return_val_if_reached (NULL);
}

Mip6ProbeResult *
mip6_datapath_choose (Mip6Datapath setting, Mip6KernelFeatures present, GError **error)
{
  g_autoptr (Mip6ProbeResult) result = g_new0 (Mip6ProbeResult, 1);
  gboolean complete = (present & MIP6_KERNEL_FEATURES_ALL) == MIP6_KERNEL_FEATURES_ALL;

  result->present = present & MIP6_KERNEL_FEATURES_ALL;
  result->missing = g_ptr_array_new_with_free_func (g_free);
  for (gsize i = 0; i < G_N_ELEMENTS (all_features); i++)
    if (!(present & all_features[i]))
      g_ptr_array_add (result->missing, mip6_kernel_feature_missing_sentence (all_features[i]));

  switch (setting)
    {
    case MIP6_DATAPATH_AUTO:
      result->path = complete ? MIP6_DATAPATH_KERNEL : MIP6_DATAPATH_USERSPACE;
      break;
    case MIP6_DATAPATH_USERSPACE:
      result->path = MIP6_DATAPATH_USERSPACE;
      break;
    case MIP6_DATAPATH_KERNEL:
      if (!complete)
        {
          g_autofree char *why = NULL;

          g_ptr_array_add (result->missing, NULL);
          why = g_strjoinv (" ", (char **) result->missing->pdata);
          g_set_error (error, MIP6_PROBE_ERROR, MIP6_PROBE_ERROR_KERNEL_UNSUPPORTED,
                       /* TRANSLATORS: %s is one or more sentences naming the missing
                        * kernel options */
                       _ ("datapath=kernel is set but the running kernel cannot carry "
                          "the kernel data path: %s Boot a kernel with these options, "
                          "or set datapath=auto or datapath=userspace."),
                       why);
          return NULL;
        }
      result->path = MIP6_DATAPATH_KERNEL;
      break;
    }
  return g_steal_pointer (&result);
}

void
mip6_probe_result_free (Mip6ProbeResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->missing, g_ptr_array_unref);
  g_free (result);
}

/* Whether @path lists kernel/.../@name.ko (possibly compressed) as a
 * module: one per line in modules.builtin, before the ':' in modules.dep. */
static gboolean
module_list_has (const char *path, const char *name)
{
  g_autofree char *text = NULL;
  g_autofree char *ko = g_strconcat ("/", name, ".ko", NULL);
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      char *colon = strchr (*l, ':');
      const char *hit;

      if (colon != NULL)
        *colon = '\0';
      hit = g_strrstr (*l, ko);
      /* Debian may compress modules: mip6.ko.xz, mip6.ko.zst. */
      if (hit != NULL && (hit[strlen (ko)] == '\0' || hit[strlen (ko)] == '.'))
        return TRUE;
    }
  return FALSE;
}

gboolean
mip6_kernel_module_available (const char *name, const char *sys_module_dir, const char *modules_dir)
{
  g_autofree char *sys = g_build_filename (sys_module_dir, name, NULL);
  g_autofree char *builtin = g_build_filename (modules_dir, "modules.builtin", NULL);
  g_autofree char *dep = g_build_filename (modules_dir, "modules.dep", NULL);

  return g_file_test (sys, G_FILE_TEST_IS_DIR) || module_list_has (builtin, name) ||
         module_list_has (dep, name);
}

/* The IPV6_RTHDR socket option accepts a type 2 routing header only when
 * the kernel was built with CONFIG_IPV6_MIP6 (RFC 6275 section 6.4); it
 * needs no privilege and changes nothing outside this socket. */
static gboolean
kernel_accepts_type2_routing_header (void)
{
  /* Next Header, Hdr Ext Len 2, Routing Type 2, Segments Left 1, Reserved,
   * Home Address (::1). */
  guint8 rthdr[24] = { 0, 2, 2, 1 };
  int fd, rc;

  rthdr[23] = 1;
  fd = socket (AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  rc = setsockopt (fd, IPPROTO_IPV6, IPV6_RTHDR, rthdr, sizeof rthdr);
  close (fd);
  return rc == 0;
}

/* Opening an XFRM netlink socket succeeds when xfrm_user is built in or
 * loadable (the kernel loads it on demand). */
static gboolean
kernel_has_xfrm_netlink (void)
{
  int fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);

  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

Mip6KernelFeatures
mip6_kernel_probe_features (void)
{
  Mip6KernelFeatures present = 0;
  struct utsname uts;
  g_autofree char *modules_dir = NULL;

  if (uname (&uts) == 0)
    modules_dir = g_build_filename ("/lib/modules", uts.release, NULL);
  else
    modules_dir = g_strdup ("/nonexistent");

  /* With CONFIG_IPV6_MIP6=m the socket option works before the module is
   * loaded; the module must also exist for XFRM to find the Mobile IPv6
   * types. A kernel without a readable module tree (containers) is judged
   * by the socket option alone. */
  if (kernel_accepts_type2_routing_header () &&
      (mip6_kernel_module_available ("mip6", "/sys/module", modules_dir) ||
       !g_file_test (modules_dir, G_FILE_TEST_IS_DIR)))
    present |= MIP6_KERNEL_FEATURE_MIP6;
  if (mip6_kernel_module_available ("ip6_tunnel", "/sys/module", modules_dir))
    present |= MIP6_KERNEL_FEATURE_IP6_TUNNEL;
  if (kernel_has_xfrm_netlink ())
    present |= MIP6_KERNEL_FEATURE_XFRM_USER;
  return present;
}

Mip6ProbeResult *
mip6_datapath_probe (Mip6Datapath setting, GError **error)
{
  return mip6_datapath_choose (setting, mip6_kernel_probe_features (), error);
}
