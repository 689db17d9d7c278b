/* Checks of incoming Mobility Header signalling at the mobile node.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "mn/inbound.h"

#include "mip6-addr.h"

static gboolean
is_current_coa (const Mip6MnInboundContext *ctx, const struct in6_addr *a)
{
  return !ctx->at_home && ctx->has_coa && mip6_addr_equal (a, &ctx->coa);
}

static gboolean
is_previous_coa (const Mip6MnInboundContext *ctx, const struct in6_addr *a)
{
  return ctx->has_previous_coa && mip6_addr_equal (a, &ctx->previous_coa);
}

/* Per message type: the tokens of the checks every type shares. */
typedef struct
{
  const char *not_from_home_agent;
  const char *rh2_not_home_address;
  const char *to_old_coa;
} Tokens;

static const Tokens ba_tokens = {
  MIP6_MN_DROP_BA_NOT_FROM_HOME_AGENT,
  MIP6_MN_DROP_BA_RH2_NOT_HOME_ADDRESS,
  MIP6_MN_DROP_BA_TO_OLD_COA,
};
static const Tokens brr_tokens = {
  MIP6_MN_DROP_BRR_NOT_FROM_HOME_AGENT,
  MIP6_MN_DROP_BRR_RH2_NOT_HOME_ADDRESS,
  MIP6_MN_DROP_BRR_TO_OLD_COA,
};
static const Tokens be_tokens = {
  MIP6_MN_DROP_BE_NOT_FROM_HOME_AGENT,
  MIP6_MN_DROP_BE_RH2_NOT_HOME_ADDRESS,
  MIP6_MN_DROP_BE_TO_OLD_COA,
};

/* §11.7.3: a BA is for the Binding Update sent "to this destination
 * address", and our only one goes to the home agent (§9.5.4: the BA's
 * source is the BU's destination). */
static const char *
check_ba_destination (const Mip6MnInboundContext *ctx, const Mip6Packet *pkt)
{
  if (ctx->at_home)
    {
      /* §11.5.4: at home the deregistration is sent from the home
       * address; §9.5.4: the BA goes back to that address. */
      if (mip6_addr_equal (&pkt->dst, &ctx->home_address))
        return NULL;
      if (is_previous_coa (ctx, &pkt->dst))
        return MIP6_MN_DROP_BA_TO_OLD_COA;
      return MIP6_MN_DROP_BA_NOT_TO_HOA;
    }
  /* §9.5.4: a BU from a care-of address is answered at that address, with
   * a type 2 routing header holding the home address; §11.3.3: its last
   * hop, care-of address to home address, is internal to the mobile node. */
  if (is_current_coa (ctx, &pkt->dst))
    return pkt->has_rh2 ? NULL : MIP6_MN_DROP_BA_WITHOUT_RH2;
  /* The BU from the care-of address we left is no longer outstanding
   * (§11.7.3); its BA must not install a binding to where we are not. */
  if (is_previous_coa (ctx, &pkt->dst))
    return MIP6_MN_DROP_BA_TO_OLD_COA;
  if (!ctx->has_coa)
    return MIP6_MN_DROP_BA_WITHOUT_COA;
  /* Including the home address: §6.1, Mobility Header messages bypass the
   * Binding Cache, so the home agent never tunnels a BA to it. */
  return MIP6_MN_DROP_BA_NOT_TO_COA;
}

/* Binding Refresh Requests and Binding Errors. §6.1 sends no Mobility
 * Header message but a BA with a type 2 routing header, yet a home agent
 * can only reach a mobile node away from home at its care-of address (a
 * packet to the home address would be delivered on the home link, the
 * Binding Cache being bypassed), and this project's home agent sends its
 * BRR like a BA (§9.5.4). So: at the current care-of address, with or
 * without the routing header, or at the home address without it. */
