/* ha-home-link.c — DHAAD, Mobile Prefix Solicitations, Router
 * Advertisements and the own address on the home link (RFC 6275 §10.5,
 * §10.6, §10.3.1). */
#include "config.h"
#include "ha-home-link.h"

#include "ha/home-agents-list.h"
#include "ha/home-prefixes.h"
#include "icmp6.h"
#include "mip6-addr.h"
#include "mip6-deadline.h"
#include "rtnl.h"
#include "signal-io.h"

#include <arpa/inet.h>
#include <glib/gi18n.h>
#include <string.h>

#define SCOPE_LINK 253 /* RT_SCOPE_LINK */

struct _Mip6HaHomeLink
{
  int ifindex;
  struct in6_addr ha_addr;
  struct in6_addr own_ll;
  gint16 preference;
  Mip6Statistics *stats;
  Mip6SignalIo *io;
  Mip6Rtnl *rtnl;
  Mip6HomeAgentsList *list;
  Mip6HomePrefixes *prefixes;
  Mip6HaHomeLinkPrefixFunc func;
  gpointer data;
  guint expire_timer;
};

static const char *
ntop (const struct in6_addr *addr, char buf[INET6_ADDRSTRLEN])
{
  return inet_ntop (AF_INET6, addr, buf, INET6_ADDRSTRLEN);
}

/* ---------------------------------------------------------- the list */

static gboolean on_expire (gpointer data);

static void
arm_expiry (Mip6HaHomeLink *hl)
{
  mip6_deadline_arm (&hl->expire_timer, mip6_home_agents_list_next_deadline (hl->list), G_MAXINT64,
                     on_expire, hl);
}

static gboolean
on_expire (gpointer data)
{
  Mip6HaHomeLink *hl = data;
  hl->expire_timer = 0;
  if (mip6_home_agents_list_expire (hl->list, g_get_monotonic_time ()))
    g_debug ("home agents list: an entry expired (RFC 6275 §10.5.1)");
  arm_expiry (hl);
  return G_SOURCE_REMOVE;
}

static void
set_own_entry (Mip6HaHomeLink *hl)
{
  mip6_home_agents_list_set_own (hl->list, &hl->own_ll, &hl->ha_addr, 1, hl->preference);
}

/* The home prefix's lifetimes changed: the binding cache follows. */
static void
prefixes_changed (Mip6HaHomeLink *hl)
{
  for (guint i = 0; i < mip6_home_prefixes_count (hl->prefixes); i++)
    {
      struct in6_addr prefix;
      guint plen;
      gint64 valid, preferred;
      mip6_home_prefixes_get (hl->prefixes, i, &prefix, &plen, &valid, &preferred);
      hl->func (&prefix, plen, valid, preferred, hl->data);
    }
}

/* ---------------------------------------------------------- packets in */

static void
send_icmp (Mip6HaHomeLink *hl, const Mip6Icmp6 *m, const struct in6_addr *dst, int ifindex,
           const char *counter)
{
  guint8 buf[MIP6_IPV6_MIN_MTU];
  gsize len = 0;
  g_autoptr (GError) error = NULL;
  char b[INET6_ADDRSTRLEN];

  /* The kernel fills in the checksum of an ICMPv6 socket's messages. */
  Mip6WireError err = mip6_icmp6_encode (m, NULL, NULL, buf, sizeof buf, &len);
  if (err != MIP6_WIRE_OK)
    {
      g_warning (_ ("Cannot encode the answer to %s: %s"), ntop (dst, b),
                 mip6_wire_error_describe (err));
      return;
    }
  /* From our own unicast address (§10.5, §10.6): the interface only
   * matters for a link-local destination. */
  if (!mip6_signal_io_send_icmp (hl->io, IN6_IS_ADDR_LINKLOCAL (dst) ? ifindex : 0, &hl->ha_addr,
                                 dst, buf, len, &error))
    g_warning ("%s", error->message);
  else
    mip6_statistics_count (hl->stats, counter);
}

/* §10.5.1: a Router Advertisement on the home link. RFC 4861 §6.1.2: only
 * from a link-local address with hop limit 255. */
