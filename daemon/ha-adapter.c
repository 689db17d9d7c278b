/* ha-adapter.c — the home agent's I/O adapter. */
#include "config.h"
#include "ha-adapter.h"

#include "ha/home-agent.h"
#include "backend-counters.h"
#include "icmp6-errors.h"
#include "ha-home-link.h"
#include "ha-leftovers.h"
#include "mn-binding-file.h"
#include "mip6-addr.h"
#include "mip6-deadline.h"
#include "neighbour.h"
#include "rtnl.h"
#include "sysctl.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <glib/gi18n.h>
#include <net/if.h>
#include <string.h>

#define DAD_TIMEOUT_MS 1000 /* RetransTimer's default (RFC 4861 §10) */

struct _Mip6HaAdapter
{
  char *ifname;
  int ifindex;
  guint8 lladdr[6];
  gboolean has_lladdr;
  struct in6_addr ha_addr;
  Mip6Backend *backend;
  Mip6HomeAgent *core;
  Mip6Rtnl *rtnl;
  Mip6Sysctl *sysctl;
  Mip6HaProxyNote *proxies;
  Mip6Dad *dad;
  Mip6HaStatus *status;
  Mip6Statistics *stats;
  guint timer;
  guint dad_timeout_ms;
  guint64 published[MIP6_HA_N_STATS];
  Mip6BackendCounters published_dp;
  GHashTable *listed; /* home addresses shown on D-Bus: char* → NULL */
  /* The packet whose actions run now, for an ICMP error quoting it. */
  const Mip6Packet *current;
  /* DHAAD, mobile prefixes, prefix lifetimes */
  Mip6HaHomeLink *home_link;
  const char *stop_reason;
};

static void run_actions (Mip6HaAdapter *a, GArray *actions);

static const char *
ntop (const struct in6_addr *addr, char buf[INET6_ADDRSTRLEN])
{
  return inet_ntop (AF_INET6, addr, buf, INET6_ADDRSTRLEN);
}

/* ---------------------------------------------------------- statistics */

static void
publish_counters (Mip6HaAdapter *a)
{
  for (int i = 0; i < MIP6_HA_N_STATS; i++)
    {
      guint64 v = mip6_ha_get_stat (a->core, (Mip6HaStat) i);
      if (v != a->published[i])
        mip6_statistics_add (a->stats, mip6_ha_stat_name ((Mip6HaStat) i), v - a->published[i]);
      a->published[i] = v;
    }
  mip6_backend_counters_publish (a->backend, a->stats, &a->published_dp);
}

/* The core's and the tunnel's counters, brought in when someone reads
 * the statistics. */
static void
sync_counters (Mip6Statistics *stats, gpointer data)
{
  publish_counters (data);
}

/* ---------------------------------------------------------- D-Bus view */

/* Adds and updates the D-Bus view of every entry; removals come one by
 * one with their reason (MIP6_HA_ACTION_BINDING_REMOVED). */
static void
sync_binding_cache (Mip6HaAdapter *a)
{
  gint64 now = g_get_monotonic_time ();
  g_autoptr (GPtrArray) list = mip6_binding_cache_list (mip6_ha_get_binding_cache (a->core));
  g_autoptr (GHashTable) now_listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < list->len; i++)
    {
      const Mip6BindingCacheEntry *e = g_ptr_array_index (list, i);
      char buf[INET6_ADDRSTRLEN];
      Mip6BcEntryInfo info = {
        .home_address = e->hoa,
        .care_of_address = e->coa,
        .lifetime = e->lifetime_s,
        .expires_at = e->expires,
        .sequence = e->sequence,
        .state = e->state == MIP6_BCE_REGISTERED ? "registered" : "dad",
      };
      mip6_ha_status_binding_set (a->status, &info, now);
      g_hash_table_add (now_listed, g_strdup (ntop (&e->hoa, buf)));
    }

  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init (&it, a->listed);
  while (g_hash_table_iter_next (&it, &key, NULL))
    if (!g_hash_table_contains (now_listed, key))
      {
        /* Every removal should have come with its reason: keep the view
         * true anyway. */
        struct in6_addr hoa;
        g_debug ("home agent: %s left the binding cache without a reason", (const char *) key);
        inet_pton (AF_INET6, key, &hoa);
        mip6_ha_status_binding_remove (a->status, &hoa, "removed");
      }
  g_hash_table_unref (a->listed);
  a->listed = g_steal_pointer (&now_listed);
}