static const char *
check_other_destination (const Mip6MnInboundContext *ctx, const Mip6Packet *pkt, const Tokens *t,
                         const char *not_ours)
{
  if (is_current_coa (ctx, &pkt->dst))
    return NULL;
  /* §11.3.3: with a routing header the first hop is the care-of address. */
  if (!pkt->has_rh2 && mip6_addr_equal (&pkt->dst, &ctx->home_address))
    return NULL;
  if (is_previous_coa (ctx, &pkt->dst))
    return t->to_old_coa;
  return not_ours;
}

/* §6.1.9: the Home Address field is "the home address that was contained
 * in the Home Address destination option" of the offending packet. Status
 * 1 is always about such an option (§9.3.1); status 2 answers a message of
 * ours, a BU, which carried one away from home, but not at home (§11.5.4),
 * where the field is the unspecified address (§9.3.3). */
static gboolean
be_home_address_ok (const Mip6MnInboundContext *ctx, const Mip6MhBindingError *be)
{
  if (mip6_addr_equal (&be->home_address, &ctx->home_address))
    return TRUE;
  return be->status != MIP6_BE_UNKNOWN_BINDING_HAO &&
         mip6_addr_equal (&be->home_address, &in6addr_any);
}

const char *
mip6_mn_inbound_check (const Mip6MnInboundContext *ctx, const Mip6Packet *pkt)
{
  const Tokens *t;

  if (pkt->upper_proto != MIP6_IPPROTO_MH)
    return MIP6_MN_DROP_NOT_MOBILITY_HEADER;
  switch (pkt->mh.type)
    {
    case MIP6_MH_BA:
      t = &ba_tokens;
      break;
    case MIP6_MH_BRR:
      t = &brr_tokens;
      break;
    case MIP6_MH_BE:
      t = &be_tokens;
      break;
    default:
      /* A BU is for home agents and correspondent nodes; HoTI, CoTI, HoT
       * and CoT belong to return routability (§5.2), which this mobile node
       * does not run; other types are unknown (§9.2). */
      return MIP6_MN_DROP_UNEXPECTED_MH_TYPE;
    }

  /* §6.1: "Mobility Header messages also MUST NOT be used with a Home
   * Address destination option, except as described in Sections 11.7.1 and
   * 11.7.2 for Binding Update." */
  if (pkt->has_home_address)
    return MIP6_MN_DROP_UNEXPECTED_HAO;

  /* The Binding Update List holds our home agent only: §11.7.3 for BAs,
   * §11.7.4 for BRRs, and §11.3.6, which ignores a BE whose source has no
   * entry. A correspondent node may send status 1 to any node using a Home
   * Address option (§9.3.1), but we send that option to our home agent
   * only, in BUs. */
  if (!mip6_addr_equal (&pkt->src, &ctx->home_agent))
    return t->not_from_home_agent;

  if (pkt->has_rh2)
    {
      /* §6.4: sent with Segments Left 1, its one address the final
       * destination; 0 means it was not routed to our home address. */
      if (pkt->rh2_segments_left != 1)
        return MIP6_MN_DROP_RH2_BAD_SEGMENTS_LEFT;
      /* §9.5.4: only added when the BU's source was not the home address;
       * at home it was (§11.5.4). */
      if (ctx->at_home)
        return MIP6_MN_DROP_UNEXPECTED_RH2;
      /* §6.4: the address must be the node's own home address, so that
       * nothing is forwarded out of the node. */
      if (!mip6_addr_equal (&pkt->rh2_address, &ctx->home_address))
        return t->rh2_not_home_address;
    }

  switch (pkt->mh.type)
    {
    case MIP6_MH_BA:
      return check_ba_destination (ctx, pkt);
    case MIP6_MH_BRR:
      return check_other_destination (ctx, pkt, t, MIP6_MN_DROP_BRR_NOT_TO_OUR_ADDRESS);
    default: /* MIP6_MH_BE */
      if (!be_home_address_ok (ctx, &pkt->mh.be))
        return MIP6_MN_DROP_BE_WRONG_HOME_ADDRESS;
      /* §9.3.3: sent to the source of the offending packet, our care-of
       * address, or the home address at home. */
      return check_other_destination (ctx, pkt, t, MIP6_MN_DROP_BE_NOT_TO_OUR_ADDRESS);
    }
}
