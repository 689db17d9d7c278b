/* packet.c — parse and build whole IPv6 packets with MIPv6 headers. */
#include <string.h>

#include "packet.h"

#define IPPROTO_HBH 0
#define IPPROTO_FRAG 44

Mip6WireError
mip6_packet_parse (const guint8 *buf, gsize len, Mip6Packet *out)
{
  gsize off = MIP6_IPV6_HEADER_LEN, end;
  guint8 nh;
  gboolean first = TRUE;
  const struct in6_addr *psrc, *pdst;
  Mip6WireError err;

  memset (out, 0, sizeof *out);
  out->raw = buf;
  out->raw_len = len;
  if (len < MIP6_IPV6_HEADER_LEN)
    return MIP6_WIRE_TRUNCATED;
  if ((buf[0] >> 4) != 6)
    return MIP6_WIRE_BAD_VERSION;
  out->traffic_class = (guint8) (((buf[0] & 0x0f) << 4) | (buf[1] >> 4));
  out->flow_label = ((guint32) (buf[1] & 0x0f) << 16) | ((guint32) buf[2] << 8) | buf[3];
  end = MIP6_IPV6_HEADER_LEN + (((gsize) buf[4] << 8) | buf[5]);
  nh = buf[6];
  out->hop_limit = buf[7];
  memcpy (&out->src, buf + 8, 16);
  memcpy (&out->dst, buf + 24, 16);
  if (end > len)
    return MIP6_WIRE_TRUNCATED;

  for (;; first = FALSE)
    {
      const guint8 *p = buf + off;
      gsize left = end - off;

      switch (nh)
        {
        case IPPROTO_HBH:
          /* RFC 8200 §4.1: hop-by-hop only right after the IPv6 header. */
          if (!first)
            return MIP6_WIRE_BAD_HEADER_ORDER;
          if (left < 8)
            return MIP6_WIRE_TRUNCATED;
          if (((gsize) p[1] + 1) * 8 > left)
            return MIP6_WIRE_TRUNCATED;
          nh = p[0];
          off += ((gsize) p[1] + 1) * 8;
          continue;
        case MIP6_IPPROTO_DSTOPTS:
          {
            Mip6DestOpts d;
            err = mip6_destopts_parse (p, left, &d);
            if (err)
              return err;
            if (d.has_home_address)
              {
                if (out->has_home_address)
                  return MIP6_WIRE_BAD_VALUE; /* §6.3: one per packet */
                out->has_home_address = TRUE;
                out->home_address = d.home_address;
                out->home_address_offset = off + d.home_address_offset;
              }
            nh = d.next_header;
            off += d.length;
            continue;
          }
        case MIP6_IPPROTO_ROUTING:
          if (left < 8)
            return MIP6_WIRE_TRUNCATED;
          if (p[2] != MIP6_RH2_TYPE)
            {
              /* RFC 8200 §4.4: an unknown type with nothing left is ignored. */
              if (p[3] != 0)
                return MIP6_WIRE_BAD_ROUTING_HEADER;
              if (((gsize) p[1] + 1) * 8 > left)
                return MIP6_WIRE_TRUNCATED;
              nh = p[0];
              off += ((gsize) p[1] + 1) * 8;
              continue;
            }
          {
            Mip6Rh2 rh;
            if (out->has_rh2)
              return MIP6_WIRE_BAD_HEADER_ORDER;
            err = mip6_rh2_parse (p, left, &rh);
            if (err)
              return err;
            out->has_rh2 = TRUE;
            out->rh2_segments_left = rh.segments_left;
            out->rh2_address = rh.home_address;
            nh = rh.next_header;
            off += MIP6_RH2_LEN;
            continue;
          }
        case IPPROTO_FRAG:
          return MIP6_WIRE_FRAGMENTED;
        default:
          break;
        }
      break;
    }

  out->upper_proto = nh;
  out->upper_offset = off;
  out->upper_len = end - off;
  /* Upper-layer checksums see the home addresses (RFC 6275 §6.3, §6.4). */
  psrc = out->has_home_address ? &out->home_address : &out->src;
  pdst = (out->has_rh2 && out->rh2_segments_left > 0) ? &out->rh2_address : &out->dst;
  if (nh == MIP6_IPPROTO_MH)
    return mip6_mh_parse (buf + off, end - off, psrc, pdst, &out->mh);
  if (nh == MIP6_IPPROTO_ICMPV6)
    return mip6_icmp6_parse (buf + off, end - off, psrc, pdst, &out->icmp6);
  return MIP6_WIRE_OK;
}

