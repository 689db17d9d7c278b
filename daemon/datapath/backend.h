/* backend.h — what the mobile node and the home agent need from a data path
 * back end (DESIGN.md "Two datapath back ends, one behaviour").
 *
 * Two implementations: userspace (TUN device, raw and packet sockets; works
 * on any kernel) and kernel (ip6tnl, XFRM for the Home Address option and
 * the type 2 routing header, policy routing; needs CONFIG_IPV6_MIP6 and
 * ip6_tunnel). The adapters of the mobile node and the home agent call only
 * this interface, so both back ends show one behaviour.
 *
 * Everything a back end puts into the kernel carries mip6's marks (device
 * names starting with "mip6", routes with protocol MIP6_RTNL_PROTO in rtnl.h) and is
 * removed by free(); a back end's constructor first removes leftovers of a
 * previous run that crashed.
 */
#pragma once

#include <gio/gio.h>
#include <netinet/in.h>

#include "mip6-enums.h"
#include "packet.h"

G_BEGIN_DECLS

#define MIP6_TUNNEL_NAME "mip6tun0"

typedef struct _Mip6Backend Mip6Backend;

/* A Mobility Header message received, or a packet that was meant to be one
 * and could not be parsed: then @error says why (the caller counts it as
 * dropped_<mip6_wire_error_name (error)>, and answers an unknown MH type
 * with a Binding Error, RFC 6275 §9.2). @pkt->src is the IPv6 source on the
 * wire (a care-of address when @pkt->has_home_address). Also packets with
 * a Home Address option that carry no Mobility Header (@pkt->upper_proto
 * says what they carry), for a home agent to check (§9.3.1): the userspace
 * back end gives every such packet addressed to this host; the kernel one,
 * which checks the option itself, those it refused (no @pkt->raw then). */
typedef void (*Mip6BackendMhFunc) (const Mip6Packet *pkt, Mip6WireError error, gpointer user_data);

typedef struct
{
  guint64 encapsulations;
  guint64 decapsulations;
  guint64 dropped_tunnel_no_binding;
  guint64 dropped_tunnel_bad_source;
  guint64 dropped_tunnel_malformed;
} Mip6BackendCounters;

typedef struct
{
  const char *name; /* "userspace" or "kernel" */
  void (*free) (Mip6Backend *self);

  /* Starts receiving Mobility Header messages addressed to this host that
   * arrive on @ifindex, and sends signalling out of it only (a mobile
   * node). @ifindex 0: on every interface but mip6's own tunnels, with
   * answers routed by the routing table (a home agent, which may be the
   * home network's router with an uplink, RFC 6275 §10). */
  gboolean (*listen_mh) (Mip6Backend *self, int ifindex, Mip6BackendMhFunc func, gpointer user_data,
                         GError **error);
  /* Sends @msg from @src to @dst with a Home Address option holding
   * @home_address and/or a type 2 routing header holding @rh2_address
   * (either may be NULL). The checksum is computed here. With @oif the
   * message leaves by that interface only, whatever the routing table
   * prefers: a mobile node's Binding Update leaves by the link of the
   * care-of address it names (RFC 6275 §11.7.1; another link's router
   * would drop its source, RFC 2827). 0: as the back end and the routing
   * table say. */
  gboolean (*send_mh) (Mip6Backend *self, const struct in6_addr *src, const struct in6_addr *dst,
                       const struct in6_addr *home_address, const struct in6_addr *rh2_address,
                       const Mip6Mh *msg, int oif, GError **error);

  /* Mobile node (RFC 6275 §11). One operation per action of the core,
   * carried out as the core says, in the order it says.
   *
   * §11.5.2: away from home the home prefix is not on-link: the home
   * address leaves @ifindex. It stays the node's own address (a Binding
   * Acknowledgement carries it in a type 2 routing header) but is never
   * chosen as a source until the tunnel is up. */
  gboolean (*mn_home_link_leave) (Mip6Backend *self, int ifindex,
                                  const struct in6_addr *home_address, guint8 home_plen,
                                  GError **error);
  /* §11.5.4: the home address back on @ifindex with its prefix; @dad asks
   * the kernel for Duplicate Address Detection (not while the home agent
   * may still defend the address for us). */
  gboolean (*mn_home_link_join) (Mip6Backend *self, int ifindex,
                                 const struct in6_addr *home_address, guint8 home_plen,
                                 gboolean dad, GError **error);
  /* §11.3.1: the bidirectional tunnel @care_of_address ↔ @home_agent,
   * carrying the home address; called again to move its local end. Its
   * outer packets leave by @ifindex, the interface of the care-of address
   * (others may have default routes too: a docked laptop's Wi-Fi). */
  gboolean (*mn_tunnel_set) (Mip6Backend *self, int ifindex, const struct in6_addr *care_of_address,
                             const struct in6_addr *home_agent, const struct in6_addr *home_address,
                             GError **error);
  gboolean (*mn_tunnel_del) (Mip6Backend *self, GError **error);
  /* Packets from the home address, and new connections that have no
   * source address yet, go into the tunnel; nothing else does. */
  gboolean (*mn_routes_via_tunnel) (Mip6Backend *self, const struct in6_addr *home_address,
                                    GError **error);
  /* Away and not registered: packets from the home address fail at once
   * (network unreachable) instead of leaving on the visited link. */
  gboolean (*mn_routes_blocked) (Mip6Backend *self, const struct in6_addr *home_address,
                                 GError **error);
  /* None of mip6's rules and routes. */
  gboolean (*mn_routes_home) (Mip6Backend *self, GError **error);

  /* Home agent (§10.4): tunnel @home_address ↔ @care_of_address from
   * @home_agent; called again to move a binding. */
  gboolean (*ha_bind) (Mip6Backend *self, const struct in6_addr *home_agent,
                       const struct in6_addr *home_address, const struct in6_addr *care_of_address,
                       GError **error);
  gboolean (*ha_unbind) (Mip6Backend *self, const struct in6_addr *home_address, GError **error);
  /* §9.3.1: @pkt, addressed to this node, carried a Home Address option
   * that the core accepted: deliver it to the local stack with the home
   * address as its source. NULL where the kernel delivers accepted ones
   * itself. */
  gboolean (*ha_deliver_home_address_option) (Mip6Backend *self, const Mip6Packet *pkt,
                                              GError **error);

  /* Since the back end started, tunnels closed since included; read only
   * when someone asks for the statistics. */
  void (*get_counters) (Mip6Backend *self, Mip6BackendCounters *out);
} Mip6BackendOps;

struct _Mip6Backend
{
  const Mip6BackendOps *ops;
};

/* Probes the kernel and creates the back end @setting asks for (auto picks
 * the kernel one when the kernel can carry it); *@chosen says which. */
Mip6Backend *mip6_backend_new (Mip6Datapath setting, Mip6Datapath *chosen, GError **error);

Mip6Backend *mip6_backend_userspace_new (GError **error);
/* NULL with an error naming the missing kernel support when the kernel
 * cannot carry it (see probe.h). */
Mip6Backend *mip6_backend_kernel_new (GError **error);
/* Removes what a killed kernel-path mip6d left, whatever path runs now (a
 * data path can change between runs). */
void mip6_backend_kernel_remove_leftovers (void);

static inline void
mip6_backend_free (Mip6Backend *b)
{
  if (b)
    b->ops->free (b);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Backend, mip6_backend_free)

G_END_DECLS
