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
      g_print (_ ("No networks known; add [network ESSID] groups to mip6d.conf, or start "
                  "NetworkManager to see the networks around.\n"));
      return MIP6CTL_EXIT_OK;
    }
  g_ptr_array_add (
      rows, g_strsplit (_ ("  ESSID|SECURITY|HOME|PRIORITY|VISIBLE|SIGNAL|INTERFACE"), "|", -1));
  for (gsize i = 0; i < g_variant_n_children (nets); i++)
    {
      g_autoptr (GVariant) n = g_variant_get_child_value (nets, i);
      gboolean home = FALSE, visible = FALSE, current = FALSE;
      gint32 priority = 0;
      guint8 signal = 0;
      char **row = g_new0 (char *, 8);
      const char *name = NULL;

      /* An absent key is not known: shown as "-". */
      gboolean has_home = g_variant_lookup (n, "home", "b", &home);
      gboolean has_visible = g_variant_lookup (n, "visible", "b", &visible);
      gboolean has_priority = g_variant_lookup (n, "priority", "i", &priority);
      gboolean has_signal = g_variant_lookup (n, "signal", "y", &signal);
      g_variant_lookup (n, "current", "b", &current);
      g_variant_lookup (n, "name", "&s", &name);
      const char *essid = mip6ctl_lookup_string (n, "essid");
      row[0] = name && !g_str_equal (name, essid)
                   ? g_strdup_printf ("%s %s (%s)", current ? "*" : " ", essid, name)
                   : g_strdup_printf ("%s %s", current ? "*" : " ", essid);
      row[1] = g_strdup (
          *mip6ctl_lookup_string (n, "security") ? mip6ctl_lookup_string (n, "security") : "-");
      row[2] = g_strdup (!has_home ? "-" : home ? _ ("yes") : _ ("no"));
      row[3] = has_priority ? g_strdup_printf ("%d", priority) : g_strdup ("-");
      row[4] = g_strdup (!has_visible ? "-" : visible ? _ ("yes") : _ ("no"));
      row[5] = has_signal ? g_strdup_printf ("%u%%", signal) : g_strdup ("-");
      row[6] = g_strdup (
          *mip6ctl_lookup_string (n, "interface") ? mip6ctl_lookup_string (n, "interface") : "-");
      g_ptr_array_add (rows, row);
    }
  mip6ctl_print_table (ctl, rows);
  return MIP6CTL_EXIT_OK;
}
