/* Movement detection, RFC 6275 §11.5.1, with router solicitation (RFC 4861
 * §6.3.7) and router reachability from the Advertisement Interval (§7.3).
 *
 * The module keeps what RFC 4861 §5.1 calls the Default Router List and the
 * Prefix List, for the one link the mobile node is on: every router heard
 * and every prefix advertised, whoever advertised it (§6.3.4: the union of
 * all received information). A move is a link-layer change (link_up,
 * link_down), the loss of the routers we use (Neighbour Unreachability
 * Detection, missed Advertisement Intervals, Router Lifetimes running out)
 * or the loss of every router and prefix known on the link; never merely a
 * second router or a second prefix (RFC 6275 §11.5.1: "hearing a new router
 * does not necessarily constitute an L3 handover", and nor does a new
 * prefix).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "mip6-addr.h"
#include "mn/event.h"

G_BEGIN_DECLS

typedef enum
{
  MIP6_MOVE_NONE,       /* nothing to tell */
  MIP6_MOVE_RA_REFRESH, /* an RA of the network we are on, nothing new */
  MIP6_MOVE_HOME,       /* now on the home link */
  MIP6_MOVE_FOREIGN,    /* now on a visited network (a new one) */
  MIP6_MOVE_DETACHED,   /* link down, or every router we could use is gone */
  MIP6_MOVE_NO_ROUTER,  /* MAX_RTR_SOLICITATIONS went unanswered */
  /* Same network, no move, but what the care-of address is chosen from
   * changed: a prefix appeared or went (mip6_movement_prefixes()), or the
   * current router changed (another default router of the same link took
   * over). The core refreshes its CoA candidates (mip6_coa_set_link_prefixes)
   * and re-selects; m->prefix may have changed too (the prefix naming the
   * network was withdrawn while others remain). */
  MIP6_MOVE_LINK_CHANGED,
} Mip6MoveVerdict;

/* Bounds of the per-link lists: entries past them are not kept (and
 * counted), so that hostile RAs cost bounded memory. */
#define MIP6_LINK_MAX_ROUTERS 8
#define MIP6_LINK_MAX_PREFIXES MIP6_RA_MAX_PREFIXES
/* (router, prefix) pairs remembered from the home link. */
#define MIP6_HOME_LINK_MAX_PAIRS 16

/* A router heard on the link (RFC 4861 §6.3.4). */
typedef struct
{
  struct in6_addr addr; /* link-local source of its RAs */
  gboolean home_agent;  /* H flag of its last RA (RFC 6275 §7.1) */
  guint32 lifetime_s;   /* Router Lifetime of its last RA */
  /* A default router until then; 0: not (or no longer) a default router,
   * kept while prefixes it advertised are (a Thread border router, say). */
  gint64 expires;
  gint64 last_ra;
  guint32 adv_interval_ms; /* §7.3; 0: none */
} Mip6LinkRouter;

/* A prefix advertised on the link (RFC 4861 §4.6.2). */
typedef struct
{
  struct in6_addr prefix; /* bits past plen cleared */
  guint8 plen;
  gboolean on_link;       /* L: some router advertised it with L=1 */
  gboolean autonomous;    /* A: some router advertised it with A=1 */
  guint32 valid_lifetime; /* as last advertised, seconds */
  guint32 preferred_lifetime;
  gint64 valid_until;     /* G_MAXINT64: infinite */
  gint64 preferred_until; /* G_MAXINT64: infinite */
  struct in6_addr router; /* the router that last advertised it */
  guint32 routers;        /* bit i: routers[i] advertises it */
} Mip6LinkPrefix;

