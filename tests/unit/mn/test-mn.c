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

/* The home agent's RA with its Source Link-Layer Address: the adapter
 * tells the core the address just before the RA itself. */
static void
feed_known_home_agent (Mip6Mn *mn, gint64 now)
{
  Mip6Event e = { .kind = MIP6_EVENT_HOME_AGENT_LINK_ADDRESS, .now = now };
  g_strfreev (feed (mn, &e));
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
  /* Starting at home is no handover and needs no BU; the home address is
   * put on the home link, and since the home agent cannot hold a binding
   * of ours, through DAD (§11.5.4, RFC 4862 §5.4). The next deadline is
   * the router lifetime (1800 s after the RA). */
  ASSERT_LINES (l, "STATE_CHANGED detached->home", "HOME_LINK_JOIN " HOA "/64 dad",
                "ARM_TIMER 1800010000");
  g_assert_true (mip6_mn_get_movement (mn)->at_home);
  g_assert_true (mip6_mn_get_movement (mn)->ha_heard);
  g_assert_false (mip6_mn_get_coa (mn, NULL));
  g_assert_cmpuint (mip6_mn_get_movement (mn)->n_ra_received, ==, 1);
  g_assert_cmpuint (mip6_mn_get_movement (mn)->n_moves, ==, 1);
}

/* §11.5.1: a link-layer hint that is no link change (NetworkManager's
 * dispatcher reporting the link up again) solicits routers at once and
 * forgets nothing: one RS, no state change, no handover. */
static void
test_link_hint_solicits (void)
{
  Mip6MnConfig cfg = test_config (100);
  g_autoptr (Mip6Mn) mn = mip6_mn_new (&cfg);
  Mip6Event e = ev_link_up (0);

  g_strfreev (feed (mn, &e));
  e = ev_ra (MS (10), HA_LL, HOME_PREFIX, TRUE, 0);
  g_strfreev (feed (mn, &e));
  guint rs_before = mip6_mn_get_movement (mn)->n_rs_sent;
  e = (Mip6Event){ .kind = MIP6_EVENT_LINK_HINT, .now = SEC (5) };
  g_auto (GStrv) l = feed (mn, &e);
  ASSERT_LINES (l, "SEND_RS");
  g_assert_cmpuint (mip6_mn_get_movement (mn)->n_rs_sent, ==, rs_before + 1);
  g_assert_true (mip6_mn_get_movement (mn)->attached);
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_HOME);
  /* Without a link, nothing. */
  e = ev_link_down (SEC (6));
  g_strfreev (feed (mn, &e));
  e = (Mip6Event){ .kind = MIP6_EVENT_LINK_HINT, .now = SEC (7) };
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_NO_LINES (l2);
}

/* At home the home address is used on the home link (§11.5.4): when
 * someone else removes it (NetworkManager reapplying its profile), it is
 * put back at once, not at the next return home. */
