/* configuration.c: mip6d.conf, a GKeyFile with a [mip6d] group and optional
#include "config.h"
 * [network ESSID] groups.
 *
 * GKeyFile reports no line numbers, so a small scanner of the file text
 * (scan_lines) finds the line of every group and key first; each message
 * then names FILE:LINE, the key, what is wrong and what is allowed.
 */
#include "configuration.h"
#include "mip6-addr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>

#include "key-file.h"
#include "mip6-error.h"

#define MAIN_GROUP "mip6d"
#define NETWORK_GROUP_PREFIX "network "

static const char *const main_keys[] = {
  "role",
  "interface",
  "home-address",
  "home-agent",
  "home-prefix",
  "binding-lifetime",
  "datapath",
  "max-bindings",
  "allowed-home-addresses",
  "home-agent-preference",
};
static const char *const network_keys[] = { "security", "key-file", "wep-key-type", "connection",
                                            "home",     "priority", "ssid-hex" };
/* In Mip6Security order; "profile" is what connection= gives. */
static const char *const securities[] = { "open", "wep", "wpa-psk", "sae" };

/* Where each group and key of the file is: "group" -> line, and
 * "group\nkey" -> line. */
typedef struct
{
  const char *path;
  GHashTable *lines;
  guint main_line;
} Scan;

static guint
scan_line_of (Scan *scan, const char *group, const char *key)
{
  g_autofree char *k = key ? g_strconcat (group, "\n", key, NULL) : g_strdup (group);
  return GPOINTER_TO_UINT (g_hash_table_lookup (scan->lines, k));
}

/* First pass over the raw text: syntax GKeyFile would reject without a line
 * number, and duplicates GKeyFile would silently merge. */
static gboolean
scan_lines (Scan *scan, const char *text, GError **error)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *group = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint lineno = i + 1;
      char *line = g_strstrip (lines[i]);
      char *eq;

      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '[')
        {
          gsize len = strlen (line);
          if (len < 3 || line[len - 1] != ']')
            {
              g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                           _ ("%s:%u: '%s' is not a group header, write it as [name]"), scan->path,
                           lineno, line);
              return FALSE;
            }
          g_free (group);
          group = g_strndup (line + 1, len - 2);
          if (g_hash_table_contains (scan->lines, group))
            {
              g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                           _ ("%s:%u: group [%s] appears twice (first on line %u), merge them"),
                           scan->path, lineno, group, scan_line_of (scan, group, NULL));
              return FALSE;
            }
          g_hash_table_insert (scan->lines, g_strdup (group), GUINT_TO_POINTER (lineno));
          continue;
        }
      eq = strchr (line, '=');
      if (eq == NULL)
        {
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                       _ ("%s:%u: '%s' is not a 'key = value' line, a [group] or a # comment"),
                       scan->path, lineno, line);
          return FALSE;
        }
      if (group == NULL)
        {
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                       _ ("%s:%u: key outside any group, put it below a [mip6d] line"), scan->path,
                       lineno);
          return FALSE;
        }
      *eq = '\0';
      g_strstrip (line);
      {
        g_autofree char *k = g_strconcat (group, "\n", line, NULL);
        guint first = GPOINTER_TO_UINT (g_hash_table_lookup (scan->lines, k));
        if (first != 0)
          {
            g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                         _ ("%s:%u: key '%s': set twice in [%s] (first on line %u), keep one"),
                         scan->path, lineno, line, group, first);
            return FALSE;
          }
        g_hash_table_insert (scan->lines, g_steal_pointer (&k), GUINT_TO_POINTER (lineno));
      }
    }
  return TRUE;
}

/* Edit distance, for "did you mean" hints on misspelt keys. */
static guint
distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0];
      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint best = MIN (row[j] + 1, row[j - 1] + 1);
          row[j] = MIN (best, diag + (a[i - 1] == b[j - 1] ? 0 : 1));
          diag = up;
        }
    }
  return row[lb];
}

static char *
join_names (const char *const *names, guint n)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", names[i]);
  return g_string_free (s, FALSE);
}

static gboolean
name_in (const char *const *names, guint n, const char *name)
{
  for (guint i = 0; i < n; i++)
    if (g_str_equal (names[i], name))
      return TRUE;
  return FALSE;
}

