/* details-window.h: "Mobile IPv6 details": the binding, the statistics,
 * the last handovers and a plot of where their time went. */
#pragma once

#include <gtk/gtk.h>

#include "daemon-client.h"

G_BEGIN_DECLS

/* history: the applet's recent handovers (GVariant a{sv}, oldest first),
 * borrowed; call mip6_details_window_history_changed when it grows. The
 * window's timers (binding countdown, statistics every 2 s) live and die
 * with it. */
GtkWidget *mip6_details_window_new (GtkApplication *app, Mip6DaemonClient *client,
                                    GPtrArray *history);
void mip6_details_window_history_changed (GtkWidget *window);

G_END_DECLS
