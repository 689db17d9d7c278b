/* neighbour.c — DAD on behalf of another node, unsolicited NAs. */
#include "config.h"
#include "neighbour.h"

#include "checksum.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <netinet/icmp6.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define ND_NS 135
#define ND_NA 136

void
mip6_nd_build_unsolicited_na (guint8 out[MIP6_ND_NA_LEN], const struct in6_addr *target,
                              const guint8 lladdr[6], gboolean router)
{
  memset (out, 0, MIP6_ND_NA_LEN);
  out[0] = ND_NA;
  /* R, S, O: unsolicited (S clear), override so caches take the new owner
   * at once (RFC 4861 §7.2.6). */
  out[4] = (guint8) ((router ? 0x80 : 0) | 0x20);
  memcpy (out + 8, target, 16);
  out[24] = 2; /* Target Link-Layer Address option */
  out[25] = 1; /* length in units of 8 octets */
  memcpy (out + 26, lladdr, 6);
}

void
mip6_nd_solicited_node (const struct in6_addr *addr, struct in6_addr *out)
{
  static const guint8 prefix[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff };
  memcpy (out->s6_addr, prefix, 13);
  memcpy (out->s6_addr + 13, addr->s6_addr + 13, 3);
}

void
mip6_nd_build_dad_ns (guint8 out[MIP6_ND_DAD_NS_LEN], const struct in6_addr *target)
{
  struct in6_addr src = IN6ADDR_ANY_INIT, dst;
  mip6_nd_solicited_node (target, &dst);
  memset (out, 0, MIP6_ND_DAD_NS_LEN);
  out[0] = 0x60;
  out[5] = 24; /* payload length */
  out[6] = IPPROTO_ICMPV6;
  out[7] = 255; /* RFC 4861 §7.1.1: receivers drop ND with another hop limit */
  memcpy (out + 8, &src, 16);
  memcpy (out + 24, &dst, 16);
  guint8 *ns = out + 40;
  ns[0] = ND_NS;
  memcpy (ns + 8, target, 16);
  guint16 sum = mip6_checksum_ipv6 (&src, &dst, IPPROTO_ICMPV6, ns, 24);
  ns[2] = (guint8) (sum >> 8);
  ns[3] = (guint8) sum;
}

typedef struct
{
  struct in6_addr target;
  guint timeout;
} Probe;

struct _Mip6Dad
{
  int ifindex;
  int icmp_fd; /* NS/NA input */
  int raw_fd;  /* probe output with the unspecified source */
  guint watch;
  GList *probes; /* of Probe* */
  Mip6DadFunc func;
  gpointer user_data;
};

static void
finish (Mip6Dad *dad, Probe *p, Mip6DadOutcome outcome)
{
  dad->probes = g_list_remove (dad->probes, p);
  g_clear_handle_id (&p->timeout, g_source_remove);
  struct in6_addr target = p->target;
  g_free (p);
  dad->func (&target, outcome, dad->user_data);
}

static Probe *
find (Mip6Dad *dad, const struct in6_addr *target)
{
  for (GList *l = dad->probes; l; l = l->next)
    if (IN6_ARE_ADDR_EQUAL (&((Probe *) l->data)->target, target))
      return l->data;
  return NULL;
}

/* RFC 4861 §7.1.1, §7.1.2: what makes a received NS or NA valid, as far
 * as DAD looks at it. Hop limit 255 proves it was not forwarded from
 * another link; it must have arrived on the link DAD runs on. */
static gboolean
valid_nd (const guint8 *msg, gssize n, const struct in6_addr *src, const struct in6_addr *dst,
          int hop_limit, int ifindex, int dad_ifindex)
{
  const struct in6_addr *target = (const struct in6_addr *) (msg + 8);

  if (n < 24 || msg[1] != 0 || hop_limit != 255 || ifindex != dad_ifindex ||
      IN6_IS_ADDR_MULTICAST (target))
    return FALSE;
  if (msg[0] == ND_NA)
    /* A multicast advertisement is never a solicited one. */
    return !(IN6_IS_ADDR_MULTICAST (dst) && (msg[4] & 0x40));
  /* A probe from the unspecified address goes to a solicited-node group. */
  return !IN6_IS_ADDR_UNSPECIFIED (src) || (dst->s6_addr[0] == 0xff && dst->s6_addr[1] == 0x02 &&
                                            dst->s6_addr[11] == 0x01 && dst->s6_addr[12] == 0xff);
}

