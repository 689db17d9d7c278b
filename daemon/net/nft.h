/* nft.h — mip6d's own netfilter table ("ip6 mip6d"), for the packet checks
 * the kernel cannot be told any other way. Made at start (after removing
 * what a killed mip6d left of it), removed on stop: nothing of it outlives
 * mip6d.
 *
 * - Home agent, kernel data path: a packet decapsulated from a mobile
 *   node's tunnel must come from the home address bound to that tunnel's
 *   care-of address (RFC 6275 §10.4.5); an ip6tnl link checks only the
 *   outer addresses.
 * - Userspace data path: mip6d itself handles the Mobility Header and the
 *   Home Address option, which such a kernel does not know; the kernel's
 *   own ICMP Parameter Problem about those packets would contradict the
 *   answer mip6d gives, so it is not sent.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gio/gio.h>
#include <netinet/in.h>

typedef struct _Mip6Nft Mip6Nft;

/* The table with its chains, empty. */
Mip6Nft *mip6_nft_new (GError **error);
/* Removes the table. */
void mip6_nft_free (Mip6Nft *nft);

/* Removes a table a killed mip6d left; TRUE if there was one. */
gboolean mip6_nft_remove_leftovers (void);

/* Packets leaving tunnel device @ifname must come from @home_address. */
gboolean mip6_nft_tunnel_source_add (Mip6Nft *nft, const char *ifname,
                                     const struct in6_addr *home_address, GError **error);
gboolean mip6_nft_tunnel_source_del (Mip6Nft *nft, const char *ifname,
                                     const struct in6_addr *home_address, GError **error);
/* Packets dropped so far by that check. */
guint64 mip6_nft_tunnel_bad_source_count (Mip6Nft *nft);

/* Stops the kernel's Parameter Problems about Mobility Headers and Home
 * Address options (userspace data path). */
gboolean mip6_nft_quiet_parameter_problems (Mip6Nft *nft, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Nft, mip6_nft_free)
