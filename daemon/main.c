/* main.c: mip6d, the Mobile IPv6 daemon (mip6d(8)).
 *
 * Reads and validates the configuration before anything else, so a bad
 * file stops start-up with nothing applied; then owns org.mip6 on the
 * system bus, tells systemd it is ready, and runs until SIGTERM or SIGINT.
 * SIGHUP reloads the configuration, keeping the old one if the new is bad.
 */
#include "config.h"

#include <sys/prctl.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "authority.h"
#include "backend.h"
#include "configuration.h"
#include "ha-adapter.h"
#include "ha-status.h"
#include "mip6-error.h"
#include "mip6-names.h"
#include "mn-adapter.h"
#include "mn-status.h"
#include "sd-notify.h"
#include "service.h"
#include "statistics.h"

/* Exit codes (mip6d(8)). */
enum
{
  EXIT_OK = 0,
  EXIT_FAILURE_RUNTIME = 1,
  EXIT_BAD_USAGE = 2,
  EXIT_BAD_CONFIG = 3,
};

typedef struct
{
  GMainLoop *loop;
  Mip6Config *config;
  Mip6Statistics *stats;
  Mip6MnStatus *mn;
  Mip6HaStatus *ha;
  Mip6MnAdapter *mn_engine;
  Mip6HaAdapter *ha_engine;
  Mip6Authority *authority;
  Mip6Service *service;
  guint owner_id;
  int exit_code;
} Daemon;

static void
notify (const char *state)
{
  g_autoptr (GError) error = NULL;
  if (!mip6_sd_notify (state, &error))
    g_warning ("Cannot tell systemd '%s': %s", state, error->message);
}

/* The protocol engine, on the data path the kernel can carry (or the
 * configuration forces). It starts only once the bus name is ours, so a
 * second mip6d never touches the first one's tunnels and routes. */
static gboolean
start_engine (Daemon *d, const Mip6Config *config, GError **error)
{
  Mip6Datapath path = MIP6_DATAPATH_USERSPACE;
  Mip6Backend *backend = mip6_backend_new (config->datapath, &path, error);
  if (backend == NULL)
    return FALSE;
  if (d->mn)
    {
      mip6_mn_status_set_datapath (d->mn, path);
      d->mn_engine = mip6_mn_adapter_new (config, backend, d->mn, d->stats, error);
      return d->mn_engine != NULL;
    }
  mip6_ha_status_set_datapath (d->ha, path);
  d->ha_engine = mip6_ha_adapter_new (config, backend, d->ha, d->stats, error);
  return d->ha_engine != NULL;
}

/* Tunnels, routes and proxy entries are removed here. */
static void
stop_engine (Daemon *d)
{
  g_clear_pointer (&d->mn_engine, mip6_mn_adapter_free);
  g_clear_pointer (&d->ha_engine, mip6_ha_adapter_free);
}

static gboolean
same_addrs (const GArray *a, const GArray *b)
{
  guint na = a ? a->len : 0, nb = b ? b->len : 0;
  return na == nb && (na == 0 || memcmp (a->data, b->data, na * sizeof (struct in6_addr)) == 0);
}

/* The home agent's limits: a running home agent takes new values without
 * a restart, keeping its binding cache (mip6_ha_adapter_set_limits()). */
static gboolean
limits_changed (const Mip6Config *old, const Mip6Config *fresh)
{
  return old->binding_lifetime != fresh->binding_lifetime ||
         old->max_bindings != fresh->max_bindings ||
         !same_addrs (old->allowed_home_addresses, fresh->allowed_home_addresses);
}

/* Whether the protocol engine must restart for @fresh: only the keys it
 * reads count; networks and the like are taken on the fly, and so are a
 * home agent's limits. */
static gboolean
engine_config_changed (const Mip6Config *old, const Mip6Config *fresh, gboolean home_agent)
{
  if (!home_agent && limits_changed (old, fresh))
    return TRUE;
  return g_strcmp0 (old->interface, fresh->interface) != 0 || old->datapath != fresh->datapath ||
         memcmp (&old->home_address, &fresh->home_address, sizeof old->home_address) != 0 ||
         old->home_address_plen != fresh->home_address_plen ||
         old->has_home_agent != fresh->has_home_agent ||
         memcmp (&old->home_agent, &fresh->home_agent, sizeof old->home_agent) != 0 ||
         memcmp (&old->home_prefix, &fresh->home_prefix, sizeof old->home_prefix) != 0 ||
         old->home_prefix_len != fresh->home_prefix_len;
}

