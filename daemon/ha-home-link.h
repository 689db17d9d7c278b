/* ha-home-link.h — the home agent's I/O on the home link for discovery:
 * Dynamic Home Agent Address Discovery (RFC 6275 §10.5), Mobile Prefix
 * Solicitations (§10.6), and the Router Advertisements and own address
 * that fill the Home Agents List (§10.5.1) and give the home prefix its
 * lifetimes (§10.3.1).
 *
 * The protocol logic is in ha/home-agents-list.c and ha/home-prefixes.c;
 * this file only carries packets and netlink events to them.
 */
#pragma once

#include <netinet/in.h>

#include "configuration.h"
#include "statistics.h"

typedef struct _Mip6HaHomeLink Mip6HaHomeLink;

/* The valid / preferred lifetime of a home prefix changed (monotonic µs,
 * G_MAXINT64: infinite): for mip6_ha_on_prefix_lifetime(). */
typedef void (*Mip6HaHomeLinkPrefixFunc) (const struct in6_addr *prefix, guint plen,
                                          gint64 valid_until, gint64 preferred_until,
                                          gpointer user_data);

/* @ifindex: the home link; @ha_addr: the home agent's own global address,
 * the source of its replies. */
Mip6HaHomeLink *mip6_ha_home_link_new (const Mip6Config *config, int ifindex,
                                       const struct in6_addr *ha_addr, Mip6Statistics *stats,
                                       Mip6HaHomeLinkPrefixFunc func, gpointer user_data,
                                       GError **error);
void mip6_ha_home_link_free (Mip6HaHomeLink *hl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6HaHomeLink, mip6_ha_home_link_free)
