/* mn-adapter.c — the mobile node's I/O adapter. */
#include "config.h"
#include "mn-adapter.h"

#include "backend-counters.h"
#include "mip6-addr.h"
#include "mip6-deadline.h"
#include "mip6-error.h"
#include "icmp6-error.h"
#include "mn/inbound.h"
#include "mn-binding-file.h"
#include "mn/mn.h"
#include "neighbour.h"
#include "rtnl.h"
#include "signal-io.h"

#include <arpa/inet.h>
#include <glib/gi18n.h>
#include <linux/if_addr.h>
#include <net/if.h>
#include <string.h>

struct _Mip6MnAdapter
{
  char *ifname;
  int ifindex;
  guint8 lladdr[6];
  gboolean has_lladdr;
  struct in6_addr hoa;
  guint8 home_plen;
  struct in6_addr ha;
  Mip6Backend *backend;
  Mip6Mn *core;
  Mip6Rtnl *rtnl;
  Mip6SignalIo *io;
  Mip6MnStatus *status;
  Mip6Statistics *stats;
  guint timer;
  guint counters_timer;
  Mip6BackendCounters published_dp;
  gboolean carrier;
  GHashTable *addrs; /* the interface's addresses: struct in6_addr* → ADDR_VALUE */
  gboolean started_home_checked;
  gint64 noted_hold; /* the ha_may_hold mn-binding-file was written for */
  /* The care-of addresses of the last Binding Updates: signalling to the
   * one before is for a binding we replaced (inbound.h). */
  struct in6_addr last_coa, previous_coa;
  gboolean has_previous_coa;
  guint8 ha_lladdr[6]; /* the home agent's, from its router advertisements */
  gboolean has_ha_lladdr;
};

/* What the address table keeps per address: its prefix length, and whether
 * it was autoconfigured (not permanent). */
#define ADDR_VALUE(plen, dynamic) GUINT_TO_POINTER ((guint) (plen) | ((dynamic) ? 0x100u : 0u))
#define ADDR_PLEN(value) ((guint8) (GPOINTER_TO_UINT (value) & 0xff))
#define ADDR_DYNAMIC(value) ((GPOINTER_TO_UINT (value) & 0x100u) != 0)

/* Found at home when mip6d starts: autoconfigured global addresses outside
 * the home prefix can only be left from a network visited before a crash
 * (an orderly stop or return home removes them); they and their on-link
 * routes go, or their prefixes would stay "on-link" here. */
static void
drop_foreign_leftovers (Mip6MnAdapter *a)
{
  GHashTableIter it;
  gpointer key, value;
  g_autoptr (GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&it, a->addrs);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      const struct in6_addr *addr = key;
      if (!ADDR_DYNAMIC (value) || IN6_IS_ADDR_LINKLOCAL (addr) ||
          mip6_addr_in_prefix (addr, &a->hoa, a->home_plen))
        continue;
      char buf[INET6_ADDRSTRLEN];
      g_message (_ ("Removing %s, left from a network visited before mip6d stopped"),
                 inet_ntop (AF_INET6, addr, buf, sizeof buf));
      struct in6_addr prefix = *addr;
      mip6_addr_mask_prefix (&prefix, ADDR_PLEN (value));
      mip6_rtnl_addr_del (a->rtnl, a->ifindex, addr, ADDR_PLEN (value), NULL);
      mip6_rtnl_route_del_any (a->rtnl, &prefix, ADDR_PLEN (value), NULL, a->ifindex, NULL);
      g_ptr_array_add (gone, g_memdup2 (addr, sizeof *addr));
    }
  for (guint i = 0; i < gone->len; i++)
    g_hash_table_remove (a->addrs, g_ptr_array_index (gone, i));
}

/* Away from home the home subnet prefix is not on-link (RFC 6275 §11.5.2):
 * addresses autoconfigured from it and its prefix route go, or packets for
 * home would be sent onto the visited link. */
static void
drop_home_prefix (Mip6MnAdapter *a)
{
  GHashTableIter it;
  gpointer key, value;
  g_autoptr (GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&it, a->addrs);
  while (g_hash_table_iter_next (&it, &key, &value))
    if (mip6_addr_in_prefix (key, &a->hoa, a->home_plen) && !IN6_ARE_ADDR_EQUAL (key, &a->hoa))
      {
        g_autoptr (GError) error = NULL;
        if (!mip6_rtnl_addr_del (a->rtnl, a->ifindex, key, ADDR_PLEN (value), &error))
          g_warning ("%s", error->message);
        g_ptr_array_add (gone, g_memdup2 (key, sizeof (struct in6_addr)));
      }
  for (guint i = 0; i < gone->len; i++)
    g_hash_table_remove (a->addrs, g_ptr_array_index (gone, i));
  mip6_rtnl_route_del_any (a->rtnl, &a->hoa, a->home_plen, NULL, a->ifindex, NULL);
}

static void run_actions (Mip6MnAdapter *a, GArray *actions);

