/* sysctl.h — the few per-interface IPv6 settings mip6d changes
 * (/proc/sys/net/ipv6/conf/IFACE/KEY), each remembered so that stop puts
 * back what was there before. */
#pragma once

#include <glib.h>

typedef struct _Mip6Sysctl Mip6Sysctl;

Mip6Sysctl *mip6_sysctl_new (void);
/* Restores every value set through @s, then frees it. */
void mip6_sysctl_free (Mip6Sysctl *s);

/* Reads an integer setting; -1 with @error set when it cannot. */
gint64 mip6_sysctl_get (const char *ifname, const char *key, GError **error);
/* Sets a value and remembers the old one for restoring. */
gboolean mip6_sysctl_set (Mip6Sysctl *s, const char *ifname, const char *key, gint64 value,
                          GError **error);

/* Like mip6_sysctl_new(), and each original value is also written to
 * @path (a file in the state directory) before it is changed, so that the
 * next start can put back what a killed mip6d changed
 * (mip6_sysctl_restore_saved()). A clean free() restores and deletes the
 * file. @path NULL: in memory only. */
Mip6Sysctl *mip6_sysctl_new_saved (const char *path);
/* Puts back the values listed in @path by an earlier mip6d that did not
 * stop cleanly, then deletes the file. Returns how many were restored; a
 * missing file restores none. Values that cannot be restored (an
 * interface that has gone) are warned about and skipped. */
int mip6_sysctl_restore_saved (const char *path);
/* Records the current value to be put back on free() without changing it:
 * for settings that a change of another one overwrites (writing
 * all/forwarding sets every interface's forwarding). */
gboolean mip6_sysctl_remember (Mip6Sysctl *s, const char *ifname, const char *key, GError **error);
/* This boot's identifier (/proc/sys/kernel/random/boot_id): files of
 * kernel state left by a killed mip6d are valid only for the boot that
 * wrote them. */
const char *mip6_sysctl_boot_id (void);
/* The entries of the tree: interface names, "all" and "default". */
GPtrArray *mip6_sysctl_list (void);

/* The root of the tree, for tests; default /proc/sys/net/ipv6/conf. */
void mip6_sysctl_set_root (const char *root);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Sysctl, mip6_sysctl_free)
