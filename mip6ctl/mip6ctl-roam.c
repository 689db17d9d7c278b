/* mip6ctl roam ESSID: move to another wireless network (polkit
 * org.mip6.roam). */
#include "config.h"

#include <glib/gi18n.h>

#include "mip6ctl.h"

int
mip6ctl_roam (Mip6Ctl *ctl, int argc, char **argv)
{
  g_autoptr (Mip6DbusMobileNode) mn = mip6ctl_mobile_node (ctl);
  g_autoptr (GError) error = NULL;
  g_autofree char *what = NULL;
  g_autoptr (GVariant) reply = NULL;

  if (mn == NULL)
    return MIP6CTL_EXIT_FAILED;
  /* Let polkit ask for a password when an agent is there. */
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (mn), 120 * 1000);
  reply =
      g_dbus_proxy_call_sync (G_DBUS_PROXY (mn), "Roam", g_variant_new ("(s)", argv[1]),
                              G_DBUS_CALL_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION, -1, NULL, &error);
  if (reply == NULL)
    {
      what = g_strdup_printf (_ ("cannot roam to '%s'"), argv[1]);
      return mip6ctl_error (ctl, what, error);
    }
  if (ctl->json)
    {
      GVariantBuilder b;
      g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&b, "{sv}", "essid", g_variant_new_string (argv[1]));
      g_variant_builder_add (&b, "{sv}", "requested", g_variant_new_boolean (TRUE));
      mip6ctl_print_json (g_variant_builder_end (&b));
    }
  else
    g_print (_ ("Roaming to '%s'; mip6ctl monitor shows the handover.\n"), argv[1]);
  return MIP6CTL_EXIT_OK;
}
