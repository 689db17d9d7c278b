/* Phase timing of one handover: timestamps come from the injected clock.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "mn/handover.h"

#include <string.h>

void
mip6_handover_reset (Mip6HandoverTrack *h)
{
  memset (h, 0, sizeof *h);
  for (guint i = 0; i < MIP6_N_PHASES; i++)
    {
      h->t.at[i] = -1;
      h->t.offset_ms[i] = -1;
      h->t.phase_ms[i] = -1;
    }
  h->t.total_ms = -1;
}

void
mip6_handover_start (Mip6HandoverTrack *h, gint64 now)
{
  mip6_handover_reset (h);
  h->active = TRUE;
  h->t.started_at = now;
}

void
mip6_handover_set_kind (Mip6HandoverTrack *h, Mip6HandoverKind kind)
{
  h->t.kind = kind;
  h->kind_known = TRUE;
}

void
mip6_handover_mark (Mip6HandoverTrack *h, Mip6Phase phase, gint64 now)
{
  g_return_if_fail (phase < MIP6_N_PHASES);
  if (!h->active)
    return;
  /* The first occurrence counts: a retransmitted BU does not move "BU sent". */
  if (h->t.at[phase] < 0)
    h->t.at[phase] = now;
}

gboolean
mip6_handover_has (const Mip6HandoverTrack *h, Mip6Phase phase)
{
  return h->active && h->t.at[phase] >= 0;
}

Mip6HandoverTimings
mip6_handover_finish (Mip6HandoverTrack *h, gint64 now)
{
  gint64 prev = h->t.started_at;

  for (guint i = 0; i < MIP6_N_PHASES; i++)
    {
      if (h->t.at[i] < 0)
        continue;
      h->t.offset_ms[i] = (h->t.at[i] - h->t.started_at) / G_TIME_SPAN_MILLISECOND;
      /* Phases can overlap (at home the routes switch before the BA comes
       * back); a phase never gets a negative duration. */
      h->t.phase_ms[i] = MAX (h->t.at[i] - prev, 0) / G_TIME_SPAN_MILLISECOND;
      prev = MAX (prev, h->t.at[i]);
    }
  h->t.total_ms = (now - h->t.started_at) / G_TIME_SPAN_MILLISECOND;
  h->active = FALSE;
  return h->t;
}

const char *
mip6_phase_name (Mip6Phase phase)
{
  static const char *const names[] = {
    "link-event", "ra-received", "coa-usable", "bu-sent", "ba-received", "routes-switched",
  };
  g_return_val_if_fail (phase < MIP6_N_PHASES, "?");
  return names[phase];
}

const char *
mip6_handover_kind_name (Mip6HandoverKind kind)
{
  switch (kind)
    {
    case MIP6_HANDOVER_TO_FOREIGN:
      return "to-foreign";
    case MIP6_HANDOVER_FOREIGN_TO_FOREIGN:
      return "foreign-to-foreign";
    case MIP6_HANDOVER_TO_HOME:
      return "to-home";
    }
  return "?";
}
