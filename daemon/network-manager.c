/* network-manager.c: NetworkManager through libnm (network-manager.h).
 *
 * Everything libnm tells (signals of NMClient, its devices, access points
 * and active connections) only marks the snapshot stale; one idle rebuilds
 * it, compares it with the last one, calls changed() when they differ, then
 * the link hints, then ends the activations that NM finished. So the owner
 * sees one consistent snapshot per burst of D-Bus traffic, and what it reads
 * in a callback already includes what the callback is about.
 */
#include "config.h"
#include "network-list.h"
#include "network-manager.h"

#include <NetworkManager.h>
#include <glib/gi18n.h>

#include "key-file.h"
#include "mip6-error.h"
#include "wifi-profile.h"

/* How long mip6_network_manager_free() waits for NM to delete mip6d's
 * profiles. NM answers in milliseconds; if it hangs, the next mip6d start
 * deletes them. */
#define FREE_TIMEOUT_MS 3000

/* What the asynchronous calls hold instead of the Mip6NetworkManager: free()
 * clears @nm, so a reply after it finds NULL. */
typedef struct
{
  Mip6NetworkManager *nm;
} Anchor;

/* One mip6_network_manager_activate() until activated() is called. */
typedef struct
{
  grefcount ref;
  char *name;
  char *interface;
  NMDevice *device;
  char *ap_path;
  NMActiveConnection *ac;
  gboolean ended;
  /* Why the device or the active connection left the activation, as
   * their state-changed signals said. */
  NMDeviceStateReason device_reason;
  NMActiveConnectionStateReason ac_reason;
} Activation;

/* One D-Bus call in flight. */
typedef struct
{
  Anchor *anchor;
  Activation *act; /* NULL but for activations */
  char *what;      /* deletions: the profile's id, for messages */
  gboolean own;    /* deletions: one of this mip6d's, not a leftover */
} Op;

struct _Mip6NetworkManager
{
  Mip6NetworkManagerCallbacks callbacks;
  gpointer user_data;
  Anchor *anchor;
  GMainContext *context;
  GCancellable *cancellable;
  NMClient *client;
  gboolean running;
  gboolean said_absent; /* the log was told NM is not there */
  GHashTable *watched;  /* GObject * whose signals are ours */
  GHashTable *own;      /* UUID -> network name: the profiles this mip6d made */
  GHashTable *deleting; /* UUIDs of profiles being deleted */
  GPtrArray *activations;
  guint pending; /* D-Bus calls in flight */
  gboolean stopping;
  gboolean timed_out;

  /* The snapshot network-manager.h lends. */
  GPtrArray *devices; /* Mip6NmDevice * */
  GPtrArray *visible; /* Mip6VisibleNetwork * */
  char *primary;
  gboolean snapshot_running;
  guint idle_id;
  GPtrArray *hints; /* interfaces for link_hint() */
};

static void schedule (Mip6NetworkManager *nm);
static void watch_device (Mip6NetworkManager *nm, NMDevice *device);
static void watch_active (Mip6NetworkManager *nm, NMActiveConnection *ac);

/* Activations and calls. */

static Activation *
activation_ref (Activation *act)
{
  g_ref_count_inc (&act->ref);
  return act;
}

static void
activation_unref (gpointer p)
{
  Activation *act = p;
  if (!g_ref_count_dec (&act->ref))
    return;
  g_free (act->name);
  g_free (act->interface);
  g_clear_object (&act->device);
  g_free (act->ap_path);
  g_clear_object (&act->ac);
  g_free (act);
}

static Op *
op_new (Mip6NetworkManager *nm, Activation *act)
{
  Op *op = g_new0 (Op, 1);
  op->anchor = g_atomic_rc_box_acquire (nm->anchor);
  op->act = act ? activation_ref (act) : NULL;
  nm->pending++;
  return op;
}

/* The Mip6NetworkManager the call was for, NULL when it is gone; frees
 * @op. */
static Mip6NetworkManager *
op_end (Op *op, Activation **act)
{
  Mip6NetworkManager *nm = op->anchor->nm;
  if (nm)
    nm->pending--;
  if (act)
    *act = op->act ? activation_ref (op->act) : NULL;
  g_clear_pointer (&op->act, activation_unref);
  g_atomic_rc_box_release (op->anchor);
  g_free (op->what);
  g_free (op);
  return nm;
}

static Activation *
find_activation (Mip6NetworkManager *nm, const char *name)
{
  for (guint i = 0; i < nm->activations->len; i++)
    {
      Activation *act = g_ptr_array_index (nm->activations, i);
      if (g_str_equal (act->name, name))
        return act;
    }
  return NULL;
}

/* Tells the owner how @act ended (@error NULL: the network is in use) and
 * forgets it. */
static void
activation_end (Mip6NetworkManager *nm, Activation *act, const GError *error)
{
  if (act->ended)
    return;
  act->ended = TRUE;
  if (act->ac)
    g_signal_handlers_disconnect_by_data (act->ac, act);
  if (act->device)
    g_signal_handlers_disconnect_by_data (act->device, act);
  activation_ref (act);
  g_ptr_array_remove (nm->activations, act);
  if (error == NULL)
    g_debug ("NetworkManager activated %s on %s", act->name, act->interface);
  if (!nm->stopping && nm->callbacks.activated)
    nm->callbacks.activated (act->name, error, nm->user_data);
  activation_unref (act);
}