static void
feed (Mip6MnAdapter *a, Mip6Event *ev)
{
  g_autoptr (GArray) actions = mip6_actions_new ();
  ev->now = g_get_monotonic_time ();
  mip6_mn_handle (a->core, ev, actions);
  /* The home agent may have been discovered (RFC 6275 §11.4.1): the
   * inbound checks and the home agent's neighbour entry use it. */
  gboolean was_known = !IN6_IS_ADDR_UNSPECIFIED (&a->ha);
  if (mip6_mn_get_home_agent (a->core, &a->ha) && !was_known)
    {
      char buf[INET6_ADDRSTRLEN];
      g_message (_ ("Home agent %s found by dynamic home agent address discovery."),
                 inet_ntop (AF_INET6, &a->ha, buf, sizeof buf));
    }
  run_actions (a, actions);
}

/* ---------------------------------------------------------- status */

static gboolean
on_counters_timer (gpointer data)
{
  Mip6MnAdapter *a = data;
  mip6_backend_counters_publish (a->backend, a->stats, &a->published_dp);
  return G_SOURCE_CONTINUE;
}

static void
publish_binding (Mip6MnAdapter *a)
{
  const Mip6Bul *bul = mip6_mn_get_bul (a->core);
  gint64 now = g_get_monotonic_time ();
  struct in6_addr coa;
  gboolean has_coa = mip6_mn_get_coa (a->core, &coa);
  Mip6MnCoreState state = mip6_mn_get_state (a->core);

  mip6_mn_status_set_care_of_address (a->status, has_coa && state != MIP6_MN_HOME ? &coa : NULL);
  struct in6_addr ha;
  mip6_mn_status_set_home_agent (a->status, mip6_mn_get_home_agent (a->core, &ha) ? &ha : NULL);
  /* Written when what the home agent may hold changes, not on every
   * event (publish_binding runs after each one). */
  if (bul->ha_may_hold != a->noted_hold)
    {
      gint64 until = bul->ha_may_hold > now
                         ? (g_get_real_time () + (bul->ha_may_hold - now)) / G_USEC_PER_SEC
                         : 0;
      mip6_binding_file_write (mip6_binding_file_dir (), &a->hoa, until);
      a->noted_hold = bul->ha_may_hold;
    }
  if (bul->sent_any && !IN6_ARE_ADDR_EQUAL (&bul->coa, &a->last_coa))
    {
      if (!IN6_IS_ADDR_UNSPECIFIED (&a->last_coa) && !IN6_ARE_ADDR_EQUAL (&a->last_coa, &a->hoa))
        {
          a->previous_coa = a->last_coa;
          a->has_previous_coa = TRUE;
        }
      a->last_coa = bul->coa;
    }
  if (bul->sent_any)
    mip6_mn_status_set_sequence (a->status, bul->seq);
  if (bul->binding && bul->expires_at > now)
    mip6_mn_status_set_binding_expires (
        a->status, (guint64) ((g_get_real_time () + (bul->expires_at - now)) / G_USEC_PER_SEC));
  else
    mip6_mn_status_set_binding_expires (a->status, 0);

  if (bul->state == MIP6_BUL_NONE)
    {
      mip6_mn_status_set_binding_update_list (a->status, NULL, 0);
      return;
    }
  Mip6BulEntryInfo e = {
    .recipient = bul->home_agent,
    .home_address = bul->home_address,
    .care_of_address = bul->coa,
    .lifetime = bul->state == MIP6_BUL_REGISTERED ? bul->granted_s : bul->lifetime_s,
    .expires_at = bul->state == MIP6_BUL_REGISTERED ? bul->expires_at : 0,
    .sequence = bul->seq,
    .state = mip6_bul_state_name (bul->state),
  };
  mip6_mn_status_set_binding_update_list (a->status, &e, 1);
}

static Mip6MnState
to_status_state (Mip6MnCoreState s)
{
  switch (s)
    {
    case MIP6_MN_HOME:
      return MIP6_MN_STATE_HOME;
    case MIP6_MN_REGISTERING:
      return MIP6_MN_STATE_REGISTERING;
    case MIP6_MN_FOREIGN:
      return MIP6_MN_STATE_FOREIGN;
    case MIP6_MN_UNREGISTERED:
      return MIP6_MN_STATE_UNREGISTERED;
    case MIP6_MN_DETACHED:
    default:
      return MIP6_MN_STATE_DETACHED;
    }
}

