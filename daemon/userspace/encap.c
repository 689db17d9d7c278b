/* encap.c — IPv6-in-IPv6 encapsulation (RFC 2473). */
#include "encap.h"

#include <string.h>

gssize
mip6_encap_build (const guint8 *inner, gsize inner_len, const struct in6_addr *outer_src,
                  const struct in6_addr *outer_dst, guint8 hop_limit, guint8 *out, gsize cap)
{
  if (!mip6_encap_inner_parse (inner, inner_len, NULL, NULL))
    return -1;
  if (inner_len > G_MAXUINT16 || cap < MIP6_IPV6_HEADER_LEN + inner_len)
    return -1;

  /* The outer traffic class is copied from the inner packet so that
   * queueing along the path treats the tunnelled packet like the original
   * (RFC 2473 §5.1 leaves this to configuration; copying is the common
   * choice). The flow label is not copied: it belongs to the inner flow. */
  guint8 tclass = (guint8) (((inner[0] & 0x0f) << 4) | (inner[1] >> 4));

  out[0] = (guint8) (0x60 | (tclass >> 4));
  out[1] = (guint8) ((tclass & 0x0f) << 4);
  out[2] = 0;
  out[3] = 0;
  out[4] = (guint8) (inner_len >> 8);
  out[5] = (guint8) (inner_len & 0xff);
  out[6] = MIP6_IPPROTO_IPV6_ENCAP;
  out[7] = hop_limit;
  memcpy (out + 8, outer_src, 16);
  memcpy (out + 24, outer_dst, 16);
  memmove (out + MIP6_IPV6_HEADER_LEN, inner, inner_len);
  return (gssize) (MIP6_IPV6_HEADER_LEN + inner_len);
}

gboolean
mip6_encap_inner_parse (const guint8 *pkt, gsize len, struct in6_addr *src, struct in6_addr *dst)
{
  if (pkt == NULL || len < MIP6_IPV6_HEADER_LEN)
    return FALSE;
  if ((pkt[0] >> 4) != 6)
    return FALSE;
  gsize payload = ((gsize) pkt[4] << 8) | pkt[5];
  /* A jumbogram (payload length 0 with a hop-by-hop option) cannot travel
   * through a tunnel whose own header has a 16-bit length; reject it. */
  if (payload == 0 && len > MIP6_IPV6_HEADER_LEN)
    return FALSE;
  if (MIP6_IPV6_HEADER_LEN + payload > len)
    return FALSE;
  if (src)
    memcpy (src, pkt + 8, 16);
  if (dst)
    memcpy (dst, pkt + 24, 16);
  return TRUE;
}
