/* mip6ctl status: the state at a glance. */
#include "config.h"

#include <glib/gi18n.h>

#include "mip6ctl.h"

/* @expires_at: microseconds since the epoch, the API's points in time. */
static guint64
seconds_left (guint64 expires_at)
{
  return mip6ctl_seconds_left (expires_at);
}

static const char *
state_color (Mip6Ctl *ctl, const char *state)
{
  if (g_str_equal (state, "home"))
    return mip6ctl_color (ctl, "green");
  if (g_str_equal (state, "foreign"))
    return mip6ctl_color (ctl, "cyan");
  if (g_str_equal (state, "registering") || g_str_equal (state, "unregistered"))
    return mip6ctl_color (ctl, "yellow");
  return mip6ctl_color (ctl, "red");
}

static void
row (const char *label, const char *value)
{
  g_print ("%-18s %s\n", label, value && *value ? value : "-");
}

static int
status_mobile_node (Mip6Ctl *ctl)
{
  g_autoptr (Mip6DbusMobileNode) mn = mip6ctl_mobile_node (ctl);
  GVariant *handover;
  guint64 expires_at;
  const char *state;

  if (mn == NULL)
    return MIP6CTL_EXIT_FAILED;
  handover = mip6_dbus_mobile_node_get_last_handover (mn);
  expires_at = mip6_dbus_mobile_node_get_binding_expires (mn);
  state = mip6_dbus_mobile_node_get_state (mn);
  const char *reason_token = "", *reason_text = "";
  guint32 reason_status = 0;
  GVariant *reason = mip6_dbus_mobile_node_get_state_reason (mn);
  if (reason && g_variant_is_of_type (reason, G_VARIANT_TYPE ("(sus)")))
    g_variant_get (reason, "(&su&s)", &reason_token, &reason_status, &reason_text);
  if (ctl->json)
    {
      GVariantBuilder b;
      g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
#define S(key, value)                                                                              \
  g_variant_builder_add (&b, "{sv}", key, g_variant_new_string (value ? value : ""))
      S ("role", mip6_dbus_mobile_node_get_role (mn));
      S ("state", state);
      S ("home_address", mip6_dbus_mobile_node_get_home_address (mn));
      S ("care_of_address", mip6_dbus_mobile_node_get_care_of_address (mn));
      S ("home_agent", mip6_dbus_mobile_node_get_home_agent (mn));
      S ("interface", mip6_dbus_mobile_node_get_interface (mn));
      S ("network", mip6_dbus_mobile_node_get_network (mn));
      S ("datapath", mip6_dbus_mobile_node_get_datapath (mn));
      S ("state_reason", reason_token);
      S ("state_reason_text", reason_text);
#undef S
      g_variant_builder_add (&b, "{sv}", "state_reason_status",
                             g_variant_new_uint32 (reason_status));
      g_variant_builder_add (&b, "{sv}", "sequence",
                             g_variant_new_uint16 (mip6_dbus_mobile_node_get_sequence (mn)));
      g_variant_builder_add (&b, "{sv}", "binding_expires",
                             g_variant_new_uint64 (seconds_left (expires_at)));
      g_variant_builder_add (&b, "{sv}", "binding_expires_at", g_variant_new_uint64 (expires_at));
      g_variant_builder_add (
          &b, "{sv}", "last_handover",
          g_variant_new_maybe (G_VARIANT_TYPE_VARDICT,
                               handover && g_variant_n_children (handover) ? handover : NULL));
      mip6ctl_print_json (g_variant_builder_end (&b));
      return MIP6CTL_EXIT_OK;
    }

  {
    g_autofree char *state_text =
        g_strdup_printf ("%s%s%s%s", mip6ctl_color (ctl, "bold"), state_color (ctl, state), state,
                         mip6ctl_color (ctl, "reset"));
    g_autofree char *seq = g_strdup_printf ("%u", mip6_dbus_mobile_node_get_sequence (mn));
    g_autofree char *expires =
        expires_at
            ? g_strdup_printf (_ ("in %u s"), (guint) MIN (seconds_left (expires_at), G_MAXUINT))
            : g_strdup (_ ("no binding"));
    g_autofree char *last = mip6ctl_format_handover (handover, NULL);

    row (_ ("Role:"), mip6_dbus_mobile_node_get_role (mn));
    row (_ ("State:"), state_text);
    if (*reason_text)
      row (_ ("Reason:"), reason_text);
    row (_ ("Home address:"), mip6_dbus_mobile_node_get_home_address (mn));
    row (_ ("Care-of address:"), mip6_dbus_mobile_node_get_care_of_address (mn));
    row (_ ("Home agent:"), mip6_dbus_mobile_node_get_home_agent (mn));
    row (_ ("Interface:"), mip6_dbus_mobile_node_get_interface (mn));
    row (_ ("Network:"), mip6_dbus_mobile_node_get_network (mn));
    row (_ ("Datapath:"), mip6_dbus_mobile_node_get_datapath (mn));
    row (_ ("Sequence:"), seq);
    row (_ ("Binding expires:"), expires);
    row (_ ("Last handover:"), *last ? last : _ ("none yet"));
  }
  return MIP6CTL_EXIT_OK;
}

static int
status_home_agent (Mip6Ctl *ctl)
{
  g_autoptr (Mip6DbusHomeAgent) ha = mip6ctl_home_agent (ctl);

  if (ha == NULL)
    return MIP6CTL_EXIT_FAILED;
  if (ctl->json)
    {
      GVariantBuilder b;
      g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
#define S(key, value)                                                                              \
  g_variant_builder_add (&b, "{sv}", key, g_variant_new_string (value ? value : ""))
      S ("role", mip6_dbus_home_agent_get_role (ha));
      S ("interface", mip6_dbus_home_agent_get_interface (ha));
      S ("home_prefix", mip6_dbus_home_agent_get_home_prefix (ha));
      S ("address", mip6_dbus_home_agent_get_address (ha));
      S ("datapath", mip6_dbus_home_agent_get_datapath (ha));
#undef S
      g_variant_builder_add (
          &b, "{sv}", "max_binding_lifetime",
          g_variant_new_uint32 (mip6_dbus_home_agent_get_max_binding_lifetime (ha)));
      g_variant_builder_add (&b, "{sv}", "binding_count",
                             g_variant_new_uint32 (mip6_dbus_home_agent_get_binding_count (ha)));
      mip6ctl_print_json (g_variant_builder_end (&b));
      return MIP6CTL_EXIT_OK;
    }
  {
    g_autofree char *lifetime =
        g_strdup_printf (_ ("%u s"), mip6_dbus_home_agent_get_max_binding_lifetime (ha));
    g_autofree char *count = g_strdup_printf ("%u", mip6_dbus_home_agent_get_binding_count (ha));
    row (_ ("Role:"), mip6_dbus_home_agent_get_role (ha));
    row (_ ("Interface:"), mip6_dbus_home_agent_get_interface (ha));
    row (_ ("Home prefix:"), mip6_dbus_home_agent_get_home_prefix (ha));
    row (_ ("Address:"), mip6_dbus_home_agent_get_address (ha));
    row (_ ("Datapath:"), mip6_dbus_home_agent_get_datapath (ha));
    row (_ ("Max lifetime:"), lifetime);
    row (_ ("Bindings:"), count);
  }
  return MIP6CTL_EXIT_OK;
}

int
mip6ctl_status (Mip6Ctl *ctl, int argc, char **argv)
{
  if (g_strcmp0 (ctl->role, "home-agent") == 0)
    return status_home_agent (ctl);
  return status_mobile_node (ctl);
}
