/* mn-adapter.h — the mobile node's I/O adapter: links and addresses from
 * routing netlink, router advertisements from an ICMPv6 socket and Mobility
 * Header messages from the data path back end go into the sans-I/O core
 * (daemon/mn); the core's actions go out to the back end, netlink and the
 * D-Bus side (mn-status). */
#pragma once

#include "backend.h"
#include "configuration.h"
#include "mn-status.h"
#include "statistics.h"

typedef struct _Mip6MnAdapter Mip6MnAdapter;

/* Takes ownership of @backend; @config must live until the next
 * mip6_mn_adapter_reloaded() or mip6_mn_adapter_free(). */
Mip6MnAdapter *mip6_mn_adapter_new (const Mip6Config *config, Mip6Backend *backend,
                                    Mip6MnStatus *status, Mip6Statistics *stats, GError **error);
/* Leaves the system as it was at home: tunnel and routes removed, the home
 * address back on the interface. */
void mip6_mn_adapter_free (Mip6MnAdapter *adapter);
/* The configuration was reloaded without a change the engine needs a
 * restart for; @config (networks and the like) is used from now on. */
void mip6_mn_adapter_reloaded (Mip6MnAdapter *adapter, const Mip6Config *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6MnAdapter, mip6_mn_adapter_free)
