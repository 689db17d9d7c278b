/* wifi-profile.c: the profile mip6d joins a configured network with, and
 * what it reads from NetworkManager's access points. Setting and property
 * names are NM's (nm-settings-nmcli(5)). */
#include "config.h"
#include "wifi-profile.h"

#include <glib/gi18n.h>

#include "key-file.h"
#include "network-manager.h"

char *
mip6_wifi_profile_id (const Mip6NetworkConfig *net)
{
  return g_strconcat ("mip6: ", net->name, NULL);
}

static void
add_security (NMConnection *c, const Mip6NetworkConfig *net, const char *key)
{
  NMSetting *s = nm_setting_wireless_security_new ();

  switch (net->security)
    {
    case MIP6_SECURITY_WEP:
      {
        NMWepKeyType type;
        if (net->wep_key_type == MIP6_WEP_KEY_TYPE_KEY)
          type = NM_WEP_KEY_TYPE_KEY;
        else if (net->wep_key_type == MIP6_WEP_KEY_TYPE_PASSPHRASE)
          type = NM_WEP_KEY_TYPE_PASSPHRASE;
        else
          /* Unset: the key's form decides, as key-file.c validated it
           * (5 or 13 characters, 10 or 26 hex digits are a key). */
          type = mip6_key_is_wep_key (key) ? NM_WEP_KEY_TYPE_KEY : NM_WEP_KEY_TYPE_PASSPHRASE;
        /* key-mgmt "none" is static WEP; auth-alg stays unset, which is
         * open-system authentication (nm-settings-nmcli(5)). */
        g_object_set (s, NM_SETTING_WIRELESS_SECURITY_KEY_MGMT, "none",
                      NM_SETTING_WIRELESS_SECURITY_WEP_KEY_TYPE, type,
                      NM_SETTING_WIRELESS_SECURITY_WEP_TX_KEYIDX, 0u,
                      NM_SETTING_WIRELESS_SECURITY_WEP_KEY_FLAGS, NM_SETTING_SECRET_FLAG_NONE,
                      NULL);
        nm_setting_wireless_security_set_wep_key (NM_SETTING_WIRELESS_SECURITY (s), 0, key);
        break;
      }
    case MIP6_SECURITY_WPA_PSK:
    case MIP6_SECURITY_SAE:
      /* NM keeps the SAE password in psk too. */
      g_object_set (s, NM_SETTING_WIRELESS_SECURITY_KEY_MGMT,
                    net->security == MIP6_SECURITY_SAE ? "sae" : "wpa-psk",
                    NM_SETTING_WIRELESS_SECURITY_PSK, key, NM_SETTING_WIRELESS_SECURITY_PSK_FLAGS,
                    NM_SETTING_SECRET_FLAG_NONE, NULL);
      break;
    default:
      g_assert_not_reached ();
    }
  nm_connection_add_setting (c, s);
}

