/* Unit tests: cursors, checksum, Mobility Header messages and options, HAO, RH2. */
#include <arpa/inet.h>
#include <string.h>

#include "checksum.h"
#include "hao.h"
#include "mh.h"
#include "rh2.h"
#include "wire.h"

static struct in6_addr
addr (const char *s)
{
  struct in6_addr a;
  g_assert_cmpint (inet_pton (AF_INET6, s, &a), ==, 1);
  return a;
}

static void
test_error_names (void)
{
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
  int e;

  for (e = 0; e < MIP6_WIRE_N_ERRORS; e++)
    {
      const char *name = mip6_wire_error_name (e);
      const char *p;
      g_assert_nonnull (name);
      g_assert_cmpstr (name, !=, "unknown_error");
      for (p = name; *p; p++)
        g_assert_true (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_');
      g_assert_false (g_hash_table_contains (seen, name));
      g_hash_table_add (seen, (gpointer) name);
      g_assert_cmpstr (mip6_wire_error_describe (e), !=, "");
    }
  g_assert_cmpstr (mip6_wire_error_name (MIP6_WIRE_BAD_CHECKSUM), ==, "bad_checksum");
  g_assert_cmpstr (mip6_wire_error_name (MIP6_WIRE_UNKNOWN_MH_TYPE), ==, "unknown_mh_type");
  g_assert_cmpstr (mip6_wire_error_name (MIP6_WIRE_N_ERRORS + 3), ==, "unknown_error");
  g_hash_table_unref (seen);
}

static void
test_cursors (void)
{
  static const guint8 data[] = { 0x12, 0x34, 0x56, 0x78, 0x9a };
  guint8 out[4];
  Mip6Reader r;
  Mip6Writer w;

  mip6_reader_init (&r, data, sizeof data);
  g_assert_cmpuint (mip6_reader_u16 (&r), ==, 0x1234);
  g_assert_cmpuint (mip6_reader_u8 (&r), ==, 0x56);
  g_assert_cmpuint (mip6_reader_u32 (&r), ==, 0); /* only 2 left */
  g_assert_cmpint (r.err, ==, MIP6_WIRE_TRUNCATED);
  g_assert_cmpuint (mip6_reader_u8 (&r), ==, 0); /* sticky */

  mip6_writer_init (&w, out, sizeof out);
  mip6_writer_u16 (&w, 0xabcd);
  mip6_writer_u8 (&w, 0xef);
  mip6_writer_u16 (&w, 0x1111);
  g_assert_cmpint (w.err, ==, MIP6_WIRE_NO_SPACE);
  g_assert_cmpuint (w.pos, ==, 3);
  g_assert_cmpuint (out[0], ==, 0xab);
  g_assert_cmpuint (out[2], ==, 0xef);
}

/* Vectors computed by hand: see the sums in the comments. */
static void
test_checksum_vector (void)
{
  struct in6_addr lo = addr ("::1"), zero = addr ("::");
  guint8 echo[8] = { 0x80, 0, 0, 0, 0, 0, 0, 0 };
  static const guint8 odd[3] = { 0xff, 0xff, 0xff };
  guint16 c;

  /* 0x0001 + 0x0001 + len 8 + nh 58 + 0x8000 = 0x8044 -> ~ = 0x7fbb */
  c = mip6_checksum_ipv6 (&lo, &lo, 58, echo, sizeof echo);
  g_assert_cmphex (c, ==, 0x7fbb);
  /* Stored, the sum over the message verifies to 0. */
  echo[2] = (guint8) (c >> 8);
  echo[3] = (guint8) c;
  g_assert_cmphex (mip6_checksum_ipv6 (&lo, &lo, 58, echo, sizeof echo), ==, 0);
  /* Odd length, carries: 3 + 135 + 0xffff + 0xff00 = 0x1ff89 -> 0xff8a -> ~ = 0x0075 */
  g_assert_cmphex (mip6_checksum_ipv6 (&zero, &zero, 135, odd, 3), ==, 0x0075);
}

static const struct
{
  guint8 type;
  gsize data_end; /* offset where options start */
} mh_types[] = {
  { MIP6_MH_BRR, 8 },  { MIP6_MH_HOTI, 16 }, { MIP6_MH_COTI, 16 }, { MIP6_MH_HOT, 24 },
  { MIP6_MH_COT, 24 }, { MIP6_MH_BU, 12 },   { MIP6_MH_BA, 12 },   { MIP6_MH_BE, 24 },
};

static void
fill_message (Mip6Mh *m, guint8 type, guint combo)
{
  guint i;

  memset (m, 0, sizeof *m);
  m->type = type;
  switch (type)
    {
    case MIP6_MH_HOTI:
    case MIP6_MH_COTI:
      for (i = 0; i < 8; i++)
        m->hoti.init_cookie[i] = (guint8) (0x10 + i);
      break;
    case MIP6_MH_HOT:
    case MIP6_MH_COT:
      m->hot.nonce_index = 0xbeef;
      for (i = 0; i < 8; i++)
        {
          m->hot.init_cookie[i] = (guint8) (0x20 + i);
          m->hot.keygen_token[i] = (guint8) (0x30 + i);
        }
      break;
    case MIP6_MH_BU:
      m->bu.sequence = 65535;
      m->bu.ack = TRUE;
      m->bu.home_registration = combo & 1;
      m->bu.link_local = (combo & 2) != 0;
      m->bu.key_management = TRUE;
      m->bu.lifetime = 0x1234;
      break;
    case MIP6_MH_BA:
      m->ba.status = MIP6_BA_SEQUENCE_OUT_OF_WINDOW;
      m->ba.key_management = TRUE;
      m->ba.sequence = 7;
      m->ba.lifetime = 0xfffe;
      break;
    case MIP6_MH_BE:
      m->be.status = MIP6_BE_UNKNOWN_BINDING_HAO;
      m->be.home_address = addr ("fec0:106:2700::4");
      break;
    default:
      break;
    }
  if (combo & 1)
    {
      m->options.has_refresh_advice = TRUE;
      m->options.refresh_interval = 0x0102;
    }
  if (combo & 2)
    {
      m->options.has_alt_coa = TRUE;
      m->options.alt_coa = addr ("fec0:106:1100::20");
    }
  if (combo & 4)
    {
      m->options.has_nonce_indices = TRUE;
      m->options.home_nonce_index = 0xa1a2;
      m->options.careof_nonce_index = 0xb1b2;
    }
  if (combo & 8)
    {
      m->options.has_auth_data = TRUE;
      m->options.auth_data_len = 12;
      for (i = 0; i < 12; i++)
        m->options.auth_data[i] = (guint8) (0xc0 + i);
    }
}

/* Walks the encoded options and checks each one's §6.2.1 alignment. */
static guint
check_option_offsets (const guint8 *buf, gsize len, gsize start)
{
  gsize i = start;
  guint found = 0;

  while (i < len)
    {
      if (buf[i] == MIP6_MH_OPT_PAD1)
        {
          i++;
          continue;
        }
      switch (buf[i])
        {
        case MIP6_MH_OPT_PADN:
          for (gsize k = 0; k < buf[i + 1]; k++)
            g_assert_cmpuint (buf[i + 2 + k], ==, 0);
          break;
        case MIP6_MH_OPT_REFRESH_ADVICE:
          g_assert_cmpuint (i % 2, ==, 0);
          found |= 1;
          break;
        case MIP6_MH_OPT_ALT_COA:
          g_assert_cmpuint (i % 8, ==, 6);
          found |= 2;
          break;
        case MIP6_MH_OPT_NONCE_INDICES:
          g_assert_cmpuint (i % 2, ==, 0);
          found |= 4;
          break;
        case MIP6_MH_OPT_AUTH_DATA:
          g_assert_cmpuint (i % 8, ==, 2);
          /* §6.2.7: last option; only padding may follow. */
          g_assert_cmpuint (i + 2 + buf[i + 1], >, len - 8);
          found |= 8;
          break;
        default:
          g_assert_not_reached ();
        }
      i += 2 + buf[i + 1];
    }
  g_assert_cmpuint (i, ==, len);
  return found;
}

static void
test_mh_round_trip (void)
{
  struct in6_addr src = addr ("fec0:106:1100::20"), dst = addr ("fec0:106:2700::2");
  guint t, combo;

  for (t = 0; t < G_N_ELEMENTS (mh_types); t++)
    for (combo = 0; combo < 16; combo++)
      {
        Mip6Mh in, out;
        guint8 buf[256];
        gsize len;

        fill_message (&in, mh_types[t].type, combo);
        g_assert_cmpint (mip6_mh_encode (&in, &src, &dst, buf, sizeof buf, &len), ==, MIP6_WIRE_OK);
        g_assert_cmpuint (len % 8, ==, 0);
        g_assert_cmpuint (buf[0], ==, 59);
        g_assert_cmpuint (buf[1], ==, len / 8 - 1);
        g_assert_cmpuint (buf[2], ==, mh_types[t].type);
        g_assert_cmpuint (check_option_offsets (buf, len, mh_types[t].data_end), ==, combo);
        g_assert_cmphex (mip6_checksum_ipv6 (&src, &dst, 135, buf, len), ==, 0);
        g_assert_cmpint (mip6_mh_parse (buf, len, &src, &dst, &out), ==, MIP6_WIRE_OK);
        g_assert_cmpmem (&in, sizeof in, &out, sizeof out);
        /* Too small an output buffer is an error, never an overflow. */
        for (gsize cap = 0; cap < len; cap++)
          g_assert_cmpint (mip6_mh_encode (&in, &src, &dst, buf, cap, &len), ==,
                           MIP6_WIRE_NO_SPACE);
      }
}

static void
test_mh_bu_bytes (void)
{
  /* BU seq 0x0102, A|H, lifetime 0x0304, no options: every byte by hand. */
  static const guint8 want[16] = {
    59, 1, 5, 0, 0, 0, 0x01, 0x02, 0xc0, 0x00, 0x03, 0x04, 1, 2, 0, 0
  };
  Mip6Mh m = { 0 };
  guint8 buf[32];
  gsize len;

  m.type = MIP6_MH_BU;
  m.bu.sequence = 0x0102;
  m.bu.ack = TRUE;
  m.bu.home_registration = TRUE;
  m.bu.lifetime = 0x0304;
  g_assert_cmpint (mip6_mh_encode (&m, NULL, NULL, buf, sizeof buf, &len), ==, MIP6_WIRE_OK);
  g_assert_cmpmem (buf, len, want, sizeof want);
}

static gsize
encode_bu (guint8 *buf, const struct in6_addr *src, const struct in6_addr *dst, guint combo)
{
  Mip6Mh m;
  gsize len;

  fill_message (&m, MIP6_MH_BU, combo);
  g_assert_cmpint (mip6_mh_encode (&m, src, dst, buf, 256, &len), ==, MIP6_WIRE_OK);
  return len;
}

static void
fix_checksum (guint8 *buf, gsize len, const struct in6_addr *src, const struct in6_addr *dst)
{
  guint16 c;
  buf[4] = buf[5] = 0;
  c = mip6_checksum_ipv6 (src, dst, 135, buf, len);
  buf[4] = (guint8) (c >> 8);
  buf[5] = (guint8) c;
}

static void
test_mh_rejects (void)
{
  struct in6_addr src = addr ("fec0:106:1100::20"), dst = addr ("fec0:106:2700::2");
  guint8 buf[256];
  Mip6Mh out;
  gsize len;

  len = encode_bu (buf, &src, &dst, 0);
  /* Buffer shorter than the header, or than Header Len says. */
  g_assert_cmpint (mip6_mh_parse (buf, 7, &src, &dst, &out), ==, MIP6_WIRE_TRUNCATED);
  g_assert_cmpint (mip6_mh_parse (buf, len - 1, &src, &dst, &out), ==, MIP6_WIRE_TRUNCATED);
  /* Buffer longer than Header Len says (checksum over all of it, as the
   * sender's pseudo-header counts it). */
  memset (buf + len, 0, 8);
  fix_checksum (buf, len + 8, &src, &dst);
  g_assert_cmpint (mip6_mh_parse (buf, len + 8, &src, &dst, &out), ==, MIP6_WIRE_BAD_LENGTH);
  /* Header Len 0 (8 octets) is less than a BU needs: §9.2 names that
   * field, whatever the buffer holds. */
  buf[1] = 0;
  fix_checksum (buf, len, &src, &dst);
  g_assert_cmpint (mip6_mh_parse (buf, len, &src, &dst, &out), ==, MIP6_WIRE_SHORT_MH_HEADER);
  buf[1] = (guint8) (len / 8 - 1);
  fix_checksum (buf, len, &src, &dst);
  /* Checksum. */
  buf[7] ^= 1;
  g_assert_cmpint (mip6_mh_parse (buf, len, &src, &dst, &out), ==, MIP6_WIRE_BAD_CHECKSUM);
  buf[7] ^= 1;
  {
    struct in6_addr other = addr ("fec0:106:1100::21");
    g_assert_cmpint (mip6_mh_parse (buf, len, &other, &dst, &out), ==, MIP6_WIRE_BAD_CHECKSUM);
  }
  g_assert_cmpint (mip6_mh_parse (buf, len, &src, &dst, &out), ==, MIP6_WIRE_OK);
  /* Payload Proto must be 59 (§6.1.1). */
  buf[0] = 6;
  fix_checksum (buf, len, &src, &dst);
  g_assert_cmpint (mip6_mh_parse (buf, len, &src, &dst, &out), ==, MIP6_WIRE_BAD_PAYLOAD_PROTO);
  buf[0] = 59;
  /* Unknown MH type: reported with the type (§9.2: Binding Error status 2). */
  buf[2] = 42;
  fix_checksum (buf, len, &src, &dst);
  g_assert_cmpint (mip6_mh_parse (buf, len, &src, &dst, &out), ==, MIP6_WIRE_UNKNOWN_MH_TYPE);
  g_assert_cmpuint (out.type, ==, 42);
  /* Header Len too short for the type: BE needs 24 octets, BU is 16
   * (§9.2: ICMP Parameter Problem pointing at Header Len). */
  buf[2] = MIP6_MH_BE;
  fix_checksum (buf, len, &src, &dst);
  g_assert_cmpint (mip6_mh_parse (buf, len, &src, &dst, &out), ==, MIP6_WIRE_SHORT_MH_HEADER);
  /* Without addresses the checksum is not verified. */
  buf[2] = MIP6_MH_BU;
  g_assert_cmpint (mip6_mh_parse (buf, len, NULL, NULL, &out), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (out.bu.sequence, ==, 65535);
}

static void
test_mh_option_rejects (void)
{
  struct in6_addr src = addr ("fec0:106:1100::20"), dst = addr ("fec0:106:2700::2");
  guint8 buf[256];
  Mip6Mh out;
  gsize len;

  /* BU with Refresh Advice at 12 and padding to 16: 12: 02 02 xx xx. */
  len = encode_bu (buf, &src, &dst, 1);
  g_assert_cmpuint (len, ==, 16);
  g_assert_cmpuint (buf[12], ==, MIP6_MH_OPT_REFRESH_ADVICE);
  /* Option length wrong for its type. */
  buf[13] = 1;
  buf[15] = 0;
  fix_checksum (buf, len, &src, &dst);
  g_assert_cmpint (mip6_mh_parse (buf, len, &src, &dst, &out), ==, MIP6_WIRE_BAD_OPTION_LENGTH);
  /* Option running past the message. */
  buf[13] = 3;
  fix_checksum (buf, len, &src, &dst);
  g_assert_cmpint (mip6_mh_parse (buf, len, &src, &dst, &out), ==, MIP6_WIRE_OPTION_OVERRUN);
  /* Type and length byte cut off: Pad1 Pad1 Pad1 then a lone type at 15. */
  buf[12] = buf[13] = buf[14] = 0;
  buf[15] = MIP6_MH_OPT_PADN;
  fix_checksum (buf, len, &src, &dst);
  g_assert_cmpint (mip6_mh_parse (buf, len, &src, &dst, &out), ==, MIP6_WIRE_OPTION_OVERRUN);
  /* Refresh Advice at an odd offset breaks its 2n alignment:
   * 12 Pad1 | 13 BRA (4 octets) | 17 PadN of 7 | 24. */
  len = encode_bu (buf, &src, &dst, 0);
  buf[1] = 2;
  len = 24;
  memset (buf + 12, 0, 12);
  buf[13] = MIP6_MH_OPT_REFRESH_ADVICE;
  buf[14] = 2;
  buf[17] = MIP6_MH_OPT_PADN;
  buf[18] = 5;
  fix_checksum (buf, len, &src, &dst);
  g_assert_cmpint (mip6_mh_parse (buf, len, &src, &dst, &out), ==, MIP6_WIRE_BAD_ALIGNMENT);
  /* At 14 it is fine: 12 PadN of 2 | 14 BRA | 18 PadN of 6 | 24. */
  memset (buf + 12, 0, 12);
  buf[12] = MIP6_MH_OPT_PADN;
  buf[14] = MIP6_MH_OPT_REFRESH_ADVICE;
  buf[15] = 2;
  buf[16] = 0x12;
  buf[17] = 0x34;
  buf[18] = MIP6_MH_OPT_PADN;
  buf[19] = 4;
  fix_checksum (buf, len, &src, &dst);
  g_assert_cmpint (mip6_mh_parse (buf, len, &src, &dst, &out), ==, MIP6_WIRE_OK);
  g_assert_true (out.options.has_refresh_advice);
  g_assert_cmpuint (out.options.refresh_interval, ==, 0x1234);

  /* Alternate CoA moved from 8n+6 to 8n: rejected. */
  len = encode_bu (buf, &src, &dst, 2);
  g_assert_cmpuint (buf[14], ==, MIP6_MH_OPT_ALT_COA);
  memmove (buf + 16, buf + 14, 18);
  buf[12] = MIP6_MH_OPT_PADN;
  buf[13] = 2;
  buf[14] = buf[15] = 0;
  g_assert_cmpuint (len, ==, 32);
  len = 40;
  buf[1] = 4;
  /* 16 + 18 = 34; pad 34..39 */
  buf[34] = MIP6_MH_OPT_PADN;
  buf[35] = 4;
  memset (buf + 36, 0, 4);
  fix_checksum (buf, len, &src, &dst);
  g_assert_cmpint (mip6_mh_parse (buf, len, &src, &dst, &out), ==, MIP6_WIRE_BAD_ALIGNMENT);
}

static void
test_mh_unknown_option_ignored (void)
{
  guint8 opts[8] = { 0x7f, 2, 0xaa, 0xbb, MIP6_MH_OPT_PADN, 2, 0, 0 };
  Mip6MhOptions o;

  g_assert_cmpint (mip6_mh_options_parse (opts, sizeof opts, 8, &o), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (o.n_unknown, ==, 1);
  g_assert_false (o.has_refresh_advice);
}

/* Found by fuzz-mh: a second option must not leave bytes of the first. */
static void
test_mh_repeated_option (void)
{
  guint8 opts[24] = { MIP6_MH_OPT_PADN, 0, MIP6_MH_OPT_AUTH_DATA, 12 };
  Mip6MhOptions o;

  memset (opts + 4, 0xaa, 12);
  opts[16] = MIP6_MH_OPT_PADN;
  opts[18] = MIP6_MH_OPT_AUTH_DATA;
  opts[19] = 4;
  memset (opts + 20, 0xbb, 4);
  g_assert_cmpint (mip6_mh_options_parse (opts, sizeof opts, 8, &o), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (o.auth_data_len, ==, 4);
  g_assert_cmpmem (o.auth_data, 8, "\xbb\xbb\xbb\xbb\0\0\0\0", 8);
}

static void
test_hao (void)
{
  struct in6_addr hoa = addr ("fec0:106:2700::4");
  guint8 buf[64];
  Mip6DestOpts d;
  gsize len;

  g_assert_cmpint (mip6_hao_encode (135, &hoa, buf, sizeof buf, &len), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (len, ==, 24);
  g_assert_cmpuint (buf[0], ==, 135);
  g_assert_cmpuint (buf[1], ==, 2);
  g_assert_cmpuint (buf[6], ==, MIP6_OPT_HOME_ADDRESS); /* 8n+6 */
  g_assert_cmpuint (buf[7], ==, 16);
  g_assert_cmpmem (buf + 8, 16, &hoa, 16);
  g_assert_cmpint (mip6_destopts_parse (buf, len, &d), ==, MIP6_WIRE_OK);
  g_assert_true (d.has_home_address);
  g_assert_cmpmem (&d.home_address, 16, &hoa, 16);
  g_assert_cmpuint (d.next_header, ==, 135);
  g_assert_cmpuint (d.length, ==, 24);
  for (gsize cap = 0; cap < len; cap++)
    g_assert_cmpint (mip6_hao_encode (135, &hoa, buf, cap, &len), ==, MIP6_WIRE_NO_SPACE);
  mip6_hao_encode (135, &hoa, buf, sizeof buf, &len);

  g_assert_cmpint (mip6_destopts_parse (buf, 23, &d), ==, MIP6_WIRE_TRUNCATED);
  g_assert_cmpint (mip6_destopts_parse (buf, 4, &d), ==, MIP6_WIRE_TRUNCATED);

  /* HAO at offset 4 (Pad1 Pad1 before it) breaks 8n+6. */
  memmove (buf + 4, buf + 6, 18);
  buf[2] = buf[3] = 0;
  buf[22] = 1;
  buf[23] = 0;
  g_assert_cmpint (mip6_destopts_parse (buf, 24, &d), ==, MIP6_WIRE_BAD_ALIGNMENT);

  /* Wrong HAO length. */
  mip6_hao_encode (135, &hoa, buf, sizeof buf, &len);
  buf[7] = 8;
  g_assert_cmpint (mip6_destopts_parse (buf, 24, &d), ==, MIP6_WIRE_BAD_OPTION_LENGTH);
  buf[7] = 17;
  g_assert_cmpint (mip6_destopts_parse (buf, 24, &d), ==, MIP6_WIRE_OPTION_OVERRUN);

  /* Unknown options: 00xxxxxx skipped, others discard the packet. */
  mip6_hao_encode (135, &hoa, buf, sizeof buf, &len);
  buf[2] = 0x1e;
  g_assert_cmpint (mip6_destopts_parse (buf, 24, &d), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (d.n_skipped, ==, 1);
  buf[2] = 0x9e;
  g_assert_cmpint (mip6_destopts_parse (buf, 24, &d), ==, MIP6_WIRE_UNKNOWN_OPTION);
}

static void
test_rh2 (void)
{
  struct in6_addr hoa = addr ("fec0:106:2700::4");
  guint8 buf[64];
  Mip6Rh2 r;
  gsize len;

  g_assert_cmpint (mip6_rh2_encode (135, &hoa, buf, sizeof buf, &len), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (len, ==, 24);
  g_assert_cmpuint (buf[1], ==, 2);
  g_assert_cmpuint (buf[2], ==, 2);
  g_assert_cmpuint (buf[3], ==, 1);
  g_assert_cmpint (mip6_rh2_parse (buf, len, &r), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (r.next_header, ==, 135);
  g_assert_cmpuint (r.segments_left, ==, 1);
  g_assert_cmpmem (&r.home_address, 16, &hoa, 16);
  for (gsize cap = 0; cap < len; cap++)
    g_assert_cmpint (mip6_rh2_encode (135, &hoa, buf, cap, &len), ==, MIP6_WIRE_NO_SPACE);
  mip6_rh2_encode (135, &hoa, buf, sizeof buf, &len);

  g_assert_cmpint (mip6_rh2_parse (buf, 23, &r), ==, MIP6_WIRE_TRUNCATED);
  buf[3] = 2;
  g_assert_cmpint (mip6_rh2_parse (buf, 24, &r), ==, MIP6_WIRE_BAD_ROUTING_HEADER);
  buf[3] = 1;
  buf[2] = 0;
  g_assert_cmpint (mip6_rh2_parse (buf, 24, &r), ==, MIP6_WIRE_BAD_ROUTING_HEADER);
  buf[2] = 2;
  buf[1] = 1;
  g_assert_cmpint (mip6_rh2_parse (buf, 24, &r), ==, MIP6_WIRE_BAD_LENGTH);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/proto/wire/error-names", test_error_names);
  g_test_add_func ("/proto/wire/cursors", test_cursors);
  g_test_add_func ("/proto/checksum/vector", test_checksum_vector);
  g_test_add_func ("/proto/mh/round-trip", test_mh_round_trip);
  g_test_add_func ("/proto/mh/bu-bytes", test_mh_bu_bytes);
  g_test_add_func ("/proto/mh/rejects", test_mh_rejects);
  g_test_add_func ("/proto/mh/option-rejects", test_mh_option_rejects);
  g_test_add_func ("/proto/mh/unknown-option-ignored", test_mh_unknown_option_ignored);
  g_test_add_func ("/proto/mh/repeated-option", test_mh_repeated_option);
  g_test_add_func ("/proto/hao", test_hao);
  g_test_add_func ("/proto/rh2", test_rh2);
  return g_test_run ();
}
