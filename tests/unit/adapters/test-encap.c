/* Unit tests for IPv6-in-IPv6 encapsulation. */
#include "encap.h"

#include <arpa/inet.h>
#include <string.h>

static gsize
make_inner (guint8 *buf, gsize payload, guint8 tclass)
{
  memset (buf, 0, MIP6_IPV6_HEADER_LEN + payload);
  buf[0] = (guint8) (0x60 | (tclass >> 4));
  buf[1] = (guint8) ((tclass & 0x0f) << 4) | 0x0a; /* flow label bits set */
  buf[4] = (guint8) (payload >> 8);
  buf[5] = (guint8) payload;
  buf[6] = 58;
  buf[7] = 64;
  inet_pton (AF_INET6, "fec0:106:2700::4", buf + 8);
  inet_pton (AF_INET6, "fec0:106:1100::1", buf + 24);
  for (gsize i = 0; i < payload; i++)
    buf[MIP6_IPV6_HEADER_LEN + i] = (guint8) i;
  return MIP6_IPV6_HEADER_LEN + payload;
}

static void
test_build (void)
{
  guint8 inner[100], out[200];
  gsize n = make_inner (inner, 60, 0xb8);
  struct in6_addr coa, ha;
  inet_pton (AF_INET6, "fec0:106:1100::aa", &coa);
  inet_pton (AF_INET6, "fec0:106:2700::2", &ha);

  gssize len = mip6_encap_build (inner, n, &coa, &ha, 64, out, sizeof out);
  g_assert_cmpint (len, ==, 140);
  g_assert_cmpuint (out[0], ==, 0x6b); /* version 6, traffic class 0xb8 copied */
  g_assert_cmpuint (out[1], ==, 0x80); /* flow label not copied */
  g_assert_cmpuint (out[2], ==, 0);
  g_assert_cmpuint (out[3], ==, 0);
  g_assert_cmpuint ((out[4] << 8) | out[5], ==, 100);
  g_assert_cmpuint (out[6], ==, 41);
  g_assert_cmpuint (out[7], ==, 64);
  g_assert_cmpmem (out + 8, 16, &coa, 16);
  g_assert_cmpmem (out + 24, 16, &ha, 16);
  g_assert_cmpmem (out + 40, 100, inner, 100);

  struct in6_addr src, dst, want_src, want_dst;
  g_assert_true (mip6_encap_inner_parse (out + 40, 100, &src, &dst));
  inet_pton (AF_INET6, "fec0:106:2700::4", &want_src);
  inet_pton (AF_INET6, "fec0:106:1100::1", &want_dst);
  g_assert_cmpmem (&src, 16, &want_src, 16);
  g_assert_cmpmem (&dst, 16, &want_dst, 16);
}

static void
test_rejects (void)
{
  guint8 inner[100], out[200];
  gsize n = make_inner (inner, 60, 0);
  struct in6_addr a = IN6ADDR_LOOPBACK_INIT;

  /* output buffer one byte short */
  g_assert_cmpint (mip6_encap_build (inner, n, &a, &a, 64, out, 139), ==, -1);
  /* not IPv6 */
  inner[0] = 0x45;
  g_assert_false (mip6_encap_inner_parse (inner, n, NULL, NULL));
  g_assert_cmpint (mip6_encap_build (inner, n, &a, &a, 64, out, sizeof out), ==, -1);
  inner[0] = 0x60;
  /* payload length beyond the buffer */
  g_assert_false (mip6_encap_inner_parse (inner, n - 1, NULL, NULL));
  /* shorter than a header */
  g_assert_false (mip6_encap_inner_parse (inner, 39, NULL, NULL));
  /* trailing bytes (link-layer padding) are allowed */
  g_assert_true (mip6_encap_inner_parse (inner, n, NULL, NULL));
  /* jumbogram-style zero payload length with data */
  inner[4] = inner[5] = 0;
  g_assert_false (mip6_encap_inner_parse (inner, n, NULL, NULL));
  g_assert_true (mip6_encap_inner_parse (inner, 40, NULL, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/userspace/encap/build", test_build);
  g_test_add_func ("/userspace/encap/rejects", test_rejects);
  return g_test_run ();
}
