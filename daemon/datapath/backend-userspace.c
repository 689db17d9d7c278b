/* backend-userspace.c — the userspace data path back end: a TUN device
 * for the tunnel, a packet socket for Mobility Header input, a raw socket
 * for output, routing netlink for addresses and routes. */
#include "config.h"
#include "backend.h"

#include "mip6-addr.h"
#include "nft.h"
#include "rtnl.h"
#include "signal-io.h"
#include "tunnel.h"

#include <glib/gi18n.h>
#include <string.h>

#define TUNNEL_MTU 1460 /* 1500 less the outer IPv6 header, as MIPL's ip6tnl */

typedef struct
{
  Mip6Backend parent;
  Mip6Rtnl *rtnl;
  Mip6SignalIo *io;
  Mip6Tunnel *tunnel;
  Mip6Nft *nft;
  Mip6BackendMhFunc mh_func;
  gpointer mh_data;
  gboolean mh_every_interface;
  guint8 sendbuf[2048];
  /* What tunnels closed since start carried: the counters run on across
   * a return home and the next tunnel, as the kernel back end's do. */
  Mip6BackendCounters gone;

  /* Mobile node: one peer. */
  gboolean away; /* the tunnel is up */
  struct in6_addr hoa, coa, ha;

  /* Home agent: home address → UsBinding. */
  struct in6_addr ha_addr;
  GHashTable *bindings; /* struct in6_addr* → UsBinding* */
} UserspaceBackend;

typedef struct
{
  struct in6_addr coa;
  /* Where the home address routed before its route into the tunnel: the
   * home link, where signalling to the home address itself goes. */
  int home_ifindex;
} UsBinding;

/* ---------------------------------------------------------- tunnel policy */

static gboolean
tunnel_route (gpointer data, const struct in6_addr *isrc, const struct in6_addr *idst,
              struct in6_addr *osrc, struct in6_addr *odst, gboolean *direct)
{
  UserspaceBackend *b = data;
  *direct = FALSE;
  if (b->bindings)
    {
      /* Home agent: towards the care-of address of the destination
       * (RFC 6275 §10.4.2). */
      const UsBinding *bind = g_hash_table_lookup (b->bindings, idst);
      if (bind == NULL)
        return FALSE;
      *osrc = b->ha_addr;
      *odst = bind->coa;
      /* Its own packets (answers to a packet with a Home Address option
       * among them) go the way §9.3.2 says for a node with a binding:
       * to the care-of address with a type 2 routing header. */
      *direct = IN6_ARE_ADDR_EQUAL (isrc, &b->ha_addr);
      return TRUE;
    }
  /* Mobile node: only what is sourced from the home address goes through
   * the reverse tunnel (§11.3.1). */
  if (!b->away || !IN6_ARE_ADDR_EQUAL (isrc, &b->hoa))
    return FALSE;
  *osrc = b->coa;
  *odst = b->ha;
  return TRUE;
}

static gboolean
tunnel_accept (gpointer data, const struct in6_addr *osrc, const struct in6_addr *isrc,
               const struct in6_addr *idst)
{
  UserspaceBackend *b = data;
  if (b->bindings)
    {
      /* §10.4.5: the outer source must be the registered care-of address
       * of the inner source's home address. */
      const UsBinding *bind = g_hash_table_lookup (b->bindings, isrc);
      return bind != NULL && IN6_ARE_ADDR_EQUAL (&bind->coa, osrc);
    }
  return b->away && IN6_ARE_ADDR_EQUAL (osrc, &b->ha) && IN6_ARE_ADDR_EQUAL (idst, &b->hoa);
}

static gboolean
ensure_tunnel (UserspaceBackend *b, GError **error)
{
  if (b->tunnel)
    return TRUE;
  static const Mip6TunnelPolicy policy = { tunnel_route, tunnel_accept };
  b->tunnel = mip6_tunnel_new (MIP6_TUNNEL_NAME, TUNNEL_MTU, &policy, b, error);
  return b->tunnel != NULL;
}

/* ---------------------------------------------------------- signalling */

