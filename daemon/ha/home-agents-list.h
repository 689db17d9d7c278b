/* home-agents-list.h — the Home Agents List of a home agent (RFC 6275
 * §10.1, §10.5.1), sans I/O.
 *
 * One entry per home agent on the home link, keyed by its link-local
 * address, with its global addresses, preference and lifetime, learnt from
 * the Router Advertisements with the Home Agent (H) bit heard on the home
 * link. This home agent is on the list too, with its own preference; its
 * entry lasts as long as the daemon. The list answers Dynamic Home Agent
 * Address Discovery (§10.5): global addresses, highest preference first.
 *
 * Time is injected: "now" is monotonic µs, as everywhere in the cores.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "proto/dhaad.h"

G_BEGIN_DECLS

/* Global addresses kept per home agent (Prefix Information options with
 * the R bit, §7.2): one per home prefix in any real deployment. */
#define MIP6_HA_LIST_MAX_GLOBALS 8
/* Home agents kept: a hostile home link cannot grow the list further. */
#define MIP6_HA_LIST_MAX_ENTRIES 64

/* What one Router Advertisement says about its sender (§10.5.1). */
typedef struct
{
  struct in6_addr source;  /* IPv6 Source Address: the link-local address */
  gboolean home_agent;     /* H bit (§7.1) */
  guint16 router_lifetime; /* seconds */
  gboolean has_ha_info;    /* a Home Agent Information option (§7.4) */
  gint16 ha_preference;    /* its Home Agent Preference */
  guint16 ha_lifetime;     /* its Home Agent Lifetime, seconds */
  guint n_globals;         /* Prefix Information options with R set (§7.2) */
  struct in6_addr globals[MIP6_HA_LIST_MAX_GLOBALS];
} Mip6HaListAdvert;

typedef struct
{
  struct in6_addr link_local;
  guint n_globals;
  struct in6_addr globals[MIP6_HA_LIST_MAX_GLOBALS];
  gint16 preference;
  gint64 expires; /* monotonic µs; G_MAXINT64 for this home agent's own entry */
  gboolean own;
} Mip6HaListEntry;

typedef struct _Mip6HomeAgentsList Mip6HomeAgentsList;

Mip6HomeAgentsList *mip6_home_agents_list_new (void);
void mip6_home_agents_list_free (Mip6HomeAgentsList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6HomeAgentsList, mip6_home_agents_list_free)

/* This home agent's own entry: its link-local address on the home link
 * (:: while it has none yet), its global addresses and preference. Router
 * Advertisements from @link_local (our own, looped back) do not change it.
 * Can be called again when an address changes. */
void mip6_home_agents_list_set_own (Mip6HomeAgentsList *list, const struct in6_addr *link_local,
                                    const struct in6_addr *globals, guint n_globals,
                                    gint16 preference);

/* Event: a Router Advertisement heard on the home link (§10.5.1). Without
 * H the sender's entry goes; with H its entry is created or refreshed, or
 * removed when its lifetime is 0. Returns TRUE when the list changed. */
gboolean mip6_home_agents_list_on_ra (Mip6HomeAgentsList *list, const Mip6HaListAdvert *ra,
                                      gint64 now);

/* Removes the entries whose lifetime ended at @now (§10.5.1: "MUST be
 * deleted"). Returns TRUE when one went. */
gboolean mip6_home_agents_list_expire (Mip6HomeAgentsList *list, gint64 now);

/* When the next entry expires, G_MAXINT64 for never. */
gint64 mip6_home_agents_list_next_deadline (const Mip6HomeAgentsList *list);

/* The entries still valid at @now, highest preference first (read only;
 * free the array with g_ptr_array_unref()). */
GPtrArray *mip6_home_agents_list_sorted (Mip6HomeAgentsList *list, gint64 now);

/* §10.5: the DHAAD Reply to a Request with @identifier: the global
 * addresses of the home agents valid at @now, highest preference first,
 * this home agent's own included, as many as fit in a Reply that is not
 * fragmented on a link with the IPv6 minimum MTU. */
void mip6_home_agents_list_dhaad_reply (Mip6HomeAgentsList *list, guint16 identifier, gint64 now,
                                        Mip6DhaadReply *out);

G_END_DECLS