static gboolean
on_icmp (gint fd, GIOCondition cond, gpointer data)
{
  Mip6Dad *dad = data;
  for (int burst = 0; burst < 32; burst++)
    {
      guint8 buf[1500];
      union
      {
        struct cmsghdr align;
        guint8 buf[CMSG_SPACE (sizeof (struct in6_pktinfo)) + CMSG_SPACE (sizeof (int))];
      } control;
      struct sockaddr_in6 from;
      struct iovec iov = { buf, sizeof buf };
      struct msghdr mh = { .msg_name = &from,
                           .msg_namelen = sizeof from,
                           .msg_iov = &iov,
                           .msg_iovlen = 1,
                           .msg_control = control.buf,
                           .msg_controllen = sizeof control.buf };
      ssize_t n = recvmsg (fd, &mh, MSG_DONTWAIT);
      if (n < 0)
        break;
      int hop_limit = -1, ifindex = 0;
      struct in6_addr dst = IN6ADDR_ANY_INIT;
      for (struct cmsghdr *c = CMSG_FIRSTHDR (&mh); c; c = CMSG_NXTHDR (&mh, c))
        if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)
          memcpy (&hop_limit, CMSG_DATA (c), sizeof hop_limit);
        else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO)
          {
            struct in6_pktinfo pi;
            memcpy (&pi, CMSG_DATA (c), sizeof pi);
            ifindex = (int) pi.ipi6_ifindex;
            dst = pi.ipi6_addr;
          }
      if (!valid_nd (buf, n, &from.sin6_addr, &dst, hop_limit, ifindex, dad->ifindex))
        continue;
      struct in6_addr target;
      memcpy (&target, buf + 8, 16);
      Probe *p = find (dad, &target);
      if (p == NULL)
        continue;
      /* An advertisement for the address, or another node probing for
       * it at the same time: either way it is not ours to take. */
      if (buf[0] == ND_NA || (buf[0] == ND_NS && IN6_IS_ADDR_UNSPECIFIED (&from.sin6_addr)))
        finish (dad, p, MIP6_DAD_DUPLICATE);
    }
  return G_SOURCE_CONTINUE;
}

Mip6Dad *
mip6_dad_new (int ifindex, Mip6DadFunc func, gpointer user_data, GError **error)
{
  Mip6Dad *dad = g_new0 (Mip6Dad, 1);
  dad->ifindex = ifindex;
  dad->func = func;
  dad->user_data = user_data;
  dad->raw_fd = socket (AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
  dad->icmp_fd = socket (AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6);
  struct icmp6_filter filter;
  int no_loop = 0, on = 1;
  ICMP6_FILTER_SETBLOCKALL (&filter);
  ICMP6_FILTER_SETPASS (ND_NS, &filter);
  ICMP6_FILTER_SETPASS (ND_NA, &filter);
  if (dad->raw_fd < 0 || dad->icmp_fd < 0 ||
      setsockopt (dad->icmp_fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter) < 0 ||
      setsockopt (dad->icmp_fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on) < 0 ||
      setsockopt (dad->icmp_fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on) < 0
      /* Our own probe must not come back to us as "another node's". */
      || setsockopt (dad->raw_fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &no_loop, sizeof no_loop) < 0)
    {
      int e = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e),
                   _ ("Cannot open the sockets for duplicate address detection: %s (mip6d needs "
                      "CAP_NET_RAW)"),
                   g_strerror (e));
      mip6_dad_free (dad);
      return NULL;
    }
  /* Another node's DAD probe for the same address goes to the target's
   * solicited-node group: mip6_dad_start() joins it for this socket. */
  dad->watch = g_unix_fd_add (dad->icmp_fd, G_IO_IN, on_icmp, dad);
  return dad;
}

void
mip6_dad_free (Mip6Dad *dad)
{
  if (dad == NULL)
    return;
  while (dad->probes)
    {
      Probe *p = dad->probes->data;
      g_clear_handle_id (&p->timeout, g_source_remove);
      g_free (p);
      dad->probes = g_list_delete_link (dad->probes, dad->probes);
    }
  g_clear_handle_id (&dad->watch, g_source_remove);
  if (dad->icmp_fd >= 0)
    close (dad->icmp_fd);
  if (dad->raw_fd >= 0)
    close (dad->raw_fd);
  g_free (dad);
}

