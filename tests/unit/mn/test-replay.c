/* Every handover can be replayed from its events: a scripted day of the
 * HOWTO's scenarios (home -> visitnet -> visitnet2 -> home) with the
 * exact actions expected after each event, worked out by hand from
 * RFC 6275 (§11.5.1, §11.7.1, §11.7.3, §11.8, §11.5.4).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "mn-test-util.h"
#include "mn/constants.h"

#define OPT (MIP6_ADDR_F_TENTATIVE | MIP6_ADDR_F_OPTIMISTIC)
#define INF MIP6_LIFETIME_INFINITY
#define MAX_LINES 12

typedef struct
{
  Mip6Event event;
  const char *expected[MAX_LINES];
} Step;

static Mip6Event
ev_ha_lladdr (gint64 now)
{
  Mip6Event e = { .kind = MIP6_EVENT_HOME_AGENT_LINK_ADDRESS, .now = now };
  return e;
}

static GArray *
script (void)
{
  GArray *s = g_array_new (FALSE, TRUE, sizeof (Step));
  Step steps[] = {
    /* Start at home with no binding: §11.5.4 / RFC 4862 §5.4, DAD. */
    { ev_link_up (0), { "SEND_RS", "ARM_TIMER 1000000" } },
    { ev_ra (MS (10), HA_LL, HOME_PREFIX, TRUE, 0),
      { "STATE_CHANGED detached->home", "HOME_LINK_JOIN " HOA "/64 dad", "ARM_TIMER 1800010000" } },
    { ev_addr (MS (20), HOA, 0, INF, INF), { NULL } },
    /* home -> visitnet: the last link's router is no router here (RFC 4861
     * §6.3.5); §11.5.2 the home prefix is not on-link; nothing
     * from the home address leaves until the BA (§11.7.3), the BU first. */
    { ev_link_down (SEC (10)),
      { "STATE_CHANGED home->detached", "STATE_REASON no-link status=0", "ARM_TIMER none" } },
    { ev_link_up (SEC (11)), { "SEND_RS", "ARM_TIMER 12000000" } },
    { ev_ra (SEC (11) + MS (20), AR, VISIT_PREFIX, FALSE, 0),
      { "ROUTER_REMOVE " HA_LL, "HANDOVER_STARTED to-foreign", "HOME_LINK_LEAVE " HOA "/64",
        "ROUTES_BLOCKED hoa=" HOA, "STATE_CHANGED detached->registering",
        "STATE_REASON registering status=0", "ARM_TIMER 1811020000" } },
    { ev_addr (SEC (11) + MS (30), COA1, OPT, 86400, 14400),
      { "STATE_REASON registering status=0",
        "SEND_BU dst=" HA " src=" COA1 " hoa=" HOA " coa=" COA1 " seq=100 lifetime=3600 flags=AH",
        "ARM_TIMER 12530000" } },
    { ev_ba (SEC (11) + MS (50), 0, 100, 3600, 0),
      { "TUNNEL_SET local=" COA1 " remote=" HA, "ROUTES_VIA_TUNNEL hoa=" HOA,
        "STATE_CHANGED registering->foreign", "STATE_REASON none status=0",
        "HANDOVER_COMPLETED to-foreign link-event=+0 ra-received=+20 coa-usable=+30 bu-sent=+30 "
        "ba-received=+50 routes-switched=+50 total=50ms",
        "ARM_TIMER 1811020000" } },
    /* visitnet -> visitnet2: the old binding's tunnel stays until the new
     * BA moves its local end. */
    { ev_link_down (SEC (20)),
      { "STATE_CHANGED foreign->detached", "STATE_REASON no-link status=0",
        "ARM_TIMER 3611030000" } },
    { ev_link_up (SEC (21)), { "SEND_RS", "ARM_TIMER 22000000" } },
    { ev_ra (SEC (21) + MS (20), AR2, VISIT2_PREFIX, FALSE, 0),
      { "ROUTER_REMOVE " AR, "HANDOVER_STARTED foreign-to-foreign", "ADDRESS_REMOVE " COA1 "/64",
        "ROUTES_REMOVE " VISIT_PREFIX "/64", "STATE_CHANGED detached->registering",
        "STATE_REASON registering status=0", "ARM_TIMER 1821020000" } },
    { ev_addr_removed (SEC (21) + MS (25), COA1), { NULL } },
    { ev_addr (SEC (21) + MS (30), COA2, OPT, 86400, 14400),
      { "STATE_REASON registering status=0",
        "SEND_BU dst=" HA " src=" COA2 " hoa=" HOA " coa=" COA2 " seq=101 lifetime=3600 flags=AH",
        "ARM_TIMER 22030000" } },
    { ev_ba (SEC (21) + MS (50), 0, 101, 3600, 0),
      { "TUNNEL_SET local=" COA2 " remote=" HA, "STATE_CHANGED registering->foreign",
        "STATE_REASON none status=0",
        "HANDOVER_COMPLETED foreign-to-foreign link-event=+0 ra-received=+20 coa-usable=+30 "
        "bu-sent=+30 ba-received=+50 routes-switched=+50 total=50ms",
        "ARM_TIMER 1821020000" } },
    /* visitnet2 -> home: §11.5.4, the home address at once (no DAD: the
     * home agent defends it until the deregistration), its link-layer
     * address asked for from the unspecified address, then the
     * deregistration, then MAX_NEIGHBOR_ADVERTISEMENT NAs RetransTimer
     * apart (RFC 4861 §7.2.6). */
    { ev_link_down (SEC (30)),
      { "STATE_CHANGED foreign->detached", "STATE_REASON no-link status=0",
        "ARM_TIMER 3621030000" } },
    { ev_link_up (SEC (31)), { "SEND_RS", "ARM_TIMER 32000000" } },
    { ev_ra (SEC (31) + MS (20), HA_LL, HOME_PREFIX, TRUE, 0),
      { "ROUTER_REMOVE " AR2, "HANDOVER_STARTED to-home", "STATE_CHANGED detached->home",
        "TUNNEL_DEL", "ROUTES_HOME", "ADDRESS_REMOVE " COA2 "/64",
        "ROUTES_REMOVE " VISIT2_PREFIX "/64", "HOME_LINK_JOIN " HOA "/64",
        "STATE_REASON none status=0", "SOLICIT_HOME_AGENT " HA, "ARM_TIMER 32020000" } },
    /* The home agent's answer to all nodes gives its link-layer address;
     * the deregistration leaves only now. */
    { ev_ha_lladdr (SEC (31) + MS (30)),
      { "SEND_BU dst=" HA " src=" HOA " hoa=" HOA " coa=" HOA " seq=102 lifetime=0 flags=AH",
        "ARM_TIMER 32030000" } },
    { ev_ba (SEC (31) + MS (40), 0, 102, 0, 0),
      { "SEND_NA " HOA,
        "HANDOVER_COMPLETED to-home link-event=+0 ra-received=+20 coa-usable=+20 bu-sent=+30 "
        "ba-received=+40 routes-switched=+20 total=40ms",
        "ARM_TIMER 32040000" } },
    { ev_addr_removed (SEC (31) + MS (45), COA2), { NULL } },
    { ev_timer (SEC (32) + MS (40)), { "SEND_NA " HOA, "ARM_TIMER 33040000" } },
    { ev_timer (SEC (33) + MS (40)), { "SEND_NA " HOA, "ARM_TIMER 1831020000" } },
  };

  g_array_append_vals (s, steps, G_N_ELEMENTS (steps));
  return s;
}

