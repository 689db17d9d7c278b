/* ha-status.h: what the home agent shows the world.
 *
 * The one place the home agent engine (daemon/ha) reports its binding cache
 * and state: adding, updating and removing entries here emits BindingAdded,
 * BindingUpdated and BindingRemoved and keeps BindingCount right. The engine
 * never touches D-Bus itself.
 */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "configuration.h"
#include "mip6-dbus-generated.h"
#include "statistics.h"

G_BEGIN_DECLS

typedef struct _Mip6HaStatus Mip6HaStatus;

/* One binding cache entry (RFC 6275 section 9.1); expires_at in monotonic
 * microseconds. */
typedef struct
{
  struct in6_addr home_address;
  struct in6_addr care_of_address;
  guint32 lifetime;
  gint64 expires_at;
  guint16 sequence;
  const char *state; /* "registered" or "dad" */
} Mip6BcEntryInfo;

Mip6HaStatus *mip6_ha_status_new (const Mip6Config *config, Mip6Statistics *stats);
void mip6_ha_status_free (Mip6HaStatus *status);
Mip6DbusHomeAgent *mip6_ha_status_get_skeleton (Mip6HaStatus *status);

/* Where binding cache entries are exported as org.mip6.Binding1 objects
 * (service.c passes its object manager; NULL to stop). */
void mip6_ha_status_set_object_manager (Mip6HaStatus *status, GDBusObjectManagerServer *manager);

void mip6_ha_status_apply_config (Mip6HaStatus *status, const Mip6Config *config);
void mip6_ha_status_set_datapath (Mip6HaStatus *status, Mip6Datapath datapath);

/* Adds the entry for entry->home_address, or updates it when present. */
void mip6_ha_status_binding_set (Mip6HaStatus *status, const Mip6BcEntryInfo *entry, gint64 now);
/* reason: "deregistered", "expired", "prefix-expired", "refused" (a
 * registration that waited for DAD), "stopped" or "reloaded". FALSE if
 * there was none. */
gboolean mip6_ha_status_binding_remove (Mip6HaStatus *status, const struct in6_addr *home_address,
                                        const char *reason);
guint mip6_ha_status_binding_count (Mip6HaStatus *status);
/* a{sv} list for GetBindingCache, "expires" a point in time. */
GVariant *mip6_ha_status_binding_cache (Mip6HaStatus *status);

/* a{st} for GetStatistics (floating): the counters as they stand now. */
GVariant *mip6_ha_status_statistics (Mip6HaStatus *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6HaStatus, mip6_ha_status_free)

G_END_DECLS
