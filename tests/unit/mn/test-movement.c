/* Unit tests of movement detection and of handover phase timing.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "mn-test-util.h"

#include <string.h>

#include "mn/constants.h"

static void
init (Mip6Movement *m)
{
  struct in6_addr p = A (HOME_PREFIX), ha = A (HA);

  mip6_movement_init (m, &p, 64, &ha);
  /* Not the first network since start: verdicts come at once (the
   * start-up wait has its own test). */
  m->settled = TRUE;
}

#define ULA_PREFIX "fd00:7ead::"       /* a Thread border router's */
#define HOME2_PREFIX "2001:db8:2700::" /* a second uplink's, on the home link */
#define THREAD_BR "fe80::7ead:1"
#define AR_B "fe80::1100:2" /* a second router of visitnet */

static Mip6MoveVerdict
ra (Mip6Movement *m, gint64 now, const Mip6Event *e, GArray *actions)
{
  return mip6_movement_ra (m, now, &e->ra, actions);
}

static void
add_prefix (Mip6Event *e, const char *prefix, gboolean l, gboolean a)
{
  Mip6RaPrefix *p = &e->ra.prefixes[e->ra.n_prefixes++];

  *p = e->ra.prefixes[0];
  p->prefix = A (prefix);
  p->on_link = l;
  p->autonomous = a;
}

static gboolean
link_has_prefix (const Mip6Movement *m, const char *prefix)
{
  guint n;
  const Mip6LinkPrefix *p = mip6_movement_prefixes (m, &n);
  struct in6_addr want = A (prefix);

  for (guint i = 0; i < n; i++)
    if (p[i].plen == 64 && !memcmp (&p[i].prefix, &want, sizeof want))
      return TRUE;
  return FALSE;
}

static void
assert_addr (const struct in6_addr *got, const char *want)
{
  struct in6_addr w = A (want);
  g_assert_cmpmem (got, sizeof *got, &w, sizeof w);
}

static guint
count_rs (GArray *actions)
{
  guint n = 0;

  for (guint i = 0; i < actions->len; i++)
    if (g_array_index (actions, Mip6Action, i).kind == MIP6_ACTION_SEND_RS)
      n++;
  return n;
}

static void
test_verdicts (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;

  init (&m);
  /* An RA while the link is down means nothing. */
  e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  g_assert_cmpint (mip6_movement_ra (&m, 0, &e.ra, actions), ==, MIP6_MOVE_NONE);
  mip6_movement_link_up (&m, 0, actions);
  g_assert_cmpint (mip6_movement_ra (&m, 1, &e.ra, actions), ==, MIP6_MOVE_FOREIGN);
  g_assert_cmpint (mip6_movement_ra (&m, 2, &e.ra, actions), ==, MIP6_MOVE_RA_REFRESH);
  /* A second router on the same link and prefix is no move. */
  e = ev_ra (0, "fe80::1100:2", VISIT_PREFIX, FALSE, 0);
  g_assert_cmpint (mip6_movement_ra (&m, 3, &e.ra, actions), ==, MIP6_MOVE_RA_REFRESH);
  /* RFC 6275 §11.5.1: "even hearing a new router with a new prefix might
   * not be a reliable indication of an L3 handover": without a link change
   * a default router with another prefix is no move either, just another
   * prefix to form a care-of address from. (This test used to call it a
   * move.) */
  e = ev_ra (0, AR2, VISIT2_PREFIX, FALSE, 0);
  e.ra.router_lifetime = 0;
  g_assert_cmpint (mip6_movement_ra (&m, 4, &e.ra, actions), ==, MIP6_MOVE_LINK_CHANGED);
  e.ra.router_lifetime = 600;
  g_assert_cmpint (mip6_movement_ra (&m, 5, &e.ra, actions), ==, MIP6_MOVE_RA_REFRESH);
  assert_addr (&m.prefix, VISIT_PREFIX);
  g_assert_cmpuint (m.n_moves, ==, 1);
  /* A new link (§11.5.1: link-layer indication) is where a move shows. */
  mip6_movement_link_up (&m, 6, actions);
  g_assert_false (m.attached);
  e = ev_ra (0, HA_LL, HOME_PREFIX, TRUE, 0);
  /* The home prefix with L=0 does not make this the home link: RFC 4861
   * §4.6.2, L=0 "makes no statement about on-link or off-link properties",
   * and §11.5.4 needs the home prefix on-link. It does give a CoA (A=1). */
  e.ra.prefixes[0].on_link = FALSE;
  g_assert_cmpint (mip6_movement_ra (&m, 7, &e.ra, actions), ==, MIP6_MOVE_FOREIGN);
  g_assert_false (m.at_home);
  e.ra.prefixes[0].on_link = TRUE;
  g_assert_cmpint (mip6_movement_ra (&m, 8, &e.ra, actions), ==, MIP6_MOVE_HOME);
  g_assert_true (m.at_home);
  g_assert_true (m.ha_heard);
  g_assert_cmpint (mip6_movement_link_down (&m, 9, actions), ==, MIP6_MOVE_DETACHED);
  g_assert_cmpint (mip6_movement_next_deadline (&m), ==, G_MAXINT64);
}

