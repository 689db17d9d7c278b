/* codec-bench — how fast the wire codecs build and parse the packets of a
 * registration. Prints numbers; asserts nothing (targets live here, not in
 * timed unit tests). */
#include "packet.h"

#include <arpa/inet.h>
#include <stdio.h>

static double
per_op_ns (gint64 start, guint n)
{
  return (double) (g_get_monotonic_time () - start) * 1000.0 / n;
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  struct in6_addr coa, ha, hoa;
  inet_pton (AF_INET6, "fec0:106:1100::ff:fe00:500", &coa);
  inet_pton (AF_INET6, "fec0:106:2700::2", &ha);
  inet_pton (AF_INET6, "fec0:106:2700::4", &hoa);

  Mip6Mh bu = { .type = MIP6_MH_BU };
  bu.bu.sequence = 1;
  bu.bu.ack = bu.bu.home_registration = TRUE;
  bu.bu.lifetime = 105;
  Mip6Mh ba = { .type = MIP6_MH_BA };
  ba.ba.sequence = 1;
  ba.ba.lifetime = 105;
  ba.options.has_refresh_advice = TRUE;
  ba.options.refresh_interval = 78;

  guint8 bu_pkt[256], ba_pkt[256];
  gsize bu_len = 0, ba_len = 0;
  volatile guint sink = 0;

  gint64 t = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      bu.bu.sequence = (guint16) i;
      sink += mip6_packet_build_mh (bu_pkt, sizeof bu_pkt, &coa, &ha, &hoa, NULL, &bu, &bu_len);
    }
  double build_bu = per_op_ns (t, n);

  mip6_packet_build_mh (ba_pkt, sizeof ba_pkt, &ha, &coa, NULL, &hoa, &ba, &ba_len);
  Mip6Packet p;
  t = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    sink += mip6_packet_parse (bu_pkt, bu_len, &p);
  double parse_bu = per_op_ns (t, n);
  t = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    sink += mip6_packet_parse (ba_pkt, ba_len, &p);
  double parse_ba = per_op_ns (t, n);

  printf ("codec (%u iterations)\n", n);
  printf ("  build Binding Update packet (HAO):        %8.1f ns\n", build_bu);
  printf ("  parse Binding Update packet (HAO):        %8.1f ns\n", parse_bu);
  printf ("  parse Binding Acknowledgement (RH2, BRA): %8.1f ns\n", parse_ba);
  return sink == 0xffffffffu; /* keeps the loops */
}