static void
report_handover (Mip6MnAdapter *a, const Mip6Action *act)
{
  const Mip6HandoverTimings *t = &act->handover;
  gint64 now = g_get_monotonic_time ();
  char coa_text[INET6_ADDRSTRLEN] = "";
  struct in6_addr coa;
  if (mip6_mn_get_coa (a->core, &coa))
    inet_ntop (AF_INET6, &coa, coa_text, sizeof coa_text);

  Mip6Handover h = { 0 };
  h.started_wall_us = g_get_real_time () - (now - t->started_at);
  for (int p = 0; p < MIP6_N_PHASES && p < MIP6_HANDOVER_N_PHASES; p++)
    h.at[p] = t->at[p] > 0 ? t->at[p] : 0;
  h.care_of_address = coa_text[0] ? coa_text : NULL;

  switch (act->kind)
    {
    case MIP6_ACTION_HANDOVER_STARTED:
      mip6_mn_status_handover_started (a->status, &h);
      break;
    case MIP6_ACTION_HANDOVER_COMPLETED:
      g_message (_ ("Handover completed in %" G_GINT64_FORMAT " ms (care-of address %s)"),
                 t->total_ms, coa_text[0] ? coa_text : "-");
      mip6_mn_status_handover_completed (a->status, &h);
      break;
    default:
      g_message (_ ("Handover failed: %s"), act->reason ? act->reason : "");
      mip6_mn_status_handover_failed (a->status, &h, act->reason);
      break;
    }
}

/* ---------------------------------------------------------- actions out */

static gboolean
on_timer (gpointer data)
{
  Mip6MnAdapter *a = data;
  a->timer = 0;
  Mip6Event ev = { .kind = MIP6_EVENT_TIMER };
  feed (a, &ev);
  return G_SOURCE_REMOVE;
}

static void
arm_timer (Mip6MnAdapter *a, gint64 deadline)
{
  mip6_deadline_arm (&a->timer, deadline, G_MAXINT64, on_timer, a);
}

static void
send_rs (Mip6MnAdapter *a)
{
  Mip6Icmp6 rs = { .type = MIP6_ICMP6_RS };
  if (a->has_lladdr)
    {
      rs.rs.options.has_slla = TRUE;
      rs.rs.options.slla_len = 6;
      memcpy (rs.rs.options.slla, a->lladdr, 6);
    }
  guint8 buf[64];
  gsize len = 0;
  struct in6_addr all_routers;
  inet_pton (AF_INET6, "ff02::2", &all_routers);
  g_autoptr (GError) error = NULL;
  /* The kernel computes the checksum for ICMPv6 sockets. */
  if (mip6_icmp6_encode (&rs, NULL, NULL, buf, sizeof buf, &len) != MIP6_WIRE_OK ||
      !mip6_signal_io_send_icmp (a->io, a->ifindex, NULL, &all_routers, buf, len, &error))
    g_debug ("router solicitation: %s", error ? error->message : "encoding failed");
}

/* RFC 6275 §11.4.1: a DHAAD Request from the care-of address; the kernel
 * fills in the checksum. */
static gboolean
send_dhaad_request (Mip6MnAdapter *a, const Mip6Action *act, GError **error)
{
  Mip6Icmp6 m = { .type = MIP6_ICMP6_DHAAD_REQUEST };
  guint8 buf[16];
  gsize len = 0;

  m.dhaad_request.identifier = act->dhaad.identifier;
  if (mip6_icmp6_encode (&m, NULL, NULL, buf, sizeof buf, &len) != MIP6_WIRE_OK)
    return TRUE;
  return mip6_signal_io_send_icmp (a->io, a->ifindex, &act->dhaad.src, &act->dhaad.dst, buf, len,
                                   error);
}