static void
on_packet (const guint8 *buf, gsize len, int ifindex, gpointer data)
{
  UserspaceBackend *b = data;
  /* What the home agent decapsulated comes out of the TUN device again:
   * it reached us through a tunnel, not from the wire. */
  if (b->tunnel && ifindex == mip6_tunnel_get_ifindex (b->tunnel))
    return;
  Mip6Packet pkt;
  Mip6WireError err = mip6_packet_parse (buf, len, &pkt);
  /* The filter lets through every packet with destination options or a
   * routing header; only those that end in a Mobility Header concern us,
   * and on a home agent those with a Home Address option (§9.3.1). */
  if (pkt.upper_offset != 0 && pkt.upper_proto != MIP6_IPPROTO_MH)
    {
      /* The mobile node's adapter ignores them. */
      if (!pkt.has_home_address)
        return;
      /* Its extension headers are sound; the upper layer is the
       * kernel's to judge once the option is processed. */
      err = MIP6_WIRE_OK;
    }
  /* On every interface the packet socket also sees what a router only
   * forwards, such as a mobile node's Binding Update to a correspondent
   * node: only what the kernel would deliver to this host is ours. Asked
   * last, of what concerns us only: it is a route lookup. */
  if (b->mh_every_interface &&
      (len < MIP6_IPV6_HEADER_LEN || !mip6_rtnl_is_local (b->rtnl, &pkt.dst, ifindex)))
    return;
  b->mh_func (&pkt, err, b->mh_data);
}

static gboolean
us_listen_mh (Mip6Backend *self, int ifindex, Mip6BackendMhFunc func, gpointer user_data,
              GError **error)
{
  UserspaceBackend *b = (UserspaceBackend *) self;
  b->mh_func = func;
  b->mh_data = user_data;
  b->mh_every_interface = ifindex == 0;
  return mip6_signal_io_listen_mh (b->io, ifindex, on_packet, b, error);
}

/* Signalling never enters mip6's own tunnel (RFC 6275 §10.3.2, §11.5.4):
 * a message to a home address itself, with no type 2 routing header to
 * the care-of address, is for a mobile node back home, also while its
 * binding and so the home address's route into the tunnel remain (a
 * refused deregistration); it leaves on the home link. */
static int
signal_ifindex (UserspaceBackend *b, const struct in6_addr *dst, const struct in6_addr *rh2)
{
  const UsBinding *bind =
      b->bindings && rh2 == NULL ? g_hash_table_lookup (b->bindings, dst) : NULL;
  return bind ? bind->home_ifindex : 0;
}

static gboolean
us_send_mh (Mip6Backend *self, const struct in6_addr *src, const struct in6_addr *dst,
            const struct in6_addr *home_address, const struct in6_addr *rh2_address,
            const Mip6Mh *msg, int oif, GError **error)
{
  UserspaceBackend *b = (UserspaceBackend *) self;
  gsize len = 0;
  Mip6WireError err = mip6_packet_build_mh (b->sendbuf, sizeof b->sendbuf, src, dst, home_address,
                                            rh2_address, msg, &len);
  if (err != MIP6_WIRE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("Cannot encode the %s message: %s"), mip6_mh_type_name (msg->type),
                   mip6_wire_error_name (err));
      return FALSE;
    }
  return mip6_signal_io_send_packet_via (
      b->io, b->sendbuf, len, oif > 0 ? oif : signal_ifindex (b, dst, rh2_address), error);
}

/* ---------------------------------------------------------- mobile node */

static gboolean
us_mn_home_link_leave (Mip6Backend *self, int ifindex, const struct in6_addr *hoa, guint8 home_plen,
                       GError **error)
{
  UserspaceBackend *b = (UserspaceBackend *) self;
  /* The Binding Acknowledgement reaches the packet socket whether or not
   * the kernel knows the home address: it need not stay anywhere. */
  return mip6_rtnl_addr_del (b->rtnl, ifindex, hoa, home_plen, error);
}

static gboolean
us_mn_home_link_join (Mip6Backend *self, int ifindex, const struct in6_addr *hoa, guint8 home_plen,
                      gboolean dad, GError **error)
{
  UserspaceBackend *b = (UserspaceBackend *) self;
  return mip6_rtnl_addr_add (b->rtnl, ifindex, hoa, home_plen, !dad, error);
}

