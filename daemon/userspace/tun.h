/* tun.h — a TUN device: the interface the userspace data path routes
 * home-address traffic into. Non-persistent, so it disappears with mip6d
 * even after a crash. */
#pragma once

#include <gio/gio.h>

/* Opens /dev/net/tun and creates @name (IFF_TUN, no packet info), sets its
 * MTU and brings it up. Returns the file descriptor or -1 with @error set. */
int mip6_tun_open (const char *name, guint mtu, int *ifindex_out, GError **error);
