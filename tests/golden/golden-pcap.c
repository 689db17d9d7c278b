/* golden-pcap.c — writes one Ethernet/IPv6 packet per Mobile IPv6 message
 * type, built by the mip6proto library, into a pcap for tshark and scapy to
 * decode independently (check-golden.py holds the expected values). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "packet.h"

static FILE *out;

static struct in6_addr
addr (const char *s)
{
  struct in6_addr a;
  if (inet_pton (AF_INET6, s, &a) != 1)
    {
      fprintf (stderr, "golden-pcap: bad address %s\n", s);
      exit (1);
    }
  return a;
}

static void
put32 (guint32 v)
{
  fwrite (&v, 4, 1, out); /* pcap headers are in host order */
}

static void
put16 (guint16 v)
{
  fwrite (&v, 2, 1, out);
}

static void
write_frame (const char *what, Mip6WireError err, const guint8 *ip, gsize len, guint idx)
{
  static const guint8 eth[14] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01, 0x02,
                                  0x00, 0x00, 0x00, 0x00, 0x04, 0x86, 0xdd };
  if (err)
    {
      fprintf (stderr, "golden-pcap: building %s failed: %s\n", what, mip6_wire_error_name (err));
      exit (1);
    }
  put32 (1700000000 + idx);
  put32 (0);
  put32 ((guint32) (len + 14));
  put32 ((guint32) (len + 14));
  fwrite (eth, 1, 14, out);
  fwrite (ip, 1, len, out);
}

int
main (int argc, char **argv)
{
  struct in6_addr ha = addr ("fec0:106:2700::2"), hoa = addr ("fec0:106:2700::4"),
                  coa = addr ("fec0:106:1100::20"), cn = addr ("fec0:106:2300::99"),
                  ha2 = addr ("fec0:106:2700::3"), mn_ll = addr ("fe80::4"),
                  r_ll = addr ("fe80::1"), all_routers = addr ("ff02::2"),
                  all_nodes = addr ("ff02::1"),
                  ha_anycast = addr ("fec0:106:2700::fdff:ffff:ffff:fffe");
  static const guint8 cookie[8] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };
  static const guint8 token[8] = { 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8 };
  static const guint8 mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x04 };
  guint8 buf[1500];
  gsize len;
  guint idx = 0;
  Mip6Mh mh;
  Mip6Icmp6 ic;

  if (argc != 2)
    {
      fprintf (stderr, "usage: golden-pcap OUTPUT.pcap\n");
      return 2;
    }
  out = fopen (argv[1], "wb");
  if (!out)
    {
      perror (argv[1]);
      return 1;
    }
  put32 (0xa1b2c3d4);
  put16 (2);
  put16 (4);
  put32 (0);
  put32 (0);
  put32 (65535);
  put32 (1); /* LINKTYPE_ETHERNET */

#define MH(what, s, d, h, r)                                                                       \
  do                                                                                               \
    {                                                                                              \
      Mip6WireError e_ = mip6_packet_build_mh (buf, sizeof buf, s, d, h, r, &mh, &len);            \
      write_frame (what, e_, buf, len, idx++);                                                     \
    }                                                                                              \
  while (0)
