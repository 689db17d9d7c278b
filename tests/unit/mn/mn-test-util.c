/* Helpers shared by the mobile node core's unit tests.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "mn-test-util.h"

#include <arpa/inet.h>
#include <string.h>

struct in6_addr
A (const char *text)
{
  struct in6_addr a;

  g_assert_cmpint (inet_pton (AF_INET6, text, &a), ==, 1);
  return a;
}

Mip6MnConfig
test_config (guint16 initial_seq)
{
  Mip6MnConfig c = {
    .home_address = A (HOA),
    .home_plen = 64,
    .home_agent = A (HA),
    .max_lifetime_s = 3600,
    .initial_seq = initial_seq,
  };
  return c;
}

Mip6Event
ev_link_up (gint64 now)
{
  Mip6Event e = { .kind = MIP6_EVENT_LINK_UP, .now = now };
  return e;
}

Mip6Event
ev_link_down (gint64 now)
{
  Mip6Event e = { .kind = MIP6_EVENT_LINK_DOWN, .now = now };
  return e;
}

Mip6Event
ev_ra (gint64 now, const char *router, const char *prefix, gboolean h_flag, guint32 adv_interval_ms)
{
  Mip6Event e = { .kind = MIP6_EVENT_RA, .now = now };

  e.ra.source = A (router);
  e.ra.home_agent = h_flag;
  e.ra.router_lifetime = 1800;
  e.ra.adv_interval_ms = adv_interval_ms;
  e.ra.n_prefixes = 1;
  e.ra.prefixes[0].prefix = A (prefix);
  e.ra.prefixes[0].plen = 64;
  e.ra.prefixes[0].on_link = TRUE;
  e.ra.prefixes[0].autonomous = TRUE;
  e.ra.prefixes[0].valid_lifetime = 86400;
  e.ra.prefixes[0].preferred_lifetime = 14400;
  return e;
}

Mip6Event
ev_addr (gint64 now, const char *addr, guint flags, guint32 valid, guint32 preferred)
{
  Mip6Event e = { .kind = MIP6_EVENT_ADDRESS, .now = now };

  e.address.change = MIP6_ADDR_ADDED;
  e.address.addr = A (addr);
  e.address.plen = 64;
  e.address.flags = flags;
  e.address.scope = MIP6_SCOPE_GLOBAL;
  e.address.valid_lifetime = valid;
  e.address.preferred_lifetime = preferred;
  return e;
}

Mip6Event
ev_addr_removed (gint64 now, const char *addr)
{
  Mip6Event e = { .kind = MIP6_EVENT_ADDRESS, .now = now };

  e.address.change = MIP6_ADDR_REMOVED;
  e.address.addr = A (addr);
  e.address.plen = 64;
  return e;
}

Mip6Event
ev_ba (gint64 now, guint8 status, guint16 seq, guint32 lifetime, guint32 refresh)
{
  Mip6Event e = { .kind = MIP6_EVENT_BA, .now = now };

  e.ba.source = A (HA);
  e.ba.status = status;
  e.ba.seq = seq;
  e.ba.lifetime_s = lifetime;
  e.ba.refresh_s = refresh;
  return e;
}

Mip6Event
ev_timer (gint64 now)
{
  Mip6Event e = { .kind = MIP6_EVENT_TIMER, .now = now };
  return e;
}

GStrv
feed (Mip6Mn *mn, const Mip6Event *ev)
{
  g_autoptr (GArray) actions = mip6_actions_new ();
  GPtrArray *lines = g_ptr_array_new ();

  mip6_mn_handle (mn, ev, actions);
  for (guint i = 0; i < actions->len; i++)
    g_ptr_array_add (lines, mip6_action_to_string (&g_array_index (actions, Mip6Action, i)));
  g_ptr_array_add (lines, NULL);
  return (GStrv) g_ptr_array_free (lines, FALSE);
}

void
assert_lines (GStrv got, const char *const *expected)
{
  g_autofree char *g = g_strjoinv ("\n  ", got);
  g_autofree char *e = g_strjoinv ("\n  ", (GStrv) expected);

  if (g_strv_equal ((const char *const *) got, expected))
    return;
  g_printerr ("expected:\n  %s\ngot:\n  %s\n", e, g);
  g_assert_cmpstr (g, ==, e);
}

const char *
find_line (GStrv lines, const char *prefix)
{
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return lines[i];
  return NULL;
}
