/* sysctl.c — per-interface IPv6 settings with restore on stop. */
#include "config.h"
#include "sysctl.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static char *root_dir = NULL;

typedef struct
{
  char *ifname;
  char *key;
  char *old;
} Saved;

struct _Mip6Sysctl
{
  GArray *saved; /* of Saved, in the order they were set */
  char *file;    /* where the originals are kept across a crash, or NULL */
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

Mip6Sysctl *
mip6_sysctl_new_saved (const char *path)
{
  Mip6Sysctl *s = mip6_sysctl_new ();
  s->file = g_strdup (path);
  return s;
}

const char *
mip6_sysctl_boot_id (void)
{
  static char *id;
  if (id == NULL && g_file_get_contents ("/proc/sys/kernel/random/boot_id", &id, NULL, NULL))
    g_strstrip (id);
  return id ? id : "unknown";
}

/* "# boot ID", then one line per original value, "IFNAME KEY VALUE", in
 * the order they were changed: interface names and keys never hold
 * spaces. The boot: after a reboot the kernel starts from its defaults,
 * and the file no longer says what was there. */
static gboolean
write_file (Mip6Sysctl *s, GError **error)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_string_append_printf (text, "# boot %s\n", mip6_sysctl_boot_id ());
  for (guint i = 0; i < s->saved->len; i++)
    {
      Saved *v = &g_array_index (s->saved, Saved, i);
      g_string_append_printf (text, "%s %s %s\n", v->ifname, v->key, v->old);
    }
  return g_file_set_contents_full (s->file, text->str, (gssize) text->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

static void
remove_file (const char *path)
{
  if (g_unlink (path) < 0 && errno != ENOENT)
    g_warning (_ ("Cannot remove %s: %s"), path, g_strerror (errno));
}

int
mip6_sysctl_restore_saved (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  int restored = 0;

  if (path == NULL)
    return 0;
  if (!g_file_get_contents (path, &text, NULL, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning (_ ("Cannot read %s: %s; the IPv6 settings an earlier mip6d changed are not "
                      "put back"),
                   path, error->message);
      return 0;
    }
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *boot = g_strdup_printf ("# boot %s", mip6_sysctl_boot_id ());
  if (g_strcmp0 (lines[0], boot) != 0)
    {
      g_info ("%s was written before the last reboot; nothing to put back", path);
      remove_file (path);
      return 0;
    }
  /* In reverse order, so a value changed twice ends as it was first. */
  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      const char *line = lines[i - 1];
      g_auto (GStrv) f = g_strsplit (line, " ", 3);
      if (*line == '\0' || *line == '#')
        continue;
      if (g_strv_length (f) != 3 || strchr (f[0], '/') || strchr (f[1], '/'))
        {
          g_warning (_ ("%s:%u: expected an interface, a key and a value; line ignored"), path, i);
          continue;
        }
      g_autofree char *file = path_for (f[0], f[1]);
      g_autofree char *value = g_strdup_printf ("%s\n", f[2]);
      g_autoptr (GError) werror = NULL;
      if (write_value (file, value, &werror))
        restored++;
      else
        g_warning ("%s", werror->message);
    }
  remove_file (path);
  return restored;
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
      g_autofree char *path = path_for (v->ifname, v->key);
      g_autofree char *text = g_strdup_printf ("%s\n", v->old);
      if (!write_value (path, text, &error))
        g_warning ("%s", error->message);
      g_free (v->ifname);
      g_free (v->key);
      g_free (v->old);
    }
  /* Everything is back: nothing for the next start to restore. */
  if (s->file)
    remove_file (s->file);
  g_array_unref (s->saved);
  g_free (s->file);
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

/* Reads the value now in place and notes it, in memory and in the file,
 * before anything changes it. */
static gboolean
save_old (Mip6Sysctl *s, const char *ifname, const char *key, GError **error)
{
  g_autofree char *path = path_for (ifname, key);
  g_autofree char *old = NULL;
  if (!g_file_get_contents (path, &old, NULL, error))
    return FALSE;
  g_strstrip (old);
  Saved v = { g_strdup (ifname), g_strdup (key), g_steal_pointer (&old) };
  g_array_append_val (s->saved, v);
  if (s->file)
    {
      g_autoptr (GError) ferror = NULL;
      /* Not fatal: the value is still put back on a clean stop. */
      if (!write_file (s, &ferror))
        g_warning (_ ("Cannot note the original IPv6 settings in %s: %s; if mip6d is killed, "
                      "they stay as mip6d set them"),
                   s->file, ferror->message);
    }
  return TRUE;
}

gboolean
mip6_sysctl_remember (Mip6Sysctl *s, const char *ifname, const char *key, GError **error)
{
  return save_old (s, ifname, key, error);
}

gboolean
mip6_sysctl_set (Mip6Sysctl *s, const char *ifname, const char *key, gint64 value, GError **error)
{
  g_autofree char *path = path_for (ifname, key);
  if (!save_old (s, ifname, key, error))
    return FALSE;
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", value);
  return write_value (path, text, error);
}

GPtrArray *
mip6_sysctl_list (void)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) dir = g_dir_open (root_dir ? root_dir : "/proc/sys/net/ipv6/conf", 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  return names;
}