#define ICMP(what, s, d, h, r)                                                                     \
  do                                                                                               \
    {                                                                                              \
      Mip6WireError e_ = mip6_packet_build_icmp6 (buf, sizeof buf, s, d, h, r, 0, &ic, &len);      \
      write_frame (what, e_, buf, len, idx++);                                                     \
    }                                                                                              \
  while (0)

  /* 1: Binding Refresh Request, CN to the home address. */
  memset (&mh, 0, sizeof mh);
  mh.type = MIP6_MH_BRR;
  MH ("BRR", &cn, &hoa, NULL, NULL);

  /* 2, 3: HoTI and CoTI. */
  memset (&mh, 0, sizeof mh);
  mh.type = MIP6_MH_HOTI;
  memcpy (mh.hoti.init_cookie, cookie, 8);
  MH ("HoTI", &hoa, &cn, NULL, NULL);
  mh.type = MIP6_MH_COTI;
  MH ("CoTI", &coa, &cn, NULL, NULL);

  /* 4, 5: HoT and CoT. */
  memset (&mh, 0, sizeof mh);
  mh.type = MIP6_MH_HOT;
  mh.hot.nonce_index = 0x1234;
  memcpy (mh.hot.init_cookie, cookie, 8);
  memcpy (mh.hot.keygen_token, token, 8);
  MH ("HoT", &cn, &hoa, NULL, NULL);
  mh.type = MIP6_MH_COT;
  mh.hot.nonce_index = 0x5678;
  MH ("CoT", &cn, &coa, NULL, NULL);

  /* 6: home registration BU from the care-of address with the HAO. */
  memset (&mh, 0, sizeof mh);
  mh.type = MIP6_MH_BU;
  mh.bu.sequence = 4242;
  mh.bu.ack = TRUE;
  mh.bu.home_registration = TRUE;
  mh.bu.key_management = TRUE;
  mh.bu.lifetime = 150; /* 600 s */
  mh.options.has_alt_coa = TRUE;
  mh.options.alt_coa = coa;
  mh.options.has_nonce_indices = TRUE;
  mh.options.home_nonce_index = 0x1234;
  mh.options.careof_nonce_index = 0x5678;
  mh.options.has_auth_data = TRUE;
  mh.options.auth_data_len = 12;
  memcpy (mh.options.auth_data, "\xde\xad\xbe\xef\x00\x11\x22\x33\x44\x55\x66\x77", 12);
  MH ("BU", &coa, &ha, &hoa, NULL);

  /* 7: BA to the care-of address with the type 2 routing header. */
  memset (&mh, 0, sizeof mh);
  mh.type = MIP6_MH_BA;
  mh.ba.status = MIP6_BA_ACCEPTED;
  mh.ba.key_management = TRUE;
  mh.ba.sequence = 4242;
  mh.ba.lifetime = 150;
  mh.options.has_refresh_advice = TRUE;
  mh.options.refresh_interval = 75; /* 300 s */
  MH ("BA", &ha, &coa, NULL, &hoa);

  /* 8: Binding Error, unrecognised MH type. */
  memset (&mh, 0, sizeof mh);
  mh.type = MIP6_MH_BE;
  mh.be.status = MIP6_BE_UNKNOWN_MH_TYPE;
  mh.be.home_address = hoa;
  MH ("BE", &cn, &coa, NULL, NULL);

  /* 9: Router Solicitation with SLLA. */
  memset (&ic, 0, sizeof ic);
  ic.type = MIP6_ICMP6_RS;
  ic.rs.options.has_slla = TRUE;
  ic.rs.options.slla_len = 6;
  memcpy (ic.rs.options.slla, mac, 6);
  ICMP ("RS", &mn_ll, &all_routers, NULL, NULL);

  /* 10: Router Advertisement of a home agent. */
  memset (&ic, 0, sizeof ic);
  ic.type = MIP6_ICMP6_RA;
  ic.ra.cur_hop_limit = 64;
  ic.ra.home_agent = TRUE;
  ic.ra.router_lifetime = 1800;
  ic.ra.reachable_time = 30000;
  ic.ra.retrans_timer = 1000;
  ic.ra.options.has_slla = TRUE;
  ic.ra.options.slla_len = 6;
  memcpy (ic.ra.options.slla, mac, 6);
  ic.ra.options.has_adv_interval = TRUE;
  ic.ra.options.adv_interval_ms = 1500;
  ic.ra.options.has_ha_info = TRUE;
  ic.ra.options.ha_preference = 10;
  ic.ra.options.ha_lifetime = 1800;
  ic.ra.options.n_prefixes = 1;
  ic.ra.options.prefixes[0].prefix_len = 64;
  ic.ra.options.prefixes[0].on_link = TRUE;
  ic.ra.options.prefixes[0].autonomous = TRUE;
  ic.ra.options.prefixes[0].router_address = TRUE;
  ic.ra.options.prefixes[0].valid_lifetime = 86400;
  ic.ra.options.prefixes[0].preferred_lifetime = 14400;
  ic.ra.options.prefixes[0].prefix = ha;
  ICMP ("RA", &r_ll, &all_nodes, NULL, NULL);

  /* 11, 12: DHAAD Request to the home agents anycast address, and Reply. */
  memset (&ic, 0, sizeof ic);
  ic.type = MIP6_ICMP6_DHAAD_REQUEST;
  ic.dhaad_request.identifier = 0x4d49;
  ICMP ("DHAAD request", &coa, &ha_anycast, NULL, NULL);
  memset (&ic, 0, sizeof ic);
  ic.type = MIP6_ICMP6_DHAAD_REPLY;
  ic.dhaad_reply.identifier = 0x4d49;
  ic.dhaad_reply.n_addresses = 2;
  ic.dhaad_reply.addresses[0] = ha;
  ic.dhaad_reply.addresses[1] = ha2;
  ICMP ("DHAAD reply", &ha, &coa, NULL, NULL);

  /* 13, 14: Mobile Prefix Solicitation (with HAO) and Advertisement (with RH2). */
  memset (&ic, 0, sizeof ic);
  ic.type = MIP6_ICMP6_MPS;
  ic.mps.identifier = 0x0bad;
  ICMP ("MPS", &coa, &ha, &hoa, NULL);
  memset (&ic, 0, sizeof ic);
  ic.type = MIP6_ICMP6_MPA;
  ic.mpa.identifier = 0x0bad;
  ic.mpa.other = TRUE;
  ic.mpa.options.n_prefixes = 1;
  ic.mpa.options.prefixes[0].prefix_len = 64;
  ic.mpa.options.prefixes[0].on_link = TRUE;
  ic.mpa.options.prefixes[0].autonomous = TRUE;
  ic.mpa.options.prefixes[0].valid_lifetime = 7200;
  ic.mpa.options.prefixes[0].preferred_lifetime = 3600;
  ic.mpa.options.prefixes[0].prefix = addr ("fec0:106:2700::");
  ICMP ("MPA", &ha, &coa, NULL, &hoa);

  if (fclose (out) != 0)
    {
      perror (argv[1]);
      return 1;
    }
  return 0;
}
