/* Movement detection (RFC 6275 §11.5.1).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "mn/movement.h"
#include "mn/action.h"
#include "mn/constants.h"

#include <string.h>

gboolean
mip6_prefix_match (const struct in6_addr *addr, const struct in6_addr *prefix, guint8 plen)
{
  guint bytes = MIN (plen, 128) / 8;
  guint bits = MIN (plen, 128) % 8;

  if (memcmp (addr->s6_addr, prefix->s6_addr, bytes) != 0)
    return FALSE;
  if (bits == 0)
    return TRUE;
  guint8 mask = (guint8) (0xff << (8 - bits));
  return (addr->s6_addr[bytes] & mask) == (prefix->s6_addr[bytes] & mask);
}

void
mip6_movement_init (Mip6Movement *m, const struct in6_addr *home_prefix, guint8 home_plen,
                    const struct in6_addr *home_agent)
{
  memset (m, 0, sizeof *m);
  m->home_prefix = *home_prefix;
  m->home_plen = home_plen;
  m->home_agent = *home_agent;
  m->rs_next = G_MAXINT64;
  m->probe_deadline = G_MAXINT64;
  m->router_expires = G_MAXINT64;
}

static void
send_rs (Mip6Movement *m, gint64 now, GArray *actions)
{
  mip6_actions_add (actions, MIP6_ACTION_SEND_RS);
  m->n_rs_sent++;
  m->rs_sent++;
  if (m->rs_sent <= MIP6_MAX_RTR_SOLICITATIONS)
    m->rs_interval = MIP6_MN_RTR_SOLICITATION_INTERVAL;
  else
    m->rs_interval = MIN (m->rs_interval * 2, MIP6_MN_MAX_RTR_SOLICITATION_INTERVAL);
  m->rs_next = now + m->rs_interval;
}

static void
forget_router (Mip6Movement *m)
{
  m->attached = FALSE;
  m->at_home = FALSE;
  m->ha_heard = FALSE;
  m->adv_interval_ms = 0;
  m->router_expires = G_MAXINT64;
  m->probe_deadline = G_MAXINT64;
}

static void
start_soliciting (Mip6Movement *m, gint64 now, GArray *actions)
{
  m->rs_sent = 0;
  /* RFC 6275 §11.5.1: a mobile node solicits at once after a link change
   * instead of waiting for the next periodic RA (nor for RFC 4861's
   * MAX_RTR_SOLICITATION_DELAY, which guards against reboot storms). */
  send_rs (m, now, actions);
}

Mip6MoveVerdict
mip6_movement_link_up (Mip6Movement *m, gint64 now, GArray *actions)
{
  m->link_up = TRUE;
  /* A new link may be a new network, whatever was heard before. */
  forget_router (m);
  start_soliciting (m, now, actions);
  return MIP6_MOVE_NONE;
}

Mip6MoveVerdict
mip6_movement_link_down (Mip6Movement *m, gint64 now, GArray *actions)
{
  gboolean was_up = m->link_up;

  m->link_up = FALSE;
  forget_router (m);
  m->rs_next = G_MAXINT64;
  return was_up ? MIP6_MOVE_DETACHED : MIP6_MOVE_NONE;
}

/* The prefix that names the network: an on-link autonomous /64 (the one a
 * care-of address is formed from), else any on-link prefix. */
static const Mip6RaPrefix *
network_prefix (const Mip6Ra *ra)
{
  const Mip6RaPrefix *any = NULL;
  guint n = MIN (ra->n_prefixes, MIP6_RA_MAX_PREFIXES);

  for (guint i = 0; i < n; i++)
    {
      const Mip6RaPrefix *p = &ra->prefixes[i];

      if (!p->on_link || p->valid_lifetime == 0)
        continue;
      if (p->autonomous && p->plen == 64)
        return p;
      if (!any)
        any = p;
    }
  return any;
}

static gboolean
advertises_home_prefix (const Mip6Movement *m, const Mip6Ra *ra)
{
  guint n = MIN (ra->n_prefixes, MIP6_RA_MAX_PREFIXES);

  for (guint i = 0; i < n; i++)
    {
      const Mip6RaPrefix *p = &ra->prefixes[i];

      if (p->on_link && p->valid_lifetime > 0 && p->plen == m->home_plen &&
          mip6_prefix_match (&p->prefix, &m->home_prefix, m->home_plen))
        return TRUE;
    }
  return FALSE;
}

