/* Unit tests of the mobile node state machine (RFC 6275 §11), driven by an
 * injected clock: every expected value below is worked out from the RFC
 * rules and the event times, not read back from the code.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "mn-test-util.h"
#include "mn/constants.h"

#include <string.h>

#define BU_COA1(seq, lt)                                                                           \
  "SEND_BU dst=" HA " src=" COA1 " hoa=" HOA " coa=" COA1 " seq=" #seq " lifetime=" #lt " flags="  \
  "AH"
#define BU_COA2(seq, lt)                                                                           \
  "SEND_BU dst=" HA " src=" COA2 " hoa=" HOA " coa=" COA2 " seq=" #seq " lifetime=" #lt " flags="  \
  "AH"

/* Starts at home: link up at 0, the HA's RA (H flag) at 10 ms, the home
 * address on the interface at 20 ms. */
static Mip6Mn *
start_at_home (guint16 initial_seq)
{
  Mip6MnConfig cfg = test_config (initial_seq);
  Mip6Mn *mn = mip6_mn_new (&cfg);
  Mip6Event e;

  e = ev_link_up (0);
  g_strfreev (feed (mn, &e));
  e = ev_ra (MS (10), HA_LL, HOME_PREFIX, TRUE, 0);
  g_strfreev (feed (mn, &e));
  e = ev_addr (MS (20), HOA, 0, MIP6_LIFETIME_INFINITY, MIP6_LIFETIME_INFINITY);
  g_strfreev (feed (mn, &e));
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_HOME);
  return mn;
}

/* Moves to visitnet: link down at 10 s, up at 11 s, AR's RA at 11.020 s,
 * the CoA (optimistic) at 11.030 s; the BU goes out then. */
static Mip6Mn *
move_to_visitnet (guint16 initial_seq, guint32 coa_valid)
{
  Mip6Mn *mn = start_at_home (initial_seq);
  Mip6Event e;

  e = ev_link_down (SEC (10));
  g_strfreev (feed (mn, &e));
  e = ev_link_up (SEC (11));
  g_strfreev (feed (mn, &e));
  e = ev_ra (SEC (11) + MS (20), AR, VISIT_PREFIX, FALSE, 0);
  g_strfreev (feed (mn, &e));
  e = ev_addr (SEC (11) + MS (30), COA1, MIP6_ADDR_F_TENTATIVE | MIP6_ADDR_F_OPTIMISTIC, coa_valid,
               MIN (coa_valid, 14400));
  g_strfreev (feed (mn, &e));
  return mn;
}

static void
test_rs_at_once_on_carrier_up (void)
{
  Mip6MnConfig cfg = test_config (100);
  g_autoptr (Mip6Mn) mn = mip6_mn_new (&cfg);
  Mip6Event e = ev_link_up (SEC (100));
  g_auto (GStrv) l1 = feed (mn, &e);

  /* RFC 6275 §11.5.1: solicit at once, retry after 1 s. */
  ASSERT_LINES (l1, "SEND_RS", "ARM_TIMER 101000000");
  e = ev_timer (SEC (101));
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_LINES (l2, "SEND_RS", "ARM_TIMER 102000000");
  e = ev_timer (SEC (102));
  g_auto (GStrv) l3 = feed (mn, &e);
  ASSERT_LINES (l3, "SEND_RS", "ARM_TIMER 103000000");
  /* MAX_RTR_SOLICITATIONS (3) unanswered: the handover fails, solicitation
   * goes on with doubling intervals (2 s, 4 s, ...), no busy loop. */
  e = ev_timer (SEC (103));
  g_auto (GStrv) l4 = feed (mn, &e);
  ASSERT_LINES (l4, "SEND_RS",
                "HANDOVER_FAILED status=0 no router answered 3 router solicitations; check that "
                "the link has an IPv6 router",
                "ARM_TIMER 105000000");
  e = ev_timer (SEC (105));
  g_auto (GStrv) l5 = feed (mn, &e);
  ASSERT_LINES (l5, "SEND_RS", "ARM_TIMER 109000000");
  /* A timer that fires early does nothing. */
  e = ev_timer (SEC (106));
  g_auto (GStrv) l6 = feed (mn, &e);
  ASSERT_NO_LINES (l6);
  g_assert_cmpuint (mip6_mn_get_movement (mn)->n_rs_sent, ==, 5);
  g_assert_cmpuint (mip6_mn_get_movement (mn)->n_ra_received, ==, 0);
}

