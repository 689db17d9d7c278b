/* Unit tests of Dynamic Home Agent Address Discovery in the mobile node
 * core (RFC 6275 §11.4.1, timers of §12), with an injected clock: without a
 * configured home agent, the mobile node asks the Home-Agents anycast
 * address of its home prefix (RFC 2526) and registers with the first
 * address of the Reply.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "mn-test-util.h"
#include "mn/constants.h"

#include <string.h>

/* RFC 2526 §3 for the /64 home prefix of the test bed. */
#define ANYCAST "fec0:106:2700:0:fdff:ffff:ffff:fffe"
#define FOUND_HA "fec0:106:2700::3"
#define FIRST_ID 0x100 /* dhaad_identifier 0xff, plus one */

#define REQUEST(id) "SEND_DHAAD_REQUEST src=" COA1 " dst=" ANYCAST " id=" #id

static Mip6MnConfig
config_without_home_agent (void)
{
  Mip6MnConfig cfg = test_config (100);
  memset (&cfg.home_agent, 0, sizeof cfg.home_agent);
  cfg.dhaad_identifier = 0xff;
  return cfg;
}

static void
feed_free (Mip6Mn *mn, Mip6Event e)
{
  g_strfreev (feed (mn, &e));
}

/* Starts at home (link up at 0, the home RA at 10 ms, the home address at
 * 20 ms), moves to visitnet (link down at 10 s, up at 11 s, AR's RA at
 * 11.020 s) and gets the care-of address at T_COA; returns the lines of
 * that last event. */
#define T_COA (SEC (11) + MS (30))

static GStrv
start_on_visitnet (Mip6Mn *mn)
{
  feed_free (mn, ev_link_up (0));
  feed_free (mn, ev_ra (MS (10), HA_LL, HOME_PREFIX, TRUE, 0));
  feed_free (mn, ev_addr (MS (20), HOA, 0, MIP6_LIFETIME_INFINITY, MIP6_LIFETIME_INFINITY));
  feed_free (mn, ev_link_down (SEC (10)));
  feed_free (mn, ev_link_up (SEC (11)));
  feed_free (mn, ev_ra (SEC (11) + MS (20), AR, VISIT_PREFIX, FALSE, 0));
  Mip6Event e = ev_addr (T_COA, COA1, MIP6_ADDR_F_TENTATIVE | MIP6_ADDR_F_OPTIMISTIC, 86400, 14400);
  return feed (mn, &e);
}

static Mip6Event
ev_reply (gint64 now, guint16 id, const char *ha)
{
  Mip6Event e = { .kind = MIP6_EVENT_DHAAD_REPLY, .now = now };
  e.dhaad_reply.source = A (ha ? ha : FOUND_HA);
  e.dhaad_reply.identifier = id;
  e.dhaad_reply.n_addresses = ha ? 1 : 0;
  if (ha)
    e.dhaad_reply.home_agent = A (ha);
  return e;
}

/* §11.4.1: away without a home agent, the Request goes from the care-of
 * address to the anycast address; no Binding Update before a Reply. */
static void
test_request_from_coa_to_anycast (void)
{
  Mip6MnConfig cfg = config_without_home_agent ();
  g_autoptr (Mip6Mn) mn = mip6_mn_new (&cfg);
  g_auto (GStrv) l = start_on_visitnet (mn);

  g_assert_nonnull (find_line (l, REQUEST (256)));
  g_assert_nonnull (find_line (l, "STATE_REASON discovering-home-agent"));
  g_assert_null (find_line (l, "SEND_BU"));
  g_assert_false (mip6_mn_get_home_agent (mn, NULL));
  /* INITIAL_DHAAD_TIMEOUT after the Request. */
  g_assert_cmpint (mip6_mn_next_deadline (mn), <=, T_COA + SEC (3));
}

/* §11.4.1, §12: retransmissions with exponential back-off from
 * INITIAL_DHAAD_TIMEOUT (3 s), at most MAX_DHAAD_RETRIES (4); then the
 * mobile node stops asking and says why. */
static void
test_backoff_and_give_up (void)
{
  Mip6MnConfig cfg = config_without_home_agent ();
  g_autoptr (Mip6Mn) mn = mip6_mn_new (&cfg);
  g_strfreev (start_on_visitnet (mn));
  /* Requests at 0, 3, 9, 21 and 45 s after the first; the last one is
   * given 48 s, so discovery ends at 93 s. */
  const gint64 t0 = T_COA;
  const gint64 at[] = { t0 + SEC (3), t0 + SEC (9), t0 + SEC (21), t0 + SEC (45) };
  guint sent = 0;

  for (gint64 t = t0 + MS (500); t <= t0 + SEC (93) - MS (1); t += MS (500))
    {
      Mip6Event e = ev_timer (t);
      g_auto (GStrv) l = feed (mn, &e);
      if (find_line (l, "SEND_DHAAD_REQUEST"))
        {
          g_assert_cmpuint (sent, <, G_N_ELEMENTS (at));
          /* Sent on the first timer at or after its time. */
          g_assert_cmpint (t, >=, at[sent]);
          g_assert_cmpint (t, <, at[sent] + MS (500));
          g_assert_nonnull (find_line (l, REQUEST (256)));
          sent++;
        }
      g_assert_null (find_line (l, "STATE_REASON no-home-agent"));
    }
  g_assert_cmpuint (sent, ==, MIP6_MAX_DHAAD_RETRIES);
  Mip6Event e = ev_timer (t0 + SEC (93));
  g_auto (GStrv) l = feed (mn, &e);
  g_assert_nonnull (find_line (l, "STATE_REASON no-home-agent"));
  g_assert_null (find_line (l, "SEND_DHAAD_REQUEST"));
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_UNREGISTERED);
  /* No busy loop afterwards: nothing more is sent. */
  e = ev_timer (t0 + SEC (1000));
  g_auto (GStrv) l2 = feed (mn, &e);
  g_assert_null (find_line (l2, "SEND_DHAAD_REQUEST"));

  /* Reregister (the person asks) starts a new discovery, new Identifier. */
  e = (Mip6Event){ .kind = MIP6_EVENT_REREGISTER, .now = t0 + SEC (1001) };
  g_auto (GStrv) l3 = feed (mn, &e);
  g_assert_nonnull (find_line (l3, REQUEST (257)));
}