static void
keep_keys_out_of_dumps (const Mip6Config *config)
{
  if (mip6_config_has_keys (config) && prctl (PR_GET_DUMPABLE) != 0 &&
      prctl (PR_SET_DUMPABLE, 0) == 0)
    g_debug ("Wi-Fi keys are configured: mip6d leaves no core dump");
}

static gboolean
reload (gpointer user_data, GError **error)
{
  Daemon *d = user_data;
  g_autoptr (Mip6Config) fresh = NULL;
  g_autoptr (GError) local = NULL;

  notify ("RELOADING=1");
  fresh = mip6_config_load (d->config->path, &local);
  if (fresh != NULL && fresh->role != d->config->role)
    {
      g_set_error (&local, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s:%u: key 'role': changed from %s to %s, which needs a restart of mip6d "
                      "(systemctl restart mip6d)"),
                   fresh->path, fresh->role_line, mip6_role_to_string (d->config->role),
                   mip6_role_to_string (fresh->role));
      g_clear_pointer (&fresh, mip6_config_free);
    }
  if (fresh == NULL)
    {
      g_warning (_ ("Configuration not reloaded, the old one stays in force: %s"), local->message);
      notify ("READY=1");
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* A running engine restarts on what it reads; if the new settings cannot
   * run (an interface that is not there), the old ones go on. */
  if ((d->mn_engine || d->ha_engine) && engine_config_changed (d->config, fresh, d->ha != NULL))
    {
      /* A home agent rebuilt from scratch drops every binding; the mobile
       * nodes register again. */
      if (d->ha_engine)
        mip6_ha_adapter_set_stop_reason (d->ha_engine, "reloaded");
      stop_engine (d);
      if (!start_engine (d, fresh, &local))
        {
          g_autoptr (GError) again = NULL;
          g_warning (_ ("Configuration not reloaded, the old one stays in force: %s"),
                     local->message);
          if (!start_engine (d, d->config, &again))
            g_warning ("%s", again->message);
          notify ("READY=1");
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_message (_ ("The protocol engine restarted with the new configuration"));
    }
  else if (d->ha_engine && limits_changed (d->config, fresh))
    {
      if (!mip6_ha_adapter_set_limits (d->ha_engine, fresh, &local))
        {
          g_warning (_ ("Configuration not reloaded, the old one stays in force: %s"),
                     local->message);
          notify ("READY=1");
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_message (_ ("The home agent applies the new limits to registrations from now on; its "
                    "bindings stay"));
    }
  else if (d->mn_engine)
    mip6_mn_adapter_reloaded (d->mn_engine, fresh);
  /* The new configuration is whole and valid: switch at once. */
  mip6_service_set_config (d->service, fresh);
  if (d->mn)
    mip6_mn_status_apply_config (d->mn, fresh);
  else
    mip6_ha_status_apply_config (d->ha, fresh);
  mip6_config_free (d->config);
  d->config = g_steal_pointer (&fresh);
  keep_keys_out_of_dumps (d->config);
  g_message (_ ("Configuration reloaded from %s"), d->config->path);
  notify ("READY=1");
  return TRUE;
}

static gboolean
on_sighup (gpointer user_data)
{
  reload (user_data, NULL);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_terminate (gpointer user_data)
{
  Daemon *d = user_data;
  g_message (_ ("Stopping on signal"));
  notify ("STOPPING=1");
  g_main_loop_quit (d->loop);
  return G_SOURCE_CONTINUE;
}

static void
on_bus_acquired (GDBusConnection *connection, const char *name, gpointer user_data)
{
  Daemon *d = user_data;
  mip6_service_export (d->service, connection);
}

static void
on_name_acquired (GDBusConnection *connection, const char *name, gpointer user_data)
{
  Daemon *d = user_data;
  g_autoptr (GError) error = NULL;
  if (!start_engine (d, d->config, &error))
    {
      g_printerr ("mip6d: %s\n", error->message);
      d->exit_code = EXIT_FAILURE_RUNTIME;
      g_main_loop_quit (d->loop);
      return;
    }
  g_message (_ ("mip6d %s ready as %s on the system bus (role %s, interface %s)"), PACKAGE_VERSION,
             name, mip6_role_to_string (d->config->role), d->config->interface);
  notify ("READY=1");
}

static void
on_name_lost (GDBusConnection *connection, const char *name, gpointer user_data)
{
  Daemon *d = user_data;
  if (connection == NULL)
    g_printerr (_ ("mip6d: cannot connect to the system bus; is dbus running? "
                   "(DBUS_SYSTEM_BUS_ADDRESS=%s)\n"),
                g_getenv ("DBUS_SYSTEM_BUS_ADDRESS") ? g_getenv ("DBUS_SYSTEM_BUS_ADDRESS")
                                                     : "unset");
  else
    g_printerr (_ ("mip6d: cannot own the name %s on the system bus: another mip6d runs, or the "
                   "D-Bus policy (org.mip6.conf) does not allow this user to own it\n"),
                name);
  d->exit_code = EXIT_FAILURE_RUNTIME;
  g_main_loop_quit (d->loop);
}

int
main (int argc, char **argv)
{
  g_autofree char *config_path = NULL;
  gboolean check_only = FALSE;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
      N_ ("Read the configuration from PATH (default " MIP6_CONFIG_FILE ")"), N_ ("PATH") },
    { "check-config", 0, 0, G_OPTION_ARG_NONE, &check_only,
      N_ ("Check the configuration, print what is wrong, and exit"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_ ("Print the version and exit"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  Daemon d = { 0 };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _ ("The Mobile IPv6 daemon."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mip6d: %s\n", error->message);
      return EXIT_BAD_USAGE;
    }
  if (argc > 1)
    {
      g_printerr (_ ("mip6d: unexpected argument '%s'; see mip6d --help\n"), argv[1]);
      return EXIT_BAD_USAGE;
    }
  if (version)
    {
      g_print ("mip6d %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  d.config = mip6_config_load (config_path ? config_path : MIP6_CONFIG_FILE, &error);
  if (d.config == NULL)
    {
      g_printerr ("mip6d: %s\n", error->message);
      return EXIT_BAD_CONFIG;
    }
  if (check_only)
    {
      g_print (_ ("%s: configuration is valid (role %s)\n"), d.config->path,
               mip6_role_to_string (d.config->role));
      mip6_config_free (d.config);
      return EXIT_OK;
    }

  /* Registers the org.mip6.Error.* names before any reply uses them. */
  (void) MIP6_ERROR;
  /* Wi-Fi keys pass through this process (and libnm's copies cannot be
   * wiped): no core dump, no ptrace by others, for the process's life. */
  keep_keys_out_of_dumps (d.config);

  d.loop = g_main_loop_new (NULL, FALSE);
  d.stats = mip6_statistics_new ();
  d.authority = mip6_authority_new ();
  if (d.config->role == MIP6_ROLE_MOBILE_NODE)
    d.mn = mip6_mn_status_new (d.config, d.stats);
  else
    d.ha = mip6_ha_status_new (d.config, d.stats);
  d.service = mip6_service_new (d.config, d.mn, d.ha, d.authority);
  mip6_service_set_reload_func (d.service, reload, &d);

  g_unix_signal_add (SIGTERM, on_terminate, &d);
  g_unix_signal_add (SIGINT, on_terminate, &d);
  g_unix_signal_add (SIGHUP, on_sighup, &d);

  d.owner_id =
      g_bus_own_name (G_BUS_TYPE_SYSTEM, MIP6_DBUS_NAME, G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                      on_bus_acquired, on_name_acquired, on_name_lost, &d, NULL);
  g_main_loop_run (d.loop);

  g_bus_unown_name (d.owner_id);
  /* Engines go first: tunnels, routes and proxy entries are removed while
   * the models they report to still exist. */
  stop_engine (&d);
  mip6_service_free (d.service);
  mip6_mn_status_free (d.mn);
  mip6_ha_status_free (d.ha);
  mip6_authority_free (d.authority);
  mip6_statistics_free (d.stats);
  mip6_config_free (d.config);
  g_main_loop_unref (d.loop);
  if (d.exit_code == EXIT_OK)
    g_message (_ ("Stopped"));
  return d.exit_code;
}
