/* tunnel.h — the userspace bidirectional tunnel between mobile node and home
 * agent (RFC 6275 §10.4.2, §10.4.5, §11.3.1), for kernels without ip6_tunnel.
 *
 * Packets the kernel routes into the TUN device are encapsulated to the
 * peer chosen by the policy; encapsulated packets arriving on a raw
 * IPPROTO_IPV6 socket are checked by the policy and written to the TUN
 * device, from where the kernel delivers or forwards them.
 */
#pragma once

#include <gio/gio.h>
#include <netinet/in.h>

typedef struct
{
  /* Chooses the outer addresses for a packet read from the TUN device.
   * FALSE drops it (counted as dropped_tunnel_no_binding). *@direct TRUE:
   * not encapsulated but sent to @outer_dst with a type 2 routing header
   * carrying @inner_dst (a node's own packets to a mobile node it has a
   * binding for, RFC 6275 §9.3.2). */
  gboolean (*route) (gpointer user_data, const struct in6_addr *inner_src,
                     const struct in6_addr *inner_dst, struct in6_addr *outer_src,
                     struct in6_addr *outer_dst, gboolean *direct);
  /* Whether an encapsulated packet from @outer_src may be delivered.
   * FALSE drops it (counted as dropped_tunnel_bad_source). */
  gboolean (*accept) (gpointer user_data, const struct in6_addr *outer_src,
                      const struct in6_addr *inner_src, const struct in6_addr *inner_dst);
} Mip6TunnelPolicy;

typedef struct
{
  guint64 encapsulations;
  guint64 decapsulations;
  guint64 dropped_tunnel_no_binding;
  guint64 dropped_tunnel_bad_source;
  guint64 dropped_tunnel_malformed;
} Mip6TunnelStats;

typedef struct _Mip6Tunnel Mip6Tunnel;

/* The name should start with "mip6" so that what mip6d makes is
 * recognisable as its own. */
Mip6Tunnel *mip6_tunnel_new (const char *ifname, guint mtu, const Mip6TunnelPolicy *policy,
                             gpointer user_data, GError **error);
void mip6_tunnel_free (Mip6Tunnel *tunnel);
const char *mip6_tunnel_get_ifname (Mip6Tunnel *tunnel);
int mip6_tunnel_get_ifindex (Mip6Tunnel *tunnel);
/* Outer packets leave by @ifindex (0: as the routes say): a mobile node's
 * care-of address is on one interface while others may have default
 * routes too. */
void mip6_tunnel_set_outer_interface (Mip6Tunnel *tunnel, int ifindex);
const Mip6TunnelStats *mip6_tunnel_get_stats (Mip6Tunnel *tunnel);

/* Hands the IPv6 packet @pkt to the kernel as if it had come out of the
 * tunnel (after a Home Address option was processed, RFC 6275 §9.3.1). */
gboolean mip6_tunnel_inject (Mip6Tunnel *tunnel, const guint8 *pkt, gsize len, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Tunnel, mip6_tunnel_free)
