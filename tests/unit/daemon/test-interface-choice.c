/* interface = list | auto (mip6d.conf(5)): which interface is used. */
#include "config.h"

#include "interface-choice.h"

static const char *const dock_first[] = { "eth0", "wlan0", NULL };

static void
test_preference_list (void)
{
  Mip6InterfaceState links[] = {
    { "lo", TRUE, FALSE },
    { "wlan0", TRUE, TRUE },
    { "eth0", TRUE, TRUE },
  };
  /* Docked: the first of the list. */
  g_assert_cmpstr (mip6_interface_choose (dock_first, links, 3, "wlan0", "wlan0"), ==, "eth0");
  /* Undocked: the next one. */
  links[2].usable = FALSE;
  g_assert_cmpstr (mip6_interface_choose (dock_first, links, 3, NULL, "eth0"), ==, "wlan0");
  /* Nothing usable: stay (detached) on the one in use. */
  links[1].usable = FALSE;
  g_assert_cmpstr (mip6_interface_choose (dock_first, links, 3, NULL, "wlan0"), ==, "wlan0");
  g_assert_cmpstr (mip6_interface_choose (dock_first, links, 3, NULL, NULL), ==, "eth0");
  /* Interfaces not in the list are never used. */
  g_assert_null (mip6_interface_choose (dock_first, links, 1, NULL, NULL));
  /* A USB adapter that is not there yet. */
  Mip6InterfaceState only_wifi[] = { { "wlan0", TRUE, TRUE } };
  g_assert_cmpstr (mip6_interface_choose (dock_first, only_wifi, 1, NULL, NULL), ==, "wlan0");
}

static void
test_auto (void)
{
  Mip6InterfaceState links[] = {
    { "lo", TRUE, FALSE },   { "br0", TRUE, FALSE }, { "eth0", FALSE, TRUE },
    { "wlan0", TRUE, TRUE }, { "eth1", TRUE, TRUE },
  };
  /* NetworkManager's primary connection decides. */
  g_assert_cmpstr (mip6_interface_choose (NULL, links, 5, "eth1", "wlan0"), ==, "eth1");
  /* Without one, the interface in use stays while it is up. */
  g_assert_cmpstr (mip6_interface_choose (NULL, links, 5, NULL, "eth1"), ==, "eth1");
  /* A primary connection whose link is down is not followed. */
  g_assert_cmpstr (mip6_interface_choose (NULL, links, 5, "eth0", "wlan0"), ==, "wlan0");
  /* Else the first Ethernet-like link that is up, never lo or a bridge. */
  g_assert_cmpstr (mip6_interface_choose (NULL, links, 5, NULL, NULL), ==, "wlan0");
  links[3].usable = links[4].usable = FALSE;
  g_assert_null (mip6_interface_choose (NULL, links, 5, NULL, NULL));
  g_assert_cmpstr (mip6_interface_choose (NULL, links, 5, NULL, "wlan0"), ==, "wlan0");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/interface-choice/preference-list", test_preference_list);
  g_test_add_func ("/interface-choice/auto", test_auto);
  return g_test_run ();
}
