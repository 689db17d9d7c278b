/* The binding update list entry for the home agent.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "mn/bul.h"
#include "mn/action.h"
#include "mn/constants.h"

#include <glib/gi18n.h>
#include <string.h>

void
mip6_bul_init (Mip6Bul *bul, const struct in6_addr *home_agent, const struct in6_addr *home_address,
               guint32 max_lifetime_s, guint16 initial_seq)
{
  memset (bul, 0, sizeof *bul);
  bul->home_agent = *home_agent;
  bul->home_address = *home_address;
  bul->max_lifetime_s = max_lifetime_s;
  /* RFC 6275 does not fix the first value; the caller picks it (at random
   * in the daemon, so a restarted MN does not reuse recent numbers, and a
   * status 135 corrects us if it does). seq holds "the previous one". */
  bul->seq = (guint16) (initial_seq - 1);
  bul->retrans_at = G_MAXINT64;
  bul->refresh_at = G_MAXINT64;
  bul->expires_at = G_MAXINT64;
  bul->ha_may_hold = G_MININT64;
  for (guint i = 0; i < G_N_ELEMENTS (bul->sent_times); i++)
    bul->sent_times[i] = G_MININT64 / 2;
}

static gint64
remaining_s (gint64 now, gint64 until)
{
  if (until == G_MAXINT64)
    return G_MAXINT64;
  return until > now ? (until - now) / G_TIME_SPAN_SECOND : 0;
}

guint32
mip6_bul_lifetime (const Mip6Bul *bul, gint64 now, gint64 coa_valid_until, gint64 hoa_valid_until)
{
  gint64 lt = MIP6_MH_LIFETIME_MAX_S;

  if (bul->max_lifetime_s)
    lt = MIN (lt, bul->max_lifetime_s);
  /* §11.7.1: no longer than the remaining valid lifetimes of the home
   * address and of the care-of address. */
  lt = MIN (lt, remaining_s (now, coa_valid_until));
  lt = MIN (lt, remaining_s (now, hoa_valid_until));
  /* §6.1.7: the field counts units of 4 s; round down so the bound holds,
   * but never to 0, which would ask for deregistration. */
  lt -= lt % MIP6_MH_LIFETIME_UNIT_S;
  return (guint32) MAX (lt, MIP6_MH_LIFETIME_UNIT_S);
}

static void
send_bu (Mip6Bul *bul, gint64 now, GArray *actions, gint64 interval)
{
  gboolean dereg = bul->state == MIP6_BUL_DEREGISTERING;
  gint64 oldest = bul->sent_times[bul->sent_times_next];

  bul->outstanding = TRUE;
  bul->suspended = FALSE;
  /* §11.8: no more than MAX_UPDATE_RATE Binding Updates a second; one more
   * waits until the oldest of those is a second old. */
  if (now - oldest < G_TIME_SPAN_SECOND)
    {
      bul->pending = TRUE;
      bul->pending_interval = interval;
      bul->retrans_at = oldest + G_TIME_SPAN_SECOND;
      return;
    }
  bul->pending = FALSE;
  bul->sent_times[bul->sent_times_next] = now;
  bul->sent_times_next = (bul->sent_times_next + 1) % MIP6_MAX_UPDATE_RATE;

  Mip6Action *a = mip6_actions_add (actions, MIP6_ACTION_SEND_BU);

  /* §11.7.1: each BU carries a sequence number greater (modulo 2^16) than
   * the previous one. Retransmissions are new BUs too: if only the BA was
   * lost, the HA accepts the retransmission instead of answering 135. */
  bul->seq = (guint16) (bul->seq + 1);
  bul->sent_any = TRUE;
  bul->sent_at = now;
  bul->retrans_interval = interval;
  bul->retrans_at = now + interval;
  bul->stats.bu_sent++;
  if (bul->attempt_fresh)
    {
      bul->attempt_fresh = FALSE;
      bul->attempt_seq = bul->seq;
      bul->ha_may_hold_before = bul->ha_may_hold;
    }
  if (!dereg)
    bul->ha_may_hold = MAX (bul->ha_may_hold, now + (gint64) bul->lifetime_s * G_TIME_SPAN_SECOND);

  a->bu.dst = bul->home_agent;
  /* §11.5.4: at home the deregistration is sent from the home address. */
  a->bu.src = dereg ? bul->home_address : bul->coa;
  a->bu.hoa = bul->home_address;
  a->bu.coa = bul->coa;
  a->bu.seq = bul->seq;
  a->bu.lifetime_s = bul->lifetime_s;
  /* §11.7.1: home registration: A (acknowledge) and H (home registration). */
  a->bu.flags = MIP6_BU_FLAG_A | MIP6_BU_FLAG_H;
  /* §11.7.1: L when the link-local address has the home address's
   * interface identifier, so the home agent defends that one too. */
  if (bul->link_local_compat && !dereg)
    a->bu.flags |= MIP6_BU_FLAG_L;
}