/* RFC 4861 §6.3.5: a default router whose lifetime runs out is removed;
 * with nothing else known on the link, the node is detached and solicits
 * (RFC 6275 §11.5.1). */
static void
test_router_lifetime_expiry (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);

  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  e.ra.router_lifetime = 30;
  mip6_movement_ra (&m, SEC (1), &e.ra, actions);
  /* Without Advertisement Interval, the router lifetime bounds it. */
  g_assert_cmpint (mip6_movement_next_deadline (&m), ==, SEC (31));
  g_assert_cmpint (mip6_movement_timer (&m, SEC (31), actions), ==, MIP6_MOVE_DETACHED);
  g_assert_cmpint (g_array_index (actions, Mip6Action, actions->len - 1).kind, ==,
                   MIP6_ACTION_SEND_RS);
}

/* RFC 6275 §11.5.4/§11.5.2: the home link is recognised by the home subnet
 * prefix being on-link. RFC 4861 §6.3.4: hosts accept the union of all
 * received information; one RA does not invalidate another's. A Thread border
 * router (Router Lifetime 0, a ULA prefix) and a second default router with
 * another prefix are more routers and prefixes of the home link: the node
 * stays home. */
static void
test_home_link_two_routers_rfc6275_11_5_4 (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;

  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, HOME_ROUTER, HOME_PREFIX, FALSE, 0);
  g_assert_cmpint (ra (&m, MS (10), &e, actions), ==, MIP6_MOVE_HOME);

  e = ev_ra (0, THREAD_BR, ULA_PREFIX, FALSE, 0);
  e.ra.router_lifetime = 0; /* RFC 4861 §4.2: not a default router */
  Mip6MoveVerdict v = ra (&m, MS (20), &e, actions);
  g_assert_cmpint (v, !=, MIP6_MOVE_FOREIGN);
  g_assert_cmpint (v, !=, MIP6_MOVE_HOME);
  g_assert_cmpint (v, !=, MIP6_MOVE_DETACHED);
  g_assert_true (m.at_home);
  g_assert_true (link_has_prefix (&m, ULA_PREFIX));

  e = ev_ra (0, "fe80::2700:9", HOME2_PREFIX, FALSE, 0); /* a default router */
  v = ra (&m, MS (30), &e, actions);
  g_assert_cmpint (v, !=, MIP6_MOVE_FOREIGN);
  g_assert_cmpint (v, !=, MIP6_MOVE_HOME);
  g_assert_cmpint (v, !=, MIP6_MOVE_DETACHED);
  g_assert_true (m.at_home);
  assert_addr (&m.prefix, HOME_PREFIX);
  assert_addr (&m.router, HOME_ROUTER);
  g_assert_cmpuint (m.n_moves, ==, 1);

  /* Every router keeps advertising: still no move. */
  for (gint64 t = SEC (1); t < SEC (5); t += SEC (1))
    {
      e = ev_ra (0, THREAD_BR, ULA_PREFIX, FALSE, 0);
      e.ra.router_lifetime = 0;
      g_assert_cmpint (ra (&m, t, &e, actions), ==, MIP6_MOVE_RA_REFRESH);
      e = ev_ra (0, "fe80::2700:9", HOME2_PREFIX, FALSE, 0);
      g_assert_cmpint (ra (&m, t, &e, actions), ==, MIP6_MOVE_RA_REFRESH);
      e = ev_ra (0, HOME_ROUTER, HOME_PREFIX, FALSE, 0);
      g_assert_cmpint (ra (&m, t, &e, actions), ==, MIP6_MOVE_RA_REFRESH);
      g_assert_true (m.at_home);
    }
  g_assert_cmpuint (m.n_moves, ==, 1);
}

/* The same home link heard in another order, and in one RA: the border
 * router first (lifetime 0, no home prefix) is no network to be on yet; then
 * the home router makes it home. */
