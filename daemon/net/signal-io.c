/* signal-io.c — raw, packet and ICMPv6 sockets for signalling. */
#include "config.h"
#include "signal-io.h"

#include "raw-send.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/icmp6.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define IO_BUF 65575

struct _Mip6SignalIo
{
  int raw_fd;        /* IPPROTO_RAW output */
  int packet_fd;     /* AF_PACKET input */
  int icmp_fd;       /* ICMPv6 in and out */
  int bound_ifindex; /* raw_fd's interface, 0 for none */
  guint packet_watch;
  guint icmp_watch;
  Mip6SignalPacketFunc packet_func;
  gpointer packet_data;
  Mip6SignalIcmpFunc icmp_func;
  gpointer icmp_data;
  guint8 buf[IO_BUF];
};

static gboolean
fail_errno (GError **error, const char *what)
{
  int e = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e), "%s: %s", what, g_strerror (e));
  return FALSE;
}

Mip6SignalIo *
mip6_signal_io_new (GError **error)
{
  Mip6SignalIo *io = g_new0 (Mip6SignalIo, 1);
  io->packet_fd = io->icmp_fd = -1;
  io->raw_fd = socket (AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
  if (io->raw_fd < 0)
    {
      fail_errno (error, _ ("Cannot open the raw IPv6 socket for signalling (mip6d needs "
                            "CAP_NET_RAW)"));
      mip6_signal_io_free (io);
      return NULL;
    }
  return io;
}

void
mip6_signal_io_free (Mip6SignalIo *io)
{
  if (io == NULL)
    return;
  g_clear_handle_id (&io->packet_watch, g_source_remove);
  g_clear_handle_id (&io->icmp_watch, g_source_remove);
  if (io->packet_fd >= 0)
    close (io->packet_fd);
  if (io->icmp_fd >= 0)
    close (io->icmp_fd);
  if (io->raw_fd >= 0)
    close (io->raw_fd);
  g_free (io);
}

static gboolean
on_packet (gint fd, GIOCondition cond, gpointer data)
{
  Mip6SignalIo *io = data;
  for (int burst = 0; burst < 64; burst++)
    {
      struct sockaddr_ll from;
      socklen_t fromlen = sizeof from;
      ssize_t n = recvfrom (fd, io->buf, sizeof io->buf, 0, (struct sockaddr *) &from, &fromlen);
      if (n < 0)
        break;
      /* A packet socket also sees what this host sends. */
      if (from.sll_pkttype == PACKET_OUTGOING)
        continue;
      io->packet_func (io->buf, (gsize) n, from.sll_ifindex, io->packet_data);
    }
  return G_SOURCE_CONTINUE;
}

gboolean
mip6_signal_io_listen_mh (Mip6SignalIo *io, int ifindex, Mip6SignalPacketFunc func,
                          gpointer user_data, GError **error)
{
  g_clear_handle_id (&io->packet_watch, g_source_remove);
  if (io->packet_fd >= 0)
    close (io->packet_fd);
  io->packet_func = func;
  io->packet_data = user_data;

  io->packet_fd = socket (AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, htons (ETH_P_IPV6));
  if (io->packet_fd < 0)
    return fail_errno (error, _ ("Cannot open the packet socket for Mobility Header input "
                                 "(mip6d needs CAP_NET_RAW)"));

  /* Keep only IPv6 packets whose first next header could lead to a
   * Mobility Header: MH itself (135), destination options (60) or a routing
   * header (43). The codec does the real parsing. */
  struct sock_filter code[] = {
    BPF_STMT (BPF_LD | BPF_B | BPF_ABS, 6),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, 135, 3, 0),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, 60, 2, 0),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, 43, 1, 0),
    BPF_STMT (BPF_RET | BPF_K, 0),
    BPF_STMT (BPF_RET | BPF_K, 0xffff),
  };
  struct sock_fprog prog = { .len = G_N_ELEMENTS (code), .filter = code };
  if (setsockopt (io->packet_fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) < 0)
    return fail_errno (error, _ ("Cannot attach the Mobility Header filter"));

  /* Bound to one protocol, not ETH_P_ALL: the kernel hands such a socket
   * a frame once, after bridges and VLANs took it (as the bridge or VLAN
   * device), so ifindex 0 sees each packet once. */
  struct sockaddr_ll ll = { .sll_family = AF_PACKET,
                            .sll_protocol = htons (ETH_P_IPV6),
                            .sll_ifindex = ifindex };
  if (bind (io->packet_fd, (struct sockaddr *) &ll, sizeof ll) < 0)
    {
      g_autofree char *what =
          g_strdup_printf (_ ("Cannot listen for Mobility Headers on interface %d"), ifindex);
      return fail_errno (error, what);
    }
  /* A mobile node's signalling leaves through its interface only. On every
   * interface (0, a home agent that may be a router, RFC 6275 §10) it
   * follows the routing table: the answer to a Binding Update goes back
   * the way the kernel routes its destination, unless the sender names an
   * interface (mip6_signal_io_send_packet_via()). */
  if (setsockopt (io->raw_fd, SOL_SOCKET, SO_BINDTOIFINDEX, &ifindex, sizeof ifindex) < 0)
    return fail_errno (error, _ ("Cannot bind the signalling socket to its interface"));
  io->bound_ifindex = ifindex;
  io->packet_watch = g_unix_fd_add (io->packet_fd, G_IO_IN, on_packet, io);
  return TRUE;
}

