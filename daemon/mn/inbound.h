/* Checks of incoming Mobility Header signalling at the mobile node, applied
 * by the adapter before the core sees a message (RFC 6275 §6.1, §6.4,
 * §9.5.4, §11.3.3, §11.3.6, §11.7.3, §11.7.4). Pure: no I/O, no clock.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "packet.h"

G_BEGIN_DECLS

/* What the mobile node knows when a message arrives. */
typedef struct
{
  struct in6_addr home_address;
  struct in6_addr home_agent;
  /* At home: the deregistration was sent from the home address (§11.5.4),
   * so its acknowledgement comes back to the home address. */
  gboolean at_home;
  /* The care-of address of the Binding Update in use (away from home). */
  gboolean has_coa;
  struct in6_addr coa;
  /* A care-of address left behind; messages to it are refused. */
  gboolean has_previous_coa;
  struct in6_addr previous_coa;
} Mip6MnInboundContext;

/* Drop reasons: stable snake_case tokens, counted as "dropped_<token>".
 * The first rule that fails names the drop, in this order: */

/* The upper layer is not a Mobility Header. */
#define MIP6_MN_DROP_NOT_MOBILITY_HEADER "not_mobility_header"
/* Not a BA, BRR or BE: a mobile node without route optimisation has no use
 * for BU, HoTI, CoTI, HoT, CoT or unknown types. */
#define MIP6_MN_DROP_UNEXPECTED_MH_TYPE "unexpected_mh_type"
/* §6.1: only a Binding Update may carry a Home Address option. */
#define MIP6_MN_DROP_UNEXPECTED_HAO "unexpected_home_address_option"
/* §11.7.3, §11.7.4, §11.3.6: the source is not our home agent, the only
 * node in our Binding Update List. */
#define MIP6_MN_DROP_BA_NOT_FROM_HOME_AGENT "ba_not_from_home_agent"
#define MIP6_MN_DROP_BRR_NOT_FROM_HOME_AGENT "brr_not_from_home_agent"
#define MIP6_MN_DROP_BE_NOT_FROM_HOME_AGENT "be_not_from_home_agent"
/* §6.4: a type 2 routing header is sent with Segments Left 1. */
#define MIP6_MN_DROP_RH2_BAD_SEGMENTS_LEFT "rh2_bad_segments_left"
/* §9.5.4, §11.5.4: a type 2 routing header while at home, where the
 * deregistration was sent from the home address. */
#define MIP6_MN_DROP_UNEXPECTED_RH2 "unexpected_rh2"
/* §6.4, §11.3.3: the type 2 routing header holds another address than our
 * home address. */
#define MIP6_MN_DROP_BA_RH2_NOT_HOME_ADDRESS "ba_rh2_not_home_address"
#define MIP6_MN_DROP_BRR_RH2_NOT_HOME_ADDRESS "brr_rh2_not_home_address"
#define MIP6_MN_DROP_BE_RH2_NOT_HOME_ADDRESS "be_rh2_not_home_address"
/* Binding Error (§6.1.9, §11.3.6): its Home Address field is not our home
 * address (nor, for status 2, the unspecified address). */
#define MIP6_MN_DROP_BE_WRONG_HOME_ADDRESS "be_wrong_home_address"
/* Sent to the previous care-of address. */
#define MIP6_MN_DROP_BA_TO_OLD_COA "ba_to_old_care_of_address"
#define MIP6_MN_DROP_BRR_TO_OLD_COA "brr_to_old_care_of_address"
#define MIP6_MN_DROP_BE_TO_OLD_COA "be_to_old_care_of_address"
/* Binding Acknowledgement away from home (§9.5.4, §11.3.3). */
#define MIP6_MN_DROP_BA_WITHOUT_COA "ba_without_care_of_address"
#define MIP6_MN_DROP_BA_NOT_TO_COA "ba_not_to_care_of_address"
#define MIP6_MN_DROP_BA_WITHOUT_RH2 "ba_without_rh2"
/* Binding Acknowledgement at home (§9.5.4, §11.5.4). */
#define MIP6_MN_DROP_BA_NOT_TO_HOA "ba_not_to_home_address"
/* BRR or BE to neither the current care-of address nor the home address. */
#define MIP6_MN_DROP_BRR_NOT_TO_OUR_ADDRESS "brr_not_to_our_address"
#define MIP6_MN_DROP_BE_NOT_TO_OUR_ADDRESS "be_not_to_our_address"

/* Returns NULL when @pkt may be given to the core, or one of the tokens
 * above (a static string). @pkt is as on the wire: src and dst from the IPv6
 * header (dst is the care-of address when a type 2 routing header is
 * present), rh2_address the routing header's address, rh2_segments_left as
 * sent. The sequence number and status are the core's business
 * (§11.7.3). */
const char *mip6_mn_inbound_check (const Mip6MnInboundContext *ctx, const Mip6Packet *pkt);

G_END_DECLS
