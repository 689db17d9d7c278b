/* applet-state.c: the applet's words for the mobile node's state. */
#include "config.h"

#include "applet-state.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

Mip6AppletState
mip6_applet_state_from_string (const char *state)
{
  if (state == NULL)
    return MIP6_APPLET_OFFLINE;
  if (g_str_equal (state, "home"))
    return MIP6_APPLET_HOME;
  if (g_str_equal (state, "registering"))
    return MIP6_APPLET_REGISTERING;
  if (g_str_equal (state, "foreign"))
    return MIP6_APPLET_FOREIGN;
  if (g_str_equal (state, "unregistered"))
    return MIP6_APPLET_UNREGISTERED;
  return MIP6_APPLET_DETACHED;
}

const char *
mip6_applet_state_icon_name (Mip6AppletState state)
{
  switch (state)
    {
    case MIP6_APPLET_HOME:
      return "mip6-home";
    case MIP6_APPLET_REGISTERING:
      return "mip6-registering";
    case MIP6_APPLET_FOREIGN:
      return "mip6-away";
    case MIP6_APPLET_UNREGISTERED:
      return "mip6-away-unregistered";
    case MIP6_APPLET_DETACHED:
      return "mip6-detached";
    case MIP6_APPLET_OFFLINE:
    default:
      return "mip6-offline";
    }
}

/* The status of a "refused-N" token: the number after the dash. */
static guint
refused_status (const char *token, guint status)
{
  if (status != 0)
    return status;
  return (guint) strtoul (token + strlen ("refused-"), NULL, 10);
}

char *
mip6_applet_reason_sentence (const char *token, guint status, const char *daemon_sentence)
{
  if (token == NULL || token[0] == '\0')
    return NULL;
  if (g_str_equal (token, "registering"))
    return g_strdup (_ ("A Binding Update is on its way to the home agent."));
  if (g_str_equal (token, "ha-unreachable"))
    return g_strdup (_ ("The home agent does not answer."));
  if (g_str_equal (token, "filtered"))
    return g_strdup (_ ("The visited network blocks Mobile IPv6."));
  if (g_str_equal (token, "refused-lifetime-0"))
    return g_strdup (_ ("The home agent granted a lifetime of 0, which is no binding."));
  if (g_str_has_prefix (token, "refused-"))
    return g_strdup_printf (_ ("The home agent refused the registration (status %u)."),
                            refused_status (token, status));
  if (g_str_equal (token, "binding-expired"))
    return g_strdup (_ ("The binding expired before it could be refreshed."));
  if (g_str_equal (token, "not-home-agent"))
    return g_strdup (_ ("The configured home agent says it is not a home agent."));
  if (g_str_equal (token, "discovering-home-agent"))
    return g_strdup (_ ("Looking for a home agent."));
  if (g_str_equal (token, "no-home-agent"))
    return g_strdup (_ ("No home agent answered the discovery."));
  if (daemon_sentence != NULL && daemon_sentence[0] != '\0')
    return g_strdup (daemon_sentence);
  return g_strdup_printf (_ ("mip6d gave a reason this applet does not know (%s)."), token);
}

char *
mip6_applet_state_words (Mip6AppletState state, const char *reason_sentence)
{
  switch (state)
    {
    case MIP6_APPLET_HOME:
      return g_strdup (_ ("At home"));
    case MIP6_APPLET_REGISTERING:
      return g_strdup (_ ("Registering with the home agent"));
    case MIP6_APPLET_FOREIGN:
      return g_strdup (_ ("Away from home, registered"));
    case MIP6_APPLET_UNREGISTERED:
      if (reason_sentence != NULL && reason_sentence[0] != '\0')
        /* TRANSLATORS: %s is a sentence saying why, e.g. "The home agent does not answer." */
        return g_strdup_printf (_ ("Away from home, not registered: %s"), reason_sentence);
      return g_strdup (_ ("Away from home, not registered"));
    case MIP6_APPLET_DETACHED:
      return g_strdup (_ ("No network"));
    case MIP6_APPLET_OFFLINE:
    default:
      return g_strdup (_ ("mip6d is not running"));
    }
}

