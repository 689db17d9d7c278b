/* dbus-signal.c: pending property changes go out before a signal. */
#include "dbus-signal.h"

void
mip6_dbus_before_signal (gpointer skeleton)
{
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (skeleton));
}
