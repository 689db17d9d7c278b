/* rh2.c — the type 2 routing header (RFC 6275 §6.4). */
#include <string.h>

#include "rh2.h"

Mip6WireError
mip6_rh2_encode (guint8 next_header, const struct in6_addr *home_address, guint8 *buf, gsize cap,
                 gsize *out_len)
{
  Mip6Writer w;

  *out_len = 0;
  mip6_writer_init (&w, buf, cap);
  mip6_writer_u8 (&w, next_header);
  mip6_writer_u8 (&w, 2); /* Hdr Ext Len */
  mip6_writer_u8 (&w, MIP6_RH2_TYPE);
  mip6_writer_u8 (&w, 1); /* Segments Left */
  mip6_writer_u32 (&w, 0);
  mip6_writer_bytes (&w, home_address, 16);
  if (w.err)
    return w.err;
  *out_len = w.pos;
  return MIP6_WIRE_OK;
}

Mip6WireError
mip6_rh2_parse (const guint8 *buf, gsize len, Mip6Rh2 *out)
{
  memset (out, 0, sizeof *out);
  if (len < 8)
    return MIP6_WIRE_TRUNCATED;
  if (buf[2] != MIP6_RH2_TYPE)
    return MIP6_WIRE_BAD_ROUTING_HEADER;
  if (((gsize) buf[1] + 1) * 8 > len)
    return MIP6_WIRE_TRUNCATED;
  if (buf[1] != 2)
    return MIP6_WIRE_BAD_LENGTH;
  if (buf[3] > 1)
    return MIP6_WIRE_BAD_ROUTING_HEADER;
  out->next_header = buf[0];
  out->segments_left = buf[3];
  memcpy (&out->home_address, buf + 8, 16);
  return MIP6_WIRE_OK;
}
