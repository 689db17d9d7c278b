/* mip6ctl networks: the networks mip6d knows. */
#include "config.h"

#include <glib/gi18n.h>

#include "mip6ctl.h"

int
mip6ctl_networks (Mip6Ctl *ctl, int argc, char **argv)
{
  g_autoptr (Mip6DbusMobileNode) mn = mip6ctl_mobile_node (ctl);
  g_autoptr (GVariant) nets = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (mn == NULL)
    return MIP6CTL_EXIT_FAILED;
  if (!mip6_dbus_mobile_node_call_get_networks_sync (mn, &nets, NULL, &error))
    return mip6ctl_error (ctl, _ ("cannot list the networks"), error);
  if (ctl->json)
    {
      mip6ctl_print_json (g_variant_ref (nets));
      return MIP6CTL_EXIT_OK;
    }
  if (g_variant_n_children (nets) == 0)
    {
      g_print (_ ("No networks known; add [network ESSID] groups to mip6d.conf.\n"));
      return MIP6CTL_EXIT_OK;
    }
  g_ptr_array_add (rows, g_strsplit (_ ("  ESSID|SECURITY|HOME|VISIBLE|SIGNAL"), "|", -1));
  for (gsize i = 0; i < g_variant_n_children (nets); i++)
    {
      g_autoptr (GVariant) n = g_variant_get_child_value (nets, i);
      gboolean home = FALSE, visible = FALSE, current = FALSE;
      guint8 signal = 0;
      char **row = g_new0 (char *, 6);

      g_variant_lookup (n, "home", "b", &home);
      g_variant_lookup (n, "visible", "b", &visible);
      g_variant_lookup (n, "current", "b", &current);
      g_variant_lookup (n, "signal", "y", &signal);
      row[0] = g_strdup_printf ("%s %s", current ? "*" : " ", mip6ctl_lookup_string (n, "essid"));
      row[1] = g_strdup (mip6ctl_lookup_string (n, "security"));
      row[2] = g_strdup (home ? _ ("yes") : _ ("no"));
      row[3] = g_strdup (visible ? _ ("yes") : _ ("no"));
      row[4] = visible ? g_strdup_printf ("%u%%", signal) : g_strdup ("-");
      g_ptr_array_add (rows, row);
    }
  mip6ctl_print_table (ctl, rows);
  return MIP6CTL_EXIT_OK;
}