typedef struct
{
  struct in6_addr home_prefix;
  guint8 home_plen;
  struct in6_addr home_agent;

  gboolean link_up;
  /* On a network: a default router and a prefix are known, or the home
   * prefix is on-link (§11.5.4; the home agent need not be a default
   * router). */
  gboolean attached;
  gboolean at_home;  /* the home prefix is on-link here, L=1 (§11.5.4, §11.5.2) */
  gboolean ha_heard; /* at home, an RA with the H flag was heard */
  /* The current router: a default router of the link (the first one heard
   * that still is), else, at home, the router that advertised the home
   * prefix. */
  struct in6_addr router;
  /* The prefix naming the current network (to label visited networks): the
   * home prefix at home, else a /64 the CoA can be formed from, kept as long
   * as it is advertised. */
  struct in6_addr prefix;
  guint8 plen;
  /* The current router's: */
  gint64 last_ra;
  gint64 router_expires;   /* from the Router Lifetime; G_MAXINT64: not a default router */
  guint32 adv_interval_ms; /* 0: router sent no Advertisement Interval */

  guint rs_sent;  /* solicitations since the last link event or RA */
  gint64 rs_next; /* G_MAXINT64: not soliciting */
  gint64 rs_interval;
  gint64 probe_deadline; /* router silent: RS sent, answer due by then */

  guint n_routers;
  Mip6LinkRouter routers[MIP6_LINK_MAX_ROUTERS];
  guint n_prefixes;
  Mip6LinkPrefix prefixes[MIP6_LINK_MAX_PREFIXES];

  /* The home link as last seen: which routers advertised which prefixes
   * there. An RA from one of those pairs says "home" before the home
   * prefix itself is heard, as RFC 6059 recognises a link it visited;
   * a second router on the home link is then never taken for a move. */
  guint n_home_pairs;
  guint home_pairs_added; /* ever: the next slot of the ring */
  struct
  {
    struct in6_addr router;
    struct in6_addr prefix;
    guint8 plen;
  } home_pairs[MIP6_HOME_LINK_MAX_PAIRS];
  /* The first attachment after start waits this long for the other
   * routers' answers (G_MAXINT64: not waiting). */
  gint64 settle_until;
  gboolean settled;
  gboolean home_prefix_heard; /* on this attachment */

  /* For `mip6ctl stats`. */
  guint n_rs_sent;
  guint n_ra_received;
  guint n_moves;
  guint n_prefixes_dropped;    /* prefix options not kept: RA truncated or list full */
  guint n_routers_dropped;     /* RAs not kept: router list full */
  guint n_routers_unreachable; /* routers lost to NUD or missed advertisements */
} Mip6Movement;

void mip6_movement_init (Mip6Movement *m, const struct in6_addr *home_prefix, guint8 home_plen,
                         const struct in6_addr *home_agent);
Mip6MoveVerdict mip6_movement_link_up (Mip6Movement *m, gint64 now, GArray *actions);
/* A link-layer hint (NetworkManager reports the link up again, or new
 * DHCPv6 information) without a link change: solicit routers now. */
void mip6_movement_link_hint (Mip6Movement *m, gint64 now, GArray *actions);
Mip6MoveVerdict mip6_movement_link_down (Mip6Movement *m, gint64 now, GArray *actions);
Mip6MoveVerdict mip6_movement_ra (Mip6Movement *m, gint64 now, const Mip6Ra *ra, GArray *actions);
/* MIP6_EVENT_ROUTER_UNREACHABLE: NUD failed for this router (RFC 4861
 * §7.3.3, RFC 6275 §11.5.1). The router and the prefixes only it advertised
 * are forgotten; another default router of the link takes over (no move,
 * MIP6_MOVE_LINK_CHANGED or NONE), or, when none is left, DETACHED and the
 * node solicits. An unknown router: NONE. */
Mip6MoveVerdict mip6_movement_router_unreachable (Mip6Movement *m, gint64 now,
                                                  const struct in6_addr *router, GArray *actions);
Mip6MoveVerdict mip6_movement_timer (Mip6Movement *m, gint64 now, GArray *actions);
gint64 mip6_movement_next_deadline (const Mip6Movement *m);
/* When the current router will be considered silent; G_MAXINT64 if never. */
gint64 mip6_movement_silence_deadline (const Mip6Movement *m);

/* The prefixes currently advertised on the link (valid lifetime not over),
 * in order of arrival; *n_out gets their number. The array lives in m. */
const Mip6LinkPrefix *mip6_movement_prefixes (const Mip6Movement *m, guint *n_out);
/* The routers heard on the link, default or not. */
const Mip6LinkRouter *mip6_movement_routers (const Mip6Movement *m, guint *n_out);

G_END_DECLS
