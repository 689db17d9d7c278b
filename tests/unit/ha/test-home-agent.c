/* test-home-agent.c: every rule of the home agent core (RFC 6275 §9.5.1,
 * §10.3.1, §10.3.2, §10.4.1) and every Binding Acknowledgement status it
 * can give, with exact expected actions.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "ha-test-util.h"

#define AH (MIP6_BU_FLAG_A | MIP6_BU_FLAG_H)

#define BA_OK_600(seq)                                                                             \
  "SEND_BA fec0:106:2700::2 -> fec0:106:1100::4 rh2=fec0:106:2700::4 status=0 seq=" #seq           \
  " lifetime=600 refresh=448"
#define BA_ERR(status, seq)                                                                        \
  "SEND_BA fec0:106:2700::2 -> fec0:106:1100::4 rh2=fec0:106:2700::4 status=" #status " seq=" #seq \
  " lifetime=0 refresh=0"

static GArray *
acts (void)
{
  return mip6_ha_actions_new ();
}

static Mip6BindingCacheEntry *
bce (Mip6HomeAgent *ha, const char *hoa)
{
  struct in6_addr h = A (hoa);

  return mip6_binding_cache_lookup (mip6_ha_get_binding_cache (ha), &h);
}

/* §10.3.1, §10.4.1: a new registration first runs DAD, then proxy ND,
 * tunnel and BA 0 with the granted lifetime and a refresh advice. */
static void
test_register_new_runs_dad (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu = bu_make (1, 150, AH);
  struct in6_addr hoa = A (MN_HOA);
  Mip6BindingCacheEntry *e;

  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a, "START_DAD fec0:106:2700::4", "BINDING_CACHE_CHANGED", "ARM_TIMER 1005000000",
                  NULL);
  e = bce (ha, MN_HOA);
  g_assert_nonnull (e);
  g_assert_cmpint (e->state, ==, MIP6_BCE_PENDING_DAD);
  g_assert_false (mip6_ha_on_hao_packet (ha, &bu.src, &bu.dst, &hoa, T0, a));
  g_array_set_size (a, 0);

  mip6_ha_on_dad_result (ha, &hoa, MIP6_HA_DAD_OK, T0 + SEC, a);
  assert_actions (a, "PROXY_ND_ADD fec0:106:2700::4",
                  "TUNNEL_ADD fec0:106:2700::4 via fec0:106:2700::2 <-> fec0:106:1100::4",
                  BA_OK_600 (1), "BINDING_CACHE_CHANGED", "ARM_TIMER 1601000000", NULL);
  e = bce (ha, MN_HOA);
  g_assert_cmpint (e->state, ==, MIP6_BCE_REGISTERED);
  g_assert_cmpuint (e->sequence, ==, 1);
  g_assert_cmpuint (e->lifetime_s, ==, 600);
  g_assert_cmpint (e->expires, ==, T0 + 601 * SEC);
  g_assert_cmpint (e->refreshed, ==, T0 + SEC);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BU_RCVD), ==, 1);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BA_SENT), ==, 1);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BA_ACCEPTED), ==, 1);
  /* Now packets with the Home Address option from the CoA are accepted. */
  g_assert_true (mip6_ha_on_hao_packet (ha, &bu.src, &bu.dst, &hoa, T0 + 2 * SEC, a));
  g_assert_cmpuint (a->len, ==, 0);
}

/* §10.3.1: home registration is answered even without the A flag. */
static void
test_ba_without_a_flag (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu = bu_make (7, 150, MIP6_BU_FLAG_H);
  struct in6_addr hoa = A (MN_HOA);

  mip6_ha_on_binding_update (ha, &bu, T0, a);
  g_array_set_size (a, 0);
  mip6_ha_on_dad_result (ha, &hoa, MIP6_HA_DAD_OK, T0, a);
  g_assert_cmpuint (a->len, ==, 5);
  g_assert_cmpint (g_array_index (a, Mip6HaAction, 2).type, ==, MIP6_HA_ACTION_SEND_BA);
  g_assert_cmpuint (g_array_index (a, Mip6HaAction, 2).u.ba.sequence, ==, 7);

  /* An error is answered without A too. */
  g_array_set_size (a, 0);
  bu = bu_make (7, 150, MIP6_BU_FLAG_H);
  mip6_ha_on_binding_update (ha, &bu, T0 + SEC, a);
  assert_actions (a, BA_ERR (135, 7), NULL);
}

/* §10.3.1: no DAD for a refresh of an existing binding. */
static void
test_refresh_no_dad (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu;

  register_mn (ha, 1, 150, T0, a);
  bu = bu_make (2, 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + 300 * SEC, a);
  assert_actions (a, BA_OK_600 (2), "BINDING_CACHE_CHANGED", "ARM_TIMER 1900000000", NULL);
  g_assert_cmpint (bce (ha, MN_HOA)->expires, ==, T0 + 900 * SEC);
  g_assert_cmpint (bce (ha, MN_HOA)->refreshed, ==, T0 + 300 * SEC);
  g_assert_cmpint (bce (ha, MN_HOA)->registered, ==, T0);
}

/* A new care-of address moves the tunnel, without DAD. */
static void
test_move_updates_tunnel (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu;
  struct in6_addr coa2 = A (MN_COA2), hoa = A (MN_HOA), ha_addr = A (HA_ADDR);

  register_mn (ha, 1, 150, T0, a);
  bu = bu_make (2, 150, AH);
  bu.src = coa2;
  mip6_ha_on_binding_update (ha, &bu, T0 + 10 * SEC, a);
  assert_actions (a, "TUNNEL_UPDATE fec0:106:2700::4 via fec0:106:2700::2 <-> fec0:106:1000::4",
                  "SEND_BA fec0:106:2700::2 -> fec0:106:1000::4 rh2=fec0:106:2700::4 status=0 "
                  "seq=2 lifetime=600 refresh=448",
                  "BINDING_CACHE_CHANGED", "ARM_TIMER 1610000000", NULL);
  g_assert_true (memcmp (&bce (ha, MN_HOA)->coa, &coa2, 16) == 0);
  /* The old care-of address no longer validates a Home Address option. */
  {
    struct in6_addr coa = A (MN_COA);
    g_assert_false (mip6_ha_on_hao_packet (ha, &coa, &ha_addr, &hoa, T0 + 11 * SEC, a));
    g_assert_true (mip6_ha_on_hao_packet (ha, &coa2, &ha_addr, &hoa, T0 + 11 * SEC, a));
  }
}

