/* backend.c — choosing the data path back end at start-up:
 * the kernel is probed, datapath= may force a choice, and a forced kernel
 * path on a kernel without support stops start-up with a sentence naming
 * the missing option. */
#include "config.h"
#include "backend.h"

#include "probe.h"

Mip6Backend *
mip6_backend_new (Mip6Datapath setting, Mip6Datapath *chosen, GError **error)
{
  g_autoptr (Mip6ProbeResult) probe = mip6_datapath_probe (setting, error);
  if (probe == NULL)
    return NULL;
  for (guint i = 0; probe->missing && i < probe->missing->len; i++)
    g_info ("%s", (const char *) g_ptr_array_index (probe->missing, i));
  *chosen = probe->path;
  /* The kernel back end cleans up after itself when it starts; the
   * userspace one must also clear a kernel-path run's leftovers. */
  if (probe->path == MIP6_DATAPATH_USERSPACE && (probe->present & MIP6_KERNEL_FEATURE_XFRM_USER))
    mip6_backend_kernel_remove_leftovers ();
  return probe->path == MIP6_DATAPATH_KERNEL ? mip6_backend_kernel_new (error)
                                             : mip6_backend_userspace_new (error);
}