static void activation_fail (Mip6NetworkManager *nm, Activation *act, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static void
activation_fail (Mip6NetworkManager *nm, Activation *act, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *message = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_autoptr (GError) error = g_error_new_literal (MIP6_ERROR, MIP6_ERROR_FAILED, message);
  activation_end (nm, act, error);
}

/* The snapshot. */

static void
snapshot_device_free (gpointer p)
{
  Mip6NmDevice *d = p;
  g_free (d->interface);
  g_clear_pointer (&d->ssid, g_bytes_unref);
  g_free (d->connection_id);
  g_free (d);
}

static void
visible_free (gpointer p)
{
  Mip6VisibleNetwork *v = p;
  g_clear_pointer (&v->ssid, g_bytes_unref);
  g_free (v->display);
  g_free (v->interface);
  g_free (v->access_point);
  g_free (v);
}

static gboolean
bytes_equal0 (GBytes *a, GBytes *b)
{
  return (a == NULL || b == NULL) ? a == b : g_bytes_equal (a, b);
}

static gboolean
device_equal (gconstpointer pa, gconstpointer pb)
{
  const Mip6NmDevice *a = pa, *b = pb;
  return g_strcmp0 (a->interface, b->interface) == 0 && a->managed == b->managed &&
         a->wifi == b->wifi && a->activated == b->activated && a->connecting == b->connecting &&
         bytes_equal0 (a->ssid, b->ssid) && g_strcmp0 (a->connection_id, b->connection_id) == 0 &&
         a->disconnected_by_user == b->disconnected_by_user;
}

static gboolean
visible_equal (gconstpointer pa, gconstpointer pb)
{
  const Mip6VisibleNetwork *a = pa, *b = pb;
  return g_bytes_equal (a->ssid, b->ssid) && a->signal == b->signal &&
         a->securities == b->securities && g_strcmp0 (a->interface, b->interface) == 0 &&
         g_strcmp0 (a->access_point, b->access_point) == 0;
}

static gboolean
arrays_equal (GPtrArray *a, GPtrArray *b, gboolean (*equal) (gconstpointer, gconstpointer))
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

static GBytes *
ap_ssid (NMAccessPoint *ap)
{
  GBytes *ssid = ap ? nm_access_point_get_ssid (ap) : NULL;
  /* A hidden network's access point has no SSID until NM learns it. */
  return ssid && g_bytes_get_size (ssid) > 0 ? ssid : NULL;
}

static Mip6NmDevice *
snapshot_device (NMDevice *dev)
{
  Mip6NmDevice *d = g_new0 (Mip6NmDevice, 1);
  NMActiveConnection *ac = nm_device_get_active_connection (dev);
  NMActiveConnectionState ac_state =
      ac ? nm_active_connection_get_state (ac) : NM_ACTIVE_CONNECTION_STATE_UNKNOWN;
  NMDeviceState state = nm_device_get_state (dev);

  /* The kernel's name: for Wi-Fi and Ethernet, the devices mip6d hands
   * over between, it is also the IP interface. */
  d->interface = g_strdup (nm_device_get_iface (dev));
  d->managed = nm_device_get_managed (dev);
  d->wifi = NM_IS_DEVICE_WIFI (dev);
  d->activated = ac_state == NM_ACTIVE_CONNECTION_STATE_ACTIVATED;
  d->connecting = ac_state == NM_ACTIVE_CONNECTION_STATE_ACTIVATING || d->activated;
  if (ac)
    {
      d->connection_id = g_strdup (nm_active_connection_get_id (ac));
      GBytes *ssid =
          d->wifi ? ap_ssid (nm_device_wifi_get_active_access_point (NM_DEVICE_WIFI (dev))) : NULL;
      NMRemoteConnection *profile = nm_active_connection_get_connection (ac);
      NMSettingWireless *s_wifi =
          profile ? nm_connection_get_setting_wireless (NM_CONNECTION (profile)) : NULL;
      /* The access point's while associated, the profile's before. */
      if (ssid == NULL && s_wifi)
        ssid = nm_setting_wireless_get_ssid (s_wifi);
      d->ssid = ssid ? g_bytes_ref (ssid) : NULL;
    }
  /* nmcli device disconnect, the applet's "Disconnect": NM gives the
   * reason with the state (the StateReason property) until the next
   * change; mip6d must not undo it. */
  d->disconnected_by_user =
      nm_device_get_state_reason (dev) == NM_DEVICE_STATE_REASON_USER_REQUESTED &&
      (state < NM_DEVICE_STATE_PREPARE || state > NM_DEVICE_STATE_ACTIVATED);
  return d;
}

static gint
visible_order (gconstpointer a, gconstpointer b)
{
  const Mip6VisibleNetwork *x = *(Mip6VisibleNetwork *const *) a;
  const Mip6VisibleNetwork *y = *(Mip6VisibleNetwork *const *) b;
  if (x->signal != y->signal)
    return x->signal > y->signal ? -1 : 1;
  return g_strcmp0 (x->display, y->display);
}

static GPtrArray *
snapshot_visible (NMClient *client)
{
  GPtrArray *visible = g_ptr_array_new_with_free_func (visible_free);
  g_autoptr (GHashTable) by_ssid = g_hash_table_new (g_bytes_hash, g_bytes_equal);
  const GPtrArray *devices = nm_client_get_devices (client);

  for (guint i = 0; i < devices->len; i++)
    {
      NMDevice *dev = g_ptr_array_index (devices, i);
      if (!NM_IS_DEVICE_WIFI (dev))
        continue;
      const GPtrArray *aps = nm_device_wifi_get_access_points (NM_DEVICE_WIFI (dev));
      for (guint j = 0; j < aps->len; j++)
        {
          NMAccessPoint *ap = g_ptr_array_index (aps, j);
          GBytes *ssid = ap_ssid (ap);
          if (ssid == NULL)
            continue;
          guint8 strength = nm_access_point_get_strength (ap);
          Mip6VisibleNetwork *v = g_hash_table_lookup (by_ssid, ssid);
          if (v == NULL)
            {
              v = g_new0 (Mip6VisibleNetwork, 1);
              v->ssid = g_bytes_ref (ssid);
              v->display = mip6_ssid_to_display (ssid);
              g_ptr_array_add (visible, v);
              g_hash_table_insert (by_ssid, v->ssid, v);
            }
          if (v->interface == NULL || strength > v->signal)
            {
              v->signal = strength;
              g_free (v->interface);
              v->interface = g_strdup (nm_device_get_iface (dev));
              g_free (v->access_point);
              v->access_point = g_strdup (nm_object_get_path (NM_OBJECT (ap)));
            }
          v->securities |= mip6_wifi_ap_securities (nm_access_point_get_flags (ap),
                                                    nm_access_point_get_wpa_flags (ap),
                                                    nm_access_point_get_rsn_flags (ap));
        }
    }
  g_ptr_array_sort (visible, visible_order);
  return visible;
}

static const char *
primary_interface (NMClient *client)
{
  NMActiveConnection *ac = nm_client_get_primary_connection (client);
  const GPtrArray *devices = ac ? nm_active_connection_get_devices (ac) : NULL;
  return devices && devices->len > 0 ? nm_device_get_iface (g_ptr_array_index (devices, 0)) : NULL;
}

/* Rebuilds the snapshot; TRUE when it differs from the last one. */
static gboolean
snapshot (Mip6NetworkManager *nm)
{
  gboolean running = nm->client && nm_client_get_nm_running (nm->client);
  g_autoptr (GPtrArray) devices = g_ptr_array_new_with_free_func (snapshot_device_free);
  g_autoptr (GPtrArray) visible = NULL;
  const char *primary = NULL;

  if (running)
    {
      const GPtrArray *devs = nm_client_get_devices (nm->client);
      for (guint i = 0; i < devs->len; i++)
        g_ptr_array_add (devices, snapshot_device (g_ptr_array_index (devs, i)));
      visible = snapshot_visible (nm->client);
      primary = primary_interface (nm->client);
    }
  else
    visible = g_ptr_array_new_with_free_func (visible_free);

  gboolean same = running == nm->snapshot_running && g_strcmp0 (primary, nm->primary) == 0 &&
                  arrays_equal (devices, nm->devices, device_equal) &&
                  arrays_equal (visible, nm->visible, visible_equal);
  if (same)
    return FALSE;
  nm->snapshot_running = running;
  g_free (nm->primary);
  nm->primary = g_strdup (primary);
  g_ptr_array_unref (nm->devices);
  nm->devices = g_steal_pointer (&devices);
  g_ptr_array_unref (nm->visible);
  nm->visible = g_steal_pointer (&visible);
  return TRUE;
}

/* Activations NM has finished: ACTIVATED is success; DEACTIVATED, or the
 * active connection gone from NM, is failure, said with NM's reason. */
static void
check_activations (Mip6NetworkManager *nm)
{
  /* A copy: ending one changes nm->activations. */
  g_autoptr (GPtrArray) acts = g_ptr_array_new_with_free_func (activation_unref);
  for (guint i = 0; i < nm->activations->len; i++)
    g_ptr_array_add (acts, activation_ref (g_ptr_array_index (nm->activations, i)));

  for (guint i = 0; i < acts->len; i++)
    {
      Activation *act = g_ptr_array_index (acts, i);
      if (act->ac == NULL || act->ended)
        continue;
      NMActiveConnectionState state = nm_active_connection_get_state (act->ac);
      gboolean gone =
          !nm->running ||
          !g_ptr_array_find ((GPtrArray *) nm_client_get_active_connections (nm->client), act->ac,
                             NULL);
      if (state == NM_ACTIVE_CONNECTION_STATE_ACTIVATED && !gone)
        activation_end (nm, act, NULL);
      else if (!nm->running)
        activation_fail (nm, act,
                         _ ("NetworkManager stopped while mip6d was joining %s on %s; mip6d "
                            "joins it again when NetworkManager is back."),
                         act->name, act->interface);
      else if (state == NM_ACTIVE_CONNECTION_STATE_DEACTIVATED || gone)
        {
          g_autofree char *why = mip6_wifi_failure_text (act->device_reason, act->ac_reason);
          if (why)
            activation_fail (nm, act, _ ("NetworkManager could not join %s on %s because %s."),
                             act->name, act->interface, why);
          else
            activation_fail (nm, act,
                             _ ("NetworkManager could not join %s on %s and gave no reason; "
                                "journalctl -u NetworkManager may say why."),
                             act->name, act->interface);
        }
    }
}

static gboolean
on_idle (gpointer data)
{
  Mip6NetworkManager *nm = data;
  g_autoptr (GPtrArray) hints = g_steal_pointer (&nm->hints);

  nm->idle_id = 0;
  nm->hints = g_ptr_array_new_with_free_func (g_free);
  if (snapshot (nm) && nm->callbacks.changed)
    nm->callbacks.changed (nm->user_data);
  for (guint i = 0; i < hints->len; i++)
    if (nm->callbacks.link_hint)
      nm->callbacks.link_hint (g_ptr_array_index (hints, i), nm->user_data);
  check_activations (nm);
  return G_SOURCE_REMOVE;
}

static void
schedule (Mip6NetworkManager *nm)
{
  if (nm->idle_id != 0 || nm->stopping)
    return;
  GSource *source = g_idle_source_new ();
  g_source_set_callback (source, on_idle, nm, NULL);
  g_source_set_static_name (source, "[mip6] NetworkManager snapshot");
  nm->idle_id = g_source_attach (source, nm->context);
  g_source_unref (source);
}

static void
hint (Mip6NetworkManager *nm, NMDevice *dev)
{
  const char *iface = nm_device_get_iface (dev);
  if (iface == NULL)
    return;
  for (guint i = 0; i < nm->hints->len; i++)
    if (g_str_equal (g_ptr_array_index (nm->hints, i), iface))
      return;
  g_ptr_array_add (nm->hints, g_strdup (iface));
  schedule (nm);
}

/* Signals. */

static void
on_notify (GObject *object, GParamSpec *pspec, gpointer data)
{
  schedule (data);
}

static void
on_ap_added (NMDeviceWifi *dev, NMAccessPoint *ap, gpointer data)
{
  Mip6NetworkManager *nm = data;
  if (g_hash_table_add (nm->watched, g_object_ref (ap)))
    g_signal_connect (ap, "notify", G_CALLBACK (on_notify), nm);
  schedule (nm);
}

static void
unwatch (Mip6NetworkManager *nm, gpointer object)
{
  if (g_hash_table_contains (nm->watched, object))
    {
      g_signal_handlers_disconnect_by_data (object, nm);
      g_hash_table_remove (nm->watched, object);
    }
}

static void
unwatch_all (Mip6NetworkManager *nm)
{
  GHashTableIter iter;
  gpointer object;

  g_hash_table_iter_init (&iter, nm->watched);
  while (g_hash_table_iter_next (&iter, &object, NULL))
    {
      g_signal_handlers_disconnect_by_data (object, nm);
      g_hash_table_iter_remove (&iter);
    }
}

static void
on_ap_removed (NMDeviceWifi *dev, NMAccessPoint *ap, gpointer data)
{
  Mip6NetworkManager *nm = data;
  unwatch (nm, ap);
  schedule (nm);
}

static void
on_active_ap (GObject *object, GParamSpec *pspec, gpointer data)
{
  /* A new access point: perhaps of another network, perhaps of the same
   * ESS, but a link-layer change either way (RFC 6275 §11.5.1). */
  hint (data, NM_DEVICE (object));
}

static void
on_device_state (NMDevice *dev, guint new_state, guint old_state, guint reason, gpointer data)
{
  Mip6NetworkManager *nm = data;

  if (new_state == NM_DEVICE_STATE_ACTIVATED || new_state == NM_DEVICE_STATE_DISCONNECTED ||
      new_state == NM_DEVICE_STATE_UNAVAILABLE)
    hint (nm, dev);
  schedule (nm);
}

/* The reason a device gives when it leaves an activation of ours. */
static void
on_activation_device_state (NMDevice *dev, guint new_state, guint old_state, guint reason,
                            gpointer data)
{
  Activation *act = data;
  if ((new_state == NM_DEVICE_STATE_FAILED || new_state <= NM_DEVICE_STATE_DISCONNECTED) &&
      reason != NM_DEVICE_STATE_REASON_NONE && act->device_reason == NM_DEVICE_STATE_REASON_NONE)
    act->device_reason = reason;
}

static void
on_activation_ac_state (NMActiveConnection *ac, guint state, guint reason, gpointer data)
{
  Activation *act = data;
  if (state == NM_ACTIVE_CONNECTION_STATE_DEACTIVATED)
    act->ac_reason = reason;
}

static void
watch_device (Mip6NetworkManager *nm, NMDevice *dev)
{
  if (!g_hash_table_add (nm->watched, g_object_ref (dev)))
    return;
  g_signal_connect (dev, "state-changed", G_CALLBACK (on_device_state), nm);
  g_signal_connect (dev, "notify::" NM_DEVICE_ACTIVE_CONNECTION, G_CALLBACK (on_notify), nm);
  g_signal_connect (dev, "notify::" NM_DEVICE_MANAGED, G_CALLBACK (on_notify), nm);
  if (!NM_IS_DEVICE_WIFI (dev))
    return;
  g_signal_connect (dev, "access-point-added", G_CALLBACK (on_ap_added), nm);
  g_signal_connect (dev, "access-point-removed", G_CALLBACK (on_ap_removed), nm);
  g_signal_connect (dev, "notify::" NM_DEVICE_WIFI_ACTIVE_ACCESS_POINT, G_CALLBACK (on_active_ap),
                    nm);
  const GPtrArray *aps = nm_device_wifi_get_access_points (NM_DEVICE_WIFI (dev));
  for (guint i = 0; i < aps->len; i++)
    on_ap_added (NM_DEVICE_WIFI (dev), g_ptr_array_index (aps, i), nm);
}

static void
on_device_added (NMClient *client, NMDevice *dev, gpointer data)
{
  watch_device (data, dev);
  schedule (data);
}

static void
on_device_removed (NMClient *client, NMDevice *dev, gpointer data)
{
  Mip6NetworkManager *nm = data;
  if (NM_IS_DEVICE_WIFI (dev))
    {
      const GPtrArray *aps = nm_device_wifi_get_access_points (NM_DEVICE_WIFI (dev));
      for (guint i = 0; i < aps->len; i++)
        unwatch (nm, g_ptr_array_index (aps, i));
    }
  unwatch (nm, dev);
  schedule (nm);
}

static void
watch_active (Mip6NetworkManager *nm, NMActiveConnection *ac)
{
  /* notify::state, not state-changed: libnm emits state-changed only for
   * NM's StateChanged signal, the property is what every NM (and the test
   * mock) changes. */
  if (g_hash_table_add (nm->watched, g_object_ref (ac)))
    g_signal_connect (ac, "notify::" NM_ACTIVE_CONNECTION_STATE, G_CALLBACK (on_notify), nm);
}

static void
on_active_added (NMClient *client, NMActiveConnection *ac, gpointer data)
{
  watch_active (data, ac);
  schedule (data);
}

static void
on_active_removed (NMClient *client, NMActiveConnection *ac, gpointer data)
{
  unwatch (data, ac);
  schedule (data);
}

/* Profiles. */

static void
delete_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Op *op = data;
  g_autofree char *what = g_strdup (op->what);
  gboolean own = op->own;
  g_autoptr (GError) error = NULL;
  NMRemoteConnection *remote = NM_REMOTE_CONNECTION (source);
  gboolean ok = nm_remote_connection_delete_finish (remote, result, &error);
  Mip6NetworkManager *nm = op_end (op, NULL);

  if (nm)
    g_hash_table_remove (nm->deleting, nm_connection_get_uuid (NM_CONNECTION (remote)));
  if (ok)
    g_debug ("Deleted the NetworkManager profile '%s'", what);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning (own ? _ ("Could not delete mip6d's NetworkManager profile '%s': %s; its key stays "
                        "in NetworkManager until the next mip6d start deletes it, or nmcli "
                        "connection delete does.")
                   : _ ("Could not delete the NetworkManager profile '%s' an earlier mip6d left: "
                        "%s; delete it with nmcli connection delete."),
               what, error->message);
}

