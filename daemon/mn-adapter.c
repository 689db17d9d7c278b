/* mn-adapter.c — the mobile node's I/O adapter. */
#include "config.h"
#include "mn-adapter.h"

#include "backend-counters.h"
#include "interface-choice.h"
#include "mip6-addr.h"
#include "mip6-deadline.h"
#include "mip6-error.h"
#include "icmp6-error.h"
#include "mn/inbound.h"
#include "mn-binding-file.h"
#include "mn/mn.h"
#include "neighbour.h"
#include "network-list.h"
#include "network-manager.h"
#include "roaming.h"
#include "rtnl.h"
#include "signal-io.h"
#include "wall-clock.h"

#include <arpa/inet.h>
#include <glib/gi18n.h>
#include <linux/if_addr.h>
#include <net/if.h>
#include <string.h>

/* An address as netlink last reported it, kept to be replayed to the core
 * when its link becomes the one in use. */
typedef struct
{
  Mip6AddrEvent ev;
  gboolean dynamic; /* autoconfigured, not permanent */
} StoredAddr;

/* A link the kernel reported, with its IPv6 addresses. */
typedef struct
{
  int ifindex;
  char name[16];
  gboolean up, carrier, ethernet;
  GHashTable *addrs; /* struct in6_addr* → StoredAddr* */
} Link;

struct _Mip6MnAdapter
{
  const Mip6Config *config; /* valid until the next reload */
  char *ifname;             /* the interface in use; NULL: none */
  int ifindex;              /* 0: none */
  int home_ifindex;         /* where the home address was put back; 0: nowhere */
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
  Mip6BackendCounters published_dp;
  gboolean carrier;  /* of the interface in use */
  GHashTable *links; /* ifindex → Link* */
  gboolean started_home_checked;
  gint64 noted_hold; /* the ha_may_hold mn-binding-file was written for */
  /* The care-of addresses of the last Binding Updates: signalling to the
   * one before is for a binding we replaced (inbound.h). */
  struct in6_addr last_coa, previous_coa;
  gboolean has_previous_coa;
  guint8 ha_lladdr[6]; /* the home agent's, from its router advertisements */
  gboolean has_ha_lladdr;

  /* NetworkManager, and the networks mip6d joins through it. */
  Mip6NetworkManager *nm;
  Mip6Roaming *roaming;
  char *joining; /* the network an activation runs for; NULL: none */
  guint roam_timer;
  char *network; /* the ESSID in use, as text; NULL: none, wired or unknown */
  /* What the link was at the last link event fed to the core, where the
   * next handover comes from; link_identity NULL: not known yet. */
  char *link_identity;
  char *from_network, *from_interface;
  char *previous_network; /* the last network before the one in use */
  /* The home address could not be put on the link (NetworkManager keeps
   * IPv6 off while it activates): tried again at the link's next
   * address. */
  gboolean home_join_failed;
  /* The tunnel as last set: its outer packets leave by tunnel_ifindex. */
  gboolean tunnel_set;
  int tunnel_ifindex;
  struct in6_addr tunnel_local, tunnel_remote, tunnel_hoa;
  /* Being freed: nothing reaches the core any more (freeing the
   * NetworkManager client may run the main loop). */
  gboolean stopping;
};

static void
link_free (gpointer p)
{
  Link *l = p;
  g_hash_table_unref (l->addrs);
  g_free (l);
}

static Link *
current_link (Mip6MnAdapter *a)
{
  return a->ifindex ? g_hash_table_lookup (a->links, GINT_TO_POINTER (a->ifindex)) : NULL;
}

static const char *
link_name (Mip6MnAdapter *a, int ifindex)
{
  Link *l = g_hash_table_lookup (a->links, GINT_TO_POINTER (ifindex));
  return l ? l->name : "?";
}

/* NetworkManager's addresses and routes are its own (mip6d(8)): on a link
 * it manages, mip6d removes nothing it did not add. */
static gboolean
left_to_network_manager (Mip6MnAdapter *a, int ifindex)
{
  const Mip6NmDevice *dev =
      a->nm && ifindex ? mip6_network_manager_device (a->nm, link_name (a, ifindex)) : NULL;
  if (dev == NULL || !dev->managed)
    return FALSE;
  g_debug ("%s is managed by NetworkManager: its addresses and routes are left to it",
           dev->interface);
  return TRUE;
}

/* Found at home when mip6d starts: autoconfigured global addresses outside
 * the home prefix can only be left from a network visited before a crash
 * (an orderly stop or return home removes them); they and their on-link
 * routes go, or their prefixes would stay "on-link" here. */
static void
drop_foreign_leftovers (Mip6MnAdapter *a)
{
  Link *l = current_link (a);
  GHashTableIter it;
  gpointer key, value;
  g_autoptr (GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);

  if (l == NULL || left_to_network_manager (a, l->ifindex))
    return;
  g_hash_table_iter_init (&it, l->addrs);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      const struct in6_addr *addr = key;
      const StoredAddr *sa = value;
      if (!sa->dynamic || IN6_IS_ADDR_LINKLOCAL (addr) ||
          mip6_addr_in_prefix (addr, &a->hoa, a->home_plen))
        continue;
      char buf[INET6_ADDRSTRLEN];
      g_message (_ ("Removing %s, left from a network visited before mip6d stopped"),
                 inet_ntop (AF_INET6, addr, buf, sizeof buf));
      struct in6_addr prefix = *addr;
      mip6_addr_mask_prefix (&prefix, sa->ev.plen);
      mip6_rtnl_addr_del (a->rtnl, l->ifindex, addr, sa->ev.plen, NULL);
      mip6_rtnl_route_del_any (a->rtnl, &prefix, sa->ev.plen, NULL, l->ifindex, NULL);
      g_ptr_array_add (gone, g_memdup2 (addr, sizeof *addr));
    }
  for (guint i = 0; i < gone->len; i++)
    g_hash_table_remove (l->addrs, g_ptr_array_index (gone, i));
}