/* ---------------------------------------------------------- events in */

static gboolean
on_timer (gpointer data)
{
  Mip6HaAdapter *a = data;
  a->timer = 0;
  g_autoptr (GArray) actions = mip6_ha_actions_new ();
  mip6_ha_on_timer (a->core, g_get_monotonic_time (), actions);
  run_actions (a, actions);
  return G_SOURCE_REMOVE;
}

static void
arm_timer (Mip6HaAdapter *a, gint64 when)
{
  mip6_deadline_arm (&a->timer, when, MIP6_BC_NEVER, on_timer, a);
}

static void
on_mh (const Mip6Packet *pkt, Mip6WireError error, gpointer data)
{
  Mip6HaAdapter *a = data;
  g_autoptr (GArray) actions = mip6_ha_actions_new ();
  gint64 now = g_get_monotonic_time ();

  if (error == MIP6_WIRE_UNKNOWN_MH_TYPE)
    {
      /* RFC 6275 §9.2: answered with a Binding Error, and counted. */
      mip6_statistics_count_drop (a->stats, mip6_wire_error_name (error));
      mip6_ha_on_unknown_mh_type (a->core, &pkt->src, &pkt->dst,
                                  pkt->has_home_address ? &pkt->home_address : NULL, pkt->mh.type,
                                  now, actions);
    }
  else if (error == MIP6_WIRE_BAD_PAYLOAD_PROTO || error == MIP6_WIRE_SHORT_MH_HEADER)
    {
      /* §9.2: answered with an ICMP Parameter Problem, and counted. */
      mip6_statistics_count_drop (a->stats, mip6_wire_error_name (error));
      mip6_ha_on_malformed_mh (a->core, &pkt->src, &pkt->dst,
                               error == MIP6_WIRE_BAD_PAYLOAD_PROTO ? MIP6_HA_MH_BAD_PAYLOAD_PROTO
                                                                    : MIP6_HA_MH_BAD_HEADER_LEN,
                               now, actions);
    }
  else if (error != MIP6_WIRE_OK)
    {
      /* Bad packets are dropped, counted, never trusted (DESIGN.md). */
      mip6_statistics_count_drop (a->stats, mip6_wire_error_name (error));
      return;
    }
  else if (pkt->upper_proto != MIP6_IPPROTO_MH)
    {
      /* §9.3.1: a packet with a Home Address option, not signalling. */
      g_autoptr (GError) local = NULL;
      if (mip6_ha_on_hao_packet (a->core, &pkt->src, &pkt->dst, &pkt->home_address, now, actions) &&
          a->backend->ops->ha_deliver_home_address_option != NULL &&
          !a->backend->ops->ha_deliver_home_address_option (a->backend, pkt, &local))
        g_warning ("%s", local->message);
    }
  else if (pkt->mh.type == MIP6_MH_BU)
    {
      const Mip6MhBindingUpdate *m = &pkt->mh.bu;
      Mip6HaBindingUpdate bu = {
        .src = pkt->src,
        .dst = pkt->dst,
        .has_hao = pkt->has_home_address,
        .hao = pkt->home_address,
        .has_alt_coa = pkt->mh.options.has_alt_coa,
        .alt_coa = pkt->mh.options.alt_coa,
        .sequence = m->sequence,
        .flags = (m->ack ? MIP6_BU_FLAG_A : 0) | (m->home_registration ? MIP6_BU_FLAG_H : 0) |
                 (m->link_local ? MIP6_BU_FLAG_L : 0) | (m->key_management ? MIP6_BU_FLAG_K : 0),
        .lifetime_units = m->lifetime,
        .has_nonce_indices = pkt->mh.options.has_nonce_indices,
        .has_binding_auth_data = pkt->mh.options.has_auth_data,
      };
      mip6_ha_on_binding_update (a->core, &bu, now, actions);
    }
  else
    {
      /* A home agent receives only Binding Updates from mobile nodes. */
      mip6_statistics_count_drop (a->stats, "unexpected_mh_type");
      return;
    }
  a->current = pkt;
  run_actions (a, actions);
  a->current = NULL;
}