static void
delete_profile (Mip6NetworkManager *nm, NMRemoteConnection *remote, gboolean own)
{
  const char *uuid = nm_connection_get_uuid (NM_CONNECTION (remote));
  if (!g_hash_table_add (nm->deleting, g_strdup (uuid)))
    return;
  Op *op = op_new (nm, NULL);
  op->what = g_strdup (nm_connection_get_id (NM_CONNECTION (remote)));
  op->own = own;
  /* Not nm->cancellable: free() cancels it only after these ended. */
  nm_remote_connection_delete_async (remote, NULL, delete_done, op);
}

/* Profiles marked as mip6d's that this mip6d did not make: a killed
 * mip6d's, with their keys. */
static void
delete_leftovers (Mip6NetworkManager *nm)
{
  const GPtrArray *connections = nm_client_get_connections (nm->client);

  for (guint i = 0; i < connections->len; i++)
    {
      NMConnection *c = g_ptr_array_index (connections, i);
      if (!mip6_wifi_profile_is_own (c) ||
          g_hash_table_contains (nm->own, nm_connection_get_uuid (c)))
        continue;
      if (!g_hash_table_contains (nm->deleting, nm_connection_get_uuid (c)))
        g_message (_ ("Deleting the NetworkManager profile '%s' that an earlier mip6d left "
                      "behind, with its key."),
                   nm_connection_get_id (c));
      delete_profile (nm, NM_REMOTE_CONNECTION (c), FALSE);
    }
}

