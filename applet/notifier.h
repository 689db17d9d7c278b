/* notifier.h: desktop notifications through libnotify. One notification,
 * updated in place; at most one shown per MIP6_NOTIFY_INTERVAL_US, the
 * latest content winning; off when org.mip6.Applet's "notifications" key
 * says so. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MIP6_NOTIFY_INTERVAL_US (5 * G_USEC_PER_SEC)

/* The rate limit, pure: times are injected so tests need no clock. */
typedef struct
{
  gint64 last_shown_us; /* 0: never */
  gboolean pending;     /* content waits for the window to open */
} Mip6NotifyGate;

/* Content arrived at now_us. Returns 0 when it may be shown now (and
 * counts it as shown), else the time at which the gate opens; the content
 * then waits, replacing any content that waited before. */
gint64 mip6_notify_gate_offer (Mip6NotifyGate *gate, gint64 now_us);

/* The time came that offer returned. TRUE: show the waiting content now
 * (counted as shown). */
gboolean mip6_notify_gate_due (Mip6NotifyGate *gate, gint64 now_us);

typedef struct _Mip6Notifier Mip6Notifier;

Mip6Notifier *mip6_notifier_new (void);
void mip6_notifier_free (Mip6Notifier *self);

/* category: freedesktop's network.connected, network.disconnected or
 * network.error. Never waits for the notification server: the show is
 * done from an idle callback or a timeout. */
void mip6_notifier_post (Mip6Notifier *self, const char *summary, const char *body,
                         const char *icon_name, const char *category);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Notifier, mip6_notifier_free)

G_END_DECLS