static gboolean
on_icmp (gint fd, GIOCondition cond, gpointer data)
{
  Mip6SignalIo *io = data;
  for (int burst = 0; burst < 64; burst++)
    {
      struct sockaddr_in6 from;
      union
      {
        char buf[CMSG_SPACE (sizeof (struct in6_pktinfo)) + CMSG_SPACE (sizeof (int))];
        struct cmsghdr align;
      } control;
      struct iovec iov = { io->buf, sizeof io->buf };
      struct msghdr msg = { .msg_name = &from,
                            .msg_namelen = sizeof from,
                            .msg_iov = &iov,
                            .msg_iovlen = 1,
                            .msg_control = &control,
                            .msg_controllen = sizeof control };
      ssize_t n = recvmsg (fd, &msg, 0);
      if (n < 0)
        break;
      int hop_limit = -1, ifindex = 0;
      struct in6_addr dst = IN6ADDR_ANY_INIT;
      for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c; c = CMSG_NXTHDR (&msg, c))
        {
          if (c->cmsg_level != IPPROTO_IPV6)
            continue;
          if (c->cmsg_type == IPV6_HOPLIMIT)
            memcpy (&hop_limit, CMSG_DATA (c), sizeof hop_limit);
          else if (c->cmsg_type == IPV6_PKTINFO)
            {
              struct in6_pktinfo pi;
              memcpy (&pi, CMSG_DATA (c), sizeof pi);
              ifindex = (int) pi.ipi6_ifindex;
              dst = pi.ipi6_addr;
            }
        }
      io->icmp_func (io->buf, (gsize) n, &from.sin6_addr, &dst, hop_limit, ifindex, io->icmp_data);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
open_icmp (Mip6SignalIo *io, GError **error)
{
  if (io->icmp_fd >= 0)
    return TRUE;
  io->icmp_fd = socket (AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6);
  if (io->icmp_fd < 0)
    return fail_errno (error, _ ("Cannot open the ICMPv6 socket (mip6d needs CAP_NET_RAW)"));
  int hops = 255, on = 1;
  if (setsockopt (io->icmp_fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) < 0 ||
      setsockopt (io->icmp_fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof hops) < 0 ||
      setsockopt (io->icmp_fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on) < 0 ||
      setsockopt (io->icmp_fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on) < 0)
    return fail_errno (error, _ ("Cannot set up the ICMPv6 socket"));
  /* Nothing is received until a listener sets the filter. */
  struct icmp6_filter filter;
  ICMP6_FILTER_SETBLOCKALL (&filter);
  if (setsockopt (io->icmp_fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter) < 0)
    return fail_errno (error, _ ("Cannot set the ICMPv6 filter"));
  return TRUE;
}

gboolean
mip6_signal_io_listen_icmp (Mip6SignalIo *io, const guint8 *types, gsize n_types,
                            Mip6SignalIcmpFunc func, gpointer user_data, GError **error)
{
  if (!open_icmp (io, error))
    return FALSE;
  struct icmp6_filter filter;
  ICMP6_FILTER_SETBLOCKALL (&filter);
  for (gsize i = 0; i < n_types; i++)
    ICMP6_FILTER_SETPASS (types[i], &filter);
  if (setsockopt (io->icmp_fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter) < 0)
    return fail_errno (error, _ ("Cannot set the ICMPv6 filter"));
  io->icmp_func = func;
  io->icmp_data = user_data;
  if (!io->icmp_watch)
    io->icmp_watch = g_unix_fd_add (io->icmp_fd, G_IO_IN, on_icmp, io);
  return TRUE;
}

gboolean
mip6_signal_io_join_anycast (Mip6SignalIo *io, int ifindex, const struct in6_addr *addr,
                             GError **error)
{
  if (!open_icmp (io, error))
    return FALSE;
  struct ipv6_mreq mreq = { .ipv6mr_multiaddr = *addr, .ipv6mr_interface = (unsigned) ifindex };
  if (setsockopt (io->icmp_fd, IPPROTO_IPV6, IPV6_JOIN_ANYCAST, &mreq, sizeof mreq) < 0)
    {
      char buf[INET6_ADDRSTRLEN];
      g_autofree char *what = g_strdup_printf (
          _ ("Cannot join the anycast address %s on interface %d (the interface must be up and "
             "have an address in its prefix)"),
          inet_ntop (AF_INET6, addr, buf, sizeof buf), ifindex);
      return fail_errno (error, what);
    }
  return TRUE;
}

gboolean
mip6_signal_io_join_group (Mip6SignalIo *io, int ifindex, const struct in6_addr *group,
                           GError **error)
{
  if (!open_icmp (io, error))
    return FALSE;
  struct ipv6_mreq mreq = { .ipv6mr_multiaddr = *group, .ipv6mr_interface = (unsigned) ifindex };
  if (setsockopt (io->icmp_fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq, sizeof mreq) < 0 &&
      errno != EADDRINUSE)
    {
      char buf[INET6_ADDRSTRLEN];
      g_autofree char *what =
          g_strdup_printf (_ ("Cannot join the multicast group %s on interface %d"),
                           inet_ntop (AF_INET6, group, buf, sizeof buf), ifindex);
      return fail_errno (error, what);
    }
  return TRUE;
}

void
mip6_signal_io_leave_group (Mip6SignalIo *io, int ifindex, const struct in6_addr *group)
{
  if (io->icmp_fd < 0)
    return;
  struct ipv6_mreq mreq = { .ipv6mr_multiaddr = *group, .ipv6mr_interface = (unsigned) ifindex };
  /* Not a member (EADDRNOTAVAIL) or the interface is gone (ENODEV): nothing
   * to leave. */
  (void) setsockopt (io->icmp_fd, IPPROTO_IPV6, IPV6_LEAVE_GROUP, &mreq, sizeof mreq);
}

gboolean
mip6_signal_io_send_packet (Mip6SignalIo *io, const guint8 *pkt, gsize len, GError **error)
{
  return mip6_signal_io_send_packet_via (io, pkt, len, 0, error);
}

gboolean
mip6_signal_io_send_packet_via (Mip6SignalIo *io, const guint8 *pkt, gsize len, int ifindex,
                                GError **error)
{
  if (len < 40)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("Refusing to send %zu bytes: shorter than an IPv6 header"), len);
      return FALSE;
    }
  /* Only a bound socket makes the kernel's route lookup keep to one
   * interface when the source is given; raw_fd only sends, so binding it
   * for one packet changes nothing else. */
  gboolean rebind = ifindex > 0 && ifindex != io->bound_ifindex;
  if (rebind && setsockopt (io->raw_fd, SOL_SOCKET, SO_BINDTOIFINDEX, &ifindex, sizeof ifindex) < 0)
    return fail_errno (error, _ ("Cannot bind the signalling socket to its interface"));
  gssize sent = mip6_raw_send_packet (io->raw_fd, pkt, len, 0);
  int saved = errno;
  if (rebind)
    setsockopt (io->raw_fd, SOL_SOCKET, SO_BINDTOIFINDEX, &io->bound_ifindex,
                sizeof io->bound_ifindex);
  errno = saved;
  if (sent < 0)
    {
      char buf[INET6_ADDRSTRLEN];
      g_autofree char *what = g_strdup_printf (_ ("Cannot send to %s"),
                                               inet_ntop (AF_INET6, pkt + 24, buf, sizeof buf));
      return fail_errno (error, what);
    }
  return TRUE;
}