/* The home address goes onto @ifindex, and mip6d joins its solicited-node
 * group there itself (see mip6_signal_io_join_group()). */
static gboolean
home_link_join (Mip6MnAdapter *a, int ifindex, const Mip6Action *act, GError **error)
{
  struct in6_addr group;

  mip6_nd_solicited_node (&act->address.addr, &group);
  return a->backend->ops->mn_home_link_join (a->backend, ifindex, &act->address.addr,
                                             act->address.plen, act->address.dad, error) &&
         mip6_signal_io_join_group (a->io, ifindex, &group, error);
}

/* The home address and its group leave @ifindex. */
static gboolean
home_link_leave (Mip6MnAdapter *a, int ifindex, const Mip6Action *act, GError **error)
{
  struct in6_addr group;

  mip6_nd_solicited_node (&act->address.addr, &group);
  mip6_signal_io_leave_group (a->io, ifindex, &group);
  return a->backend->ops->mn_home_link_leave (a->backend, ifindex, &act->address.addr,
                                              act->address.plen, error);
}

/* Away from home the home subnet prefix is not on-link (RFC 6275 §11.5.2):
 * addresses autoconfigured from it and its prefix route go from the link
 * the home address was on, or packets for home would be sent onto the
 * visited link. */
static void
drop_home_prefix (Mip6MnAdapter *a, int ifindex)
{
  Link *l = g_hash_table_lookup (a->links, GINT_TO_POINTER (ifindex));
  GHashTableIter it;
  gpointer key, value;
  g_autoptr (GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);

  if (l == NULL || left_to_network_manager (a, ifindex))
    return;
  g_hash_table_iter_init (&it, l->addrs);
  while (g_hash_table_iter_next (&it, &key, &value))
    if (mip6_addr_in_prefix (key, &a->hoa, a->home_plen) && !IN6_ARE_ADDR_EQUAL (key, &a->hoa))
      {
        g_autoptr (GError) error = NULL;
        if (!mip6_rtnl_addr_del (a->rtnl, ifindex, key, ((StoredAddr *) value)->ev.plen, &error))
          g_warning ("%s", error->message);
        g_ptr_array_add (gone, g_memdup2 (key, sizeof (struct in6_addr)));
      }
  for (guint i = 0; i < gone->len; i++)
    g_hash_table_remove (l->addrs, g_ptr_array_index (gone, i));
  mip6_rtnl_route_del_any (a->rtnl, &a->hoa, a->home_plen, NULL, ifindex, NULL);
}

static void run_actions (Mip6MnAdapter *a, GArray *actions);

