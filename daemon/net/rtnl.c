/* rtnl.c — routing netlink through libnl-route. */
#include "config.h"
#include "rtnl.h"

#include <net/if_arp.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <net/if.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/neighbour.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#include <linux/fib_rules.h>
#include <string.h>

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000 /* linux/if.h; net/if.h lacks it */
#endif

struct _Mip6Rtnl
{
  struct nl_sock *sk;       /* requests */
  struct nl_sock *event_sk; /* multicast events */
  guint event_watch;
  Mip6RtnlEventFunc func;
  gpointer user_data;
};

static gboolean
set_nl_error (GError **error, int err, const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, nl_geterror (err));
  return FALSE;
}

static struct nl_addr *
make_addr (const struct in6_addr *a, guint8 prefix_len)
{
  struct nl_addr *na = nl_addr_build (AF_INET6, a, sizeof *a);
  nl_addr_set_prefixlen (na, prefix_len);
  return na;
}

Mip6Rtnl *
mip6_rtnl_new (GError **error)
{
  Mip6Rtnl *r = g_new0 (Mip6Rtnl, 1);
  r->sk = nl_socket_alloc ();
  int err = nl_connect (r->sk, NETLINK_ROUTE);
  if (err < 0)
    {
      set_nl_error (error, err, _ ("Cannot open a routing netlink socket"));
      mip6_rtnl_free (r);
      return NULL;
    }
  return r;
}

void
mip6_rtnl_free (Mip6Rtnl *r)
{
  if (r == NULL)
    return;
  g_clear_handle_id (&r->event_watch, g_source_remove);
  if (r->event_sk)
    nl_socket_free (r->event_sk);
  if (r->sk)
    nl_socket_free (r->sk);
  g_free (r);
}

static void
emit_object (struct nl_object *obj, void *data)
{
  Mip6Rtnl *r = data;
  Mip6RtnlEvent ev = { 0 };
  const char *type = nl_object_get_type (obj);

  if (g_strcmp0 (type, "route/link") == 0)
    {
      struct rtnl_link *link = (struct rtnl_link *) obj;
      unsigned flags = rtnl_link_get_flags (link);
      ev.type = MIP6_RTNL_EVENT_LINK;
      ev.ifindex = rtnl_link_get_ifindex (link);
      g_strlcpy (ev.ifname, rtnl_link_get_name (link) ? rtnl_link_get_name (link) : "",
                 sizeof ev.ifname);
      ev.up = (flags & IFF_UP) != 0;
      ev.carrier = (flags & IFF_LOWER_UP) != 0;
      ev.ethernet = rtnl_link_get_arptype (link) == ARPHRD_ETHER &&
                    g_strcmp0 (rtnl_link_get_type (link), "bridge") != 0 &&
                    rtnl_link_get_master (link) == 0;
      /* A deleted link arrives as RTM_DELLINK; treat it as link down. */
      if (nl_object_get_msgtype (obj) == RTM_DELLINK)
        {
          ev.up = ev.carrier = FALSE;
          ev.deleted = TRUE;
        }
    }
  else if (g_strcmp0 (type, "route/addr") == 0)
    {
      struct rtnl_addr *addr = (struct rtnl_addr *) obj;
      struct nl_addr *local = rtnl_addr_get_local (addr);
      if (rtnl_addr_get_family (addr) != AF_INET6 || local == NULL ||
          nl_addr_get_len (local) != sizeof (struct in6_addr))
        return;
      ev.type = nl_object_get_msgtype (obj) == RTM_DELADDR ? MIP6_RTNL_EVENT_ADDR_DEL
                                                           : MIP6_RTNL_EVENT_ADDR_NEW;
      ev.ifindex = rtnl_addr_get_ifindex (addr);
      memcpy (&ev.addr, nl_addr_get_binary_addr (local), sizeof ev.addr);
      ev.prefix_len = (guint8) rtnl_addr_get_prefixlen (addr);
      ev.ifa_flags = rtnl_addr_get_flags (addr);
      ev.preferred_lifetime = rtnl_addr_get_preferred_lifetime (addr);
      ev.valid_lifetime = rtnl_addr_get_valid_lifetime (addr);
      ev.scope = (guint8) rtnl_addr_get_scope (addr);
    }
  else if (g_strcmp0 (type, "route/neigh") == 0)
    {
      struct rtnl_neigh *n = (struct rtnl_neigh *) obj;
      struct nl_addr *dst = rtnl_neigh_get_dst (n);
      if (rtnl_neigh_get_family (n) != AF_INET6 || dst == NULL ||
          nl_addr_get_len (dst) != sizeof (struct in6_addr) ||
          !(rtnl_neigh_get_state (n) & NUD_FAILED) || !(rtnl_neigh_get_flags (n) & NTF_ROUTER))
        return;
      ev.type = MIP6_RTNL_EVENT_ROUTER_FAILED;
      ev.ifindex = rtnl_neigh_get_ifindex (n);
      memcpy (&ev.addr, nl_addr_get_binary_addr (dst), sizeof ev.addr);
    }
  else
    return;

  r->func (&ev, r->user_data);
}

