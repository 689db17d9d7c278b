/* indicator.c: the applet's icon in the tray. */
#include "config.h"

#include "indicator.h"

#include <glib/gi18n.h>
#include <libayatana-appindicator/app-indicator.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/gdkx.h>
#endif

struct _Mip6Indicator
{
  AppIndicator *indicator;
  GCancellable *cancellable;
  GCallback on_none;
  gpointer on_none_data;
};

Mip6Indicator *
mip6_indicator_new (GtkMenu *menu, const char *icon_dir)
{
  Mip6Indicator *self = g_new0 (Mip6Indicator, 1);

  self->cancellable = g_cancellable_new ();
  self->indicator =
      app_indicator_new ("mip6-applet", mip6_applet_state_icon_name (MIP6_APPLET_OFFLINE),
                         APP_INDICATOR_CATEGORY_SYSTEM_SERVICES);
  if (icon_dir != NULL)
    app_indicator_set_icon_theme_path (self->indicator, icon_dir);
  /* Hosts show nothing of an indicator that is not active. */
  app_indicator_set_status (self->indicator, APP_INDICATOR_STATUS_ACTIVE);
  app_indicator_set_menu (self->indicator, menu);
  return self;
}

void
mip6_indicator_free (Mip6Indicator *self)
{
  if (self == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->indicator);
  g_free (self);
}

void
mip6_indicator_update (Mip6Indicator *self, Mip6AppletState state, const char *tooltip)
{
  /* The description is what screen readers and the XEmbed fallback's
   * tooltip show; the title is the StatusNotifierItem's. */
  app_indicator_set_icon_full (self->indicator, mip6_applet_state_icon_name (state), tooltip);
  app_indicator_set_title (self->indicator, tooltip);
}

static gboolean
xembed_tray_present (void)
{
#ifdef GDK_WINDOWING_X11
  GdkDisplay *display = gdk_display_get_default ();
  if (display == NULL || !GDK_IS_X11_DISPLAY (display))
    return FALSE;
  Display *xdisplay = GDK_DISPLAY_XDISPLAY (display);
  GdkScreen *screen = gdk_display_get_default_screen (display);
  g_autofree char *name =
      g_strdup_printf ("_NET_SYSTEM_TRAY_S%d", gdk_x11_screen_get_screen_number (screen));
  Atom selection = XInternAtom (xdisplay, name, False);
  return XGetSelectionOwner (xdisplay, selection) != None;
#else
  return FALSE;
#endif
}

static void
watcher_answered (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply =
      g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), res, &error);
  if (reply == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  Mip6Indicator *self = user_data;
  gboolean watcher = FALSE;
  if (reply != NULL)
    g_variant_get (reply, "(b)", &watcher);
  if (!watcher && !xembed_tray_present ())
    ((void (*) (gpointer)) self->on_none) (self->on_none_data);
}

static void
session_bus_ready (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusConnection) bus = g_bus_get_finish (res, &error);
  if (bus == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  Mip6Indicator *self = user_data;
  if (bus == NULL)
    {
      if (!xembed_tray_present ())
        ((void (*) (gpointer)) self->on_none) (self->on_none_data);
      return;
    }
  g_dbus_connection_call (
      bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
      g_variant_new ("(s)", "org.kde.StatusNotifierWatcher"), G_VARIANT_TYPE ("(b)"),
      G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, self->cancellable, watcher_answered, self);
}

void
mip6_indicator_check_tray (Mip6Indicator *self, GCallback on_none, gpointer user_data)
{
  self->on_none = on_none;
  self->on_none_data = user_data;
  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, session_bus_ready, self);
}
