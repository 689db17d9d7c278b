/* mip6d's NetworkManager profiles (daemon/wifi-profile.c), as NM receives
 * them: each setting of the D-Bus form, by the names nm-settings-nmcli(5)
 * and nm-settings-dbus(5) document, for each security; and what mip6d reads
 * from access points. */
#include "config.h"

#include <string.h>

#include "network-list.h"
#include "network-manager.h"
#include "wifi-profile.h"

#define UUID "0b3c5f5e-9d2a-4c43-8e7a-6a7f4a3e1d20"

static Mip6NetworkConfig *
network (const char *name, Mip6Security security, Mip6WepKeyType wep_key_type)
{
  Mip6NetworkConfig *net = g_new0 (Mip6NetworkConfig, 1);
  net->name = g_strdup (name);
  net->ssid = g_bytes_new (name, strlen (name));
  net->security = security;
  net->wep_key_type = wep_key_type;
  if (security != MIP6_SECURITY_OPEN)
    net->key_file = g_strdup ("/etc/mip6/test.key");
  return net;
}

static void
network_free (Mip6NetworkConfig *net)
{
  g_free (net->name);
  g_bytes_unref (net->ssid);
  g_free (net->key_file);
  g_free (net->connection);
  g_free (net);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6NetworkConfig, network_free)

static gint
by_text (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The profile as NM's D-Bus API receives it, one "setting.property=value"
 * per line, sorted. Empty arrays are left out: libnm sends some whatever
 * is set (permissions, address-data, ...), and an empty one is what NM
 * assumes without it. */
static char *
dbus_form (NMConnection *c)
{
  g_autoptr (GVariant) v =
      g_variant_ref_sink (nm_connection_to_dbus (c, NM_CONNECTION_SERIALIZE_ALL));
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GVariantIter settings, props;
  const char *setting, *prop;
  GVariant *dict, *value;

  g_variant_iter_init (&settings, v);
  while (g_variant_iter_next (&settings, "{&s@a{sv}}", &setting, &dict))
    {
      g_variant_iter_init (&props, dict);
      while (g_variant_iter_next (&props, "{&sv}", &prop, &value))
        {
          if (g_variant_is_container (value) && g_variant_n_children (value) == 0)
            ;
          else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BYTESTRING))
            {
              gsize n;
              const char *octets = g_variant_get_fixed_array (value, &n, 1);
              g_ptr_array_add (lines,
                               g_strdup_printf ("%s.%s=b'%.*s'", setting, prop, (int) n, octets));
            }
          else
            {
              g_autofree char *text = g_variant_print (value, TRUE);
              g_ptr_array_add (lines, g_strdup_printf ("%s.%s=%s", setting, prop, text));
            }
          g_variant_unref (value);
        }
      g_variant_unref (dict);
    }
  g_ptr_array_sort (lines, by_text);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static char *
sorted (const char *const *lines)
{
  g_autoptr (GPtrArray) a = g_ptr_array_new ();
  for (; *lines; lines++)
    g_ptr_array_add (a, (gpointer) *lines);
  g_ptr_array_sort (a, by_text);
  g_ptr_array_add (a, NULL);
  return g_strjoinv ("\n", (char **) a->pdata);
}

/* What every profile of mip6d's has, for the network called @name. */
#define COMMON(name)                                                                               \
  "connection.autoconnect=false", "connection.id='mip6: " name "'",                                \
      "connection.stable-id='mip6: " name "'", "connection.type='802-11-wireless'",                \
      "connection.uuid='" UUID "'", "user.data={'org.mip6.managed': 'yes'}",                       \
      "802-11-wireless.ssid=b'" name "'", "802-11-wireless.mode='infrastructure'",                 \
      "ipv4.method='auto'", "ipv6.method='auto'"

/* libnm adds it whenever a security setting is there (nm-settings-dbus(5):
 * deprecated, for old NetworkManagers). */
#define LEGACY_SECURITY "802-11-wireless.security='802-11-wireless-security'"

