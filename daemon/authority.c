/* authority.c: the polkit check in front of every state-changing method. */
#include "config.h"
#include "authority.h"

#include <glib/gi18n.h>
#include <polkit/polkit.h>

#include "mip6-error.h"
#include "mip6-names.h"

typedef struct
{
  const char *interface;
  const char *method;
  const char *action; /* NULL: reading state, allowed to anyone */
} Rule;

static const Rule rules[] = {
  { MIP6_DBUS_IFACE_DAEMON, "Reload", MIP6_ACTION_CONFIGURE },
  { MIP6_DBUS_IFACE_MOBILE_NODE, "Reregister", MIP6_ACTION_REREGISTER },
  { MIP6_DBUS_IFACE_MOBILE_NODE, "Roam", MIP6_ACTION_ROAM },
  { MIP6_DBUS_IFACE_MOBILE_NODE, "GetNetworks", NULL },
  { MIP6_DBUS_IFACE_MOBILE_NODE, "GetBindingUpdateList", NULL },
  { MIP6_DBUS_IFACE_MOBILE_NODE, "GetStatistics", NULL },
  /* NetworkManager's dispatcher runs its hooks as root. */
  { MIP6_DBUS_IFACE_MOBILE_NODE, "NetworkEvent", MIP6_AUTHORITY_ROOT },
  { MIP6_DBUS_IFACE_HOME_AGENT, "GetBindingCache", NULL },
  { MIP6_DBUS_IFACE_HOME_AGENT, "GetStatistics", NULL },
};

struct _Mip6Authority
{
  PolkitAuthority *polkit;
};

typedef struct
{
  Mip6Authority *authority;
  GDBusMethodInvocation *invocation;
  const char *action;
  Mip6AuthorizedFunc func;
  gpointer user_data;
} Check;

Mip6Authority *
mip6_authority_new (void)
{
  return g_new0 (Mip6Authority, 1);
}

void
mip6_authority_free (Mip6Authority *authority)
{
  if (authority == NULL)
    return;
  g_clear_object (&authority->polkit);
  g_free (authority);
}

const char *
mip6_authority_action_for (const char *interface, const char *method)
{
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (g_str_equal (rules[i].interface, interface) && g_str_equal (rules[i].method, method))
      return rules[i].action;
  return "";
}

/* What a refusal tells the person: the thing they asked for. */
static const char *
action_sentence (const char *action)
{
  if (g_str_equal (action, MIP6_ACTION_ROAM))
    return _ ("move to another network");
  if (g_str_equal (action, MIP6_ACTION_REREGISTER))
    return _ ("re-register with the home agent");
  if (g_str_equal (action, MIP6_ACTION_CONFIGURE))
    return _ ("change the mip6d configuration");
  if (g_str_equal (action, MIP6_AUTHORITY_ROOT))
    return _ ("report NetworkManager events");
  return _ ("do this");
}

static void
check_free (Check *check)
{
  g_object_unref (check->invocation);
  g_free (check);
}

static void
deny (Check *check, const char *why)
{
  if (g_str_equal (check->action, MIP6_AUTHORITY_ROOT))
    {
      g_dbus_method_invocation_return_error (
          check->invocation, MIP6_ERROR, MIP6_ERROR_ACCESS_DENIED, _ ("Not authorized to %s: %s"),
          action_sentence (check->action), why);
      check_free (check);
      return;
    }
  g_dbus_method_invocation_return_error (check->invocation, MIP6_ERROR, MIP6_ERROR_ACCESS_DENIED,
                                         _ ("Not authorized to %s (polkit action %s): %s"),
                                         action_sentence (check->action), check->action, why);
  check_free (check);
}

static void
on_checked (GObject *source, GAsyncResult *res, gpointer data)
{
  Check *check = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PolkitAuthorizationResult) result = NULL;

  result = polkit_authority_check_authorization_finish (POLKIT_AUTHORITY (source), res, &error);
  if (result == NULL)
    {
      g_autofree char *why = g_strdup_printf (_ ("polkit could not be asked: %s"), error->message);
      deny (check, why);
      return;
    }
  if (polkit_authorization_result_get_is_authorized (result))
    {
      check->func (check->invocation, check->user_data);
      check_free (check);
      return;
    }
  if (polkit_authorization_result_get_is_challenge (result))
    deny (check, _ ("authentication is needed and no polkit agent answered"));
  else
    deny (check, _ ("the system policy refuses it"));
}

static void
start_check (Check *check)
{
  GDBusMessage *message = g_dbus_method_invocation_get_message (check->invocation);
  g_autoptr (PolkitSubject) subject =
      polkit_system_bus_name_new (g_dbus_method_invocation_get_sender (check->invocation));
  PolkitCheckAuthorizationFlags flags = POLKIT_CHECK_AUTHORIZATION_FLAGS_NONE;

  if (g_dbus_message_get_flags (message) & G_DBUS_MESSAGE_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION)
    flags |= POLKIT_CHECK_AUTHORIZATION_FLAGS_ALLOW_USER_INTERACTION;
  polkit_authority_check_authorization (check->authority->polkit, subject, check->action, NULL,
                                        flags, NULL, on_checked, check);
}

static void
on_authority (GObject *source, GAsyncResult *res, gpointer data)
{
  Check *check = data;
  g_autoptr (GError) error = NULL;
  PolkitAuthority *polkit = polkit_authority_get_finish (res, &error);

  if (polkit == NULL)
    {
      g_autofree char *why = g_strdup_printf (_ ("polkit is not available: %s"), error->message);
      deny (check, why);
      return;
    }
  if (check->authority->polkit == NULL)
    check->authority->polkit = polkit;
  else
    g_object_unref (polkit);
  start_check (check);
}

/* The bus tells who the caller is; only uid 0 passes. */
static void
on_unix_user (GObject *source, GAsyncResult *res, gpointer data)
{
  Check *check = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply =
      g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), res, &error);
  guint32 uid = G_MAXUINT32;

  if (reply)
    g_variant_get (reply, "(u)", &uid);
  if (uid == 0)
    {
      check->func (check->invocation, check->user_data);
      check_free (check);
      return;
    }
  deny (check, reply ? _ ("only root may call this method")
                     : _ ("the bus could not say who the caller is"));
}

static void
start_root_check (Check *check)
{
  g_dbus_connection_call (
      g_dbus_method_invocation_get_connection (check->invocation), "org.freedesktop.DBus",
      "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetConnectionUnixUser",
      g_variant_new ("(s)", g_dbus_method_invocation_get_sender (check->invocation)),
      G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_unix_user, check);
}

void
mip6_authority_check (Mip6Authority *authority, GDBusMethodInvocation *invocation,
                      Mip6AuthorizedFunc func, gpointer user_data)
{
  const char *action =
      mip6_authority_action_for (g_dbus_method_invocation_get_interface_name (invocation),
                                 g_dbus_method_invocation_get_method_name (invocation));
  Check *check;

  if (action == NULL)
    {
      func (invocation, user_data);
      return;
    }
  check = g_new0 (Check, 1);
  check->authority = authority;
  check->invocation = g_object_ref (invocation);
  check->action = action;
  check->func = func;
  check->user_data = user_data;
  if (*action == '\0')
    {
      /* Default deny: a method nobody mapped to an action. */
      check->action = g_dbus_method_invocation_get_method_name (invocation);
      deny (check, _ ("the method has no authorization rule"));
      return;
    }
  if (g_str_equal (action, MIP6_AUTHORITY_ROOT))
    start_root_check (check);
  else if (authority->polkit == NULL)
    polkit_authority_get_async (NULL, on_authority, check);
  else
    start_check (check);
}