static void
run_action (Mip6MnAdapter *a, const Mip6Action *act)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = TRUE;

  switch (act->kind)
    {
    case MIP6_ACTION_SEND_RS:
      send_rs (a);
      break;
    case MIP6_ACTION_SEND_BU:
      {
        gboolean from_home = IN6_ARE_ADDR_EQUAL (&act->bu.src, &a->hoa);
        /* §11.5.4: back home, a Neighbor Solicitation from the home address
         * goes unanswered while the home agent still defends it; the home
         * agent's link-layer address comes from its router advertisement. */
        if (from_home && a->has_ha_lladdr)
          mip6_rtnl_neigh_set (a->rtnl, a->ifindex, &a->ha, a->ha_lladdr, NULL);
        Mip6Mh m = { .type = MIP6_MH_BU };
        m.bu.sequence = act->bu.seq;
        m.bu.ack = (act->bu.flags & MIP6_BU_FLAG_A) != 0;
        m.bu.home_registration = (act->bu.flags & MIP6_BU_FLAG_H) != 0;
        m.bu.link_local = (act->bu.flags & MIP6_BU_FLAG_L) != 0;
        m.bu.lifetime = (guint16) (act->bu.lifetime_s / MIP6_MH_LIFETIME_UNIT_S);
        /* §11.7.1: away, the home address travels in a Home Address
         * option; §11.5.4: back home it is the source address itself, and
         * Mobility Headers carry no Home Address option otherwise (§6.1). */
        ok = a->backend->ops->send_mh (a->backend, &act->bu.src, &act->bu.dst,
                                       from_home ? NULL : &act->bu.hoa, NULL, &m, &error);
        if (ok)
          mip6_statistics_count (a->stats, "bind_updates_sent");
        break;
      }
    case MIP6_ACTION_SOLICIT_HOME_AGENT:
      ok = mip6_nd_send_ns_from_unspecified (a->ifindex, &act->address.addr, &error);
      break;
    case MIP6_ACTION_SEND_NA:
      if (a->has_lladdr)
        ok = mip6_nd_send_unsolicited_na (a->ifindex, &act->address.addr, a->lladdr, FALSE, &error);
      break;
    case MIP6_ACTION_HOME_LINK_LEAVE:
      ok = a->backend->ops->mn_home_link_leave (a->backend, a->ifindex, &act->address.addr,
                                                act->address.plen, &error);
      /* Addresses autoconfigured from the home prefix go with it. */
      drop_home_prefix (a);
      break;
    case MIP6_ACTION_HOME_LINK_JOIN:
      /* At start, what a crash left of a visited network goes first. */
      if (!a->started_home_checked)
        drop_foreign_leftovers (a);
      a->started_home_checked = TRUE;
      ok = a->backend->ops->mn_home_link_join (a->backend, a->ifindex, &act->address.addr,
                                               act->address.plen, act->address.dad, &error);
      break;
    case MIP6_ACTION_TUNNEL_SET:
      ok = a->backend->ops->mn_tunnel_set (a->backend, &act->tunnel.local, &act->tunnel.remote,
                                           &act->tunnel.hoa, &error);
      break;
    case MIP6_ACTION_TUNNEL_DEL:
      ok = a->backend->ops->mn_tunnel_del (a->backend, &error);
      break;
    case MIP6_ACTION_ROUTES_VIA_TUNNEL:
      ok = a->backend->ops->mn_routes_via_tunnel (a->backend, &act->routes.hoa, &error);
      break;
    case MIP6_ACTION_ROUTES_BLOCKED:
      ok = a->backend->ops->mn_routes_blocked (a->backend, &act->routes.hoa, &error);
      break;
    case MIP6_ACTION_ROUTES_HOME:
      ok = a->backend->ops->mn_routes_home (a->backend, &error);
      break;
    case MIP6_ACTION_ADDRESS_REMOVE:
      ok = mip6_rtnl_addr_del (a->rtnl, a->ifindex, &act->address.addr, act->address.plen, &error);
      break;
    case MIP6_ACTION_ROUTES_REMOVE:
      ok = mip6_rtnl_route_del_any (a->rtnl, &act->address.addr, act->address.plen, NULL,
                                    a->ifindex, &error);
      break;
    case MIP6_ACTION_ROUTER_REMOVE:
      {
        static const struct in6_addr any = IN6ADDR_ANY_INIT;
        ok = mip6_rtnl_route_del_any (a->rtnl, &any, 0, &act->address.addr, a->ifindex, &error);
        break;
      }
    case MIP6_ACTION_ARM_TIMER:
      arm_timer (a, act->timer.deadline);
      break;
    case MIP6_ACTION_STATE_CHANGED:
      g_message (_ ("State: %s → %s"), mip6_mn_state_name (act->state.old_state),
                 mip6_mn_state_name (act->state.new_state));
      mip6_mn_status_set_state (a->status, to_status_state (act->state.new_state));
      /* Started away: what we visit from now on is the core's to clean. */
      if (act->state.new_state != MIP6_MN_DETACHED && act->state.new_state != MIP6_MN_HOME)
        a->started_home_checked = TRUE;
      break;
    case MIP6_ACTION_STATE_REASON:
      if (act->token && *act->token && !g_str_equal (act->token, "registering"))
        g_message (_ ("Home registration: %s"), act->reason);
      mip6_mn_status_set_state_reason (a->status, act->token, act->status, act->reason);
      break;
    case MIP6_ACTION_HANDOVER_STARTED:
    case MIP6_ACTION_HANDOVER_COMPLETED:
    case MIP6_ACTION_HANDOVER_FAILED:
      report_handover (a, act);
      break;
    case MIP6_ACTION_SEND_DHAAD_REQUEST:
      ok = send_dhaad_request (a, act, &error);
      if (ok)
        mip6_statistics_count (a->stats, "dhaad_requests_sent");
      break;
    case MIP6_ACTION_REGISTRATION_FAILED:
      g_warning (_ ("Registration with the home agent failed: %s"), act->reason ? act->reason : "");
      break;
    }
  if (!ok && error)
    g_warning ("%s", error->message);
}

static void
run_actions (Mip6MnAdapter *a, GArray *actions)
{
  for (guint i = 0; i < actions->len; i++)
    {
      const Mip6Action *act = &g_array_index (actions, Mip6Action, i);
      g_autofree char *line = mip6_action_to_string (act);
      g_debug ("mobile node: %s", line);
      run_action (a, act);
    }
  publish_binding (a);
  mip6_backend_counters_publish (a->backend, a->stats, &a->published_dp);
}

/* ---------------------------------------------------------- events in */

static void on_mh (const Mip6Packet *pkt, Mip6WireError error, gpointer data);

/* The interface may appear after mip6d starts (a USB adapter, a renamed
 * link): until then the mobile node is detached and waits for it. */
