/* mn-status.c: the mobile node's state on org.mip6.MobileNode1. */
#include "config.h"
#include "mn-status.h"

#include <arpa/inet.h>
#include <glib/gi18n.h>

#include "binding-objects.h"
#include "dbus-signal.h"
#include "wall-clock.h"
#include "mip6-error.h"
#include "mip6-names.h"
#include "network-list.h"

struct _Mip6MnStatus
{
  Mip6DbusMobileNode *skeleton;
  Mip6Statistics *stats;
  GArray *bul; /* Mip6BulEntryInfo, state interned */
  Mip6BindingObjects *objects;
  const Mip6MnActions *actions;
  gpointer actions_data;
  const Mip6Config *config;
  GVariant *networks; /* NULL until an engine publishes */
};

/* The generated setters notify GObject listeners even when the value is the
 * same (PropertiesChanged is already guarded); compare first so every
 * listener sees exactly one change per change. */
#define SET_STRING(status, prop, value)                                                            \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (g_strcmp0 (mip6_dbus_mobile_node_get_##prop ((status)->skeleton), (value)) != 0)           \
      mip6_dbus_mobile_node_set_##prop ((status)->skeleton, (value));                              \
  }                                                                                                \
  G_STMT_END
#define SET_NUMBER(status, prop, value)                                                            \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (mip6_dbus_mobile_node_get_##prop ((status)->skeleton) != (value))                          \
      mip6_dbus_mobile_node_set_##prop ((status)->skeleton, (value));                              \
  }                                                                                                \
  G_STMT_END

static char *
addr_string (const struct in6_addr *a)
{
  char buf[INET6_ADDRSTRLEN];
  inet_ntop (AF_INET6, a, buf, sizeof buf);
  return g_strdup (buf);
}

