/* icmp6-errors.h — sending the ICMPv6 errors mip6d answers for itself
 * (RFC 4443), where the kernel does not see the packet in error.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gio/gio.h>
#include <netinet/in.h>

/* An ICMPv6 Parameter Problem, Code 0 (erroneous header field), from @src
 * to @dst, its Pointer at byte @pointer of the invoking packet
 * @invoking[0..len), which it quotes as far as RFC 4443 §2.4 (c) allows. */
gboolean mip6_icmp6_send_param_problem (const struct in6_addr *src, const struct in6_addr *dst,
                                        const guint8 *invoking, gsize len, guint32 pointer,
                                        GError **error);
