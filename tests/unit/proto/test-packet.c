/* Unit tests: whole IPv6 packets with HAO, RH2, MH and ICMPv6. */
#include <arpa/inet.h>
#include <string.h>

#include "checksum.h"
#include "packet.h"

static struct in6_addr
addr (const char *s)
{
  struct in6_addr a;
  g_assert_cmpint (inet_pton (AF_INET6, s, &a), ==, 1);
  return a;
}

typedef struct
{
  struct in6_addr ha, hoa, coa;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->ha = addr ("fec0:106:2700::2");
  f->hoa = addr ("fec0:106:2700::4");
  f->coa = addr ("fec0:106:1100::20");
}

static gsize
build_bu (Fixture *f, guint8 *buf, gsize cap)
{
  Mip6Mh m = { 0 };
  gsize len;

  m.type = MIP6_MH_BU;
  m.bu.sequence = 4242;
  m.bu.ack = TRUE;
  m.bu.home_registration = TRUE;
  m.bu.lifetime = 150;
  m.options.has_alt_coa = TRUE;
  m.options.alt_coa = f->coa;
  g_assert_cmpint (mip6_packet_build_mh (buf, cap, &f->coa, &f->ha, &f->hoa, NULL, &m, &len), ==,
                   MIP6_WIRE_OK);
  return len;
}

static void
test_bu_with_hao (Fixture *f, gconstpointer data)
{
  guint8 buf[256];
  Mip6Packet p;
  gsize len = build_bu (f, buf, sizeof buf);

  /* IPv6 header | Destination Options (HAO) | MH */
  g_assert_cmpuint (buf[0] >> 4, ==, 6);
  g_assert_cmpuint (buf[6], ==, MIP6_IPPROTO_DSTOPTS);
  g_assert_cmpuint (buf[7], ==, MIP6_MH_HOP_LIMIT);
  g_assert_cmpuint ((buf[4] << 8 | buf[5]) + 40, ==, len);
  g_assert_cmpmem (buf + 8, 16, &f->coa, 16);
  g_assert_cmpmem (buf + 24, 16, &f->ha, 16);
  g_assert_cmpuint (buf[40], ==, MIP6_IPPROTO_MH);
  g_assert_cmpuint (buf[46], ==, MIP6_OPT_HOME_ADDRESS);
  /* The MH checksum uses the home address as source (§6.3). */
  g_assert_cmphex (mip6_checksum_ipv6 (&f->hoa, &f->ha, 135, buf + 64, len - 64), ==, 0);
  g_assert_cmphex (mip6_checksum_ipv6 (&f->coa, &f->ha, 135, buf + 64, len - 64), !=, 0);

  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_OK);
  g_assert_cmpmem (&p.src, 16, &f->coa, 16);
  g_assert_cmpmem (&p.dst, 16, &f->ha, 16);
  g_assert_true (p.has_home_address);
  g_assert_cmpmem (&p.home_address, 16, &f->hoa, 16);
  g_assert_false (p.has_rh2);
  g_assert_cmpuint (p.upper_proto, ==, MIP6_IPPROTO_MH);
  g_assert_cmpuint (p.upper_offset, ==, 64);
  g_assert_cmpuint (p.mh.type, ==, MIP6_MH_BU);
  g_assert_cmpuint (p.mh.bu.sequence, ==, 4242);
  g_assert_cmpuint (p.mh.bu.lifetime * MIP6_MH_LIFETIME_UNIT_S, ==, 600);
  g_assert_true (p.mh.options.has_alt_coa);

  /* Link-layer padding after the payload is ignored. */
  memset (buf + len, 0xee, 10);
  g_assert_cmpint (mip6_packet_parse (buf, len + 10, &p), ==, MIP6_WIRE_OK);

  /* Every prefix of the packet is rejected, never read past. */
  for (gsize l = 0; l < len; l++)
    {
      guint8 *copy = g_memdup2 (buf, l);
      g_assert_cmpint (mip6_packet_parse (copy, l, &p), !=, MIP6_WIRE_OK);
      g_free (copy);
    }
  /* Output buffer too small: error, not overflow. */
  for (gsize cap = 0; cap < len; cap++)
    {
      Mip6Mh m = { .type = MIP6_MH_BRR };
      gsize n;
      guint8 *small = g_malloc (cap + 1);
      g_assert_cmpint (mip6_packet_build_mh (small, cap, &f->coa, &f->ha, &f->hoa, &f->hoa, &m, &n),
                       ==, (cap < 96 ? MIP6_WIRE_NO_SPACE : MIP6_WIRE_OK));
      g_free (small);
    }
}