typedef struct
{
  Mip6Dad *dad;
  Probe *probe;
} TimeoutData;

static gboolean
on_timeout (gpointer data)
{
  TimeoutData *t = data;
  t->probe->timeout = 0;
  finish (t->dad, t->probe, MIP6_DAD_UNIQUE);
  return G_SOURCE_REMOVE;
}

static void
join_group (Mip6Dad *dad, const struct in6_addr *target)
{
  struct ipv6_mreq mreq = { .ipv6mr_interface = (unsigned) dad->ifindex };
  mip6_nd_solicited_node (target, &mreq.ipv6mr_multiaddr);
  /* Already joined (EADDRINUSE) is fine. */
  (void) setsockopt (dad->icmp_fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq, sizeof mreq);
}

void
mip6_dad_start (Mip6Dad *dad, const struct in6_addr *target, guint timeout_ms)
{
  if (find (dad, target))
    return;
  join_group (dad, target);
  Probe *p = g_new0 (Probe, 1);
  p->target = *target;
  dad->probes = g_list_prepend (dad->probes, p);

  guint8 pkt[MIP6_ND_DAD_NS_LEN];
  mip6_nd_build_dad_ns (pkt, target);
  struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_scope_id = (uint32_t) dad->ifindex };
  memcpy (&to.sin6_addr, pkt + 24, 16);
  if (sendto (dad->raw_fd, pkt, sizeof pkt, 0, (struct sockaddr *) &to, sizeof to) < 0)
    {
      g_debug ("DAD probe: %s", g_strerror (errno));
      finish (dad, p, MIP6_DAD_FAILED);
      return;
    }
  TimeoutData *t = g_new0 (TimeoutData, 1);
  t->dad = dad;
  t->probe = p;
  p->timeout = g_timeout_add_full (G_PRIORITY_DEFAULT, timeout_ms, on_timeout, t, g_free);
}

gboolean
mip6_nd_send_unsolicited_na (int ifindex, const struct in6_addr *target, const guint8 lladdr[6],
                             gboolean router, GError **error)
{
  int fd = socket (AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
  int hops = 255;
  guint8 na[MIP6_ND_NA_LEN];
  mip6_nd_build_unsolicited_na (na, target, lladdr, router);
  struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_scope_id = (uint32_t) ifindex };
  inet_pton (AF_INET6, "ff02::1", &to.sin6_addr);
  /* Not looped back: this host's own neighbour cache would take the
   * advertisement, and a home agent would then send the home address's
   * packets to itself once the proxy entry is gone. */
  int no_loop = 0;
  if (fd < 0 || setsockopt (fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) < 0 ||
      setsockopt (fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &no_loop, sizeof no_loop) < 0 ||
      setsockopt (fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof ifindex) < 0 ||
      sendto (fd, na, sizeof na, 0, (struct sockaddr *) &to, sizeof to) < 0)
    {
      int e = errno;
      char buf[INET6_ADDRSTRLEN];
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e),
                   _ ("Cannot announce %s with a Neighbor Advertisement on interface %d: %s"),
                   inet_ntop (AF_INET6, target, buf, sizeof buf), ifindex, g_strerror (e));
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

gboolean
mip6_nd_link_address (const char *ifname, guint8 out[6])
{
  g_autofree char *path = g_strdup_printf ("/sys/class/net/%s/address", ifname);
  g_autofree char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  unsigned v[6];
  if (sscanf (text, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6)
    return FALSE;
  for (int i = 0; i < 6; i++)
    out[i] = (guint8) v[i];
  return TRUE;
}

gboolean
mip6_nd_send_ns_from_unspecified (int ifindex, const struct in6_addr *target, GError **error)
{
  guint8 pkt[MIP6_ND_DAD_NS_LEN];
  struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_scope_id = (uint32_t) ifindex };
  int fd = socket (AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);

  mip6_nd_build_dad_ns (pkt, target);
  memcpy (&to.sin6_addr, pkt + 24, 16);
  if (fd < 0 || sendto (fd, pkt, sizeof pkt, 0, (struct sockaddr *) &to, sizeof to) < 0)
    {
      int e = errno;
      char buf[INET6_ADDRSTRLEN];
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e),
                   _ ("Cannot ask for the link-layer address of %s on interface %d: %s"),
                   inet_ntop (AF_INET6, target, buf, sizeof buf), ifindex, g_strerror (e));
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  close (fd);
  return TRUE;
}
