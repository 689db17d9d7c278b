/* key-file.c: a network's key, from a file only root may read. */
#include "config.h"
#include "key-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mip6-error.h"

/* Longer than any key 802.11 knows (a 64-digit PSK, an SAE password). */
#define KEY_FILE_MAX 256

static int
open_checked (const char *path, GError **error)
{
  struct stat st;
  int fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);

  if (fd < 0)
    {
      int e = errno;
      if (e == ELOOP)
        g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                     _ ("the key file %s is a symbolic link; name the file itself"), path);
      else
        g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                     _ ("cannot open the key file %s: %s"), path, g_strerror (e));
      return -1;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("the key file %s is not a regular file"), path);
      close (fd);
      return -1;
    }
  if (st.st_uid != 0 || (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("the key file %s can be read or changed by users other than root (owner "
                      "uid %u, mode %04o); refused: make it root's alone with chown root:root "
                      "%s and chmod 600 %s"),
                   path, (guint) st.st_uid, (guint) (st.st_mode & 07777), path, path);
      close (fd);
      return -1;
    }
  return fd;
}

gboolean
mip6_key_file_check (const char *path, GError **error)
{
  int fd = open_checked (path, error);
  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

static gboolean
all_hex (const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

gboolean
mip6_key_is_wep_key (const char *key)
{
  gsize len = strlen (key);
  /* 40- or 104-bit WEP: 5 or 13 characters, or 10 or 26 hex digits. */
  return len == 5 || len == 13 || ((len == 10 || len == 26) && all_hex (key, len));
}

/* What the security's key must look like; the sentence never quotes the
 * key. */
static const char *
key_problem (const char *key, const Mip6NetworkConfig *net)
{
  gsize len = strlen (key);

  for (gsize i = 0; i < len; i++)
    if ((guchar) key[i] < 0x20 || key[i] == 0x7f)
      return _ ("it holds a control character; put the key alone on the first line");
  switch (net->security)
    {
    case MIP6_SECURITY_WPA_PSK:
      /* IEEE 802.11i: a passphrase of 8 to 63 printable characters, or
       * the PSK itself as 64 hex digits. */
      if ((len >= 8 && len <= 63) || (len == 64 && all_hex (key, len)))
        return NULL;
      return _ ("a WPA passphrase is 8 to 63 characters, or 64 hex digits");
    case MIP6_SECURITY_WEP:
      if (len == 0)
        return _ ("it is empty; a WEP key is 5 or 13 characters, or 10 or 26 hex digits");
      if (net->wep_key_type == MIP6_WEP_KEY_TYPE_KEY && !mip6_key_is_wep_key (key))
        return _ ("with wep-key-type = key, a WEP key is 5 or 13 characters, or 10 or 26 hex "
                  "digits");
      return NULL;
    case MIP6_SECURITY_SAE:
      return len > 0 ? NULL : _ ("it is empty; put the SAE password on the first line");
    default:
      return NULL;
    }
}

Mip6Key *
mip6_key_file_read (const char *path, const Mip6NetworkConfig *net, GError **error)
{
  char buf[KEY_FILE_MAX + 1];
  gsize len = 0;
  int fd = open_checked (path, error);

  if (fd < 0)
    return NULL;
  while (len < sizeof buf)
    {
      ssize_t n = read (fd, buf + len, sizeof buf - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      len += (gsize) n;
    }
  close (fd);
  if (len > KEY_FILE_MAX)
    {
      explicit_bzero (buf, sizeof buf);
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("the key file %s is longer than %u bytes; it should hold one key on one "
                      "line"),
                   path, KEY_FILE_MAX);
      return NULL;
    }
  /* One line: the key, then an optional newline (CR LF too). */
  gsize end = 0;
  while (end < len && buf[end] != '\n' && buf[end] != '\r')
    end++;
  for (gsize i = end; i < len; i++)
    if (buf[i] != '\n' && buf[i] != '\r')
      {
        explicit_bzero (buf, sizeof buf);
        g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                     _ ("the key file %s has more than one line; it should hold one key"), path);
        return NULL;
      }
  Mip6Key *key = g_malloc (end + 1);
  memcpy (key, buf, end);
  key[end] = '\0';
  explicit_bzero (buf, sizeof buf);
  if (memchr (key, '\0', end) != NULL)
    {
      mip6_key_free (key);
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("the key file %s holds a NUL byte; it should hold the key as text"), path);
      return NULL;
    }
  const char *problem = key_problem (key, net);
  if (problem)
    {
      mip6_key_free (key);
      g_set_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG,
                   _ ("the key in %s does not fit security = %s: %s"), path,
                   mip6_security_to_string (net->security), problem);
      return NULL;
    }
  return key;
}

void
mip6_key_free (Mip6Key *key)
{
  if (key == NULL)
    return;
  explicit_bzero (key, strlen (key));
  g_free (key);
}