static void
test_home_link_other_orders_rfc6275_11_5_4 (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;

  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, THREAD_BR, ULA_PREFIX, FALSE, 0);
  e.ra.router_lifetime = 0;
  g_assert_cmpint (ra (&m, MS (10), &e, actions), ==, MIP6_MOVE_NONE);
  g_assert_false (m.attached);
  e = ev_ra (0, HOME_ROUTER, HOME_PREFIX, FALSE, 0);
  g_assert_cmpint (ra (&m, MS (20), &e, actions), ==, MIP6_MOVE_HOME);
  g_assert_true (link_has_prefix (&m, ULA_PREFIX));

  /* One RA with the ULA first, then a second GUA, then the home prefix. */
  mip6_movement_link_up (&m, SEC (1), actions);
  e = ev_ra (0, HOME_ROUTER, ULA_PREFIX, FALSE, 0);
  add_prefix (&e, HOME2_PREFIX, TRUE, TRUE);
  add_prefix (&e, HOME_PREFIX, TRUE, TRUE);
  g_assert_cmpint (ra (&m, SEC (1) + MS (10), &e, actions), ==, MIP6_MOVE_HOME);
  assert_addr (&m.prefix, HOME_PREFIX);
  g_assert_cmpuint (m.n_prefixes, ==, 3);
}

/* RFC 6275 §11.5.1: "There may be multiple routers on the same link, thus
 * hearing a new router does not necessarily constitute an L3 handover", and
 * they "might advertise different prefixes". On a visited link a second
 * router with a second prefix is no move; the CoA candidates grow. */
static void
test_visited_second_router_rfc6275_11_5_1 (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;

  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  g_assert_cmpint (ra (&m, MS (10), &e, actions), ==, MIP6_MOVE_FOREIGN);
  e = ev_ra (0, AR_B, VISIT2_PREFIX, FALSE, 0);
  g_assert_cmpint (ra (&m, MS (20), &e, actions), ==, MIP6_MOVE_LINK_CHANGED);
  g_assert_true (m.attached);
  g_assert_false (m.at_home);
  assert_addr (&m.prefix, VISIT_PREFIX);
  assert_addr (&m.router, AR);
  g_assert_true (link_has_prefix (&m, VISIT_PREFIX));
  g_assert_true (link_has_prefix (&m, VISIT2_PREFIX));
  g_assert_cmpuint (m.n_moves, ==, 1);
  /* The same router again: nothing new. */
  g_assert_cmpint (ra (&m, MS (30), &e, actions), ==, MIP6_MOVE_RA_REFRESH);
}

/* RFC 4861 §6.3.5: an expired default router is removed and "the node MUST
 * update the Destination Cache" to use another; RFC 6275 §11.5.1: a move is
 * when the default router is no longer reachable and a new one must be
 * found "usually on a new link" — with another default router of the same
 * link left, the node switches router and stays. */
static void
test_router_expires_other_remains_rfc4861_6_3_5 (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;

  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  e.ra.router_lifetime = 30;
  g_assert_cmpint (ra (&m, SEC (1), &e, actions), ==, MIP6_MOVE_FOREIGN);
  e = ev_ra (0, AR_B, VISIT_PREFIX, FALSE, 0);
  g_assert_cmpint (ra (&m, SEC (2), &e, actions), ==, MIP6_MOVE_RA_REFRESH);
  g_assert_cmpint (mip6_movement_next_deadline (&m), ==, SEC (31));
  Mip6MoveVerdict v = mip6_movement_timer (&m, SEC (31), actions);
  g_assert_cmpint (v, !=, MIP6_MOVE_DETACHED);
  g_assert_cmpint (v, !=, MIP6_MOVE_FOREIGN);
  g_assert_true (m.attached);
  assert_addr (&m.router, AR_B);
  assert_addr (&m.prefix, VISIT_PREFIX);
  g_assert_cmpuint (m.n_moves, ==, 1);
}

/* RFC 4861 §6.3.5: entries time out when their lifetimes run out; once
 * every router and prefix of the link is gone the node has nothing to be
 * attached to (RFC 6275 §11.5.1): detached, and it solicits. Also a router
 * that ceases to advertise (RFC 4861 §6.2.5: Router Lifetime 0, and here
 * valid lifetime 0, §6.3.4: "time-out the prefix immediately"). */
