/* Protocol constants of the mobile node core.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

/* RFC 6275 §13: default of the configuration variable
 * InitialBindackTimeoutFirstReg, used for the first registration with a home
 * agent because the home agent runs DAD for the home address first. */
#define MIP6_INITIAL_BINDACK_TIMEOUT_FIRST_REG (1500 * G_TIME_SPAN_MILLISECOND)
/* RFC 6275 §12 */
#define MIP6_INITIAL_BINDACK_TIMEOUT (1 * G_TIME_SPAN_SECOND)
#define MIP6_MAX_BINDACK_TIMEOUT (32 * G_TIME_SPAN_SECOND)
/* RFC 6275 §12: applies to correspondent registrations only (return
 * routability); home registrations are bounded by address lifetimes. */
#define MIP6_MAX_RR_BINDING_LIFETIME_S 420u

/* RFC 6275 §12: Dynamic Home Agent Address Discovery (§11.4.1) waits this
 * long for the first Reply, doubling after each retransmission, of which
 * there are at most MAX_DHAAD_RETRIES. */
#define MIP6_INITIAL_DHAAD_TIMEOUT (3 * G_TIME_SPAN_SECOND)
#define MIP6_MAX_DHAAD_RETRIES 4

/* RFC 6275 §12: at most this many Binding Updates a second (§11.8). */
#define MIP6_MAX_UPDATE_RATE 3
/* After this many Binding Updates of one registration went unanswered the
 * person is told the home agent is unreachable (our choice: 4.5 s with the
 * §13 timeouts); retransmissions go on regardless (§11.8). */
#define MIP6_MN_UNANSWERED_LIMIT 2

/* RFC 4861 §10 (host and node constants). */
#define MIP6_MAX_NEIGHBOR_ADVERTISEMENT 3
#define MIP6_MAX_MULTICAST_SOLICIT 3
#define MIP6_RETRANS_TIMER (1 * G_TIME_SPAN_SECOND)
#define MIP6_MAX_RTR_SOLICITATIONS 3
#define MIP6_RTR_SOLICITATION_INTERVAL (4 * G_TIME_SPAN_SECOND)
#define MIP6_MAX_RA_DELAY_TIME (500 * G_TIME_SPAN_MILLISECOND)
/* RFC 6275 §11.5.1 lets a mobile node solicit faster than RFC 4861 to detect
 * movement quickly: our retries are 1 s apart instead of 4 s. */
#define MIP6_MN_RTR_SOLICITATION_INTERVAL (1 * G_TIME_SPAN_SECOND)
/* After MAX_RTR_SOLICITATIONS unanswered, keep soliciting with doubling
 * intervals (as RFC 7559 does) but capped at this, our choice for a roaming
 * laptop (RFC 7559's cap of an hour is too slow for it). */
#define MIP6_MN_MAX_RTR_SOLICITATION_INTERVAL (60 * G_TIME_SPAN_SECOND)

/* Status codes, flags and the lifetime unit of the Mobility Header are the
 * codec's (proto/mh.h), shared with the home agent. */
#include "proto/mh.h"