static void
test_home_recognised (void)
{
  Mip6MnConfig cfg = test_config (100);
  g_autoptr (Mip6Mn) mn = mip6_mn_new (&cfg);
  Mip6Event e = ev_link_up (0);

  g_strfreev (feed (mn, &e));
  e = ev_ra (MS (10), HA_LL, HOME_PREFIX, TRUE, 0);
  g_auto (GStrv) l = feed (mn, &e);
  /* Starting at home is no handover and needs no BU; the next deadline is
   * the router lifetime (1800 s after the RA). */
  ASSERT_LINES (l, "STATE_CHANGED detached->home", "ARM_TIMER 1800010000");
  g_assert_true (mip6_mn_get_movement (mn)->at_home);
  g_assert_true (mip6_mn_get_movement (mn)->ha_heard);
  g_assert_false (mip6_mn_get_coa (mn, NULL));
  g_assert_cmpuint (mip6_mn_get_movement (mn)->n_ra_received, ==, 1);
  g_assert_cmpuint (mip6_mn_get_movement (mn)->n_moves, ==, 1);
}

static void
test_home_recognised_by_prefix_alone (void)
{
  Mip6MnConfig cfg = test_config (100);
  g_autoptr (Mip6Mn) mn = mip6_mn_new (&cfg);
  Mip6Event e = ev_link_up (0);

  g_strfreev (feed (mn, &e));
  /* The home router R, not the HA: no H flag, still the home prefix. */
  e = ev_ra (MS (10), HOME_ROUTER, HOME_PREFIX, FALSE, 0);
  g_auto (GStrv) l = feed (mn, &e);
  ASSERT_LINES (l, "STATE_CHANGED detached->home", "ARM_TIMER 1800010000");
  g_assert_false (mip6_mn_get_movement (mn)->ha_heard);
  /* Then the HA's own RA on the same link confirms it, no move. */
  e = ev_ra (MS (20), HA_LL, HOME_PREFIX, TRUE, 0);
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_NO_LINES (l2);
}

