/* Unit tests of the service's models: what the protocol engines will call
 * (statistics, mobile node status, home agent binding cache view) and the
 * authorization table. */
#include <arpa/inet.h>
#include <string.h>

#include "authority.h"
#include "configuration.h"
#include "ha-status.h"
#include "mip6-error.h"
#include "mip6-names.h"
#include "mn-status.h"
#include "statistics.h"
#include "wall-clock.h"

static const char mn_conf[] = "[mip6d]\n"
                              "interface = wlan0\n"
                              "home-address = fec0:106:2700::4/64\n"
                              "home-agent = fec0:106:2700::2\n"
                              "[network visitnet]\n";

static const char ha_conf[] = "[mip6d]\n"
                              "role = home-agent\n"
                              "interface = eth0\n"
                              "home-prefix = fec0:106:2700::/64\n"
                              "binding-lifetime = 600\n";

static const char *
lookup_string (GVariant *dict, const char *key)
{
  const char *v = NULL;
  g_assert_true (g_variant_lookup (dict, key, "&s", &v));
  return v;
}

static Mip6Config *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  Mip6Config *cfg = mip6_config_parse ("test.conf", text, strlen (text), &error);
  g_assert_no_error (error);
  return cfg;
}

static struct in6_addr
addr (const char *s)
{
  struct in6_addr a;
  g_assert_cmpint (inet_pton (AF_INET6, s, &a), ==, 1);
  return a;
}

static void
test_config_defaults (void)
{
  g_autoptr (Mip6Config) cfg = parse (mn_conf);
  g_autofree char *hoa = mip6_config_dup_home_address (cfg);

  g_assert_cmpint (cfg->role, ==, MIP6_ROLE_MOBILE_NODE);
  g_assert_cmpint (cfg->datapath, ==, MIP6_DATAPATH_AUTO);
  g_assert_cmpuint (cfg->binding_lifetime, ==, MIP6_CONFIG_LIFETIME_DEFAULT);
  g_assert_cmpstr (hoa, ==, "fec0:106:2700::4/64");
  g_assert_nonnull (mip6_config_find_network (cfg, "visitnet"));
  g_assert_cmpint (mip6_config_find_network (cfg, "visitnet")->security, ==, MIP6_SECURITY_OPEN);
  g_assert_null (mip6_config_find_network (cfg, "homenet"));
}

static void
test_config_line_of_error (void)
{
  const char text[] =
      "# comment\n\n[mip6d]\ninterface = eth0\n  home-address = ::/64\nhome-agent = fec0::1\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (Mip6Config) cfg = mip6_config_parse ("x.conf", text, strlen (text), &error);

  g_assert_null (cfg);
  g_assert_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG);
  g_assert_true (g_str_has_prefix (error->message, "x.conf:5: key 'home-address': "));
}

/* RFC 6275 section 11.4.1: a mobile node may leave out its home agent and
 * find it by discovery. */
static void
test_config_mn_without_home_agent (void)
{
  const char text[] = "[mip6d]\ninterface = eth0\nhome-address = fec0:106:2700::4/64\n";
  g_autoptr (Mip6Config) cfg = parse (text);
  g_autofree char *ha = mip6_config_dup_home_agent (cfg);

  g_assert_false (cfg->has_home_agent);
  g_assert_cmpstr (ha, ==, "");
}

/* RFC 6275 section 7.4: the home agent's preference is a signed 16-bit
 * number, 0 by default; only a home agent has one. */
static void
test_config_home_agent_preference (void)
{
  const char ha[] = "[mip6d]\nrole = home-agent\ninterface = eth0\n"
                    "home-prefix = fec0:106:2700::/64\n";
  g_autoptr (Mip6Config) def = parse (ha);
  g_assert_cmpint (def->home_agent_preference, ==, 0);

  g_autofree char *neg = g_strconcat (ha, "home-agent-preference = -32768\n", NULL);
  g_autoptr (Mip6Config) cfg = parse (neg);
  g_assert_cmpint (cfg->home_agent_preference, ==, -32768);

  g_autofree char *big = g_strconcat (ha, "home-agent-preference = 32768\n", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (Mip6Config) bad = mip6_config_parse ("x.conf", big, strlen (big), &error);
  g_assert_null (bad);
  g_assert_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG);
  g_assert_true (g_str_has_prefix (error->message, "x.conf:5: key 'home-agent-preference': "));
  g_clear_error (&error);

  const char mn[] = "[mip6d]\ninterface = eth0\nhome-address = fec0:106:2700::4/64\n"
                    "home-agent-preference = 1\n";
  g_autoptr (Mip6Config) wrong = mip6_config_parse ("x.conf", mn, strlen (mn), &error);
  g_assert_null (wrong);
  g_assert_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG);
}

