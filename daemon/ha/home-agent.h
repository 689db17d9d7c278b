/* home-agent.h: the home agent's protocol core, sans I/O (RFC 6275 §9.5,
 * §10.3, §10.4).
 *
 * The core is a state machine. The daemon feeds it already-parsed events
 * (a Binding Update arrived, DAD finished, a timer fired, a packet with a
 * Home Address option had no binding, an unknown Mobility Header type
 * arrived) and carries out the actions each event call appends to an array
 * (send a Binding Acknowledgement, add a tunnel, start proxy ND, arm a
 * timer...). It never reads a clock: every call takes "now", a monotonic
 * time in microseconds (g_get_monotonic_time() in the daemon). It never
 * touches the wire format: the codecs in daemon/proto convert.
 *
 * Actions are appended in the order they must be carried out: proxy ND and
 * tunnel before the Binding Acknowledgement that announces them, and the
 * ARM_TIMER for the new next deadline last.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "binding-cache.h"
#include "proto/mh.h"

G_BEGIN_DECLS

/* Errors of mip6_ha_new(). */
#define MIP6_HA_ERROR (mip6_ha_error_quark ())
GQuark mip6_ha_error_quark (void);
typedef enum
{
  MIP6_HA_ERROR_CONFIG, /* the configuration cannot work; the message says which key */
} Mip6HaError;

/* ---------------------------------------------------------------- config */

typedef struct
{
  struct in6_addr prefix; /* a home subnet prefix on the home link */
  guint plen;             /* its length, 1..128 */
  /* Monotonic µs at which the prefix's valid / preferred lifetime ends,
   * MIP6_BC_NEVER for infinity. A binding never outlives the valid
   * lifetime (§10.3.1); the preferred lifetime is kept for display only,
   * since §10.3.1 says it SHOULD NOT affect the binding. */
  gint64 valid_until;
  gint64 preferred_until;
} Mip6HaHomePrefix;

/* Administrative policy: return FALSE to refuse @hoa registering @coa, and
 * the core answers status 129 (administratively prohibited). */
typedef gboolean (*Mip6HaPolicyFunc) (const struct in6_addr *hoa, const struct in6_addr *coa,
                                      gpointer user_data);

typedef struct
{
  /* FALSE: this node does not act as home agent; every home registration is
   * answered with 131 (§10.3.1, §10.3.2). */
  gboolean home_registration;
  /* Home prefixes served on the home link (§10.3.1: not on-link → 132). */
  const Mip6HaHomePrefix *prefixes;
  guint n_prefixes;
  /* The home agent's own addresses. A BU sent to another address is
   * dropped; a home address equal to one of them fails as a duplicate
   * (134). Empty: the destination is not checked. */
  const struct in6_addr *own_addrs;
  guint n_own_addrs;
  /* Local policy cap on the granted lifetime (§10.3.1 "MAY further
   * decrease"), seconds, at least 4. */
  guint32 max_lifetime_s;
  /* Capacity: at most this many bindings, pending ones included (→ 130). */
  guint max_bindings;
  /* Allow-list of home addresses; empty allows every address (→ 129). */
  const struct in6_addr *allowed_hoas;
  guint n_allowed_hoas;
  Mip6HaPolicyFunc policy; /* optional, → 129 */
  gpointer policy_data;
  /* Include a Binding Refresh Advice option (§10.3.1, §6.2.4) asking for a
   * refresh after 3/4 of the granted lifetime. */
  gboolean refresh_advice;
  /* Send a Binding Refresh Request (§9.5.5, §6.1.2) when 1/8 of the
   * granted lifetime is left and the MN has not refreshed. */
  gboolean send_brr;
  /* Set K in the BA when the BU had K set (§10.3.1): only if the IKE in use
   * can update its SA when the care-of address moves. */
  gboolean key_mgmt_mobility;
  /* How long to wait for the DAD result before answering 128. */
  gint64 dad_timeout_us;
  /* Rate limit of the error messages this node sends (Binding Error,
   * §9.3.3; ICMP Parameter Problem, §9.2 and RFC 4443 §2.4 (f)): a token
   * bucket of @error_burst messages, one token back every
   * @error_interval_us. */
  guint error_burst;
  gint64 error_interval_us;
} Mip6HaConfig;

/* Fills @config with the defaults: home registration on, no prefixes,
 * max_lifetime_s 3600, max_bindings 128, refresh advice and BRR on, K off,
 * DAD timeout 5 s, at most 10 error messages at once and 10 per second. */
void mip6_ha_config_init (Mip6HaConfig *config);

/* ---------------------------------------------------------------- events */

