/* icmp6.c — ICMPv6 framing for RS/RA, DHAAD and MPS/MPA. */
#include <string.h>

#include "checksum.h"
#include "icmp6.h"

Mip6WireError
mip6_icmp6_encode (const Mip6Icmp6 *msg, const struct in6_addr *src, const struct in6_addr *dst,
                   guint8 *buf, gsize cap, gsize *out_len)
{
  Mip6Writer w;
  Mip6WireError err;

  *out_len = 0;
  mip6_writer_init (&w, buf, cap);
  mip6_writer_u8 (&w, msg->type);
  mip6_writer_u8 (&w, 0);  /* code */
  mip6_writer_u16 (&w, 0); /* checksum, set below */
  switch (msg->type)
    {
    case MIP6_ICMP6_RS:
      err = mip6_nd_rs_encode_body (&w, &msg->rs);
      break;
    case MIP6_ICMP6_RA:
      err = mip6_nd_ra_encode_body (&w, &msg->ra);
      break;
    case MIP6_ICMP6_NS:
      err = mip6_nd_ns_encode_body (&w, &msg->ns);
      break;
    case MIP6_ICMP6_NA:
      err = mip6_nd_na_encode_body (&w, &msg->na);
      break;
    case MIP6_ICMP6_DHAAD_REQUEST:
      err = mip6_dhaad_request_encode_body (&w, &msg->dhaad_request);
      break;
    case MIP6_ICMP6_DHAAD_REPLY:
      err = mip6_dhaad_reply_encode_body (&w, &msg->dhaad_reply);
      break;
    case MIP6_ICMP6_MPS:
      err = mip6_mps_encode_body (&w, &msg->mps);
      break;
    case MIP6_ICMP6_MPA:
      err = mip6_mpa_encode_body (&w, &msg->mpa);
      break;
    default:
      return MIP6_WIRE_INVALID_ARGUMENT;
    }
  if (!err)
    err = w.err;
  if (err)
    return err;
  if (src && dst)
    mip6_writer_put_u16_at (&w, 2, mip6_checksum_ipv6 (src, dst, MIP6_IPPROTO_ICMPV6, buf, w.pos));
  *out_len = w.pos;
  return MIP6_WIRE_OK;
}

Mip6WireError
mip6_icmp6_parse (const guint8 *buf, gsize len, const struct in6_addr *src,
                  const struct in6_addr *dst, Mip6Icmp6 *out)
{
  const guint8 *body;
  gsize blen;

  memset (out, 0, sizeof *out);
  if (len < 4)
    return MIP6_WIRE_TRUNCATED;
  body = buf + 4;
  blen = len - 4;
  if (src && dst && mip6_checksum_ipv6 (src, dst, MIP6_IPPROTO_ICMPV6, buf, len) != 0)
    return MIP6_WIRE_BAD_CHECKSUM;
  out->type = buf[0];
  switch (out->type)
    {
    case MIP6_ICMP6_RS:
    case MIP6_ICMP6_RA:
    case MIP6_ICMP6_NS:
    case MIP6_ICMP6_NA:
    case MIP6_ICMP6_DHAAD_REQUEST:
    case MIP6_ICMP6_DHAAD_REPLY:
    case MIP6_ICMP6_MPS:
    case MIP6_ICMP6_MPA:
      break;
    default:
      return MIP6_WIRE_UNKNOWN_ICMP6_TYPE;
    }
  /* RFC 4861 §6.1 and RFC 6275 §10.5, §11.4: code must be 0. */
  if (buf[1] != 0)
    return MIP6_WIRE_BAD_CODE;
  switch (out->type)
    {
    case MIP6_ICMP6_RS:
      return mip6_nd_rs_parse_body (body, blen, &out->rs);
    case MIP6_ICMP6_RA:
      return mip6_nd_ra_parse_body (body, blen, &out->ra);
    case MIP6_ICMP6_NS:
      return mip6_nd_ns_parse_body (body, blen, &out->ns);
    case MIP6_ICMP6_NA:
      return mip6_nd_na_parse_body (body, blen, &out->na);
    case MIP6_ICMP6_DHAAD_REQUEST:
      return mip6_dhaad_request_parse_body (body, blen, &out->dhaad_request);
    case MIP6_ICMP6_DHAAD_REPLY:
      return mip6_dhaad_reply_parse_body (body, blen, &out->dhaad_reply);
    case MIP6_ICMP6_MPS:
      return mip6_mps_parse_body (body, blen, &out->mps);
    default:
      return mip6_mpa_parse_body (body, blen, &out->mpa);
    }
}
