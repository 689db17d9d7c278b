/* Care-of address choice.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "mn/coa.h"
#include "mn/movement.h"

#include <string.h>

void
mip6_coa_init (Mip6CoaSelector *sel, const struct in6_addr *home_address)
{
  memset (sel, 0, sizeof *sel);
  sel->addresses = g_array_new (FALSE, TRUE, sizeof (Mip6KnownAddress));
  sel->home_address = *home_address;
}

void
mip6_coa_clear (Mip6CoaSelector *sel)
{
  g_clear_pointer (&sel->addresses, g_array_unref);
}

static gint
find (const Mip6CoaSelector *sel, const struct in6_addr *addr)
{
  for (guint i = 0; i < sel->addresses->len; i++)
    if (!memcmp (&g_array_index (sel->addresses, Mip6KnownAddress, i).addr, addr, sizeof *addr))
      return (gint) i;
  return -1;
}

/* Addresses are learnt from netlink whoever added them (kernel SLAAC or
 * NetworkManager), so an update simply replaces what we knew. */
void
mip6_coa_address_event (Mip6CoaSelector *sel, gint64 now, const Mip6AddrEvent *ev)
{
  gint i = find (sel, &ev->addr);

  if (ev->change == MIP6_ADDR_REMOVED)
    {
      if (i >= 0)
        g_array_remove_index (sel->addresses, (guint) i);
      return;
    }

  Mip6KnownAddress a = {
    .addr = ev->addr,
    .plen = ev->plen,
    .flags = ev->flags,
    .scope = ev->scope,
    .valid_until = mip6_lifetime_until (now, ev->valid_lifetime),
    .preferred_until = mip6_lifetime_until (now, ev->preferred_lifetime),
  };
  if (i >= 0)
    g_array_index (sel->addresses, Mip6KnownAddress, i) = a;
  else
    g_array_append_val (sel->addresses, a);
}

void
mip6_coa_set_prefix (Mip6CoaSelector *sel, const struct in6_addr *prefix, guint8 plen)
{
  sel->n_prefixes = 1;
  sel->prefixes[0].prefix = *prefix;
  sel->prefixes[0].plen = MIN (plen, 128);
  sel->have_coa = FALSE;
}

void
mip6_coa_set_link_prefixes (Mip6CoaSelector *sel, const Mip6LinkPrefix *prefixes, guint n)
{
  sel->n_prefixes = 0;
  for (guint i = 0; i < n && sel->n_prefixes < G_N_ELEMENTS (sel->prefixes); i++)
    {
      const Mip6LinkPrefix *p = &prefixes[i];

      if (!p->autonomous && !p->on_link)
        continue;
      sel->prefixes[sel->n_prefixes].prefix = p->prefix;
      sel->prefixes[sel->n_prefixes].plen = MIN (p->plen, 128);
      sel->n_prefixes++;
    }
}

void
mip6_coa_clear_prefix (Mip6CoaSelector *sel)
{
  sel->n_prefixes = 0;
  sel->have_coa = FALSE;
}

static gboolean
on_current_link (const Mip6CoaSelector *sel, const struct in6_addr *addr)
{
  for (guint i = 0; i < sel->n_prefixes; i++)
    if (mip6_addr_in_prefix (addr, &sel->prefixes[i].prefix, sel->prefixes[i].plen))
      return TRUE;
  return FALSE;
}

gboolean
mip6_coa_usable (const Mip6CoaSelector *sel, gint64 now, const Mip6KnownAddress *a)
{
  if (a->scope != MIP6_SCOPE_GLOBAL)
    return FALSE;
  /* Only the current link's prefixes: an address of a network we left may
   * still be on the interface (until its lifetime runs out or we remove it)
   * but is unreachable from here. */
  if (!on_current_link (sel, &a->addr))
    return FALSE;
  if (!memcmp (&a->addr, &sel->home_address, sizeof a->addr))
    return FALSE;
  if (a->flags & MIP6_ADDR_F_DADFAILED)
    return FALSE;
  /* RFC 4862 §5.5.4: a deprecated address must not start new communication;
   * a binding is exactly that. */
  if ((a->flags & MIP6_ADDR_F_DEPRECATED) || now >= a->preferred_until)
    return FALSE;
  if (now >= a->valid_until)
    return FALSE;
  /* RFC 4429 §3: an optimistic address may be used while DAD runs; a plain
   * tentative one may not (RFC 4862 §5.4). */
  if ((a->flags & MIP6_ADDR_F_TENTATIVE) && !(a->flags & MIP6_ADDR_F_OPTIMISTIC))
    return FALSE;
  return TRUE;
}

/* Stable addresses are preferred over temporary ones (RFC 8981): the binding
 * outlives a temporary address's short preferred lifetime, and each rotation
 * would cost a new Binding Update, while the home address already gives the
 * privacy the temporary address is for. Next, an address whose DAD finished
 * beats an optimistic one, unless the optimistic one is already our CoA:
 * changing CoA costs a Binding Update for no gain. */
static guint
rank (const Mip6CoaSelector *sel, const Mip6KnownAddress *a)
{
  guint r = 0;

  if (!(a->flags & MIP6_ADDR_F_TEMPORARY))
    r += 2;
  if (!(a->flags & (MIP6_ADDR_F_TENTATIVE | MIP6_ADDR_F_OPTIMISTIC)) ||
      (sel->have_coa && !memcmp (&a->addr, &sel->coa, sizeof a->addr)))
    r += 1;
  return r;
}

gboolean
mip6_coa_select (Mip6CoaSelector *sel, gint64 now, struct in6_addr *out)
{
  const Mip6KnownAddress *best = NULL;

  for (guint i = 0; i < sel->addresses->len; i++)
    {
      const Mip6KnownAddress *a = &g_array_index (sel->addresses, Mip6KnownAddress, i);

      if (!mip6_coa_usable (sel, now, a))
        continue;
      if (!best)
        {
          best = a;
          continue;
        }
      /* The current choice wins ties: a new CoA costs a Binding Update. */
      guint ra = rank (sel, a), rb = rank (sel, best);
      if (ra > rb || (ra == rb && sel->have_coa && !memcmp (&a->addr, &sel->coa, sizeof a->addr)))
        best = a;
    }
  if (!best)
    {
      sel->have_coa = FALSE;
      return FALSE;
    }
  sel->have_coa = TRUE;
  sel->coa = best->addr;
  if (out)
    *out = best->addr;
  return TRUE;
}

gint64
mip6_coa_valid_until (const Mip6CoaSelector *sel, const struct in6_addr *addr)
{
  gint i = find (sel, addr);

  if (i < 0)
    return G_MAXINT64;
  return g_array_index (sel->addresses, Mip6KnownAddress, i).valid_until;
}

GArray *
mip6_coa_addresses_in (const Mip6CoaSelector *sel, const struct in6_addr *prefix, guint8 plen)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (Mip6KnownAddress));

  for (guint i = 0; i < sel->addresses->len; i++)
    {
      const Mip6KnownAddress *a = &g_array_index (sel->addresses, Mip6KnownAddress, i);

      if (a->scope == MIP6_SCOPE_GLOBAL && mip6_addr_in_prefix (&a->addr, prefix, plen) &&
          memcmp (&a->addr, &sel->home_address, sizeof a->addr) != 0)
        g_array_append_val (out, *a);
    }
  return out;
}
