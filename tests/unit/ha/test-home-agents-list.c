/* test-home-agents-list.c: the Home Agents List (RFC 6275 §10.1, §10.5.1)
 * and the DHAAD Reply built from it (§10.5), with an injected clock.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "ha-test-util.h"

#include "home-agents-list.h"
#include "mip6-addr.h"

#define OWN_LL "fe80::2"
#define OTHER_LL "fe80::3"
#define OTHER_HA "fec0:106:2700::3"
#define THIRD_LL "fe80::5"
#define THIRD_HA "fec0:106:2700::5"

static Mip6HomeAgentsList *
list_with_own (gint16 preference)
{
  Mip6HomeAgentsList *list = mip6_home_agents_list_new ();
  struct in6_addr ll = A (OWN_LL), own = A (HA_ADDR);

  mip6_home_agents_list_set_own (list, &ll, &own, 1, preference);
  return list;
}

/* A Router Advertisement from @ll with the H bit and, when @ha_info, a
 * Home Agent Information option; @global in a prefix option with R. */
static Mip6HaListAdvert
ra_make (const char *ll, const char *global, gboolean ha_info, gint16 preference, guint16 lifetime)
{
  Mip6HaListAdvert ra = { 0 };

  ra.source = A (ll);
  ra.home_agent = TRUE;
  ra.router_lifetime = 1800;
  ra.has_ha_info = ha_info;
  ra.ha_preference = preference;
  ra.ha_lifetime = lifetime;
  if (global)
    {
      ra.n_globals = 1;
      ra.globals[0] = A (global);
    }
  return ra;
}

static void
assert_reply (Mip6HomeAgentsList *list, gint64 now, const char *const *want, guint n_want)
{
  Mip6DhaadReply rep;
  char buf[INET6_ADDRSTRLEN];

  mip6_home_agents_list_dhaad_reply (list, 0x4242, now, &rep);
  g_assert_cmpuint (rep.identifier, ==, 0x4242);
  g_assert_cmpuint (rep.n_addresses, ==, n_want);
  for (guint i = 0; i < n_want; i++)
    g_assert_cmpstr (inet_ntop (AF_INET6, &rep.addresses[i], buf, sizeof buf), ==, want[i]);
}

/* §10.5: the home agent answers with its own address even when it heard
 * no other home agent; the Identifier is the Request's. */
static void
test_own_entry_alone (void)
{
  g_autoptr (Mip6HomeAgentsList) list = list_with_own (0);
  const char *want[] = { HA_ADDR };

  assert_reply (list, T0, want, 1);
  /* Its own entry never expires while the daemon runs. */
  g_assert_cmpint (mip6_home_agents_list_next_deadline (list), ==, G_MAXINT64);
  g_assert_false (mip6_home_agents_list_expire (list, T0 + (gint64) 100000 * SEC));
  assert_reply (list, T0 + (gint64) 100000 * SEC, want, 1);
}

/* §10.5.1 and §7.4: preference and lifetime from the Home Agent
 * Information option; §10.5: the reply lists higher preferences first. */
static void
test_ha_info_preference_order (void)
{
  g_autoptr (Mip6HomeAgentsList) list = list_with_own (10);
  Mip6HaListAdvert hi = ra_make (OTHER_LL, OTHER_HA, TRUE, 20, 600);
  Mip6HaListAdvert lo = ra_make (THIRD_LL, THIRD_HA, TRUE, -5, 600);

  g_assert_true (mip6_home_agents_list_on_ra (list, &lo, T0));
  g_assert_true (mip6_home_agents_list_on_ra (list, &hi, T0));
  const char *want[] = { OTHER_HA, HA_ADDR, THIRD_HA };
  assert_reply (list, T0, want, 3);
  g_assert_cmpint (mip6_home_agents_list_next_deadline (list), ==, T0 + 600 * SEC);
}

/* §10.5.1: without the option, preference 0 and the Router Lifetime. */
static void
test_no_ha_info_defaults (void)
{
  g_autoptr (Mip6HomeAgentsList) list = list_with_own (0);
  Mip6HaListAdvert ra = ra_make (OTHER_LL, OTHER_HA, FALSE, 99, 9999);

  ra.router_lifetime = 300;
  g_assert_true (mip6_home_agents_list_on_ra (list, &ra, T0));
  g_autoptr (GPtrArray) sorted = mip6_home_agents_list_sorted (list, T0);
  g_assert_cmpuint (sorted->len, ==, 2);
  /* Equal preferences: our own first (deterministic tie order). */
  const Mip6HaListEntry *own = g_ptr_array_index (sorted, 0);
  const Mip6HaListEntry *other = g_ptr_array_index (sorted, 1);
  g_assert_true (own->own);
  g_assert_cmpint (other->preference, ==, 0);
  g_assert_cmpint (other->expires, ==, T0 + 300 * SEC);
}