static void
test_move_registers_and_times_handover (void)
{
  g_autoptr (Mip6Mn) mn = start_at_home (100);
  Mip6Event e;
  Mip6HandoverTimings t;

  e = ev_link_down (SEC (10));
  g_auto (GStrv) l1 = feed (mn, &e);
  ASSERT_LINES (l1, "STATE_CHANGED home->detached", "ARM_TIMER none");
  e = ev_link_up (SEC (11));
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_LINES (l2, "SEND_RS", "ARM_TIMER 12000000");
  e = ev_ra (SEC (11) + MS (20), AR, VISIT_PREFIX, FALSE, 0);
  g_auto (GStrv) l3 = feed (mn, &e);
  ASSERT_LINES (l3, "HANDOVER_STARTED to-foreign", "STATE_CHANGED detached->registering",
                "ARM_TIMER 1811020000");
  /* RFC 4429: the optimistic address is used at once. §11.7.1: A|H, the
   * initial sequence number, lifetime min(config 3600, CoA valid 86400);
   * §11.8: first registration waits 1.5 s. */
  e = ev_addr (SEC (11) + MS (30), COA1, MIP6_ADDR_F_TENTATIVE | MIP6_ADDR_F_OPTIMISTIC, 86400,
               14400);
  g_auto (GStrv) l4 = feed (mn, &e);
  ASSERT_LINES (l4, BU_COA1 (100, 3600), "ARM_TIMER 12530000");
  g_assert_cmpint (mip6_mn_get_bul (mn)->state, ==, MIP6_BUL_REGISTERING);

  e = ev_ba (SEC (11) + MS (50), 0, 100, 3600, 0);
  g_auto (GStrv) l5 = feed (mn, &e);
  ASSERT_LINES (l5, "TUNNEL_SET local=" COA1 " remote=" HA, "ROUTES_VIA_TUNNEL hoa=" HOA " ha=" HA,
                "STATE_CHANGED registering->foreign",
                "HANDOVER_COMPLETED to-foreign link-event=+0 ra-received=+20 coa-usable=+30 "
                "bu-sent=+30 ba-received=+50 routes-switched=+50 total=50ms",
                "ARM_TIMER 1811020000");
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_FOREIGN);
  g_assert_cmpint (mip6_mn_get_bul (mn)->state, ==, MIP6_BUL_REGISTERED);

  g_assert_true (mip6_mn_get_last_handover (mn, &t));
  g_assert_cmpint (t.kind, ==, MIP6_HANDOVER_TO_FOREIGN);
  g_assert_cmpint (t.started_at, ==, SEC (11));
  g_assert_cmpint (t.at[MIP6_PHASE_BA_RECEIVED], ==, SEC (11) + MS (50));
  g_assert_cmpint (t.phase_ms[MIP6_PHASE_LINK_EVENT], ==, 0);
  g_assert_cmpint (t.phase_ms[MIP6_PHASE_RA_RECEIVED], ==, 20);
  g_assert_cmpint (t.phase_ms[MIP6_PHASE_COA_USABLE], ==, 10);
  g_assert_cmpint (t.phase_ms[MIP6_PHASE_BU_SENT], ==, 0);
  g_assert_cmpint (t.phase_ms[MIP6_PHASE_BA_RECEIVED], ==, 20);
  g_assert_cmpint (t.phase_ms[MIP6_PHASE_ROUTES_SWITCHED], ==, 0);
  g_assert_cmpint (t.total_ms, ==, 50);
}

static void
test_retransmission_schedule (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  /* §11.8, §13: 1.5 s, then doubling up to MAX_BINDACK_TIMEOUT (32 s), then
   * 32 s for ever. */
  const gint64 waits_ms[] = { 1500, 3000, 6000, 12000, 24000, 32000, 32000, 32000 };
  gint64 last = SEC (11) + MS (30);
  guint failures = 0;

  for (guint i = 0; i < G_N_ELEMENTS (waits_ms); i++)
    {
      gint64 due = last + MS (waits_ms[i]);

      g_assert_cmpint (mip6_mn_next_deadline (mn), ==, due);
      Mip6Event e = ev_timer (due);
      g_auto (GStrv) l = feed (mn, &e);
      const char *bu = find_line (l, "SEND_BU");
      g_autofree char *seq = g_strdup_printf (" seq=%u ", 101 + i);

      g_assert_nonnull (bu);
      /* Each BU, retransmissions included, takes the next number. */
      g_assert_nonnull (strstr (bu, seq));
      if (find_line (l, "HANDOVER_FAILED"))
        {
          failures++;
          /* Reported once, when the back-off reaches the maximum (the
           * wait after this BU is 32 s). */
          g_assert_cmpuint (i, ==, 4);
          g_assert_nonnull (strstr (find_line (l, "HANDOVER_FAILED"),
                                    "no Binding Acknowledgement from home agent " HA));
        }
      g_assert_null (find_line (l, "REGISTRATION_FAILED"));
      last = due;
    }
  g_assert_cmpuint (failures, ==, 1);
  g_assert_cmpuint (mip6_mn_get_bul (mn)->stats.bu_retransmitted, ==, G_N_ELEMENTS (waits_ms));

  /* A late BA for the newest BU still registers. */
  Mip6Event e = ev_ba (last + MS (10), 0, 101 + G_N_ELEMENTS (waits_ms) - 1, 3600, 0);
  g_auto (GStrv) l = feed (mn, &e);
  g_assert_nonnull (find_line (l, "TUNNEL_SET"));
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_FOREIGN);
}

