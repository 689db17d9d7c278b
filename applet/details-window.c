/* details-window.c: the window behind "Details…" and the desktop entry. */
#include "config.h"

#include "details-window.h"

#include <glib/gi18n.h>

#include "applet-state.h"
#include "handover-plot.h"

#define STATISTICS_INTERVAL_S 2

enum
{
  BINDING_STATE,
  BINDING_HOME,
  BINDING_COA,
  BINDING_HA,
  BINDING_NETWORK,
  BINDING_INTERFACE,
  BINDING_DATAPATH,
  BINDING_EXPIRES,
  BINDING_SEQUENCE,
  N_BINDING
};

enum
{
  HCOL_STARTED,
  HCOL_MOVE,
  HCOL_RESULT,
  HCOL_TOTAL,
  HCOL_PHASE0, /* one column per phase follows */
  N_HCOLS = HCOL_PHASE0 + MIP6_N_PLOT_PHASES
};

typedef struct
{
  Mip6DaemonClient *client;
  GPtrArray *history; /* borrowed from the applet */
  GtkLabel *binding[N_BINDING];
  GtkWidget *plot;
  GtkListStore *handovers;
  GtkListStore *statistics;
  GtkLabel *statistics_note;
  GCancellable *cancellable;
  guint tick_source;
  guint statistics_source;
} Details;

static void
details_free (gpointer data)
{
  Details *d = data;

  g_cancellable_cancel (d->cancellable);
  g_clear_object (&d->cancellable);
  g_clear_handle_id (&d->tick_source, g_source_remove);
  g_clear_handle_id (&d->statistics_source, g_source_remove);
  g_signal_handlers_disconnect_by_data (d->client, d);
  g_clear_object (&d->client);
  g_clear_object (&d->handovers);
  g_clear_object (&d->statistics);
  g_free (d);
}

static Details *
details_of (GtkWidget *window)
{
  return g_object_get_data (G_OBJECT (window), "mip6-details");
}

