/* backend-kernel.c — the kernel data path back end: what a stock
 * distribution kernel with CONFIG_IPV6_MIP6, ip6_tunnel and xfrm_user
 * offers, used the way MIPL/UMIP used it.
 *
 * Signalling: one raw IPPROTO_MH socket. The Home Address option of a
 * Binding Update and the type 2 routing header of a Binding
 * Acknowledgement go out as IPV6_DSTOPTS / IPV6_RTHDR ancillary data; the
 * kernel's own MH checksum is switched off (IPV6_CHECKSUM -1) because it
 * would use the care-of address where RFC 6275 §6.1.1 wants the home
 * address, so mip6_mh_encode() computes it. On input the kernel has
 * already swapped the addresses (§9.3.1, §11.3.3); IPV6_RECVDSTOPTS,
 * IPV6_RECVRTHDR and IPV6_RECVPKTINFO give back what was on the wire.
 *
 * What a Mobile IPv6 kernel needs before it delivers such packets, all
 * through XFRM netlink (measured on Debian's 6.1, tests/vm/README.md):
 *
 *   state   proto hao (60)     src ::  dst ::       coa ::   mode ro  wildrecv
 *           listen_mh(): any BU with a Home Address option may arrive.
 *   state   proto route2 (43)  src HA  dst HoA      coa CoA  mode ro
 *           mobile node while away, replaced on every move: the kernel
 *           accepts the type 2 routing header of the home agent only.
 *   policy  dir in  ::/0 -> ::/0 proto MH, templates route2 and hao, both
 *           mode ro level use (optional): without it the kernel rejects
 *           every packet a route-optimisation state touched.
 *
 * States carry reqid MIP6_XFRM_REQID, policies priority
 * MIP6_XFRM_PRIORITY: that is how a later start recognises its own. (An
 * XFRM mark would not do: the kernel looks states up with the packet's
 * mark, which is 0.)
 *
 * Data: the bidirectional tunnel (§10.4.1, §11.3.1) is an ip6tnl link in
 * ip6ip6 mode without the encapsulation limit option, so its MTU is the
 * HOWTO's 1460 and the bytes on the wire equal the userspace back end's.
 * Mobile node: "mip6tnl0", local = care-of address, remote = home agent,
 * the home address on it (flag "home", without which the kernel refuses
 * the type 2 routing header), a default route into it with
 * MIP6_RTNL_TUNNEL_METRIC and the home address as preferred source. Home agent:
 * one link "mip6tnlN" per mobile node, local = home agent, remote = care-of
 * address, and the home address /128 routed into it. Routes carry protocol
 * MIP6_RTNL_PROTO.
 */
#include "config.h"
#include "backend.h"

#include "nft.h"
#include "probe.h"
#include "rtnl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <linux/filter.h>
#include <linux/if_addr.h>
#include <linux/xfrm.h>
#include <net/if.h>
#include <netinet/ip6.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ip6tnl.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/sp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TUNNEL_MTU 1460 /* 1500 less the outer IPv6 header, as MIPL's ip6tnl */
#define TUNNEL_HOP_LIMIT 64
/* linux/ip6_tunnel.h, which clashes with net/if.h */
#define IP6_TNL_F_IGN_ENCAP_LIMIT 0x1
#define MN_TUNNEL_NAME "mip6tnl0"
/* "lo" is the first link of every network namespace. */
#define LOOPBACK_IFINDEX 1
#define OWN_PREFIX "mip6"
/* Recognisable values ("mip" in ASCII, and 0x6d = 109 as MIP6_RTNL_PROTO). */
#define MIP6_XFRM_REQID 0x6d6970u
#define MIP6_XFRM_PRIORITY 0x6d00u
/* A home agent's policies for one binding: after the Mobility Header ones,
 * so that a Binding Update from a new care-of address still comes in. */
#define MIP6_XFRM_PRIORITY_BINDING (MIP6_XFRM_PRIORITY + 1)

typedef struct
{
  struct in6_addr coa;
  char name[IFNAMSIZ];
  gboolean source_checked; /* in the table of mip6_nft_tunnel_source_add() */
  gboolean ro_policies;    /* the binding's own XFRM policies are in */
  int ifindex;
  /* Where the home address routed before its route into the tunnel: the
   * home link, where signalling to the home address itself goes. */
  int home_ifindex;
} HaBinding;

typedef struct
{
  Mip6Backend parent;
  Mip6Rtnl *rtnl;
  struct nl_sock *route_sk;
  struct nl_sock *xfrm_sk;

  int mh_fd;
  int direct_fd; /* send only: signalling kept to one interface */
  guint mh_watch;
  int mh_ifindex;
  gboolean mh_xfrm_installed;
  Mip6BackendMhFunc mh_func;
  gpointer mh_data;
  guint8 buf[65536];

  /* Mobile node. */
  gboolean away;       /* the tunnel is up */
  gboolean hoa_parked; /* the home address waits on the loopback interface */
  struct in6_addr hoa, coa, ha;

  /* Home agent: home address → HaBinding. */
  struct in6_addr ha_addr;
  GHashTable *bindings;
  guint next_tunnel;
  /* What comes out of a tunnel must come from its home address. */
  Mip6Nft *nft;
  gboolean mh_out_policy;
  /* XFRM reports of Home Address options without a binding. */
  int report_fd;
  guint report_watch;
  /* Packets of tunnels already removed, so the counters never go back. */
  guint64 gone_tx, gone_rx;
} KernelBackend;

static guint
addr_hash (gconstpointer a)
{
  const guint32 *w = a;
  return w[0] ^ w[1] ^ w[2] ^ w[3];
}

static gboolean
addr_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (struct in6_addr)) == 0;
}

static const char *
ntop (const struct in6_addr *a, char *buf)
{
  return inet_ntop (AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

static gboolean
nl_fail (GError **error, int err, const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, nl_geterror (err));
  return FALSE;
}

static gboolean
errno_fail (GError **error, const char *what)
{
  int e = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e), "%s: %s", what, g_strerror (e));
  return FALSE;
}

/* ------------------------------------------------------------------ XFRM */

static void
inf_lifetime (struct xfrm_lifetime_cfg *lft)
{
  lft->soft_byte_limit = lft->hard_byte_limit = XFRM_INF;
  lft->soft_packet_limit = lft->hard_packet_limit = XFRM_INF;
}

static int
xfrm_send (KernelBackend *b, struct nl_msg *msg)
{
  int err = nl_send_sync (b->xfrm_sk, msg); /* frees msg */
  return err;
}

/* A route-optimisation state (§6.3, §6.4 through XFRM): @proto is
 * IPPROTO_DSTOPTS (Home Address option) or IPPROTO_ROUTING (type 2
 * routing header). */