static void
test_all_gone_detached_rfc4861_6_3_5 (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;

  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  e.ra.router_lifetime = 30;
  ra (&m, SEC (1), &e, actions);
  e = ev_ra (0, AR_B, VISIT2_PREFIX, FALSE, 0);
  e.ra.router_lifetime = 40;
  g_assert_cmpint (ra (&m, SEC (1), &e, actions), ==, MIP6_MOVE_LINK_CHANGED);
  g_assert_cmpint (mip6_movement_timer (&m, SEC (31), actions), !=, MIP6_MOVE_DETACHED);
  g_assert_true (m.attached);
  g_array_set_size (actions, 0);
  g_assert_cmpint (mip6_movement_timer (&m, SEC (41), actions), ==, MIP6_MOVE_DETACHED);
  g_assert_false (m.attached);
  g_assert_cmpuint (count_rs (actions), ==, 1);
  g_assert_cmpuint (m.n_prefixes, ==, 0);

  /* The only router stops being one and withdraws its prefix. */
  e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  g_assert_cmpint (ra (&m, SEC (50), &e, actions), ==, MIP6_MOVE_FOREIGN);
  e.ra.router_lifetime = 0;
  e.ra.prefixes[0].valid_lifetime = 0;
  e.ra.prefixes[0].preferred_lifetime = 0;
  g_array_set_size (actions, 0);
  g_assert_cmpint (ra (&m, SEC (51), &e, actions), ==, MIP6_MOVE_DETACHED);
  g_assert_cmpuint (count_rs (actions), ==, 1);
}

/* RFC 6275 §11.5.1: "Neighbor Unreachability Detection determines that the
 * default router is no longer reachable" is an indication of an L3
 * handover, and then the node must find a new default router. With another
 * default router on the link it switches to it (RFC 4861 §6.3.6), no move;
 * alone, it is detached and solicits (RFC 4861 §6.3.7). */
static void
test_router_nud_failure_rfc6275_11_5_1 (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;
  struct in6_addr ar = A (AR), ar_b = A (AR_B), stranger = A ("fe80::dead");

  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  ra (&m, MS (10), &e, actions);
  e = ev_ra (0, AR_B, VISIT_PREFIX, FALSE, 0);
  ra (&m, MS (20), &e, actions);
  /* A neighbour that is no router we know of: nothing. */
  g_assert_cmpint (mip6_movement_router_unreachable (&m, SEC (1), &stranger, actions), ==,
                   MIP6_MOVE_NONE);
  Mip6MoveVerdict v = mip6_movement_router_unreachable (&m, SEC (1), &ar, actions);
  g_assert_cmpint (v, !=, MIP6_MOVE_DETACHED);
  g_assert_cmpint (v, !=, MIP6_MOVE_FOREIGN);
  g_assert_true (m.attached);
  assert_addr (&m.router, AR_B);
  assert_addr (&m.prefix, VISIT_PREFIX);
  /* The last router fails too. */
  g_array_set_size (actions, 0);
  g_assert_cmpint (mip6_movement_router_unreachable (&m, SEC (2), &ar_b, actions), ==,
                   MIP6_MOVE_DETACHED);
  g_assert_false (m.attached);
  g_assert_cmpuint (count_rs (actions), ==, 1);
  /* And the next RA is a network found anew. */
  e = ev_ra (0, AR2, VISIT2_PREFIX, FALSE, 0);
  g_assert_cmpint (ra (&m, SEC (3), &e, actions), ==, MIP6_MOVE_FOREIGN);
  assert_addr (&m.prefix, VISIT2_PREFIX);
}

/* An unreachable router takes along the prefixes only it advertised: a
 * care-of address in them would be unreachable (RFC 6275 §11.5.1); the
 * network's name moves to what remains (no move). */
static void
test_router_nud_failure_takes_its_prefixes (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;
  struct in6_addr ar = A (AR);

  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  ra (&m, MS (10), &e, actions);
  e = ev_ra (0, AR_B, VISIT2_PREFIX, FALSE, 0);
  ra (&m, MS (20), &e, actions);
  g_assert_cmpint (mip6_movement_router_unreachable (&m, SEC (1), &ar, actions), ==,
                   MIP6_MOVE_LINK_CHANGED);
  g_assert_false (link_has_prefix (&m, VISIT_PREFIX));
  g_assert_true (link_has_prefix (&m, VISIT2_PREFIX));
  assert_addr (&m.prefix, VISIT2_PREFIX);
  assert_addr (&m.router, AR_B);
  g_assert_cmpuint (m.n_moves, ==, 1);
}

/* RFC 6275 §7.3/§11.5.1: missed advertisements of the current router are an
 * indication; after an unanswered probe the router is gone. Another default
 * router of the link takes over without a move. */
