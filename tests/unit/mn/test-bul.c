/* Unit tests of the binding update list entry for the home agent.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "mn-test-util.h"
#include "mn/constants.h"

#include <string.h>

static void
init (Mip6Bul *bul, guint32 max_lifetime)
{
  struct in6_addr ha = A (HA), hoa = A (HOA);

  mip6_bul_init (bul, &ha, &hoa, max_lifetime, 7);
}

static void
test_lifetime_bounds (void)
{
  Mip6Bul bul;

  init (&bul, 3600);
  /* §11.7.1: min(config, CoA, HoA), in 4 s units, never 0. */
  g_assert_cmpuint (mip6_bul_lifetime (&bul, 0, G_MAXINT64, G_MAXINT64), ==, 3600);
  g_assert_cmpuint (mip6_bul_lifetime (&bul, 0, SEC (1001), G_MAXINT64), ==, 1000);
  g_assert_cmpuint (mip6_bul_lifetime (&bul, 0, SEC (1001), SEC (203)), ==, 200);
  g_assert_cmpuint (mip6_bul_lifetime (&bul, SEC (1000), SEC (1001), G_MAXINT64), ==, 4);
  init (&bul, 0);
  /* §6.1.7: the field's maximum. */
  g_assert_cmpuint (mip6_bul_lifetime (&bul, 0, G_MAXINT64, G_MAXINT64), ==, 262140);
}

static void
test_backoff_not_first_registration (void)
{
  Mip6Bul bul;
  g_autoptr (GArray) actions = mip6_actions_new ();
  struct in6_addr coa = A (COA1), coa2 = A (COA2);
  Mip6Ba ba = { .source = A (HA), .status = 0, .seq = 7, .lifetime_s = 3600 };

  init (&bul, 3600);
  mip6_bul_register (&bul, 0, &coa, G_MAXINT64, G_MAXINT64, actions);
  g_assert_cmpint (mip6_bul_next_deadline (&bul), ==, MS (1500));
  g_assert_cmpint (mip6_bul_ba (&bul, MS (10), &ba, actions), ==, MIP6_BUL_RESULT_REGISTERED);

  /* A new CoA while a binding exists: INITIAL_BINDACK_TIMEOUT, then
   * 2, 4, 8, 16, 32, 32 s (§11.8). */
  mip6_bul_register (&bul, SEC (100), &coa2, G_MAXINT64, G_MAXINT64, actions);
  const gint64 waits[] = { 1, 2, 4, 8, 16, 32, 32 };
  gint64 t = SEC (100);
  guint unanswered = 0;
  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      t += SEC (waits[i]);
      g_assert_cmpint (mip6_bul_next_deadline (&bul), ==, t);
      g_assert_cmpint (mip6_bul_timer (&bul, t - 1, actions), ==, MIP6_BUL_RESULT_NONE);
      if (mip6_bul_timer (&bul, t, actions) == MIP6_BUL_RESULT_UNANSWERED)
        {
          /* Reported once, after MIP6_MN_UNANSWERED_LIMIT timeouts. */
          g_assert_cmpuint (i + 1, ==, MIP6_MN_UNANSWERED_LIMIT);
          unanswered++;
        }
    }
  g_assert_cmpuint (unanswered, ==, 1);
  /* §11.8: it never stops while the registration is wanted. */
  g_assert_cmpint (mip6_bul_next_deadline (&bul), ==, t + SEC (32));
  g_assert_cmpuint (bul.stats.bu_sent, ==, 2 + G_N_ELEMENTS (waits));
  g_assert_cmpuint (actions->len, ==, 2 + G_N_ELEMENTS (waits));
  g_assert_cmpuint (g_array_index (actions, Mip6Action, actions->len - 1).bu.seq, ==,
                    8 + G_N_ELEMENTS (waits));
}