static void
attach_interface (Mip6MnAdapter *a, int ifindex)
{
  g_autoptr (GError) error = NULL;
  a->ifindex = ifindex;
  a->has_lladdr = mip6_nd_link_address (a->ifname, a->lladdr);
  if (!a->backend->ops->listen_mh (a->backend, a->ifindex, on_mh, a, &error))
    g_warning ("%s", error->message);
}

static void
on_rtnl (const Mip6RtnlEvent *ev, gpointer data)
{
  Mip6MnAdapter *a = data;
  /* Our interface by name: the first time, or a new link of that name (a
   * USB adapter plugged back in gets a new ifindex). The old one went
   * down when it was deleted; the new one starts from no carrier. */
  if (ev->type == MIP6_RTNL_EVENT_LINK && g_strcmp0 (ev->ifname, a->ifname) == 0 &&
      ev->ifindex != a->ifindex && (ev->up || ev->carrier || a->ifindex == 0))
    {
      if (a->ifindex != 0)
        {
          g_message (_ ("Interface %s came back as link %d; following it"), a->ifname, ev->ifindex);
          if (a->carrier)
            {
              a->carrier = FALSE;
              Mip6Event down = { .kind = MIP6_EVENT_LINK_DOWN };
              feed (a, &down);
            }
          g_hash_table_remove_all (a->addrs);
        }
      attach_interface (a, ev->ifindex);
    }
  if (ev->ifindex != a->ifindex || a->ifindex == 0)
    return;

  if (ev->type == MIP6_RTNL_EVENT_LINK)
    {
      gboolean carrier = ev->up && ev->carrier;
      if (carrier == a->carrier)
        return;
      a->carrier = carrier;
      /* A link-layer address learnt on another link means nothing here. */
      a->has_ha_lladdr = FALSE;
      Mip6Event e = { .kind = carrier ? MIP6_EVENT_LINK_UP : MIP6_EVENT_LINK_DOWN };
      feed (a, &e);
      return;
    }

  if (ev->type == MIP6_RTNL_EVENT_ROUTER_FAILED)
    {
      /* §11.5.1: the kernel's NUD says a router is gone; the core decides
       * whether it was the one that mattered. */
      Mip6Event e = { .kind = MIP6_EVENT_ROUTER_UNREACHABLE };
      e.router_unreachable.router = ev->addr;
      feed (a, &e);
      return;
    }

  if (ev->type == MIP6_RTNL_EVENT_ADDR_DEL)
    g_hash_table_remove (a->addrs, &ev->addr);
  else
    g_hash_table_replace (a->addrs, g_memdup2 (&ev->addr, sizeof ev->addr),
                          ADDR_VALUE (ev->prefix_len, (ev->ifa_flags & IFA_F_PERMANENT) == 0));

  Mip6Event e = { .kind = MIP6_EVENT_ADDRESS };
  Mip6AddrEvent *ad = &e.address;
  ad->change = ev->type == MIP6_RTNL_EVENT_ADDR_DEL ? MIP6_ADDR_REMOVED : MIP6_ADDR_ADDED;
  ad->addr = ev->addr;
  ad->plen = ev->prefix_len;
  ad->flags = ((ev->ifa_flags & IFA_F_TENTATIVE) ? MIP6_ADDR_F_TENTATIVE : 0) |
              ((ev->ifa_flags & IFA_F_OPTIMISTIC) ? MIP6_ADDR_F_OPTIMISTIC : 0) |
              ((ev->ifa_flags & IFA_F_DEPRECATED) ? MIP6_ADDR_F_DEPRECATED : 0) |
              ((ev->ifa_flags & IFA_F_DADFAILED) ? MIP6_ADDR_F_DADFAILED : 0) |
              ((ev->ifa_flags & IFA_F_TEMPORARY) ? MIP6_ADDR_F_TEMPORARY : 0);
  ad->scope = ev->scope == 253   ? MIP6_SCOPE_LINK
              : ev->scope == 254 ? MIP6_SCOPE_HOST
                                 : MIP6_SCOPE_GLOBAL;
  ad->valid_lifetime = ev->valid_lifetime;
  ad->preferred_lifetime = ev->preferred_lifetime;
  feed (a, &e);
}

/* The home agent's link-layer address, known now: the kernel gets it at
 * once (a Binding Update waiting for it leaves), and the core is told. */
static void
learn_home_agent_lladdr (Mip6MnAdapter *a, const guint8 lladdr[6])
{
  if (a->has_ha_lladdr && !memcmp (a->ha_lladdr, lladdr, 6))
    return;
  memcpy (a->ha_lladdr, lladdr, 6);
  a->has_ha_lladdr = TRUE;
  mip6_rtnl_neigh_set (a->rtnl, a->ifindex, &a->ha, a->ha_lladdr, NULL);
  Mip6Event e = { .kind = MIP6_EVENT_HOME_AGENT_LINK_ADDRESS };
  feed (a, &e);
}

/* §11.5.4: the home agent's answer to our solicitation from the
 * unspecified address (or any advertisement of its own address). */
