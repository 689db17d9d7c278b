/* binding-objects.c: one GDBusObjectSkeleton per binding, keyed by the
 * caller (home address, and recipient on the mobile node). */
#include "binding-objects.h"

#include "dbus-signal.h"
#include "mip6-dbus-generated.h"

struct _Mip6BindingObjects
{
  char *base_path;
  guint next_id;
  GHashTable *by_key; /* key -> GDBusObjectSkeleton */
  GDBusObjectManagerServer *manager;
};

Mip6BindingObjects *
mip6_binding_objects_new (const char *base_path)
{
  Mip6BindingObjects *objects = g_new0 (Mip6BindingObjects, 1);

  objects->base_path = g_strdup (base_path);
  objects->next_id = 1;
  objects->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  return objects;
}

void
mip6_binding_objects_free (Mip6BindingObjects *objects)
{
  if (objects == NULL)
    return;
  mip6_binding_objects_set_manager (objects, NULL);
  g_hash_table_unref (objects->by_key);
  g_free (objects->base_path);
  g_free (objects);
}

void
mip6_binding_objects_set_manager (Mip6BindingObjects *objects, GDBusObjectManagerServer *manager)
{
  GHashTableIter iter;
  gpointer object;

  if (objects->manager == manager)
    return;
  g_hash_table_iter_init (&iter, objects->by_key);
  while (g_hash_table_iter_next (&iter, NULL, &object))
    {
      if (objects->manager)
        g_dbus_object_manager_server_unexport (
            objects->manager, g_dbus_object_get_object_path (G_DBUS_OBJECT (object)));
      if (manager)
        g_dbus_object_manager_server_export (manager, G_DBUS_OBJECT_SKELETON (object));
    }
  g_set_object (&objects->manager, manager);
}

static void
set_string (Mip6DbusBinding *b, const char *(*get) (Mip6DbusBinding *),
            void (*set) (Mip6DbusBinding *, const char *), const char *value)
{
  if (g_strcmp0 (get (b), value ? value : "") != 0)
    set (b, value ? value : "");
}

const char *
mip6_binding_objects_update (Mip6BindingObjects *objects, const char *key,
                             const Mip6BindingFields *f)
{
  GDBusObjectSkeleton *object = g_hash_table_lookup (objects->by_key, key);
  g_autoptr (Mip6DbusBinding) binding = NULL;
  gboolean is_new = object == NULL;

  if (is_new)
    {
      g_autofree char *path = g_strdup_printf ("%s/%u", objects->base_path, objects->next_id++);
      object = g_dbus_object_skeleton_new (path);
      binding = mip6_dbus_binding_skeleton_new ();
      g_dbus_object_skeleton_add_interface (object, G_DBUS_INTERFACE_SKELETON (binding));
      g_hash_table_insert (objects->by_key, g_strdup (key), object);
    }
  else
    binding = MIP6_DBUS_BINDING (
        g_dbus_object_get_interface (G_DBUS_OBJECT (object), "org.mip6.Binding1"));

  set_string (binding, mip6_dbus_binding_get_home_address, mip6_dbus_binding_set_home_address,
              f->home_address);
  set_string (binding, mip6_dbus_binding_get_care_of_address, mip6_dbus_binding_set_care_of_address,
              f->care_of_address);
  set_string (binding, mip6_dbus_binding_get_recipient, mip6_dbus_binding_set_recipient,
              f->recipient);
  set_string (binding, mip6_dbus_binding_get_state, mip6_dbus_binding_set_state, f->state);
  if (mip6_dbus_binding_get_lifetime (binding) != f->lifetime)
    mip6_dbus_binding_set_lifetime (binding, f->lifetime);
  if (mip6_dbus_binding_get_expires (binding) != f->expires)
    mip6_dbus_binding_set_expires (binding, f->expires);
  if (mip6_dbus_binding_get_sequence (binding) != f->sequence)
    mip6_dbus_binding_set_sequence (binding, f->sequence);

  /* Exported once its properties are set, so InterfacesAdded carries them. */
  if (is_new && objects->manager)
    g_dbus_object_manager_server_export (objects->manager, object);
  /* The caller's signal about this binding (BindingUpdated) follows. */
  mip6_dbus_before_signal (binding);
  return g_dbus_object_get_object_path (G_DBUS_OBJECT (object));
}

gboolean
mip6_binding_objects_remove (Mip6BindingObjects *objects, const char *key)
{
  GDBusObject *object = g_hash_table_lookup (objects->by_key, key);

  if (object == NULL)
    return FALSE;
  if (objects->manager)
    g_dbus_object_manager_server_unexport (objects->manager,
                                           g_dbus_object_get_object_path (object));
  g_hash_table_remove (objects->by_key, key);
  return TRUE;
}

void
mip6_binding_objects_retain (Mip6BindingObjects *objects, const char *const *keep)
{
  g_autofree gpointer *keys = NULL;
  guint n = 0;

  keys = g_hash_table_get_keys_as_array (objects->by_key, &n);
  for (guint i = 0; i < n; i++)
    {
      /* Removing frees the key: take a copy first. */
      g_autofree char *key = g_strdup (keys[i]);
      if (!g_strv_contains (keep, key))
        mip6_binding_objects_remove (objects, key);
    }
}
