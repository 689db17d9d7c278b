/* mip6ctl reload: make mip6d read its configuration again (polkit
 * org.mip6.configure). */
#include "config.h"

#include <glib/gi18n.h>

#include "mip6-names.h"
#include "mip6ctl.h"

int
mip6ctl_reload (Mip6Ctl *ctl, int argc, char **argv)
{
  g_autoptr (Mip6DbusDaemon) daemon = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;

  daemon = mip6_dbus_daemon_proxy_new_sync (ctl->bus, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                                            MIP6_DBUS_NAME, MIP6_DBUS_PATH_DAEMON, NULL, &error);
  if (daemon == NULL ||
      (reply = g_dbus_proxy_call_sync (G_DBUS_PROXY (daemon), "Reload", NULL,
                                       G_DBUS_CALL_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION,
                                       120 * 1000, NULL, &error)) == NULL)
    return mip6ctl_error (ctl, _ ("cannot reload the configuration"), error);
  if (ctl->json)
    {
      GVariantBuilder b;
      g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&b, "{sv}", "config_file",
                             g_variant_new_string (mip6_dbus_daemon_get_config_file (daemon)));
      g_variant_builder_add (&b, "{sv}", "reloaded", g_variant_new_boolean (TRUE));
      mip6ctl_print_json (g_variant_builder_end (&b));
    }
  else
    g_print (_ ("Configuration reloaded from %s.\n"), mip6_dbus_daemon_get_config_file (daemon));
  return MIP6CTL_EXIT_OK;
}