static void
feed (Mip6MnAdapter *a, Mip6Event *ev)
{
  if (a->stopping)
    return;
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

/* The tunnel's counters, brought in when someone reads the statistics. */
static void
sync_counters (Mip6Statistics *stats, gpointer data)
{
  Mip6MnAdapter *a = data;
  mip6_backend_counters_publish (a->backend, stats, &a->published_dp);
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
                         ? (gint64) (mip6_wall_clock_us (bul->ha_may_hold) / G_USEC_PER_SEC)
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
  mip6_mn_status_set_binding_expires (a->status,
                                      bul->binding && bul->expires_at > now ? bul->expires_at : 0);

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

static void update_abilities (Mip6MnAdapter *a);

static void
report_handover (Mip6MnAdapter *a, const Mip6Action *act)
{
  const Mip6HandoverTimings *t = &act->handover;
  char coa_text[INET6_ADDRSTRLEN] = "";
  struct in6_addr coa;
  if (mip6_mn_get_coa (a->core, &coa))
    inet_ntop (AF_INET6, &coa, coa_text, sizeof coa_text);

  Mip6Handover h = { 0 };
  h.started_wall_us = (gint64) mip6_wall_clock_us (t->started_at);
  for (int p = 0; p < MIP6_N_PHASES && p < MIP6_HANDOVER_N_PHASES; p++)
    h.at[p] = t->at[p] > 0 ? t->at[p] : 0;
  h.care_of_address = coa_text[0] ? coa_text : NULL;
  /* From the link of the last link event to the one in use now. */
  /* NetworkManager may name the new network before the link event
   * reaches us: then the one before it is where the move came from. */
  h.from_network =
      g_strcmp0 (a->from_network, a->network) != 0 ? a->from_network : a->previous_network;
  h.from_interface = a->from_interface;
  h.to_network = a->network;
  h.to_interface = a->ifname;

  /* What the handover changed is on the bus before the signal about it. */
  publish_binding (a);
  update_abilities (a);
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
      mip6_mn_status_handover_failed (a->status, &h, act->token, act->status, act->reason);
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
        /* Out of the link in use, which the care-of address (or, home,
         * the home address) belongs to: with a dock and Wi-Fi both up the
         * routing table may prefer the other one. */
        ok = a->backend->ops->send_mh (a->backend, &act->bu.src, &act->bu.dst,
                                       from_home ? NULL : &act->bu.hoa, NULL, &m, a->ifindex,
                                       &error);
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
      {
        /* The home address leaves the link it is on, which is not the one
         * in use after a move from Ethernet to Wi-Fi. */
        int on = a->home_ifindex ? a->home_ifindex : a->ifindex;
        ok = home_link_leave (a, on, act, &error);
        /* Addresses autoconfigured from the home prefix go with it. */
        drop_home_prefix (a, on);
        a->home_ifindex = 0;
        break;
      }
    case MIP6_ACTION_HOME_LINK_JOIN:
      /* At start, what a crash left of a visited network goes first. */
      if (!a->started_home_checked)
        drop_foreign_leftovers (a);
      a->started_home_checked = TRUE;
      /* Home on another interface now: the home address moves with us. */
      if (a->home_ifindex && a->home_ifindex != a->ifindex)
        home_link_leave (a, a->home_ifindex, act, NULL);
      ok = home_link_join (a, a->ifindex, act, &error);
      if (ok)
        a->home_ifindex = a->ifindex;
      a->home_join_failed = !ok;
      break;
    case MIP6_ACTION_TUNNEL_SET:
      ok = a->backend->ops->mn_tunnel_set (a->backend, a->ifindex, &act->tunnel.local,
                                           &act->tunnel.remote, &act->tunnel.hoa, &error);
      if (ok)
        {
          a->tunnel_set = TRUE;
          a->tunnel_ifindex = a->ifindex;
          a->tunnel_local = act->tunnel.local;
          a->tunnel_remote = act->tunnel.remote;
          a->tunnel_hoa = act->tunnel.hoa;
        }
      break;
    case MIP6_ACTION_TUNNEL_DEL:
      ok = a->backend->ops->mn_tunnel_del (a->backend, &error);
      a->tunnel_set = FALSE;
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
      if (!left_to_network_manager (a, a->ifindex))
        ok =
            mip6_rtnl_addr_del (a->rtnl, a->ifindex, &act->address.addr, act->address.plen, &error);
      break;
    case MIP6_ACTION_ROUTES_REMOVE:
      if (!left_to_network_manager (a, a->ifindex))
        ok = mip6_rtnl_route_del_any (a->rtnl, &act->address.addr, act->address.plen, NULL,
                                      a->ifindex, &error);
      break;
    case MIP6_ACTION_ROUTER_REMOVE:
      if (!left_to_network_manager (a, a->ifindex))
        {
          static const struct in6_addr any = IN6ADDR_ANY_INIT;
          ok = mip6_rtnl_route_del_any (a->rtnl, &any, 0, &act->address.addr, a->ifindex, &error);
        }
      break;
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
      publish_binding (a);
      update_abilities (a);
      mip6_mn_status_registration_failed (a->status, act->token, act->status, act->reason);
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
  update_abilities (a);
}

/* ---------------------------------------------------------- events in: links */

static void on_mh (const Mip6Packet *pkt, Mip6WireError error, gpointer data);

static void
feed_link (Mip6MnAdapter *a, Mip6EventKind kind)
{
  Mip6Event e = { .kind = kind };
  feed (a, &e);
}

static void
feed_address (Mip6MnAdapter *a, const Mip6AddrEvent *ad)
{
  Mip6Event e = { .kind = MIP6_EVENT_ADDRESS };
  e.address = *ad;
  feed (a, &e);
}

static const char *
network_of (Mip6MnAdapter *a, const char *ifname, GBytes **ssid_out)
{
  const Mip6NmDevice *dev = a->nm && ifname ? mip6_network_manager_device (a->nm, ifname) : NULL;
  if (ssid_out)
    *ssid_out = dev && dev->wifi ? dev->ssid : NULL;
  return dev ? (dev->wifi ? NULL : dev->connection_id) : NULL;
}

/* The ESSID in use and what identifies the link's network: the SSID on
 * Wi-Fi, NM's connection elsewhere; NULL while NetworkManager has not
 * said. */
static char *
link_identity (Mip6MnAdapter *a, const char *ifname)
{
  GBytes *ssid = NULL;
  const char *connection = network_of (a, ifname, &ssid);
  if (ssid)
    return mip6_ssid_to_display (ssid);
  /* A profile's name, chosen by whoever made it: escaped for the log. */
  return connection ? g_strescape (connection, NULL) : NULL;
}

static void
update_network (Mip6MnAdapter *a)
{
  GBytes *ssid = NULL;
  network_of (a, a->ifname, &ssid);
  g_autofree char *now = ssid ? mip6_ssid_to_display (ssid) : NULL;
  if (g_strcmp0 (now, a->network) == 0)
    return;
  if (a->network)
    {
      g_free (a->previous_network);
      a->previous_network = g_steal_pointer (&a->network);
    }
  g_free (a->network);
  a->network = g_steal_pointer (&now);
  mip6_mn_status_set_network (a->status, a->network);
}

/* A link event goes to the core: the handover it may start comes from
 * what the link was at the previous one. */
static void
link_event (Mip6MnAdapter *a, Mip6EventKind kind, const char *from_interface)
{
  g_free (a->from_interface);
  a->from_interface = g_strdup (from_interface);
  g_free (a->from_network);
  a->from_network = g_strdup (a->network);
  update_network (a);
  g_free (a->link_identity);
  a->link_identity = kind == MIP6_EVENT_LINK_UP ? link_identity (a, a->ifname) : NULL;
  feed_link (a, kind);
}

/* Starts using @l (NULL: none). Make before break: the core hears the new
 * link come up while the binding through the old one still stands; the
 * old link's addresses leave its view, the new link's enter it. */
static void
use_link (Mip6MnAdapter *a, Link *l)
{
  Link *old = current_link (a);
  g_autofree char *old_name = g_strdup (a->ifname);
  gboolean old_carrier = a->carrier;
  g_autoptr (GError) error = NULL;

  if (old == l)
    return;
  if (old && l)
    g_message (_ ("Interface %s is now used instead of %s"), l->name, old->name);
  else if (l)
    g_message (_ ("Interface %s is now used"), l->name);
  else
    g_message (_ ("No interface can be used: detached"));

  g_free (a->ifname);
  a->ifname = l ? g_strdup (l->name) : NULL;
  a->ifindex = l ? l->ifindex : 0;
  a->carrier = l && l->up && l->carrier;
  a->has_ha_lladdr = FALSE;
  if (l)
    a->has_lladdr = mip6_nd_link_address (l->name, a->lladdr);
  /* The link event first: the handover's clock and the Router
   * Solicitation start now. A Binding Update waits for a router
   * advertisement, by when the back end listens on the new link. */
  if (a->carrier)
    link_event (a, MIP6_EVENT_LINK_UP, old_name);
  else if (old_carrier)
    link_event (a, MIP6_EVENT_LINK_DOWN, old_name);
  else
    update_network (a);
  if (l && !a->backend->ops->listen_mh (a->backend, l->ifindex, on_mh, a, &error))
    g_warning ("%s", error->message);
  /* The link the tunnel's packets left by is gone (a USB adapter came
   * back under a new ifindex): they leave by its successor. */
  if (l && a->tunnel_set && !g_hash_table_contains (a->links, GINT_TO_POINTER (a->tunnel_ifindex)))
    {
      g_autoptr (GError) tunnel_error = NULL;
      if (a->backend->ops->mn_tunnel_set (a->backend, l->ifindex, &a->tunnel_local,
                                          &a->tunnel_remote, &a->tunnel_hoa, &tunnel_error))
        a->tunnel_ifindex = l->ifindex;
      else
        g_warning ("%s", tunnel_error->message);
    }
  mip6_mn_status_set_interface (a->status, a->carrier ? a->ifname : NULL);

  if (old)
    {
      GHashTableIter it;
      gpointer value;
      g_hash_table_iter_init (&it, old->addrs);
      while (g_hash_table_iter_next (&it, NULL, &value))
        {
          Mip6AddrEvent gone = ((StoredAddr *) value)->ev;
          gone.change = MIP6_ADDR_REMOVED;
          feed_address (a, &gone);
        }
    }
  if (l)
    {
      GHashTableIter it;
      gpointer value;
      g_hash_table_iter_init (&it, l->addrs);
      while (g_hash_table_iter_next (&it, NULL, &value))
        feed_address (a, &((StoredAddr *) value)->ev);
    }
}

/* Which interface to use (interface-choice.h), after any change of links
 * or of NetworkManager's primary connection. */
static void
choose_link (Mip6MnAdapter *a)
{
  g_autoptr (GArray) states = g_array_new (FALSE, TRUE, sizeof (Mip6InterfaceState));
  GHashTableIter it;
  gpointer value;

  g_hash_table_iter_init (&it, a->links);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      Link *l = value;
      Mip6InterfaceState st = { l->name, l->up && l->carrier, l->ethernet };
      g_array_append_val (states, st);
    }
  const char *primary = a->nm ? mip6_network_manager_primary_interface (a->nm) : NULL;
  const char *name = mip6_interface_choose ((const char *const *) a->config->interfaces,
                                            (const Mip6InterfaceState *) (gpointer) states->data,
                                            states->len, primary, a->ifname);
  Link *chosen = NULL;
  g_hash_table_iter_init (&it, a->links);
  while (name && g_hash_table_iter_next (&it, NULL, &value))
    if (g_str_equal (((Link *) value)->name, name))
      chosen = value;
  use_link (a, chosen);
}

static Mip6AddrEvent
addr_event_of (const Mip6RtnlEvent *ev)
{
  Mip6AddrEvent ad = { 0 };
  ad.change = ev->type == MIP6_RTNL_EVENT_ADDR_DEL ? MIP6_ADDR_REMOVED : MIP6_ADDR_ADDED;
  ad.addr = ev->addr;
  ad.plen = ev->prefix_len;
  ad.flags = ((ev->ifa_flags & IFA_F_TENTATIVE) ? MIP6_ADDR_F_TENTATIVE : 0) |
             ((ev->ifa_flags & IFA_F_OPTIMISTIC) ? MIP6_ADDR_F_OPTIMISTIC : 0) |
             ((ev->ifa_flags & IFA_F_DEPRECATED) ? MIP6_ADDR_F_DEPRECATED : 0) |
             ((ev->ifa_flags & IFA_F_DADFAILED) ? MIP6_ADDR_F_DADFAILED : 0) |
             ((ev->ifa_flags & IFA_F_TEMPORARY) ? MIP6_ADDR_F_TEMPORARY : 0);
  ad.scope = ev->scope == 253   ? MIP6_SCOPE_LINK
             : ev->scope == 254 ? MIP6_SCOPE_HOST
                                : MIP6_SCOPE_GLOBAL;
  ad.valid_lifetime = ev->valid_lifetime;
  ad.preferred_lifetime = ev->preferred_lifetime;
  return ad;
}

static void
on_link_event (Mip6MnAdapter *a, const Mip6RtnlEvent *ev)
{
  Link *l = g_hash_table_lookup (a->links, GINT_TO_POINTER (ev->ifindex));

  if (ev->deleted)
    {
      if (l && l->ifindex == a->ifindex)
        use_link (a, NULL);
      g_hash_table_remove (a->links, GINT_TO_POINTER (ev->ifindex));
      choose_link (a);
      return;
    }
  if (l == NULL)
    {
      l = g_new0 (Link, 1);
      l->ifindex = ev->ifindex;
      l->addrs = g_hash_table_new_full (mip6_addr_hash, mip6_addr_equal, g_free, g_free);
      g_hash_table_insert (a->links, GINT_TO_POINTER (ev->ifindex), l);
    }
  g_strlcpy (l->name, ev->ifname, sizeof l->name);
  l->up = ev->up;
  l->carrier = ev->carrier;
  l->ethernet = ev->ethernet;

  /* A new link of the name in use (a USB adapter plugged back in gets a
   * new ifindex): the old one is gone. */
  if (a->ifindex && l->ifindex != a->ifindex && g_strcmp0 (l->name, a->ifname) == 0)
    {
      g_message (_ ("Interface %s came back as link %d; following it"), l->name, l->ifindex);
      g_hash_table_remove (a->links, GINT_TO_POINTER (a->ifindex));
      a->ifindex = 0;
      g_clear_pointer (&a->ifname, g_free);
      if (a->carrier)
        {
          a->carrier = FALSE;
          link_event (a, MIP6_EVENT_LINK_DOWN, l->name);
        }
    }

  int before = a->ifindex;
  choose_link (a);
  if (a->ifindex != before || l->ifindex != a->ifindex)
    return;
  gboolean carrier = l->up && l->carrier;
  if (carrier == a->carrier)
    return;
  a->carrier = carrier;
  /* A link-layer address learnt on another link means nothing here. */
  a->has_ha_lladdr = FALSE;
  link_event (a, carrier ? MIP6_EVENT_LINK_UP : MIP6_EVENT_LINK_DOWN, a->ifname);
  /* In use while its link is up. */
  mip6_mn_status_set_interface (a->status, carrier ? a->ifname : NULL);
}

static void
on_rtnl (const Mip6RtnlEvent *ev, gpointer data)
{
  Mip6MnAdapter *a = data;

  if (ev->type == MIP6_RTNL_EVENT_LINK)
    {
      on_link_event (a, ev);
      return;
    }
  if (ev->type == MIP6_RTNL_EVENT_ROUTER_FAILED)
    {
      if (ev->ifindex != a->ifindex || a->ifindex == 0)
        return;
      /* §11.5.1: the kernel's NUD says a router is gone; the core decides
       * whether it was the one that mattered. */
      Mip6Event e = { .kind = MIP6_EVENT_ROUTER_UNREACHABLE };
      e.router_unreachable.router = ev->addr;
      feed (a, &e);
      return;
    }

  Link *l = g_hash_table_lookup (a->links, GINT_TO_POINTER (ev->ifindex));
  if (l == NULL)
    return;
  Mip6AddrEvent ad = addr_event_of (ev);
  if (ev->type == MIP6_RTNL_EVENT_ADDR_DEL)
    g_hash_table_remove (l->addrs, &ev->addr);
  else
    {
      StoredAddr *sa = g_new0 (StoredAddr, 1);
      sa->ev = ad;
      sa->dynamic = (ev->ifa_flags & IFA_F_PERMANENT) == 0;
      g_hash_table_replace (l->addrs, g_memdup2 (&ev->addr, sizeof ev->addr), sa);
    }
  if (ev->ifindex != a->ifindex)
    return;
  feed_address (a, &ad);
  /* The link takes addresses again: the home address that could not be
   * added is missing, which the core hears as its removal (and, at home,
   * puts it back). */
  if (a->home_join_failed && ev->type == MIP6_RTNL_EVENT_ADDR_NEW &&
      !IN6_ARE_ADDR_EQUAL (&ev->addr, &a->hoa))
    {
      a->home_join_failed = FALSE;
      Mip6AddrEvent gone = { .change = MIP6_ADDR_REMOVED, .addr = a->hoa, .plen = a->home_plen };
      feed_address (a, &gone);
    }
}

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

/* Whether Reregister() is accepted now; the one check behind both the
 * method and CanReregister. */
static gboolean
can_reregister (Mip6MnAdapter *a, GError **error)
{
  switch (mip6_mn_get_state (a->core))
    {
    case MIP6_MN_REGISTERING:
    case MIP6_MN_FOREIGN:
    case MIP6_MN_UNREGISTERED:
      break;
    default:
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_NOT_CONNECTED,
                   _ ("The mobile node is %s, not away from home: there is no care-of address "
                      "to register"),
                   mip6_mn_state_to_string (to_status_state (mip6_mn_get_state (a->core))));
      return FALSE;
    }
  if (mip6_mn_handover_running (a->core))
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BUSY,
                   _ ("A handover is running; wait for it to complete or fail, then try again"));
      return FALSE;
    }
  return TRUE;
}