static void
test_home_address_restored_at_home (void)
{
  Mip6MnConfig cfg = test_config (100);
  g_autoptr (Mip6Mn) mn = mip6_mn_new (&cfg);
  Mip6Event e = ev_link_up (0);

  g_strfreev (feed (mn, &e));
  e = ev_ra (MS (10), HA_LL, HOME_PREFIX, TRUE, 0);
  g_strfreev (feed (mn, &e));
  e = ev_addr_removed (MS (500), HOA);
  g_auto (GStrv) l = feed (mn, &e);
  g_assert_true (g_strv_contains ((const char *const *) l, "HOME_LINK_JOIN " HOA "/64 dad"));
  /* Once only: the address is ours again. */
  e = ev_addr (MS (600), HOA, 0, G_MAXUINT32, G_MAXUINT32);
  g_auto (GStrv) l2 = feed (mn, &e);
  g_assert_false (g_strv_contains ((const char *const *) l2, "HOME_LINK_JOIN " HOA "/64 dad"));

  /* Removed while the link is not known as home (a new link, no RA yet):
   * not put back until that link is known to be home. */
  e = ev_link_up (SEC (2));
  g_strfreev (feed (mn, &e));
  e = ev_addr_removed (SEC (2) + 1000, HOA);
  g_auto (GStrv) l3 = feed (mn, &e);
  for (guint i = 0; l3[i]; i++)
    g_assert_false (g_str_has_prefix (l3[i], "HOME_LINK_JOIN"));
  e = ev_ra (SEC (2) + MS (10), HA_LL, HOME_PREFIX, TRUE, 0);
  g_auto (GStrv) l4 = feed (mn, &e);
  gboolean joined = FALSE;
  for (guint i = 0; l4[i]; i++)
    joined |= g_str_has_prefix (l4[i], "HOME_LINK_JOIN " HOA "/64");
  g_assert_true (joined);
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
  ASSERT_LINES (l, "STATE_CHANGED detached->home", "HOME_LINK_JOIN " HOA "/64 dad",
                "ARM_TIMER 1800010000");
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
  ASSERT_LINES (l1, "STATE_CHANGED home->detached", "STATE_REASON no-link status=0",
                "ARM_TIMER none");
  e = ev_link_up (SEC (11));
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_LINES (l2, "SEND_RS", "ARM_TIMER 12000000");
  e = ev_ra (SEC (11) + MS (20), AR, VISIT_PREFIX, FALSE, 0);
  g_auto (GStrv) l3 = feed (mn, &e);
  /* §11.5.2: away, the home prefix is not on-link; until a BA, nothing
   * from the home address leaves (DESIGN.md), the CoA works directly. */
  /* The home link's router is no router here (RFC 4861 §6.3.5). */
  ASSERT_LINES (l3, "ROUTER_REMOVE " HA_LL, "HANDOVER_STARTED to-foreign",
                "HOME_LINK_LEAVE " HOA "/64", "ROUTES_BLOCKED hoa=" HOA,
                "STATE_CHANGED detached->registering", "STATE_REASON registering status=0",
                "ARM_TIMER 1811020000");
  /* RFC 4429: the optimistic address is used at once. §11.7.1: A|H, the
   * initial sequence number, lifetime min(config 3600, CoA valid 86400);
   * §11.8: first registration waits 1.5 s. */
  e = ev_addr (SEC (11) + MS (30), COA1, MIP6_ADDR_F_TENTATIVE | MIP6_ADDR_F_OPTIMISTIC, 86400,
               14400);
  g_auto (GStrv) l4 = feed (mn, &e);
  ASSERT_LINES (l4, "STATE_REASON registering status=0", BU_COA1 (100, 3600), "ARM_TIMER 12530000");
  g_assert_cmpint (mip6_mn_get_bul (mn)->state, ==, MIP6_BUL_REGISTERING);

  e = ev_ba (SEC (11) + MS (50), 0, 100, 3600, 0);
  g_auto (GStrv) l5 = feed (mn, &e);
  /* §11.7.3: BU leaves, BA arrives, then tunnel and routes switch. */
  ASSERT_LINES (l5, "TUNNEL_SET local=" COA1 " remote=" HA, "ROUTES_VIA_TUNNEL hoa=" HOA,
                "STATE_CHANGED registering->foreign", "STATE_REASON none status=0",
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
          /* Reported once, after MIP6_MN_UNANSWERED_LIMIT (2) timeouts:
           * the node is away and unregistered, the CoA works directly. */
          g_assert_cmpuint (i + 1, ==, MIP6_MN_UNANSWERED_LIMIT);
          g_assert_nonnull (
              strstr (find_line (l, "HANDOVER_FAILED"), "Home agent " HA " does not answer"));
          g_assert_nonnull (find_line (l, "STATE_CHANGED registering->unregistered"));
          g_assert_nonnull (find_line (l, "STATE_REASON ha-unreachable status=0"));
          g_assert_null (find_line (l, "TUNNEL_"));
          g_assert_null (find_line (l, "ROUTES_"));
        }
      else
        g_assert_null (find_line (l, "STATE_"));
      g_assert_null (find_line (l, "REGISTRATION_FAILED"));
      last = due;
    }
  g_assert_cmpuint (failures, ==, 1);
  g_assert_cmpuint (mip6_mn_get_bul (mn)->stats.bu_retransmitted, ==, G_N_ELEMENTS (waits_ms));

  /* A late BA for the newest BU still registers. */
  Mip6Event e = ev_ba (last + MS (10), 0, 101 + G_N_ELEMENTS (waits_ms) - 1, 3600, 0);
  g_auto (GStrv) l = feed (mn, &e);
  g_assert_nonnull (find_line (l, "TUNNEL_SET"));
  g_assert_nonnull (find_line (l, "ROUTES_VIA_TUNNEL hoa=" HOA));
  g_assert_nonnull (find_line (l, "STATE_CHANGED unregistered->foreign"));
  g_assert_nonnull (find_line (l, "STATE_REASON none status=0"));
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
  ASSERT_LINES (l1, "STATE_CHANGED foreign->detached", "STATE_REASON no-link status=0",
                "ARM_TIMER 3611030000");
  e = ev_link_up (SEC (21));
  g_strfreev (feed (mn, &e));
  e = ev_ra (SEC (21) + MS (20), AR2, VISIT2_PREFIX, FALSE, 0);
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_LINES (l2, "ROUTER_REMOVE " AR, "HANDOVER_STARTED foreign-to-foreign",
                "ADDRESS_REMOVE " COA1 "/64", "ROUTES_REMOVE " VISIT_PREFIX "/64",
                "STATE_CHANGED detached->registering", "STATE_REASON registering status=0",
                "ARM_TIMER 1821020000");
  /* The old address is still there (until the adapter removes it) but is
   * never chosen. */
  e = ev_addr (SEC (21) + MS (30), COA2, 0, 86400, 14400);
  g_auto (GStrv) l3 = feed (mn, &e);
  /* Next sequence number; not a first registration any more: 1 s. */
  ASSERT_LINES (l3, "STATE_REASON registering status=0", BU_COA2 (101, 3600), "ARM_TIMER 22030000");
  e = ev_ba (SEC (21) + MS (50), 0, 101, 3600, 0);
  g_auto (GStrv) l4 = feed (mn, &e);
  ASSERT_LINES (l4, "TUNNEL_SET local=" COA2 " remote=" HA, "STATE_CHANGED registering->foreign",
                "STATE_REASON none status=0",
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
  /* The home agent's RA carries its link-layer address (the adapter
   * tells the core before the RA itself). */
  Mip6Event known = { .kind = MIP6_EVENT_HOME_AGENT_LINK_ADDRESS, .now = SEC (31) + MS (20) };
  g_strfreev (feed (mn, &known));
  e = ev_ra (SEC (31) + MS (20), HA_LL, HOME_PREFIX, TRUE, 0);
  g_auto (GStrv) l = feed (mn, &e);
  /* §11.5.4: tunnel and routes go, visited leftovers go, deregistration
   * from the home address with lifetime 0 and CoA = home address. */
  /* The home address back on the home link without DAD: the HA defends
   * it until the deregistration is acknowledged. */
  ASSERT_LINES (l, "ROUTER_REMOVE " AR, "HANDOVER_STARTED to-home", "STATE_CHANGED detached->home",
                "TUNNEL_DEL", "ROUTES_HOME", "ADDRESS_REMOVE " COA1 "/64",
                "ROUTES_REMOVE " VISIT_PREFIX "/64", "HOME_LINK_JOIN " HOA "/64",
                "STATE_REASON none status=0",
                "SEND_BU dst=" HA " src=" HOA " hoa=" HOA " coa=" HOA
                " seq=101 lifetime=0 flags=AH",
                "ARM_TIMER 32020000");
  e = ev_ba (SEC (31) + MS (40), 0, 101, 0, 0);
  g_auto (GStrv) l2 = feed (mn, &e);
  /* §11.5.4 after the BA: unsolicited NAs for the home address,
   * MAX_NEIGHBOR_ADVERTISEMENT (3) of them RetransTimer (1 s) apart
   * (RFC 4861 §7.2.6). */
  ASSERT_LINES (l2, "SEND_NA " HOA,
                "HANDOVER_COMPLETED to-home link-event=+0 ra-received=+20 coa-usable=+20 "
                "bu-sent=+20 ba-received=+40 routes-switched=+20 total=40ms",
                "ARM_TIMER 32040000");
  g_assert_cmpint (mip6_mn_get_bul (mn)->state, ==, MIP6_BUL_NONE);
  e = ev_timer (SEC (32) + MS (40));
  g_auto (GStrv) l3 = feed (mn, &e);
  ASSERT_LINES (l3, "SEND_NA " HOA, "ARM_TIMER 33040000");
  e = ev_timer (SEC (33) + MS (40));
  g_auto (GStrv) l4 = feed (mn, &e);
  ASSERT_LINES (l4, "SEND_NA " HOA, "ARM_TIMER 1831020000");
}

