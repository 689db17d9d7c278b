/* mip6-names.h: the names the daemon, mip6ctl and the applet agree on.
 *
 * Bus name, object paths, interface names and polkit action ids live here
 * only, so a rename is one edit.
 */
#pragma once

/* The well-known name mip6d owns on the system bus. */
#define MIP6_DBUS_NAME "org.mip6"

/* The object manager lives at the root; every object is below it. */
#define MIP6_DBUS_PATH "/org/mip6"
#define MIP6_DBUS_PATH_DAEMON "/org/mip6/Daemon"
#define MIP6_DBUS_PATH_MOBILE_NODE "/org/mip6/MobileNode"
#define MIP6_DBUS_PATH_HOME_AGENT "/org/mip6/HomeAgent"

#define MIP6_DBUS_IFACE_DAEMON "org.mip6.Daemon1"
#define MIP6_DBUS_IFACE_MOBILE_NODE "org.mip6.MobileNode1"
#define MIP6_DBUS_IFACE_HOME_AGENT "org.mip6.HomeAgent1"

/* polkit actions (polkit/org.mip6.policy). Reading state needs none. */
#define MIP6_ACTION_ROAM "org.mip6.roam"
#define MIP6_ACTION_REREGISTER "org.mip6.reregister"
#define MIP6_ACTION_CONFIGURE "org.mip6.configure"
