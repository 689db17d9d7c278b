/* backend-peer — one side of a home registration through a REAL data path
 * back end (kernel or userspace), for tests/vm/backend-check.sh:
 *
 *   backend-peer ha BACKEND HA-ADDRESS
 *       answers every Binding Update (with a Home Address option) with a
 *       Binding Acknowledgement status 0 carrying a type 2 routing header,
 *       and ha_bind()s the home address to the care-of address.
 *   backend-peer mn BACKEND IFNAME HOA/PLEN COA HA GATEWAY [COA2]
 *       mn_away(), then sends a BU from COA with a HAO until the matching BA
 *       arrives (prints "ba-ok"), or fails after 10 tries. On SIGUSR1 it
 *       moves to COA2 (mn_away() again) and registers that; on SIGUSR2 it
 *       prints its counters and goes home (mn_home(), prints "home").
 *   backend-peer new BACKEND
 *       only constructs the back end and exits without free(): its start-up
 *       cleanup is what is under test.
 *
 * ha and mn run until SIGTERM, then print their counters and free the back
 * end. Lines on stdout: "ready", "bu ...", "ba-ok ...", "counters ...". */
#include "backend.h"

#include <arpa/inet.h>
#include <glib-unix.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define BU_SEQUENCE 4242
#define BU_LIFETIME 100 /* × 4 s */

typedef struct
{
  Mip6Backend *backend;
  GMainLoop *loop;
  gboolean ha;
  struct in6_addr ha_addr, hoa, coa, coa2, gateway;
  int ifindex;
  guint8 home_plen;
  guint16 sequence;
  gboolean ba_ok;
  gboolean counted;
  guint tries;
} Peer;

