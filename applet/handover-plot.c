/* handover-plot.c: the stacked bars of the details window. */
#include "config.h"

#include "handover-plot.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

static const char *const phase_keys[MIP6_N_PLOT_PHASES] = {
  "ra_received_ms", "coa_usable_ms", "bu_sent_ms", "ba_received_ms", "routes_switched_ms",
};

/* Okabe and Ito's palette: told apart also by most colour-blind eyes. */
static const double phase_rgb[MIP6_N_PLOT_PHASES][3] = {
  { 0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0 }, { 0x56 / 255.0, 0xB4 / 255.0, 0xE9 / 255.0 },
  { 0x00 / 255.0, 0x9E / 255.0, 0x73 / 255.0 }, { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 },
  { 0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0 },
};

const char *
mip6_plot_phase_key (Mip6PlotPhase phase)
{
  return phase_keys[phase];
}

const char *
mip6_plot_phase_label (Mip6PlotPhase phase)
{
  switch (phase)
    {
    case MIP6_PHASE_RA_RECEIVED:
      return _ ("Router Advertisement");
    case MIP6_PHASE_COA_USABLE:
      return _ ("Care-of address usable");
    case MIP6_PHASE_BU_SENT:
      return _ ("Binding Update sent");
    case MIP6_PHASE_BA_RECEIVED:
      return _ ("Binding Acknowledgement");
    case MIP6_PHASE_ROUTES_SWITCHED:
    default:
      return _ ("Routes switched");
    }
}

void
mip6_plot_phase_rgb (Mip6PlotPhase phase, double rgb[3])
{
  for (int i = 0; i < 3; i++)
    rgb[i] = phase_rgb[phase][i];
}

void
mip6_plot_handover_from_variant (GVariant *handover, Mip6PlotHandover *out)
{
  const char *result = NULL;

  for (int p = 0; p < MIP6_N_PLOT_PHASES; p++)
    if (!g_variant_lookup (handover, phase_keys[p], "d", &out->at_ms[p]))
      out->at_ms[p] = -1;
  if (!g_variant_lookup (handover, "total_ms", "d", &out->total_ms))
    out->total_ms = -1;
  out->failed =
      g_variant_lookup (handover, "result", "&s", &result) && g_str_equal (result, "failed");
}

void
mip6_plot_handover_segments (const Mip6PlotHandover *h, double segment_ms[MIP6_N_PLOT_PHASES])
{
  double before = 0;

  for (int p = 0; p < MIP6_N_PLOT_PHASES; p++)
    {
      if (h->at_ms[p] < 0)
        {
          segment_ms[p] = 0;
          continue;
        }
      segment_ms[p] = MAX (0, h->at_ms[p] - before);
      before = MAX (before, h->at_ms[p]);
    }
}

static double
bar_height_ms (const Mip6PlotHandover *h)
{
  double seg[MIP6_N_PLOT_PHASES], sum = 0;

  mip6_plot_handover_segments (h, seg);
  for (int p = 0; p < MIP6_N_PLOT_PHASES; p++)
    sum += seg[p];
  return sum;
}

/* 1, 2 or 5 times a power of ten, at least v: an axis a person reads. */
static double
nice_ceiling (double v)
{
  if (v <= 0)
    return 1;
  static const double steps[] = { 1, 2, 5 };
  double power = pow (10, floor (log10 (v)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * power >= v)
      return steps[i] * power;
  return 10 * power;
}

static void
text_at (cairo_t *cr, PangoLayout *layout, const char *text, double x, double y, double align)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
}

