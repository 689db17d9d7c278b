/* mn-binding-file.c — the binding the home agent may still hold, on disk.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"
#include "mn-binding-file.h"

#include <arpa/inet.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#define BINDING_FILE "mobile-node-binding"

const char *
mip6_binding_file_dir (void)
{
  static char *dir;
  const char *env = g_getenv ("STATE_DIRECTORY");

  if (env == NULL || *env == '\0')
    return NULL;
  /* systemd lists several directories separated by ':'; ours is first. */
  g_free (dir);
  dir = g_strndup (env, strcspn (env, ":"));
  return dir;
}

guint32
mip6_binding_file_read (const char *dir, const struct in6_addr *hoa, guint32 unknown_s)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  char hoa_text[INET6_ADDRSTRLEN];
  char addr[INET6_ADDRSTRLEN + 1];
  gint64 until = 0;

  if (dir == NULL)
    return unknown_s;
  path = g_build_filename (dir, BINDING_FILE, NULL);
  if (!g_file_get_contents (path, &text, NULL, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_warning (_ ("Cannot read %s: %s; assuming the home agent may hold a binding"), path,
                     error->message);
          return unknown_s;
        }
      return 0;
    }
  inet_ntop (AF_INET6, hoa, hoa_text, sizeof hoa_text);
  if (sscanf (text, "%46s %" G_GINT64_FORMAT, addr, &until) != 2)
    {
      g_warning (_ ("%s:1: expected a home address and a time; assuming the home agent may hold "
                    "a binding (remove the file if not)"),
                 path);
      return unknown_s;
    }
  /* Another home address (the configuration changed): not ours to judge. */
  if (strcmp (addr, hoa_text) != 0)
    return 0;
  gint64 left = until - g_get_real_time () / G_USEC_PER_SEC;
  return left > 0 ? (guint32) MIN (left, (gint64) G_MAXUINT32) : 0;
}

void
mip6_binding_file_write (const char *dir, const struct in6_addr *hoa, gint64 until_unix)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  char hoa_text[INET6_ADDRSTRLEN];

  if (dir == NULL)
    return;
  path = g_build_filename (dir, BINDING_FILE, NULL);
  if (until_unix <= g_get_real_time () / G_USEC_PER_SEC)
    {
      if (g_unlink (path) < 0 && errno != ENOENT)
        g_warning (_ ("Cannot remove %s: %s"), path, g_strerror (errno));
      return;
    }
  inet_ntop (AF_INET6, hoa, hoa_text, sizeof hoa_text);
  g_autofree char *text = g_strdup_printf ("%s %" G_GINT64_FORMAT "\n", hoa_text, until_unix);
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    g_warning (_ ("Cannot note the binding in %s: %s; after a restart mip6d will assume one"), path,
               error->message);
}