static const char *
ntop (const struct in6_addr *a, char *buf)
{
  return inet_ntop (AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

static void
on_mh (const Mip6Packet *pkt, Mip6WireError err, gpointer data)
{
  Peer *p = data;
  char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN], x[INET6_ADDRSTRLEN];
  if (err != MIP6_WIRE_OK)
    {
      printf ("mh-error %s from %s\n", mip6_wire_error_name (err), ntop (&pkt->src, s));
      fflush (stdout);
      return;
    }
  if (p->ha && pkt->mh.type == MIP6_MH_BU)
    {
      printf ("bu src=%s dst=%s hao=%s seq=%u\n", ntop (&pkt->src, s), ntop (&pkt->dst, d),
              pkt->has_home_address ? ntop (&pkt->home_address, x) : "none", pkt->mh.bu.sequence);
      fflush (stdout);
      if (!pkt->has_home_address)
        return;
      g_autoptr (GError) error = NULL;
      Mip6Mh ba = { .type = MIP6_MH_BA };
      ba.ba.status = MIP6_BA_ACCEPTED;
      ba.ba.sequence = pkt->mh.bu.sequence;
      ba.ba.lifetime = pkt->mh.bu.lifetime;
      if (!p->backend->ops->ha_bind (p->backend, &p->ha_addr, &pkt->home_address, &pkt->src,
                                     &error) ||
          !p->backend->ops->send_mh (p->backend, &p->ha_addr, &pkt->src, NULL, &pkt->home_address,
                                     &ba, 0, &error))
        {
          printf ("ha-error %s\n", error->message);
          fflush (stdout);
        }
      return;
    }
  if (!p->ha && pkt->mh.type == MIP6_MH_BA)
    {
      gboolean ok = pkt->mh.ba.status == MIP6_BA_ACCEPTED && pkt->mh.ba.sequence == p->sequence &&
                    pkt->has_rh2 && IN6_ARE_ADDR_EQUAL (&pkt->rh2_address, &p->hoa) &&
                    IN6_ARE_ADDR_EQUAL (&pkt->src, &p->ha_addr) &&
                    IN6_ARE_ADDR_EQUAL (&pkt->dst, &p->coa);
      printf ("%s src=%s dst=%s rh2=%s status=%u seq=%u\n", ok ? "ba-ok" : "ba-bad",
              ntop (&pkt->src, s), ntop (&pkt->dst, d),
              pkt->has_rh2 ? ntop (&pkt->rh2_address, x) : "none", pkt->mh.ba.status,
              pkt->mh.ba.sequence);
      fflush (stdout);
      if (ok)
        p->ba_ok = TRUE;
    }
}

static gboolean
send_bu (gpointer data)
{
  Peer *p = data;
  if (p->ba_ok)
    return G_SOURCE_REMOVE;
  if (p->tries++ == 10)
    {
      printf ("no-ba after %u Binding Updates\n", p->tries - 1);
      g_main_loop_quit (p->loop);
      return G_SOURCE_REMOVE;
    }
  Mip6Mh bu = { .type = MIP6_MH_BU };
  bu.bu.sequence = p->sequence;
  bu.bu.ack = TRUE;
  bu.bu.home_registration = TRUE;
  bu.bu.lifetime = BU_LIFETIME;
  g_autoptr (GError) error = NULL;
  if (!p->backend->ops->send_mh (p->backend, &p->coa, &p->ha_addr, &p->hoa, NULL, &bu, 0, &error))
    {
      printf ("send-error %s\n", error->message);
      fflush (stdout);
    }
  return G_SOURCE_CONTINUE;
}

/* The mobile node's set-up away from home, in the order its core asks for
 * it: the home address off the home link, then the tunnel and the routes
 * into it (here at once: this peer checks the data path, not the
 * signalling order). */
static gboolean
go_away (Peer *p, GError **error)
{
  return p->backend->ops->mn_home_link_leave (p->backend, p->ifindex, &p->hoa, p->home_plen,
                                              error) &&
         p->backend->ops->mn_tunnel_set (p->backend, 0, &p->coa, &p->ha_addr, &p->hoa, error) &&
         p->backend->ops->mn_routes_via_tunnel (p->backend, &p->hoa, error);
}

/* A move (§11.5.1): the new care-of address, the tunnel and XFRM state
 * follow, and a new Binding Update registers it. */
static gboolean
on_move (gpointer data)
{
  Peer *p = data;
  g_autoptr (GError) error = NULL;
  p->coa = p->coa2;
  if (!go_away (p, &error))
    {
      printf ("move-error %s\n", error->message);
      fflush (stdout);
      return G_SOURCE_CONTINUE;
    }
  p->sequence++;
  p->ba_ok = FALSE;
  p->tries = 0;
  send_bu (p);
  g_timeout_add (1000, send_bu, p);
  return G_SOURCE_CONTINUE;
}

static void
print_counters (Peer *p)
{
  Mip6BackendCounters c;
  p->backend->ops->get_counters (p->backend, &c);
  printf ("counters encapsulations=%" G_GUINT64_FORMAT " decapsulations=%" G_GUINT64_FORMAT "\n",
          c.encapsulations, c.decapsulations);
  fflush (stdout);
  p->counted = TRUE;
}

/* Back home (§11.5.4): what the tunnel carried is counted first, since the
 * userspace back end forgets it with its tunnel. */
static gboolean
on_home (gpointer data)
{
  Peer *p = data;
  g_autoptr (GError) error = NULL;
  print_counters (p);
  if (p->backend->ops->mn_routes_home (p->backend, &error) &&
      p->backend->ops->mn_tunnel_del (p->backend, &error) &&
      p->backend->ops->mn_home_link_join (p->backend, p->ifindex, &p->hoa, p->home_plen, FALSE,
                                          &error))
    printf ("home\n");
  else
    printf ("home-error %s\n", error->message);
  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_term (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
addr (const char *s, struct in6_addr *a)
{
  if (inet_pton (AF_INET6, s, a) == 1)
    return TRUE;
  fprintf (stderr, "backend-peer: bad address %s\n", s);
  return FALSE;
}

static int
usage (void)
{
  fprintf (stderr, "usage: backend-peer ha kernel|userspace HA\n"
                   "       backend-peer mn kernel|userspace IFNAME HOA/PLEN COA HA GATEWAY\n"
                   "       backend-peer new kernel|userspace\n");
  return 2;
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    return usage ();
  const char *role = argv[1];
  g_autoptr (GError) error = NULL;
  Mip6Backend *backend = NULL;
  if (g_strcmp0 (argv[2], "kernel") == 0)
    backend = mip6_backend_kernel_new (&error);
  else if (g_strcmp0 (argv[2], "userspace") == 0)
    backend = mip6_backend_userspace_new (&error);
  else
    return usage ();
  if (backend == NULL)
    {
      fprintf (stderr, "backend-peer: %s\n", error->message);
      return 1;
    }
  if (g_strcmp0 (role, "new") == 0)
    _exit (0); /* no free(): leave what the constructor left */

  Peer p = { .backend = backend, .loop = g_main_loop_new (NULL, FALSE), .sequence = BU_SEQUENCE };
  int ifindex = 0;
  if (g_strcmp0 (role, "ha") == 0 && argc == 4)
    {
      p.ha = TRUE;
      if (!addr (argv[3], &p.ha_addr))
        return 2;
    }
  else if (g_strcmp0 (role, "mn") == 0 && (argc == 8 || argc == 9))
    {
      g_auto (GStrv) hp = g_strsplit (argv[4], "/", 2);
      ifindex = if_nametoindex (argv[3]);
      if (ifindex == 0 || hp[1] == NULL || !addr (hp[0], &p.hoa) || !addr (argv[5], &p.coa) ||
          !addr (argv[6], &p.ha_addr) || !addr (argv[7], &p.gateway) ||
          (argc == 9 && !addr (argv[8], &p.coa2)))
        return usage ();
      p.ifindex = ifindex;
      p.home_plen = (guint8) atoi (hp[1]);
      if (argc == 9)
        g_unix_signal_add (SIGUSR1, on_move, &p);
      g_unix_signal_add (SIGUSR2, on_home, &p);
      p.backend = backend;
      if (!go_away (&p, &error))
        {
          fprintf (stderr, "backend-peer: away: %s\n", error->message);
          mip6_backend_free (backend);
          return 1;
        }
    }
  else
    return usage ();

  if (!backend->ops->listen_mh (backend, ifindex, on_mh, &p, &error))
    {
      fprintf (stderr, "backend-peer: listen_mh: %s\n", error->message);
      mip6_backend_free (backend);
      return 1;
    }
  g_unix_signal_add (SIGTERM, on_term, p.loop);
  g_unix_signal_add (SIGINT, on_term, p.loop);
  if (!p.ha)
    {
      send_bu (&p);
      g_timeout_add (1000, send_bu, &p);
    }
  printf ("ready backend=%s\n", backend->ops->name);
  fflush (stdout);
  g_main_loop_run (p.loop);

  if (!p.counted)
    print_counters (&p);
  mip6_backend_free (backend);
  g_main_loop_unref (p.loop);
  return p.ha || p.ba_ok ? 0 : 1;
}