static void
test_ba_with_rh2 (Fixture *f, gconstpointer data)
{
  guint8 buf[256];
  Mip6Packet p;
  Mip6Mh m = { 0 };
  gsize len;

  m.type = MIP6_MH_BA;
  m.ba.status = MIP6_BA_ACCEPTED;
  m.ba.sequence = 4242;
  m.ba.lifetime = 150;
  m.options.has_refresh_advice = TRUE;
  m.options.refresh_interval = 75;
  g_assert_cmpint (mip6_packet_build_mh (buf, sizeof buf, &f->ha, &f->coa, NULL, &f->hoa, &m, &len),
                   ==, MIP6_WIRE_OK);
  g_assert_cmpuint (buf[6], ==, MIP6_IPPROTO_ROUTING);
  g_assert_cmpuint (buf[42], ==, MIP6_RH2_TYPE);
  /* Pseudo-header destination: the home address, the final destination. */
  g_assert_cmphex (mip6_checksum_ipv6 (&f->ha, &f->hoa, 135, buf + 64, len - 64), ==, 0);

  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_OK);
  g_assert_true (p.has_rh2);
  g_assert_cmpuint (p.rh2_segments_left, ==, 1);
  g_assert_cmpmem (&p.rh2_address, 16, &f->hoa, 16);
  g_assert_cmpuint (p.mh.type, ==, MIP6_MH_BA);
  g_assert_cmpuint (p.mh.ba.sequence, ==, 4242);
  g_assert_cmpuint (p.mh.options.refresh_interval, ==, 75);

  /* A flipped bit in the IPv6 destination field does not touch the
   * checksum (RH2 address is used), one in the RH2 address does. */
  buf[39] ^= 1;
  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_OK);
  buf[39] ^= 1;
  buf[63] ^= 1;
  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_BAD_CHECKSUM);
  buf[63] ^= 1;
  /* Segments Left 2 is not a valid type 2 routing header. */
  buf[43] = 2;
  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_BAD_ROUTING_HEADER);
}

static void
test_both_headers (Fixture *f, gconstpointer data)
{
  guint8 buf[256];
  Mip6Packet p;
  Mip6Icmp6 m = { 0 };
  gsize len;

  /* RFC 6275 §6.3: the HAO's header follows the routing header. */
  m.type = MIP6_ICMP6_MPS;
  m.mps.identifier = 77;
  g_assert_cmpint (
      mip6_packet_build_icmp6 (buf, sizeof buf, &f->coa, &f->ha, &f->hoa, &f->ha, 0, &m, &len), ==,
      MIP6_WIRE_OK);
  g_assert_cmpuint (buf[6], ==, MIP6_IPPROTO_ROUTING);
  g_assert_cmpuint (buf[40], ==, MIP6_IPPROTO_DSTOPTS);
  g_assert_cmpuint (buf[64], ==, MIP6_IPPROTO_ICMPV6);
  g_assert_cmpuint (buf[7], ==, 64);
  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_OK);
  g_assert_true (p.has_home_address && p.has_rh2);
  g_assert_cmpuint (p.upper_proto, ==, MIP6_IPPROTO_ICMPV6);
  g_assert_cmpuint (p.icmp6.type, ==, MIP6_ICMP6_MPS);
  g_assert_cmpuint (p.icmp6.mps.identifier, ==, 77);
}

