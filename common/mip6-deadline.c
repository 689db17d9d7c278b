/* mip6-deadline.c — main-loop timers for monotonic deadlines. */
#include "mip6-deadline.h"

void
mip6_deadline_arm (guint *source, gint64 deadline, gint64 never, GSourceFunc func, gpointer data)
{
  g_clear_handle_id (source, g_source_remove);
  if (deadline == never)
    return;
  gint64 delay_ms = (deadline - g_get_monotonic_time () + 999) / 1000;
  *source = g_timeout_add ((guint) CLAMP (delay_ms, 0, G_MAXINT), func, data);
}