static gboolean
us_mn_tunnel_set (Mip6Backend *self, int ifindex, const struct in6_addr *coa,
                  const struct in6_addr *ha, const struct in6_addr *hoa, GError **error)
{
  UserspaceBackend *b = (UserspaceBackend *) self;
  if (!ensure_tunnel (b, error))
    return FALSE;
  mip6_tunnel_set_outer_interface (b->tunnel, ifindex);
  b->hoa = *hoa;
  b->coa = *coa;
  b->ha = *ha;
  b->away = TRUE;
  /* The home address lives on the tunnel while it is up, where
   * applications keep using it. */
  return mip6_rtnl_addr_add (b->rtnl, mip6_tunnel_get_ifindex (b->tunnel), hoa, 128, TRUE, error);
}

static void us_get_counters (Mip6Backend *self, Mip6BackendCounters *out);

static gboolean
us_mn_tunnel_del (Mip6Backend *self, GError **error)
{
  UserspaceBackend *b = (UserspaceBackend *) self;
  b->away = FALSE;
  us_get_counters (self, &b->gone);
  /* Closing the TUN device takes its address and routes with it. */
  g_clear_pointer (&b->tunnel, mip6_tunnel_free);
  return TRUE;
}

static gboolean
us_mn_routes_via_tunnel (Mip6Backend *self, const struct in6_addr *hoa, GError **error)
{
  UserspaceBackend *b = (UserspaceBackend *) self;
  if (b->tunnel == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("Cannot route the home address into tunnel %s: it is not up"),
                   MIP6_TUNNEL_NAME);
      return FALSE;
    }
  return mip6_rtnl_mn_routes_via_tunnel (b->rtnl, mip6_tunnel_get_ifindex (b->tunnel), hoa, error);
}

static gboolean
us_mn_routes_blocked (Mip6Backend *self, const struct in6_addr *hoa, GError **error)
{
  UserspaceBackend *b = (UserspaceBackend *) self;
  return mip6_rtnl_mn_routes_blocked (b->rtnl, hoa, error);
}

static gboolean
us_mn_routes_home (Mip6Backend *self, GError **error)
{
  UserspaceBackend *b = (UserspaceBackend *) self;
  mip6_rtnl_mn_routes_home (b->rtnl);
  return TRUE;
}

/* ---------------------------------------------------------- home agent */

static gboolean
us_ha_bind (Mip6Backend *self, const struct in6_addr *home_agent, const struct in6_addr *hoa,
            const struct in6_addr *coa, GError **error)
{
  UserspaceBackend *b = (UserspaceBackend *) self;
  if (b->bindings == NULL)
    b->bindings = g_hash_table_new_full (mip6_addr_hash, mip6_addr_equal, g_free, g_free);
  if (!ensure_tunnel (b, error))
    return FALSE;
  b->ha_addr = *home_agent;
  UsBinding *bind = g_hash_table_lookup (b->bindings, hoa);
  if (bind == NULL)
    {
      bind = g_new0 (UsBinding, 1);
      /* Before the route into the tunnel exists. */
      if (!mip6_rtnl_route_lookup (b->rtnl, hoa, 0, NULL, &bind->home_ifindex))
        bind->home_ifindex = 0;
      g_hash_table_insert (b->bindings, g_memdup2 (hoa, sizeof *hoa), bind);
    }
  bind->coa = *coa;
  /* More specific than the home prefix: forwarded packets for the home
   * address enter the tunnel (§10.4.2). */
  return mip6_rtnl_route_add (b->rtnl, hoa, 128, NULL, mip6_tunnel_get_ifindex (b->tunnel), 1, NULL,
                              error);
}

static gboolean
us_ha_unbind (Mip6Backend *self, const struct in6_addr *hoa, GError **error)
{
  UserspaceBackend *b = (UserspaceBackend *) self;
  if (b->bindings == NULL || !g_hash_table_remove (b->bindings, hoa))
    return TRUE;
  return mip6_rtnl_route_del (b->rtnl, hoa, 128, NULL, mip6_tunnel_get_ifindex (b->tunnel), 1,
                              error);
}