static void
on_dad (const struct in6_addr *target, Mip6DadOutcome outcome, gpointer data)
{
  Mip6HaAdapter *a = data;
  g_autoptr (GArray) actions = mip6_ha_actions_new ();
  Mip6HaDadResult r = outcome == MIP6_DAD_UNIQUE      ? MIP6_HA_DAD_OK
                      : outcome == MIP6_DAD_DUPLICATE ? MIP6_HA_DAD_DUPLICATE
                                                      : MIP6_HA_DAD_ERROR;
  mip6_ha_on_dad_result (a->core, target, r, g_get_monotonic_time (), actions);
  run_actions (a, actions);
}

/* §10.3.1: the home link says how long the home prefix stays valid. */
static void
on_prefix_lifetime (const struct in6_addr *prefix, guint plen, gint64 valid_until,
                    gint64 preferred_until, gpointer data)
{
  Mip6HaAdapter *a = data;
  g_autoptr (GArray) actions = mip6_ha_actions_new ();
  mip6_ha_on_prefix_lifetime (a->core, prefix, plen, valid_until, preferred_until,
                              g_get_monotonic_time (), actions);
  run_actions (a, actions);
}

/* ---------------------------------------------------------- actions out */

/* Stops defending @addr on the home link, and forgets it as ours. */
static gboolean
proxy_del (Mip6HaAdapter *a, const struct in6_addr *addr, GError **error)
{
  if (!mip6_rtnl_proxy_del (a->rtnl, a->ifindex, addr, error))
    return FALSE;
  mip6_ha_proxy_note_removed (a->proxies, a->ifindex, addr);
  return TRUE;
}

static void
send_mh (Mip6HaAdapter *a, const struct in6_addr *src, const struct in6_addr *dst,
         const struct in6_addr *rh2, const Mip6Mh *m)
{
  g_autoptr (GError) error = NULL;
  if (!a->backend->ops->send_mh (a->backend, src, dst, NULL, rh2, m, 0, &error))
    g_warning ("%s", error->message);
}

