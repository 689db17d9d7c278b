/* mip6ctl reregister: a fresh Binding Update now (polkit
 * org.mip6.reregister). */
#include "config.h"

#include <glib/gi18n.h>

#include "mip6ctl.h"

int
mip6ctl_reregister (Mip6Ctl *ctl, int argc, char **argv)
{
  g_autoptr (Mip6DbusMobileNode) mn = mip6ctl_mobile_node (ctl);
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;

  if (mn == NULL)
    return MIP6CTL_EXIT_FAILED;
  reply = g_dbus_proxy_call_sync (G_DBUS_PROXY (mn), "Reregister", NULL,
                                  G_DBUS_CALL_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION, 120 * 1000,
                                  NULL, &error);
  if (reply == NULL)
    return mip6ctl_error (ctl, _ ("cannot re-register"), error);
  if (ctl->json)
    {
      GVariantBuilder b;
      g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&b, "{sv}", "requested", g_variant_new_boolean (TRUE));
      mip6ctl_print_json (g_variant_builder_end (&b));
    }
  else
    g_print (_ ("Binding Update sent to the home agent.\n"));
  return MIP6CTL_EXIT_OK;
}
