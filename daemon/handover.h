/* handover.h: the timing record of one handover, phase by phase
 * (DESIGN.md, Observability): link event, router advertisement received,
 * care-of address usable, Binding Update sent, Binding Acknowledgement
 * received, routes switched.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MIP6_HANDOVER_LINK_EVENT,
  MIP6_HANDOVER_RA_RECEIVED,
  MIP6_HANDOVER_COA_USABLE,
  MIP6_HANDOVER_BU_SENT,
  MIP6_HANDOVER_BA_RECEIVED,
  MIP6_HANDOVER_ROUTES_SWITCHED,
  MIP6_HANDOVER_N_PHASES,
} Mip6HandoverPhase;

typedef struct
{
  gint64 started_wall_us;            /* g_get_real_time () at the link event */
  gint64 at[MIP6_HANDOVER_N_PHASES]; /* monotonic µs, 0 = phase not reached */
  const char *from_network;          /* ESSID or NULL */
  const char *to_network;            /* ESSID or NULL */
  const char *from_interface;        /* or NULL */
  const char *to_interface;          /* or NULL */
  const char *care_of_address;       /* textual, or NULL */
} Mip6Handover;

/* The a{sv} of org.mip6.MobileNode1.LastHandover (floating). result is
 * "started", "completed" or "failed"; reason and token may be NULL. A
 * failed one also carries token (a StateReason token) and status (the
 * BA or BE status, 0 for none). */
GVariant *mip6_handover_to_variant (const Mip6Handover *handover, const char *result,
                                    const char *reason, const char *token, guint status);

G_END_DECLS
