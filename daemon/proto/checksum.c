/* checksum.c — Internet checksum (RFC 1071) with the IPv6 pseudo-header. */
#include "checksum.h"

static guint32
sum_bytes (guint32 sum, const guint8 *p, gsize len)
{
  gsize i;
  for (i = 0; i + 1 < len; i += 2)
    sum += (guint32) ((p[i] << 8) | p[i + 1]);
  if (len & 1)
    sum += (guint32) (p[len - 1] << 8);
  return sum;
}

guint16
mip6_checksum_ipv6 (const struct in6_addr *src, const struct in6_addr *dst, guint8 next_header,
                    const guint8 *data, gsize len)
{
  guint32 sum = 0;

  sum = sum_bytes (sum, src->s6_addr, 16);
  sum = sum_bytes (sum, dst->s6_addr, 16);
  sum += (guint32) (len >> 16) & 0xffff;
  sum += (guint32) len & 0xffff;
  sum += next_header;
  sum = sum_bytes (sum, data, len);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}