static void
on_ra (Mip6HaHomeLink *hl, const Mip6RouterAdvert *ra, const struct in6_addr *src, int hop_limit)
{
  gint64 now = g_get_monotonic_time ();

  if (hop_limit != 255 || !IN6_IS_ADDR_LINKLOCAL (src))
    {
      mip6_statistics_count_drop (hl->stats, mip6_wire_error_name (MIP6_WIRE_BAD_VALUE));
      return;
    }
  Mip6HaListAdvert adv = {
    .source = *src,
    .home_agent = ra->home_agent,
    .router_lifetime = ra->router_lifetime,
    .has_ha_info = ra->options.has_ha_info,
    .ha_preference = ra->options.ha_preference,
    .ha_lifetime = ra->options.ha_lifetime,
  };
  gboolean changed = FALSE;
  for (guint i = 0; i < ra->options.n_prefixes; i++)
    {
      const Mip6PrefixInfo *p = &ra->options.prefixes[i];
      if (p->router_address && adv.n_globals < MIP6_HA_LIST_MAX_GLOBALS)
        adv.globals[adv.n_globals++] = p->prefix;
      /* §10.3.1: what the link says of the home prefix bounds bindings. */
      changed |=
          mip6_home_prefixes_update (hl->prefixes, MIP6_HOME_PREFIX_FROM_RA, &p->prefix,
                                     p->prefix_len, p->valid_lifetime, p->preferred_lifetime, now);
    }
  if (mip6_home_agents_list_on_ra (hl->list, &adv, now))
    {
      char b[INET6_ADDRSTRLEN];
      g_debug ("home agents list: router advertisement from %s (H=%d)", ntop (src, b),
               ra->home_agent);
      arm_expiry (hl);
    }
  if (changed)
    prefixes_changed (hl);
}

static void
on_icmp (const guint8 *msg, gsize len, const struct in6_addr *src, const struct in6_addr *dst,
         int hop_limit, int ifindex, gpointer data)
{
  Mip6HaHomeLink *hl = data;
  Mip6Icmp6 m;
  gint64 now = g_get_monotonic_time ();
  /* The kernel verified the checksum (RFC 4443 §2.3). */
  Mip6WireError err = mip6_icmp6_parse (msg, len, NULL, NULL, &m);

  if (err != MIP6_WIRE_OK)
    {
      mip6_statistics_count_drop (hl->stats, mip6_wire_error_name (err));
      return;
    }
  switch (m.type)
    {
    case MIP6_ICMP6_RA:
      if (ifindex == hl->ifindex)
        on_ra (hl, &m.ra, src, hop_limit);
      break;
    case MIP6_ICMP6_DHAAD_REQUEST:
      {
        /* §10.5: the Reply goes to the Request's source with its
         * Identifier and the Home Agents List, our own address included. */
        Mip6Icmp6 reply = { .type = MIP6_ICMP6_DHAAD_REPLY };
        mip6_statistics_count (hl->stats, "dhaad_requests_rcvd");
        mip6_home_agents_list_dhaad_reply (hl->list, m.dhaad_request.identifier, now,
                                           &reply.dhaad_reply);
        send_icmp (hl, &reply, src, ifindex, "dhaad_replies_sent");
        break;
      }
    case MIP6_ICMP6_MPS:
      {
        /* §10.6, §6.8: the home prefixes with their remaining lifetimes.
         * A registered mobile node sends the Solicitation from its care-of
         * address with a Home Address option; the answer goes to the
         * packet's source, without a type 2 routing header (the ICMPv6
         * socket cannot add one on kernels without Mobile IPv6). */
        Mip6Icmp6 adv = { .type = MIP6_ICMP6_MPA };
        mip6_statistics_count (hl->stats, "mobile_prefix_solicits_rcvd");
        mip6_home_prefixes_mpa (hl->prefixes, m.mps.identifier, now, &adv.mpa);
        send_icmp (hl, &adv, src, ifindex, "mobile_prefix_adverts_sent");
        break;
      }
    default:
      mip6_statistics_count_drop (hl->stats, "unexpected_icmp6_type");
      break;
    }
}

/* ---------------------------------------------------------- netlink */