static void
on_connection_added (NMClient *client, NMRemoteConnection *remote, gpointer data)
{
  Mip6NetworkManager *nm = data;
  if (!nm->stopping)
    delete_leftovers (nm);
}

/* mip6d's own profile for @net, from this run or not yet deleted. */
static NMRemoteConnection *
find_own_profile (Mip6NetworkManager *nm, const Mip6NetworkConfig *net)
{
  const GPtrArray *connections = nm_client_get_connections (nm->client);
  g_autofree char *id = mip6_wifi_profile_id (net);

  for (guint i = 0; i < connections->len; i++)
    {
      NMConnection *c = g_ptr_array_index (connections, i);
      NMSettingWireless *s_wifi = nm_connection_get_setting_wireless (c);
      const char *uuid = nm_connection_get_uuid (c);
      if (!mip6_wifi_profile_is_own (c) || !g_hash_table_contains (nm->own, uuid) ||
          g_hash_table_contains (nm->deleting, uuid))
        continue;
      if (g_strcmp0 (nm_connection_get_id (c), id) == 0 ||
          (s_wifi && bytes_equal0 (nm_setting_wireless_get_ssid (s_wifi), net->ssid)))
        return NM_REMOTE_CONNECTION (c);
    }
  return NULL;
}

/* NM's presence. */