static void
set_text (GtkLabel *label, const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static void
update_expiry (Details *d)
{
  const Mip6DaemonModel *m = mip6_daemon_client_get_model (d->client);
  g_autofree char *text = mip6_applet_expiry_words (m->binding_expires_us, g_get_real_time ());
  set_text (d->binding[BINDING_EXPIRES], text);
}

static void
update_binding (Details *d)
{
  const Mip6DaemonModel *m = mip6_daemon_client_get_model (d->client);
  g_autofree char *reason = NULL;
  g_autofree char *words = NULL;
  g_autofree char *seq = g_strdup_printf ("%u", m->sequence);

  if (m->state == MIP6_APPLET_UNREGISTERED)
    reason = mip6_applet_reason_sentence (m->reason_token, m->reason_status, m->reason_sentence);
  words = mip6_applet_state_words (m->state, reason);
  set_text (d->binding[BINDING_STATE], words);
  set_text (d->binding[BINDING_HOME], mip6_applet_value_or_none (m->home_address));
  set_text (d->binding[BINDING_COA], mip6_applet_value_or_none (m->care_of_address));
  set_text (d->binding[BINDING_HA], mip6_applet_value_or_none (m->home_agent));
  set_text (d->binding[BINDING_NETWORK], mip6_applet_value_or_none (m->network));
  set_text (d->binding[BINDING_INTERFACE], mip6_applet_value_or_none (m->interface));
  set_text (d->binding[BINDING_DATAPATH], mip6_applet_value_or_none (m->datapath));
  set_text (d->binding[BINDING_SEQUENCE], m->running ? seq : mip6_applet_value_or_none (NULL));
  update_expiry (d);
}

static gboolean
tick (gpointer user_data)
{
  update_expiry (user_data);
  return G_SOURCE_CONTINUE;
}

static char *
ms_text (double ms)
{
  if (ms < 0)
    return g_strdup ("—");
  return g_strdup_printf (_ ("%.0f ms"), ms);
}

static void
update_handovers (Details *d)
{
  gtk_list_store_clear (d->handovers);
  /* Newest first: the move a person just made is the one asked about. */
  for (guint i = d->history->len; i-- > 0;)
    {
      GVariant *h = g_ptr_array_index (d->history, i);
      Mip6PlotHandover p;
      const char *from = "", *to = "", *result = "";
      guint64 started = 0;
      GtkTreeIter iter;

      mip6_plot_handover_from_variant (h, &p);
      g_variant_lookup (h, "from_network", "&s", &from);
      g_variant_lookup (h, "to_network", "&s", &to);
      if (from[0] == '\0')
        g_variant_lookup (h, "from_interface", "&s", &from);
      if (to[0] == '\0')
        g_variant_lookup (h, "to_interface", "&s", &to);
      g_variant_lookup (h, "result", "&s", &result);
      g_variant_lookup (h, "started", "t", &started);

      g_autoptr (GDateTime) when =
          started ? g_date_time_new_from_unix_local ((gint64) (started / G_USEC_PER_SEC)) : NULL;
      g_autofree char *when_text = when ? g_date_time_format (when, "%X") : g_strdup ("—");
      /* TRANSLATORS: a move from one network to another */
      g_autofree char *move = g_strdup_printf (_ ("%s → %s"), mip6_applet_value_or_none (from),
                                               mip6_applet_value_or_none (to));
      g_autofree char *total = ms_text (p.total_ms);
      const char *result_text = g_str_equal (result, "failed") ? _ ("failed") : _ ("completed");

      gtk_list_store_append (d->handovers, &iter);
      gtk_list_store_set (d->handovers, &iter, HCOL_STARTED, when_text, HCOL_MOVE, move,
                          HCOL_RESULT, result_text, HCOL_TOTAL, total, -1);
      for (int ph = 0; ph < MIP6_N_PLOT_PHASES; ph++)
        {
          g_autofree char *t = ms_text (p.at_ms[ph]);
          gtk_list_store_set (d->handovers, &iter, HCOL_PHASE0 + ph, t, -1);
        }
    }
  gtk_widget_queue_draw (d->plot);
}

static gboolean
draw_plot (GtkWidget *widget, cairo_t *cr, Details *d)
{
  g_autofree Mip6PlotHandover *bars = g_new0 (Mip6PlotHandover, MAX (d->history->len, 1));
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA fg;
  double fg_rgb[3];

  gtk_style_context_get_color (style, gtk_style_context_get_state (style), &fg);
  fg_rgb[0] = fg.red;
  fg_rgb[1] = fg.green;
  fg_rgb[2] = fg.blue;
  for (guint i = 0; i < d->history->len; i++)
    mip6_plot_handover_from_variant (g_ptr_array_index (d->history, i), &bars[i]);
  mip6_handover_plot_draw (cr, gtk_widget_get_allocated_width (widget),
                           gtk_widget_get_allocated_height (widget), bars, d->history->len, fg_rgb);
  return FALSE;
}

static void
statistics_ready (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) stats =
      mip6_daemon_client_get_statistics_finish (MIP6_DAEMON_CLIENT (source), res, &error);
  if (stats == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  Details *d = user_data;
  gtk_list_store_clear (d->statistics);
  if (stats == NULL)
    {
      g_autofree char *sentence = mip6_daemon_client_error_sentence (error);
      set_text (d->statistics_note, sentence);
      gtk_widget_show (GTK_WIDGET (d->statistics_note));
      return;
    }
  gtk_widget_hide (GTK_WIDGET (d->statistics_note));

  GVariantIter iter;
  const char *key;
  guint64 value;
  g_variant_iter_init (&iter, stats);
  while (g_variant_iter_next (&iter, "{&st}", &key, &value))
    {
      GtkTreeIter row;
      g_autofree char *v = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
      gtk_list_store_append (d->statistics, &row);
      gtk_list_store_set (d->statistics, &row, 0, key, 1, v, -1);
    }
}

static gboolean
statistics_fetch (gpointer user_data)
{
  Details *d = user_data;
  const Mip6DaemonModel *m = mip6_daemon_client_get_model (d->client);

  if (!m->running)
    {
      gtk_list_store_clear (d->statistics);
      set_text (d->statistics_note, _ ("mip6d is not running."));
      gtk_widget_show (GTK_WIDGET (d->statistics_note));
      return G_SOURCE_CONTINUE;
    }
  mip6_daemon_client_get_statistics (d->client, d->cancellable, statistics_ready, d);
  return G_SOURCE_CONTINUE;
}

static void
on_changed (Mip6DaemonClient *client, Details *d)
{
  update_binding (d);
}

static GtkWidget *
section (const char *title, GtkWidget *child)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (NULL);
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", title);

  gtk_label_set_markup (GTK_LABEL (heading), markup);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_container_add (GTK_CONTAINER (box), heading);
  gtk_container_add (GTK_CONTAINER (box), child);
  return box;
}

static GtkWidget *
binding_grid (Details *d)
{
  const char *names[N_BINDING] = {
    [BINDING_STATE] = _ ("State"),
    [BINDING_HOME] = _ ("Home address"),
    [BINDING_COA] = _ ("Care-of address"),
    [BINDING_HA] = _ ("Home agent"),
    [BINDING_NETWORK] = _ ("Network"),
    [BINDING_INTERFACE] = _ ("Interface"),
    [BINDING_DATAPATH] = _ ("Data path"),
    [BINDING_EXPIRES] = _ ("Binding"),
    [BINDING_SEQUENCE] = _ ("Sequence number"),
  };
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  for (int i = 0; i < N_BINDING; i++)
    {
      GtkWidget *name = gtk_label_new (names[i]);
      GtkWidget *value = gtk_label_new ("");
      gtk_label_set_xalign (GTK_LABEL (name), 1);
      gtk_style_context_add_class (gtk_widget_get_style_context (name), "dim-label");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_label_set_line_wrap (GTK_LABEL (value), TRUE);
      gtk_label_set_mnemonic_widget (GTK_LABEL (name), value);
      atk_object_set_name (gtk_widget_get_accessible (value), names[i]);
      gtk_grid_attach (GTK_GRID (grid), name, 0, i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), value, 1, i, 1, 1);
      d->binding[i] = GTK_LABEL (value);
    }
  return grid;
}

