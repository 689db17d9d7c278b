/* test-conformance-sequence.c: the sequence number cases of the IPv6 Ready
 * Mobile IPv6 home agent conformance specification (HA_2_5 to HA_2_8), on
 * the core alone, and the rule of RFC 6275 §9.5.1 they test: a Binding
 * Update whose Sequence Number is not greater (modulo 2^16) than the last
 * valid one's is answered with 135 carrying that last valid number.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "ha-test-util.h"

#define AH (MIP6_BU_FLAG_A | MIP6_BU_FLAG_H)

/* Registers with @first, then sends a second BU with @second, and returns
 * the status and sequence number of the BA that answers it. */
static void
second_bu (guint16 first, guint16 second, guint *status, guint *seq)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = mip6_ha_actions_new ();
  Mip6HaBindingUpdate bu = bu_make (second, 150, AH);

  register_mn (ha, first, 150, T0, a);
  mip6_ha_on_binding_update (ha, &bu, T0 + SEC, a);
  *status = G_MAXUINT;
  for (guint i = 0; i < a->len; i++)
    {
      const Mip6HaAction *x = &g_array_index (a, Mip6HaAction, i);
      if (x->type == MIP6_HA_ACTION_SEND_BA)
        {
          *status = x->u.ba.status;
          *seq = x->u.ba.sequence;
        }
    }
}

static void
assert_accepted (guint16 first, guint16 second)
{
  guint status, seq;

  second_bu (first, second, &status, &seq);
  g_assert_cmpuint (status, ==, MIP6_BA_ACCEPTED);
  g_assert_cmpuint (seq, ==, second);
}

static void
assert_out_of_window (guint16 first, guint16 second)
{
  guint status, seq;

  second_bu (first, second, &status, &seq);
  /* Judgement: BA with status 135 and the last accepted Sequence Number. */
  g_assert_cmpuint (status, ==, MIP6_BA_SEQUENCE_OUT_OF_WINDOW);
  g_assert_cmpuint (seq, ==, first);
}

/* RFC 6275 §9.5.1: after 15, "0 through 15, as well as 32783 through
 * 65535" are less than or equal; the conformance cases probe both edges of
 * that window, without (HA_2_5, HA_2_6) and across (HA_2_7, HA_2_8) the
 * counter's wrap. */

/* HA_2_5: valid sequence number, normal case. */
static void
test_HA_2_5_next (void)
{
  assert_accepted (15, 16);
}

static void
test_HA_2_5_window_edge (void)
{
  assert_accepted (15, 32782);
}

/* HA_2_6: invalid sequence number, normal case. */
static void
test_HA_2_6_less (void)
{
  assert_out_of_window (15, 14);
}

static void
test_HA_2_6_equal (void)
{
  assert_out_of_window (15, 15);
}

static void
test_HA_2_6_beyond_window (void)
{
  assert_out_of_window (15, 32783);
}

/* HA_2_7: valid sequence number across the counter's wrap. */
static void
test_HA_2_7_next (void)
{
  assert_accepted (32783, 32784);
}

static void
test_HA_2_7_wrapped (void)
{
  assert_accepted (32783, 14);
}

/* HA_2_8: invalid sequence number across the wrap. */
static void
test_HA_2_8_less (void)
{
  assert_out_of_window (32783, 32782);
}

static void
test_HA_2_8_equal (void)
{
  assert_out_of_window (32783, 32783);
}

static void
test_HA_2_8_beyond_window (void)
{
  assert_out_of_window (32783, 15);
}

/* §9.5.1 while DAD runs: the pending BU is the last valid one. A
 * reordered older BU must not replace it (it is out of window), a newer
 * one does, and the BA after DAD carries the newer number. */
static void
test_pending_replaced_only_by_newer (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = mip6_ha_actions_new ();
  Mip6HaBindingUpdate bu = bu_make (100, 150, AH);
  struct in6_addr hoa = A (MN_HOA);
  Mip6BindingCacheEntry *e;

  mip6_ha_on_binding_update (ha, &bu, T0, a);
  g_array_set_size (a, 0);

  bu = bu_make (99, 150, AH);
  bu.src = A (MN_COA2);
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a,
                  "SEND_BA fec0:106:2700::2 -> fec0:106:1000::4 rh2=fec0:106:2700::4 status=135 "
                  "seq=100 lifetime=0 refresh=0",
                  NULL);
  e = mip6_binding_cache_lookup (mip6_ha_get_binding_cache (ha), &hoa);
  g_assert_cmpuint (e->sequence, ==, 100);
  {
    struct in6_addr coa = A (MN_COA);
    g_assert_true (IN6_ARE_ADDR_EQUAL (&e->coa, &coa));
  }

  bu = bu_make (101, 150, AH);
  bu.src = A (MN_COA2);
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a, NULL);
  mip6_ha_on_dad_result (ha, &hoa, MIP6_HA_DAD_OK, T0 + SEC, a);
  g_assert_cmpuint (e->sequence, ==, 101);
  g_assert_true (IN6_ARE_ADDR_EQUAL (&e->coa, &bu.src));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ha/conformance/HA_2_5/15-then-16", test_HA_2_5_next);
  g_test_add_func ("/ha/conformance/HA_2_5/15-then-32782", test_HA_2_5_window_edge);
  g_test_add_func ("/ha/conformance/HA_2_6/15-then-14", test_HA_2_6_less);
  g_test_add_func ("/ha/conformance/HA_2_6/15-then-15", test_HA_2_6_equal);
  g_test_add_func ("/ha/conformance/HA_2_6/15-then-32783", test_HA_2_6_beyond_window);
  g_test_add_func ("/ha/conformance/HA_2_7/32783-then-32784", test_HA_2_7_next);
  g_test_add_func ("/ha/conformance/HA_2_7/32783-then-14", test_HA_2_7_wrapped);
  g_test_add_func ("/ha/conformance/HA_2_8/32783-then-32782", test_HA_2_8_less);
  g_test_add_func ("/ha/conformance/HA_2_8/32783-then-32783", test_HA_2_8_equal);
  g_test_add_func ("/ha/conformance/HA_2_8/32783-then-15", test_HA_2_8_beyond_window);
  g_test_add_func ("/ha/core/pending-replaced-only-by-newer", test_pending_replaced_only_by_newer);
  return g_test_run ();
}
