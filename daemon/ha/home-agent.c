/* home-agent.c: the home agent's protocol core (RFC 6275 §9.5.1, §10.3,
 * §10.4.1), as a state machine fed with events and returning actions.
 *
 * Choices where the RFC leaves room, each noted again beside its code:
 * - This node has no correspondent-node (route optimization) function, so a
 *   Binding Update without the H flag cannot pass the authorization test of
 *   §9.5.1 (no return routability state to check its Binding Authorization
 *   Data against): it is silently discarded and counted.
 * - 133 is answered where §10.3.2 says so: a deregistration for which there
 *   is no home registration. A home address outside every home prefix is
 *   132 (§10.3.1); refusal by allow-list or policy is 129; capacity is 130.
 * - The granted lifetime is rounded down to a multiple of 4 s so that the
 *   entry expires exactly when the BA (in 4 s units) says.
 * - 128 answers a registration whose DAD could not run or did not report
 *   in time.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "home-agent.h"

#include "mip6-addr.h"

#include <arpa/inet.h>
#include <glib/gi18n.h>
#include <string.h>

GQuark
mip6_ha_error_quark (void)
{
  return g_quark_from_static_string ("mip6-ha-error-quark");
}

struct _Mip6HomeAgent
{
  Mip6HaConfig config; /* arrays below are our own copies */
  Mip6HaHomePrefix *prefixes;
  struct in6_addr *own_addrs;
  struct in6_addr *allowed_hoas;
  Mip6BindingCache *bc;
  gint64 armed; /* the deadline last announced with ARM_TIMER */
  /* Error rate limit (§9.3.3): tokens left, and when the last came back. */
  guint error_tokens;
  gint64 error_refilled;
  guint64 stats[MIP6_HA_N_STATS];
};

static const char *const stat_names[MIP6_HA_N_STATS] = {
  [MIP6_HA_STAT_BU_RCVD] = "bind_updates_rcvd",
  [MIP6_HA_STAT_BA_SENT] = "bind_acks_sent",
  [MIP6_HA_STAT_BA_ACCEPTED] = "bind_acks_sent_0_accepted",
  [MIP6_HA_STAT_BA_128] = "bind_acks_sent_128_unspecified",
  [MIP6_HA_STAT_BA_129] = "bind_acks_sent_129_admin_prohibited",
  [MIP6_HA_STAT_BA_130] = "bind_acks_sent_130_insufficient_resources",
  [MIP6_HA_STAT_BA_131] = "bind_acks_sent_131_home_reg_not_supported",
  [MIP6_HA_STAT_BA_132] = "bind_acks_sent_132_not_home_subnet",
  [MIP6_HA_STAT_BA_133] = "bind_acks_sent_133_not_home_agent",
  [MIP6_HA_STAT_BA_134] = "bind_acks_sent_134_dad_failed",
  [MIP6_HA_STAT_BA_135] = "bind_acks_sent_135_seq_out_of_window",
  [MIP6_HA_STAT_BE_SENT] = "bind_errors_sent",
  [MIP6_HA_STAT_BRR_SENT] = "bind_refresh_requests_sent",
  [MIP6_HA_STAT_BINDINGS_EXPIRED] = "bindings_expired",
  [MIP6_HA_STAT_DROPPED_NOT_HOME_REG] = "dropped_not_home_registration",
  [MIP6_HA_STAT_DROPPED_NONCE_IN_HOME_REG] = "dropped_nonce_in_home_registration",
  [MIP6_HA_STAT_DROPPED_BAD_ADDRESS] = "dropped_bad_address",
  [MIP6_HA_STAT_DROPPED_NO_HAO] = "dropped_no_home_address_option",
  [MIP6_HA_STAT_DROPPED_NOT_FOR_US] = "dropped_not_for_us",
  [MIP6_HA_STAT_DROPPED_DAD_IN_PROGRESS] = "dropped_dad_in_progress",
  [MIP6_HA_STAT_DROPPED_MALFORMED] = "dropped_malformed",
  [MIP6_HA_STAT_DROPPED_TRUNCATED] = "dropped_truncated",
  [MIP6_HA_STAT_DROPPED_CHECKSUM] = "dropped_checksum",
  [MIP6_HA_STAT_PARAM_PROBLEM_SENT] = "param_problems_sent",
  [MIP6_HA_STAT_ERRORS_RATE_LIMITED] = "errors_rate_limited",
  [MIP6_HA_STAT_ERRORS_NOT_SENT] = "errors_not_sent",
  [MIP6_HA_STAT_DROPPED_HAO_NO_BINDING] = "dropped_hao_no_binding",
};

const char *
mip6_ha_removal_reason_name (Mip6HaRemovalReason reason)
{
  switch (reason)
    {
    case MIP6_HA_REMOVED_DEREGISTERED:
      return "deregistered";
    case MIP6_HA_REMOVED_EXPIRED:
      return "expired";
    case MIP6_HA_REMOVED_PREFIX_EXPIRED:
      return "prefix-expired";
    case MIP6_HA_REMOVED_REFUSED:
      return "refused";
    }
  return "unknown";
}

const char *
mip6_ha_stat_name (Mip6HaStat stat)
{
  g_return_val_if_fail (stat < MIP6_HA_N_STATS, NULL);
  return stat_names[stat];
}

void
mip6_ha_config_init (Mip6HaConfig *config)
{
  memset (config, 0, sizeof *config);
  config->home_registration = TRUE;
  config->max_lifetime_s = 3600;
  config->max_bindings = 128;
  config->refresh_advice = TRUE;
  config->send_brr = TRUE;
  config->key_mgmt_mobility = FALSE;
  config->dad_timeout_us = 5 * G_USEC_PER_SEC;
  config->error_burst = 10;
  config->error_interval_us = G_USEC_PER_SEC / 10;
}

