/* The mobile node state machine (RFC 6275 §11).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "mn/mn.h"
#include "mn/constants.h"

#include <arpa/inet.h>
#include <glib/gi18n.h>
#include <string.h>

typedef enum
{
  NET_NONE,
  NET_HOME,
  NET_FOREIGN,
} LastNet;

typedef struct
{
  struct in6_addr prefix;
  guint8 plen;
} Prefix;

typedef enum
{
  HOME_LINK_UNKNOWN, /* at start: whatever the interface holds */
  HOME_LINK_JOINED,
  HOME_LINK_LEFT,
} HomeLink;

typedef enum
{
  ROUTES_NONE,
  ROUTES_BLOCKED,
  ROUTES_TUNNEL,
} Routes;

struct _Mip6Mn
{
  Mip6MnConfig cfg;
  Mip6MnCoreState state;
  Mip6Movement move;
  Mip6CoaSelector coa;
  Mip6Bul bul;
  Mip6HandoverTrack ho;
  gboolean have_last_ho;
  Mip6HandoverTimings last_ho;
  LastNet last_net;
  gboolean have_coa;
  struct in6_addr cur_coa;
  /* What the kernel holds, as the actions so far left it. */
  HomeLink home_link;
  gboolean tunnel_up;
  struct in6_addr tunnel_local;
  Routes routes;
  /* The HA refused for good (§11.7.3): no new BU until a move, a reload,
   * a Binding Refresh Request or the person's Reregister. */
  gboolean refused;
  char *reason_token; /* of the last STATE_REASON */
  guint8 reason_status;
  char *reason_sentence;
  /* §11.5.4: the home agent was asked (L) to defend this link-local
   * address too; it is reclaimed with the home address on return. */
  gboolean link_local_defended;
  struct in6_addr link_local;
  /* §11.5.4: unsolicited NAs for the home address still to send. */
  guint na_left;
  gint64 na_next;
  gboolean announced;       /* those NAs were started for this return home */
  GArray *visited;          /* Prefix: visited networks whose leftovers we remove */
  gboolean ha_lladdr_known; /* on this link, from its RA or an NA */
  /* Back home, the deregistration waits for that address (§11.5.4). */
  guint solicits_left;
  gint64 solicit_next;
  /* The routers of the network we were on. */
  guint n_last_routers;
  struct in6_addr last_routers[MIP6_LINK_MAX_ROUTERS];
  gint64 armed;
  /* §11.4.1: Dynamic Home Agent Address Discovery, when no home agent was
   * configured. Once found, the home agent is kept for the core's life. */
  gboolean ha_known;
  gboolean dhaad_active;    /* a Request is out, a Reply awaited */
  gboolean dhaad_gave_up;   /* until a move, a reload or Reregister */
  guint dhaad_retries_left; /* of MAX_DHAAD_RETRIES */
  gint64 dhaad_next;        /* when to retransmit or give up */
  gint64 dhaad_timeout;     /* the wait after the next Request */
  guint16 dhaad_id;         /* Identifier of the outstanding Request */
  struct in6_addr dhaad_src;
};

Mip6Mn *
mip6_mn_new (const Mip6MnConfig *config)
{
  Mip6Mn *mn = g_new0 (Mip6Mn, 1);
  struct in6_addr home_prefix = config->home_address;

  mn->cfg = *config;
  mip6_addr_mask_prefix (&home_prefix, config->home_plen);
  mip6_movement_init (&mn->move, &home_prefix, config->home_plen, &config->home_agent);
  mip6_coa_init (&mn->coa, &config->home_address);
  mip6_bul_init (&mn->bul, &config->home_agent, &config->home_address, config->max_lifetime_s,
                 config->initial_seq);
  mip6_handover_reset (&mn->ho);
  mn->visited = g_array_new (FALSE, TRUE, sizeof (Prefix));
  mn->state = MIP6_MN_DETACHED;
  mn->armed = G_MAXINT64;
  mn->na_next = G_MAXINT64;
  mn->solicit_next = G_MAXINT64;
  mn->reason_token = g_strdup ("");
  mn->reason_sentence = g_strdup ("");
  mn->ha_known = !IN6_IS_ADDR_UNSPECIFIED (&config->home_agent);
  mn->dhaad_id = config->dhaad_identifier;
  mn->dhaad_next = G_MAXINT64;
  return mn;
}

void
mip6_mn_free (Mip6Mn *mn)
{
  if (!mn)
    return;
  mip6_coa_clear (&mn->coa);
  g_array_unref (mn->visited);
  g_free (mn->reason_token);
  g_free (mn->reason_sentence);
  g_free (mn);
}

static void
set_state (Mip6Mn *mn, Mip6MnCoreState state, GArray *actions)
{
  Mip6Action *a;

  if (mn->state == state)
    return;
  a = mip6_actions_add (actions, MIP6_ACTION_STATE_CHANGED);
  a->state.old_state = mn->state;
  a->state.new_state = state;
  mn->state = state;
}

static gboolean
away (const Mip6Mn *mn)
{
  return mn->state == MIP6_MN_REGISTERING || mn->state == MIP6_MN_FOREIGN ||
         mn->state == MIP6_MN_UNREGISTERED;
}

/* Tells why the state is what it is, when that changed. Tokens are API
 * (org.mip6.MobileNode1.xml, StateReason, lists them); @sentence is for
 * people. */
static void
set_reason (Mip6Mn *mn, const char *token, guint8 status, char *sentence, GArray *actions)
{
  if (sentence == NULL)
    sentence = g_strdup ("");
  if (g_str_equal (token, mn->reason_token) && status == mn->reason_status &&
      g_strcmp0 (sentence, mn->reason_sentence) == 0)
    {
      g_free (sentence);
      return;
    }
  g_free (mn->reason_token);
  mn->reason_token = g_strdup (token);
  mn->reason_status = status;
  g_free (mn->reason_sentence);
  mn->reason_sentence = g_strdup (sentence);
  Mip6Action *a = mip6_actions_add (actions, MIP6_ACTION_STATE_REASON);
  a->token = g_strdup (token);
  a->status = status;
  a->reason = sentence;
}

/* ---- what the kernel holds ---- */

