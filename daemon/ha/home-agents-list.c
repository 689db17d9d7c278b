/* home-agents-list.c — the Home Agents List (RFC 6275 §10.1, §10.5.1). */
#include "config.h"

#include "home-agents-list.h"

#include <string.h>

struct _Mip6HomeAgentsList
{
  GArray *entries; /* Mip6HaListEntry; the own entry is one of them */
};

Mip6HomeAgentsList *
mip6_home_agents_list_new (void)
{
  Mip6HomeAgentsList *list = g_new0 (Mip6HomeAgentsList, 1);
  list->entries = g_array_new (FALSE, TRUE, sizeof (Mip6HaListEntry));
  return list;
}

void
mip6_home_agents_list_free (Mip6HomeAgentsList *list)
{
  if (list == NULL)
    return;
  g_array_unref (list->entries);
  g_free (list);
}

static Mip6HaListEntry *
find (Mip6HomeAgentsList *list, const struct in6_addr *link_local, guint *index)
{
  for (guint i = 0; i < list->entries->len; i++)
    {
      Mip6HaListEntry *e = &g_array_index (list->entries, Mip6HaListEntry, i);
      if (!memcmp (&e->link_local, link_local, sizeof *link_local))
        {
          if (index)
            *index = i;
          return e;
        }
    }
  return NULL;
}

static Mip6HaListEntry *
find_own (Mip6HomeAgentsList *list)
{
  for (guint i = 0; i < list->entries->len; i++)
    {
      Mip6HaListEntry *e = &g_array_index (list->entries, Mip6HaListEntry, i);
      if (e->own)
        return e;
    }
  return NULL;
}

void
mip6_home_agents_list_set_own (Mip6HomeAgentsList *list, const struct in6_addr *link_local,
                               const struct in6_addr *globals, guint n_globals, gint16 preference)
{
  Mip6HaListEntry *e = find_own (list);
  guint other;

  /* An entry learnt from another node's advertisement under what is now
   * our own link-local address was ours all along (a looped-back RA). */
  if (!IN6_IS_ADDR_UNSPECIFIED (link_local) && find (list, link_local, &other) &&
      !g_array_index (list->entries, Mip6HaListEntry, other).own)
    g_array_remove_index (list->entries, other);
  e = find_own (list);
  if (e == NULL)
    {
      g_array_set_size (list->entries, list->entries->len + 1);
      e = &g_array_index (list->entries, Mip6HaListEntry, list->entries->len - 1);
    }
  memset (e, 0, sizeof *e);
  e->own = TRUE;
  e->link_local = *link_local;
  e->n_globals = MIN (n_globals, MIP6_HA_LIST_MAX_GLOBALS);
  memcpy (e->globals, globals, e->n_globals * sizeof *globals);
  e->preference = preference;
  e->expires = G_MAXINT64;
}

static void
add_global (Mip6HaListEntry *e, const struct in6_addr *addr)
{
  for (guint i = 0; i < e->n_globals; i++)
    if (!memcmp (&e->globals[i], addr, sizeof *addr))
      return;
  if (e->n_globals < MIP6_HA_LIST_MAX_GLOBALS)
    e->globals[e->n_globals++] = *addr;
}

