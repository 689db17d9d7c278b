/* Unit tests of the care-of address choice.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "mn-test-util.h"

#include <arpa/inet.h>
#include <string.h>

static Mip6CoaSelector sel;

static void
setup (void)
{
  struct in6_addr hoa = A (HOA), prefix = A (VISIT_PREFIX);

  mip6_coa_init (&sel, &hoa);
  mip6_coa_set_prefix (&sel, &prefix, 64);
}

static void
teardown (void)
{
  mip6_coa_clear (&sel);
}

static void
add (gint64 now, const char *addr, guint flags, guint32 valid, guint32 preferred)
{
  Mip6Event e = ev_addr (now, addr, flags, valid, preferred);

  mip6_coa_address_event (&sel, now, &e.address);
}

static void
assert_choice (gint64 now, const char *expected)
{
  struct in6_addr got;
  gboolean ok = mip6_coa_select (&sel, now, &got);

  if (!expected)
    {
      g_assert_false (ok);
      return;
    }
  g_assert_true (ok);
  char buf[INET6_ADDRSTRLEN];
  struct in6_addr want = A (expected);
  g_assert_cmpstr (inet_ntop (AF_INET6, &got, buf, sizeof buf), ==,
                   inet_ntop (AF_INET6, &want, (char[INET6_ADDRSTRLEN]){ 0 }, INET6_ADDRSTRLEN));
}

static void
test_flags (void)
{
  setup ();
  add (0, COA1, MIP6_ADDR_F_TENTATIVE, 86400, 14400);
  assert_choice (0, NULL); /* RFC 4862 §5.4 */
  add (0, COA1, MIP6_ADDR_F_TENTATIVE | MIP6_ADDR_F_OPTIMISTIC, 86400, 14400);
  assert_choice (0, COA1); /* RFC 4429 §3 */
  add (0, COA1, MIP6_ADDR_F_DEPRECATED, 86400, 14400);
  assert_choice (0, NULL); /* RFC 4862 §5.5.4 */
  add (0, COA1, 0, 86400, 0);
  assert_choice (0, NULL); /* preferred lifetime over = deprecated */
  add (0, COA1, MIP6_ADDR_F_DADFAILED, 86400, 14400);
  assert_choice (0, NULL);
  add (0, COA1, 0, 86400, 14400);
  assert_choice (0, COA1);
  teardown ();
}

static void
test_only_current_prefix (void)
{
  setup ();
  /* An address of a network we left, the home address, a link-local one:
   * none is a care-of address here. */
  add (0, COA2, 0, 86400, 14400);
  add (0, HOA, 0, MIP6_LIFETIME_INFINITY, MIP6_LIFETIME_INFINITY);
  Mip6Event e =
      ev_addr (0, "fe80::200:ff:fe00:4", 0, MIP6_LIFETIME_INFINITY, MIP6_LIFETIME_INFINITY);
  e.address.scope = MIP6_SCOPE_LINK;
  mip6_coa_address_event (&sel, 0, &e.address);
  assert_choice (0, NULL);
  /* No prefix known (not attached): nothing either. */
  add (0, COA1, 0, 86400, 14400);
  assert_choice (0, COA1);
  mip6_coa_clear_prefix (&sel);
  assert_choice (0, NULL);
  teardown ();
}

static void
test_lifetimes_run_out (void)
{
  setup ();
  add (SEC (10), COA1, 0, 100, 50);
  assert_choice (SEC (59), COA1);
  assert_choice (SEC (60), NULL); /* preferred lifetime over */
  g_assert_cmpint (mip6_coa_valid_until (&sel, &(struct in6_addr){ 0 }), ==, G_MAXINT64);
  struct in6_addr c = A (COA1);
  g_assert_cmpint (mip6_coa_valid_until (&sel, &c), ==, SEC (110));
  teardown ();
}

static void
test_stable_over_temporary (void)
{
  setup ();
  add (0, "fec0:106:1100::1234", MIP6_ADDR_F_TEMPORARY, 86400, 14400);
  assert_choice (0, "fec0:106:1100::1234");
  /* A stable address appears, even optimistic: it wins (see rank()). */
  add (0, COA1, MIP6_ADDR_F_TENTATIVE | MIP6_ADDR_F_OPTIMISTIC, 86400, 14400);
  assert_choice (0, COA1);
  /* A DAD-complete stable address does not displace the optimistic CoA in
   * use, but wins when that one goes. */
  add (0, "fec0:106:1100::abcd", 0, 86400, 14400);
  assert_choice (0, COA1);
  Mip6Event e = ev_addr_removed (0, COA1);
  mip6_coa_address_event (&sel, 0, &e.address);
  assert_choice (0, "fec0:106:1100::abcd");
  teardown ();
}

static void
test_addresses_in_prefix (void)
{
  setup ();
  add (0, COA1, 0, 86400, 14400);
  add (0, COA2, 0, 86400, 14400);
  add (0, "fec0:106:1100::abcd", 0, 86400, 14400);
  struct in6_addr p = A (VISIT_PREFIX);
  g_autoptr (GArray) in = mip6_coa_addresses_in (&sel, &p, 64);
  g_assert_cmpuint (in->len, ==, 2);
  teardown ();
}