static void
run_action (Mip6HaAdapter *a, const Mip6HaAction *act)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = TRUE;
  Mip6Mh m = { 0 };

  switch (act->type)
    {
    case MIP6_HA_ACTION_SEND_BA:
      m.type = MIP6_MH_BA;
      m.ba.status = act->u.ba.status;
      m.ba.key_management = act->u.ba.k_flag;
      m.ba.sequence = act->u.ba.sequence;
      m.ba.lifetime = (guint16) (act->u.ba.lifetime_s / MIP6_MH_LIFETIME_UNIT_S);
      if (act->u.ba.refresh_s)
        {
          m.options.has_refresh_advice = TRUE;
          m.options.refresh_interval = (guint16) (act->u.ba.refresh_s / MIP6_MH_LIFETIME_UNIT_S);
        }
      send_mh (a, &act->u.ba.src, &act->u.ba.dst, act->u.ba.rh2 ? &act->u.ba.hoa : NULL, &m);
      break;
    case MIP6_HA_ACTION_SEND_BE:
      m.type = MIP6_MH_BE;
      m.be.status = act->u.be.status;
      m.be.home_address = act->u.be.hoa;
      send_mh (a, &act->u.be.src, &act->u.be.dst, NULL, &m);
      break;
    case MIP6_HA_ACTION_SEND_BRR:
      m.type = MIP6_MH_BRR;
      send_mh (a, &act->u.brr.src, &act->u.brr.dst, &act->u.brr.hoa, &m);
      break;
    case MIP6_HA_ACTION_SEND_PARAM_PROBLEM:
      /* A kernel with Mobile IPv6 checks the Mobility Header itself and
       * answers (net/ipv6/mip6.c); the packet then never reaches us and
       * there is nothing to quote. */
      if (a->current != NULL && a->current->raw != NULL)
        ok = mip6_icmp6_send_param_problem (
            &act->u.param_problem.src, &act->u.param_problem.dst, a->current->raw,
            a->current->raw_len,
            (guint32) (a->current->upper_offset + act->u.param_problem.mh_field), &error);
      break;
    case MIP6_HA_ACTION_START_DAD:
      mip6_dad_start (a->dad, &act->u.dad.addr, a->dad_timeout_ms);
      break;
    case MIP6_HA_ACTION_TUNNEL_ADD:
    case MIP6_HA_ACTION_TUNNEL_UPDATE:
      ok = a->backend->ops->ha_bind (a->backend, &act->u.tunnel.local, &act->u.tunnel.hoa,
                                     &act->u.tunnel.coa, &error);
      break;
    case MIP6_HA_ACTION_TUNNEL_DEL:
      ok = a->backend->ops->ha_unbind (a->backend, &act->u.tunnel.hoa, &error);
      break;
    case MIP6_HA_ACTION_PROXY_ND_ADD:
      ok = mip6_rtnl_proxy_add (a->rtnl, a->ifindex, &act->u.proxy.addr, &error);
      /* §10.4.1: announce the new owner so that caches on the home link
       * stop sending to the mobile node's own link-layer address. The
       * Router flag stays clear: the address is a host's. */
      if (ok)
        mip6_ha_proxy_note_added (a->proxies, a->ifindex, &act->u.proxy.addr);
      if (ok && a->has_lladdr)
        ok = mip6_nd_send_unsolicited_na (a->ifindex, &act->u.proxy.addr, a->lladdr, FALSE, &error);
      break;
    case MIP6_HA_ACTION_PROXY_ND_DEL:
      ok = proxy_del (a, &act->u.proxy.addr, &error);
      break;
    case MIP6_HA_ACTION_ARM_TIMER:
      arm_timer (a, act->u.timer.when);
      break;
    case MIP6_HA_ACTION_BINDING_CACHE_CHANGED:
      break; /* the D-Bus view is synced once, after all actions */
    case MIP6_HA_ACTION_BINDING_REMOVED:
      {
        char buf[INET6_ADDRSTRLEN];
        g_hash_table_remove (a->listed, ntop (&act->u.removed.hoa, buf));
        mip6_ha_status_binding_remove (a->status, &act->u.removed.hoa,
                                       mip6_ha_removal_reason_name (act->u.removed.reason));
      }
      break;
    }
  if (!ok)
    g_warning ("%s", error->message);
}

static void
run_actions (Mip6HaAdapter *a, GArray *actions)
{
  gboolean changed = FALSE;
  for (guint i = 0; i < actions->len; i++)
    {
      const Mip6HaAction *act = &g_array_index (actions, Mip6HaAction, i);
      g_autofree char *line = mip6_ha_action_to_string (act);
      g_debug ("home agent: %s", line);
      run_action (a, act);
      if (act->type == MIP6_HA_ACTION_BINDING_CACHE_CHANGED)
        changed = TRUE;
    }
  if (changed)
    sync_binding_cache (a);
}

/* ---------------------------------------------------------- set-up */

/* DAD waits one RetransTimer for an answer (RFC 4862 §5.4, one probe):
 * the home link's own value, as the kernel uses it, so a link tuned for
 * fast handovers gets fast home registrations too. */
static guint
retrans_timer_ms (const char *ifname)
{
  g_autofree char *path = g_strdup_printf ("/proc/sys/net/ipv6/neigh/%s/retrans_time_ms", ifname);
  g_autofree char *text = NULL;
  guint64 v;
  if (g_file_get_contents (path, &text, NULL, NULL) &&
      g_ascii_string_to_unsigned (g_strstrip (text), 10, 10, 60000, &v, NULL))
    return (guint) v;
  return DAD_TIMEOUT_MS;
}