gboolean
mip6_home_agents_list_on_ra (Mip6HomeAgentsList *list, const Mip6HaListAdvert *ra, gint64 now)
{
  guint index = 0;
  Mip6HaListEntry *e = find (list, &ra->source, &index);

  /* Our own advertisement, looped back: our entry is what we configured. */
  if (e && e->own)
    return FALSE;
  /* §10.5.1: without H the sender is no (longer a) home agent. */
  if (!ra->home_agent)
    {
      if (e == NULL)
        return FALSE;
      g_array_remove_index (list->entries, index);
      return TRUE;
    }
  /* §10.5.1: preference and lifetime from the Home Agent Information
   * option (§7.4); without it, preference 0 and the Router Lifetime. */
  gint16 preference = ra->has_ha_info ? ra->ha_preference : 0;
  guint16 lifetime = ra->has_ha_info ? ra->ha_lifetime : ra->router_lifetime;

  if (lifetime == 0)
    {
      /* §10.5.1: a lifetime of 0 deletes the entry at once. */
      if (e == NULL)
        return FALSE;
      g_array_remove_index (list->entries, index);
      return TRUE;
    }
  if (e == NULL)
    {
      if (list->entries->len >= MIP6_HA_LIST_MAX_ENTRIES)
        return FALSE;
      g_array_set_size (list->entries, list->entries->len + 1);
      e = &g_array_index (list->entries, Mip6HaListEntry, list->entries->len - 1);
      memset (e, 0, sizeof *e);
      e->link_local = ra->source;
    }
  e->preference = preference;
  e->expires = now + (gint64) lifetime * G_USEC_PER_SEC;
  /* §10.5.1: each Prefix Information option with R set names a global
   * address of this home agent (§7.2). */
  for (guint i = 0; i < MIN (ra->n_globals, MIP6_HA_LIST_MAX_GLOBALS); i++)
    add_global (e, &ra->globals[i]);
  return TRUE;
}

gboolean
mip6_home_agents_list_expire (Mip6HomeAgentsList *list, gint64 now)
{
  gboolean changed = FALSE;

  for (guint i = 0; i < list->entries->len;)
    {
      Mip6HaListEntry *e = &g_array_index (list->entries, Mip6HaListEntry, i);
      if (!e->own && e->expires <= now)
        {
          g_array_remove_index (list->entries, i);
          changed = TRUE;
        }
      else
        i++;
    }
  return changed;
}

gint64
mip6_home_agents_list_next_deadline (const Mip6HomeAgentsList *list)
{
  gint64 d = G_MAXINT64;

  for (guint i = 0; i < list->entries->len; i++)
    d = MIN (d, g_array_index (list->entries, Mip6HaListEntry, i).expires);
  return d;
}

/* §10.5: highest preference first. Ties stay in the order the entries were
 * learnt, this home agent's own first among its equals: deterministic
 * where the RFC suggests (SHOULD) randomising, so that replies can be
 * compared in tests; load spreading between equal home agents is left to
 * their preferences. */
static gint
by_preference (gconstpointer pa, gconstpointer pb)
{
  const Mip6HaListEntry *a = *(Mip6HaListEntry *const *) pa;
  const Mip6HaListEntry *b = *(Mip6HaListEntry *const *) pb;

  if (a->preference != b->preference)
    return a->preference > b->preference ? -1 : 1;
  if (a->own != b->own)
    return a->own ? -1 : 1;
  return 0;
}

GPtrArray *
mip6_home_agents_list_sorted (Mip6HomeAgentsList *list, gint64 now)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < list->entries->len; i++)
    {
      Mip6HaListEntry *e = &g_array_index (list->entries, Mip6HaListEntry, i);
      if (e->own || e->expires > now)
        g_ptr_array_add (out, e);
    }
  /* g_ptr_array_sort() is stable (GLib 2.32): equal entries keep their
   * order. */
  g_ptr_array_sort (out, by_preference);
  return out;
}

void
mip6_home_agents_list_dhaad_reply (Mip6HomeAgentsList *list, guint16 identifier, gint64 now,
                                   Mip6DhaadReply *out)
{
  g_autoptr (GPtrArray) sorted = mip6_home_agents_list_sorted (list, now);

  memset (out, 0, sizeof *out);
  /* §10.5: the Identifier of the Request, copied. */
  out->identifier = identifier;
  for (guint i = 0; i < sorted->len; i++)
    {
      const Mip6HaListEntry *e = g_ptr_array_index (sorted, i);
      for (guint j = 0; j < e->n_globals && out->n_addresses < MIP6_DHAAD_MAX_ADDRESSES; j++)
        out->addresses[out->n_addresses++] = e->globals[j];
    }
}