/* Reregister(): a fresh Binding Update now, as if the home agent had asked
 * with a Binding Refresh Request (RFC 6275 §11.7.4). */
static gboolean
reregister (gpointer data, GError **error)
{
  Mip6MnAdapter *a = data;
  if (!can_reregister (a, error))
    return FALSE;
  Mip6Event e = { .kind = MIP6_EVENT_REREGISTER };
  feed (a, &e);
  return TRUE;
}

/* ---------------------------------------------------------- NetworkManager */

static void publish_networks (Mip6MnAdapter *a);
static void roam_if_lost (Mip6MnAdapter *a);

/* Whether mip6d may use @ifname: listed, or any with interface=auto. */
static gboolean
is_ours (Mip6MnAdapter *a, const char *ifname)
{
  return a->config->interfaces == NULL ||
         g_strv_contains ((const char *const *) a->config->interfaces, ifname);
}

static gboolean
on_roam_timer (gpointer data)
{
  Mip6MnAdapter *a = data;
  a->roam_timer = 0;
  if (!a->stopping)
    roam_if_lost (a);
  return G_SOURCE_REMOVE;
}

/* Asks NetworkManager to join @net; @seen is where it is visible. */
static gboolean
join (Mip6MnAdapter *a, const Mip6NetworkConfig *net, const Mip6VisibleNetwork *seen,
      GError **error)
{
  if (!mip6_network_manager_activate (a->nm, net, seen ? seen->interface : NULL, error))
    {
      mip6_roaming_failed (a->roaming, net->name, g_get_monotonic_time ());
      return FALSE;
    }
  g_message (_ ("Joining the network %s on %s through NetworkManager"), net->name,
             seen && seen->interface ? seen->interface : "-");
  g_free (a->joining);
  a->joining = g_strdup (net->name);
  return TRUE;
}

