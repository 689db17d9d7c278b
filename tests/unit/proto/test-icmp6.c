/* Unit tests: RS/RA and their options, DHAAD, MPS/MPA. */
#include <arpa/inet.h>
#include <string.h>

#include "checksum.h"
#include "icmp6.h"

static struct in6_addr
addr (const char *s)
{
  struct in6_addr a;
  g_assert_cmpint (inet_pton (AF_INET6, s, &a), ==, 1);
  return a;
}

static const struct in6_addr *
src (void)
{
  static struct in6_addr a;
  a = addr ("fe80::1");
  return &a;
}

static const struct in6_addr *
dst (void)
{
  static struct in6_addr a;
  a = addr ("ff02::1");
  return &a;
}

static void
full_options (Mip6NdOptions *o, guint n_prefixes)
{
  static const guint8 mac[6] = { 2, 0, 0, 0, 0, 4 };
  guint i;

  o->has_slla = TRUE;
  o->slla_len = 6;
  memcpy (o->slla, mac, 6);
  o->has_mtu = TRUE;
  o->mtu = 1400;
  o->has_adv_interval = TRUE;
  o->adv_interval_ms = 30; /* §7.5 allows 30 ms */
  o->has_ha_info = TRUE;
  o->ha_preference = -5;
  o->ha_lifetime = 65535;
  o->n_prefixes = n_prefixes;
  for (i = 0; i < n_prefixes; i++)
    {
      Mip6PrefixInfo *p = &o->prefixes[i];
      p->prefix_len = (guint8) (48 + i);
      p->on_link = i & 1;
      p->autonomous = TRUE;
      p->router_address = (i & 2) != 0;
      p->valid_lifetime = 0xffffffff;
      p->preferred_lifetime = 1000 + i;
      p->prefix = addr ("fec0:106:2700::2");
      p->prefix.s6_addr[15] = (guint8) i;
    }
}

static void
round_trip (const Mip6Icmp6 *in, gsize expect_len)
{
  guint8 buf[1500];
  Mip6Icmp6 out;
  gsize len;

  g_assert_cmpint (mip6_icmp6_encode (in, src (), dst (), buf, sizeof buf, &len), ==, MIP6_WIRE_OK);
  if (expect_len)
    g_assert_cmpuint (len, ==, expect_len);
  g_assert_cmpuint (buf[0], ==, in->type);
  g_assert_cmpuint (buf[1], ==, 0);
  g_assert_cmphex (mip6_checksum_ipv6 (src (), dst (), 58, buf, len), ==, 0);
  g_assert_cmpint (mip6_icmp6_parse (buf, len, src (), dst (), &out), ==, MIP6_WIRE_OK);
  g_assert_cmpmem (in, sizeof *in, &out, sizeof out);
  for (gsize cap = 0; cap < len; cap++)
    g_assert_cmpint (mip6_icmp6_encode (in, src (), dst (), buf, cap, &len), ==,
                     MIP6_WIRE_NO_SPACE);
  /* Every truncation is an error, never a read past the end. */
  mip6_icmp6_encode (in, NULL, NULL, buf, sizeof buf, &len);
  for (gsize l = 0; l < len; l++)
    {
      guint8 *copy = g_memdup2 (buf, l);
      Mip6WireError e = mip6_icmp6_parse (copy, l, NULL, NULL, &out);
      /* Cutting exactly between options or addresses may stay valid. */
      if (e == MIP6_WIRE_OK)
        g_assert_true (in->type != MIP6_ICMP6_RA || l >= 16);
      g_free (copy);
    }
}

static void
test_rs (void)
{
  Mip6Icmp6 m;

  memset (&m, 0, sizeof m);
  m.type = MIP6_ICMP6_RS;
  round_trip (&m, 8);
  m.rs.options.has_slla = TRUE;
  m.rs.options.slla_len = 6;
  memcpy (m.rs.options.slla, "\x02\x00\x00\x00\x00\x04", 6);
  round_trip (&m, 16);
}

