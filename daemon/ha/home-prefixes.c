/* home-prefixes.c — home prefix lifetimes (RFC 6275 §10.3.1, §10.6). */
#include "config.h"

#include "home-prefixes.h"
#include "mip6-addr.h"

#include <string.h>

#define INFINITY_S MIP6_ND_LIFETIME_INFINITY

typedef struct
{
  struct in6_addr prefix;
  guint plen;
  gboolean known[MIP6_HOME_PREFIX_N_SOURCES];
  gint64 valid_until[MIP6_HOME_PREFIX_N_SOURCES];
  gint64 preferred_until[MIP6_HOME_PREFIX_N_SOURCES];
} Prefix;

struct _Mip6HomePrefixes
{
  GArray *prefixes; /* Prefix */
};

Mip6HomePrefixes *
mip6_home_prefixes_new (void)
{
  Mip6HomePrefixes *hp = g_new0 (Mip6HomePrefixes, 1);
  hp->prefixes = g_array_new (FALSE, TRUE, sizeof (Prefix));
  return hp;
}

void
mip6_home_prefixes_free (Mip6HomePrefixes *hp)
{
  if (hp == NULL)
    return;
  g_array_unref (hp->prefixes);
  g_free (hp);
}

void
mip6_home_prefixes_add (Mip6HomePrefixes *hp, const struct in6_addr *prefix, guint plen)
{
  Prefix p = { .plen = plen };
  p.prefix = *prefix;
  mip6_addr_mask_prefix (&p.prefix, plen);
  g_array_append_val (hp->prefixes, p);
}

static Prefix *
find (Mip6HomePrefixes *hp, const struct in6_addr *addr, guint plen)
{
  for (guint i = 0; i < hp->prefixes->len; i++)
    {
      Prefix *p = &g_array_index (hp->prefixes, Prefix, i);
      if (p->plen == plen && mip6_addr_in_prefix (addr, &p->prefix, plen))
        return p;
    }
  return NULL;
}

static gint64
until (gint64 now, guint32 s)
{
  return s == INFINITY_S ? G_MAXINT64 : now + (gint64) s * G_USEC_PER_SEC;
}

/* The routers of the home link say how long the prefix lives (RFC 4861
 * §6.3.4): their Router Advertisements, this node's own among them, come
 * first. The home agent's own address only stands in while none was heard:
 * a static address says nothing of the prefix. Infinite when neither says
 * anything, as the configuration has it. */
static void
combined (const Prefix *p, gint64 *valid, gint64 *preferred)
{
  for (guint s = 0; s < MIP6_HOME_PREFIX_N_SOURCES; s++)
    if (p->known[s])
      {
        *valid = p->valid_until[s];
        *preferred = p->preferred_until[s];
        return;
      }
  *valid = *preferred = G_MAXINT64;
}

gboolean
mip6_home_prefixes_update (Mip6HomePrefixes *hp, Mip6HomePrefixSource source,
                           const struct in6_addr *addr, guint plen, guint32 valid_s,
                           guint32 preferred_s, gint64 now)
{
  Prefix *p = find (hp, addr, plen);
  gint64 v0, p0, v1, p1;

  if (p == NULL)
    return FALSE;
  combined (p, &v0, &p0);
  p->known[source] = TRUE;
  p->valid_until[source] = until (now, valid_s);
  /* RFC 4861 §6.3.4: a preferred lifetime beyond the valid one is
   * meaningless; it ends with the prefix. */
  p->preferred_until[source] = MIN (until (now, preferred_s), p->valid_until[source]);
  combined (p, &v1, &p1);
  return v0 != v1 || p0 != p1;
}

gboolean
mip6_home_prefixes_forget (Mip6HomePrefixes *hp, Mip6HomePrefixSource source,
                           const struct in6_addr *addr, guint plen)
{
  Prefix *p = find (hp, addr, plen);
  gint64 v0, p0, v1, p1;

  if (p == NULL || !p->known[source])
    return FALSE;
  combined (p, &v0, &p0);
  p->known[source] = FALSE;
  combined (p, &v1, &p1);
  return v0 != v1 || p0 != p1;
}

guint
mip6_home_prefixes_count (const Mip6HomePrefixes *hp)
{
  return hp->prefixes->len;
}

void
mip6_home_prefixes_get (const Mip6HomePrefixes *hp, guint i, struct in6_addr *prefix, guint *plen,
                        gint64 *valid_until, gint64 *preferred_until)
{
  const Prefix *p = &g_array_index (hp->prefixes, Prefix, i);
  gint64 v, pr;

  combined (p, &v, &pr);
  if (prefix)
    *prefix = p->prefix;
  if (plen)
    *plen = p->plen;
  if (valid_until)
    *valid_until = v;
  if (preferred_until)
    *preferred_until = pr;
}

/* Seconds left of a lifetime ending at @end, rounded down. */
static guint32
left_s (gint64 end, gint64 now)
{
  if (end == G_MAXINT64)
    return INFINITY_S;
  if (end <= now)
    return 0;
  return (guint32) MIN ((end - now) / G_USEC_PER_SEC, (gint64) INFINITY_S - 1);
}

void
mip6_home_prefixes_mpa (const Mip6HomePrefixes *hp, guint16 identifier, gint64 now,
                        Mip6PrefixAdvert *out)
{
  memset (out, 0, sizeof *out);
  /* §6.8: the Identifier of the Solicitation, copied. */
  out->identifier = identifier;
  for (guint i = 0; i < hp->prefixes->len && out->options.n_prefixes < MIP6_ND_MAX_PREFIXES; i++)
    {
      struct in6_addr prefix;
      guint plen;
      gint64 valid, preferred;

      mip6_home_prefixes_get (hp, i, &prefix, &plen, &valid, &preferred);
      guint32 valid_s = left_s (valid, now);
      if (valid_s == 0)
        continue; /* expired: nothing to advertise */
      Mip6PrefixInfo *pi = &out->options.prefixes[out->options.n_prefixes++];
      pi->prefix = prefix;
      pi->prefix_len = (guint8) plen;
      /* §6.8: the options are those of Router Advertisements: the home
       * prefix is on the home link and autoconfigurable (§11.4.3 forms
       * home addresses from it). */
      pi->on_link = TRUE;
      pi->autonomous = TRUE;
      pi->valid_lifetime = valid_s;
      pi->preferred_lifetime = left_s (preferred, now);
    }
}
