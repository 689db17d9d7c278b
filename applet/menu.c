/* menu.c: the tray menu. Its binding line counts down once a second while
 * the menu is on screen. A StatusNotifierItem host shows the menu through
 * dbusmenu and GTK never maps it, so while a binding exists the line is
 * also brought up to date every SLOW_TICK_S; with no binding no timer
 * runs. */
#include "config.h"

#include "menu.h"

#include <glib/gi18n.h>

struct _Mip6Menu
{
  Mip6DaemonClient *client;
  GtkMenu *menu;
  GtkWidget *state_item;
  GtkWidget *home_item;
  GtkWidget *coa_item;
  GtkWidget *ha_item;
  GtkWidget *network_item;
  GtkWidget *expires_item;
  GtkWidget *reregister_item;
  GtkWidget *roam_item;
  GtkMenu *roam_menu;
  guint tick_source;
  guint slow_tick_source;
};

/* How stale the binding line may get where the menu is never mapped. */
#define SLOW_TICK_S 10

static void
set_label (GtkWidget *item, const char *text)
{
  if (g_strcmp0 (gtk_menu_item_get_label (GTK_MENU_ITEM (item)), text) != 0)
    gtk_menu_item_set_label (GTK_MENU_ITEM (item), text);
}

void
mip6_show_error (const char *primary, const char *sentence)
{
  GtkWidget *dialog =
      gtk_message_dialog_new (NULL, 0, GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", sentence);
  gtk_window_set_title (GTK_WINDOW (dialog), _ ("Mobile IPv6"));
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_widget_show (dialog);
}

static void
update_expiry (Mip6Menu *self)
{
  const Mip6DaemonModel *m = mip6_daemon_client_get_model (self->client);
  g_autofree char *text = mip6_applet_expiry_words (m->binding_expires_us, g_get_real_time ());
  set_label (self->expires_item, text);
}

static gboolean
tick (gpointer user_data)
{
  update_expiry (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_menu_show (GtkWidget *widget, Mip6Menu *self)
{
  update_expiry (self);
  if (self->tick_source == 0)
    self->tick_source = g_timeout_add_seconds (1, tick, self);
}

static void
on_menu_hide (GtkWidget *widget, Mip6Menu *self)
{
  g_clear_handle_id (&self->tick_source, g_source_remove);
}

static void
reregister_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!mip6_daemon_client_reregister_finish (MIP6_DAEMON_CLIENT (source), res, &error))
    {
      g_autofree char *sentence = mip6_daemon_client_error_sentence (error);
      mip6_show_error (_ ("Could not re-register with the home agent"), sentence);
    }
}

static void
on_reregister (GtkMenuItem *item, Mip6Menu *self)
{
  mip6_daemon_client_reregister (self->client, NULL, reregister_done, NULL);
}

static void
roam_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autofree char *name = user_data;
  g_autoptr (GError) error = NULL;

  if (!mip6_daemon_client_roam_finish (MIP6_DAEMON_CLIENT (source), res, &error))
    {
      g_autofree char *sentence = mip6_daemon_client_error_sentence (error);
      g_autofree char *primary = g_strdup_printf (_ ("Could not move to %s"), name);
      mip6_show_error (primary, sentence);
    }
}

static void
on_roam (GtkMenuItem *item, Mip6Menu *self)
{
  const char *name = g_object_get_data (G_OBJECT (item), "mip6-network");
  mip6_daemon_client_roam (self->client, name, NULL, roam_done, g_strdup (name));
}

static GtkWidget *
append (GtkMenu *menu, const char *label, gboolean sensitive)
{
  GtkWidget *item = gtk_menu_item_new_with_label (label);
  gtk_widget_set_sensitive (item, sensitive);
  gtk_menu_shell_append (GTK_MENU_SHELL (menu), item);
  gtk_widget_show (item);
  return item;
}

static void
append_separator (GtkMenu *menu)
{
  GtkWidget *item = gtk_separator_menu_item_new ();
  gtk_menu_shell_append (GTK_MENU_SHELL (menu), item);
  gtk_widget_show (item);
}

Mip6Menu *
mip6_menu_new (Mip6DaemonClient *client, GCallback on_details, GCallback on_quit,
               gpointer user_data)
{
  Mip6Menu *self = g_new0 (Mip6Menu, 1);
  GtkMenu *menu = GTK_MENU (gtk_menu_new ());

  self->client = g_object_ref (client);
  self->menu = g_object_ref_sink (menu);
  /* Lines that tell rather than do are not clickable. */
  self->state_item = append (menu, _ ("mip6d is not running"), FALSE);
  append_separator (menu);
  self->home_item = append (menu, "", FALSE);
  self->coa_item = append (menu, "", FALSE);
  self->ha_item = append (menu, "", FALSE);
  self->network_item = append (menu, "", FALSE);
  self->expires_item = append (menu, "", FALSE);
  append_separator (menu);
  self->reregister_item = append (menu, _ ("Re-register now"), FALSE);
  g_signal_connect (self->reregister_item, "activate", G_CALLBACK (on_reregister), self);
  self->roam_item = append (menu, _ ("Roam to"), FALSE);
  self->roam_menu = GTK_MENU (gtk_menu_new ());
  gtk_menu_item_set_submenu (GTK_MENU_ITEM (self->roam_item), GTK_WIDGET (self->roam_menu));
  GtkWidget *details = append (menu, _ ("Details…"), TRUE);
  g_signal_connect_swapped (details, "activate", on_details, user_data);
  GtkWidget *quit = append (menu, _ ("Quit"), TRUE);
  g_signal_connect_swapped (quit, "activate", on_quit, user_data);

  g_signal_connect (menu, "show", G_CALLBACK (on_menu_show), self);
  g_signal_connect (menu, "hide", G_CALLBACK (on_menu_hide), self);
  mip6_menu_update (self);
  return self;
}