static gboolean
xfrm_state_add (KernelBackend *b, guint8 proto, const struct in6_addr *src,
                const struct in6_addr *dst, const struct in6_addr *coa, gboolean wildrecv,
                GError **error)
{
  struct xfrm_usersa_info sa = { 0 };
  sa.sel.family = AF_INET6;
  memcpy (&sa.id.daddr, dst, sizeof *dst);
  sa.id.proto = proto;
  memcpy (&sa.saddr, src, sizeof *src);
  inf_lifetime (&sa.lft);
  sa.family = AF_INET6;
  sa.mode = XFRM_MODE_ROUTEOPTIMIZATION;
  sa.reqid = MIP6_XFRM_REQID;
  sa.flags = wildrecv ? XFRM_STATE_WILDRECV : 0;

  struct nl_msg *msg = nlmsg_alloc_simple (XFRM_MSG_NEWSA, NLM_F_CREATE | NLM_F_EXCL);
  if (nlmsg_append (msg, &sa, sizeof sa, NLMSG_ALIGNTO) < 0 ||
      nla_put (msg, XFRMA_COADDR, sizeof (xfrm_address_t), coa) < 0)
    {
      nlmsg_free (msg);
      return nl_fail (error, -NLE_NOMEM, "XFRM");
    }
  int err = xfrm_send (b, msg);
  if (err < 0 && err != -NLE_EXIST)
    {
      char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
      g_autofree char *what = g_strdup_printf (
          _ ("Cannot add the XFRM %s state %s → %s (is xfrm_user loaded?)"),
          proto == IPPROTO_DSTOPTS ? "hao" : "route2", ntop (src, s), ntop (dst, d));
      return nl_fail (error, err, what);
    }
  return TRUE;
}

static int
xfrm_state_del (KernelBackend *b, guint8 proto, const struct in6_addr *src,
                const struct in6_addr *dst, guint32 spi)
{
  struct xfrm_usersa_id id = { 0 };
  memcpy (&id.daddr, dst, sizeof *dst);
  id.spi = spi;
  id.family = AF_INET6;
  id.proto = proto;
  struct nl_msg *msg = nlmsg_alloc_simple (XFRM_MSG_DELSA, 0);
  /* Route-optimisation states are found by address pair, not SPI. */
  if (nlmsg_append (msg, &id, sizeof id, NLMSG_ALIGNTO) < 0 ||
      nla_put (msg, XFRMA_SRCADDR, sizeof (xfrm_address_t), src) < 0)
    {
      nlmsg_free (msg);
      return -NLE_NOMEM;
    }
  return xfrm_send (b, msg);
}

/* A policy on IPv6 packets @src → @dst (NULL: any) of upper layer
 * @proto (0: any) in direction @dir, applying the optional
 * route-optimisation templates @protos (Home Address option, type 2
 * routing header); @tmpl_src/@tmpl_dst name the state they need (NULL:
 * the wildcard state). Priority: lower values win. */
static gboolean
xfrm_policy_add (KernelBackend *b, guint8 dir, const struct in6_addr *src,
                 const struct in6_addr *dst, guint8 proto, guint32 priority, const guint8 *protos,
                 guint n_tmpl, const struct in6_addr *tmpl_src, const struct in6_addr *tmpl_dst,
                 GError **error)
{
  struct xfrm_userpolicy_info pol = { 0 };
  pol.sel.family = AF_INET6;
  pol.sel.proto = proto;
  if (src)
    {
      memcpy (&pol.sel.saddr, src, sizeof *src);
      pol.sel.prefixlen_s = 128;
    }
  if (dst)
    {
      memcpy (&pol.sel.daddr, dst, sizeof *dst);
      pol.sel.prefixlen_d = 128;
    }
  inf_lifetime (&pol.lft);
  pol.priority = priority;
  pol.dir = dir;
  pol.action = XFRM_POLICY_ALLOW;
  pol.share = XFRM_SHARE_ANY;

  struct xfrm_user_tmpl tmpl[2] = { 0 };
  g_return_val_if_fail (n_tmpl <= G_N_ELEMENTS (tmpl), FALSE);
  for (guint i = 0; i < n_tmpl; i++)
    {
      tmpl[i].id.proto = protos[i];
      tmpl[i].family = AF_INET6;
      tmpl[i].mode = XFRM_MODE_ROUTEOPTIMIZATION;
      tmpl[i].optional = 1;
      tmpl[i].aalgos = tmpl[i].ealgos = tmpl[i].calgos = ~0u;
      if (tmpl_src)
        memcpy (&tmpl[i].saddr, tmpl_src, sizeof *tmpl_src);
      if (tmpl_dst)
        memcpy (&tmpl[i].id.daddr, tmpl_dst, sizeof *tmpl_dst);
      /* Outbound, the kernel looks states up by exact reqid
       * (xfrm_state_look_at); inbound 0 would match any. */
      if (tmpl_src || tmpl_dst)
        tmpl[i].reqid = MIP6_XFRM_REQID;
    }
  struct nl_msg *msg = nlmsg_alloc_simple (XFRM_MSG_NEWPOLICY, NLM_F_CREATE | NLM_F_EXCL);
  if (nlmsg_append (msg, &pol, sizeof pol, NLMSG_ALIGNTO) < 0 ||
      (n_tmpl > 0 && nla_put (msg, XFRMA_TMPL, (int) (sizeof tmpl[0] * n_tmpl), tmpl) < 0))
    {
      nlmsg_free (msg);
      return nl_fail (error, -NLE_NOMEM, "XFRM");
    }
  int err = xfrm_send (b, msg);
  if (err < 0 && err != -NLE_EXIST)
    return nl_fail (error, err,
                    _ ("Cannot add an XFRM policy for Mobile IPv6 (is xfrm_user loaded?)"));
  return TRUE;
}

static void
xfrm_policy_del (KernelBackend *b, guint8 dir, const struct in6_addr *src,
                 const struct in6_addr *dst)
{
  struct xfrm_userpolicy_id id = { 0 };
  id.sel.family = AF_INET6;
  memcpy (&id.sel.saddr, src, sizeof *src);
  id.sel.prefixlen_s = 128;
  memcpy (&id.sel.daddr, dst, sizeof *dst);
  id.sel.prefixlen_d = 128;
  id.dir = dir;
  struct nl_msg *msg = nlmsg_alloc_simple (XFRM_MSG_DELPOLICY, 0);
  if (nlmsg_append (msg, &id, sizeof id, NLMSG_ALIGNTO) < 0)
    {
      nlmsg_free (msg);
      return;
    }
  xfrm_send (b, msg);
}

/* The inbound policy for Mobility Header messages that lets a Home
 * Address option or a type 2 routing header through (both optional). */
static gboolean
xfrm_mh_policy_add (KernelBackend *b, GError **error)
{
  static const guint8 protos[2] = { IPPROTO_ROUTING, IPPROTO_DSTOPTS };
  return xfrm_policy_add (b, XFRM_POLICY_IN, NULL, NULL, IPPROTO_MH, MIP6_XFRM_PRIORITY, protos, 2,
                          NULL, NULL, error);
}