/* §11.4.1: a Reply with another Identifier is not ours; the first address
 * of ours is the home agent, and the registration goes to it. */
static void
test_reply_names_home_agent (void)
{
  Mip6MnConfig cfg = config_without_home_agent ();
  g_autoptr (Mip6Mn) mn = mip6_mn_new (&cfg);
  g_strfreev (start_on_visitnet (mn));

  Mip6Event e = ev_reply (SEC (12), FIRST_ID + 1, FOUND_HA);
  g_auto (GStrv) l1 = feed (mn, &e);
  g_assert_null (find_line (l1, "SEND_BU"));
  g_assert_false (mip6_mn_get_home_agent (mn, NULL));
  /* A Reply that lists nobody names no home agent. */
  e = ev_reply (SEC (12), FIRST_ID, NULL);
  g_auto (GStrv) l2 = feed (mn, &e);
  g_assert_null (find_line (l2, "SEND_BU"));

  e = ev_reply (SEC (12) + MS (10), FIRST_ID, FOUND_HA);
  g_auto (GStrv) l3 = feed (mn, &e);
  g_assert_nonnull (find_line (l3, "SEND_BU dst=" FOUND_HA " src=" COA1 " hoa=" HOA " coa=" COA1));
  struct in6_addr ha;
  g_assert_true (mip6_mn_get_home_agent (mn, &ha));
  struct in6_addr want = A (FOUND_HA);
  g_assert_true (IN6_ARE_ADDR_EQUAL (&ha, &want));
  /* No more Requests once found. */
  e = ev_timer (SEC (20));
  g_auto (GStrv) l4 = feed (mn, &e);
  g_assert_null (find_line (l4, "SEND_DHAAD_REQUEST"));
  /* A late duplicate Reply changes nothing. */
  e = ev_reply (SEC (21), FIRST_ID, "fec0:106:2700::9");
  g_auto (GStrv) l5 = feed (mn, &e);
  g_assert_null (find_line (l5, "SEND_BU"));
  g_assert_true (mip6_mn_get_home_agent (mn, &ha));
  g_assert_true (IN6_ARE_ADDR_EQUAL (&ha, &want));
}

/* At home with no home agent known, nothing is sent: no Request, no
 * Binding Update, no solicitation of a home agent (even when a previous run
 * may have left a binding somewhere). */
static void
test_home_without_home_agent_sends_nothing (void)
{
  Mip6MnConfig cfg = config_without_home_agent ();
  cfg.may_have_binding_s = 600;
  g_autoptr (Mip6Mn) mn = mip6_mn_new (&cfg);
  Mip6Event evs[] = {
    ev_link_up (0),
    ev_ra (MS (10), HA_LL, HOME_PREFIX, TRUE, 0),
    ev_addr (MS (20), HOA, 0, MIP6_LIFETIME_INFINITY, MIP6_LIFETIME_INFINITY),
    ev_timer (SEC (5)),
  };

  for (guint i = 0; i < G_N_ELEMENTS (evs); i++)
    {
      g_auto (GStrv) l = feed (mn, &evs[i]);
      g_assert_null (find_line (l, "SEND_BU"));
      g_assert_null (find_line (l, "SEND_DHAAD_REQUEST"));
      g_assert_null (find_line (l, "SOLICIT_HOME_AGENT"));
    }
  g_assert_cmpint (mip6_mn_get_state (mn), ==, MIP6_MN_HOME);
}

/* A configured home agent is used as it is: no discovery. */
static void
test_configured_home_agent_no_discovery (void)
{
  Mip6MnConfig cfg = test_config (100);
  g_autoptr (Mip6Mn) mn = mip6_mn_new (&cfg);
  g_auto (GStrv) l = start_on_visitnet (mn);

  g_assert_null (find_line (l, "SEND_DHAAD_REQUEST"));
  g_assert_nonnull (find_line (l, "SEND_BU dst=" HA));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mn/rfc6275-11.4.1/request-from-coa-to-anycast",
                   test_request_from_coa_to_anycast);
  g_test_add_func ("/mn/rfc6275-11.4.1/backoff-and-give-up", test_backoff_and_give_up);
  g_test_add_func ("/mn/rfc6275-11.4.1/reply-names-home-agent", test_reply_names_home_agent);
  g_test_add_func ("/mn/rfc6275-11.4.1/home-without-home-agent-sends-nothing",
                   test_home_without_home_agent_sends_nothing);
  g_test_add_func ("/mn/rfc6275-11.4.1/configured-home-agent-no-discovery",
                   test_configured_home_agent_no_discovery);
  return g_test_run ();
}
