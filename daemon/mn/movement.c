/* Movement detection (RFC 6275 §11.5.1) over the link's router and prefix
 * lists (RFC 4861 §5.1, §6.3.4, §6.3.5).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "mn/movement.h"
#include "mn/action.h"
#include "mn/constants.h"

#include <string.h>

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
  m->settle_until = G_MAXINT64;
  m->router_expires = G_MAXINT64;
}

/* ---- the lists ---- */

static gint
find_router (const Mip6Movement *m, const struct in6_addr *addr)
{
  for (guint i = 0; i < m->n_routers; i++)
    if (mip6_addr_equal (&m->routers[i].addr, addr))
      return (gint) i;
  return -1;
}

static gint
find_prefix (const Mip6Movement *m, const struct in6_addr *prefix, guint8 plen)
{
  for (guint i = 0; i < m->n_prefixes; i++)
    if (m->prefixes[i].plen == plen && mip6_addr_equal (&m->prefixes[i].prefix, prefix))
      return (gint) i;
  return -1;
}

static gboolean
is_default_router (const Mip6LinkRouter *r, gint64 now)
{
  return r->expires > now;
}

static void
remove_prefix (Mip6Movement *m, guint i)
{
  memmove (&m->prefixes[i], &m->prefixes[i + 1], (m->n_prefixes - i - 1) * sizeof m->prefixes[0]);
  m->n_prefixes--;
}

/* Removes routers[i]; with drop_exclusive, also the prefixes that only it
 * advertised (a router found unreachable takes them along: nothing else
 * says they are still served on this link). */
static void
remove_router (Mip6Movement *m, guint i, gboolean drop_exclusive)
{
  guint32 low = (1u << i) - 1;

  for (guint j = 0; j < m->n_prefixes;)
    {
      Mip6LinkPrefix *p = &m->prefixes[j];
      gboolean had = (p->routers >> i) & 1;

      /* Router indices above i move down by one. */
      p->routers = (p->routers & low) | ((p->routers >> (i + 1)) << i);
      if (had && p->routers == 0 && drop_exclusive)
        remove_prefix (m, j);
      else
        j++;
    }
  memmove (&m->routers[i], &m->routers[i + 1], (m->n_routers - i - 1) * sizeof m->routers[0]);
  m->n_routers--;
}

static gboolean
advertises_any (const Mip6Movement *m, guint i)
{
  for (guint j = 0; j < m->n_prefixes; j++)
    if ((m->prefixes[j].routers >> i) & 1)
      return TRUE;
  return FALSE;
}

/* Routers that are no default router and advertise no known prefix tell us
 * nothing any more. */
static void
prune_routers (Mip6Movement *m, gint64 now)
{
  for (guint i = 0; i < m->n_routers;)
    {
      if (!is_default_router (&m->routers[i], now) && !advertises_any (m, i))
        remove_router (m, i, FALSE);
      else
        i++;
    }
}

/* RFC 4861 §6.3.5: prefixes whose valid lifetime ran out are discarded;
 * routers whose Router Lifetime ran out are no default routers any more. */
static void
expire (Mip6Movement *m, gint64 now)
{
  for (guint i = 0; i < m->n_prefixes;)
    {
      if (m->prefixes[i].valid_until <= now)
        remove_prefix (m, i);
      else
        i++;
    }
  for (guint i = 0; i < m->n_routers; i++)
    if (m->routers[i].expires != 0 && m->routers[i].expires <= now)
      m->routers[i].expires = 0;
  prune_routers (m, now);
}

static void
flush (Mip6Movement *m)
{
  m->n_routers = 0;
  m->n_prefixes = 0;
  m->home_prefix_heard = FALSE;
  m->attached = FALSE;
  m->at_home = FALSE;
  m->ha_heard = FALSE;
  m->adv_interval_ms = 0;
  m->router_expires = G_MAXINT64;
  m->probe_deadline = G_MAXINT64;
}

/* ---- soliciting ---- */

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
start_soliciting (Mip6Movement *m, gint64 now, GArray *actions)
{
  m->rs_sent = 0;
  /* RFC 6275 §11.5.1: a mobile node solicits at once after a link change
   * instead of waiting for the next periodic RA (nor for RFC 4861's
   * MAX_RTR_SOLICITATION_DELAY, which guards against reboot storms). */
  send_rs (m, now, actions);
}

static void
stop_soliciting (Mip6Movement *m)
{
  m->rs_next = G_MAXINT64;
  m->rs_sent = 0;
}

/* ---- the verdict ---- */