static gboolean
check_known_keys (Scan *scan, GKeyFile *kf, const char *group, const char *const *known, guint n,
                  GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);

  for (guint i = 0; keys && keys[i]; i++)
    {
      const char *hint = NULL;
      g_autofree char *allowed = NULL;

      if (name_in (known, n, keys[i]))
        continue;
      for (guint j = 0; j < n; j++)
        if (distance (keys[i], known[j]) <= 2)
          hint = known[j];
      allowed = join_names (known, n);
      if (hint)
        g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                     _ ("%s:%u: key '%s': unknown key in [%s], did you mean '%s'? Known keys: %s"),
                     scan->path, scan_line_of (scan, group, keys[i]), keys[i], group, hint,
                     allowed);
      else
        g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                     _ ("%s:%u: key '%s': unknown key in [%s], known keys: %s"), scan->path,
                     scan_line_of (scan, group, keys[i]), keys[i], group, allowed);
      return FALSE;
    }
  return TRUE;
}

static char *
get_value (GKeyFile *kf, const char *group, const char *key)
{
  char *v = g_key_file_get_value (kf, group, key, NULL);
  return v ? g_strstrip (v) : NULL;
}

/* Addresses a node can be reached at: not ::, ::1, multicast, link-local or
 * IPv4-mapped. */
static const char *
unicast_problem (const struct in6_addr *a)
{
  if (IN6_IS_ADDR_UNSPECIFIED (a))
    return _ ("the unspecified address :: is not allowed");
  if (IN6_IS_ADDR_LOOPBACK (a))
    return _ ("the loopback address is not allowed");
  if (IN6_IS_ADDR_MULTICAST (a))
    return _ ("a multicast address is not allowed");
  if (IN6_IS_ADDR_LINKLOCAL (a))
    return _ ("a link-local address is not allowed");
  if (IN6_IS_ADDR_V4MAPPED (a))
    return _ ("an IPv4-mapped address is not allowed");
  return NULL;
}

static char *
addr_to_string (const struct in6_addr *a)
{
  char buf[INET6_ADDRSTRLEN];
  inet_ntop (AF_INET6, a, buf, sizeof buf);
  return g_strdup (buf);
}

/* "ADDR/LEN"; require_plen says whether the length must be there. */
static gboolean
parse_address (Scan *scan, const char *group, const char *key, const char *value,
               gboolean with_plen, struct in6_addr *addr, guint *plen, GError **error)
{
  guint line = scan_line_of (scan, group, key);
  g_autofree char *copy = g_strdup (value);
  char *slash = strchr (copy, '/');
  const char *problem;

  if (with_plen)
    {
      guint64 n;
      if (slash == NULL)
        {
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                       _ ("%s:%u: key '%s': '%s' has no prefix length, write ADDRESS/LENGTH, for "
                          "example fec0:106:2700::4/64"),
                       scan->path, line, key, value);
          return FALSE;
        }
      *slash = '\0';
      if (!g_ascii_string_to_unsigned (slash + 1, 10, 1, 128, &n, NULL))
        {
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                       _ ("%s:%u: key '%s': prefix length '%s' is not a number from 1 to 128"),
                       scan->path, line, key, slash + 1);
          return FALSE;
        }
      *plen = (guint) n;
    }
  else if (slash != NULL)
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s:%u: key '%s': '%s' must be a single address without /LENGTH"), scan->path,
                   line, key, value);
      return FALSE;
    }
  if (inet_pton (AF_INET6, copy, addr) != 1)
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s:%u: key '%s': '%s' is not an IPv6 address, for example "
                      "fec0:106:2700::2"),
                   scan->path, line, key, copy);
      return FALSE;
    }
  if ((problem = unicast_problem (addr)) != NULL)
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s:%u: key '%s': %s, use a global or site-local unicast address"),
                   scan->path, line, key, problem);
      return FALSE;
    }
  return TRUE;
}

static gboolean
reject_for_role (Scan *scan, GKeyFile *kf, const char *key, Mip6Role role, GError **error)
{
  if (!g_key_file_has_key (kf, MAIN_GROUP, key, NULL))
    return TRUE;
  g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
               _ ("%s:%u: key '%s': not used when role=%s, remove it or change the role"),
               scan->path, scan_line_of (scan, MAIN_GROUP, key), key, mip6_role_to_string (role));
  return FALSE;
}