static gboolean
us_ha_deliver_home_address_option (Mip6Backend *self, const Mip6Packet *pkt, GError **error)
{
  UserspaceBackend *b = (UserspaceBackend *) self;
  gssize len = b->tunnel ? mip6_packet_apply_home_address (pkt, b->sendbuf, sizeof b->sendbuf) : -1;
  if (len < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("Cannot deliver a packet with a Home Address option: it does not fit"));
      return FALSE;
    }
  /* Through the TUN device, as if it had come through the tunnel: the
   * kernel, which knows nothing of the option, sees the home address. */
  return mip6_tunnel_inject (b->tunnel, b->sendbuf, (gsize) len, error);
}

static void
us_get_counters (Mip6Backend *self, Mip6BackendCounters *out)
{
  UserspaceBackend *b = (UserspaceBackend *) self;
  *out = b->gone;
  if (b->tunnel == NULL)
    return;
  const Mip6TunnelStats *s = mip6_tunnel_get_stats (b->tunnel);
  out->encapsulations += s->encapsulations;
  out->decapsulations += s->decapsulations;
  out->dropped_tunnel_no_binding += s->dropped_tunnel_no_binding;
  out->dropped_tunnel_bad_source += s->dropped_tunnel_bad_source;
  out->dropped_tunnel_malformed += s->dropped_tunnel_malformed;
}

static void
us_free (Mip6Backend *self)
{
  UserspaceBackend *b = (UserspaceBackend *) self;
  if (b->rtnl && b->bindings == NULL)
    mip6_rtnl_mn_routes_home (b->rtnl);
  g_clear_pointer (&b->tunnel, mip6_tunnel_free);
  g_clear_pointer (&b->nft, mip6_nft_free);
  g_clear_pointer (&b->bindings, g_hash_table_unref);
  g_clear_pointer (&b->io, mip6_signal_io_free);
  g_clear_pointer (&b->rtnl, mip6_rtnl_free);
  g_free (b);
}

static const Mip6BackendOps userspace_ops = {
  .name = "userspace",
  .free = us_free,
  .listen_mh = us_listen_mh,
  .send_mh = us_send_mh,
  .mn_home_link_leave = us_mn_home_link_leave,
  .mn_home_link_join = us_mn_home_link_join,
  .mn_tunnel_set = us_mn_tunnel_set,
  .mn_tunnel_del = us_mn_tunnel_del,
  .mn_routes_via_tunnel = us_mn_routes_via_tunnel,
  .mn_routes_blocked = us_mn_routes_blocked,
  .mn_routes_home = us_mn_routes_home,
  .ha_bind = us_ha_bind,
  .ha_unbind = us_ha_unbind,
  .ha_deliver_home_address_option = us_ha_deliver_home_address_option,
  .get_counters = us_get_counters,
};

/* Routes and rules a killed mip6d left behind go first (nothing stale
 * after a crash); its TUN device vanished with its process. */
static void
remove_leftovers (Mip6Rtnl *rtnl)
{
  g_autoptr (GError) error = NULL;
  int flushed = mip6_rtnl_flush_own_routes (rtnl, &error);
  if (flushed > 0)
    g_message (_ ("Removed %d routes left behind by an earlier mip6d"), flushed);
  else if (flushed < 0)
    g_warning ("%s", error->message);
  mip6_rtnl_flush_own_rules (rtnl);
}

Mip6Backend *
mip6_backend_userspace_new (GError **error)
{
  UserspaceBackend *b = g_new0 (UserspaceBackend, 1);
  b->parent.ops = &userspace_ops;
  b->rtnl = mip6_rtnl_new (error);
  if (b->rtnl != NULL)
    {
      remove_leftovers (b->rtnl);
      b->io = mip6_signal_io_new (error);
    }
  /* This kernel does not know the Mobility Header or the Home Address
   * option: mip6d answers those packets, the kernel must not. */
  if (b->io != NULL)
    {
      g_autoptr (GError) local = NULL;

      /* Without it mip6 still works; peers only see a contradicting
       * error next to each answer. */
      if ((b->nft = mip6_nft_new (&local)) == NULL ||
          !mip6_nft_quiet_parameter_problems (b->nft, &local))
        g_warning (_ ("The kernel will answer Mobility Headers with ICMP Parameter Problems: %s"),
                   local->message);
    }
  if (b->io == NULL)
    {
      us_free (&b->parent);
      return NULL;
    }
  return &b->parent;
}
