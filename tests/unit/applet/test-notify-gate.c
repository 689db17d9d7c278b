/* The notification rate limit with an injected clock: at most one shown
 * per 5 s, the latest content shown when the window opens. */
#include "config.h"

#include <glib.h>

#include "notifier.h"

#define S G_USEC_PER_SEC
/* Monotonic times well away from 0, which means "never". */
#define T0 (1000 * S)

static void
test_first_shows_at_once (void)
{
  Mip6NotifyGate gate = { 0 };
  g_assert_cmpint (mip6_notify_gate_offer (&gate, T0), ==, 0);
  g_assert_false (gate.pending);
}

static void
test_storm_gives_one_per_interval (void)
{
  Mip6NotifyGate gate = { 0 };
  guint shown = 0;
  gint64 due = 0;

  /* A link flapping every 100 ms for 12 s. */
  for (gint64 t = T0; t < T0 + 12 * S; t += S / 10)
    {
      if (due != 0 && t >= due && mip6_notify_gate_due (&gate, t))
        {
          shown++;
          due = 0;
        }
      gint64 opens = mip6_notify_gate_offer (&gate, t);
      if (opens == 0)
        shown++;
      else
        {
          g_assert_cmpint (opens, >, t);
          g_assert_cmpint (opens, <=, t + MIP6_NOTIFY_INTERVAL_US);
          due = opens;
        }
    }
  /* 0 s, 5 s, 10 s: three, each 5 s after the one before. */
  g_assert_cmpuint (shown, ==, 3);
  /* The last content waits; it is shown when the window opens. */
  g_assert_true (gate.pending);
  g_assert_false (mip6_notify_gate_due (&gate, T0 + 14 * S));
  g_assert_true (mip6_notify_gate_due (&gate, T0 + 15 * S));
  g_assert_false (gate.pending);
}

static void
test_due_not_before_interval (void)
{
  Mip6NotifyGate gate = { 0 };
  g_assert_cmpint (mip6_notify_gate_offer (&gate, T0), ==, 0);
  gint64 opens = mip6_notify_gate_offer (&gate, T0 + S);
  g_assert_cmpint (opens, ==, T0 + MIP6_NOTIFY_INTERVAL_US);
  g_assert_false (mip6_notify_gate_due (&gate, opens - 1));
  g_assert_true (mip6_notify_gate_due (&gate, opens));
  /* Nothing waits any more: a second "due" shows nothing. */
  g_assert_false (mip6_notify_gate_due (&gate, opens + S));
}

static void
test_quiet_then_at_once (void)
{
  Mip6NotifyGate gate = { 0 };
  g_assert_cmpint (mip6_notify_gate_offer (&gate, T0), ==, 0);
  /* After a quiet 5 s, the next one is shown at once again. */
  g_assert_cmpint (mip6_notify_gate_offer (&gate, T0 + MIP6_NOTIFY_INTERVAL_US), ==, 0);
  g_assert_cmpint (mip6_notify_gate_offer (&gate, T0 + 60 * S), ==, 0);
}

static void
test_interval_is_five_seconds (void)
{
  g_assert_cmpint (MIP6_NOTIFY_INTERVAL_US, ==, 5 * G_USEC_PER_SEC);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/notify-gate/first-at-once", test_first_shows_at_once);
  g_test_add_func ("/notify-gate/storm", test_storm_gives_one_per_interval);
  g_test_add_func ("/notify-gate/due-not-before-interval", test_due_not_before_interval);
  g_test_add_func ("/notify-gate/quiet-then-at-once", test_quiet_then_at_once);
  g_test_add_func ("/notify-gate/interval", test_interval_is_five_seconds);
  return g_test_run ();
}
