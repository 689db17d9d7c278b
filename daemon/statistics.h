/* statistics.h: the daemon's counters (mip6ctl stats, the successor of
 * mipdiag -s), published over D-Bus as an a{st} dictionary.
 *
 * Keys are snake_case names. Drop reasons come from the codec library as
 * snake_case names and are counted as "dropped_<reason>"; new keys appear
 * as they are first counted.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _Mip6Statistics Mip6Statistics;

/* Called with a floating a{st} variant when the counters changed, at most
 * once per second (the counters move with every tunnelled packet). */
typedef void (*Mip6StatisticsPublishFunc) (GVariant *counters, gpointer user_data);

Mip6Statistics *mip6_statistics_new (void);
void mip6_statistics_free (Mip6Statistics *stats);

void mip6_statistics_set_publish_func (Mip6Statistics *stats, Mip6StatisticsPublishFunc func,
                                       gpointer user_data);

void mip6_statistics_add (Mip6Statistics *stats, const char *key, guint64 n);
void mip6_statistics_count (Mip6Statistics *stats, const char *key);
void mip6_statistics_count_drop (Mip6Statistics *stats, const char *reason);
guint64 mip6_statistics_get (Mip6Statistics *stats, const char *key);

/* Floating a{st}, keys sorted. */
GVariant *mip6_statistics_to_variant (Mip6Statistics *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Statistics, mip6_statistics_free)

G_END_DECLS
