/* handover.c: a handover's timings as the D-Bus dictionary. */
#include "handover.h"

static const char *const phase_keys[MIP6_HANDOVER_N_PHASES] = {
  NULL, /* the origin of every other phase */
  "ra_received_ms",
  "coa_usable_ms",
  "bu_sent_ms",
  "ba_received_ms",
  "routes_switched_ms",
};

GVariant *
mip6_handover_to_variant (const Mip6Handover *h, const char *result, const char *reason,
                          const char *token, guint status)
{
  GVariantBuilder b;
  gint64 origin = h->at[MIP6_HANDOVER_LINK_EVENT];
  gint64 last = 0;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "result", g_variant_new_string (result));
  if (g_strcmp0 (result, "started") != 0)
    g_variant_builder_add (&b, "{sv}", "reason", g_variant_new_string (reason ? reason : ""));
  if (g_strcmp0 (result, "failed") == 0)
    {
      g_variant_builder_add (&b, "{sv}", "reason_token", g_variant_new_string (token ? token : ""));
      g_variant_builder_add (&b, "{sv}", "status", g_variant_new_uint32 (status));
    }
  g_variant_builder_add (&b, "{sv}", "from_network",
                         g_variant_new_string (h->from_network ? h->from_network : ""));
  g_variant_builder_add (&b, "{sv}", "to_network",
                         g_variant_new_string (h->to_network ? h->to_network : ""));
  g_variant_builder_add (&b, "{sv}", "from_interface",
                         g_variant_new_string (h->from_interface ? h->from_interface : ""));
  g_variant_builder_add (&b, "{sv}", "to_interface",
                         g_variant_new_string (h->to_interface ? h->to_interface : ""));
  if (h->care_of_address)
    g_variant_builder_add (&b, "{sv}", "care_of_address",
                           g_variant_new_string (h->care_of_address));
  g_variant_builder_add (&b, "{sv}", "started",
                         g_variant_new_uint64 ((guint64) h->started_wall_us));
  for (guint i = 1; origin != 0 && i < MIP6_HANDOVER_N_PHASES; i++)
    if (h->at[i] != 0)
      {
        g_variant_builder_add (&b, "{sv}", phase_keys[i],
                               g_variant_new_double ((h->at[i] - origin) / 1000.0));
        last = MAX (last, h->at[i]);
      }
  if (origin != 0 && last != 0 && g_strcmp0 (result, "started") != 0)
    g_variant_builder_add (&b, "{sv}", "total_ms", g_variant_new_double ((last - origin) / 1000.0));
  return g_variant_builder_end (&b);
}