static gboolean
require_key (Scan *scan, GKeyFile *kf, const char *key, Mip6Role role, const char *example,
             GError **error)
{
  if (g_key_file_has_key (kf, MAIN_GROUP, key, NULL))
    return TRUE;
  g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
               _ ("%s:%u: key '%s': missing in [%s], role=%s needs it, for example %s = %s"),
               scan->path, scan->main_line, key, MAIN_GROUP, mip6_role_to_string (role), key,
               example);
  return FALSE;
}

const char *
mip6_security_to_string (Mip6Security security)
{
  if (security == MIP6_SECURITY_PROFILE)
    return "profile";
  return (guint) security < G_N_ELEMENTS (securities) ? securities[security] : "open";
}

static gboolean network_error (GError **error, Scan *scan, const char *group, const char *key,
                               const char *format, ...) G_GNUC_PRINTF (5, 6);

/* "FILE:LINE: [network x] key 'k': ..." with the key's line, or the
 * group's when the key is not there. */
static gboolean
network_error (GError **error, Scan *scan, const char *group, const char *key, const char *format,
               ...)
{
  va_list ap;
  guint line = key ? scan_line_of (scan, group, key) : 0;
  g_autofree char *what = NULL;

  va_start (ap, format);
  what = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (line == 0)
    line = scan_line_of (scan, group, NULL);
  if (key)
    g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG, _ ("%s:%u: [%s] key '%s': %s"),
                 scan->path, line, group, key, what);
  else
    g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG, _ ("%s:%u: group [%s]: %s"), scan->path,
                 line, group, what);
  return FALSE;
}

/* ssid-hex = 6d792d6e6574: the octets of an SSID that is not UTF-8. */
static GBytes *
parse_ssid_hex (const char *hex)
{
  gsize len = strlen (hex);
  if (len == 0 || len % 2 != 0 || len > 64)
    return NULL;
  g_autofree guint8 *octets = g_malloc (len / 2);
  for (gsize i = 0; i < len / 2; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]), lo = g_ascii_xdigit_value (hex[2 * i + 1]);
      if (hi < 0 || lo < 0)
        return NULL;
      octets[i] = (guint8) (hi << 4 | lo);
    }
  return g_bytes_new_take (g_steal_pointer (&octets), len / 2);
}

static void
network_free (gpointer p)
{
  Mip6NetworkConfig *net = p;
  g_free (net->name);
  g_clear_pointer (&net->ssid, g_bytes_unref);
  g_free (net->key_file);
  g_free (net->connection);
  g_free (net);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6NetworkConfig, network_free)

