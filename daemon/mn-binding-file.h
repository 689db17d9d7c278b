/* mn-binding-file.h — what the home agent may still hold for us, kept
 * across restarts of mip6d (a crash, a reboot) in its state directory.
 *
 * RFC 6275 §11.5.4: a mobile node at home must not run Duplicate Address
 * Detection for its home address while the home agent may defend it, and
 * must deregister a binding it may have left. Without this note a new
 * mip6d cannot tell a binding left by a killed run from none.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <netinet/in.h>

G_BEGIN_DECLS

/* The state directory systemd gives (StateDirectory=, $STATE_DIRECTORY),
 * or NULL when mip6d runs without one. */
const char *mip6_binding_file_dir (void);

/* Seconds a binding for @hoa may still be held, 0 for none. Without a
 * state directory nothing is known: @unknown_s (assume the worst). */
guint32 mip6_binding_file_read (const char *dir, const struct in6_addr *hoa, guint32 unknown_s);

/* Notes that a binding for @hoa may be held until @until_unix (seconds
 * since the epoch); 0 or a past time removes the note. */
void mip6_binding_file_write (const char *dir, const struct in6_addr *hoa, gint64 until_unix);

G_END_DECLS