static void
test_return_home_unanswered (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 12, 0);

  /* Granted 12 s: the HA forgets us at 23.030 s whatever happens. */
  g_strfreev (feed (mn, &e));
  Mip6Event known = { .kind = MIP6_EVENT_HOME_AGENT_LINK_ADDRESS, .now = SEC (12) };
  g_strfreev (feed (mn, &known));
  e = ev_ra (SEC (12), HA_LL, HOME_PREFIX, TRUE, 0);
  g_strfreev (feed (mn, &e));
  /* Deregistration retransmissions: 13 s, 15 s, 19 s; after the second
   * timeout (15 s) the home link is ours anyway: 3 NAs at 15, 16, 17 s.
   * Then the binding has lapsed at the HA (23.030 s) and there is
   * nothing to undo. */
  const gint64 due[] = { SEC (13), SEC (15), SEC (16), SEC (17), SEC (19), SEC (23) + MS (30) };
  const char *what[] = { "SEND_BU", "SEND_NA", "SEND_NA", "SEND_NA", "SEND_BU", NULL };
  guint nas = 0;

  for (guint i = 0; i < G_N_ELEMENTS (due); i++)
    {
      g_assert_cmpint (mip6_mn_next_deadline (mn), ==, due[i]);
      e = ev_timer (due[i]);
      g_auto (GStrv) l = feed (mn, &e);
      if (what[i])
        g_assert_nonnull (find_line (l, what[i]));
      if (i == 1)
        g_assert_nonnull (find_line (l, "SEND_BU"));
      for (guint j = 0; l[j]; j++)
        nas += g_str_has_prefix (l[j], "SEND_NA");
      if (i == G_N_ELEMENTS (due) - 1)
        {
          g_assert_null (find_line (l, "SEND_BU"));
          g_assert_nonnull (find_line (l, "HANDOVER_COMPLETED to-home"));
        }
    }
  g_assert_cmpuint (nas, ==, MIP6_MAX_NEIGHBOR_ADVERTISEMENT);
  g_assert_cmpint (mip6_mn_get_bul (mn)->state, ==, MIP6_BUL_NONE);
  /* Nothing left to do but follow the router. */
  g_assert_cmpint (mip6_bul_next_deadline (mip6_mn_get_bul (mn)), ==, G_MAXINT64);
  g_assert_cmpint (mip6_mn_next_deadline (mn), >, SEC (1800));
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
  ASSERT_LINES (l3, "STATE_REASON registering status=0", BU_COA1 (100, 3600), "ARM_TIMER 13530000");
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
  ASSERT_LINES (l1, "STATE_CHANGED detached->home", "HOME_LINK_JOIN " HOA "/64 dad",
                "ARM_TIMER 1510000");
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
  ASSERT_LINES (l5, "SEND_RS", "STATE_CHANGED home->detached", "STATE_REASON no-router status=0",
                "ARM_TIMER 5500000");
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
                "STATE_CHANGED registering->detached", "STATE_REASON no-link status=0",
                "ARM_TIMER none");
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

  /* §11.7.3: a final refusal; away and unregistered, the routes stay
   * blocked (they were since the move), no tunnel. */
  ASSERT_LINES (l, "STATE_CHANGED registering->unregistered", "STATE_REASON refused-129 status=129",
                "HANDOVER_FAILED status=129 Home agent " HA " refused the registration: the home "
                "agent refused the Binding Update: administratively prohibited; check that this "
                "home address is allowed in the home agent's configuration (status 129). The "
                "home address is unavailable until you move, reload or reregister.",
                "ARM_TIMER 1811020000");
  /* No retransmission after a refusal. */
  g_assert_false (mip6_mn_get_bul (mn)->outstanding);
  /* Nor a new BU for the refused CoA at each address update. */
  e = ev_addr (SEC (12), COA1, 0, 86400, 14400);
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_NO_LINES (l2);
  /* A new network gets a new chance. RFC 6275 §11.5.1: a new router with a
   * new prefix on the same link is no move by itself; the link changes. */
  e = ev_link_down (SEC (13) - MS (20));
  g_strfreev (feed (mn, &e));
  e = ev_link_up (SEC (13) - MS (10));
  g_strfreev (feed (mn, &e));
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
  /* No binding, so no tunnel nor routes into it (DESIGN.md): the routes
   * are blocked before the tunnel goes, so nothing leaks. */
  ASSERT_LINES (l, "ROUTES_BLOCKED hoa=" HOA, "TUNNEL_DEL", "STATE_CHANGED foreign->registering",
                "STATE_REASON registering status=0", BU_COA1 (101, 3600), "ARM_TIMER 21500000");

  /* §11.3.6 status 2: the HA does not do Mobility Headers: stop. */
  e.now = SEC (21);
  e.be.status = MIP6_BE_UNKNOWN_MH_TYPE;
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_LINES (l2, "STATE_CHANGED registering->unregistered",
                "STATE_REASON not-home-agent status=2",
                "REGISTRATION_FAILED status=2 Home agent " HA " does not recognise Mobility "
                "Header messages: it does not run Mobile IPv6; check the home-agent key.",
                "ARM_TIMER 1811020000");
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
  ASSERT_LINES (l2, "STATE_CHANGED foreign->registering", "STATE_REASON registering status=0",
                "SEND_BU dst=" HA " src=fec0:106:1100::abcd hoa=" HOA
                " coa=fec0:106:1100::abcd seq=101 lifetime=3600 flags=AH",
                "ARM_TIMER 18000000");
}

/* ---- failure states and the rule above the others (DESIGN.md) ----
 * Time is simulated: MIP6_EVENT_TIMER is fed at mip6_mn_next_deadline(). */

typedef struct
{
  GPtrArray *lines; /* every action line, in order */
  GArray *bu_times; /* gint64: when each SEND_BU left */
  GArray *na_times; /* gint64: when each SEND_NA left */
} Log;

static void
log_init (Log *log)
{
  log->lines = g_ptr_array_new_with_free_func (g_free);
  log->bu_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  log->na_times = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
log_clear (Log *log)
{
  g_ptr_array_unref (log->lines);
  g_array_unref (log->bu_times);
  g_array_unref (log->na_times);
}

static void
log_reset (Log *log)
{
  log_clear (log);
  log_init (log);
}

/* Feeds one event, logs its lines and returns them. */
static GStrv
feed_log (Mip6Mn *mn, const Mip6Event *e, Log *log)
{
  GStrv l = feed (mn, e);

  for (guint i = 0; l[i]; i++)
    {
      if (log)
        g_ptr_array_add (log->lines, g_strdup (l[i]));
      if (log && g_str_has_prefix (l[i], "SEND_BU"))
        g_array_append_val (log->bu_times, e->now);
      if (log && g_str_has_prefix (l[i], "SEND_NA"))
        g_array_append_val (log->na_times, e->now);
    }
  return l;
}

static void
feed_quiet (Mip6Mn *mn, const Mip6Event *e, Log *log)
{
  g_strfreev (feed_log (mn, e, log));
}

/* Lets time pass up to @until: a timer event at each deadline. A deadline
 * that does not move forward after its timer fired is a busy loop. */
static void
run_until (Mip6Mn *mn, gint64 until, Log *log)
{
  for (guint n = 0;; n++)
    {
      gint64 d = mip6_mn_next_deadline (mn);

      g_assert_cmpuint (n, <, 100000);
      if (d > until)
        return;
      Mip6Event e = ev_timer (d);
      feed_quiet (mn, &e, log);
      g_assert_cmpint (mip6_mn_next_deadline (mn), >, d);
    }
}

static guint
count_lines (GPtrArray *lines, const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < lines->len; i++)
    n += g_str_has_prefix (lines->pdata[i], prefix);
  return n;
}