static gboolean
parse_network (Scan *scan, GKeyFile *kf, Mip6Config *cfg, const char *group, GError **error)
{
  const char *name = group + strlen (NETWORK_GROUP_PREFIX);
  g_autofree char *security = get_value (kf, group, "security");
  g_autofree char *home = get_value (kf, group, "home");
  g_autofree char *priority = get_value (kf, group, "priority");
  g_autofree char *ssid_hex = get_value (kf, group, "ssid-hex");
  g_autofree char *wep_key_type = get_value (kf, group, "wep-key-type");
  g_autoptr (Mip6NetworkConfig) net = g_new0 (Mip6NetworkConfig, 1);

  if (!check_known_keys (scan, kf, group, network_keys, G_N_ELEMENTS (network_keys), error))
    return FALSE;
  if (cfg->role != MIP6_ROLE_MOBILE_NODE)
    return network_error (error, scan, group, NULL,
                          _ ("networks are only used when role=mobile-node, remove the group"));
  net->name = g_strdup (name);
  net->line = scan_line_of (scan, group, NULL);
  net->key_file = get_value (kf, group, "key-file");
  net->connection = get_value (kf, group, "connection");

  /* IEEE 802.11: an SSID is 0 to 32 octets; an empty one cannot be chosen. */
  if (ssid_hex)
    {
      net->ssid = parse_ssid_hex (ssid_hex);
      if (net->ssid == NULL)
        return network_error (error, scan, group, "ssid-hex",
                              _ ("'%s' is not an SSID in hex, write 2 to 64 hex digits, two per "
                                 "octet, for example ssid-hex = 686f6d656e6574"),
                              ssid_hex);
    }
  else if (*name == '\0' || strlen (name) > 32)
    return network_error (error, scan, group, NULL,
                          _ ("the ESSID must be 1 to 32 bytes, as in [network homenet]; for "
                             "longer names add ssid-hex = the SSID's octets"));
  else
    net->ssid = g_bytes_new (name, strlen (name));

  if (net->connection)
    {
      if (security || net->key_file || wep_key_type)
        return network_error (
            error, scan, group, "connection",
            _ ("with connection= the NetworkManager profile '%s' says how to join; remove "
               "security, key-file and wep-key-type from this group"),
            net->connection);
      if (*net->connection == '\0')
        return network_error (error, scan, group, "connection",
                              _ ("empty, give a NetworkManager profile's name or UUID (nmcli "
                                 "connection show lists them)"));
      net->security = MIP6_SECURITY_PROFILE;
    }
  else if (security && g_str_equal (security, "wpa-eap"))
    return network_error (error, scan, group, "security",
                          _ ("WPA-Enterprise needs a NetworkManager profile: create one with "
                             "nmcli and name it with connection = NAME instead of security"));
  else if (security)
    {
      guint i;
      for (i = 0; i < G_N_ELEMENTS (securities) && !g_str_equal (securities[i], security); i++)
        ;
      if (i == G_N_ELEMENTS (securities))
        {
          g_autofree char *allowed = join_names (securities, G_N_ELEMENTS (securities));
          return network_error (error, scan, group, "security",
                                _ ("'%s' is not a known security, allowed: %s, or connection = "
                                   "a NetworkManager profile"),
                                security, allowed);
        }
      net->security = (Mip6Security) i;
    }

  if (wep_key_type)
    {
      if (net->security != MIP6_SECURITY_WEP)
        return network_error (error, scan, group, "wep-key-type",
                              _ ("only used with security = wep, remove it"));
      if (g_str_equal (wep_key_type, "key"))
        net->wep_key_type = MIP6_WEP_KEY_TYPE_KEY;
      else if (g_str_equal (wep_key_type, "passphrase"))
        net->wep_key_type = MIP6_WEP_KEY_TYPE_PASSPHRASE;
      else
        return network_error (error, scan, group, "wep-key-type",
                              _ ("'%s' is not a WEP key type, allowed: key, passphrase"),
                              wep_key_type);
    }

  gboolean needs_key = net->security == MIP6_SECURITY_WEP ||
                       net->security == MIP6_SECURITY_WPA_PSK || net->security == MIP6_SECURITY_SAE;
  if (needs_key && net->key_file == NULL)
    return network_error (error, scan, group, "security",
                          _ ("security = %s needs its key: add key-file = a file only root can "
                             "read, holding the key on one line"),
                          mip6_security_to_string (net->security));
  if (!needs_key && net->key_file)
    return network_error (error, scan, group, "key-file",
                          _ ("a network with security = %s has no key, remove key-file"),
                          mip6_security_to_string (net->security));
  if (net->key_file)
    {
      g_autoptr (GError) local = NULL;
      if (!g_path_is_absolute (net->key_file))
        return network_error (error, scan, group, "key-file",
                              _ ("'%s' is not an absolute path, write it from /, for example "
                                 "/etc/mip6/%s.key"),
                              net->key_file, name);
      /* Checked (and the key's form too) now, so that a bad file is
       * reported when the configuration is loaded, not at the move. */
      g_autoptr (Mip6Key) key = mip6_key_file_read (net->key_file, net, &local);
      if (key == NULL)
        return network_error (error, scan, group, "key-file", "%s", local->message);
    }

  if (home && !g_str_equal (home, "true") && !g_str_equal (home, "false"))
    return network_error (error, scan, group, "home",
                          _ ("'%s' is not a boolean, allowed: true, false"), home);
  net->home = home && g_str_equal (home, "true");
  if (priority)
    {
      gint64 n;
      if (!g_ascii_string_to_signed (priority, 10, MIP6_NETWORK_PRIORITY_MIN,
                                     MIP6_NETWORK_PRIORITY_MAX, &n, NULL))
        return network_error (error, scan, group, "priority",
                              _ ("'%s' is not a number from %d to %d (larger is preferred)"),
                              priority, MIP6_NETWORK_PRIORITY_MIN, MIP6_NETWORK_PRIORITY_MAX);
      net->priority = (gint) n;
    }
  for (guint i = 0; i < cfg->networks->len; i++)
    {
      const Mip6NetworkConfig *other = g_ptr_array_index (cfg->networks, i);
      if (g_bytes_equal (other->ssid, net->ssid))
        return network_error (error, scan, group, ssid_hex ? "ssid-hex" : NULL,
                              _ ("the same SSID as [network %s] on line %u; keep one group"),
                              other->name, other->line);
    }
  g_ptr_array_add (cfg->networks, g_steal_pointer (&net));
  return TRUE;
}