/* The network in use was lost: the best known one that is visible. */
static void
roam_if_lost (Mip6MnAdapter *a)
{
  GPtrArray *devices;
  gint64 now = g_get_monotonic_time ();

  g_clear_handle_id (&a->roam_timer, g_source_remove);
  if (a->joining || !mip6_network_manager_running (a->nm))
    return;
  devices = mip6_network_manager_devices (a->nm);
  for (guint i = 0; i < devices->len; i++)
    {
      const Mip6NmDevice *dev = g_ptr_array_index (devices, i);
      Mip6RoamChoice choice;
      if (!is_ours (a, dev->interface) || !mip6_roaming_wants (a->roaming, dev->interface) ||
          dev->connecting || dev->activated)
        continue;
      while (mip6_roaming_choose (a->roaming, a->config->networks,
                                  mip6_network_manager_visible (a->nm), dev->interface, now,
                                  &choice))
        {
          g_autoptr (GError) error = NULL;
          g_message (_ ("The network on %s was lost; %s is the best known network in sight"),
                     dev->interface, choice.network->name);
          if (join (a, choice.network, choice.seen, &error))
            return;
          g_warning (_ ("Cannot join %s: %s"), choice.network->name, error->message);
        }
    }
  gint64 retry = mip6_roaming_next_retry (a->roaming, now);
  if (retry != G_MAXINT64)
    a->roam_timer = g_timeout_add ((guint) ((retry - now) / 1000 + 1), on_roam_timer, a);
}