static gint
home_prefix_index (const Mip6Movement *m)
{
  /* §11.5.4 (and §11.5.2's home subnet prefix): the home link is the one on
   * which the home prefix is on-link; L=0 says nothing about that (RFC 4861
   * §4.6.2). */
  for (guint i = 0; i < m->n_prefixes; i++)
    {
      const Mip6LinkPrefix *p = &m->prefixes[i];

      if (p->on_link && p->plen == m->home_plen &&
          mip6_addr_in_prefix (&p->prefix, &m->home_prefix, m->home_plen))
        return (gint) i;
    }
  return -1;
}

static gboolean
has_default_router (const Mip6Movement *m, gint64 now)
{
  for (guint i = 0; i < m->n_routers; i++)
    if (is_default_router (&m->routers[i], now))
      return TRUE;
  return FALSE;
}

/* The current router: kept while it is a default router; else the first
 * default router of the list (RFC 4861 §6.3.6 lets us pick any reachable
 * one; the oldest is the most likely to stay); else, at home without default
 * router, the router that advertised the home prefix. */
static void
choose_router (Mip6Movement *m, gint64 now, gint home_idx)
{
  gint cur = find_router (m, &m->router);
  gint pick = -1;

  if (cur >= 0 && is_default_router (&m->routers[cur], now))
    pick = cur;
  for (guint i = 0; pick < 0 && i < m->n_routers; i++)
    if (is_default_router (&m->routers[i], now))
      pick = (gint) i;
  if (pick < 0 && cur >= 0 && home_idx >= 0 && ((m->prefixes[home_idx].routers >> cur) & 1))
    pick = cur;
  if (pick < 0 && home_idx >= 0)
    for (guint i = 0; pick < 0 && i < m->n_routers; i++)
      if ((m->prefixes[home_idx].routers >> i) & 1)
        pick = (gint) i;
  if (pick < 0)
    return;

  const Mip6LinkRouter *r = &m->routers[pick];
  if (!mip6_addr_equal (&m->router, &r->addr))
    /* Suspicion was about the router we left. */
    m->probe_deadline = G_MAXINT64;
  m->router = r->addr;
  m->last_ra = r->last_ra;
  m->adv_interval_ms = r->adv_interval_ms;
  m->router_expires = r->expires ? r->expires : G_MAXINT64;
}

/* The prefix naming the network: the home prefix at home; elsewhere the
 * current one while it is advertised, else an autonomous /64 (what a CoA is
 * formed from, RFC 4862 §5.5.3) of the current router, of any router, then
 * an on-link prefix, then any. */
static void
choose_prefix (Mip6Movement *m)
{
  gint cur_router = find_router (m, &m->router);
  const Mip6LinkPrefix *best = NULL;
  guint best_rank = 0;

  if (m->at_home)
    {
      m->prefix = m->home_prefix;
      mip6_addr_mask_prefix (&m->prefix, m->home_plen);
      m->plen = m->home_plen;
      return;
    }
  if (find_prefix (m, &m->prefix, m->plen) >= 0)
    return;
  for (guint i = 0; i < m->n_prefixes; i++)
    {
      const Mip6LinkPrefix *p = &m->prefixes[i];
      guint rank = 1;

      if (p->on_link)
        rank = 2;
      if (p->autonomous && p->plen == 64)
        rank = 3;
      if (rank == 3 && cur_router >= 0 && ((p->routers >> cur_router) & 1))
        rank = 4;
      if (rank > best_rank)
        {
          best = p;
          best_rank = rank;
        }
    }
  if (best)
    {
      m->prefix = best->prefix;
      m->plen = best->plen;
    }
}

static gboolean
same_prefix_set (const Mip6Movement *a, const Mip6Movement *b)
{
  if (a->n_prefixes != b->n_prefixes)
    return FALSE;
  for (guint i = 0; i < a->n_prefixes; i++)
    {
      gint j = find_prefix (b, &a->prefixes[i].prefix, a->prefixes[i].plen);

      if (j < 0 || a->prefixes[i].on_link != b->prefixes[j].on_link ||
          a->prefixes[i].autonomous != b->prefixes[j].autonomous)
        return FALSE;
    }
  return TRUE;
}

/* Nothing of what we knew remains: no prefix, no router. */
static gboolean
all_new (const Mip6Movement *m, const Mip6Movement *old)
{
  for (guint i = 0; i < old->n_prefixes; i++)
    if (find_prefix (m, &old->prefixes[i].prefix, old->prefixes[i].plen) >= 0)
      return FALSE;
  for (guint i = 0; i < old->n_routers; i++)
    if (find_router (m, &old->routers[i].addr) >= 0)
      return FALSE;
  return TRUE;
}