static int
on_event_msg (struct nl_msg *msg, void *data)
{
  nl_msg_parse (msg, emit_object, data);
  return NL_OK;
}

static gboolean
on_event_readable (gint fd, GIOCondition cond, gpointer data)
{
  Mip6Rtnl *r = data;
  int err = nl_recvmsgs_default (r->event_sk);
  if (err < 0 && err != -NLE_AGAIN)
    g_warning ("routing netlink events: %s", nl_geterror (err));
  return G_SOURCE_CONTINUE;
}

static gboolean
replay_cache (Mip6Rtnl *r, gboolean links, GError **error)
{
  struct nl_cache *cache = NULL;
  int err = links ? rtnl_link_alloc_cache (r->sk, AF_UNSPEC, &cache)
                  : rtnl_addr_alloc_cache (r->sk, &cache);
  if (err < 0)
    return set_nl_error (error, err, _ ("Cannot read the kernel's links and addresses"));
  nl_cache_foreach (cache, emit_object, r);
  nl_cache_free (cache);
  return TRUE;
}

gboolean
mip6_rtnl_watch (Mip6Rtnl *r, Mip6RtnlEventFunc func, gpointer user_data, GError **error)
{
  r->func = func;
  r->user_data = user_data;
  r->event_sk = nl_socket_alloc ();
  nl_socket_disable_seq_check (r->event_sk);
  nl_socket_modify_cb (r->event_sk, NL_CB_VALID, NL_CB_CUSTOM, on_event_msg, r);
  int err = nl_connect (r->event_sk, NETLINK_ROUTE);
  if (err >= 0)
    err = nl_socket_add_memberships (r->event_sk, RTNLGRP_LINK, RTNLGRP_IPV6_IFADDR, RTNLGRP_NEIGH,
                                     0);
  if (err >= 0)
    err = nl_socket_set_nonblocking (r->event_sk);
  if (err < 0)
    return set_nl_error (error, err, _ ("Cannot subscribe to routing netlink events"));
  /* Subscribe first, then replay: an event racing with the dump is seen
   * twice at worst, never lost. */
  if (!replay_cache (r, TRUE, error) || !replay_cache (r, FALSE, error))
    return FALSE;
  r->event_watch = g_unix_fd_add (nl_socket_get_fd (r->event_sk), G_IO_IN, on_event_readable, r);
  return TRUE;
}

static gboolean
addr_change (Mip6Rtnl *r, gboolean add, int ifindex, const struct in6_addr *a, guint8 plen,
             gboolean nodad, GError **error)
{
  struct rtnl_addr *addr = rtnl_addr_alloc ();
  struct nl_addr *local = make_addr (a, plen);
  rtnl_addr_set_ifindex (addr, ifindex);
  rtnl_addr_set_family (addr, AF_INET6);
  rtnl_addr_set_local (addr, local);
  rtnl_addr_set_prefixlen (addr, plen);
  if (nodad)
    rtnl_addr_set_flags (addr, IFA_F_NODAD);
  int err = add ? rtnl_addr_add (r->sk, addr, NLM_F_REPLACE) : rtnl_addr_delete (r->sk, addr, 0);
  nl_addr_put (local);
  rtnl_addr_put (addr);
  if (err < 0 && !(!add && err == -NLE_NOADDR))
    {
      char buf[INET6_ADDRSTRLEN];
      g_autofree char *what =
          g_strdup_printf (add ? _ ("Cannot add address %s/%u on interface %d")
                               : _ ("Cannot remove address %s/%u from interface %d"),
                           inet_ntop (AF_INET6, a, buf, sizeof buf), plen, ifindex);
      return set_nl_error (error, err, what);
    }
  return TRUE;
}

