/* ha-test-util.h: shared set-up for the home agent core's unit tests: the
 * HOWTO's test bed addresses, a Binding Update builder and an assertion
 * that compares the actions of one event with their expected text.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <arpa/inet.h>
#include <glib.h>
#include <string.h>

#include "home-agent.h"

/* HOWTO section 4 test bed. */
#define HOME_PREFIX "fec0:106:2700::"
#define HA_ADDR "fec0:106:2700::2"
#define MN_HOA "fec0:106:2700::4"
#define MN_COA "fec0:106:1100::4"
#define MN_COA2 "fec0:106:1000::4"
#define SEC G_USEC_PER_SEC
#define T0 ((gint64) 1000 * SEC)

static inline struct in6_addr
A (const char *s)
{
  struct in6_addr a;

  g_assert_cmpint (inet_pton (AF_INET6, s, &a), ==, 1);
  return a;
}

/* A home registration from MN_COA for MN_HOA to HA_ADDR. */
static inline Mip6HaBindingUpdate
bu_make (guint16 seq, guint16 lifetime_units, guint flags)
{
  Mip6HaBindingUpdate bu = { 0 };

  bu.src = A (MN_COA);
  bu.dst = A (HA_ADDR);
  bu.has_hao = TRUE;
  bu.hao = A (MN_HOA);
  bu.sequence = seq;
  bu.lifetime_units = lifetime_units;
  bu.flags = flags;
  return bu;
}

static inline void
config_testbed (Mip6HaConfig *c, Mip6HaHomePrefix *prefix, struct in6_addr *own)
{
  mip6_ha_config_init (c);
  prefix->prefix = A (HOME_PREFIX);
  prefix->plen = 64;
  prefix->valid_until = MIP6_BC_NEVER;
  prefix->preferred_until = MIP6_BC_NEVER;
  *own = A (HA_ADDR);
  c->prefixes = prefix;
  c->n_prefixes = 1;
  c->own_addrs = own;
  c->n_own_addrs = 1;
  c->max_lifetime_s = 3600;
  c->send_brr = FALSE;
}

static inline Mip6HomeAgent *
ha_new_testbed (void)
{
  Mip6HaConfig c;
  Mip6HaHomePrefix p;
  struct in6_addr own;
  g_autoptr (GError) error = NULL;
  Mip6HomeAgent *ha;

  config_testbed (&c, &p, &own);
  ha = mip6_ha_new (&c, &error);
  g_assert_no_error (error);
  return ha;
}

/* Asserts that @actions are exactly the NULL-terminated list of texts (as
 * mip6_ha_action_to_string() writes them), then empties @actions. */
static inline void
assert_actions (GArray *actions, ...)
{
  g_autoptr (GPtrArray) expected = g_ptr_array_new ();
  g_autoptr (GString) got = g_string_new (NULL);
  g_autoptr (GString) want = g_string_new (NULL);
  va_list ap;
  const char *s;

  va_start (ap, actions);
  while ((s = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (expected, (gpointer) s);
  va_end (ap);

  for (guint i = 0; i < actions->len; i++)
    {
      g_autofree char *t = mip6_ha_action_to_string (&g_array_index (actions, Mip6HaAction, i));
      g_string_append_printf (got, "%s\n", t);
    }
  for (guint i = 0; i < expected->len; i++)
    g_string_append_printf (want, "%s\n", (const char *) g_ptr_array_index (expected, i));
  g_assert_cmpstr (got->str, ==, want->str);
  g_array_set_size (actions, 0);
}

/* Registers MN_HOA at MN_COA at @now (BU then DAD ok) and clears actions. */
static inline void
register_mn (Mip6HomeAgent *ha, guint16 seq, guint16 units, gint64 now, GArray *actions)
{
  Mip6HaBindingUpdate bu = bu_make (seq, units, MIP6_BU_FLAG_A | MIP6_BU_FLAG_H);
  struct in6_addr hoa = A (MN_HOA);

  mip6_ha_on_binding_update (ha, &bu, now, actions);
  mip6_ha_on_dad_result (ha, &hoa, MIP6_HA_DAD_OK, now, actions);
  g_assert_nonnull (mip6_binding_cache_lookup (mip6_ha_get_binding_cache (ha), &hoa));
  g_array_set_size (actions, 0);
}
