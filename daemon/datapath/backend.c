/* backend.c — choosing the data path back end at start-up (issue 7 item 1):
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
  if (probe->path == MIP6_DATAPATH_USERSPACE)
    return mip6_backend_userspace_new (error);
#ifdef MIP6_HAVE_KERNEL_BACKEND
  return mip6_backend_kernel_new (error);
#else
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _ ("This mip6d was built without the kernel data path; set datapath=userspace"));
  return NULL;
#endif
}
