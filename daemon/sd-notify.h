/* sd-notify.h: the systemd readiness protocol (sd_notify(3)), without
 * libsystemd: one datagram to $NOTIFY_SOCKET. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sends state ("READY=1", "STOPPING=1", ...). Without NOTIFY_SOCKET it does
 * nothing and returns TRUE; FALSE with error when the send failed. */
gboolean mip6_sd_notify (const char *state, GError **error);

G_END_DECLS