/* §9.5.1, §6.2.5: the Alternate Care-of Address option names the care-of
 * address; the BA still goes to the packet's source. */
static void
test_alternate_coa (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu = bu_make (1, 150, AH);
  struct in6_addr hoa = A (MN_HOA);

  bu.has_alt_coa = TRUE;
  bu.alt_coa = A (MN_COA2);
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  g_array_set_size (a, 0);
  mip6_ha_on_dad_result (ha, &hoa, MIP6_HA_DAD_OK, T0, a);
  assert_actions (a, "PROXY_ND_ADD fec0:106:2700::4",
                  "TUNNEL_ADD fec0:106:2700::4 via fec0:106:2700::2 <-> fec0:106:1000::4",
                  BA_OK_600 (1), "BINDING_CACHE_CHANGED", "ARM_TIMER 1600000000", NULL);
}

/* §9.5.1: 135 for a Sequence Number not greater than the last accepted,
 * with the last accepted one in the BA. */
static void
test_sequence_out_of_window (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu;

  register_mn (ha, 10, 150, T0, a);
  bu = bu_make (10, 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + SEC, a);
  assert_actions (a, BA_ERR (135, 10), NULL);
  bu = bu_make (9, 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + SEC, a);
  assert_actions (a, BA_ERR (135, 10), NULL);
  bu = bu_make ((guint16) (10 + 32768), 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + SEC, a);
  assert_actions (a, BA_ERR (135, 10), NULL);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BA_135), ==, 3);
  /* A deregistration is checked too. */
  bu = bu_make (10, 0, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + SEC, a);
  assert_actions (a, BA_ERR (135, 10), NULL);
  g_assert_cmpint (bce (ha, MN_HOA)->state, ==, MIP6_BCE_REGISTERED);
  /* The rejected ones changed nothing. */
  g_assert_cmpint (bce (ha, MN_HOA)->expires, ==, T0 + 600 * SEC);
  bu = bu_make (10 + 32767, 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + SEC, a);
  g_assert_cmpuint (g_array_index (a, Mip6HaAction, 0).u.ba.status, ==, 0);
  g_assert_cmpuint (bce (ha, MN_HOA)->sequence, ==, 10 + 32767);
}

/* §9.5.1: modulo 2^16, 65535 → 0 is an increase. */
static void
test_sequence_wrap (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu;

  register_mn (ha, 65535, 150, T0, a);
  bu = bu_make (0, 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + SEC, a);
  assert_actions (a, BA_OK_600 (0), "BINDING_CACHE_CHANGED", "ARM_TIMER 1601000000", NULL);
  bu = bu_make (65535, 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + 2 * SEC, a);
  assert_actions (a, BA_ERR (135, 0), NULL);
}

/* §10.3.1, §10.3.2: not configured as home agent → 131. */
static void
test_131_not_home_agent (void)
{
  Mip6HaConfig c;
  Mip6HaHomePrefix p;
  struct in6_addr own;
  g_autoptr (Mip6HomeAgent) ha = NULL;
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu = bu_make (1, 150, AH);

  config_testbed (&c, &p, &own);
  c.home_registration = FALSE;
  ha = mip6_ha_new (&c, NULL);
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a, BA_ERR (131, 1), NULL);
  bu = bu_make (2, 0, AH);
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a, BA_ERR (131, 2), NULL);
  g_assert_cmpuint (mip6_binding_cache_size (mip6_ha_get_binding_cache (ha)), ==, 0);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BA_131), ==, 2);
}

/* §10.3.1: home address not on a home prefix → 132. */
static void
test_132_not_home_subnet (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu = bu_make (1, 150, AH);

  bu.hao = A ("fec0:106:2800::4");
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a,
                  "SEND_BA fec0:106:2700::2 -> fec0:106:1100::4 rh2=fec0:106:2800::4 status=132 "
                  "seq=1 lifetime=0 refresh=0",
                  NULL);
  g_assert_cmpuint (mip6_binding_cache_size (mip6_ha_get_binding_cache (ha)), ==, 0);
  /* The prefix length counts: /64 excludes fec0:106:2700:1::4. */
  bu.hao = A ("fec0:106:2700:1::4");
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  g_assert_cmpuint (g_array_index (a, Mip6HaAction, 0).u.ba.status, ==, 132);
}

/* §10.3.2: deregistration without a home registration → 133. */
static void
test_133_dereg_without_binding (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu = bu_make (1, 0, AH);

  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a, BA_ERR (133, 1), NULL);

  /* Also while the registration still waits for DAD: it is abandoned. */
  bu = bu_make (2, 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  g_array_set_size (a, 0);
  bu = bu_make (3, 0, AH);
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a, "BINDING_REMOVED fec0:106:2700::4 deregistered", "BINDING_CACHE_CHANGED",
                  BA_ERR (133, 3), "ARM_TIMER never", NULL);
  g_assert_null (bce (ha, MN_HOA));
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BA_133), ==, 2);
}

/* §10.3.1: DAD failure → 134 and nothing installed. */
static void
test_134_dad_failed (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu = bu_make (1, 150, AH);
  struct in6_addr hoa = A (MN_HOA);

  mip6_ha_on_binding_update (ha, &bu, T0, a);
  g_array_set_size (a, 0);
  mip6_ha_on_dad_result (ha, &hoa, MIP6_HA_DAD_DUPLICATE, T0 + SEC, a);
  assert_actions (a, BA_ERR (134, 1), "BINDING_REMOVED fec0:106:2700::4 refused",
                  "BINDING_CACHE_CHANGED", "ARM_TIMER never", NULL);
  g_assert_null (bce (ha, MN_HOA));
  /* A late second result for it is ignored. */
  mip6_ha_on_dad_result (ha, &hoa, MIP6_HA_DAD_OK, T0 + SEC, a);
  assert_actions (a, NULL);

  /* The home agent's own address can never be a mobile node's. */
  bu.hao = A (HA_ADDR);
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a,
                  "SEND_BA fec0:106:2700::2 -> fec0:106:1100::4 rh2=fec0:106:2700::2 status=134 "
                  "seq=1 lifetime=0 refresh=0",
                  NULL);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BA_134), ==, 2);
}

