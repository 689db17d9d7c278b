/* rh2.h — the type 2 routing header (RFC 6275 §6.4). */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "wire.h"

G_BEGIN_DECLS

#define MIP6_IPPROTO_ROUTING 43
#define MIP6_RH2_TYPE 2
#define MIP6_RH2_LEN 24

typedef struct
{
  guint8 next_header;
  guint8 segments_left; /* 1 as sent; 0 after the home address was swapped in */
  struct in6_addr home_address;
} Mip6Rh2;

/* Writes a type 2 routing header carrying the home address, Segments Left 1. */
Mip6WireError mip6_rh2_encode (guint8 next_header, const struct in6_addr *home_address, guint8 *buf,
                               gsize cap, gsize *out_len);

/* Parses a type 2 routing header at buf[0]; len is what remains of the
 * packet. Rejects another routing type, Hdr Ext Len other than 2 and
 * Segments Left other than 0 or 1 (§6.4). */
Mip6WireError mip6_rh2_parse (const guint8 *buf, gsize len, Mip6Rh2 *out);

G_END_DECLS
