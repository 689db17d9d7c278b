/* backend-counters.h — the data path's tunnel counters (encapsulations,
 * decapsulations, tunnel drops) carried into mip6d's statistics; the same
 * for both roles. */
#pragma once

#include "backend.h"
#include "statistics.h"

/* Adds to @stats what @backend counted since @published, then updates it. */
void mip6_backend_counters_publish (Mip6Backend *backend, Mip6Statistics *stats,
                                    Mip6BackendCounters *published);
