/* home-prefixes.h — the lifetimes of the home subnet prefixes as the home
 * link tells them (RFC 6275 §10.3.1, §10.6), sans I/O.
 *
 * Two sources say how long a home prefix stays valid: the Prefix
 * Information options of the Router Advertisements heard on the home link
 * (RFC 4861 §4.6.2), and the home agent's own address in the prefix
 * (its valid and preferred lifetimes, infinite for a static address). The
 * Router Advertisements win: a static address says nothing of how long the
 * link keeps the prefix; the address stands in until one is heard. With
 * neither known the prefix is infinite, as configured. A binding never
 * outlives the valid lifetime (§10.3.1), and Mobile Prefix Advertisements
 * carry what is left of both (§10.6, §6.8).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "proto/mps.h"

G_BEGIN_DECLS

typedef enum
{
  MIP6_HOME_PREFIX_FROM_RA,      /* a Prefix Information option on the home link */
  MIP6_HOME_PREFIX_FROM_ADDRESS, /* the home agent's own address in the prefix */
  MIP6_HOME_PREFIX_N_SOURCES
} Mip6HomePrefixSource;

typedef struct _Mip6HomePrefixes Mip6HomePrefixes;

Mip6HomePrefixes *mip6_home_prefixes_new (void);
void mip6_home_prefixes_free (Mip6HomePrefixes *hp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6HomePrefixes, mip6_home_prefixes_free)

/* A home prefix served on the home link. */
void mip6_home_prefixes_add (Mip6HomePrefixes *hp, const struct in6_addr *prefix, guint plen);

/* Event: @source says @addr/@plen (an address, or a prefix) stays valid and
 * preferred for these many seconds from @now (RFC 4861: 0xffffffff is
 * infinity). Ignored unless it is a configured home prefix of the same
 * length. Returns TRUE when the prefix's lifetimes changed: the caller
 * tells the binding cache (mip6_ha_on_prefix_lifetime()). */
gboolean mip6_home_prefixes_update (Mip6HomePrefixes *hp, Mip6HomePrefixSource source,
                                    const struct in6_addr *addr, guint plen, guint32 valid_s,
                                    guint32 preferred_s, gint64 now);

/* Event: @source no longer says anything about the prefix of @addr/@plen
 * (the address was removed). Returns TRUE when the lifetimes changed. */
gboolean mip6_home_prefixes_forget (Mip6HomePrefixes *hp, Mip6HomePrefixSource source,
                                    const struct in6_addr *addr, guint plen);

guint mip6_home_prefixes_count (const Mip6HomePrefixes *hp);
/* The @i-th prefix and when its lifetimes end (monotonic µs, G_MAXINT64:
 * infinite). */
void mip6_home_prefixes_get (const Mip6HomePrefixes *hp, guint i, struct in6_addr *prefix,
                             guint *plen, gint64 *valid_until, gint64 *preferred_until);

/* §10.6, §6.8: a Mobile Prefix Advertisement answering a Solicitation with
 * @identifier: one Prefix Information option per home prefix still valid
 * at @now, with the lifetimes left (rounded down to whole seconds). */
void mip6_home_prefixes_mpa (const Mip6HomePrefixes *hp, guint16 identifier, gint64 now,
                             Mip6PrefixAdvert *out);

G_END_DECLS