/* A Binding Update as the codec parsed it from one packet (§6.1.7). */
typedef struct
{
  struct in6_addr src; /* IPv6 Source Address of the packet */
  struct in6_addr dst; /* IPv6 Destination Address (a home agent address) */
  gboolean has_hao;    /* a Home Address destination option was present */
  struct in6_addr hao; /* its Home Address */
  gboolean has_alt_coa;
  struct in6_addr alt_coa; /* Alternate Care-of Address option (§6.2.5) */
  guint16 sequence;
  guint flags;                    /* MIP6_BU_FLAG_* */
  guint16 lifetime_units;         /* Lifetime field as on the wire: units of 4 s */
  gboolean has_nonce_indices;     /* Nonce Indices option (§6.2.6) */
  gboolean has_binding_auth_data; /* Binding Authorization Data option (§6.2.7) */
} Mip6HaBindingUpdate;

typedef enum
{
  MIP6_HA_DAD_OK,        /* nobody else uses the address */
  MIP6_HA_DAD_DUPLICATE, /* another node answered: → 134 */
  MIP6_HA_DAD_ERROR,     /* DAD could not run (link down...): → 128 */
} Mip6HaDadResult;

/* ---------------------------------------------------------------- actions */

typedef enum
{
  /* Send a Binding Acknowledgement from @src to @dst; when @rh2, with a
   * type 2 routing header carrying @hoa (§6.4, §9.5.4). Lifetime and
   * refresh are in seconds, multiples of 4, for the 4 s units of the wire;
   * refresh_s 0 means no Binding Refresh Advice option. */
  MIP6_HA_ACTION_SEND_BA,
  /* Send a Binding Error from @src to @dst with Status and Home Address
   * (:: when the offending packet had no Home Address option) (§9.3.3). */
  MIP6_HA_ACTION_SEND_BE,
  /* Send an ICMPv6 Parameter Problem, Code 0, from @src to @dst about the
   * packet being processed, its Pointer at byte @mh_field of that packet's
   * Mobility Header (§9.2). */
  MIP6_HA_ACTION_SEND_PARAM_PROBLEM,
  /* Send a Binding Refresh Request from @src to the care-of address @dst
   * with a type 2 routing header carrying @hoa (§6.1.2, §9.5.5). */
  MIP6_HA_ACTION_SEND_BRR,
  /* Run DAD for @addr on the home link and report with
   * mip6_ha_on_dad_result(@addr). With the L flag a registration asks for
   * two: the home address and the link-local address with the same
   * interface identifier (§10.3.1, §10.4.1). */
  MIP6_HA_ACTION_START_DAD,
  /* Bidirectional tunnel @local (home agent address) ↔ @coa for @hoa
   * (§10.4.2, §10.4.5); UPDATE moves an existing one to a new @coa. */
  MIP6_HA_ACTION_TUNNEL_ADD,
  MIP6_HA_ACTION_TUNNEL_UPDATE,
  MIP6_HA_ACTION_TUNNEL_DEL,
  /* Defend @addr on the home link by proxy ND, starting with the
   * unsolicited Neighbor Advertisements of §10.4.1; DEL stops defending
   * it. One action per address: the home address, and with the L flag
   * its link-local address too. */
  MIP6_HA_ACTION_PROXY_ND_ADD,
  MIP6_HA_ACTION_PROXY_ND_DEL,
  /* Call mip6_ha_on_timer() at @when (monotonic µs); replaces any earlier
   * timer. @when == MIP6_BC_NEVER: disarm. */
  MIP6_HA_ACTION_ARM_TIMER,
  /* The binding cache list changed (for D-Bus to signal it). */
  MIP6_HA_ACTION_BINDING_CACHE_CHANGED,
  /* The entry for @hoa left the binding cache, for @reason. Appended
   * beside BINDING_CACHE_CHANGED once per entry removed, so that each
   * removal is reported with its own reason. */
  MIP6_HA_ACTION_BINDING_REMOVED,
} Mip6HaActionType;

/* Why an entry left the binding cache. */
typedef enum
{
  MIP6_HA_REMOVED_DEREGISTERED,   /* a Binding Update with lifetime 0 (§10.3.2) */
  MIP6_HA_REMOVED_EXPIRED,        /* its granted lifetime ended (§10.3.1) */
  MIP6_HA_REMOVED_PREFIX_EXPIRED, /* the valid lifetime of its home prefix ended (§10.3.1) */
  MIP6_HA_REMOVED_REFUSED,        /* a registration waiting for DAD was refused */
} Mip6HaRemovalReason;

/* The reason's stable name as D-Bus BindingRemoved carries it, e.g.
 * "expired". */
const char *mip6_ha_removal_reason_name (Mip6HaRemovalReason reason);