static void
leave_home_link (Mip6Mn *mn, GArray *actions)
{
  if (mn->home_link == HOME_LINK_LEFT)
    return;
  Mip6Action *a = mip6_actions_add (actions, MIP6_ACTION_HOME_LINK_LEAVE);
  a->address.addr = mn->cfg.home_address;
  a->address.plen = mn->cfg.home_plen;
  mn->home_link = HOME_LINK_LEFT;
}

static void
join_home_link (Mip6Mn *mn, gint64 now, GArray *actions)
{
  if (mn->home_link == HOME_LINK_JOINED)
    return;
  Mip6Action *a = mip6_actions_add (actions, MIP6_ACTION_HOME_LINK_JOIN);
  a->address.addr = mn->cfg.home_address;
  a->address.plen = mn->cfg.home_plen;
  /* §11.5.4: while the home agent may still defend the home address for
   * us, DAD would fail against it; otherwise the address is new on the
   * link and goes through DAD (RFC 4862 §5.4). */
  a->address.dad = !mn->bul.binding && now >= mn->bul.ha_may_hold;
  mn->home_link = HOME_LINK_JOINED;
}

static void
tunnel_down (Mip6Mn *mn, GArray *actions)
{
  if (!mn->tunnel_up)
    return;
  mip6_actions_add (actions, MIP6_ACTION_TUNNEL_DEL);
  mn->tunnel_up = FALSE;
}

static void
set_routes (Mip6Mn *mn, Routes routes, GArray *actions)
{
  static const Mip6ActionKind kinds[] = {
    [ROUTES_NONE] = MIP6_ACTION_ROUTES_HOME,
    [ROUTES_BLOCKED] = MIP6_ACTION_ROUTES_BLOCKED,
    [ROUTES_TUNNEL] = MIP6_ACTION_ROUTES_VIA_TUNNEL,
  };
  if (mn->routes == routes)
    return;
  Mip6Action *a = mip6_actions_add (actions, kinds[routes]);
  a->routes.hoa = mn->cfg.home_address;
  mn->routes = routes;
}

/* Away without a binding for the current care-of address: nothing from
 * the home address may leave, everything else flows directly. */
static void
home_address_unusable (Mip6Mn *mn, GArray *actions)
{
  /* Blocked first, so nothing from the home address leaves on the
   * visited link in between. */
  set_routes (mn, ROUTES_BLOCKED, actions);
  tunnel_down (mn, actions);
}

/* ---- handover bookkeeping ---- */

static void
handover_begin (Mip6Mn *mn, gint64 now, Mip6HandoverKind kind, GArray *actions)
{
  Mip6Action *a;

  if (!mn->ho.active)
    mip6_handover_start (&mn->ho, now);
  mip6_handover_set_kind (&mn->ho, kind);
  mip6_handover_mark (&mn->ho, MIP6_PHASE_RA_RECEIVED, now);
  a = mip6_actions_add (actions, MIP6_ACTION_HANDOVER_STARTED);
  a->handover = mn->ho.t;
}

static void
handover_complete (Mip6Mn *mn, gint64 now, GArray *actions)
{
  Mip6Action *a;

  if (!mn->ho.active || !mn->ho.kind_known)
    return;
  a = mip6_actions_add (actions, MIP6_ACTION_HANDOVER_COMPLETED);
  a->handover = mip6_handover_finish (&mn->ho, now);
  mn->last_ho = a->handover;
  mn->have_last_ho = TRUE;
  mip6_handover_reset (&mn->ho);
}

/* Reports a failure: of the handover in progress, or else of the
 * registration (a refresh, a Binding Error). @token is a StateReason
 * token, or one of the handover's own ("moved", "no-link", "no-router"). */
static void
report_failure (Mip6Mn *mn, const char *token, guint8 status, char *reason, GArray *actions)
{
  Mip6Action *a = mip6_actions_add (actions, mn->ho.active ? MIP6_ACTION_HANDOVER_FAILED
                                                           : MIP6_ACTION_REGISTRATION_FAILED);

  a->token = g_strdup (token);
  a->status = status;
  a->reason = reason;
  if (mn->ho.active)
    a->handover = mn->ho.t;
  mip6_handover_reset (&mn->ho);
}

static char *
addr_string (const struct in6_addr *addr)
{
  char buf[INET6_ADDRSTRLEN];

  return g_strdup (inet_ntop (AF_INET6, addr, buf, sizeof buf));
}

/* ---- visited networks ---- */

/* A prefix advertised on the link we are on now (a second router's, at
 * home too) is not a network we left. */
static gboolean
on_current_link (const Mip6Mn *mn, const struct in6_addr *prefix, guint8 plen)
{
  guint n = 0;
  const Mip6LinkPrefix *lp = mip6_movement_prefixes (&mn->move, &n);

  for (guint i = 0; i < n; i++)
    if (lp[i].plen == plen && mip6_addr_in_prefix (&lp[i].prefix, prefix, plen))
      return TRUE;
  return FALSE;
}

static void
forget_visited (Mip6Mn *mn, GArray *actions)
{
  for (guint i = 0; i < mn->visited->len;)
    {
      Prefix *p = &g_array_index (mn->visited, Prefix, i);

      if (on_current_link (mn, &p->prefix, p->plen))
        {
          i++;
          continue;
        }
      /* The HOWTO's FAQ 6: a network we left keeps nothing of ours,
       * neither addresses nor routes. */
      g_autoptr (GArray) addrs = mip6_coa_addresses_in (&mn->coa, &p->prefix, p->plen);
      for (guint j = 0; j < addrs->len; j++)
        {
          const Mip6KnownAddress *k = &g_array_index (addrs, Mip6KnownAddress, j);
          Mip6Action *a = mip6_actions_add (actions, MIP6_ACTION_ADDRESS_REMOVE);

          a->address.addr = k->addr;
          a->address.plen = k->plen;
        }
      Mip6Action *r = mip6_actions_add (actions, MIP6_ACTION_ROUTES_REMOVE);
      r->address.addr = p->prefix;
      r->address.plen = p->plen;
      g_array_remove_index (mn->visited, i);
    }
}

/* Every prefix of a visited link is left behind with it, not only the
 * one that names the network. */
