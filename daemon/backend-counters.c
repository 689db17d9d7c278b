/* backend-counters.c — tunnel counters into statistics. */
#include "backend-counters.h"

static void
publish (Mip6Statistics *stats, const char *key, guint64 now, guint64 before)
{
  /* A back end that re-creates its tunnel starts again from zero. */
  if (now > before)
    mip6_statistics_add (stats, key, now - before);
}

void
mip6_backend_counters_publish (Mip6Backend *backend, Mip6Statistics *stats,
                               Mip6BackendCounters *published)
{
  Mip6BackendCounters c;
  backend->ops->get_counters (backend, &c);
  publish (stats, "encapsulations", c.encapsulations, published->encapsulations);
  publish (stats, "decapsulations", c.decapsulations, published->decapsulations);
  publish (stats, "dropped_tunnel_no_binding", c.dropped_tunnel_no_binding,
           published->dropped_tunnel_no_binding);
  publish (stats, "dropped_tunnel_bad_source", c.dropped_tunnel_bad_source,
           published->dropped_tunnel_bad_source);
  publish (stats, "dropped_tunnel_malformed", c.dropped_tunnel_malformed,
           published->dropped_tunnel_malformed);
  *published = c;
}
