/* icmp6-errors.c — ICMPv6 errors through a raw ICMPv6 socket, which fills
 * in the checksum (RFC 3542 §3.1).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "icmp6-errors.h"

#include "icmp6-error.h"
#include "raw-send.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <unistd.h>

gboolean
mip6_icmp6_send_param_problem (const struct in6_addr *src, const struct in6_addr *dst,
                               const guint8 *invoking, gsize len, guint32 pointer, GError **error)
{
  guint8 msg[MIP6_ICMP6_ERROR_MAX_LEN];
  Mip6Writer w;
  int fd, e = 0;

  mip6_writer_init (&w, msg, sizeof msg);
  mip6_icmp6_error_encode (&w, MIP6_ICMP6_PARAMETER_PROBLEM, MIP6_ICMP6_PARAM_PROBLEM_HEADER_FIELD,
                           pointer, invoking, len);
  fd = socket (AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
  if (fd < 0 || mip6_send_from (fd, msg, w.pos, src, dst, 0) < 0)
    e = errno;
  if (fd >= 0)
    close (fd);
  if (e != 0)
    {
      char to[INET6_ADDRSTRLEN];

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e),
                   _ ("Cannot send an ICMPv6 Parameter Problem to %s: %s"),
                   inet_ntop (AF_INET6, dst, to, sizeof to), g_strerror (e));
      return FALSE;
    }
  return TRUE;
}
