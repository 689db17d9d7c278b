/* icmp6.h — the ICMPv6 messages Mobile IPv6 uses, framed and checksummed. */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "dhaad.h"
#include "mps.h"
#include "nd.h"
#include "wire.h"

G_BEGIN_DECLS

#define MIP6_IPPROTO_ICMPV6 58

/* One ICMPv6 message, a plain value; `type` selects the union member
 * (MIP6_ICMP6_RS, _RA, _NS, _NA, _DHAAD_REQUEST, _DHAAD_REPLY, _MPS, _MPA). */
typedef struct
{
  guint8 type;
  union
  {
    Mip6RouterSolicit rs;
    Mip6RouterAdvert ra;
    Mip6NeighborSolicit ns;
    Mip6NeighborAdvert na;
    Mip6DhaadRequest dhaad_request;
    Mip6DhaadReply dhaad_reply;
    Mip6PrefixSolicit mps;
    Mip6PrefixAdvert mpa;
  };
} Mip6Icmp6;

/* Encodes with code 0 and the checksum over the pseudo-header from src/dst
 * (left 0 when either is NULL). */
Mip6WireError mip6_icmp6_encode (const Mip6Icmp6 *msg, const struct in6_addr *src,
                                 const struct in6_addr *dst, guint8 *buf, gsize cap,
                                 gsize *out_len);

/* Parses the ICMPv6 message filling buf[0..len); verifies the checksum when
 * src and dst are given; rejects a code other than 0 and types not above. */
Mip6WireError mip6_icmp6_parse (const guint8 *buf, gsize len, const struct in6_addr *src,
                                const struct in6_addr *dst, Mip6Icmp6 *out);

G_END_DECLS