/* §11.8: the first registration waits InitialBindackTimeoutFirstReg, since
 * the HA runs DAD on the home address; later ones INITIAL_BINDACK_TIMEOUT. */
static gint64
initial_timeout (const Mip6Bul *bul)
{
  if (bul->state == MIP6_BUL_REGISTERING && !bul->binding)
    return MIP6_INITIAL_BINDACK_TIMEOUT_FIRST_REG;
  return MIP6_INITIAL_BINDACK_TIMEOUT;
}

void
mip6_bul_register (Mip6Bul *bul, gint64 now, const struct in6_addr *coa, gint64 coa_valid_until,
                   gint64 hoa_valid_until, GArray *actions)
{
  gboolean same = bul->state == MIP6_BUL_REGISTERED && !memcmp (&bul->coa, coa, sizeof *coa);

  bul->coa = *coa;
  bul->coa_valid_until = coa_valid_until;
  bul->hoa_valid_until = hoa_valid_until;
  bul->lifetime_s = mip6_bul_lifetime (bul, now, coa_valid_until, hoa_valid_until);
  bul->failure_reported = FALSE;
  bul->unanswered = 0;
  bul->attempt_fresh = TRUE;
  if (!same)
    bul->state = MIP6_BUL_REGISTERING;
  send_bu (bul, now, actions, initial_timeout (bul));
}

void
mip6_bul_assume_binding_until (Mip6Bul *bul, gint64 until)
{
  bul->ha_may_hold = MAX (bul->ha_may_hold, until);
}

gboolean
mip6_bul_deregister (Mip6Bul *bul, gint64 now, GArray *actions)
{
  /* A BU whose BA was lost may have created a binding: deregister whenever
   * the HA may still hold one. */
  if (!bul->binding && now >= bul->ha_may_hold)
    {
      bul->state = MIP6_BUL_NONE;
      bul->outstanding = FALSE;
      return FALSE;
    }
  bul->state = MIP6_BUL_DEREGISTERING;
  /* §11.5.4: lifetime 0 and the home address as care-of address. */
  bul->coa = bul->home_address;
  bul->lifetime_s = 0;
  bul->failure_reported = FALSE;
  bul->unanswered = 0;
  bul->attempt_fresh = FALSE;
  bul->refresh_at = G_MAXINT64;
  send_bu (bul, now, actions, MIP6_INITIAL_BINDACK_TIMEOUT);
  return TRUE;
}

void
mip6_bul_suspend (Mip6Bul *bul)
{
  bul->suspended = TRUE;
  bul->outstanding = FALSE;
  bul->pending = FALSE;
  bul->retrans_at = G_MAXINT64;
  if (bul->state == MIP6_BUL_REGISTERING || bul->state == MIP6_BUL_DEREGISTERING)
    bul->state = bul->binding ? MIP6_BUL_REGISTERED : MIP6_BUL_NONE;
}

