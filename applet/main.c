/* main.c: mip6-applet: the tray icon, its menu, notifications and the
 * details window, all fed by one model of mip6d. */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>

#include "applet-state.h"
#include "daemon-client.h"
#include "details-window.h"
#include "indicator.h"
#include "menu.h"
#include "notifier.h"

/* Enough moves for the plot to show a trend, few enough to read. */
#define HISTORY_MAX 20

typedef struct
{
  GtkApplication *app;
  Mip6DaemonClient *client;
  Mip6Menu *menu;
  Mip6Indicator *indicator;
  Mip6Notifier *notifier;
  GtkWidget *details;
  GPtrArray *history;
  Mip6AppletState shown_state;
  gboolean started;
  GVariant *pending_completed; /* decided once the properties are in */
  guint completed_source;
  guint detached_source; /* "No network" once the link has stayed away */
} Applet;

/* A move between networks passes through "detached" for a moment (the old
 * link goes before the new one is up); only a link that stays away this
 * long is worth a notification of its own. */
#define DETACHED_NOTIFY_DELAY_S 3

static void
history_add (Applet *a, GVariant *handover)
{
  if (a->history->len > 0)
    {
      /* LastHandover at start-up and the signal may be the same move. */
      GVariant *last = g_ptr_array_index (a->history, a->history->len - 1);
      if (g_variant_equal (last, handover))
        return;
    }
  if (a->history->len == HISTORY_MAX)
    g_ptr_array_remove_index (a->history, 0);
  g_ptr_array_add (a->history, g_variant_ref (handover));
  if (a->details != NULL)
    mip6_details_window_history_changed (a->details);
}

static const char *
dict_string (GVariant *dict, const char *key)
{
  const char *s = NULL;
  if (!g_variant_lookup (dict, key, "&s", &s))
    return "";
  return s;
}

static gboolean
detached_notify (gpointer user_data)
{
  Applet *a = user_data;

  a->detached_source = 0;
  mip6_notifier_post (a->notifier, _ ("No network"),
                      _ ("The link went away; mip6 registers again once there is a network."),
                      "mip6-detached", "network.disconnected");
  return G_SOURCE_REMOVE;
}

static void
on_changed (Mip6DaemonClient *client, Applet *a)
{
  const Mip6DaemonModel *m = mip6_daemon_client_get_model (client);
  g_autofree char *tooltip =
      mip6_applet_tooltip (m->state, m->network, m->interface, m->care_of_address);

  mip6_indicator_update (a->indicator, m->state, tooltip);
  mip6_menu_update (a->menu);
  if (m->last_handover != NULL)
    history_add (a, m->last_handover);

  if (m->state == MIP6_APPLET_DETACHED && a->shown_state != MIP6_APPLET_DETACHED &&
      a->shown_state != MIP6_APPLET_OFFLINE && a->detached_source == 0)
    a->detached_source = g_timeout_add_seconds (DETACHED_NOTIFY_DELAY_S, detached_notify, a);
  else if (m->state != MIP6_APPLET_DETACHED)
    g_clear_handle_id (&a->detached_source, g_source_remove);
  a->shown_state = m->state;
}

static gboolean
completed_decide (gpointer user_data)
{
  Applet *a = user_data;
  g_autoptr (GVariant) h = g_steal_pointer (&a->pending_completed);
  const Mip6DaemonModel *m = mip6_daemon_client_get_model (a->client);
  const char *network = dict_string (h, "to_network");
  double total_ms = 0;
  g_autofree char *body = NULL;

  a->completed_source = 0;
  if (network[0] == '\0')
    network = dict_string (h, "to_interface");
  if (m->state == MIP6_APPLET_HOME)
    {
      body = g_strdup_printf (_ ("On %s; the home agent no longer forwards your traffic."),
                              mip6_applet_value_or_none (network));
      mip6_notifier_post (a->notifier, _ ("Back home"), body, "mip6-home", "network.connected");
      return G_SOURCE_REMOVE;
    }
  g_variant_lookup (h, "total_ms", "d", &total_ms);
  /* TRANSLATORS: network, care-of address, handover time in milliseconds */
  body = g_strdup_printf (_ ("On %s with care-of address %s in %.0f ms."),
                          mip6_applet_value_or_none (network),
                          mip6_applet_value_or_none (dict_string (h, "care_of_address")), total_ms);
  mip6_notifier_post (a->notifier, _ ("Handover completed"), body, "mip6-away",
                      "network.connected");
  return G_SOURCE_REMOVE;
}

static void
on_handover_completed (Mip6DaemonClient *client, GVariant *handover, Applet *a)
{
  history_add (a, handover);
  /* Whether this move ended at home is State's to say, and its
   * PropertiesChanged may come just after the signal. */
  g_clear_pointer (&a->pending_completed, g_variant_unref);
  a->pending_completed = g_variant_ref (handover);
  if (a->completed_source == 0)
    a->completed_source = g_idle_add (completed_decide, a);
}

static void
on_handover_failed (Mip6DaemonClient *client, GVariant *handover, const char *reason, Applet *a)
{
  const char *token = dict_string (handover, "reason_token");
  guint status = 0;
  g_variant_lookup (handover, "status", "u", &status);
  g_autofree char *sentence = mip6_applet_reason_sentence (token, status, reason);

  history_add (a, handover);
  mip6_notifier_post (a->notifier, _ ("Handover failed"),
                      sentence ? sentence : mip6_applet_value_or_none (reason),
                      "mip6-away-unregistered", "network.error");
}

