/* sd-notify.c: NOTIFY_SOCKET is a path or, with a leading '@', an abstract
 * AF_UNIX datagram socket (sd_notify(3)). */
#include "sd-notify.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <string.h>

gboolean
mip6_sd_notify (const char *state, GError **error)
{
  const char *path = g_getenv ("NOTIFY_SOCKET");
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) address = NULL;

  if (path == NULL || *path == '\0')
    return TRUE;
  if (path[0] == '@')
    address = g_unix_socket_address_new_with_type (path + 1, -1, G_UNIX_SOCKET_ADDRESS_ABSTRACT);
  else
    address = g_unix_socket_address_new (path);
  socket =
      g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL)
    return FALSE;
  return g_socket_send_to (socket, address, state, strlen (state), NULL, error) >= 0;
}