void
mip6_bul_resume (Mip6Bul *bul)
{
  bul->suspended = FALSE;
}

void
mip6_bul_forget_binding (Mip6Bul *bul)
{
  bul->binding = FALSE;
  bul->expires_at = G_MAXINT64;
  bul->refresh_at = G_MAXINT64;
  bul->ha_may_hold = G_MININT64;
  if (bul->state == MIP6_BUL_REGISTERED)
    bul->state = MIP6_BUL_NONE;
}

/* A refused BU creates no binding (§11.7.3): when it was the only BU of
 * this registration attempt, the HA holds what it held before. */
static gboolean
refused_attempt_left_nothing (Mip6Bul *bul, const Mip6Ba *ba)
{
  if (ba->seq != bul->attempt_seq || bul->state == MIP6_BUL_DEREGISTERING)
    return FALSE;
  bul->ha_may_hold = bul->ha_may_hold_before;
  return TRUE;
}

Mip6BulResult
mip6_bul_ba (Mip6Bul *bul, gint64 now, const Mip6Ba *ba, GArray *actions)
{
  if (!bul->outstanding || memcmp (&ba->source, &bul->home_agent, sizeof ba->source) != 0)
    {
      bul->stats.ba_ignored++;
      return MIP6_BUL_RESULT_IGNORED;
    }

  if (ba->status == MIP6_BA_SEQUENCE_OUT_OF_WINDOW)
    {
      /* §11.7.3: the BA carries the last sequence number the HA accepted;
       * continue from it. Its number cannot match ours, so this comes
       * before the match check. */
      bul->stats.ba_rejected++;
      bul->seq = ba->seq;
      if (bul->state != MIP6_BUL_DEREGISTERING)
        bul->lifetime_s = mip6_bul_lifetime (bul, now, bul->coa_valid_until, bul->hoa_valid_until);
      send_bu (bul, now, actions,
               bul->state == MIP6_BUL_DEREGISTERING ? MIP6_INITIAL_BINDACK_TIMEOUT
                                                    : initial_timeout (bul));
      return MIP6_BUL_RESULT_RETRY;
    }

  /* §11.7.3: a BA for anything but the outstanding BU is silently dropped. */
  if (ba->seq != bul->seq)
    {
      bul->stats.ba_ignored++;
      return MIP6_BUL_RESULT_IGNORED;
    }

  if (ba->status == MIP6_BA_UNSPECIFIED || ba->status == MIP6_BA_INSUFFICIENT_RESOURCES)
    {
      /* §11.7.3 leaves the reaction to these to the mobile node: both may
       * pass (a busy or full home agent), so the BU that is due on the
       * back-off schedule of §11.8 stays due. */
      bul->stats.ba_rejected++;
      /* The home agent answers: it is not unreachable. */
      bul->unanswered = 0;
      bul->failure_reported = FALSE;
      if (refused_attempt_left_nothing (bul, ba))
        bul->attempt_fresh = TRUE;
      return MIP6_BUL_RESULT_RETRY_LATER;
    }

  bul->outstanding = FALSE;
  bul->retrans_at = G_MAXINT64;

  /* A home agent with no binding left answers a deregistration with 133:
   * the binding is gone, which is what was asked; the BA of an earlier
   * (retransmitted) deregistration was lost. */
  gboolean gone = bul->state == MIP6_BUL_DEREGISTERING && ba->status == MIP6_BA_NOT_HOME_AGENT;
  if (ba->status >= 128 && !gone)
    {
      bul->stats.ba_rejected++;
      bul->refresh_at = G_MAXINT64;
      refused_attempt_left_nothing (bul, ba);
      if (bul->state != MIP6_BUL_DEREGISTERING)
        bul->state = bul->binding ? MIP6_BUL_REGISTERED : MIP6_BUL_NONE;
      else
        bul->state = MIP6_BUL_NONE;
      return MIP6_BUL_RESULT_REJECTED;
    }

  if (bul->state == MIP6_BUL_DEREGISTERING)
    {
      bul->stats.ba_accepted++;
      bul->state = MIP6_BUL_NONE;
      mip6_bul_forget_binding (bul);
      return MIP6_BUL_RESULT_DEREGISTERED;
    }

  if (ba->lifetime_s == 0)
    {
      /* §11.7.3: the granted lifetime is what counts; 0 means the home
       * agent holds no binding for us, whatever the status says. */
      bul->stats.ba_rejected++;
      bul->state = MIP6_BUL_NONE;
      mip6_bul_forget_binding (bul);
      return MIP6_BUL_RESULT_REJECTED;
    }

  bul->stats.ba_accepted++;
  Mip6BulResult result =
      bul->state == MIP6_BUL_REGISTERED ? MIP6_BUL_RESULT_REFRESHED : MIP6_BUL_RESULT_REGISTERED;
  gint64 granted = MIN (ba->lifetime_s, bul->lifetime_s);

  bul->state = MIP6_BUL_REGISTERED;
  bul->binding = TRUE;
  bul->failure_reported = FALSE;
  bul->granted_s = (guint32) granted;
  /* §11.7.3: the granted lifetime counts from when the BU was sent, so we
   * never believe in the binding longer than the HA does. */
  bul->expires_at = bul->sent_at + granted * G_TIME_SPAN_SECOND;
  /* The HA keeps one binding per home address: this one replaced the rest. */
  bul->ha_may_hold = bul->expires_at;
  /* §11.7.3, §6.2.4: refresh when the Binding Refresh Advice says, else
   * (our choice) at 80% of the granted lifetime, leaving time for the
   * retransmissions of the refresh. */
  if (ba->refresh_s > 0 && ba->refresh_s < granted)
    bul->refresh_at = bul->sent_at + (gint64) ba->refresh_s * G_TIME_SPAN_SECOND;
  else
    bul->refresh_at = bul->sent_at + granted * G_TIME_SPAN_SECOND * 4 / 5;
  return result;
}