GArray *
mip6_ha_actions_new (void)
{
  return g_array_new (FALSE, TRUE, sizeof (Mip6HaAction));
}

/* ---------------------------------------------------------------- helpers */

static void process_due (Mip6HomeAgent *ha, gint64 now, GArray *actions);

static gboolean
addr_eq (const struct in6_addr *a, const struct in6_addr *b)
{
  return memcmp (a, b, sizeof *a) == 0;
}

/* §9.5.1: home and care-of addresses must be unicast routable. */
static gboolean
unicast_routable (const struct in6_addr *a)
{
  return !IN6_IS_ADDR_UNSPECIFIED (a) && !IN6_IS_ADDR_LOOPBACK (a) && !IN6_IS_ADDR_MULTICAST (a) &&
         !IN6_IS_ADDR_LINKLOCAL (a) && !IN6_IS_ADDR_V4MAPPED (a);
}

static const Mip6HaHomePrefix *
find_home_prefix (Mip6HomeAgent *ha, const struct in6_addr *hoa, gint64 now)
{
  for (guint i = 0; i < ha->config.n_prefixes; i++)
    {
      const Mip6HaHomePrefix *p = &ha->prefixes[i];

      /* A prefix whose valid lifetime ended is no longer in the Prefix List. */
      if (p->valid_until > now && mip6_addr_in_prefix (hoa, &p->prefix, p->plen))
        return p;
    }
  return NULL;
}

/* On a home prefix with at least one 4 s lifetime unit left to grant. */
static gboolean
prefix_usable (Mip6HomeAgent *ha, const struct in6_addr *hoa, gint64 now)
{
  const Mip6HaHomePrefix *p = find_home_prefix (ha, hoa, now);

  return p != NULL &&
         (p->valid_until == MIP6_BC_NEVER || p->valid_until - now >= 4 * G_USEC_PER_SEC);
}

static gboolean
addr_in (const struct in6_addr *a, const struct in6_addr *list, guint n)
{
  for (guint i = 0; i < n; i++)
    if (addr_eq (a, &list[i]))
      return TRUE;
  return FALSE;
}

static Mip6HaAction *
push (GArray *actions, Mip6HaActionType type)
{
  Mip6HaAction a = { .type = type };

  g_array_append_val (actions, a);
  return &g_array_index (actions, Mip6HaAction, actions->len - 1);
}

static void
count_ba (Mip6HomeAgent *ha, guint8 status)
{
  ha->stats[MIP6_HA_STAT_BA_SENT]++;
  if (status == MIP6_BA_ACCEPTED)
    ha->stats[MIP6_HA_STAT_BA_ACCEPTED]++;
  else if (status >= 128 && status <= 135)
    ha->stats[MIP6_HA_STAT_BA_128 + (status - 128)]++;
}

/* §9.5.4, §6.4: the BA goes back to where the BU came from, with a type 2
 * routing header carrying the home address unless that is the home
 * address itself (deregistration from home). */
static void
send_ba (Mip6HomeAgent *ha, GArray *actions, const struct in6_addr *from, const struct in6_addr *to,
         const struct in6_addr *hoa, guint8 status, gboolean k, guint16 seq, guint32 lifetime_s,
         guint32 refresh_s)
{
  Mip6HaAction *a = push (actions, MIP6_HA_ACTION_SEND_BA);

  a->u.ba.src = *from;
  a->u.ba.dst = *to;
  a->u.ba.hoa = *hoa;
  a->u.ba.rh2 = !addr_eq (to, hoa);
  a->u.ba.status = status;
  a->u.ba.k_flag = k;
  a->u.ba.sequence = seq;
  a->u.ba.lifetime_s = lifetime_s;
  a->u.ba.refresh_s = refresh_s;
  count_ba (ha, status);
}

static void
send_ba_error (Mip6HomeAgent *ha, GArray *actions, const Mip6HaBindingUpdate *bu,
               const struct in6_addr *hoa, guint8 status, guint16 seq)
{
  /* §6.1.8: the Lifetime of a rejected BU is undefined; send 0. K is only
   * meaningful on acceptance. */
  send_ba (ha, actions, &bu->dst, &bu->src, hoa, status, FALSE, seq, 0, 0);
}

static void
cache_changed (GArray *actions)
{
  push (actions, MIP6_HA_ACTION_BINDING_CACHE_CHANGED);
}

/* Removes the entry of @hoa and says why, so that the daemon reports each
 * removal with its own reason even when one event removes several. */
static void
remove_entry (Mip6HomeAgent *ha, const struct in6_addr *hoa, Mip6HaRemovalReason reason,
              GArray *actions)
{
  Mip6HaAction *a = push (actions, MIP6_HA_ACTION_BINDING_REMOVED);

  a->u.removed.hoa = *hoa;
  a->u.removed.reason = reason;
  mip6_binding_cache_remove (ha->bc, hoa);
}

/* Local policy of §10.3.1 ("any other reason", 129): the allow-list and
 * the policy callback. */
static gboolean
hoa_allowed (Mip6HomeAgent *ha, const struct in6_addr *hoa, const struct in6_addr *coa)
{
  return (ha->config.n_allowed_hoas == 0 ||
          addr_in (hoa, ha->allowed_hoas, ha->config.n_allowed_hoas)) &&
         (ha->config.policy == NULL || ha->config.policy (hoa, coa, ha->config.policy_data));
}

/* Appended last by every event: tells the daemon when to call us again. */
static void
rearm (Mip6HomeAgent *ha, GArray *actions)
{
  gint64 next = mip6_binding_cache_next_deadline (ha->bc);

  if (next != ha->armed)
    {
      push (actions, MIP6_HA_ACTION_ARM_TIMER)->u.timer.when = next;
      ha->armed = next;
    }
}

