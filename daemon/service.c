/* service.c: the D-Bus objects and their method handlers. */
#include "config.h"
#include "service.h"

#include <string.h>
#include <glib/gi18n.h>

#include "mip6-error.h"
#include "mip6-names.h"

struct _Mip6Service
{
  const Mip6Config *config;
  Mip6MnStatus *mn;
  Mip6HaStatus *ha;
  Mip6Authority *authority;
  Mip6DbusDaemon *daemon;
  GDBusObjectManagerServer *manager;
  Mip6ReloadFunc reload;
  gpointer reload_data;
};

/* Reload */

static void
do_reload (GDBusMethodInvocation *invocation, gpointer user_data)
{
  Mip6Service *service = user_data;
  g_autoptr (GError) error = NULL;

  if (service->reload == NULL)
    g_dbus_method_invocation_return_error (invocation, MIP6_ERROR, MIP6_ERROR_NOT_SUPPORTED,
                                           _ ("This mip6d cannot reload its configuration"));
  else if (!service->reload (service->reload_data, &error))
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    mip6_dbus_daemon_complete_reload (service->daemon, invocation);
}

static gboolean
handle_reload (Mip6DbusDaemon *object, GDBusMethodInvocation *invocation, gpointer user_data)
{
  Mip6Service *service = user_data;
  mip6_authority_check (service->authority, invocation, do_reload, service);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* Mobile node */

static void
do_reregister (GDBusMethodInvocation *invocation, gpointer user_data)
{
  Mip6Service *service = user_data;
  g_autoptr (GError) error = NULL;

  if (!mip6_mn_status_reregister (service->mn, &error))
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    mip6_dbus_mobile_node_complete_reregister (mip6_mn_status_get_skeleton (service->mn),
                                               invocation);
}

static gboolean
handle_reregister (Mip6DbusMobileNode *object, GDBusMethodInvocation *invocation,
                   gpointer user_data)
{
  Mip6Service *service = user_data;
  mip6_authority_check (service->authority, invocation, do_reregister, service);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
do_roam (GDBusMethodInvocation *invocation, gpointer user_data)
{
  Mip6Service *service = user_data;
  g_autoptr (GError) error = NULL;
  const char *essid = NULL;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(&s)", &essid);
  /* IEEE 802.11: an SSID is 0 to 32 octets; an empty one cannot be chosen. */
  if (*essid == '\0' || strlen (essid) > 32)
    g_set_error (&error, MIP6_ERROR, MIP6_ERROR_INVALID_ARGUMENT,
                 _ ("'%s' is not an ESSID: give 1 to 32 bytes"), essid);
  else if (mip6_config_find_network (service->config, essid) == NULL)
    g_set_error (&error, MIP6_ERROR, MIP6_ERROR_UNKNOWN_NETWORK,
                 _ ("No network '%s' is configured: add a [network %s] group to %s"), essid, essid,
                 service->config->path);
  else
    mip6_mn_status_roam (service->mn, essid, &error);
  if (error)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    mip6_dbus_mobile_node_complete_roam (mip6_mn_status_get_skeleton (service->mn), invocation);
}

static gboolean
handle_roam (Mip6DbusMobileNode *object, GDBusMethodInvocation *invocation, const char *essid,
             gpointer user_data)
{
  Mip6Service *service = user_data;
  mip6_authority_check (service->authority, invocation, do_roam, service);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
do_get_networks (GDBusMethodInvocation *invocation, gpointer user_data)
{
  Mip6Service *service = user_data;
  g_autoptr (GVariant) list = mip6_mn_status_networks (service->mn);
  mip6_dbus_mobile_node_complete_get_networks (mip6_mn_status_get_skeleton (service->mn),
                                               invocation, list);
}

static void
do_network_event (GDBusMethodInvocation *invocation, gpointer user_data)
{
  Mip6Service *service = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariantIter) iter = NULL;
  g_autoptr (GHashTable) details = g_hash_table_new (g_str_hash, g_str_equal);
  const char *interface = NULL, *action = NULL, *key, *value;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(&s&sa{ss})", &interface,
                 &action, &iter);
  while (g_variant_iter_next (iter, "{&s&s}", &key, &value))
    g_hash_table_insert (details, (gpointer) key, (gpointer) value);
  if (!mip6_mn_status_network_event (service->mn, interface, action, details, &error))
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    mip6_dbus_mobile_node_complete_network_event (mip6_mn_status_get_skeleton (service->mn),
                                                  invocation);
}

static gboolean
handle_network_event (Mip6DbusMobileNode *object, GDBusMethodInvocation *invocation,
                      const char *interface, const char *action, GVariant *details,
                      gpointer user_data)
{
  Mip6Service *service = user_data;
  mip6_authority_check (service->authority, invocation, do_network_event, service);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_networks (Mip6DbusMobileNode *object, GDBusMethodInvocation *invocation,
                     gpointer user_data)
{
  Mip6Service *service = user_data;
  mip6_authority_check (service->authority, invocation, do_get_networks, service);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
do_get_bul (GDBusMethodInvocation *invocation, gpointer user_data)
{
  Mip6Service *service = user_data;
  mip6_dbus_mobile_node_complete_get_binding_update_list (
      mip6_mn_status_get_skeleton (service->mn), invocation,
      mip6_mn_status_binding_update_list (service->mn));
}

static gboolean
handle_get_bul (Mip6DbusMobileNode *object, GDBusMethodInvocation *invocation, gpointer user_data)
{
  Mip6Service *service = user_data;
  mip6_authority_check (service->authority, invocation, do_get_bul, service);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
do_get_mn_statistics (GDBusMethodInvocation *invocation, gpointer user_data)
{
  Mip6Service *service = user_data;
  mip6_dbus_mobile_node_complete_get_statistics (mip6_mn_status_get_skeleton (service->mn),
                                                 invocation,
                                                 mip6_mn_status_statistics (service->mn));
}

static gboolean
handle_get_mn_statistics (Mip6DbusMobileNode *object, GDBusMethodInvocation *invocation,
                          gpointer user_data)
{
  Mip6Service *service = user_data;
  mip6_authority_check (service->authority, invocation, do_get_mn_statistics, service);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* Home agent */

static void
do_get_ha_statistics (GDBusMethodInvocation *invocation, gpointer user_data)
{
  Mip6Service *service = user_data;
  mip6_dbus_home_agent_complete_get_statistics (mip6_ha_status_get_skeleton (service->ha),
                                                invocation,
                                                mip6_ha_status_statistics (service->ha));
}

static gboolean
handle_get_ha_statistics (Mip6DbusHomeAgent *object, GDBusMethodInvocation *invocation,
                          gpointer user_data)
{
  Mip6Service *service = user_data;
  mip6_authority_check (service->authority, invocation, do_get_ha_statistics, service);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
do_get_bc (GDBusMethodInvocation *invocation, gpointer user_data)
{
  Mip6Service *service = user_data;
  mip6_dbus_home_agent_complete_get_binding_cache (mip6_ha_status_get_skeleton (service->ha),
                                                   invocation,
                                                   mip6_ha_status_binding_cache (service->ha));
}

static gboolean
handle_get_bc (Mip6DbusHomeAgent *object, GDBusMethodInvocation *invocation, gpointer user_data)
{
  Mip6Service *service = user_data;
  mip6_authority_check (service->authority, invocation, do_get_bc, service);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

Mip6Service *
mip6_service_new (const Mip6Config *config, Mip6MnStatus *mn, Mip6HaStatus *ha,
                  Mip6Authority *authority)
{
  Mip6Service *service = g_new0 (Mip6Service, 1);

  g_return_val_if_fail ((mn == NULL) != (ha == NULL), NULL);
  service->mn = mn;
  service->ha = ha;
  service->authority = authority;
  service->daemon = mip6_dbus_daemon_skeleton_new ();
  mip6_dbus_daemon_set_version (service->daemon, PACKAGE_VERSION);
  mip6_dbus_daemon_set_role (service->daemon, mip6_role_to_string (config->role));
  mip6_service_set_config (service, config);
  g_signal_connect (service->daemon, "handle-reload", G_CALLBACK (handle_reload), service);
  if (mn)
    {
      Mip6DbusMobileNode *s = mip6_mn_status_get_skeleton (mn);
      g_signal_connect (s, "handle-reregister", G_CALLBACK (handle_reregister), service);
      g_signal_connect (s, "handle-roam", G_CALLBACK (handle_roam), service);
      g_signal_connect (s, "handle-get-networks", G_CALLBACK (handle_get_networks), service);
      g_signal_connect (s, "handle-network-event", G_CALLBACK (handle_network_event), service);
      g_signal_connect (s, "handle-get-binding-update-list", G_CALLBACK (handle_get_bul), service);
      g_signal_connect (s, "handle-get-statistics", G_CALLBACK (handle_get_mn_statistics), service);
    }
  else
    {
      Mip6DbusHomeAgent *s = mip6_ha_status_get_skeleton (ha);
      g_signal_connect (s, "handle-get-binding-cache", G_CALLBACK (handle_get_bc), service);
      g_signal_connect (s, "handle-get-statistics", G_CALLBACK (handle_get_ha_statistics), service);
    }
  return service;
}

void
mip6_service_free (Mip6Service *service)
{
  if (service == NULL)
    return;
  if (service->mn)
    g_signal_handlers_disconnect_by_data (mip6_mn_status_get_skeleton (service->mn), service);
  if (service->ha)
    g_signal_handlers_disconnect_by_data (mip6_ha_status_get_skeleton (service->ha), service);
  if (service->mn)
    mip6_mn_status_set_object_manager (service->mn, NULL);
  if (service->ha)
    mip6_ha_status_set_object_manager (service->ha, NULL);
  if (service->manager)
    {
      g_dbus_object_manager_server_set_connection (service->manager, NULL);
      g_object_unref (service->manager);
    }
  g_object_unref (service->daemon);
  g_free (service);
}

void
mip6_service_set_reload_func (Mip6Service *service, Mip6ReloadFunc func, gpointer user_data)
{
  service->reload = func;
  service->reload_data = user_data;
}

void
mip6_service_set_config (Mip6Service *service, const Mip6Config *config)
{
  service->config = config;
  mip6_dbus_daemon_set_config_file (service->daemon, config->path);
}

static void
export_object (GDBusObjectManagerServer *manager, const char *path, gpointer skeleton)
{
  g_autoptr (GDBusObjectSkeleton) object = g_dbus_object_skeleton_new (path);
  g_dbus_object_skeleton_add_interface (object, G_DBUS_INTERFACE_SKELETON (skeleton));
  g_dbus_object_manager_server_export (manager, object);
}

void
mip6_service_export (Mip6Service *service, GDBusConnection *connection)
{
  service->manager = g_dbus_object_manager_server_new (MIP6_DBUS_PATH);
  export_object (service->manager, MIP6_DBUS_PATH_DAEMON, service->daemon);
  if (service->mn)
    {
      export_object (service->manager, MIP6_DBUS_PATH_MOBILE_NODE,
                     mip6_mn_status_get_skeleton (service->mn));
      mip6_mn_status_set_object_manager (service->mn, service->manager);
    }
  else
    {
      export_object (service->manager, MIP6_DBUS_PATH_HOME_AGENT,
                     mip6_ha_status_get_skeleton (service->ha));
      mip6_ha_status_set_object_manager (service->ha, service->manager);
    }
  g_dbus_object_manager_server_set_connection (service->manager, connection);
}