static void
flush_policy (struct nl_object *obj, void *data)
{
  KernelBackend *b = ((gpointer *) data)[0];
  int *count = ((gpointer *) data)[1];
  struct xfrmnl_sp *sp = (struct xfrmnl_sp *) obj;
  guint prio = (guint) xfrmnl_sp_get_priority (sp);
  if (prio != MIP6_XFRM_PRIORITY && prio != MIP6_XFRM_PRIORITY_BINDING)
    return;
  struct xfrm_userpolicy_id id = { 0 };
  id.index = xfrmnl_sp_get_index (sp);
  id.dir = xfrmnl_sp_get_dir (sp);
  struct nl_msg *msg = nlmsg_alloc_simple (XFRM_MSG_DELPOLICY, 0);
  if (nlmsg_append (msg, &id, sizeof id, NLMSG_ALIGNTO) < 0)
    {
      nlmsg_free (msg);
      return;
    }
  if (xfrm_send (b, msg) >= 0)
    (*count)++;
}

static void
flush_state (struct nl_object *obj, void *data)
{
  KernelBackend *b = ((gpointer *) data)[0];
  int *count = ((gpointer *) data)[1];
  struct xfrmnl_sa *sa = (struct xfrmnl_sa *) obj;
  int proto = xfrmnl_sa_get_proto (sa);
  if ((guint) xfrmnl_sa_get_reqid (sa) != MIP6_XFRM_REQID ||
      (proto != IPPROTO_DSTOPTS && proto != IPPROTO_ROUTING))
    return;
  struct nl_addr *s = xfrmnl_sa_get_saddr (sa), *d = xfrmnl_sa_get_daddr (sa);
  if (s == NULL || d == NULL || nl_addr_get_len (s) != 16 || nl_addr_get_len (d) != 16)
    return;
  struct in6_addr src, dst;
  memcpy (&src, nl_addr_get_binary_addr (s), 16);
  memcpy (&dst, nl_addr_get_binary_addr (d), 16);
  if (xfrm_state_del (b, proto, &src, &dst, htonl (xfrmnl_sa_get_spi (sa))) >= 0)
    (*count)++;
}

/* Every XFRM state and policy of ours, whoever installed it. */
static int
flush_xfrm (KernelBackend *b)
{
  int count = 0;
  gpointer data[2] = { b, &count };
  struct nl_cache *cache = NULL;
  if (xfrmnl_sp_alloc_cache (b->xfrm_sk, &cache) >= 0)
    {
      nl_cache_foreach (cache, flush_policy, data);
      nl_cache_free (cache);
    }
  cache = NULL;
  if (xfrmnl_sa_alloc_cache (b->xfrm_sk, &cache) >= 0)
    {
      nl_cache_foreach (cache, flush_state, data);
      nl_cache_free (cache);
    }
  return count;
}

/* ---------------------------------------------------------------- links */

static gboolean
own_tunnel (struct rtnl_link *link)
{
  const char *name = rtnl_link_get_name (link);
  return name && g_str_has_prefix (name, OWN_PREFIX) &&
         g_strcmp0 (rtnl_link_get_type (link), "ip6tnl") == 0;
}

static void
flush_link (struct nl_object *obj, void *data)
{
  KernelBackend *b = ((gpointer *) data)[0];
  int *count = ((gpointer *) data)[1];
  struct rtnl_link *link = (struct rtnl_link *) obj;
  if (own_tunnel (link) && rtnl_link_delete (b->route_sk, link) >= 0)
    (*count)++;
}

static int
flush_links (KernelBackend *b)
{
  int count = 0;
  gpointer data[2] = { b, &count };
  struct nl_cache *cache = NULL;
  if (rtnl_link_alloc_cache (b->route_sk, AF_UNSPEC, &cache) < 0)
    return 0;
  nl_cache_foreach (cache, flush_link, data);
  nl_cache_free (cache);
  return count;
}

/* Creates the ip6ip6 tunnel @name, or moves an existing one to new ends
 * (RTM_NEWLINK without NLM_F_EXCL changes a link that exists). Returns the
 * ifindex, 0 on error. */
static int
tunnel_set (KernelBackend *b, const char *name, int underlying, const struct in6_addr *local,
            const struct in6_addr *remote, GError **error)
{
  struct rtnl_link *link = rtnl_link_ip6_tnl_alloc ();
  rtnl_link_set_name (link, name);
  /* Outer packets leave by the underlying interface (IFLA_IPTUN_LINK);
   * 0: as the routes say. */
  if (underlying > 0)
    rtnl_link_ip6_tnl_set_link (link, (uint32_t) underlying);
  rtnl_link_ip6_tnl_set_local (link, (struct in6_addr *) local);
  rtnl_link_ip6_tnl_set_remote (link, (struct in6_addr *) remote);
  rtnl_link_ip6_tnl_set_proto (link, IPPROTO_IPV6);
  rtnl_link_ip6_tnl_set_ttl (link, TUNNEL_HOP_LIMIT);
  /* No Tunnel Encapsulation Limit option (RFC 2473 §4.1.1): MIPL sent
   * none, the userspace back end sends none, and the MTU stays 1460. */
  rtnl_link_ip6_tnl_set_flags (link, IP6_TNL_F_IGN_ENCAP_LIMIT);
  rtnl_link_set_mtu (link, TUNNEL_MTU);
  rtnl_link_set_flags (link, IFF_UP);
  int err = rtnl_link_add (b->route_sk, link, NLM_F_CREATE);
  rtnl_link_put (link);
  if (err < 0)
    {
      char l[INET6_ADDRSTRLEN], r[INET6_ADDRSTRLEN];
      g_autofree char *what =
          g_strdup_printf (_ ("Cannot set up tunnel %s from %s to %s (is ip6_tunnel loaded?)"),
                           name, ntop (local, l), ntop (remote, r));
      nl_fail (error, err, what);
      return 0;
    }
  struct rtnl_link *cur = NULL;
  err = rtnl_link_get_kernel (b->route_sk, 0, name, &cur);
  if (err < 0)
    {
      nl_fail (error, err, name);
      return 0;
    }
  int ifindex = rtnl_link_get_ifindex (cur);
  /* A new ip6tnl computes its own MTU from the route to the remote end. */
  if (rtnl_link_get_mtu (cur) != TUNNEL_MTU)
    {
      struct rtnl_link *chg = rtnl_link_alloc ();
      rtnl_link_set_mtu (chg, TUNNEL_MTU);
      rtnl_link_change (b->route_sk, cur, chg, 0);
      rtnl_link_put (chg);
    }
  rtnl_link_put (cur);
  return ifindex;
}

static void
tunnel_del (KernelBackend *b, const char *name)
{
  struct rtnl_link *cur = NULL;
  if (rtnl_link_get_kernel (b->route_sk, 0, name, &cur) < 0)
    return;
  b->gone_tx += rtnl_link_get_stat (cur, RTNL_LINK_TX_PACKETS);
  b->gone_rx += rtnl_link_get_stat (cur, RTNL_LINK_RX_PACKETS);
  rtnl_link_delete (b->route_sk, cur);
  rtnl_link_put (cur);
}

