/* icmp6-error.c — ICMPv6 error messages (RFC 4443 §3).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "icmp6-error.h"

#include "mh.h"
#include "packet.h"

#include <string.h>

#define ICMP6_ERROR_HEADER_LEN 8
#define NEXT_HEADER_DSTOPTS 60
#define NEXT_HEADER_ROUTING 43

Mip6WireError
mip6_icmp6_error_parse (const guint8 *buf, gsize len, Mip6Icmp6Error *out)
{
  memset (out, 0, sizeof *out);
  out->invoking_mh_type = -1;
  if (len < ICMP6_ERROR_HEADER_LEN)
    return MIP6_WIRE_TRUNCATED;
  if (buf[0] < MIP6_ICMP6_DEST_UNREACHABLE || buf[0] > MIP6_ICMP6_PARAMETER_PROBLEM)
    return MIP6_WIRE_UNKNOWN_ICMP6_TYPE;
  out->type = buf[0];
  out->code = buf[1];
  out->parameter = (guint32) buf[4] << 24 | (guint32) buf[5] << 16 | (guint32) buf[6] << 8 | buf[7];

  const guint8 *ip = buf + ICMP6_ERROR_HEADER_LEN;
  gsize left = len - ICMP6_ERROR_HEADER_LEN;
  if (left < MIP6_IPV6_HEADER_LEN)
    return MIP6_WIRE_TRUNCATED;
  if ((ip[0] >> 4) != 6)
    return MIP6_WIRE_BAD_VERSION;
  memcpy (&out->invoking_src, ip + 8, sizeof out->invoking_src);
  memcpy (&out->invoking_dst, ip + 24, sizeof out->invoking_dst);

  /* Walk the extension headers a Binding Update or Acknowledgement has
   * (RFC 6275 §6.3, §6.4) while they are quoted whole. */
  guint8 next = ip[6];
  gsize off = MIP6_IPV6_HEADER_LEN;
  while ((next == NEXT_HEADER_DSTOPTS || next == NEXT_HEADER_ROUTING) && off + 2 <= left)
    {
      gsize hlen = ((gsize) ip[off + 1] + 1) * 8;
      if (off + hlen > left)
        return MIP6_WIRE_OK;
      next = ip[off];
      off += hlen;
    }
  if (next == MIP6_IPPROTO_MH)
    {
      out->invoking_mh = TRUE;
      /* MH: Payload Proto, Header Len, MH Type (§6.1.1). */
      if (off + 3 <= left)
        out->invoking_mh_type = ip[off + 2];
    }
  return MIP6_WIRE_OK;
}

Mip6WireError
mip6_icmp6_error_encode (Mip6Writer *w, guint8 type, guint8 code, guint32 parameter,
                         const guint8 *invoking, gsize len)
{
  gsize quoted = MIN (len, (gsize) MIP6_ICMP6_ERROR_MAX_LEN - 8);

  mip6_writer_u8 (w, type);
  mip6_writer_u8 (w, code);
  mip6_writer_u16 (w, 0);
  mip6_writer_u32 (w, parameter);
  mip6_writer_bytes (w, invoking, quoted);
  return w->err;
}