/* A home agent forwards (HOWTO 4.2.1, RFC 6275 §10.4.2) and defends the
 * home addresses of mobile nodes away by proxy ND on the home link
 * (§10.4.1). Forwarding makes the host a router: the kernel then ignores
 * Router Advertisements and redirects on interfaces whose accept_ra is 1
 * and no longer autoconfigures there, so every other interface with
 * accept_ra 1 gets 2 (accept them anyway), before forwarding goes on: the
 * kernel removes the default routes learned from Router Advertisements
 * when forwarding goes on, except on interfaces with accept_ra 2. Where
 * forwarding was already on, the host is a router by its owner's choice
 * and accept_ra is left alone. Everything is put back on stop, or at the
 * next start after a crash; the log says once what changed. */
static gboolean
switch_on_routing (Mip6HaAdapter *a, GError **error)
{
  g_autoptr (GPtrArray) names = mip6_sysctl_list ();
  g_autoptr (GPtrArray) kept_ra = g_ptr_array_new ();
  g_autoptr (GPtrArray) sentences = g_ptr_array_new_with_free_func (g_free);

  if (mip6_sysctl_get ("all", "forwarding", NULL) != 1)
    {
      for (guint i = 0; i < names->len; i++)
        {
          const char *name = g_ptr_array_index (names, i);
          if (g_strcmp0 (name, "all") == 0 || g_strcmp0 (name, "default") == 0 ||
              g_strcmp0 (name, "lo") == 0 || g_strcmp0 (name, a->ifname) == 0 ||
              mip6_sysctl_get (name, "accept_ra", NULL) != 1)
            continue;
          if (!mip6_sysctl_set (a->sysctl, name, "accept_ra", 2, error))
            return FALSE;
          g_ptr_array_add (kept_ra, (gpointer) name);
        }
      /* Writing all/forwarding sets every interface's own value too. */
      for (guint i = 0; i < names->len; i++)
        if (g_strcmp0 (g_ptr_array_index (names, i), "all") != 0)
          mip6_sysctl_remember (a->sysctl, g_ptr_array_index (names, i), "forwarding", NULL);
      if (!mip6_sysctl_set (a->sysctl, "all", "forwarding", 1, error))
        return FALSE;
      g_ptr_array_add (sentences,
                       g_strdup (_ ("Home agent: IPv6 forwarding is now on "
                                    "(net.ipv6.conf.all.forwarding=1), so this host is a router: "
                                    "on interfaces whose accept_ra is 1 it no longer accepts "
                                    "Router Advertisements or redirects, nor configures addresses "
                                    "from them.")));
    }
  if (kept_ra->len > 0)
    {
      g_ptr_array_add (kept_ra, NULL);
      g_autofree char *list = g_strjoinv (", ", (char **) kept_ra->pdata);
      g_ptr_array_add (sentences,
                       g_strdup_printf (_ ("accept_ra is now 2 on %s, so these interfaces keep "
                                           "their configuration from Router Advertisements."),
                                        list));
    }
  /* all/proxy_ndp too: Linux answers a unicast Neighbour Solicitation
   * for a proxied address (a neighbour whose cache still holds the mobile
   * node's entry probes it, RFC 4861 §7.3.3) only when the "all" setting
   * is on (ip6_forward); the proxy entries stay on the home link. */
  if (mip6_sysctl_get (a->ifname, "proxy_ndp", NULL) != 1 ||
      mip6_sysctl_get ("all", "proxy_ndp", NULL) != 1)
    {
      if (!mip6_sysctl_set (a->sysctl, a->ifname, "proxy_ndp", 1, error) ||
          !mip6_sysctl_set (a->sysctl, "all", "proxy_ndp", 1, error))
        return FALSE;
      g_ptr_array_add (sentences,
                       g_strdup_printf (_ ("Proxy neighbour discovery is now on for the home link "
                                           "%s (proxy_ndp=1, and all/proxy_ndp=1 for unicast "
                                           "solicitations), so the home agent answers there "
                                           "for the home addresses of mobile nodes away from "
                                           "home."),
                                        a->ifname));
    }
  if (sentences->len > 0)
    {
      g_ptr_array_add (sentences,
                       g_strdup (_ ("mip6d puts these settings back when it stops, or at its "
                                    "next start if it was killed (see mip6d(8)).")));
      g_ptr_array_add (sentences, NULL);
      g_autofree char *text = g_strjoinv (" ", (char **) sentences->pdata);
      g_message ("%s", text);
    }
  return TRUE;
}

