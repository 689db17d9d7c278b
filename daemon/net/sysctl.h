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

/* The root of the tree, for tests; default /proc/sys/net/ipv6/conf. */
void mip6_sysctl_set_root (const char *root);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Sysctl, mip6_sysctl_free)