static void
tunnel_stats (KernelBackend *b, const char *name, guint64 *tx, guint64 *rx)
{
  struct rtnl_link *cur = NULL;
  if (rtnl_link_get_kernel (b->route_sk, 0, name, &cur) < 0)
    return;
  *tx += rtnl_link_get_stat (cur, RTNL_LINK_TX_PACKETS);
  *rx += rtnl_link_get_stat (cur, RTNL_LINK_RX_PACKETS);
  rtnl_link_put (cur);
}

/* The home address with IFA_F_HOMEADDRESS: the kernel accepts a type 2
 * routing header only for such an address (ipv6_chk_home_addr). A
 * @deprecated one (preferred lifetime 0) is never picked as a source
 * (RFC 4862 §5.5.4). */
static gboolean
home_address_add (KernelBackend *b, int ifindex, const struct in6_addr *hoa, gboolean deprecated,
                  GError **error)
{
  struct rtnl_addr *addr = rtnl_addr_alloc ();
  struct nl_addr *local = nl_addr_build (AF_INET6, hoa, sizeof *hoa);
  nl_addr_set_prefixlen (local, 128);
  rtnl_addr_set_ifindex (addr, ifindex);
  rtnl_addr_set_family (addr, AF_INET6);
  rtnl_addr_set_local (addr, local);
  rtnl_addr_set_prefixlen (addr, 128);
  rtnl_addr_set_flags (addr, IFA_F_NODAD | IFA_F_HOMEADDRESS);
  if (deprecated)
    {
      rtnl_addr_set_preferred_lifetime (addr, 0);
      rtnl_addr_set_valid_lifetime (addr, 0xffffffffu);
    }
  int err = rtnl_addr_add (b->route_sk, addr, NLM_F_REPLACE);
  nl_addr_put (local);
  rtnl_addr_put (addr);
  if (err < 0)
    {
      char a[INET6_ADDRSTRLEN];
      g_autofree char *what = g_strdup_printf (_ ("Cannot add home address %s on interface %d"),
                                               ntop (hoa, a), ifindex);
      return nl_fail (error, err, what);
    }
  return TRUE;
}

static void
flush_parked (struct nl_object *obj, void *data)
{
  KernelBackend *b = data;
  struct rtnl_addr *addr = (struct rtnl_addr *) obj;
  if (rtnl_addr_get_family (addr) == AF_INET6 && rtnl_addr_get_ifindex (addr) == LOOPBACK_IFINDEX &&
      (rtnl_addr_get_flags (addr) & IFA_F_HOMEADDRESS))
    rtnl_addr_delete (b->route_sk, addr, 0);
}

/* Everything of ours in the kernel: tunnels (their addresses and routes go
 * with them), a home address parked on the loopback interface, routes with
 * MIP6_RTNL_PROTO, XFRM states and policies. */
static int
remove_own (KernelBackend *b)
{
  struct nl_cache *addrs = NULL;
  if (rtnl_addr_alloc_cache (b->route_sk, &addrs) >= 0)
    {
      nl_cache_foreach (addrs, flush_parked, b);
      nl_cache_free (addrs);
    }
  int n = flush_links (b) + flush_xfrm (b) + (mip6_nft_remove_leftovers () ? 1 : 0);
  g_autoptr (GError) error = NULL;
  int routes = mip6_rtnl_flush_own_routes (b->rtnl, &error);
  if (routes < 0)
    g_warning ("%s", error->message);
  else
    n += routes;
  mip6_rtnl_flush_own_rules (b->rtnl);
  return n;
}

/* ----------------------------------------------------------- signalling */

/* A home agent's Mobility Header socket hears every interface, its
 * tunnels too; what a tunnel carried was decapsulated here and is not
 * signalling from the wire. */
static gboolean
from_ha_tunnel (KernelBackend *b, int ifindex)
{
  if (b->bindings == NULL)
    return FALSE;
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init (&it, b->bindings);
  while (g_hash_table_iter_next (&it, NULL, &value))
    if (((HaBinding *) value)->ifindex == ifindex)
      return TRUE;
  return FALSE;
}

static void
deliver (KernelBackend *b, gssize len, struct msghdr *mh, const struct sockaddr_in6 *from)
{
  Mip6Packet pkt;
  memset (&pkt, 0, sizeof pkt);
  pkt.src = from->sin6_addr;
  pkt.hop_limit = MIP6_MH_HOP_LIMIT;
  pkt.upper_proto = MIP6_IPPROTO_MH;
  pkt.upper_len = len;
  int ifindex = 0;
  gboolean have_dst = FALSE;

  for (struct cmsghdr *c = CMSG_FIRSTHDR (mh); c; c = CMSG_NXTHDR (mh, c))
    {
      if (c->cmsg_level != IPPROTO_IPV6)
        continue;
      const guint8 *data = CMSG_DATA (c);
      gsize dlen = c->cmsg_len - CMSG_LEN (0);
      if (c->cmsg_type == IPV6_PKTINFO && dlen >= sizeof (struct in6_pktinfo))
        {
          struct in6_pktinfo pi;
          memcpy (&pi, data, sizeof pi);
          pkt.dst = pi.ipi6_addr;
          ifindex = pi.ipi6_ifindex;
          have_dst = TRUE;
        }
      else if (c->cmsg_type == IPV6_HOPLIMIT && dlen >= sizeof (int))
        {
          int h;
          memcpy (&h, data, sizeof h);
          pkt.hop_limit = (guint8) h;
        }
      else if (c->cmsg_type == IPV6_DSTOPTS)
        {
          Mip6DestOpts d;
          if (mip6_destopts_parse (data, dlen, &d) == MIP6_WIRE_OK && d.has_home_address)
            {
              /* The kernel swapped them (§9.3.1): the source is now the
               * home address, the option holds the care-of address. */
              pkt.has_home_address = TRUE;
              pkt.home_address = from->sin6_addr;
              pkt.src = d.home_address;
            }
        }
      else if (c->cmsg_type == IPV6_RTHDR)
        {
          /* Processed: segments left 0, the address is the care-of
           * address the packet was sent to (§11.3.3). */
          Mip6Rh2 rh;
          if (mip6_rh2_parse (data, dlen, &rh) == MIP6_WIRE_OK)
            {
              pkt.has_rh2 = TRUE;
              pkt.rh2_segments_left = 1; /* as on the wire */
              pkt.rh2_address = rh.home_address;
            }
        }
    }
  if (!have_dst || (b->mh_ifindex > 0 && ifindex != b->mh_ifindex) || from_ha_tunnel (b, ifindex))
    return;
  /* Checksum pseudo-header (§6.1.1): home address as source, final
   * destination (the home address after a type 2 routing header). */
  struct in6_addr csum_src = pkt.has_home_address ? pkt.home_address : pkt.src;
  struct in6_addr csum_dst = pkt.dst;
  if (pkt.has_rh2)
    {
      struct in6_addr wire_dst = pkt.rh2_address;
      pkt.rh2_address = pkt.dst;
      pkt.dst = wire_dst;
    }
  Mip6WireError err = mip6_mh_parse (b->buf, len, &csum_src, &csum_dst, &pkt.mh);
  b->mh_func (&pkt, err, b->mh_data);
}

