/* ha-status.c: the home agent's state on org.mip6.HomeAgent1. */
#include "ha-status.h"

#include <arpa/inet.h>
#include <string.h>

#include "binding-objects.h"
#include "dbus-signal.h"
#include "wall-clock.h"
#include "mip6-names.h"

struct _Mip6HaStatus
{
  Mip6DbusHomeAgent *skeleton;
  Mip6Statistics *stats;
  GArray *cache; /* Mip6BcEntryInfo, state interned */
  Mip6BindingObjects *objects;
};

/* Compare first: the generated setters notify even on equal values. */
#define SET_STRING(status, prop, value)                                                            \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (g_strcmp0 (mip6_dbus_home_agent_get_##prop ((status)->skeleton), (value)) != 0)            \
      mip6_dbus_home_agent_set_##prop ((status)->skeleton, (value));                               \
  }                                                                                                \
  G_STMT_END

static char *
addr_string (const struct in6_addr *a)
{
  char buf[INET6_ADDRSTRLEN];
  inet_ntop (AF_INET6, a, buf, sizeof buf);
  return g_strdup (buf);
}

Mip6HaStatus *
mip6_ha_status_new (const Mip6Config *config, Mip6Statistics *stats)
{
  Mip6HaStatus *status = g_new0 (Mip6HaStatus, 1);

  status->skeleton = mip6_dbus_home_agent_skeleton_new ();
  status->stats = stats;
  status->cache = g_array_new (FALSE, TRUE, sizeof (Mip6BcEntryInfo));
  status->objects = mip6_binding_objects_new (MIP6_DBUS_PATH_HOME_AGENT "/Bindings");
  mip6_dbus_home_agent_set_role (status->skeleton, mip6_role_to_string (MIP6_ROLE_HOME_AGENT));
  mip6_ha_status_apply_config (status, config);
  return status;
}

void
mip6_ha_status_free (Mip6HaStatus *status)
{
  if (status == NULL)
    return;
  g_object_unref (status->skeleton);
  g_array_unref (status->cache);
  mip6_binding_objects_free (status->objects);
  g_free (status);
}

Mip6DbusHomeAgent *
mip6_ha_status_get_skeleton (Mip6HaStatus *status)
{
  return status->skeleton;
}

void
mip6_ha_status_set_object_manager (Mip6HaStatus *status, GDBusObjectManagerServer *manager)
{
  mip6_binding_objects_set_manager (status->objects, manager);
}

void
mip6_ha_status_apply_config (Mip6HaStatus *status, const Mip6Config *config)
{
  g_autofree char *prefix = mip6_config_dup_home_prefix (config);
  g_autofree char *address = mip6_config_dup_home_agent (config);

  SET_STRING (status, interface, config->interface);
  SET_STRING (status, home_prefix, prefix);
  SET_STRING (status, address, address);
  if (mip6_dbus_home_agent_get_max_binding_lifetime (status->skeleton) != config->binding_lifetime)
    mip6_dbus_home_agent_set_max_binding_lifetime (status->skeleton, config->binding_lifetime);
  if (config->datapath != MIP6_DATAPATH_AUTO ||
      mip6_dbus_home_agent_get_datapath (status->skeleton) == NULL)
    mip6_ha_status_set_datapath (status, config->datapath);
}

void
mip6_ha_status_set_datapath (Mip6HaStatus *status, Mip6Datapath datapath)
{
  SET_STRING (status, datapath, mip6_datapath_to_string (datapath));
}

static GVariant *
entry_to_variant (const Mip6BcEntryInfo *e)
{
  g_autofree char *hoa = addr_string (&e->home_address);
  g_autofree char *coa = addr_string (&e->care_of_address);
  GVariantBuilder d;

  g_variant_builder_init (&d, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&d, "{sv}", "home_address", g_variant_new_string (hoa));
  g_variant_builder_add (&d, "{sv}", "care_of_address", g_variant_new_string (coa));
  g_variant_builder_add (&d, "{sv}", "lifetime", g_variant_new_uint32 (e->lifetime));
  g_variant_builder_add (&d, "{sv}", "expires",
                         g_variant_new_uint64 (mip6_wall_clock_us (e->expires_at)));
  g_variant_builder_add (&d, "{sv}", "sequence", g_variant_new_uint16 (e->sequence));
  g_variant_builder_add (&d, "{sv}", "state", g_variant_new_string (e->state));
  return g_variant_builder_end (&d);
}