static void
check_profile (NMConnection *c, const char *const *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *got = dbus_form (c);
  g_autofree char *want = sorted (expected);

  g_assert_cmpstr (got, ==, want);
  g_assert_true (nm_connection_verify (c, &error));
  g_assert_no_error (error);
  g_assert_true (nm_connection_verify_secrets (c, &error));
  g_assert_no_error (error);
  g_assert_true (mip6_wifi_profile_is_own (c));
}

static void
test_wpa_psk (void)
{
  g_autoptr (Mip6NetworkConfig) net = network ("homenet", MIP6_SECURITY_WPA_PSK, 0);
  g_autoptr (NMConnection) c = mip6_wifi_profile_new (net, "correct horse battery", UUID);
  const char *const expected[] = { COMMON ("homenet"), LEGACY_SECURITY,
                                   "802-11-wireless-security.key-mgmt='wpa-psk'",
                                   "802-11-wireless-security.psk='correct horse battery'", NULL };
  check_profile (c, expected);
  /* System-owned: NM keeps the key itself, no secret agent is asked. */
  NMSettingWirelessSecurity *s = nm_connection_get_setting_wireless_security (c);
  g_assert_cmpint (nm_setting_wireless_security_get_psk_flags (s), ==, NM_SETTING_SECRET_FLAG_NONE);
}

static void
test_sae (void)
{
  g_autoptr (Mip6NetworkConfig) net = network ("wpa3net", MIP6_SECURITY_SAE, 0);
  g_autoptr (NMConnection) c = mip6_wifi_profile_new (net, "sae password", UUID);
  /* NM keeps the SAE password in psk (nm-settings-nmcli(5)). */
  const char *const expected[] = { COMMON ("wpa3net"), LEGACY_SECURITY,
                                   "802-11-wireless-security.key-mgmt='sae'",
                                   "802-11-wireless-security.psk='sae password'", NULL };
  check_profile (c, expected);
}

typedef struct
{
  const char *key;
  Mip6WepKeyType configured;
  const char *wep_key_type; /* as sent: NM_WEP_KEY_TYPE_KEY 1, PASSPHRASE 2 */
} WepCase;