Mip6MnStatus *
mip6_mn_status_new (const Mip6Config *config, Mip6Statistics *stats)
{
  Mip6MnStatus *status = g_new0 (Mip6MnStatus, 1);

  status->skeleton = mip6_dbus_mobile_node_skeleton_new ();
  status->stats = stats;
  status->bul = g_array_new (FALSE, TRUE, sizeof (Mip6BulEntryInfo));
  status->objects = mip6_binding_objects_new (MIP6_DBUS_PATH_MOBILE_NODE "/Bindings");
  mip6_dbus_mobile_node_set_role (status->skeleton, mip6_role_to_string (MIP6_ROLE_MOBILE_NODE));
  mip6_dbus_mobile_node_set_state (status->skeleton,
                                   mip6_mn_state_to_string (MIP6_MN_STATE_DETACHED));
  mip6_dbus_mobile_node_set_care_of_address (status->skeleton, "");
  mip6_mn_status_set_state_reason (status, "", 0, "");
  mip6_dbus_mobile_node_set_can_roam (status->skeleton, FALSE);
  mip6_dbus_mobile_node_set_can_reregister (status->skeleton, FALSE);
  mip6_dbus_mobile_node_set_network (status->skeleton, "");
  mip6_dbus_mobile_node_set_interface (status->skeleton, "");
  mip6_dbus_mobile_node_set_last_handover (status->skeleton,
                                           g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
  mip6_mn_status_apply_config (status, config);
  return status;
}

void
mip6_mn_status_free (Mip6MnStatus *status)
{
  if (status == NULL)
    return;
  g_object_unref (status->skeleton);
  g_clear_pointer (&status->networks, g_variant_unref);
  g_array_unref (status->bul);
  mip6_binding_objects_free (status->objects);
  g_free (status);
}

Mip6DbusMobileNode *
mip6_mn_status_get_skeleton (Mip6MnStatus *status)
{
  return status->skeleton;
}

void
mip6_mn_status_set_object_manager (Mip6MnStatus *status, GDBusObjectManagerServer *manager)
{
  mip6_binding_objects_set_manager (status->objects, manager);
}

void
mip6_mn_status_apply_config (Mip6MnStatus *status, const Mip6Config *config)
{
  g_autofree char *hoa = mip6_config_dup_home_address (config);
  g_autofree char *ha = mip6_config_dup_home_agent (config);
  const char *current = mip6_dbus_mobile_node_get_datapath (status->skeleton);

  SET_STRING (status, home_address, hoa);
  SET_STRING (status, home_agent, ha);
  status->config = config;
  /* An explicit datapath wins; "auto" keeps what the probe found. */
  if (config->datapath != MIP6_DATAPATH_AUTO || current == NULL)
    mip6_mn_status_set_datapath (status, config->datapath);
}

void
mip6_mn_status_set_interface (Mip6MnStatus *status, const char *interface)
{
  SET_STRING (status, interface, interface ? interface : "");
}

void
mip6_mn_status_set_networks (Mip6MnStatus *status, GVariant *networks)
{
  GVariant *old = status->networks;
  gboolean changed = mip6_network_list_differs (old, networks);

  status->networks = g_variant_ref_sink (networks);
  if (old)
    g_variant_unref (old);
  if (changed)
    {
      mip6_dbus_before_signal (status->skeleton);
      mip6_dbus_mobile_node_emit_networks_changed (status->skeleton);
    }
}

GVariant *
mip6_mn_status_networks (Mip6MnStatus *status)
{
  if (status->networks)
    return g_variant_ref (status->networks);
  return g_variant_ref_sink (mip6_network_list_build (status->config->networks, NULL, NULL, NULL));
}

void
mip6_mn_status_set_home_agent (Mip6MnStatus *status, const struct in6_addr *home_agent)
{
  char buf[INET6_ADDRSTRLEN] = "";
  if (home_agent)
    inet_ntop (AF_INET6, home_agent, buf, sizeof buf);
  SET_STRING (status, home_agent, buf);
}

void
mip6_mn_status_set_state (Mip6MnStatus *status, Mip6MnState state)
{
  SET_STRING (status, state, mip6_mn_state_to_string (state));
}

void
mip6_mn_status_set_state_reason (Mip6MnStatus *status, const char *token, guint status_code,
                                 const char *sentence)
{
  g_autoptr (GVariant) value = g_variant_ref_sink (
      g_variant_new ("(sus)", token ? token : "", status_code, sentence ? sentence : ""));
  GVariant *current = mip6_dbus_mobile_node_get_state_reason (status->skeleton);
  /* Once per actual change, as every property here. */
  if (current == NULL || !g_variant_equal (current, value))
    mip6_dbus_mobile_node_set_state_reason (status->skeleton, value);
}

void
mip6_mn_status_set_can_roam (Mip6MnStatus *status, gboolean can)
{
  SET_NUMBER (status, can_roam, can);
}

void
mip6_mn_status_set_can_reregister (Mip6MnStatus *status, gboolean can)
{
  SET_NUMBER (status, can_reregister, can);
}

void
mip6_mn_status_set_care_of_address (Mip6MnStatus *status, const struct in6_addr *coa)
{
  g_autofree char *s = coa ? addr_string (coa) : g_strdup ("");
  SET_STRING (status, care_of_address, s);
}

void
mip6_mn_status_set_network (Mip6MnStatus *status, const char *essid)
{
  SET_STRING (status, network, essid ? essid : "");
}

void
mip6_mn_status_set_datapath (Mip6MnStatus *status, Mip6Datapath datapath)
{
  SET_STRING (status, datapath, mip6_datapath_to_string (datapath));
}

void
mip6_mn_status_set_binding_expires (Mip6MnStatus *status, gint64 expires_at)
{
  SET_NUMBER (status, binding_expires, mip6_wall_clock_us (expires_at));
}

void
mip6_mn_status_set_sequence (Mip6MnStatus *status, guint16 sequence)
{
  SET_NUMBER (status, sequence, sequence);
}

void
mip6_mn_status_set_binding_update_list (Mip6MnStatus *status, const Mip6BulEntryInfo *entries,
                                        guint n_entries)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  g_array_set_size (status->bul, 0);
  for (guint i = 0; i < n_entries; i++)
    {
      Mip6BulEntryInfo e = entries[i];
      g_autofree char *recipient = addr_string (&e.recipient);
      g_autofree char *hoa = addr_string (&e.home_address);
      g_autofree char *coa = addr_string (&e.care_of_address);
      Mip6BindingFields f = {
        hoa, coa, recipient, e.lifetime, mip6_wall_clock_us (e.expires_at), e.sequence, NULL
      };
      char *key = g_strconcat (recipient, " ", hoa, NULL);

      e.state = g_intern_string (e.state ? e.state : "registering");
      f.state = e.state;
      g_array_append_val (status->bul, e);
      mip6_binding_objects_update (status->objects, key, &f);
      g_ptr_array_add (keys, key);
    }
  g_ptr_array_add (keys, NULL);
  mip6_binding_objects_retain (status->objects, (const char *const *) keys->pdata);
}

