/* checksum.h — the Internet checksum over the IPv6 pseudo-header (RFC 8200 §8.1). */
#pragma once

#include <glib.h>
#include <netinet/in.h>

G_BEGIN_DECLS

/* One's-complement checksum of the pseudo-header (src, dst, upper-layer
 * length, next header) followed by data[0..len). With the checksum field
 * zeroed this gives the value to store; over received bytes it gives 0 when
 * the stored checksum is right. */
guint16 mip6_checksum_ipv6 (const struct in6_addr *src, const struct in6_addr *dst,
                            guint8 next_header, const guint8 *data, gsize len);

G_END_DECLS
