/* test-replay.c: a recorded handover (register, move, refresh, return
 * home) as a script of events with the actions each must produce. The same
 * events fed to a fresh core give the same actions, byte for byte: every
 * handover the daemon records can be replayed against the core.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "ha-test-util.h"

typedef enum
{
  EV_BU,    /* Binding Update from src, Home Address option hoa (NULL: none) */
  EV_DAD,   /* DAD result for MN_HOA */
  EV_TIMER, /* the armed timer fired */
} EventKind;

typedef struct
{
  gint64 at_ms; /* milliseconds after T0 */
  EventKind kind;
  const char *src;
  const char *hao;
  guint16 seq;
  guint16 units;
  Mip6HaDadResult dad;
  const char *expect[8]; /* NULL-terminated */
} Step;

#define BA(to, rh2, seq, life, refresh)                                                            \
  "SEND_BA fec0:106:2700::2 -> " to rh2 " status=0 seq=" #seq " lifetime=" #life                   \
  " refresh=" #refresh

static const Step handover[] = {
  /* HOWTO 5, step 2: home → visitnet. */
  { 0,
    EV_BU,
    MN_COA,
    MN_HOA,
    100,
    75,
    0,
    { "START_DAD fec0:106:2700::4", "BINDING_CACHE_CHANGED", "ARM_TIMER 1005000000" } },
  { 1000,
    EV_DAD,
    NULL,
    NULL,
    0,
    0,
    MIP6_HA_DAD_OK,
    { "PROXY_ND_ADD fec0:106:2700::4",
      "TUNNEL_ADD fec0:106:2700::4 via fec0:106:2700::2 <-> fec0:106:1100::4",
      BA (MN_COA, " rh2=" MN_HOA, 100, 300, 224), "BINDING_CACHE_CHANGED",
      "ARM_TIMER 1301000000" } },
  /* Step 5: visitnet → visitnet2, next sequence number, no DAD. */
  { 60000,
    EV_BU,
    MN_COA2,
    MN_HOA,
    101,
    75,
    0,
    { "TUNNEL_UPDATE fec0:106:2700::4 via fec0:106:2700::2 <-> fec0:106:1000::4",
      BA (MN_COA2, " rh2=" MN_HOA, 101, 300, 224), "BINDING_CACHE_CHANGED",
      "ARM_TIMER 1360000000" } },
  /* Refresh at the advised interval (224 s later). */
  { 284000,
    EV_BU,
    MN_COA2,
    MN_HOA,
    102,
    75,
    0,
    { BA (MN_COA2, " rh2=" MN_HOA, 102, 300, 224), "BINDING_CACHE_CHANGED",
      "ARM_TIMER 1584000000" } },
  /* A timer firing early does nothing. */
  { 300000, EV_TIMER, NULL, NULL, 0, 0, 0, { NULL } },
  /* Step 6: back home, deregistration from the home address. */
  { 400000,
    EV_BU,
    MN_HOA,
    NULL,
    103,
    0,
    0,
    { "PROXY_ND_DEL fec0:106:2700::4", "TUNNEL_DEL fec0:106:2700::4",
      "BINDING_REMOVED fec0:106:2700::4 deregistered", BA (MN_HOA, "", 103, 0, 0),
      "BINDING_CACHE_CHANGED", "ARM_TIMER never" } },
};

/* Feeds @steps to a fresh core; returns every action as text, one a line,
 * and checks each step's actions against its expectation. */
static char *
replay (const Step *steps, gsize n)
{
  g_autoptr (Mip6HomeAgent) ha = ha_new_testbed ();
  g_autoptr (GArray) a = mip6_ha_actions_new ();
  GString *log = g_string_new (NULL);
  struct in6_addr hoa = A (MN_HOA);

  for (gsize i = 0; i < n; i++)
    {
      const Step *s = &steps[i];
      gint64 now = T0 + s->at_ms * 1000;
      g_autoptr (GString) got = g_string_new (NULL);
      g_autoptr (GString) want = g_string_new (NULL);

      switch (s->kind)
        {
        case EV_BU:
          {
            Mip6HaBindingUpdate bu = bu_make (s->seq, s->units, MIP6_BU_FLAG_A | MIP6_BU_FLAG_H);

            bu.src = A (s->src);
            bu.has_hao = s->hao != NULL;
            if (s->hao != NULL)
              bu.hao = A (s->hao);
            mip6_ha_on_binding_update (ha, &bu, now, a);
          }
          break;
        case EV_DAD:
          mip6_ha_on_dad_result (ha, &hoa, s->dad, now, a);
          break;
        case EV_TIMER:
          mip6_ha_on_timer (ha, now, a);
          break;
        }

      for (guint j = 0; j < a->len; j++)
        {
          g_autofree char *t = mip6_ha_action_to_string (&g_array_index (a, Mip6HaAction, j));
          g_string_append_printf (got, "%s\n", t);
        }
      for (guint j = 0; s->expect[j] != NULL; j++)
        g_string_append_printf (want, "%s\n", s->expect[j]);
      g_test_message ("step %" G_GSIZE_FORMAT " at +%" G_GINT64_FORMAT " ms", i, s->at_ms);
      g_assert_cmpstr (got->str, ==, want->str);
      g_string_append_printf (log, "@%" G_GINT64_FORMAT "\n%s", s->at_ms, got->str);
      g_array_set_size (a, 0);
    }
  g_assert_cmpuint (mip6_binding_cache_size (mip6_ha_get_binding_cache (ha)), ==, 0);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BU_RCVD), ==, 4);
  g_assert_cmpuint (mip6_ha_get_stat (ha, MIP6_HA_STAT_BA_ACCEPTED), ==, 4);
  return g_string_free (log, FALSE);
}

static void
test_handover_script (void)
{
  g_autofree char *first = replay (handover, G_N_ELEMENTS (handover));
  g_autofree char *second = replay (handover, G_N_ELEMENTS (handover));

  /* Same events, same actions. */
  g_assert_cmpstr (first, ==, second);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ha/replay/handover", test_handover_script);
  return g_test_run ();
}