gboolean
mip6_rtnl_addr_add (Mip6Rtnl *r, int ifindex, const struct in6_addr *a, guint8 plen, gboolean nodad,
                    GError **error)
{
  return addr_change (r, TRUE, ifindex, a, plen, nodad, error);
}

gboolean
mip6_rtnl_addr_del (Mip6Rtnl *r, int ifindex, const struct in6_addr *a, guint8 plen, GError **error)
{
  return addr_change (r, FALSE, ifindex, a, plen, FALSE, error);
}

/* metric G_MAXUINT32: match any metric and any protocol (deletion only). */
static gboolean
route_change_in (Mip6Rtnl *r, gboolean add, guint32 table, const struct in6_addr *dst, guint8 plen,
                 const struct in6_addr *gw, int ifindex, guint32 metric,
                 const struct in6_addr *prefsrc, GError **error)
{
  struct rtnl_route *route = rtnl_route_alloc ();
  struct nl_addr *d = make_addr (dst, plen);
  rtnl_route_set_family (route, AF_INET6);
  rtnl_route_set_dst (route, d);
  rtnl_route_set_table (route, table);
  if (metric == G_MAXUINT32)
    rtnl_route_set_protocol (route, RTPROT_UNSPEC);
  else
    {
      rtnl_route_set_protocol (route, MIP6_RTNL_PROTO);
      rtnl_route_set_priority (route, metric);
    }
  struct nl_addr *ps = NULL;
  if (prefsrc)
    {
      ps = make_addr (prefsrc, 128);
      rtnl_route_set_pref_src (route, ps);
    }
  struct rtnl_nexthop *nh = rtnl_route_nh_alloc ();
  rtnl_route_nh_set_ifindex (nh, ifindex);
  struct nl_addr *g = NULL;
  if (gw)
    {
      g = make_addr (gw, 128);
      rtnl_route_nh_set_gateway (nh, g);
    }
  rtnl_route_add_nexthop (route, nh);
  int err =
      add ? rtnl_route_add (r->sk, route, NLM_F_REPLACE) : rtnl_route_delete (r->sk, route, 0);
  if (g)
    nl_addr_put (g);
  if (ps)
    nl_addr_put (ps);
  nl_addr_put (d);
  rtnl_route_put (route);
  if (err < 0 && !(!add && err == -NLE_OBJ_NOTFOUND))
    {
      char buf[INET6_ADDRSTRLEN];
      g_autofree char *what =
          g_strdup_printf (add ? _ ("Cannot add the route to %s/%u via interface %d")
                               : _ ("Cannot remove the route to %s/%u via interface %d"),
                           inet_ntop (AF_INET6, dst, buf, sizeof buf), plen, ifindex);
      return set_nl_error (error, err, what);
    }
  return TRUE;
}

static gboolean
route_change (Mip6Rtnl *r, gboolean add, const struct in6_addr *dst, guint8 plen,
              const struct in6_addr *gw, int ifindex, guint32 metric,
              const struct in6_addr *prefsrc, GError **error)
{
  return route_change_in (r, add, RT_TABLE_MAIN, dst, plen, gw, ifindex, metric, prefsrc, error);
}

/* A rule built by hand: libnl cannot set FIB_RULE_FIND_SADDR. */
static gboolean
rule_add (Mip6Rtnl *r, const struct in6_addr *src, guint8 action, guint32 flags, GError **error)
{
  struct nl_msg *msg = nlmsg_alloc_simple (RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL);
  struct fib_rule_hdr frh = {
    .family = AF_INET6,
    .src_len = 128,
    .action = action,
    .flags = flags,
  };
  int err = nlmsg_append (msg, &frh, sizeof frh, NLMSG_ALIGNTO);
  if (err >= 0)
    err = nla_put (msg, FRA_SRC, sizeof *src, src);
  if (err >= 0)
    err = nla_put_u32 (msg, FRA_PRIORITY, MIP6_RTNL_RULE_PRIORITY);
  if (err >= 0 && action == FR_ACT_TO_TBL)
    err = nla_put_u32 (msg, FRA_TABLE, MIP6_RTNL_TABLE);
  if (err >= 0)
    err = nl_send_sync (r->sk, msg); /* frees msg */
  else
    nlmsg_free (msg);
  if (err < 0 && err != -NLE_EXIST)
    {
      char buf[INET6_ADDRSTRLEN];
      g_autofree char *what =
          g_strdup_printf (_ ("Cannot add the routing rule for packets from %s"),
                           inet_ntop (AF_INET6, src, buf, sizeof buf));
      return set_nl_error (error, err, what);
    }
  return TRUE;
}