/* Writes the IPv6 header and the optional RH2 and HAO headers, leaving the
 * writer where the upper layer goes; failures set w->err. */
static void
build_headers (Mip6Writer *w, const struct in6_addr *src, const struct in6_addr *dst,
               const struct in6_addr *home_address, const struct in6_addr *rh2_address,
               guint8 hop_limit, guint8 upper_proto)
{
  gsize n;
  guint8 first_nh;

  /* RFC 6275 §6.3: the HAO's Destination Options header comes after the
   * routing header. */
  first_nh = rh2_address ? MIP6_IPPROTO_ROUTING : home_address ? MIP6_IPPROTO_DSTOPTS : upper_proto;
  mip6_writer_u32 (w, 6u << 28);
  mip6_writer_u16 (w, 0); /* payload length, set at the end */
  mip6_writer_u8 (w, first_nh);
  mip6_writer_u8 (w, hop_limit);
  mip6_writer_bytes (w, src, 16);
  mip6_writer_bytes (w, dst, 16);
  if (w->err)
    return;
  if (rh2_address)
    {
      guint8 next = home_address ? MIP6_IPPROTO_DSTOPTS : upper_proto;
      if (mip6_rh2_encode (next, rh2_address, w->data + w->pos, w->cap - w->pos, &n))
        {
          w->err = MIP6_WIRE_NO_SPACE;
          return;
        }
      w->pos += n;
    }
  if (home_address)
    {
      if (mip6_hao_encode (upper_proto, home_address, w->data + w->pos, w->cap - w->pos, &n))
        {
          w->err = MIP6_WIRE_NO_SPACE;
          return;
        }
      w->pos += n;
    }
}

static Mip6WireError
finish (Mip6Writer *w, gsize upper_len, gsize *out_len)
{
  gsize payload = w->pos + upper_len - MIP6_IPV6_HEADER_LEN;

  if (payload > 0xffff)
    return MIP6_WIRE_INVALID_ARGUMENT;
  w->pos += upper_len;
  mip6_writer_put_u16_at (w, 4, (guint16) payload);
  *out_len = w->pos;
  return MIP6_WIRE_OK;
}

Mip6WireError
mip6_packet_build_mh (guint8 *buf, gsize cap, const struct in6_addr *src,
                      const struct in6_addr *dst, const struct in6_addr *home_address,
                      const struct in6_addr *rh2_address, const Mip6Mh *msg, gsize *out_len)
{
  Mip6Writer w;
  Mip6WireError err;
  gsize n;

  *out_len = 0;
  mip6_writer_init (&w, buf, cap);
  build_headers (&w, src, dst, home_address, rh2_address, MIP6_MH_HOP_LIMIT, MIP6_IPPROTO_MH);
  if (w.err)
    return w.err;
  err = mip6_mh_encode (msg, home_address ? home_address : src, rh2_address ? rh2_address : dst,
                        buf + w.pos, cap - w.pos, &n);
  if (err)
    return err;
  return finish (&w, n, out_len);
}

Mip6WireError
mip6_packet_build_icmp6 (guint8 *buf, gsize cap, const struct in6_addr *src,
                         const struct in6_addr *dst, const struct in6_addr *home_address,
                         const struct in6_addr *rh2_address, guint8 hop_limit, const Mip6Icmp6 *msg,
                         gsize *out_len)
{
  Mip6Writer w;
  Mip6WireError err;
  gsize n;

  *out_len = 0;
  if (hop_limit == 0)
    hop_limit = (msg->type == MIP6_ICMP6_RS || msg->type == MIP6_ICMP6_RA) ? MIP6_ND_HOP_LIMIT
                                                                           : MIP6_MH_HOP_LIMIT;
  mip6_writer_init (&w, buf, cap);
  build_headers (&w, src, dst, home_address, rh2_address, hop_limit, MIP6_IPPROTO_ICMPV6);
  if (w.err)
    return w.err;
  err = mip6_icmp6_encode (msg, home_address ? home_address : src, rh2_address ? rh2_address : dst,
                           buf + w.pos, cap - w.pos, &n);
  if (err)
    return err;
  return finish (&w, n, out_len);
}

