/* Neighbour Discovery messages built by mip6, against bytes that scapy
 * (an independent encoder) produced for the same fields. */
#include "neighbour.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static void
unhex (const char *hex, guint8 *out, gsize n)
{
  for (gsize i = 0; i < n; i++)
    sscanf (hex + 2 * i, "%2hhx", &out[i]);
}

static void
test_dad_ns (void)
{
  struct in6_addr target;
  inet_pton (AF_INET6, "fec0:106:2700::4", &target);
  guint8 pkt[MIP6_ND_DAD_NS_LEN], want[MIP6_ND_DAD_NS_LEN];
  mip6_nd_build_dad_ns (pkt, &target);
  /* scapy: IPv6(src='::', dst='ff02::1:ff00:4', hlim=255)/ICMPv6ND_NS(tgt=...) */
  unhex ("6000000000183aff00000000000000000000000000000000ff0200000000000000000001ff000004"
         "870053d900000000fec00106270000000000000000000004",
         want, sizeof want);
  g_assert_cmpmem (pkt, sizeof pkt, want, sizeof want);
}

static void
test_unsolicited_na (void)
{
  struct in6_addr target;
  inet_pton (AF_INET6, "fec0:106:2700::4", &target);
  const guint8 mac[6] = { 0x02, 0, 0, 0, 0x01, 0x01 };
  guint8 na[MIP6_ND_NA_LEN], want[MIP6_ND_NA_LEN];
  mip6_nd_build_unsolicited_na (na, &target, mac, TRUE);
  /* scapy: ICMPv6ND_NA(R=1, S=0, O=1, tgt=...)/ICMPv6NDOptDstLLAddr(...),
   * checksum zeroed: the kernel fills it in. */
  unhex ("88000000a0000000fec001062700000000000000000000040201020000000101", want, sizeof want);
  g_assert_cmpmem (na, sizeof na, want, sizeof want);
}

static void
test_solicited_node (void)
{
  struct in6_addr a, got, want;
  inet_pton (AF_INET6, "fec0:106:2700::12:3456", &a);
  inet_pton (AF_INET6, "ff02::1:ff12:3456", &want);
  mip6_nd_solicited_node (&a, &got);
  g_assert_cmpmem (&got, 16, &want, 16);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/neighbour/dad-ns", test_dad_ns);
  g_test_add_func ("/net/neighbour/unsolicited-na", test_unsolicited_na);
  g_test_add_func ("/net/neighbour/solicited-node", test_solicited_node);
  return g_test_run ();
}