static gboolean
home_pair_known (const Mip6Movement *m, const struct in6_addr *router, const Mip6LinkPrefix *p)
{
  for (guint k = 0; k < m->n_home_pairs; k++)
    if (mip6_addr_equal (&m->home_pairs[k].router, router) && m->home_pairs[k].plen == p->plen &&
        mip6_addr_equal (&m->home_pairs[k].prefix, &p->prefix))
      return TRUE;
  return FALSE;
}

/* Some router advertises here a prefix it advertised on the home link. */
static gboolean
recognised_as_home (const Mip6Movement *m)
{
  for (guint i = 0; i < m->n_prefixes; i++)
    for (guint r = 0; r < m->n_routers; r++)
      if ((m->prefixes[i].routers & (1u << r)) &&
          home_pair_known (m, &m->routers[r].addr, &m->prefixes[i]))
        return TRUE;
  return FALSE;
}

static void
remember_home_link (Mip6Movement *m)
{
  for (guint i = 0; i < m->n_prefixes; i++)
    for (guint r = 0; r < m->n_routers; r++)
      {
        if (!(m->prefixes[i].routers & (1u << r)) ||
            home_pair_known (m, &m->routers[r].addr, &m->prefixes[i]))
          continue;
        /* Full: the oldest pair makes room (a ring). */
        guint k = m->home_pairs_added++ % MIP6_HOME_LINK_MAX_PAIRS;
        m->n_home_pairs = MIN (m->home_pairs_added, MIP6_HOME_LINK_MAX_PAIRS);
        m->home_pairs[k].router = m->routers[r].addr;
        m->home_pairs[k].prefix = m->prefixes[i].prefix;
        m->home_pairs[k].plen = m->prefixes[i].plen;
      }
}

/* Compares the link as it is now with `old`, before the event. */
static Mip6MoveVerdict
evaluate (Mip6Movement *m, gint64 now, const Mip6Movement *old, gboolean is_ra, GArray *actions)
{
  gint home_idx = home_prefix_index (m);

  /* The pairs stand in for the home prefix only until it is heard: once
   * it was, its loss means this is no longer the home link, whatever
   * other router of it lingers in the lists. */
  if (home_idx >= 0)
    m->home_prefix_heard = TRUE;
  m->at_home = home_idx >= 0 || (!m->home_prefix_heard && recognised_as_home (m));
  m->attached = m->at_home || (has_default_router (m, now) && m->n_prefixes > 0);
  if (!m->attached)
    {
      if (!old->attached)
        return MIP6_MOVE_NONE;
      /* Every router we could use and every prefix of the network is gone:
       * as far as we know we left it (§11.5.1); find out where we are. */
      flush (m);
      start_soliciting (m, now, actions);
      return MIP6_MOVE_DETACHED;
    }

  /* The first network after start: routers answer a solicitation within
   * MAX_RA_DELAY_TIME (RFC 4861 §6.2.6); the home link's may not be the
   * first to, and nothing is known of the home link yet to recognise it
   * by. A handover later never waits. */
  if (!m->at_home && !old->attached && !m->settled)
    {
      if (m->settle_until == G_MAXINT64)
        m->settle_until = now + MIP6_MAX_RA_DELAY_TIME;
      if (now < m->settle_until)
        {
          m->attached = FALSE;
          return MIP6_MOVE_NONE;
        }
    }
  m->settled = TRUE;
  m->settle_until = G_MAXINT64;

  choose_router (m, now, home_idx);
  choose_prefix (m);
  if (home_idx >= 0)
    remember_home_link (m);
  m->ha_heard = FALSE;
  for (guint i = 0; m->at_home && i < m->n_routers; i++)
    if (m->routers[i].home_agent)
      m->ha_heard = TRUE;

  if (!old->attached || old->at_home != m->at_home || all_new (m, old))
    {
      m->n_moves++;
      stop_soliciting (m);
      return m->at_home ? MIP6_MOVE_HOME : MIP6_MOVE_FOREIGN;
    }
  if (!same_prefix_set (m, old) || !mip6_addr_equal (&m->router, &old->router) ||
      m->plen != old->plen || !mip6_addr_equal (&m->prefix, &old->prefix))
    return MIP6_MOVE_LINK_CHANGED;
  return is_ra ? MIP6_MOVE_RA_REFRESH : MIP6_MOVE_NONE;
}

/* ---- events ---- */