Mip6BulResult
mip6_bul_brr (Mip6Bul *bul, gint64 now, const Mip6Brr *brr, GArray *actions)
{
  bul->stats.brr_received++;
  /* §11.7.4: the MN answers a BRR with a BU, for a binding it holds. */
  if (memcmp (&brr->source, &bul->home_agent, sizeof brr->source) != 0 ||
      bul->state != MIP6_BUL_REGISTERED || bul->outstanding)
    return MIP6_BUL_RESULT_IGNORED;
  mip6_bul_register (bul, now, &bul->coa, bul->coa_valid_until, bul->hoa_valid_until, actions);
  return MIP6_BUL_RESULT_NONE;
}

Mip6BulResult
mip6_bul_timer (Mip6Bul *bul, gint64 now, GArray *actions)
{
  Mip6BulResult result = MIP6_BUL_RESULT_NONE;

  if (bul->binding && now >= bul->expires_at)
    {
      bul->binding = FALSE;
      bul->expires_at = G_MAXINT64;
      bul->refresh_at = G_MAXINT64;
      if (bul->state == MIP6_BUL_REGISTERED)
        bul->state = bul->outstanding ? MIP6_BUL_REGISTERING : MIP6_BUL_NONE;
      if (bul->state != MIP6_BUL_DEREGISTERING)
        result = MIP6_BUL_RESULT_EXPIRED;
    }

  if (bul->state == MIP6_BUL_DEREGISTERING && now >= bul->ha_may_hold)
    {
      /* Whatever the HA held has lapsed: nothing left to deregister. */
      bul->state = MIP6_BUL_NONE;
      bul->outstanding = FALSE;
      bul->retrans_at = G_MAXINT64;
      return MIP6_BUL_RESULT_DEREGISTERED;
    }

  if (bul->suspended)
    return result;

  if (bul->outstanding && bul->pending && now >= bul->retrans_at)
    send_bu (bul, now, actions, bul->pending_interval);
  else if (bul->outstanding && now >= bul->retrans_at)
    {
      /* §11.8: double the timeout on each retransmission up to
       * MAX_BINDACK_TIMEOUT, then keep retrying at that rate for as long
       * as the registration is wanted. */
      gint64 next = MIN (bul->retrans_interval * 2, MIP6_MAX_BINDACK_TIMEOUT);

      bul->unanswered++;
      bul->stats.bu_retransmitted++;
      send_bu (bul, now, actions, next);
      if (bul->unanswered >= MIP6_MN_UNANSWERED_LIMIT && !bul->failure_reported)
        {
          bul->failure_reported = TRUE;
          if (result == MIP6_BUL_RESULT_NONE)
            result = MIP6_BUL_RESULT_UNANSWERED;
        }
    }
  else if (bul->state == MIP6_BUL_REGISTERED && !bul->outstanding && now >= bul->refresh_at)
    {
      bul->lifetime_s = mip6_bul_lifetime (bul, now, bul->coa_valid_until, bul->hoa_valid_until);
      send_bu (bul, now, actions, MIP6_INITIAL_BINDACK_TIMEOUT);
    }
  return result;
}

