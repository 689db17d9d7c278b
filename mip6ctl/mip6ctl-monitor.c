/* mip6ctl monitor: every change and event, as it happens, until Ctrl-C.
 * With --json, one JSON object per line (mip6ctl(1) lists the events). */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mip6-names.h"
#include "mip6ctl.h"

typedef struct
{
  Mip6Ctl *ctl;
  GMainLoop *loop;
} Monitor;

/* "CareOfAddress" -> "care_of_address"; BindingExpires is a point in time
 * (microseconds since the epoch) here, hence its own name, as in status
 * (whose binding_expires counts down in seconds). */
static char *
snake_case (const char *name)
{
  GString *s = g_string_new (NULL);
  if (g_str_equal (name, "BindingExpires"))
    return g_strdup ("binding_expires_at");
  for (const char *p = name; *p; p++)
    {
      if (g_ascii_isupper (*p) && p != name)
        g_string_append_c (s, '_');
      g_string_append_c (s, g_ascii_tolower (*p));
    }
  return g_string_free (s, FALSE);
}

static char *
timestamp (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%H:%M:%S.%f");
}

static void
emit_json (const char *event, GVariantBuilder *fields)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *iso = g_date_time_format_iso8601 (now);
  GVariantBuilder b;
  g_autoptr (GVariant) v = NULL;
  g_autofree char *text = NULL;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "time", g_variant_new_string (iso));
  g_variant_builder_add (&b, "{sv}", "event", g_variant_new_string (event));
  if (fields)
    {
      g_autoptr (GVariant) extra = g_variant_ref_sink (g_variant_builder_end (fields));
      GVariantIter iter;
      const char *key;
      GVariant *value;
      g_variant_iter_init (&iter, extra);
      while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
        {
          g_variant_builder_add (&b, "{sv}", key, value);
          g_variant_unref (value);
        }
    }
  v = g_variant_ref_sink (g_variant_builder_end (&b));
  text = mip6ctl_to_json (v, FALSE);
  g_print ("%s\n", text);
}

static void
emit_line (Monitor *m, const char *text)
{
  g_autofree char *ts = timestamp ();
  g_print ("%s%s%s  %s\n", mip6ctl_color (m->ctl, "dim"), ts, mip6ctl_color (m->ctl, "reset"),
           text);
}

static char *
value_text (GVariant *v)
{
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
    return g_strdup (*g_variant_get_string (v, NULL) ? g_variant_get_string (v, NULL) : "-");
  return g_variant_print (v, FALSE);
}

static void
properties_changed (Monitor *m, GVariant *params)
{
  const char *iface;
  g_autoptr (GVariant) changed = NULL;
  g_autofree const char **invalidated = NULL;
  GVariantIter iter;
  const char *name;
  GVariant *value;

  g_variant_get (params, "(&s@a{sv}^a&s)", &iface, &changed, &invalidated);
  if (m->ctl->json)
    {
      GVariantBuilder fields, snake;
      g_variant_builder_init (&snake, G_VARIANT_TYPE_VARDICT);
      g_variant_iter_init (&iter, changed);
      while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
        {
          g_autofree char *key = snake_case (name);
          g_variant_builder_add (&snake, "{sv}", key, value);
          g_variant_unref (value);
        }
      g_variant_builder_init (&fields, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&fields, "{sv}", "interface", g_variant_new_string (iface));
      g_variant_builder_add (&fields, "{sv}", "changed", g_variant_builder_end (&snake));
      emit_json ("properties_changed", &fields);
      return;
    }
  g_variant_iter_init (&iter, changed);
  while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
    {
      if (g_str_equal (name, "LastHandover"))
        ; /* HandoverCompleted/Failed say it */
      else
        {
          g_autofree char *text = value_text (value);
          g_autofree char *line =
              g_strdup_printf ("%s: %s%s%s", name, mip6ctl_color (m->ctl, "bold"), text,
                               mip6ctl_color (m->ctl, "reset"));
          emit_line (m, line);
        }
      g_variant_unref (value);
    }
}