static void
on_nm_changed (gpointer data)
{
  Mip6MnAdapter *a = data;
  if (a->stopping)
    return;
  GPtrArray *devices = mip6_network_manager_devices (a->nm);
  gboolean lost = FALSE;

  for (guint i = 0; i < devices->len; i++)
    {
      const Mip6NmDevice *dev = g_ptr_array_index (devices, i);
      if (is_ours (a, dev->interface))
        lost |= mip6_roaming_device_changed (a->roaming, dev);
    }
  choose_link (a);
  /* NetworkManager may name the network after the link came up. */
  if (a->ifname && a->link_identity == NULL && a->carrier)
    a->link_identity = link_identity (a, a->ifname);
  update_network (a);
  publish_networks (a);
  update_abilities (a);
  if (lost)
    roam_if_lost (a);
}

/* An association change reported by NetworkManager is a link-layer hint
 * (RFC 6275 §11.5.1): movement detection starts now, not at the next
 * router advertisement. A carrier change already counted. */
static void
link_hint (Mip6MnAdapter *a, const char *ifname, const char *identity)
{
  if (g_strcmp0 (ifname, a->ifname) != 0 || !a->carrier || identity == NULL)
    return;
  if (a->link_identity == NULL)
    {
      a->link_identity = g_strdup (identity);
      update_network (a);
      return;
    }
  if (g_str_equal (a->link_identity, identity))
    return;
  g_message (_ ("NetworkManager reports %s on %s: looking for routers now"), identity, ifname);
  link_event (a, MIP6_EVENT_LINK_UP, a->ifname);
}

static void
on_nm_link_hint (const char *ifname, gpointer data)
{
  Mip6MnAdapter *a = data;
  if (a->stopping)
    return;
  g_autofree char *identity = link_identity (a, ifname);
  link_hint (a, ifname, identity);
}

static void
on_nm_activated (const char *name, const GError *error, gpointer data)
{
  Mip6MnAdapter *a = data;
  if (a->stopping)
    return;
  if (g_strcmp0 (name, a->joining) == 0)
    g_clear_pointer (&a->joining, g_free);
  if (error)
    {
      g_warning (_ ("NetworkManager could not join %s: %s"), name, error->message);
      mip6_roaming_failed (a->roaming, name, g_get_monotonic_time ());
      roam_if_lost (a);
      return;
    }
  mip6_roaming_joined (a->roaming, name);
  mip6_statistics_count (a->stats, "roams");
  g_message (_ ("NetworkManager joined %s"), name);
}

static void
publish_networks (Mip6MnAdapter *a)
{
  GPtrArray *visible =
      mip6_network_manager_running (a->nm) ? mip6_network_manager_visible (a->nm) : NULL;
  GBytes *ssid = NULL;
  network_of (a, a->ifname, &ssid);
  mip6_mn_status_set_networks (
      a->status, mip6_network_list_build (a->config->networks, visible, ssid, a->ifname));
}

