/* mps.c — Mobile Prefix Solicitation/Advertisement (RFC 6275 §6.7, §6.8). */
#include <string.h>

#include "mps.h"

Mip6WireError
mip6_mps_encode_body (Mip6Writer *w, const Mip6PrefixSolicit *mps)
{
  mip6_writer_u16 (w, mps->identifier);
  mip6_writer_u16 (w, 0);
  return w->err;
}

Mip6WireError
mip6_mps_parse_body (const guint8 *buf, gsize len, Mip6PrefixSolicit *out)
{
  memset (out, 0, sizeof *out);
  if (len < 4)
    return MIP6_WIRE_TRUNCATED;
  out->identifier = (guint16) ((buf[0] << 8) | buf[1]);
  return MIP6_WIRE_OK;
}

Mip6WireError
mip6_mpa_encode_body (Mip6Writer *w, const Mip6PrefixAdvert *mpa)
{
  mip6_writer_u16 (w, mpa->identifier);
  mip6_writer_u16 (w, (guint16) ((mpa->managed ? 0x8000 : 0) | (mpa->other ? 0x4000 : 0)));
  if (w->err)
    return w->err;
  return mip6_nd_options_encode (w, &mpa->options);
}

Mip6WireError
mip6_mpa_parse_body (const guint8 *buf, gsize len, Mip6PrefixAdvert *out)
{
  Mip6WireError err;
  Mip6NdOptions opts;

  memset (out, 0, sizeof *out);
  if (len < 4)
    return MIP6_WIRE_TRUNCATED;
  out->identifier = (guint16) ((buf[0] << 8) | buf[1]);
  out->managed = (buf[2] & 0x80) != 0;
  out->other = (buf[2] & 0x40) != 0;
  err = mip6_nd_options_parse (buf + 4, len - 4, &opts);
  out->options = opts;
  return err;
}
