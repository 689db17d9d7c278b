/* mip6ctl stats: the counters of mipdiag -s (HOWTO 5.2). */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mip6ctl.h"

static const struct
{
  const char *key;
  const char *label;
} labels[] = {
  { "bind_updates_sent", N_ ("Binding updates sent") },
  { "bind_acks_rcvd", N_ ("Binding acks received") },
  { "bind_nacks_rcvd", N_ ("Negative binding acks received") },
  { "bind_refresh_rqs_rcvd", N_ ("Binding refresh requests received") },
  { "bind_errors_rcvd", N_ ("Binding errors received") },
  { "bind_updates_rcvd", N_ ("Binding updates received") },
  { "bind_acks_sent", N_ ("Binding acks sent") },
  /* the home agent's answers by status (RFC 6275 section 6.1.8) */
  { "bind_acks_sent_0_accepted", N_ ("  accepted (0)") },
  { "bind_acks_sent_128_unspecified", N_ ("  reason unspecified (128)") },
  { "bind_acks_sent_129_admin_prohibited", N_ ("  administratively prohibited (129)") },
  { "bind_acks_sent_130_insufficient_resources", N_ ("  insufficient resources (130)") },
  { "bind_acks_sent_131_home_reg_not_supported", N_ ("  home registration not supported (131)") },
  { "bind_acks_sent_132_not_home_subnet", N_ ("  not home subnet (132)") },
  { "bind_acks_sent_133_not_home_agent", N_ ("  not home agent for this mobile node (133)") },
  { "bind_acks_sent_134_dad_failed", N_ ("  duplicate address detection failed (134)") },
  { "bind_acks_sent_135_seq_out_of_window", N_ ("  sequence number out of window (135)") },
  { "bind_errors_sent", N_ ("Binding errors sent") },
  { "param_problems_sent", N_ ("ICMPv6 parameter problems sent") },
  { "errors_rate_limited", N_ ("Errors not sent: over the rate limit") },
  { "errors_not_sent", N_ ("Errors not sent: not addressed to us or from a non-unicast source") },
  { "dropped_hao_no_binding", N_ ("Packets with a home address option and no binding") },
  { "bind_refresh_requests_sent", N_ ("Binding refresh requests sent") },
  { "bindings_expired", N_ ("Bindings expired") },
  { "encapsulations", N_ ("Encapsulations") },
  { "decapsulations", N_ ("Decapsulations") },
  /* discovery (RFC 6275 sections 10.5, 10.6, 11.4.1) */
  { "dhaad_requests_sent", N_ ("Home agent address discovery requests sent") },
  { "dhaad_replies_rcvd", N_ ("Home agent address discovery replies received") },
  { "dhaad_requests_rcvd", N_ ("Home agent address discovery requests received") },
  { "dhaad_replies_sent", N_ ("Home agent address discovery replies sent") },
  { "mobile_prefix_solicits_rcvd", N_ ("Mobile prefix solicitations received") },
  { "mobile_prefix_adverts_sent", N_ ("Mobile prefix advertisements sent") },
};

static char *
label_for (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].key, key))
      return g_strdup (_ (labels[i].label));
  if (g_str_has_prefix (key, "dropped_"))
    {
      g_autofree char *reason = g_strdup (key + strlen ("dropped_"));
      g_strdelimit (reason, "_", ' ');
      return g_strdup_printf (_ ("Dropped: %s"), reason);
    }
  return g_strdup (key);
}

int
mip6ctl_stats (Mip6Ctl *ctl, int argc, char **argv)
{
  g_autoptr (GVariant) stats = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (Mip6DbusMobileNode) mn = NULL;
  g_autoptr (Mip6DbusHomeAgent) ha = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GVariantIter iter;
  const char *key;
  guint64 value;

  if (g_strcmp0 (ctl->role, "home-agent") == 0)
    {
      if ((ha = mip6ctl_home_agent (ctl)) == NULL)
        return MIP6CTL_EXIT_FAILED;
      if (!mip6_dbus_home_agent_call_get_statistics_sync (ha, &stats, NULL, &error))
        return mip6ctl_error (ctl, _ ("cannot read the statistics"), error);
    }
  else
    {
      if ((mn = mip6ctl_mobile_node (ctl)) == NULL)
        return MIP6CTL_EXIT_FAILED;
      if (!mip6_dbus_mobile_node_call_get_statistics_sync (mn, &stats, NULL, &error))
        return mip6ctl_error (ctl, _ ("cannot read the statistics"), error);
    }
  if (ctl->json)
    {
      mip6ctl_print_json (g_variant_ref (stats));
      return MIP6CTL_EXIT_OK;
    }
  /* The mipdiag counters first, in their order, then the drop reasons. */
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_variant_lookup (stats, labels[i].key, "t", &value))
      {
        char **r = g_new0 (char *, 3);
        r[0] = g_strconcat (_ (labels[i].label), ":", NULL);
        r[1] = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
        g_ptr_array_add (rows, r);
      }
  g_variant_iter_init (&iter, stats);
  while (g_variant_iter_next (&iter, "{&st}", &key, &value))
    {
      g_autofree char *label = NULL;
      char **r;
      if (!g_str_has_prefix (key, "dropped_"))
        continue;
      label = label_for (key);
      r = g_new0 (char *, 3);
      r[0] = g_strconcat (label, ":", NULL);
      r[1] = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
      g_ptr_array_add (rows, r);
    }
  /* Keys this mip6ctl does not know yet still show. */
  g_variant_iter_init (&iter, stats);
  while (g_variant_iter_next (&iter, "{&st}", &key, &value))
    {
      gboolean known = g_str_has_prefix (key, "dropped_");
      char **r;
      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        known = known || g_str_equal (labels[i].key, key);
      if (known)
        continue;
      r = g_new0 (char *, 3);
      r[0] = g_strconcat (key, ":", NULL);
      r[1] = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
      g_ptr_array_add (rows, r);
    }
  /* Right-align the numbers. */
  {
    guint lw = 0, nw = 0;
    for (guint i = 0; i < rows->len; i++)
      {
        char **r = g_ptr_array_index (rows, i);
        lw = MAX (lw, (guint) g_utf8_strlen (r[0], -1));
        nw = MAX (nw, (guint) strlen (r[1]));
      }
    for (guint i = 0; i < rows->len; i++)
      {
        char **r = g_ptr_array_index (rows, i);
        g_print ("%s%*s  %*s\n", r[0], (int) (lw - g_utf8_strlen (r[0], -1)), "", (int) nw, r[1]);
      }
  }
  return MIP6CTL_EXIT_OK;
}