typedef struct
{
  Mip6HaActionType type;
  union
  {
    struct
    {
      struct in6_addr src, dst, hoa;
      gboolean rh2;
      guint8 status;
      gboolean k_flag;
      guint16 sequence;
      guint32 lifetime_s;
      guint32 refresh_s;
    } ba;
    struct
    {
      struct in6_addr src, dst, hoa;
      guint8 status;
    } be;
    struct
    {
      struct in6_addr src, dst, hoa;
    } brr;
    struct
    {
      struct in6_addr src, dst;
      guint mh_field;
    } param_problem;
    struct
    {
      struct in6_addr addr;
    } dad;
    struct
    {
      struct in6_addr hoa, coa, local;
    } tunnel;
    struct
    {
      struct in6_addr addr;
    } proxy;
    struct
    {
      gint64 when;
    } timer;
    struct
    {
      struct in6_addr hoa;
      Mip6HaRemovalReason reason;
    } removed;
  } u;
} Mip6HaAction;

/* A readable one-line form of @action, for logs, `mip6ctl monitor` and the
 * replay tests. Free with g_free(). */
char *mip6_ha_action_to_string (const Mip6HaAction *action);

/* ---------------------------------------------------------------- counters */

typedef enum
{
  MIP6_HA_STAT_BU_RCVD,
  MIP6_HA_STAT_BA_SENT,
  MIP6_HA_STAT_BA_ACCEPTED,
  MIP6_HA_STAT_BA_128,
  MIP6_HA_STAT_BA_129,
  MIP6_HA_STAT_BA_130,
  MIP6_HA_STAT_BA_131,
  MIP6_HA_STAT_BA_132,
  MIP6_HA_STAT_BA_133,
  MIP6_HA_STAT_BA_134,
  MIP6_HA_STAT_BA_135,
  MIP6_HA_STAT_BE_SENT,
  MIP6_HA_STAT_BRR_SENT,
  MIP6_HA_STAT_BINDINGS_EXPIRED,
  /* Binding Updates silently discarded, by reason (§9.5.1). */
  MIP6_HA_STAT_DROPPED_NOT_HOME_REG,      /* H clear: no route optimization here */
  MIP6_HA_STAT_DROPPED_NONCE_IN_HOME_REG, /* H set with Nonce Indices */
  MIP6_HA_STAT_DROPPED_BAD_ADDRESS,       /* home or care-of address not unicast routable */
  MIP6_HA_STAT_DROPPED_NO_HAO,            /* registration without Home Address option */
  MIP6_HA_STAT_DROPPED_NOT_FOR_US,        /* sent to an address that is not ours */
  MIP6_HA_STAT_DROPPED_DAD_IN_PROGRESS,   /* retransmission while DAD runs */
  /* Counted by the daemon through mip6_ha_count(): the codec refused it. */
  MIP6_HA_STAT_DROPPED_MALFORMED,
  MIP6_HA_STAT_DROPPED_TRUNCATED,
  MIP6_HA_STAT_DROPPED_CHECKSUM,
  MIP6_HA_STAT_PARAM_PROBLEM_SENT,
  /* Errors not sent: over the rate limit, or the offending packet was not
   * addressed to this node or came from a non-unicast source (§9.3.3). */
  MIP6_HA_STAT_ERRORS_RATE_LIMITED,
  MIP6_HA_STAT_ERRORS_NOT_SENT,
  /* Packets with a Home Address option refused (§9.3.1). */
  MIP6_HA_STAT_DROPPED_HAO_NO_BINDING,
  MIP6_HA_N_STATS
} Mip6HaStat;

/* The counter's stable name, e.g. "bind_updates_rcvd". */
const char *mip6_ha_stat_name (Mip6HaStat stat);

/* ---------------------------------------------------------------- core */

typedef struct _Mip6HomeAgent Mip6HomeAgent;

/* Copies @config (arrays included; the policy data pointer is kept as is).
 * Returns NULL and sets @error when the configuration is unusable. */
Mip6HomeAgent *mip6_ha_new (const Mip6HaConfig *config, GError **error);
void mip6_ha_free (Mip6HomeAgent *ha);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6HomeAgent, mip6_ha_free)

/* Changes the limits a registration is checked against: the lifetime cap,
 * the capacity and the allow-list (NULL/0: every address), as
 * Mip6HaConfig describes them. The binding cache is kept: existing
 * bindings run to the lifetime they were granted, even when they are now
 * more than @max_bindings or their address is no longer allowed. Every
 * Binding Update from now on is checked against the new limits: a
 * refresh of an existing binding is a new registration (§10.3.1), so it
 * gets at most the new lifetime and is refused (129) when its address is
 * no longer allowed; only a new entry counts against the capacity.
 * Returns FALSE and sets @error, changing nothing, for unusable values. */
gboolean mip6_ha_set_limits (Mip6HomeAgent *ha, guint32 max_lifetime_s, guint max_bindings,
                             const struct in6_addr *allowed_hoas, guint n_allowed_hoas,
                             GError **error);