static gboolean
deny_odd (const struct in6_addr *hoa, const struct in6_addr *coa, gpointer data)
{
  (*(int *) data)++;
  return (hoa->s6_addr[15] & 1) == 0;
}

/* Local policy → 129 (§10.3.1 "any other reason"). */
static void
test_129_admin_prohibited (void)
{
  Mip6HaConfig c;
  Mip6HaHomePrefix p;
  struct in6_addr own, allowed[2] = { A ("fec0:106:2700::4"), A ("fec0:106:2700::5") };
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu = bu_make (1, 150, AH);
  int calls = 0;

  config_testbed (&c, &p, &own);
  c.allowed_hoas = allowed;
  c.n_allowed_hoas = 2;
  {
    g_autoptr (Mip6HomeAgent) ha = mip6_ha_new (&c, NULL);

    bu.hao = A ("fec0:106:2700::6");
    mip6_ha_on_binding_update (ha, &bu, T0, a);
    g_assert_cmpuint (g_array_index (a, Mip6HaAction, 0).u.ba.status, ==, 129);
    g_array_set_size (a, 0);
    bu.hao = A ("fec0:106:2700::5");
    mip6_ha_on_binding_update (ha, &bu, T0, a);
    g_assert_cmpint (g_array_index (a, Mip6HaAction, 0).type, ==, MIP6_HA_ACTION_START_DAD);
    g_array_set_size (a, 0);
  }
  c.n_allowed_hoas = 0;
  c.policy = deny_odd;
  c.policy_data = &calls;
  {
    g_autoptr (Mip6HomeAgent) ha = mip6_ha_new (&c, NULL);

    bu.hao = A ("fec0:106:2700::5");
    mip6_ha_on_binding_update (ha, &bu, T0, a);
    assert_actions (a,
                    "SEND_BA fec0:106:2700::2 -> fec0:106:1100::4 rh2=fec0:106:2700::5 "
                    "status=129 seq=1 lifetime=0 refresh=0",
                    NULL);
    bu.hao = A ("fec0:106:2700::4");
    mip6_ha_on_binding_update (ha, &bu, T0, a);
    g_assert_cmpint (g_array_index (a, Mip6HaAction, 0).type, ==, MIP6_HA_ACTION_START_DAD);
    g_assert_cmpint (calls, ==, 2);
    g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BA_129), ==, 1);
  }
}

/* Capacity → 130; pending registrations count. */
static void
test_130_insufficient_resources (void)
{
  Mip6HaConfig c;
  Mip6HaHomePrefix p;
  struct in6_addr own;
  g_autoptr (Mip6HomeAgent) ha = NULL;
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu = bu_make (1, 150, AH);

  config_testbed (&c, &p, &own);
  c.max_bindings = 1;
  ha = mip6_ha_new (&c, NULL);
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  g_array_set_size (a, 0);
  bu.hao = A ("fec0:106:2700::5");
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a,
                  "SEND_BA fec0:106:2700::2 -> fec0:106:1100::4 rh2=fec0:106:2700::5 status=130 "
                  "seq=1 lifetime=0 refresh=0",
                  NULL);
  /* The existing one can still refresh. */
  {
    struct in6_addr hoa = A (MN_HOA);
    mip6_ha_on_dad_result (ha, &hoa, MIP6_HA_DAD_OK, T0, a);
    g_array_set_size (a, 0);
  }
  bu = bu_make (2, 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + SEC, a);
  g_assert_cmpuint (g_array_index (a, Mip6HaAction, 0).u.ba.status, ==, 0);
}

/* New limits keep the binding cache: the binding registered before runs
 * to its granted end; only new entries count against the new capacity; a
 * refresh is a new registration for the lifetime cap and the allow-list
 * (§10.3.1). */
static void
test_set_limits (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  g_autoptr (GError) error = NULL;
  struct in6_addr other = A ("fec0:106:2700::5");
  Mip6HaBindingUpdate bu;

  register_mn (ha, 1, 150, T0, a);
  g_assert_true (mip6_ha_set_limits (ha, 100, 1, NULL, 0, &error));
  g_assert_no_error (error);
  /* Nothing happens to the binding. */
  g_assert_nonnull (bce (ha, MN_HOA));
  g_assert_cmpint (mip6_ha_next_deadline (ha), ==, T0 + 600 * SEC);

  /* The cache is full under the new capacity: a new home address → 130. */
  bu = bu_make (1, 150, AH);
  bu.hao = other;
  mip6_ha_on_binding_update (ha, &bu, T0 + SEC, a);
  assert_actions (a,
                  "SEND_BA fec0:106:2700::2 -> fec0:106:1100::4 rh2=fec0:106:2700::5 status=130 "
                  "seq=1 lifetime=0 refresh=0",
                  NULL);
  g_assert_null (bce (ha, "fec0:106:2700::5"));

  /* A refresh is accepted, with the new cap on its lifetime. */
  bu = bu_make (2, 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + 2 * SEC, a);
  assert_actions (a,
                  "SEND_BA fec0:106:2700::2 -> fec0:106:1100::4 rh2=fec0:106:2700::4 status=0 "
                  "seq=2 lifetime=100 refresh=72",
                  "BINDING_CACHE_CHANGED", "ARM_TIMER 1102000000", NULL);

  /* An allow-list without the home address: its refresh is refused and
   * the binding runs to the end it was granted, then expires. */
  g_assert_true (mip6_ha_set_limits (ha, 100, 2, &other, 1, &error));
  bu = bu_make (3, 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + 3 * SEC, a);
  assert_actions (a, BA_ERR (129, 3), NULL);
  g_assert_cmpuint (bce (ha, MN_HOA)->sequence, ==, 2);
  mip6_ha_on_timer (ha, T0 + 102 * SEC, a);
  assert_actions (a, "PROXY_ND_DEL fec0:106:2700::4", "TUNNEL_DEL fec0:106:2700::4",
                  "BINDING_REMOVED fec0:106:2700::4 expired", "BINDING_CACHE_CHANGED",
                  "ARM_TIMER never", NULL);

  /* Unusable limits change nothing: the allow-list still admits ::5. */
  g_assert_false (mip6_ha_set_limits (ha, 3600, 0, NULL, 0, &error));
  g_assert_error (error, MIP6_HA_ERROR, MIP6_HA_ERROR_CONFIG);
  g_clear_error (&error);
  g_assert_false (mip6_ha_set_limits (ha, 2, 10, NULL, 0, &error));
  g_assert_error (error, MIP6_HA_ERROR, MIP6_HA_ERROR_CONFIG);
  g_clear_error (&error);
  bu = bu_make (4, 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + 200 * SEC, a);
  assert_actions (a,
                  "SEND_BA fec0:106:2700::2 -> fec0:106:1100::4 rh2=fec0:106:2700::4 status=129 "
                  "seq=4 lifetime=0 refresh=0",
                  NULL);
}

