/* Care-of address choice (RFC 6275 §11.5.1, RFC 4429, RFC 4862).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "mn/event.h"
#include "mn/movement.h"

G_BEGIN_DECLS

typedef struct
{
  struct in6_addr addr;
  guint8 plen;
  guint flags; /* Mip6AddrFlags */
  Mip6Scope scope;
  gint64 valid_until;     /* G_MAXINT64: infinite */
  gint64 preferred_until; /* G_MAXINT64: infinite */
} Mip6KnownAddress;

/* A prefix of the current link a care-of address may come from. */
typedef struct
{
  struct in6_addr prefix;
  guint8 plen;
} Mip6CoaPrefix;

typedef struct
{
  GArray *addresses; /* Mip6KnownAddress, in order of arrival */
  struct in6_addr home_address;
  /* The current link's prefixes, from movement detection; none: not
   * attached, no care-of address. */
  guint n_prefixes;
  Mip6CoaPrefix prefixes[MIP6_LINK_MAX_PREFIXES];
  gboolean have_coa;
  struct in6_addr coa; /* last choice, kept while still eligible */
} Mip6CoaSelector;

void mip6_coa_init (Mip6CoaSelector *sel, const struct in6_addr *home_address);
void mip6_coa_clear (Mip6CoaSelector *sel);
void mip6_coa_address_event (Mip6CoaSelector *sel, gint64 now, const Mip6AddrEvent *ev);
/* A move to a network known by one prefix: only addresses inside it qualify
 * (and the previous choice is forgotten). */
void mip6_coa_set_prefix (Mip6CoaSelector *sel, const struct in6_addr *prefix, guint8 plen);
/* The link's prefixes as movement detection knows them
 * (mip6_movement_prefixes()): addresses inside any that is autonomous (A=1,
 * whatever L says: RFC 4861 §4.6.2, RFC 4862 §5.5.3) or on-link (L=1: an
 * address a DHCPv6 server gave on this link) qualify. The previous choice
 * is kept while still eligible, so a second prefix appearing changes
 * nothing. Call on every HOME/FOREIGN/LINK_CHANGED verdict. */
void mip6_coa_set_link_prefixes (Mip6CoaSelector *sel, const Mip6LinkPrefix *prefixes, guint n);
void mip6_coa_clear_prefix (Mip6CoaSelector *sel);
/* Chooses the care-of address; FALSE when none is usable yet. */
gboolean mip6_coa_select (Mip6CoaSelector *sel, gint64 now, struct in6_addr *out);
/* Whether this address may serve as care-of address right now. */
gboolean mip6_coa_usable (const Mip6CoaSelector *sel, gint64 now, const Mip6KnownAddress *a);
/* Valid-until of a known address; G_MAXINT64 when unknown or infinite. */
gint64 mip6_coa_valid_until (const Mip6CoaSelector *sel, const struct in6_addr *addr);
/* Known addresses inside a prefix (copies). */
GArray *mip6_coa_addresses_in (const Mip6CoaSelector *sel, const struct in6_addr *prefix,
                               guint8 plen);

G_END_DECLS
