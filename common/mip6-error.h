/* mip6-error.h: the error domain behind the org.mip6.Error.* D-Bus errors. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MIP6_ERROR (mip6_error_quark ())

/* Each code maps to the D-Bus error name in the comment (mip6-error.c);
 * the interface XML lists which method can answer which. */
typedef enum
{
  MIP6_ERROR_FAILED,           /* org.mip6.Error.Failed */
  MIP6_ERROR_ACCESS_DENIED,    /* org.mip6.Error.AccessDenied */
  MIP6_ERROR_NOT_CONNECTED,    /* org.mip6.Error.NotConnected */
  MIP6_ERROR_NOT_SUPPORTED,    /* org.mip6.Error.NotSupported */
  MIP6_ERROR_UNKNOWN_NETWORK,  /* org.mip6.Error.UnknownNetwork */
  MIP6_ERROR_INVALID_ARGUMENT, /* org.mip6.Error.InvalidArgument */
  MIP6_ERROR_BAD_CONFIG,       /* org.mip6.Error.BadConfig */
  MIP6_ERROR_BUSY,             /* org.mip6.Error.Busy */
} Mip6Error;

GQuark mip6_error_quark (void);

G_END_DECLS