typedef struct
{
  int type;
  int oif;
  gboolean acked;
} RouteReply;

/* The type and output interface of the kernel's answer to one lookup. */
static int
on_route_reply (struct nl_msg *msg, void *data)
{
  RouteReply *reply = data;
  struct nlmsghdr *h = nlmsg_hdr (msg);
  if (h->nlmsg_type != RTM_NEWROUTE || nlmsg_datalen (h) < (int) sizeof (struct rtmsg))
    return NL_OK;
  reply->type = ((struct rtmsg *) nlmsg_data (h))->rtm_type;
  struct nlattr *oif = nlmsg_find_attr (h, sizeof (struct rtmsg), RTA_OIF);
  if (oif && nla_len (oif) >= (int) sizeof (guint32))
    reply->oif = (int) nla_get_u32 (oif);
  return NL_OK;
}

static int
on_route_ack (struct nl_msg *msg, void *data)
{
  ((RouteReply *) data)->acked = TRUE;
  return NL_STOP;
}

gboolean
mip6_rtnl_route_lookup (Mip6Rtnl *r, const struct in6_addr *addr, int iif, guint8 *type, int *oif)
{
  struct nl_msg *msg = nlmsg_alloc_simple (RTM_GETROUTE, 0);
  struct rtmsg rtm = { .rtm_family = AF_INET6, .rtm_dst_len = 128 };
  RouteReply reply = { .type = -1 };
  if (msg == NULL)
    return FALSE;
  /* With RTA_IIF the kernel does the input lookup, as for a packet that
   * arrived on @iif; without, the one for a packet this host sends. */
  int err = nlmsg_append (msg, &rtm, sizeof rtm, NLMSG_ALIGNTO);
  if (err >= 0)
    err = nla_put (msg, RTA_DST, sizeof *addr, addr);
  if (err >= 0 && iif > 0)
    err = nla_put_u32 (msg, RTA_IIF, (guint32) iif);
  if (err >= 0)
    err = nl_send_auto (r->sk, msg);
  nlmsg_free (msg);
  if (err < 0)
    return FALSE;
  struct nl_cb *cb = nl_cb_clone (nl_socket_get_cb (r->sk));
  nl_cb_set (cb, NL_CB_VALID, NL_CB_CUSTOM, on_route_reply, &reply);
  nl_cb_set (cb, NL_CB_ACK, NL_CB_CUSTOM, on_route_ack, &reply);
  /* The answer, then the acknowledgement nl_send_auto asked for; an
   * unroutable address comes back as an error instead. */
  while (!reply.acked && (err = nl_recvmsgs (r->sk, cb)) >= 0)
    ;
  nl_cb_put (cb);
  if (reply.type < 0)
    return FALSE;
  if (type)
    *type = (guint8) reply.type;
  if (oif)
    *oif = reply.oif;
  return TRUE;
}

gboolean
mip6_rtnl_is_local (Mip6Rtnl *r, const struct in6_addr *addr, int ifindex)
{
  /* The local table answers the input lookup before any rule. */
  guint8 type = 0;
  return mip6_rtnl_route_lookup (r, addr, ifindex, &type, NULL) && type == RTN_LOCAL;
}

/* A route without next hop (throw, unreachable) in mip6's table. */
static gboolean
typed_route_add (Mip6Rtnl *r, const struct in6_addr *dst, guint8 plen, guint8 type, GError **error)
{
  struct rtnl_route *route = rtnl_route_alloc ();
  struct nl_addr *d = make_addr (dst, plen);
  rtnl_route_set_family (route, AF_INET6);
  rtnl_route_set_dst (route, d);
  rtnl_route_set_table (route, MIP6_RTNL_TABLE);
  rtnl_route_set_protocol (route, MIP6_RTNL_PROTO);
  rtnl_route_set_type (route, type);
  int err = rtnl_route_add (r->sk, route, NLM_F_REPLACE);
  nl_addr_put (d);
  rtnl_route_put (route);
  if (err < 0)
    {
      char buf[INET6_ADDRSTRLEN];
      g_autofree char *what =
          g_strdup_printf (_ ("Cannot add the route to %s/%u in routing table %d"),
                           inet_ntop (AF_INET6, dst, buf, sizeof buf), plen, MIP6_RTNL_TABLE);
      return set_nl_error (error, err, what);
    }
  return TRUE;
}