NMConnection *
mip6_wifi_profile_new (const Mip6NetworkConfig *net, const char *key, const char *uuid)
{
  g_return_val_if_fail (net->connection == NULL && net->security != MIP6_SECURITY_PROFILE, NULL);
  g_return_val_if_fail ((key != NULL) == (net->security != MIP6_SECURITY_OPEN), NULL);

  NMConnection *c = nm_simple_connection_new ();
  g_autofree char *id = mip6_wifi_profile_id (net);

  /* autoconnect off: mip6d decides when to join (priority=, its movement
   * detection), NM never picks this profile by itself. The stable-id keeps
   * what NM derives from it (RFC 7217 addresses, a "stable" cloned MAC)
   * the same for this network from one mip6d run to the next, though the
   * UUID is new each time. */
  NMSetting *s_con = nm_setting_connection_new ();
  g_object_set (s_con, NM_SETTING_CONNECTION_ID, id, NM_SETTING_CONNECTION_UUID, uuid,
                NM_SETTING_CONNECTION_STABLE_ID, id, NM_SETTING_CONNECTION_TYPE,
                NM_SETTING_WIRELESS_SETTING_NAME, NM_SETTING_CONNECTION_AUTOCONNECT, FALSE, NULL);
  nm_connection_add_setting (c, s_con);

  NMSetting *s_user = nm_setting_user_new ();
  gboolean ok = nm_setting_user_set_data (NM_SETTING_USER (s_user), MIP6_NM_USER_KEY_MANAGED,
                                          MIP6_NM_USER_VALUE_MANAGED, NULL);
  g_assert (ok);
  nm_connection_add_setting (c, s_user);

  NMSetting *s_wifi = nm_setting_wireless_new ();
  g_object_set (s_wifi, NM_SETTING_WIRELESS_SSID, net->ssid, NM_SETTING_WIRELESS_MODE,
                NM_SETTING_WIRELESS_MODE_INFRA, NULL);
  nm_connection_add_setting (c, s_wifi);

  if (net->security != MIP6_SECURITY_OPEN)
    add_security (c, net, key);

  /* IPv4 auto: Mobile IPv6 carries only IPv6, and a visited network's IPv4
   * must keep working for the person (DESIGN.md: never worse off than
   * without mip6). IPv6 auto: NM does SLAAC itself and mip6d takes the
   * care-of address from what NM configures (RFC 6275 §11.5.3 asks for no
   * particular interface identifier). addr-gen-mode "default" follows the
   * site's global default, stable-privacy (RFC 7217) when there is none:
   * EUI-64 is not needed, and would put the MAC address in every care-of
   * address, trackable from one visited network to the next (RFC 8064).
   * ip6-privacy stays NM's default; the care-of address choice prefers
   * stable addresses to temporary ones (mn/coa.c). may-fail stays TRUE for
   * both: an IPv4-only network still gives the person IPv4. */
  NMSetting *s_ip4 = nm_setting_ip4_config_new ();
  g_object_set (s_ip4, NM_SETTING_IP_CONFIG_METHOD, NM_SETTING_IP4_CONFIG_METHOD_AUTO, NULL);
  nm_connection_add_setting (c, s_ip4);
  NMSetting *s_ip6 = nm_setting_ip6_config_new ();
  g_object_set (s_ip6, NM_SETTING_IP_CONFIG_METHOD, NM_SETTING_IP6_CONFIG_METHOD_AUTO,
                NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE, NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_DEFAULT,
                NULL);
  nm_connection_add_setting (c, s_ip6);
  return c;
}

gboolean
mip6_wifi_profile_is_own (NMConnection *connection)
{
  NMSettingUser *s_user =
      (NMSettingUser *) nm_connection_get_setting (connection, NM_TYPE_SETTING_USER);
  return s_user != NULL && g_strcmp0 (nm_setting_user_get_data (s_user, MIP6_NM_USER_KEY_MANAGED),
                                      MIP6_NM_USER_VALUE_MANAGED) == 0;
}

guint
mip6_wifi_ap_securities (NM80211ApFlags flags, NM80211ApSecurityFlags wpa_flags,
                         NM80211ApSecurityFlags rsn_flags)
{
  NM80211ApSecurityFlags key_mgmt = wpa_flags | rsn_flags;
  guint bits = 0;

  /* As NM's nm_utils_security_valid() reads them: privacy without any WPA
   * or RSN information element is static WEP; neither is open. */
  if (wpa_flags == NM_802_11_AP_SEC_NONE && rsn_flags == NM_802_11_AP_SEC_NONE)
    return MIP6_SECURITY_BIT ((flags & NM_802_11_AP_FLAGS_PRIVACY) ? MIP6_SECURITY_WEP
                                                                   : MIP6_SECURITY_OPEN);
  if (key_mgmt & NM_802_11_AP_SEC_KEY_MGMT_PSK)
    bits |= MIP6_SECURITY_BIT (MIP6_SECURITY_WPA_PSK);
  if (key_mgmt & NM_802_11_AP_SEC_KEY_MGMT_SAE)
    bits |= MIP6_SECURITY_BIT (MIP6_SECURITY_SAE);
  /* WPA-Enterprise needs a profile of the person's (connection=). */
  if (key_mgmt & (NM_802_11_AP_SEC_KEY_MGMT_802_1X | NM_802_11_AP_SEC_KEY_MGMT_EAP_SUITE_B_192))
    bits |= MIP6_SECURITY_BIT (MIP6_SECURITY_PROFILE);
  /* OWE (Enhanced Open) is none of mip6d's securities: such an access
   * point is not offered as open, which it is not. */
  return bits;
}

