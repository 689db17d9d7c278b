/* mh.c — Mobility Header messages (RFC 6275 §6.1). */
#include <string.h>

#include "checksum.h"
#include "mh.h"

#define MH_FIXED 6 /* Payload Proto, Header Len, MH Type, Reserved, Checksum */

/* Message data length before the options, per type (§6.1.2–§6.1.9). */
static gssize
data_len (guint8 type)
{
  switch (type)
    {
    case MIP6_MH_BRR:
      return 2;
    case MIP6_MH_HOTI:
    case MIP6_MH_COTI:
      return 10;
    case MIP6_MH_HOT:
    case MIP6_MH_COT:
      return 18;
    case MIP6_MH_BU:
    case MIP6_MH_BA:
      return 6;
    case MIP6_MH_BE:
      return 18;
    default:
      return -1;
    }
}

const char *
mip6_mh_type_name (guint8 type)
{
  static const char *const names[] = { "BRR", "HoTI", "CoTI", "HoT", "CoT", "BU", "BA", "BE" };
  return type < G_N_ELEMENTS (names) ? names[type] : "unknown";
}

Mip6WireError
mip6_mh_encode (const Mip6Mh *msg, const struct in6_addr *src, const struct in6_addr *dst,
                guint8 *buf, gsize cap, gsize *out_len)
{
  Mip6Writer w;
  Mip6WireError err;
  gsize total;

  *out_len = 0;
  if (data_len (msg->type) < 0)
    return MIP6_WIRE_INVALID_ARGUMENT;

  mip6_writer_init (&w, buf, cap);
  mip6_writer_u8 (&w, MIP6_IPPROTO_NONE); /* §6.1.1: Payload Proto is IPPROTO_NONE */
  mip6_writer_u8 (&w, 0);                 /* Header Len, set below */
  mip6_writer_u8 (&w, msg->type);
  mip6_writer_u8 (&w, 0);
  mip6_writer_u16 (&w, 0); /* checksum, set below */

  switch (msg->type)
    {
    case MIP6_MH_BRR:
      mip6_writer_u16 (&w, 0);
      break;
    case MIP6_MH_HOTI:
    case MIP6_MH_COTI:
      mip6_writer_u16 (&w, 0);
      mip6_writer_bytes (&w, msg->hoti.init_cookie, 8);
      break;
    case MIP6_MH_HOT:
    case MIP6_MH_COT:
      mip6_writer_u16 (&w, msg->hot.nonce_index);
      mip6_writer_bytes (&w, msg->hot.init_cookie, 8);
      mip6_writer_bytes (&w, msg->hot.keygen_token, 8);
      break;
    case MIP6_MH_BU:
      mip6_writer_u16 (&w, msg->bu.sequence);
      mip6_writer_u16 (
          &w,
          (guint16) ((msg->bu.ack ? 0x8000 : 0) | (msg->bu.home_registration ? 0x4000 : 0) |
                     (msg->bu.link_local ? 0x2000 : 0) | (msg->bu.key_management ? 0x1000 : 0)));
      mip6_writer_u16 (&w, msg->bu.lifetime);
      break;
    case MIP6_MH_BA:
      mip6_writer_u8 (&w, msg->ba.status);
      mip6_writer_u8 (&w, msg->ba.key_management ? 0x80 : 0);
      mip6_writer_u16 (&w, msg->ba.sequence);
      mip6_writer_u16 (&w, msg->ba.lifetime);
      break;
    case MIP6_MH_BE:
      mip6_writer_u8 (&w, msg->be.status);
      mip6_writer_u8 (&w, 0);
      mip6_writer_bytes (&w, &msg->be.home_address, 16);
      break;
    default:
      break;
    }

  err = mip6_mh_options_encode (&w, 0, &msg->options);
  if (err)
    return err;
  total = w.pos;
  /* §6.1.1: Header Len counts 8-octet units after the first 8 octets. */
  if (total / 8 - 1 > 255)
    return MIP6_WIRE_INVALID_ARGUMENT;
  mip6_writer_put_u8_at (&w, 1, (guint8) (total / 8 - 1));
  if (src && dst)
    mip6_writer_put_u16_at (&w, 4, mip6_checksum_ipv6 (src, dst, MIP6_IPPROTO_MH, buf, total));
  *out_len = total;
  return MIP6_WIRE_OK;
}

Mip6WireError
mip6_mh_parse (const guint8 *buf, gsize len, const struct in6_addr *src, const struct in6_addr *dst,
               Mip6Mh *out)
{
  Mip6Reader r;
  gsize total;
  gssize dlen;

  memset (out, 0, sizeof *out);
  if (len < 8)
    return MIP6_WIRE_TRUNCATED;
  total = ((gsize) buf[1] + 1) * 8;
  if (total > len)
    return MIP6_WIRE_TRUNCATED;
  /* §9.2 order: checksum (over the whole upper layer, as the pseudo-header
   * counts it), then Payload Proto, then type and Header Len. */
  if (src && dst && mip6_checksum_ipv6 (src, dst, MIP6_IPPROTO_MH, buf, len) != 0)
    return MIP6_WIRE_BAD_CHECKSUM;
  if (buf[0] != MIP6_IPPROTO_NONE)
    return MIP6_WIRE_BAD_PAYLOAD_PROTO;
  out->type = buf[2];
  dlen = data_len (out->type);
  if (dlen < 0)
    return MIP6_WIRE_UNKNOWN_MH_TYPE;
  if ((gsize) (MH_FIXED + dlen) > total)
    return MIP6_WIRE_SHORT_MH_HEADER;
  /* Bytes after the message: Payload Proto says nothing follows. */
  if (total < len)
    return MIP6_WIRE_BAD_LENGTH;

  mip6_reader_init (&r, buf, total);
  mip6_reader_skip (&r, MH_FIXED);
  switch (out->type)
    {
    case MIP6_MH_BRR:
      mip6_reader_skip (&r, 2);
      break;
    case MIP6_MH_HOTI:
    case MIP6_MH_COTI:
      mip6_reader_skip (&r, 2);
      mip6_reader_bytes (&r, out->hoti.init_cookie, 8);
      break;
    case MIP6_MH_HOT:
    case MIP6_MH_COT:
      out->hot.nonce_index = mip6_reader_u16 (&r);
      mip6_reader_bytes (&r, out->hot.init_cookie, 8);
      mip6_reader_bytes (&r, out->hot.keygen_token, 8);
      break;
    case MIP6_MH_BU:
      {
        guint16 flags;
        out->bu.sequence = mip6_reader_u16 (&r);
        flags = mip6_reader_u16 (&r);
        out->bu.ack = (flags & 0x8000) != 0;
        out->bu.home_registration = (flags & 0x4000) != 0;
        out->bu.link_local = (flags & 0x2000) != 0;
        out->bu.key_management = (flags & 0x1000) != 0;
        out->bu.lifetime = mip6_reader_u16 (&r);
      }
      break;
    case MIP6_MH_BA:
      out->ba.status = mip6_reader_u8 (&r);
      out->ba.key_management = (mip6_reader_u8 (&r) & 0x80) != 0;
      out->ba.sequence = mip6_reader_u16 (&r);
      out->ba.lifetime = mip6_reader_u16 (&r);
      break;
    case MIP6_MH_BE:
      out->be.status = mip6_reader_u8 (&r);
      mip6_reader_skip (&r, 1);
      mip6_reader_bytes (&r, &out->be.home_address, 16);
      break;
    default:
      break;
    }
  if (r.err)
    return r.err;
  return mip6_mh_options_parse (buf + r.pos, total - r.pos, r.pos, &out->options);
}
