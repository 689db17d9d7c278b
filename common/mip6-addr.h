/* mip6-addr.h — small helpers for IPv6 addresses as plain values, shared
 * by the daemon's modules. */
#pragma once

#include <glib.h>
#include <netinet/in.h>

/* For GHashTable keys that are struct in6_addr *. */
guint mip6_addr_hash (gconstpointer addr);
gboolean mip6_addr_equal (gconstpointer a, gconstpointer b);

/* Whether the first @plen bits of @addr are those of @prefix. */
gboolean mip6_addr_in_prefix (const struct in6_addr *addr, const struct in6_addr *prefix,
                              guint plen);

/* Clears the bits of @addr after the first @plen: the prefix itself. */
void mip6_addr_mask_prefix (struct in6_addr *addr, guint plen);

/* The link-local address (fe80::/64) with the interface identifier of
 * @addr (its last 64 bits, RFC 4291 §2.5.1, §2.5.6). */
struct in6_addr mip6_addr_link_local_of (const struct in6_addr *addr);

/* RFC 2526 §3: the anycast identifier of the Mobile IPv6 Home-Agents
 * anycast address (RFC 6275 §10.5, §11.4.1). */
#define MIP6_ADDR_ANYCAST_ID_HOME_AGENTS 0x7e

/* The Mobile IPv6 Home-Agents anycast address of the subnet @prefix/@plen
 * (RFC 2526 §2, §3): every bit after the prefix set but the last seven,
 * which hold the anycast identifier, and for a 64-bit prefix (EUI-64
 * interface identifiers) the universal/local bit cleared, which gives
 * PREFIX:fdff:ffff:ffff:fffe. @plen must be at most 120. */
void mip6_addr_home_agents_anycast (const struct in6_addr *prefix, guint plen,
                                    struct in6_addr *out);
