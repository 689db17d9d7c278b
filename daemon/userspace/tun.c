/* tun.c — TUN device set-up. */
#include "config.h"
#include "tun.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static gboolean
set_link (const char *name, guint mtu, GError **error)
{
  int s = socket (AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _ ("Cannot open a control socket for %s: %s"), name, g_strerror (errno));
      return FALSE;
    }
  struct ifreq ifr = { 0 };
  g_strlcpy (ifr.ifr_name, name, IFNAMSIZ);
  ifr.ifr_mtu = (int) mtu;
  if (ioctl (s, SIOCSIFMTU, &ifr) < 0)
    goto fail;
  if (ioctl (s, SIOCGIFFLAGS, &ifr) < 0)
    goto fail;
  ifr.ifr_flags |= IFF_UP;
  if (ioctl (s, SIOCSIFFLAGS, &ifr) < 0)
    goto fail;
  close (s);
  return TRUE;

fail:
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
               _ ("Cannot set MTU %u and bring up %s: %s"), mtu, name, g_strerror (errno));
  close (s);
  return FALSE;
}

int
mip6_tun_open (const char *name, guint mtu, int *ifindex_out, GError **error)
{
  int fd = open ("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _ ("Cannot open /dev/net/tun: %s (is the tun module loaded, and does mip6d "
                      "have CAP_NET_ADMIN?)"),
                   g_strerror (errno));
      return -1;
    }
  struct ifreq ifr = { 0 };
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
  g_strlcpy (ifr.ifr_name, name, IFNAMSIZ);
  if (ioctl (fd, TUNSETIFF, &ifr) < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _ ("Cannot create tunnel device %s: %s"), name, g_strerror (errno));
      close (fd);
      return -1;
    }
  if (!set_link (name, mtu, error))
    {
      close (fd);
      return -1;
    }
  if (ifindex_out)
    *ifindex_out = (int) if_nametoindex (name);
  return fd;
}