void
mip6_handover_plot_draw (cairo_t *cr, int width, int height, const Mip6PlotHandover *h, guint n,
                         const double fg_rgb[3])
{
  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 8");
  const double left = 52, right = 8, top = 10;
  int legend_w, legend_h;

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, "Ag", -1);
  pango_layout_get_pixel_size (layout, &legend_w, &legend_h);

  /* The legend at the bottom: a swatch and a name per phase, in as many
   * rows as the width needs. */
  const double legend_row = legend_h + 6;
  double entry_w[MIP6_N_PLOT_PHASES];
  guint rows = 1;
  double x = left;
  for (int p = 0; p < MIP6_N_PLOT_PHASES; p++)
    {
      int w, lh;
      pango_layout_set_text (layout, mip6_plot_phase_label (p), -1);
      pango_layout_get_pixel_size (layout, &w, &lh);
      entry_w[p] = 14 + w + 12;
      if (x > left && x + entry_w[p] > width - right)
        {
          rows++;
          x = left;
        }
      x += entry_w[p];
    }
  const double bottom = rows * legend_row + 8;
  guint row = 0;
  x = left;
  for (int p = 0; p < MIP6_N_PLOT_PHASES; p++)
    {
      if (x > left && x + entry_w[p] > width - right)
        {
          row++;
          x = left;
        }
      double ly = height - bottom + 8 + legend_row * row + legend_row / 2.0;
      cairo_set_source_rgb (cr, phase_rgb[p][0], phase_rgb[p][1], phase_rgb[p][2]);
      cairo_rectangle (cr, x, floor (ly) - 5, 10, 10);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, fg_rgb[0], fg_rgb[1], fg_rgb[2]);
      text_at (cr, layout, mip6_plot_phase_label (p), x + 14, ly, 0);
      x += entry_w[p];
    }

  const double plot_h = height - top - bottom;
  const double plot_w = width - left - right;
  if (plot_h <= 10 || plot_w <= 10)
    return;

  double max_ms = 0;
  for (guint i = 0; i < n; i++)
    max_ms = MAX (max_ms, bar_height_ms (&h[i]));
  const double scale_ms = nice_ceiling (max_ms);

  /* The axis: 0, a half and the top, in milliseconds. */
  cairo_set_source_rgb (cr, fg_rgb[0], fg_rgb[1], fg_rgb[2]);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, left - 0.5, top);
  cairo_line_to (cr, left - 0.5, top + plot_h + 0.5);
  cairo_line_to (cr, left + plot_w, top + plot_h + 0.5);
  cairo_stroke (cr);
  for (int t = 0; t <= 2; t++)
    {
      double v = scale_ms * t / 2;
      double y = top + plot_h - plot_h * t / 2;
      g_autofree char *label = g_strdup_printf (_ ("%g ms"), v);
      cairo_move_to (cr, left - 4, floor (y) + 0.5);
      cairo_line_to (cr, left, floor (y) + 0.5);
      cairo_stroke (cr);
      text_at (cr, layout, label, left - 6, y, 1);
    }

  if (n == 0)
    {
      text_at (cr, layout, _ ("No handovers yet"), left + plot_w / 2, top + plot_h / 2, 0.5);
      return;
    }

  const double slot = plot_w / n;
  const double bar_w = MIN (40, MAX (2, floor (slot * 0.7)));
  for (guint i = 0; i < n; i++)
    {
      double seg[MIP6_N_PLOT_PHASES];
      double bx = floor (left + slot * i + (slot - bar_w) / 2);
      double y = top + plot_h;

      mip6_plot_handover_segments (&h[i], seg);
      for (int p = 0; p < MIP6_N_PLOT_PHASES; p++)
        {
          double sh = plot_h * seg[p] / scale_ms;
          if (sh <= 0)
            continue;
          cairo_set_source_rgb (cr, phase_rgb[p][0], phase_rgb[p][1], phase_rgb[p][2]);
          cairo_rectangle (cr, bx, y - sh, bar_w, sh);
          cairo_fill (cr);
          y -= sh;
        }
      if (h[i].failed)
        {
          /* A failed move: a cross over the bar's top, not a colour only. */
          double cx = bx + bar_w / 2, cy = MAX (top + 4, y - 6);
          cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
          cairo_set_line_width (cr, 2);
          cairo_move_to (cr, cx - 4, cy - 4);
          cairo_line_to (cr, cx + 4, cy + 4);
          cairo_move_to (cr, cx + 4, cy - 4);
          cairo_line_to (cr, cx - 4, cy + 4);
          cairo_stroke (cr);
        }
    }
}