static void
test_rejected_and_ignored (void)
{
  Mip6Bul bul;
  g_autoptr (GArray) actions = mip6_actions_new ();
  struct in6_addr coa = A (COA1);
  Mip6Ba ba = { .source = A (HA), .status = MIP6_BA_NOT_HOME_SUBNET, .seq = 7 };

  init (&bul, 3600);
  mip6_bul_register (&bul, 0, &coa, G_MAXINT64, G_MAXINT64, actions);
  ba.source = A (COA2);
  g_assert_cmpint (mip6_bul_ba (&bul, 1, &ba, actions), ==, MIP6_BUL_RESULT_IGNORED);
  ba.source = A (HA);
  g_assert_cmpint (mip6_bul_ba (&bul, 1, &ba, actions), ==, MIP6_BUL_RESULT_REJECTED);
  g_assert_cmpint (bul.state, ==, MIP6_BUL_NONE);
  g_assert_cmpint (mip6_bul_next_deadline (&bul), ==, G_MAXINT64);
  /* Nothing outstanding: a repeat is ignored. */
  g_assert_cmpint (mip6_bul_ba (&bul, 2, &ba, actions), ==, MIP6_BUL_RESULT_IGNORED);
  g_assert_nonnull (strstr (mip6_ba_status_reason (132), "home subnet"));
}

/* §11.7.3: 128 and 130 may pass; the BU due on the back-off schedule of
 * §11.8 is still sent. */
static void
test_transient_refusal_retried (void)
{
  Mip6Bul bul;
  g_autoptr (GArray) actions = mip6_actions_new ();
  struct in6_addr coa = A (COA1);

  for (guint8 status = MIP6_BA_UNSPECIFIED; status <= MIP6_BA_INSUFFICIENT_RESOURCES; status += 2)
    {
      init (&bul, 3600);
      g_array_set_size (actions, 0);
      mip6_bul_register (&bul, 0, &coa, G_MAXINT64, G_MAXINT64, actions);
      Mip6Ba ba = { .source = A (HA), .status = status, .seq = 7 };
      g_assert_cmpint (mip6_bul_ba (&bul, MS (5), &ba, actions), ==, MIP6_BUL_RESULT_RETRY_LATER);
      g_assert_true (bul.outstanding);
      g_assert_cmpint (mip6_bul_next_deadline (&bul), ==, MS (1500));
      mip6_bul_timer (&bul, MS (1500), actions);
      g_assert_cmpuint (actions->len, ==, 2);
      g_assert_cmpint (mip6_bul_next_deadline (&bul), ==, MS (1500) + SEC (3));
    }
}

/* §11.7.3: an accepted BA whose lifetime is 0 grants no binding: it is
 * not a registration, and nothing is refreshed after it. */
static void
test_accepted_lifetime_zero_is_refusal (void)
{
  Mip6Bul bul;
  g_autoptr (GArray) actions = mip6_actions_new ();
  struct in6_addr coa = A (COA1);
  Mip6Ba ba = { .source = A (HA), .status = 0, .seq = 7, .lifetime_s = 0 };

  init (&bul, 3600);
  mip6_bul_register (&bul, 0, &coa, G_MAXINT64, G_MAXINT64, actions);
  g_assert_cmpint (mip6_bul_ba (&bul, MS (5), &ba, actions), ==, MIP6_BUL_RESULT_REJECTED);
  g_assert_false (bul.binding);
  g_assert_cmpint (mip6_bul_next_deadline (&bul), ==, G_MAXINT64);
  g_assert_cmpuint (actions->len, ==, 1);
}

/* §11.8: no more than MAX_UPDATE_RATE (3, §12) Binding Updates a second,
 * however often they are asked for. */
static void
test_max_update_rate (void)
{
  Mip6Bul bul;
  g_autoptr (GArray) actions = mip6_actions_new ();
  struct in6_addr coa = A (COA1), coa2 = A (COA2);

  init (&bul, 3600);
  for (guint i = 0; i < 10; i++)
    mip6_bul_register (&bul, MS (10) * i, i % 2 ? &coa : &coa2, G_MAXINT64, G_MAXINT64, actions);
  g_assert_cmpuint (actions->len, ==, 3);
  /* The held-back one leaves a second after the first. */
  g_assert_cmpint (mip6_bul_next_deadline (&bul), ==, SEC (1));
  mip6_bul_timer (&bul, SEC (1), actions);
  g_assert_cmpuint (actions->len, ==, 4);
  g_assert_cmpuint (bul.stats.bu_retransmitted, ==, 0);
  /* Sequence numbers are used only by BUs that left. */
  g_assert_cmpuint (g_array_index (actions, Mip6Action, 3).bu.seq, ==,
                    g_array_index (actions, Mip6Action, 2).bu.seq + 1);
}