/* Whether the Destination Options header @h[0..len) holds nothing but
 * padding besides the option at @hao. */
static gboolean
only_padding_besides (const guint8 *h, gsize len, gsize hao)
{
  for (gsize i = 2; i < len;)
    {
      if (h[i] == 0) /* Pad1 */
        {
          i++;
          continue;
        }
      if (i + 1 >= len || (i != hao && h[i] != 1))
        return FALSE;
      i += 2 + (gsize) h[i + 1];
    }
  return TRUE;
}

gssize
mip6_packet_apply_home_address (const Mip6Packet *pkt, guint8 *out, gsize cap)
{
  const guint8 *in = pkt->raw;
  gsize off = MIP6_IPV6_HEADER_LEN, nh_at = 6, hlen = 0, plen, total;

  if (!pkt->has_home_address || in == NULL || pkt->raw_len < MIP6_IPV6_HEADER_LEN)
    return -1;
  /* Link-layer padding after the packet is not part of it. */
  total = MIN (pkt->raw_len, MIP6_IPV6_HEADER_LEN + (((gsize) in[4] << 8) | in[5]));
  if (cap < total)
    return -1;
  /* Find the extension header holding the option (the packet has been
   * through mip6_packet_parse(), so the chain is sound). */
  for (;;)
    {
      guint8 nh = in[nh_at];

      if (off + 8 > total ||
          (nh != IPPROTO_HBH && nh != MIP6_IPPROTO_DSTOPTS && nh != MIP6_IPPROTO_ROUTING))
        return -1;
      hlen = ((gsize) in[off + 1] + 1) * 8;
      if (off + hlen > total)
        return -1;
      if (nh == MIP6_IPPROTO_DSTOPTS && pkt->home_address_offset >= off &&
          pkt->home_address_offset < off + hlen)
        break;
      nh_at = off;
      off += hlen;
    }
  /* Linux refuses padding runs longer than 7 octets (RFC 4942 §2.1.9.5),
   * so the processed option cannot become padding: the header goes as a
   * whole, which needs it to hold nothing else. */
  if (!only_padding_besides (in + off, hlen, pkt->home_address_offset - off))
    return -1;
  memcpy (out, in, off);
  memcpy (out + off, in + off + hlen, total - off - hlen);
  out[nh_at] = in[off];
  memcpy (out + 8, &pkt->home_address, 16);
  plen = total - MIP6_IPV6_HEADER_LEN - hlen;
  out[4] = (guint8) (plen >> 8);
  out[5] = (guint8) plen;
  return (gssize) (total - hlen);
}

gssize
mip6_packet_insert_rh2 (const guint8 *pkt, gsize len, const struct in6_addr *care_of_address,
                        guint8 *out, gsize cap)
{
  gsize at = MIP6_IPV6_HEADER_LEN, plen, rlen = 0;
  guint8 *nh_field;
  struct in6_addr final;

  if (len < MIP6_IPV6_HEADER_LEN || (pkt[0] >> 4) != 6 || len + MIP6_RH2_LEN > cap)
    return -1;
  plen = ((gsize) pkt[4] << 8) | pkt[5];
  if (MIP6_IPV6_HEADER_LEN + plen != len || plen + MIP6_RH2_LEN > G_MAXUINT16)
    return -1;
  /* RFC 8200 §4.1: hop-by-hop options stay first. */
  if (pkt[6] == IPPROTO_HBH)
    {
      if (len < at + 8 || at + ((gsize) pkt[at + 1] + 1) * 8 > len)
        return -1;
      at += ((gsize) pkt[at + 1] + 1) * 8;
    }
  memcpy (out, pkt, at);
  nh_field = at == MIP6_IPV6_HEADER_LEN ? &out[6] : &out[MIP6_IPV6_HEADER_LEN];
  memcpy (&final, pkt + 24, 16);
  if (mip6_rh2_encode (*nh_field, &final, out + at, cap - at, &rlen) != MIP6_WIRE_OK)
    return -1;
  *nh_field = MIP6_IPPROTO_ROUTING;
  memcpy (out + at + rlen, pkt + at, len - at);
  memcpy (out + 24, care_of_address, 16);
  plen += rlen;
  out[4] = (guint8) (plen >> 8);
  out[5] = (guint8) plen;
  return (gssize) (len + rlen);
}