static void
on_running (GObject *object, GParamSpec *pspec, gpointer data)
{
  Mip6NetworkManager *nm = data;
  gboolean running = nm_client_get_nm_running (nm->client);

  if (running == nm->running)
    return;
  nm->running = running;
  if (running)
    {
      if (nm->said_absent)
        g_message (_ ("NetworkManager is running; mip6d follows its devices and joins networks "
                      "through it."));
      nm->said_absent = FALSE;
      const GPtrArray *devices = nm_client_get_devices (nm->client);
      for (guint i = 0; i < devices->len; i++)
        watch_device (nm, g_ptr_array_index (devices, i));
      const GPtrArray *acs = nm_client_get_active_connections (nm->client);
      for (guint i = 0; i < acs->len; i++)
        watch_active (nm, g_ptr_array_index (acs, i));
      delete_leftovers (nm);
    }
  else
    unwatch_all (nm);
  if (!running && !nm->said_absent)
    {
      g_message (_ ("NetworkManager stopped; mip6d manages the interfaces on its own until it is "
                    "back."));
      nm->said_absent = TRUE;
    }
  schedule (nm);
}

static void
client_ready (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  NMClient *client = nm_client_new_finish (result, &error);
  Mip6NetworkManager *nm = op_end (data, NULL);

  if (nm == NULL)
    {
      g_clear_object (&client);
      return;
    }
  if (client == NULL)
    {
      /* No system bus at all: nothing to wait for. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message (_ ("Cannot reach NetworkManager (%s); mip6d manages the interfaces on its "
                      "own."),
                   error->message);
      return;
    }
  nm->client = client;
  g_signal_connect (client, "notify::" NM_CLIENT_NM_RUNNING, G_CALLBACK (on_running), nm);
  g_signal_connect (client, "notify::" NM_CLIENT_PRIMARY_CONNECTION, G_CALLBACK (on_notify), nm);
  g_signal_connect (client, "device-added", G_CALLBACK (on_device_added), nm);
  g_signal_connect (client, "device-removed", G_CALLBACK (on_device_removed), nm);
  g_signal_connect (client, "active-connection-added", G_CALLBACK (on_active_added), nm);
  g_signal_connect (client, "active-connection-removed", G_CALLBACK (on_active_removed), nm);
  g_signal_connect (client, "connection-added", G_CALLBACK (on_connection_added), nm);
  if (!nm_client_get_nm_running (client))
    {
      /* libnm follows the name's owner: when NM starts, notify::nm-running
       * brings it in. */
      g_message (_ ("NetworkManager is not running; mip6d manages the interfaces on its own "
                    "until it starts."));
      nm->said_absent = TRUE;
    }
  on_running (G_OBJECT (client), NULL, nm);
  schedule (nm);
}

