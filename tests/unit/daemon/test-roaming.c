/* Which known network mip6d joins, and when (roaming.h): the issue's
 * rules, "the best one, by priority and then signal, with the right
 * security", and only once the current network is lost. */
#include "config.h"

#include <string.h>

#include "networks-fixture.h"
#include "roaming.h"

static Mip6NetworkConfig *
net (const char *name, Mip6Security security, gint priority)
{
  return fixture_network (name, name, strlen (name), security, priority);
}

#define net_free fixture_network_free
#define seen_free fixture_visible_free

#define OPEN MIP6_SECURITY_BIT (MIP6_SECURITY_OPEN)
#define WEP MIP6_SECURITY_BIT (MIP6_SECURITY_WEP)
#define PSK MIP6_SECURITY_BIT (MIP6_SECURITY_WPA_PSK)
#define SAE MIP6_SECURITY_BIT (MIP6_SECURITY_SAE)

typedef struct
{
  GPtrArray *configured, *visible;
  Mip6Roaming *r;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->configured = g_ptr_array_new_with_free_func (net_free);
  f->visible = g_ptr_array_new_with_free_func (seen_free);
  f->r = mip6_roaming_new ();
  g_ptr_array_add (f->configured, net ("homenet", MIP6_SECURITY_WPA_PSK, 10));
  g_ptr_array_add (f->configured, net ("visitnet", MIP6_SECURITY_WEP, 5));
  g_ptr_array_add (f->configured, net ("visitnet2", MIP6_SECURITY_OPEN, 5));
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_ptr_array_unref (f->configured);
  g_ptr_array_unref (f->visible);
  mip6_roaming_free (f->r);
}

static const char *
chosen (Fixture *f, const char *iface, gint64 now)
{
  Mip6RoamChoice c = { 0 };
  if (!mip6_roaming_choose (f->r, f->configured, f->visible, iface, now, &c))
    return NULL;
  g_assert_true (g_bytes_equal (c.network->ssid, c.seen->ssid));
  return c.network->name;
}

static void
test_priority_then_signal (Fixture *f, gconstpointer data)
{
  g_ptr_array_add (f->visible, fixture_visible ("visitnet", WEP, 90, "wlan0"));
  g_ptr_array_add (f->visible, fixture_visible ("visitnet2", OPEN, 40, "wlan0"));
  /* Equal priority: the stronger signal. */
  g_assert_cmpstr (chosen (f, NULL, 0), ==, "visitnet");
  /* A higher priority beats a stronger signal. */
  g_ptr_array_add (f->visible, fixture_visible ("homenet", PSK, 10, "wlan0"));
  g_assert_cmpstr (chosen (f, NULL, 0), ==, "homenet");
  /* Unknown networks are never chosen, however strong. */
  g_ptr_array_add (f->visible, fixture_visible ("cafe", OPEN, 100, "wlan0"));
  g_assert_cmpstr (chosen (f, NULL, 0), ==, "homenet");
}

/* An access point that offers another security than configured is not
 * that network (an open "homenet" is an impostor, a downgrade). */
static void
test_security_must_match (Fixture *f, gconstpointer data)
{
  g_ptr_array_add (f->visible, fixture_visible ("homenet", OPEN, 100, "wlan0"));
  g_ptr_array_add (f->visible, fixture_visible ("visitnet", OPEN, 80, "wlan0"));
  g_ptr_array_add (f->visible, fixture_visible ("visitnet2", WEP, 70, "wlan0"));
  g_assert_null (chosen (f, NULL, 0));

  const Mip6NetworkConfig *home = g_ptr_array_index (f->configured, 0);
  /* WPA2/WPA3 transition mode offers both. */
  g_assert_true (mip6_roaming_security_fits (home, PSK | SAE));
  g_assert_false (mip6_roaming_security_fits (home, SAE));
  g_autoptr (GPtrArray) sae = g_ptr_array_new_with_free_func (net_free);
  Mip6NetworkConfig *s = net ("homenet", MIP6_SECURITY_SAE, 0);
  g_ptr_array_add (sae, s);
  g_assert_true (mip6_roaming_security_fits (s, PSK | SAE));
  g_assert_false (mip6_roaming_security_fits (s, PSK));
}

