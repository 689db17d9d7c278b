/* sysctl.c — per-interface IPv6 settings with restore on stop. */
#include "config.h"
#include "sysctl.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static char *root_dir = NULL;

typedef struct
{
  char *path;
  char *old;
} Saved;

struct _Mip6Sysctl
{
  GArray *saved; /* of Saved, in the order they were set */
};

void
mip6_sysctl_set_root (const char *root)
{
  g_free (root_dir);
  root_dir = g_strdup (root);
}

static char *
path_for (const char *ifname, const char *key)
{
  return g_build_filename (root_dir ? root_dir : "/proc/sys/net/ipv6/conf", ifname, key, NULL);
}

/* /proc/sys files must be written in place: g_file_set_contents() would
 * write a temporary file beside them and rename it, which procfs refuses. */
static gboolean
write_value (const char *path, const char *text, GError **error)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, text, strlen (text)) < 0)
    {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), _ ("Cannot write %s: %s"),
                   path, g_strerror (e));
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

Mip6Sysctl *
mip6_sysctl_new (void)
{
  Mip6Sysctl *s = g_new0 (Mip6Sysctl, 1);
  s->saved = g_array_new (FALSE, FALSE, sizeof (Saved));
  return s;
}

void
mip6_sysctl_free (Mip6Sysctl *s)
{
  if (s == NULL)
    return;
  /* Undo in reverse order, so a value set twice ends as it was first. */
  for (guint i = s->saved->len; i > 0; i--)
    {
      Saved *v = &g_array_index (s->saved, Saved, i - 1);
      g_autoptr (GError) error = NULL;
      if (!write_value (v->path, v->old, &error))
        g_warning ("%s", error->message);
      g_free (v->path);
      g_free (v->old);
    }
  g_array_unref (s->saved);
  g_free (s);
}

gint64
mip6_sysctl_get (const char *ifname, const char *key, GError **error)
{
  g_autofree char *path = path_for (ifname, key);
  g_autofree char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, error))
    return -1;
  g_strstrip (text);
  gint64 v;
  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &v, NULL))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _ ("%s holds '%s', not a number"), path,
                   text);
      return -1;
    }
  return v;
}

gboolean
mip6_sysctl_set (Mip6Sysctl *s, const char *ifname, const char *key, gint64 value, GError **error)
{
  g_autofree char *path = path_for (ifname, key);
  g_autofree char *old = NULL;
  if (!g_file_get_contents (path, &old, NULL, error))
    return FALSE;
  g_strstrip (old);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", value);
  if (!write_value (path, text, error))
    return FALSE;
  Saved v = { g_steal_pointer (&path), g_steal_pointer (&old) };
  g_array_append_val (s->saved, v);
  return TRUE;
}