/* Home agent policy: how many bindings it holds (RFC 6275 §10.3.1: beyond
 * that, status 130) and which home addresses may register (else 129). */
static gboolean
parse_home_agent_policy (Scan *scan, GKeyFile *kf, Mip6Config *cfg, GError **error)
{
  g_autofree char *max = get_value (kf, MAIN_GROUP, "max-bindings");
  g_autofree char *allowed = get_value (kf, MAIN_GROUP, "allowed-home-addresses");
  g_autofree char *preference = get_value (kf, MAIN_GROUP, "home-agent-preference");

  /* RFC 6275 section 7.4: a signed 16-bit preference, 0 by default; the
   * order of this home agent in its DHAAD replies (section 10.5). */
  if (preference)
    {
      gint64 n;
      if (!g_ascii_string_to_signed (preference, 10, G_MININT16, G_MAXINT16, &n, NULL))
        {
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                       _ ("%s:%u: key 'home-agent-preference': '%s' is out of range, allowed: a "
                          "whole number from -32768 to 32767 (RFC 6275 section 7.4)"),
                       scan->path, scan_line_of (scan, MAIN_GROUP, "home-agent-preference"),
                       preference);
          return FALSE;
        }
      cfg->home_agent_preference = (gint16) n;
    }

  cfg->max_bindings = MIP6_CONFIG_MAX_BINDINGS_DEFAULT;
  if (max)
    {
      guint64 n;
      if (!g_ascii_string_to_unsigned (max, 10, 1, 65535, &n, NULL))
        {
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                       _ ("%s:%u: key 'max-bindings': '%s' is out of range, allowed: a whole "
                          "number from 1 to 65535"),
                       scan->path, scan_line_of (scan, MAIN_GROUP, "max-bindings"), max);
          return FALSE;
        }
      cfg->max_bindings = (guint) n;
    }

  cfg->allowed_home_addresses = g_array_new (FALSE, FALSE, sizeof (struct in6_addr));
  if (allowed == NULL)
    return TRUE;
  g_auto (GStrv) items = g_strsplit_set (allowed, " ,;", -1);
  for (guint i = 0; items[i]; i++)
    {
      struct in6_addr a;
      if (*items[i] == '\0')
        continue;
      if (inet_pton (AF_INET6, items[i], &a) != 1 ||
          !mip6_addr_in_prefix (&a, &cfg->home_prefix, cfg->home_prefix_len))
        {
          g_autofree char *prefix = mip6_config_dup_home_prefix (cfg);
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                       _ ("%s:%u: key 'allowed-home-addresses': '%s' is not an IPv6 address on "
                          "home-prefix %s, allowed: addresses separated by spaces or commas"),
                       scan->path, scan_line_of (scan, MAIN_GROUP, "allowed-home-addresses"),
                       items[i], prefix);
          return FALSE;
        }
      g_array_append_val (cfg->allowed_home_addresses, a);
    }
  return TRUE;
}

static gboolean
is_interface_name (const char *name)
{
  return *name != '\0' && strlen (name) <= 15 && strpbrk (name, "/ \t:,") == NULL &&
         !g_str_equal (name, ".") && !g_str_equal (name, "..");
}

/* interface = wlan0 | eth0 wlan0 (preference order) | auto. A home agent
 * serves one home link. */
