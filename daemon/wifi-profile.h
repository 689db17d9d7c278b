/* wifi-profile.h: mip6d's NetworkManager profile for a configured network,
 * and what mip6d reads from NM's Wi-Fi objects. Pure functions of their
 * arguments: no NMClient, no D-Bus (tests/unit/nm/ checks them).
 */
#pragma once

#include <NetworkManager.h>

#include "configuration.h"

G_BEGIN_DECLS

/* "mip6: NAME": how mip6d's profile for [network NAME] is called (nmcli
 * connection show lists it so). Not translated: mip6d finds its profile
 * by this id whatever the locale. */
char *mip6_wifi_profile_id (const Mip6NetworkConfig *net);

/* The profile mip6d adds to NetworkManager (in memory only) to join @net:
 * @key is the network's key (NULL for an open network), @uuid the
 * profile's. NULL for a network that names a profile of its own
 * (connection=): those are used as they are. The profile holds its copy of
 * @key (NMSettingWirelessSecurity's); the caller wipes its own. */
NMConnection *mip6_wifi_profile_new (const Mip6NetworkConfig *net, const char *key,
                                     const char *uuid);

/* Whether @connection is one of mip6d's profiles (user setting
 * org.mip6.managed=yes), ours to update and delete. */
gboolean mip6_wifi_profile_is_own (NMConnection *connection);

/* MIP6_SECURITY_BIT()s an access point offers, from its flags, WPA and RSN
 * flags (NM_802_11_AP_*). */
guint mip6_wifi_ap_securities (NM80211ApFlags flags, NM80211ApSecurityFlags wpa_flags,
                               NM80211ApSecurityFlags rsn_flags);

/* Why NetworkManager ended an activation, as a translated clause to follow
 * "because" ("the access point refused the key"): from the device's state
 * reason, else from the active connection's. NULL when neither says. */
char *mip6_wifi_failure_text (NMDeviceStateReason device_reason,
                              NMActiveConnectionStateReason active_reason);

G_END_DECLS
