/* mip6ctl bul: the binding update list (mipdiag -l). */
#include "config.h"

#include <glib/gi18n.h>

#include "mip6ctl.h"

int
mip6ctl_bul (Mip6Ctl *ctl, int argc, char **argv)
{
  static const char *const columns[] = {
    "recipient",       N_ ("RECIPIENT"),       "home_address", N_ ("HOME ADDRESS"),
    "care_of_address", N_ ("CARE-OF ADDRESS"), "lifetime",     N_ ("LIFETIME"),
    "expires",         N_ ("EXPIRES"),         "sequence",     N_ ("SEQ"),
    "state",           N_ ("STATE"),
  };
  g_autoptr (Mip6DbusMobileNode) mn = mip6ctl_mobile_node (ctl);
  g_autoptr (GVariant) entries = NULL;
  g_autoptr (GError) error = NULL;

  if (mn == NULL)
    return MIP6CTL_EXIT_FAILED;
  if (!mip6_dbus_mobile_node_call_get_binding_update_list_sync (mn, &entries, NULL, &error))
    return mip6ctl_error (ctl, _ ("cannot read the binding update list"), error);
  entries = mip6ctl_entries_for_output (g_steal_pointer (&entries));
  if (ctl->json)
    mip6ctl_print_json (g_variant_ref (entries));
  else if (g_variant_n_children (entries) == 0)
    g_print (_ ("The binding update list is empty (no binding with a home agent).\n"));
  else
    mip6ctl_print_entries (ctl, entries, columns, G_N_ELEMENTS (columns) / 2);
  return MIP6CTL_EXIT_OK;
}