/* Movement detection on a fresh link, for the tests below. */
static void
link_with (Mip6Movement *m, const Mip6Event *ras, guint n)
{
  struct in6_addr p = A (HOME_PREFIX), ha = A (HA);
  g_autoptr (GArray) actions = mip6_actions_new ();

  mip6_movement_init (m, &p, 64, &ha);
  m->settled = TRUE;
  mip6_movement_link_up (m, 0, actions);
  for (guint i = 0; i < n; i++)
    mip6_movement_ra (m, MS (10 * (i + 1)), &ras[i].ra, actions);
}

static void
use_link (const Mip6Movement *m)
{
  guint n;
  const Mip6LinkPrefix *p = mip6_movement_prefixes (m, &n);

  mip6_coa_set_link_prefixes (&sel, p, n);
}

/* RFC 6275 §11.5.1: several routers may advertise different prefixes on one
 * link, §11.5.3: a care-of address may be formed from any of the link's
 * prefixes. The candidates are a set; a second prefix appearing does not
 * displace the CoA in use (a new CoA costs a Binding Update). */
static void
test_link_prefix_set_rfc6275_11_5_1 (void)
{
  Mip6Movement m;
  Mip6Event ras[2] = { ev_ra (0, AR, VISIT_PREFIX, FALSE, 0),
                       ev_ra (0, "fe80::1100:2", VISIT2_PREFIX, FALSE, 0) };

  setup ();
  link_with (&m, ras, 1);
  use_link (&m);
  add (0, COA1, 0, 86400, 14400);
  assert_choice (0, COA1);
  link_with (&m, ras, 2);
  use_link (&m);
  add (0, COA2, 0, 86400, 14400);
  assert_choice (0, COA1);
  Mip6Event e = ev_addr_removed (0, COA1);
  mip6_coa_address_event (&sel, 0, &e.address);
  assert_choice (0, COA2);
  teardown ();
}

/* RFC 4861 §4.6.2: L=0 "makes no statement about on-link or off-link
 * properties of the prefix"; A=1 still has hosts form addresses (RFC 4862
 * §5.5.3), and such an address is a care-of address. A prefix with neither
 * flag gives none. */
static void
test_off_link_autonomous_rfc4861_4_6_2 (void)
{
  Mip6Movement m;
  Mip6Event e = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);

  setup ();
  e.ra.prefixes[0].on_link = FALSE;
  link_with (&m, &e, 1);
  use_link (&m);
  add (0, COA1, 0, 86400, 14400);
  assert_choice (0, COA1);

  Mip6LinkPrefix none = { .prefix = A (VISIT_PREFIX), .plen = 64 };
  mip6_coa_set_link_prefixes (&sel, &none, 1);
  assert_choice (0, NULL);
  teardown ();
}

/* RFC 6275 §11.5.2/§11.5.3: the care-of address is an address of the visited
 * link, never the home address, whatever prefix set is given. */
static void
test_never_home_address (void)
{
  Mip6LinkPrefix home = {
    .prefix = A (HOME_PREFIX), .plen = 64, .on_link = TRUE, .autonomous = TRUE
  };

  setup ();
  mip6_coa_set_link_prefixes (&sel, &home, 1);
  add (0, HOA, 0, MIP6_LIFETIME_INFINITY, MIP6_LIFETIME_INFINITY);
  assert_choice (0, NULL);
  teardown ();
}

/* RFC 6275 §11.5.1: after a move the node forms new care-of addresses on
 * the new link; an address of the link it left, still on the interface until
 * its lifetime runs out, is unreachable and never chosen. */
static void
test_not_from_left_link_rfc6275_11_5_1 (void)
{
  Mip6Movement m;
  Mip6Event visit = ev_ra (0, AR, VISIT_PREFIX, FALSE, 0);
  Mip6Event visit2 = ev_ra (0, AR2, VISIT2_PREFIX, FALSE, 0);

  setup ();
  link_with (&m, &visit, 1);
  use_link (&m);
  add (0, COA1, 0, 86400, 14400);
  assert_choice (0, COA1);
  /* Link change: the movement module starts afresh on the new link. */
  link_with (&m, &visit2, 1);
  use_link (&m);
  assert_choice (0, NULL);
  add (0, COA2, 0, 86400, 14400);
  assert_choice (0, COA2);
  teardown ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mn/coa/flags", test_flags);
  g_test_add_func ("/mn/coa/only-current-prefix", test_only_current_prefix);
  g_test_add_func ("/mn/coa/lifetimes", test_lifetimes_run_out);
  g_test_add_func ("/mn/coa/stable-over-temporary", test_stable_over_temporary);
  g_test_add_func ("/mn/coa/addresses-in-prefix", test_addresses_in_prefix);
  g_test_add_func ("/mn/coa/rfc6275-11.5.1/link-prefix-set", test_link_prefix_set_rfc6275_11_5_1);
  g_test_add_func ("/mn/coa/rfc4861-4.6.2/off-link-autonomous",
                   test_off_link_autonomous_rfc4861_4_6_2);
  g_test_add_func ("/mn/coa/never-home-address", test_never_home_address);
  g_test_add_func ("/mn/coa/rfc6275-11.5.1/not-from-left-link",
                   test_not_from_left_link_rfc6275_11_5_1);
  return g_test_run ();
}