/* One event may remove several entries, each for its own reason: here a
 * timer ends one binding's lifetime and another's home prefix (§10.3.1). */
static void
test_removal_reasons (void)
{
  Mip6HaConfig c;
  Mip6HaHomePrefix p[2];
  struct in6_addr own, hoa1 = A (MN_HOA), hoa2 = A ("fec0:106:2701::4");
  struct in6_addr prefix2 = A ("fec0:106:2701::");
  g_autoptr (Mip6HomeAgent) ha = NULL;
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu;

  config_testbed (&c, &p[0], &own);
  p[1] = p[0];
  p[1].prefix = prefix2;
  c.prefixes = p;
  c.n_prefixes = 2;
  ha = mip6_ha_new (&c, NULL);

  register_mn (ha, 1, 25, T0, a); /* 100 s on the first prefix */
  bu = bu_make (1, 150, AH);
  bu.hao = hoa2;
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  mip6_ha_on_dad_result (ha, &hoa2, MIP6_HA_DAD_OK, T0, a);
  g_array_set_size (a, 0);
  /* The second prefix ends at the same time as the first binding. */
  mip6_ha_on_prefix_lifetime (ha, &prefix2, 64, T0 + 100 * SEC, T0 + 100 * SEC, T0 + 50 * SEC, a);
  g_array_set_size (a, 0);
  mip6_ha_on_timer (ha, T0 + 100 * SEC, a);
  guint n = 0;
  for (guint i = 0; i < a->len; i++)
    {
      const Mip6HaAction *x = &g_array_index (a, Mip6HaAction, i);
      if (x->type != MIP6_HA_ACTION_BINDING_REMOVED)
        continue;
      n++;
      if (IN6_ARE_ADDR_EQUAL (&x->u.removed.hoa, &hoa1))
        g_assert_cmpint (x->u.removed.reason, ==, MIP6_HA_REMOVED_EXPIRED);
      else
        {
          g_assert_true (IN6_ARE_ADDR_EQUAL (&x->u.removed.hoa, &hoa2));
          g_assert_cmpint (x->u.removed.reason, ==, MIP6_HA_REMOVED_PREFIX_EXPIRED);
        }
    }
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (mip6_binding_cache_size (mip6_ha_get_binding_cache (ha)), ==, 0);
  g_assert_cmpstr (mip6_ha_removal_reason_name (MIP6_HA_REMOVED_PREFIX_EXPIRED), ==,
                   "prefix-expired");
  g_assert_cmpstr (mip6_ha_removal_reason_name (MIP6_HA_REMOVED_DEREGISTERED), ==, "deregistered");
}

/* 128: DAD could not run, or did not answer in time. */
static void
test_128_unspecified (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu = bu_make (1, 150, AH);
  struct in6_addr hoa = A (MN_HOA);

  mip6_ha_on_binding_update (ha, &bu, T0, a);
  g_array_set_size (a, 0);
  mip6_ha_on_dad_result (ha, &hoa, MIP6_HA_DAD_ERROR, T0, a);
  assert_actions (a, BA_ERR (128, 1), "BINDING_REMOVED fec0:106:2700::4 refused",
                  "BINDING_CACHE_CHANGED", "ARM_TIMER never", NULL);

  bu = bu_make (2, 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  g_assert_cmpint (mip6_ha_next_deadline (ha), ==, T0 + 5 * SEC);
  g_array_set_size (a, 0);
  mip6_ha_on_timer (ha, T0 + 5 * SEC - 1, a);
  assert_actions (a, NULL);
  mip6_ha_on_timer (ha, T0 + 5 * SEC, a);
  assert_actions (a, BA_ERR (128, 2), "BINDING_REMOVED fec0:106:2700::4 refused",
                  "BINDING_CACHE_CHANGED", "ARM_TIMER never", NULL);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BA_128), ==, 2);
}

/* §10.3.1 lifetime: ≤ requested, ≤ local maximum, ≤ remaining valid
 * lifetime of the home prefix, rounded down to 4 s units. */