static void
on_neighbour_advert (Mip6MnAdapter *a, const Mip6NeighborAdvert *na)
{
  if (IN6_ARE_ADDR_EQUAL (&na->target, &a->ha) && na->options.has_tlla && na->options.tlla_len == 6)
    learn_home_agent_lladdr (a, na->options.tlla);
}

/* RFC 4443 §3.1: a router of the visited network refused a Binding
 * Update of ours (a firewall that rejects the Mobility Header). Only an
 * error about our current registration counts. */
static void
on_icmp_error (Mip6MnAdapter *a, const guint8 *msg, gsize len, const struct in6_addr *src)
{
  Mip6Icmp6Error e;
  const Mip6Bul *bul = mip6_mn_get_bul (a->core);
  Mip6WireError err = mip6_icmp6_error_parse (msg, len, &e);

  if (err != MIP6_WIRE_OK)
    {
      mip6_statistics_count_drop (a->stats, mip6_wire_error_name (err));
      return;
    }
  if (!e.invoking_mh || !bul->outstanding || !IN6_ARE_ADDR_EQUAL (&e.invoking_src, &bul->coa) ||
      !IN6_ARE_ADDR_EQUAL (&e.invoking_dst, &a->ha))
    {
      mip6_statistics_count_drop (a->stats, "icmp6_error_not_for_registration");
      return;
    }
  mip6_statistics_count (a->stats, "bind_updates_refused_by_network");
  Mip6Event ev = { .kind = MIP6_EVENT_SIGNALLING_REFUSED };
  ev.signalling_refused.reporter = *src;
  ev.signalling_refused.type = e.type;
  ev.signalling_refused.code = e.code;
  feed (a, &ev);
}

static void
on_icmp (const guint8 *msg, gsize len, const struct in6_addr *src, const struct in6_addr *dst,
         int hop_limit, int ifindex, gpointer data)
{
  Mip6MnAdapter *a = data;
  if (ifindex != a->ifindex)
    return;
  if (len > 0 && msg[0] == MIP6_ICMP6_DEST_UNREACHABLE)
    {
      on_icmp_error (a, msg, len, src);
      return;
    }
  Mip6Icmp6 m;
  Mip6WireError err = mip6_icmp6_parse (msg, len, NULL, NULL, &m);
  /* RFC 4861 §7.1.2: neighbour discovery has hop limit 255, so it cannot
   * have crossed a router. */
  if (err == MIP6_WIRE_OK && m.type == MIP6_ICMP6_NA)
    {
      if (hop_limit == 255)
        on_neighbour_advert (a, &m.na);
      return;
    }
  if (err == MIP6_WIRE_OK && m.type == MIP6_ICMP6_DHAAD_REPLY)
    {
      /* §11.4.1: the core checks the Identifier against its Request. */
      mip6_statistics_count (a->stats, "dhaad_replies_rcvd");
      Mip6Event ev = { .kind = MIP6_EVENT_DHAAD_REPLY };
      ev.dhaad_reply.source = *src;
      ev.dhaad_reply.identifier = m.dhaad_reply.identifier;
      ev.dhaad_reply.n_addresses = m.dhaad_reply.n_addresses;
      if (m.dhaad_reply.n_addresses > 0)
        ev.dhaad_reply.home_agent = m.dhaad_reply.addresses[0];
      feed (a, &ev);
      return;
    }
  /* RFC 4861 §6.1.2: a valid RA comes from a link-local address with hop
   * limit 255, so it cannot have crossed a router. */
  if (err == MIP6_WIRE_OK && (hop_limit != 255 || !IN6_IS_ADDR_LINKLOCAL (src)))
    err = MIP6_WIRE_BAD_VALUE;
  if (err != MIP6_WIRE_OK || m.type != MIP6_ICMP6_RA)
    {
      mip6_statistics_count_drop (a->stats, err != MIP6_WIRE_OK ? mip6_wire_error_name (err)
                                                                : "unexpected_icmp6_type");
      return;
    }

  /* The home agent's RA names its global address in a prefix with the R
   * flag (RFC 6275 §7.2) and its link-layer address in the SLLA option. */
  for (guint i = 0; i < m.ra.options.n_prefixes && m.ra.options.has_slla; i++)
    if (m.ra.options.prefixes[i].router_address &&
        IN6_ARE_ADDR_EQUAL (&m.ra.options.prefixes[i].prefix, &a->ha) && m.ra.options.slla_len == 6)
      {
        learn_home_agent_lladdr (a, m.ra.options.slla);
      }

  Mip6Event e = { .kind = MIP6_EVENT_RA };
  Mip6Ra *ra = &e.ra;
  ra->source = *src;
  ra->home_agent = m.ra.home_agent;
  ra->router_lifetime = m.ra.router_lifetime;
  ra->n_prefixes = MIN (m.ra.options.n_prefixes, MIP6_RA_MAX_PREFIXES);
  ra->n_prefixes_truncated = m.ra.options.n_prefixes_dropped;
  for (guint i = 0; i < ra->n_prefixes; i++)
    {
      const Mip6PrefixInfo *p = &m.ra.options.prefixes[i];
      ra->prefixes[i] = (Mip6RaPrefix){
        .prefix = p->prefix,
        .plen = p->prefix_len,
        .on_link = p->on_link,
        .autonomous = p->autonomous,
        .router_address = p->router_address,
        .valid_lifetime = p->valid_lifetime,
        .preferred_lifetime = p->preferred_lifetime,
      };
    }
  ra->adv_interval_ms = m.ra.options.has_adv_interval ? m.ra.options.adv_interval_ms : 0;
  ra->has_ha_info = m.ra.options.has_ha_info;
  ra->ha_preference = m.ra.options.ha_preference;
  ra->ha_lifetime = m.ra.options.ha_lifetime;
  feed (a, &e);
}