static void
test_status_135_recovery (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (40), MIP6_BA_SEQUENCE_OUT_OF_WINDOW, 5000, 0, 0);
  g_auto (GStrv) l = feed (mn, &e);

  /* §11.7.3: continue from the HA's number, send again at once. */
  ASSERT_LINES (l, BU_COA1 (5001, 3600), "ARM_TIMER 12540000");
  e = ev_ba (SEC (11) + MS (60), 0, 5001, 3600, 0);
  g_auto (GStrv) l2 = feed (mn, &e);
  g_assert_nonnull (find_line (l2, "TUNNEL_SET"));
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_FOREIGN);
}

static void
test_wrong_seq_ba_ignored (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (40), 0, 99, 3600, 0);
  g_auto (GStrv) l = feed (mn, &e);

  ASSERT_NO_LINES (l);
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_REGISTERING);
  g_assert_cmpuint (mip6_mn_get_bul (mn)->stats.ba_ignored, ==, 1);
  /* Nor does a BA from anyone but the HA count. */
  e = ev_ba (SEC (11) + MS (45), 0, 100, 3600, 0);
  e.ba.source = A ("fec0:106:2700::99");
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_NO_LINES (l2);
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_REGISTERING);
}

static void
test_lifetime_bounded_by_coa (void)
{
  /* §11.7.1: CoA valid for 601 s -> 600 (4 s units, rounded down). */
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 601);

  g_assert_cmpuint (mip6_mn_get_bul (mn)->lifetime_s, ==, 600);
  /* The HA grants less than asked: the binding lives that long from the BU. */
  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 400, 0);
  g_strfreev (feed (mn, &e));
  g_assert_cmpint (mip6_mn_get_bul (mn)->expires_at, ==, SEC (11) + MS (30) + SEC (400));
}

static void
test_refresh_scheduled (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 1000, 0);

  g_strfreev (feed (mn, &e));
  /* Refresh at 80% of the granted 1000 s, counted from the BU (11.030 s). */
  g_assert_cmpint (mip6_mn_next_deadline (mn), ==, SEC (11) + MS (30) + SEC (800));
  e = ev_timer (SEC (811) + MS (30));
  g_auto (GStrv) l = feed (mn, &e);
  /* A refresh is not a first registration: 1 s timeout. */
  ASSERT_LINES (l, BU_COA1 (101, 3600), "ARM_TIMER 812030000");
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_FOREIGN);
  e = ev_ba (SEC (811) + MS (50), 0, 101, 3600, 0);
  g_auto (GStrv) l2 = feed (mn, &e);
  /* Same CoA: no tunnel or route change, no handover; next: the router
   * lifetime (RA at 11.020 s + 1800 s). */
  ASSERT_LINES (l2, "ARM_TIMER 1811020000");
}

static void
test_refresh_follows_coa_lifetime (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 1000, 0);

  g_strfreev (feed (mn, &e));
  /* The CoA's valid lifetime drops to 1000 s at 20 s (an RA said so). */
  e = ev_addr (SEC (20), COA1, 0, 1000, 900);
  g_auto (GStrv) l = feed (mn, &e);
  ASSERT_NO_LINES (l);
  /* At the refresh (811.030 s), 1020 - 811.03 = 208.97 s remain -> 208. */
  e = ev_timer (SEC (811) + MS (30));
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_LINES (l2, BU_COA1 (101, 208), "ARM_TIMER 812030000");
}

