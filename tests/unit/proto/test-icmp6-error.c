/* ICMPv6 error messages (RFC 4443 §2.1, §2.4, §3): which packet of ours
 * the error is about.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <string.h>

#include "icmp6-error.h"

static const char *const COA = "fec0:106:1100::5";
static const char *const HA = "fec0:106:2700::2";

/* ICMPv6 header + IPv6 header + Destination Options with a HAO (24 bytes)
 * + the first bytes of a Binding Update, as an access router's reject
 * would quote it. */
static gsize
build (guint8 *buf, guint8 type, guint8 code, gsize quoted_mh)
{
  memset (buf, 0, 256);
  buf[0] = type;
  buf[1] = code;
  guint8 *ip = buf + 8;
  ip[0] = 0x60;
  ip[6] = 60; /* Destination Options */
  ip[7] = 64;
  inet_pton (AF_INET6, COA, ip + 8);
  inet_pton (AF_INET6, HA, ip + 24);
  guint8 *dst = ip + 40;
  dst[0] = 135; /* Mobility Header */
  dst[1] = 2;   /* (2 + 1) * 8 = 24 bytes */
  guint8 *mh = dst + 24;
  mh[0] = 59;
  mh[1] = 1;
  mh[2] = 5; /* Binding Update */
  return 8 + 40 + 24 + quoted_mh;
}

/* §3.1: Destination Unreachable, code 1 "communication with destination
 * administratively prohibited": the invoking packet's addresses and its
 * Mobility Header type, behind the Home Address option's header. */
static void
test_dest_unreachable_admin (void)
{
  guint8 buf[256];
  Mip6Icmp6Error e;
  struct in6_addr coa, ha;
  inet_pton (AF_INET6, COA, &coa);
  inet_pton (AF_INET6, HA, &ha);

  g_assert_cmpint (mip6_icmp6_error_parse (buf, build (buf, 1, 1, 16), &e), ==, MIP6_WIRE_OK);
  g_assert_cmpuint (e.type, ==, MIP6_ICMP6_DEST_UNREACHABLE);
  g_assert_cmpuint (e.code, ==, MIP6_ICMP6_UNREACH_ADMIN_PROHIBITED);
  g_assert_true (!memcmp (&e.invoking_src, &coa, 16) && !memcmp (&e.invoking_dst, &ha, 16));
  g_assert_true (e.invoking_mh);
  g_assert_cmpint (e.invoking_mh_type, ==, 5);
}

/* §2.4 (c): as much of the invoking packet as fits; a quote that ends
 * inside an extension header says nothing about the upper layer. */
static void
test_short_quotes (void)
{
  guint8 buf[256];
  Mip6Icmp6Error e;

  g_assert_cmpint (mip6_icmp6_error_parse (buf, build (buf, 1, 1, 2), &e), ==, MIP6_WIRE_OK);
  g_assert_true (e.invoking_mh);
  g_assert_cmpint (e.invoking_mh_type, ==, -1);
  g_assert_cmpint (mip6_icmp6_error_parse (buf, 8 + 40 + 10, &e), ==, MIP6_WIRE_OK);
  g_assert_false (e.invoking_mh);
  g_assert_cmpint (mip6_icmp6_error_parse (buf, 8 + 39, &e), ==, MIP6_WIRE_TRUNCATED);
  g_assert_cmpint (mip6_icmp6_error_parse (buf, 7, &e), ==, MIP6_WIRE_TRUNCATED);
}

/* §2.1: types 128 and up are informational, not errors; a quoted packet
 * that is not IPv6 is not ours. */
static void
test_not_errors (void)
{
  guint8 buf[256];
  Mip6Icmp6Error e;
  gsize len = build (buf, 128, 0, 16);

  g_assert_cmpint (mip6_icmp6_error_parse (buf, len, &e), ==, MIP6_WIRE_UNKNOWN_ICMP6_TYPE);
  buf[0] = 4;
  buf[8] = 0x45;
  g_assert_cmpint (mip6_icmp6_error_parse (buf, len, &e), ==, MIP6_WIRE_BAD_VERSION);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/icmp6-error/rfc4443-3.1-admin-prohibited", test_dest_unreachable_admin);
  g_test_add_func ("/icmp6-error/rfc4443-2.4-short-quotes", test_short_quotes);
  g_test_add_func ("/icmp6-error/rfc4443-2.1-not-errors", test_not_errors);
  return g_test_run ();
}