Mip6NetworkManager *
mip6_network_manager_new (const Mip6NetworkManagerCallbacks *callbacks, gpointer user_data)
{
  Mip6NetworkManager *nm = g_new0 (Mip6NetworkManager, 1);

  if (callbacks)
    nm->callbacks = *callbacks;
  nm->user_data = user_data;
  nm->anchor = g_atomic_rc_box_new0 (Anchor);
  nm->anchor->nm = nm;
  nm->context = g_main_context_ref_thread_default ();
  nm->cancellable = g_cancellable_new ();
  nm->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  nm->own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  nm->deleting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  nm->activations = g_ptr_array_new_with_free_func (activation_unref);
  nm->devices = g_ptr_array_new_with_free_func (snapshot_device_free);
  nm->visible = g_ptr_array_new_with_free_func (visible_free);
  nm->hints = g_ptr_array_new_with_free_func (g_free);
  nm_client_new_async (nm->cancellable, client_ready, op_new (nm, NULL));
  return nm;
}

static gboolean
on_free_timeout (gpointer data)
{
  Mip6NetworkManager *nm = data;
  nm->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_busy_gone (gpointer data, GObject *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

static void
wait_pending (Mip6NetworkManager *nm)
{
  while (nm->pending > 0 && !nm->timed_out)
    g_main_context_iteration (nm->context, TRUE);
}

void
mip6_network_manager_free (Mip6NetworkManager *nm)
{
  if (nm == NULL)
    return;
  nm->stopping = TRUE;
  g_clear_handle_id (&nm->idle_id, g_source_remove);

  GSource *timeout = g_timeout_source_new (FREE_TIMEOUT_MS);
  g_source_set_callback (timeout, on_free_timeout, nm, NULL);
  g_source_attach (timeout, nm->context);
  /* First the calls in flight: a profile being added must exist to be
   * deleted. Then mip6d's own profiles, so that no key outlives mip6d. */
  wait_pending (nm);
  if (nm->client && nm_client_get_nm_running (nm->client))
    {
      GHashTableIter iter;
      gpointer uuid;
      g_hash_table_iter_init (&iter, nm->own);
      while (g_hash_table_iter_next (&iter, &uuid, NULL))
        {
          NMRemoteConnection *remote = nm_client_get_connection_by_uuid (nm->client, uuid);
          if (remote)
            delete_profile (nm, remote, TRUE);
        }
      wait_pending (nm);
    }
  if (nm->pending > 0)
    g_warning (_ ("NetworkManager did not answer within %u ms; if a profile of mip6d's is left, "
                  "the next mip6d start deletes it."),
               FREE_TIMEOUT_MS);

  nm->anchor->nm = NULL;
  g_atomic_rc_box_release (nm->anchor);
  g_cancellable_cancel (nm->cancellable);
  g_clear_object (&nm->cancellable);
  for (guint i = 0; i < nm->activations->len; i++)
    {
      Activation *act = g_ptr_array_index (nm->activations, i);
      act->ended = TRUE;
      if (act->ac)
        g_signal_handlers_disconnect_by_data (act->ac, act);
      if (act->device)
        g_signal_handlers_disconnect_by_data (act->device, act);
    }
  g_ptr_array_unref (nm->activations);
  unwatch_all (nm);
  g_hash_table_unref (nm->watched);
  if (nm->client)
    {
      /* libnm lets go of its D-Bus resources in the client's main context
       * once the client is gone: give it that time (nm_client_get_context_busy_watcher()). */
      gboolean idle = FALSE;
      GObject *watcher = nm_client_get_context_busy_watcher (nm->client);
      g_signal_handlers_disconnect_by_data (nm->client, nm);
      g_object_weak_ref (watcher, on_busy_gone, &idle);
      g_clear_object (&nm->client);
      while (!idle && !nm->timed_out)
        g_main_context_iteration (nm->context, TRUE);
      if (!idle)
        g_object_weak_unref (watcher, on_busy_gone, &idle);
    }
  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_hash_table_unref (nm->own);
  g_hash_table_unref (nm->deleting);
  g_ptr_array_unref (nm->devices);
  g_ptr_array_unref (nm->visible);
  g_ptr_array_unref (nm->hints);
  g_free (nm->primary);
  g_main_context_unref (nm->context);
  g_free (nm);
}

gboolean
mip6_network_manager_running (Mip6NetworkManager *nm)
{
  return nm->snapshot_running;
}

const char *
mip6_network_manager_primary_interface (Mip6NetworkManager *nm)
{
  return nm->primary;
}

GPtrArray *
mip6_network_manager_devices (Mip6NetworkManager *nm)
{
  return nm->devices;
}

const Mip6NmDevice *
mip6_network_manager_device (Mip6NetworkManager *nm, const char *interface)
{
  for (guint i = 0; i < nm->devices->len; i++)
    {
      const Mip6NmDevice *d = g_ptr_array_index (nm->devices, i);
      if (g_strcmp0 (d->interface, interface) == 0)
        return d;
    }
  return NULL;
}

GPtrArray *
mip6_network_manager_visible (Mip6NetworkManager *nm)
{
  return nm->visible;
}

/* Joining a network. */

/* The strongest access point of @ssid on @dev, or on any managed Wi-Fi
 * device when @dev is NULL (*dev_out says which). */
static NMAccessPoint *
best_access_point (NMClient *client, GBytes *ssid, NMDevice *dev, NMDevice **dev_out)
{
  const GPtrArray *devices = nm_client_get_devices (client);
  NMAccessPoint *best = NULL;

  for (guint i = 0; i < devices->len; i++)
    {
      NMDevice *d = g_ptr_array_index (devices, i);
      if ((dev && d != dev) || !NM_IS_DEVICE_WIFI (d) || !nm_device_get_managed (d))
        continue;
      const GPtrArray *aps = nm_device_wifi_get_access_points (NM_DEVICE_WIFI (d));
      for (guint j = 0; j < aps->len; j++)
        {
          NMAccessPoint *ap = g_ptr_array_index (aps, j);
          GBytes *s = ap_ssid (ap);
          if (s && g_bytes_equal (s, ssid) &&
              (best == NULL ||
               nm_access_point_get_strength (ap) > nm_access_point_get_strength (best)))
            {
              best = ap;
              *dev_out = d;
            }
        }
    }
  return best;
}

static void
activate_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Activation *act;
  g_autoptr (GError) error = NULL;
  NMActiveConnection *ac =
      nm_client_activate_connection_finish (NM_CLIENT (source), result, &error);
  Mip6NetworkManager *nm = op_end (data, &act);

  if (nm == NULL || act->ended)
    {
      g_clear_object (&ac);
      activation_unref (act);
      return;
    }
  if (ac == NULL)
    activation_fail (nm, act, _ ("NetworkManager refused to join %s on %s: %s."), act->name,
                     act->interface, error->message);
  else
    {
      act->ac = ac;
      g_signal_connect (ac, "state-changed", G_CALLBACK (on_activation_ac_state), act);
      watch_active (nm, ac);
      /* The mock, and a fast NM, may be done already. */
      schedule (nm);
    }
  activation_unref (act);
}

static void
start_activation (Mip6NetworkManager *nm, Activation *act, NMConnection *profile)
{
  g_debug ("Activating '%s' on %s (access point %s)", nm_connection_get_id (profile),
           act->interface, act->ap_path ? act->ap_path : "any");
  nm_client_activate_connection_async (nm->client, profile, act->device, act->ap_path,
                                       nm->cancellable, activate_done, op_new (nm, act));
}

static void
profile_done (Mip6NetworkManager *nm, Activation *act, NMConnection *profile, GError *error)
{
  if (profile == NULL)
    activation_fail (nm, act,
                     _ ("NetworkManager refused mip6d's profile for %s: %s; check the "
                        "[network %s] group of mip6d.conf."),
                     act->name, error->message, act->name);
  else if (nm->stopping)
    /* Added to be deleted: free() is waiting for it. */
    act->ended = TRUE;
  else
    start_activation (nm, act, profile);
}

static void
add_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Activation *act;
  g_autoptr (GError) error = NULL;
  g_autoptr (NMRemoteConnection) remote =
      nm_client_add_connection_finish (NM_CLIENT (source), result, &error);
  Mip6NetworkManager *nm = op_end (data, &act);

  if (nm && !act->ended)
    profile_done (nm, act, NM_CONNECTION (remote), error);
  activation_unref (act);
}

