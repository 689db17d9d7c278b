/* mip6-error.c: registers MIP6_ERROR as named D-Bus errors, so a client's
 * GError carries the same domain and code the daemon raised. */
#include <gio/gio.h>

#include "mip6-error.h"

static const GDBusErrorEntry mip6_error_entries[] = {
  { MIP6_ERROR_FAILED, "org.mip6.Error.Failed" },
  { MIP6_ERROR_ACCESS_DENIED, "org.mip6.Error.AccessDenied" },
  { MIP6_ERROR_NOT_CONNECTED, "org.mip6.Error.NotConnected" },
  { MIP6_ERROR_NOT_SUPPORTED, "org.mip6.Error.NotSupported" },
  { MIP6_ERROR_UNKNOWN_NETWORK, "org.mip6.Error.UnknownNetwork" },
  { MIP6_ERROR_INVALID_ARGUMENT, "org.mip6.Error.InvalidArgument" },
  { MIP6_ERROR_BAD_CONFIG, "org.mip6.Error.BadConfig" },
  { MIP6_ERROR_BUSY, "org.mip6.Error.Busy" },
};

GQuark
mip6_error_quark (void)
{
  static gsize quark = 0;

  g_dbus_error_register_error_domain ("mip6-error-quark", &quark, mip6_error_entries,
                                      G_N_ELEMENTS (mip6_error_entries));
  return (GQuark) quark;
}