static gboolean
on_mh_readable (gint fd, GIOCondition cond, gpointer data)
{
  KernelBackend *b = data;
  for (int i = 0; i < 64; i++)
    {
      struct sockaddr_in6 from;
      guint8 control[1024];
      struct iovec iov = { b->buf, sizeof b->buf };
      struct msghdr mh = { .msg_name = &from,
                           .msg_namelen = sizeof from,
                           .msg_iov = &iov,
                           .msg_iovlen = 1,
                           .msg_control = control,
                           .msg_controllen = sizeof control };
      gssize n = recvmsg (fd, &mh, MSG_DONTWAIT);
      if (n < 0)
        {
          if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            g_warning (_ ("Cannot receive on the Mobility Header socket: %s"), g_strerror (errno));
          break;
        }
      if (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
        continue;
      deliver (b, n, &mh, &from);
    }
  return G_SOURCE_CONTINUE;
}

/* The kernel reports a packet whose Home Address option no state and
 * policy accepted (mip6_destopt_reject, net/ipv6/mip6.c) to the XFRM
 * report group: selector source = the home address (already swapped in),
 * destination = this node, XFRMA_COADDR = the care-of address it came
 * from. Mobility Headers are not reported. The core decides what to
 * answer (§9.3.1, §9.3.3). */
static gboolean
on_xfrm_report (gint fd, GIOCondition cond, gpointer data)
{
  KernelBackend *b = data;
  for (int burst = 0; burst < 32; burst++)
    {
      guint8 buf[4096];
      gssize n = recv (fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n <= 0)
        break;
      for (struct nlmsghdr *h = (struct nlmsghdr *) buf; NLMSG_OK (h, (guint) n);
           h = NLMSG_NEXT (h, n))
        {
          if (h->nlmsg_type != XFRM_MSG_REPORT ||
              h->nlmsg_len < NLMSG_LENGTH (sizeof (struct xfrm_user_report)))
            continue;
          const struct xfrm_user_report *rep = NLMSG_DATA (h);
          if (rep->proto != IPPROTO_DSTOPTS || rep->sel.family != AF_INET6)
            continue;
          Mip6Packet pkt;
          memset (&pkt, 0, sizeof pkt);
          memcpy (&pkt.home_address, &rep->sel.saddr, 16);
          memcpy (&pkt.dst, &rep->sel.daddr, 16);
          pkt.has_home_address = TRUE;
          pkt.upper_proto = rep->sel.proto;
          gboolean have_coa = FALSE;
          int alen = (int) h->nlmsg_len - (int) NLMSG_LENGTH (sizeof *rep);
          for (struct rtattr *a = (struct rtattr *) ((guint8 *) rep + NLMSG_ALIGN (sizeof *rep));
               RTA_OK (a, alen); a = RTA_NEXT (a, alen))
            if (a->rta_type == XFRMA_COADDR && RTA_PAYLOAD (a) >= 16)
              {
                memcpy (&pkt.src, RTA_DATA (a), 16);
                have_coa = TRUE;
              }
          if (have_coa && pkt.upper_proto != IPPROTO_MH && b->mh_func)
            b->mh_func (&pkt, MIP6_WIRE_OK, b->mh_data);
        }
    }
  return G_SOURCE_CONTINUE;
}

static void
listen_xfrm_reports (KernelBackend *b)
{
  struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = XFRMGRP_REPORT };
  if (b->report_fd >= 0)
    return;
  b->report_fd = socket (AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_XFRM);
  if (b->report_fd < 0 || bind (b->report_fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    {
      g_warning (_ ("Cannot listen to XFRM reports: %s; packets with a Home Address option "
                    "and no binding are dropped without a Binding Error"),
                 g_strerror (errno));
      return;
    }
  b->report_watch = g_unix_fd_add (b->report_fd, G_IO_IN, on_xfrm_report, b);
}

static gboolean
kn_listen_mh (Mip6Backend *self, int ifindex, Mip6BackendMhFunc func, gpointer user_data,
              GError **error)
{
  KernelBackend *b = (KernelBackend *) self;
  b->mh_func = func;
  b->mh_data = user_data;
  b->mh_ifindex = ifindex;
  /* The kernel drops a Home Address option for which no state exists
   * (xfrm6_input_addr), whichever care-of address it carries. */
  static const struct in6_addr any = IN6ADDR_ANY_INIT;
  if (!b->mh_xfrm_installed)
    {
      if (!xfrm_state_add (b, IPPROTO_DSTOPTS, &any, &any, &any, TRUE, error) ||
          !xfrm_mh_policy_add (b, error))
        return FALSE;
      b->mh_xfrm_installed = TRUE;
    }
  static const int on = 1;
  if (setsockopt (b->mh_fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on) < 0 ||
      setsockopt (b->mh_fd, IPPROTO_IPV6, IPV6_RECVDSTOPTS, &on, sizeof on) < 0 ||
      setsockopt (b->mh_fd, IPPROTO_IPV6, IPV6_RECVRTHDR, &on, sizeof on) < 0 ||
      setsockopt (b->mh_fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on) < 0)
    return errno_fail (error, _ ("Cannot ask for the extension headers of Mobility Header "
                                 "messages"));
  /* A mobile node signals through its interface only. A home agent
   * (@ifindex 0: unbound) hears every interface, as the home network's
   * router does, and its answers follow the routing table, except that
   * they never enter its own tunnels (direct_ifindex()). */
  if (setsockopt (b->mh_fd, SOL_SOCKET, SO_BINDTOIFINDEX, &ifindex, sizeof ifindex) < 0)
    return errno_fail (error, _ ("Cannot bind the Mobility Header socket to its interface"));
  if (b->mh_watch == 0)
    b->mh_watch = g_unix_fd_add (b->mh_fd, G_IO_IN, on_mh_readable, b);
  listen_xfrm_reports (b);
  return TRUE;
}

/* Signalling never enters mip6's own tunnels (RFC 6275 §10.3.2, §11.5.4):
 * a message to a home address itself, with no type 2 routing header to
 * the care-of address, is for a mobile node back home, also while its
 * binding and so the home address's route into the tunnel remain (a
 * refused deregistration); it leaves on the home link. 0: route it. */
static int
direct_ifindex (KernelBackend *b, const struct in6_addr *dst)
{
  const HaBinding *bind = b->bindings ? g_hash_table_lookup (b->bindings, dst) : NULL;
  return bind ? bind->home_ifindex : 0;
}

/* Only a bound socket makes the kernel's route lookup keep to one
 * interface when the source is given. A second Mobility Header socket,
 * so that the listening one stays unbound; it takes no input. */
static int
direct_socket (KernelBackend *b, int ifindex, GError **error)
{
  if (b->direct_fd < 0)
    {
      static const int off = -1, hops = MIP6_MH_HOP_LIMIT;
      struct sock_filter drop = BPF_STMT (BPF_RET | BPF_K, 0);
      struct sock_fprog prog = { .len = 1, .filter = &drop };
      b->direct_fd = socket (AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_MH);
      if (b->direct_fd < 0 ||
          setsockopt (b->direct_fd, IPPROTO_IPV6, IPV6_CHECKSUM, &off, sizeof off) < 0 ||
          setsockopt (b->direct_fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof hops) < 0 ||
          setsockopt (b->direct_fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) < 0)
        {
          errno_fail (error,
                      _ ("Cannot open the Mobility Header socket (mip6d needs CAP_NET_RAW)"));
          if (b->direct_fd >= 0)
            close (b->direct_fd);
          b->direct_fd = -1;
          return -1;
        }
    }
  if (setsockopt (b->direct_fd, SOL_SOCKET, SO_BINDTOIFINDEX, &ifindex, sizeof ifindex) < 0)
    {
      errno_fail (error, _ ("Cannot bind the Mobility Header socket to its interface"));
      return -1;
    }
  return b->direct_fd;
}

static gboolean
kn_send_mh (Mip6Backend *self, const struct in6_addr *src, const struct in6_addr *dst,
            const struct in6_addr *home_address, const struct in6_addr *rh2_address,
            const Mip6Mh *msg, int oif, GError **error)
{
  KernelBackend *b = (KernelBackend *) self;
  /* With a type 2 routing header the socket's destination is the final
   * one (the home address); the kernel puts @dst (the care-of address) in
   * the IPv6 header and swaps the final one into the routing header. */
  const struct in6_addr *final = rh2_address ? rh2_address : dst;
  const struct in6_addr *csum_src = home_address ? home_address : src;
  guint8 mhbuf[1024];
  gsize len = 0;
  Mip6WireError err = mip6_mh_encode (msg, csum_src, final, mhbuf, sizeof mhbuf, &len);
  if (err != MIP6_WIRE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("Cannot encode the %s message: %s"), mip6_mh_type_name (msg->type),
                   mip6_wire_error_name (err));
      return FALSE;
    }

  /* A mobile node's Binding Update from its care-of address: the answer
   * comes back to @src with a type 2 routing header for @home_address,
   * which the kernel accepts through this state only (§11.3.3). */
  if (home_address && msg->type == MIP6_MH_BU)
    {
      /* Remembered so that a return home removes this state, also when no
       * tunnel was ever set up. */
      b->ha = *dst;
      b->hoa = *home_address;
      xfrm_state_del (b, IPPROTO_ROUTING, dst, home_address, 0);
      if (!xfrm_state_add (b, IPPROTO_ROUTING, dst, home_address, src, FALSE, error))
        return FALSE;
    }

  guint8 control[CMSG_SPACE (sizeof (struct in6_pktinfo)) + 2 * CMSG_SPACE (64)];
  memset (control, 0, sizeof control);
  struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_addr = *final };
  struct iovec iov = { mhbuf, len };
  struct msghdr mh = { .msg_name = &to,
                       .msg_namelen = sizeof to,
                       .msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = control,
                       .msg_controllen = sizeof control };
  gsize used = 0;
  struct cmsghdr *c = CMSG_FIRSTHDR (&mh);
  struct in6_pktinfo pi = { .ipi6_addr = *src };
  c->cmsg_level = IPPROTO_IPV6;
  c->cmsg_type = IPV6_PKTINFO;
  c->cmsg_len = CMSG_LEN (sizeof pi);
  memcpy (CMSG_DATA (c), &pi, sizeof pi);
  used += CMSG_SPACE (sizeof pi);
  if (home_address)
    {
      guint8 opt[64];
      gsize olen = 0;
      mip6_hao_encode (MIP6_IPPROTO_MH, home_address, opt, sizeof opt, &olen);
      c = (struct cmsghdr *) (control + used);
      c->cmsg_level = IPPROTO_IPV6;
      c->cmsg_type = IPV6_DSTOPTS;
      c->cmsg_len = CMSG_LEN (olen);
      memcpy (CMSG_DATA (c), opt, olen);
      used += CMSG_SPACE (olen);
    }
  if (rh2_address)
    {
      guint8 rh[64];
      gsize rlen = 0;
      mip6_rh2_encode (MIP6_IPPROTO_MH, dst, rh, sizeof rh, &rlen);
      c = (struct cmsghdr *) (control + used);
      c->cmsg_level = IPPROTO_IPV6;
      c->cmsg_type = IPV6_RTHDR;
      c->cmsg_len = CMSG_LEN (rlen);
      memcpy (CMSG_DATA (c), rh, rlen);
      used += CMSG_SPACE (rlen);
    }
  mh.msg_controllen = used;
  int fd = b->mh_fd;
  int out_ifindex = oif > 0 ? oif : rh2_address ? 0 : direct_ifindex (b, dst);
  if (out_ifindex > 0 && (fd = direct_socket (b, out_ifindex, error)) < 0)
    return FALSE;
  if (sendmsg (fd, &mh, 0) < 0)
    {
      char a[INET6_ADDRSTRLEN];
      g_autofree char *what = g_strdup_printf (_ ("Cannot send the %s message to %s"),
                                               mip6_mh_type_name (msg->type), ntop (dst, a));
      return errno_fail (error, what);
    }
  return TRUE;
}

