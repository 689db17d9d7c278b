/* Helpers shared by the mobile node core's unit tests: build events, print
 * actions. The test bed's addresses come from DESIGN.md.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "mn/mn.h"

#define HA "fec0:106:2700::2"
#define HOA "fec0:106:2700::4"
#define HOME_PREFIX "fec0:106:2700::"
#define HOME_ROUTER "fe80::2700:1"
#define HA_LL "fe80::2700:2"
#define AR "fe80::1100:1"
#define VISIT_PREFIX "fec0:106:1100::"
#define COA1 "fec0:106:1100:0:200:ff:fe00:4"
#define AR2 "fe80::1000:1"
#define VISIT2_PREFIX "fec0:106:1000::"
#define COA2 "fec0:106:1000:0:200:ff:fe00:4"

#define MS(x) ((gint64) (x) *G_TIME_SPAN_MILLISECOND)
#define SEC(x) ((gint64) (x) *G_TIME_SPAN_SECOND)

struct in6_addr A (const char *text);
Mip6MnConfig test_config (guint16 initial_seq);

Mip6Event ev_link_up (gint64 now);
Mip6Event ev_link_down (gint64 now);
/* An RA with one on-link autonomous /64 prefix (valid 86400, preferred
 * 14400), router lifetime 1800 s. */
Mip6Event ev_ra (gint64 now, const char *router, const char *prefix, gboolean h_flag,
                 guint32 adv_interval_ms);
Mip6Event ev_addr (gint64 now, const char *addr, guint flags, guint32 valid, guint32 preferred);
Mip6Event ev_addr_removed (gint64 now, const char *addr);
Mip6Event ev_ba (gint64 now, guint8 status, guint16 seq, guint32 lifetime, guint32 refresh);
Mip6Event ev_timer (gint64 now);

/* Feeds an event to a fresh action list and returns its lines. */
GStrv feed (Mip6Mn *mn, const Mip6Event *ev);
/* Asserts the lines equal expected (NULL-terminated), printing both on
 * mismatch. */
void assert_lines (GStrv got, const char *const *expected);
#define ASSERT_LINES(got, ...)                                                                     \
  do                                                                                               \
    {                                                                                              \
      const char *const exp_[] = { __VA_ARGS__, NULL };                                            \
      assert_lines ((got), exp_);                                                                  \
    }                                                                                              \
  while (0)
#define ASSERT_NO_LINES(got) assert_lines ((got), (const char *const[]){ NULL })
/* The first line starting with prefix, or NULL. */
const char *find_line (GStrv lines, const char *prefix);
