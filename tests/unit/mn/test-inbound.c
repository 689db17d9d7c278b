/* Unit tests of the mobile node's checks of incoming Mobility Header
 * signalling. The test bed's addresses come from DESIGN.md.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "mn/inbound.h"

#include <arpa/inet.h>
#include <string.h>

#define HA "fec0:106:2700::2"
#define HOA "fec0:106:2700::4"
#define COA1 "fec0:106:1100:0:200:ff:fe00:4" /* visitnet: the previous CoA */
#define COA2 "fec0:106:1000:0:200:ff:fe00:4" /* visitnet2: the current CoA */
#define AR "fec0:106:2300::1"                /* some other node */
#define CN "fec0:106:1100::99"               /* a correspondent node */
#define OTHER_HOA "fec0:106:2700::5"         /* another mobile node's home address */

static struct in6_addr
A (const char *text)
{
  struct in6_addr a;

  g_assert_cmpint (inet_pton (AF_INET6, text, &a), ==, 1);
  return a;
}

/* Away on visitnet2, having come from visitnet. */
static Mip6MnInboundContext
away (void)
{
  Mip6MnInboundContext c = { 0 };

  c.home_address = A (HOA);
  c.home_agent = A (HA);
  c.at_home = FALSE;
  c.has_coa = TRUE;
  c.coa = A (COA2);
  c.has_previous_coa = TRUE;
  c.previous_coa = A (COA1);
  return c;
}

/* Back home, having come from visitnet2. */
static Mip6MnInboundContext
home (void)
{
  Mip6MnInboundContext c = { 0 };

  c.home_address = A (HOA);
  c.home_agent = A (HA);
  c.at_home = TRUE;
  c.has_previous_coa = TRUE;
  c.previous_coa = A (COA2);
  return c;
}

static Mip6Packet
mh (guint8 type, const char *src, const char *dst)
{
  Mip6Packet p;

  memset (&p, 0, sizeof p);
  p.src = A (src);
  p.dst = A (dst);
  p.hop_limit = 64;
  p.upper_proto = MIP6_IPPROTO_MH;
  p.mh.type = type;
  return p;
}

/* As the home agent sends it (§6.4): Segments Left 1. */
static Mip6Packet
with_rh2 (Mip6Packet p, const char *address)
{
  p.has_rh2 = TRUE;
  p.rh2_segments_left = 1;
  p.rh2_address = A (address);
  return p;
}

static Mip6Packet
ba (const char *src, const char *dst)
{
  Mip6Packet p = mh (MIP6_MH_BA, src, dst);

  p.mh.ba.status = MIP6_BA_ACCEPTED;
  p.mh.ba.sequence = 7;
  p.mh.ba.lifetime = 900;
  return p;
}

static Mip6Packet
be (const char *src, const char *dst, guint8 status, const char *hoa)
{
  Mip6Packet p = mh (MIP6_MH_BE, src, dst);

  p.mh.be.status = status;
  p.mh.be.home_address = A (hoa);
  return p;
}

#define ACCEPTED(ctx, pkt) g_assert_null (mip6_mn_inbound_check ((ctx), (pkt)))
#define DROPPED(ctx, pkt, token) g_assert_cmpstr (mip6_mn_inbound_check ((ctx), (pkt)), ==, (token))

/* --------------------------------------------------- Binding Acknowledgement */

/* §9.5.4, §10.3.1: the home agent answers a BU sent from the care-of
 * address at that address, with a type 2 routing header holding the home
 * address; §11.3.3: the routing header's last hop is internal to the
 * mobile node. */
static void
test_ba_away_accepted (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = with_rh2 (ba (HA, COA2), HOA);

  ACCEPTED (&c, &p);
  /* The status is the core's business (§11.7.3), not this check's. */
  p.mh.ba.status = MIP6_BA_NOT_HOME_AGENT;
  ACCEPTED (&c, &p);
}

/* §11.7.3: a BA is matched against the Binding Update sent "to this
 * destination address"; the only one we send to is our home agent. */