static void
test_refresh_advice (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  /* §6.2.4 Binding Refresh Advice: 100 s. */
  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 3600, 100);

  g_strfreev (feed (mn, &e));
  g_assert_cmpint (mip6_mn_next_deadline (mn), ==, SEC (111) + MS (30));
}

static void
test_brr_sends_bu (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 3600, 0);

  g_strfreev (feed (mn, &e));
  e = (Mip6Event){ .kind = MIP6_EVENT_BRR, .now = SEC (20) };
  e.brr.source = A (HA);
  g_auto (GStrv) l = feed (mn, &e);
  /* §11.7.4; lifetime: min(3600, CoA's remaining 86391 s). */
  ASSERT_LINES (l, BU_COA1 (101, 3600), "ARM_TIMER 21000000");
}

static void
test_visitnet_to_visitnet2 (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 3600, 0);

  g_strfreev (feed (mn, &e));
  e = ev_link_down (SEC (20));
  g_auto (GStrv) l1 = feed (mn, &e);
  /* The binding stays (expires 3600 s after the BU at 11.030 s). */
  ASSERT_LINES (l1, "STATE_CHANGED foreign->detached", "ARM_TIMER 3611030000");
  e = ev_link_up (SEC (21));
  g_strfreev (feed (mn, &e));
  e = ev_ra (SEC (21) + MS (20), AR2, VISIT2_PREFIX, FALSE, 0);
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_LINES (l2, "HANDOVER_STARTED foreign-to-foreign", "ADDRESS_REMOVE " COA1 "/64",
                "ROUTES_REMOVE " VISIT_PREFIX "/64", "STATE_CHANGED detached->registering",
                "ARM_TIMER 1821020000");
  /* The old address is still there (until the adapter removes it) but is
   * never chosen. */
  e = ev_addr (SEC (21) + MS (30), COA2, 0, 86400, 14400);
  g_auto (GStrv) l3 = feed (mn, &e);
  /* Next sequence number; not a first registration any more: 1 s. */
  ASSERT_LINES (l3, BU_COA2 (101, 3600), "ARM_TIMER 22030000");
  e = ev_ba (SEC (21) + MS (50), 0, 101, 3600, 0);
  g_auto (GStrv) l4 = feed (mn, &e);
  ASSERT_LINES (l4, "TUNNEL_SET local=" COA2 " remote=" HA, "STATE_CHANGED registering->foreign",
                "HANDOVER_COMPLETED foreign-to-foreign link-event=+0 ra-received=+20 "
                "coa-usable=+30 bu-sent=+30 ba-received=+50 routes-switched=+50 total=50ms",
                "ARM_TIMER 1821020000");
}

static void
test_return_home (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 3600, 0);

  g_strfreev (feed (mn, &e));
  e = ev_link_down (SEC (30));
  g_strfreev (feed (mn, &e));
  e = ev_link_up (SEC (31));
  g_strfreev (feed (mn, &e));
  e = ev_ra (SEC (31) + MS (20), HA_LL, HOME_PREFIX, TRUE, 0);
  g_auto (GStrv) l = feed (mn, &e);
  /* §11.5.4: tunnel and routes go, visited leftovers go, deregistration
   * from the home address with lifetime 0 and CoA = home address. */
  ASSERT_LINES (l, "HANDOVER_STARTED to-home", "STATE_CHANGED detached->home", "TUNNEL_DEL",
                "ROUTES_HOME", "ADDRESS_REMOVE " COA1 "/64", "ROUTES_REMOVE " VISIT_PREFIX "/64",
                "SEND_BU dst=" HA " src=" HOA " hoa=" HOA " coa=" HOA
                " seq=101 lifetime=0 flags=AH",
                "ARM_TIMER 32020000");
  e = ev_ba (SEC (31) + MS (40), 0, 101, 0, 0);
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_LINES (l2, "SEND_NA " HOA,
                "HANDOVER_COMPLETED to-home link-event=+0 ra-received=+20 coa-usable=+20 "
                "bu-sent=+20 ba-received=+40 routes-switched=+20 total=40ms",
                "ARM_TIMER 1831020000");
  g_assert_cmpint (mip6_mn_get_bul (mn)->state, ==, MIP6_BUL_NONE);
}

