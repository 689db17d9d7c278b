/* wire.h — bounds-checked cursors and the error values of the wire codecs.
 *
 * Every parser in daemon/proto/ returns a Mip6WireError: the daemon counts
 * drops under "dropped_<name>" using mip6_wire_error_name(). Nothing here
 * logs, aborts or reads past the buffer it was given.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RFC 8200 §5: every link carries IPv6 packets of this size unfragmented. */
#define MIP6_IPV6_MIN_MTU 1280
/* RFC 8200 §3: the fixed IPv6 header. */
#define MIP6_IPV6_HEADER_LEN 40

typedef enum
{
  MIP6_WIRE_OK = 0,
  MIP6_WIRE_TRUNCATED,          /* the buffer ends before the header or message does */
  MIP6_WIRE_NO_SPACE,           /* encoding: the output buffer is too small */
  MIP6_WIRE_BAD_LENGTH,         /* a length field disagrees with the buffer or the type */
  MIP6_WIRE_BAD_CHECKSUM,       /* MH or ICMPv6 checksum over the pseudo-header is wrong */
  MIP6_WIRE_UNKNOWN_MH_TYPE,    /* answer with Binding Error status 2 (RFC 6275 §9.2) */
  MIP6_WIRE_BAD_PAYLOAD_PROTO,  /* MH Payload Proto is not IPPROTO_NONE (§6.1.1) */
  MIP6_WIRE_BAD_ALIGNMENT,      /* an option breaks its alignment rule (§6.2.1, §6.3) */
  MIP6_WIRE_OPTION_OVERRUN,     /* an option runs past the end of its message */
  MIP6_WIRE_BAD_OPTION_LENGTH,  /* an option's length is wrong for its type */
  MIP6_WIRE_UNKNOWN_OPTION,     /* a destination option whose type says "discard" */
  MIP6_WIRE_BAD_VERSION,        /* not an IPv6 packet */
  MIP6_WIRE_BAD_ROUTING_HEADER, /* unsupported routing header or segments left */
  MIP6_WIRE_BAD_CODE,           /* an ICMPv6 code other than 0 */
  MIP6_WIRE_UNKNOWN_ICMP6_TYPE, /* an ICMPv6 type this library does not decode */
  MIP6_WIRE_FRAGMENTED,         /* a fragment header: fragments are not reassembled here */
  MIP6_WIRE_BAD_HEADER_ORDER,   /* extension headers in an order RFC 8200 forbids */
  MIP6_WIRE_TOO_MANY,           /* more items than the parsed struct can hold */
  MIP6_WIRE_BAD_VALUE,          /* a field holds a value the RFC does not allow */
  MIP6_WIRE_INVALID_ARGUMENT,   /* encoding: the message to encode is not valid */
  MIP6_WIRE_SHORT_MH_HEADER,    /* MH Header Len too small for its MH Type (§9.2) */
  MIP6_WIRE_N_ERRORS
} Mip6WireError;

/* Stable snake_case name, e.g. "bad_checksum"; a statistics key. */
const char *mip6_wire_error_name (Mip6WireError err);
/* Translated sentence saying what was wrong with the packet. */
const char *mip6_wire_error_describe (Mip6WireError err);

/* A reader over a byte buffer. Every get checks the remaining length; the
 * first failure sets `err` and later reads return zero, so a parser can read
 * a whole fixed header and test once. */
typedef struct
{
  const guint8 *data;
  gsize len;
  gsize pos;
  Mip6WireError err;
} Mip6Reader;

void mip6_reader_init (Mip6Reader *r, const guint8 *data, gsize len);
gsize mip6_reader_remaining (const Mip6Reader *r);
guint8 mip6_reader_u8 (Mip6Reader *r);
guint16 mip6_reader_u16 (Mip6Reader *r);
guint32 mip6_reader_u32 (Mip6Reader *r);
void mip6_reader_bytes (Mip6Reader *r, void *out, gsize n);
void mip6_reader_skip (Mip6Reader *r, gsize n);

/* A writer into a caller-owned buffer; overflow sets MIP6_WIRE_NO_SPACE. */
typedef struct
{
  guint8 *data;
  gsize cap;
  gsize pos;
  Mip6WireError err;
} Mip6Writer;

void mip6_writer_init (Mip6Writer *w, guint8 *data, gsize cap);
void mip6_writer_u8 (Mip6Writer *w, guint8 v);
void mip6_writer_u16 (Mip6Writer *w, guint16 v);
void mip6_writer_u32 (Mip6Writer *w, guint32 v);
void mip6_writer_bytes (Mip6Writer *w, const void *src, gsize n);
void mip6_writer_zeros (Mip6Writer *w, gsize n);
/* Overwrites 16 bits at an offset already written (length, checksum fields). */
void mip6_writer_put_u16_at (Mip6Writer *w, gsize at, guint16 v);
void mip6_writer_put_u8_at (Mip6Writer *w, gsize at, guint8 v);

G_END_DECLS
