/* daemon-client.h: the applet's model of mip6d's mobile node, kept from
 * org.mip6 on the system bus. Every call is asynchronous; the client
 * follows the name's owner (mip6d starting, stopping, restarting) and
 * never starts mip6d by bus activation. */
#pragma once

#include <gio/gio.h>

#include "applet-state.h"

G_BEGIN_DECLS

#define MIP6_TYPE_DAEMON_CLIENT (mip6_daemon_client_get_type ())
G_DECLARE_FINAL_TYPE (Mip6DaemonClient, mip6_daemon_client, MIP6, DAEMON_CLIENT, GObject)

/* What the properties say now; strings are never NULL ("" for none). */
typedef struct
{
  gboolean running; /* org.mip6 has an owner and its properties arrived */
  Mip6AppletState state;
  char *reason_token;
  guint reason_status;
  char *reason_sentence; /* the daemon's, in its language */
  char *home_address;
  char *care_of_address;
  char *home_agent;
  char *interface;
  char *network;
  char *datapath;
  guint64 binding_expires_us; /* microseconds since the epoch, 0: no binding */
  guint sequence;
  gboolean can_roam;
  gboolean can_reregister;
  GVariant *last_handover; /* a{sv}, NULL before the first */
} Mip6DaemonModel;

/* Connects to the system bus (DBUS_SYSTEM_BUS_ADDRESS when set) and starts
 * following org.mip6. Signals:
 * "changed" (): the model changed (also mip6d appearing or going);
 * "networks-changed" (): mip6_daemon_client_get_networks changed;
 * "handover-started" (GVariant a{sv});
 * "handover-completed" (GVariant a{sv});
 * "handover-failed" (GVariant a{sv}, const char *reason);
 * "registration-failed" (const char *token, guint status, const char *sentence). */
Mip6DaemonClient *mip6_daemon_client_new (void);

const Mip6DaemonModel *mip6_daemon_client_get_model (Mip6DaemonClient *self);

/* GetNetworks' answer (aa{sv}), fetched when mip6d appears and at each
 * NetworksChanged; NULL while not known. */
GVariant *mip6_daemon_client_get_networks (Mip6DaemonClient *self);

void mip6_daemon_client_reregister (Mip6DaemonClient *self, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);
gboolean mip6_daemon_client_reregister_finish (Mip6DaemonClient *self, GAsyncResult *result,
                                               GError **error);

void mip6_daemon_client_roam (Mip6DaemonClient *self, const char *name, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
gboolean mip6_daemon_client_roam_finish (Mip6DaemonClient *self, GAsyncResult *result,
                                         GError **error);

/* GetStatistics' a{st}; from a mip6d without the method, its Statistics
 * property. */
void mip6_daemon_client_get_statistics (Mip6DaemonClient *self, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data);
GVariant *mip6_daemon_client_get_statistics_finish (Mip6DaemonClient *self, GAsyncResult *result,
                                                    GError **error);

/* A short sentence for a failed call, for people: polkit refusals, mip6d
 * not running or not answering, and mip6d's own org.mip6.Error sentences. */
char *mip6_daemon_client_error_sentence (const GError *error);

G_END_DECLS