static void
test_ra (void)
{
  Mip6Icmp6 m;
  guint n;

  for (n = 0; n <= MIP6_ND_MAX_PREFIXES; n++)
    {
      memset (&m, 0, sizeof m);
      m.type = MIP6_ICMP6_RA;
      m.ra.cur_hop_limit = 64;
      m.ra.managed = n & 1;
      m.ra.other = (n & 2) != 0;
      m.ra.home_agent = TRUE;
      m.ra.router_lifetime = 1800;
      m.ra.reachable_time = 30000;
      m.ra.retrans_timer = 1000;
      full_options (&m.ra.options, n);
      round_trip (&m, 16 + 8 + 8 + 8 + 8 + 32 * n);
    }
}

static void
test_ra_bytes (void)
{
  guint8 buf[128];
  Mip6Icmp6 m;
  gsize len;

  memset (&m, 0, sizeof m);
  m.type = MIP6_ICMP6_RA;
  m.ra.home_agent = TRUE;
  m.ra.options.has_adv_interval = TRUE;
  m.ra.options.adv_interval_ms = 0x01020304;
  m.ra.options.has_ha_info = TRUE;
  m.ra.options.ha_preference = -2;
  m.ra.options.ha_lifetime = 0x0506;
  m.ra.options.n_prefixes = 1;
  m.ra.options.prefixes[0].router_address = TRUE;
  m.ra.options.prefixes[0].prefix_len = 64;
  g_assert_cmpint (mip6_icmp6_encode (&m, NULL, NULL, buf, sizeof buf, &len), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (len, ==, 16 + 8 + 8 + 32);
  g_assert_cmphex (buf[5], ==, 0x20); /* H flag (RFC 6275 §7.1) */
  /* Advertisement Interval (§7.3): type 7, length 1, reserved, interval. */
  g_assert_cmpmem (buf + 16, 8, "\x07\x01\x00\x00\x01\x02\x03\x04", 8);
  /* Home Agent Information (§7.4): type 8, length 1, reserved, pref, lifetime. */
  g_assert_cmpmem (buf + 24, 8, "\x08\x01\x00\x00\xff\xfe\x05\x06", 8);
  /* Prefix Information with only R set (§7.2). */
  g_assert_cmpuint (buf[32], ==, 3);
  g_assert_cmpuint (buf[33], ==, 4);
  g_assert_cmpuint (buf[34], ==, 64);
  g_assert_cmphex (buf[35], ==, 0x20);
}

static void
test_nd_rejects (void)
{
  guint8 buf[256];
  Mip6Icmp6 m, out;
  gsize len;

  memset (&m, 0, sizeof m);
  m.type = MIP6_ICMP6_RA;
  full_options (&m.ra.options, 1);
  g_assert_cmpint (mip6_icmp6_encode (&m, src (), dst (), buf, sizeof buf, &len), ==, MIP6_WIRE_OK);
  /* Checksum and addresses. */
  buf[10] ^= 0x40;
  g_assert_cmpint (mip6_icmp6_parse (buf, len, src (), dst (), &out), ==, MIP6_WIRE_BAD_CHECKSUM);
  buf[10] ^= 0x40;
  {
    struct in6_addr other = addr ("fe80::2");
    g_assert_cmpint (mip6_icmp6_parse (buf, len, &other, dst (), &out), ==, MIP6_WIRE_BAD_CHECKSUM);
  }
  /* Code must be 0. */
  buf[1] = 1;
  g_assert_cmpint (mip6_icmp6_parse (buf, len, NULL, NULL, &out), ==, MIP6_WIRE_BAD_CODE);
  buf[1] = 0;
  /* SLLA is the first option at 16: length 0 is invalid (RFC 4861 §4.6). */
  g_assert_cmpuint (buf[16], ==, MIP6_ND_OPT_SLLA);
  buf[17] = 0;
  g_assert_cmpint (mip6_icmp6_parse (buf, len, NULL, NULL, &out), ==, MIP6_WIRE_BAD_OPTION_LENGTH);
  buf[17] = 40;
  g_assert_cmpint (mip6_icmp6_parse (buf, len, NULL, NULL, &out), ==, MIP6_WIRE_OPTION_OVERRUN);
  buf[17] = 1;
  /* MTU at 24, then Advertisement Interval at 32, HA info at 40, prefix at 48. */
  g_assert_cmpuint (buf[32], ==, MIP6_ND_OPT_ADV_INTERVAL);
  g_assert_cmpuint (buf[40], ==, MIP6_ND_OPT_HA_INFO);
  g_assert_cmpuint (buf[48], ==, MIP6_ND_OPT_PREFIX);
  buf[33] = 2;
  g_assert_cmpint (mip6_icmp6_parse (buf, len, NULL, NULL, &out), ==, MIP6_WIRE_BAD_OPTION_LENGTH);
  buf[33] = 1;
  buf[41] = 2;
  g_assert_cmpint (mip6_icmp6_parse (buf, len, NULL, NULL, &out), ==, MIP6_WIRE_BAD_OPTION_LENGTH);
  buf[41] = 1;
  buf[50] = 129; /* prefix length */
  g_assert_cmpint (mip6_icmp6_parse (buf, len, NULL, NULL, &out), ==, MIP6_WIRE_BAD_VALUE);
  buf[50] = 64;
  /* Unknown option type 200 is skipped. */
  buf[24] = 200;
  g_assert_cmpint (mip6_icmp6_parse (buf, len, NULL, NULL, &out), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (out.ra.options.n_unknown, ==, 1);
  g_assert_false (out.ra.options.has_mtu);
  /* RA body shorter than its fixed part. */
  g_assert_cmpint (mip6_icmp6_parse (buf, 15, NULL, NULL, &out), ==, MIP6_WIRE_TRUNCATED);
  /* Other ICMPv6 types are not ours. */
  buf[0] = 128;
  g_assert_cmpint (mip6_icmp6_parse (buf, len, NULL, NULL, &out), ==, MIP6_WIRE_UNKNOWN_ICMP6_TYPE);
  /* More prefixes than the struct holds. */
  memset (&m, 0, sizeof m);
  m.type = MIP6_ICMP6_MPA;
  full_options (&m.mpa.options, MIP6_ND_MAX_PREFIXES);
  g_assert_cmpint (mip6_icmp6_encode (&m, NULL, NULL, buf, sizeof buf, &len), ==,
                   MIP6_WIRE_NO_SPACE);
  {
    /* One more prefix option than the struct holds: the message is still
     * used, the extra option counted (see test_ra_many_prefixes). */
    guint8 big[2048];
    g_assert_cmpint (mip6_icmp6_encode (&m, NULL, NULL, big, sizeof big, &len), ==, MIP6_WIRE_OK);
    memcpy (big + len, big + len - 32, 32);
    g_assert_cmpint (mip6_icmp6_parse (big, len + 32, NULL, NULL, &out), ==, MIP6_WIRE_OK);
    g_assert_cmpuint (out.mpa.options.n_prefixes, ==, MIP6_ND_MAX_PREFIXES);
    g_assert_cmpuint (out.mpa.options.n_prefixes_dropped, ==, 1);
  }
  m.mpa.options.n_prefixes = MIP6_ND_MAX_PREFIXES + 1;
  g_assert_cmpint (mip6_icmp6_encode (&m, NULL, NULL, buf, sizeof buf, &len), ==,
                   MIP6_WIRE_INVALID_ARGUMENT);
}

/* Options of an RA body (after the 12-octet fixed part) holding n Prefix
 * Information options, the i-th for fec0:106:<i>::/64, L and A set. */
static guint8 *
many_prefix_options (guint n, gsize *len)
{
  guint8 *o = g_malloc0 ((gsize) n * 32);

  for (guint i = 0; i < n; i++)
    {
      guint8 *p = o + (gsize) i * 32;
      p[0] = MIP6_ND_OPT_PREFIX;
      p[1] = 4;
      p[2] = 64;
      p[3] = 0xc0;
      p[4] = p[5] = p[6] = p[7] = 0xff; /* valid: infinity */
      p[8] = p[9] = p[10] = p[11] = 0xff;
      p[16] = 0xfe;
      p[17] = 0xc0;
      p[18] = 0x01;
      p[19] = 0x06;
      p[20] = (guint8) (i >> 8);
      p[21] = (guint8) i;
    }
  *len = (gsize) n * 32;
  return o;
}

/* RFC 4861 §4.2/§4.6.2: an RA may carry any number of Prefix Information
 * options, and §6.3.4 has the host process each one; nothing allows a host
 * to discard the whole advertisement because it carries many. A host may
 * bound its own state, though (§6.3.4 end, §11.2 on DoS): an RA with 40 or
 * 1000 prefixes parses, the first MIP6_ND_MAX_PREFIXES are kept in order,
 * the others are counted. */
static void
test_ra_many_prefixes (void)
{
  static const guint counts[] = { 40, 1000 };

  g_assert_cmpuint (MIP6_ND_MAX_PREFIXES, >=, 32);
  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    {
      gsize olen;
      g_autofree guint8 *opts = many_prefix_options (counts[c], &olen);
      g_autofree guint8 *body = g_malloc0 (12 + olen);
      Mip6RouterAdvert ra;

      body[2] = 0x07; /* Router Lifetime 1800 */
      body[3] = 0x08;
      memcpy (body + 12, opts, olen);
      g_assert_cmpint (mip6_nd_ra_parse_body (body, 12 + olen, &ra), ==, MIP6_WIRE_OK);
      g_assert_cmpuint (ra.router_lifetime, ==, 1800);
      g_assert_cmpuint (ra.options.n_prefixes, ==, MIP6_ND_MAX_PREFIXES);
      g_assert_cmpuint (ra.options.n_prefixes_dropped, ==, counts[c] - MIP6_ND_MAX_PREFIXES);
      for (guint i = 0; i < ra.options.n_prefixes; i++)
        {
          const Mip6PrefixInfo *p = &ra.options.prefixes[i];
          g_assert_cmpuint (p->prefix_len, ==, 64);
          g_assert_true (p->on_link && p->autonomous);
          g_assert_cmpuint (p->prefix.s6_addr[4], ==, (i >> 8) & 0xff);
          g_assert_cmpuint (p->prefix.s6_addr[5], ==, i & 0xff);
        }
    }
  /* A malformed option past the bound still makes the message invalid
   * (RFC 4861 §6.1.2: all options must have a length greater than zero;
   * a Prefix Information option is 4 units, §4.6.2). */
  {
    gsize olen;
    g_autofree guint8 *opts = many_prefix_options (40, &olen);
    Mip6NdOptions o;

    opts[35 * 32 + 1] = 3;
    g_assert_cmpint (mip6_nd_options_parse (opts, olen, &o), ==, MIP6_WIRE_BAD_OPTION_LENGTH);
    opts[35 * 32 + 1] = 4;
    opts[35 * 32 + 2] = 129;
    g_assert_cmpint (mip6_nd_options_parse (opts, olen, &o), ==, MIP6_WIRE_BAD_VALUE);
  }
}

/* Found by fuzz-icmp6: a later SLLA replaces an earlier, longer one. */
static void
test_nd_repeated_slla (void)
{
  guint8 opts[32] = { MIP6_ND_OPT_SLLA, 3 };
  Mip6NdOptions o;

  memset (opts + 2, 0xaa, 22);
  opts[24] = MIP6_ND_OPT_SLLA;
  opts[25] = 1;
  memset (opts + 26, 0xbb, 6);
  g_assert_cmpint (mip6_nd_options_parse (opts, sizeof opts, &o), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (o.slla_len, ==, 6);
  g_assert_cmpmem (o.slla, 8, "\xbb\xbb\xbb\xbb\xbb\xbb\0\0", 8);
}

static void
test_dhaad (void)
{
  guint8 buf[MIP6_IPV6_MIN_MTU + 64];
  Mip6Icmp6 m, out;
  gsize len;
  guint n;

  memset (&m, 0, sizeof m);
  m.type = MIP6_ICMP6_DHAAD_REQUEST;
  m.dhaad_request.identifier = 0xfeed;
  round_trip (&m, 8);
  for (n = 0; n <= MIP6_DHAAD_MAX_ADDRESSES; n++)
    {
      memset (&m, 0, sizeof m);
      m.type = MIP6_ICMP6_DHAAD_REPLY;
      m.dhaad_reply.identifier = (guint16) (0x100 + n);
      m.dhaad_reply.n_addresses = n;
      for (guint i = 0; i < n; i++)
        {
          m.dhaad_reply.addresses[i] = addr ("fec0:106:2700::");
          m.dhaad_reply.addresses[i].s6_addr[15] = (guint8) (i + 2);
        }
      round_trip (&m, 8 + 16 * n);
    }
  /* RFC 6275 §10.5: the longest Reply fits a 1280-octet packet exactly. */
  g_assert_cmpuint (MIP6_IPV6_HEADER_LEN + 8 + 16 * MIP6_DHAAD_MAX_ADDRESSES, <=,
                    MIP6_IPV6_MIN_MTU);
  g_assert_cmpuint (MIP6_IPV6_HEADER_LEN + 8 + 16 * (MIP6_DHAAD_MAX_ADDRESSES + 1), >,
                    MIP6_IPV6_MIN_MTU);
  /* A partial address, and one address too many. */
  g_assert_cmpint (mip6_icmp6_encode (&m, NULL, NULL, buf, sizeof buf, &len), ==, MIP6_WIRE_OK);
  g_assert_cmpint (mip6_icmp6_parse (buf, len - 1, NULL, NULL, &out), ==, MIP6_WIRE_BAD_LENGTH);
  memset (buf + len, 0, 16);
  g_assert_cmpint (mip6_icmp6_parse (buf, len + 16, NULL, NULL, &out), ==, MIP6_WIRE_TOO_MANY);
  m.dhaad_reply.n_addresses = MIP6_DHAAD_MAX_ADDRESSES + 1;
  g_assert_cmpint (mip6_icmp6_encode (&m, NULL, NULL, buf, sizeof buf, &len), ==,
                   MIP6_WIRE_INVALID_ARGUMENT);
}

static void
test_mps_mpa (void)
{
  guint8 buf[128];
  Mip6Icmp6 m;
  gsize len;

  memset (&m, 0, sizeof m);
  m.type = MIP6_ICMP6_MPS;
  m.mps.identifier = 0x1234;
  round_trip (&m, 8);

  memset (&m, 0, sizeof m);
  m.type = MIP6_ICMP6_MPA;
  m.mpa.identifier = 0x4321;
  m.mpa.managed = TRUE;
  m.mpa.options.n_prefixes = 2;
  m.mpa.options.prefixes[0].prefix_len = 64;
  m.mpa.options.prefixes[0].prefix = addr ("fec0:106:2700::");
  m.mpa.options.prefixes[1].router_address = TRUE;
  m.mpa.options.prefixes[1].prefix_len = 64;
  m.mpa.options.prefixes[1].prefix = addr ("fec0:106:2700::2");
  round_trip (&m, 8 + 64);
  g_assert_cmpint (mip6_icmp6_encode (&m, NULL, NULL, buf, sizeof buf, &len), ==, MIP6_WIRE_OK);
  g_assert_cmphex (buf[6], ==, 0x80); /* M */
  m.mpa.managed = FALSE;
  m.mpa.other = TRUE;
  round_trip (&m, 8 + 64);
  g_assert_cmpint (mip6_icmp6_encode (&m, NULL, NULL, buf, sizeof buf, &len), ==, MIP6_WIRE_OK);
  g_assert_cmphex (buf[6], ==, 0x40); /* O */
}

/* RFC 4861 §4.4: Neighbor Advertisement = type 136, code 0, checksum,
 * R S O flags in the first bit of the next word, the target, then options;
 * §4.6.1: the Target Link-Layer Address option is type 2. §7.1.2: a
 * multicast target is invalid. */
static void
test_na_bytes (void)
{
  static const guint8 na[] = {
    136,  0,    0,    0,    0xa0, 0,    0,    0,                            /* R=1 S=0 O=1 */
    0xfe, 0xc0, 0x01, 0x06, 0x27, 0,    0,    0,    0, 0, 0, 0, 0, 0, 0, 2, /* fec0:106:2700::2 */
    2,    1,    0x02, 0x00, 0x00, 0x00, 0x01, 0x02, /* TLLA 02:00:00:00:01:02 */
  };
  Mip6Icmp6 m;
  guint8 buf[64];
  gsize len;

  g_assert_cmpint (mip6_icmp6_parse (na, sizeof na, NULL, NULL, &m), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (m.type, ==, MIP6_ICMP6_NA);
  g_assert_true (m.na.router && !m.na.solicited && m.na.override);
  g_assert_cmpuint (m.na.target.s6_addr[15], ==, 2);
  g_assert_true (m.na.options.has_tlla && !m.na.options.has_slla);
  g_assert_cmpuint (m.na.options.tlla_len, ==, 6);
  g_assert_cmpuint (m.na.options.tlla[5], ==, 2);
  g_assert_cmpint (mip6_icmp6_encode (&m, NULL, NULL, buf, sizeof buf, &len), ==, MIP6_WIRE_OK);
  g_assert_cmpmem (buf, len, na, sizeof na);

  guint8 bad[sizeof na];
  memcpy (bad, na, sizeof na);
  bad[8] = 0xff; /* ff..: multicast */
  g_assert_cmpint (mip6_icmp6_parse (bad, sizeof bad, NULL, NULL, &m), ==, MIP6_WIRE_BAD_VALUE);
  g_assert_cmpint (mip6_icmp6_parse (na, 23, NULL, NULL, &m), ==, MIP6_WIRE_TRUNCATED);
}

/* RFC 4861 §4.3: Neighbor Solicitation = type 135, reserved word, target;
 * from the unspecified address it carries no Source Link-Layer Address
 * option (§7.1.1), which is what a node that must not use its address
 * sends. */
static void
test_ns_bytes (void)
{
  static const guint8 ns[] = {
    135, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0xc0, 0x01, 0x06, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
  };
  Mip6Icmp6 m;
  guint8 buf[64];
  gsize len;

  g_assert_cmpint (mip6_icmp6_parse (ns, sizeof ns, NULL, NULL, &m), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (m.type, ==, MIP6_ICMP6_NS);
  g_assert_false (m.ns.options.has_slla);
  g_assert_cmpint (mip6_icmp6_encode (&m, NULL, NULL, buf, sizeof buf, &len), ==, MIP6_WIRE_OK);
  g_assert_cmpmem (buf, len, ns, sizeof ns);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/proto/nd/rs", test_rs);
  g_test_add_func ("/proto/nd/ra", test_ra);
  g_test_add_func ("/proto/nd/ra-bytes", test_ra_bytes);
  g_test_add_func ("/proto/nd/rejects", test_nd_rejects);
  g_test_add_func ("/proto/nd/ra-many-prefixes-rfc4861-6.3.4", test_ra_many_prefixes);
  g_test_add_func ("/proto/nd/repeated-slla", test_nd_repeated_slla);
  g_test_add_func ("/proto/nd/na-bytes-rfc4861-4.4", test_na_bytes);
  g_test_add_func ("/proto/nd/ns-bytes-rfc4861-4.3", test_ns_bytes);
  g_test_add_func ("/proto/dhaad", test_dhaad);
  g_test_add_func ("/proto/mps-mpa", test_mps_mpa);
  return g_test_run ();
}
