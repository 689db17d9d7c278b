/* mip6-enums.h: enumerations shared by mip6d and its clients, with their
 * D-Bus string forms (the strings are API: documented in the interface XML).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MIP6_ROLE_MOBILE_NODE,
  MIP6_ROLE_HOME_AGENT,
} Mip6Role;

/* Where the mobile node stands, as Mip6MobileNode1.State says it. */
typedef enum
{
  MIP6_MN_STATE_DETACHED,     /* no usable link */
  MIP6_MN_STATE_HOME,         /* on the home link, no binding needed */
  MIP6_MN_STATE_REGISTERING,  /* away, Binding Update sent, no Ack yet */
  MIP6_MN_STATE_FOREIGN,      /* away, registered with the home agent */
  MIP6_MN_STATE_UNREGISTERED, /* away, registration failed: care-of address only */
} Mip6MnState;

typedef enum
{
  MIP6_DATAPATH_AUTO,
  MIP6_DATAPATH_KERNEL,
  MIP6_DATAPATH_USERSPACE,
} Mip6Datapath;

const char *mip6_role_to_string (Mip6Role role);
gboolean mip6_role_from_string (const char *str, Mip6Role *out);

const char *mip6_mn_state_to_string (Mip6MnState state);
gboolean mip6_mn_state_from_string (const char *str, Mip6MnState *out);

const char *mip6_datapath_to_string (Mip6Datapath datapath);
gboolean mip6_datapath_from_string (const char *str, Mip6Datapath *out);

G_END_DECLS