Mip6MoveVerdict
mip6_movement_ra (Mip6Movement *m, gint64 now, const Mip6Ra *ra, GArray *actions)
{
  const Mip6RaPrefix *p;
  gboolean home;

  if (!m->link_up)
    return MIP6_MOVE_NONE;
  m->n_ra_received++;

  /* §11.5.4: the home link is recognised by its on-link home prefix. */
  home = advertises_home_prefix (m, ra);
  /* §11.5.1 works with default routers; a router with lifetime 0 still tells
   * us we are home when it advertises the home prefix (the HA may be one). */
  if (ra->router_lifetime == 0 && !home)
    return MIP6_MOVE_NONE;
  p = network_prefix (ra);
  if (!p)
    return MIP6_MOVE_NONE;
  if (home)
    {
      for (guint i = 0; i < MIN (ra->n_prefixes, MIP6_RA_MAX_PREFIXES); i++)
        if (mip6_prefix_match (&ra->prefixes[i].prefix, &m->home_prefix, m->home_plen) &&
            ra->prefixes[i].on_link)
          p = &ra->prefixes[i];
    }

  /* Any RA answers our solicitations. */
  m->rs_next = G_MAXINT64;
  m->rs_sent = 0;
  m->probe_deadline = G_MAXINT64;

  gboolean same_network =
      m->attached && m->plen == p->plen && mip6_prefix_match (&p->prefix, &m->prefix, m->plen);
  if (same_network && !memcmp (&ra->source, &m->router, sizeof ra->source))
    {
      m->last_ra = now;
      m->adv_interval_ms = ra->adv_interval_ms;
      m->router_expires = ra->router_lifetime
                              ? now + (gint64) ra->router_lifetime * G_TIME_SPAN_SECOND
                              : G_MAXINT64;
      if (home && ra->home_agent)
        m->ha_heard = TRUE;
      return MIP6_MOVE_RA_REFRESH;
    }
  if (same_network)
    /* Another router of the same link: not a move; we keep tracking the
     * router we chose, whose silence means the link changed. */
    return MIP6_MOVE_RA_REFRESH;

  /* §11.5.1: a new on-link prefix from a new default router is a move. */
  m->n_moves++;
  m->attached = TRUE;
  m->at_home = home;
  m->ha_heard = home && ra->home_agent;
  m->router = ra->source;
  m->prefix = p->prefix;
  m->plen = p->plen;
  m->last_ra = now;
  m->adv_interval_ms = ra->adv_interval_ms;
  m->router_expires =
      ra->router_lifetime ? now + (gint64) ra->router_lifetime * G_TIME_SPAN_SECOND : G_MAXINT64;
  return home ? MIP6_MOVE_HOME : MIP6_MOVE_FOREIGN;
}

gint64
mip6_movement_silence_deadline (const Mip6Movement *m)
{
  if (!m->attached || m->adv_interval_ms == 0 || m->probe_deadline != G_MAXINT64)
    return G_MAXINT64;
  /* §7.3: the interval is the longest time between unsolicited RAs; we allow
   * MAX_RA_DELAY_TIME on top of it for jitter before suspecting the router. */
  return m->last_ra + (gint64) m->adv_interval_ms * G_TIME_SPAN_MILLISECOND +
         MIP6_MAX_RA_DELAY_TIME;
}

Mip6MoveVerdict
mip6_movement_timer (Mip6Movement *m, gint64 now, GArray *actions)
{
  Mip6MoveVerdict verdict = MIP6_MOVE_NONE;

  if (!m->link_up)
    return MIP6_MOVE_NONE;

  if (m->attached &&
      (now >= m->probe_deadline || (m->adv_interval_ms == 0 && now >= m->router_expires)))
    {
      /* The router did not answer our probe (or its lifetime ran out): it is
       * gone, so is the network as far as we know (§11.5.1). */
      forget_router (m);
      start_soliciting (m, now, actions);
      return MIP6_MOVE_DETACHED;
    }

  if (now >= mip6_movement_silence_deadline (m))
    {
      /* §11.5.1: missed RAs suggest the router is unreachable; one RS
       * confirms before we tear anything down. */
      mip6_actions_add (actions, MIP6_ACTION_SEND_RS);
      m->n_rs_sent++;
      m->probe_deadline = now + MIP6_MN_RTR_SOLICITATION_INTERVAL;
    }

  if (!m->attached && now >= m->rs_next)
    {
      if (m->rs_sent == MIP6_MAX_RTR_SOLICITATIONS)
        verdict = MIP6_MOVE_NO_ROUTER;
      send_rs (m, now, actions);
    }
  return verdict;
}

gint64
mip6_movement_next_deadline (const Mip6Movement *m)
{
  gint64 d = G_MAXINT64;

  if (!m->link_up)
    return d;
  if (!m->attached)
    d = MIN (d, m->rs_next);
  else
    {
      d = MIN (d, m->probe_deadline);
      d = MIN (d, mip6_movement_silence_deadline (m));
      if (m->adv_interval_ms == 0)
        d = MIN (d, m->router_expires);
    }
  return d;
}
