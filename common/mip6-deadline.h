/* mip6-deadline.h — a GLib main-loop timer armed for a monotonic deadline,
 * which is how the sans-I/O cores ask to be woken (ARM_TIMER). */
#pragma once

#include <glib.h>

/* Replaces the timer in *@source with one that calls @func at @deadline
 * (g_get_monotonic_time () microseconds, rounded up to the millisecond);
 * @never (the core's "no timer") only removes it. */
void mip6_deadline_arm (guint *source, gint64 deadline, gint64 never, GSourceFunc func,
                        gpointer data);
