/* interface-choice.c: which interface the mobile node uses now. */
#include "config.h"
#include "interface-choice.h"

static const Mip6InterfaceState *
find (const Mip6InterfaceState *links, guint n, const char *name)
{
  for (guint i = 0; name && i < n; i++)
    if (g_str_equal (links[i].name, name))
      return &links[i];
  return NULL;
}

const char *
mip6_interface_choose (const char *const *preference, const Mip6InterfaceState *links,
                       guint n_links, const char *primary, const char *current)
{
  const Mip6InterfaceState *l;

  if (preference)
    {
      for (guint i = 0; preference[i]; i++)
        if ((l = find (links, n_links, preference[i])) && l->usable)
          return l->name;
      /* Nothing usable: wait where we are, or on the first that exists. */
      for (guint i = 0; preference[i]; i++)
        if ((l = find (links, n_links, preference[i])) && g_strcmp0 (l->name, current) == 0)
          return l->name;
      for (guint i = 0; preference[i]; i++)
        if ((l = find (links, n_links, preference[i])))
          return l->name;
      return NULL;
    }
  if ((l = find (links, n_links, primary)) && l->usable)
    return l->name;
  /* No primary connection to follow: stay while the link is up. */
  if ((l = find (links, n_links, current)) && l->usable)
    return l->name;
  for (guint i = 0; i < n_links; i++)
    if (links[i].usable && links[i].ethernet)
      return links[i].name;
  if ((l = find (links, n_links, current)))
    return l->name;
  return NULL;
}
