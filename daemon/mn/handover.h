/* Phase timing of one handover.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MIP6_PHASE_LINK_EVENT,
  MIP6_PHASE_RA_RECEIVED,
  MIP6_PHASE_COA_USABLE,
  MIP6_PHASE_BU_SENT,
  MIP6_PHASE_BA_RECEIVED,
  MIP6_PHASE_ROUTES_SWITCHED,
  MIP6_N_PHASES,
} Mip6Phase;

typedef enum
{
  MIP6_HANDOVER_TO_FOREIGN, /* home or detached -> visited network */
  MIP6_HANDOVER_FOREIGN_TO_FOREIGN,
  MIP6_HANDOVER_TO_HOME,
} Mip6HandoverKind;

/* What HANDOVER_COMPLETED reports. Offsets are from the start of the handover
 * (the link event, or the RA when movement was noticed without one);
 * -1 for a phase that did not happen. */
typedef struct
{
  Mip6HandoverKind kind;
  gint64 started_at;               /* monotonic microseconds */
  gint64 at[MIP6_N_PHASES];        /* monotonic microseconds, -1 if absent */
  gint64 offset_ms[MIP6_N_PHASES]; /* ms since started_at, -1 if absent */
  gint64 phase_ms[MIP6_N_PHASES];  /* ms since the previous present phase */
  gint64 total_ms;                 /* ms from start to completion */
} Mip6HandoverTimings;

typedef struct
{
  gboolean active;
  gboolean kind_known;
  Mip6HandoverTimings t;
} Mip6HandoverTrack;

void mip6_handover_reset (Mip6HandoverTrack *h);
void mip6_handover_start (Mip6HandoverTrack *h, gint64 now);
void mip6_handover_set_kind (Mip6HandoverTrack *h, Mip6HandoverKind kind);
void mip6_handover_mark (Mip6HandoverTrack *h, Mip6Phase phase, gint64 now);
gboolean mip6_handover_has (const Mip6HandoverTrack *h, Mip6Phase phase);
/* Computes the durations; the handover stops being active. */
Mip6HandoverTimings mip6_handover_finish (Mip6HandoverTrack *h, gint64 now);

const char *mip6_phase_name (Mip6Phase phase);
const char *mip6_handover_kind_name (Mip6HandoverKind kind);

G_END_DECLS