/* ---------------------------------------------------------- mobile node */

/* §11.3.3: the kernel accepts a type 2 routing header only for a local
 * address with IFA_F_HOMEADDRESS, and through an XFRM state for it. Until
 * the tunnel is up the home address waits on the loopback interface,
 * deprecated so that no connection picks it as source (RFC 4862 §5.5.4). */
static gboolean
home_address_park (KernelBackend *b, const struct in6_addr *hoa, GError **error)
{
  if (!home_address_add (b, LOOPBACK_IFINDEX, hoa, TRUE, error))
    return FALSE;
  b->hoa_parked = TRUE;
  return TRUE;
}

static void
home_address_unpark (KernelBackend *b)
{
  if (b->hoa_parked)
    mip6_rtnl_addr_del (b->rtnl, LOOPBACK_IFINDEX, &b->hoa, 128, NULL);
  b->hoa_parked = FALSE;
}

static gboolean
kn_mn_home_link_leave (Mip6Backend *self, int ifindex, const struct in6_addr *hoa, guint8 home_plen,
                       GError **error)
{
  KernelBackend *b = (KernelBackend *) self;
  b->hoa = *hoa;
  return mip6_rtnl_addr_del (b->rtnl, ifindex, hoa, home_plen, error) &&
         (b->away || home_address_park (b, hoa, error));
}