/* The home agent's own address: the configured one, else the first global
 * address of the home link inside the home prefix. */
static gboolean
find_own_address (Mip6HaAdapter *a, const Mip6Config *config, GError **error)
{
  if (config->has_home_agent)
    {
      a->ha_addr = config->home_agent;
      return TRUE;
    }
  struct ifaddrs *ifa_list = NULL;
  if (getifaddrs (&ifa_list) == 0)
    {
      for (struct ifaddrs *ifa = ifa_list; ifa; ifa = ifa->ifa_next)
        {
          if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != AF_INET6 ||
              g_strcmp0 (ifa->ifa_name, a->ifname) != 0)
            continue;
          const struct in6_addr *x = &((struct sockaddr_in6 *) ifa->ifa_addr)->sin6_addr;
          if (mip6_addr_in_prefix (x, &config->home_prefix, config->home_prefix_len))
            {
              a->ha_addr = *x;
              freeifaddrs (ifa_list);
              return TRUE;
            }
        }
      freeifaddrs (ifa_list);
    }
  g_autofree char *prefix = mip6_config_dup_home_prefix (config);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _ ("%s: interface %s has no address in the home prefix %s; add one, or name the "
                  "home agent's address with the key 'home-agent'"),
               config->path, a->ifname, prefix);
  return FALSE;
}

Mip6HaAdapter *
mip6_ha_adapter_new (const Mip6Config *config, Mip6Backend *backend, Mip6HaStatus *status,
                     Mip6Statistics *stats, GError **error)
{
  g_autoptr (Mip6HaAdapter) a = g_new0 (Mip6HaAdapter, 1);
  a->backend = backend;
  a->status = status;
  a->stats = stats;
  a->ifname = g_strdup (config->interface);
  a->listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  a->ifindex = (int) if_nametoindex (config->interface);
  if (a->ifindex == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("%s: key 'interface': there is no interface '%s' on this host"), config->path,
                   config->interface);
      return NULL;
    }
  a->has_lladdr = mip6_nd_link_address (a->ifname, a->lladdr);
  a->dad_timeout_ms = retrans_timer_ms (a->ifname);
  if (!find_own_address (a, config, error))
    return NULL;

  Mip6HaConfig hc;
  mip6_ha_config_init (&hc);
  Mip6HaHomePrefix prefix = { .prefix = config->home_prefix,
                              .plen = config->home_prefix_len,
                              .valid_until = MIP6_BC_NEVER,
                              .preferred_until = MIP6_BC_NEVER };
  hc.prefixes = &prefix;
  hc.n_prefixes = 1;
  hc.own_addrs = &a->ha_addr;
  hc.n_own_addrs = 1;
  a->stop_reason = "stopped";
  hc.max_lifetime_s = MAX (config->binding_lifetime, MIP6_CONFIG_LIFETIME_MIN);
  hc.max_bindings = config->max_bindings;
  if (config->allowed_home_addresses)
    {
      hc.allowed_hoas = (const struct in6_addr *) config->allowed_home_addresses->data;
      hc.n_allowed_hoas = config->allowed_home_addresses->len;
    }
  hc.dad_timeout_us = 5 * G_USEC_PER_SEC;
  a->core = mip6_ha_new (&hc, error);
  if (a->core == NULL)
    return NULL;

  a->rtnl = mip6_rtnl_new (error);
  if (a->rtnl == NULL)
    return NULL;
  /* What a killed mip6d left goes first, so that the values noted now
   * are the host's own. */
  const char *state_dir = mip6_binding_file_dir ();
  mip6_ha_leftovers_remove (a->rtnl, state_dir);
  a->proxies = mip6_ha_proxy_note_new (a->rtnl, state_dir);
  g_autofree char *sysctl_file = mip6_ha_leftovers_sysctl_file (state_dir);
  a->sysctl = mip6_sysctl_new_saved (sysctl_file);
  if (!switch_on_routing (a, error))
    return NULL;
  a->dad = mip6_dad_new (a->ifindex, on_dad, a, error);
  if (a->dad == NULL)
    return NULL;
  /* §10: a home agent is often the home network's router, and a Binding
   * Update from a visited network reaches it on its uplink, not on the
   * home link: signalling is taken on every interface and answered as the
   * routing table says. Proxy ND and DAD stay on the home link. */
  if (!backend->ops->listen_mh (backend, 0, on_mh, a, error))
    return NULL;
  a->home_link =
      mip6_ha_home_link_new (config, a->ifindex, &a->ha_addr, stats, on_prefix_lifetime, a, error);
  if (a->home_link == NULL)
    return NULL;
  mip6_statistics_set_sync_func (stats, sync_counters, a);
  publish_counters (a);

  char buf[INET6_ADDRSTRLEN];
  g_message (_ ("Home agent %s on %s, %s data path"), ntop (&a->ha_addr, buf), a->ifname,
             backend->ops->name);
  return g_steal_pointer (&a);
}

