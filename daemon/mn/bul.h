/* The binding update list entry for the home agent (RFC 6275 §11.1, §11.7.1,
 * §11.7.3, §11.8).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "mn/constants.h"
#include "mn/event.h"

G_BEGIN_DECLS

typedef enum
{
  MIP6_BUL_NONE,
  MIP6_BUL_REGISTERING,
  MIP6_BUL_REGISTERED,
  MIP6_BUL_DEREGISTERING,
} Mip6BulState;

typedef enum
{
  MIP6_BUL_RESULT_NONE,
  MIP6_BUL_RESULT_IGNORED,      /* BA/BRR not for the outstanding BU */
  MIP6_BUL_RESULT_REGISTERED,   /* new care-of address accepted */
  MIP6_BUL_RESULT_REFRESHED,    /* same care-of address accepted again */
  MIP6_BUL_RESULT_DEREGISTERED, /* acknowledged, or binding lapsed at the HA */
  MIP6_BUL_RESULT_RETRY,        /* status 135: BU sent again */
  MIP6_BUL_RESULT_REJECTED,     /* BA with an error status, or accepted with lifetime 0 */
  MIP6_BUL_RESULT_RETRY_LATER,  /* status 128 or 130: retransmitted on the back-off schedule */
  MIP6_BUL_RESULT_UNANSWERED,   /* MIP6_MN_UNANSWERED_LIMIT BUs unanswered (once per attempt) */
  MIP6_BUL_RESULT_EXPIRED,      /* our binding's lifetime ran out */
} Mip6BulResult;

typedef struct
{
  guint bu_sent;
  guint bu_retransmitted;
  guint ba_accepted;
  guint ba_rejected;
  guint ba_ignored;
  guint brr_received;
  guint be_received;
} Mip6BulStats;

typedef struct
{
  struct in6_addr home_agent;
  struct in6_addr home_address;
  struct in6_addr coa; /* of the last BU sent (home address when deregistering) */
  guint32 max_lifetime_s;

  Mip6BulState state;
  gboolean outstanding; /* a BU waits for its BA */
  gboolean binding;     /* the HA accepted a binding that has not expired */
  gboolean sent_any;    /* a sequence number was ever used */
  gboolean suspended;   /* no link: nothing is sent until resumed */
  guint16 seq;          /* of the last BU sent */
  guint32 lifetime_s;   /* requested by the last BU */
  guint32 granted_s;
  gint64 coa_valid_until;
  gint64 hoa_valid_until;

  gint64 sent_at; /* last transmission */
  /* §11.8 MAX_UPDATE_RATE: when the last ones were sent (a ring), and a BU
   * held back until the rate allows it. */
  gint64 sent_times[MIP6_MAX_UPDATE_RATE];
  guint sent_times_next;
  gboolean pending;
  gint64 pending_interval;
  guint unanswered;           /* timeouts of the current registration attempt */
  gboolean link_local_compat; /* set L in home registrations (§11.7.1) */
  gint64 retrans_at;
  gint64 retrans_interval;
  gboolean failure_reported;
  gint64 refresh_at;
  gint64 expires_at;  /* of our accepted binding */
  gint64 ha_may_hold; /* latest time the HA may still hold some binding of ours */
  /* ha_may_hold before the current attempt's first BU, and that BU's
   * number: a refusal of it means the attempt left nothing at the HA. */
  gint64 ha_may_hold_before;
  guint16 attempt_seq;
  gboolean attempt_fresh; /* the next BU sent starts an attempt */

  Mip6BulStats stats;
} Mip6Bul;

void mip6_bul_init (Mip6Bul *bul, const struct in6_addr *home_agent,
                    const struct in6_addr *home_address, guint32 max_lifetime_s,
                    guint16 initial_seq);
/* Lifetime a BU sent now would request (§11.7.1). */
guint32 mip6_bul_lifetime (const Mip6Bul *bul, gint64 now, gint64 coa_valid_until,
                           gint64 hoa_valid_until);
/* Sends a home registration for this care-of address. */
void mip6_bul_register (Mip6Bul *bul, gint64 now, const struct in6_addr *coa,
                        gint64 coa_valid_until, gint64 hoa_valid_until, GArray *actions);
/* §11.5.4: sends a deregistration; FALSE when the HA cannot hold a binding. */
gboolean mip6_bul_deregister (Mip6Bul *bul, gint64 now, GArray *actions);
/* Stops retransmitting (link gone); what the HA holds is remembered. */
/* The home agent may hold a binding of ours until @until (left by an
 * earlier run): a deregistration is sent even without a known binding. */
void mip6_bul_assume_binding_until (Mip6Bul *bul, gint64 until);
void mip6_bul_suspend (Mip6Bul *bul);
/* The HA says it has no binding for us (Binding Error status 1). */
/* The link is back on the network of the current binding. */
void mip6_bul_resume (Mip6Bul *bul);
void mip6_bul_forget_binding (Mip6Bul *bul);
Mip6BulResult mip6_bul_ba (Mip6Bul *bul, gint64 now, const Mip6Ba *ba, GArray *actions);
Mip6BulResult mip6_bul_brr (Mip6Bul *bul, gint64 now, const Mip6Brr *brr, GArray *actions);
Mip6BulResult mip6_bul_timer (Mip6Bul *bul, gint64 now, GArray *actions);
gint64 mip6_bul_next_deadline (const Mip6Bul *bul);

const char *mip6_bul_state_name (Mip6BulState state);
/* A translated sentence for a BA status. */
const char *mip6_ba_status_reason (guint8 status);

G_END_DECLS
