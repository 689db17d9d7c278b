/* test-home-prefixes.c: home prefix lifetimes (RFC 6275 §10.3.1) and the
 * Mobile Prefix Advertisement built from them (§10.6, §6.8).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "ha-test-util.h"

#include "home-prefixes.h"

#define INF 0xffffffffu

static Mip6HomePrefixes *
prefixes_new (void)
{
  Mip6HomePrefixes *hp = mip6_home_prefixes_new ();
  struct in6_addr p = A (HOME_PREFIX);

  mip6_home_prefixes_add (hp, &p, 64);
  return hp;
}

static void
assert_lifetimes (Mip6HomePrefixes *hp, gint64 valid, gint64 preferred)
{
  gint64 v, p;

  mip6_home_prefixes_get (hp, 0, NULL, NULL, &v, &p);
  g_assert_cmpint (v, ==, valid);
  g_assert_cmpint (p, ==, preferred);
}

/* Nothing heard yet: the configured prefix is infinite, as before. */
static void
test_unknown_is_infinite (void)
{
  g_autoptr (Mip6HomePrefixes) hp = prefixes_new ();

  assert_lifetimes (hp, G_MAXINT64, G_MAXINT64);
}

/* RFC 4861 §4.6.2: a Prefix Information option's lifetimes, from now. */
static void
test_ra_lifetimes (void)
{
  g_autoptr (Mip6HomePrefixes) hp = prefixes_new ();
  struct in6_addr p = A (HOME_PREFIX);

  g_assert_true (mip6_home_prefixes_update (hp, MIP6_HOME_PREFIX_FROM_RA, &p, 64, 120, 60, T0));
  assert_lifetimes (hp, T0 + 120 * SEC, T0 + 60 * SEC);
  /* The same lifetimes again from the same moment: no change. */
  g_assert_false (mip6_home_prefixes_update (hp, MIP6_HOME_PREFIX_FROM_RA, &p, 64, 120, 60, T0));
  /* Shortened (§10.3.1: bindings follow). */
  g_assert_true (
      mip6_home_prefixes_update (hp, MIP6_HOME_PREFIX_FROM_RA, &p, 64, 10, 10, T0 + SEC));
  assert_lifetimes (hp, T0 + 11 * SEC, T0 + 11 * SEC);
}

/* Another prefix, or the home prefix with another length, is ignored. */
static void
test_other_prefix_ignored (void)
{
  g_autoptr (Mip6HomePrefixes) hp = prefixes_new ();
  struct in6_addr other = A ("fec0:106:1100::"), home = A (HOME_PREFIX);

  g_assert_false (mip6_home_prefixes_update (hp, MIP6_HOME_PREFIX_FROM_RA, &other, 64, 5, 5, T0));
  g_assert_false (mip6_home_prefixes_update (hp, MIP6_HOME_PREFIX_FROM_RA, &home, 48, 5, 5, T0));
  assert_lifetimes (hp, G_MAXINT64, G_MAXINT64);
}

/* §10.3.1 bounds a binding by the prefix's valid lifetime, which the home
 * link's Router Advertisements give (HA_2_1_9: 20 s advertised, the BA
 * may not grant more); the home agent's own static address (infinite)
 * stands in only until an RA is heard. */
static void
test_static_address_and_ra (void)
{
  g_autoptr (Mip6HomePrefixes) hp = prefixes_new ();
  struct in6_addr own = A (HA_ADDR), p = A (HOME_PREFIX);

  g_assert_false (
      mip6_home_prefixes_update (hp, MIP6_HOME_PREFIX_FROM_ADDRESS, &own, 64, INF, INF, T0));
  assert_lifetimes (hp, G_MAXINT64, G_MAXINT64);
  g_assert_true (mip6_home_prefixes_update (hp, MIP6_HOME_PREFIX_FROM_RA, &p, 64, 30, 20, T0));
  assert_lifetimes (hp, T0 + 30 * SEC, T0 + 20 * SEC);
  g_assert_false (mip6_home_prefixes_forget (hp, MIP6_HOME_PREFIX_FROM_ADDRESS, &own, 64));
  assert_lifetimes (hp, T0 + 30 * SEC, T0 + 20 * SEC);
}

/* A preferred lifetime longer than the valid one ends with the prefix. */
static void
test_preferred_capped (void)
{
  g_autoptr (Mip6HomePrefixes) hp = prefixes_new ();
  struct in6_addr own = A (HA_ADDR);

  mip6_home_prefixes_update (hp, MIP6_HOME_PREFIX_FROM_ADDRESS, &own, 64, 10, 100, T0);
  assert_lifetimes (hp, T0 + 10 * SEC, T0 + 10 * SEC);
}

/* §6.8, §10.6: an MPA carries the home prefix with the lifetimes left and
 * the Identifier of the Solicitation; an expired prefix is left out. */
static void
test_mpa (void)
{
  g_autoptr (Mip6HomePrefixes) hp = prefixes_new ();
  struct in6_addr p = A (HOME_PREFIX);
  Mip6PrefixAdvert mpa;
  char buf[INET6_ADDRSTRLEN];

  mip6_home_prefixes_mpa (hp, 0xbeef, T0, &mpa);
  g_assert_cmpuint (mpa.identifier, ==, 0xbeef);
  g_assert_cmpuint (mpa.options.n_prefixes, ==, 1);
  g_assert_cmpuint (mpa.options.prefixes[0].valid_lifetime, ==, INF);
  g_assert_cmpuint (mpa.options.prefixes[0].preferred_lifetime, ==, INF);

  mip6_home_prefixes_update (hp, MIP6_HOME_PREFIX_FROM_RA, &p, 64, 12000, 10000, T0);
  mip6_home_prefixes_mpa (hp, 7, T0 + 1500 * G_USEC_PER_SEC / 1000, &mpa);
  g_assert_cmpuint (mpa.identifier, ==, 7);
  const Mip6PrefixInfo *pi = &mpa.options.prefixes[0];
  g_assert_cmpstr (inet_ntop (AF_INET6, &pi->prefix, buf, sizeof buf), ==, HOME_PREFIX);
  g_assert_cmpuint (pi->prefix_len, ==, 64);
  g_assert_true (pi->on_link);
  g_assert_true (pi->autonomous);
  /* 1.5 s later, rounded down. */
  g_assert_cmpuint (pi->valid_lifetime, ==, 11998);
  g_assert_cmpuint (pi->preferred_lifetime, ==, 9998);

  mip6_home_prefixes_mpa (hp, 7, T0 + (gint64) 12000 * SEC, &mpa);
  g_assert_cmpuint (mpa.options.n_prefixes, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ha/home-prefixes/unknown-is-infinite", test_unknown_is_infinite);
  g_test_add_func ("/ha/home-prefixes/rfc4861-4.6.2/ra-lifetimes", test_ra_lifetimes);
  g_test_add_func ("/ha/home-prefixes/other-prefix-ignored", test_other_prefix_ignored);
  g_test_add_func ("/ha/home-prefixes/rfc6275-10.3.1/static-address-and-ra",
                   test_static_address_and_ra);
  g_test_add_func ("/ha/home-prefixes/preferred-capped", test_preferred_capped);
  g_test_add_func ("/ha/home-prefixes/rfc6275-6.8/mpa", test_mpa);
  return g_test_run ();
}