guint
mip6_ha_defended_addresses (const Mip6BindingCacheEntry *e, struct in6_addr out[2])
{
  out[0] = e->hoa;
  if (!(e->flags & MIP6_BU_FLAG_L))
    return 1;
  out[1] = mip6_addr_link_local_of (&e->hoa);
  return 2;
}

/* One action of @type per address the binding defends on the home link. */
static void
push_per_address (GArray *actions, Mip6HaActionType type, const Mip6BindingCacheEntry *e)
{
  struct in6_addr addrs[2];
  guint n = mip6_ha_defended_addresses (e, addrs);

  for (guint i = 0; i < n; i++)
    push (actions, type)->u.proxy.addr = addrs[i];
}

static void
remove_datapath (GArray *actions, const Mip6BindingCacheEntry *e)
{
  Mip6HaAction *a;

  /* §10.3.2: stop intercepting packets for the home address first, then
   * drop the tunnel. */
  push_per_address (actions, MIP6_HA_ACTION_PROXY_ND_DEL, e);
  a = push (actions, MIP6_HA_ACTION_TUNNEL_DEL);
  a->u.tunnel.hoa = e->hoa;
  a->u.tunnel.coa = e->coa;
  a->u.tunnel.local = e->ha_addr;
}

/* §10.3.1 lifetime rules: not more than asked, not more than the remaining
 * valid lifetime of the home prefix, not more than local policy. Rounded
 * down to whole 4 s units. 0: the prefix is (nearly) gone. */
static guint32
grant_lifetime (Mip6HomeAgent *ha, const Mip6BindingCacheEntry *e, guint16 units, gint64 now)
{
  const Mip6HaHomePrefix *p = find_home_prefix (ha, &e->hoa, now);
  guint64 s = (guint64) units * MIP6_MH_LIFETIME_UNIT_S;

  if (p == NULL)
    return 0;
  s = MIN (s, ha->config.max_lifetime_s);
  if (p->valid_until != MIP6_BC_NEVER)
    s = MIN (s, (guint64) ((p->valid_until - now) / G_USEC_PER_SEC));
  return (guint32) (s - s % MIP6_MH_LIFETIME_UNIT_S);
}

/* §10.3.1: a Binding Refresh Advice interval must be less than the
 * lifetime; ask for a refresh after 3/4 of it. */
static guint32
refresh_interval (Mip6HomeAgent *ha, guint32 lifetime_s)
{
  guint32 r;

  if (!ha->config.refresh_advice)
    return 0;
  r = lifetime_s / 4 * 3;
  r -= r % MIP6_MH_LIFETIME_UNIT_S;
  return r < lifetime_s ? r : 0;
}

/* Accepts the registration in @e (its coa, sequence, flags, bu_src and
 * ha_addr already hold the BU's values): sets lifetime and timers, answers
 * 0. Returns FALSE when no lifetime can be granted (the caller answers). */
static gboolean
accept_registration (Mip6HomeAgent *ha, Mip6BindingCacheEntry *e, guint16 units, gint64 now,
                     GArray *actions)
{
  guint32 lifetime = grant_lifetime (ha, e, units, now);
  gboolean k;

  if (lifetime == 0)
    return FALSE;
  e->lifetime_s = lifetime;
  e->refreshed = now;
  e->expires = now + (gint64) lifetime * G_USEC_PER_SEC;
  /* §9.5.5: a Binding Refresh Request when 1/8 of the lifetime is left. */
  e->brr_at =
      ha->config.send_brr ? e->expires - (gint64) lifetime * G_USEC_PER_SEC / 8 : MIP6_BC_NEVER;
  k = ha->config.key_mgmt_mobility && (e->flags & MIP6_BU_FLAG_K);
  send_ba (ha, actions, &e->ha_addr, &e->bu_src, &e->hoa, MIP6_BA_ACCEPTED, k, e->sequence,
           lifetime, refresh_interval (ha, lifetime));
  return TRUE;
}

/* A pending registration whose DAD said the address is free. */
static void
complete_registration (Mip6HomeAgent *ha, Mip6BindingCacheEntry *e, gint64 now, GArray *actions)
{
  Mip6HaAction *a;
  GArray *ba = mip6_ha_actions_new ();

  if (!accept_registration (ha, e, e->requested_lifetime_units, now, ba))
    {
      /* The home prefix expired while DAD ran. */
      send_ba (ha, actions, &e->ha_addr, &e->bu_src, &e->hoa, MIP6_BA_NOT_HOME_SUBNET, FALSE,
               e->sequence, 0, 0);
      remove_entry (ha, &e->hoa, MIP6_HA_REMOVED_REFUSED, actions);
      cache_changed (actions);
      g_array_unref (ba);
      return;
    }
  e->state = MIP6_BCE_REGISTERED;
  e->registered = now;

  /* §10.4.1: intercept and tunnel before telling the MN it is accepted. */
  push_per_address (actions, MIP6_HA_ACTION_PROXY_ND_ADD, e);
  a = push (actions, MIP6_HA_ACTION_TUNNEL_ADD);
  a->u.tunnel.hoa = e->hoa;
  a->u.tunnel.coa = e->coa;
  a->u.tunnel.local = e->ha_addr;
  g_array_append_vals (actions, ba->data, ba->len);
  g_array_unref (ba);
  cache_changed (actions);
}

/* Copies what the BU asks for into @e. */
static void
store_bu (Mip6BindingCacheEntry *e, const Mip6HaBindingUpdate *bu, const struct in6_addr *coa)
{
  e->coa = *coa;
  e->ha_addr = bu->dst;
  e->bu_src = bu->src;
  e->sequence = bu->sequence;
  e->flags = bu->flags;
  e->requested_lifetime_units = bu->lifetime_units;
}