/* §10.5.1: an entry MUST be deleted when its lifetime expires. */
static void
test_entry_expires (void)
{
  g_autoptr (Mip6HomeAgentsList) list = list_with_own (0);
  Mip6HaListAdvert ra = ra_make (OTHER_LL, OTHER_HA, TRUE, 5, 10);
  const char *both[] = { OTHER_HA, HA_ADDR }, *own[] = { HA_ADDR };

  mip6_home_agents_list_on_ra (list, &ra, T0);
  assert_reply (list, T0 + 9 * SEC, both, 2);
  /* An expired entry is not offered even before expire() runs. */
  assert_reply (list, T0 + 10 * SEC, own, 1);
  g_assert_false (mip6_home_agents_list_expire (list, T0 + 9 * SEC));
  g_assert_true (mip6_home_agents_list_expire (list, T0 + 10 * SEC));
  g_assert_cmpint (mip6_home_agents_list_next_deadline (list), ==, G_MAXINT64);
}

/* §10.5.1: a new RA resets lifetime and preference. */
static void
test_refresh_resets_lifetime_and_preference (void)
{
  g_autoptr (Mip6HomeAgentsList) list = list_with_own (0);
  Mip6HaListAdvert ra = ra_make (OTHER_LL, OTHER_HA, TRUE, 5, 10);

  mip6_home_agents_list_on_ra (list, &ra, T0);
  ra.ha_preference = -1;
  ra.ha_lifetime = 100;
  mip6_home_agents_list_on_ra (list, &ra, T0 + 5 * SEC);
  const char *want[] = { HA_ADDR, OTHER_HA };
  assert_reply (list, T0 + 50 * SEC, want, 2);
  g_assert_cmpint (mip6_home_agents_list_next_deadline (list), ==, T0 + 105 * SEC);
}

/* §10.5.1: lifetime 0 deletes the entry at once; without H the entry
 * goes too; neither creates an entry. */
static void
test_lifetime_zero_and_no_h_delete (void)
{
  g_autoptr (Mip6HomeAgentsList) list = list_with_own (0);
  Mip6HaListAdvert ra = ra_make (OTHER_LL, OTHER_HA, TRUE, 5, 0);
  const char *own[] = { HA_ADDR };

  g_assert_false (mip6_home_agents_list_on_ra (list, &ra, T0));
  assert_reply (list, T0, own, 1);
  ra.ha_lifetime = 100;
  g_assert_true (mip6_home_agents_list_on_ra (list, &ra, T0));
  ra.ha_lifetime = 0;
  g_assert_true (mip6_home_agents_list_on_ra (list, &ra, T0 + SEC));
  assert_reply (list, T0 + SEC, own, 1);

  ra.ha_lifetime = 100;
  mip6_home_agents_list_on_ra (list, &ra, T0);
  ra.home_agent = FALSE;
  g_assert_true (mip6_home_agents_list_on_ra (list, &ra, T0 + SEC));
  assert_reply (list, T0 + SEC, own, 1);
  g_assert_false (mip6_home_agents_list_on_ra (list, &ra, T0 + SEC));
}

/* §10.5.1: global addresses come from Prefix Information options with the
 * R bit (§7.2), accumulated per entry; a home agent whose global address
 * is unknown is not offered (a Reply lists global addresses). */
static void
test_globals_from_r_bit (void)
{
  g_autoptr (Mip6HomeAgentsList) list = list_with_own (0);
  Mip6HaListAdvert ra = ra_make (OTHER_LL, NULL, TRUE, 50, 100);

  mip6_home_agents_list_on_ra (list, &ra, T0);
  const char *own[] = { HA_ADDR };
  assert_reply (list, T0, own, 1);
  ra.n_globals = 1;
  ra.globals[0] = A (OTHER_HA);
  mip6_home_agents_list_on_ra (list, &ra, T0);
  ra.globals[0] = A ("fec0:106:2800::3");
  mip6_home_agents_list_on_ra (list, &ra, T0);
  const char *want[] = { OTHER_HA, "fec0:106:2800::3", HA_ADDR };
  assert_reply (list, T0, want, 3);
}

/* Our own Router Advertisements, looped back to us, do not replace our
 * own entry. */
static void
test_own_ra_ignored (void)
{
  g_autoptr (Mip6HomeAgentsList) list = list_with_own (3);
  Mip6HaListAdvert ra = ra_make (OWN_LL, HA_ADDR, TRUE, 20, 10);

  g_assert_false (mip6_home_agents_list_on_ra (list, &ra, T0));
  g_autoptr (GPtrArray) sorted = mip6_home_agents_list_sorted (list, T0 + 20 * SEC);
  g_assert_cmpuint (sorted->len, ==, 1);
  g_assert_cmpint (((const Mip6HaListEntry *) g_ptr_array_index (sorted, 0))->preference, ==, 3);
}