static guint
count_strv (GStrv lines, const char *prefix)
{
  guint n = 0;

  for (guint i = 0; lines[i]; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

/* The last STATE_REASON line logged, or NULL. */
static const char *
last_reason (GPtrArray *lines)
{
  for (guint i = lines->len; i > 0; i--)
    if (g_str_has_prefix (lines->pdata[i - 1], "STATE_REASON"))
      return lines->pdata[i - 1];
  return NULL;
}

/* §11.8 MAX_UPDATE_RATE: no 1 s window holds more than 3 BUs. */
static void
assert_update_rate (GArray *bu_times)
{
  for (guint i = 0; i + MIP6_MAX_UPDATE_RATE < bu_times->len; i++)
    g_assert_cmpint (g_array_index (bu_times, gint64, i + MIP6_MAX_UPDATE_RATE) -
                         g_array_index (bu_times, gint64, i),
                     >=, G_TIME_SPAN_SECOND);
}

/* visitnet -> visitnet2 at @t: link down, up 1 s later, AR2's RA 20 ms
 * after, the CoA 10 ms after that. Returns the lines of the address event. */
static GStrv
move_to_visitnet2 (Mip6Mn *mn, gint64 t, Log *log)
{
  Mip6Event e;

  e = ev_link_down (t);
  feed_quiet (mn, &e, log);
  e = ev_link_up (t + SEC (1));
  feed_quiet (mn, &e, log);
  e = ev_ra (t + SEC (1) + MS (20), AR2, VISIT2_PREFIX, FALSE, 0);
  feed_quiet (mn, &e, log);
  e = ev_addr (t + SEC (1) + MS (30), COA2, 0, 86400, 14400);
  return feed_log (mn, &e, log);
}

static Mip6Event
ev_be (gint64 now, guint8 status)
{
  Mip6Event e = { .kind = MIP6_EVENT_BE, .now = now };

  e.be.source = A (HA);
  e.be.status = status;
  e.be.home_address = A (HOA);
  return e;
}

static Mip6Event
ev_reregister (gint64 now)
{
  Mip6Event e = { .kind = MIP6_EVENT_REREGISTER, .now = now };
  return e;
}

/* 1. §11.7.3: 129, 131-134 are final: no BU until a move, a reload or the
 * person's Reregister; the care-of address works directly meanwhile. */
static void
test_refusal_final (gconstpointer data)
{
  guint8 status = (guint8) GPOINTER_TO_UINT (data);
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  g_autofree char *token = g_strdup_printf ("STATE_REASON refused-%u status=%u", status, status);
  g_autofree char *failed = g_strdup_printf ("HANDOVER_FAILED status=%u ", status);
  Log log;
  log_init (&log);

  Mip6Event e = ev_ba (SEC (11) + MS (50), status, 100, 0, 0);
  g_auto (GStrv) l = feed_log (mn, &e, &log);
  g_assert_nonnull (find_line (l, "STATE_CHANGED registering->unregistered"));
  g_assert_nonnull (find_line (l, failed));
  g_assert_nonnull (find_line (l, token));
  /* ROUTES_BLOCKED since the move: it stays; no tunnel, no other route. */
  g_assert_null (find_line (l, "TUNNEL_"));
  g_assert_null (find_line (l, "ROUTES_"));
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_UNREGISTERED);

  /* Minutes of timers and address updates: no BU. */
  e = ev_addr (SEC (20), COA1, 0, 86400, 14400);
  feed_quiet (mn, &e, &log);
  run_until (mn, SEC (11) + SEC (600), &log);
  g_assert_cmpuint (log.bu_times->len, ==, 0);
  g_assert_cmpuint (count_lines (log.lines, "TUNNEL_"), ==, 0);
  g_assert_cmpuint (count_lines (log.lines, "ROUTES_"), ==, 0);
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_UNREGISTERED);

  /* The person's Reregister: a new BU, the next number, from the CoA. */
  e = ev_reregister (SEC (700));
  g_auto (GStrv) l2 = feed_log (mn, &e, &log);
  g_assert_nonnull (find_line (l2, BU_COA1 (101, 3600)));
  g_assert_nonnull (find_line (l2, "STATE_CHANGED unregistered->registering"));
  g_assert_nonnull (find_line (l2, "STATE_REASON registering status=0"));
  g_assert_null (find_line (l2, "ROUTES_"));

  /* Refused again: quiet again. */
  e = ev_ba (SEC (700) + MS (20), status, 101, 0, 0);
  feed_quiet (mn, &e, &log);
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_UNREGISTERED);
  log_reset (&log);
  run_until (mn, SEC (900), &log);
  g_assert_cmpuint (log.bu_times->len, ==, 0);

  /* A move to another visited network: a new registration. */
  g_auto (GStrv) l3 = move_to_visitnet2 (mn, SEC (900), &log);
  g_assert_nonnull (find_line (l3, BU_COA2 (102, 3600)));
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_REGISTERING);
  g_assert_cmpuint (count_lines (log.lines, "TUNNEL_SET"), ==, 0);
  g_assert_cmpuint (count_lines (log.lines, "ROUTES_VIA_TUNNEL"), ==, 0);
  log_clear (&log);
}

/* 2. §11.7.3 leaves 128 and 130 to the mobile node; §11.8: retried on the
 * back-off schedule (1.5 s, then doubling), the person told why. */
static void
test_refusal_retried (gconstpointer data)
{
  guint8 status = (guint8) GPOINTER_TO_UINT (data);
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  g_autofree char *token = g_strdup_printf ("STATE_REASON refused-%u status=%u", status, status);
  const gint64 waits_ms[] = { 1500, 3000, 6000, 12000, 24000, 32000, 32000 };
  gint64 last = SEC (11) + MS (30);
  Log log;
  log_init (&log);

  Mip6Event e = ev_ba (SEC (11) + MS (50), status, 100, 0, 0);
  g_auto (GStrv) l = feed_log (mn, &e, &log);
  g_assert_nonnull (find_line (l, "STATE_CHANGED registering->unregistered"));
  g_assert_nonnull (find_line (l, token));
  g_assert_null (find_line (l, "TUNNEL_"));
  g_assert_null (find_line (l, "ROUTES_"));

  /* Each BU is answered with the same status, 20 ms later. */
  for (guint i = 0; i < G_N_ELEMENTS (waits_ms); i++)
    {
      gint64 due = last + MS (waits_ms[i]);

      g_assert_cmpint (mip6_mn_next_deadline (mn), ==, due);
      e = ev_timer (due);
      g_auto (GStrv) lt = feed_log (mn, &e, &log);
      g_autofree char *bu = g_strdup_printf (
          "SEND_BU dst=" HA " src=" COA1 " hoa=" HOA " coa=" COA1 " seq=%u lifetime=", 101 + i);
      g_assert_nonnull (find_line (lt, bu));
      e = ev_ba (due + MS (20), status, (guint16) (101 + i), 0, 0);
      feed_quiet (mn, &e, &log);
      /* The HA answers: it is not unreachable, it refuses. */
      g_assert_cmpstr (last_reason (log.lines), ==, token);
      g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_UNREGISTERED);
      last = due;
    }
  g_assert_cmpuint (count_lines (log.lines, "STATE_REASON"), ==, 1);
  g_assert_cmpuint (count_lines (log.lines, "STATE_CHANGED"), ==, 1);
  g_assert_cmpuint (count_lines (log.lines, "TUNNEL_"), ==, 0);
  g_assert_cmpuint (count_lines (log.lines, "ROUTES_"), ==, 0);

  /* The HA recovers: the next BU is accepted. */
  e = ev_timer (last + SEC (32));
  g_auto (GStrv) l2 = feed_log (mn, &e, &log);
  g_assert_nonnull (find_line (l2, "SEND_BU"));
  e = ev_ba (last + SEC (32) + MS (20), 0, mip6_mn_get_bul (mn)->seq, 3600, 0);
  g_auto (GStrv) l3 = feed_log (mn, &e, &log);
  g_assert_nonnull (find_line (l3, "TUNNEL_SET local=" COA1 " remote=" HA));
  g_assert_nonnull (find_line (l3, "ROUTES_VIA_TUNNEL hoa=" HOA));
  g_assert_nonnull (find_line (l3, "STATE_REASON none status=0"));
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_FOREIGN);
  log_clear (&log);
}

/* 3. §11.8: a silent HA; after MIP6_MN_UNANSWERED_LIMIT timeouts the node
 * is unregistered (ha-unreachable), BUs go on, up to every 32 s, for as
 * long as it is away. */
