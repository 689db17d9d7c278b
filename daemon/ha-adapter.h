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
/* Removes every binding's tunnel and proxy entry, restores sysctls. The
 * D-Bus view reports each binding removed with the reason "stopped", or
 * the one given with mip6_ha_adapter_set_stop_reason(). */
void mip6_ha_adapter_free (Mip6HaAdapter *adapter);

/* The reason BindingRemoved gives for the bindings mip6_ha_adapter_free()
 * removes, e.g. "reloaded" when a new configuration rebuilds the home
 * agent. @reason must be a static string. */
void mip6_ha_adapter_set_stop_reason (Mip6HaAdapter *adapter, const char *reason);

/* Applies the limits of @config (binding-lifetime, max-bindings,
 * allowed-home-addresses) to registrations from now on, keeping the
 * binding cache and its tunnels (mip6_ha_set_limits()). */
gboolean mip6_ha_adapter_set_limits (Mip6HaAdapter *adapter, const Mip6Config *config,
                                     GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6HaAdapter, mip6_ha_adapter_free)