static gboolean
parse_interfaces (Scan *scan, Mip6Config *cfg, const char *value, GError **error)
{
  guint line = scan_line_of (scan, MAIN_GROUP, "interface");
  g_auto (GStrv) words = g_strsplit_set (value, " \t,", -1);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; words[i]; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (!is_interface_name (words[i]))
        {
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                       _ ("%s:%u: key 'interface': '%s' is not an interface name, allowed: 1 to "
                          "15 characters without '/' or ':', for example wlan0, a list in "
                          "order of preference such as eth0 wlan0, or auto"),
                       scan->path, line, words[i]);
          return FALSE;
        }
      for (guint j = 0; j < names->len; j++)
        if (g_str_equal (g_ptr_array_index (names, j), words[i]))
          {
            g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                         _ ("%s:%u: key 'interface': %s is listed twice, name each interface "
                            "once"),
                         scan->path, line, words[i]);
            return FALSE;
          }
      g_ptr_array_add (names, g_strdup (words[i]));
    }
  if (names->len == 0)
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s:%u: key 'interface': empty, name an interface such as wlan0, a list "
                      "such as eth0 wlan0, or auto"),
                   scan->path, line);
      return FALSE;
    }
  gboolean is_auto = names->len == 1 && g_str_equal (g_ptr_array_index (names, 0), "auto");
  if (cfg->role != MIP6_ROLE_MOBILE_NODE && (names->len > 1 || is_auto))
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s:%u: key 'interface': a home agent serves one home link, name its "
                      "interface alone (for example eth0)"),
                   scan->path, line);
      return FALSE;
    }
  for (guint j = 0; j < names->len && names->len > 1; j++)
    if (g_str_equal (g_ptr_array_index (names, j), "auto"))
      {
        g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                     _ ("%s:%u: key 'interface': auto stands alone; it follows "
                        "NetworkManager's primary connection"),
                     scan->path, line);
        return FALSE;
      }
  if (!is_auto)
    {
      g_ptr_array_add (names, NULL);
      cfg->interfaces = (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
    }
  return TRUE;
}

