/* nm-driver: daemon/network-manager.c on its own, for tests/nm/.
 *
 *   nm-driver MIP6D.CONF
 *
 * reads commands on stdin, one a line:
 *   activate NAME [INTERFACE]   mip6_network_manager_activate() of [network NAME]
 *   dump                        the snapshot
 *   quit                        (or end of input) frees the module, as mip6d does at exit
 * and writes one JSON object a line on stdout, each with "event":
 *   changed, link-hint {interface}, activated {network, error},
 *   activate {network, ok, error}, dump {running, primary, devices, visible},
 *   bye (after the module is freed).
 * Logs go to stderr, and only there: stdout is the test's.
 */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "configuration.h"
#include "network-manager.h"

static FILE *out;
static GMainLoop *loop;
static Mip6Config *cfg;
static Mip6NetworkManager *nm;
static GDataInputStream *input;

static void
json_string (GString *s, const char *text)
{
  if (text == NULL)
    {
      g_string_append (s, "null");
      return;
    }
  g_string_append_c (s, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (s, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (s, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

static void
json_bytes (GString *s, GBytes *bytes)
{
  if (bytes == NULL)
    {
      g_string_append (s, "null");
      return;
    }
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);
  g_string_append_c (s, '"');
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", p[i]);
  g_string_append_c (s, '"');
}

static void
emit (GString *s)
{
  fprintf (out, "%s\n", s->str);
  fflush (out);
  g_string_free (s, TRUE);
}

static GString *
event (const char *name)
{
  GString *s = g_string_new ("{\"event\": ");
  json_string (s, name);
  return s;
}

static void
on_changed (gpointer user_data)
{
  GString *s = event ("changed");
  g_string_append_c (s, '}');
  emit (s);
}

static void
on_link_hint (const char *interface, gpointer user_data)
{
  GString *s = event ("link-hint");
  g_string_append (s, ", \"interface\": ");
  json_string (s, interface);
  g_string_append_c (s, '}');
  emit (s);
}

static void
on_activated (const char *network, const GError *error, gpointer user_data)
{
  GString *s = event ("activated");
  g_string_append (s, ", \"network\": ");
  json_string (s, network);
  g_string_append (s, ", \"error\": ");
  json_string (s, error ? error->message : NULL);
  g_string_append_c (s, '}');
  emit (s);
}

static const char *const security_names[] = { "open", "wep", "wpa-psk", "sae", "profile" };

static void
dump (void)
{
  GString *s = event ("dump");
  g_string_append_printf (
      s, ", \"running\": %s, \"primary\": ", mip6_network_manager_running (nm) ? "true" : "false");
  json_string (s, mip6_network_manager_primary_interface (nm));
  g_string_append (s, ", \"devices\": [");
  GPtrArray *devices = mip6_network_manager_devices (nm);
  for (guint i = 0; i < devices->len; i++)
    {
      const Mip6NmDevice *d = g_ptr_array_index (devices, i);
      g_string_append (s, i ? ", {\"interface\": " : "{\"interface\": ");
      json_string (s, d->interface);
      g_string_append_printf (s,
                              ", \"managed\": %s, \"wifi\": %s, \"activated\": %s, \"connecting\": "
                              "%s, \"disconnected_by_user\": %s, \"ssid\": ",
                              d->managed ? "true" : "false", d->wifi ? "true" : "false",
                              d->activated ? "true" : "false", d->connecting ? "true" : "false",
                              d->disconnected_by_user ? "true" : "false");
      json_bytes (s, d->ssid);
      g_string_append (s, ", \"connection_id\": ");
      json_string (s, d->connection_id);
      g_string_append_c (s, '}');
      /* The lookup by name finds the same entry. */
      g_assert (mip6_network_manager_device (nm, d->interface) == d);
    }
  g_string_append (s, "], \"visible\": [");
  GPtrArray *visible = mip6_network_manager_visible (nm);
  for (guint i = 0; i < visible->len; i++)
    {
      const Mip6VisibleNetwork *v = g_ptr_array_index (visible, i);
      g_string_append (s, i ? ", {\"ssid\": " : "{\"ssid\": ");
      json_bytes (s, v->ssid);
      g_string_append (s, ", \"display\": ");
      json_string (s, v->display);
      g_string_append_printf (s, ", \"signal\": %u, \"securities\": [", v->signal);
      gboolean first = TRUE;
      for (guint b = 0; b < G_N_ELEMENTS (security_names); b++)
        if (v->securities & MIP6_SECURITY_BIT (b))
          {
            g_string_append (s, first ? "" : ", ");
            json_string (s, security_names[b]);
            first = FALSE;
          }
      g_string_append (s, "], \"interface\": ");
      json_string (s, v->interface);
      g_string_append (s, ", \"access_point\": ");
      json_string (s, v->access_point);
      g_string_append_c (s, '}');
    }
  g_string_append (s, "]}");
  emit (s);
}

static void
activate (const char *name, const char *interface)
{
  g_autoptr (GError) error = NULL;
  GString *s = event ("activate");
  const Mip6NetworkConfig *net = mip6_config_find_network (cfg, name);
  gboolean ok = FALSE;

  if (net == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no [network %s] in the test's config",
                 name);
  else
    ok = mip6_network_manager_activate (nm, net, interface, &error);
  g_string_append (s, ", \"network\": ");
  json_string (s, name);
  g_string_append_printf (s, ", \"ok\": %s, \"error\": ", ok ? "true" : "false");
  json_string (s, error ? error->message : NULL);
  g_string_append_c (s, '}');
  emit (s);
}

static void read_next (void);

static void
on_line (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (input, result, NULL, &error);

  if (line == NULL || g_str_equal (line, "quit"))
    {
      g_main_loop_quit (loop);
      return;
    }
  g_auto (GStrv) words = g_strsplit (g_strstrip (line), " ", 3);
  if (g_strv_length (words) >= 2 && g_str_equal (words[0], "activate"))
    activate (words[1], words[2]);
  else if (g_strv_length (words) == 1 && g_str_equal (words[0], "dump"))
    dump ();
  else if (words[0] && *words[0])
    g_printerr ("nm-driver: unknown command '%s'\n", line);
  read_next ();
}

static void
read_next (void)
{
  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, NULL, on_line, NULL);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: nm-driver MIP6D.CONF\n");
      return 2;
    }
  /* stdout is for the test; everything else printed there (g_debug goes
   * to stdout by default) is sent to stderr. */
  out = fdopen (dup (STDOUT_FILENO), "w");
  dup2 (STDERR_FILENO, STDOUT_FILENO);

  cfg = mip6_config_load (argv[1], &error);
  if (cfg == NULL)
    {
      g_printerr ("nm-driver: %s\n", error->message);
      return 1;
    }
  loop = g_main_loop_new (NULL, FALSE);
  const Mip6NetworkManagerCallbacks callbacks = {
    .changed = on_changed,
    .link_hint = on_link_hint,
    .activated = on_activated,
  };
  nm = mip6_network_manager_new (&callbacks, NULL);
  GInputStream *in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  input = g_data_input_stream_new (in);
  g_object_unref (in);
  read_next ();
  g_main_loop_run (loop);

  /* As mip6d: the module goes after the main loop, deleting mip6d's
   * profiles before the process ends. */
  g_clear_pointer (&nm, mip6_network_manager_free);
  GString *s = event ("bye");
  g_string_append_c (s, '}');
  emit (s);
  g_clear_object (&input);
  g_main_loop_unref (loop);
  mip6_config_free (cfg);
  fclose (out);
  return 0;
}