static int flush_routes (Mip6Rtnl *r, guint32 table, guint8 protocol, GError **error);

gboolean
mip6_rtnl_mn_routes_via_tunnel (Mip6Rtnl *r, int tunnel_ifindex, const struct in6_addr *hoa,
                                GError **error)
{
  static const struct in6_addr any = IN6ADDR_ANY_INIT;
  mip6_rtnl_mn_routes_home (r);
  /* Link-local and multicast destinations keep the interface they name:
   * the rule looks them up in the main table (throw). Everything else from
   * the home address, on-link destinations included, is reverse tunnelled
   * (RFC 6275 §11.3.1). */
  static const struct in6_addr link_local = { { { 0xfe, 0x80 } } };
  static const struct in6_addr multicast = { { { 0xff } } };
  return typed_route_add (r, &link_local, 10, RTN_THROW, error) &&
         typed_route_add (r, &multicast, 8, RTN_THROW, error) &&
         route_change_in (r, TRUE, MIP6_RTNL_TABLE, &any, 0, NULL, tunnel_ifindex,
                          MIP6_RTNL_TUNNEL_METRIC, hoa, error) &&
         rule_add (r, hoa, FR_ACT_TO_TBL, FIB_RULE_FIND_SADDR, error);
}

gboolean
mip6_rtnl_mn_routes_blocked (Mip6Rtnl *r, const struct in6_addr *hoa, GError **error)
{
  mip6_rtnl_mn_routes_home (r);
  /* No FIB_RULE_FIND_SADDR: lookups without a source never match, so new
   * connections use the care-of address directly. */
  return rule_add (r, hoa, FR_ACT_UNREACHABLE, 0, error);
}

void
mip6_rtnl_mn_routes_home (Mip6Rtnl *r)
{
  mip6_rtnl_flush_own_rules (r);
  flush_routes (r, MIP6_RTNL_TABLE, 0, NULL);
}

static void
flush_rule (struct nl_object *obj, void *data)
{
  Mip6Rtnl *r = data;
  struct rtnl_rule *rule = (struct rtnl_rule *) obj;
  if (rtnl_rule_get_family (rule) == AF_INET6 &&
      (rtnl_rule_get_table (rule) == MIP6_RTNL_TABLE ||
       rtnl_rule_get_prio (rule) == MIP6_RTNL_RULE_PRIORITY))
    rtnl_rule_delete (r->sk, rule, 0);
}

void
mip6_rtnl_flush_own_rules (Mip6Rtnl *r)
{
  struct nl_cache *cache = NULL;
  if (rtnl_rule_alloc_cache (r->sk, AF_INET6, &cache) < 0)
    return;
  nl_cache_foreach (cache, flush_rule, r);
  nl_cache_free (cache);
}

gboolean
mip6_rtnl_route_add (Mip6Rtnl *r, const struct in6_addr *dst, guint8 plen,
                     const struct in6_addr *gw, int ifindex, guint32 metric,
                     const struct in6_addr *prefsrc, GError **error)
{
  return route_change (r, TRUE, dst, plen, gw, ifindex, metric, prefsrc, error);
}

gboolean
mip6_rtnl_route_del (Mip6Rtnl *r, const struct in6_addr *dst, guint8 plen,
                     const struct in6_addr *gw, int ifindex, guint32 metric, GError **error)
{
  return route_change (r, FALSE, dst, plen, gw, ifindex, metric, NULL, error);
}

gboolean
mip6_rtnl_route_del_any (Mip6Rtnl *r, const struct in6_addr *dst, guint8 plen,
                         const struct in6_addr *gw, int ifindex, GError **error)
{
  return route_change (r, FALSE, dst, plen, gw, ifindex, G_MAXUINT32, NULL, error);
}

