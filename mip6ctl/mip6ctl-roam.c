/* mip6ctl roam NAME: move to another wireless network (polkit
 * org.mip6.roam) and report the handover that follows. */
#include "config.h"

#include <glib/gi18n.h>

#include "mip6ctl.h"

/* Joining a WPA network and registering takes seconds; a minute is
 * plenty on a slow access point. */
#define ROAM_WAIT_S 60

typedef struct
{
  GMainLoop *loop;
  GVariant *handover; /* the HandoverCompleted/Failed dictionary */
  char *failure;
} Wait;

static void
on_signal (GDBusProxy *proxy, const char *sender, const char *signal, GVariant *params,
           gpointer data)
{
  Wait *w = data;
  if (w->handover)
    return;
  if (g_str_equal (signal, "HandoverCompleted"))
    g_variant_get (params, "(@a{sv})", &w->handover);
  else if (g_str_equal (signal, "HandoverFailed"))
    g_variant_get (params, "(@a{sv}s)", &w->handover, &w->failure);
  else
    return;
  g_main_loop_quit (w->loop);
}

static gboolean
on_timeout (gpointer data)
{
  g_main_loop_quit (((Wait *) data)->loop);
  return G_SOURCE_REMOVE;
}

int
mip6ctl_roam (Mip6Ctl *ctl, int argc, char **argv)
{
  g_autoptr (Mip6DbusMobileNode) mn = mip6ctl_mobile_node (ctl);
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  Wait w = { 0 };

  if (mn == NULL)
    return MIP6CTL_EXIT_FAILED;
  /* Subscribed before asking, so a quick handover is not missed. */
  gulong id = g_signal_connect (mn, "g-signal", G_CALLBACK (on_signal), &w);
  /* Let polkit ask for a password when an agent is there. */
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (mn), 120 * 1000);
  reply =
      g_dbus_proxy_call_sync (G_DBUS_PROXY (mn), "Roam", g_variant_new ("(s)", argv[1]),
                              G_DBUS_CALL_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION, -1, NULL, &error);
  if (reply == NULL)
    {
      g_signal_handler_disconnect (mn, id);
      g_autofree char *what = g_strdup_printf (_ ("cannot roam to '%s'"), argv[1]);
      return mip6ctl_error (ctl, what, error);
    }
  if (!ctl->json)
    g_print (_ ("Joining '%s'…\n"), argv[1]);
  w.loop = g_main_loop_new (NULL, FALSE);
  guint timer = g_timeout_add_seconds (ROAM_WAIT_S, on_timeout, &w);
  g_main_loop_run (w.loop);
  g_signal_handler_disconnect (mn, id);
  if (w.handover == NULL)
    {
      g_main_loop_unref (w.loop);
      g_printerr (_ ("mip6ctl: no handover was reported within %d s of asking for '%s'; "
                     "mip6ctl status and mip6ctl monitor show what happens\n"),
                  ROAM_WAIT_S, argv[1]);
      return MIP6CTL_EXIT_FAILED;
    }
  g_source_remove (timer);
  g_main_loop_unref (w.loop);
  if (ctl->json)
    mip6ctl_print_json (g_variant_ref (w.handover));
  else
    {
      g_autofree char *text = mip6ctl_format_handover (w.handover, w.failure);
      g_print ("%s\n", text);
    }
  int rc = w.failure ? MIP6CTL_EXIT_FAILED : MIP6CTL_EXIT_OK;
  g_variant_unref (w.handover);
  g_free (w.failure);
  return rc;
}
