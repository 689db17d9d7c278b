/* Actions of the mobile node core.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "mn/action.h"
#include "mn/constants.h"

#include <arpa/inet.h>
#include <string.h>

static void
action_clear (gpointer data)
{
  Mip6Action *a = data;

  g_clear_pointer (&a->reason, g_free);
  g_clear_pointer (&a->token, g_free);
}

GArray *
mip6_actions_new (void)
{
  GArray *actions = g_array_new (FALSE, TRUE, sizeof (Mip6Action));

  g_array_set_clear_func (actions, action_clear);
  return actions;
}

Mip6Action *
mip6_actions_add (GArray *actions, Mip6ActionKind kind)
{
  Mip6Action a = { 0 };

  a.kind = kind;
  g_array_append_val (actions, a);
  return &g_array_index (actions, Mip6Action, actions->len - 1);
}

const char *
mip6_action_kind_name (Mip6ActionKind kind)
{
  switch (kind)
    {
    case MIP6_ACTION_SEND_RS:
      return "SEND_RS";
    case MIP6_ACTION_SEND_BU:
      return "SEND_BU";
    case MIP6_ACTION_SEND_NA:
      return "SEND_NA";
    case MIP6_ACTION_SOLICIT_HOME_AGENT:
      return "SOLICIT_HOME_AGENT";
    case MIP6_ACTION_HOME_LINK_LEAVE:
      return "HOME_LINK_LEAVE";
    case MIP6_ACTION_HOME_LINK_JOIN:
      return "HOME_LINK_JOIN";
    case MIP6_ACTION_TUNNEL_SET:
      return "TUNNEL_SET";
    case MIP6_ACTION_TUNNEL_DEL:
      return "TUNNEL_DEL";
    case MIP6_ACTION_ROUTES_VIA_TUNNEL:
      return "ROUTES_VIA_TUNNEL";
    case MIP6_ACTION_ROUTES_BLOCKED:
      return "ROUTES_BLOCKED";
    case MIP6_ACTION_ROUTES_HOME:
      return "ROUTES_HOME";
    case MIP6_ACTION_ADDRESS_REMOVE:
      return "ADDRESS_REMOVE";
    case MIP6_ACTION_ROUTES_REMOVE:
      return "ROUTES_REMOVE";
    case MIP6_ACTION_ROUTER_REMOVE:
      return "ROUTER_REMOVE";
    case MIP6_ACTION_SEND_DHAAD_REQUEST:
      return "SEND_DHAAD_REQUEST";
    case MIP6_ACTION_ARM_TIMER:
      return "ARM_TIMER";
    case MIP6_ACTION_STATE_CHANGED:
      return "STATE_CHANGED";
    case MIP6_ACTION_STATE_REASON:
      return "STATE_REASON";
    case MIP6_ACTION_HANDOVER_STARTED:
      return "HANDOVER_STARTED";
    case MIP6_ACTION_HANDOVER_COMPLETED:
      return "HANDOVER_COMPLETED";
    case MIP6_ACTION_HANDOVER_FAILED:
      return "HANDOVER_FAILED";
    case MIP6_ACTION_REGISTRATION_FAILED:
      return "REGISTRATION_FAILED";
    }
  return "?";
}

const char *
mip6_mn_state_name (Mip6MnCoreState state)
{
  switch (state)
    {
    case MIP6_MN_DETACHED:
      return "detached";
    case MIP6_MN_HOME:
      return "home";
    case MIP6_MN_REGISTERING:
      return "registering";
    case MIP6_MN_FOREIGN:
      return "foreign";
    case MIP6_MN_UNREGISTERED:
      return "unregistered";
    }
  return "?";
}

static const char *
addr_str (const struct in6_addr *addr, char buf[INET6_ADDRSTRLEN])
{
  return inet_ntop (AF_INET6, addr, buf, INET6_ADDRSTRLEN);
}

char *
mip6_action_to_string (const Mip6Action *a)
{
  char b1[INET6_ADDRSTRLEN], b2[INET6_ADDRSTRLEN], b3[INET6_ADDRSTRLEN], b4[INET6_ADDRSTRLEN];
  const char *name = mip6_action_kind_name (a->kind);

  switch (a->kind)
    {
    case MIP6_ACTION_SEND_BU:
      return g_strdup_printf ("%s dst=%s src=%s hoa=%s coa=%s seq=%u lifetime=%u flags=%s%s%s",
                              name, addr_str (&a->bu.dst, b1), addr_str (&a->bu.src, b2),
                              addr_str (&a->bu.hoa, b3), addr_str (&a->bu.coa, b4), a->bu.seq,
                              a->bu.lifetime_s, (a->bu.flags & MIP6_BU_FLAG_A) ? "A" : "",
                              (a->bu.flags & MIP6_BU_FLAG_H) ? "H" : "",
                              (a->bu.flags & MIP6_BU_FLAG_L) ? "L" : "");
    case MIP6_ACTION_TUNNEL_SET:
      return g_strdup_printf ("%s local=%s remote=%s", name, addr_str (&a->tunnel.local, b1),
                              addr_str (&a->tunnel.remote, b2));
    case MIP6_ACTION_ROUTES_VIA_TUNNEL:
    case MIP6_ACTION_ROUTES_BLOCKED:
      return g_strdup_printf ("%s hoa=%s", name, addr_str (&a->routes.hoa, b1));
    case MIP6_ACTION_HOME_LINK_LEAVE:
      return g_strdup_printf ("%s %s/%u", name, addr_str (&a->address.addr, b1), a->address.plen);
    case MIP6_ACTION_HOME_LINK_JOIN:
      return g_strdup_printf ("%s %s/%u%s", name, addr_str (&a->address.addr, b1), a->address.plen,
                              a->address.dad ? " dad" : "");
    case MIP6_ACTION_STATE_REASON:
      return g_strdup_printf ("%s %s status=%u", name, a->token && *a->token ? a->token : "none",
                              a->status);
    case MIP6_ACTION_ADDRESS_REMOVE:
    case MIP6_ACTION_ROUTES_REMOVE:
      return g_strdup_printf ("%s %s/%u", name, addr_str (&a->address.addr, b1), a->address.plen);
    case MIP6_ACTION_SEND_NA:
    case MIP6_ACTION_SOLICIT_HOME_AGENT:
    case MIP6_ACTION_ROUTER_REMOVE:
      return g_strdup_printf ("%s %s", name, addr_str (&a->address.addr, b1));
    case MIP6_ACTION_ARM_TIMER:
      if (a->timer.deadline == G_MAXINT64)
        return g_strdup_printf ("%s none", name);
      return g_strdup_printf ("%s %" G_GINT64_FORMAT, name, a->timer.deadline);
    case MIP6_ACTION_STATE_CHANGED:
      return g_strdup_printf ("%s %s->%s", name, mip6_mn_state_name (a->state.old_state),
                              mip6_mn_state_name (a->state.new_state));
    case MIP6_ACTION_HANDOVER_STARTED:
      return g_strdup_printf ("%s %s", name, mip6_handover_kind_name (a->handover.kind));
    case MIP6_ACTION_HANDOVER_COMPLETED:
      {
        GString *s = g_string_new (name);

        g_string_append_printf (s, " %s", mip6_handover_kind_name (a->handover.kind));
        for (guint i = 0; i < MIP6_N_PHASES; i++)
          if (a->handover.offset_ms[i] >= 0)
            g_string_append_printf (s, " %s=+%" G_GINT64_FORMAT, mip6_phase_name (i),
                                    a->handover.offset_ms[i]);
        g_string_append_printf (s, " total=%" G_GINT64_FORMAT "ms", a->handover.total_ms);
        return g_string_free (s, FALSE);
      }
    case MIP6_ACTION_HANDOVER_FAILED:
    case MIP6_ACTION_REGISTRATION_FAILED:
      return g_strdup_printf ("%s status=%u %s", name, a->status, a->reason ? a->reason : "");
    case MIP6_ACTION_SEND_DHAAD_REQUEST:
      return g_strdup_printf ("%s src=%s dst=%s id=%u", name, addr_str (&a->dhaad.src, b1),
                              addr_str (&a->dhaad.dst, b2), a->dhaad.identifier);
    case MIP6_ACTION_SEND_RS:
    case MIP6_ACTION_TUNNEL_DEL:
    case MIP6_ACTION_ROUTES_HOME:
      break;
    }
  return g_strdup (name);
}