static void
test_silence_other_router_remains_rfc6275_7_3 (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;

  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 1000);
  ra (&m, MS (10), &e, actions);
  e = ev_ra (0, AR_B, VISIT_PREFIX, FALSE, 0);
  ra (&m, MS (20), &e, actions);
  g_assert_cmpint (mip6_movement_next_deadline (&m), ==, MS (1510));
  g_array_set_size (actions, 0);
  g_assert_cmpint (mip6_movement_timer (&m, MS (1510), actions), ==, MIP6_MOVE_NONE);
  g_assert_cmpuint (count_rs (actions), ==, 1);
  /* Only the other router answers. */
  e = ev_ra (0, AR_B, VISIT_PREFIX, FALSE, 0);
  g_assert_cmpint (ra (&m, MS (1600), &e, actions), ==, MIP6_MOVE_RA_REFRESH);
  g_assert_cmpint (mip6_movement_next_deadline (&m), ==, MS (2510));
  Mip6MoveVerdict v = mip6_movement_timer (&m, MS (2510), actions);
  g_assert_cmpint (v, !=, MIP6_MOVE_DETACHED);
  g_assert_cmpint (v, !=, MIP6_MOVE_FOREIGN);
  g_assert_true (m.attached);
  assert_addr (&m.router, AR_B);
  g_assert_cmpuint (m.n_routers_unreachable, ==, 1);
}

/* RFC 4861 §4.6.2: L=0 "makes no statement about on-link or off-link
 * properties"; with A=1 RFC 4862 §5.5.3 still forms an address, so a care-of
 * address (RFC 6275 §11.5.3). A visited link advertising only such a prefix
 * is a network to register from. */
static void
test_off_link_autonomous_prefix_rfc4861_4_6_2 (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;
  guint n;

  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  e.ra.prefixes[0].on_link = FALSE;
  g_assert_cmpint (ra (&m, MS (10), &e, actions), ==, MIP6_MOVE_FOREIGN);
  assert_addr (&m.prefix, VISIT_PREFIX);
  const Mip6LinkPrefix *p = mip6_movement_prefixes (&m, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_false (p[0].on_link);
  g_assert_true (p[0].autonomous);
  /* Neither L nor A: the option tells nothing (and RFC 4862 §5.5.3 a)
   * ignores it for addresses). */
  mip6_movement_link_up (&m, SEC (1), actions);
  e.ra.prefixes[0].autonomous = FALSE;
  g_assert_cmpint (ra (&m, SEC (1) + MS (10), &e, actions), ==, MIP6_MOVE_NONE);
  g_assert_false (m.attached);
  mip6_movement_prefixes (&m, &n);
  g_assert_cmpuint (n, ==, 0);
}

/* RFC 4861 §6.3.4 processes each Prefix Information option; an RA with 40
 * of them is used. Our bounded lists keep the first MIP6_LINK_MAX_PREFIXES
 * and count the others. */
static void
test_many_prefixes_rfc4861_6_3_4 (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  guint n;

  g_assert_cmpuint (MIP6_RA_MAX_PREFIXES, >=, 32);
  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  /* The adapter carried the first MIP6_RA_MAX_PREFIXES of 40 options. */
  for (guint i = 1; i < MIP6_RA_MAX_PREFIXES; i++)
    {
      g_autofree char *s = g_strdup_printf ("fec0:106:%x::", 0x2000 + i);
      add_prefix (&e, s, TRUE, TRUE);
    }
  e.ra.n_prefixes_truncated = 40 - MIP6_RA_MAX_PREFIXES;
  g_assert_cmpint (ra (&m, MS (10), &e, actions), ==, MIP6_MOVE_FOREIGN);
  const Mip6LinkPrefix *p = mip6_movement_prefixes (&m, &n);
  g_assert_cmpuint (n, ==, MIP6_RA_MAX_PREFIXES);
  assert_addr (&p[0].prefix, VISIT_PREFIX);
  assert_addr (&m.prefix, VISIT_PREFIX);
  g_assert_cmpuint (m.n_prefixes_dropped, ==, 40 - MIP6_RA_MAX_PREFIXES);
  /* More new prefixes from another router do not fit: counted, the rest
   * kept, still no move. */
  e = ev_ra (0, AR_B, VISIT2_PREFIX, FALSE, 0);
  g_assert_cmpint (ra (&m, MS (20), &e, actions), ==, MIP6_MOVE_RA_REFRESH);
  g_assert_cmpuint (m.n_prefixes, ==, MIP6_LINK_MAX_PREFIXES);
  g_assert_cmpuint (m.n_prefixes_dropped, ==, 40 - MIP6_RA_MAX_PREFIXES + 1);
  /* A flood of routers costs bounded memory too. */
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *r = g_strdup_printf ("fe80::99:%x", i);
      e = ev_ra (0, r, VISIT_PREFIX, FALSE, 0);
      ra (&m, MS (30), &e, actions);
    }
  g_assert_cmpuint (m.n_routers, <=, MIP6_LINK_MAX_ROUTERS);
  g_assert_true (m.attached);
  assert_addr (&m.router, AR);
}

