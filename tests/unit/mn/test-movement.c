/* Unit tests of movement detection and of handover phase timing.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "mn-test-util.h"

static void
init (Mip6Movement *m)
{
  struct in6_addr p = A (HOME_PREFIX), ha = A (HA);

  mip6_movement_init (m, &p, 64, &ha);
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
  /* A router that is no default router (lifetime 0) on a foreign prefix
   * says nothing about movement. */
  e = ev_ra (0, AR2, VISIT2_PREFIX, FALSE, 0);
  e.ra.router_lifetime = 0;
  g_assert_cmpint (mip6_movement_ra (&m, 4, &e.ra, actions), ==, MIP6_MOVE_NONE);
  /* A new prefix is a move (§11.5.1). */
  e.ra.router_lifetime = 600;
  g_assert_cmpint (mip6_movement_ra (&m, 5, &e.ra, actions), ==, MIP6_MOVE_FOREIGN);
  /* An RA without on-link prefix cannot tell. */
  e = ev_ra (0, HA_LL, HOME_PREFIX, TRUE, 0);
  e.ra.prefixes[0].on_link = FALSE;
  g_assert_cmpint (mip6_movement_ra (&m, 6, &e.ra, actions), ==, MIP6_MOVE_NONE);
  e.ra.prefixes[0].on_link = TRUE;
  g_assert_cmpint (mip6_movement_ra (&m, 7, &e.ra, actions), ==, MIP6_MOVE_HOME);
  g_assert_true (m.ha_heard);
  g_assert_cmpint (mip6_movement_link_down (&m, 8, actions), ==, MIP6_MOVE_DETACHED);
  g_assert_cmpint (mip6_movement_next_deadline (&m), ==, G_MAXINT64);
}

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mn/movement/verdicts", test_verdicts);
  g_test_add_func ("/mn/movement/router-lifetime", test_router_lifetime_expiry);
  g_test_add_func ("/mn/handover/timings", test_handover_timings);
  return g_test_run ();
}
