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
static const char *const network_keys[] = { "security", "home" };
static const char *const securities[] = { "open", "wep", "wpa-psk", "wpa-eap" };

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

static gboolean
parse_network (Scan *scan, GKeyFile *kf, Mip6Config *cfg, const char *group, GError **error)
{
  const char *essid = group + strlen (NETWORK_GROUP_PREFIX);
  g_autofree char *security = NULL;
  g_autofree char *home = NULL;
  Mip6NetworkConfig *net;
  guint line = scan_line_of (scan, group, NULL);

  if (!check_known_keys (scan, kf, group, network_keys, G_N_ELEMENTS (network_keys), error))
    return FALSE;
  if (*essid == '\0' || strlen (essid) > 32)
    {
      g_set_error (
          error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
          _ ("%s:%u: group [%s]: the ESSID must be 1 to 32 bytes, as in [network homenet]"),
          scan->path, line, group);
      return FALSE;
    }
  if (cfg->role != MIP6_ROLE_MOBILE_NODE)
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s:%u: group [%s]: networks are only used when role=mobile-node, remove "
                      "the group"),
                   scan->path, line, group);
      return FALSE;
    }
  security = get_value (kf, group, "security");
  if (security && !name_in (securities, G_N_ELEMENTS (securities), security))
    {
      g_autofree char *allowed = join_names (securities, G_N_ELEMENTS (securities));
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s:%u: key 'security': '%s' is not a known security, allowed: %s"),
                   scan->path, scan_line_of (scan, group, "security"), security, allowed);
      return FALSE;
    }
  home = get_value (kf, group, "home");
  if (home && !g_str_equal (home, "true") && !g_str_equal (home, "false"))
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s:%u: key 'home': '%s' is not a boolean, allowed: true, false"), scan->path,
                   scan_line_of (scan, group, "home"), home);
      return FALSE;
    }
  net = g_new0 (Mip6NetworkConfig, 1);
  net->essid = g_strdup (essid);
  net->security = g_strdup (security ? security : "open");
  net->home = home && g_str_equal (home, "true");
  g_ptr_array_add (cfg->networks, net);
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
  if (*iface == '\0' || strlen (iface) > 15 || strpbrk (iface, "/ \t:") != NULL ||
      g_str_equal (iface, ".") || g_str_equal (iface, ".."))
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("%s:%u: key 'interface': '%s' is not an interface name, allowed: 1 to 15 "
                      "characters without '/', ':' or spaces, for example wlan0"),
                   scan->path, scan_line_of (scan, MAIN_GROUP, "interface"), iface);
      return FALSE;
    }
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
  cfg->networks = g_ptr_array_new ();

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

static void
network_free (gpointer p)
{
  Mip6NetworkConfig *net = p;
  g_free (net->essid);
  g_free (net->security);
  g_free (net);
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
  if (config->networks)
    {
      g_ptr_array_set_free_func (config->networks, network_free);
      g_ptr_array_unref (config->networks);
    }
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
mip6_config_find_network (const Mip6Config *config, const char *essid)
{
  for (guint i = 0; i < config->networks->len; i++)
    {
      const Mip6NetworkConfig *net = g_ptr_array_index (config->networks, i);
      if (g_str_equal (net->essid, essid))
        return net;
    }
  return NULL;
}
