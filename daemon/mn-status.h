/* mn-status.h: what the mobile node shows the world.
 *
 * The one place the mobile node engine (daemon/mn) reports its state: each
 * setter updates org.mip6.MobileNode1, which emits PropertiesChanged once
 * per actual change; the Handover* and RegistrationFailed signals are
 * emitted only from here, each after the property changes before it.
 * The engine never touches D-Bus itself.
 */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "configuration.h"
#include "handover.h"
#include "mip6-dbus-generated.h"
#include "statistics.h"

G_BEGIN_DECLS

typedef struct _Mip6MnStatus Mip6MnStatus;

/* One binding update list entry (RFC 6275 section 11.1), as the engine
 * sees it; expires_at is in monotonic microseconds. */
typedef struct
{
  struct in6_addr recipient;
  struct in6_addr home_address;
  struct in6_addr care_of_address;
  guint32 lifetime;
  gint64 expires_at;
  guint16 sequence;
  const char *state; /* "registering", "registered", "deregistering" */
} Mip6BulEntryInfo;

/* What the engine does on the user's request; each returns FALSE with a
 * MIP6_ERROR when it cannot (for example MIP6_ERROR_NOT_CONNECTED). */
typedef struct
{
  gboolean (*reregister) (gpointer user_data, GError **error);
  gboolean (*roam) (gpointer user_data, const char *essid, GError **error);
  /* NetworkEvent(): @details maps "connection_id" and the like to text. */
  gboolean (*network_event) (gpointer user_data, const char *interface, const char *action,
                             GHashTable *details, GError **error);
} Mip6MnActions;

Mip6MnStatus *mip6_mn_status_new (const Mip6Config *config, Mip6Statistics *stats);
void mip6_mn_status_free (Mip6MnStatus *status);
Mip6DbusMobileNode *mip6_mn_status_get_skeleton (Mip6MnStatus *status);

/* Where the binding update list entries are exported as org.mip6.Binding1
 * objects (service.c passes its object manager; NULL to stop). */
void mip6_mn_status_set_object_manager (Mip6MnStatus *status, GDBusObjectManagerServer *manager);

/* After a reload: home address, home agent, interface, datapath. */
void mip6_mn_status_apply_config (Mip6MnStatus *status, const Mip6Config *config);

void mip6_mn_status_set_state (Mip6MnStatus *status, Mip6MnState state);
/* StateReason: @token is stable ("" for none), @sentence for people. */
void mip6_mn_status_set_state_reason (Mip6MnStatus *status, const char *token, guint status_code,
                                      const char *sentence);
/* The home agent in use: configured, or found by discovery (RFC 6275
 * §11.4.1); NULL while none is known. */
void mip6_mn_status_set_home_agent (Mip6MnStatus *status, const struct in6_addr *home_agent);
void mip6_mn_status_set_care_of_address (Mip6MnStatus *status, const struct in6_addr *coa);
void mip6_mn_status_set_network (Mip6MnStatus *status, const char *essid);
/* The interface in use, NULL when none. */
void mip6_mn_status_set_interface (Mip6MnStatus *status, const char *interface);
/* What GetNetworks returns (network-list.h; floating is sunk); emits
 * NetworksChanged when it differs enough (mip6_network_list_differs). */
void mip6_mn_status_set_networks (Mip6MnStatus *status, GVariant *networks);
/* The list for GetNetworks; without an engine, the configured networks. */
GVariant *mip6_mn_status_networks (Mip6MnStatus *status);
void mip6_mn_status_set_datapath (Mip6MnStatus *status, Mip6Datapath datapath);
/* BindingExpires for a binding that lapses at @expires_at (monotonic
 * microseconds); 0 when there is none. */
void mip6_mn_status_set_binding_expires (Mip6MnStatus *status, gint64 expires_at);
void mip6_mn_status_set_sequence (Mip6MnStatus *status, guint16 sequence);
/* CanRoam and CanReregister: what the engine's own checks for Roam and
 * Reregister say now. */
void mip6_mn_status_set_can_roam (Mip6MnStatus *status, gboolean can);
void mip6_mn_status_set_can_reregister (Mip6MnStatus *status, gboolean can);

/* Replaces the whole list; the engine calls it after each change. */
void mip6_mn_status_set_binding_update_list (Mip6MnStatus *status, const Mip6BulEntryInfo *entries,
                                             guint n_entries);
/* a{sv} list for GetBindingUpdateList, "expires" a point in time. */
GVariant *mip6_mn_status_binding_update_list (Mip6MnStatus *status);

/* a{st} for GetStatistics (floating): the counters as they stand now. */
GVariant *mip6_mn_status_statistics (Mip6MnStatus *status);

void mip6_mn_status_handover_started (Mip6MnStatus *status, const Mip6Handover *handover);
void mip6_mn_status_handover_completed (Mip6MnStatus *status, const Mip6Handover *handover);
/* @token: a StateReason token or "moved", "no-link", "no-router";
 * @status_code: the BA or BE status, 0 when none. */
void mip6_mn_status_handover_failed (Mip6MnStatus *status, const Mip6Handover *handover,
                                     const char *token, guint status_code, const char *reason);
/* A registration failed outside a handover (RegistrationFailed). */
void mip6_mn_status_registration_failed (Mip6MnStatus *status, const char *token, guint status_code,
                                         const char *sentence);

void mip6_mn_status_set_actions (Mip6MnStatus *status, const Mip6MnActions *actions,
                                 gpointer user_data);
gboolean mip6_mn_status_reregister (Mip6MnStatus *status, GError **error);
gboolean mip6_mn_status_roam (Mip6MnStatus *status, const char *essid, GError **error);
gboolean mip6_mn_status_network_event (Mip6MnStatus *status, const char *interface,
                                       const char *action, GHashTable *details, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6MnStatus, mip6_mn_status_free)

G_END_DECLS