/* ---------------------------------------------------------------- life cycle */

static gboolean
check_limits (guint32 max_lifetime_s, guint max_bindings, GError **error)
{
  if (max_lifetime_s < 4)
    {
      g_set_error (error, MIP6_HA_ERROR, MIP6_HA_ERROR_CONFIG,
                   _ ("Home agent: maximum binding lifetime %u s is shorter than the 4 s unit of "
                      "a Binding Acknowledgement; set it to 4 s or more"),
                   max_lifetime_s);
      return FALSE;
    }
  if (max_bindings == 0)
    {
      g_set_error (error, MIP6_HA_ERROR, MIP6_HA_ERROR_CONFIG,
                   _ ("Home agent: maximum number of bindings is 0, so no mobile node could "
                      "register; set it to 1 or more"));
      return FALSE;
    }
  return TRUE;
}

Mip6HomeAgent *
mip6_ha_new (const Mip6HaConfig *config, GError **error)
{
  Mip6HomeAgent *ha;

  if (!check_limits (config->max_lifetime_s, config->max_bindings, error))
    return NULL;
  if (config->dad_timeout_us <= 0)
    {
      g_set_error (error, MIP6_HA_ERROR, MIP6_HA_ERROR_CONFIG,
                   _ ("Home agent: DAD timeout must be positive, or no registration could ever "
                      "complete; a few seconds is usual"));
      return NULL;
    }
  for (guint i = 0; i < config->n_prefixes; i++)
    {
      guint plen = config->prefixes[i].plen;

      if (plen == 0 || plen > 128)
        {
          char buf[INET6_ADDRSTRLEN];

          inet_ntop (AF_INET6, &config->prefixes[i].prefix, buf, sizeof buf);
          g_set_error (error, MIP6_HA_ERROR, MIP6_HA_ERROR_CONFIG,
                       _ ("Home agent: home prefix %s/%u has an invalid length; use 1 to 128 "
                          "(usually 64)"),
                       buf, plen);
          return NULL;
        }
    }

  ha = g_new0 (Mip6HomeAgent, 1);
  ha->config = *config;
  ha->prefixes = g_memdup2 (config->prefixes, sizeof (Mip6HaHomePrefix) * config->n_prefixes);
  ha->own_addrs = g_memdup2 (config->own_addrs, sizeof (struct in6_addr) * config->n_own_addrs);
  ha->allowed_hoas =
      g_memdup2 (config->allowed_hoas, sizeof (struct in6_addr) * config->n_allowed_hoas);
  ha->config.prefixes = ha->prefixes;
  ha->config.own_addrs = ha->own_addrs;
  ha->config.allowed_hoas = ha->allowed_hoas;
  ha->bc = mip6_binding_cache_new ();
  ha->armed = MIP6_BC_NEVER;
  ha->error_tokens = config->error_burst;
  return ha;
}

gboolean
mip6_ha_set_limits (Mip6HomeAgent *ha, guint32 max_lifetime_s, guint max_bindings,
                    const struct in6_addr *allowed_hoas, guint n_allowed_hoas, GError **error)
{
  if (!check_limits (max_lifetime_s, max_bindings, error))
    return FALSE;
  ha->config.max_lifetime_s = max_lifetime_s;
  ha->config.max_bindings = max_bindings;
  g_free (ha->allowed_hoas);
  ha->allowed_hoas = g_memdup2 (allowed_hoas, sizeof (struct in6_addr) * n_allowed_hoas);
  ha->config.allowed_hoas = ha->allowed_hoas;
  ha->config.n_allowed_hoas = n_allowed_hoas;
  return TRUE;
}

void
mip6_ha_free (Mip6HomeAgent *ha)
{
  if (ha == NULL)
    return;
  mip6_binding_cache_free (ha->bc);
  g_free (ha->prefixes);
  g_free (ha->own_addrs);
  g_free (ha->allowed_hoas);
  g_free (ha);
}

/* ---------------------------------------------------------------- events */

static void
deregister (Mip6HomeAgent *ha, const Mip6HaBindingUpdate *bu, const struct in6_addr *hoa,
            Mip6BindingCacheEntry *e, GArray *actions)
{
  /* §10.3.2: no home registration for this MN → 133. A registration still
   * waiting for DAD was never accepted; it is abandoned. */
  if (e == NULL || e->state != MIP6_BCE_REGISTERED)
    {
      if (e != NULL)
        {
          remove_entry (ha, hoa, MIP6_HA_REMOVED_DEREGISTERED, actions);
          cache_changed (actions);
        }
      send_ba_error (ha, actions, bu, hoa, MIP6_BA_NOT_HOME_AGENT, bu->sequence);
      return;
    }

  remove_datapath (actions, e);
  remove_entry (ha, hoa, MIP6_HA_REMOVED_DEREGISTERED, actions);
  /* §10.3.2: status 0, Sequence Number copied, Lifetime 0. */
  send_ba (ha, actions, &bu->dst, &bu->src, hoa, MIP6_BA_ACCEPTED,
           ha->config.key_mgmt_mobility && (bu->flags & MIP6_BU_FLAG_K), bu->sequence, 0, 0);
  cache_changed (actions);
}