static void
test_return_home_unanswered (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 12, 0);

  /* Granted 12 s: the HA forgets us at 23.030 s whatever happens. */
  g_strfreev (feed (mn, &e));
  e = ev_ra (SEC (12), HA_LL, HOME_PREFIX, TRUE, 0);
  g_strfreev (feed (mn, &e));
  /* Deregistration retransmissions: 13 s, 15 s, 19 s; then the binding
   * has lapsed at the HA (23.030 s) and there is nothing to undo. */
  for (gint64 t = SEC (13), i = 0; i < 3; i++)
    {
      g_assert_cmpint (mip6_mn_next_deadline (mn), ==, t);
      e = ev_timer (t);
      g_auto (GStrv) l = feed (mn, &e);
      g_assert_nonnull (find_line (l, "SEND_BU"));
      t += SEC (2) << i;
    }
  g_assert_cmpint (mip6_mn_next_deadline (mn), ==, SEC (23) + MS (30));
  e = ev_timer (SEC (23) + MS (30));
  g_auto (GStrv) l = feed (mn, &e);
  g_assert_null (find_line (l, "SEND_BU"));
  g_assert_nonnull (find_line (l, "HANDOVER_COMPLETED to-home"));
  g_assert_cmpint (mip6_mn_get_bul (mn)->state, ==, MIP6_BUL_NONE);
}

static void
test_tentative_not_used_until_dad (void)
{
  g_autoptr (Mip6Mn) mn = start_at_home (100);
  Mip6Event e = ev_link_up (SEC (11));

  g_strfreev (feed (mn, &e));
  e = ev_ra (SEC (11) + MS (20), AR, VISIT_PREFIX, FALSE, 0);
  g_strfreev (feed (mn, &e));
  /* RFC 4862 §5.4: tentative (not optimistic) -> not a CoA yet. */
  e = ev_addr (SEC (11) + MS (30), COA1, MIP6_ADDR_F_TENTATIVE, 86400, 14400);
  g_auto (GStrv) l1 = feed (mn, &e);
  ASSERT_NO_LINES (l1);
  /* Deprecated -> never. */
  e = ev_addr (SEC (11) + MS (40), COA1, MIP6_ADDR_F_DEPRECATED, 86400, 0);
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_NO_LINES (l2);
  /* DAD done. */
  e = ev_addr (SEC (12) + MS (30), COA1, 0, 86400, 14400);
  g_auto (GStrv) l3 = feed (mn, &e);
  ASSERT_LINES (l3, BU_COA1 (100, 3600), "ARM_TIMER 13530000");
}

static void
test_router_silence_via_adv_interval (void)
{
  Mip6MnConfig cfg = test_config (100);
  g_autoptr (Mip6Mn) mn = mip6_mn_new (&cfg);
  Mip6Event e = ev_link_up (0);

  g_strfreev (feed (mn, &e));
  /* §7.3: Advertisement Interval 1000 ms; suspicion after 1000 ms + 500 ms. */
  e = ev_ra (MS (10), HA_LL, HOME_PREFIX, TRUE, 1000);
  g_auto (GStrv) l1 = feed (mn, &e);
  ASSERT_LINES (l1, "STATE_CHANGED detached->home", "ARM_TIMER 1510000");
  e = ev_timer (MS (1510));
  g_auto (GStrv) l2 = feed (mn, &e);
  /* One RS to check, an answer is due within 1 s. */
  ASSERT_LINES (l2, "SEND_RS", "ARM_TIMER 2510000");
  e = ev_ra (MS (2000), HA_LL, HOME_PREFIX, TRUE, 1000);
  g_auto (GStrv) l3 = feed (mn, &e);
  ASSERT_LINES (l3, "ARM_TIMER 3500000");
  e = ev_timer (MS (3500));
  g_auto (GStrv) l4 = feed (mn, &e);
  ASSERT_LINES (l4, "SEND_RS", "ARM_TIMER 4500000");
  e = ev_timer (MS (4500));
  g_auto (GStrv) l5 = feed (mn, &e);
  /* Silent: the router is gone, we are detached and solicit again. */
  ASSERT_LINES (l5, "SEND_RS", "STATE_CHANGED home->detached", "ARM_TIMER 5500000");
  g_assert_false (mip6_mn_get_movement (mn)->attached);
}

