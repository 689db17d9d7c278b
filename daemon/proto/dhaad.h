/* dhaad.h — Dynamic Home Agent Address Discovery (RFC 6275 §6.5, §6.6). */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "wire.h"

G_BEGIN_DECLS

#define MIP6_ICMP6_DHAAD_REQUEST 144
#define MIP6_ICMP6_DHAAD_REPLY 145
/* RFC 6275 §10.5: a Reply is never fragmented, so its list stops where an
 * IPv6 packet of the minimum MTU (RFC 8200 §5) ends: 1280 octets less the
 * IPv6 header (40) and the ICMPv6 header with Identifier and Reserved (8),
 * 77 addresses. A parser takes no more either. */
#define MIP6_DHAAD_MAX_ADDRESSES                                                                   \
  ((MIP6_IPV6_MIN_MTU - MIP6_IPV6_HEADER_LEN - MIP6_DHAAD_HEADER_LEN) / 16)
#define MIP6_DHAAD_HEADER_LEN 8

typedef struct
{
  guint16 identifier;
} Mip6DhaadRequest;

typedef struct
{
  guint16 identifier;
  guint n_addresses;
  struct in6_addr addresses[MIP6_DHAAD_MAX_ADDRESSES]; /* in preference order */
} Mip6DhaadReply;

Mip6WireError mip6_dhaad_request_encode_body (Mip6Writer *w, const Mip6DhaadRequest *req);
Mip6WireError mip6_dhaad_request_parse_body (const guint8 *buf, gsize len, Mip6DhaadRequest *out);
Mip6WireError mip6_dhaad_reply_encode_body (Mip6Writer *w, const Mip6DhaadReply *rep);
/* Rejects a list that is not whole addresses, or longer than the struct holds. */
Mip6WireError mip6_dhaad_reply_parse_body (const guint8 *buf, gsize len, Mip6DhaadReply *out);

G_END_DECLS