static void
handover (Monitor *m, const char *event, GVariant *params)
{
  g_autoptr (GVariant) h = g_variant_get_child_value (params, 0);
  const char *reason = NULL;

  if (g_str_equal (event, "handover_failed"))
    g_variant_get_child (params, 1, "&s", &reason);
  if (m->ctl->json)
    {
      GVariantBuilder fields;
      g_variant_builder_init (&fields, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&fields, "{sv}", "handover", h);
      if (reason)
        g_variant_builder_add (&fields, "{sv}", "reason", g_variant_new_string (reason));
      emit_json (event, &fields);
    }
  else
    {
      g_autofree char *text = mip6ctl_format_handover (h, reason);
      g_autofree char *line = NULL;
      const char *color = g_str_equal (event, "handover_failed")      ? "red"
                          : g_str_equal (event, "handover_completed") ? "green"
                                                                      : "yellow";
      line = g_strdup_printf (_ ("%sHandover%s %s"), mip6ctl_color (m->ctl, color),
                              mip6ctl_color (m->ctl, "reset"), text);
      emit_line (m, line);
    }
}

static void
binding (Monitor *m, const char *event, GVariant *params)
{
  if (m->ctl->json)
    {
      GVariantBuilder fields;
      g_variant_builder_init (&fields, G_VARIANT_TYPE_VARDICT);
      if (g_str_equal (event, "binding_removed"))
        {
          const char *hoa, *reason;
          g_variant_get (params, "(&s&s)", &hoa, &reason);
          g_variant_builder_add (&fields, "{sv}", "home_address", g_variant_new_string (hoa));
          g_variant_builder_add (&fields, "{sv}", "reason", g_variant_new_string (reason));
        }
      else
        g_variant_builder_add (&fields, "{sv}", "entry", g_variant_get_child_value (params, 0));
      emit_json (event, &fields);
    }
  else if (g_str_equal (event, "binding_removed"))
    {
      const char *hoa, *reason;
      g_autofree char *line = NULL;
      g_variant_get (params, "(&s&s)", &hoa, &reason);
      line = g_strdup_printf (_ ("Binding removed: %s (%s)"), hoa, reason);
      emit_line (m, line);
    }
  else
    {
      g_autoptr (GVariant) e = g_variant_get_child_value (params, 0);
      guint32 lifetime = 0;
      guint16 seq = 0;
      g_autofree char *line = NULL;
      g_variant_lookup (e, "lifetime", "u", &lifetime);
      g_variant_lookup (e, "sequence", "q", &seq);
      line = g_strdup_printf (g_str_equal (event, "binding_added")
                                  ? _ ("Binding added: %s via %s, lifetime %u s, sequence %u")
                                  : _ ("Binding updated: %s via %s, lifetime %u s, sequence %u"),
                              mip6ctl_lookup_string (e, "home_address"),
                              mip6ctl_lookup_string (e, "care_of_address"), lifetime, seq);
      emit_line (m, line);
    }
}

static void
registration_failed (Monitor *m, GVariant *params)
{
  const char *token, *sentence;
  guint32 status;

  g_variant_get (params, "(&su&s)", &token, &status, &sentence);
  if (m->ctl->json)
    {
      GVariantBuilder fields;
      g_variant_builder_init (&fields, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&fields, "{sv}", "token", g_variant_new_string (token));
      g_variant_builder_add (&fields, "{sv}", "status", g_variant_new_uint32 (status));
      g_variant_builder_add (&fields, "{sv}", "sentence", g_variant_new_string (sentence));
      emit_json ("registration_failed", &fields);
      return;
    }
  g_autofree char *line =
      g_strdup_printf (_ ("%sRegistration failed%s: %s (%s)"), mip6ctl_color (m->ctl, "red"),
                       mip6ctl_color (m->ctl, "reset"), sentence, token);
  emit_line (m, line);
}