static void
test_interface_filter (Fixture *f, gconstpointer data)
{
  g_ptr_array_add (f->visible, fixture_visible ("homenet", PSK, 50, "wlan1"));
  g_ptr_array_add (f->visible, fixture_visible ("visitnet", WEP, 50, "wlan0"));
  g_assert_cmpstr (chosen (f, "wlan0", 0), ==, "visitnet");
  g_assert_cmpstr (chosen (f, "wlan1", 0), ==, "homenet");
  g_assert_null (chosen (f, "wlan2", 0));
}

static void
test_back_off (Fixture *f, gconstpointer data)
{
  g_ptr_array_add (f->visible, fixture_visible ("homenet", PSK, 50, "wlan0"));
  g_ptr_array_add (f->visible, fixture_visible ("visitnet", WEP, 50, "wlan0"));
  gint64 t = 1000;
  g_assert_cmpint (mip6_roaming_next_retry (f->r, t), ==, G_MAXINT64);
  mip6_roaming_failed (f->r, "homenet", t);
  /* The next best while homenet waits. */
  g_assert_cmpstr (chosen (f, NULL, t), ==, "visitnet");
  g_assert_cmpint (mip6_roaming_next_retry (f->r, t), ==, t + MIP6_ROAMING_RETRY_FIRST_US);
  g_assert_cmpstr (chosen (f, NULL, t + MIP6_ROAMING_RETRY_FIRST_US), ==, "homenet");
  /* Each failure doubles the wait, up to the bound. */
  mip6_roaming_failed (f->r, "homenet", t);
  g_assert_cmpint (mip6_roaming_next_retry (f->r, t), ==, t + 2 * MIP6_ROAMING_RETRY_FIRST_US);
  for (int i = 0; i < 20; i++)
    mip6_roaming_failed (f->r, "homenet", t);
  g_assert_cmpint (mip6_roaming_next_retry (f->r, t), ==, t + MIP6_ROAMING_RETRY_MAX_US);
  mip6_roaming_joined (f->r, "homenet");
  g_assert_cmpstr (chosen (f, NULL, t), ==, "homenet");
}

static void
test_lost_not_user (Fixture *f, gconstpointer data)
{
  Mip6NmDevice d = { .interface = "wlan0", .managed = TRUE, .wifi = TRUE };
  /* Never connected: NM's autoconnect is in charge, not mip6d. */
  g_assert_false (mip6_roaming_device_changed (f->r, &d));
  d.activated = TRUE;
  g_assert_false (mip6_roaming_device_changed (f->r, &d));
  d.activated = FALSE;
  g_assert_true (mip6_roaming_device_changed (f->r, &d));
  g_assert_true (mip6_roaming_wants (f->r, "wlan0"));
  /* NM is already joining something: wait for it. */
  d.connecting = TRUE;
  g_assert_false (mip6_roaming_device_changed (f->r, &d));
  d.connecting = FALSE;
  g_assert_true (mip6_roaming_device_changed (f->r, &d));
  d.activated = TRUE;
  g_assert_false (mip6_roaming_device_changed (f->r, &d));
  g_assert_false (mip6_roaming_wants (f->r, "wlan0"));

  /* A person's disconnect is respected. */
  d.activated = FALSE;
  d.disconnected_by_user = TRUE;
  g_assert_false (mip6_roaming_device_changed (f->r, &d));
  g_assert_false (mip6_roaming_wants (f->r, "wlan0"));

  /* Ethernet and unmanaged devices are never roamed. */
  Mip6NmDevice eth = { .interface = "eth0", .managed = TRUE, .activated = TRUE };
  g_assert_false (mip6_roaming_device_changed (f->r, &eth));
  eth.activated = FALSE;
  g_assert_false (mip6_roaming_device_changed (f->r, &eth));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/roaming/priority-then-signal", Fixture, NULL, setup, test_priority_then_signal,
              teardown);
  g_test_add ("/roaming/security-must-match", Fixture, NULL, setup, test_security_must_match,
              teardown);
  g_test_add ("/roaming/interface-filter", Fixture, NULL, setup, test_interface_filter, teardown);
  g_test_add ("/roaming/back-off", Fixture, NULL, setup, test_back_off, teardown);
  g_test_add ("/roaming/lost-not-user", Fixture, NULL, setup, test_lost_not_user, teardown);
  return g_test_run ();
}
