/* mip6-enums.c: string forms of the shared enumerations. */
#include "mip6-enums.h"

static const char *const role_names[] = { "mobile-node", "home-agent" };
static const char *const mn_state_names[] = { "detached", "home", "registering", "foreign",
                                              "unregistered" };
static const char *const datapath_names[] = { "auto", "kernel", "userspace" };

static gboolean
lookup (const char *const *names, guint n, const char *str, guint *out)
{
  for (guint i = 0; str != NULL && i < n; i++)
    if (g_str_equal (names[i], str))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
mip6_role_to_string (Mip6Role role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);
  return role_names[role];
}

gboolean
mip6_role_from_string (const char *str, Mip6Role *out)
{
  guint v;
  if (!lookup (role_names, G_N_ELEMENTS (role_names), str, &v))
    return FALSE;
  *out = (Mip6Role) v;
  return TRUE;
}

const char *
mip6_mn_state_to_string (Mip6MnState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (mn_state_names), NULL);
  return mn_state_names[state];
}

gboolean
mip6_mn_state_from_string (const char *str, Mip6MnState *out)
{
  guint v;
  if (!lookup (mn_state_names, G_N_ELEMENTS (mn_state_names), str, &v))
    return FALSE;
  *out = (Mip6MnState) v;
  return TRUE;
}

const char *
mip6_datapath_to_string (Mip6Datapath datapath)
{
  g_return_val_if_fail ((guint) datapath < G_N_ELEMENTS (datapath_names), NULL);
  return datapath_names[datapath];
}

gboolean
mip6_datapath_from_string (const char *str, Mip6Datapath *out)
{
  guint v;
  if (!lookup (datapath_names, G_N_ELEMENTS (datapath_names), str, &v))
    return FALSE;
  *out = (Mip6Datapath) v;
  return TRUE;
}