static void
remember_visited (Mip6Mn *mn)
{
  guint n = 0;
  const Mip6LinkPrefix *lp = mip6_movement_prefixes (&mn->move, &n);

  for (guint i = 0; i < n; i++)
    {
      gboolean known = FALSE;
      for (guint j = 0; j < mn->visited->len && !known; j++)
        {
          Prefix *q = &g_array_index (mn->visited, Prefix, j);
          known = q->plen == lp[i].plen && mip6_addr_in_prefix (&q->prefix, &lp[i].prefix, q->plen);
        }
      if (!known)
        {
          Prefix p = { .prefix = lp[i].prefix, .plen = lp[i].plen };
          g_array_append_val (mn->visited, p);
        }
    }
}

/* ---- registration ---- */

/* §11.7.3: after the acknowledgement, and only then, the tunnel carries
 * the home address (HOWTO 5.4). */
static void
switch_to_tunnel (Mip6Mn *mn, gint64 now, GArray *actions)
{
  Mip6Action *a;

  mip6_handover_mark (&mn->ho, MIP6_PHASE_BA_RECEIVED, now);
  if (!mn->tunnel_up || memcmp (&mn->tunnel_local, &mn->bul.coa, sizeof mn->tunnel_local) != 0)
    {
      a = mip6_actions_add (actions, MIP6_ACTION_TUNNEL_SET);
      a->tunnel.local = mn->bul.coa;
      a->tunnel.remote = mn->cfg.home_agent;
      a->tunnel.hoa = mn->cfg.home_address;
      mn->tunnel_up = TRUE;
      mn->tunnel_local = mn->bul.coa;
    }
  set_routes (mn, ROUTES_TUNNEL, actions);
  mip6_handover_mark (&mn->ho, MIP6_PHASE_ROUTES_SWITCHED, now);
  set_state (mn, MIP6_MN_FOREIGN, actions);
  set_reason (mn, "", 0, NULL, actions);
  handover_complete (mn, now, actions);
}

/* The binding the home agent holds points at the current care-of address. */
static gboolean
binding_current (const Mip6Mn *mn)
{
  return mn->bul.binding && mn->tunnel_up &&
         !memcmp (&mn->tunnel_local, &mn->bul.coa, sizeof mn->tunnel_local) && mn->have_coa &&
         !memcmp (&mn->cur_coa, &mn->bul.coa, sizeof mn->cur_coa);
}

/* Registration failed: unless a binding for this care-of address still
 * holds, the node is away and unregistered (§11.8: retried all the same).
 * The state and its reason come before the report, so whoever hears of
 * the failure finds them already. @sentence stays the caller's. */
static void
registration_failed (Mip6Mn *mn, const char *token, guint8 status, const char *sentence,
                     GArray *actions)
{
  if (!binding_current (mn))
    {
      home_address_unusable (mn, actions);
      set_state (mn, MIP6_MN_UNREGISTERED, actions);
    }
  set_reason (mn, token, status, g_strdup (sentence), actions);
  report_failure (mn, token, status, g_strdup (sentence), actions);
}

/* A link-local address of ours whose interface identifier (the last 64
 * bits, RFC 4291 §2.5.1) is the home address's. */
