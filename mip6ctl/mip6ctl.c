/* mip6ctl.c: the command table and what the commands share. Each command
 * lives in mip6ctl-COMMAND.c. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include "mip6-error.h"
#include "mip6-names.h"
#include "mip6ctl.h"

typedef struct
{
  const char *name;
  Mip6CtlCommandFunc func;
  const char *args;
  guint n_args;
  const char *summary;
} Command;

static const Command commands[] = {
  { "status", mip6ctl_status, "", 0,
    N_ ("Show the state: home or away, addresses, last handover") },
  { "stats", mip6ctl_stats, "", 0, N_ ("Show the signalling and tunnel counters (mipdiag -s)") },
  { "bul", mip6ctl_bul, "", 0, N_ ("Show the binding update list (mobile node, mipdiag -l)") },
  { "bc", mip6ctl_bc, "", 0, N_ ("Show the binding cache (home agent, mipdiag -c)") },
  { "monitor", mip6ctl_monitor, "", 0, N_ ("Print events as they happen, until Ctrl-C") },
  { "roam", mip6ctl_roam, "NAME", 1,
    N_ ("Join the configured wireless network NAME and report the handover") },
  { "reregister", mip6ctl_reregister, "", 0, N_ ("Send a fresh Binding Update to the home agent") },
  { "networks", mip6ctl_networks, "", 0, N_ ("List the networks mip6d knows") },
  { "reload", mip6ctl_reload, "", 0, N_ ("Make mip6d read its configuration again") },
};

static void
usage (FILE *out)
{
  fprintf (out, _ ("Usage: mip6ctl [--json] COMMAND [ARGUMENTS]\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *left = g_strdup_printf ("%s %s", commands[i].name, commands[i].args);
      fprintf (out, "  %-18s %s\n", left, _ (commands[i].summary));
    }
  fprintf (out, _ ("\nOptions:\n  --json             Machine-readable output (see mip6ctl(1))\n"
                   "  --version          Print the version\n  -h, --help         This help\n"));
}

gboolean
mip6ctl_connect (Mip6Ctl *ctl)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (Mip6DbusDaemon) daemon = NULL;
  gboolean has_owner = FALSE;

  ctl->bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error);
  if (ctl->bus == NULL)
    {
      g_printerr (_ ("mip6ctl: mip6d is not running: cannot reach the system bus (%s)\n"),
                  error->message);
      return FALSE;
    }
  reply = g_dbus_connection_call_sync (
      ctl->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
      "NameHasOwner", g_variant_new ("(s)", MIP6_DBUS_NAME), G_VARIANT_TYPE ("(b)"),
      G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);
  if (!has_owner)
    {
      g_printerr (_ ("mip6ctl: mip6d is not running (nobody owns %s on the system bus); start it "
                     "with: systemctl start mip6d\n"),
                  MIP6_DBUS_NAME);
      return FALSE;
    }
  daemon = mip6_dbus_daemon_proxy_new_sync (ctl->bus, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                                            MIP6_DBUS_NAME, MIP6_DBUS_PATH_DAEMON, NULL, &error);
  if (daemon == NULL || mip6_dbus_daemon_get_role (daemon) == NULL)
    {
      g_printerr (_ ("mip6ctl: mip6d is not running: %s does not answer\n"), MIP6_DBUS_NAME);
      return FALSE;
    }
  ctl->role = g_strdup (mip6_dbus_daemon_get_role (daemon));
  return TRUE;
}

Mip6DbusMobileNode *
mip6ctl_mobile_node (Mip6Ctl *ctl)
{
  g_autoptr (GError) error = NULL;
  Mip6DbusMobileNode *mn;

  if (g_strcmp0 (ctl->role, "mobile-node") != 0)
    {
      g_printerr (_ ("mip6ctl: mip6d runs as %s; this command needs role=mobile-node\n"),
                  ctl->role);
      return NULL;
    }
  mn = mip6_dbus_mobile_node_proxy_new_sync (ctl->bus, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                                             MIP6_DBUS_NAME, MIP6_DBUS_PATH_MOBILE_NODE, NULL,
                                             &error);
  if (mn == NULL)
    g_printerr ("mip6ctl: %s\n", error->message);
  return mn;
}

Mip6DbusHomeAgent *
mip6ctl_home_agent (Mip6Ctl *ctl)
{
  g_autoptr (GError) error = NULL;
  Mip6DbusHomeAgent *ha;

  if (g_strcmp0 (ctl->role, "home-agent") != 0)
    {
      g_printerr (_ ("mip6ctl: mip6d runs as %s; this command needs role=home-agent\n"), ctl->role);
      return NULL;
    }
  ha =
      mip6_dbus_home_agent_proxy_new_sync (ctl->bus, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                                           MIP6_DBUS_NAME, MIP6_DBUS_PATH_HOME_AGENT, NULL, &error);
  if (ha == NULL)
    g_printerr ("mip6ctl: %s\n", error->message);
  return ha;
}

int
mip6ctl_error (Mip6Ctl *ctl, const char *what, GError *error)
{
  int code = MIP6CTL_EXIT_FAILED;

  if (g_error_matches (error, MIP6_ERROR, MIP6_ERROR_ACCESS_DENIED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED))
    code = MIP6CTL_EXIT_DENIED;
  else if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
           g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
           g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY))
    code = MIP6CTL_EXIT_NOT_RUNNING;
  g_dbus_error_strip_remote_error (error);
  g_printerr (_ ("mip6ctl: %s: %s\n"), what, error->message);
  return code;
}

int
main (int argc, char **argv)
{
  Mip6Ctl ctl = { 0 };
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  const Command *command = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  (void) MIP6_ERROR; /* maps org.mip6.Error.* back to MIP6_ERROR codes */

  /* --json may come before or after the command. */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        ctl.json = TRUE;
      else if (g_str_equal (argv[i], "-h") || g_str_equal (argv[i], "--help"))
        {
          usage (stdout);
          return MIP6CTL_EXIT_OK;
        }
      else if (g_str_equal (argv[i], "--version"))
        {
          g_print ("mip6ctl %s\n", PACKAGE_VERSION);
          return MIP6CTL_EXIT_OK;
        }
      else if (argv[i][0] == '-' && argv[i][1] == '-')
        {
          g_printerr (_ ("mip6ctl: unknown option '%s'; see mip6ctl --help\n"), argv[i]);
          return MIP6CTL_EXIT_USAGE;
        }
      else
        g_ptr_array_add (args, argv[i]);
    }
  if (args->len == 0)
    {
      usage (stderr);
      return MIP6CTL_EXIT_USAGE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, g_ptr_array_index (args, 0)))
      command = &commands[i];
  if (command == NULL)
    {
      g_printerr (_ ("mip6ctl: unknown command '%s'; see mip6ctl --help\n"),
                  (char *) g_ptr_array_index (args, 0));
      return MIP6CTL_EXIT_USAGE;
    }
  if (args->len - 1 != command->n_args)
    {
      g_printerr (_ ("mip6ctl: usage: mip6ctl %s %s\n"), command->name, command->args);
      return MIP6CTL_EXIT_USAGE;
    }
  ctl.color = !ctl.json && isatty (STDOUT_FILENO) && g_getenv ("NO_COLOR") == NULL;
  if (!mip6ctl_connect (&ctl))
    return MIP6CTL_EXIT_NOT_RUNNING;
  g_ptr_array_add (args, NULL);
  status = command->func (&ctl, (int) args->len - 1, (char **) args->pdata);
  g_clear_object (&ctl.bus);
  g_free (ctl.role);
  return status;
}