static void
test_lifetime_caps (void)
{
  Mip6HaConfig c;
  Mip6HaHomePrefix p;
  struct in6_addr own, hoa = A (MN_HOA);
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu = bu_make (1, 65535, AH);

  config_testbed (&c, &p, &own);
  c.max_lifetime_s = 3602;
  {
    g_autoptr (Mip6HomeAgent) ha = mip6_ha_new (&c, NULL);

    register_mn (ha, 1, 65535, T0, a);
    g_assert_cmpuint (bce (ha, MN_HOA)->lifetime_s, ==, 3600);
    bu = bu_make (2, 1, AH); /* 4 s asked: granted, refresh advice impossible */
    mip6_ha_on_binding_update (ha, &bu, T0, a);
    g_assert_cmpuint (g_array_index (a, Mip6HaAction, 0).u.ba.lifetime_s, ==, 4);
    g_assert_cmpuint (g_array_index (a, Mip6HaAction, 0).u.ba.refresh_s, ==, 0);
    g_array_set_size (a, 0);
  }
  /* The prefix has 1002.9 s of valid lifetime left: 1000 s granted. */
  p.valid_until = T0 + 1002 * SEC + 900000;
  {
    g_autoptr (Mip6HomeAgent) ha = mip6_ha_new (&c, NULL);

    bu = bu_make (1, 65535, AH);
    mip6_ha_on_binding_update (ha, &bu, T0, a);
    g_array_set_size (a, 0);
    mip6_ha_on_dad_result (ha, &hoa, MIP6_HA_DAD_OK, T0, a);
    assert_actions (a, "PROXY_ND_ADD fec0:106:2700::4",
                    "TUNNEL_ADD fec0:106:2700::4 via fec0:106:2700::2 <-> fec0:106:1100::4",
                    "SEND_BA fec0:106:2700::2 -> fec0:106:1100::4 rh2=fec0:106:2700::4 status=0 "
                    "seq=1 lifetime=1000 refresh=748",
                    "BINDING_CACHE_CHANGED", "ARM_TIMER 2000000000", NULL);
    /* 3.9 s of prefix left: no 4 s unit can be granted, the prefix is as
     * good as gone → 132, and the binding is kept as it was. */
    bu = bu_make (2, 150, AH);
    mip6_ha_on_binding_update (ha, &bu, T0 + 999 * SEC, a);
    assert_actions (a, BA_ERR (132, 2), NULL);
    g_assert_cmpuint (bce (ha, MN_HOA)->sequence, ==, 1);
  }
}

/* §10.3.2: lifetime 0 removes binding, proxy and tunnel; BA 0. */
static void
test_dereg_lifetime_zero (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu;

  register_mn (ha, 1, 150, T0, a);
  bu = bu_make (2, 0, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + 60 * SEC, a);
  assert_actions (a, "PROXY_ND_DEL fec0:106:2700::4", "TUNNEL_DEL fec0:106:2700::4",
                  "BINDING_REMOVED fec0:106:2700::4 deregistered",
                  "SEND_BA fec0:106:2700::2 -> fec0:106:1100::4 rh2=fec0:106:2700::4 status=0 "
                  "seq=2 lifetime=0 refresh=0",
                  "BINDING_CACHE_CHANGED", "ARM_TIMER never", NULL);
  g_assert_null (bce (ha, MN_HOA));
}

/* §10.3.2, §11.5.4: back home, the BU comes from the home address itself
 * (care-of = home address, no Home Address option); BA without RH2. */
static void
test_dereg_coa_equals_hoa (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu;

  register_mn (ha, 1, 150, T0, a);
  bu = bu_make (2, 150, AH); /* a non-zero lifetime does not matter */
  bu.src = A (MN_HOA);
  bu.has_hao = FALSE;
  mip6_ha_on_binding_update (ha, &bu, T0 + 60 * SEC, a);
  assert_actions (a, "PROXY_ND_DEL fec0:106:2700::4", "TUNNEL_DEL fec0:106:2700::4",
                  "BINDING_REMOVED fec0:106:2700::4 deregistered",
                  "SEND_BA fec0:106:2700::2 -> fec0:106:2700::4 status=0 seq=2 lifetime=0 "
                  "refresh=0",
                  "BINDING_CACHE_CHANGED", "ARM_TIMER never", NULL);
  g_assert_null (bce (ha, MN_HOA));
}

/* §10.3.1: the binding is deleted when its lifetime ends. */
static void
test_expiry (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();

  register_mn (ha, 1, 150, T0, a);
  g_assert_cmpint (mip6_ha_next_deadline (ha), ==, T0 + 600 * SEC);
  g_assert_cmpuint (mip6_binding_cache_entry_remaining_s (bce (ha, MN_HOA), T0 + 100 * SEC), ==,
                    500);
  mip6_ha_on_timer (ha, T0 + 600 * SEC - 1, a);
  assert_actions (a, NULL);
  g_assert_nonnull (bce (ha, MN_HOA));
  mip6_ha_on_timer (ha, T0 + 600 * SEC, a);
  assert_actions (a, "PROXY_ND_DEL fec0:106:2700::4", "TUNNEL_DEL fec0:106:2700::4",
                  "BINDING_REMOVED fec0:106:2700::4 expired", "BINDING_CACHE_CHANGED",
                  "ARM_TIMER never", NULL);
  g_assert_null (bce (ha, MN_HOA));
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BINDINGS_EXPIRED), ==, 1);
  g_assert_cmpint (mip6_ha_next_deadline (ha), ==, MIP6_BC_NEVER);
}

/* §9.5.5: a Binding Refresh Request with 1/8 of the lifetime left, once. */
static void
test_binding_refresh_request (void)
{
  Mip6HaConfig c;
  Mip6HaHomePrefix p;
  struct in6_addr own;
  g_autoptr (Mip6HomeAgent) ha = NULL;
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu;

  config_testbed (&c, &p, &own);
  c.send_brr = TRUE;
  ha = mip6_ha_new (&c, NULL);
  register_mn (ha, 1, 150, T0, a);
  g_assert_cmpint (mip6_ha_next_deadline (ha), ==, T0 + 525 * SEC);
  mip6_ha_on_timer (ha, T0 + 525 * SEC, a);
  assert_actions (a, "SEND_BRR fec0:106:2700::2 -> fec0:106:1100::4 rh2=fec0:106:2700::4",
                  "ARM_TIMER 1600000000", NULL);
  mip6_ha_on_timer (ha, T0 + 530 * SEC, a);
  assert_actions (a, NULL);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BRR_SENT), ==, 1);
  /* A refresh re-arms it for the new lifetime. */
  bu = bu_make (2, 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + 540 * SEC, a);
  g_assert_cmpint (mip6_ha_next_deadline (ha), ==, T0 + (540 + 525) * SEC);
}

