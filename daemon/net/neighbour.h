/* neighbour.h — the two Neighbour Discovery messages mip6 sends itself
 * (RFC 4861 §4.3, §4.4, RFC 4862 §5.4), and duplicate address detection
 * on behalf of another node.
 *
 * The home agent runs DAD for a mobile node's home address before it
 * defends it (RFC 6275 §10.4.1) and then announces itself as the owner with
 * unsolicited Neighbor Advertisements; a mobile node back home announces
 * that it owns its home address again (§11.5.4). The kernel does neither
 * for an address that is not its own.
 */
#pragma once

#include <gio/gio.h>
#include <netinet/in.h>

#define MIP6_ND_NA_LEN 32     /* NA with a Target Link-Layer Address option */
#define MIP6_ND_DAD_NS_LEN 64 /* IPv6 header + NS without options */

/* An unsolicited Neighbor Advertisement for @target owned by @lladdr (6
 * bytes), Override set, Router as given, checksum left 0 for the kernel. */
void mip6_nd_build_unsolicited_na (guint8 out[MIP6_ND_NA_LEN], const struct in6_addr *target,
                                   const guint8 lladdr[6], gboolean router);

/* The solicited-node multicast address of @addr (RFC 4291 §2.7.1). */
void mip6_nd_solicited_node (const struct in6_addr *addr, struct in6_addr *out);

/* A whole DAD probe: from the unspecified address to the solicited-node
 * group of @target, hop limit 255, checksum computed. */
void mip6_nd_build_dad_ns (guint8 out[MIP6_ND_DAD_NS_LEN], const struct in6_addr *target);

typedef enum
{
  MIP6_DAD_UNIQUE,
  MIP6_DAD_DUPLICATE,
  MIP6_DAD_FAILED, /* could not send */
} Mip6DadOutcome;

typedef void (*Mip6DadFunc) (const struct in6_addr *target, Mip6DadOutcome outcome,
                             gpointer user_data);

typedef struct _Mip6Dad Mip6Dad;

/* Listens on @ifindex for answers. */
Mip6Dad *mip6_dad_new (int ifindex, Mip6DadFunc func, gpointer user_data, GError **error);
void mip6_dad_free (Mip6Dad *dad);
/* Sends one probe for @target and reports after @timeout_ms (RetransTimer,
 * RFC 4861: 1000 ms) unless a Neighbor Advertisement for it, or another
 * node's DAD probe for it, comes first (RFC 4862 §5.4.3, §5.4.4). */
void mip6_dad_start (Mip6Dad *dad, const struct in6_addr *target, guint timeout_ms);

/* Sends an unsolicited Neighbor Advertisement to all nodes on @ifindex.
 * RFC 4861 §7.2.6 allows up to MAX_NEIGHBOR_ADVERTISEMENT (3) of them. */
gboolean mip6_nd_send_unsolicited_na (int ifindex, const struct in6_addr *target,
                                      const guint8 lladdr[6], gboolean router, GError **error);

/* The interface's MAC address; FALSE when it has none. */
gboolean mip6_nd_link_address (const char *ifname, guint8 out[6]);

/* A Neighbor Solicitation for @target from the unspecified address to its
 * solicited-node group on @ifindex (the form of a DAD probe, RFC 4861
 * §7.2.2): its owner answers to all nodes (§7.2.4). */
gboolean mip6_nd_send_ns_from_unspecified (int ifindex, const struct in6_addr *target,
                                           GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Dad, mip6_dad_free)
