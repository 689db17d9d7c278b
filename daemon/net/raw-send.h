/* raw-send.h — sending a whole IPv6 packet through an IPPROTO_RAW socket.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

/* sendmsg() of @buf to @dst with IPV6_PKTINFO naming @src: the route is
 * looked up for that source, as the rules of a mobile node need; @oif,
 * when not 0, is the interface to prefer (a care-of address's own, when
 * another interface also has a default route). */
static inline gssize
mip6_send_from (int fd, const void *buf, gsize len, const struct in6_addr *src,
                const struct in6_addr *dst, int oif)
{
  struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_addr = *dst };
  struct in6_pktinfo info = { .ipi6_addr = *src, .ipi6_ifindex = (unsigned) oif };
  union
  {
    struct cmsghdr align;
    guint8 buf[CMSG_SPACE (sizeof (struct in6_pktinfo))];
  } control;
  struct iovec iov = { (void *) buf, len };
  struct msghdr msg = {
    .msg_name = &to,
    .msg_namelen = sizeof to,
    .msg_iov = &iov,
    .msg_iovlen = 1,
    .msg_control = control.buf,
    .msg_controllen = sizeof control.buf,
  };

  memset (&control, 0, sizeof control);
  struct cmsghdr *c = CMSG_FIRSTHDR (&msg);
  c->cmsg_level = IPPROTO_IPV6;
  c->cmsg_type = IPV6_PKTINFO;
  c->cmsg_len = CMSG_LEN (sizeof info);
  memcpy (CMSG_DATA (c), &info, sizeof info);
  return sendmsg (fd, &msg, 0);
}

/* The kernel routes a packet of an IPPROTO_RAW socket as if it had no
 * source address, whatever its header says; the mobile node's rule that
 * gives such lookups the home address (rtnl.h) would send a care-of
 * address's packet into the tunnel. The header's own source, given as
 * IPV6_PKTINFO, makes the route the one that source takes. */
static inline gssize
mip6_raw_send_packet (int fd, const guint8 *pkt, gsize len, int oif)
{
  struct in6_addr src, dst;

  if (len < 40)
    return -1;
  memcpy (&src, pkt + 8, 16);
  memcpy (&dst, pkt + 24, 16);
  return mip6_send_from (fd, pkt, len, &src, &dst, oif);
}