/* ARM_TIMER only when the next deadline changes; the earliest entry rules. */
static void
test_timer_deadlines (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu;
  struct in6_addr h5 = A ("fec0:106:2700::5");

  g_assert_cmpint (mip6_ha_next_deadline (ha), ==, MIP6_BC_NEVER);
  register_mn (ha, 1, 150, T0, a); /* expires T0+600 s */
  bu = bu_make (1, 25, AH);        /* 100 s */
  bu.hao = h5;
  mip6_ha_on_binding_update (ha, &bu, T0 + 10 * SEC, a);
  /* DAD deadline T0+15 s comes first. */
  assert_actions (a, "START_DAD fec0:106:2700::5", "BINDING_CACHE_CHANGED", "ARM_TIMER 1015000000",
                  NULL);
  mip6_ha_on_dad_result (ha, &h5, MIP6_HA_DAD_OK, T0 + 11 * SEC, a);
  g_assert_cmpint (mip6_ha_next_deadline (ha), ==, T0 + 111 * SEC);
  g_array_set_size (a, 0);
  /* An event that does not move the deadline arms nothing. */
  bu = bu_make (1, 150, AH);
  mip6_ha_on_binding_update (ha, &bu, T0 + 20 * SEC, a);
  assert_actions (a, BA_ERR (135, 1), NULL);
  mip6_ha_on_timer (ha, T0 + 111 * SEC, a);
  assert_actions (a, "PROXY_ND_DEL fec0:106:2700::5", "TUNNEL_DEL fec0:106:2700::5",
                  "BINDING_REMOVED fec0:106:2700::5 expired", "BINDING_CACHE_CHANGED",
                  "ARM_TIMER 1600000000", NULL);
}

/* §9.5.1: Binding Updates failing validation are silently discarded. */
static void
test_silent_discards (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu;

  bu = bu_make (1, 150, MIP6_BU_FLAG_A); /* no H: correspondent registration */
  bu.has_nonce_indices = TRUE;
  bu.has_binding_auth_data = TRUE;
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a, NULL);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_DROPPED_NOT_HOME_REG), ==, 1);

  bu = bu_make (1, 150, AH);
  bu.has_nonce_indices = TRUE;
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a, NULL);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_DROPPED_NONCE_IN_HOME_REG), ==, 1);

  bu = bu_make (1, 150, AH);
  bu.src = A ("fe80::4"); /* link-local care-of address */
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  bu = bu_make (1, 150, AH);
  bu.hao = A ("ff02::1");
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  bu = bu_make (1, 150, AH);
  bu.has_alt_coa = TRUE; /* unspecified alternate care-of address */
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a, NULL);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_DROPPED_BAD_ADDRESS), ==, 3);

  bu = bu_make (1, 150, AH);
  bu.has_hao = FALSE; /* registration without Home Address option */
  bu.has_alt_coa = TRUE;
  bu.alt_coa = A (MN_COA2);
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a, NULL);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_DROPPED_NO_HAO), ==, 1);

  bu = bu_make (1, 150, AH);
  bu.dst = A ("fec0:106:2700::3");
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a, NULL);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_DROPPED_NOT_FOR_US), ==, 1);

  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BU_RCVD), ==, 7);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BA_SENT), ==, 0);
  g_assert_cmpuint (mip6_binding_cache_size (mip6_ha_get_binding_cache (ha)), ==, 0);
}

/* Retransmission while DAD runs is not answered twice; a newer BU
 * replaces the waiting one. */
static void
test_bu_during_dad (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu = bu_make (1, 150, AH);
  struct in6_addr hoa = A (MN_HOA);

  mip6_ha_on_binding_update (ha, &bu, T0, a);
  g_array_set_size (a, 0);
  mip6_ha_on_binding_update (ha, &bu, T0 + 1, a);
  assert_actions (a, NULL);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_DROPPED_DAD_IN_PROGRESS), ==, 1);
  bu = bu_make (2, 150, AH);
  bu.src = A (MN_COA2);
  mip6_ha_on_binding_update (ha, &bu, T0 + 2, a);
  assert_actions (a, NULL);
  mip6_ha_on_dad_result (ha, &hoa, MIP6_HA_DAD_OK, T0, a);
  assert_actions (a, "PROXY_ND_ADD fec0:106:2700::4",
                  "TUNNEL_ADD fec0:106:2700::4 via fec0:106:2700::2 <-> fec0:106:1000::4",
                  "SEND_BA fec0:106:2700::2 -> fec0:106:1000::4 rh2=fec0:106:2700::4 status=0 "
                  "seq=2 lifetime=600 refresh=448",
                  "BINDING_CACHE_CHANGED", "ARM_TIMER 1600000000", NULL);
}

/* §10.3.1, §10.4.1 with L: DAD and proxy ND for the link-local address
 * too; the BA waits for both DADs. */
