/* icmp6-error.h — ICMPv6 error messages (RFC 4443 §3) as far as a mobile
 * node needs them: which of its packets the error is about.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "wire.h"

G_BEGIN_DECLS

/* RFC 4443 §2.1 error types and the §3.1 codes a filtering network sends. */
enum
{
  MIP6_ICMP6_DEST_UNREACHABLE = 1,
  MIP6_ICMP6_PACKET_TOO_BIG = 2,
  MIP6_ICMP6_TIME_EXCEEDED = 3,
  MIP6_ICMP6_PARAMETER_PROBLEM = 4,
};
enum
{
  MIP6_ICMP6_UNREACH_NO_ROUTE = 0,
  MIP6_ICMP6_UNREACH_ADMIN_PROHIBITED = 1,
  MIP6_ICMP6_UNREACH_ADDRESS = 3,
  MIP6_ICMP6_UNREACH_POLICY_FAILED = 5,
  MIP6_ICMP6_UNREACH_REJECT_ROUTE = 6,
};

typedef struct
{
  guint8 type;
  guint8 code;
  guint32 parameter; /* MTU (type 2) or pointer (type 4) */
  /* The invoking packet (§2.4 (c): as much of it as fits). */
  struct in6_addr invoking_src;
  struct in6_addr invoking_dst;
  /* It carried a Mobility Header, after the Destination Options and type 2
   * routing headers it may have had, and this is its MH type when quoted
   * (otherwise -1). */
  gboolean invoking_mh;
  gint invoking_mh_type;
} Mip6Icmp6Error;

/* Parses the ICMPv6 message filling buf[0..len) (checksum already checked
 * by the kernel's ICMPv6 socket): MIP6_WIRE_UNKNOWN_ICMP6_TYPE for a type
 * that is no error (RFC 4443 §2.1: below 128), MIP6_WIRE_TRUNCATED when
 * not even the invoking packet's IPv6 header is there. */
Mip6WireError mip6_icmp6_error_parse (const guint8 *buf, gsize len, Mip6Icmp6Error *out);

/* RFC 4443 §3.4 code 0: an erroneous header field was encountered. */
#define MIP6_ICMP6_PARAM_PROBLEM_HEADER_FIELD 0
/* RFC 4443 §2.4 (c): an error message never exceeds the minimum MTU. */
#define MIP6_ICMP6_ERROR_MAX_LEN (1280 - 40)

/* Writes an ICMPv6 error of @type and @code with @parameter (pointer or
 * MTU) quoting as much of the invoking packet @invoking[0..len) as fits in
 * MIP6_ICMP6_ERROR_MAX_LEN. The checksum is left 0 for the kernel's ICMPv6
 * socket. */
Mip6WireError mip6_icmp6_error_encode (Mip6Writer *w, guint8 type, guint8 code, guint32 parameter,
                                       const guint8 *invoking, gsize len);

G_END_DECLS
