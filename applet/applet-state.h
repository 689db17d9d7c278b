/* applet-state.h: what the applet shows for the mobile node's state, as
 * words, icon names and sentences. Pure: no GTK, no D-Bus, no clock. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MIP6_APPLET_OFFLINE, /* mip6d is not on the bus */
  MIP6_APPLET_DETACHED,
  MIP6_APPLET_HOME,
  MIP6_APPLET_REGISTERING,
  MIP6_APPLET_FOREIGN,
  MIP6_APPLET_UNREGISTERED,
} Mip6AppletState;

/* The State property's value; NULL (no daemon) is OFFLINE, an unknown
 * value DETACHED, the state that claims least. */
Mip6AppletState mip6_applet_state_from_string (const char *state);

const char *mip6_applet_state_icon_name (Mip6AppletState state);

/* The applet's own sentence for a StateReason token, with the status
 * filled in; for a token it does not know, the daemon's sentence. NULL
 * when there is nothing to say. */
char *mip6_applet_reason_sentence (const char *token, guint status, const char *daemon_sentence);

/* The menu's state line. */
char *mip6_applet_state_words (Mip6AppletState state, const char *reason_sentence);

/* One line for the tooltip and the indicator's title: state, network (or,
 * on a wired link, the interface) and care-of address. */
char *mip6_applet_tooltip (Mip6AppletState state, const char *network, const char *interface,
                           const char *care_of_address);

/* "Binding expires in M min S s" at now_us, both in microseconds since the
 * epoch; "No binding" when expires_us is 0. */
char *mip6_applet_expiry_words (guint64 expires_us, gint64 now_us);

/* BindingExpires in microseconds since the epoch. mip6d before the
 * microsecond convention sent seconds: a value below 10^11 cannot be
 * microseconds of any date after 1970-01-02, so it is taken as seconds. */
guint64 mip6_applet_binding_expires_us (guint64 property_value);

/* CanReregister and CanRoam for a mip6d that does not have them yet. */
gboolean mip6_applet_can_reregister_for_state (Mip6AppletState state);
gboolean mip6_applet_can_roam_for_state (Mip6AppletState state);

/* A network's label in "Roam to": its name, marked home and current. */
char *mip6_applet_network_label (const char *name, gboolean home, gboolean current);

/* A value for "Home address: %s" and its kin: "none" when empty. */
const char *mip6_applet_value_or_none (const char *value);

G_END_DECLS
