/* rtnl.h — the routing netlink adapter: the few kernel changes mip6d makes
 * (addresses, routes, proxy neighbour entries) and the events it listens to
 * (links, addresses), translated to plain values for the sans-I/O cores. */
#pragma once

#include <gio/gio.h>
#include <netinet/in.h>

typedef struct _Mip6Rtnl Mip6Rtnl;

/* Routes mip6d adds carry this protocol number, so that they are
 * recognisable as its own ("proto 109" in ip route) and can be flushed
 * after a crash. */
#define MIP6_RTNL_PROTO 109
/* mip6's routing table and the priority of its rule ("from the home
 * address, look up table 109"). */
#define MIP6_RTNL_TABLE 109
#define MIP6_RTNL_RULE_PRIORITY 1000
/* Metric of the default route into the tunnel in MIP6_RTNL_TABLE. */
#define MIP6_RTNL_TUNNEL_METRIC 64

typedef enum
{
  MIP6_RTNL_EVENT_LINK,
  MIP6_RTNL_EVENT_ADDR_NEW,
  MIP6_RTNL_EVENT_ADDR_DEL,
  /* Neighbour Unreachability Detection gave up on a router (RFC 4861
   * §7.3.3: NUD_FAILED of an entry with the IsRouter flag): addr. */
  MIP6_RTNL_EVENT_ROUTER_FAILED,
} Mip6RtnlEventType;

typedef struct
{
  Mip6RtnlEventType type;
  int ifindex;
  /* MIP6_RTNL_EVENT_LINK */
  char ifname[16];
  gboolean carrier; /* IFF_LOWER_UP: the link can carry packets */
  gboolean up;      /* IFF_UP: administratively up */
  /* An Ethernet-like link a host uses directly: ARPHRD_ETHER (Wi-Fi too),
   * not a bridge and not a port of one (IFLA_MASTER). */
  gboolean ethernet;
  gboolean deleted; /* RTM_DELLINK: the link is gone (up and carrier FALSE) */
  /* MIP6_RTNL_EVENT_ADDR_* */
  struct in6_addr addr;
  guint8 prefix_len;
  guint32 ifa_flags;          /* IFA_F_TENTATIVE, IFA_F_OPTIMISTIC, IFA_F_DEPRECATED, ... */
  guint32 preferred_lifetime; /* seconds, 0xffffffff for infinite */
  guint32 valid_lifetime;
  guint8 scope;
} Mip6RtnlEvent;

typedef void (*Mip6RtnlEventFunc) (const Mip6RtnlEvent *event, gpointer user_data);

Mip6Rtnl *mip6_rtnl_new (GError **error);
void mip6_rtnl_free (Mip6Rtnl *rtnl);

/* Subscribes to link and IPv6 address changes and replays the current
 * state as events first, so the caller never misses what was there before. */
gboolean mip6_rtnl_watch (Mip6Rtnl *rtnl, Mip6RtnlEventFunc func, gpointer user_data,
                          GError **error);

gboolean mip6_rtnl_addr_add (Mip6Rtnl *rtnl, int ifindex, const struct in6_addr *addr,
                             guint8 prefix_len, gboolean nodad, GError **error);
gboolean mip6_rtnl_addr_del (Mip6Rtnl *rtnl, int ifindex, const struct in6_addr *addr,
                             guint8 prefix_len, GError **error);

/* @gateway may be NULL for a route straight onto @ifindex (a tunnel);
 * @prefsrc, when not NULL, is the source address the kernel picks for
 * connections that follow the route (the home address). */
gboolean mip6_rtnl_route_add (Mip6Rtnl *rtnl, const struct in6_addr *dst, guint8 prefix_len,
                              const struct in6_addr *gateway, int ifindex, guint32 metric,
                              const struct in6_addr *prefsrc, GError **error);
/* Removes a route whoever added it (the kernel from a router
 * advertisement, for example): matched on destination, @gateway when not
 * NULL, and interface only. */
gboolean mip6_rtnl_route_del_any (Mip6Rtnl *rtnl, const struct in6_addr *dst, guint8 prefix_len,
                                  const struct in6_addr *gateway, int ifindex, GError **error);
