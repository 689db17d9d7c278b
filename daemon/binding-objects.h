/* binding-objects.h: bindings as D-Bus objects (org.mip6.Binding1), one per
 * binding update list or binding cache entry, announced by the object
 * manager. Used by mn-status.c and ha-status.c only. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _Mip6BindingObjects Mip6BindingObjects;

typedef struct
{
  const char *home_address;
  const char *care_of_address;
  const char *recipient; /* "" on the home agent */
  guint32 lifetime;
  guint64 expires; /* microseconds since the Unix epoch, 0 = unknown */
  guint16 sequence;
  const char *state;
} Mip6BindingFields;

/* base_path: "/org/mip6/MobileNode/Bindings" or "/org/mip6/HomeAgent/Bindings". */
Mip6BindingObjects *mip6_binding_objects_new (const char *base_path);
void mip6_binding_objects_free (Mip6BindingObjects *objects);

/* Exports every object there, now and from then on (NULL: unexport all). */
void mip6_binding_objects_set_manager (Mip6BindingObjects *objects,
                                       GDBusObjectManagerServer *manager);

/* Adds or updates the object for key; returns its object path. */
const char *mip6_binding_objects_update (Mip6BindingObjects *objects, const char *key,
                                         const Mip6BindingFields *fields);
gboolean mip6_binding_objects_remove (Mip6BindingObjects *objects, const char *key);
/* Removes every object whose key is not in keep (NULL-terminated). */
void mip6_binding_objects_retain (Mip6BindingObjects *objects, const char *const *keep);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6BindingObjects, mip6_binding_objects_free)

G_END_DECLS