/* RFC 6275 §11.5.1: a link-layer change is an indication of an L3 handover;
 * the node then performs Router Discovery (RFC 4861 §6.3.7: solicits) and
 * decides anew from what it hears, forgetting the old link's routers and
 * prefixes. */
static void
test_link_change_resolicits_rfc6275_11_5_1 (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;
  guint n;

  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  ra (&m, MS (10), &e, actions);
  /* Re-association without a link-down (another access point). */
  g_array_set_size (actions, 0);
  g_assert_cmpint (mip6_movement_link_up (&m, SEC (1), actions), ==, MIP6_MOVE_NONE);
  g_assert_cmpuint (count_rs (actions), ==, 1);
  g_assert_false (m.attached);
  mip6_movement_prefixes (&m, &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpint (mip6_movement_next_deadline (&m), ==, SEC (2));
  /* The same network again is found again. */
  g_assert_cmpint (ra (&m, SEC (1) + MS (10), &e, actions), ==, MIP6_MOVE_FOREIGN);
  /* Link down, up elsewhere. */
  g_assert_cmpint (mip6_movement_link_down (&m, SEC (2), actions), ==, MIP6_MOVE_DETACHED);
  g_array_set_size (actions, 0);
  mip6_movement_link_up (&m, SEC (3), actions);
  g_assert_cmpuint (count_rs (actions), ==, 1);
  e = ev_ra (0, AR2, VISIT2_PREFIX, FALSE, 0);
  g_assert_cmpint (ra (&m, SEC (3) + MS (10), &e, actions), ==, MIP6_MOVE_FOREIGN);
  assert_addr (&m.prefix, VISIT2_PREFIX);
  g_assert_false (link_has_prefix (&m, VISIT_PREFIX));
  g_assert_cmpuint (m.n_moves, ==, 3);
}

/* None of the previous prefixes and routers remain (their lifetimes ran
 * out, RFC 4861 §6.3.5) and a new router advertises a new prefix: a new
 * network (RFC 6275 §11.5.1), even without a timer in between. */
static void
test_everything_new_is_a_move_rfc6275_11_5_1 (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;

  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  e.ra.router_lifetime = 30;
  e.ra.prefixes[0].valid_lifetime = 30;
  e.ra.prefixes[0].preferred_lifetime = 30;
  g_assert_cmpint (ra (&m, SEC (1), &e, actions), ==, MIP6_MOVE_FOREIGN);
  e = ev_ra (0, AR2, VISIT2_PREFIX, FALSE, 0);
  g_assert_cmpint (ra (&m, SEC (40), &e, actions), ==, MIP6_MOVE_FOREIGN);
  assert_addr (&m.prefix, VISIT2_PREFIX);
  assert_addr (&m.router, AR2);
  g_assert_false (link_has_prefix (&m, VISIT_PREFIX));
  g_assert_cmpuint (m.n_moves, ==, 2);
}

/* Renumbering (RFC 4861 §6.3.4: valid lifetime 0 times a prefix out): the
 * prefix that named the network goes while another remains, so some of the
 * previous prefixes remain: no move, the name and CoA candidates change. */
static void
test_renumbering_no_move (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;

  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  add_prefix (&e, VISIT2_PREFIX, TRUE, TRUE);
  g_assert_cmpint (ra (&m, MS (10), &e, actions), ==, MIP6_MOVE_FOREIGN);
  e.ra.prefixes[0].valid_lifetime = 0;
  e.ra.prefixes[0].preferred_lifetime = 0;
  g_assert_cmpint (ra (&m, MS (20), &e, actions), ==, MIP6_MOVE_LINK_CHANGED);
  assert_addr (&m.prefix, VISIT2_PREFIX);
  g_assert_cmpuint (m.n_moves, ==, 1);
}

static void
test_handover_timings (void)
{
  Mip6HandoverTrack h;

  mip6_handover_start (&h, SEC (5));
  mip6_handover_set_kind (&h, MIP6_HANDOVER_TO_HOME);
  mip6_handover_mark (&h, MIP6_PHASE_LINK_EVENT, SEC (5));
  mip6_handover_mark (&h, MIP6_PHASE_RA_RECEIVED, SEC (5) + MS (7));
  mip6_handover_mark (&h, MIP6_PHASE_ROUTES_SWITCHED, SEC (5) + MS (7));
  mip6_handover_mark (&h, MIP6_PHASE_BU_SENT, SEC (5) + MS (8));
  mip6_handover_mark (&h, MIP6_PHASE_BU_SENT, SEC (6)); /* retransmission: ignored */
  mip6_handover_mark (&h, MIP6_PHASE_BA_RECEIVED, SEC (5) + MS (19));
  g_assert_false (mip6_handover_has (&h, MIP6_PHASE_COA_USABLE));
  Mip6HandoverTimings t = mip6_handover_finish (&h, SEC (5) + MS (19));

  g_assert_false (h.active);
  g_assert_cmpint (t.offset_ms[MIP6_PHASE_RA_RECEIVED], ==, 7);
  g_assert_cmpint (t.offset_ms[MIP6_PHASE_COA_USABLE], ==, -1);
  g_assert_cmpint (t.offset_ms[MIP6_PHASE_BU_SENT], ==, 8);
  g_assert_cmpint (t.phase_ms[MIP6_PHASE_BU_SENT], ==, 1);
  g_assert_cmpint (t.phase_ms[MIP6_PHASE_BA_RECEIVED], ==, 11);
  /* Routes switched before the BA (at home): offset 7, never negative. */
  g_assert_cmpint (t.offset_ms[MIP6_PHASE_ROUTES_SWITCHED], ==, 7);
  g_assert_cmpint (t.phase_ms[MIP6_PHASE_ROUTES_SWITCHED], ==, 0);
  g_assert_cmpint (t.total_ms, ==, 19);
}

/* RFC 4861 §6.2.6: routers answer a solicitation within
 * MAX_RA_DELAY_TIME. At start nothing is known of the home link, so the
 * first network waits that long for the other routers: a home network's
 * second router answering first is no visit elsewhere. */
static void
test_start_waits_for_all_routers (void)
{
  Mip6Movement m;
  struct in6_addr p = A (HOME_PREFIX), ha = A (HA);
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;

  mip6_movement_init (&m, &p, 64, &ha);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, THREAD_BR, ULA_PREFIX, FALSE, 0);
  g_assert_cmpint (mip6_movement_ra (&m, MS (10), &e.ra, actions), ==, MIP6_MOVE_NONE);
  g_assert_cmpint (mip6_movement_next_deadline (&m), <=, MS (10) + MIP6_MAX_RA_DELAY_TIME);
  e = ev_ra (0, HA_LL, HOME_PREFIX, TRUE, 0);
  g_assert_cmpint (mip6_movement_ra (&m, MS (200), &e.ra, actions), ==, MIP6_MOVE_HOME);

  /* Away at start, the verdict comes once the wait is over. */
  mip6_movement_init (&m, &p, 64, &ha);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  g_assert_cmpint (mip6_movement_ra (&m, MS (10), &e.ra, actions), ==, MIP6_MOVE_NONE);
  g_assert_cmpint (mip6_movement_timer (&m, MS (10) + MIP6_MAX_RA_DELAY_TIME, actions), ==,
                   MIP6_MOVE_FOREIGN);
  /* A later handover does not wait. */
  mip6_movement_link_up (&m, SEC (5), actions);
  e = ev_ra (0, AR2, VISIT2_PREFIX, FALSE, 0);
  g_assert_cmpint (mip6_movement_ra (&m, SEC (5) + MS (10), &e.ra, actions), ==, MIP6_MOVE_FOREIGN);
}

