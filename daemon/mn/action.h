/* Actions returned by the mobile node core for the I/O adapters to carry out.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "mn/handover.h"

G_BEGIN_DECLS

typedef enum
{
  MIP6_MN_DETACHED,
  MIP6_MN_HOME,
  MIP6_MN_REGISTERING,  /* away, no accepted binding for the current CoA yet */
  MIP6_MN_FOREIGN,      /* away and registered */
  MIP6_MN_UNREGISTERED, /* away, registration failed: the CoA works, the home address not */
} Mip6MnCoreState;

typedef enum
{
  MIP6_ACTION_SEND_RS,
  MIP6_ACTION_SEND_BU, /* from bu.src: the care-of address, or the home address at home */
  MIP6_ACTION_SEND_NA, /* unsolicited NA for address.addr, §11.5.4 */
  /* §11.5.4: a multicast Neighbor Solicitation from the unspecified
   * address for address.addr (the home agent). */
  MIP6_ACTION_SOLICIT_HOME_AGENT,
  /* §11.5.2: away, the home prefix is not on-link: the home address leaves
   * the interface (address.addr/plen). */
  MIP6_ACTION_HOME_LINK_LEAVE,
  /* §11.5.4: the home address back on the interface; address.dad says
   * whether it needs Duplicate Address Detection. */
  MIP6_ACTION_HOME_LINK_JOIN,
  MIP6_ACTION_TUNNEL_SET, /* create the tunnel or move its local end */
  MIP6_ACTION_TUNNEL_DEL,
  MIP6_ACTION_ROUTES_VIA_TUNNEL, /* packets from the home address into the tunnel */
  MIP6_ACTION_ROUTES_BLOCKED,    /* packets from the home address refused locally */
  MIP6_ACTION_ROUTES_HOME,       /* no rule or route of the mobile node's */
  MIP6_ACTION_ADDRESS_REMOVE,
  MIP6_ACTION_ROUTES_REMOVE, /* routes of a visited network's prefix */
  /* A router of a link we left (address.addr, link-local): its default
   * route goes, RFC 4861 §6.3.5 (its lifetime is void on another link). */
  MIP6_ACTION_ROUTER_REMOVE,
  MIP6_ACTION_ARM_TIMER,
  MIP6_ACTION_STATE_CHANGED,
  MIP6_ACTION_STATE_REASON, /* why the state is what it is: token, status, reason */
  MIP6_ACTION_HANDOVER_STARTED,
  MIP6_ACTION_HANDOVER_COMPLETED,
  MIP6_ACTION_HANDOVER_FAILED,
  MIP6_ACTION_REGISTRATION_FAILED,
  /* §11.4.1: a DHAAD Request from dhaad.src (the care-of address) to
   * dhaad.dst (the home prefix's Home-Agents anycast address, RFC 2526)
   * with dhaad.identifier. */
  MIP6_ACTION_SEND_DHAAD_REQUEST,
} Mip6ActionKind;

typedef struct
{
  Mip6ActionKind kind;
  union
  {
    struct
    {
      struct in6_addr dst; /* the home agent */
      struct in6_addr src; /* the care-of address (home address at home) */
      struct in6_addr hoa; /* Home Address option */
      struct in6_addr coa; /* care-of address registered */
      guint16 seq;
      guint32 lifetime_s; /* multiple of 4 */
      guint8 flags;       /* MIP6_BU_FLAG_* */
    } bu;
    struct
    {
      struct in6_addr local;  /* care-of address */
      struct in6_addr remote; /* home agent */
      struct in6_addr hoa;    /* carried inside */
    } tunnel;
    struct
    {
      struct in6_addr hoa; /* the only source whose packets are steered */
    } routes;
    struct
    {
      struct in6_addr addr;
      guint8 plen;
      gboolean dad; /* HOME_LINK_JOIN */
    } address;      /* ADDRESS_REMOVE, ROUTES_REMOVE (prefix), SEND_NA, HOME_LINK_* */
    struct
    {
      gint64 deadline; /* G_MAXINT64: no timer */
    } timer;
    struct
    {
      Mip6MnCoreState old_state;
      Mip6MnCoreState new_state;
    } state;
    Mip6HandoverTimings handover; /* HANDOVER_STARTED (kind), COMPLETED */
    struct
    {
      struct in6_addr src, dst;
      guint16 identifier;
    } dhaad;
  };
  guint8
      status;   /* HANDOVER_FAILED, REGISTRATION_FAILED, STATE_REASON: BA or BE status, 0 if none */
  char *reason; /* HANDOVER_FAILED, REGISTRATION_FAILED, STATE_REASON: translated sentence */
  /* STATE_REASON, REGISTRATION_FAILED, HANDOVER_FAILED: a stable token
   * ("" when all is well), org.mip6.MobileNode1.xml lists them. */
  char *token;
} Mip6Action;

/* A GArray of Mip6Action that frees the reasons. */
GArray *mip6_actions_new (void);
Mip6Action *mip6_actions_add (GArray *actions, Mip6ActionKind kind);

const char *mip6_action_kind_name (Mip6ActionKind kind);
const char *mip6_mn_state_name (Mip6MnCoreState state);
/* One line, stable, for logs, `mip6ctl monitor` and replay tests. */
char *mip6_action_to_string (const Mip6Action *action);

G_END_DECLS