static void
test_ba_wrong_source (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = with_rh2 (ba (CN, COA2), HOA);

  DROPPED (&c, &p, "ba_not_from_home_agent");
  p.src = A (AR);
  DROPPED (&c, &p, "ba_not_from_home_agent");
  /* Our own address as source is no better. */
  p.src = A (HOA);
  DROPPED (&c, &p, "ba_not_from_home_agent");
  c = home ();
  p = ba (CN, HOA);
  DROPPED (&c, &p, "ba_not_from_home_agent");
}

/* §9.5.4: a BA to an address other than the home address carries a type 2
 * routing header with the home address; without it, it is not the answer
 * to our BU. */
static void
test_ba_without_rh2 (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = ba (HA, COA2);

  DROPPED (&c, &p, "ba_without_rh2");
}

/* §6.4, §11.3.3: the address in a type 2 routing header must be the mobile
 * node's own home address. */
static void
test_ba_rh2_other_address (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = with_rh2 (ba (HA, COA2), OTHER_HOA);

  DROPPED (&c, &p, "ba_rh2_not_home_address");
  p.rh2_address = A (COA2);
  DROPPED (&c, &p, "ba_rh2_not_home_address");
}

/* §6.4: a type 2 routing header is sent with Segments Left 1; one received
 * with 0 was not routed through us to our home address. */
static void
test_ba_rh2_segments_left (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = with_rh2 (ba (HA, COA2), HOA);

  p.rh2_segments_left = 0;
  DROPPED (&c, &p, "rh2_bad_segments_left");
  p.rh2_segments_left = 2;
  DROPPED (&c, &p, "rh2_bad_segments_left");
}

/* §11.7.3, §11.3.3: a BA to the care-of address we left is not for the BU
 * outstanding from the current one. */
static void
test_ba_old_coa (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = with_rh2 (ba (HA, COA1), HOA);

  DROPPED (&c, &p, "ba_to_old_care_of_address");
  p.has_rh2 = FALSE;
  DROPPED (&c, &p, "ba_to_old_care_of_address");
}

/* §9.5.4: away, the BA comes to the care-of address the BU came from; not
 * to the home address (§6.1: Mobility Header messages bypass the Binding
 * Cache, so the home agent does not tunnel them), not elsewhere. */
static void
test_ba_away_other_destination (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = with_rh2 (ba (HA, AR), HOA);

  DROPPED (&c, &p, "ba_not_to_care_of_address");
  p = ba (HA, HOA);
  DROPPED (&c, &p, "ba_not_to_care_of_address");
  /* Without a current care-of address no BU from one is outstanding. */
  c.has_coa = FALSE;
  p = with_rh2 (ba (HA, COA2), HOA);
  DROPPED (&c, &p, "ba_without_care_of_address");
  /* Nor is there a previous one to recognise. */
  c.has_previous_coa = FALSE;
  p = with_rh2 (ba (HA, COA1), HOA);
  DROPPED (&c, &p, "ba_without_care_of_address");
}

/* §11.5.4: at home the deregistration is sent from the home address;
 * §9.5.4: the BA then goes to the home address, no routing header. */
static void
test_ba_home_accepted (void)
{
  Mip6MnInboundContext c = home ();
  Mip6Packet p = ba (HA, HOA);

  p.mh.ba.lifetime = 0;
  ACCEPTED (&c, &p);
}

/* At home, a BA to a care-of address answers no deregistration. */
static void
test_ba_home_wrong_destination (void)
{
  Mip6MnInboundContext c = home ();
  Mip6Packet p = ba (HA, AR);

  DROPPED (&c, &p, "ba_not_to_home_address");
  p = with_rh2 (ba (HA, COA2), HOA);
  DROPPED (&c, &p, "unexpected_rh2");
  p = ba (HA, COA2);
  DROPPED (&c, &p, "ba_to_old_care_of_address");
}

/* §9.5.4: the routing header is added only when the BU's source was not
 * the home address, and at home ours was (§11.5.4). */
static void
test_ba_home_with_rh2 (void)
{
  Mip6MnInboundContext c = home ();
  Mip6Packet p = with_rh2 (ba (HA, HOA), HOA);

  DROPPED (&c, &p, "unexpected_rh2");
}

/* ----------------------------------------------------------- Binding Error */