static void
test_wep (void)
{
  const WepCase cases[] = {
    { "abcde", MIP6_WEP_KEY_TYPE_UNSET, "uint32 1" },      /* 40-bit, ASCII */
    { "0123456789", MIP6_WEP_KEY_TYPE_UNSET, "uint32 1" }, /* 40-bit, hex */
    { "0123456789abcdef0123456789", MIP6_WEP_KEY_TYPE_UNSET, "uint32 1" },
    { "a WEP passphrase", MIP6_WEP_KEY_TYPE_UNSET, "uint32 2" },
    { "abcde", MIP6_WEP_KEY_TYPE_PASSPHRASE, "uint32 2" }, /* wep-key-type = passphrase */
    { "13 characters", MIP6_WEP_KEY_TYPE_KEY, "uint32 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (Mip6NetworkConfig) net =
          network ("visitnet", MIP6_SECURITY_WEP, cases[i].configured);
      g_autoptr (NMConnection) c = mip6_wifi_profile_new (net, cases[i].key, UUID);
      g_autofree char *key0 =
          g_strdup_printf ("802-11-wireless-security.wep-key0='%s'", cases[i].key);
      g_autofree char *type =
          g_strdup_printf ("802-11-wireless-security.wep-key-type=%s", cases[i].wep_key_type);
      /* wep-tx-keyidx 0 is NM's default, so D-Bus does not carry it. */
      const char *const expected[] = { COMMON ("visitnet"),
                                       LEGACY_SECURITY,
                                       "802-11-wireless-security.key-mgmt='none'",
                                       key0,
                                       type,
                                       NULL };
      check_profile (c, expected);
      NMSettingWirelessSecurity *s = nm_connection_get_setting_wireless_security (c);
      g_assert_cmpuint (nm_setting_wireless_security_get_wep_tx_keyidx (s), ==, 0);
      g_assert_cmpint (nm_setting_wireless_security_get_wep_key_flags (s), ==,
                       NM_SETTING_SECRET_FLAG_NONE);
    }
}

static void
test_open (void)
{
  g_autoptr (Mip6NetworkConfig) net = network ("visitnet2", MIP6_SECURITY_OPEN, 0);
  g_autoptr (NMConnection) c = mip6_wifi_profile_new (net, NULL, UUID);
  const char *const expected[] = { COMMON ("visitnet2"), NULL };
  check_profile (c, expected);
  g_assert_null (nm_connection_get_setting_wireless_security (c));
}

static void
test_ipv6_addresses (void)
{
  g_autoptr (Mip6NetworkConfig) net = network ("visitnet2", MIP6_SECURITY_OPEN, 0);
  g_autoptr (NMConnection) c = mip6_wifi_profile_new (net, NULL, UUID);
  NMSettingIP6Config *s = NM_SETTING_IP6_CONFIG (nm_connection_get_setting_ip6_config (c));
  /* The site's default, stable-privacy (RFC 7217) without one: not EUI-64,
   * which would show the MAC address in every care-of address. */
  g_assert_cmpint (nm_setting_ip6_config_get_addr_gen_mode (s), ==,
                   NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_DEFAULT);
  g_assert_cmpint (nm_setting_ip6_config_get_ip6_privacy (s), ==,
                   NM_SETTING_IP6_CONFIG_PRIVACY_UNKNOWN);
  g_assert_true (nm_setting_ip_config_get_may_fail (NM_SETTING_IP_CONFIG (s)));
  g_assert_true (nm_setting_ip_config_get_may_fail (
      NM_SETTING_IP_CONFIG (nm_connection_get_setting_ip4_config (c))));
}

static void
test_non_utf8_ssid (void)
{
  g_autoptr (Mip6NetworkConfig) net = network ("odd", MIP6_SECURITY_OPEN, 0);
  g_bytes_unref (net->ssid);
  net->ssid = g_bytes_new ("\xff\x00z", 3);
  g_autoptr (NMConnection) c = mip6_wifi_profile_new (net, NULL, UUID);
  GBytes *ssid = nm_setting_wireless_get_ssid (nm_connection_get_setting_wireless (c));
  g_assert_true (g_bytes_equal (ssid, net->ssid));
}

static void
test_is_own (void)
{
  g_autoptr (NMConnection) plain = nm_simple_connection_new ();
  nm_connection_add_setting (plain, nm_setting_connection_new ());
  g_assert_false (mip6_wifi_profile_is_own (plain));

  NMSetting *s_user = nm_setting_user_new ();
  g_assert_true (
      nm_setting_user_set_data (NM_SETTING_USER (s_user), MIP6_NM_USER_KEY_MANAGED, "no", NULL));
  nm_connection_add_setting (plain, s_user);
  g_assert_false (mip6_wifi_profile_is_own (plain));
}

static void
test_ap_securities (void)
{
  const guint OPEN = MIP6_SECURITY_BIT (MIP6_SECURITY_OPEN);
  const guint WEP = MIP6_SECURITY_BIT (MIP6_SECURITY_WEP);
  const guint PSK = MIP6_SECURITY_BIT (MIP6_SECURITY_WPA_PSK);
  const guint SAE = MIP6_SECURITY_BIT (MIP6_SECURITY_SAE);
  const guint EAP = MIP6_SECURITY_BIT (MIP6_SECURITY_PROFILE);
  const NM80211ApFlags P = NM_802_11_AP_FLAGS_PRIVACY;
  const NM80211ApSecurityFlags CCMP = NM_802_11_AP_SEC_PAIR_CCMP | NM_802_11_AP_SEC_GROUP_CCMP;

  g_assert_cmphex (mip6_wifi_ap_securities (0, 0, 0), ==, OPEN);
  g_assert_cmphex (mip6_wifi_ap_securities (P, 0, 0), ==, WEP);
  g_assert_cmphex (mip6_wifi_ap_securities (P, 0, CCMP | NM_802_11_AP_SEC_KEY_MGMT_PSK), ==, PSK);
  g_assert_cmphex (
      mip6_wifi_ap_securities (P, NM_802_11_AP_SEC_PAIR_TKIP | NM_802_11_AP_SEC_KEY_MGMT_PSK, 0),
      ==, PSK);
  g_assert_cmphex (mip6_wifi_ap_securities (P, 0, CCMP | NM_802_11_AP_SEC_KEY_MGMT_SAE), ==, SAE);
  /* WPA3 transition mode offers both. */
  g_assert_cmphex (mip6_wifi_ap_securities (
                       P, 0, CCMP | NM_802_11_AP_SEC_KEY_MGMT_PSK | NM_802_11_AP_SEC_KEY_MGMT_SAE),
                   ==, PSK | SAE);
  g_assert_cmphex (mip6_wifi_ap_securities (P, 0, CCMP | NM_802_11_AP_SEC_KEY_MGMT_802_1X), ==,
                   EAP);
  g_assert_cmphex (mip6_wifi_ap_securities (P, 0, CCMP | NM_802_11_AP_SEC_KEY_MGMT_EAP_SUITE_B_192),
                   ==, EAP);
  /* Enhanced Open is not open. */
  g_assert_cmphex (mip6_wifi_ap_securities (0, 0, CCMP | NM_802_11_AP_SEC_KEY_MGMT_OWE), ==, 0);
}

static void
test_ssid_display (void)
{
  const struct
  {
    const char *octets;
    gsize len;
    const char *display;
  } cases[] = {
    { "homenet", 7, "homenet" },
    { "caf\xc3\xa9", 5, "caf\xc3\xa9" },
    { "\xff\x01"
      "ab",
      4, "\\xff\\x01ab" },
    { "a\0b", 3, "a\\x00b" },
    { "\xc3", 1, "\\xc3" }, /* a truncated sequence */
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) ssid = g_bytes_new (cases[i].octets, cases[i].len);
      g_autofree char *display = mip6_ssid_to_display (ssid);
      g_assert_cmpstr (display, ==, cases[i].display);
    }
}

