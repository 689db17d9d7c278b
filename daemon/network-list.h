/* network-list.h: the list GetNetworks returns (org.mip6.MobileNode1).
 *
 * Built from the configured networks and what NetworkManager sees; a key
 * whose value is not known is left out, never given as false or 0. */
#pragma once

#include <glib.h>

#include "configuration.h"
#include "network-manager.h"

G_BEGIN_DECLS

/* @visible: Mip6VisibleNetwork *, or NULL while NetworkManager is not
 * running (visibility and "current" unknown). @current_ssid: the network
 * of the interface in use, NULL when it is not Wi-Fi or has none.
 * Returns a floating aa{sv}. */
GVariant *mip6_network_list_build (const GPtrArray *configured, const GPtrArray *visible,
                                   GBytes *current_ssid, const char *current_interface);

/* Whether two lists differ for NetworksChanged: signals count by tenths
 * of the scale, so a signal that wobbles does not flood clients. */
gboolean mip6_network_list_differs (GVariant *a, GVariant *b);

/* An SSID as text: UTF-8 as it is, other octets (and control characters)
 * as \xNN. Newly allocated. */
char *mip6_ssid_to_display (GBytes *ssid);

/* "open", "wep", "wpa-psk", "sae" or "wpa-eap": the strongest of the
 * MIP6_SECURITY_BIT()s @offered; NULL for none. */
const char *mip6_network_offered_security (guint offered);

G_END_DECLS