/* §6.1.9: the Home Address field holds the home address of the Home
 * Address option that caused the error; §9.3.3: the BE goes to the source
 * of that packet, our care-of address. */
static void
test_be_accepted (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = be (HA, COA2, MIP6_BE_UNKNOWN_BINDING_HAO, HOA);

  ACCEPTED (&c, &p);
  /* Status 2 for a BU sent with our Home Address option... */
  p = be (HA, COA2, MIP6_BE_UNKNOWN_MH_TYPE, HOA);
  ACCEPTED (&c, &p);
  /* ...or, from home, without one: the field is then unspecified. */
  c = home ();
  p = be (HA, HOA, MIP6_BE_UNKNOWN_MH_TYPE, "::");
  ACCEPTED (&c, &p);
  p = be (HA, HOA, MIP6_BE_UNKNOWN_BINDING_HAO, HOA);
  ACCEPTED (&c, &p);
}

/* §6.1.9, §11.3.6: a BE about another home address is not about our
 * binding. */
static void
test_be_other_home_address (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = be (HA, COA2, MIP6_BE_UNKNOWN_BINDING_HAO, OTHER_HOA);

  DROPPED (&c, &p, "be_wrong_home_address");
  p = be (HA, COA2, MIP6_BE_UNKNOWN_MH_TYPE, OTHER_HOA);
  DROPPED (&c, &p, "be_wrong_home_address");
  /* Status 1 is always about a Home Address option (§9.3.1), so its field
   * is never unspecified. */
  p = be (HA, COA2, MIP6_BE_UNKNOWN_BINDING_HAO, "::");
  DROPPED (&c, &p, "be_wrong_home_address");
}

/* §11.3.6: a BE whose source has no Binding Update List entry MUST be
 * ignored (spoofed BEs); any node may send status 1 (§9.3.1), but our only
 * entry is the home agent's. */
static void
test_be_wrong_source (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = be (CN, COA2, MIP6_BE_UNKNOWN_BINDING_HAO, HOA);

  DROPPED (&c, &p, "be_not_from_home_agent");
  p = be (AR, COA2, MIP6_BE_UNKNOWN_MH_TYPE, HOA);
  DROPPED (&c, &p, "be_not_from_home_agent");
}

static void
test_be_destination (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = be (HA, COA1, MIP6_BE_UNKNOWN_BINDING_HAO, HOA);

  DROPPED (&c, &p, "be_to_old_care_of_address");
  p = be (HA, AR, MIP6_BE_UNKNOWN_BINDING_HAO, HOA);
  DROPPED (&c, &p, "be_not_to_our_address");
  /* At the home address it is ours, at home or away. */
  p = be (HA, HOA, MIP6_BE_UNKNOWN_BINDING_HAO, HOA);
  ACCEPTED (&c, &p);
  /* At home the care-of address is no longer ours. */
  c = home ();
  p = be (HA, COA2, MIP6_BE_UNKNOWN_BINDING_HAO, HOA);
  DROPPED (&c, &p, "be_to_old_care_of_address");
}

/* §6.4: any type 2 routing header must hold our home address. */
static void
test_be_rh2 (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = with_rh2 (be (HA, COA2, MIP6_BE_UNKNOWN_BINDING_HAO, HOA), OTHER_HOA);

  DROPPED (&c, &p, "be_rh2_not_home_address");
  p.rh2_address = A (HOA);
  ACCEPTED (&c, &p);
}

/* ------------------------------------------------- Binding Refresh Request */

/* §11.7.4: a BRR from the node we hold a Binding Update List entry for, our
 * home agent; the home agent reaches the care-of address as for a BA, with
 * a type 2 routing header holding the home address (§9.5.4), or the home
 * address directly. */
static void
test_brr_accepted (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = with_rh2 (mh (MIP6_MH_BRR, HA, COA2), HOA);

  ACCEPTED (&c, &p);
  p = mh (MIP6_MH_BRR, HA, COA2);
  ACCEPTED (&c, &p);
  p = mh (MIP6_MH_BRR, HA, HOA);
  ACCEPTED (&c, &p);
  c = home ();
  ACCEPTED (&c, &p);
}

/* §11.7.4: a spoofed BRR (any other source) is not from a node we have a
 * binding with. */