static void
test_link_local_flag (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu = bu_make (1, 150, AH | MIP6_BU_FLAG_L);
  struct in6_addr hoa = A ("fec0:106:2700:0:211:22ff:fe33:4455");
  struct in6_addr ll = A ("fe80::211:22ff:fe33:4455");

  bu.hao = hoa;
  mip6_ha_on_binding_update (ha, &bu, T0, a);
  assert_actions (a, "START_DAD fec0:106:2700:0:211:22ff:fe33:4455",
                  "START_DAD fe80::211:22ff:fe33:4455", "BINDING_CACHE_CHANGED",
                  "ARM_TIMER 1005000000", NULL);
  mip6_ha_on_dad_result (ha, &hoa, MIP6_HA_DAD_OK, T0, a);
  assert_actions (a, NULL);
  /* A result for an address nobody waits for changes nothing. */
  mip6_ha_on_dad_result (ha, &ll, MIP6_HA_DAD_OK, T0, a);
  assert_actions (a, "PROXY_ND_ADD fec0:106:2700:0:211:22ff:fe33:4455",
                  "PROXY_ND_ADD fe80::211:22ff:fe33:4455",
                  "TUNNEL_ADD fec0:106:2700:0:211:22ff:fe33:4455 via fec0:106:2700::2 <-> "
                  "fec0:106:1100::4",
                  "SEND_BA fec0:106:2700::2 -> fec0:106:1100::4 "
                  "rh2=fec0:106:2700:0:211:22ff:fe33:4455 status=0 seq=1 lifetime=600 refresh=448",
                  "BINDING_CACHE_CHANGED", "ARM_TIMER 1600000000", NULL);
  /* De-registration stops defending both. */
  bu = bu_make (2, 0, AH | MIP6_BU_FLAG_L);
  bu.hao = hoa;
  mip6_ha_on_binding_update (ha, &bu, T0 + SEC, a);
  assert_actions (a, "PROXY_ND_DEL fec0:106:2700:0:211:22ff:fe33:4455",
                  "PROXY_ND_DEL fe80::211:22ff:fe33:4455",
                  "TUNNEL_DEL fec0:106:2700:0:211:22ff:fe33:4455",
                  "BINDING_REMOVED fec0:106:2700:0:211:22ff:fe33:4455 deregistered",
                  "SEND_BA fec0:106:2700::2 -> fec0:106:1100::4 "
                  "rh2=fec0:106:2700:0:211:22ff:fe33:4455 status=0 seq=2 lifetime=0 refresh=0",
                  "BINDING_CACHE_CHANGED", "ARM_TIMER never", NULL);
}

/* §10.3.1: "134 ... if Duplicate Address Detection fails for the home
 * address or the link-local address"; either failure alone rejects. */
static void
test_link_local_duplicate (void)
{
  for (guint which = 0; which < 2; which++)
    {
      g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
      g_autoptr (GArray) a = acts ();
      Mip6HaBindingUpdate bu = bu_make (7, 150, AH | MIP6_BU_FLAG_L);
      struct in6_addr hoa = A ("fec0:106:2700:0:211:22ff:fe33:4455");
      struct in6_addr ll = A ("fe80::211:22ff:fe33:4455");

      bu.hao = hoa;
      mip6_ha_on_binding_update (ha, &bu, T0, a);
      g_array_set_size (a, 0);
      mip6_ha_on_dad_result (ha, which ? &hoa : &ll, MIP6_HA_DAD_OK, T0, a);
      mip6_ha_on_dad_result (ha, which ? &ll : &hoa, MIP6_HA_DAD_DUPLICATE, T0, a);
      assert_actions (a,
                      "SEND_BA fec0:106:2700::2 -> fec0:106:1100::4 "
                      "rh2=fec0:106:2700:0:211:22ff:fe33:4455 status=134 seq=7 lifetime=0 "
                      "refresh=0",
                      "BINDING_REMOVED fec0:106:2700:0:211:22ff:fe33:4455 refused",
                      "BINDING_CACHE_CHANGED", "ARM_TIMER never", NULL);
      g_assert_cmpuint (mip6_binding_cache_size (mip6_ha_get_binding_cache (ha)), ==, 0);
    }
}

/* §10.3.1: K in the BA only if set in the BU and supported here. */
static void
test_k_flag (void)
{
  Mip6HaConfig c;
  Mip6HaHomePrefix p;
  struct in6_addr own;
  g_autoptr (GArray) a = acts ();
  Mip6HaBindingUpdate bu = bu_make (2, 150, AH | MIP6_BU_FLAG_K);

  config_testbed (&c, &p, &own);
  {
    g_autoptr (Mip6HomeAgent) ha = mip6_ha_new (&c, NULL);
    register_mn (ha, 1, 150, T0, a);
    mip6_ha_on_binding_update (ha, &bu, T0, a);
    g_assert_false (g_array_index (a, Mip6HaAction, 0).u.ba.k_flag);
    g_array_set_size (a, 0);
  }
  c.key_mgmt_mobility = TRUE;
  {
    g_autoptr (Mip6HomeAgent) ha = mip6_ha_new (&c, NULL);
    register_mn (ha, 1, 150, T0, a);
    mip6_ha_on_binding_update (ha, &bu, T0, a);
    g_assert_true (g_array_index (a, Mip6HaAction, 0).u.ba.k_flag);
    g_array_set_size (a, 0);
    bu = bu_make (3, 150, AH);
    mip6_ha_on_binding_update (ha, &bu, T0, a);
    g_assert_false (g_array_index (a, Mip6HaAction, 0).u.ba.k_flag);
  }
}

/* §9.3.1: Home Address option without binding → Binding Error 1. */
static void
test_be_unknown_hao (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  struct in6_addr coa = A (MN_COA), ha_addr = A (HA_ADDR), hoa = A (MN_HOA);

  g_assert_false (mip6_ha_on_hao_packet (ha, &coa, &ha_addr, &hoa, T0, a));
  assert_actions (a, "SEND_BE fec0:106:2700::2 -> fec0:106:1100::4 status=1 hoa=fec0:106:2700::4",
                  NULL);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BE_SENT), ==, 1);
  /* After the binding expired, the same. */
  register_mn (ha, 1, 150, T0, a);
  g_assert_true (mip6_ha_on_hao_packet (ha, &coa, &ha_addr, &hoa, T0 + 599 * SEC, a));
  g_assert_false (mip6_ha_on_hao_packet (ha, &coa, &ha_addr, &hoa, T0 + 600 * SEC, a));
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BE_SENT), ==, 2);
}

/* §9.2: unknown MH Type → Binding Error 2. */
static void
test_be_unknown_mh_type (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  struct in6_addr coa = A (MN_COA), ha_addr = A (HA_ADDR), hoa = A (MN_HOA);

  mip6_ha_on_unknown_mh_type (ha, &coa, &ha_addr, NULL, 255, T0, a);
  mip6_ha_on_unknown_mh_type (ha, &coa, &ha_addr, &hoa, 42, T0, a);
  assert_actions (a, "SEND_BE fec0:106:2700::2 -> fec0:106:1100::4 status=2 hoa=::",
                  "SEND_BE fec0:106:2700::2 -> fec0:106:1100::4 status=2 hoa=fec0:106:2700::4",
                  NULL);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BE_SENT), ==, 2);
}

