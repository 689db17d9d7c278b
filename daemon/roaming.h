/* roaming.h: when mip6d joins a known Wi-Fi network, and which one.
 *
 * Sans-I/O: fed the configured networks, what NetworkManager sees and the
 * clock; the adapter asks NetworkManager to act. mip6d joins a network by
 * itself only when the one in use was lost (not when a person
 * disconnected), picks the visible known network with the highest
 * priority, then the strongest signal, and never one whose access points
 * offer another security than configured: an open access point with the
 * home network's name is not the home network. A network whose activation
 * failed is left alone for a while, doubling up to a bound.
 */
#pragma once

#include <glib.h>

#include "configuration.h"
#include "network-manager.h"

G_BEGIN_DECLS

/* Back-off of a network whose activation failed. */
#define MIP6_ROAMING_RETRY_FIRST_US (5 * G_USEC_PER_SEC)
#define MIP6_ROAMING_RETRY_MAX_US (300 * G_USEC_PER_SEC)

typedef struct _Mip6Roaming Mip6Roaming;

typedef struct
{
  const Mip6NetworkConfig *network;
  const Mip6VisibleNetwork *seen;
} Mip6RoamChoice;

Mip6Roaming *mip6_roaming_new (void);
void mip6_roaming_free (Mip6Roaming *roaming);

/* Whether access points offering @offered (MIP6_SECURITY_BIT()s) can be
 * @network: they must offer its configured security. */
gboolean mip6_roaming_security_fits (const Mip6NetworkConfig *network, guint offered);

/* A Wi-Fi device NM reported; returns TRUE when mip6d should pick a
 * network for it now: the network it used was lost and NM is not already
 * joining another. */
gboolean mip6_roaming_device_changed (Mip6Roaming *roaming, const Mip6NmDevice *device);
/* Whether the device is still waiting for a network (lost and not yet
 * joined). */
gboolean mip6_roaming_wants (Mip6Roaming *roaming, const char *interface);

/* The best visible known network, for @interface (NULL: any device);
 * FALSE when none fits. @configured holds Mip6NetworkConfig *, @visible
 * Mip6VisibleNetwork *. */
gboolean mip6_roaming_choose (Mip6Roaming *roaming, const GPtrArray *configured,
                              const GPtrArray *visible, const char *interface, gint64 now,
                              Mip6RoamChoice *choice);

/* The outcome of an activation of @name. */
void mip6_roaming_failed (Mip6Roaming *roaming, const char *name, gint64 now);
void mip6_roaming_joined (Mip6Roaming *roaming, const char *name);
/* When a network that failed may be tried again; G_MAXINT64: none waits. */
gint64 mip6_roaming_next_retry (Mip6Roaming *roaming, gint64 now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Roaming, mip6_roaming_free)

G_END_DECLS
