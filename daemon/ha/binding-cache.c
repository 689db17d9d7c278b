/* binding-cache.c: the home agent's Binding Cache (RFC 6275 §9.1, §10.1).
 *
 * A hash table keyed by home address. Listing sorts by address so that
 * the output of `mip6ctl bc` and replays of recorded events are stable.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "binding-cache.h"

#include <string.h>

struct _Mip6BindingCache
{
  GHashTable *entries; /* struct in6_addr* (inside the entry) → Mip6BindingCacheEntry* */
};

static guint
addr_hash (gconstpointer p)
{
  const guint8 *b = p;
  guint h = 5381;

  for (gsize i = 0; i < sizeof (struct in6_addr); i++)
    h = h * 33 + b[i];
  return h;
}

static gboolean
addr_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (struct in6_addr)) == 0;
}

Mip6BindingCache *
mip6_binding_cache_new (void)
{
  Mip6BindingCache *bc = g_new0 (Mip6BindingCache, 1);

  /* The key points into the entry itself, so only the value is freed. */
  bc->entries = g_hash_table_new_full (addr_hash, addr_equal, NULL, g_free);
  return bc;
}

void
mip6_binding_cache_free (Mip6BindingCache *bc)
{
  if (bc == NULL)
    return;
  g_hash_table_destroy (bc->entries);
  g_free (bc);
}

Mip6BindingCacheEntry *
mip6_binding_cache_lookup (Mip6BindingCache *bc, const struct in6_addr *hoa)
{
  return g_hash_table_lookup (bc->entries, hoa);
}

Mip6BindingCacheEntry *
mip6_binding_cache_insert (Mip6BindingCache *bc, const struct in6_addr *hoa)
{
  Mip6BindingCacheEntry *e;

  g_return_val_if_fail (mip6_binding_cache_lookup (bc, hoa) == NULL, NULL);

  e = g_new0 (Mip6BindingCacheEntry, 1);
  e->hoa = *hoa;
  e->state = MIP6_BCE_PENDING_DAD;
  e->expires = MIP6_BC_NEVER;
  e->brr_at = MIP6_BC_NEVER;
  g_hash_table_insert (bc->entries, &e->hoa, e);
  return e;
}

gboolean
mip6_binding_cache_remove (Mip6BindingCache *bc, const struct in6_addr *hoa)
{
  return g_hash_table_remove (bc->entries, hoa);
}

guint
mip6_binding_cache_size (Mip6BindingCache *bc)
{
  return g_hash_table_size (bc->entries);
}

static gint
entry_cmp (gconstpointer a, gconstpointer b)
{
  const Mip6BindingCacheEntry *ea = *(const Mip6BindingCacheEntry *const *) a;
  const Mip6BindingCacheEntry *eb = *(const Mip6BindingCacheEntry *const *) b;

  return memcmp (&ea->hoa, &eb->hoa, sizeof (struct in6_addr));
}

GPtrArray *
mip6_binding_cache_list (Mip6BindingCache *bc)
{
  GPtrArray *list = g_ptr_array_new ();
  GHashTableIter it;
  gpointer value;

  g_hash_table_iter_init (&it, bc->entries);
  while (g_hash_table_iter_next (&it, NULL, &value))
    g_ptr_array_add (list, value);
  g_ptr_array_sort (list, entry_cmp);
  return list;
}

gint64
mip6_binding_cache_next_deadline (Mip6BindingCache *bc)
{
  gint64 next = MIP6_BC_NEVER;
  GHashTableIter it;
  gpointer value;

  g_hash_table_iter_init (&it, bc->entries);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      const Mip6BindingCacheEntry *e = value;

      next = MIN (next, e->expires);
      next = MIN (next, e->brr_at);
    }
  return next;
}

guint32
mip6_binding_cache_entry_remaining_s (const Mip6BindingCacheEntry *e, gint64 now)
{
  if (e->expires == MIP6_BC_NEVER)
    return G_MAXUINT32;
  if (e->expires <= now)
    return 0;
  return (guint32) MIN ((e->expires - now) / G_USEC_PER_SEC, (gint64) G_MAXUINT32);
}

gboolean
mip6_sequence_greater (guint16 a, guint16 b)
{
  /* §9.5.1: a is "less than or equal" to b when it lies in b and the 32768
   * values before b, inclusive ("if the last received sequence number was
   * 15, then ... 0 through 15, as well as 32783 through 65535" are); the
   * 32767 values after b are greater. */
  guint16 diff = (guint16) (a - b);

  return diff != 0 && diff < 0x8000;
}