static void
register_new (Mip6HomeAgent *ha, const Mip6HaBindingUpdate *bu, const struct in6_addr *hoa,
              const struct in6_addr *coa, gint64 now, GArray *actions)
{
  Mip6BindingCacheEntry *e;

  /* Rejections in the order of §10.3.1: not on-link → 132; then "any
   * other reason" (this HA's own address, policy, resources). */
  if (!prefix_usable (ha, hoa, now))
    {
      send_ba_error (ha, actions, bu, hoa, MIP6_BA_NOT_HOME_SUBNET, bu->sequence);
      return;
    }
  /* The home agent itself uses this address: DAD can only fail. */
  if (addr_in (hoa, ha->own_addrs, ha->config.n_own_addrs))
    {
      send_ba_error (ha, actions, bu, hoa, MIP6_BA_DAD_FAILED, bu->sequence);
      return;
    }
  if ((ha->config.n_allowed_hoas > 0 &&
       !addr_in (hoa, ha->allowed_hoas, ha->config.n_allowed_hoas)) ||
      (ha->config.policy != NULL && !ha->config.policy (hoa, coa, ha->config.policy_data)))
    {
      send_ba_error (ha, actions, bu, hoa, MIP6_BA_PROHIBITED, bu->sequence);
      return;
    }
  if (mip6_binding_cache_size (ha->bc) >= ha->config.max_bindings)
    {
      send_ba_error (ha, actions, bu, hoa, MIP6_BA_INSUFFICIENT_RESOURCES, bu->sequence);
      return;
    }

  /* §10.3.1, §10.4.1: no binding yet for this home address, so DAD on the
   * home link (and for the link-local address when L is set) before
   * accepting. */
  e = mip6_binding_cache_insert (ha->bc, hoa);
  store_bu (e, bu, coa);
  e->state = MIP6_BCE_PENDING_DAD;
  e->expires = now + ha->config.dad_timeout_us; /* DAD must answer by then */
  e->dad_waiting = MIP6_BCE_DAD_HOME_ADDRESS;
  push (actions, MIP6_HA_ACTION_START_DAD)->u.dad.addr = *hoa;
  if (bu->flags & MIP6_BU_FLAG_L)
    {
      e->dad_waiting |= MIP6_BCE_DAD_LINK_LOCAL;
      push (actions, MIP6_HA_ACTION_START_DAD)->u.dad.addr = mip6_addr_link_local_of (hoa);
    }
  cache_changed (actions);
}

void
mip6_ha_on_binding_update (Mip6HomeAgent *ha, const Mip6HaBindingUpdate *bu, gint64 now,
                           GArray *actions)
{
  const struct in6_addr *hoa, *coa;
  Mip6BindingCacheEntry *e;
  gboolean dereg;

  ha->stats[MIP6_HA_STAT_BU_RCVD]++;
  /* The timer may fire late: what has expired must not be refreshed. */
  process_due (ha, now, actions);

  /* §9.5.1: the home address is in the Home Address option, or the source
   * address without one; the care-of address is the source address unless
   * an Alternate Care-of Address option says otherwise. */
  hoa = bu->has_hao ? &bu->hao : &bu->src;
  coa = bu->has_alt_coa ? &bu->alt_coa : &bu->src;

  if (!unicast_routable (hoa) || !unicast_routable (coa))
    {
      ha->stats[MIP6_HA_STAT_DROPPED_BAD_ADDRESS]++;
      goto out;
    }
  /* No route optimization here: a correspondent registration cannot be
   * authorized (§9.5.1 first test, §5.2), so it is silently discarded. */
  if (!(bu->flags & MIP6_BU_FLAG_H))
    {
      ha->stats[MIP6_HA_STAT_DROPPED_NOT_HOME_REG]++;
      goto out;
    }
  /* §9.5.1: with H set, a Nonce Indices option must not be present. */
  if (bu->has_nonce_indices)
    {
      ha->stats[MIP6_HA_STAT_DROPPED_NONCE_IN_HOME_REG]++;
      goto out;
    }
  if (ha->config.n_own_addrs > 0 && !addr_in (&bu->dst, ha->own_addrs, ha->config.n_own_addrs))
    {
      ha->stats[MIP6_HA_STAT_DROPPED_NOT_FOR_US]++;
      goto out;
    }

  /* §9.5.1, §10.3.2: Lifetime 0 or care-of address = home address asks to
   * delete the binding. */
  dereg = bu->lifetime_units == 0 || addr_eq (coa, hoa);

  /* §10.3.1: a registration must carry a Home Address option. */
  if (!dereg && !bu->has_hao)
    {
      ha->stats[MIP6_HA_STAT_DROPPED_NO_HAO]++;
      goto out;
    }

  /* §10.3.1, §10.3.2 first test: not a home agent → 131. */
  if (!ha->config.home_registration)
    {
      send_ba_error (ha, actions, bu, hoa, MIP6_BA_HOME_REG_NOT_SUPPORTED, bu->sequence);
      goto out;
    }

  e = mip6_binding_cache_lookup (ha->bc, hoa);

  /* §9.5.1: compared with the last accepted Sequence Number modulo 2^16;
   * without a binding any value is accepted. The BA carries the last
   * accepted number so that the MN can catch up. */
  if (e != NULL && e->state == MIP6_BCE_REGISTERED &&
      !mip6_sequence_greater (bu->sequence, e->sequence))
    {
      send_ba_error (ha, actions, bu, hoa, MIP6_BA_SEQUENCE_OUT_OF_WINDOW, e->sequence);
      goto out;
    }

  if (dereg)
    {
      deregister (ha, bu, hoa, e, actions);
      goto out;
    }

  if (e == NULL)
    {
      register_new (ha, bu, hoa, coa, now, actions);
      goto out;
    }

  if (e->state == MIP6_BCE_PENDING_DAD)
    {
      /* DAD already runs for this address: a retransmission is answered
       * when it ends. Only a newer BU replaces the one waiting; an older
       * one, reordered on the way, is out of window like any Sequence
       * Number not greater than the last valid BU's (§9.5.1). */
      if (bu->sequence == e->sequence)
        ha->stats[MIP6_HA_STAT_DROPPED_DAD_IN_PROGRESS]++;
      else if (!mip6_sequence_greater (bu->sequence, e->sequence))
        send_ba_error (ha, actions, bu, hoa, MIP6_BA_SEQUENCE_OUT_OF_WINDOW, e->sequence);
      else
        {
          gboolean had_l = (e->flags & MIP6_BU_FLAG_L) != 0;

          store_bu (e, bu, coa);
          /* The newer BU may ask for the link-local address as well. */
          if (!had_l && (bu->flags & MIP6_BU_FLAG_L))
            {
              e->dad_waiting |= MIP6_BCE_DAD_LINK_LOCAL;
              push (actions, MIP6_HA_ACTION_START_DAD)->u.dad.addr = mip6_addr_link_local_of (hoa);
            }
        }
      goto out;
    }

  /* An existing home registration: refresh or move, no DAD (§10.3.1 asks
   * for DAD only when there is no binding for the home address yet). */
  {
    struct in6_addr old_coa = e->coa;
    Mip6BindingCacheEntry saved = *e;
    GArray *ba;

    /* A refresh is a new registration (§10.3.1): an address no longer
     * allowed is refused, and its binding runs to its granted end. */
    if (!hoa_allowed (ha, hoa, coa))
      {
        send_ba_error (ha, actions, bu, hoa, MIP6_BA_PROHIBITED, bu->sequence);
        goto out;
      }
    ba = mip6_ha_actions_new ();
    store_bu (e, bu, coa);
    if (!accept_registration (ha, e, bu->lifetime_units, now, ba))
      {
        /* The home prefix expired: the binding cannot be renewed. */
        *e = saved;
        send_ba_error (ha, actions, bu, hoa, MIP6_BA_NOT_HOME_SUBNET, bu->sequence);
        g_array_unref (ba);
        goto out;
      }
    if (!addr_eq (&old_coa, coa))
      {
        Mip6HaAction *a = push (actions, MIP6_HA_ACTION_TUNNEL_UPDATE);

        a->u.tunnel.hoa = *hoa;
        a->u.tunnel.coa = *coa;
        a->u.tunnel.local = e->ha_addr;
      }
    g_array_append_vals (actions, ba->data, ba->len);
    g_array_unref (ba);
    cache_changed (actions);
  }

out:
  rearm (ha, actions);
}

