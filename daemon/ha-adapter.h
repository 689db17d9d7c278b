/* ha-adapter.h — the home agent's I/O adapter: it feeds the sans-I/O core
 * (daemon/ha) with what arrives from the data path back end, carries out
 * the core's actions (signalling, tunnel, proxy ND, DAD, timers) and
 * reports to the D-Bus side (ha-status). */
#pragma once

#include "backend.h"
#include "configuration.h"
#include "ha-status.h"
#include "statistics.h"

typedef struct _Mip6HaAdapter Mip6HaAdapter;

/* Takes ownership of @backend. */
Mip6HaAdapter *mip6_ha_adapter_new (const Mip6Config *config, Mip6Backend *backend,
                                    Mip6HaStatus *status, Mip6Statistics *stats, GError **error);
/* Removes every binding's tunnel and proxy entry, restores sysctls. */
void mip6_ha_adapter_free (Mip6HaAdapter *adapter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6HaAdapter, mip6_ha_adapter_free)