Mip6MoveVerdict
mip6_movement_link_up (Mip6Movement *m, gint64 now, GArray *actions)
{
  m->link_up = TRUE;
  /* A new link may be a new network, whatever was heard before. */
  flush (m);
  start_soliciting (m, now, actions);
  return MIP6_MOVE_NONE;
}

void
mip6_movement_link_hint (Mip6Movement *m, gint64 now, GArray *actions)
{
  if (!m->link_up)
    return;
  /* §11.5.1: a link-layer indication is reason to look now. Attached, one
   * RS: the routers that answer confirm the network or reveal a new one,
   * and nothing heard is forgotten. Not attached, soliciting starts. */
  if (!m->attached)
    {
      start_soliciting (m, now, actions);
      return;
    }
  mip6_actions_add (actions, MIP6_ACTION_SEND_RS);
  m->n_rs_sent++;
}

Mip6MoveVerdict
mip6_movement_link_down (Mip6Movement *m, gint64 now, GArray *actions)
{
  gboolean was_up = m->link_up;

  m->link_up = FALSE;
  flush (m);
  m->rs_next = G_MAXINT64;
  return was_up ? MIP6_MOVE_DETACHED : MIP6_MOVE_NONE;
}

/* A slot for a new router: a free one, else that of the non-default router
 * heard longest ago; -1 when every slot holds a default router. */
static gint
router_slot (Mip6Movement *m, gint64 now)
{
  gint victim = -1;

  if (m->n_routers < MIP6_LINK_MAX_ROUTERS)
    return (gint) m->n_routers++;
  for (guint i = 0; i < m->n_routers; i++)
    if (!is_default_router (&m->routers[i], now) &&
        (victim < 0 || m->routers[i].last_ra < m->routers[victim].last_ra))
      victim = (gint) i;
  if (victim < 0)
    return -1;
  remove_router (m, (guint) victim, TRUE);
  return (gint) m->n_routers++;
}

static void
learn_prefix (Mip6Movement *m, gint64 now, guint router_idx, const struct in6_addr *router,
              const Mip6RaPrefix *p)
{
  gboolean autonomous;
  struct in6_addr key;
  gint i;

  if (p->plen > 128)
    return;
  key = p->prefix;
  mip6_addr_mask_prefix (&key, p->plen);
  /* RFC 4861 §6.3.4 and RFC 4862 §5.5.3 b): the link-local prefix is
   * ignored; so is a multicast one, which no address is formed from. */
  if (p->plen >= 10 && key.s6_addr[0] == 0xfe && (key.s6_addr[1] & 0xc0) == 0x80)
    return;
  if (p->plen >= 8 && key.s6_addr[0] == 0xff)
    return;
  /* RFC 4862 §5.5.3 c): a preferred lifetime above the valid one makes the
   * option useless for autoconfiguration. */
  autonomous = p->autonomous && p->preferred_lifetime <= p->valid_lifetime;
  /* RFC 4861 §4.6.2: with L=0 the option says nothing about on-link-ness;
   * with A=1 it still yields addresses (RFC 4862), so care-of addresses.
   * Neither flag: nothing for us. */
  if (!p->on_link && !autonomous)
    return;

  i = find_prefix (m, &key, p->plen);
  if (p->valid_lifetime == 0)
    {
      /* RFC 4861 §6.3.4: a valid lifetime of zero times the prefix out
       * immediately. */
      if (i >= 0)
        remove_prefix (m, (guint) i);
      return;
    }
  if (i < 0)
    {
      if (m->n_prefixes >= MIP6_LINK_MAX_PREFIXES)
        {
          m->n_prefixes_dropped++;
          return;
        }
      i = (gint) m->n_prefixes++;
      memset (&m->prefixes[i], 0, sizeof m->prefixes[i]);
      m->prefixes[i].prefix = key;
      m->prefixes[i].plen = p->plen;
    }

  Mip6LinkPrefix *e = &m->prefixes[i];
  /* The union of what the routers say (RFC 4861 §6.3.4): one router's L=0
   * does not undo another's L=1. */
  e->on_link |= p->on_link;
  e->autonomous |= autonomous;
  e->valid_lifetime = p->valid_lifetime;
  e->preferred_lifetime = p->preferred_lifetime;
  e->valid_until = mip6_lifetime_until (now, p->valid_lifetime);
  e->preferred_until = mip6_lifetime_until (now, p->preferred_lifetime);
  e->router = *router;
  e->routers |= 1u << router_idx;
}