static void
test_ha_silent (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Log log;
  log_init (&log);

  /* 1.5 s, 3 s after the first BU (11.030 s): two timeouts. */
  run_until (mn, SEC (11) + MS (30) + MS (1500) + MS (3000) - 1, &log);
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_REGISTERING);
  run_until (mn, SEC (11) + MS (30) + MS (1500) + MS (3000), &log);
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_UNREGISTERED);
  g_assert_cmpstr (last_reason (log.lines), ==, "STATE_REASON ha-unreachable status=0");
  g_assert_cmpuint (count_lines (log.lines, "HANDOVER_FAILED"), ==, 1);

  run_until (mn, SEC (11) + SEC (660), &log);
  GArray *t = log.bu_times;
  /* BUs at 12.53, 15.53, 21.53, 33.53, 57.53, 89.53, then every 32 s. */
  g_assert_cmpuint (t->len, >=, 20);
  for (guint i = 1; i < t->len; i++)
    {
      gint64 gap = g_array_index (t, gint64, i) - g_array_index (t, gint64, i - 1);
      gint64 want = MIN (MS (3000) << (i - 1), MIP6_MAX_BINDACK_TIMEOUT);
      g_assert_cmpint (gap, ==, want);
    }
  g_assert_cmpint (g_array_index (t, gint64, t->len - 1), >=, SEC (11) + SEC (600));
  g_assert_cmpuint (count_lines (log.lines, "STATE_"), ==, 2);
  g_assert_cmpuint (count_lines (log.lines, "TUNNEL_"), ==, 0);
  g_assert_cmpuint (count_lines (log.lines, "ROUTES_"), ==, 0);

  /* At last a BA for the newest BU. */
  Mip6Event e = ev_ba (SEC (11) + SEC (660) + MS (1), 0, mip6_mn_get_bul (mn)->seq, 3600, 0);
  g_auto (GStrv) l = feed_log (mn, &e, &log);
  g_assert_nonnull (find_line (l, "TUNNEL_SET local=" COA1 " remote=" HA));
  g_assert_nonnull (find_line (l, "ROUTES_VIA_TUNNEL hoa=" HOA));
  g_assert_nonnull (find_line (l, "STATE_CHANGED unregistered->foreign"));
  g_assert_nonnull (find_line (l, "STATE_REASON none status=0"));
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_FOREIGN);
  log_clear (&log);
}

typedef enum
{
  FAIL_HA_SILENT,
  FAIL_REFUSED_132,
  FAIL_EXPIRED,
  FAIL_BE_1,
  FAIL_REFRESH_REFUSED, /* a refresh refused while the binding holds */
} FailKind;

typedef struct
{
  FailKind kind;
  gboolean go_home; /* else to visitnet2 */
} FailCase;

/* Brings the node into @kind's state by 30 s. Returns whether the HA may
 * still hold a binding of ours then; *tunnel says whether a tunnel is up. */
static gboolean
reach_failure (Mip6Mn *mn, FailKind kind, gboolean *tunnel, Log *log)
{
  Mip6Event e;

  switch (kind)
    {
    case FAIL_HA_SILENT:
      run_until (mn, SEC (30), log);
      g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_UNREGISTERED);
      g_assert_cmpstr (last_reason (log->lines), ==, "STATE_REASON ha-unreachable status=0");
      *tunnel = FALSE;
      return TRUE; /* a BA may have been lost */
    case FAIL_REFUSED_132:
      e = ev_ba (SEC (11) + MS (50), MIP6_BA_NOT_HOME_SUBNET, 100, 0, 0);
      feed_quiet (mn, &e, log);
      run_until (mn, SEC (30), log);
      g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_UNREGISTERED);
      g_assert_cmpstr (last_reason (log->lines), ==, "STATE_REASON refused-132 status=132");
      *tunnel = FALSE;
      return FALSE; /* its only BU was refused */
    case FAIL_EXPIRED:
      /* Granted 12 s from 11.030 s; the refreshes go unanswered. */
      e = ev_ba (SEC (11) + MS (50), 0, 100, 12, 0);
      feed_quiet (mn, &e, log);
      run_until (mn, SEC (23) + MS (30), log);
      g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_UNREGISTERED);
      g_assert_cmpstr (last_reason (log->lines), ==, "STATE_REASON binding-expired status=0");
      g_assert_cmpuint (count_lines (log->lines, "TUNNEL_DEL"), ==, 1);
      run_until (mn, SEC (30), log);
      *tunnel = FALSE;
      return TRUE; /* the refreshes may have reached it */
    case FAIL_BE_1:
      e = ev_ba (SEC (11) + MS (50), 0, 100, 3600, 0);
      feed_quiet (mn, &e, log);
      e = ev_be (SEC (20), MIP6_BE_UNKNOWN_BINDING_HAO);
      feed_quiet (mn, &e, log);
      g_assert_cmpint (mip6_mn_get_state (mn), !=, MIP6_MN_FOREIGN);
      g_assert_cmpuint (count_lines (log->lines, "TUNNEL_DEL"), ==, 1);
      run_until (mn, SEC (30), log);
      *tunnel = FALSE;
      return TRUE; /* the new BU may have reached it */
    case FAIL_REFRESH_REFUSED:
      e = ev_ba (SEC (11) + MS (50), 0, 100, 3600, 0);
      feed_quiet (mn, &e, log);
      e = (Mip6Event){ .kind = MIP6_EVENT_BRR, .now = SEC (20) };
      e.brr.source = A (HA);
      feed_quiet (mn, &e, log);
      e = ev_ba (SEC (20) + MS (20), MIP6_BA_NOT_HOME_SUBNET, 101, 0, 0);
      feed_quiet (mn, &e, log);
      /* The binding of 11.030 s holds: still registered, tunnel up. */
      g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_FOREIGN);
      run_until (mn, SEC (30), log);
      *tunnel = TRUE;
      return TRUE;
    }
  g_assert_not_reached ();
}

/* 4. From a failure state: home (§11.5.4) leaves nothing of mip6's
 * behind; another visited network (§11.5.1) starts a registration. */