/* Deletes the IPv6 routes of @table (any when 0) with @protocol (any when
 * 0); returns how many, -1 when the routes cannot be read. */
typedef struct
{
  Mip6Rtnl *r;
  guint32 table;
  guint8 protocol;
  int count;
} Flush;

static void
flush_one (struct nl_object *obj, void *data)
{
  Flush *f = data;
  struct rtnl_route *route = (struct rtnl_route *) obj;
  if (rtnl_route_get_family (route) != AF_INET6 ||
      (f->table && rtnl_route_get_table (route) != f->table) ||
      (f->protocol && rtnl_route_get_protocol (route) != f->protocol))
    return;
  if (rtnl_route_delete (f->r->sk, route, 0) >= 0)
    f->count++;
}

static int
flush_routes (Mip6Rtnl *r, guint32 table, guint8 protocol, GError **error)
{
  struct nl_cache *cache = NULL;
  int err = rtnl_route_alloc_cache (r->sk, AF_INET6, 0, &cache);
  if (err < 0)
    {
      set_nl_error (error, err, _ ("Cannot read the kernel's routes"));
      return -1;
    }
  Flush f = { r, table, protocol, 0 };
  nl_cache_foreach (cache, flush_one, &f);
  nl_cache_free (cache);
  return f.count;
}

int
mip6_rtnl_flush_own_routes (Mip6Rtnl *r, GError **error)
{
  return flush_routes (r, 0, MIP6_RTNL_PROTO, error);
}

/* A proxy entry added with NDA_PROTOCOL MIP6_RTNL_PROTO ("ip neigh add
 * proxy ADDR dev X protocol 109"), so that a later start recognises what
 * a killed mip6d left; Linux before 5.9 ignores the attribute. libnl has
 * no setter for it, hence the message is completed here. */
static int
proxy_add_marked (Mip6Rtnl *r, struct rtnl_neigh *n)
{
  struct nl_msg *msg = NULL;
  int err = rtnl_neigh_build_add_request (n, NLM_F_CREATE | NLM_F_REPLACE, &msg);
  if (err < 0)
    return err;
  if (nla_put_u8 (msg, NDA_PROTOCOL, MIP6_RTNL_PROTO) < 0)
    {
      nlmsg_free (msg);
      return -NLE_NOMEM;
    }
  err = nl_send_auto_complete (r->sk, msg);
  nlmsg_free (msg);
  if (err < 0)
    return err;
  return nl_wait_for_ack (r->sk);
}

static gboolean
proxy_change (Mip6Rtnl *r, gboolean add, int ifindex, const struct in6_addr *a, GError **error)
{
  struct rtnl_neigh *n = rtnl_neigh_alloc ();
  struct nl_addr *dst = make_addr (a, 128);
  rtnl_neigh_set_family (n, AF_INET6);
  rtnl_neigh_set_ifindex (n, ifindex);
  rtnl_neigh_set_dst (n, dst);
  rtnl_neigh_set_flags (n, NTF_PROXY);
  int err = add ? proxy_add_marked (r, n) : rtnl_neigh_delete (r->sk, n, 0);
  nl_addr_put (dst);
  rtnl_neigh_put (n);
  if (err < 0 && !(!add && err == -NLE_OBJ_NOTFOUND))
    {
      char buf[INET6_ADDRSTRLEN];
      g_autofree char *what = g_strdup_printf (
          add ? _ ("Cannot add the proxy neighbour entry for %s on interface %d")
              : _ ("Cannot remove the proxy neighbour entry for %s on interface %d"),
          inet_ntop (AF_INET6, a, buf, sizeof buf), ifindex);
      return set_nl_error (error, err, what);
    }
  return TRUE;
}