/* The pending registration whose DAD for @addr runs, and which of its
 * DADs that is. */
static Mip6BindingCacheEntry *
find_dad (Mip6HomeAgent *ha, const struct in6_addr *addr, guint *which)
{
  Mip6BindingCacheEntry *e = mip6_binding_cache_lookup (ha->bc, addr);
  g_autoptr (GPtrArray) list = NULL;

  if (e != NULL && e->state == MIP6_BCE_PENDING_DAD)
    {
      *which = MIP6_BCE_DAD_HOME_ADDRESS;
      return e;
    }
  if (!IN6_IS_ADDR_LINKLOCAL (addr))
    return NULL;
  list = mip6_binding_cache_list (ha->bc);
  for (guint i = 0; i < list->len; i++)
    {
      struct in6_addr ll;

      e = g_ptr_array_index (list, i);
      ll = mip6_addr_link_local_of (&e->hoa);
      if (e->state == MIP6_BCE_PENDING_DAD && (e->dad_waiting & MIP6_BCE_DAD_LINK_LOCAL) &&
          addr_eq (&ll, addr))
        {
          *which = MIP6_BCE_DAD_LINK_LOCAL;
          return e;
        }
    }
  return NULL;
}

void
mip6_ha_on_dad_result (Mip6HomeAgent *ha, const struct in6_addr *addr, Mip6HaDadResult result,
                       gint64 now, GArray *actions)
{
  Mip6BindingCacheEntry *e;
  guint which = 0;

  process_due (ha, now, actions);
  e = find_dad (ha, addr, &which);
  if (e == NULL || !(e->dad_waiting & which))
    goto out;

  if (result == MIP6_HA_DAD_OK)
    {
      e->dad_waiting &= ~which;
      if (e->dad_waiting == 0)
        complete_registration (ha, e, now, actions);
      goto out;
    }
  /* §10.3.1: DAD failed for the home address or its link-local address
   * → reject the whole BU with 134. */
  send_ba (ha, actions, &e->ha_addr, &e->bu_src, &e->hoa,
           result == MIP6_HA_DAD_DUPLICATE ? MIP6_BA_DAD_FAILED : MIP6_BA_UNSPECIFIED, FALSE,
           e->sequence, 0, 0);
  {
    struct in6_addr gone = e->hoa;

    remove_entry (ha, &gone, MIP6_HA_REMOVED_REFUSED, actions);
  }
  cache_changed (actions);

out:
  rearm (ha, actions);
}

/* Expires what is due at @now, without re-arming. */
static void
process_due (Mip6HomeAgent *ha, gint64 now, GArray *actions)
{
  g_autoptr (GPtrArray) list = mip6_binding_cache_list (ha->bc);
  gboolean changed = FALSE;

  for (guint i = 0; i < list->len; i++)
    {
      Mip6BindingCacheEntry *e = g_ptr_array_index (list, i);

      if (e->expires <= now)
        {
          Mip6HaRemovalReason reason = MIP6_HA_REMOVED_REFUSED;

          if (e->state == MIP6_BCE_PENDING_DAD)
            {
              /* DAD never reported: unspecified failure. */
              send_ba (ha, actions, &e->ha_addr, &e->bu_src, &e->hoa, MIP6_BA_UNSPECIFIED, FALSE,
                       e->sequence, 0, 0);
            }
          else
            {
              /* §10.3.1: the entry MUST be deleted when its lifetime ends,
               * which the end of its home prefix's valid lifetime may have
               * brought forward. */
              remove_datapath (actions, e);
              ha->stats[MIP6_HA_STAT_BINDINGS_EXPIRED]++;
              reason = find_home_prefix (ha, &e->hoa, now) == NULL ? MIP6_HA_REMOVED_PREFIX_EXPIRED
                                                                   : MIP6_HA_REMOVED_EXPIRED;
            }
          remove_entry (ha, &e->hoa, reason, actions);
          changed = TRUE;
          continue;
        }
      if (e->brr_at <= now)
        {
          Mip6HaAction *a = push (actions, MIP6_HA_ACTION_SEND_BRR);

          a->u.brr.src = e->ha_addr;
          a->u.brr.dst = e->coa;
          a->u.brr.hoa = e->hoa;
          ha->stats[MIP6_HA_STAT_BRR_SENT]++;
          e->brr_at = MIP6_BC_NEVER; /* once per registration */
        }
    }
  if (changed)
    cache_changed (actions);
}

