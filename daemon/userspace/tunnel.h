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
   * FALSE drops it (counted as dropped_tunnel_no_binding). */
  gboolean (*route) (gpointer user_data, const struct in6_addr *inner_src,
                     const struct in6_addr *inner_dst, struct in6_addr *outer_src,
                     struct in6_addr *outer_dst);
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
const Mip6TunnelStats *mip6_tunnel_get_stats (Mip6Tunnel *tunnel);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Tunnel, mip6_tunnel_free)
