/* dbus-signal.h: signals after the property changes that led to them.
 *
 * A GDBusInterfaceSkeleton sends PropertiesChanged from an idle callback,
 * so a signal emitted in the same main loop iteration would overtake it:
 * a client would hear HandoverCompleted while State still said
 * "registering". Every mip6 signal is emitted right after this.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Sends the PropertiesChanged @skeleton (a GDBusInterfaceSkeleton) has
 * pending, now; call it just before emitting a signal on it. */
void mip6_dbus_before_signal (gpointer skeleton);

G_END_DECLS