/* Whether a Roam() call can be accepted now, for some network: the one
 * check behind both the method and CanRoam. */
static gboolean
can_roam (Mip6MnAdapter *a, GError **error)
{
  GPtrArray *devices;

  if (!mip6_network_manager_running (a->nm))
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_NOT_SUPPORTED,
                   _ ("NetworkManager is not running, so mip6d cannot move to another network; "
                      "start NetworkManager or join the network by hand"));
      return FALSE;
    }
  if (a->config->networks == NULL || a->config->networks->len == 0)
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_UNKNOWN_NETWORK,
                   _ ("No network is configured: add a [network NAME] group to %s"),
                   a->config->path);
      return FALSE;
    }
  devices = mip6_network_manager_devices (a->nm);
  for (guint i = 0; i < devices->len; i++)
    {
      const Mip6NmDevice *dev = g_ptr_array_index (devices, i);
      if (dev->wifi && is_ours (a, dev->interface))
        return TRUE;
    }
  g_set_error (error, MIP6_ERROR, MIP6_ERROR_NOT_CONNECTED,
               _ ("NetworkManager knows no Wi-Fi device that mip6d uses (the key 'interface' in "
                  "%s)"),
               a->config->path);
  return FALSE;
}

/* CanRoam and CanReregister, after anything their checks read changed. */
static void
update_abilities (Mip6MnAdapter *a)
{
  if (a->stopping || a->core == NULL)
    return;
  mip6_mn_status_set_can_roam (a->status, a->nm != NULL && can_roam (a, NULL));
  mip6_mn_status_set_can_reregister (a->status, can_reregister (a, NULL));
}

/* Roam(): join @name now, wherever it is seen best. */
static gboolean
roam (gpointer data, const char *name, GError **error)
{
  Mip6MnAdapter *a = data;
  const Mip6NetworkConfig *net = mip6_config_find_network (a->config, name);
  GPtrArray *visible;
  const Mip6VisibleNetwork *best = NULL;

  if (!can_roam (a, error))
    return FALSE;
  if (a->joining)
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BUSY,
                   _ ("mip6d is joining %s already; wait for it, then try again"), a->joining);
      return FALSE;
    }
  visible = mip6_network_manager_visible (a->nm);
  for (guint i = 0; i < visible->len; i++)
    {
      const Mip6VisibleNetwork *v = g_ptr_array_index (visible, i);
      if (g_bytes_equal (v->ssid, net->ssid) && v->interface && is_ours (a, v->interface) &&
          (best == NULL || v->signal > best->signal))
        best = v;
    }
  if (best == NULL)
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_NOT_CONNECTED,
                   _ ("No access point of %s is in sight of a Wi-Fi interface mip6d uses; "
                      "mip6ctl networks shows what is visible"),
                   name);
      return FALSE;
    }
  /* NetworkManager would drop the association and make it again. */
  const Mip6NmDevice *dev = mip6_network_manager_device (a->nm, best->interface);
  if (dev && dev->ssid && (dev->activated || dev->connecting) &&
      g_bytes_equal (dev->ssid, net->ssid))
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_INVALID_ARGUMENT,
                   _ ("%s is on %s already; nothing to do"), best->interface, name);
      return FALSE;
    }
  if (!mip6_roaming_security_fits (net, best->securities))
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_FAILED,
                   _ ("The access points of %s do not offer security = %s as configured in "
                      "%s; mip6d does not join them (they may be an impostor)"),
                   name, mip6_security_to_string (net->security), a->config->path);
      return FALSE;
    }
  mip6_roaming_joined (a->roaming, name); /* a person asked: no back-off */
  return join (a, net, best, error);
}

/* NetworkEvent(): what NetworkManager's dispatcher saw
 * (NetworkManager-dispatcher(8)). Names come from the network: they are
 * escaped before they reach the log. */
static gboolean
network_event (gpointer data, const char *ifname, const char *action, GHashTable *details,
               GError **error)
{
  Mip6MnAdapter *a = data;
  const char *id = g_hash_table_lookup (details, "connection_id");
  g_autofree char *safe_id = id ? g_strescape (id, NULL) : g_strdup ("-");
  g_autofree char *safe_if = g_strescape (ifname, NULL);

  mip6_statistics_count (a->stats, "nm_dispatcher_events");
  /* Connectivity is the host's, not an interface's: NM gives no
   * interface with it. */
  if (g_str_equal (action, "connectivity-change"))
    {
      const char *state = g_hash_table_lookup (details, "connectivity_state");
      g_autofree char *safe_state = state ? g_strescape (state, NULL) : g_strdup ("-");
      g_message (_ ("NetworkManager reports connectivity %s"), safe_state);
      /* Full connectivity after a captive portal: try to register now
       * rather than at the next retransmission (RFC 6275 §11.8). */
      if (g_strcmp0 (state, "FULL") == 0 && mip6_mn_get_state (a->core) == MIP6_MN_UNREGISTERED)
        {
          Mip6Event e = { .kind = MIP6_EVENT_REREGISTER };
          feed (a, &e);
        }
      return TRUE;
    }
  if (a->ifname == NULL || g_strcmp0 (ifname, a->ifname) != 0 ||
      !(g_str_equal (action, "up") || g_str_equal (action, "down") ||
        g_str_equal (action, "dhcp6-change")))
    return TRUE;
  g_message (_ ("NetworkManager reports %s on %s (connection %s)"), action, safe_if, safe_id);
  /* Another network than the link was on is a link change; else a hint
   * to solicit routers now (RFC 6275 §11.5.1). */
  g_autofree char *identity = link_identity (a, ifname);
  if (a->carrier && identity && a->link_identity && !g_str_equal (identity, a->link_identity))
    {
      link_hint (a, ifname, identity);
      return TRUE;
    }
  Mip6Event e = { .kind = MIP6_EVENT_LINK_HINT };
  feed (a, &e);
  return TRUE;
}

