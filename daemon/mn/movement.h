/* Movement detection, RFC 6275 §11.5.1, with router solicitation (RFC 4861
 * §6.3.7) and router reachability from the Advertisement Interval (§7.3).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "mn/event.h"

G_BEGIN_DECLS

typedef enum
{
  MIP6_MOVE_NONE,       /* nothing to tell */
  MIP6_MOVE_RA_REFRESH, /* an RA of the network we are on */
  MIP6_MOVE_HOME,       /* now on the home link */
  MIP6_MOVE_FOREIGN,    /* now on a visited network (a new one) */
  MIP6_MOVE_DETACHED,   /* link down, or the router went silent */
  MIP6_MOVE_NO_ROUTER,  /* MAX_RTR_SOLICITATIONS went unanswered */
} Mip6MoveVerdict;

typedef struct
{
  struct in6_addr home_prefix;
  guint8 home_plen;
  struct in6_addr home_agent;

  gboolean link_up;
  gboolean attached; /* a router has been heard on this link */
  gboolean at_home;
  gboolean ha_heard;      /* the home agent's own RA with the H flag */
  struct in6_addr router; /* link-local source of the current router's RA */
  struct in6_addr prefix; /* the current network's prefix */
  guint8 plen;
  gint64 last_ra;
  gint64 router_expires;   /* from the Router Lifetime */
  guint32 adv_interval_ms; /* 0: router sent no Advertisement Interval */

  guint rs_sent;  /* solicitations since the last link event or RA */
  gint64 rs_next; /* G_MAXINT64: not soliciting */
  gint64 rs_interval;
  gint64 probe_deadline; /* router silent: RS sent, answer due by then */

  /* For `mip6ctl stats`. */
  guint n_rs_sent;
  guint n_ra_received;
  guint n_moves;
} Mip6Movement;

void mip6_movement_init (Mip6Movement *m, const struct in6_addr *home_prefix, guint8 home_plen,
                         const struct in6_addr *home_agent);
Mip6MoveVerdict mip6_movement_link_up (Mip6Movement *m, gint64 now, GArray *actions);
Mip6MoveVerdict mip6_movement_link_down (Mip6Movement *m, gint64 now, GArray *actions);
Mip6MoveVerdict mip6_movement_ra (Mip6Movement *m, gint64 now, const Mip6Ra *ra, GArray *actions);
Mip6MoveVerdict mip6_movement_timer (Mip6Movement *m, gint64 now, GArray *actions);
gint64 mip6_movement_next_deadline (const Mip6Movement *m);
/* When the current router will be considered silent; G_MAXINT64 if never. */
gint64 mip6_movement_silence_deadline (const Mip6Movement *m);

gboolean mip6_prefix_match (const struct in6_addr *addr, const struct in6_addr *prefix,
                            guint8 plen);

G_END_DECLS
