/* tunnel.c — the userspace tunnel: a TUN device and two raw sockets. */
#include "config.h"
#include "tunnel.h"

#include "encap.h"
#include "packet.h"
#include "../net/raw-send.h"
#include "tun.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TUNNEL_HOP_LIMIT 64
#define TUNNEL_BUF (65535 + MIP6_IPV6_HEADER_LEN)

struct _Mip6Tunnel
{
  char *ifname;
  int ifindex;
  int tun_fd;
  int send_fd; /* IPPROTO_RAW: we write the outer header ourselves */
  int recv_fd; /* IPPROTO_IPV6 (41): the kernel hands us the inner packet, and
                * builds the outer header of those it must fragment */
  guint tun_watch;
  guint recv_watch;
  Mip6TunnelPolicy policy;
  gpointer user_data;
  Mip6TunnelStats stats;
  int oif; /* where outer packets leave; 0: as the routes say */
  guint8 buf[TUNNEL_BUF];
};

static gboolean
on_tun_readable (gint fd, GIOCondition cond, gpointer data)
{
  Mip6Tunnel *t = data;

  /* Drain what is queued, but yield to the main loop after a burst so that
   * signalling is never starved by bulk traffic. */
  for (int burst = 0; burst < 64; burst++)
    {
      guint8 *inner = t->buf + MIP6_IPV6_HEADER_LEN;
      ssize_t n = read (fd, inner, TUNNEL_BUF - MIP6_IPV6_HEADER_LEN);
      if (n < 0)
        break;

      struct in6_addr isrc, idst, osrc, odst;
      gboolean direct = FALSE;
      if (!mip6_encap_inner_parse (inner, (gsize) n, &isrc, &idst))
        {
          t->stats.dropped_tunnel_malformed++;
          continue;
        }
      /* The kernel's own link chatter on the TUN device (MLD reports,
       * router solicitations) has no business in a tunnel: not a drop. */
      if (IN6_IS_ADDR_MULTICAST (&idst) || IN6_IS_ADDR_LINKLOCAL (&idst))
        continue;
      if (!t->policy.route (t->user_data, &isrc, &idst, &osrc, &odst, &direct))
        {
          t->stats.dropped_tunnel_no_binding++;
          continue;
        }
      if (direct)
        {
          gssize dlen = mip6_packet_insert_rh2 (inner, (gsize) n, &odst, t->buf, TUNNEL_BUF);
          if (dlen < 0 || mip6_raw_send_packet (t->send_fd, t->buf, (gsize) dlen, 0) < 0)
            t->stats.dropped_tunnel_malformed++;
          continue;
        }
      gssize len =
          mip6_encap_build (inner, (gsize) n, &osrc, &odst, TUNNEL_HOP_LIMIT, t->buf, TUNNEL_BUF);
      if (len < 0)
        {
          t->stats.dropped_tunnel_malformed++;
          continue;
        }
      /* RFC 2473 §7.1: a tunnel packet bigger than the path MTU is
       * fragmented by the entry point. The kernel neither fragments a
       * packet we built ourselves nor checks it against the path MTU, so
       * one that may not fit everywhere (over the IPv6 minimum MTU, RFC
       * 8200 §5) gets its outer header from the kernel instead, which
       * fragments it to the path MTU it knows. */
      gssize sent = len > MIP6_IPV6_MIN_MTU
                        ? mip6_send_from (t->recv_fd, inner, (gsize) n, &osrc, &odst, t->oif)
                        : mip6_raw_send_packet (t->send_fd, t->buf, (gsize) len, t->oif);
      if (sent < 0)
        g_debug ("tunnel %s: sendto failed: %s", t->ifname, g_strerror (errno));
      else
        t->stats.encapsulations++;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_encapsulated_readable (gint fd, GIOCondition cond, gpointer data)
{
  Mip6Tunnel *t = data;

  /* The errors IPV6_RECVERR queues (see mip6_tunnel_new) have done their
   * work in the kernel already: drop them. */
  guint8 scratch[64];
  struct iovec eiov = { scratch, sizeof scratch };
  struct msghdr emsg = { .msg_iov = &eiov, .msg_iovlen = 1 };
  for (int i = 0; i < 64 && recvmsg (fd, &emsg, MSG_ERRQUEUE) >= 0; i++)
    emsg.msg_controllen = 0;

  for (int burst = 0; burst < 64; burst++)
    {
      struct sockaddr_in6 from = { 0 };
      socklen_t fromlen = sizeof from;
      ssize_t n = recvfrom (fd, t->buf, TUNNEL_BUF, 0, (struct sockaddr *) &from, &fromlen);
      if (n < 0)
        break;

      struct in6_addr isrc, idst;
      if (!mip6_encap_inner_parse (t->buf, (gsize) n, &isrc, &idst))
        {
          t->stats.dropped_tunnel_malformed++;
          continue;
        }
      /* RFC 6275 §10.4.5 and §11.3.1: only the registered peer may inject
       * packets for (or from) the home address. */
      if (!t->policy.accept (t->user_data, &from.sin6_addr, &isrc, &idst))
        {
          t->stats.dropped_tunnel_bad_source++;
          continue;
        }
      gsize inner_len = MIP6_IPV6_HEADER_LEN + (((gsize) t->buf[4] << 8) | t->buf[5]);
      if (write (t->tun_fd, t->buf, inner_len) < 0)
        g_debug ("tunnel %s: write failed: %s", t->ifname, g_strerror (errno));
      else
        t->stats.decapsulations++;
    }
  return G_SOURCE_CONTINUE;
}

static int
raw_socket (int proto, const char *what, GError **error)
{
  int fd = socket (AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
  if (fd < 0)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                 _ ("Cannot open the raw socket for %s: %s (mip6d needs CAP_NET_RAW)"), what,
                 g_strerror (errno));
  return fd;
}

Mip6Tunnel *
mip6_tunnel_new (const char *ifname, guint mtu, const Mip6TunnelPolicy *policy, gpointer user_data,
                 GError **error)
{
  g_autoptr (Mip6Tunnel) t = g_new0 (Mip6Tunnel, 1);
  t->ifname = g_strdup (ifname);
  t->tun_fd = t->send_fd = t->recv_fd = -1;
  t->policy = *policy;
  t->user_data = user_data;

  t->tun_fd = mip6_tun_open (ifname, mtu, &t->ifindex, error);
  if (t->tun_fd < 0)
    return NULL;
  t->send_fd = raw_socket (IPPROTO_RAW, _ ("sending tunnelled packets"), error);
  if (t->send_fd < 0)
    return NULL;
  t->recv_fd = raw_socket (MIP6_IPPROTO_IPV6_ENCAP, _ ("receiving tunnelled packets"), error);
  if (t->recv_fd < 0)
    return NULL;
  /* What this socket sends (packets that need fragmenting) leaves with
   * the tunnel's hop limit. */
  static const int hops = TUNNEL_HOP_LIMIT, on = 1;
  /* RFC 8201: the kernel takes a Packet Too Big about what a raw socket
   * sent into its path MTU only for a socket that asks for errors. */
  if (setsockopt (t->recv_fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof hops) < 0 ||
      setsockopt (t->recv_fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof on) < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _ ("Cannot set up the encapsulation socket of tunnel %s: %s"), ifname,
                   g_strerror (errno));
      return NULL;
    }

  t->tun_watch = g_unix_fd_add (t->tun_fd, G_IO_IN, on_tun_readable, t);
  t->recv_watch = g_unix_fd_add (t->recv_fd, G_IO_IN | G_IO_ERR, on_encapsulated_readable, t);
  return g_steal_pointer (&t);
}

void
mip6_tunnel_free (Mip6Tunnel *t)
{
  if (t == NULL)
    return;
  g_clear_handle_id (&t->tun_watch, g_source_remove);
  g_clear_handle_id (&t->recv_watch, g_source_remove);
  if (t->recv_fd >= 0)
    close (t->recv_fd);
  if (t->send_fd >= 0)
    close (t->send_fd);
  /* Closing the last descriptor of a non-persistent TUN device removes the
   * device and every address and route on it. */
  if (t->tun_fd >= 0)
    close (t->tun_fd);
  g_free (t->ifname);
  g_free (t);
}

const char *
mip6_tunnel_get_ifname (Mip6Tunnel *t)
{
  return t->ifname;
}

void
mip6_tunnel_set_outer_interface (Mip6Tunnel *t, int ifindex)
{
  t->oif = ifindex;
}

int
mip6_tunnel_get_ifindex (Mip6Tunnel *t)
{
  return t->ifindex;
}

const Mip6TunnelStats *
mip6_tunnel_get_stats (Mip6Tunnel *t)
{
  return &t->stats;
}

gboolean
mip6_tunnel_inject (Mip6Tunnel *t, const guint8 *pkt, gsize len, GError **error)
{
  if (write (t->tun_fd, pkt, len) < 0)
    {
      int e = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e),
                   _ ("Cannot hand a packet to the kernel through %s: %s"), t->ifname,
                   g_strerror (e));
      return FALSE;
    }
  return TRUE;
}
