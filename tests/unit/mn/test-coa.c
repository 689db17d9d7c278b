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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mn/coa/flags", test_flags);
  g_test_add_func ("/mn/coa/only-current-prefix", test_only_current_prefix);
  g_test_add_func ("/mn/coa/lifetimes", test_lifetimes_run_out);
  g_test_add_func ("/mn/coa/stable-over-temporary", test_stable_over_temporary);
  g_test_add_func ("/mn/coa/addresses-in-prefix", test_addresses_in_prefix);
  return g_test_run ();
}
