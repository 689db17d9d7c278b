/* key-file.h: a Wi-Fi network's key, kept in a file only root may read.
 *
 * The key is read only when a network is joined and wiped from our memory
 * right after; it never reaches a log, a D-Bus property or mip6ctl.
 */
#pragma once

#include <glib.h>

#include "configuration.h"

G_BEGIN_DECLS

/* Refuses a file that is not a regular file owned by root with no
 * permission bits for group or others (a symbolic link is refused too: it
 * could point anywhere). */
gboolean mip6_key_file_check (const char *path, GError **error);

/* A key in memory: a string that is wiped when freed. */
typedef char Mip6Key;

/* The key in @path (checked as above), without its trailing newline, valid
 * for @net's security (IEEE 802.11i: a WPA passphrase is 8 to 63 printable
 * characters or 64 hex digits). Free it with mip6_key_free(). */
Mip6Key *mip6_key_file_read (const char *path, const Mip6NetworkConfig *net, GError **error);

/* Whether a WEP key is a key (5 or 13 characters, 10 or 26 hex digits)
 * rather than a passphrase. */
gboolean mip6_key_is_wep_key (const char *key);

/* Overwrites the key before freeing it. */
void mip6_key_free (Mip6Key *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Key, mip6_key_free)

G_END_DECLS