static void
sync_tunnel (Mip6Statistics *stats, gpointer user_data)
{
  (*(guint *) user_data)++;
  mip6_statistics_add (stats, "encapsulations", 5);
}

static void
test_statistics (void)
{
  g_autoptr (Mip6Statistics) stats = mip6_statistics_new ();
  g_autoptr (GVariant) first = NULL;
  g_autoptr (GVariant) second = NULL;
  guint64 v = 99;
  guint syncs = 0;

  g_assert_cmpuint (mip6_statistics_get (stats, "bind_updates_sent"), ==, 0);
  mip6_statistics_set_sync_func (stats, sync_tunnel, &syncs);
  mip6_statistics_count (stats, "bind_updates_sent");
  mip6_statistics_count (stats, "bind_updates_sent");
  mip6_statistics_count_drop (stats, "bad_checksum");
  mip6_statistics_add (stats, "encapsulations", 40);
  /* Counting arms no timer and publishes nothing: the counters are read
   * on request (GetStatistics) only. */
  g_assert_false (g_main_context_pending (NULL));
  g_assert_cmpuint (syncs, ==, 0);

  first = g_variant_ref_sink (mip6_statistics_snapshot (stats));
  g_assert_cmpuint (syncs, ==, 1);
  g_assert_true (g_variant_lookup (first, "bind_updates_sent", "t", &v));
  g_assert_cmpuint (v, ==, 2);
  g_assert_true (g_variant_lookup (first, "dropped_bad_checksum", "t", &v));
  g_assert_cmpuint (v, ==, 1);
  /* The back end's counters are brought in first. */
  g_assert_true (g_variant_lookup (first, "encapsulations", "t", &v));
  g_assert_cmpuint (v, ==, 45);
  g_assert_true (g_variant_lookup (first, "dropped_auth", "t", &v));
  g_assert_cmpuint (v, ==, 0);
  second = g_variant_ref_sink (mip6_statistics_snapshot (stats));
  g_assert_true (g_variant_lookup (second, "encapsulations", "t", &v));
  g_assert_cmpuint (v, ==, 50);
  g_assert_false (g_main_context_pending (NULL));
}