static void
test_ra_packet (Fixture *f, gconstpointer data)
{
  struct in6_addr ll = addr ("fe80::1"), all = addr ("ff02::1");
  guint8 buf[256];
  Mip6Packet p;
  Mip6Icmp6 m = { 0 };
  gsize len;

  m.type = MIP6_ICMP6_RA;
  m.ra.home_agent = TRUE;
  m.ra.router_lifetime = 1800;
  g_assert_cmpint (mip6_packet_build_icmp6 (buf, sizeof buf, &ll, &all, NULL, NULL, 0, &m, &len),
                   ==, MIP6_WIRE_OK);
  g_assert_cmpuint (buf[7], ==, 255); /* RFC 4861 §6.1.2 */
  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (p.hop_limit, ==, 255);
  g_assert_true (p.icmp6.ra.home_agent);
  g_assert_cmpuint (p.icmp6.ra.router_lifetime, ==, 1800);
}

static void
test_packet_rejects (Fixture *f, gconstpointer data)
{
  guint8 buf[256], hbh[256];
  Mip6Packet p;
  gsize len = build_bu (f, buf, sizeof buf);

  buf[0] = 0x45;
  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_BAD_VERSION);
  buf[0] = 0x60;
  /* Payload Length beyond the buffer. */
  buf[5]++;
  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_TRUNCATED);
  buf[5]--;
  /* Fragments are not reassembled here. */
  buf[40] = 44;
  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_FRAGMENTED);
  /* Hop-by-hop after another extension header. */
  buf[40] = 0;
  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_BAD_HEADER_ORDER);
  buf[40] = MIP6_IPPROTO_MH;
  /* Hop-by-hop first is fine: insert 8 octets (PadN) after the IPv6 header. */
  memcpy (hbh, buf, 40);
  hbh[6] = 0;
  hbh[40] = MIP6_IPPROTO_DSTOPTS;
  hbh[41] = 0;
  hbh[42] = 1;
  hbh[43] = 4;
  memset (hbh + 44, 0, 4);
  memcpy (hbh + 48, buf + 40, len - 40);
  hbh[5] += 8;
  g_assert_cmpint (mip6_packet_parse (hbh, len + 8, &p), ==, MIP6_WIRE_OK);
  g_assert_true (p.has_home_address);
  /* Unknown MH type: the addresses are there for the Binding Error. */
  buf[66] = 99;
  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_BAD_CHECKSUM);
  {
    guint16 c;
    buf[68] = buf[69] = 0;
    c = mip6_checksum_ipv6 (&f->hoa, &f->ha, 135, buf + 64, len - 64);
    buf[68] = (guint8) (c >> 8);
    buf[69] = (guint8) c;
  }
  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_UNKNOWN_MH_TYPE);
  g_assert_cmpuint (p.mh.type, ==, 99);
  g_assert_cmpmem (&p.home_address, 16, &f->hoa, 16);
  g_assert_cmpmem (&p.src, 16, &f->coa, 16);
}

