/* daemon-client.c: org.mip6.MobileNode1 through a GDBusProxy. The proxy
 * follows the name's owner itself: it drops the cached properties when
 * mip6d goes and fetches them again when it comes back. */
#include "config.h"

#include "daemon-client.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mip6-error.h"
#include "mip6-names.h"

/* Reregister and Roam may wait for a polkit agent's password dialog. */
#define ACTION_TIMEOUT_MS (120 * 1000)

struct _Mip6DaemonClient
{
  GObject parent;
  GCancellable *cancellable;
  GDBusProxy *proxy;
  Mip6DaemonModel model;
  GVariant *networks;
  guint networks_generation; /* a later answer wins over an earlier one */
};

G_DEFINE_TYPE (Mip6DaemonClient, mip6_daemon_client, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  SIGNAL_NETWORKS_CHANGED,
  SIGNAL_HANDOVER_STARTED,
  SIGNAL_HANDOVER_COMPLETED,
  SIGNAL_HANDOVER_FAILED,
  SIGNAL_REGISTRATION_FAILED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
model_clear (Mip6DaemonModel *m)
{
  g_clear_pointer (&m->reason_token, g_free);
  g_clear_pointer (&m->reason_sentence, g_free);
  g_clear_pointer (&m->home_address, g_free);
  g_clear_pointer (&m->care_of_address, g_free);
  g_clear_pointer (&m->home_agent, g_free);
  g_clear_pointer (&m->interface, g_free);
  g_clear_pointer (&m->network, g_free);
  g_clear_pointer (&m->datapath, g_free);
  g_clear_pointer (&m->last_handover, g_variant_unref);
  memset (m, 0, sizeof *m);
}

static GVariant *
cached (Mip6DaemonClient *self, const char *name, const GVariantType *type)
{
  g_autoptr (GVariant) v = g_dbus_proxy_get_cached_property (self->proxy, name);
  /* Without interface info the proxy does not check types: we do. */
  if (v == NULL || !g_variant_is_of_type (v, type))
    return NULL;
  return g_steal_pointer (&v);
}

static char *
cached_string (Mip6DaemonClient *self, const char *name)
{
  g_autoptr (GVariant) v = cached (self, name, G_VARIANT_TYPE_STRING);
  return g_strdup (v ? g_variant_get_string (v, NULL) : "");
}

static void
model_reload (Mip6DaemonClient *self)
{
  Mip6DaemonModel *m = &self->model;
  g_autofree char *owner = NULL;
  g_autoptr (GVariant) state = NULL;

  model_clear (m);
  if (self->proxy != NULL)
    owner = g_dbus_proxy_get_name_owner (self->proxy);
  if (owner != NULL)
    state = cached (self, "State", G_VARIANT_TYPE_STRING);
  /* An owner whose properties have not arrived yet shows as not running:
   * the proxy emits g-properties-changed once they are in. */
  m->running = state != NULL;
  m->state = mip6_applet_state_from_string (state ? g_variant_get_string (state, NULL) : NULL);
  if (!m->running)
    {
      m->reason_token = g_strdup ("");
      m->reason_sentence = g_strdup ("");
      m->home_address = g_strdup ("");
      m->care_of_address = g_strdup ("");
      m->home_agent = g_strdup ("");
      m->interface = g_strdup ("");
      m->network = g_strdup ("");
      m->datapath = g_strdup ("");
      return;
    }

  g_autoptr (GVariant) reason = cached (self, "StateReason", G_VARIANT_TYPE ("(sus)"));
  if (reason != NULL)
    g_variant_get (reason, "(sus)", &m->reason_token, &m->reason_status, &m->reason_sentence);
  else
    {
      m->reason_token = g_strdup ("");
      m->reason_sentence = g_strdup ("");
    }
  m->home_address = cached_string (self, "HomeAddress");
  m->care_of_address = cached_string (self, "CareOfAddress");
  m->home_agent = cached_string (self, "HomeAgent");
  m->interface = cached_string (self, "Interface");
  m->network = cached_string (self, "Network");
  m->datapath = cached_string (self, "Datapath");

  g_autoptr (GVariant) expires = cached (self, "BindingExpires", G_VARIANT_TYPE_UINT64);
  m->binding_expires_us =
      mip6_applet_binding_expires_us (expires ? g_variant_get_uint64 (expires) : 0);
  g_autoptr (GVariant) seq = cached (self, "Sequence", G_VARIANT_TYPE_UINT16);
  m->sequence = seq ? g_variant_get_uint16 (seq) : 0;

  g_autoptr (GVariant) can_roam = cached (self, "CanRoam", G_VARIANT_TYPE_BOOLEAN);
  m->can_roam =
      can_roam ? g_variant_get_boolean (can_roam) : mip6_applet_can_roam_for_state (m->state);
  g_autoptr (GVariant) can_rereg = cached (self, "CanReregister", G_VARIANT_TYPE_BOOLEAN);
  m->can_reregister = can_rereg ? g_variant_get_boolean (can_rereg)
                                : mip6_applet_can_reregister_for_state (m->state);

  g_autoptr (GVariant) last = cached (self, "LastHandover", G_VARIANT_TYPE_VARDICT);
  if (last != NULL && g_variant_n_children (last) > 0)
    m->last_handover = g_steal_pointer (&last);
}

static void
networks_ready (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), res, &error);
  if (reply == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  Mip6DaemonClient *self = user_data;
  g_clear_pointer (&self->networks, g_variant_unref);
  if (reply != NULL)
    g_variant_get (reply, "(@aa{sv})", &self->networks);
  else
    g_debug ("GetNetworks failed: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_NETWORKS_CHANGED], 0);
}

static void
networks_fetch (Mip6DaemonClient *self)
{
  g_dbus_proxy_call (self->proxy, "GetNetworks", NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                     self->cancellable, networks_ready, self);
}

static void
on_properties_changed (GDBusProxy *proxy, GVariant *changed, GStrv invalidated, gpointer user_data)
{
  Mip6DaemonClient *self = user_data;
  gboolean was_running = self->model.running;

  model_reload (self);
  if (self->model.running && !was_running)
    networks_fetch (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_name_owner (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  Mip6DaemonClient *self = user_data;
  g_autofree char *owner = g_dbus_proxy_get_name_owner (self->proxy);

  g_debug ("org.mip6 owner: %s", owner ? owner : "(none)");
  if (owner == NULL)
    {
      g_clear_pointer (&self->networks, g_variant_unref);
      g_signal_emit (self, signals[SIGNAL_NETWORKS_CHANGED], 0);
    }
  model_reload (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_signal (GDBusProxy *proxy, const char *sender, const char *name, GVariant *params,
           gpointer user_data)
{
  Mip6DaemonClient *self = user_data;

  if (g_str_equal (name, "NetworksChanged"))
    networks_fetch (self);
  else if (g_str_equal (name, "HandoverStarted") &&
           g_variant_is_of_type (params, G_VARIANT_TYPE ("(a{sv})")))
    {
      g_autoptr (GVariant) h = g_variant_get_child_value (params, 0);
      g_signal_emit (self, signals[SIGNAL_HANDOVER_STARTED], 0, h);
    }
  else if (g_str_equal (name, "HandoverCompleted") &&
           g_variant_is_of_type (params, G_VARIANT_TYPE ("(a{sv})")))
    {
      g_autoptr (GVariant) h = g_variant_get_child_value (params, 0);
      g_signal_emit (self, signals[SIGNAL_HANDOVER_COMPLETED], 0, h);
    }
  else if (g_str_equal (name, "HandoverFailed") &&
           g_variant_is_of_type (params, G_VARIANT_TYPE ("(a{sv}s)")))
    {
      g_autoptr (GVariant) h = NULL;
      const char *reason = NULL;
      g_variant_get (params, "(@a{sv}&s)", &h, &reason);
      g_signal_emit (self, signals[SIGNAL_HANDOVER_FAILED], 0, h, reason);
    }
  else if (g_str_equal (name, "RegistrationFailed") &&
           g_variant_is_of_type (params, G_VARIANT_TYPE ("(sus)")))
    {
      const char *token, *sentence;
      guint status;
      g_variant_get (params, "(&su&s)", &token, &status, &sentence);
      g_signal_emit (self, signals[SIGNAL_REGISTRATION_FAILED], 0, token, status, sentence);
    }
}

static void
proxy_ready (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  GDBusProxy *proxy = g_dbus_proxy_new_for_bus_finish (res, &error);
  if (proxy == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning (_ ("Cannot reach the system bus, so mip6d's state is unknown: %s"),
                   error->message);
      return;
    }

  Mip6DaemonClient *self = user_data;
  self->proxy = proxy;
  g_signal_connect_object (proxy, "g-properties-changed", G_CALLBACK (on_properties_changed), self,
                           0);
  g_signal_connect_object (proxy, "notify::g-name-owner", G_CALLBACK (on_name_owner), self, 0);
  g_signal_connect_object (proxy, "g-signal", G_CALLBACK (on_signal), self, 0);
  model_reload (self);
  if (self->model.running)
    networks_fetch (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
mip6_daemon_client_dispose (GObject *object)
{
  Mip6DaemonClient *self = MIP6_DAEMON_CLIENT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->proxy);
  g_clear_pointer (&self->networks, g_variant_unref);
  model_clear (&self->model);
  G_OBJECT_CLASS (mip6_daemon_client_parent_class)->dispose (object);
}

static void
mip6_daemon_client_class_init (Mip6DaemonClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mip6_daemon_client_dispose;
  /* Registers org.mip6.Error.*, so mip6d's errors arrive as MIP6_ERROR. */
  (void) MIP6_ERROR;
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_NETWORKS_CHANGED] =
      g_signal_new ("networks-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_HANDOVER_STARTED] =
      g_signal_new ("handover-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_VARIANT);
  signals[SIGNAL_HANDOVER_COMPLETED] =
      g_signal_new ("handover-completed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 1, G_TYPE_VARIANT);
  signals[SIGNAL_HANDOVER_FAILED] =
      g_signal_new ("handover-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, G_TYPE_VARIANT, G_TYPE_STRING);
  signals[SIGNAL_REGISTRATION_FAILED] =
      g_signal_new ("registration-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_STRING);
}

static void
mip6_daemon_client_init (Mip6DaemonClient *self)
{
  self->cancellable = g_cancellable_new ();
  model_reload (self);
}

Mip6DaemonClient *
mip6_daemon_client_new (void)
{
  Mip6DaemonClient *self = g_object_new (MIP6_TYPE_DAEMON_CLIENT, NULL);

  /* DO_NOT_AUTO_START: the applet shows mip6d's absence, it does not
   * cause mip6d's presence. */
  g_dbus_proxy_new_for_bus (G_BUS_TYPE_SYSTEM, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START, NULL,
                            MIP6_DBUS_NAME, MIP6_DBUS_PATH_MOBILE_NODE, MIP6_DBUS_IFACE_MOBILE_NODE,
                            self->cancellable, proxy_ready, self);
  return self;
}

const Mip6DaemonModel *
mip6_daemon_client_get_model (Mip6DaemonClient *self)
{
  return &self->model;
}

GVariant *
mip6_daemon_client_get_networks (Mip6DaemonClient *self)
{
  return self->networks;
}

/* ------------------------------------------------------------ calls */

static gboolean
no_proxy (Mip6DaemonClient *self, GTask *task)
{
  if (self->proxy != NULL)
    return FALSE;
  g_task_return_new_error (task, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN, "%s",
                           _ ("mip6d is not running."));
  return TRUE;
}

static void
void_call_ready (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  g_autoptr (GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), res, &error);

  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
action_call (Mip6DaemonClient *self, const char *method, GVariant *params,
             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  if (no_proxy (self, task))
    {
      g_object_unref (task);
      return;
    }
  g_dbus_proxy_call (self->proxy, method, params,
                     G_DBUS_CALL_FLAGS_NO_AUTO_START |
                         G_DBUS_CALL_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION,
                     ACTION_TIMEOUT_MS, cancellable, void_call_ready, task);
}

void
mip6_daemon_client_reregister (Mip6DaemonClient *self, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  action_call (self, "Reregister", NULL, cancellable, callback, user_data);
}

gboolean
mip6_daemon_client_reregister_finish (Mip6DaemonClient *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
mip6_daemon_client_roam (Mip6DaemonClient *self, const char *name, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  action_call (self, "Roam", g_variant_new ("(s)", name), cancellable, callback, user_data);
}

gboolean
mip6_daemon_client_roam_finish (Mip6DaemonClient *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
statistics_ready (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Mip6DaemonClient *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr (GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), res, &error);

  if (reply != NULL && g_variant_is_of_type (reply, G_VARIANT_TYPE ("(a{st})")))
    {
      g_task_return_pointer (task, g_variant_get_child_value (reply, 0),
                             (GDestroyNotify) g_variant_unref);
      return;
    }
  if (reply != NULL)
    error = g_error_new (G_DBUS_ERROR, G_DBUS_ERROR_INVALID_SIGNATURE, "%s",
                         _ ("mip6d answered GetStatistics with an unexpected type."));
  else if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
    {
      /* A mip6d from before GetStatistics kept them in a property. */
      g_autoptr (GVariant) prop = cached (self, "Statistics", G_VARIANT_TYPE ("a{st}"));
      if (prop != NULL)
        {
          g_clear_error (&error);
          g_task_return_pointer (task, g_steal_pointer (&prop), (GDestroyNotify) g_variant_unref);
          return;
        }
    }
  g_task_return_error (task, error);
}

void
mip6_daemon_client_get_statistics (Mip6DaemonClient *self, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  if (no_proxy (self, task))
    {
      g_object_unref (task);
      return;
    }
  g_dbus_proxy_call (self->proxy, "GetStatistics", NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                     cancellable, statistics_ready, task);
}

GVariant *
mip6_daemon_client_get_statistics_finish (Mip6DaemonClient *self, GAsyncResult *result,
                                          GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
mip6_daemon_client_error_sentence (const GError *error)
{
  /* A newer mip6d may name an error this build does not know. */
  g_autofree char *remote = g_dbus_error_get_remote_error (error);
  g_autoptr (GError) copy = g_error_copy (error);
  g_dbus_error_strip_remote_error (copy);
  const char *message = copy->message;

  if (g_error_matches (error, MIP6_ERROR, MIP6_ERROR_ACCESS_DENIED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED))
    return g_strdup (_ ("The system's policy does not allow you to do that."));
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
    return g_strdup (_ ("mip6d is not running."));
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_strdup (_ ("mip6d did not answer in time."));
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
    return g_strdup (_ ("The mip6d that runs is too old for that."));
  if (g_error_matches (error, MIP6_ERROR, MIP6_ERROR_BUSY) &&
      (message == NULL || message[0] == '\0'))
    return g_strdup (_ ("mip6d is busy with a handover; try again in a moment."));
  /* mip6d's errors carry their own sentence, in mip6d's language. */
  if ((error->domain == MIP6_ERROR ||
       (remote != NULL && g_str_has_prefix (remote, "org.mip6.Error."))) &&
      message != NULL && message[0] != '\0')
    return g_strdup (message);
  return g_strdup_printf (_ ("mip6d reported an error: %s"), message);
}