static gboolean
kn_mn_home_link_join (Mip6Backend *self, int ifindex, const struct in6_addr *hoa, guint8 home_plen,
                      gboolean dad, GError **error)
{
  KernelBackend *b = (KernelBackend *) self;
  home_address_unpark (b);
  xfrm_state_del (b, IPPROTO_ROUTING, &b->ha, &b->hoa, 0);
  b->hoa = *hoa;
  return mip6_rtnl_addr_add (b->rtnl, ifindex, hoa, home_plen, !dad, error);
}

static gboolean
kn_mn_tunnel_set (Mip6Backend *self, int ifindex, const struct in6_addr *coa,
                  const struct in6_addr *ha, const struct in6_addr *hoa, GError **error)
{
  KernelBackend *b = (KernelBackend *) self;
  b->hoa = *hoa;
  b->coa = *coa;
  b->ha = *ha;
  int tun = tunnel_set (b, MN_TUNNEL_NAME, ifindex, coa, ha, error);
  if (tun == 0)
    return FALSE;
  b->away = TRUE;
  if (!home_address_add (b, tun, hoa, FALSE, error))
    return FALSE;
  home_address_unpark (b);
  return TRUE;
}

static gboolean
kn_mn_tunnel_del (Mip6Backend *self, GError **error)
{
  KernelBackend *b = (KernelBackend *) self;
  if (!b->away)
    return TRUE;
  tunnel_del (b, MN_TUNNEL_NAME);
  b->away = FALSE;
  /* Still away (registration failed): the home address stays ours for the
   * next Binding Acknowledgement. */
  return home_address_park (b, &b->hoa, error);
}

static gboolean
kn_mn_routes_via_tunnel (Mip6Backend *self, const struct in6_addr *hoa, GError **error)
{
  KernelBackend *b = (KernelBackend *) self;
  struct rtnl_link *cur = NULL;
  if (rtnl_link_get_kernel (b->route_sk, 0, MN_TUNNEL_NAME, &cur) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("Cannot route the home address into tunnel %s: it is not up"),
                   MN_TUNNEL_NAME);
      return FALSE;
    }
  int tun = rtnl_link_get_ifindex (cur);
  rtnl_link_put (cur);
  return mip6_rtnl_mn_routes_via_tunnel (b->rtnl, tun, hoa, error);
}

static gboolean
kn_mn_routes_blocked (Mip6Backend *self, const struct in6_addr *hoa, GError **error)
{
  KernelBackend *b = (KernelBackend *) self;
  return mip6_rtnl_mn_routes_blocked (b->rtnl, hoa, error);
}

static gboolean
kn_mn_routes_home (Mip6Backend *self, GError **error)
{
  KernelBackend *b = (KernelBackend *) self;
  mip6_rtnl_mn_routes_home (b->rtnl);
  return TRUE;
}

/* ----------------------------------------------------------- home agent */

/* §9.3.1, §9.3.2 through XFRM, for one binding: a Home Address option
 * naming @hoa is accepted from @coa only (the state the kernel's
 * xfrm6_input_addr finds first, and the policy that wants that very
 * state), and the home agent's own packets to @hoa leave for @coa with a
 * type 2 routing header. Called again when the care-of address moves. */
static gboolean
ha_route_optimisation_set (KernelBackend *b, HaBinding *bind, const struct in6_addr *ha,
                           const struct in6_addr *hoa, const struct in6_addr *coa, GError **error)
{
  static const guint8 hao[] = { IPPROTO_DSTOPTS }, rh2[] = { IPPROTO_ROUTING };
  xfrm_state_del (b, IPPROTO_DSTOPTS, hoa, ha, 0);
  xfrm_state_del (b, IPPROTO_ROUTING, ha, hoa, 0);
  if (!xfrm_state_add (b, IPPROTO_DSTOPTS, hoa, ha, coa, FALSE, error) ||
      !xfrm_state_add (b, IPPROTO_ROUTING, ha, hoa, coa, FALSE, error))
    return FALSE;
  /* Binding Acknowledgements bring their own routing header (send_mh):
   * Mobility Headers leave untransformed, ahead of the policy below. */
  if (!b->mh_out_policy)
    {
      if (!xfrm_policy_add (b, XFRM_POLICY_OUT, NULL, NULL, IPPROTO_MH, MIP6_XFRM_PRIORITY, NULL, 0,
                            NULL, NULL, error))
        return FALSE;
      b->mh_out_policy = TRUE;
    }
  if (!bind->ro_policies)
    {
      if (!xfrm_policy_add (b, XFRM_POLICY_IN, hoa, ha, 0, MIP6_XFRM_PRIORITY_BINDING, hao, 1, hoa,
                            ha, error) ||
          !xfrm_policy_add (b, XFRM_POLICY_OUT, ha, hoa, 0, MIP6_XFRM_PRIORITY_BINDING, rh2, 1, ha,
                            hoa, error))
        return FALSE;
      bind->ro_policies = TRUE;
    }
  return TRUE;
}

static void
ha_route_optimisation_del (KernelBackend *b, HaBinding *bind, const struct in6_addr *ha,
                           const struct in6_addr *hoa)
{
  if (bind->ro_policies)
    {
      xfrm_policy_del (b, XFRM_POLICY_IN, hoa, ha);
      xfrm_policy_del (b, XFRM_POLICY_OUT, ha, hoa);
    }
  xfrm_state_del (b, IPPROTO_DSTOPTS, hoa, ha, 0);
  xfrm_state_del (b, IPPROTO_ROUTING, ha, hoa, 0);
}

static gboolean
kn_ha_bind (Mip6Backend *self, const struct in6_addr *home_agent, const struct in6_addr *hoa,
            const struct in6_addr *coa, GError **error)
{
  KernelBackend *b = (KernelBackend *) self;
  if (b->bindings == NULL)
    b->bindings = g_hash_table_new_full (addr_hash, addr_equal, g_free, g_free);
  b->ha_addr = *home_agent;
  HaBinding *bind = g_hash_table_lookup (b->bindings, hoa);
  if (bind == NULL)
    {
      bind = g_new0 (HaBinding, 1);
      g_snprintf (bind->name, sizeof bind->name, "mip6tnl%u", ++b->next_tunnel);
      /* Before the route into the tunnel exists. */
      if (!mip6_rtnl_route_lookup (b->rtnl, hoa, 0, NULL, &bind->home_ifindex))
        bind->home_ifindex = 0;
      g_hash_table_insert (b->bindings, g_memdup2 (hoa, sizeof *hoa), bind);
    }
  bind->coa = *coa;
  int tun = tunnel_set (b, bind->name, 0, home_agent, coa, error);
  if (tun == 0)
    return FALSE;
  bind->ifindex = tun;
  /* More specific than the home prefix: packets for the home address
   * enter the tunnel (§10.4.2). */
  if (!mip6_rtnl_route_add (b->rtnl, hoa, 128, NULL, tun, 1, NULL, error) ||
      !ha_route_optimisation_set (b, bind, home_agent, hoa, coa, error))
    return FALSE;
  /* §10.4.5: the link checks the outer addresses only; the inner source
   * must be the home address bound to that care-of address. */
  if (b->nft == NULL && (b->nft = mip6_nft_new (error)) == NULL)
    return FALSE;
  if (!bind->source_checked)
    {
      if (!mip6_nft_tunnel_source_add (b->nft, bind->name, hoa, error))
        return FALSE;
      bind->source_checked = TRUE;
    }
  return TRUE;
}

