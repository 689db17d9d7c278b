/* dhaad.c — DHAAD Request and Reply (RFC 6275 §6.5, §6.6). */
#include <string.h>

#include "dhaad.h"

Mip6WireError
mip6_dhaad_request_encode_body (Mip6Writer *w, const Mip6DhaadRequest *req)
{
  mip6_writer_u16 (w, req->identifier);
  mip6_writer_u16 (w, 0);
  return w->err;
}

Mip6WireError
mip6_dhaad_request_parse_body (const guint8 *buf, gsize len, Mip6DhaadRequest *out)
{
  memset (out, 0, sizeof *out);
  if (len < 4)
    return MIP6_WIRE_TRUNCATED;
  out->identifier = (guint16) ((buf[0] << 8) | buf[1]);
  return MIP6_WIRE_OK;
}

Mip6WireError
mip6_dhaad_reply_encode_body (Mip6Writer *w, const Mip6DhaadReply *rep)
{
  guint i;

  if (rep->n_addresses > MIP6_DHAAD_MAX_ADDRESSES)
    return MIP6_WIRE_INVALID_ARGUMENT;
  mip6_writer_u16 (w, rep->identifier);
  mip6_writer_u16 (w, 0);
  for (i = 0; i < rep->n_addresses; i++)
    mip6_writer_bytes (w, &rep->addresses[i], 16);
  return w->err;
}

Mip6WireError
mip6_dhaad_reply_parse_body (const guint8 *buf, gsize len, Mip6DhaadReply *out)
{
  gsize n, i;

  memset (out, 0, sizeof *out);
  if (len < 4)
    return MIP6_WIRE_TRUNCATED;
  out->identifier = (guint16) ((buf[0] << 8) | buf[1]);
  if ((len - 4) % 16 != 0)
    return MIP6_WIRE_BAD_LENGTH;
  n = (len - 4) / 16;
  if (n > MIP6_DHAAD_MAX_ADDRESSES)
    return MIP6_WIRE_TOO_MANY;
  for (i = 0; i < n; i++)
    memcpy (&out->addresses[i], buf + 4 + i * 16, 16);
  out->n_addresses = (guint) n;
  return MIP6_WIRE_OK;
}