static const char *
device_clause (NMDeviceStateReason reason)
{
  switch (reason)
    {
    case NM_DEVICE_STATE_REASON_NO_SECRETS:
      /* What NM ends with when the 4-way handshake failed and nobody could
       * give it another key. */
      return _ ("the access point did not accept the key");
    case NM_DEVICE_STATE_REASON_SUPPLICANT_DISCONNECT:
      return _ ("the association was lost while authenticating; the key may be wrong");
    case NM_DEVICE_STATE_REASON_SUPPLICANT_CONFIG_FAILED:
      return _ ("wpa_supplicant refused the profile's security settings");
    case NM_DEVICE_STATE_REASON_SUPPLICANT_FAILED:
      return _ ("wpa_supplicant failed");
    case NM_DEVICE_STATE_REASON_SUPPLICANT_TIMEOUT:
      return _ ("authentication took too long; the network may be out of range or the key wrong");
    case NM_DEVICE_STATE_REASON_SSID_NOT_FOUND:
      return _ ("the network is out of range");
    case NM_DEVICE_STATE_REASON_IP_CONFIG_UNAVAILABLE:
      return _ ("no IP address could be configured (no router advertisement and no DHCP answer)");
    case NM_DEVICE_STATE_REASON_IP_CONFIG_EXPIRED:
      return _ ("its IP configuration expired");
    case NM_DEVICE_STATE_REASON_DHCP_START_FAILED:
    case NM_DEVICE_STATE_REASON_DHCP_ERROR:
    case NM_DEVICE_STATE_REASON_DHCP_FAILED:
      return _ ("DHCP failed");
    case NM_DEVICE_STATE_REASON_IP_ADDRESS_DUPLICATE:
      return _ ("another host on the network uses the same IP address");
    case NM_DEVICE_STATE_REASON_CONFIG_FAILED:
      return _ ("the device could not be prepared");
    case NM_DEVICE_STATE_REASON_REMOVED:
      return _ ("the device was removed");
    case NM_DEVICE_STATE_REASON_NOW_UNMANAGED:
      return _ ("NetworkManager stopped managing the device");
    case NM_DEVICE_STATE_REASON_SLEEPING:
      return _ ("NetworkManager went to sleep");
    case NM_DEVICE_STATE_REASON_CONNECTION_REMOVED:
      return _ ("the profile was deleted");
    case NM_DEVICE_STATE_REASON_USER_REQUESTED:
      return _ ("a person or another program disconnected the device");
    case NM_DEVICE_STATE_REASON_CARRIER:
      return _ ("the link went down");
    case NM_DEVICE_STATE_REASON_NEW_ACTIVATION:
      return _ ("another connection was started on the device");
    default:
      return NULL;
    }
}

static const char *
active_clause (NMActiveConnectionStateReason reason)
{
  switch (reason)
    {
    case NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED:
      return _ ("a person or another program disconnected it");
    case NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED:
      return _ ("the device disconnected");
    case NM_ACTIVE_CONNECTION_STATE_REASON_CONNECT_TIMEOUT:
      return _ ("connecting took too long");
    case NM_ACTIVE_CONNECTION_STATE_REASON_NO_SECRETS:
      return _ ("the access point did not accept the key");
    case NM_ACTIVE_CONNECTION_STATE_REASON_LOGIN_FAILED:
      return _ ("authentication failed");
    case NM_ACTIVE_CONNECTION_STATE_REASON_CONNECTION_REMOVED:
      return _ ("the profile was deleted");
    case NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_REMOVED:
      return _ ("the device was removed");
    case NM_ACTIVE_CONNECTION_STATE_REASON_IP_CONFIG_INVALID:
      return _ ("its IP configuration was invalid");
    default:
      return NULL;
    }
}

char *
mip6_wifi_failure_text (NMDeviceStateReason device_reason,
                        NMActiveConnectionStateReason active_reason)
{
  const char *text;

  if (device_reason != NM_DEVICE_STATE_REASON_NONE &&
      device_reason != NM_DEVICE_STATE_REASON_UNKNOWN)
    {
      text = device_clause (device_reason);
      if (text)
        return g_strdup (text);
      /* Reasons no Wi-Fi activation should end with: NM's own name for
       * it, which its documentation explains. */
      g_autofree char *nick = nm_utils_enum_to_str (NM_TYPE_DEVICE_STATE_REASON, device_reason);
      return g_strdup_printf (_ ("of NetworkManager's device state reason '%s'"), nick);
    }
  if (active_reason != NM_ACTIVE_CONNECTION_STATE_REASON_UNKNOWN &&
      active_reason != NM_ACTIVE_CONNECTION_STATE_REASON_NONE)
    {
      text = active_clause (active_reason);
      if (text)
        return g_strdup (text);
      g_autofree char *nick =
          nm_utils_enum_to_str (NM_TYPE_ACTIVE_CONNECTION_STATE_REASON, active_reason);
      return g_strdup_printf (_ ("of NetworkManager's connection state reason '%s'"), nick);
    }
  return NULL;
}
