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
/* RFC 6275 §6.1.7: the Lifetime field is 16 bits in units of 4 seconds. */
#define MIP6_MAX_BU_LIFETIME_S (65535u * 4u)

/* RFC 4861 §10 (host constants). */
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

/* RFC 6275 §6.1.8 Binding Acknowledgement status values. */
enum
{
  MIP6_BA_STATUS_ACCEPTED = 0,
  MIP6_BA_STATUS_ACCEPTED_PREFIX_DISCOVERY = 1,
  MIP6_BA_STATUS_UNSPECIFIED = 128,
  MIP6_BA_STATUS_PROHIBITED = 129,
  MIP6_BA_STATUS_INSUFFICIENT_RESOURCES = 130,
  MIP6_BA_STATUS_HOME_REG_NOT_SUPPORTED = 131,
  MIP6_BA_STATUS_NOT_HOME_SUBNET = 132,
  MIP6_BA_STATUS_NOT_HA_FOR_MN = 133,
  MIP6_BA_STATUS_DAD_FAILED = 134,
  MIP6_BA_STATUS_SEQ_OUT_OF_WINDOW = 135,
};

/* RFC 6275 §6.1.9 Binding Error status values. */
enum
{
  MIP6_BE_STATUS_UNKNOWN_BINDING = 1,
  MIP6_BE_STATUS_UNRECOGNIZED_MH_TYPE = 2,
};

/* RFC 6275 §6.1.7 Binding Update flags, as they sit in the flags octet. */
enum
{
  MIP6_BU_FLAG_A = 0x80,
  MIP6_BU_FLAG_H = 0x40,
  MIP6_BU_FLAG_L = 0x20,
  MIP6_BU_FLAG_K = 0x10,
};
