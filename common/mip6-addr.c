/* mip6-addr.c — IPv6 address helpers. */
#include "mip6-addr.h"

#include <string.h>

guint
mip6_addr_hash (gconstpointer addr)
{
  guint32 w[4];
  memcpy (w, addr, sizeof w);
  return w[0] ^ w[1] ^ w[2] ^ w[3];
}

gboolean
mip6_addr_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (struct in6_addr)) == 0;
}

gboolean
mip6_addr_in_prefix (const struct in6_addr *addr, const struct in6_addr *prefix, guint plen)
{
  for (guint bit = 0; bit < plen && bit < 128; bit++)
    {
      guint8 m = (guint8) (0x80 >> (bit % 8));
      if ((prefix->s6_addr[bit / 8] & m) != (addr->s6_addr[bit / 8] & m))
        return FALSE;
    }
  return TRUE;
}

void
mip6_addr_mask_prefix (struct in6_addr *addr, guint plen)
{
  for (guint bit = plen; bit < 128; bit++)
    addr->s6_addr[bit / 8] &= (guint8) ~(0x80 >> (bit % 8));
}

struct in6_addr
mip6_addr_link_local_of (const struct in6_addr *addr)
{
  struct in6_addr ll = { { { 0xfe, 0x80 } } };

  memcpy (&ll.s6_addr[8], &addr->s6_addr[8], 8);
  return ll;
}

void
mip6_addr_home_agents_anycast (const struct in6_addr *prefix, guint plen, struct in6_addr *out)
{
  g_return_if_fail (plen <= 120);
  *out = *prefix;
  for (guint bit = plen; bit < 128; bit++)
    out->s6_addr[bit / 8] |= (guint8) (0x80 >> (bit % 8));
  out->s6_addr[15] = (guint8) ((out->s6_addr[15] & 0x80) | MIP6_ADDR_ANYCAST_ID_HOME_AGENTS);
  /* RFC 2526 §2: EUI-64 format interface identifiers have the "u" bit
   * (0x02 of the identifier's first octet) cleared in the anycast address. */
  if (plen == 64)
    out->s6_addr[8] &= (guint8) ~0x02;
}