static void
test_failure_then_move (gconstpointer data)
{
  const FailCase *c = data;
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  gboolean tunnel = FALSE;
  Log log;
  log_init (&log);

  gboolean ha_may_hold = reach_failure (mn, c->kind, &tunnel, &log);
  g_assert_cmpuint (
      count_lines (log.lines, "TUNNEL_SET"), ==,
      c->kind == FAIL_REFRESH_REFUSED || c->kind == FAIL_EXPIRED || c->kind == FAIL_BE_1 ? 1 : 0);
  guint16 next_seq = (guint16) (mip6_mn_get_bul (mn)->seq + 1);
  log_reset (&log);

  if (!c->go_home)
    {
      g_auto (GStrv) l = move_to_visitnet2 (mn, SEC (30), &log);
      g_autofree char *bu = g_strdup_printf ("SEND_BU dst=" HA " src=" COA2 " hoa=" HOA " coa=" COA2
                                             " seq=%u lifetime=3600 flags=AH",
                                             next_seq);
      g_assert_nonnull (find_line (l, bu));
      g_assert_nonnull (find_line (l, "STATE_REASON registering status=0"));
      g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_REGISTERING);
      g_assert_cmpuint (count_lines (log.lines, "ROUTES_HOME"), ==, 0);
      g_assert_cmpuint (count_lines (log.lines, "HOME_LINK_"), ==, 0);
      g_assert_cmpuint (count_lines (log.lines, "TUNNEL_SET"), ==, 0);
      Mip6Event e = ev_ba (SEC (31) + MS (50), 0, next_seq, 3600, 0);
      g_auto (GStrv) l2 = feed_log (mn, &e, &log);
      g_assert_nonnull (find_line (l2, "TUNNEL_SET local=" COA2 " remote=" HA));
      /* Routes into the tunnel, unless they were there already (a binding
       * of the last network that had not lapsed). */
      if (!tunnel)
        g_assert_nonnull (find_line (l2, "ROUTES_VIA_TUNNEL hoa=" HOA));
      g_assert_nonnull (find_line (l2, "STATE_REASON none status=0"));
      g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_FOREIGN);
      log_clear (&log);
      return;
    }

  Mip6Event e = ev_link_down (SEC (30));
  feed_quiet (mn, &e, &log);
  e = ev_link_up (SEC (31));
  feed_quiet (mn, &e, &log);
  feed_known_home_agent (mn, SEC (31) + MS (20));
  e = ev_ra (SEC (31) + MS (20), HA_LL, HOME_PREFIX, TRUE, 0);
  g_auto (GStrv) l = feed_log (mn, &e, &log);

  GPtrArray *want = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (want, g_strdup ("ROUTER_REMOVE " AR));
  g_ptr_array_add (want, g_strdup ("HANDOVER_STARTED to-home"));
  g_ptr_array_add (want, g_strdup ("STATE_CHANGED detached->home"));
  if (tunnel)
    g_ptr_array_add (want, g_strdup ("TUNNEL_DEL"));
  g_ptr_array_add (want, g_strdup ("ROUTES_HOME"));
  g_ptr_array_add (want, g_strdup ("ADDRESS_REMOVE " COA1 "/64"));
  g_ptr_array_add (want, g_strdup ("ROUTES_REMOVE " VISIT_PREFIX "/64"));
  g_ptr_array_add (
      want, g_strdup (ha_may_hold ? "HOME_LINK_JOIN " HOA "/64" : "HOME_LINK_JOIN " HOA "/64 dad"));
  /* Every failure left a reason; at home there is none. */
  g_ptr_array_add (want, g_strdup ("STATE_REASON none status=0"));
  if (ha_may_hold)
    g_ptr_array_add (want, g_strdup_printf ("SEND_BU dst=" HA " src=" HOA " hoa=" HOA " coa=" HOA
                                            " seq=%u lifetime=0 flags=AH",
                                            next_seq));
  g_ptr_array_add (want,
                   g_strdup_printf ("ARM_TIMER %" G_GINT64_FORMAT,
                                    ha_may_hold ? SEC (32) + MS (20) : mip6_mn_next_deadline (mn)));
  if (!ha_may_hold)
    /* Nothing pending but the routers. */
    g_assert_cmpint (mip6_mn_next_deadline (mn), >, SEC (1800));
  g_ptr_array_add (want, NULL);
  if (!ha_may_hold)
    {
      /* Nothing to deregister: the handover completes at once (where in
       * the list is no rule's business). */
      g_assert_nonnull (find_line (l, "HANDOVER_COMPLETED to-home"));
      g_auto (GStrv) trimmed = g_new0 (char *, g_strv_length (l) + 1);
      for (guint i = 0, j = 0; l[i]; i++)
        if (!g_str_has_prefix (l[i], "HANDOVER_COMPLETED"))
          trimmed[j++] = g_strdup (l[i]);
      assert_lines (trimmed, (const char *const *) want->pdata);
    }
  else
    assert_lines (l, (const char *const *) want->pdata);
  g_ptr_array_unref (want);
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_HOME);

  if (ha_may_hold)
    {
      e = ev_ba (SEC (31) + MS (40), 0, next_seq, 0, 0);
      g_auto (GStrv) l2 = feed_log (mn, &e, &log);
      g_assert_nonnull (find_line (l2, "SEND_NA " HOA));
      g_assert_nonnull (find_line (l2, "HANDOVER_COMPLETED to-home"));
    }
  /* Ten minutes at home: the NAs if there was a deregistration, and
   * nothing else of ours. */
  guint before = log.lines->len;
  run_until (mn, SEC (631), &log);
  g_assert_cmpuint (log.na_times->len, ==, ha_may_hold ? MIP6_MAX_NEIGHBOR_ADVERTISEMENT : 0);
  g_assert_cmpuint (log.bu_times->len, ==, ha_may_hold ? 1 : 0);
  for (guint i = before; i < log.lines->len; i++)
    g_assert_true (g_str_has_prefix (log.lines->pdata[i], "SEND_NA") ||
                   g_str_has_prefix (log.lines->pdata[i], "ARM_TIMER"));
  g_assert_cmpuint (count_lines (log.lines, "TUNNEL_SET"), ==, 0);
  g_assert_cmpuint (count_lines (log.lines, "ROUTES_BLOCKED"), ==, 0);
  g_assert_cmpuint (count_lines (log.lines, "ROUTES_VIA_TUNNEL"), ==, 0);
  g_assert_cmpint (mip6_mn_get_bul (mn)->state, ==, MIP6_BUL_NONE);
  g_assert_cmpint (mip6_bul_next_deadline (mip6_mn_get_bul (mn)), ==, G_MAXINT64);
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_HOME);
  log_clear (&log);
}

/* 5. §11.7.3: the granted lifetime is what counts; accepted with 0 is no
 * binding, a refusal, and no reason to send BU after BU. */
static void
test_accepted_lifetime_zero (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Log log;
  log_init (&log);

  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 0, 0);
  g_auto (GStrv) l = feed_log (mn, &e, &log);
  g_assert_nonnull (find_line (l, "STATE_CHANGED registering->unregistered"));
  g_assert_nonnull (find_line (l, "STATE_REASON refused-lifetime-0 status=0"));
  g_assert_null (find_line (l, "TUNNEL_"));
  g_assert_null (find_line (l, "ROUTES_"));
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_UNREGISTERED);
  g_assert_false (mip6_mn_get_bul (mn)->binding);

  log_reset (&log);
  run_until (mn, SEC (11) + MS (50) + SEC (60), &log);
  g_assert_cmpuint (log.bu_times->len, ==, 0);
  g_assert_cmpuint (count_lines (log.lines, "TUNNEL_"), ==, 0);
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_UNREGISTERED);
  log_clear (&log);
}

/* 6. §11.8: at most MAX_UPDATE_RATE (3) BUs a second, however fast the
 * addresses and links change; the last care-of address is registered in
 * the end. */