static void
test_link_down_detaches (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_link_down (SEC (12));
  g_auto (GStrv) l = feed (mn, &e);

  /* No binding yet and no link: nothing to retransmit, no timer. */
  ASSERT_LINES (l, "HANDOVER_FAILED status=0 lost the link before the handover completed",
                "STATE_CHANGED registering->detached", "ARM_TIMER none");
  g_assert_cmpint (mip6_mn_next_deadline (mn), ==, G_MAXINT64);
}

static void
test_link_down_keeps_binding (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 3600, 0);

  g_strfreev (feed (mn, &e));
  e = ev_link_down (SEC (12));
  g_strfreev (feed (mn, &e));
  g_assert_true (mip6_mn_get_bul (mn)->binding);
  /* Back on the same network with the binding still valid: no BU. */
  e = ev_link_up (SEC (13));
  g_strfreev (feed (mn, &e));
  e = ev_ra (SEC (13) + MS (20), AR, VISIT_PREFIX, FALSE, 0);
  g_auto (GStrv) l = feed (mn, &e);
  g_assert_null (find_line (l, "SEND_BU"));
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_FOREIGN);
  g_assert_nonnull (find_line (l, "HANDOVER_COMPLETED foreign-to-foreign"));
}

static void
test_seq_wraps (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (65535, 86400);

  g_assert_cmpuint (mip6_mn_get_bul (mn)->seq, ==, 65535);
  Mip6Event e = ev_timer (SEC (12) + MS (530));
  g_auto (GStrv) l = feed (mn, &e);
  /* §11.7.1: modulo 2^16. */
  ASSERT_LINES (l, BU_COA1 (0, 3600), "ARM_TIMER 15530000");
}

static void
test_error_status (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (50), MIP6_BA_PROHIBITED, 100, 0, 0);
  g_auto (GStrv) l = feed (mn, &e);

  ASSERT_LINES (l,
                "HANDOVER_FAILED status=129 home agent " HA ": the home agent refused the "
                "Binding Update: administratively prohibited; check that this home address is "
                "allowed in the home agent's configuration (status 129)",
                "ARM_TIMER 1811020000");
  /* No retransmission after a refusal. */
  g_assert_false (mip6_mn_get_bul (mn)->outstanding);
  /* Nor a new BU for the refused CoA at each address update. */
  e = ev_addr (SEC (12), COA1, 0, 86400, 14400);
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_NO_LINES (l2);
  /* A new network gets a new chance. */
  e = ev_ra (SEC (13), AR2, VISIT2_PREFIX, FALSE, 0);
  g_strfreev (feed (mn, &e));
  e = ev_addr (SEC (13) + MS (10), COA2, 0, 86400, 14400);
  g_auto (GStrv) l3 = feed (mn, &e);
  g_assert_nonnull (find_line (l3, BU_COA2 (101, 3600)));
}

