/* tunnel-peer — one end of a userspace tunnel, for the netns tests of the
 * data path: the real Mip6Tunnel and Mip6Rtnl, with a fixed peer instead of
 * a binding. Prints its counters when it gets SIGTERM. */
#include "rtnl.h"
#include "tunnel.h"

#include <arpa/inet.h>
#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct
{
  struct in6_addr local, peer;
} Peer;

static gboolean
route (gpointer data, const struct in6_addr *isrc, const struct in6_addr *idst,
       struct in6_addr *osrc, struct in6_addr *odst, gboolean *direct)
{
  Peer *p = data;
  *direct = FALSE;
  *osrc = p->local;
  *odst = p->peer;
  return TRUE;
}

static gboolean
accept_from (gpointer data, const struct in6_addr *osrc, const struct in6_addr *isrc,
             const struct in6_addr *idst)
{
  Peer *p = data;
  return IN6_ARE_ADDR_EQUAL (osrc, &p->peer);
}

static gboolean
parse_prefix (const char *s, struct in6_addr *a, guint8 *plen)
{
  g_auto (GStrv) parts = g_strsplit (s, "/", 2);
  if (inet_pton (AF_INET6, parts[0], a) != 1)
    return FALSE;
  *plen = parts[1] ? (guint8) atoi (parts[1]) : 128;
  return TRUE;
}

static gboolean
on_term (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  if (argc != 6)
    {
      fprintf (stderr, "usage: %s TUN LOCAL PEER INNER/PLEN ROUTE/PLEN\n", argv[0]);
      return 2;
    }
  Peer p;
  struct in6_addr inner, dst;
  guint8 inner_plen, dst_plen;
  if (inet_pton (AF_INET6, argv[2], &p.local) != 1 || inet_pton (AF_INET6, argv[3], &p.peer) != 1 ||
      !parse_prefix (argv[4], &inner, &inner_plen) || !parse_prefix (argv[5], &dst, &dst_plen))
    {
      fprintf (stderr, "tunnel-peer: bad address argument\n");
      return 2;
    }

  g_autoptr (GError) error = NULL;
  Mip6TunnelPolicy policy = { route, accept_from };
  g_autoptr (Mip6Tunnel) t = mip6_tunnel_new (argv[1], 1460, &policy, &p, &error);
  g_autoptr (Mip6Rtnl) rtnl = t ? mip6_rtnl_new (&error) : NULL;
  if (!rtnl ||
      !mip6_rtnl_addr_add (rtnl, mip6_tunnel_get_ifindex (t), &inner, inner_plen, TRUE, &error) ||
      !mip6_rtnl_route_add (rtnl, &dst, dst_plen, NULL, mip6_tunnel_get_ifindex (t), 1, NULL,
                            &error))
    {
      fprintf (stderr, "tunnel-peer: %s\n", error->message);
      return 1;
    }

  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_term, loop);
  g_unix_signal_add (SIGINT, on_term, loop);
  printf ("ready\n");
  fflush (stdout);
  g_main_loop_run (loop);

  const Mip6TunnelStats *s = mip6_tunnel_get_stats (t);
  printf ("encapsulations=%" G_GUINT64_FORMAT " decapsulations=%" G_GUINT64_FORMAT
          " dropped_tunnel_bad_source=%" G_GUINT64_FORMAT
          " dropped_tunnel_malformed=%" G_GUINT64_FORMAT "\n",
          s->encapsulations, s->decapsulations, s->dropped_tunnel_bad_source,
          s->dropped_tunnel_malformed);
  return 0;
}