static gboolean
kn_ha_unbind (Mip6Backend *self, const struct in6_addr *hoa, GError **error)
{
  KernelBackend *b = (KernelBackend *) self;
  HaBinding *bind = b->bindings ? g_hash_table_lookup (b->bindings, hoa) : NULL;
  if (bind == NULL)
    return TRUE;
  /* The route into the tunnel goes with it. */
  tunnel_del (b, bind->name);
  ha_route_optimisation_del (b, bind, &b->ha_addr, hoa);
  if (bind->source_checked && b->nft)
    mip6_nft_tunnel_source_del (b->nft, bind->name, hoa, NULL);
  g_hash_table_remove (b->bindings, hoa);
  return TRUE;
}

static void
kn_get_counters (Mip6Backend *self, Mip6BackendCounters *out)
{
  KernelBackend *b = (KernelBackend *) self;
  memset (out, 0, sizeof *out);
  guint64 tx = b->gone_tx, rx = b->gone_rx;
  if (b->away)
    tunnel_stats (b, MN_TUNNEL_NAME, &tx, &rx);
  if (b->bindings)
    {
      GHashTableIter it;
      gpointer value;
      g_hash_table_iter_init (&it, b->bindings);
      while (g_hash_table_iter_next (&it, NULL, &value))
        tunnel_stats (b, ((HaBinding *) value)->name, &tx, &rx);
    }
  /* The kernel counts what the ip6tnl links carried; it keeps its own
   * drop reasons (rx_errors), which do not map onto ours. */
  out->encapsulations = tx;
  out->decapsulations = rx;
  if (b->nft)
    out->dropped_tunnel_bad_source = mip6_nft_tunnel_bad_source_count (b->nft);
}

static void
kn_free (Mip6Backend *self)
{
  KernelBackend *b = (KernelBackend *) self;
  g_clear_handle_id (&b->mh_watch, g_source_remove);
  if (b->mh_fd >= 0)
    close (b->mh_fd);
  g_clear_handle_id (&b->report_watch, g_source_remove);
  if (b->report_fd >= 0)
    close (b->report_fd);
  g_clear_pointer (&b->nft, mip6_nft_free);
  if (b->direct_fd >= 0)
    close (b->direct_fd);
  if (b->route_sk && b->rtnl)
    home_address_unpark (b);
  if (b->route_sk && b->xfrm_sk && b->rtnl)
    remove_own (b);
  g_clear_pointer (&b->bindings, g_hash_table_unref);
  g_clear_pointer (&b->route_sk, nl_socket_free);
  g_clear_pointer (&b->xfrm_sk, nl_socket_free);
  g_clear_pointer (&b->rtnl, mip6_rtnl_free);
  g_free (b);
}

static const Mip6BackendOps kernel_ops = {
  .name = "kernel",
  .free = kn_free,
  .listen_mh = kn_listen_mh,
  .send_mh = kn_send_mh,
  .mn_home_link_leave = kn_mn_home_link_leave,
  .mn_home_link_join = kn_mn_home_link_join,
  .mn_tunnel_set = kn_mn_tunnel_set,
  .mn_tunnel_del = kn_mn_tunnel_del,
  .mn_routes_via_tunnel = kn_mn_routes_via_tunnel,
  .mn_routes_blocked = kn_mn_routes_blocked,
  .mn_routes_home = kn_mn_routes_home,
  .ha_bind = kn_ha_bind,
  .ha_unbind = kn_ha_unbind,
  .get_counters = kn_get_counters,
};

static struct nl_sock *
nl_open (int protocol, GError **error)
{
  struct nl_sock *sk = nl_socket_alloc ();
  int err = nl_connect (sk, protocol);
  if (err < 0)
    {
      nl_socket_free (sk);
      nl_fail (error, err,
               protocol == NETLINK_XFRM ? _ ("Cannot open an XFRM netlink socket")
                                        : _ ("Cannot open a routing netlink socket"));
      return NULL;
    }
  return sk;
}

void
mip6_backend_kernel_remove_leftovers (void)
{
  /* A plain KernelBackend with only its netlink sockets: kn_free() then
   * removes what a killed kernel-path mip6d left (tunnels, routes, XFRM)
   * and opens nothing else. Without XFRM netlink there can be none. */
  KernelBackend *b = g_new0 (KernelBackend, 1);
  b->parent.ops = &kernel_ops;
  b->mh_fd = b->direct_fd = -1;
  b->report_fd = -1;
  if ((b->rtnl = mip6_rtnl_new (NULL)) != NULL && (b->route_sk = nl_open (NETLINK_ROUTE, NULL)) &&
      (b->xfrm_sk = nl_open (NETLINK_XFRM, NULL)))
    {
      int removed = remove_own (b);
      if (removed > 0)
        g_message (_ ("Removed %d tunnels, routes and XFRM entries left behind by an earlier "
                      "mip6d"),
                   removed);
      /* already done: kn_free must not do it again */
      g_clear_pointer (&b->xfrm_sk, nl_socket_free);
    }
  kn_free (&b->parent);
}

Mip6Backend *
mip6_backend_kernel_new (GError **error)
{
  g_autoptr (Mip6ProbeResult) probe = mip6_datapath_probe (MIP6_DATAPATH_KERNEL, error);
  if (probe == NULL)
    return NULL;

  KernelBackend *b = g_new0 (KernelBackend, 1);
  b->parent.ops = &kernel_ops;
  b->mh_fd = b->direct_fd = -1;
  b->report_fd = -1;
  if ((b->rtnl = mip6_rtnl_new (error)) == NULL ||
      (b->route_sk = nl_open (NETLINK_ROUTE, error)) == NULL ||
      (b->xfrm_sk = nl_open (NETLINK_XFRM, error)) == NULL)
    goto fail;

  /* What a killed mip6d left behind goes before anything else. */
  int removed = remove_own (b);
  if (removed > 0)
    g_message (_ ("Removed %d tunnels, routes and XFRM entries left behind by an earlier mip6d"),
               removed);

  b->mh_fd = socket (AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_MH);
  if (b->mh_fd < 0)
    {
      errno_fail (error, _ ("Cannot open the Mobility Header socket (mip6d needs CAP_NET_RAW)"));
      goto fail;
    }
  static const int off = -1, hops = MIP6_MH_HOP_LIMIT;
  if (setsockopt (b->mh_fd, IPPROTO_IPV6, IPV6_CHECKSUM, &off, sizeof off) < 0 ||
      setsockopt (b->mh_fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof hops) < 0)
    {
      errno_fail (error, _ ("Cannot configure the Mobility Header socket"));
      goto fail;
    }
  return &b->parent;

fail:
  kn_free (&b->parent);
  return NULL;
}
