/* hao.h — Destination Options header with the Home Address option (RFC 6275 §6.3). */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "wire.h"

G_BEGIN_DECLS

#define MIP6_IPPROTO_DSTOPTS 60
#define MIP6_OPT_HOME_ADDRESS 201
/* A Destination Options header holding only the HAO: 2 + PadN(4) + 18. */
#define MIP6_HAO_HEADER_LEN 24

typedef struct
{
  guint8 next_header;
  gsize length; /* of the whole header in octets */
  gboolean has_home_address;
  struct in6_addr home_address;
  gsize home_address_offset; /* of the option's type octet in the header */
  guint n_skipped;           /* unknown options whose type says "skip" */
} Mip6DestOpts;

/* Writes a Destination Options header with the HAO at offset 8n+6 (§6.3). */
Mip6WireError mip6_hao_encode (guint8 next_header, const struct in6_addr *home_address, guint8 *buf,
                               gsize cap, gsize *out_len);

/* Parses the Destination Options header starting at buf[0]; len is what
 * remains of the packet. Unknown options are skipped or rejected as their
 * two high-order type bits say (RFC 8200 §4.2); a misaligned or wrongly
 * sized HAO, or two of them, is rejected. */
Mip6WireError mip6_destopts_parse (const guint8 *buf, gsize len, Mip6DestOpts *out);

G_END_DECLS
