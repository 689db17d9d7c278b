/* nd.h — Router Solicitation/Advertisement and their options as Mobile IPv6
 * extends them (RFC 4861 §4.1, §4.2, §4.6; RFC 6275 §7.1–§7.4). */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "wire.h"

G_BEGIN_DECLS

#define MIP6_ICMP6_RS 133
#define MIP6_ICMP6_RA 134
#define MIP6_ICMP6_NS 135
#define MIP6_ICMP6_NA 136

enum
{
  MIP6_ND_OPT_SLLA = 1,
  MIP6_ND_OPT_TLLA = 2,
  MIP6_ND_OPT_PREFIX = 3,
  MIP6_ND_OPT_MTU = 5,
  MIP6_ND_OPT_ADV_INTERVAL = 7, /* RFC 6275 §7.3 */
  MIP6_ND_OPT_HA_INFO = 8,      /* RFC 6275 §7.4 */
};

/* RFC 4861 §4.6.2: a lifetime of all ones is infinity. */
#define MIP6_ND_LIFETIME_INFINITY 0xffffffffu

/* Prefix Information options kept per message. A parser keeps the first
 * MIP6_ND_MAX_PREFIXES and counts the others in n_prefixes_dropped rather than
 * rejecting the message (RFC 4861 §6.3.4: a host uses what it can of an RA);
 * the bound keeps a hostile RA with a thousand options from costing more. */
#define MIP6_ND_MAX_PREFIXES 32
#define MIP6_LLADDR_MAX 16

typedef struct
{
  guint8 prefix_len;
  gboolean on_link;        /* L */
  gboolean autonomous;     /* A */
  gboolean router_address; /* R (RFC 6275 §7.2): `prefix` is the router's full address */
  guint32 valid_lifetime;  /* seconds */
  guint32 preferred_lifetime;
  struct in6_addr prefix;
} Mip6PrefixInfo;

/* The options of an RS, RA or Mobile Prefix Advertisement. */
typedef struct
{
  gboolean has_slla;
  guint8 slla_len; /* octets used in slla (6 for Ethernet) */
  guint8 slla[MIP6_LLADDR_MAX];
  gboolean has_tlla; /* Target Link-Layer Address (RFC 4861 §4.6.1) */
  guint8 tlla_len;
  guint8 tlla[MIP6_LLADDR_MAX];
  guint n_prefixes;
  Mip6PrefixInfo prefixes[MIP6_ND_MAX_PREFIXES];
  gboolean has_mtu;
  guint32 mtu;
  gboolean has_adv_interval;
  guint32 adv_interval_ms; /* §7.3 */
  gboolean has_ha_info;
  gint16 ha_preference; /* §7.4, signed */
  guint16 ha_lifetime;  /* seconds */
  guint n_unknown;      /* options skipped (RFC 4861 §4.6: ignore unknown) */
  /* Well-formed Prefix Information options past MIP6_ND_MAX_PREFIXES: not
   * kept in prefixes[]. Ignored by the encoder. */
  guint n_prefixes_dropped;
} Mip6NdOptions;

typedef struct
{
  Mip6NdOptions options;
} Mip6RouterSolicit;

typedef struct
{
  guint8 cur_hop_limit;
  gboolean managed;    /* M */
  gboolean other;      /* O */
  gboolean home_agent; /* H (RFC 6275 §7.1) */
  guint16 router_lifetime;
  guint32 reachable_time;
  guint32 retrans_timer;
  Mip6NdOptions options;
} Mip6RouterAdvert;

/* Neighbor Solicitation (RFC 4861 §4.3). */
typedef struct
{
  struct in6_addr target;
  Mip6NdOptions options;
} Mip6NeighborSolicit;

/* Neighbor Advertisement (RFC 4861 §4.4). */
typedef struct
{
  gboolean router;    /* R */
  gboolean solicited; /* S */
  gboolean override;  /* O */
  struct in6_addr target;
  Mip6NdOptions options;
} Mip6NeighborAdvert;

Mip6WireError mip6_nd_options_encode (Mip6Writer *w, const Mip6NdOptions *opts);
/* Rejects an option of length 0 (RFC 4861 §4.6), options overrunning the
 * message and known options of the wrong length. More prefix options than
 * MIP6_ND_MAX_PREFIXES are no error: the first ones are kept, the others
 * counted in n_prefixes_dropped. */
Mip6WireError mip6_nd_options_parse (const guint8 *buf, gsize len, Mip6NdOptions *out);

/* Message bodies after the 4-octet ICMPv6 header; icmp6.c frames them. */
Mip6WireError mip6_nd_rs_encode_body (Mip6Writer *w, const Mip6RouterSolicit *rs);
Mip6WireError mip6_nd_rs_parse_body (const guint8 *buf, gsize len, Mip6RouterSolicit *out);
Mip6WireError mip6_nd_ra_encode_body (Mip6Writer *w, const Mip6RouterAdvert *ra);
Mip6WireError mip6_nd_ra_parse_body (const guint8 *buf, gsize len, Mip6RouterAdvert *out);
/* RFC 4861 §7.1.1, §7.1.2: a multicast target is rejected (bad_value). */
Mip6WireError mip6_nd_ns_encode_body (Mip6Writer *w, const Mip6NeighborSolicit *ns);
Mip6WireError mip6_nd_ns_parse_body (const guint8 *buf, gsize len, Mip6NeighborSolicit *out);
Mip6WireError mip6_nd_na_encode_body (Mip6Writer *w, const Mip6NeighborAdvert *na);
Mip6WireError mip6_nd_na_parse_body (const guint8 *buf, gsize len, Mip6NeighborAdvert *out);

G_END_DECLS
