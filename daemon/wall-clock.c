/* wall-clock.c: monotonic engine times as wall-clock times. */
#include "wall-clock.h"

/* A clock step smaller than this is jitter between reading the two
 * clocks, not a step: the offset in use stays. */
#define STEP_US (G_USEC_PER_SEC / 2)

guint64
mip6_wall_clock_us (gint64 monotonic_us)
{
  static gboolean known;
  static gint64 offset;
  gint64 now_offset = g_get_real_time () - g_get_monotonic_time ();

  if (!known || ABS (now_offset - offset) > STEP_US)
    {
      offset = now_offset;
      known = TRUE;
    }
  if (monotonic_us == 0 || monotonic_us + offset < 0)
    return 0;
  return (guint64) (monotonic_us + offset);
}