static gboolean
parse_main (Scan *scan, GKeyFile *kf, Mip6Config *cfg, GError **error)
{
  g_autofree char *role = get_value (kf, MAIN_GROUP, "role");
  g_autofree char *iface = get_value (kf, MAIN_GROUP, "interface");
  g_autofree char *datapath = get_value (kf, MAIN_GROUP, "datapath");
  g_autofree char *lifetime = get_value (kf, MAIN_GROUP, "binding-lifetime");
  g_autofree char *value = NULL;

  if (!check_known_keys (scan, kf, MAIN_GROUP, main_keys, G_N_ELEMENTS (main_keys), error))
    return FALSE;

  cfg->role = MIP6_ROLE_MOBILE_NODE;
  cfg->role_line = role ? scan_line_of (scan, MAIN_GROUP, "role") : scan->main_line;
  if (role && !mip6_role_from_string (role, &cfg->role))
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s:%u: key 'role': '%s' is not a role, allowed: mobile-node, home-agent"),
                   scan->path, scan_line_of (scan, MAIN_GROUP, "role"), role);
      return FALSE;
    }

  if (!require_key (scan, kf, "interface", cfg->role, "eth0", error))
    return FALSE;
  if (!parse_interfaces (scan, cfg, iface, error))
    return FALSE;
  cfg->interface = g_steal_pointer (&iface);

  cfg->datapath = MIP6_DATAPATH_AUTO;
  if (datapath && !mip6_datapath_from_string (datapath, &cfg->datapath))
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s:%u: key 'datapath': '%s' is not a datapath, allowed: auto, kernel, "
                      "userspace"),
                   scan->path, scan_line_of (scan, MAIN_GROUP, "datapath"), datapath);
      return FALSE;
    }

  cfg->binding_lifetime = MIP6_CONFIG_LIFETIME_DEFAULT;
  if (lifetime)
    {
      guint64 n;
      if (!g_ascii_string_to_unsigned (lifetime, 10, MIP6_CONFIG_LIFETIME_MIN,
                                       MIP6_CONFIG_LIFETIME_MAX, &n, NULL))
        {
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                       _ ("%s:%u: key 'binding-lifetime': '%s' is out of range, allowed: a whole "
                          "number of seconds from %u to %u (RFC 6275 section 6.1.7)"),
                       scan->path, scan_line_of (scan, MAIN_GROUP, "binding-lifetime"), lifetime,
                       MIP6_CONFIG_LIFETIME_MIN, MIP6_CONFIG_LIFETIME_MAX);
          return FALSE;
        }
      cfg->binding_lifetime = (guint) n;
    }

  if (cfg->role == MIP6_ROLE_MOBILE_NODE)
    {
      struct in6_addr home_prefix;

      if (!require_key (scan, kf, "home-address", cfg->role, "fec0:106:2700::4/64", error) ||
          !reject_for_role (scan, kf, "home-prefix", cfg->role, error) ||
          !reject_for_role (scan, kf, "max-bindings", cfg->role, error) ||
          !reject_for_role (scan, kf, "home-agent-preference", cfg->role, error) ||
          !reject_for_role (scan, kf, "allowed-home-addresses", cfg->role, error))
        return FALSE;
      value = get_value (kf, MAIN_GROUP, "home-address");
      if (!parse_address (scan, MAIN_GROUP, "home-address", value, TRUE, &cfg->home_address,
                          &cfg->home_address_plen, error))
        return FALSE;
      cfg->has_home_address = TRUE;
      g_clear_pointer (&value, g_free);
      value = get_value (kf, MAIN_GROUP, "home-agent");
      /* Without the key the mobile node finds its home agent by Dynamic
       * Home Agent Address Discovery (RFC 6275 section 11.4.1). */
      if (value == NULL)
        return TRUE;
      if (!parse_address (scan, MAIN_GROUP, "home-agent", value, FALSE, &cfg->home_agent, NULL,
                          error))
        return FALSE;
      cfg->has_home_agent = TRUE;
      /* RFC 6275 section 10: the home agent is a router on the home link. */
      if (!mip6_addr_in_prefix (&cfg->home_agent, &cfg->home_address, cfg->home_address_plen))
        {
          g_autofree char *prefix = NULL;
          home_prefix = cfg->home_address;
          mip6_addr_mask_prefix (&home_prefix, cfg->home_address_plen);
          prefix = addr_to_string (&home_prefix);
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                       _ ("%s:%u: key 'home-agent': %s is not on the home prefix %s/%u of "
                          "home-address, the home agent must be on the home link"),
                       scan->path, scan_line_of (scan, MAIN_GROUP, "home-agent"), value, prefix,
                       cfg->home_address_plen);
          return FALSE;
        }
      if (memcmp (&cfg->home_agent, &cfg->home_address, sizeof cfg->home_agent) == 0)
        {
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                       _ ("%s:%u: key 'home-agent': %s is the home address itself, give the home "
                          "agent's own address"),
                       scan->path, scan_line_of (scan, MAIN_GROUP, "home-agent"), value);
          return FALSE;
        }
    }
  else
    {
      struct in6_addr masked;

      if (!require_key (scan, kf, "home-prefix", cfg->role, "fec0:106:2700::/64", error) ||
          !reject_for_role (scan, kf, "home-address", cfg->role, error))
        return FALSE;
      value = get_value (kf, MAIN_GROUP, "home-prefix");
      if (!parse_address (scan, MAIN_GROUP, "home-prefix", value, TRUE, &cfg->home_prefix,
                          &cfg->home_prefix_len, error))
        return FALSE;
      masked = cfg->home_prefix;
      mip6_addr_mask_prefix (&masked, cfg->home_prefix_len);
      if (memcmp (&masked, &cfg->home_prefix, sizeof masked) != 0)
        {
          g_autofree char *want = addr_to_string (&masked);
          g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                       _ ("%s:%u: key 'home-prefix': '%s' has bits set after the prefix length, "
                          "write the prefix itself: %s/%u"),
                       scan->path, scan_line_of (scan, MAIN_GROUP, "home-prefix"), value, want,
                       cfg->home_prefix_len);
          return FALSE;
        }
      cfg->has_home_prefix = TRUE;
      g_clear_pointer (&value, g_free);
      value = get_value (kf, MAIN_GROUP, "home-agent");
      if (value != NULL)
        {
          if (!parse_address (scan, MAIN_GROUP, "home-agent", value, FALSE, &cfg->home_agent, NULL,
                              error))
            return FALSE;
          if (!mip6_addr_in_prefix (&cfg->home_agent, &cfg->home_prefix, cfg->home_prefix_len))
            {
              g_autofree char *prefix = mip6_config_dup_home_prefix (cfg);
              g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                           _ ("%s:%u: key 'home-agent': %s is not on home-prefix %s, the home "
                              "agent's address must be on the home link"),
                           scan->path, scan_line_of (scan, MAIN_GROUP, "home-agent"), value,
                           prefix);
              return FALSE;
            }
          cfg->has_home_agent = TRUE;
        }
      if (!parse_home_agent_policy (scan, kf, cfg, error))
        return FALSE;
    }
  return TRUE;
}

