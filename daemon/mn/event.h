/* Events fed to the mobile node core: already parsed by the I/O adapters
 * (netlink, sockets, timers), so the core never touches a wire format.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "proto/nd.h"

G_BEGIN_DECLS

#define MIP6_LIFETIME_INFINITY MIP6_ND_LIFETIME_INFINITY

/* When a lifetime in seconds counted from @now runs out; G_MAXINT64 for
 * MIP6_LIFETIME_INFINITY (RFC 4861 §4.6.2). */
static inline gint64
mip6_lifetime_until (gint64 now, guint32 lifetime_s)
{
  if (lifetime_s == MIP6_LIFETIME_INFINITY)
    return G_MAXINT64;
  return now + (gint64) lifetime_s * G_TIME_SPAN_SECOND;
}

/* One Prefix Information option of a router advertisement (RFC 4861 §4.6.2,
 * R flag from RFC 6275 §7.2). Lifetimes in seconds. */
typedef struct
{
  struct in6_addr prefix;
  guint8 plen;
  gboolean on_link;        /* L */
  gboolean autonomous;     /* A */
  gboolean router_address; /* R: prefix holds the router's global address */
  guint32 valid_lifetime;
  guint32 preferred_lifetime;
} Mip6RaPrefix;

/* Prefix options carried per RA event: enough for any real link (a home
 * network with a ULA, a GUA per uplink and a Thread border router's prefix is
 * four), bounded so that a hostile RA with a thousand prefix options costs
 * no more than this. The adapter keeps the first ones and counts the rest in
 * n_prefixes_truncated. */
#define MIP6_RA_MAX_PREFIXES 32

typedef struct
{
  struct in6_addr source;  /* the router's link-local address */
  gboolean home_agent;     /* H flag, RFC 6275 §7.1 */
  guint32 router_lifetime; /* seconds; 0: not a default router */
  guint n_prefixes;
  Mip6RaPrefix prefixes[MIP6_RA_MAX_PREFIXES];
  /* Advertisement Interval option, RFC 6275 §7.3, in milliseconds; 0 when
   * the option is absent. */
  guint32 adv_interval_ms;
  /* Home Agent Information option, RFC 6275 §7.4. */
  gboolean has_ha_info;
  gint16 ha_preference;
  guint16 ha_lifetime;
  /* Prefix Information options the RA had beyond MIP6_RA_MAX_PREFIXES, not
   * carried in prefixes[] (the first ones are kept). */
  guint n_prefixes_truncated;
} Mip6Ra;

/* Neighbour Unreachability Detection (RFC 4861 §7.3) found a router
 * unreachable: netlink's NUD_FAILED for it, or our own probe went
 * unanswered. RFC 6275 §11.5.1 lists this among the indications of an L3
 * handover. */
typedef struct
{
  struct in6_addr router; /* the router's link-local address */
} Mip6RouterUnreachable;

typedef enum
{
  MIP6_ADDR_ADDED, /* also used for updates (flags, lifetimes) */
  MIP6_ADDR_REMOVED,
} Mip6AddrChange;

/* Address flags as netlink reports them (IFA_F_*), reduced to what the care-of
 * address choice needs. */
typedef enum
{
  MIP6_ADDR_F_TENTATIVE = 1 << 0,
  MIP6_ADDR_F_OPTIMISTIC = 1 << 1,
  MIP6_ADDR_F_DEPRECATED = 1 << 2,
  MIP6_ADDR_F_DADFAILED = 1 << 3,
  MIP6_ADDR_F_TEMPORARY = 1 << 4, /* RFC 8981 privacy address */
} Mip6AddrFlags;

typedef enum
{
  MIP6_SCOPE_GLOBAL,
  MIP6_SCOPE_LINK,
  MIP6_SCOPE_HOST,
} Mip6Scope;

typedef struct
{
  Mip6AddrChange change;
  struct in6_addr addr;
  guint8 plen;
  guint flags; /* Mip6AddrFlags */
  Mip6Scope scope;
  guint32 valid_lifetime;     /* seconds, MIP6_LIFETIME_INFINITY */
  guint32 preferred_lifetime; /* seconds, MIP6_LIFETIME_INFINITY */
} Mip6AddrEvent;

/* Binding Acknowledgement (RFC 6275 §6.1.8). */
typedef struct
{
  struct in6_addr source;
  guint8 status;
  guint16 seq;
  guint32 lifetime_s; /* already converted from 4 s units */
  /* Binding Refresh Advice option (§6.2.4) in seconds; 0 when absent. */
  guint32 refresh_s;
} Mip6Ba;

/* Binding Refresh Request (§6.1.2). */
typedef struct
{
  struct in6_addr source;
} Mip6Brr;

/* Binding Error (§6.1.9). */
typedef struct
{
  struct in6_addr source;
  guint8 status;
  struct in6_addr home_address;
} Mip6Be;

/* An ICMPv6 error (RFC 4443 §3.1) about the outstanding Binding Update:
 * the visited network refuses Mobile IPv6 signalling. */
typedef struct
{
  struct in6_addr reporter; /* who sent the error */
  guint8 type;
  guint8 code;
} Mip6SignallingRefused;

/* A Dynamic Home Agent Address Discovery Reply (RFC 6275 §6.6) to our care-of
 * address: its Identifier and the first home agent address it lists (the
 * most preferred, §10.5); n_addresses 0 when it lists none. */
typedef struct
{
  struct in6_addr source;
  guint16 identifier;
  guint n_addresses;
  struct in6_addr home_agent;
} Mip6DhaadAnswer;

typedef enum
{
  MIP6_EVENT_LINK_UP,
  MIP6_EVENT_LINK_DOWN,
  MIP6_EVENT_RA,
  MIP6_EVENT_ADDRESS,
  MIP6_EVENT_BA,
  MIP6_EVENT_BRR,
  MIP6_EVENT_BE,
  MIP6_EVENT_TIMER,
  MIP6_EVENT_ROUTER_UNREACHABLE, /* router_unreachable */
  MIP6_EVENT_REREGISTER,         /* the person asks for a fresh registration */
  MIP6_EVENT_SIGNALLING_REFUSED, /* signalling_refused */
  /* The home agent's link-layer address is known on this link (its RA's
   * Source Link-Layer Address, or a Neighbor Advertisement). */
  MIP6_EVENT_HOME_AGENT_LINK_ADDRESS,
  /* The configuration was read again, without a key the core uses
   * changing (those restart it). */
  MIP6_EVENT_RELOADED,
  MIP6_EVENT_DHAAD_REPLY, /* dhaad_reply */
  /* A link-layer hint on the link in use that is not a link change
   * (NetworkManager's dispatcher: up, down, dhcp6-change). */
  MIP6_EVENT_LINK_HINT,
} Mip6EventKind;

/* A time-stamped event; a list of these replays a handover exactly. */
typedef struct
{
  Mip6EventKind kind;
  gint64 now; /* monotonic microseconds */
  union
  {
    Mip6Ra ra;
    Mip6AddrEvent address;
    Mip6Ba ba;
    Mip6Brr brr;
    Mip6Be be;
    Mip6RouterUnreachable router_unreachable;
    Mip6SignallingRefused signalling_refused;
    Mip6DhaadAnswer dhaad_reply;
  };
} Mip6Event;

G_END_DECLS