static void
count_notify (GObject *obj, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_mn_property_changes_once (void)
{
  g_autoptr (Mip6Config) cfg = parse (mn_conf);
  g_autoptr (Mip6Statistics) stats = mip6_statistics_new ();
  g_autoptr (Mip6MnStatus) mn = mip6_mn_status_new (cfg, stats);
  Mip6DbusMobileNode *s = mip6_mn_status_get_skeleton (mn);
  struct in6_addr coa = addr ("fec0:106:1100::99");
  guint notified = 0;

  g_assert_cmpstr (mip6_dbus_mobile_node_get_state (s), ==, "detached");
  g_assert_cmpstr (mip6_dbus_mobile_node_get_home_agent (s), ==, "fec0:106:2700::2");
  g_signal_connect (s, "notify::state", G_CALLBACK (count_notify), &notified);
  mip6_mn_status_set_state (mn, MIP6_MN_STATE_REGISTERING);
  mip6_mn_status_set_state (mn, MIP6_MN_STATE_REGISTERING);
  g_assert_cmpuint (notified, ==, 1);
  mip6_mn_status_set_state (mn, MIP6_MN_STATE_FOREIGN);
  g_assert_cmpuint (notified, ==, 2);
  mip6_mn_status_set_state (mn, MIP6_MN_STATE_UNREGISTERED);
  g_assert_cmpstr (mip6_dbus_mobile_node_get_state (s), ==, "unregistered");

  /* StateReason: (token, status, sentence), once per change. */
  guint reasons = 0;
  const char *token = NULL, *sentence = NULL;
  guint32 code = 0;
  g_signal_connect (s, "notify::state-reason", G_CALLBACK (count_notify), &reasons);
  mip6_mn_status_set_state_reason (mn, "refused-129", 129, "refused");
  mip6_mn_status_set_state_reason (mn, "refused-129", 129, "refused");
  g_assert_cmpuint (reasons, ==, 1);
  g_variant_get (mip6_dbus_mobile_node_get_state_reason (s), "(&su&s)", &token, &code, &sentence);
  g_assert_cmpstr (token, ==, "refused-129");
  g_assert_cmpuint (code, ==, 129);
  g_assert_cmpstr (sentence, ==, "refused");
  mip6_mn_status_set_care_of_address (mn, &coa);
  g_assert_cmpstr (mip6_dbus_mobile_node_get_care_of_address (s), ==, "fec0:106:1100::99");
  mip6_mn_status_set_care_of_address (mn, NULL);
  g_assert_cmpstr (mip6_dbus_mobile_node_get_care_of_address (s), ==, "");
  mip6_mn_status_set_sequence (mn, 65535);
  g_assert_cmpuint (mip6_dbus_mobile_node_get_sequence (s), ==, 65535);
}

static void
on_handover (Mip6DbusMobileNode *s, GVariant *h, gpointer user_data)
{
  *(GVariant **) user_data = g_variant_ref (h);
}

static void
test_mn_handover (void)
{
  g_autoptr (Mip6Config) cfg = parse (mn_conf);
  g_autoptr (Mip6Statistics) stats = mip6_statistics_new ();
  g_autoptr (Mip6MnStatus) mn = mip6_mn_status_new (cfg, stats);
  Mip6DbusMobileNode *s = mip6_mn_status_get_skeleton (mn);
  g_autoptr (GVariant) got = NULL;
  Mip6Handover h = { .started_wall_us = 1700000000000000,
                     .at = { 1000000, 1012000, 1030500, 1031000, 1052000, 1053000 },
                     .from_network = "homenet",
                     .to_network = "visitnet",
                     .care_of_address = "fec0:106:1100::99" };
  double ms = 0;
  const char *result = NULL;

  g_signal_connect (s, "handover-completed", G_CALLBACK (on_handover), &got);
  mip6_mn_status_handover_completed (mn, &h);
  g_assert_nonnull (got);
  g_assert_true (g_variant_equal (got, mip6_dbus_mobile_node_get_last_handover (s)));
  g_assert_true (g_variant_lookup (got, "total_ms", "d", &ms));
  g_assert_cmpfloat_with_epsilon (ms, 53.0, 1e-9);
  g_assert_true (g_variant_lookup (got, "ra_received_ms", "d", &ms));
  g_assert_cmpfloat_with_epsilon (ms, 12.0, 1e-9);
  g_assert_true (g_variant_lookup (got, "coa_usable_ms", "d", &ms));
  g_assert_cmpfloat_with_epsilon (ms, 30.5, 1e-9);
  g_assert_true (g_variant_lookup (got, "result", "&s", &result));
  g_assert_cmpstr (result, ==, "completed");
}

static void
on_failed (Mip6DbusMobileNode *s, GVariant *h, const char *reason, gpointer user_data)
{
  *(char **) user_data = g_strdup (reason);
}

static void
test_mn_handover_failed_partial (void)
{
  g_autoptr (Mip6Config) cfg = parse (mn_conf);
  g_autoptr (Mip6Statistics) stats = mip6_statistics_new ();
  g_autoptr (Mip6MnStatus) mn = mip6_mn_status_new (cfg, stats);
  Mip6DbusMobileNode *s = mip6_mn_status_get_skeleton (mn);
  g_autofree char *reason = NULL;
  Mip6Handover h = { .at = { 5000000, 5004000, 0, 0, 0, 0 } };
  GVariant *last;
  double ms;

  g_signal_connect (s, "handover-failed", G_CALLBACK (on_failed), &reason);
  mip6_mn_status_handover_failed (mn, &h, "refused-129", 129, "No router answered");
  g_assert_cmpstr (reason, ==, "No router answered");
  last = mip6_dbus_mobile_node_get_last_handover (s);
  /* The token and status next to the sentence (org.mip6.MobileNode1.xml,
   * HandoverFailed). */
  const char *token = NULL;
  guint32 code = 0;
  g_assert_true (g_variant_lookup (last, "reason_token", "&s", &token));
  g_assert_cmpstr (token, ==, "refused-129");
  g_assert_true (g_variant_lookup (last, "status", "u", &code));
  g_assert_cmpuint (code, ==, 129);
  g_assert_true (g_variant_lookup (last, "ra_received_ms", "d", &ms));
  g_assert_false (g_variant_lookup (last, "coa_usable_ms", "d", &ms));
  g_assert_true (g_variant_lookup (last, "total_ms", "d", &ms));
  g_assert_cmpfloat_with_epsilon (ms, 4.0, 1e-9);
}

/* What a client on the bus receives from the mobile node, in order: the
 * member name, and for PropertiesChanged the names of what changed. */
static void
record_message (GDBusConnection *c, const char *sender, const char *path, const char *iface,
                const char *member, GVariant *params, gpointer user_data)
{
  GPtrArray *seen = user_data;
  if (g_str_equal (member, "PropertiesChanged"))
    {
      g_autoptr (GVariant) changed = g_variant_get_child_value (params, 1);
      GVariantIter iter;
      const char *name;
      g_variant_iter_init (&iter, changed);
      while (g_variant_iter_next (&iter, "{&sv}", &name, NULL))
        g_ptr_array_add (seen, g_strconcat ("PropertiesChanged:", name, NULL));
    }
  else
    g_ptr_array_add (seen, g_strdup (member));
}

static gint
index_of (GPtrArray *seen, const char *what)
{
  for (guint i = 0; i < seen->len; i++)
    if (g_str_equal (g_ptr_array_index (seen, i), what))
      return (gint) i;
  return -1;
}

static void
wait_for_message (GPtrArray *seen, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (index_of (seen, what) < 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (index_of (seen, what), >=, 0);
}

/* org.mip6.MobileNode1.xml: the PropertiesChanged of a change comes before
 * the signal that follows from it, on a real bus (PropertiesChanged is
 * otherwise sent from an idle callback, after the signal). */
static void
test_mn_signals_follow_properties (void)
{
  g_autoptr (GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr (GError) error = NULL;
  g_autoptr (Mip6Config) cfg = parse (mn_conf);
  g_autoptr (Mip6Statistics) stats = mip6_statistics_new ();
  g_autoptr (Mip6MnStatus) mn = mip6_mn_status_new (cfg, stats);
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  GDBusConnectionFlags flags = G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                               G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION;
  struct in6_addr coa = addr ("fec0:106:1100::99");
  Mip6Handover h = { .started_wall_us = 1700000000000000,
                     .at = { 1000000, 1012000, 1030500, 1031000, 1052000, 1053000 } };

  g_test_dbus_up (bus);
  g_autoptr (GDBusConnection) server = g_dbus_connection_new_for_address_sync (
      g_test_dbus_get_bus_address (bus), flags, NULL, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (GDBusConnection) client = g_dbus_connection_new_for_address_sync (
      g_test_dbus_get_bus_address (bus), flags, NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (mip6_mn_status_get_skeleton (mn)),
                                    server, MIP6_DBUS_PATH_MOBILE_NODE, &error);
  g_assert_no_error (error);
  guint sub = g_dbus_connection_signal_subscribe (
      client, g_dbus_connection_get_unique_name (server), NULL, NULL, MIP6_DBUS_PATH_MOBILE_NODE,
      NULL, G_DBUS_SIGNAL_FLAGS_NONE, record_message, seen, NULL);
  /* A round trip: the bus has our match rule once it answers. */
  g_autoptr (GVariant) pong = g_dbus_connection_call_sync (
      client, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.Peer", "Ping",
      NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pong);

  /* What the engine does at the end of a handover, in one main loop
   * iteration. */
  mip6_mn_status_set_state (mn, MIP6_MN_STATE_FOREIGN);
  mip6_mn_status_set_care_of_address (mn, &coa);
  mip6_mn_status_handover_completed (mn, &h);
  wait_for_message (seen, "HandoverCompleted");
  g_assert_cmpint (index_of (seen, "PropertiesChanged:State"), >=, 0);
  g_assert_cmpint (index_of (seen, "PropertiesChanged:State"), <,
                   index_of (seen, "HandoverCompleted"));
  g_assert_cmpint (index_of (seen, "PropertiesChanged:CareOfAddress"), <,
                   index_of (seen, "HandoverCompleted"));
  g_assert_cmpint (index_of (seen, "PropertiesChanged:LastHandover"), <,
                   index_of (seen, "HandoverCompleted"));

  /* A failure outside a handover: StateReason before RegistrationFailed. */
  g_ptr_array_set_size (seen, 0);
  mip6_mn_status_set_state (mn, MIP6_MN_STATE_UNREGISTERED);
  mip6_mn_status_set_state_reason (mn, "refused-129", 129, "refused");
  mip6_mn_status_registration_failed (mn, "refused-129", 129, "refused");
  wait_for_message (seen, "RegistrationFailed");
  g_assert_cmpint (index_of (seen, "PropertiesChanged:StateReason"), >=, 0);
  g_assert_cmpint (index_of (seen, "PropertiesChanged:StateReason"), <,
                   index_of (seen, "RegistrationFailed"));
  g_assert_cmpint (index_of (seen, "PropertiesChanged:State"), <,
                   index_of (seen, "RegistrationFailed"));

  g_dbus_connection_signal_unsubscribe (client, sub);
  g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (mip6_mn_status_get_skeleton (mn)));
  g_dbus_connection_close_sync (server, NULL, NULL);
  g_dbus_connection_close_sync (client, NULL, NULL);
  g_test_dbus_down (bus);
}

static gboolean
fake_reregister (gpointer user_data, GError **error)
{
  (*(guint *) user_data)++;
  return TRUE;
}

static void
test_mn_bul_and_actions (void)
{
  g_autoptr (Mip6Config) cfg = parse (mn_conf);
  g_autoptr (Mip6Statistics) stats = mip6_statistics_new ();
  g_autoptr (Mip6MnStatus) mn = mip6_mn_status_new (cfg, stats);
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) list = NULL;
  static const Mip6MnActions actions = { fake_reregister, NULL };
  Mip6DbusMobileNode *s = mip6_mn_status_get_skeleton (mn);
  Mip6BulEntryInfo e = { .recipient = addr ("fec0:106:2700::2"),
                         .home_address = addr ("fec0:106:2700::4"),
                         .care_of_address = addr ("fec0:106:1100::99"),
                         .lifetime = 420,
                         .expires_at = 500 * G_USEC_PER_SEC,
                         .sequence = 7,
                         .state = "registered" };
  guint64 expires = 0, again = 0;
  guint calls = 0;

  e.expires_at = g_get_monotonic_time () + 400 * G_USEC_PER_SEC;
  mip6_mn_status_set_binding_update_list (mn, &e, 1);
  list = g_variant_ref_sink (mip6_mn_status_binding_update_list (mn));
  g_assert_cmpuint (g_variant_n_children (list), ==, 1);
  {
    g_autoptr (GVariant) entry = g_variant_get_child_value (list, 0);
    g_autoptr (GVariant) list2 = g_variant_ref_sink (mip6_mn_status_binding_update_list (mn));
    g_autoptr (GVariant) entry2 = g_variant_get_child_value (list2, 0);
    gint64 want = g_get_real_time () + 400 * G_USEC_PER_SEC;
    /* A point in time: microseconds since the epoch, the same on every
     * call (org.mip6.MobileNode1.xml, the times in this API). */
    g_assert_true (g_variant_lookup (entry, "expires", "t", &expires));
    g_assert_cmpint (ABS ((gint64) expires - want), <, G_USEC_PER_SEC);
    g_assert_true (g_variant_lookup (entry2, "expires", "t", &again));
    g_assert_cmpuint (again, ==, expires);
    g_assert_cmpstr (lookup_string (entry, "care_of_address"), ==, "fec0:106:1100::99");
    g_assert_cmpstr (lookup_string (entry, "state"), ==, "registered");
  }

  /* Without an engine neither method can be accepted, and the
   * properties say so. */
  g_assert_false (mip6_dbus_mobile_node_get_can_reregister (s));
  g_assert_false (mip6_dbus_mobile_node_get_can_roam (s));
  mip6_mn_status_set_can_reregister (mn, TRUE);
  g_assert_true (mip6_dbus_mobile_node_get_can_reregister (s));
  mip6_mn_status_set_can_reregister (mn, FALSE);
  /* Without an engine: detached means nothing to register. */
  g_assert_false (mip6_mn_status_reregister (mn, &error));
  g_assert_error (error, MIP6_ERROR, MIP6_ERROR_NOT_CONNECTED);
  g_clear_error (&error);
  g_assert_false (mip6_mn_status_roam (mn, "visitnet", &error));
  g_assert_error (error, MIP6_ERROR, MIP6_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  mip6_mn_status_set_actions (mn, &actions, &calls);
  g_assert_true (mip6_mn_status_reregister (mn, &error));
  g_assert_cmpuint (calls, ==, 1);
}

typedef struct
{
  guint added, updated, removed;
  char *reason;
} BcEvents;

static void
on_added (Mip6DbusHomeAgent *s, GVariant *e, gpointer user_data)
{
  ((BcEvents *) user_data)->added++;
}

static void
on_updated (Mip6DbusHomeAgent *s, GVariant *e, gpointer user_data)
{
  ((BcEvents *) user_data)->updated++;
}

static void
on_removed (Mip6DbusHomeAgent *s, const char *hoa, const char *reason, gpointer user_data)
{
  BcEvents *ev = user_data;
  ev->removed++;
  g_free (ev->reason);
  ev->reason = g_strdup_printf ("%s %s", hoa, reason);
}

static void
test_ha_binding_cache (void)
{
  g_autoptr (Mip6Config) cfg = parse (ha_conf);
  g_autoptr (Mip6Statistics) stats = mip6_statistics_new ();
  g_autoptr (Mip6HaStatus) ha = mip6_ha_status_new (cfg, stats);
  Mip6DbusHomeAgent *s = mip6_ha_status_get_skeleton (ha);
  Mip6BcEntryInfo e = { .home_address = addr ("fec0:106:2700::4"),
                        .care_of_address = addr ("fec0:106:1100::99"),
                        .lifetime = 420,
                        .expires_at = 420 * G_USEC_PER_SEC,
                        .sequence = 1 };
  struct in6_addr other = addr ("fec0:106:2700::5");
  g_autoptr (GVariant) cache = NULL;
  BcEvents ev = { 0 };

  g_assert_cmpstr (mip6_dbus_home_agent_get_home_prefix (s), ==, "fec0:106:2700::/64");
  g_assert_cmpuint (mip6_dbus_home_agent_get_max_binding_lifetime (s), ==, 600);
  g_signal_connect (s, "binding-added", G_CALLBACK (on_added), &ev);
  g_signal_connect (s, "binding-updated", G_CALLBACK (on_updated), &ev);
  g_signal_connect (s, "binding-removed", G_CALLBACK (on_removed), &ev);

  mip6_ha_status_binding_set (ha, &e, 0);
  g_assert_cmpuint (ev.added, ==, 1);
  g_assert_cmpuint (mip6_dbus_home_agent_get_binding_count (s), ==, 1);
  e.care_of_address = addr ("fec0:106:1000::99");
  e.sequence = 2;
  mip6_ha_status_binding_set (ha, &e, 0);
  g_assert_cmpuint (ev.added, ==, 1);
  g_assert_cmpuint (ev.updated, ==, 1);
  g_assert_cmpuint (mip6_dbus_home_agent_get_binding_count (s), ==, 1);
  /* The engine reports its whole cache on every change: an entry that
   * stayed as it was is not signalled again. */
  mip6_ha_status_binding_set (ha, &e, 0);
  g_assert_cmpuint (ev.updated, ==, 1);
  e.expires_at += 60 * G_USEC_PER_SEC; /* refreshed */
  mip6_ha_status_binding_set (ha, &e, 0);
  g_assert_cmpuint (ev.updated, ==, 2);
  cache = g_variant_ref_sink (mip6_ha_status_binding_cache (ha));
  {
    g_autoptr (GVariant) entry = g_variant_get_child_value (cache, 0);
    guint16 seq = 0;
    guint64 at = 0;
    /* A point in time in microseconds since the epoch (or 0). */
    g_assert_true (g_variant_lookup (entry, "expires", "t", &at));
    g_assert_cmpuint (at, ==, mip6_wall_clock_us (e.expires_at));
    g_assert_cmpstr (lookup_string (entry, "care_of_address"), ==, "fec0:106:1000::99");
    g_assert_cmpstr (lookup_string (entry, "state"), ==, "registered");
    g_assert_true (g_variant_lookup (entry, "sequence", "q", &seq));
    g_assert_cmpuint (seq, ==, 2);
  }
  g_assert_false (mip6_ha_status_binding_remove (ha, &other, "expired"));
  g_assert_cmpuint (ev.removed, ==, 0);
  g_assert_true (mip6_ha_status_binding_remove (ha, &e.home_address, "deregistered"));
  g_assert_cmpstr (ev.reason, ==, "fec0:106:2700::4 deregistered");
  g_assert_cmpuint (mip6_ha_status_binding_count (ha), ==, 0);
  g_assert_cmpuint (mip6_dbus_home_agent_get_binding_count (s), ==, 0);
  g_free (ev.reason);
}

static GVariant *
binding_property (GDBusObjectManager *manager, const char *path, const char *name)
{
  g_autoptr (GDBusInterface) iface =
      g_dbus_object_manager_get_interface (manager, path, "org.mip6.Binding1");
  g_autoptr (GVariant) props = NULL;

  g_assert_nonnull (iface);
  props = g_dbus_interface_skeleton_get_properties (G_DBUS_INTERFACE_SKELETON (iface));
  return g_variant_lookup_value (props, name, NULL);
}

static guint
count_objects (GDBusObjectManager *manager)
{
  GList *objects = g_dbus_object_manager_get_objects (manager);
  guint n = g_list_length (objects);
  g_list_free_full (objects, g_object_unref);
  return n;
}

static void
test_ha_binding_objects (void)
{
  g_autoptr (Mip6Config) cfg = parse (ha_conf);
  g_autoptr (Mip6Statistics) stats = mip6_statistics_new ();
  g_autoptr (Mip6HaStatus) ha = mip6_ha_status_new (cfg, stats);
  g_autoptr (GDBusObjectManagerServer) server = g_dbus_object_manager_server_new ("/org/mip6");
  GDBusObjectManager *manager = G_DBUS_OBJECT_MANAGER (server);
  Mip6BcEntryInfo e = { .home_address = addr ("fec0:106:2700::4"),
                        .care_of_address = addr ("fec0:106:1100::99"),
                        .lifetime = 420,
                        .sequence = 1 };
  const char *path = "/org/mip6/HomeAgent/Bindings/1";

  mip6_ha_status_set_object_manager (ha, server);
  mip6_ha_status_binding_set (ha, &e, 0);
  g_assert_cmpuint (count_objects (manager), ==, 1);
  {
    g_autoptr (GVariant) coa = binding_property (manager, path, "CareOfAddress");
    g_autoptr (GVariant) state = binding_property (manager, path, "State");
    g_assert_cmpstr (g_variant_get_string (coa, NULL), ==, "fec0:106:1100::99");
    g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "registered");
  }
  /* An update keeps the object and its path. */
  e.care_of_address = addr ("fec0:106:1000::99");
  e.sequence = 2;
  mip6_ha_status_binding_set (ha, &e, 0);
  {
    g_autoptr (GVariant) coa = binding_property (manager, path, "CareOfAddress");
    g_autoptr (GVariant) seq = binding_property (manager, path, "Sequence");
    g_assert_cmpstr (g_variant_get_string (coa, NULL), ==, "fec0:106:1000::99");
    g_assert_cmpuint (g_variant_get_uint16 (seq), ==, 2);
  }
  mip6_ha_status_binding_remove (ha, &e.home_address, "expired");
  g_assert_null (g_dbus_object_manager_get_object (manager, path));
  /* A new entry never reuses a path. */
  mip6_ha_status_binding_set (ha, &e, 0);
  {
    g_autoptr (GDBusObject) obj =
        g_dbus_object_manager_get_object (manager, "/org/mip6/HomeAgent/Bindings/2");
    g_assert_nonnull (obj);
  }
  mip6_ha_status_set_object_manager (ha, NULL);
  g_assert_cmpuint (count_objects (manager), ==, 0);
}

static void
test_mn_binding_objects (void)
{
  g_autoptr (Mip6Config) cfg = parse (mn_conf);
  g_autoptr (Mip6Statistics) stats = mip6_statistics_new ();
  g_autoptr (Mip6MnStatus) mn = mip6_mn_status_new (cfg, stats);
  g_autoptr (GDBusObjectManagerServer) server = g_dbus_object_manager_server_new ("/org/mip6");
  GDBusObjectManager *manager = G_DBUS_OBJECT_MANAGER (server);
  Mip6BulEntryInfo e[2] = {
    { .recipient = addr ("fec0:106:2700::2"),
      .home_address = addr ("fec0:106:2700::4"),
      .care_of_address = addr ("fec0:106:1100::99"),
      .lifetime = 420,
      .sequence = 7,
      .state = "registering" },
    { .recipient = addr ("fec0:106:2700::3"),
      .home_address = addr ("fec0:106:2700::4"),
      .care_of_address = addr ("fec0:106:1100::99"),
      .lifetime = 420,
      .sequence = 1,
      .state = "registered" },
  };

  /* Entries made before export appear once exported. */
  mip6_mn_status_set_binding_update_list (mn, e, 2);
  mip6_mn_status_set_object_manager (mn, server);
  g_assert_cmpuint (count_objects (manager), ==, 2);
  /* The second entry goes; the first keeps its object. */
  e[0].state = "registered";
  mip6_mn_status_set_binding_update_list (mn, e, 1);
  g_assert_cmpuint (count_objects (manager), ==, 1);
  {
    g_autoptr (GVariant) state =
        binding_property (manager, "/org/mip6/MobileNode/Bindings/1", "State");
    g_autoptr (GVariant) recipient =
        binding_property (manager, "/org/mip6/MobileNode/Bindings/1", "Recipient");
    g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "registered");
    g_assert_cmpstr (g_variant_get_string (recipient, NULL), ==, "fec0:106:2700::2");
  }
  mip6_mn_status_set_binding_update_list (mn, NULL, 0);
  g_assert_cmpuint (count_objects (manager), ==, 0);
}

static void
test_authority_table (void)
{
  g_assert_cmpstr (mip6_authority_action_for (MIP6_DBUS_IFACE_MOBILE_NODE, "Roam"), ==,
                   MIP6_ACTION_ROAM);
  g_assert_cmpstr (mip6_authority_action_for (MIP6_DBUS_IFACE_MOBILE_NODE, "Reregister"), ==,
                   MIP6_ACTION_REREGISTER);
  g_assert_cmpstr (mip6_authority_action_for (MIP6_DBUS_IFACE_DAEMON, "Reload"), ==,
                   MIP6_ACTION_CONFIGURE);
  g_assert_null (mip6_authority_action_for (MIP6_DBUS_IFACE_MOBILE_NODE, "GetNetworks"));
  g_assert_null (mip6_authority_action_for (MIP6_DBUS_IFACE_HOME_AGENT, "GetBindingCache"));
  /* GetStatistics needs no authorization (org.mip6.MobileNode1.xml). */
  g_assert_null (mip6_authority_action_for (MIP6_DBUS_IFACE_MOBILE_NODE, "GetStatistics"));
  g_assert_null (mip6_authority_action_for (MIP6_DBUS_IFACE_HOME_AGENT, "GetStatistics"));
  /* Default deny: a method without a rule. */
  g_assert_cmpstr (mip6_authority_action_for (MIP6_DBUS_IFACE_MOBILE_NODE, "Detach"), ==, "");
  g_assert_cmpstr (mip6_authority_action_for (MIP6_DBUS_IFACE_HOME_AGENT, "Roam"), ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/service/config/defaults", test_config_defaults);
  g_test_add_func ("/service/config/line-of-error", test_config_line_of_error);
  g_test_add_func ("/service/config/rfc6275-11.4.1/mn-without-home-agent",
                   test_config_mn_without_home_agent);
  g_test_add_func ("/service/config/rfc6275-7.4/home-agent-preference",
                   test_config_home_agent_preference);
  g_test_add_func ("/service/statistics", test_statistics);
  g_test_add_func ("/service/mobile-node/property-changes-once", test_mn_property_changes_once);
  g_test_add_func ("/service/mobile-node/handover", test_mn_handover);
  g_test_add_func ("/service/mobile-node/handover-failed", test_mn_handover_failed_partial);
  g_test_add_func ("/service/mobile-node/bul-and-actions", test_mn_bul_and_actions);
  g_test_add_func ("/service/mobile-node/signals-follow-properties",
                   test_mn_signals_follow_properties);
  g_test_add_func ("/service/home-agent/binding-cache", test_ha_binding_cache);
  g_test_add_func ("/service/home-agent/binding-objects", test_ha_binding_objects);
  g_test_add_func ("/service/mobile-node/binding-objects", test_mn_binding_objects);
  g_test_add_func ("/service/authority/table", test_authority_table);
  return g_test_run ();
}