Mip6MoveVerdict
mip6_movement_ra (Mip6Movement *m, gint64 now, const Mip6Ra *ra, GArray *actions)
{
  Mip6Movement old;
  guint n = MIN (ra->n_prefixes, MIP6_RA_MAX_PREFIXES);
  gint ri;

  if (!m->link_up)
    return MIP6_MOVE_NONE;
  m->n_ra_received++;
  old = *m;
  expire (m, now);

  /* RFC 4861 §6.3.7: a host stops soliciting once it receives an RA with a
   * non-zero Router Lifetime. */
  if (ra->router_lifetime > 0)
    stop_soliciting (m);
  if (mip6_addr_equal (&ra->source, &m->router))
    /* The router we suspected spoke. */
    m->probe_deadline = G_MAXINT64;

  ri = find_router (m, &ra->source);
  if (ri < 0)
    {
      ri = router_slot (m, now);
      if (ri < 0)
        {
          /* Bounded state (RFC 4861 §11.2): a ninth default router is not
           * kept. */
          m->n_routers_dropped++;
          return evaluate (m, now, &old, TRUE, actions);
        }
      memset (&m->routers[ri], 0, sizeof m->routers[ri]);
      m->routers[ri].addr = ra->source;
    }

  Mip6LinkRouter *r = &m->routers[ri];
  r->home_agent = ra->home_agent;
  r->lifetime_s = ra->router_lifetime;
  /* RFC 4861 §6.3.4: a Router Lifetime of zero times the router out of the
   * Default Router List at once; it stays known for the prefixes it
   * advertises. */
  r->expires = ra->router_lifetime ? now + (gint64) ra->router_lifetime * G_TIME_SPAN_SECOND : 0;
  r->last_ra = now;
  r->adv_interval_ms = ra->adv_interval_ms;

  m->n_prefixes_dropped += ra->n_prefixes_truncated + (ra->n_prefixes - n);
  for (guint i = 0; i < n; i++)
    learn_prefix (m, now, (guint) ri, &ra->source, &ra->prefixes[i]);
  prune_routers (m, now);

  return evaluate (m, now, &old, TRUE, actions);
}

Mip6MoveVerdict
mip6_movement_router_unreachable (Mip6Movement *m, gint64 now, const struct in6_addr *router,
                                  GArray *actions)
{
  Mip6Movement old;
  gint ri;

  if (!m->link_up)
    return MIP6_MOVE_NONE;
  ri = find_router (m, router);
  if (ri < 0)
    return MIP6_MOVE_NONE;
  old = *m;
  m->n_routers_unreachable++;
  if (mip6_addr_equal (router, &m->router))
    m->probe_deadline = G_MAXINT64;
  remove_router (m, (guint) ri, TRUE);
  expire (m, now);
  return evaluate (m, now, &old, FALSE, actions);
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
  Mip6MoveVerdict verdict;
  Mip6Movement old;

  if (!m->link_up)
    return MIP6_MOVE_NONE;

  old = *m;
  if (m->attached && now >= m->probe_deadline)
    {
      /* §11.5.1: the current router missed its advertisements and did not
       * answer our probe: as good as NUD failing for it. */
      gint ri = find_router (m, &m->router);

      m->probe_deadline = G_MAXINT64;
      m->n_routers_unreachable++;
      if (ri >= 0)
        remove_router (m, (guint) ri, TRUE);
    }
  expire (m, now);
  verdict = evaluate (m, now, &old, FALSE, actions);
  if (verdict == MIP6_MOVE_DETACHED)
    return verdict;

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
      if (m->rs_sent == MIP6_MAX_RTR_SOLICITATIONS && verdict == MIP6_MOVE_NONE)
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
    d = MIN (MIN (d, m->rs_next), m->settle_until);
  else
    {
      d = MIN (d, m->probe_deadline);
      d = MIN (d, mip6_movement_silence_deadline (m));
    }
  /* RFC 4861 §6.3.5: lifetimes time entries out whether RAs come or not. */
  for (guint i = 0; i < m->n_routers; i++)
    if (m->routers[i].expires != 0)
      d = MIN (d, m->routers[i].expires);
  for (guint i = 0; i < m->n_prefixes; i++)
    d = MIN (d, m->prefixes[i].valid_until);
  return d;
}

const Mip6LinkPrefix *
mip6_movement_prefixes (const Mip6Movement *m, guint *n_out)
{
  if (n_out)
    *n_out = m->n_prefixes;
  return m->prefixes;
}

const Mip6LinkRouter *
mip6_movement_routers (const Mip6Movement *m, guint *n_out)
{
  if (n_out)
    *n_out = m->n_routers;
  return m->routers;
}
