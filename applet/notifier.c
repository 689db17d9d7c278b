/* notifier.c: the one notification mip6 keeps, and its rate limit. */
#include "config.h"

#include "notifier.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <libnotify/notify.h>

#define SCHEMA_ID "org.mip6.Applet"

gint64
mip6_notify_gate_offer (Mip6NotifyGate *gate, gint64 now_us)
{
  gint64 opens = gate->last_shown_us + MIP6_NOTIFY_INTERVAL_US;

  if (gate->last_shown_us == 0 || (!gate->pending && now_us >= opens))
    {
      gate->last_shown_us = now_us;
      return 0;
    }
  /* A storm of link flaps: keep only the newest content. */
  gate->pending = TRUE;
  return opens;
}

gboolean
mip6_notify_gate_due (Mip6NotifyGate *gate, gint64 now_us)
{
  if (!gate->pending || now_us < gate->last_shown_us + MIP6_NOTIFY_INTERVAL_US)
    return FALSE;
  gate->pending = FALSE;
  gate->last_shown_us = now_us;
  return TRUE;
}

struct _Mip6Notifier
{
  gboolean initialised;
  NotifyNotification *notification;
  GSettings *settings; /* NULL when the schema is not installed */
  Mip6NotifyGate gate;
  guint show_source;
};

Mip6Notifier *
mip6_notifier_new (void)
{
  Mip6Notifier *self = g_new0 (Mip6Notifier, 1);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema =
      source ? g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE) : NULL;

  /* g_settings_new aborts on a missing schema; notifications stay on. */
  if (schema != NULL)
    self->settings = g_settings_new (SCHEMA_ID);
  else
    g_warning (_ ("The GSettings schema %s is not installed, so notifications cannot be turned "
                  "off; install mip6's applet, or set GSETTINGS_SCHEMA_DIR to where it is."),
               SCHEMA_ID);
  self->initialised = notify_init ("mip6");
  return self;
}

void
mip6_notifier_free (Mip6Notifier *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->show_source, g_source_remove);
  g_clear_object (&self->notification);
  g_clear_object (&self->settings);
  if (self->initialised)
    notify_uninit ();
  g_free (self);
}

static gboolean
show_now (gpointer user_data)
{
  Mip6Notifier *self = user_data;
  g_autoptr (GError) error = NULL;

  self->show_source = 0;
  if (self->gate.pending && !mip6_notify_gate_due (&self->gate, g_get_monotonic_time ()))
    return G_SOURCE_REMOVE;
  /* A synchronous D-Bus call to the notification server: it runs here,
   * after the icon and the menu were updated, never in their way. */
  if (!notify_notification_show (self->notification, &error))
    g_debug ("Cannot show a notification: %s", error->message);
  return G_SOURCE_REMOVE;
}

void
mip6_notifier_post (Mip6Notifier *self, const char *summary, const char *body,
                    const char *icon_name, const char *category)
{
  if (!self->initialised)
    return;
  if (self->settings != NULL && !g_settings_get_boolean (self->settings, "notifications"))
    return;

  if (self->notification == NULL)
    self->notification = notify_notification_new (summary, body, icon_name);
  else
    notify_notification_update (self->notification, summary, body, icon_name);
  notify_notification_set_category (self->notification, category);
  notify_notification_set_app_name (self->notification, "mip6");
  notify_notification_set_urgency (self->notification, g_str_equal (category, "network.error")
                                                           ? NOTIFY_URGENCY_NORMAL
                                                           : NOTIFY_URGENCY_LOW);

  /* A show already queued, at once or when the gate opens, shows the
   * content just updated: the latest wins. */
  if (self->show_source != 0)
    return;
  gint64 now = g_get_monotonic_time ();
  gint64 opens = mip6_notify_gate_offer (&self->gate, now);
  if (opens == 0)
    self->show_source = g_idle_add_full (G_PRIORITY_LOW, show_now, self, NULL);
  else
    self->show_source = g_timeout_add_full (G_PRIORITY_LOW, (guint) ((opens - now + 999) / 1000),
                                            show_now, self, NULL);
}