/* ---------------------------------------------------------- set-up */

Mip6MnAdapter *
mip6_mn_adapter_new (const Mip6Config *config, Mip6Backend *backend, Mip6MnStatus *status,
                     Mip6Statistics *stats, GError **error)
{
  g_autoptr (Mip6MnAdapter) a = g_new0 (Mip6MnAdapter, 1);
  a->config = config;
  a->backend = backend;
  a->status = status;
  a->stats = stats;
  a->hoa = config->home_address;
  a->home_plen = (guint8) config->home_address_plen;
  a->ha = config->home_agent;
  a->links = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, link_free);
  a->noted_hold = G_MININT64; /* the core's "holds nothing": no note to write */
  a->roaming = mip6_roaming_new ();
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
  /* Before the links: with interface=auto, NM's primary connection
   * decides as soon as it is known. */
  static const Mip6NetworkManagerCallbacks nm_callbacks = {
    .changed = on_nm_changed,
    .link_hint = on_nm_link_hint,
    .activated = on_nm_activated,
  };
  a->nm = mip6_network_manager_new (&nm_callbacks, a);
  a->rtnl = mip6_rtnl_new (error);
  if (a->rtnl == NULL)
    return NULL;
  /* Replays the present links and addresses as events: a carrier that is
   * already up starts movement detection at once. */
  if (!mip6_rtnl_watch (a->rtnl, on_rtnl, a, error))
    return NULL;
  if (a->ifindex == 0 && config->interfaces)
    g_message (_ ("Interface %s does not exist (yet): detached until it appears"),
               config->interface);
  mip6_statistics_set_sync_func (stats, sync_counters, a);
  static const Mip6MnActions requests = {
    .reregister = reregister,
    .roam = roam,
    .network_event = network_event,
  };
  mip6_mn_status_set_actions (status, &requests, a);
  publish_networks (a);
  update_abilities (a);

  char buf[INET6_ADDRSTRLEN], ha_buf[INET6_ADDRSTRLEN];
  if (config->has_home_agent)
    g_message (_ ("Mobile node %s/%u on %s, home agent %s, %s data path"),
               inet_ntop (AF_INET6, &a->hoa, buf, sizeof buf), a->home_plen, config->interface,
               inet_ntop (AF_INET6, &a->ha, ha_buf, sizeof ha_buf), backend->ops->name);
  else
    g_message (_ ("Mobile node %s/%u on %s, home agent found by discovery when away (RFC 6275 "
                  "section 11.4.1), %s data path"),
               inet_ntop (AF_INET6, &a->hoa, buf, sizeof buf), a->home_plen, config->interface,
               backend->ops->name);
  return g_steal_pointer (&a);
}

void
mip6_mn_adapter_free (Mip6MnAdapter *a)
{
  if (a == NULL)
    return;
  a->stopping = TRUE;
  if (a->status)
    {
      /* Without an engine both answer NotSupported. */
      mip6_mn_status_set_actions (a->status, NULL, NULL);
      mip6_mn_status_set_can_roam (a->status, FALSE);
      mip6_mn_status_set_can_reregister (a->status, FALSE);
    }
  g_clear_pointer (&a->io, mip6_signal_io_free);
  g_clear_pointer (&a->rtnl, mip6_rtnl_free);
  /* Stopping away from home: no tunnel, rule or route of ours stays, and
   * the home address stays off the visited link, where it would make the
   * home prefix on-link (the binding at the home agent lapses). */
  if (a->backend && a->core && mip6_mn_get_state (a->core) != MIP6_MN_HOME)
    {
      a->backend->ops->mn_tunnel_del (a->backend, NULL);
      a->backend->ops->mn_routes_home (a->backend, NULL);
    }
  /* mip6d's own NetworkManager profiles, and the keys in them, go too;
   * this may run the main loop, which reaches the core no more. */
  g_clear_pointer (&a->nm, mip6_network_manager_free);
  g_clear_handle_id (&a->timer, g_source_remove);
  if (a->stats)
    mip6_statistics_set_sync_func (a->stats, NULL, NULL);
  g_clear_handle_id (&a->roam_timer, g_source_remove);
  g_clear_pointer (&a->backend, mip6_backend_free);
  g_clear_pointer (&a->core, mip6_mn_free);
  g_clear_pointer (&a->links, g_hash_table_unref);
  g_clear_pointer (&a->roaming, mip6_roaming_free);
  g_free (a->ifname);
  g_free (a->joining);
  g_free (a->network);
  g_free (a->link_identity);
  g_free (a->from_network);
  g_free (a->from_interface);
  g_free (a->previous_network);
  g_free (a);
}

void
mip6_mn_adapter_reloaded (Mip6MnAdapter *a, const Mip6Config *config)
{
  a->config = config;
  Mip6Event e = { .kind = MIP6_EVENT_RELOADED };
  feed (a, &e);
  publish_networks (a);
  update_abilities (a);
}