Mip6Config *
mip6_config_parse (const char *path, const char *text, gsize length, GError **error)
{
  g_autoptr (Mip6Config) cfg = g_new0 (Mip6Config, 1);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *copy = g_strndup (text, length);
  g_autoptr (GError) local = NULL;
  g_auto (GStrv) groups = NULL;
  Scan scan = { path, lines, 0 };

  cfg->path = g_strdup (path);
  cfg->networks = g_ptr_array_new_with_free_func (network_free);

  if (!g_utf8_validate (copy, -1, NULL) || strlen (copy) != length)
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s: the file is not UTF-8 text, save it as plain text"), path);
      return NULL;
    }
  if (!scan_lines (&scan, copy, error))
    return NULL;
  if (!g_key_file_load_from_data (kf, text, length, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG, "%s: %s", path, local->message);
      return NULL;
    }

  scan.main_line = scan_line_of (&scan, MAIN_GROUP, NULL);
  if (scan.main_line == 0)
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s:1: group [%s] missing, the file must start with a [%s] line and its "
                      "keys (see mip6d.conf(5))"),
                   path, MAIN_GROUP, MAIN_GROUP);
      return NULL;
    }
  if (!parse_main (&scan, kf, cfg, error))
    return NULL;

  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i]; i++)
    {
      if (g_str_equal (groups[i], MAIN_GROUP))
        continue;
      if (g_str_has_prefix (groups[i], NETWORK_GROUP_PREFIX))
        {
          if (!parse_network (&scan, kf, cfg, groups[i], error))
            return NULL;
          continue;
        }
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s:%u: group [%s]: unknown group, allowed: [mip6d] and [network ESSID]"),
                   path, scan_line_of (&scan, groups[i], NULL), groups[i]);
      return NULL;
    }
  return g_steal_pointer (&cfg);
}

Mip6Config *
mip6_config_load (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr (GError) local = NULL;

  if (!g_file_get_contents (path, &text, &length, &local))
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s: cannot read the configuration: %s"), path, local->message);
      return NULL;
    }
  return mip6_config_parse (path, text, length, error);
}

void
mip6_config_free (Mip6Config *config)
{
  if (config == NULL)
    return;
  g_free (config->path);
  g_free (config->interface);
  if (config->allowed_home_addresses)
    g_array_unref (config->allowed_home_addresses);
  g_clear_pointer (&config->networks, g_ptr_array_unref);
  g_strfreev (config->interfaces);
  g_free (config);
}

char *
mip6_config_dup_home_address (const Mip6Config *config)
{
  g_autofree char *a = NULL;
  if (!config->has_home_address)
    return g_strdup ("");
  a = addr_to_string (&config->home_address);
  return g_strdup_printf ("%s/%u", a, config->home_address_plen);
}

char *
mip6_config_dup_home_agent (const Mip6Config *config)
{
  return config->has_home_agent ? addr_to_string (&config->home_agent) : g_strdup ("");
}

char *
mip6_config_dup_home_prefix (const Mip6Config *config)
{
  g_autofree char *a = NULL;
  if (!config->has_home_prefix)
    return g_strdup ("");
  a = addr_to_string (&config->home_prefix);
  return g_strdup_printf ("%s/%u", a, config->home_prefix_len);
}

const Mip6NetworkConfig *
mip6_config_find_network (const Mip6Config *config, const char *name)
{
  for (guint i = 0; i < config->networks->len; i++)
    {
      const Mip6NetworkConfig *net = g_ptr_array_index (config->networks, i);
      if (g_str_equal (net->name, name))
        return net;
    }
  return NULL;
}

const Mip6NetworkConfig *
mip6_config_find_network_by_ssid (const Mip6Config *config, GBytes *ssid)
{
  for (guint i = 0; ssid && i < config->networks->len; i++)
    {
      const Mip6NetworkConfig *net = g_ptr_array_index (config->networks, i);
      if (g_bytes_equal (net->ssid, ssid))
        return net;
    }
  return NULL;
}

gboolean
mip6_config_has_keys (const Mip6Config *config)
{
  for (guint i = 0; i < config->networks->len; i++)
    if (((const Mip6NetworkConfig *) g_ptr_array_index (config->networks, i))->key_file)
      return TRUE;
  return FALSE;
}