/* An RA heard before we knew our own link-local address was ours. */
static void
test_own_ll_learnt_late (void)
{
  g_autoptr (Mip6HomeAgentsList) list = mip6_home_agents_list_new ();
  struct in6_addr none = IN6ADDR_ANY_INIT, own = A (HA_ADDR), ll = A (OWN_LL);
  Mip6HaListAdvert ra = ra_make (OWN_LL, HA_ADDR, TRUE, 20, 10);

  mip6_home_agents_list_set_own (list, &none, &own, 1, 0);
  mip6_home_agents_list_on_ra (list, &ra, T0);
  mip6_home_agents_list_set_own (list, &ll, &own, 1, 0);
  const char *want[] = { HA_ADDR };
  assert_reply (list, T0, want, 1);
}

/* §10.5: the Reply is never fragmented: at most as many addresses as fit
 * a 1280-octet packet. */
static void
test_reply_fits_minimum_mtu (void)
{
  g_autoptr (Mip6HomeAgentsList) list = list_with_own (0);

  for (guint i = 0; i < MIP6_HA_LIST_MAX_ENTRIES; i++)
    {
      Mip6HaListAdvert ra = ra_make (OTHER_LL, NULL, TRUE, 1, 100);
      ra.source.s6_addr[14] = (guint8) (i + 1);
      ra.n_globals = 2;
      ra.globals[0] = A (OTHER_HA);
      ra.globals[0].s6_addr[14] = (guint8) (i + 1);
      ra.globals[1] = ra.globals[0];
      ra.globals[1].s6_addr[13] = 1;
      mip6_home_agents_list_on_ra (list, &ra, T0);
    }
  Mip6DhaadReply rep;
  mip6_home_agents_list_dhaad_reply (list, 1, T0, &rep);
  g_assert_cmpuint (rep.n_addresses, ==, MIP6_DHAAD_MAX_ADDRESSES);
  g_assert_cmpuint (MIP6_IPV6_HEADER_LEN + 8 + 16 * rep.n_addresses, <=, MIP6_IPV6_MIN_MTU);
  /* The lowest preference (our own, 0) is the one left out. */
  struct in6_addr own = A (HA_ADDR);
  for (guint i = 0; i < rep.n_addresses; i++)
    g_assert_false (IN6_ARE_ADDR_EQUAL (&rep.addresses[i], &own));
}

/* RFC 2526 §3: the Mobile IPv6 Home-Agents anycast address. */
static void
test_anycast_address (void)
{
  struct in6_addr p = A (HOME_PREFIX), out;
  char buf[INET6_ADDRSTRLEN];

  mip6_addr_home_agents_anycast (&p, 64, &out);
  g_assert_cmpstr (inet_ntop (AF_INET6, &out, buf, sizeof buf), ==,
                   "fec0:106:2700:0:fdff:ffff:ffff:fffe");
  /* Not EUI-64 (RFC 2526 §2): all ones but the identifier. */
  p = A ("fec0:106:2700::");
  mip6_addr_home_agents_anycast (&p, 48, &out);
  g_assert_cmpstr (inet_ntop (AF_INET6, &out, buf, sizeof buf), ==,
                   "fec0:106:2700:ffff:ffff:ffff:ffff:fffe");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ha/home-agents-list/rfc6275-10.5/own-entry-alone", test_own_entry_alone);
  g_test_add_func ("/ha/home-agents-list/rfc6275-10.5.1/ha-info-preference-order",
                   test_ha_info_preference_order);
  g_test_add_func ("/ha/home-agents-list/rfc6275-10.5.1/no-ha-info-defaults",
                   test_no_ha_info_defaults);
  g_test_add_func ("/ha/home-agents-list/rfc6275-10.5.1/entry-expires", test_entry_expires);
  g_test_add_func ("/ha/home-agents-list/rfc6275-10.5.1/refresh",
                   test_refresh_resets_lifetime_and_preference);
  g_test_add_func ("/ha/home-agents-list/rfc6275-10.5.1/lifetime-zero-and-no-h",
                   test_lifetime_zero_and_no_h_delete);
  g_test_add_func ("/ha/home-agents-list/rfc6275-10.5.1/globals-from-r-bit",
                   test_globals_from_r_bit);
  g_test_add_func ("/ha/home-agents-list/own-ra-ignored", test_own_ra_ignored);
  g_test_add_func ("/ha/home-agents-list/own-ll-learnt-late", test_own_ll_learnt_late);
  g_test_add_func ("/ha/home-agents-list/rfc6275-10.5/reply-fits-minimum-mtu",
                   test_reply_fits_minimum_mtu);
  g_test_add_func ("/ha/home-agents-list/rfc2526-3/anycast-address", test_anycast_address);
  return g_test_run ();
}