gint64
mip6_bul_next_deadline (const Mip6Bul *bul)
{
  gint64 d = G_MAXINT64;

  if (bul->outstanding)
    d = MIN (d, bul->retrans_at);
  else if (bul->state == MIP6_BUL_REGISTERED && !bul->suspended)
    d = MIN (d, bul->refresh_at);
  if (bul->binding)
    d = MIN (d, bul->expires_at);
  if (bul->state == MIP6_BUL_DEREGISTERING)
    d = MIN (d, bul->ha_may_hold);
  return d;
}

const char *
mip6_bul_state_name (Mip6BulState state)
{
  switch (state)
    {
    case MIP6_BUL_NONE:
      return "none";
    case MIP6_BUL_REGISTERING:
      return "registering";
    case MIP6_BUL_REGISTERED:
      return "registered";
    case MIP6_BUL_DEREGISTERING:
      return "deregistering";
    }
  return "?";
}

const char *
mip6_ba_status_reason (guint8 status)
{
  switch (status)
    {
    case MIP6_BA_ACCEPTED:
    case MIP6_BA_ACCEPTED_PREFIX_DISCOVERY:
      return _ ("Binding Update accepted");
    case MIP6_BA_UNSPECIFIED:
      return _ ("the home agent refused the Binding Update without giving a reason");
    case MIP6_BA_PROHIBITED:
      return _ ("the home agent refused the Binding Update: administratively prohibited; check "
                "that this home address is allowed in the home agent's configuration");
    case MIP6_BA_INSUFFICIENT_RESOURCES:
      return _ ("the home agent has no room for another binding (insufficient resources)");
    case MIP6_BA_HOME_REG_NOT_SUPPORTED:
      return _ ("the home agent does not support home registration; check the HomeAgent address");
    case MIP6_BA_NOT_HOME_SUBNET:
      return _ ("the home address is not on the home agent's home subnet; check HomeAddress and "
                "the home prefix length");
    case MIP6_BA_NOT_HOME_AGENT:
      return _ ("this home agent does not serve this mobile node; check the HomeAgent address");
    case MIP6_BA_DAD_FAILED:
      return _ ("duplicate address detection for the home address failed on the home link: "
                "another node uses it");
    case MIP6_BA_SEQUENCE_OUT_OF_WINDOW:
      return _ ("the Binding Update's sequence number was out of the home agent's window");
    default:
      break;
    }
  return _ ("the home agent refused the Binding Update");
}