static void
test_max_update_rate (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Log log;
  log_init (&log);
  gint64 t = SEC (11) + MS (30);

  g_array_append_val (log.bu_times, t); /* the BU of move_to_visitnet */
  /* 100 ms of flapping: the CoA alternates between two addresses of
   * visitnet (one deprecated at a time), every 5 ms. */
  for (guint i = 0; i < 20; i++)
    {
      t += MS (5);
      gboolean odd = i % 2;
      Mip6Event e = ev_addr (t, odd ? COA1 : "fec0:106:1100::abcd", 0, 86400, 14400);
      feed_quiet (mn, &e, &log);
      e = ev_addr (t, odd ? "fec0:106:1100::abcd" : COA1, MIP6_ADDR_F_DEPRECATED, 86400, 0);
      feed_quiet (mn, &e, &log);
    }
  run_until (mn, t + SEC (10), &log);
  g_assert_cmpuint (log.bu_times->len, >=, 2);
  assert_update_rate (log.bu_times);
  /* The last address (i = 19: COA1 preferred) is the one registered. */
  struct in6_addr coa1 = A (COA1);
  g_assert_cmpmem (&mip6_mn_get_bul (mn)->coa, 16, &coa1, 16);

  /* Moves too: visitnet <-> visitnet2 every 10 ms for 100 ms. */
  log_reset (&log);
  t = SEC (60);
  for (guint i = 0; i < 10; i++)
    {
      gboolean two = i % 2 == 0;
      Mip6Event e = ev_link_down (t);
      feed_quiet (mn, &e, &log);
      e = ev_link_up (t + MS (2));
      feed_quiet (mn, &e, &log);
      e = ev_ra (t + MS (4), two ? AR2 : AR, two ? VISIT2_PREFIX : VISIT_PREFIX, FALSE, 0);
      feed_quiet (mn, &e, &log);
      e = ev_addr (t + MS (6), two ? COA2 : COA1, 0, 86400, 14400);
      feed_quiet (mn, &e, &log);
      t += MS (10);
    }
  gint64 end_of_moves = t;
  g_assert_cmpuint (log.bu_times->len, <=, MIP6_MAX_UPDATE_RATE);
  run_until (mn, t + SEC (10), &log);
  assert_update_rate (log.bu_times);
  /* Last: i = 9, visitnet (COA1); the held-back BU went out as soon as
   * the rate allowed (within a second of the first three), then the
   * retransmissions (no BA). */
  g_assert_cmpmem (&mip6_mn_get_bul (mn)->coa, 16, &coa1, 16);
  guint first_after = 0;
  while (first_after < log.bu_times->len &&
         g_array_index (log.bu_times, gint64, first_after) < end_of_moves)
    first_after++;
  g_assert_cmpuint (first_after, <, log.bu_times->len);
  g_assert_cmpint (g_array_index (log.bu_times, gint64, first_after), <=,
                   g_array_index (log.bu_times, gint64, 0) + SEC (1));
  log_clear (&log);
}

/* 7. §11.5.4 with RFC 4861 §7.2.6: the deregistration goes unanswered;
 * the home link is ours all the same, so MAX_NEIGHBOR_ADVERTISEMENT NAs,
 * RetransTimer apart, once. */
static void
test_return_home_nas_when_unanswered (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Log log;
  log_init (&log);

  /* Granted 600 s: the HA holds the binding until 611.030 s. */
  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 600, 0);
  feed_quiet (mn, &e, &log);
  e = ev_link_down (SEC (30));
  feed_quiet (mn, &e, &log);
  e = ev_link_up (SEC (31));
  feed_quiet (mn, &e, &log);
  feed_known_home_agent (mn, SEC (31) + MS (20));
  e = ev_ra (SEC (31) + MS (20), HA_LL, HOME_PREFIX, TRUE, 0);
  g_auto (GStrv) l = feed_log (mn, &e, &log);
  g_assert_nonnull (find_line (l, "SEND_BU dst=" HA " src=" HOA " hoa=" HOA " coa=" HOA
                                  " seq=101 lifetime=0 flags=AH"));
  g_assert_cmpuint (count_strv (l, "SEND_NA"), ==, 0);
  log_reset (&log);
  /* The HA stays silent, past the binding's lifetime (the home router's
   * 1800 s lifetime still runs). */
  run_until (mn, SEC (1000), &log);
  g_assert_cmpuint (log.na_times->len, ==, MIP6_MAX_NEIGHBOR_ADVERTISEMENT);
  for (guint i = 1; i < log.na_times->len; i++)
    g_assert_cmpint (g_array_index (log.na_times, gint64, i) -
                         g_array_index (log.na_times, gint64, i - 1),
                     ==, MIP6_RETRANS_TIMER);
  /* The NAs start after MIP6_MN_UNANSWERED_LIMIT timeouts: 32.02, 34.02. */
  g_assert_cmpint (g_array_index (log.na_times, gint64, 0), ==, SEC (34) + MS (20));
  g_assert_cmpuint (log.bu_times->len, >=, 3);
  assert_update_rate (log.bu_times);
  g_assert_cmpuint (count_lines (log.lines, "HANDOVER_COMPLETED to-home"), ==, 1);
  /* Once the binding lapsed at the HA, no more deregistrations. */
  g_assert_cmpint (g_array_index (log.bu_times, gint64, log.bu_times->len - 1), <,
                   SEC (11) + MS (30) + SEC (600));
  g_assert_cmpint (mip6_mn_get_bul (mn)->state, ==, MIP6_BUL_NONE);
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_HOME);
  log_clear (&log);
}

/* RFC 4443 §3.1: a visited network that rejects the Mobility Header
 * (Destination Unreachable, administratively prohibited) makes the node
 * unregistered at once, with the reason "filtered"; the home address is
 * unusable, the care-of address works, and the BU is still retried (§11.8:
 * a captive portal may open later). */
static void
test_signalling_refused_by_network (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Log log;
  log_init (&log);
  Mip6Event e = { .kind = MIP6_EVENT_SIGNALLING_REFUSED, .now = SEC (11) + MS (40) };
  e.signalling_refused.reporter = A (AR);
  e.signalling_refused.type = 1;
  e.signalling_refused.code = 1;
  g_auto (GStrv) l = feed_log (mn, &e, &log);
  g_assert_nonnull (find_line (l, "STATE_CHANGED registering->unregistered"));
  g_assert_nonnull (find_line (l, "STATE_REASON filtered status=0"));
  g_assert_null (find_line (l, "TUNNEL_SET"));
  g_assert_null (find_line (l, "ROUTES_VIA_TUNNEL"));
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_UNREGISTERED);
  run_until (mn, SEC (120), &log);
  g_assert_cmpuint (log.bu_times->len, >=, 4);
  log_clear (&log);
}

/* §11.5.4: the solicitation from the unspecified address is needed only
 * when the home agent's link-layer address is not known on this link; one
 * learnt on the visited link does not count. */
static void
test_home_agent_lladdr_known_no_solicitation (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (50), 0, 100, 3600, 0);
  g_strfreev (feed (mn, &e));
  Mip6Event known = { .kind = MIP6_EVENT_HOME_AGENT_LINK_ADDRESS, .now = SEC (15) };
  g_strfreev (feed (mn, &known));
  e = ev_link_down (SEC (30));
  g_strfreev (feed (mn, &e));
  e = ev_link_up (SEC (31));
  g_strfreev (feed (mn, &e));
  known.now = SEC (31) + MS (10);
  g_strfreev (feed (mn, &known));
  e = ev_ra (SEC (31) + MS (20), HA_LL, HOME_PREFIX, TRUE, 0);
  g_auto (GStrv) l = feed (mn, &e);
  g_assert_null (find_line (l, "SOLICIT_HOME_AGENT"));
  g_assert_nonnull (find_line (l, "SEND_BU"));
}

/* §11.7.1: L is set when the link-local address has the same interface
 * identifier as the home address; §11.5.4: back home the node reclaims
 * that link-local address with its own NAs, as it does the home address. */