static void
on_signal (GDBusConnection *bus, const char *sender, const char *path, const char *iface,
           const char *member, GVariant *params, gpointer user_data)
{
  Monitor *m = user_data;

  if (g_str_equal (iface, "org.freedesktop.DBus") && g_str_equal (member, "NameOwnerChanged"))
    {
      const char *name, *old_owner, *new_owner;
      g_variant_get (params, "(&s&s&s)", &name, &old_owner, &new_owner);
      if (!g_str_equal (name, MIP6_DBUS_NAME))
        return;
      if (m->ctl->json)
        emit_json (*new_owner ? "daemon_started" : "daemon_stopped", NULL);
      else
        emit_line (m, *new_owner ? _ ("mip6d started") : _ ("mip6d stopped"));
    }
  else if (g_str_equal (member, "PropertiesChanged"))
    properties_changed (m, params);
  else if (g_str_equal (member, "HandoverStarted"))
    handover (m, "handover_started", params);
  else if (g_str_equal (member, "HandoverCompleted"))
    handover (m, "handover_completed", params);
  else if (g_str_equal (member, "HandoverFailed"))
    handover (m, "handover_failed", params);
  else if (g_str_equal (member, "RegistrationFailed"))
    registration_failed (m, params);
  else if (g_str_equal (member, "BindingAdded"))
    binding (m, "binding_added", params);
  else if (g_str_equal (member, "BindingUpdated"))
    binding (m, "binding_updated", params);
  else if (g_str_equal (member, "BindingRemoved"))
    binding (m, "binding_removed", params);
  else if (g_str_equal (member, "NetworksChanged"))
    {
      if (m->ctl->json)
        emit_json ("networks_changed", NULL);
      else
        emit_line (m, _ ("The networks in sight changed (mip6ctl networks lists them)"));
    }
  fflush (stdout);
}

static gboolean
on_quit (gpointer user_data)
{
  Monitor *m = user_data;
  g_main_loop_quit (m->loop);
  return G_SOURCE_REMOVE;
}

int
mip6ctl_monitor (Mip6Ctl *ctl, int argc, char **argv)
{
  Monitor m = { ctl, g_main_loop_new (NULL, FALSE) };
  g_autoptr (GVariant) pong = NULL;
  guint subs[2];

  /* Signals from mip6d's objects, and its coming and going. */
  subs[0] = g_dbus_connection_signal_subscribe (ctl->bus, MIP6_DBUS_NAME, NULL, NULL, NULL, NULL,
                                                G_DBUS_SIGNAL_FLAGS_NONE, on_signal, &m, NULL);
  subs[1] = g_dbus_connection_signal_subscribe (
      ctl->bus, "org.freedesktop.DBus", "org.freedesktop.DBus", "NameOwnerChanged",
      "/org/freedesktop/DBus", MIP6_DBUS_NAME, G_DBUS_SIGNAL_FLAGS_NONE, on_signal, &m, NULL);
  /* A round trip after AddMatch: once it returns, the bus routes every
   * later signal to us, so "ready" below is true. */
  pong = g_dbus_connection_call_sync (ctl->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                      "org.freedesktop.DBus.Peer", "Ping", NULL, NULL,
                                      G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  g_unix_signal_add (SIGINT, on_quit, &m);
  g_unix_signal_add (SIGTERM, on_quit, &m);
  g_printerr (_ ("Monitoring mip6d (%s); press Ctrl-C to stop.\n"), ctl->role);
  g_main_loop_run (m.loop);
  g_dbus_connection_signal_unsubscribe (ctl->bus, subs[0]);
  g_dbus_connection_signal_unsubscribe (ctl->bus, subs[1]);
  g_main_loop_unref (m.loop);
  return MIP6CTL_EXIT_OK;
}