void
mip6_ha_on_timer (Mip6HomeAgent *ha, gint64 now, GArray *actions)
{
  process_due (ha, now, actions);
  rearm (ha, actions);
}

/* Whether an error message about a packet from @src to @dst may go out
 * now. §9.3.3: a Binding Error goes to the offending packet's source,
 * never to a multicast (or unspecified) one, from a unicast address of
 * this node, and at a limited rate; the same holds for the ICMP errors of
 * RFC 4443 §2.4. Packets this node only forwards are none of its
 * business: the error is for packets addressed to it. */
static gboolean
may_send_error (Mip6HomeAgent *ha, const struct in6_addr *src, const struct in6_addr *dst,
                gint64 now)
{
  gint64 interval = ha->config.error_interval_us;

  if (IN6_IS_ADDR_MULTICAST (src) || IN6_IS_ADDR_UNSPECIFIED (src) || IN6_IS_ADDR_MULTICAST (dst) ||
      IN6_IS_ADDR_UNSPECIFIED (dst) ||
      (ha->config.n_own_addrs > 0 && !addr_in (dst, ha->own_addrs, ha->config.n_own_addrs)))
    {
      ha->stats[MIP6_HA_STAT_ERRORS_NOT_SENT]++;
      return FALSE;
    }
  if (interval <= 0)
    return TRUE;
  if (now > ha->error_refilled)
    {
      gint64 earned = (now - ha->error_refilled) / interval;

      if (earned > 0)
        {
          ha->error_tokens =
              (guint) MIN ((gint64) ha->config.error_burst, (gint64) ha->error_tokens + earned);
          ha->error_refilled += earned * interval;
        }
      if (ha->error_tokens == ha->config.error_burst)
        ha->error_refilled = now;
    }
  if (ha->error_tokens == 0)
    {
      ha->stats[MIP6_HA_STAT_ERRORS_RATE_LIMITED]++;
      return FALSE;
    }
  ha->error_tokens--;
  return TRUE;
}

static void
send_be (Mip6HomeAgent *ha, const struct in6_addr *src, const struct in6_addr *dst,
         const struct in6_addr *hoa, guint8 status, gint64 now, GArray *actions)
{
  Mip6HaAction *a;

  if (!may_send_error (ha, src, dst, now))
    return;
  /* §9.3.3: to the packet's source, from the address it was sent to. */
  a = push (actions, MIP6_HA_ACTION_SEND_BE);
  a->u.be.src = *dst;
  a->u.be.dst = *src;
  if (hoa != NULL)
    a->u.be.hoa = *hoa;
  a->u.be.status = status;
  ha->stats[MIP6_HA_STAT_BE_SENT]++;
}

gboolean
mip6_ha_on_hao_packet (Mip6HomeAgent *ha, const struct in6_addr *src, const struct in6_addr *dst,
                       const struct in6_addr *hoa, gint64 now, GArray *actions)
{
  Mip6BindingCacheEntry *e = mip6_binding_cache_lookup (ha->bc, hoa);

  /* §9.3.1: only a binding of this home address to this very care-of
   * address makes the option acceptable. */
  if (e != NULL && e->state == MIP6_BCE_REGISTERED && e->expires > now && addr_eq (&e->coa, src))
    return TRUE;

  ha->stats[MIP6_HA_STAT_DROPPED_HAO_NO_BINDING]++;
  /* An option whose address could never have a binding (multicast,
   * link-local...) is invalid, not unknown: dropped without an answer. */
  if (unicast_routable (hoa))
    send_be (ha, src, dst, hoa, MIP6_BE_UNKNOWN_BINDING_HAO, now, actions);
  return FALSE;
}

void
mip6_ha_on_unknown_mh_type (Mip6HomeAgent *ha, const struct in6_addr *src,
                            const struct in6_addr *dst, const struct in6_addr *hoa, guint8 mh_type,
                            gint64 now, GArray *actions)
{
  (void) mh_type;
  /* §9.2: Home Address field from the packet's Home Address option, or
   * unspecified. */
  send_be (ha, src, dst, hoa, MIP6_BE_UNKNOWN_MH_TYPE, now, actions);
}

void
mip6_ha_on_malformed_mh (Mip6HomeAgent *ha, const struct in6_addr *src, const struct in6_addr *dst,
                         Mip6HaMalformedMh what, gint64 now, GArray *actions)
{
  Mip6HaAction *a;

  if (!may_send_error (ha, src, dst, now))
    return;
  /* §9.2: the Pointer names the Payload Proto field (byte 0 of the
   * Mobility Header) or the Header Len field (byte 1). */
  a = push (actions, MIP6_HA_ACTION_SEND_PARAM_PROBLEM);
  a->u.param_problem.src = *dst;
  a->u.param_problem.dst = *src;
  a->u.param_problem.mh_field = what == MIP6_HA_MH_BAD_PAYLOAD_PROTO ? 0 : 1;
  ha->stats[MIP6_HA_STAT_PARAM_PROBLEM_SENT]++;
}