static void
test_link_local_compat (void)
{
  g_autoptr (Mip6Mn) mn = start_at_home (100);
  Mip6Event e = ev_addr (MS (30), "fe80::4", 0, MIP6_LIFETIME_INFINITY, MIP6_LIFETIME_INFINITY);
  e.address.scope = MIP6_SCOPE_LINK;
  g_strfreev (feed (mn, &e));
  e = ev_link_down (SEC (10));
  g_strfreev (feed (mn, &e));
  e = ev_link_up (SEC (11));
  g_strfreev (feed (mn, &e));
  e = ev_ra (SEC (11) + MS (20), AR, VISIT_PREFIX, FALSE, 0);
  g_strfreev (feed (mn, &e));
  e = ev_addr (SEC (11) + MS (30), COA1, 0, 86400, 14400);
  g_auto (GStrv) l = feed (mn, &e);
  g_assert_nonnull (find_line (l, "SEND_BU dst=" HA " src=" COA1));
  g_assert_true (g_str_has_suffix (find_line (l, "SEND_BU"), "flags=AHL"));
  e = ev_ba (SEC (11) + MS (50), 0, 100, 3600, 0);
  g_strfreev (feed (mn, &e));
  e = ev_link_down (SEC (30));
  g_strfreev (feed (mn, &e));
  e = ev_link_up (SEC (31));
  g_strfreev (feed (mn, &e));
  feed_known_home_agent (mn, SEC (31) + MS (20));
  e = ev_ra (SEC (31) + MS (20), HA_LL, HOME_PREFIX, TRUE, 0);
  g_auto (GStrv) home = feed (mn, &e);
  g_assert_true (g_str_has_suffix (find_line (home, "SEND_BU"), "lifetime=0 flags=AH"));
  e = ev_ba (SEC (31) + MS (40), 0, 101, 0, 0);
  g_auto (GStrv) acked = feed (mn, &e);
  g_assert_nonnull (find_line (acked, "SEND_NA " HOA));
  g_assert_nonnull (find_line (acked, "SEND_NA fe80::4"));
}

/* §11.7.3: a final refusal is retried after a reload; a reload that
 * changes nothing the core uses keeps a working binding as it is. */
static void
test_reload_retries_refusal_only (void)
{
  g_autoptr (Mip6Mn) mn = move_to_visitnet (100, 86400);
  Mip6Event e = ev_ba (SEC (11) + MS (50), MIP6_BA_PROHIBITED, 100, 0, 0);
  g_strfreev (feed (mn, &e));
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_UNREGISTERED);
  Mip6Event reload = { .kind = MIP6_EVENT_RELOADED, .now = SEC (20) };
  g_auto (GStrv) l = feed (mn, &reload);
  g_assert_nonnull (find_line (l, "SEND_BU dst=" HA " src=" COA1));
  e = ev_ba (SEC (20) + MS (10), 0, 101, 3600, 0);
  g_strfreev (feed (mn, &e));
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_FOREIGN);
  reload.now = SEC (30);
  g_auto (GStrv) l2 = feed (mn, &reload);
  g_assert_null (find_line (l2, "SEND_BU"));
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_FOREIGN);
}

/* §11.5.4: the home address is not the source of a Neighbor
 * Solicitation while the home agent defends it: without the home agent's
 * link-layer address, the node asks from the unspecified address and the
 * deregistration waits; after MAX_MULTICAST_SOLICIT unanswered ones
 * RetransTimer apart (RFC 4861 §7.2.2) it goes anyway. */
static void
test_deregistration_waits_for_home_agent_lladdr (void)
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
  g_assert_nonnull (find_line (l, "SOLICIT_HOME_AGENT " HA));
  g_assert_null (find_line (l, "SEND_BU"));
  e = ev_timer (SEC (32) + MS (20));
  g_auto (GStrv) l2 = feed (mn, &e);
  ASSERT_LINES (l2, "SOLICIT_HOME_AGENT " HA, "ARM_TIMER 33020000");
  e = ev_timer (SEC (33) + MS (20));
  g_auto (GStrv) l3 = feed (mn, &e);
  ASSERT_LINES (l3, "SOLICIT_HOME_AGENT " HA, "ARM_TIMER 34020000");
  e = ev_timer (SEC (34) + MS (20));
  g_auto (GStrv) l4 = feed (mn, &e);
  g_assert_null (find_line (l4, "SOLICIT_HOME_AGENT"));
  g_assert_nonnull (find_line (l4, "SEND_BU dst=" HA " src=" HOA));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mn/rs-at-once", test_rs_at_once_on_carrier_up);
  g_test_add_func ("/mn/home-recognised", test_home_recognised);
  g_test_add_func ("/mn/home-recognised-by-prefix", test_home_recognised_by_prefix_alone);
  g_test_add_func ("/mn/home-address-restored-at-home", test_home_address_restored_at_home);
  g_test_add_func ("/mn/link-hint-solicits", test_link_hint_solicits);
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
  static const FailCase fail_cases[] = {
    { FAIL_HA_SILENT, TRUE },
    { FAIL_HA_SILENT, FALSE },
    { FAIL_REFUSED_132, TRUE },
    { FAIL_REFUSED_132, FALSE },
    { FAIL_EXPIRED, TRUE },
    { FAIL_EXPIRED, FALSE },
    { FAIL_BE_1, TRUE },
    { FAIL_BE_1, FALSE },
    { FAIL_REFRESH_REFUSED, TRUE },
    { FAIL_REFRESH_REFUSED, FALSE },
  };
  static const char *const fail_names[] = { "ha-silent", "refused-132", "binding-expired",
                                            "binding-error-1", "refresh-refused" };
  static const guint final_statuses[] = { 129, 131, 132, 133, 134 };
  for (guint i = 0; i < G_N_ELEMENTS (final_statuses); i++)
    {
      g_autofree char *name =
          g_strdup_printf ("/mn/rfc6275-11.7.3/refusal-final/%u", final_statuses[i]);
      g_test_add_data_func (name, GUINT_TO_POINTER (final_statuses[i]), test_refusal_final);
    }
  g_test_add_data_func ("/mn/rfc6275-11.8/refusal-retried/128", GUINT_TO_POINTER (128),
                        test_refusal_retried);
  g_test_add_data_func ("/mn/rfc6275-11.8/refusal-retried/130", GUINT_TO_POINTER (130),
                        test_refusal_retried);
  g_test_add_func ("/mn/rfc6275-11.8/ha-silent-retried-forever", test_ha_silent);
  for (guint i = 0; i < G_N_ELEMENTS (fail_cases); i++)
    {
      g_autofree char *name =
          g_strdup_printf (fail_cases[i].go_home ? "/mn/rfc6275-11.5.4/home-after/%s"
                                                 : "/mn/rfc6275-11.5.1/visitnet2-after/%s",
                           fail_names[fail_cases[i].kind]);
      g_test_add_data_func (name, &fail_cases[i], test_failure_then_move);
    }
  g_test_add_func ("/mn/rfc6275-11.7.3/accepted-lifetime-0", test_accepted_lifetime_zero);
  g_test_add_func ("/mn/rfc6275-11.8/max-update-rate", test_max_update_rate);
  g_test_add_func ("/mn/rfc6275-11.7.1/link-local-compat", test_link_local_compat);
  g_test_add_func ("/mn/rfc6275-11.7.3/reload-retries-refusal-only",
                   test_reload_retries_refusal_only);
  g_test_add_func ("/mn/rfc6275-11.5.4/deregistration-waits-for-home-agent-lladdr",
                   test_deregistration_waits_for_home_agent_lladdr);
  g_test_add_func ("/mn/rfc6275-11.5.4/home-agent-lladdr-known",
                   test_home_agent_lladdr_known_no_solicitation);
  g_test_add_func ("/mn/rfc4443-3.1/signalling-refused-by-network",
                   test_signalling_refused_by_network);
  g_test_add_func ("/mn/rfc6275-11.5.4/nas-when-deregistration-unanswered",
                   test_return_home_nas_when_unanswered);
  return g_test_run ();
}