static void
test_failure_text (void)
{
  g_autofree char *none = mip6_wifi_failure_text (NM_DEVICE_STATE_REASON_NONE,
                                                  NM_ACTIVE_CONNECTION_STATE_REASON_UNKNOWN);
  g_assert_null (none);
  g_autofree char *key = mip6_wifi_failure_text (NM_DEVICE_STATE_REASON_NO_SECRETS,
                                                 NM_ACTIVE_CONNECTION_STATE_REASON_NONE);
  g_assert_cmpstr (key, ==, "the access point did not accept the key");
  /* The device says more than the active connection. */
  g_autofree char *range = mip6_wifi_failure_text (
      NM_DEVICE_STATE_REASON_SSID_NOT_FOUND, NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED);
  g_assert_cmpstr (range, ==, "the network is out of range");
  g_autofree char *timeout = mip6_wifi_failure_text (
      NM_DEVICE_STATE_REASON_UNKNOWN, NM_ACTIVE_CONNECTION_STATE_REASON_CONNECT_TIMEOUT);
  g_assert_cmpstr (timeout, ==, "connecting took too long");
  /* One no Wi-Fi activation should end with: NM's own name for it. */
  g_autofree char *modem = mip6_wifi_failure_text (NM_DEVICE_STATE_REASON_MODEM_BUSY,
                                                   NM_ACTIVE_CONNECTION_STATE_REASON_NONE);
  g_assert_cmpstr (modem, ==, "of NetworkManager's device state reason 'modem-busy'");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nm/profile/wpa-psk", test_wpa_psk);
  g_test_add_func ("/nm/profile/sae", test_sae);
  g_test_add_func ("/nm/profile/wep", test_wep);
  g_test_add_func ("/nm/profile/open", test_open);
  g_test_add_func ("/nm/profile/ipv6-addresses", test_ipv6_addresses);
  g_test_add_func ("/nm/profile/non-utf8-ssid", test_non_utf8_ssid);
  g_test_add_func ("/nm/profile/is-own", test_is_own);
  g_test_add_func ("/nm/access-point/securities", test_ap_securities);
  g_test_add_func ("/nm/access-point/ssid-display", test_ssid_display);
  g_test_add_func ("/nm/failure-text", test_failure_text);
  return g_test_run ();
}