gboolean
mip6_signal_io_send_icmp (Mip6SignalIo *io, int ifindex, const struct in6_addr *src,
                          const struct in6_addr *dst, const guint8 *msg, gsize len, GError **error)
{
  if (!open_icmp (io, error))
    return FALSE;
  struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_addr = *dst };
  if (IN6_IS_ADDR_LINKLOCAL (dst) || IN6_IS_ADDR_MULTICAST (dst))
    to.sin6_scope_id = (uint32_t) ifindex;
  union
  {
    char buf[CMSG_SPACE (sizeof (struct in6_pktinfo))];
    struct cmsghdr align;
  } control;
  memset (&control, 0, sizeof control);
  struct iovec iov = { (void *) msg, len };
  struct msghdr m = { .msg_name = &to,
                      .msg_namelen = sizeof to,
                      .msg_iov = &iov,
                      .msg_iovlen = 1,
                      .msg_control = &control,
                      .msg_controllen = sizeof control };
  struct cmsghdr *c = CMSG_FIRSTHDR (&m);
  c->cmsg_level = IPPROTO_IPV6;
  c->cmsg_type = IPV6_PKTINFO;
  c->cmsg_len = CMSG_LEN (sizeof (struct in6_pktinfo));
  struct in6_pktinfo pi = { .ipi6_ifindex = (unsigned) ifindex };
  if (src)
    pi.ipi6_addr = *src;
  memcpy (CMSG_DATA (c), &pi, sizeof pi);
  if (sendmsg (io->icmp_fd, &m, 0) < 0)
    {
      char buf[INET6_ADDRSTRLEN];
      g_autofree char *what = g_strdup_printf (_ ("Cannot send ICMPv6 to %s on interface %d"),
                                               inet_ntop (AF_INET6, dst, buf, sizeof buf), ifindex);
      return fail_errno (error, what);
    }
  return TRUE;
}