void
mip6_ha_adapter_free (Mip6HaAdapter *a)
{
  if (a == NULL)
    return;
  g_clear_handle_id (&a->timer, g_source_remove);
  if (a->stats)
    mip6_statistics_set_sync_func (a->stats, NULL, NULL);
  g_clear_pointer (&a->home_link, mip6_ha_home_link_free);
  /* Stop defending and tunnelling every home address we hold. */
  if (a->core)
    {
      g_autoptr (GPtrArray) list = mip6_binding_cache_list (mip6_ha_get_binding_cache (a->core));
      for (guint i = 0; i < list->len; i++)
        {
          const Mip6BindingCacheEntry *e = g_ptr_array_index (list, i);
          /* Registrations still waiting for DAD are listed too. */
          if (a->status)
            mip6_ha_status_binding_remove (a->status, &e->hoa, a->stop_reason);
          struct in6_addr defended[2];
          guint n = mip6_ha_defended_addresses (e, defended);
          if (e->state != MIP6_BCE_REGISTERED || a->rtnl == NULL)
            continue;
          for (guint j = 0; j < n; j++)
            proxy_del (a, &defended[j], NULL);
        }
    }
  g_clear_pointer (&a->dad, mip6_dad_free);
  g_clear_pointer (&a->backend, mip6_backend_free);
  g_clear_pointer (&a->proxies, mip6_ha_proxy_note_free);
  g_clear_pointer (&a->sysctl, mip6_sysctl_free);
  g_clear_pointer (&a->rtnl, mip6_rtnl_free);
  g_clear_pointer (&a->core, mip6_ha_free);
  g_clear_pointer (&a->listed, g_hash_table_unref);
  g_free (a->ifname);
  g_free (a);
}

void
mip6_ha_adapter_set_stop_reason (Mip6HaAdapter *a, const char *reason)
{
  a->stop_reason = reason;
}

gboolean
mip6_ha_adapter_set_limits (Mip6HaAdapter *a, const Mip6Config *config, GError **error)
{
  const GArray *allowed = config->allowed_home_addresses;
  return mip6_ha_set_limits (
      a->core, MAX (config->binding_lifetime, MIP6_CONFIG_LIFETIME_MIN), config->max_bindings,
      allowed ? (const struct in6_addr *) allowed->data : NULL, allowed ? allowed->len : 0, error);
}