gboolean
mip6_rtnl_neigh_set (Mip6Rtnl *r, int ifindex, const struct in6_addr *a, const guint8 lladdr[6],
                     GError **error)
{
  struct rtnl_neigh *n = rtnl_neigh_alloc ();
  struct nl_addr *dst = make_addr (a, 128);
  struct nl_addr *ll = nl_addr_build (AF_LLC, lladdr, 6);
  rtnl_neigh_set_family (n, AF_INET6);
  rtnl_neigh_set_ifindex (n, ifindex);
  rtnl_neigh_set_dst (n, dst);
  rtnl_neigh_set_lladdr (n, ll);
  rtnl_neigh_set_state (n, NUD_STALE);
  int err = rtnl_neigh_add (r->sk, n, NLM_F_CREATE | NLM_F_REPLACE);
  nl_addr_put (ll);
  nl_addr_put (dst);
  rtnl_neigh_put (n);
  if (err < 0)
    {
      char buf[INET6_ADDRSTRLEN];
      g_autofree char *what =
          g_strdup_printf (_ ("Cannot set the link-layer address of %s on interface %d"),
                           inet_ntop (AF_INET6, a, buf, sizeof buf), ifindex);
      return set_nl_error (error, err, what);
    }
  return TRUE;
}

gboolean
mip6_rtnl_proxy_add (Mip6Rtnl *r, int ifindex, const struct in6_addr *a, GError **error)
{
  return proxy_change (r, TRUE, ifindex, a, error);
}

gboolean
mip6_rtnl_proxy_del (Mip6Rtnl *r, int ifindex, const struct in6_addr *a, GError **error)
{
  return proxy_change (r, FALSE, ifindex, a, error);
}

/* ---------------------------------------------------------- own proxy entries */

typedef struct
{
  GArray *found; /* Mip6RtnlProxy */
  gboolean marked_only;
} ProxyDump;

static int
on_proxy (struct nl_msg *msg, void *data)
{
  ProxyDump *d = data;
  struct nlmsghdr *h = nlmsg_hdr (msg);
  struct nlattr *tb[NDA_MAX + 1];
  if (h->nlmsg_type != RTM_NEWNEIGH ||
      nlmsg_parse (h, sizeof (struct ndmsg), tb, NDA_MAX, NULL) < 0)
    return NL_OK;
  const struct ndmsg *ndm = nlmsg_data (h);
  if (ndm->ndm_family != AF_INET6 || !(ndm->ndm_flags & NTF_PROXY) || tb[NDA_DST] == NULL ||
      nla_len (tb[NDA_DST]) != sizeof (struct in6_addr))
    return NL_OK;
  Mip6RtnlProxy p = { .ifindex = ndm->ndm_ifindex };
  p.protocol = tb[NDA_PROTOCOL] ? nla_get_u8 (tb[NDA_PROTOCOL]) : 0;
  memcpy (&p.addr, nla_data (tb[NDA_DST]), sizeof p.addr);
  if (!d->marked_only || p.protocol == MIP6_RTNL_PROTO)
    g_array_append_val (d->found, p);
  return NL_OK;
}

GArray *
mip6_rtnl_proxy_list (Mip6Rtnl *r, GError **error)
{
  struct ndmsg ndm = { .ndm_family = AF_INET6, .ndm_flags = NTF_PROXY };
  ProxyDump d = { g_array_new (FALSE, TRUE, sizeof (Mip6RtnlProxy)), FALSE };
  /* A callback set of our own: the socket's stays as libnl expects it. */
  struct nl_cb *cb = nl_cb_alloc (NL_CB_DEFAULT);
  nl_cb_set (cb, NL_CB_VALID, NL_CB_CUSTOM, on_proxy, &d);
  int err = nl_send_simple (r->sk, RTM_GETNEIGH, NLM_F_DUMP, &ndm, sizeof ndm);
  if (err >= 0)
    err = nl_recvmsgs (r->sk, cb);
  nl_cb_put (cb);
  if (err < 0)
    {
      g_array_unref (d.found);
      set_nl_error (error, err, _ ("Cannot read the kernel's proxy neighbour entries"));
      return NULL;
    }
  return d.found;
}

int
mip6_rtnl_flush_own_proxies (Mip6Rtnl *r, GError **error)
{
  g_autoptr (GArray) list = mip6_rtnl_proxy_list (r, error);
  int n = 0;
  if (list == NULL)
    return -1;
  /* Deleted after the dump: a request in the middle of it would end it. */
  for (guint i = 0; i < list->len; i++)
    {
      const Mip6RtnlProxy *p = &g_array_index (list, Mip6RtnlProxy, i);
      g_autoptr (GError) local = NULL;
      if (p->protocol != MIP6_RTNL_PROTO)
        continue;
      if (proxy_change (r, FALSE, p->ifindex, &p->addr, &local))
        n++;
      else
        g_warning ("%s", local->message);
    }
  return n;
}
