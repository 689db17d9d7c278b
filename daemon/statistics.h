/* statistics.h: the daemon's counters (mip6ctl stats, the successor of
 * mipdiag -s), read over D-Bus (GetStatistics) as an a{st} dictionary.
 * Nothing is published by itself and no timer runs: the counters move with
 * every tunnelled packet, and a reader asks when it wants them.
 *
 * Keys are snake_case names. Drop reasons come from the codec library as
 * snake_case names and are counted as "dropped_<reason>"; new keys appear
 * as they are first counted.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _Mip6Statistics Mip6Statistics;

/* Brings counters kept elsewhere (a back end's tunnel counters) up to
 * date; called before each snapshot. */
typedef void (*Mip6StatisticsSyncFunc) (Mip6Statistics *stats, gpointer user_data);

Mip6Statistics *mip6_statistics_new (void);
void mip6_statistics_free (Mip6Statistics *stats);

void mip6_statistics_set_sync_func (Mip6Statistics *stats, Mip6StatisticsSyncFunc func,
                                    gpointer user_data);

void mip6_statistics_add (Mip6Statistics *stats, const char *key, guint64 n);
void mip6_statistics_count (Mip6Statistics *stats, const char *key);
void mip6_statistics_count_drop (Mip6Statistics *stats, const char *reason);
guint64 mip6_statistics_get (Mip6Statistics *stats, const char *key);

/* Floating a{st}, keys sorted: the counters as they stand. */
GVariant *mip6_statistics_to_variant (Mip6Statistics *stats);
/* The same after the sync function ran: what GetStatistics returns. */
GVariant *mip6_statistics_snapshot (Mip6Statistics *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Statistics, mip6_statistics_free)

G_END_DECLS