/* RFC 6059 §2.1 recognises a link visited before by (router, prefix)
 * pairs: back home, a first RA from the home link's second router (which
 * does not advertise the home prefix) already says "home". */
static void
test_home_recognised_by_its_other_router (void)
{
  Mip6Movement m;
  g_autoptr (GArray) actions = mip6_actions_new ();
  Mip6Event e;

  init (&m);
  mip6_movement_link_up (&m, 0, actions);
  e = ev_ra (0, HA_LL, HOME_PREFIX, TRUE, 0);
  g_assert_cmpint (mip6_movement_ra (&m, MS (10), &e.ra, actions), ==, MIP6_MOVE_HOME);
  e = ev_ra (0, THREAD_BR, ULA_PREFIX, FALSE, 0);
  g_assert_cmpint (mip6_movement_ra (&m, MS (20), &e.ra, actions), ==, MIP6_MOVE_LINK_CHANGED);
  mip6_movement_link_up (&m, SEC (10), actions);
  e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  g_assert_cmpint (mip6_movement_ra (&m, SEC (10) + MS (10), &e.ra, actions), ==,
                   MIP6_MOVE_FOREIGN);
  mip6_movement_link_up (&m, SEC (20), actions);
  e = ev_ra (0, THREAD_BR, ULA_PREFIX, FALSE, 0);
  g_assert_cmpint (mip6_movement_ra (&m, SEC (20) + MS (10), &e.ra, actions), ==, MIP6_MOVE_HOME);
  g_assert_true (m.at_home);
  e = ev_ra (0, HA_LL, HOME_PREFIX, TRUE, 0);
  g_assert_cmpint (mip6_movement_ra (&m, SEC (20) + MS (30), &e.ra, actions), !=, MIP6_MOVE_HOME);
  /* Once the home prefix was heard, its loss is a move even while the
   * other router's entry lingers (RFC 6275 §11.5.1: the current router
   * gone); here it is a default router with its own prefix, so a
   * visited network as far as the node can tell. */
  g_assert_cmpint (
      mip6_movement_router_unreachable (&m, SEC (25), &(struct in6_addr){ 0 }, actions), ==,
      MIP6_MOVE_NONE);
  struct in6_addr ha_ll = A (HA_LL);
  g_assert_cmpint (mip6_movement_router_unreachable (&m, SEC (25), &ha_ll, actions), ==,
                   MIP6_MOVE_FOREIGN);
  g_assert_false (m.at_home);
  /* The same prefix from another router is no proof. */
  mip6_movement_link_up (&m, SEC (30), actions);
  e = ev_ra (0, "fe80::bad", ULA_PREFIX, FALSE, 0);
  g_assert_cmpint (mip6_movement_ra (&m, SEC (30) + MS (10), &e.ra, actions), ==,
                   MIP6_MOVE_FOREIGN);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mn/movement/rfc4861-6.2.6-start-waits-for-all-routers",
                   test_start_waits_for_all_routers);
  g_test_add_func ("/mn/movement/rfc6059-home-recognised-by-its-other-router",
                   test_home_recognised_by_its_other_router);
  g_test_add_func ("/mn/movement/verdicts", test_verdicts);
  g_test_add_func ("/mn/movement/router-lifetime", test_router_lifetime_expiry);
  g_test_add_func ("/mn/movement/rfc6275-11.5.4/home-link-two-routers",
                   test_home_link_two_routers_rfc6275_11_5_4);
  g_test_add_func ("/mn/movement/rfc6275-11.5.4/home-link-other-orders",
                   test_home_link_other_orders_rfc6275_11_5_4);
  g_test_add_func ("/mn/movement/rfc6275-11.5.1/visited-second-router",
                   test_visited_second_router_rfc6275_11_5_1);
  g_test_add_func ("/mn/movement/rfc4861-6.3.5/router-expires-other-remains",
                   test_router_expires_other_remains_rfc4861_6_3_5);
  g_test_add_func ("/mn/movement/rfc4861-6.3.5/all-gone-detached",
                   test_all_gone_detached_rfc4861_6_3_5);
  g_test_add_func ("/mn/movement/rfc6275-11.5.1/router-nud-failure",
                   test_router_nud_failure_rfc6275_11_5_1);
  g_test_add_func ("/mn/movement/rfc6275-11.5.1/router-nud-failure-prefixes",
                   test_router_nud_failure_takes_its_prefixes);
  g_test_add_func ("/mn/movement/rfc6275-7.3/silence-other-router-remains",
                   test_silence_other_router_remains_rfc6275_7_3);
  g_test_add_func ("/mn/movement/rfc4861-4.6.2/off-link-autonomous-prefix",
                   test_off_link_autonomous_prefix_rfc4861_4_6_2);
  g_test_add_func ("/mn/movement/rfc4861-6.3.4/many-prefixes", test_many_prefixes_rfc4861_6_3_4);
  g_test_add_func ("/mn/movement/rfc6275-11.5.1/link-change-resolicits",
                   test_link_change_resolicits_rfc6275_11_5_1);
  g_test_add_func ("/mn/movement/rfc4861-6.3.4/renumbering-no-move", test_renumbering_no_move);
  g_test_add_func ("/mn/movement/rfc6275-11.5.1/everything-new-is-a-move",
                   test_everything_new_is_a_move_rfc6275_11_5_1);
  g_test_add_func ("/mn/handover/timings", test_handover_timings);
  return g_test_run ();
}