static void
on_mh (const Mip6Packet *pkt, Mip6WireError error, gpointer data)
{
  Mip6MnAdapter *a = data;
  char from[INET6_ADDRSTRLEN];
  /* A back end may report other packets with a Home Address option: a
   * home agent's business (backend.h). */
  if (error == MIP6_WIRE_OK && pkt->upper_proto != MIP6_IPPROTO_MH)
    return;
  g_debug ("received %s from %s: %s", mip6_mh_type_name (pkt->mh.type),
           inet_ntop (AF_INET6, &pkt->src, from, sizeof from), mip6_wire_error_name (error));
  if (error != MIP6_WIRE_OK)
    {
      mip6_statistics_count_drop (a->stats, mip6_wire_error_name (error));
      return;
    }
  /* Checked before the core sees it: who sent it, to which of our
   * addresses, with which routing header (inbound.h). */
  const Mip6Bul *bul = mip6_mn_get_bul (a->core);
  Mip6MnCoreState state = mip6_mn_get_state (a->core);
  Mip6MnInboundContext ctx = {
    .home_address = a->hoa,
    .home_agent = a->ha,
    .at_home = state == MIP6_MN_HOME,
    .has_coa = state != MIP6_MN_HOME && bul->sent_any,
    .coa = bul->coa,
    .has_previous_coa = a->has_previous_coa,
    .previous_coa = a->previous_coa,
  };
  const char *drop = mip6_mn_inbound_check (&ctx, pkt);
  if (drop)
    {
      mip6_statistics_count_drop (a->stats, drop);
      return;
    }
  Mip6Event e = { 0 };
  switch (pkt->mh.type)
    {
    case MIP6_MH_BA:
      e.kind = MIP6_EVENT_BA;
      e.ba.source = pkt->src;
      e.ba.status = pkt->mh.ba.status;
      e.ba.seq = pkt->mh.ba.sequence;
      e.ba.lifetime_s = (guint32) pkt->mh.ba.lifetime * MIP6_MH_LIFETIME_UNIT_S;
      e.ba.refresh_s = pkt->mh.options.has_refresh_advice
                           ? (guint32) pkt->mh.options.refresh_interval * MIP6_MH_LIFETIME_UNIT_S
                           : 0;
      mip6_statistics_count (a->stats, "bind_acks_rcvd");
      if (e.ba.status >= 128)
        mip6_statistics_count (a->stats, "bind_nacks_rcvd");
      break;
    case MIP6_MH_BRR:
      e.kind = MIP6_EVENT_BRR;
      e.brr.source = pkt->src;
      mip6_statistics_count (a->stats, "bind_refresh_rqs_rcvd");
      break;
    case MIP6_MH_BE:
      e.kind = MIP6_EVENT_BE;
      e.be.source = pkt->src;
      e.be.status = pkt->mh.be.status;
      e.be.home_address = pkt->mh.be.home_address;
      mip6_statistics_count (a->stats, "bind_errors_rcvd");
      break;
    default:
      mip6_statistics_count_drop (a->stats, "unexpected_mh_type");
      return;
    }
  feed (a, &e);
}

/* ---------------------------------------------------------- D-Bus requests */

/* Reregister(): a fresh Binding Update now, as if the home agent had asked
 * with a Binding Refresh Request (RFC 6275 §11.7.4). */
static gboolean
reregister (gpointer data, GError **error)
{
  Mip6MnAdapter *a = data;
  switch (mip6_mn_get_state (a->core))
    {
    case MIP6_MN_FOREIGN:
    case MIP6_MN_UNREGISTERED:
      break;
    case MIP6_MN_REGISTERING:
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BUSY,
                   _ ("A Binding Update is already on its way to the home agent; wait for its "
                      "acknowledgement"));
      return FALSE;
    default:
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_NOT_CONNECTED,
                   _ ("The mobile node is %s, not away from home: there is no care-of address "
                      "to register"),
                   mip6_mn_state_to_string (to_status_state (mip6_mn_get_state (a->core))));
      return FALSE;
    }
  Mip6Event e = { .kind = MIP6_EVENT_REREGISTER };
  feed (a, &e);
  return TRUE;
}

/* ---------------------------------------------------------- set-up */

