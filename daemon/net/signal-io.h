/* signal-io.h — moving Mobility Header and Neighbour Discovery packets
 * between mip6d and the wire, for kernels that cannot (DESIGN.md).
 *
 * Output: whole IPv6 packets, header and extension headers built by the
 * codec library, through an IPPROTO_RAW socket (the kernel only routes
 * them, so a Home Address option or a type 2 routing header goes out as
 * built). Input: an AF_PACKET socket on the interface (or on all of them),
 * because a kernel without CONFIG_IPV6_MIP6 drops those packets before any
 * IPv6 socket sees them. Router Solicitations go out through an ICMPv6 socket, Router
 * Advertisements come in through it.
 */
#pragma once

#include <gio/gio.h>
#include <netinet/in.h>

typedef struct _Mip6SignalIo Mip6SignalIo;

/* @pkt is one whole IPv6 packet as it arrived on @ifindex, not yet trusted. */
typedef void (*Mip6SignalPacketFunc) (const guint8 *pkt, gsize len, int ifindex,
                                      gpointer user_data);
/* An ICMPv6 message (@msg starts at the ICMPv6 type) from @src, received
 * with hop limit @hop_limit on @ifindex. */
typedef void (*Mip6SignalIcmpFunc) (const guint8 *msg, gsize len, const struct in6_addr *src,
                                    const struct in6_addr *dst, int hop_limit, int ifindex,
                                    gpointer user_data);

Mip6SignalIo *mip6_signal_io_new (GError **error);
void mip6_signal_io_free (Mip6SignalIo *io);

/* Starts receiving IPv6 packets that may carry a Mobility Header (next
 * header MH, destination options or routing header) on @ifindex, or on
 * every interface when @ifindex is 0; packets this host sends are not
 * among them. With an interface, signalling is sent through it only; with
 * 0, as the routing table says. Can be called again to follow the
 * interface when it changes. Every packet that reaches the link comes in,
 * also those for other hosts that a router forwards: @func is told the
 * interface and filters. */
gboolean mip6_signal_io_listen_mh (Mip6SignalIo *io, int ifindex, Mip6SignalPacketFunc func,
                                   gpointer user_data, GError **error);

/* Starts receiving ICMPv6 messages of the given types (e.g. Router
 * Advertisement, DHAAD Reply) on every interface. */
gboolean mip6_signal_io_listen_icmp (Mip6SignalIo *io, const guint8 *types, gsize n_types,
                                     Mip6SignalIcmpFunc func, gpointer user_data, GError **error);

/* Makes this node a member of the anycast address @addr on @ifindex
 * (IPV6_JOIN_ANYCAST) for as long as @io lives: a home agent joins the
 * Home-Agents anycast address of each home prefix (RFC 6275 §10.5, RFC
 * 2526), and the ICMPv6 listener receives what is sent to it. */
gboolean mip6_signal_io_join_anycast (Mip6SignalIo *io, int ifindex, const struct in6_addr *addr,
                                      GError **error);

/* Makes @ifindex a member of the multicast group @group for this socket
 * (IPV6_JOIN_GROUP) until left or @io is freed. The kernel joins the
 * solicited-node group of an address it is given only later, from a work
 * queue; a mobile node back home joins it itself so that the home agent's
 * Neighbor Solicitation for the home address, sent the moment it
 * deregisters, finds it (RFC 4861 §7.2.1, RFC 6275 §11.5.4). Joining twice
 * is not an error. */
gboolean mip6_signal_io_join_group (Mip6SignalIo *io, int ifindex, const struct in6_addr *group,
                                    GError **error);
/* Leaves what mip6_signal_io_join_group() joined; not being a member is
 * not an error. */
void mip6_signal_io_leave_group (Mip6SignalIo *io, int ifindex, const struct in6_addr *group);

/* Sends one whole IPv6 packet; the kernel routes it by its destination. */
gboolean mip6_signal_io_send_packet (Mip6SignalIo *io, const guint8 *pkt, gsize len,
                                     GError **error);
/* The same, out of @ifindex only whatever the routing table says (0: as it
 * says). */
gboolean mip6_signal_io_send_packet_via (Mip6SignalIo *io, const guint8 *pkt, gsize len,
                                         int ifindex, GError **error);

/* Sends an ICMPv6 message whose checksum the kernel fills in, with hop limit
 * 255 as Neighbour Discovery requires (RFC 4861 §6.1). @src may be NULL to
 * let the kernel choose. */
gboolean mip6_signal_io_send_icmp (Mip6SignalIo *io, int ifindex, const struct in6_addr *src,
                                   const struct in6_addr *dst, const guint8 *msg, gsize len,
                                   GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6SignalIo, mip6_signal_io_free)