static void
on_registration_failed (Mip6DaemonClient *client, const char *token, guint status,
                        const char *daemon_sentence, Applet *a)
{
  g_autofree char *sentence = mip6_applet_reason_sentence (token, status, daemon_sentence);
  const char *summary = g_str_equal (token, "ha-unreachable")
                            ? _ ("Home agent unreachable")
                            : _ ("Not registered with the home agent");

  mip6_notifier_post (a->notifier, summary, sentence ? sentence : "", "mip6-away-unregistered",
                      "network.error");
}

static void
on_networks_changed (Mip6DaemonClient *client, Applet *a)
{
  mip6_menu_update (a->menu);
}

static void
on_details_destroyed (GtkWidget *window, Applet *a)
{
  a->details = NULL;
}

static void
open_details (Applet *a)
{
  if (a->details == NULL)
    {
      a->details = mip6_details_window_new (a->app, a->client, a->history);
      g_signal_connect (a->details, "destroy", G_CALLBACK (on_details_destroyed), a);
    }
  gtk_window_present (GTK_WINDOW (a->details));
}

static void
quit (Applet *a)
{
  g_application_quit (G_APPLICATION (a->app));
}

static void
no_tray (Applet *a)
{
  g_printerr ("%s\n", _ ("mip6-applet: no system tray is running, so the icon cannot be shown; "
                         "notifications still come, and \"Mobile IPv6\" in the applications "
                         "menu opens the details."));
  mip6_notifier_post (a->notifier, _ ("No system tray"),
                      _ ("Nothing on this desktop can show mip6's icon. Open “Mobile IPv6” in "
                         "the applications menu to see the details."),
                      "mip6-offline", "network");
}

static void
startup (GApplication *app, Applet *a)
{
  const char *icon_dir = g_getenv ("MIP6_APPLET_ICON_DIR");

  if (icon_dir != NULL && icon_dir[0] != '\0')
    gtk_icon_theme_append_search_path (gtk_icon_theme_get_default (), icon_dir);
  else
    icon_dir = NULL;

  a->history = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  a->notifier = mip6_notifier_new ();
  a->client = mip6_daemon_client_new ();
  a->menu = mip6_menu_new (a->client, G_CALLBACK (open_details), G_CALLBACK (quit), a);
  a->indicator = mip6_indicator_new (mip6_menu_get_widget (a->menu), icon_dir);
  a->shown_state = MIP6_APPLET_OFFLINE;
  g_signal_connect (a->client, "changed", G_CALLBACK (on_changed), a);
  g_signal_connect (a->client, "networks-changed", G_CALLBACK (on_networks_changed), a);
  g_signal_connect (a->client, "handover-completed", G_CALLBACK (on_handover_completed), a);
  g_signal_connect (a->client, "handover-failed", G_CALLBACK (on_handover_failed), a);
  g_signal_connect (a->client, "registration-failed", G_CALLBACK (on_registration_failed), a);
  on_changed (a->client, a);
  mip6_indicator_check_tray (a->indicator, G_CALLBACK (no_tray), a);
}

static void
shutdown (GApplication *app, Applet *a)
{
  g_clear_handle_id (&a->completed_source, g_source_remove);
  g_clear_handle_id (&a->detached_source, g_source_remove);
  g_clear_pointer (&a->pending_completed, g_variant_unref);
  if (a->details != NULL)
    gtk_widget_destroy (a->details);
  g_clear_pointer (&a->indicator, mip6_indicator_free);
  g_clear_pointer (&a->menu, mip6_menu_free);
  if (a->client != NULL)
    g_signal_handlers_disconnect_by_data (a->client, a);
  g_clear_object (&a->client);
  g_clear_pointer (&a->notifier, mip6_notifier_free);
  g_clear_pointer (&a->history, g_ptr_array_unref);
}

static int
command_line (GApplication *app, GApplicationCommandLine *cmdline, Applet *a)
{
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);

  /* The applet lives without a window; the first instance stays. */
  if (!a->started)
    {
      g_application_hold (app);
      a->started = TRUE;
    }
  if (g_variant_dict_contains (options, "details"))
    open_details (a);
  return 0;
}

static int
local_options (GApplication *app, GVariantDict *options, Applet *a)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("mip6-applet %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

int
main (int argc, char **argv)
{
  Applet a = { 0 };
  GApplicationFlags flags = G_APPLICATION_HANDLES_COMMAND_LINE;
  const GOptionEntry entries[] = {
    { "details", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Open the details window"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Print the version and exit"), NULL },
    { NULL },
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* One applet per session, and "mip6-applet --details" from the
   * applications menu opens the running one's window. Uniqueness needs a
   * session bus; without one the applet still runs, alone. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    flags |= G_APPLICATION_NON_UNIQUE;

  a.app = gtk_application_new ("org.mip6.Applet", flags);
  g_application_add_main_option_entries (G_APPLICATION (a.app), entries);
  g_application_set_option_context_summary (
      G_APPLICATION (a.app), _ ("Shows where the mobile node stands: at home or away, on which "
                                "network, with which care-of address."));
  g_signal_connect (a.app, "startup", G_CALLBACK (startup), &a);
  g_signal_connect (a.app, "shutdown", G_CALLBACK (shutdown), &a);
  g_signal_connect (a.app, "command-line", G_CALLBACK (command_line), &a);
  g_signal_connect (a.app, "handle-local-options", G_CALLBACK (local_options), &a);
  int status = g_application_run (G_APPLICATION (a.app), argc, argv);
  g_object_unref (a.app);
  return status;
}
