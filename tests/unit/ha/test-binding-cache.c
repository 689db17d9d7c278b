/* test-binding-cache.c: the binding cache and the §9.5.1 sequence number
 * comparison.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "ha-test-util.h"

static void
test_insert_lookup_remove (void)
{
  g_autoptr (Mip6BindingCache) bc = mip6_binding_cache_new ();
  struct in6_addr h1 = A ("fec0:106:2700::4"), h2 = A ("fec0:106:2700::5");
  Mip6BindingCacheEntry *e;

  g_assert_null (mip6_binding_cache_lookup (bc, &h1));
  e = mip6_binding_cache_insert (bc, &h1);
  g_assert_nonnull (e);
  g_assert_cmpint (e->state, ==, MIP6_BCE_PENDING_DAD);
  g_assert_cmpint (e->expires, ==, MIP6_BC_NEVER);
  g_assert_cmpint (e->brr_at, ==, MIP6_BC_NEVER);
  e->coa = A (MN_COA);
  g_assert_true (mip6_binding_cache_lookup (bc, &h1) == e);
  g_assert_null (mip6_binding_cache_lookup (bc, &h2));
  g_assert_cmpuint (mip6_binding_cache_size (bc), ==, 1);
  g_assert_false (mip6_binding_cache_remove (bc, &h2));
  g_assert_true (mip6_binding_cache_remove (bc, &h1));
  g_assert_null (mip6_binding_cache_lookup (bc, &h1));
  g_assert_cmpuint (mip6_binding_cache_size (bc), ==, 0);
}

static void
test_list_sorted_and_deadline (void)
{
  g_autoptr (Mip6BindingCache) bc = mip6_binding_cache_new ();
  const char *hoas[] = { "fec0:106:2700::9", "fec0:106:2700::1:0", "fec0:106:2700::4" };
  g_autoptr (GPtrArray) list = NULL;

  g_assert_cmpint (mip6_binding_cache_next_deadline (bc), ==, MIP6_BC_NEVER);
  for (guint i = 0; i < G_N_ELEMENTS (hoas); i++)
    {
      struct in6_addr h = A (hoas[i]);
      Mip6BindingCacheEntry *e = mip6_binding_cache_insert (bc, &h);

      e->expires = T0 + (gint64) (10 - i) * SEC;
    }
  /* brr_at counts as a deadline too. */
  {
    struct in6_addr h = A ("fec0:106:2700::9");
    mip6_binding_cache_lookup (bc, &h)->brr_at = T0 + 5 * SEC;
  }
  g_assert_cmpint (mip6_binding_cache_next_deadline (bc), ==, T0 + 5 * SEC);

  list = mip6_binding_cache_list (bc);
  g_assert_cmpuint (list->len, ==, 3);
  {
    char buf[INET6_ADDRSTRLEN];
    const char *want[] = { "fec0:106:2700::4", "fec0:106:2700::9", "fec0:106:2700::1:0" };

    for (guint i = 0; i < 3; i++)
      {
        Mip6BindingCacheEntry *e = g_ptr_array_index (list, i);
        g_assert_cmpstr (inet_ntop (AF_INET6, &e->hoa, buf, sizeof buf), ==, want[i]);
      }
  }
}

static void
test_remaining (void)
{
  Mip6BindingCacheEntry e = { 0 };

  e.expires = T0 + 600 * SEC;
  g_assert_cmpuint (mip6_binding_cache_entry_remaining_s (&e, T0), ==, 600);
  g_assert_cmpuint (mip6_binding_cache_entry_remaining_s (&e, T0 + 1), ==, 599);
  g_assert_cmpuint (mip6_binding_cache_entry_remaining_s (&e, T0 + 600 * SEC), ==, 0);
  g_assert_cmpuint (mip6_binding_cache_entry_remaining_s (&e, T0 + 700 * SEC), ==, 0);
}

static void
test_sequence_modulo (void)
{
  /* §9.5.1: greater means within the 32767 values after. */
  g_assert_true (mip6_sequence_greater (1, 0));
  g_assert_false (mip6_sequence_greater (0, 0));
  g_assert_false (mip6_sequence_greater (0, 1));
  g_assert_true (mip6_sequence_greater (0, 65535)); /* wrap-around */
  g_assert_true (mip6_sequence_greater (5, 65530));
  g_assert_false (mip6_sequence_greater (65535, 0));
  /* The window edges of §9.5.1: b + 32767 is greater, b + 32768 (= b -
   * 32768) is not; the RFC's own example, after 15: 32782 is greater,
   * 32783 through 65535 and 0 through 15 are not. */
  g_assert_true (mip6_sequence_greater (32767, 0));
  g_assert_false (mip6_sequence_greater (32768, 0));
  g_assert_true (mip6_sequence_greater (32782, 15));
  g_assert_false (mip6_sequence_greater (32783, 15));
  g_assert_false (mip6_sequence_greater (65535, 15));
  g_assert_false (mip6_sequence_greater (0, 15));
  g_assert_true (mip6_sequence_greater (100 + 32767, 100));
  g_assert_false (mip6_sequence_greater ((guint16) (100 + 32768), 100));
  g_assert_false (mip6_sequence_greater ((guint16) (100 + 40000), 100));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ha/binding-cache/insert-lookup-remove", test_insert_lookup_remove);
  g_test_add_func ("/ha/binding-cache/list-sorted-deadline", test_list_sorted_and_deadline);
  g_test_add_func ("/ha/binding-cache/remaining", test_remaining);
  g_test_add_func ("/ha/binding-cache/sequence-modulo", test_sequence_modulo);
  return g_test_run ();
}
