/* packet.h — whole IPv6 packets carrying Mobile IPv6 signalling, as an
 * AF_PACKET (SOCK_DGRAM) socket delivers them and as the userspace data path
 * sends them. */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "hao.h"
#include "icmp6.h"
#include "mh.h"
#include "rh2.h"
#include "wire.h"

G_BEGIN_DECLS

#define MIP6_MH_HOP_LIMIT 64
#define MIP6_ND_HOP_LIMIT 255 /* RFC 4861 §6.1.2: RS/RA need 255 */

typedef struct
{
  /* From the IPv6 header. */
  struct in6_addr src;
  struct in6_addr dst;
  guint8 hop_limit;
  guint8 traffic_class;
  guint32 flow_label;
  /* Home Address option (§6.3): the sender's home address. */
  gboolean has_home_address;
  struct in6_addr home_address;
  gsize home_address_offset; /* of the option's type octet in the packet */
  /* Type 2 routing header (§6.4): the receiver's home address. */
  gboolean has_rh2;
  guint8 rh2_segments_left;
  struct in6_addr rh2_address;
  /* The upper layer: MIP6_IPPROTO_MH fills `mh`, MIP6_IPPROTO_ICMPV6 fills
   * `icmp6`; for any other protocol upper_offset/upper_len locate its bytes
   * inside the buffer given to mip6_packet_parse(). */
  guint8 upper_proto;
  gsize upper_offset;
  gsize upper_len;
  union
  {
    Mip6Mh mh;
    Mip6Icmp6 icmp6;
  };
  /* The buffer given to mip6_packet_parse(), for an ICMPv6 error that must
   * quote the packet (valid only as long as that buffer). */
  const guint8 *raw;
  gsize raw_len;
} Mip6Packet;

/* Parses buf[0..len) from the IPv6 header on: walks hop-by-hop, destination
 * options (with the HAO), routing (type 2) headers up to the upper layer, and
 * parses and checksums a Mobility Header or ICMPv6 message. The pseudo-header
 * uses the home address of a HAO as source and the address of a type 2
 * routing header with segments left as destination. Bytes after the IPv6
 * payload length (link padding) are ignored. On MIP6_WIRE_UNKNOWN_MH_TYPE the
 * addresses and out->mh.type are filled so the caller can answer with a
 * Binding Error (§9.2). */
Mip6WireError mip6_packet_parse (const guint8 *buf, gsize len, Mip6Packet *out);

/* Builds IPv6 header [+ type 2 routing header holding rh2_address]
 * [+ Destination Options header with the HAO holding home_address] + the
 * Mobility Header, with hop limit 64. src and dst go in the IPv6 header (the
 * care-of address of a mobile node sending a BU; the care-of address of the
 * destination of a BA with RH2). *out_len is the packet's length. */
Mip6WireError mip6_packet_build_mh (guint8 *buf, gsize cap, const struct in6_addr *src,
                                    const struct in6_addr *dst, const struct in6_addr *home_address,
                                    const struct in6_addr *rh2_address, const Mip6Mh *msg,
                                    gsize *out_len);

/* The same for an ICMPv6 message; hop_limit 0 picks 255 for RS/RA and 64 otherwise. */
Mip6WireError mip6_packet_build_icmp6 (guint8 *buf, gsize cap, const struct in6_addr *src,
                                       const struct in6_addr *dst,
                                       const struct in6_addr *home_address,
                                       const struct in6_addr *rh2_address, guint8 hop_limit,
                                       const Mip6Icmp6 *msg, gsize *out_len);

/* What the receiver of a packet with a Home Address option does once it
 * accepted the option (RFC 6275 §9.3.1): the home address becomes the
 * source, and the Destination Options header that carried the option, now
 * processed, is taken out, so that the packet can go on to the upper layer
 * of a stack that does not know the option. @pkt is what
 * mip6_packet_parse() made of a buffer; the result goes to @out (at least
 * @pkt->raw_len octets). Returns its length, or -1 when @pkt has no Home
 * Address option or that header holds other options too. */
gssize mip6_packet_apply_home_address (const Mip6Packet *pkt, guint8 *out, gsize cap);

/* Inserts a type 2 routing header carrying the destination of the IPv6
 * packet @pkt[0..len) after its IPv6 (and hop-by-hop) header and sends it
 * to @care_of_address instead (§9.3.2, §6.4): how a node with a binding
 * reaches a mobile node directly. Returns the new length, or -1 when @cap
 * is too small or @pkt is not an IPv6 packet. */
gssize mip6_packet_insert_rh2 (const guint8 *pkt, gsize len, const struct in6_addr *care_of_address,
                               guint8 *out, gsize cap);

G_END_DECLS