static void
test_brr_spoofed (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = with_rh2 (mh (MIP6_MH_BRR, CN, COA2), HOA);

  DROPPED (&c, &p, "brr_not_from_home_agent");
  p = mh (MIP6_MH_BRR, AR, HOA);
  DROPPED (&c, &p, "brr_not_from_home_agent");
  c = home ();
  DROPPED (&c, &p, "brr_not_from_home_agent");
}

static void
test_brr_rh2_and_destination (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = with_rh2 (mh (MIP6_MH_BRR, HA, COA2), OTHER_HOA);

  DROPPED (&c, &p, "brr_rh2_not_home_address");
  p = with_rh2 (mh (MIP6_MH_BRR, HA, COA1), HOA);
  DROPPED (&c, &p, "brr_to_old_care_of_address");
  p = mh (MIP6_MH_BRR, HA, AR);
  DROPPED (&c, &p, "brr_not_to_our_address");
  /* §11.3.3: the routing header's first hop is the care-of address. */
  p = with_rh2 (mh (MIP6_MH_BRR, HA, HOA), HOA);
  DROPPED (&c, &p, "brr_not_to_our_address");
  c = home ();
  p = with_rh2 (mh (MIP6_MH_BRR, HA, HOA), HOA);
  DROPPED (&c, &p, "unexpected_rh2");
}

/* ------------------------------------------------------------ everything else */

/* §6.1: Mobility Header messages are not used with a Home Address option,
 * except a Binding Update. */
static void
test_home_address_option (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = with_rh2 (ba (HA, COA2), HOA);

  p.has_home_address = TRUE;
  p.home_address = A (HA);
  DROPPED (&c, &p, "unexpected_home_address_option");
  p = mh (MIP6_MH_BRR, HA, HOA);
  p.has_home_address = TRUE;
  p.home_address = A (HA);
  DROPPED (&c, &p, "unexpected_home_address_option");
}

/* Without route optimisation (§5.2 return routability, §9 correspondent
 * node operation) a mobile node has no use for these, even from its home
 * agent. */
static void
test_unexpected_types (void)
{
  Mip6MnInboundContext c = away ();
  const guint8 types[] = {
    MIP6_MH_HOTI, MIP6_MH_COTI, MIP6_MH_HOT, MIP6_MH_COT, MIP6_MH_BU, 8, 255
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      Mip6Packet p = mh (types[i], HA, COA2);
      DROPPED (&c, &p, "unexpected_mh_type");
      p = with_rh2 (mh (types[i], HA, COA2), HOA);
      DROPPED (&c, &p, "unexpected_mh_type");
      p = mh (types[i], CN, HOA);
      DROPPED (&c, &p, "unexpected_mh_type");
    }
}

static void
test_not_mobility_header (void)
{
  Mip6MnInboundContext c = away ();
  Mip6Packet p = with_rh2 (ba (HA, COA2), HOA);

  p.upper_proto = MIP6_IPPROTO_ICMPV6;
  DROPPED (&c, &p, "not_mobility_header");
}

