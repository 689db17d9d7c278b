/* configuration.h: mip6d.conf, read and validated as a whole.
 *
 * A configuration is either entirely valid or rejected with one message of
 * the form "FILE:LINE: key 'x': what is wrong, what is allowed"; nothing is
 * applied from a file that has an error (mip6d.conf(5)).
 */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "proto/mh.h"
#include "mip6-enums.h"

G_BEGIN_DECLS

/* RFC 6275 §6.1.7: one unit of the Lifetime field up to its largest value. */
#define MIP6_CONFIG_LIFETIME_MIN MIP6_MH_LIFETIME_UNIT_S
#define MIP6_CONFIG_LIFETIME_MAX MIP6_MH_LIFETIME_MAX_S
#define MIP6_CONFIG_LIFETIME_DEFAULT 420u
#define MIP6_CONFIG_MAX_BINDINGS_DEFAULT 128u

/* How a known network is joined ([network NAME] security=). */
typedef enum
{
  MIP6_SECURITY_OPEN,
  MIP6_SECURITY_WEP,
  MIP6_SECURITY_WPA_PSK,
  MIP6_SECURITY_SAE,
  /* connection=: an existing NetworkManager profile says (WPA-Enterprise,
   * for one); mip6d does not know which. */
  MIP6_SECURITY_PROFILE,
} Mip6Security;

/* What NetworkManager's wep-key-type means (NM_WEP_KEY_TYPE_*). */
typedef enum
{
  MIP6_WEP_KEY_TYPE_UNSET = 0, /* decided from the key's form */
  MIP6_WEP_KEY_TYPE_KEY = 1,
  MIP6_WEP_KEY_TYPE_PASSPHRASE = 2,
} Mip6WepKeyType;

/* Preference among visible known networks: larger first (priority=). */
#define MIP6_NETWORK_PRIORITY_MIN (-1000)
#define MIP6_NETWORK_PRIORITY_MAX 1000

typedef struct
{
  char *name;   /* [network NAME]: the ESSID as text, as Roam() names it */
  GBytes *ssid; /* its octets: NAME's, or ssid-hex= for SSIDs that are not UTF-8 */
  Mip6Security security;
  char *key_file; /* wep, wpa-psk, sae: root's own file holding the key */
  Mip6WepKeyType wep_key_type;
  char *connection; /* connection=: a NetworkManager profile's id or UUID */
  gboolean home;
  gint priority;
  guint line; /* of the group, for messages */
} Mip6NetworkConfig;

/* "open", "wep", "wpa-psk", "sae" or "profile". */
const char *mip6_security_to_string (Mip6Security security);

typedef struct
{
  char *path;
  Mip6Role role;
  guint role_line; /* where role is set, else the [mip6d] line: for messages */
  char *interface; /* as written: "wlan0", "eth0 wlan0" or "auto" */
  /* Mobile node: the interfaces to use, in order of preference; NULL with
   * interface=auto (NetworkManager's primary connection decides). */
  GStrv interfaces;
  Mip6Datapath datapath;
  guint binding_lifetime; /* seconds */

  /* mobile node */
  gboolean has_home_address;
  struct in6_addr home_address;
  guint home_address_plen;

  /* mobile node: its home agent; home agent: its own address (optional) */
  gboolean has_home_agent;
  struct in6_addr home_agent;

  /* home agent */
  gboolean has_home_prefix;
  struct in6_addr home_prefix;
  guint home_prefix_len;

  guint max_bindings;             /* home agent: at most this many (→ status 130) */
  gint16 home_agent_preference;   /* home agent: RFC 6275 §7.4, its place in DHAAD replies */
  GArray *allowed_home_addresses; /* home agent: struct in6_addr; empty: any (→ 129) */
  GPtrArray *networks;            /* Mip6NetworkConfig *, mobile node only */
} Mip6Config;

Mip6Config *mip6_config_load (const char *path, GError **error);
Mip6Config *mip6_config_parse (const char *path, const char *text, gsize length, GError **error);
void mip6_config_free (Mip6Config *config);

/* "fec0:106:2700::4/64" and friends, newly allocated; "" when unset. */
char *mip6_config_dup_home_address (const Mip6Config *config);
char *mip6_config_dup_home_agent (const Mip6Config *config);
char *mip6_config_dup_home_prefix (const Mip6Config *config);

/* The [network NAME] group, by NAME or by SSID octets. */
const Mip6NetworkConfig *mip6_config_find_network (const Mip6Config *config, const char *name);
const Mip6NetworkConfig *mip6_config_find_network_by_ssid (const Mip6Config *config, GBytes *ssid);
/* Whether any network's key is kept in a key file. */
gboolean mip6_config_has_keys (const Mip6Config *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Config, mip6_config_free)

G_END_DECLS
