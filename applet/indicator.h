/* indicator.h: the tray icon. A StatusNotifierItem through
 * libayatana-appindicator3, which itself falls back to an XEmbed tray icon
 * (the same menu on a click) where no StatusNotifierWatcher runs. */
#pragma once

#include <gtk/gtk.h>

#include "applet-state.h"

G_BEGIN_DECLS

typedef struct _Mip6Indicator Mip6Indicator;

/* icon_dir: a directory added to the icon search path (hosts of the
 * StatusNotifierItem get it as IconThemePath), or NULL. */
Mip6Indicator *mip6_indicator_new (GtkMenu *menu, const char *icon_dir);
void mip6_indicator_free (Mip6Indicator *self);

void mip6_indicator_update (Mip6Indicator *self, Mip6AppletState state, const char *tooltip);

/* Asks, without blocking, whether anything can show the icon: a
 * StatusNotifierWatcher on the session bus or an XEmbed tray manager
 * (the _NET_SYSTEM_TRAY_Sn selection). on_none runs once when neither is
 * there. */
void mip6_indicator_check_tray (Mip6Indicator *self, GCallback on_none, gpointer user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Indicator, mip6_indicator_free)

G_END_DECLS