GVariant *
mip6_mn_status_binding_update_list (Mip6MnStatus *status)
{
  GVariantBuilder list;

  g_variant_builder_init (&list, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < status->bul->len; i++)
    {
      const Mip6BulEntryInfo *e = &g_array_index (status->bul, Mip6BulEntryInfo, i);
      g_autofree char *recipient = addr_string (&e->recipient);
      g_autofree char *hoa = addr_string (&e->home_address);
      g_autofree char *coa = addr_string (&e->care_of_address);
      GVariantBuilder d;

      g_variant_builder_init (&d, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&d, "{sv}", "recipient", g_variant_new_string (recipient));
      g_variant_builder_add (&d, "{sv}", "home_address", g_variant_new_string (hoa));
      g_variant_builder_add (&d, "{sv}", "care_of_address", g_variant_new_string (coa));
      g_variant_builder_add (&d, "{sv}", "lifetime", g_variant_new_uint32 (e->lifetime));
      g_variant_builder_add (&d, "{sv}", "expires",
                             g_variant_new_uint64 (mip6_wall_clock_us (e->expires_at)));
      g_variant_builder_add (&d, "{sv}", "sequence", g_variant_new_uint16 (e->sequence));
      g_variant_builder_add (&d, "{sv}", "state", g_variant_new_string (e->state));
      g_variant_builder_add_value (&list, g_variant_builder_end (&d));
    }
  return g_variant_builder_end (&list);
}

GVariant *
mip6_mn_status_statistics (Mip6MnStatus *status)
{
  return mip6_statistics_snapshot (status->stats);
}

void
mip6_mn_status_handover_started (Mip6MnStatus *status, const Mip6Handover *handover)
{
  mip6_dbus_before_signal (status->skeleton);
  mip6_dbus_mobile_node_emit_handover_started (
      status->skeleton, mip6_handover_to_variant (handover, "started", NULL, NULL, 0));
}

void
mip6_mn_status_handover_completed (Mip6MnStatus *status, const Mip6Handover *handover)
{
  GVariant *v =
      g_variant_ref_sink (mip6_handover_to_variant (handover, "completed", NULL, NULL, 0));

  mip6_dbus_mobile_node_set_last_handover (status->skeleton, v);
  mip6_dbus_before_signal (status->skeleton);
  mip6_dbus_mobile_node_emit_handover_completed (status->skeleton, v);
  g_variant_unref (v);
}

void
mip6_mn_status_handover_failed (Mip6MnStatus *status, const Mip6Handover *handover,
                                const char *token, guint status_code, const char *reason)
{
  GVariant *v = g_variant_ref_sink (
      mip6_handover_to_variant (handover, "failed", reason, token, status_code));

  mip6_dbus_mobile_node_set_last_handover (status->skeleton, v);
  mip6_dbus_before_signal (status->skeleton);
  mip6_dbus_mobile_node_emit_handover_failed (status->skeleton, v, reason ? reason : "");
  g_variant_unref (v);
}

void
mip6_mn_status_registration_failed (Mip6MnStatus *status, const char *token, guint status_code,
                                    const char *sentence)
{
  mip6_dbus_before_signal (status->skeleton);
  mip6_dbus_mobile_node_emit_registration_failed (status->skeleton, token ? token : "", status_code,
                                                  sentence ? sentence : "");
}

void
mip6_mn_status_set_actions (Mip6MnStatus *status, const Mip6MnActions *actions, gpointer user_data)
{
  status->actions = actions;
  status->actions_data = user_data;
}

gboolean
mip6_mn_status_reregister (Mip6MnStatus *status, GError **error)
{
  Mip6MnState state = MIP6_MN_STATE_DETACHED;

  if (status->actions && status->actions->reregister)
    return status->actions->reregister (status->actions_data, error);
  mip6_mn_state_from_string (mip6_dbus_mobile_node_get_state (status->skeleton), &state);
  if (state == MIP6_MN_STATE_DETACHED || state == MIP6_MN_STATE_HOME)
    g_set_error (error, MIP6_ERROR, MIP6_ERROR_NOT_CONNECTED,
                 _ ("The mobile node is %s: there is no care-of address to register with the home "
                    "agent"),
                 mip6_mn_state_to_string (state));
  else
    g_set_error (
        error, MIP6_ERROR, MIP6_ERROR_NOT_SUPPORTED,
        _ ("This mip6d has no mobile node engine yet, so it cannot send a Binding Update"));
  return FALSE;
}

gboolean
mip6_mn_status_roam (Mip6MnStatus *status, const char *essid, GError **error)
{
  if (status->actions && status->actions->roam)
    return status->actions->roam (status->actions_data, essid, error);
  g_set_error (error, MIP6_ERROR, MIP6_ERROR_NOT_SUPPORTED,
               _ ("The mobile node engine is not running, so mip6d cannot move to '%s'"), essid);
  return FALSE;
}

gboolean
mip6_mn_status_network_event (Mip6MnStatus *status, const char *interface, const char *action,
                              GHashTable *details, GError **error)
{
  if (status->actions && status->actions->network_event)
    return status->actions->network_event (status->actions_data, interface, action, details, error);
  return TRUE; /* no engine: nothing watches an interface */
}