static GtkWidget *
text_column_view (GtkListStore *store, const char *const *titles, int n, const char *name)
{
  GtkWidget *view = gtk_tree_view_new_with_model (GTK_TREE_MODEL (store));

  for (int i = 0; i < n; i++)
    {
      GtkCellRenderer *cell = gtk_cell_renderer_text_new ();
      GtkTreeViewColumn *col =
          gtk_tree_view_column_new_with_attributes (titles[i], cell, "text", i, NULL);
      gtk_tree_view_column_set_resizable (col, TRUE);
      gtk_tree_view_append_column (GTK_TREE_VIEW (view), col);
    }
  atk_object_set_name (gtk_widget_get_accessible (view), name);
  GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 120);
  gtk_container_add (GTK_CONTAINER (scrolled), view);
  return scrolled;
}

GtkWidget *
mip6_details_window_new (GtkApplication *app, Mip6DaemonClient *client, GPtrArray *history)
{
  Details *d = g_new0 (Details, 1);
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

  d->client = g_object_ref (client);
  d->history = history;
  d->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (window), "mip6-details", d, details_free);

  gtk_window_set_title (GTK_WINDOW (window), _ ("Mobile IPv6 details"));
  gtk_window_set_icon_name (GTK_WINDOW (window), "mip6-away");
  /* Fits a 1024x768 screen under a panel; the content scrolls. */
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 600);
  gtk_container_set_border_width (GTK_CONTAINER (box), 18);

  gtk_container_add (GTK_CONTAINER (box), section (_ ("Binding"), binding_grid (d)));

  d->plot = gtk_drawing_area_new ();
  gtk_widget_set_size_request (d->plot, 480, 220);
  atk_object_set_name (gtk_widget_get_accessible (d->plot), _ ("Handover times"));
  g_signal_connect (d->plot, "draw", G_CALLBACK (draw_plot), d);
  gtk_container_add (GTK_CONTAINER (box), section (_ ("Handover times"), d->plot));

  const char *htitles[N_HCOLS] = {
    [HCOL_STARTED] = _ ("Started"),
    [HCOL_MOVE] = _ ("Move"),
    [HCOL_RESULT] = _ ("Result"),
    [HCOL_TOTAL] = _ ("Total"),
  };
  for (int ph = 0; ph < MIP6_N_PLOT_PHASES; ph++)
    htitles[HCOL_PHASE0 + ph] = mip6_plot_phase_label (ph);
  GType types[N_HCOLS];
  for (int i = 0; i < N_HCOLS; i++)
    types[i] = G_TYPE_STRING;
  d->handovers = gtk_list_store_newv (N_HCOLS, types);
  GtkWidget *handovers = text_column_view (d->handovers, htitles, N_HCOLS, _ ("Last handovers"));
  gtk_widget_set_vexpand (handovers, TRUE);
  GtkWidget *hsection = section (_ ("Last handovers"), handovers);
  gtk_widget_set_vexpand (hsection, TRUE);
  gtk_container_add (GTK_CONTAINER (box), hsection);

  const char *stitles[] = { _ ("Counter"), _ ("Value") };
  d->statistics = gtk_list_store_new (2, G_TYPE_STRING, G_TYPE_STRING);
  GtkWidget *stats_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  d->statistics_note = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (d->statistics_note, 0);
  gtk_container_add (GTK_CONTAINER (stats_box), GTK_WIDGET (d->statistics_note));
  gtk_container_add (GTK_CONTAINER (stats_box),
                     text_column_view (d->statistics, stitles, 2, _ ("Statistics")));
  gtk_container_add (GTK_CONTAINER (box), section (_ ("Statistics"), stats_box));

  GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);
  gtk_container_add (GTK_CONTAINER (scrolled), box);
  gtk_container_add (GTK_CONTAINER (window), scrolled);
  gtk_widget_show_all (window);
  /* GTK would focus the first selectable value and draw a caret in it. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  gtk_widget_hide (GTK_WIDGET (d->statistics_note));

  g_signal_connect (client, "changed", G_CALLBACK (on_changed), d);
  update_binding (d);
  update_handovers (d);
  /* Both timers exist only while the window does. */
  d->tick_source = g_timeout_add_seconds (1, tick, d);
  statistics_fetch (d);
  d->statistics_source = g_timeout_add_seconds (STATISTICS_INTERVAL_S, statistics_fetch, d);
  return window;
}

void
mip6_details_window_history_changed (GtkWidget *window)
{
  update_handovers (details_of (window));
}