/* The tokens are statistics keys: stable, snake_case, distinct. */
static void
test_tokens (void)
{
  const char *const tokens[] = {
    MIP6_MN_DROP_NOT_MOBILITY_HEADER,     MIP6_MN_DROP_UNEXPECTED_MH_TYPE,
    MIP6_MN_DROP_UNEXPECTED_HAO,          MIP6_MN_DROP_BA_NOT_FROM_HOME_AGENT,
    MIP6_MN_DROP_BRR_NOT_FROM_HOME_AGENT, MIP6_MN_DROP_BE_NOT_FROM_HOME_AGENT,
    MIP6_MN_DROP_RH2_BAD_SEGMENTS_LEFT,   MIP6_MN_DROP_UNEXPECTED_RH2,
    MIP6_MN_DROP_BA_RH2_NOT_HOME_ADDRESS, MIP6_MN_DROP_BRR_RH2_NOT_HOME_ADDRESS,
    MIP6_MN_DROP_BE_RH2_NOT_HOME_ADDRESS, MIP6_MN_DROP_BE_WRONG_HOME_ADDRESS,
    MIP6_MN_DROP_BA_TO_OLD_COA,           MIP6_MN_DROP_BRR_TO_OLD_COA,
    MIP6_MN_DROP_BE_TO_OLD_COA,           MIP6_MN_DROP_BA_WITHOUT_COA,
    MIP6_MN_DROP_BA_NOT_TO_COA,           MIP6_MN_DROP_BA_WITHOUT_RH2,
    MIP6_MN_DROP_BA_NOT_TO_HOA,           MIP6_MN_DROP_BRR_NOT_TO_OUR_ADDRESS,
    MIP6_MN_DROP_BE_NOT_TO_OUR_ADDRESS,
  };

  g_assert_cmpstr (MIP6_MN_DROP_BA_NOT_FROM_HOME_AGENT, ==, "ba_not_from_home_agent");
  g_assert_cmpstr (MIP6_MN_DROP_BA_WITHOUT_RH2, ==, "ba_without_rh2");
  g_assert_cmpstr (MIP6_MN_DROP_BA_RH2_NOT_HOME_ADDRESS, ==, "ba_rh2_not_home_address");
  g_assert_cmpstr (MIP6_MN_DROP_BA_NOT_TO_COA, ==, "ba_not_to_care_of_address");
  g_assert_cmpstr (MIP6_MN_DROP_BE_WRONG_HOME_ADDRESS, ==, "be_wrong_home_address");
  g_assert_cmpstr (MIP6_MN_DROP_BRR_NOT_FROM_HOME_AGENT, ==, "brr_not_from_home_agent");
  g_assert_cmpstr (MIP6_MN_DROP_UNEXPECTED_MH_TYPE, ==, "unexpected_mh_type");
  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_assert_true (g_regex_match_simple ("^[a-z0-9]+(_[a-z0-9]+)*$", tokens[i], 0, 0));
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (tokens[i], !=, tokens[j]);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mn/inbound/ba/away-accepted-9.5.4", test_ba_away_accepted);
  g_test_add_func ("/mn/inbound/ba/wrong-source-11.7.3", test_ba_wrong_source);
  g_test_add_func ("/mn/inbound/ba/without-rh2-9.5.4", test_ba_without_rh2);
  g_test_add_func ("/mn/inbound/ba/rh2-other-address-6.4", test_ba_rh2_other_address);
  g_test_add_func ("/mn/inbound/ba/rh2-segments-left-6.4", test_ba_rh2_segments_left);
  g_test_add_func ("/mn/inbound/ba/old-coa-11.7.3", test_ba_old_coa);
  g_test_add_func ("/mn/inbound/ba/away-other-destination-9.5.4", test_ba_away_other_destination);
  g_test_add_func ("/mn/inbound/ba/home-accepted-11.5.4", test_ba_home_accepted);
  g_test_add_func ("/mn/inbound/ba/home-wrong-destination-11.5.4", test_ba_home_wrong_destination);
  g_test_add_func ("/mn/inbound/ba/home-with-rh2-9.5.4", test_ba_home_with_rh2);
  g_test_add_func ("/mn/inbound/be/accepted-6.1.9", test_be_accepted);
  g_test_add_func ("/mn/inbound/be/other-home-address-6.1.9", test_be_other_home_address);
  g_test_add_func ("/mn/inbound/be/wrong-source-11.3.6", test_be_wrong_source);
  g_test_add_func ("/mn/inbound/be/destination-9.3.3", test_be_destination);
  g_test_add_func ("/mn/inbound/be/rh2-6.4", test_be_rh2);
  g_test_add_func ("/mn/inbound/brr/accepted-11.7.4", test_brr_accepted);
  g_test_add_func ("/mn/inbound/brr/spoofed-11.7.4", test_brr_spoofed);
  g_test_add_func ("/mn/inbound/brr/rh2-and-destination-6.4", test_brr_rh2_and_destination);
  g_test_add_func ("/mn/inbound/home-address-option-6.1", test_home_address_option);
  g_test_add_func ("/mn/inbound/unexpected-types", test_unexpected_types);
  g_test_add_func ("/mn/inbound/not-mobility-header", test_not_mobility_header);
  g_test_add_func ("/mn/inbound/tokens", test_tokens);
  return g_test_run ();
}