static void
test_expiry (void)
{
  Mip6Bul bul;
  g_autoptr (GArray) actions = mip6_actions_new ();
  struct in6_addr coa = A (COA1);
  Mip6Ba ba = { .source = A (HA), .status = 0, .seq = 7, .lifetime_s = 100 };

  init (&bul, 3600);
  mip6_bul_register (&bul, 0, &coa, G_MAXINT64, G_MAXINT64, actions);
  mip6_bul_ba (&bul, MS (5), &ba, actions);
  mip6_bul_suspend (&bul); /* no link: no refresh */
  g_assert_cmpint (mip6_bul_next_deadline (&bul), ==, SEC (100));
  g_assert_cmpint (mip6_bul_timer (&bul, SEC (80), actions), ==, MIP6_BUL_RESULT_NONE);
  g_assert_cmpuint (actions->len, ==, 1);
  g_assert_cmpint (mip6_bul_timer (&bul, SEC (100), actions), ==, MIP6_BUL_RESULT_EXPIRED);
  g_assert_false (bul.binding);
  /* Nothing to deregister any more. */
  g_assert_false (mip6_bul_deregister (&bul, SEC (101), actions));
}

/* RFC 6275 §10.3.2: a home agent without a binding answers a deregistration
 * with 133. After a retransmitted deregistration that means the first one
 * worked and its BA was lost: the mobile node is deregistered, not refused. */
static void
test_deregistration_answered_133 (void)
{
  Mip6Bul bul;
  g_autoptr (GArray) actions = mip6_actions_new ();
  struct in6_addr coa = A (COA1);
  Mip6Ba ba = { .source = A (HA), .status = 0, .seq = 7, .lifetime_s = 100 };

  init (&bul, 3600);
  mip6_bul_register (&bul, 0, &coa, G_MAXINT64, G_MAXINT64, actions);
  g_assert_cmpint (mip6_bul_ba (&bul, MS (5), &ba, actions), ==, MIP6_BUL_RESULT_REGISTERED);
  g_assert_true (mip6_bul_deregister (&bul, SEC (1), actions));
  /* the first deregistration's BA is lost; the retransmission gets 133 */
  g_assert_cmpint (mip6_bul_timer (&bul, SEC (3), actions), ==, MIP6_BUL_RESULT_NONE);
  ba.seq = bul.seq;
  ba.status = MIP6_BA_NOT_HOME_AGENT;
  ba.lifetime_s = 0;
  g_assert_cmpint (mip6_bul_ba (&bul, SEC (3) + MS (2), &ba, actions), ==,
                   MIP6_BUL_RESULT_DEREGISTERED);
  g_assert_cmpint (bul.state, ==, MIP6_BUL_NONE);
  g_assert_false (bul.binding);
  /* while registering, 133 stays a refusal */
  mip6_bul_register (&bul, SEC (4), &coa, G_MAXINT64, G_MAXINT64, actions);
  ba.seq = bul.seq;
  g_assert_cmpint (mip6_bul_ba (&bul, SEC (4) + MS (2), &ba, actions), ==,
                   MIP6_BUL_RESULT_REJECTED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mn/bul/lifetime-bounds", test_lifetime_bounds);
  g_test_add_func ("/mn/bul/backoff", test_backoff_not_first_registration);
  g_test_add_func ("/mn/bul/rejected-ignored", test_rejected_and_ignored);
  g_test_add_func ("/mn/bul/11.7.3-transient-refusal-retried", test_transient_refusal_retried);
  g_test_add_func ("/mn/bul/11.7.3-accepted-lifetime-0-is-refusal",
                   test_accepted_lifetime_zero_is_refusal);
  g_test_add_func ("/mn/bul/11.8-max-update-rate", test_max_update_rate);
  g_test_add_func ("/mn/bul/expiry", test_expiry);
  g_test_add_func ("/mn/bul/deregistration-133", test_deregistration_answered_133);
  return g_test_run ();
}
