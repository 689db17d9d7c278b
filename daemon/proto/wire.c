/* wire.c — error names and bounds-checked cursors. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "wire.h"

static const struct
{
  const char *name;
  const char *description;
} errors[MIP6_WIRE_N_ERRORS] = {
  [MIP6_WIRE_OK] = { "ok", N_ ("No error") },
  [MIP6_WIRE_TRUNCATED] = { "truncated", N_ ("The packet ends before the header it carries") },
  [MIP6_WIRE_NO_SPACE] = { "no_space", N_ ("The output buffer is too small for the message") },
  [MIP6_WIRE_BAD_LENGTH] = { "bad_length",
                             N_ ("A length field disagrees with the packet or the message type") },
  [MIP6_WIRE_BAD_CHECKSUM] = { "bad_checksum", N_ ("The checksum is wrong") },
  [MIP6_WIRE_UNKNOWN_MH_TYPE] = { "unknown_mh_type", N_ ("Unknown Mobility Header type (answered "
                                                         "with Binding Error)") },
  [MIP6_WIRE_BAD_PAYLOAD_PROTO] = { "bad_payload_proto", N_ ("The Mobility Header's Payload Proto "
                                                             "is not 59 (no next header)") },
  [MIP6_WIRE_BAD_ALIGNMENT] = { "bad_alignment",
                                N_ ("An option is not placed at the alignment its type requires") },
  [MIP6_WIRE_OPTION_OVERRUN] = { "option_overrun",
                                 N_ ("An option runs past the end of its message") },
  [MIP6_WIRE_BAD_OPTION_LENGTH] = { "bad_option_length",
                                    N_ ("An option's length is wrong for its type") },
  [MIP6_WIRE_UNKNOWN_OPTION] = { "unknown_option", N_ ("An unknown destination option requires "
                                                       "discarding the packet") },
  [MIP6_WIRE_BAD_VERSION] = { "bad_version", N_ ("The packet is not IPv6") },
  [MIP6_WIRE_BAD_ROUTING_HEADER] = { "bad_routing_header", N_ ("The routing header is not a valid "
                                                               "type 2 routing header") },
  [MIP6_WIRE_BAD_CODE] = { "bad_code", N_ ("The ICMPv6 code is not 0") },
  [MIP6_WIRE_UNKNOWN_ICMP6_TYPE] = { "unknown_icmp6_type",
                                     N_ ("The ICMPv6 message type is not one mip6 handles") },
  [MIP6_WIRE_FRAGMENTED] = { "fragmented", N_ ("The packet is a fragment") },
  [MIP6_WIRE_BAD_HEADER_ORDER] = { "bad_header_order",
                                   N_ ("The extension headers are in a forbidden order") },
  [MIP6_WIRE_TOO_MANY] = { "too_many", N_ ("The message holds more entries than supported") },
  [MIP6_WIRE_BAD_VALUE] = { "bad_value", N_ ("A field holds a value the protocol forbids") },
  [MIP6_WIRE_INVALID_ARGUMENT] = { "invalid_argument", N_ ("The message to encode is not valid") },
  [MIP6_WIRE_SHORT_MH_HEADER] = { "short_mh_header",
                                  N_ ("The Mobility Header is shorter than its type requires") },
};

const char *
mip6_wire_error_name (Mip6WireError err)
{
  if ((guint) err >= MIP6_WIRE_N_ERRORS)
    return "unknown_error";
  return errors[err].name;
}

const char *
mip6_wire_error_describe (Mip6WireError err)
{
  if ((guint) err >= MIP6_WIRE_N_ERRORS)
    return _ ("Unknown error");
  return _ (errors[err].description);
}

void
mip6_reader_init (Mip6Reader *r, const guint8 *data, gsize len)
{
  r->data = data;
  r->len = data ? len : 0;
  r->pos = 0;
  r->err = MIP6_WIRE_OK;
}

gsize
mip6_reader_remaining (const Mip6Reader *r)
{
  return r->err ? 0 : r->len - r->pos;
}

static gboolean
take (Mip6Reader *r, gsize n)
{
  if (r->err)
    return FALSE;
  if (n > r->len - r->pos)
    {
      r->err = MIP6_WIRE_TRUNCATED;
      return FALSE;
    }
  return TRUE;
}

guint8
mip6_reader_u8 (Mip6Reader *r)
{
  if (!take (r, 1))
    return 0;
  return r->data[r->pos++];
}

guint16
mip6_reader_u16 (Mip6Reader *r)
{
  guint16 v;
  if (!take (r, 2))
    return 0;
  v = (guint16) ((r->data[r->pos] << 8) | r->data[r->pos + 1]);
  r->pos += 2;
  return v;
}

guint32
mip6_reader_u32 (Mip6Reader *r)
{
  guint32 v;
  if (!take (r, 4))
    return 0;
  v = ((guint32) r->data[r->pos] << 24) | ((guint32) r->data[r->pos + 1] << 16) |
      ((guint32) r->data[r->pos + 2] << 8) | r->data[r->pos + 3];
  r->pos += 4;
  return v;
}

void
mip6_reader_bytes (Mip6Reader *r, void *out, gsize n)
{
  if (!take (r, n))
    {
      memset (out, 0, n);
      return;
    }
  if (n)
    memcpy (out, r->data + r->pos, n);
  r->pos += n;
}

void
mip6_reader_skip (Mip6Reader *r, gsize n)
{
  if (take (r, n))
    r->pos += n;
}

void
mip6_writer_init (Mip6Writer *w, guint8 *data, gsize cap)
{
  w->data = data;
  w->cap = data ? cap : 0;
  w->pos = 0;
  w->err = MIP6_WIRE_OK;
}

static gboolean
room (Mip6Writer *w, gsize n)
{
  if (w->err)
    return FALSE;
  if (n > w->cap - w->pos)
    {
      w->err = MIP6_WIRE_NO_SPACE;
      return FALSE;
    }
  return TRUE;
}

void
mip6_writer_u8 (Mip6Writer *w, guint8 v)
{
  if (room (w, 1))
    w->data[w->pos++] = v;
}

void
mip6_writer_u16 (Mip6Writer *w, guint16 v)
{
  if (!room (w, 2))
    return;
  w->data[w->pos++] = (guint8) (v >> 8);
  w->data[w->pos++] = (guint8) v;
}

void
mip6_writer_u32 (Mip6Writer *w, guint32 v)
{
  if (!room (w, 4))
    return;
  w->data[w->pos++] = (guint8) (v >> 24);
  w->data[w->pos++] = (guint8) (v >> 16);
  w->data[w->pos++] = (guint8) (v >> 8);
  w->data[w->pos++] = (guint8) v;
}

void
mip6_writer_bytes (Mip6Writer *w, const void *src, gsize n)
{
  if (!room (w, n))
    return;
  if (n)
    memcpy (w->data + w->pos, src, n);
  w->pos += n;
}

void
mip6_writer_zeros (Mip6Writer *w, gsize n)
{
  if (!room (w, n))
    return;
  memset (w->data + w->pos, 0, n);
  w->pos += n;
}

void
mip6_writer_put_u16_at (Mip6Writer *w, gsize at, guint16 v)
{
  if (w->err || at + 2 > w->pos)
    return;
  w->data[at] = (guint8) (v >> 8);
  w->data[at + 1] = (guint8) v;
}

void
mip6_writer_put_u8_at (Mip6Writer *w, gsize at, guint8 v)
{
  if (w->err || at + 1 > w->pos)
    return;
  w->data[at] = v;
}