static gint
find (Mip6HaStatus *status, const struct in6_addr *hoa)
{
  for (guint i = 0; i < status->cache->len; i++)
    if (memcmp (&g_array_index (status->cache, Mip6BcEntryInfo, i).home_address, hoa,
                sizeof *hoa) == 0)
      return (gint) i;
  return -1;
}

static gboolean
same_entry (const Mip6BcEntryInfo *a, const Mip6BcEntryInfo *b)
{
  return memcmp (&a->home_address, &b->home_address, sizeof a->home_address) == 0 &&
         memcmp (&a->care_of_address, &b->care_of_address, sizeof a->care_of_address) == 0 &&
         a->lifetime == b->lifetime && a->expires_at == b->expires_at &&
         a->sequence == b->sequence && a->state == b->state;
}

void
mip6_ha_status_binding_set (Mip6HaStatus *status, const Mip6BcEntryInfo *entry, gint64 now)
{
  Mip6BcEntryInfo e = *entry;
  gint i = find (status, &entry->home_address);
  g_autofree char *hoa = addr_string (&entry->home_address);
  g_autofree char *coa = addr_string (&entry->care_of_address);
  Mip6BindingFields f = { hoa,        coa, "", e.lifetime, mip6_wall_clock_us (e.expires_at),
                          e.sequence, NULL };

  e.state = g_intern_string (e.state ? e.state : "registered");
  f.state = e.state;
  /* One BindingUpdated per real change: the engine reports its whole
   * cache whenever any entry changes. States are interned, so comparing
   * the pointers compares the strings. */
  if (i >= 0 && same_entry (&g_array_index (status->cache, Mip6BcEntryInfo, i), &e))
    return;
  mip6_binding_objects_update (status->objects, hoa, &f);
  if (i >= 0)
    {
      g_array_index (status->cache, Mip6BcEntryInfo, i) = e;
      mip6_dbus_before_signal (status->skeleton);
      mip6_dbus_home_agent_emit_binding_updated (status->skeleton, entry_to_variant (&e));
      return;
    }
  g_array_append_val (status->cache, e);
  mip6_dbus_home_agent_set_binding_count (status->skeleton, status->cache->len);
  mip6_dbus_before_signal (status->skeleton);
  mip6_dbus_home_agent_emit_binding_added (status->skeleton, entry_to_variant (&e));
}

gboolean
mip6_ha_status_binding_remove (Mip6HaStatus *status, const struct in6_addr *home_address,
                               const char *reason)
{
  gint i = find (status, home_address);
  g_autofree char *hoa = NULL;

  if (i < 0)
    return FALSE;
  g_array_remove_index (status->cache, (guint) i);
  hoa = addr_string (home_address);
  mip6_binding_objects_remove (status->objects, hoa);
  mip6_dbus_home_agent_set_binding_count (status->skeleton, status->cache->len);
  mip6_dbus_before_signal (status->skeleton);
  mip6_dbus_home_agent_emit_binding_removed (status->skeleton, hoa, reason);
  return TRUE;
}

guint
mip6_ha_status_binding_count (Mip6HaStatus *status)
{
  return status->cache->len;
}

GVariant *
mip6_ha_status_binding_cache (Mip6HaStatus *status)
{
  GVariantBuilder list;

  g_variant_builder_init (&list, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < status->cache->len; i++)
    g_variant_builder_add_value (
        &list, entry_to_variant (&g_array_index (status->cache, Mip6BcEntryInfo, i)));
  return g_variant_builder_end (&list);
}

GVariant *
mip6_ha_status_statistics (Mip6HaStatus *status)
{
  return mip6_statistics_snapshot (status->stats);
}
