/* encap.h — IPv6-in-IPv6 encapsulation (RFC 2473) as pure functions.
 *
 * The userspace data path carries the home address's packets between the
 * mobile node and its home agent inside an outer IPv6 header (RFC 6275
 * §10.4.2, §11.3.1). Building and checking those headers needs no I/O, so it
 * lives here and is unit-tested on its own.
 */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "wire.h"

#define MIP6_IPPROTO_IPV6_ENCAP 41 /* next header value of an encapsulated IPv6 packet */

/* Writes the outer header followed by @inner into @out. Returns the total
 * length, or -1 when @inner is not an IPv6 packet or @cap is too small. */
gssize mip6_encap_build (const guint8 *inner, gsize inner_len, const struct in6_addr *outer_src,
                         const struct in6_addr *outer_dst, guint8 hop_limit, guint8 *out,
                         gsize cap);

/* Checks that @pkt holds one whole IPv6 packet (version 6, payload length
 * within @len) and copies out its source and destination. Used on what a
 * tunnel delivers before it is trusted (RFC 2473 §3.2, decapsulation). */
gboolean mip6_encap_inner_parse (const guint8 *pkt, gsize len, struct in6_addr *src,
                                 struct in6_addr *dst);
