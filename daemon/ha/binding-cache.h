/* binding-cache.h: the home agent's Binding Cache (RFC 6275 §9.1, §10.1).
 *
 * One entry per home address: the care-of address it is bound to, the
 * granted lifetime and its expiry time, the last accepted Sequence Number,
 * the Binding Update flags and the entry's state. Pure data structure: no
 * clock is read here; every time is a monotonic time in microseconds that
 * the caller passes in.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "proto/mh.h"

G_BEGIN_DECLS

typedef enum
{
  /* A new home registration waits for Duplicate Address Detection of the
   * home address on the home link (§10.4.1, §10.3.1). Not yet accepted:
   * no tunnel, no proxy, no Binding Acknowledgement sent. */
  MIP6_BCE_PENDING_DAD,
  /* Accepted home registration: tunnel and proxy ND are in place. */
  MIP6_BCE_REGISTERED,
} Mip6BceState;

/* The DAD runs a pending registration waits for (§10.3.1). */
#define MIP6_BCE_DAD_HOME_ADDRESS 0x1
#define MIP6_BCE_DAD_LINK_LOCAL 0x2

/* Never deadline: the value of a time that will not come. */
#define MIP6_BC_NEVER G_MAXINT64

typedef struct
{
  struct in6_addr hoa;     /* home address (the key) */
  struct in6_addr coa;     /* care-of address */
  struct in6_addr ha_addr; /* the home agent address the MN sent its BU to */
  struct in6_addr bu_src;  /* source address of the last BU (where the BA goes, §9.5.4) */
  guint16 sequence;        /* last accepted (or, when pending, awaiting) Sequence Number */
  guint flags;             /* MIP6_BU_FLAG_* of that BU */
  Mip6BceState state;
  guint16 requested_lifetime_units; /* pending only: BU Lifetime, 4 s units (§6.1.7) */
  guint dad_waiting;                /* pending only: MIP6_BCE_DAD_* still to answer */
  guint32 lifetime_s;               /* granted lifetime in seconds (registered) */
  gint64 registered;                /* µs: when first accepted */
  gint64 refreshed;                 /* µs: when last accepted or refreshed */
  gint64 expires;                   /* µs: registered: end of lifetime; pending: DAD deadline */
  gint64 brr_at;                    /* µs: when to send a Binding Refresh Request, or NEVER */
} Mip6BindingCacheEntry;

typedef struct _Mip6BindingCache Mip6BindingCache;

Mip6BindingCache *mip6_binding_cache_new (void);
void mip6_binding_cache_free (Mip6BindingCache *bc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6BindingCache, mip6_binding_cache_free)

/* The entry for @hoa, or NULL. Owned by the cache; valid until removed. */
Mip6BindingCacheEntry *mip6_binding_cache_lookup (Mip6BindingCache *bc, const struct in6_addr *hoa);

/* Adds a zeroed entry for @hoa (state PENDING_DAD, brr_at NEVER) and returns
 * it. There must be no entry for @hoa yet. */
Mip6BindingCacheEntry *mip6_binding_cache_insert (Mip6BindingCache *bc, const struct in6_addr *hoa);

/* Removes the entry for @hoa; returns FALSE if there was none. */
gboolean mip6_binding_cache_remove (Mip6BindingCache *bc, const struct in6_addr *hoa);

guint mip6_binding_cache_size (Mip6BindingCache *bc);

/* All entries sorted by home address (a stable order for listing and for
 * replay). The array does not own the entries; it is valid until the cache
 * changes. */
GPtrArray *mip6_binding_cache_list (Mip6BindingCache *bc);

/* The earliest of every entry's expires and brr_at, or MIP6_BC_NEVER. */
gint64 mip6_binding_cache_next_deadline (Mip6BindingCache *bc);

/* Seconds of lifetime left at @now, rounded down, 0 once expired. What
 * `mip6ctl bc` shows, like `mipdiag -c`. */
guint32 mip6_binding_cache_entry_remaining_s (const Mip6BindingCacheEntry *e, gint64 now);

/* RFC 6275 §9.5.1: TRUE if Sequence Number @a is greater than @b modulo
 * 2^16, i.e. @b lies in the 32768 values before @a. */
gboolean mip6_sequence_greater (guint16 a, guint16 b);

G_END_DECLS