void
mip6_menu_free (Mip6Menu *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_handle_id (&self->slow_tick_source, g_source_remove);
  g_signal_handlers_disconnect_by_data (self->menu, self);
  gtk_widget_destroy (GTK_WIDGET (self->menu));
  g_clear_object (&self->menu);
  g_clear_object (&self->client);
  g_free (self);
}

GtkMenu *
mip6_menu_get_widget (Mip6Menu *self)
{
  return self->menu;
}

static gboolean
dict_bool (GVariantDict *d, const char *key, gboolean *value)
{
  return g_variant_dict_lookup (d, key, "b", value);
}

/* "Roam to": the configured networks, by the name Roam takes. */
static guint
update_networks (Mip6Menu *self, gboolean can_roam)
{
  GVariant *networks = mip6_daemon_client_get_networks (self->client);
  g_autoptr (GList) children = gtk_container_get_children (GTK_CONTAINER (self->roam_menu));
  guint n = 0;

  for (GList *l = children; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  if (networks != NULL)
    {
      GVariantIter iter;
      GVariant *entry;
      g_variant_iter_init (&iter, networks);
      /* g_variant_iter_loop() unrefs each entry, also on continue. */
      while (g_variant_iter_loop (&iter, "@a{sv}", &entry))
        {
          g_auto (GVariantDict) d;
          gboolean configured = FALSE, home = FALSE, current = FALSE, visible = TRUE;
          const char *name = NULL;

          g_variant_dict_init (&d, entry);
          dict_bool (&d, "configured", &configured);
          if (!configured || !g_variant_dict_lookup (&d, "name", "&s", &name))
            continue;
          dict_bool (&d, "home", &home);
          dict_bool (&d, "current", &current);
          /* Absent means unknown (NetworkManager not running): let mip6d
           * say whether it can. */
          dict_bool (&d, "visible", &visible);

          g_autofree char *label = mip6_applet_network_label (name, home, current);
          GtkWidget *item = append (self->roam_menu, label, can_roam && !current && visible);
          g_object_set_data_full (G_OBJECT (item), "mip6-network", g_strdup (name), g_free);
          g_signal_connect (item, "activate", G_CALLBACK (on_roam), self);
          n++;
        }
    }
  if (n == 0)
    append (self->roam_menu, _ ("No networks are configured"), FALSE);
  return n;
}

void
mip6_menu_update (Mip6Menu *self)
{
  const Mip6DaemonModel *m = mip6_daemon_client_get_model (self->client);
  g_autofree char *reason = NULL;
  g_autofree char *words = NULL;
  g_autofree char *home = NULL, *coa = NULL, *ha = NULL, *network = NULL;

  if (m->state == MIP6_APPLET_UNREGISTERED)
    reason = mip6_applet_reason_sentence (m->reason_token, m->reason_status, m->reason_sentence);
  words = mip6_applet_state_words (m->state, reason);
  set_label (self->state_item, words);

  home = g_strdup_printf (_ ("Home address: %s"), mip6_applet_value_or_none (m->home_address));
  coa = g_strdup_printf (_ ("Care-of address: %s"), mip6_applet_value_or_none (m->care_of_address));
  ha = g_strdup_printf (_ ("Home agent: %s"), mip6_applet_value_or_none (m->home_agent));
  network = g_strdup_printf (_ ("Network: %s"),
                             mip6_applet_value_or_none (m->network[0] ? m->network : m->interface));
  set_label (self->home_item, home);
  set_label (self->coa_item, coa);
  set_label (self->ha_item, ha);
  set_label (self->network_item, network);
  update_expiry (self);
  if (m->running && m->binding_expires_us != 0)
    {
      if (self->slow_tick_source == 0)
        self->slow_tick_source = g_timeout_add_seconds (SLOW_TICK_S, tick, self);
    }
  else
    g_clear_handle_id (&self->slow_tick_source, g_source_remove);

  /* Without mip6d there is nothing to tell about a binding. */
  GtkWidget *info[] = { self->home_item, self->coa_item, self->ha_item, self->network_item,
                        self->expires_item };
  for (guint i = 0; i < G_N_ELEMENTS (info); i++)
    gtk_widget_set_visible (info[i], m->running);

  gtk_widget_set_sensitive (self->reregister_item, m->running && m->can_reregister);
  guint n = update_networks (self, m->running && m->can_roam);
  gtk_widget_set_sensitive (self->roam_item, m->running && m->can_roam && n > 0);
}
