/* The handover plot rendered to an image: one stacked bar per handover,
 * one colour per phase, each segment as tall as that phase's own time
 * (the difference to the phase before), phases not reached left out. */
#include "config.h"

#include <glib.h>
#include <math.h>

#include "handover-plot.h"

#define W 600
#define H 400

static const double black[3] = { 0, 0, 0 };

typedef struct
{
  cairo_surface_t *surface;
  unsigned char *data;
  int stride;
} Image;

static void
render (Image *img, const Mip6PlotHandover *h, guint n)
{
  img->surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
  cairo_t *cr = cairo_create (img->surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  mip6_handover_plot_draw (cr, W, H, h, n, black);
  cairo_destroy (cr);
  cairo_surface_flush (img->surface);
  img->data = cairo_image_surface_get_data (img->surface);
  img->stride = cairo_image_surface_get_stride (img->surface);
}

static gboolean
is_phase (const Image *img, int x, int y, Mip6PlotPhase p)
{
  double rgb[3];
  guint32 px = *(guint32 *) (img->data + y * img->stride + x * 4);

  mip6_plot_phase_rgb (p, rgb);
  return ((px >> 16) & 0xff) == lround (rgb[0] * 255) &&
         ((px >> 8) & 0xff) == lround (rgb[1] * 255) && (px & 0xff) == lround (rgb[2] * 255);
}

/* The longest vertical run of phase p's colour in column x: a bar's
 * segment (the legend's swatches are 10 px). */
static int
run (const Image *img, int x, Mip6PlotPhase p)
{
  int best = 0, cur = 0;
  for (int y = 0; y < H; y++)
    {
      cur = is_phase (img, x, y, p) ? cur + 1 : 0;
      best = MAX (best, cur);
    }
  return best;
}

static int
bar_total (const Image *img, int x)
{
  int sum = 0;
  for (int p = 0; p < MIP6_N_PLOT_PHASES; p++)
    sum += run (img, x, p);
  return sum;
}

/* The middle column of each bar, left to right: columns where some phase
 * runs longer than a legend swatch. */
static GArray *
bar_columns (const Image *img)
{
  GArray *mids = g_array_new (FALSE, FALSE, sizeof (int));
  int start = -1;
  for (int x = 0; x <= W; x++)
    {
      gboolean in_bar = FALSE;
      for (int p = 0; x < W && p < MIP6_N_PLOT_PHASES && !in_bar; p++)
        in_bar = run (img, x, p) > 12;
      if (in_bar && start < 0)
        start = x;
      if (!in_bar && start >= 0)
        {
          int mid = (start + x - 1) / 2;
          g_array_append_val (mids, mid);
          start = -1;
        }
    }
  return mids;
}

static Mip6PlotHandover
handover (double ra, double coa, double bu, double ba, double routes)
{
  Mip6PlotHandover h = { { ra, coa, bu, ba, routes }, routes, FALSE };
  return h;
}

static void
test_segments_are_differences (void)
{
  Mip6PlotHandover h = handover (40, 90, 95, 170, 180);
  double seg[MIP6_N_PLOT_PHASES];
  mip6_plot_handover_segments (&h, seg);
  g_assert_cmpfloat_with_epsilon (seg[MIP6_PHASE_RA_RECEIVED], 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (seg[MIP6_PHASE_COA_USABLE], 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (seg[MIP6_PHASE_BU_SENT], 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (seg[MIP6_PHASE_BA_RECEIVED], 75, 1e-9);
  g_assert_cmpfloat_with_epsilon (seg[MIP6_PHASE_ROUTES_SWITCHED], 10, 1e-9);

  /* A phase not reached: the next one counts from the last reached. */
  Mip6PlotHandover gap = handover (30, -1, 50, -1, 80);
  mip6_plot_handover_segments (&gap, seg);
  g_assert_cmpfloat_with_epsilon (seg[MIP6_PHASE_COA_USABLE], 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (seg[MIP6_PHASE_BU_SENT], 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (seg[MIP6_PHASE_BA_RECEIVED], 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (seg[MIP6_PHASE_ROUTES_SWITCHED], 30, 1e-9);
}

static void
test_from_variant (void)
{
  g_autoptr (GVariant) v =
      g_variant_ref_sink (g_variant_new_parsed ("{'result': <'failed'>, 'ra_received_ms': <12.5>, "
                                                "'bu_sent_ms': <30.0>, 'total_ms': <30.0>}"));
  Mip6PlotHandover h;
  mip6_plot_handover_from_variant (v, &h);
  g_assert_true (h.failed);
  g_assert_cmpfloat_with_epsilon (h.at_ms[MIP6_PHASE_RA_RECEIVED], 12.5, 1e-9);
  g_assert_cmpfloat (h.at_ms[MIP6_PHASE_COA_USABLE], <, 0);
  g_assert_cmpfloat_with_epsilon (h.at_ms[MIP6_PHASE_BU_SENT], 30, 1e-9);
  g_assert_cmpfloat (h.at_ms[MIP6_PHASE_ROUTES_SWITCHED], <, 0);
  g_assert_cmpstr (mip6_plot_phase_key (MIP6_PHASE_BA_RECEIVED), ==, "ba_received_ms");
}

static void
test_stacked_bars (void)
{
  /* A: five equal phases of 20 ms; B: 200 ms, only RA (120) and routes. */
  Mip6PlotHandover h[2] = { handover (20, 40, 60, 80, 100), handover (120, -1, -1, -1, 200) };
  Image img;
  render (&img, h, 2);

  g_autoptr (GArray) bars = bar_columns (&img);
  g_assert_cmpuint (bars->len, ==, 2);
  int a = g_array_index (bars, int, 0), b = g_array_index (bars, int, 1);
  g_assert_cmpint (a, <, b); /* oldest first, left to right */

  /* A: every phase there, all about the same height. */
  int first = run (&img, a, MIP6_PHASE_RA_RECEIVED);
  g_assert_cmpint (first, >, 12);
  for (int p = 0; p < MIP6_N_PLOT_PHASES; p++)
    g_assert_cmpint (ABS (run (&img, a, p) - first), <=, 1);

  /* B: the phases it did not reach are not drawn; RA is 120 of 200. */
  g_assert_cmpint (run (&img, b, MIP6_PHASE_COA_USABLE), ==, 0);
  g_assert_cmpint (run (&img, b, MIP6_PHASE_BU_SENT), ==, 0);
  g_assert_cmpint (run (&img, b, MIP6_PHASE_BA_RECEIVED), ==, 0);
  double ra = run (&img, b, MIP6_PHASE_RA_RECEIVED);
  double routes = run (&img, b, MIP6_PHASE_ROUTES_SWITCHED);
  g_assert_cmpfloat (fabs (ra / routes - 120.0 / 80.0), <, 0.05);

  /* Bar height is the handover's time: B twice A. */
  g_assert_cmpfloat (fabs ((double) bar_total (&img, b) / bar_total (&img, a) - 2.0), <, 0.05);

  /* Stacked in phase order, the first phase at the bottom. */
  int y_ra = -1, y_routes = -1;
  for (int y = H - 1; y >= 0; y--)
    {
      if (y_ra < 0 && is_phase (&img, b, y, MIP6_PHASE_RA_RECEIVED))
        y_ra = y;
      if (y_routes < 0 && is_phase (&img, b, y, MIP6_PHASE_ROUTES_SWITCHED))
        y_routes = y;
    }
  g_assert_cmpint (y_ra, >, y_routes);
  cairo_surface_destroy (img.surface);
}

static void
test_no_handovers_no_bars (void)
{
  Image img;
  render (&img, NULL, 0);
  g_autoptr (GArray) bars = bar_columns (&img);
  g_assert_cmpuint (bars->len, ==, 0);
  /* The legend is still there: each phase's colour appears somewhere. */
  for (int p = 0; p < MIP6_N_PLOT_PHASES; p++)
    {
      gboolean found = FALSE;
      for (int y = 0; y < H && !found; y++)
        for (int x = 0; x < W && !found; x++)
          found = is_phase (&img, x, y, p);
      g_assert_true (found);
    }
  cairo_surface_destroy (img.surface);
}

static void
test_many_handovers_fit (void)
{
  Mip6PlotHandover h[20];
  for (int i = 0; i < 20; i++)
    h[i] = handover (10, 20, 30, 40, 50 + i);
  Image img;
  render (&img, h, 20);
  g_autoptr (GArray) bars = bar_columns (&img);
  g_assert_cmpuint (bars->len, ==, 20);
  g_assert_cmpint (g_array_index (bars, int, 19), <, W);
  cairo_surface_destroy (img.surface);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/handover-plot/segments", test_segments_are_differences);
  g_test_add_func ("/handover-plot/from-variant", test_from_variant);
  g_test_add_func ("/handover-plot/stacked-bars", test_stacked_bars);
  g_test_add_func ("/handover-plot/empty", test_no_handovers_no_bars);
  g_test_add_func ("/handover-plot/many", test_many_handovers_fit);
  return g_test_run ();
}