/* Event: a Binding Update arrived (§9.5.1, §10.3.1, §10.3.2). May append
 * SEND_BA, START_DAD, TUNNEL_*, PROXY_ND_*, BINDING_CACHE_CHANGED and
 * ARM_TIMER. Home registration is answered whatever the A flag says
 * (§10.3.1, §10.3.2); a BU failing the §9.5.1 validity tests is silently
 * discarded and counted. */
void mip6_ha_on_binding_update (Mip6HomeAgent *ha, const Mip6HaBindingUpdate *bu, gint64 now,
                                GArray *actions);

/* Event: DAD for @hoa (asked for by START_DAD) finished. Ignored when no
 * registration waits for it. */
void mip6_ha_on_dad_result (Mip6HomeAgent *ha, const struct in6_addr *hoa, Mip6HaDadResult result,
                            gint64 now, GArray *actions);

/* Event: the timer armed by ARM_TIMER fired (early or late calls are
 * harmless). Expires bindings (TUNNEL_DEL, PROXY_ND_DEL), gives up on DAD
 * that did not answer in time (BA 128), sends Binding Refresh Requests. */
void mip6_ha_on_timer (Mip6HomeAgent *ha, gint64 now, GArray *actions);

/* Event: a packet from @src to @dst carried a Home Address option with
 * @hoa (not a Binding Update: those are checked by the BU event). Returns
 * TRUE when a binding for @hoa with care-of address @src exists and the
 * packet may be processed; otherwise the packet must be discarded and,
 * when it was addressed to this node from a unicast source, SEND_BE
 * status 1 is appended within the rate limit (§9.3.1, §9.3.3). */
gboolean mip6_ha_on_hao_packet (Mip6HomeAgent *ha, const struct in6_addr *src,
                                const struct in6_addr *dst, const struct in6_addr *hoa, gint64 now,
                                GArray *actions);

/* Event: a Mobility Header with an MH Type this node does not know (§9.2).
 * @hoa: the Home Address option of that packet, or NULL. Appends SEND_BE
 * status 2 under the conditions of mip6_ha_on_hao_packet(). */
void mip6_ha_on_unknown_mh_type (Mip6HomeAgent *ha, const struct in6_addr *src,
                                 const struct in6_addr *dst, const struct in6_addr *hoa,
                                 guint8 mh_type, gint64 now, GArray *actions);

typedef enum
{
  MIP6_HA_MH_BAD_PAYLOAD_PROTO, /* Payload Proto is not IPPROTO_NONE */
  MIP6_HA_MH_BAD_HEADER_LEN,    /* Header Len too short for the MH Type */
} Mip6HaMalformedMh;

/* Event: a Mobility Header from @src to @dst that §9.2 says to discard
 * with an ICMP Parameter Problem. Appends SEND_PARAM_PROBLEM pointing at
 * the offending field, under the conditions of mip6_ha_on_hao_packet(). */
void mip6_ha_on_malformed_mh (Mip6HomeAgent *ha, const struct in6_addr *src,
                              const struct in6_addr *dst, Mip6HaMalformedMh what, gint64 now,
                              GArray *actions);

/* Event: the valid/preferred lifetime of a configured home prefix changed
 * (e.g. a new Router Advertisement). Bindings on it are shortened to the
 * new valid lifetime; once it has ended they are removed (§10.3.1). */
void mip6_ha_on_prefix_lifetime (Mip6HomeAgent *ha, const struct in6_addr *prefix, guint plen,
                                 gint64 valid_until, gint64 preferred_until, gint64 now,
                                 GArray *actions);

/* The earliest time mip6_ha_on_timer() has work, or MIP6_BC_NEVER. */
gint64 mip6_ha_next_deadline (Mip6HomeAgent *ha);

/* The addresses a binding defends on the home link by proxy ND (§10.4.1):
 * the home address, and with the L flag the link-local address with its
 * interface identifier (§10.3.1). Returns how many of @out it filled. */
guint mip6_ha_defended_addresses (const Mip6BindingCacheEntry *e, struct in6_addr out[2]);

/* The binding cache, for listing (read only). */
Mip6BindingCache *mip6_ha_get_binding_cache (Mip6HomeAgent *ha);

guint64 mip6_ha_get_stat (Mip6HomeAgent *ha, Mip6HaStat stat);

/* For the daemon to count messages the codec refused (MALFORMED,
 * TRUNCATED, CHECKSUM) so that `mip6ctl stats` shows every drop. */
void mip6_ha_count (Mip6HomeAgent *ha, Mip6HaStat stat);

/* A new GArray for the actions of one event call. */
GArray *mip6_ha_actions_new (void);

G_END_DECLS
