/* mip6ctl bc: the home agent's binding cache (mipdiag -c). */
#include "config.h"

#include <glib/gi18n.h>

#include "mip6ctl.h"

int
mip6ctl_bc (Mip6Ctl *ctl, int argc, char **argv)
{
  static const char *const columns[] = {
    "home_address", N_ ("HOME ADDRESS"), "care_of_address", N_ ("CARE-OF ADDRESS"),
    "lifetime",     N_ ("LIFETIME"),     "expires",         N_ ("EXPIRES"),
    "sequence",     N_ ("SEQ"),          "state",           N_ ("STATE"),
  };
  g_autoptr (Mip6DbusHomeAgent) ha = mip6ctl_home_agent (ctl);
  g_autoptr (GVariant) entries = NULL;
  g_autoptr (GError) error = NULL;

  if (ha == NULL)
    return MIP6CTL_EXIT_FAILED;
  if (!mip6_dbus_home_agent_call_get_binding_cache_sync (ha, &entries, NULL, &error))
    return mip6ctl_error (ctl, _ ("cannot read the binding cache"), error);
  entries = mip6ctl_entries_for_output (g_steal_pointer (&entries));
  if (ctl->json)
    mip6ctl_print_json (g_variant_ref (entries));
  else if (g_variant_n_children (entries) == 0)
    g_print (_ ("The binding cache is empty (no mobile node is registered).\n"));
  else
    mip6ctl_print_entries (ctl, entries, columns, G_N_ELEMENTS (columns) / 2);
  return MIP6CTL_EXIT_OK;
}