static void
test_binding_error (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 3600, 0);

  g_strfreev (feed (mn, &e));
  /* §11.3.6 status 1: the HA lost our binding -> register again (first
   * registration timeout, 1.5 s). */
  e = (Mip6Event){ .kind = MIP6_EVENT_BE, .now = SEC (20) };
  e.be.source = A (HA);
  e.be.status = MIP6_BE_UNKNOWN_BINDING_HAO;
  e.be.home_address = A (HOA);
  g_auto (GStrv) l = feed (mn, &e);
  ASSERT_LINES (l, "STATE_CHANGED foreign->registering", BU_COA1 (101, 3600), "ARM_TIMER 21500000");

  /* §11.3.6 status 2: the HA does not do Mobility Headers: stop. */
  e.now = SEC (21);
  e.be.status = MIP6_BE_UNKNOWN_MH_TYPE;
  g_auto (GStrv) l2 = feed (mn, &e);
  g_assert_nonnull (find_line (l2, "REGISTRATION_FAILED status=2 home agent " HA
                                   " does not recognise Mobility Header messages"));
  g_assert_false (mip6_mn_get_bul (mn)->outstanding);
}

static void
test_coa_replaced_when_deprecated (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 3600, 0);

  g_strfreev (feed (mn, &e));
  e = ev_addr (SEC (15), COA2 /* any other address */, 0, 86400, 14400);
  /* Not of this network's prefix: ignored. */
  g_auto (GStrv) l0 = feed (mn, &e);
  ASSERT_NO_LINES (l0);
  e = ev_addr (SEC (16), "fec0:106:1100::abcd", 0, 86400, 14400);
  g_auto (GStrv) l1 = feed (mn, &e);
  ASSERT_NO_LINES (l1);
  /* The CoA is deprecated: move the binding to the other address. */
  e = ev_addr (SEC (17), COA1, MIP6_ADDR_F_DEPRECATED, 86400, 0);
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_LINES (l2, "STATE_CHANGED foreign->registering",
                "SEND_BU dst=" HA " src=fec0:106:1100::abcd hoa=" HOA
                " coa=fec0:106:1100::abcd seq=101 lifetime=3600 flags=AH",
                "ARM_TIMER 18000000");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mn/rs-at-once", test_rs_at_once_on_carrier_up);
  g_test_add_func ("/mn/home-recognised", test_home_recognised);
  g_test_add_func ("/mn/home-recognised-by-prefix", test_home_recognised_by_prefix_alone);
  g_test_add_func ("/mn/move-register-timings", test_move_registers_and_times_handover);
  g_test_add_func ("/mn/retransmission-schedule", test_retransmission_schedule);
  g_test_add_func ("/mn/status-135", test_status_135_recovery);
  g_test_add_func ("/mn/wrong-seq-ba", test_wrong_seq_ba_ignored);
  g_test_add_func ("/mn/lifetime-bounded", test_lifetime_bounded_by_coa);
  g_test_add_func ("/mn/refresh", test_refresh_scheduled);
  g_test_add_func ("/mn/refresh-follows-coa-lifetime", test_refresh_follows_coa_lifetime);
  g_test_add_func ("/mn/refresh-advice", test_refresh_advice);
  g_test_add_func ("/mn/brr", test_brr_sends_bu);
  g_test_add_func ("/mn/visitnet-visitnet2", test_visitnet_to_visitnet2);
  g_test_add_func ("/mn/return-home", test_return_home);
  g_test_add_func ("/mn/return-home-unanswered", test_return_home_unanswered);
  g_test_add_func ("/mn/tentative-deprecated", test_tentative_not_used_until_dad);
  g_test_add_func ("/mn/router-silence", test_router_silence_via_adv_interval);
  g_test_add_func ("/mn/link-down", test_link_down_detaches);
  g_test_add_func ("/mn/link-down-keeps-binding", test_link_down_keeps_binding);
  g_test_add_func ("/mn/seq-wrap", test_seq_wraps);
  g_test_add_func ("/mn/error-status", test_error_status);
  g_test_add_func ("/mn/binding-error", test_binding_error);
  g_test_add_func ("/mn/coa-deprecated-replaced", test_coa_replaced_when_deprecated);
  return g_test_run ();
}
