/* network-manager.h: what NetworkManager knows and does, through libnm.
 *
 * One NMClient for the daemon's life. It follows NM's devices, their active
 * connections and access points, and NM's primary connection, and tells
 * its owner when any of that changed. Without NetworkManager (not
 * installed, not running) it says so once in the log and waits: when NM
 * appears on the bus it is picked up without a restart.
 *
 * To join a configured network, mip6d uses a profile of its own: in memory
 * only (never written to /etc/NetworkManager), marked with the user setting
 * org.mip6.managed=yes, its secrets system-owned and read from the key file
 * just before activation. Profiles of the person are used only when a
 * network names one (connection=), and are never changed. mip6d's own
 * profiles are deleted when it stops, and at start those a killed mip6d
 * left: no key outlives mip6d.
 */
#pragma once

#include <gio/gio.h>

#include "configuration.h"

G_BEGIN_DECLS

/* The user setting that marks a profile as mip6d's own. */
#define MIP6_NM_USER_KEY_MANAGED "org.mip6.managed"
#define MIP6_NM_USER_VALUE_MANAGED "yes"

/* Bits of Mip6Security, for what an access point offers. */
#define MIP6_SECURITY_BIT(s) (1u << (s))

/* A network NM sees, over all access points with this SSID on all Wi-Fi
 * devices. */
typedef struct
{
  GBytes *ssid;
  char *display;      /* the SSID as text (non-UTF-8 octets escaped) */
  guint8 signal;      /* the strongest access point, 0 to 100 */
  guint securities;   /* MIP6_SECURITY_BIT()s its access points offer; 802.1X
                       * is MIP6_SECURITY_PROFILE */
  char *interface;    /* the Wi-Fi device with the strongest one */
  char *access_point; /* that access point's D-Bus path */
} Mip6VisibleNetwork;

/* One device NM knows. */
typedef struct
{
  char *interface;
  gboolean managed; /* NM manages it: its addresses and routes are NM's */
  gboolean wifi;
  /* Its active connection is activated (NM_ACTIVE_CONNECTION_STATE_ACTIVATED). */
  gboolean activated;
  /* Activating or activated: NM is busy with it. */
  gboolean connecting;
  GBytes *ssid; /* Wi-Fi: the SSID of the active connection's network, else NULL */
  char *connection_id;
  /* The last state change was asked for by a person (nmcli device
   * disconnect, the applet): mip6d must not fight it by reconnecting. */
  gboolean disconnected_by_user;
} Mip6NmDevice;

/* Called from the main context that was the thread's default at
 * mip6_network_manager_new(), never from inside a libnm signal: what NM
 * says is gathered, and once per burst the snapshot is rebuilt, changed()
 * called if it differs, then link_hint() for each interface concerned, then
 * activated() for the activations NM finished (one whose D-Bus call NM
 * refused is reported from that call's reply). Any may be NULL. */
typedef struct
{
  /* Something in what is followed changed: devices, access points,
   * active connections, the primary connection, NM running or not. The
   * snapshot the getters return is already the new one. */
  void (*changed) (gpointer user_data);
  /* NM reports an association change or a device state change on
   * @interface: a link-layer hint for movement detection (RFC 6275
   * §11.5.1), so no router advertisement timer needs to be waited for. */
  void (*link_hint) (const char *interface, gpointer user_data);
  /* An activation that mip6_network_manager_activate() started ended:
   * @error is NULL when the network is now in use, else (MIP6_ERROR_FAILED)
   * a sentence naming the network and the interface and saying why, in
   * NM's words ("... because the access point did not accept the key.").
   * Called once for each activation that started, never after free(). */
  void (*activated) (const char *network_name, const GError *error, gpointer user_data);
} Mip6NetworkManagerCallbacks;

typedef struct _Mip6NetworkManager Mip6NetworkManager;

/* Never fails: NetworkManager may come later. The log says once that NM is
 * not running, and once each time it starts or stops after that. */
Mip6NetworkManager *mip6_network_manager_new (const Mip6NetworkManagerCallbacks *callbacks,
                                              gpointer user_data);
/* Deletes mip6d's own profiles and drops the client. It iterates the main
 * context (at most a few seconds, NM answers in milliseconds) until NM has
 * deleted them, so the process may exit right after; call it once the main
 * loop has returned. No callback is called from it. Deleting a profile in
 * use disconnects that network: mip6d stopping leaves no key behind. */
void mip6_network_manager_free (Mip6NetworkManager *nm);

gboolean mip6_network_manager_running (Mip6NetworkManager *nm);
/* The interface of NM's primary connection, NULL when none. */
const char *mip6_network_manager_primary_interface (Mip6NetworkManager *nm);
/* Mip6NmDevice *, borrowed until the next changed() callback. */
GPtrArray *mip6_network_manager_devices (Mip6NetworkManager *nm);
const Mip6NmDevice *mip6_network_manager_device (Mip6NetworkManager *nm, const char *interface);
/* Mip6VisibleNetwork *, borrowed until the next changed() callback. */
GPtrArray *mip6_network_manager_visible (Mip6NetworkManager *nm);

/* Joins @net on the Wi-Fi device @interface (NULL: the one that sees it
 * best): with mip6d's own profile for it, created or updated, or with the
 * profile connection= names. Returns FALSE at once when that cannot start,
 * with a MIP6_ERROR:
 *   FAILED            NM is not running
 *   INVALID_ARGUMENT  @interface is no Wi-Fi device NM manages
 *   NOT_CONNECTED     @interface NULL and no Wi-Fi device sees @net
 *   BAD_CONFIG        the key file was refused (key-file.h), or NM has no
 *                     profile connection= names
 *   BUSY              an activation of @net is still running
 * otherwise activated() follows. The key is read from its file here and
 * wiped right after the profile is built. NM activates even a network the
 * device is on already, which reconnects it: look at
 * mip6_network_manager_device() first. */
gboolean mip6_network_manager_activate (Mip6NetworkManager *nm, const Mip6NetworkConfig *net,
                                        const char *interface, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6NetworkManager, mip6_network_manager_free)

G_END_DECLS
