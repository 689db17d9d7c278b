/* The applet's words and icons for each state, from the contract: the
 * State values and StateReason tokens of org.mip6.MobileNode1 and the
 * icon names and sentences the applet promises (HACKING.md, Applet). */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <string.h>

#include "applet-state.h"

static void
test_state_from_string (void)
{
  g_assert_cmpint (mip6_applet_state_from_string (NULL), ==, MIP6_APPLET_OFFLINE);
  g_assert_cmpint (mip6_applet_state_from_string ("home"), ==, MIP6_APPLET_HOME);
  g_assert_cmpint (mip6_applet_state_from_string ("registering"), ==, MIP6_APPLET_REGISTERING);
  g_assert_cmpint (mip6_applet_state_from_string ("foreign"), ==, MIP6_APPLET_FOREIGN);
  g_assert_cmpint (mip6_applet_state_from_string ("unregistered"), ==, MIP6_APPLET_UNREGISTERED);
  g_assert_cmpint (mip6_applet_state_from_string ("detached"), ==, MIP6_APPLET_DETACHED);
  /* A state a newer mip6d may add claims nothing. */
  g_assert_cmpint (mip6_applet_state_from_string ("hovering"), ==, MIP6_APPLET_DETACHED);
}

static void
test_icon_names (void)
{
  const struct
  {
    const char *state;
    const char *icon;
  } cases[] = {
    { "home", "mip6-home" },
    { "foreign", "mip6-away" },
    { "registering", "mip6-registering" },
    { "unregistered", "mip6-away-unregistered" },
    { "detached", "mip6-detached" },
    { NULL, "mip6-offline" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (mip6_applet_state_icon_name (mip6_applet_state_from_string (cases[i].state)),
                     ==, cases[i].icon);
}

static void
test_state_words (void)
{
  const struct
  {
    Mip6AppletState state;
    const char *words;
  } cases[] = {
    { MIP6_APPLET_HOME, "At home" },
    { MIP6_APPLET_FOREIGN, "Away from home, registered" },
    { MIP6_APPLET_REGISTERING, "Registering with the home agent" },
    { MIP6_APPLET_DETACHED, "No network" },
    { MIP6_APPLET_OFFLINE, "mip6d is not running" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *w = mip6_applet_state_words (cases[i].state, NULL);
      g_assert_cmpstr (w, ==, cases[i].words);
    }
  g_autofree char *with_reason =
      mip6_applet_state_words (MIP6_APPLET_UNREGISTERED, "The home agent does not answer.");
  g_assert_cmpstr (with_reason, ==,
                   "Away from home, not registered: The home agent does not answer.");
}

static void
test_reason_tokens (void)
{
  /* Every token of the contract has the applet's own sentence, never the
   * daemon's (which is in the daemon's language). */
  const char *tokens[] = {
    "registering",    "ha-unreachable",         "filtered",
    "refused-129",    "refused-lifetime-0",     "binding-expired",
    "not-home-agent", "discovering-home-agent", "no-home-agent",
  };
  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autofree char *s = mip6_applet_reason_sentence (tokens[i], 0, "DAEMON SENTENCE");
      g_assert_nonnull (s);
      g_assert_null (strstr (s, "DAEMON SENTENCE"));
      g_assert_cmpuint (strlen (s), >, 10);
    }
  g_assert_null (mip6_applet_reason_sentence ("", 0, "ignored"));
  g_assert_null (mip6_applet_reason_sentence (NULL, 0, NULL));

  /* refused-N: the status is the placeholder, from the token when the
   * status field is 0. */
  g_autofree char *r1 = mip6_applet_reason_sentence ("refused-132", 0, "");
  g_assert_nonnull (strstr (r1, "132"));
  g_autofree char *r2 = mip6_applet_reason_sentence ("refused-129", 129, "");
  g_assert_nonnull (strstr (r2, "129"));

  /* Unknown tokens: the daemon's sentence; without one, the token. */
  g_autofree char *u1 = mip6_applet_reason_sentence ("moon-phase", 0, "The moon is wrong.");
  g_assert_cmpstr (u1, ==, "The moon is wrong.");
  g_autofree char *u2 = mip6_applet_reason_sentence ("moon-phase", 0, "");
  g_assert_nonnull (strstr (u2, "moon-phase"));
}

static void
test_tooltip (void)
{
  g_autofree char *away =
      mip6_applet_tooltip (MIP6_APPLET_FOREIGN, "visitnet", "wlan0", "fec0:2::4");
  g_assert_cmpstr (away, ==, "Away from home on visitnet — care-of address fec0:2::4");
  /* Wired: no ESSID, the interface names the network. */
  g_autofree char *wired = mip6_applet_tooltip (MIP6_APPLET_FOREIGN, "", "eth1", "fec0:3::4");
  g_assert_cmpstr (wired, ==, "Away from home on eth1 — care-of address fec0:3::4");
  g_autofree char *home = mip6_applet_tooltip (MIP6_APPLET_HOME, "homenet", "wlan0", "");
  g_assert_cmpstr (home, ==, "At home on homenet");
  g_autofree char *offline = mip6_applet_tooltip (MIP6_APPLET_OFFLINE, "", "", "");
  g_assert_cmpstr (offline, ==, "mip6d is not running");
  /* Each state's line says which state it is, network and address too. */
  g_autofree char *unreg =
      mip6_applet_tooltip (MIP6_APPLET_UNREGISTERED, "cafe", "wlan0", "fec0:9::4");
  g_assert_nonnull (strstr (unreg, "not registered"));
  g_assert_nonnull (strstr (unreg, "cafe"));
  g_assert_nonnull (strstr (unreg, "fec0:9::4"));
  g_autofree char *reg =
      mip6_applet_tooltip (MIP6_APPLET_REGISTERING, "cafe", "wlan0", "fec0:9::4");
  g_assert_nonnull (strstr (reg, "Registering"));
  g_assert_nonnull (strstr (reg, "fec0:9::4"));
}

static void
test_expiry (void)
{
  const gint64 now = G_GINT64_CONSTANT (1800000000) * G_USEC_PER_SEC;
  g_autofree char *none = mip6_applet_expiry_words (0, now);
  g_assert_cmpstr (none, ==, "No binding");
  g_autofree char *later = mip6_applet_expiry_words (now + 125 * G_USEC_PER_SEC, now);
  g_assert_cmpstr (later, ==, "Binding expires in 2 min 5 s");
  /* Half a second left is not "0 s": it still holds. */
  g_autofree char *soon = mip6_applet_expiry_words (now + G_USEC_PER_SEC / 2, now);
  g_assert_cmpstr (soon, ==, "Binding expires in 1 s");
  g_autofree char *gone = mip6_applet_expiry_words (now - 1, now);
  g_assert_cmpstr (gone, ==, "Binding expired");
}

static void
test_binding_expires_units (void)
{
  /* The contract's microseconds pass through. */
  guint64 us = G_GUINT64_CONSTANT (1800000000) * G_USEC_PER_SEC;
  g_assert_cmpuint (mip6_applet_binding_expires_us (us), ==, us);
  /* A mip6d from before the contract sent seconds. */
  g_assert_cmpuint (mip6_applet_binding_expires_us (1800000000), ==, us);
  g_assert_cmpuint (mip6_applet_binding_expires_us (0), ==, 0);
}

static void
test_capabilities_without_flags (void)
{
  /* Reregister is NotConnected at home and detached (the interface XML). */
  g_assert_false (mip6_applet_can_reregister_for_state (MIP6_APPLET_HOME));
  g_assert_false (mip6_applet_can_reregister_for_state (MIP6_APPLET_DETACHED));
  g_assert_false (mip6_applet_can_reregister_for_state (MIP6_APPLET_OFFLINE));
  g_assert_true (mip6_applet_can_reregister_for_state (MIP6_APPLET_FOREIGN));
  g_assert_true (mip6_applet_can_reregister_for_state (MIP6_APPLET_UNREGISTERED));
  g_assert_true (mip6_applet_can_reregister_for_state (MIP6_APPLET_REGISTERING));
  g_assert_false (mip6_applet_can_roam_for_state (MIP6_APPLET_OFFLINE));
  g_assert_true (mip6_applet_can_roam_for_state (MIP6_APPLET_HOME));
}

static void
test_network_label (void)
{
  g_autofree char *h = mip6_applet_network_label ("homenet", TRUE, FALSE);
  g_assert_cmpstr (h, ==, "homenet (home)");
  g_autofree char *c = mip6_applet_network_label ("visitnet", FALSE, TRUE);
  g_assert_cmpstr (c, ==, "visitnet (current)");
  g_autofree char *hc = mip6_applet_network_label ("homenet", TRUE, TRUE);
  g_assert_nonnull (strstr (hc, "home"));
  g_assert_nonnull (strstr (hc, "current"));
  g_autofree char *p = mip6_applet_network_label ("cafe", FALSE, FALSE);
  g_assert_cmpstr (p, ==, "cafe");
}

int
main (int argc, char **argv)
{
  /* The English strings are the contract; no translation applies. */
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/applet-state/from-string", test_state_from_string);
  g_test_add_func ("/applet-state/icon-names", test_icon_names);
  g_test_add_func ("/applet-state/words", test_state_words);
  g_test_add_func ("/applet-state/reason-tokens", test_reason_tokens);
  g_test_add_func ("/applet-state/tooltip", test_tooltip);
  g_test_add_func ("/applet-state/expiry", test_expiry);
  g_test_add_func ("/applet-state/binding-expires-units", test_binding_expires_units);
  g_test_add_func ("/applet-state/capabilities-without-flags", test_capabilities_without_flags);
  g_test_add_func ("/applet-state/network-label", test_network_label);
  return g_test_run ();
}
