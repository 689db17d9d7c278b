/* handover-plot.h: handover time over recent moves, one stacked bar per
 * handover, one colour per phase, so a person sees where the time goes.
 * Pure cairo: a test renders it to an image surface. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* The phases mip6d times, in the order they happen, each measured from
 * the link event (LastHandover's *_ms keys). */
typedef enum
{
  MIP6_PHASE_RA_RECEIVED,
  MIP6_PHASE_COA_USABLE,
  MIP6_PHASE_BU_SENT,
  MIP6_PHASE_BA_RECEIVED,
  MIP6_PHASE_ROUTES_SWITCHED,
  MIP6_N_PLOT_PHASES
} Mip6PlotPhase;

typedef struct
{
  double at_ms[MIP6_N_PLOT_PHASES]; /* from the link event; < 0: not reached */
  double total_ms;                  /* < 0: unknown */
  gboolean failed;
} Mip6PlotHandover;

/* LastHandover's dictionary (or a Handover* signal's) as plot input. */
void mip6_plot_handover_from_variant (GVariant *handover, Mip6PlotHandover *out);

/* The bar's segments: each phase's time after the phase before it that
 * was reached (0 for a phase not reached). */
void mip6_plot_handover_segments (const Mip6PlotHandover *h, double segment_ms[MIP6_N_PLOT_PHASES]);

/* The dictionary key, legend text and colour of a phase. */
const char *mip6_plot_phase_key (Mip6PlotPhase phase);
const char *mip6_plot_phase_label (Mip6PlotPhase phase);
void mip6_plot_phase_rgb (Mip6PlotPhase phase, double rgb[3]);

/* Draws n handovers (oldest first) into width x height, with a ms axis
 * and a legend; text in fg_rgb. */
void mip6_handover_plot_draw (cairo_t *cr, int width, int height, const Mip6PlotHandover *h,
                              guint n, const double fg_rgb[3]);

G_END_DECLS
