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
  MIP6_MN_REGISTERING, /* away, no accepted binding for the current CoA yet */
  MIP6_MN_FOREIGN,     /* away and registered */
} Mip6MnCoreState;

typedef enum
{
  MIP6_ACTION_SEND_RS,
  MIP6_ACTION_SEND_BU,
  MIP6_ACTION_SEND_NA,    /* unsolicited NA for the home address, §11.5.4 */
  MIP6_ACTION_TUNNEL_SET, /* create or move the tunnel's local end */
  MIP6_ACTION_TUNNEL_DEL,
  MIP6_ACTION_ROUTES_VIA_TUNNEL,
  MIP6_ACTION_ROUTES_HOME,
  MIP6_ACTION_ADDRESS_REMOVE,
  MIP6_ACTION_ROUTES_REMOVE, /* routes of a visited network's prefix */
  MIP6_ACTION_ARM_TIMER,
  MIP6_ACTION_STATE_CHANGED,
  MIP6_ACTION_HANDOVER_STARTED,
  MIP6_ACTION_HANDOVER_COMPLETED,
  MIP6_ACTION_HANDOVER_FAILED,
  MIP6_ACTION_REGISTRATION_FAILED,
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
    } tunnel;
    struct
    {
      struct in6_addr hoa; /* packets from it go through the tunnel */
      struct in6_addr ha;  /* stays reachable outside the tunnel */
    } routes;
    struct
    {
      struct in6_addr addr;
      guint8 plen;
    } address; /* ADDRESS_REMOVE, ROUTES_REMOVE (prefix), SEND_NA */
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
  };
  guint8 status; /* HANDOVER_FAILED / REGISTRATION_FAILED: BA or BE status, 0 if none */
  char *reason;  /* HANDOVER_FAILED / REGISTRATION_FAILED: translated sentence */
} Mip6Action;

/* A GArray of Mip6Action that frees the reasons. */
GArray *mip6_actions_new (void);
Mip6Action *mip6_actions_add (GArray *actions, Mip6ActionKind kind);

const char *mip6_action_kind_name (Mip6ActionKind kind);
const char *mip6_mn_state_name (Mip6MnCoreState state);
/* One line, stable, for logs, `mip6ctl monitor` and replay tests. */
char *mip6_action_to_string (const Mip6Action *action);

G_END_DECLS
