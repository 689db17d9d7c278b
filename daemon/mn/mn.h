/* The mobile node: movement detection, care-of address and the home
 * registration tied into one sans-I/O state machine (RFC 6275 §11).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "mn/action.h"
#include "mn/bul.h"
#include "mn/coa.h"
#include "mn/event.h"
#include "mn/handover.h"
#include "mn/movement.h"

G_BEGIN_DECLS

typedef struct
{
  struct in6_addr home_address;
  guint8 home_plen;
  /* :: when not configured: the mobile node finds its home agent with
   * Dynamic Home Agent Address Discovery once away (§11.4.1). */
  struct in6_addr home_agent;
  /* The Identifier of the first DHAAD Request; the next ones count up. */
  guint16 dhaad_identifier;
  guint32 max_lifetime_s; /* 0: the protocol maximum */
  guint16 initial_seq;
  /* A previous run may have left a binding at the home agent for up to
   * this many seconds more (a daemon killed away from home); 0: none.
   * Found at home, the mobile node then deregisters anyway and uses the
   * home address without DAD (§11.5.4); a home agent without a binding
   * answers 133, which ends it. */
  guint32 may_have_binding_s;
} Mip6MnConfig;

typedef struct _Mip6Mn Mip6Mn;

Mip6Mn *mip6_mn_new (const Mip6MnConfig *config);
void mip6_mn_free (Mip6Mn *mn);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Mn, mip6_mn_free)

/* Feeds one event; appends the resulting actions (Mip6Action) to actions.
 * An ARM_TIMER action comes last whenever the next deadline changed. */
void mip6_mn_handle (Mip6Mn *mn, const Mip6Event *event, GArray *actions);
/* When the caller must deliver a MIP6_EVENT_TIMER; G_MAXINT64: never. */
gint64 mip6_mn_next_deadline (const Mip6Mn *mn);

Mip6MnCoreState mip6_mn_get_state (const Mip6Mn *mn);
const Mip6Bul *mip6_mn_get_bul (const Mip6Mn *mn);
const Mip6Movement *mip6_mn_get_movement (const Mip6Mn *mn);
/* The home agent, configured or discovered; FALSE while none is known. */
gboolean mip6_mn_get_home_agent (const Mip6Mn *mn, struct in6_addr *home_agent);
/* The care-of address in use, FALSE when none. */
gboolean mip6_mn_get_coa (const Mip6Mn *mn, struct in6_addr *coa);
/* A handover is running: HandoverStarted went out, HandoverCompleted or
 * HandoverFailed not yet. */
gboolean mip6_mn_handover_running (const Mip6Mn *mn);
/* The last completed handover; FALSE when there was none. */
gboolean mip6_mn_get_last_handover (const Mip6Mn *mn, Mip6HandoverTimings *timings);

G_END_DECLS
