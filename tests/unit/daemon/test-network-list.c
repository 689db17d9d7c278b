/* GetNetworks (org.mip6.MobileNode1.xml): configured and visible networks;
 * "Keys that are not known are absent, never false or 0." */
#include "config.h"

#include <string.h>

#include "network-list.h"
#include "networks-fixture.h"

static Mip6NetworkConfig *
net (const char *name, const char *ssid, gsize len, Mip6Security security)
{
  return fixture_network (name, ssid, len, security, 0);
}

static Mip6VisibleNetwork *
seen (const char *ssid, guint securities, guint8 signal)
{
  return fixture_visible (ssid, securities, signal, "wlan0");
}

#define net_free fixture_network_free
#define seen_free fixture_visible_free

static GVariant *
entry (GVariant *list, const char *essid)
{
  for (gsize i = 0; i < g_variant_n_children (list); i++)
    {
      GVariant *d = g_variant_get_child_value (list, i);
      const char *e = NULL;
      if (g_variant_lookup (d, "essid", "&s", &e) && g_str_equal (e, essid))
        return d;
      g_variant_unref (d);
    }
  g_error ("no network %s", essid);
}

static gboolean
has (GVariant *d, const char *key)
{
  g_autoptr (GVariant) v = g_variant_lookup_value (d, key, NULL);
  return v != NULL;
}

static GPtrArray *
configured (void)
{
  GPtrArray *c = g_ptr_array_new_with_free_func (net_free);
  Mip6NetworkConfig *home = net ("homenet", "homenet", 7, MIP6_SECURITY_WPA_PSK);
  home->home = TRUE;
  home->priority = 10;
  g_ptr_array_add (c, home);
  g_ptr_array_add (c, net ("visitnet", "visitnet", 8, MIP6_SECURITY_WEP));
  g_ptr_array_add (c, net ("office", "office", 6, MIP6_SECURITY_PROFILE));
  g_ptr_array_add (c, net ("cafe-latin1", "caf\xe9", 4, MIP6_SECURITY_OPEN));
  return c;
}

static void
test_without_network_manager (void)
{
  g_autoptr (GPtrArray) c = configured ();
  g_autoptr (GVariant) list = g_variant_ref_sink (mip6_network_list_build (c, NULL, NULL, NULL));
  g_assert_cmpuint (g_variant_n_children (list), ==, 4);
  g_autoptr (GVariant) h = entry (list, "homenet");
  gboolean b;
  gint32 prio;
  const char *s;
  g_assert_true (g_variant_lookup (h, "configured", "b", &b) && b);
  g_assert_true (g_variant_lookup (h, "home", "b", &b) && b);
  g_assert_true (g_variant_lookup (h, "priority", "i", &prio) && prio == 10);
  g_assert_true (g_variant_lookup (h, "security", "&s", &s) && g_str_equal (s, "wpa-psk"));
  g_assert_true (g_variant_lookup (h, "name", "&s", &s) && g_str_equal (s, "homenet"));
  /* Without NetworkManager, visibility, signal and "current" are not
   * known: absent. */
  g_assert_false (has (h, "visible"));
  g_assert_false (has (h, "signal"));
  g_assert_false (has (h, "current"));
  g_assert_false (has (h, "interface"));
  /* A profile network's security is the profile's: not known here. */
  g_autoptr (GVariant) o = entry (list, "office");
  g_assert_false (has (o, "security"));
}

