/* interface-choice.h: which interface the mobile node uses now.
 *
 * interface = eth0 wlan0: the first in that order whose link is up (a
 * docked laptop uses the dock's Ethernet, undocked its Wi-Fi). interface =
 * auto: NetworkManager's primary connection's interface; without
 * NetworkManager (or without a primary connection) the one in use stays
 * while its link is up, else the first Ethernet-like link that is up.
 * Changing interface is a handover like any other.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  gboolean usable;   /* exists, up, with a carrier */
  gboolean ethernet; /* ARPHRD_ETHER and not a bridge, bond port or mip6's own */
} Mip6InterfaceState;

/* @preference: the configured list, NULL for auto. @links: every link
 * known. @primary: NetworkManager's primary connection's interface or
 * NULL. @current: the one in use or NULL. Returns one of the names, or
 * NULL when no interface can be used; with a list and no usable link, the
 * one in use stays (detached) while it exists, else the first that exists. */
const char *mip6_interface_choose (const char *const *preference, const Mip6InterfaceState *links,
                                   guint n_links, const char *primary, const char *current);

G_END_DECLS