/* A mobile node's routing, the same for both data paths. Via the tunnel:
 * a rule sends packets from @hoa to MIP6_RTNL_TABLE, whose default route
 * is the tunnel; the rule also finds the source of lookups that have none
 * yet (FIB_RULE_FIND_SADDR), so new connections pick the home address as
 * RFC 6724 rule 4 prefers, while packets from any other address follow the
 * main table as if mip6 were not there. Blocked: packets from @hoa are
 * refused (unreachable) and nothing else changes. Home: neither. */
gboolean mip6_rtnl_mn_routes_via_tunnel (Mip6Rtnl *rtnl, int tunnel_ifindex,
                                         const struct in6_addr *hoa, GError **error);
gboolean mip6_rtnl_mn_routes_blocked (Mip6Rtnl *rtnl, const struct in6_addr *hoa, GError **error);
void mip6_rtnl_mn_routes_home (Mip6Rtnl *rtnl);
/* Removes mip6's rules (those at MIP6_RTNL_RULE_PRIORITY or pointing at
 * MIP6_RTNL_TABLE): a killed mip6d's leftovers. */
void mip6_rtnl_flush_own_rules (Mip6Rtnl *rtnl);
/* Removes every IPv6 route with protocol MIP6_RTNL_PROTO: what a previous
 * mip6d left behind when it was killed. Returns how many. */
int mip6_rtnl_flush_own_routes (Mip6Rtnl *rtnl, GError **error);
gboolean mip6_rtnl_route_del (Mip6Rtnl *rtnl, const struct in6_addr *dst, guint8 prefix_len,
                              const struct in6_addr *gateway, int ifindex, guint32 metric,
                              GError **error);

/* TRUE if the kernel delivers a packet for @addr arriving on @ifindex
 * (0: from anywhere) to this host itself: @addr is one of its own
 * addresses, on whichever interface. A router forwards everything else. */
gboolean mip6_rtnl_is_local (Mip6Rtnl *rtnl, const struct in6_addr *addr, int ifindex);
/* The kernel's route for @addr: for a packet arriving on @iif, or with
 * @iif 0 for one this host sends. *@type is RTN_UNICAST, RTN_LOCAL, ...;
 * *@oif the output interface (0 when there is none). FALSE when there is
 * no route. Either pointer may be NULL. */
gboolean mip6_rtnl_route_lookup (Mip6Rtnl *rtnl, const struct in6_addr *addr, int iif, guint8 *type,
                                 int *oif);

/* Tells the kernel @addr's link-layer address on @ifindex (state STALE, so
 * the kernel uses it at once and confirms it later). */
gboolean mip6_rtnl_neigh_set (Mip6Rtnl *rtnl, int ifindex, const struct in6_addr *addr,
                              const guint8 lladdr[6], GError **error);

/* Proxy neighbour entries let the home agent answer neighbour solicitations
 * for a mobile node's home address (RFC 6275 §10.4.1). */
gboolean mip6_rtnl_proxy_add (Mip6Rtnl *rtnl, int ifindex, const struct in6_addr *addr,
                              GError **error);
gboolean mip6_rtnl_proxy_del (Mip6Rtnl *rtnl, int ifindex, const struct in6_addr *addr,
                              GError **error);

/* A proxy neighbour entry as the kernel lists it; protocol is 0 when the
 * kernel keeps none (before Linux 5.9). mip6d adds its own with
 * MIP6_RTNL_PROTO. */
typedef struct
{
  int ifindex;
  struct in6_addr addr;
  guint8 protocol;
} Mip6RtnlProxy;

/* Every IPv6 proxy neighbour entry, as a GArray of Mip6RtnlProxy. */
GArray *mip6_rtnl_proxy_list (Mip6Rtnl *rtnl, GError **error);
/* Removes the proxy entries marked with MIP6_RTNL_PROTO: what a killed
 * mip6d left behind. Returns how many, -1 when they cannot be read. */
int mip6_rtnl_flush_own_proxies (Mip6Rtnl *rtnl, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Rtnl, mip6_rtnl_free)