static void
update_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Activation *act;
  g_autoptr (GError) error = NULL;
  NMRemoteConnection *remote = NM_REMOTE_CONNECTION (source);
  g_autoptr (GVariant) ret = nm_remote_connection_update2_finish (remote, result, &error);
  Mip6NetworkManager *nm = op_end (data, &act);

  if (nm && !act->ended)
    profile_done (nm, act, ret ? NM_CONNECTION (remote) : NULL, error);
  activation_unref (act);
}

static gboolean
not_running (GError **error, const Mip6NetworkConfig *net)
{
  g_set_error (error, MIP6_ERROR, MIP6_ERROR_FAILED,
               _ ("NetworkManager is not running, so mip6d cannot join %s through it; start "
                  "NetworkManager (systemctl start NetworkManager)"),
               net->name);
  return FALSE;
}

gboolean
mip6_network_manager_activate (Mip6NetworkManager *nm, const Mip6NetworkConfig *net,
                               const char *interface, GError **error)
{
  NMDevice *dev = NULL;
  NMAccessPoint *ap = NULL;
  NMRemoteConnection *named = NULL;

  if (nm->client == NULL || !nm->running)
    return not_running (error, net);
  if (find_activation (nm, net->name))
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BUSY,
                   _ ("mip6d is already joining %s; wait until NetworkManager is done"), net->name);
      return FALSE;
    }
  if (interface)
    {
      dev = nm_client_get_device_by_iface (nm->client, interface);
      if (dev == NULL || !NM_IS_DEVICE_WIFI (dev))
        {
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_INVALID_ARGUMENT,
                       dev ? _ ("%s is not a Wi-Fi device, so mip6d cannot join %s on it; name "
                                "a Wi-Fi interface (nmcli device lists them)")
                           : _ ("NetworkManager has no device %s, so mip6d cannot join %s on "
                                "it; name an interface nmcli device lists"),
                       interface, net->name);
          return FALSE;
        }
      if (!nm_device_get_managed (dev))
        {
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_INVALID_ARGUMENT,
                       _ ("NetworkManager does not manage %s, so mip6d cannot join %s on it; "
                          "let NetworkManager manage it (nmcli device set %s managed yes)"),
                       interface, net->name, interface);
          return FALSE;
        }
      /* Out of sight: NM looks for the network itself. */
      NMDevice *seen_on = NULL;
      ap = best_access_point (nm->client, net->ssid, dev, &seen_on);
    }
  else
    {
      ap = best_access_point (nm->client, net->ssid, NULL, &dev);
      if (ap == NULL)
        {
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_NOT_CONNECTED,
                       _ ("no Wi-Fi device of NetworkManager sees %s; move closer to it or "
                          "check that Wi-Fi is on (nmcli radio wifi)"),
                       net->name);
          return FALSE;
        }
    }
  if (net->connection)
    {
      /* The person's profile, used as it is: never changed, never
       * deleted. */
      named = nm_client_get_connection_by_uuid (nm->client, net->connection);
      if (named == NULL)
        named = nm_client_get_connection_by_id (nm->client, net->connection);
      if (named == NULL)
        {
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                       _ ("NetworkManager has no profile '%s' for [network %s] (line %u of "
                          "mip6d.conf); create it, or name one nmcli connection show lists"),
                       net->connection, net->name, net->line);
          return FALSE;
        }
    }

  Activation *act = g_new0 (Activation, 1);
  g_ref_count_init (&act->ref);
  act->name = g_strdup (net->name);
  act->interface = g_strdup (nm_device_get_iface (dev));
  act->device = g_object_ref (dev);
  act->ap_path = ap ? g_strdup (nm_object_get_path (NM_OBJECT (ap))) : NULL;
  g_signal_connect (dev, "state-changed", G_CALLBACK (on_activation_device_state), act);

  if (named)
    {
      g_ptr_array_add (nm->activations, act);
      start_activation (nm, act, NM_CONNECTION (named));
      return TRUE;
    }

  g_autoptr (Mip6Key) key = NULL;
  if (net->security != MIP6_SECURITY_OPEN)
    {
      if (net->key_file == NULL)
        g_set_error (
            error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
            _ ("[network %s] has security = %s but no key-file; add key-file = a file only "
               "root can read, holding the key"),
            net->name, mip6_security_to_string (net->security));
      else
        key = mip6_key_file_read (net->key_file, net, error);
      if (key == NULL)
        {
          g_signal_handlers_disconnect_by_data (dev, act);
          activation_unref (act);
          return FALSE;
        }
    }
  NMRemoteConnection *existing = find_own_profile (nm, net);
  g_autofree char *uuid = existing ? g_strdup (nm_connection_get_uuid (NM_CONNECTION (existing)))
                                   : g_uuid_string_random ();
  g_autoptr (NMConnection) profile = mip6_wifi_profile_new (net, key, uuid);
  /* The profile has its copy; ours goes now. */
  g_clear_pointer (&key, mip6_key_free);
  g_ptr_array_add (nm->activations, act);
  if (existing)
    {
      /* Update2 with IN_MEMORY: the profile stays unsaved (Update would
       * write it, key and all, to /etc/NetworkManager). */
      g_debug ("Updating the NetworkManager profile '%s'", nm_connection_get_id (profile));
      nm_remote_connection_update2 (
          existing, nm_connection_to_dbus (profile, NM_CONNECTION_SERIALIZE_ALL),
          NM_SETTINGS_UPDATE2_FLAG_IN_MEMORY, NULL, nm->cancellable, update_done, op_new (nm, act));
    }
  else
    {
      /* save_to_disk FALSE: AddConnectionUnsaved, NM keeps it in memory
       * (/run/NetworkManager), never under /etc. */
      g_debug ("Adding the NetworkManager profile '%s'", nm_connection_get_id (profile));
      g_hash_table_insert (nm->own, g_strdup (uuid), g_strdup (net->name));
      nm_client_add_connection_async (nm->client, profile, FALSE, nm->cancellable, add_done,
                                      op_new (nm, act));
    }
  return TRUE;
}