Mip6MnAdapter *
mip6_mn_adapter_new (const Mip6Config *config, Mip6Backend *backend, Mip6MnStatus *status,
                     Mip6Statistics *stats, GError **error)
{
  g_autoptr (Mip6MnAdapter) a = g_new0 (Mip6MnAdapter, 1);
  a->backend = backend;
  a->status = status;
  a->stats = stats;
  a->ifname = g_strdup (config->interface);
  a->hoa = config->home_address;
  a->home_plen = (guint8) config->home_address_plen;
  a->ha = config->home_agent;
  a->addrs = g_hash_table_new_full (mip6_addr_hash, mip6_addr_equal, g_free, NULL);
  a->noted_hold = G_MININT64; /* the core's "holds nothing": no note to write */
  Mip6MnConfig mc = {
    .home_address = config->home_address,
    .home_plen = (guint8) config->home_address_plen,
    .home_agent = config->home_agent,
    .dhaad_identifier = (guint16) g_random_int_range (0, 65536),
    .max_lifetime_s = config->binding_lifetime,
    /* RFC 6275 does not fix the first sequence number; a random one keeps
     * a restarted mobile node out of the home agent's old window. */
    .initial_seq = (guint16) g_random_int_range (0, 65536),
    /* A mip6d that was killed away from home may have left a binding;
     * without a note of it, assume the longest one it could have asked. */
    .may_have_binding_s = mip6_binding_file_read (
        mip6_binding_file_dir (), &config->home_address,
        config->binding_lifetime ? config->binding_lifetime : MIP6_MH_LIFETIME_MAX_S),
  };
  a->core = mip6_mn_new (&mc);

  a->io = mip6_signal_io_new (error);
  if (a->io == NULL)
    return NULL;
  static const guint8 types[] = { MIP6_ICMP6_RA, MIP6_ICMP6_NA, MIP6_ICMP6_DEST_UNREACHABLE,
                                  MIP6_ICMP6_DHAAD_REPLY };
  if (!mip6_signal_io_listen_icmp (a->io, types, G_N_ELEMENTS (types), on_icmp, a, error))
    return NULL;
  int ifindex = (int) if_nametoindex (config->interface);
  if (ifindex > 0)
    attach_interface (a, ifindex);
  else
    g_message (_ ("Interface %s does not exist (yet): detached until it appears"), a->ifname);
  a->rtnl = mip6_rtnl_new (error);
  if (a->rtnl == NULL)
    return NULL;
  /* Replays the present links and addresses as events: a carrier that is
   * already up starts movement detection at once. */
  if (!mip6_rtnl_watch (a->rtnl, on_rtnl, a, error))
    return NULL;
  a->counters_timer = g_timeout_add_seconds (1, on_counters_timer, a);
  static const Mip6MnActions requests = { .reregister = reregister };
  mip6_mn_status_set_actions (status, &requests, a);

  char buf[INET6_ADDRSTRLEN], ha_buf[INET6_ADDRSTRLEN];
  if (config->has_home_agent)
    g_message (_ ("Mobile node %s/%u on %s, home agent %s, %s data path"),
               inet_ntop (AF_INET6, &a->hoa, buf, sizeof buf), a->home_plen, a->ifname,
               inet_ntop (AF_INET6, &a->ha, ha_buf, sizeof ha_buf), backend->ops->name);
  else
    g_message (_ ("Mobile node %s/%u on %s, home agent found by discovery when away (RFC 6275 "
                  "section 11.4.1), %s data path"),
               inet_ntop (AF_INET6, &a->hoa, buf, sizeof buf), a->home_plen, a->ifname,
               backend->ops->name);
  return g_steal_pointer (&a);
}

void
mip6_mn_adapter_free (Mip6MnAdapter *a)
{
  if (a == NULL)
    return;
  g_clear_handle_id (&a->timer, g_source_remove);
  g_clear_handle_id (&a->counters_timer, g_source_remove);
  if (a->status)
    mip6_mn_status_set_actions (a->status, NULL, NULL);
  /* Stopping away from home: no tunnel, rule or route of ours stays, and
   * the home address stays off the visited link, where it would make the
   * home prefix on-link (the binding at the home agent lapses). */
  if (a->backend && a->core && mip6_mn_get_state (a->core) != MIP6_MN_HOME)
    {
      a->backend->ops->mn_tunnel_del (a->backend, NULL);
      a->backend->ops->mn_routes_home (a->backend, NULL);
    }
  g_clear_pointer (&a->backend, mip6_backend_free);
  g_clear_pointer (&a->io, mip6_signal_io_free);
  g_clear_pointer (&a->rtnl, mip6_rtnl_free);
  g_clear_pointer (&a->core, mip6_mn_free);
  g_clear_pointer (&a->addrs, g_hash_table_unref);
  g_free (a->ifname);
  g_free (a);
}

void
mip6_mn_adapter_reloaded (Mip6MnAdapter *a)
{
  Mip6Event e = { .kind = MIP6_EVENT_RELOADED };
  feed (a, &e);
}
