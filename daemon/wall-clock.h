/* wall-clock.h: points in time for the D-Bus API.
 *
 * The API gives a point in time as microseconds since the Unix epoch
 * (CLOCK_REALTIME); the engines count in monotonic microseconds. The same
 * monotonic time always maps to the same wall-clock time, so a property
 * derived from it changes only when the engine's time does, until the
 * wall clock itself is stepped.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Microseconds since the Unix epoch for @monotonic_us (g_get_monotonic_time
 * base); 0 for 0 ("none"). */
guint64 mip6_wall_clock_us (gint64 monotonic_us);

G_END_DECLS