static void
test_with_network_manager (void)
{
  g_autoptr (GPtrArray) c = configured ();
  g_autoptr (GPtrArray) v = g_ptr_array_new_with_free_func (seen_free);
  g_ptr_array_add (v, seen ("homenet", MIP6_SECURITY_BIT (MIP6_SECURITY_WPA_PSK), 72));
  g_ptr_array_add (v, seen ("office", MIP6_SECURITY_BIT (MIP6_SECURITY_PROFILE), 30));
  g_ptr_array_add (v, seen ("stranger", MIP6_SECURITY_BIT (MIP6_SECURITY_WEP), 55));
  g_autoptr (GBytes) cur = g_bytes_new ("homenet", 7);
  g_autoptr (GVariant) list = g_variant_ref_sink (mip6_network_list_build (c, v, cur, "wlan0"));
  g_assert_cmpuint (g_variant_n_children (list), ==, 5);
  gboolean b;
  guint8 sig;
  const char *s;

  g_autoptr (GVariant) h = entry (list, "homenet");
  g_assert_true (g_variant_lookup (h, "visible", "b", &b) && b);
  g_assert_true (g_variant_lookup (h, "signal", "y", &sig) && sig == 72);
  g_assert_true (g_variant_lookup (h, "current", "b", &b) && b);
  g_assert_true (g_variant_lookup (h, "interface", "&s", &s) && g_str_equal (s, "wlan0"));

  g_autoptr (GVariant) w = entry (list, "visitnet");
  g_assert_true (g_variant_lookup (w, "visible", "b", &b) && !b);
  g_assert_true (g_variant_lookup (w, "current", "b", &b) && !b);
  g_assert_false (has (w, "signal"));

  g_autoptr (GVariant) o = entry (list, "office");
  g_assert_true (g_variant_lookup (o, "security", "&s", &s) && g_str_equal (s, "wpa-eap"));

  /* Not configured: no name, home or priority. */
  g_autoptr (GVariant) x = entry (list, "stranger");
  g_assert_true (g_variant_lookup (x, "configured", "b", &b) && !b);
  g_assert_false (has (x, "name"));
  g_assert_false (has (x, "home"));
  g_assert_false (has (x, "priority"));
  g_assert_true (g_variant_lookup (x, "security", "&s", &s) && g_str_equal (s, "wep"));
  g_assert_true (g_variant_lookup (x, "signal", "y", &sig) && sig == 55);
}

/* IEEE 802.11: an SSID is octets. The bytes survive in "ssid"; "essid"
 * is printable text. */
static void
test_non_utf8_ssid (void)
{
  g_autoptr (GPtrArray) c = configured ();
  g_autoptr (GVariant) list = g_variant_ref_sink (mip6_network_list_build (c, NULL, NULL, NULL));
  g_autoptr (GVariant) d = entry (list, "caf\\xe9");
  g_autoptr (GVariant) ssid = g_variant_lookup_value (d, "ssid", G_VARIANT_TYPE_BYTESTRING);
  gsize n;
  const guint8 *o = g_variant_get_fixed_array (ssid, &n, 1);
  g_assert_cmpmem (o, n, "caf\xe9", 4);
  g_autofree char *text = g_variant_print (d, FALSE);
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
test_differs (void)
{
  g_autoptr (GPtrArray) c = configured ();
  g_autoptr (GPtrArray) v = g_ptr_array_new_with_free_func (seen_free);
  g_ptr_array_add (v, seen ("homenet", MIP6_SECURITY_BIT (MIP6_SECURITY_WPA_PSK), 51));
  g_autoptr (GVariant) a = g_variant_ref_sink (mip6_network_list_build (c, v, NULL, NULL));
  ((Mip6VisibleNetwork *) g_ptr_array_index (v, 0))->signal = 58;
  g_autoptr (GVariant) b = g_variant_ref_sink (mip6_network_list_build (c, v, NULL, NULL));
  g_assert_false (mip6_network_list_differs (a, b));
  ((Mip6VisibleNetwork *) g_ptr_array_index (v, 0))->signal = 61;
  g_autoptr (GVariant) d = g_variant_ref_sink (mip6_network_list_build (c, v, NULL, NULL));
  g_assert_true (mip6_network_list_differs (a, d));
  g_autoptr (GBytes) cur = g_bytes_new ("homenet", 7);
  g_autoptr (GVariant) e = g_variant_ref_sink (mip6_network_list_build (c, v, cur, "wlan0"));
  g_assert_true (mip6_network_list_differs (d, e));
  g_autoptr (GVariant) f = g_variant_ref_sink (mip6_network_list_build (c, NULL, NULL, NULL));
  g_assert_true (mip6_network_list_differs (a, f));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/network-list/without-network-manager", test_without_network_manager);
  g_test_add_func ("/network-list/with-network-manager", test_with_network_manager);
  g_test_add_func ("/network-list/non-utf8-ssid", test_non_utf8_ssid);
  g_test_add_func ("/network-list/differs", test_differs);
  return g_test_run ();
}