static gboolean
empty (const char *s)
{
  return s == NULL || s[0] == '\0';
}

char *
mip6_applet_tooltip (Mip6AppletState state, const char *network, const char *interface,
                     const char *care_of_address)
{
  const char *where = !empty (network) ? network : interface;
  const char *coa = care_of_address;

  switch (state)
    {
    case MIP6_APPLET_HOME:
      if (!empty (where))
        return g_strdup_printf (_ ("At home on %s"), where);
      return g_strdup (_ ("At home"));
    case MIP6_APPLET_FOREIGN:
    case MIP6_APPLET_REGISTERING:
    case MIP6_APPLET_UNREGISTERED:
      if (empty (where) && empty (coa))
        return mip6_applet_state_words (state, NULL);
      if (empty (coa))
        {
          if (state == MIP6_APPLET_FOREIGN)
            return g_strdup_printf (_ ("Away from home on %s"), where);
          if (state == MIP6_APPLET_REGISTERING)
            return g_strdup_printf (_ ("Registering with the home agent from %s"), where);
          return g_strdup_printf (_ ("Away from home on %s, not registered"), where);
        }
      if (empty (where))
        {
          if (state == MIP6_APPLET_FOREIGN)
            return g_strdup_printf (_ ("Away from home — care-of address %s"), coa);
          if (state == MIP6_APPLET_REGISTERING)
            return g_strdup_printf (_ ("Registering with the home agent — care-of address %s"),
                                    coa);
          return g_strdup_printf (_ ("Away from home, not registered — care-of address %s"), coa);
        }
      if (state == MIP6_APPLET_FOREIGN)
        /* TRANSLATORS: first %s the network (ESSID or interface), second the care-of address */
        return g_strdup_printf (_ ("Away from home on %s — care-of address %s"), where, coa);
      if (state == MIP6_APPLET_REGISTERING)
        return g_strdup_printf (_ ("Registering with the home agent from %s — care-of address %s"),
                                where, coa);
      return g_strdup_printf (_ ("Away from home on %s, not registered — care-of address %s"),
                              where, coa);
    case MIP6_APPLET_DETACHED:
    case MIP6_APPLET_OFFLINE:
    default:
      return mip6_applet_state_words (state, NULL);
    }
}

char *
mip6_applet_expiry_words (guint64 expires_us, gint64 now_us)
{
  if (expires_us == 0)
    return g_strdup (_ ("No binding"));
  if ((gint64) expires_us <= now_us)
    return g_strdup (_ ("Binding expired"));
  /* Rounded up: "0 s" would read as expired while it still holds. */
  guint64 left_s = (expires_us - (guint64) now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  guint64 min = left_s / 60;
  guint64 s = left_s % 60;
  if (min == 0)
    return g_strdup_printf (_ ("Binding expires in %u s"), (guint) s);
  return g_strdup_printf (_ ("Binding expires in %u min %u s"), (guint) min, (guint) s);
}

guint64
mip6_applet_binding_expires_us (guint64 property_value)
{
  if (property_value != 0 && property_value < G_GUINT64_CONSTANT (100000000000))
    return property_value * G_USEC_PER_SEC;
  return property_value;
}

gboolean
mip6_applet_can_reregister_for_state (Mip6AppletState state)
{
  /* Reregister answers NotConnected at home and while detached. */
  return state == MIP6_APPLET_REGISTERING || state == MIP6_APPLET_FOREIGN ||
         state == MIP6_APPLET_UNREGISTERED;
}

gboolean
mip6_applet_can_roam_for_state (Mip6AppletState state)
{
  /* Whether NetworkManager runs is not known without CanRoam: let mip6d
   * answer NotSupported if it does not. */
  return state != MIP6_APPLET_OFFLINE;
}

char *
mip6_applet_network_label (const char *name, gboolean home, gboolean current)
{
  if (home && current)
    return g_strdup_printf (_ ("%s (home, current)"), name);
  if (home)
    return g_strdup_printf (_ ("%s (home)"), name);
  if (current)
    return g_strdup_printf (_ ("%s (current)"), name);
  return g_strdup (name);
}

const char *
mip6_applet_value_or_none (const char *value)
{
  return empty (value) ? _ ("none") : value;
}