/* §10.3.1: a binding never outlives the valid lifetime of its prefix. */
static void
test_prefix_lifetime_change (void)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = acts ();
  struct in6_addr prefix = A (HOME_PREFIX);

  register_mn (ha, 1, 150, T0, a);
  mip6_ha_on_prefix_lifetime (ha, &prefix, 64, T0 + 100 * SEC, T0 + 50 * SEC, T0 + 10 * SEC, a);
  assert_actions (a, "ARM_TIMER 1100000000", NULL);
  mip6_ha_on_prefix_lifetime (ha, &prefix, 64, T0 + 10 * SEC, T0 + 10 * SEC, T0 + 10 * SEC, a);
  assert_actions (a, "PROXY_ND_DEL fec0:106:2700::4", "TUNNEL_DEL fec0:106:2700::4",
                  "BINDING_REMOVED fec0:106:2700::4 prefix-expired", "BINDING_CACHE_CHANGED",
                  "ARM_TIMER never", NULL);
  /* The prefix is gone: new registrations get 132. */
  {
    Mip6HaBindingUpdate bu = bu_make (2, 150, AH);
    mip6_ha_on_binding_update (ha, &bu, T0 + 11 * SEC, a);
    assert_actions (a, BA_ERR (132, 2), NULL);
  }
}

static void
test_stats_names (void)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();

  for (guint i = 0; i < MIP6_HA_N_STATS; i++)
    {
      const char *n = mip6_ha_stat_name (i);

      g_assert_nonnull (n);
      g_assert_false (g_hash_table_contains (seen, n));
      g_hash_table_add (seen, (gpointer) n);
    }
  g_assert_cmpstr (mip6_ha_stat_name (MIP6_HA_STAT_BU_RCVD), ==, "bind_updates_rcvd");
  mip6_ha_count (ha, MIP6_HA_STAT_DROPPED_TRUNCATED);
  mip6_ha_count (ha, MIP6_HA_STAT_DROPPED_TRUNCATED);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_DROPPED_TRUNCATED), ==, 2);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_DROPPED_MALFORMED), ==, 0);
}

static void
test_config_errors (void)
{
  Mip6HaConfig c;
  Mip6HaHomePrefix p;
  struct in6_addr own;
  GError *error = NULL;

  config_testbed (&c, &p, &own);
  c.max_lifetime_s = 3;
  g_assert_null (mip6_ha_new (&c, &error));
  g_assert_error (error, MIP6_HA_ERROR, MIP6_HA_ERROR_CONFIG);
  g_clear_error (&error);

  config_testbed (&c, &p, &own);
  c.max_bindings = 0;
  g_assert_null (mip6_ha_new (&c, &error));
  g_assert_error (error, MIP6_HA_ERROR, MIP6_HA_ERROR_CONFIG);
  g_clear_error (&error);

  config_testbed (&c, &p, &own);
  p.plen = 129;
  g_assert_null (mip6_ha_new (&c, &error));
  g_assert_error (error, MIP6_HA_ERROR, MIP6_HA_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "fec0:106:2700::/129"));
  g_clear_error (&error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ha/core/register-new-runs-dad", test_register_new_runs_dad);
  g_test_add_func ("/ha/core/ba-without-a-flag", test_ba_without_a_flag);
  g_test_add_func ("/ha/core/refresh-no-dad", test_refresh_no_dad);
  g_test_add_func ("/ha/core/move-updates-tunnel", test_move_updates_tunnel);
  g_test_add_func ("/ha/core/alternate-coa", test_alternate_coa);
  g_test_add_func ("/ha/core/135-sequence-out-of-window", test_sequence_out_of_window);
  g_test_add_func ("/ha/core/sequence-wrap", test_sequence_wrap);
  g_test_add_func ("/ha/core/131-not-home-agent", test_131_not_home_agent);
  g_test_add_func ("/ha/core/132-not-home-subnet", test_132_not_home_subnet);
  g_test_add_func ("/ha/core/133-dereg-without-binding", test_133_dereg_without_binding);
  g_test_add_func ("/ha/core/134-dad-failed", test_134_dad_failed);
  g_test_add_func ("/ha/core/129-admin-prohibited", test_129_admin_prohibited);
  g_test_add_func ("/ha/core/130-insufficient-resources", test_130_insufficient_resources);
  g_test_add_func ("/ha/core/set-limits", test_set_limits);
  g_test_add_func ("/ha/core/removal-reasons", test_removal_reasons);
  g_test_add_func ("/ha/core/128-unspecified", test_128_unspecified);
  g_test_add_func ("/ha/core/lifetime-caps", test_lifetime_caps);
  g_test_add_func ("/ha/core/dereg-lifetime-zero", test_dereg_lifetime_zero);
  g_test_add_func ("/ha/core/dereg-coa-equals-hoa", test_dereg_coa_equals_hoa);
  g_test_add_func ("/ha/core/expiry", test_expiry);
  g_test_add_func ("/ha/core/binding-refresh-request", test_binding_refresh_request);
  g_test_add_func ("/ha/core/timer-deadlines", test_timer_deadlines);
  g_test_add_func ("/ha/core/silent-discards", test_silent_discards);
  g_test_add_func ("/ha/core/bu-during-dad", test_bu_during_dad);
  g_test_add_func ("/ha/core/link-local-flag", test_link_local_flag);
  g_test_add_func ("/ha/core/k-flag", test_k_flag);
  g_test_add_func ("/ha/core/be-unknown-hao", test_be_unknown_hao);
  g_test_add_func ("/ha/core/be-unknown-mh-type", test_be_unknown_mh_type);
  g_test_add_func ("/ha/core/prefix-lifetime-change", test_prefix_lifetime_change);
  g_test_add_func ("/ha/core/link-local-duplicate", test_link_local_duplicate);
  g_test_add_func ("/ha/core/stats-names", test_stats_names);
  g_test_add_func ("/ha/core/config-errors", test_config_errors);
  return g_test_run ();
}
