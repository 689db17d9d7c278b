/* test-errors.c: the error messages of the home agent core. RFC 6275
 * §9.3.1 (a Home Address option without a binding), §9.2 (unknown MH Type,
 * malformed Mobility Header) and §9.3.3: a Binding Error goes to the
 * packet's source, never to a multicast address, from the unicast address
 * the packet was sent to, and at a limited rate.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "ha-test-util.h"

static guint
count (GArray *a, Mip6HaActionType type)
{
  guint n = 0;

  for (guint i = 0; i < a->len; i++)
    n += g_array_index (a, Mip6HaAction, i).type == type;
  return n;
}

/* §9.3.1: no binding for the home address → BE status 1 to the source,
 * Home Address field = the option's address; the packet is refused. */
static void
test_hao_without_binding (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = mip6_ha_actions_new ();
  struct in6_addr coa = A (MN_COA), own = A (HA_ADDR), hoa = A (MN_HOA);

  g_assert_false (mip6_ha_on_hao_packet (ha, &coa, &own, &hoa, T0, a));
  assert_actions (a, "SEND_BE fec0:106:2700::2 -> fec0:106:1100::4 status=1 hoa=fec0:106:2700::4",
                  NULL);
  /* Registered from another care-of address: still no binding for this
   * pair (§9.3.1 compares the source with the registered care-of address). */
  register_mn (ha, 1, 150, T0, a);
  {
    struct in6_addr other = A (MN_COA2);
    g_assert_false (mip6_ha_on_hao_packet (ha, &other, &own, &hoa, T0, a));
    g_assert_cmpuint (count (a, MIP6_HA_ACTION_SEND_BE), ==, 1);
    g_array_set_size (a, 0);
  }
  g_assert_true (mip6_ha_on_hao_packet (ha, &coa, &own, &hoa, T0, a));
  assert_actions (a, NULL);
}

/* §9.3.3: never to a non-unicast source; only for packets addressed to
 * this node (a router forwarding the packet does not answer); an option
 * with an address that can have no binding is dropped silently. */
static void
test_be_conditions (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = mip6_ha_actions_new ();
  struct in6_addr coa = A (MN_COA), own = A (HA_ADDR), hoa = A (MN_HOA);
  struct in6_addr mcast = A ("ff02::1"), unspec = A ("::"), other = A ("fec0:106:2300::10");
  struct in6_addr ll = A ("fe80::4");

  g_assert_false (mip6_ha_on_hao_packet (ha, &mcast, &own, &hoa, T0, a));
  g_assert_false (mip6_ha_on_hao_packet (ha, &unspec, &own, &hoa, T0, a));
  g_assert_false (mip6_ha_on_hao_packet (ha, &coa, &other, &hoa, T0, a));
  g_assert_false (mip6_ha_on_hao_packet (ha, &coa, &mcast, &hoa, T0, a));
  g_assert_false (mip6_ha_on_hao_packet (ha, &coa, &own, &mcast, T0, a));
  g_assert_false (mip6_ha_on_hao_packet (ha, &coa, &own, &ll, T0, a));
  mip6_ha_on_unknown_mh_type (ha, &mcast, &own, NULL, 42, T0, a);
  mip6_ha_on_unknown_mh_type (ha, &coa, &other, NULL, 42, T0, a);
  mip6_ha_on_malformed_mh (ha, &coa, &other, MIP6_HA_MH_BAD_HEADER_LEN, T0, a);
  assert_actions (a, NULL);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_ERRORS_NOT_SENT), ==, 7);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BE_SENT), ==, 0);
}

/* §9.3.3 "MUST limit the rate": the default bucket lets 10 go at once,
 * then one per 100 ms; errors of all kinds share it. */
static void
test_rate_limit (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = mip6_ha_actions_new ();
  struct in6_addr coa = A (MN_COA), own = A (HA_ADDR), hoa = A (MN_HOA);

  for (guint i = 0; i < 25; i++)
    mip6_ha_on_hao_packet (ha, &coa, &own, &hoa, T0, a);
  g_assert_cmpuint (count (a, MIP6_HA_ACTION_SEND_BE), ==, 10);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_ERRORS_RATE_LIMITED), ==, 15);
  g_array_set_size (a, 0);

  /* 250 ms later two tokens are back. */
  mip6_ha_on_malformed_mh (ha, &coa, &own, MIP6_HA_MH_BAD_PAYLOAD_PROTO, T0 + SEC / 4, a);
  mip6_ha_on_unknown_mh_type (ha, &coa, &own, &hoa, 42, T0 + SEC / 4, a);
  mip6_ha_on_unknown_mh_type (ha, &coa, &own, &hoa, 42, T0 + SEC / 4, a);
  g_assert_cmpuint (a->len, ==, 2);
  g_array_set_size (a, 0);

  /* After a quiet while the whole burst is back, not more. */
  for (guint i = 0; i < 25; i++)
    mip6_ha_on_hao_packet (ha, &coa, &own, &hoa, T0 + 60 * SEC, a);
  g_assert_cmpuint (count (a, MIP6_HA_ACTION_SEND_BE), ==, 10);
}

/* §9.2: Payload Proto not IPPROTO_NONE → Pointer at byte 0 of the
 * Mobility Header; Header Len too small → byte 1. From the address the
 * packet was sent to, back to its source. */
static void
test_param_problem (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = mip6_ha_actions_new ();
  struct in6_addr coa = A (MN_COA), own = A (HA_ADDR);

  mip6_ha_on_malformed_mh (ha, &coa, &own, MIP6_HA_MH_BAD_PAYLOAD_PROTO, T0, a);
  mip6_ha_on_malformed_mh (ha, &coa, &own, MIP6_HA_MH_BAD_HEADER_LEN, T0, a);
  assert_actions (a, "SEND_PARAM_PROBLEM fec0:106:2700::2 -> fec0:106:1100::4 mh_field=0",
                  "SEND_PARAM_PROBLEM fec0:106:2700::2 -> fec0:106:1100::4 mh_field=1", NULL);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_PARAM_PROBLEM_SENT), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ha/errors/hao-without-binding", test_hao_without_binding);
  g_test_add_func ("/ha/errors/binding-error-conditions", test_be_conditions);
  g_test_add_func ("/ha/errors/rate-limit", test_rate_limit);
  g_test_add_func ("/ha/errors/param-problem", test_param_problem);
  return g_test_run ();
}