void
mip6_ha_on_prefix_lifetime (Mip6HomeAgent *ha, const struct in6_addr *prefix, guint plen,
                            gint64 valid_until, gint64 preferred_until, gint64 now, GArray *actions)
{
  Mip6HaHomePrefix *p = NULL;
  g_autoptr (GPtrArray) list = NULL;

  for (guint i = 0; i < ha->config.n_prefixes; i++)
    if (ha->prefixes[i].plen == plen && addr_eq (&ha->prefixes[i].prefix, prefix))
      p = &ha->prefixes[i];
  if (p == NULL)
    goto out;
  p->valid_until = valid_until;
  p->preferred_until = preferred_until;

  /* §10.3.1: a binding never outlives the valid lifetime of its prefix. */
  list = mip6_binding_cache_list (ha->bc);
  for (guint i = 0; i < list->len; i++)
    {
      Mip6BindingCacheEntry *e = g_ptr_array_index (list, i);

      if (e->state == MIP6_BCE_REGISTERED && mip6_addr_in_prefix (&e->hoa, prefix, plen) &&
          e->expires > valid_until)
        e->expires = valid_until;
    }
  mip6_ha_on_timer (ha, now, actions);
  return;

out:
  rearm (ha, actions);
}

/* ---------------------------------------------------------------- queries */

gint64
mip6_ha_next_deadline (Mip6HomeAgent *ha)
{
  return mip6_binding_cache_next_deadline (ha->bc);
}

Mip6BindingCache *
mip6_ha_get_binding_cache (Mip6HomeAgent *ha)
{
  return ha->bc;
}

guint64
mip6_ha_get_stat (Mip6HomeAgent *ha, Mip6HaStat stat)
{
  g_return_val_if_fail (stat < MIP6_HA_N_STATS, 0);
  return ha->stats[stat];
}

void
mip6_ha_count (Mip6HomeAgent *ha, Mip6HaStat stat)
{
  g_return_if_fail (stat < MIP6_HA_N_STATS);
  ha->stats[stat]++;
}

/* ---------------------------------------------------------------- printing */

static const char *
ntop (const struct in6_addr *a, char *buf)
{
  return inet_ntop (AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

char *
mip6_ha_action_to_string (const Mip6HaAction *x)
{
  char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN];

  switch (x->type)
    {
    case MIP6_HA_ACTION_SEND_BA:
      return g_strdup_printf ("SEND_BA %s -> %s%s%s status=%u seq=%u lifetime=%u refresh=%u%s",
                              ntop (&x->u.ba.src, a), ntop (&x->u.ba.dst, b),
                              x->u.ba.rh2 ? " rh2=" : "", x->u.ba.rh2 ? ntop (&x->u.ba.hoa, c) : "",
                              x->u.ba.status, x->u.ba.sequence, x->u.ba.lifetime_s,
                              x->u.ba.refresh_s, x->u.ba.k_flag ? " K" : "");
    case MIP6_HA_ACTION_SEND_BE:
      return g_strdup_printf ("SEND_BE %s -> %s status=%u hoa=%s", ntop (&x->u.be.src, a),
                              ntop (&x->u.be.dst, b), x->u.be.status, ntop (&x->u.be.hoa, c));
    case MIP6_HA_ACTION_SEND_BRR:
      return g_strdup_printf ("SEND_BRR %s -> %s rh2=%s", ntop (&x->u.brr.src, a),
                              ntop (&x->u.brr.dst, b), ntop (&x->u.brr.hoa, c));
    case MIP6_HA_ACTION_START_DAD:
      return g_strdup_printf ("START_DAD %s", ntop (&x->u.dad.addr, a));
    case MIP6_HA_ACTION_SEND_PARAM_PROBLEM:
      return g_strdup_printf ("SEND_PARAM_PROBLEM %s -> %s mh_field=%u",
                              ntop (&x->u.param_problem.src, a), ntop (&x->u.param_problem.dst, b),
                              x->u.param_problem.mh_field);
    case MIP6_HA_ACTION_TUNNEL_ADD:
    case MIP6_HA_ACTION_TUNNEL_UPDATE:
      return g_strdup_printf ("%s %s via %s <-> %s",
                              x->type == MIP6_HA_ACTION_TUNNEL_ADD ? "TUNNEL_ADD" : "TUNNEL_UPDATE",
                              ntop (&x->u.tunnel.hoa, a), ntop (&x->u.tunnel.local, b),
                              ntop (&x->u.tunnel.coa, c));
    case MIP6_HA_ACTION_TUNNEL_DEL:
      return g_strdup_printf ("TUNNEL_DEL %s", ntop (&x->u.tunnel.hoa, a));
    case MIP6_HA_ACTION_PROXY_ND_ADD:
    case MIP6_HA_ACTION_PROXY_ND_DEL:
      return g_strdup_printf (
          "%s %s", x->type == MIP6_HA_ACTION_PROXY_ND_ADD ? "PROXY_ND_ADD" : "PROXY_ND_DEL",
          ntop (&x->u.proxy.addr, a));
    case MIP6_HA_ACTION_ARM_TIMER:
      if (x->u.timer.when == MIP6_BC_NEVER)
        return g_strdup ("ARM_TIMER never");
      return g_strdup_printf ("ARM_TIMER %" G_GINT64_FORMAT, x->u.timer.when);
    case MIP6_HA_ACTION_BINDING_CACHE_CHANGED:
      return g_strdup ("BINDING_CACHE_CHANGED");
    case MIP6_HA_ACTION_BINDING_REMOVED:
      return g_strdup_printf ("BINDING_REMOVED %s %s", ntop (&x->u.removed.hoa, a),
                              mip6_ha_removal_reason_name (x->u.removed.reason));
    default:
      return g_strdup_printf ("UNKNOWN_ACTION %d", x->type);
    }
}