static gboolean
find_link_local_twin (const Mip6Mn *mn, struct in6_addr *out)
{
  for (guint i = 0; i < mn->coa.addresses->len; i++)
    {
      const Mip6KnownAddress *k = &g_array_index (mn->coa.addresses, Mip6KnownAddress, i);
      if (k->scope == MIP6_SCOPE_LINK &&
          !memcmp (k->addr.s6_addr + 8, mn->cfg.home_address.s6_addr + 8, 8))
        {
          *out = k->addr;
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- Dynamic Home Agent Address Discovery (§11.4.1) ---- */

static void try_register (Mip6Mn *mn, gint64 now, GArray *actions);

static void
send_dhaad_request (Mip6Mn *mn, gint64 now, GArray *actions)
{
  Mip6Action *a = mip6_actions_add (actions, MIP6_ACTION_SEND_DHAAD_REQUEST);
  struct in6_addr prefix = mn->cfg.home_address;

  mip6_addr_mask_prefix (&prefix, mn->cfg.home_plen);
  a->dhaad.src = mn->dhaad_src;
  mip6_addr_home_agents_anycast (&prefix, mn->cfg.home_plen, &a->dhaad.dst);
  a->dhaad.identifier = mn->dhaad_id;
  /* §11.4.1, §12: exponential back-off from INITIAL_DHAAD_TIMEOUT. */
  mn->dhaad_next = now + mn->dhaad_timeout;
  mn->dhaad_timeout *= 2;
}

static void
stop_dhaad (Mip6Mn *mn)
{
  mn->dhaad_active = FALSE;
  mn->dhaad_next = G_MAXINT64;
}

/* §11.4.1: the Request goes from the care-of address to the Home-Agents
 * anycast address of the home prefix; a new care-of address starts a new
 * discovery. */
static void
discover_home_agent (Mip6Mn *mn, gint64 now, const struct in6_addr *coa, GArray *actions)
{
  if (mn->dhaad_gave_up)
    return;
  if (mn->dhaad_active && !memcmp (&mn->dhaad_src, coa, sizeof *coa))
    return;
  mn->dhaad_active = TRUE;
  mn->dhaad_src = *coa;
  mn->dhaad_id++;
  mn->dhaad_retries_left = MIP6_MAX_DHAAD_RETRIES;
  mn->dhaad_timeout = MIP6_INITIAL_DHAAD_TIMEOUT;
  g_autofree char *coa_text = addr_string (coa);
  g_autofree char *prefix = NULL;
  {
    struct in6_addr p = mn->cfg.home_address;
    mip6_addr_mask_prefix (&p, mn->cfg.home_plen);
    prefix = addr_string (&p);
  }
  set_reason (mn, "discovering-home-agent", 0,
              g_strdup_printf (_ ("Looking for a home agent on the home prefix %s/%u from care-of "
                                  "address %s."),
                               prefix, mn->cfg.home_plen, coa_text),
              actions);
  send_dhaad_request (mn, now, actions);
}

static void
dhaad_timer (Mip6Mn *mn, gint64 now, GArray *actions)
{
  if (!mn->dhaad_active || now < mn->dhaad_next)
    return;
  if (!away (mn))
    {
      stop_dhaad (mn);
      return;
    }
  if (mn->dhaad_retries_left > 0)
    {
      mn->dhaad_retries_left--;
      send_dhaad_request (mn, now, actions);
      return;
    }
  /* §11.4.1: MAX_DHAAD_RETRIES went unanswered: no more Requests until
   * something changes (a move, a reload, Reregister). */
  stop_dhaad (mn);
  mn->dhaad_gave_up = TRUE;
  struct in6_addr p = mn->cfg.home_address;
  mip6_addr_mask_prefix (&p, mn->cfg.home_plen);
  g_autofree char *prefix = addr_string (&p);
  g_autofree char *sentence = g_strdup_printf (
      _ ("No home agent answered Dynamic Home Agent Address Discovery for the home prefix %s/%u: "
         "the home address is unavailable and traffic uses the care-of address directly. Name the "
         "home agent with the key 'home-agent', or move, reload or reregister to try again."),
      prefix, mn->cfg.home_plen);
  registration_failed (mn, "no-home-agent", 0, sentence, actions);
}

/* §11.4.1: the first address of the Reply whose Identifier is that of our
 * Request is the home agent (the list is in preference order, §10.5). */
static void
handle_dhaad_reply (Mip6Mn *mn, gint64 now, const Mip6DhaadAnswer *r, GArray *actions)
{
  if (!mn->dhaad_active || r->identifier != mn->dhaad_id || r->n_addresses == 0)
    return;
  stop_dhaad (mn);
  mn->ha_known = TRUE;
  mn->cfg.home_agent = r->home_agent;
  mn->bul.home_agent = r->home_agent;
  mn->move.home_agent = r->home_agent;
  try_register (mn, now, actions);
}

static void
try_register (Mip6Mn *mn, gint64 now, GArray *actions)
{
  struct in6_addr coa;

  if (!away (mn))
    return;
  if (!mip6_coa_select (&mn->coa, now, &coa))
    {
      /* Keep the binding we have until it expires; a new address will
       * bring us back here. */
      mn->have_coa = FALSE;
      return;
    }
  if (!mn->have_coa || memcmp (&coa, &mn->cur_coa, sizeof coa) != 0)
    {
      mn->have_coa = TRUE;
      mn->cur_coa = coa;
      mip6_handover_mark (&mn->ho, MIP6_PHASE_COA_USABLE, now);
    }
  if (!mn->ha_known)
    {
      /* §11.4.1: no home agent to register with yet: ask for one. */
      discover_home_agent (mn, now, &coa, actions);
      return;
    }

  gboolean same_coa = !memcmp (&mn->bul.coa, &coa, sizeof coa);
  if (same_coa && mn->refused)
    return;
  gint64 coa_valid = mip6_coa_valid_until (&mn->coa, &coa);
  gint64 hoa_valid = mip6_coa_valid_until (&mn->coa, &mn->cfg.home_address);

  if (same_coa)
    {
      /* Lifetimes move with each RA: the next refresh uses the new ones. */
      mn->bul.coa_valid_until = coa_valid;
      mn->bul.hoa_valid_until = hoa_valid;
    }
  if (same_coa && mn->bul.state == MIP6_BUL_REGISTERING && mn->bul.outstanding)
    return;
  if (same_coa && mn->bul.state == MIP6_BUL_REGISTERED && mn->bul.binding)
    {
      /* Back on the network of a binding still valid (a link flap): nothing
       * to register. */
      mip6_bul_resume (&mn->bul);
      switch_to_tunnel (mn, now, actions);
      return;
    }

  set_state (mn, MIP6_MN_REGISTERING, actions);
  g_autofree char *coa_text = addr_string (&coa);
  g_autofree char *ha_text = addr_string (&mn->cfg.home_agent);
  set_reason (
      mn, "registering", 0,
      g_strdup_printf (_ ("Registering care-of address %s with home agent %s."), coa_text, ha_text),
      actions);
  /* §11.7.1: Home Address option = home address, A and H set; L when the
   * link-local address shares the home address's interface identifier. */
  mn->bul.link_local_compat = find_link_local_twin (mn, &mn->link_local);
  mn->link_local_defended = mn->bul.link_local_compat;
  mip6_bul_register (&mn->bul, now, &coa, coa_valid, hoa_valid, actions);
  mip6_handover_mark (&mn->ho, MIP6_PHASE_BU_SENT, now);
}

/* ---- movement ---- */

static void
detach (Mip6Mn *mn, GArray *actions)
{
  /* The binding stays: registration resumes on the next network. */
  mip6_bul_suspend (&mn->bul);
  mip6_coa_clear_prefix (&mn->coa);
  mn->have_coa = FALSE;
  stop_dhaad (mn);
  set_state (mn, MIP6_MN_DETACHED, actions);
  if (mn->move.link_up)
    set_reason (mn, "no-router", 0,
                g_strdup (_ ("No router is heard on the link any more: the mobile node is "
                             "detached until one advertises itself.")),
                actions);
  else
    set_reason (mn, "no-link", 0,
                g_strdup (_ ("The link went down: the mobile node is detached until a link is "
                             "up again.")),
                actions);
}

/* Every autonomous prefix of the link may give the care-of address, not
 * only the one that names the network (RFC 4862 §5.5.3). */
static void
refresh_link_prefixes (Mip6Mn *mn)
{
  guint n = 0;
  const Mip6LinkPrefix *p = mip6_movement_prefixes (&mn->move, &n);

  mip6_coa_set_link_prefixes (&mn->coa, p, n);
}

static void
moved_foreign (Mip6Mn *mn, gint64 now, GArray *actions)
{
  Mip6HandoverKind kind = MIP6_HANDOVER_TO_FOREIGN;

  if (mn->ho.active && mn->ho.kind_known)
    report_failure (mn, "moved", 0,
                    g_strdup (_ ("moved to another network before the handover completed")),
                    actions);
  if (mn->last_net == NET_FOREIGN || mn->bul.binding)
    kind = MIP6_HANDOVER_FOREIGN_TO_FOREIGN;
  handover_begin (mn, now, kind, actions);

  mn->refused = FALSE;
  mn->dhaad_gave_up = FALSE;
  mn->na_left = 0;
  mn->solicits_left = 0;
  mn->solicit_next = G_MAXINT64;
  mn->announced = FALSE;
  /* §11.5.2: away, the home prefix is not on-link; until a binding is
   * acknowledged nothing from the home address leaves, and the care-of
   * address works directly. A tunnel of the last network stays until the
   * new binding replaces it (its binding has not lapsed). */
  leave_home_link (mn, actions);
  if (mn->routes == ROUTES_NONE)
    set_routes (mn, ROUTES_BLOCKED, actions);
  forget_visited (mn, actions);
  remember_visited (mn);
  mn->last_net = NET_FOREIGN;
  mip6_coa_set_prefix (&mn->coa, &mn->move.prefix, mn->move.plen);
  refresh_link_prefixes (mn);
  mn->have_coa = FALSE;
  set_state (mn, MIP6_MN_REGISTERING, actions);
  /* Replaced as soon as a care-of address is there to register. */
  set_reason (mn, "registering", 0,
              g_strdup (_ ("Waiting for a care-of address on the visited network.")), actions);
  try_register (mn, now, actions);
}

static void deregister (Mip6Mn *mn, gint64 now, GArray *actions);
static void solicit_home_agent (Mip6Mn *mn, gint64 now, GArray *actions);

static void
moved_home (Mip6Mn *mn, gint64 now, GArray *actions)
{
  gboolean was_away = mn->last_net == NET_FOREIGN || mn->bul.binding || mn->bul.outstanding ||
                      mn->tunnel_up || mn->routes != ROUTES_NONE;

  if (mn->ho.active && mn->ho.kind_known)
    report_failure (mn, "moved", 0,
                    g_strdup (_ ("moved to another network before the handover completed")),
                    actions);
  if (was_away)
    handover_begin (mn, now, MIP6_HANDOVER_TO_HOME, actions);
  else
    /* Starting at home is no handover. */
    mip6_handover_reset (&mn->ho);

  mn->last_net = NET_HOME;
  mn->refused = FALSE;
  mn->announced = FALSE;
  mip6_coa_clear_prefix (&mn->coa);
  mn->have_coa = FALSE;
  set_state (mn, MIP6_MN_HOME, actions);

  /* §11.5.4: back home, the home address is used on the home link at once;
   * the tunnel and the routes into it go, whatever state the registration
   * was in. */
  tunnel_down (mn, actions);
  set_routes (mn, ROUTES_NONE, actions);
  forget_visited (mn, actions);
  join_home_link (mn, now, actions);
  set_reason (mn, "", 0, NULL, actions);
  mip6_handover_mark (&mn->ho, MIP6_PHASE_COA_USABLE, now);
  mip6_handover_mark (&mn->ho, MIP6_PHASE_ROUTES_SWITCHED, now);

  /* §11.5.4: until the deregistration is acknowledged the home agent
   * answers for the home address, so the home address must not be the
   * source of a Neighbor Solicitation; the home agent's link-layer
   * address is asked for from the unspecified address (the answer comes
   * to all nodes), and the deregistration waits for it. */
  mn->solicits_left = 0;
  stop_dhaad (mn);
  mn->dhaad_gave_up = FALSE;
  if (!mn->ha_known)
    {
      /* No home agent known (none configured, none discovered yet):
       * nothing to deregister from, nothing is sent. */
      handover_complete (mn, now, actions);
      return;
    }
  if (!mn->ha_lladdr_known && (mn->bul.binding || now < mn->bul.ha_may_hold))
    {
      mn->solicits_left = MIP6_MAX_MULTICAST_SOLICIT;
      solicit_home_agent (mn, now, actions);
      return;
    }
  deregister (mn, now, actions);
}

static void
deregister (Mip6Mn *mn, gint64 now, GArray *actions)
{
  mn->solicits_left = 0;
  mn->solicit_next = G_MAXINT64;
  if (mip6_bul_deregister (&mn->bul, now, actions))
    mip6_handover_mark (&mn->ho, MIP6_PHASE_BU_SENT, now);
  else
    handover_complete (mn, now, actions);
}

/* One multicast solicitation from the unspecified address, up to
 * MAX_MULTICAST_SOLICIT RetransTimer apart (RFC 4861 §7.2.2); without an
 * answer the deregistration goes anyway, for the kernel to resolve. */
static void
solicit_home_agent (Mip6Mn *mn, gint64 now, GArray *actions)
{
  if (mn->solicits_left == 0)
    {
      deregister (mn, now, actions);
      return;
    }
  Mip6Action *a = mip6_actions_add (actions, MIP6_ACTION_SOLICIT_HOME_AGENT);
  a->address.addr = mn->cfg.home_agent;
  a->address.plen = 128;
  mn->solicits_left--;
  mn->solicit_next = now + MIP6_RETRANS_TIMER;
}

static void
send_due_nas (Mip6Mn *mn, gint64 now, GArray *actions)
{
  if (mn->na_left == 0 || now < mn->na_next || mn->state != MIP6_MN_HOME)
    return;
  Mip6Action *a = mip6_actions_add (actions, MIP6_ACTION_SEND_NA);
  a->address.addr = mn->cfg.home_address;
  a->address.plen = 128;
  if (mn->link_local_defended)
    {
      a = mip6_actions_add (actions, MIP6_ACTION_SEND_NA);
      a->address.addr = mn->link_local;
      a->address.plen = 128;
    }
  mn->na_left--;
  if (mn->na_left == 0)
    mn->link_local_defended = FALSE;
  mn->na_next = mn->na_left ? now + MIP6_RETRANS_TIMER : G_MAXINT64;
}

/* §11.5.4: the node announces its own link-layer address for the home
 * address, up to MAX_NEIGHBOR_ADVERTISEMENT times RetransTimer apart
 * (RFC 4861 §7.2.6), so that neighbours replace the home agent's. */
static void
announce_home_address (Mip6Mn *mn, gint64 now, GArray *actions)
{
  /* Once per return home: a late BA, or the binding lapsing after the
   * deregistration went unanswered, adds no second round. */
  if (mn->announced)
    return;
  mn->announced = TRUE;
  mn->na_left = MIP6_MAX_NEIGHBOR_ADVERTISEMENT;
  mn->na_next = now;
  send_due_nas (mn, now, actions);
}

static void handle_move (Mip6Mn *mn, gint64 now, Mip6MoveVerdict verdict, GArray *actions);

static gboolean
router_on_link (const Mip6Mn *mn, const struct in6_addr *router)
{
  guint n = 0;
  const Mip6LinkRouter *r = mip6_movement_routers (&mn->move, &n);

  for (guint i = 0; i < n; i++)
    if (!memcmp (&r[i].addr, router, sizeof *router))
      return TRUE;
  return FALSE;
}

/* A new network: no router of the last one is a router here (the kernel
 * keeps their routes across a link change). */
static void
forget_last_routers (Mip6Mn *mn, GArray *actions)
{
  for (guint i = 0; i < mn->n_last_routers; i++)
    if (!router_on_link (mn, &mn->last_routers[i]))
      {
        Mip6Action *a = mip6_actions_add (actions, MIP6_ACTION_ROUTER_REMOVE);
        a->address.addr = mn->last_routers[i];
        a->address.plen = 128;
      }
  mn->n_last_routers = 0;
}

/* What is known of the current network's routers, for the next move. */
static void
remember_routers (Mip6Mn *mn)
{
  guint n = 0;
  const Mip6LinkRouter *r = mip6_movement_routers (&mn->move, &n);

  mn->n_last_routers = MIN (n, G_N_ELEMENTS (mn->last_routers));
  for (guint i = 0; i < mn->n_last_routers; i++)
    mn->last_routers[i] = r[i].addr;
}

static void
handle_verdict (Mip6Mn *mn, gint64 now, Mip6MoveVerdict verdict, GArray *actions)
{
  handle_move (mn, now, verdict, actions);
  if (mn->move.attached)
    remember_routers (mn);
}

static void
handle_move (Mip6Mn *mn, gint64 now, Mip6MoveVerdict verdict, GArray *actions)
{
  switch (verdict)
    {
    case MIP6_MOVE_NONE:
    case MIP6_MOVE_RA_REFRESH:
      break;
    case MIP6_MOVE_LINK_CHANGED:
      /* Same network, other prefixes or routers: the care-of address may
       * change, the home link may not. */
      if (away (mn))
        {
          refresh_link_prefixes (mn);
          remember_visited (mn);
        }
      try_register (mn, now, actions);
      break;
    case MIP6_MOVE_FOREIGN:
      forget_last_routers (mn, actions);
      moved_foreign (mn, now, actions);
      break;
    case MIP6_MOVE_HOME:
      forget_last_routers (mn, actions);
      moved_home (mn, now, actions);
      break;
    case MIP6_MOVE_DETACHED:
      if (mn->ho.active && mn->ho.kind_known)
        report_failure (mn, mn->move.link_up ? "no-router" : "no-link", 0,
                        g_strdup (_ ("lost the link before the handover completed")), actions);
      detach (mn, actions);
      if (mn->move.link_up)
        {
          /* The router went silent: what follows is a handover that starts
           * now, as if the link had changed. */
          mip6_handover_start (&mn->ho, now);
          mip6_handover_mark (&mn->ho, MIP6_PHASE_LINK_EVENT, now);
        }
      break;
    case MIP6_MOVE_NO_ROUTER:
      if (mn->ho.active)
        report_failure (mn, "no-router", 0,
                        g_strdup_printf (_ ("no router answered %d router solicitations; check "
                                            "that the link has an IPv6 router"),
                                         MIP6_MAX_RTR_SOLICITATIONS),
                        actions);
      break;
    }
}

/* ---- events ---- */

static void
handle_ba (Mip6Mn *mn, gint64 now, const Mip6Ba *ba, GArray *actions)
{
  Mip6BulResult r = mip6_bul_ba (&mn->bul, now, ba, actions);

  switch (r)
    {
    case MIP6_BUL_RESULT_REGISTERED:
    case MIP6_BUL_RESULT_REFRESHED:
      if (away (mn) && (r == MIP6_BUL_RESULT_REGISTERED || mn->state != MIP6_MN_FOREIGN))
        switch_to_tunnel (mn, now, actions);
      else if (away (mn))
        /* A refresh acknowledged after some went unanswered: all is well
         * again. */
        set_reason (mn, "", 0, NULL, actions);
      break;
    case MIP6_BUL_RESULT_DEREGISTERED:
      mip6_handover_mark (&mn->ho, MIP6_PHASE_BA_RECEIVED, now);
      announce_home_address (mn, now, actions);
      handover_complete (mn, now, actions);
      break;
    case MIP6_BUL_RESULT_REJECTED:
    case MIP6_BUL_RESULT_RETRY_LATER:
      {
        if (!away (mn))
          {
            /* A refused deregistration: the binding lapses at the home
             * agent; the home link is ours meanwhile. */
            announce_home_address (mn, now, actions);
            handover_complete (mn, now, actions);
            break;
          }
        /* bul.c decides which refusals are retried (RETRY_LATER) and which
         * are final (REJECTED), §11.7.3. */
        g_autofree char *ha = addr_string (&mn->cfg.home_agent);
        g_autofree char *token = NULL;
        g_autofree char *sentence = NULL;
        if (ba->status < 128)
          {
            /* Accepted with lifetime 0: no binding, a refusal all the same. */
            token = g_strdup ("refused-lifetime-0");
            sentence = g_strdup_printf (_ ("Home agent %s accepted the Binding Update with a "
                                           "lifetime of 0 s: the home address is unavailable; "
                                           "check the home agent's binding lifetime."),
                                        ha);
          }
        else
          {
            token = g_strdup_printf ("refused-%u", ba->status);
            sentence = g_strdup_printf (
                r == MIP6_BUL_RESULT_REJECTED
                    ? _ ("Home agent %s refused the registration: %s (status %u). The home "
                         "address is unavailable until you move, reload or reregister.")
                    : _ ("Home agent %s refused the registration: %s (status %u). The home "
                         "address is unavailable; retrying."),
                ha, mip6_ba_status_reason (ba->status), ba->status);
          }
        if (r == MIP6_BUL_RESULT_REJECTED)
          mn->refused = TRUE;
        registration_failed (mn, token, ba->status, sentence, actions);
        break;
      }
    case MIP6_BUL_RESULT_NONE:
    case MIP6_BUL_RESULT_IGNORED:
    case MIP6_BUL_RESULT_RETRY:
    case MIP6_BUL_RESULT_UNANSWERED:
    case MIP6_BUL_RESULT_EXPIRED:
      break;
    }
}

static void
handle_be (Mip6Mn *mn, gint64 now, const Mip6Be *be, GArray *actions)
{
  g_autofree char *ha = NULL;
  g_autofree char *sentence = NULL;

  mn->bul.stats.be_received++;
  if (memcmp (&be->source, &mn->cfg.home_agent, sizeof be->source) != 0)
    return;
  switch (be->status)
    {
    case MIP6_BE_UNKNOWN_BINDING_HAO:
      /* §11.3.6: the HA has no binding for our home address (it restarted,
       * say): register again, as a first registration. */
      if (!away (mn) || mn->bul.state == MIP6_BUL_REGISTERING)
        return;
      mip6_bul_forget_binding (&mn->bul);
      if (mn->ho.active)
        mip6_handover_reset (&mn->ho);
      home_address_unusable (mn, actions);
      mn->refused = FALSE;
      try_register (mn, now, actions);
      break;
    case MIP6_BE_UNKNOWN_MH_TYPE:
      /* §11.3.6: the HA does not speak Mobility Header messages; sending it
       * more Binding Updates is pointless. */
      mip6_bul_suspend (&mn->bul);
      mn->refused = TRUE;
      ha = addr_string (&mn->cfg.home_agent);
      sentence = g_strdup_printf (_ ("Home agent %s does not recognise Mobility Header messages: "
                                     "it does not run Mobile IPv6; check the home-agent key."),
                                  ha);
      if (away (mn))
        registration_failed (mn, "not-home-agent", be->status, sentence, actions);
      else
        report_failure (mn, "not-home-agent", be->status, g_strdup (sentence), actions);
      break;
    default:
      break;
    }
}

static void
handle_timer (Mip6Mn *mn, gint64 now, GArray *actions)
{
  handle_verdict (mn, now, mip6_movement_timer (&mn->move, now, actions), actions);
  send_due_nas (mn, now, actions);
  dhaad_timer (mn, now, actions);
  if (mn->state == MIP6_MN_HOME && now >= mn->solicit_next)
    solicit_home_agent (mn, now, actions);

  Mip6BulResult r = mip6_bul_timer (&mn->bul, now, actions);
  switch (r)
    {
    case MIP6_BUL_RESULT_UNANSWERED:
      {
        g_autofree char *ha = addr_string (&mn->cfg.home_agent);

        if (!away (mn))
          {
            /* §11.5.4: the deregistration goes unanswered; the home link is
             * ours anyway, so say so to the neighbours. */
            announce_home_address (mn, now, actions);
            break;
          }
        g_autofree char *sentence = g_strdup_printf (
            _ ("Home agent %s does not answer: the home address is unavailable and traffic "
               "uses the care-of address directly. Retrying up to every %d s; the visited "
               "network may filter Mobile IPv6 or need a login first."),
            ha, (int) (MIP6_MAX_BINDACK_TIMEOUT / G_TIME_SPAN_SECOND));
        registration_failed (mn, "ha-unreachable", 0, sentence, actions);
        break;
      }
    case MIP6_BUL_RESULT_EXPIRED:
      if (away (mn))
        {
          g_autofree char *ha = addr_string (&mn->cfg.home_agent);
          g_autofree char *sentence =
              g_strdup_printf (_ ("The binding with home agent %s expired before it could be "
                                  "refreshed: the home address is unavailable; retrying."),
                               ha);
          registration_failed (mn, "binding-expired", 0, sentence, actions);
          if (!mn->refused)
            try_register (mn, now, actions);
        }
      break;
    case MIP6_BUL_RESULT_DEREGISTERED:
      /* The deregistration went unanswered but the binding has lapsed at
       * the HA anyway: the return home is complete. */
      announce_home_address (mn, now, actions);
      handover_complete (mn, now, actions);
      break;
    case MIP6_BUL_RESULT_NONE:
    case MIP6_BUL_RESULT_IGNORED:
    case MIP6_BUL_RESULT_REGISTERED:
    case MIP6_BUL_RESULT_REFRESHED:
    case MIP6_BUL_RESULT_RETRY:
    case MIP6_BUL_RESULT_REJECTED:
    case MIP6_BUL_RESULT_RETRY_LATER:
      break;
    }
}

/* The person asked for a fresh registration (Reregister), or the home
 * agent did (Binding Refresh Request, §11.7.4). */
static void
handle_reregister (Mip6Mn *mn, gint64 now, GArray *actions)
{
  if (!away (mn))
    return;
  mn->refused = FALSE;
  mn->dhaad_gave_up = FALSE;
  if (mn->bul.state == MIP6_BUL_REGISTERED && binding_current (mn))
    {
      Mip6Brr brr = { .source = mn->cfg.home_agent };
      mip6_bul_brr (&mn->bul, now, &brr, actions);
      return;
    }
  /* A new attempt from the start of the back-off. */
  mip6_bul_suspend (&mn->bul);
  mip6_bul_resume (&mn->bul);
  try_register (mn, now, actions);
}

void
mip6_mn_handle (Mip6Mn *mn, const Mip6Event *ev, GArray *actions)
{
  gint64 now = ev->now;

  if (mn->cfg.may_have_binding_s)
    {
      mip6_bul_assume_binding_until (&mn->bul,
                                     now + (gint64) mn->cfg.may_have_binding_s * G_USEC_PER_SEC);
      mn->cfg.may_have_binding_s = 0;
    }

  switch (ev->kind)
    {
    case MIP6_EVENT_RELOADED:
      /* A refusal is final until a move, a reload or Reregister
       * (§11.7.3); a working binding is kept as it is. */
      if ((mn->refused || mn->dhaad_gave_up) && away (mn))
        handle_reregister (mn, now, actions);
      break;
    case MIP6_EVENT_HOME_AGENT_LINK_ADDRESS:
      mn->ha_lladdr_known = TRUE;
      if (mn->solicit_next != G_MAXINT64 && mn->state == MIP6_MN_HOME)
        deregister (mn, now, actions);
      break;
    case MIP6_EVENT_LINK_UP:
      /* What was learnt of the home agent's link-layer address was of
       * another link. */
      mn->ha_lladdr_known = FALSE;
      if (mn->ho.active && mn->ho.kind_known)
        report_failure (mn, "moved", 0,
                        g_strdup (_ ("the link changed before the handover completed")), actions);
      mip6_handover_start (&mn->ho, now);
      mip6_handover_mark (&mn->ho, MIP6_PHASE_LINK_EVENT, now);
      /* A new link: no prefix of the last one is known to be here, so no
       * care-of address from it is chosen before this link's routers
       * speak (an address of another interface, or one the link took
       * with it). */
      mip6_coa_clear_prefix (&mn->coa);
      handle_verdict (mn, now, mip6_movement_link_up (&mn->move, now, actions), actions);
      break;
    case MIP6_EVENT_LINK_DOWN:
      handle_verdict (mn, now, mip6_movement_link_down (&mn->move, now, actions), actions);
      break;
    case MIP6_EVENT_LINK_HINT:
      mip6_movement_link_hint (&mn->move, now, actions);
      break;
    case MIP6_EVENT_RA:
      handle_verdict (mn, now, mip6_movement_ra (&mn->move, now, &ev->ra, actions), actions);
      break;
    case MIP6_EVENT_ADDRESS:
      /* The home address went from the interface (it was replaced, or
       * someone removed it: a connection manager reapplying its
       * profile): on the home link it is put back at once (§11.5.4: at
       * home the home address is used there), else at the next return
       * home. */
      if (ev->address.change == MIP6_ADDR_REMOVED && mn->home_link == HOME_LINK_JOINED &&
          !memcmp (&ev->address.addr, &mn->cfg.home_address, sizeof ev->address.addr))
        {
          mn->home_link = HOME_LINK_UNKNOWN;
          if (mn->state == MIP6_MN_HOME && mn->move.attached && mn->move.at_home)
            join_home_link (mn, now, actions);
        }
      mip6_coa_address_event (&mn->coa, now, &ev->address);
      try_register (mn, now, actions);
      break;
    case MIP6_EVENT_BA:
      handle_ba (mn, now, &ev->ba, actions);
      break;
    case MIP6_EVENT_BRR:
      if (memcmp (&ev->brr.source, &mn->cfg.home_agent, sizeof ev->brr.source) != 0)
        {
          mn->bul.stats.brr_received++;
          break;
        }
      mn->refused = FALSE;
      mip6_bul_brr (&mn->bul, now, &ev->brr, actions);
      break;
    case MIP6_EVENT_BE:
      handle_be (mn, now, &ev->be, actions);
      break;
    case MIP6_EVENT_DHAAD_REPLY:
      handle_dhaad_reply (mn, now, &ev->dhaad_reply, actions);
      break;
    case MIP6_EVENT_TIMER:
      handle_timer (mn, now, actions);
      break;
    case MIP6_EVENT_ROUTER_UNREACHABLE:
      handle_verdict (mn, now,
                      mip6_movement_router_unreachable (&mn->move, now,
                                                        &ev->router_unreachable.router, actions),
                      actions);
      break;
    case MIP6_EVENT_REREGISTER:
      handle_reregister (mn, now, actions);
      break;
    case MIP6_EVENT_SIGNALLING_REFUSED:
      if (away (mn) && mn->bul.outstanding)
        {
          /* The BU may still get through another time (a captive portal
           * that opens after the login), so retransmissions go on (§11.8). */
          g_autofree char *who = addr_string (&ev->signalling_refused.reporter);
          g_autofree char *ha = addr_string (&mn->cfg.home_agent);
          g_autofree char *sentence = g_strdup_printf (
              _ ("The visited network refuses Mobile IPv6 signalling: %s answered the Binding "
                 "Update to home agent %s with ICMPv6 error %u code %u. The home address is "
                 "unavailable and traffic uses the care-of address directly; retrying."),
              who, ha, ev->signalling_refused.type, ev->signalling_refused.code);
          registration_failed (mn, "filtered", 0, sentence, actions);
        }
      break;
    }

  gint64 deadline = mip6_mn_next_deadline (mn);
  if (deadline != mn->armed)
    {
      Mip6Action *a = mip6_actions_add (actions, MIP6_ACTION_ARM_TIMER);

      a->timer.deadline = deadline;
      mn->armed = deadline;
    }
}

gint64
mip6_mn_next_deadline (const Mip6Mn *mn)
{
  gint64 d = MIN (mip6_movement_next_deadline (&mn->move), mip6_bul_next_deadline (&mn->bul));
  d = MIN (d, mn->solicit_next);
  d = MIN (d, mn->dhaad_next);
  return mn->na_left ? MIN (d, mn->na_next) : d;
}

Mip6MnCoreState
mip6_mn_get_state (const Mip6Mn *mn)
{
  return mn->state;
}

const Mip6Bul *
mip6_mn_get_bul (const Mip6Mn *mn)
{
  return &mn->bul;
}

const Mip6Movement *
mip6_mn_get_movement (const Mip6Mn *mn)
{
  return &mn->move;
}

gboolean
mip6_mn_get_home_agent (const Mip6Mn *mn, struct in6_addr *home_agent)
{
  if (!mn->ha_known)
    return FALSE;
  if (home_agent)
    *home_agent = mn->cfg.home_agent;
  return TRUE;
}

gboolean
mip6_mn_get_coa (const Mip6Mn *mn, struct in6_addr *coa)
{
  if (!mn->have_coa)
    return FALSE;
  if (coa)
    *coa = mn->cur_coa;
  return TRUE;
}

gboolean
mip6_mn_handover_running (const Mip6Mn *mn)
{
  return mn->ho.active && mn->ho.kind_known;
}

gboolean
mip6_mn_get_last_handover (const Mip6Mn *mn, Mip6HandoverTimings *timings)
{
  if (!mn->have_last_ho)
    return FALSE;
  if (timings)
    *timings = mn->last_ho;
  return TRUE;
}
