/* ha-leftovers.h — what a home agent changes in the kernel outside the
 * data path back end (proxy neighbour entries, IPv6 sysctls), kept
 * recoverable so that a start after a kill -9 puts the host back as it
 * was before mip6d (the back ends do the same for tunnels, routes and
 * XFRM).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "rtnl.h"

/* The file in the state directory where the original sysctl values wait
 * (mip6_sysctl_new_saved()), or NULL without a state directory. Free with
 * g_free(). */
char *mip6_ha_leftovers_sysctl_file (const char *state_dir);

/* At start, before anything is changed: puts back the sysctls and removes
 * the proxy entries an earlier mip6d left (those marked with
 * MIP6_RTNL_PROTO, and those listed in the state directory when the
 * kernel could not mark them). @state_dir may be NULL. */
void mip6_ha_leftovers_remove (Mip6Rtnl *rtnl, const char *state_dir);

/* The proxy entries this home agent holds. Kernels before Linux 5.9 do
 * not keep the protocol mark; the first entry added tells, and from then
 * on the entries are also listed in a file in the state directory. */
typedef struct _Mip6HaProxyNote Mip6HaProxyNote;

Mip6HaProxyNote *mip6_ha_proxy_note_new (Mip6Rtnl *rtnl, const char *state_dir);
void mip6_ha_proxy_note_added (Mip6HaProxyNote *note, int ifindex, const struct in6_addr *addr);
void mip6_ha_proxy_note_removed (Mip6HaProxyNote *note, int ifindex, const struct in6_addr *addr);
/* On a clean stop, once every entry is removed: the list goes too. */
void mip6_ha_proxy_note_free (Mip6HaProxyNote *note);