static void
on_rtnl (const Mip6RtnlEvent *ev, gpointer data)
{
  Mip6HaHomeLink *hl = data;
  gboolean added = ev->type == MIP6_RTNL_EVENT_ADDR_NEW;

  if (ev->ifindex != hl->ifindex || (!added && ev->type != MIP6_RTNL_EVENT_ADDR_DEL))
    return;
  if (ev->scope == SCOPE_LINK && IN6_IS_ADDR_LINKLOCAL (&ev->addr))
    {
      /* Our link-local address names our entry in the list: the source
       * of our own (looped-back) Router Advertisements. */
      if (added && IN6_IS_ADDR_UNSPECIFIED (&hl->own_ll))
        hl->own_ll = ev->addr;
      else if (!added && IN6_ARE_ADDR_EQUAL (&ev->addr, &hl->own_ll))
        memset (&hl->own_ll, 0, sizeof hl->own_ll);
      set_own_entry (hl);
      return;
    }
  if (!IN6_ARE_ADDR_EQUAL (&ev->addr, &hl->ha_addr))
    return;
  /* §10.3.1: our own address in the home prefix says how long the prefix
   * stays valid here (infinite for a static address). */
  gboolean changed =
      added ? mip6_home_prefixes_update (hl->prefixes, MIP6_HOME_PREFIX_FROM_ADDRESS, &ev->addr,
                                         ev->prefix_len, ev->valid_lifetime, ev->preferred_lifetime,
                                         g_get_monotonic_time ())
            : mip6_home_prefixes_forget (hl->prefixes, MIP6_HOME_PREFIX_FROM_ADDRESS, &ev->addr,
                                         ev->prefix_len);
  if (changed)
    prefixes_changed (hl);
}

/* ---------------------------------------------------------- set-up */

Mip6HaHomeLink *
mip6_ha_home_link_new (const Mip6Config *config, int ifindex, const struct in6_addr *ha_addr,
                       Mip6Statistics *stats, Mip6HaHomeLinkPrefixFunc func, gpointer user_data,
                       GError **error)
{
  g_autoptr (Mip6HaHomeLink) hl = g_new0 (Mip6HaHomeLink, 1);
  hl->ifindex = ifindex;
  hl->ha_addr = *ha_addr;
  hl->preference = config->home_agent_preference;
  hl->stats = stats;
  hl->func = func;
  hl->data = user_data;
  hl->list = mip6_home_agents_list_new ();
  hl->prefixes = mip6_home_prefixes_new ();
  mip6_home_prefixes_add (hl->prefixes, &config->home_prefix, config->home_prefix_len);
  set_own_entry (hl);

  hl->io = mip6_signal_io_new (error);
  if (hl->io == NULL)
    return NULL;
  static const guint8 types[] = { MIP6_ICMP6_RA, MIP6_ICMP6_DHAAD_REQUEST, MIP6_ICMP6_MPS };
  if (!mip6_signal_io_listen_icmp (hl->io, types, G_N_ELEMENTS (types), on_icmp, hl, error))
    return NULL;
  /* §10.5: Requests are sent to the Home-Agents anycast address of the
   * home prefix (RFC 2526). Without it DHAAD cannot work, but the home
   * agent still serves mobile nodes that name it. */
  struct in6_addr anycast;
  char b[INET6_ADDRSTRLEN];
  g_autoptr (GError) join_error = NULL;
  mip6_addr_home_agents_anycast (&config->home_prefix, config->home_prefix_len, &anycast);
  if (!mip6_signal_io_join_anycast (hl->io, ifindex, &anycast, &join_error))
    g_warning (_ ("%s; mobile nodes cannot discover this home agent (RFC 6275 section 10.5) "
                  "and must name it with the key 'home-agent'."),
               join_error->message);
  else
    g_message (_ ("Answering home agent address discovery on %s."), ntop (&anycast, b));

  hl->rtnl = mip6_rtnl_new (error);
  if (hl->rtnl == NULL || !mip6_rtnl_watch (hl->rtnl, on_rtnl, hl, error))
    return NULL;
  return g_steal_pointer (&hl);
}

void
mip6_ha_home_link_free (Mip6HaHomeLink *hl)
{
  if (hl == NULL)
    return;
  g_clear_handle_id (&hl->expire_timer, g_source_remove);
  g_clear_pointer (&hl->rtnl, mip6_rtnl_free);
  g_clear_pointer (&hl->io, mip6_signal_io_free);
  g_clear_pointer (&hl->list, mip6_home_agents_list_free);
  g_clear_pointer (&hl->prefixes, mip6_home_prefixes_free);
  g_free (hl);
}