static void
test_other_upper_layer (Fixture *f, gconstpointer data)
{
  guint8 buf[64] = { 0x60, 0, 0, 0, 0, 8, 17, 64 };
  Mip6Packet p;

  memcpy (buf + 8, &f->hoa, 16);
  memcpy (buf + 24, &f->ha, 16);
  g_assert_cmpint (mip6_packet_parse (buf, 48, &p), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (p.upper_proto, ==, 17);
  g_assert_cmpuint (p.upper_offset, ==, 40);
  g_assert_cmpuint (p.upper_len, ==, 8);
}

/* RFC 6275 §9.3.1: once the option is accepted the packet is the home
 * address's; the header that carried the option goes, the upper layer and
 * its checksum (computed over the home address, §6.3) stay. */
static void
test_apply_home_address (Fixture *f, gconstpointer data)
{
  guint8 buf[256], out[256];
  gsize len = build_bu (f, buf, sizeof buf);
  Mip6Packet p, q;
  gssize n;

  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (p.home_address_offset, ==, 40 + 6); /* 8n+6 alignment */
  n = mip6_packet_apply_home_address (&p, out, sizeof out);
  g_assert_cmpint (n, ==, (gssize) len - MIP6_HAO_HEADER_LEN);
  g_assert_cmpuint (out[6], ==, MIP6_IPPROTO_MH);
  g_assert_cmpuint (((guint) out[4] << 8 | out[5]), ==, (guint) n - 40);
  g_assert_cmpint (mip6_packet_parse (out, (gsize) n, &q), ==, MIP6_WIRE_OK);
  g_assert_false (q.has_home_address);
  g_assert_cmpmem (&q.src, 16, &f->hoa, 16);
  g_assert_cmpuint (q.mh.bu.sequence, ==, 4242);
  /* Another option next to it: the header cannot go. */
  buf[40 + 2] = 0x1e; /* an unknown skippable option instead of the PadN */
  g_assert_cmpint (mip6_packet_parse (buf, len, &p), ==, MIP6_WIRE_OK);
  g_assert_cmpint (mip6_packet_apply_home_address (&p, out, sizeof out), ==, -1);
}

/* §6.4, §9.3.2: to the care-of address, the type 2 routing header holding
 * the home address; a hop-by-hop header stays first (RFC 8200 §4.1). */
static void
test_insert_rh2 (Fixture *f, gconstpointer data)
{
  guint8 in[64] = { 0x60, 0, 0, 0, 0, 8, 17, 64 }, out[128];
  Mip6Packet p;
  gssize n;

  memcpy (in + 8, &f->ha, 16);
  memcpy (in + 24, &f->hoa, 16);
  n = mip6_packet_insert_rh2 (in, 48, &f->coa, out, sizeof out);
  g_assert_cmpint (n, ==, 48 + MIP6_RH2_LEN);
  g_assert_cmpint (mip6_packet_parse (out, (gsize) n, &p), ==, MIP6_WIRE_OK);
  g_assert_cmpmem (&p.dst, 16, &f->coa, 16);
  g_assert_true (p.has_rh2);
  g_assert_cmpuint (p.rh2_segments_left, ==, 1);
  g_assert_cmpmem (&p.rh2_address, 16, &f->hoa, 16);
  g_assert_cmpuint (p.upper_proto, ==, 17);
  /* With hop-by-hop options. */
  {
    guint8 h[64] = { 0x60, 0, 0, 0, 0, 16, 0, 64 };
    memcpy (h + 8, &f->ha, 16);
    memcpy (h + 24, &f->hoa, 16);
    h[40] = 17; /* next header; length 0, PadN over the rest */
    h[42] = 1;
    h[43] = 4;
    n = mip6_packet_insert_rh2 (h, 56, &f->coa, out, sizeof out);
    g_assert_cmpint (n, ==, 56 + MIP6_RH2_LEN);
    g_assert_cmpuint (out[6], ==, 0);
    g_assert_cmpuint (out[40], ==, MIP6_IPPROTO_ROUTING);
    g_assert_cmpint (mip6_packet_parse (out, (gsize) n, &p), ==, MIP6_WIRE_OK);
    g_assert_true (p.has_rh2);
    g_assert_cmpuint (p.upper_proto, ==, 17);
  }
  g_assert_cmpint (mip6_packet_insert_rh2 (in, 48, &f->coa, out, 60), ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, NULL)
  ADD ("/proto/packet/bu-with-hao", test_bu_with_hao);
  ADD ("/proto/packet/ba-with-rh2", test_ba_with_rh2);
  ADD ("/proto/packet/both-headers", test_both_headers);
  ADD ("/proto/packet/ra", test_ra_packet);
  ADD ("/proto/packet/rejects", test_packet_rejects);
  ADD ("/proto/packet/other-upper-layer", test_other_upper_layer);
  ADD ("/proto/packet/apply-home-address", test_apply_home_address);
  ADD ("/proto/packet/insert-rh2", test_insert_rh2);
  return g_test_run ();
}
