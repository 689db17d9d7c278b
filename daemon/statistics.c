/* statistics.c: counters, read on request. */
#include "statistics.h"

#include <string.h>

/* Always present, so scripts see 0 rather than a missing key: the counters
 * of mipdiag -s (HOWTO 5.2). */
static const char *const base_keys[] = {
  "bind_updates_sent", "bind_acks_rcvd",    "bind_nacks_rcvd", "bind_refresh_rqs_rcvd",
  "bind_errors_rcvd",  "bind_updates_rcvd", "bind_acks_sent",  "encapsulations",
  "decapsulations",    "dropped_invalid",   "dropped_auth",
};

struct _Mip6Statistics
{
  GHashTable *counters; /* char * -> guint64 * */
  Mip6StatisticsSyncFunc sync;
  gpointer sync_data;
};

Mip6Statistics *
mip6_statistics_new (void)
{
  Mip6Statistics *stats = g_new0 (Mip6Statistics, 1);

  stats->counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (base_keys); i++)
    g_hash_table_insert (stats->counters, g_strdup (base_keys[i]), g_new0 (guint64, 1));
  return stats;
}

void
mip6_statistics_free (Mip6Statistics *stats)
{
  if (stats == NULL)
    return;
  g_hash_table_unref (stats->counters);
  g_free (stats);
}

void
mip6_statistics_set_sync_func (Mip6Statistics *stats, Mip6StatisticsSyncFunc func,
                               gpointer user_data)
{
  stats->sync = func;
  stats->sync_data = user_data;
}

void
mip6_statistics_add (Mip6Statistics *stats, const char *key, guint64 n)
{
  guint64 *value = g_hash_table_lookup (stats->counters, key);

  if (value == NULL)
    {
      value = g_new0 (guint64, 1);
      g_hash_table_insert (stats->counters, g_strdup (key), value);
    }
  *value += n;
}

void
mip6_statistics_count (Mip6Statistics *stats, const char *key)
{
  mip6_statistics_add (stats, key, 1);
}

void
mip6_statistics_count_drop (Mip6Statistics *stats, const char *reason)
{
  g_autofree char *key = g_strconcat ("dropped_", reason, NULL);
  mip6_statistics_add (stats, key, 1);
}

guint64
mip6_statistics_get (Mip6Statistics *stats, const char *key)
{
  guint64 *value = g_hash_table_lookup (stats->counters, key);
  return value ? *value : 0;
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GVariant *
mip6_statistics_snapshot (Mip6Statistics *stats)
{
  if (stats->sync)
    stats->sync (stats, stats->sync_data);
  return mip6_statistics_to_variant (stats);
}

GVariant *
mip6_statistics_to_variant (Mip6Statistics *stats)
{
  g_autofree gpointer *keys = NULL;
  guint n = 0;
  GVariantBuilder b;

  keys = g_hash_table_get_keys_as_array (stats->counters, &n);
  qsort (keys, n, sizeof (gpointer), compare_strings);
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{st}"));
  for (guint i = 0; i < n; i++)
    g_variant_builder_add (&b, "{st}", (const char *) keys[i],
                           mip6_statistics_get (stats, keys[i]));
  return g_variant_builder_end (&b);
}