static GPtrArray *
replay (GArray *steps, gboolean check)
{
  Mip6MnConfig cfg = test_config (100);
  g_autoptr (Mip6Mn) mn = mip6_mn_new (&cfg);
  GPtrArray *all = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < steps->len; i++)
    {
      Step *step = &g_array_index (steps, Step, i);
      g_auto (GStrv) got = feed (mn, &step->event);

      if (check)
        assert_lines (got, step->expected);
      for (guint j = 0; got[j]; j++)
        g_ptr_array_add (all, g_strdup (got[j]));
    }
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_HOME);
  g_assert_cmpint (mip6_mn_get_bul (mn)->state, ==, MIP6_BUL_NONE);
  return all;
}

static void
test_replay_roaming_day (void)
{
  g_autoptr (GArray) steps = script ();
  g_autoptr (GPtrArray) first = replay (steps, TRUE);
  g_autoptr (GPtrArray) second = replay (steps, FALSE);

  /* Same events, same actions: nothing depends on a hidden clock or state. */
  g_assert_cmpuint (first->len, ==, second->len);
  for (guint i = 0; i < first->len; i++)
    g_assert_cmpstr (first->pdata[i], ==, second->pdata[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mn/replay/home-visitnet-visitnet2-home", test_replay_roaming_day);
  return g_test_run ();
}
