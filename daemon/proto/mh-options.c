/* mh-options.c — mobility options and their alignment (RFC 6275 §6.2). */
#include <string.h>

#include "mh-options.h"

/* Writes Pad1 or PadN so that the next byte lands at offset ≡ rem (mod mult). */
static void
pad_to (Mip6Writer *w, gsize mh_start, guint mult, guint rem)
{
  gsize off = w->pos - mh_start;
  gsize n = (rem + mult - off % mult) % mult;

  if (n == 1)
    mip6_writer_u8 (w, MIP6_MH_OPT_PAD1);
  else if (n >= 2)
    {
      mip6_writer_u8 (w, MIP6_MH_OPT_PADN);
      mip6_writer_u8 (w, (guint8) (n - 2));
      mip6_writer_zeros (w, n - 2);
    }
}

Mip6WireError
mip6_mh_options_encode (Mip6Writer *w, gsize mh_start, const Mip6MhOptions *opts)
{
  if (opts->has_auth_data && opts->auth_data_len > MIP6_AUTH_DATA_MAX)
    return MIP6_WIRE_INVALID_ARGUMENT;

  /* §6.2.1 alignment: Refresh Advice 2n, Alternate CoA 8n+6, Nonce
   * Indices 2n, Authorization Data 8n+2. */
  if (opts->has_refresh_advice)
    {
      pad_to (w, mh_start, 2, 0);
      mip6_writer_u8 (w, MIP6_MH_OPT_REFRESH_ADVICE);
      mip6_writer_u8 (w, 2);
      mip6_writer_u16 (w, opts->refresh_interval);
    }
  if (opts->has_alt_coa)
    {
      pad_to (w, mh_start, 8, 6);
      mip6_writer_u8 (w, MIP6_MH_OPT_ALT_COA);
      mip6_writer_u8 (w, 16);
      mip6_writer_bytes (w, &opts->alt_coa, 16);
    }
  if (opts->has_nonce_indices)
    {
      pad_to (w, mh_start, 2, 0);
      mip6_writer_u8 (w, MIP6_MH_OPT_NONCE_INDICES);
      mip6_writer_u8 (w, 4);
      mip6_writer_u16 (w, opts->home_nonce_index);
      mip6_writer_u16 (w, opts->careof_nonce_index);
    }
  if (opts->has_auth_data)
    {
      pad_to (w, mh_start, 8, 2);
      mip6_writer_u8 (w, MIP6_MH_OPT_AUTH_DATA);
      mip6_writer_u8 (w, opts->auth_data_len);
      mip6_writer_bytes (w, opts->auth_data, opts->auth_data_len);
    }
  /* §6.1.1: the Mobility Header is a multiple of 8 octets long. */
  pad_to (w, mh_start, 8, 0);
  return w->err;
}

static gboolean
aligned (gsize off, guint mult, guint rem)
{
  return off % mult == rem;
}

Mip6WireError
mip6_mh_options_parse (const guint8 *buf, gsize len, gsize offset, Mip6MhOptions *out)
{
  gsize i = 0;

  memset (out, 0, sizeof *out);
  while (i < len)
    {
      guint8 type = buf[i];
      guint8 olen;
      const guint8 *v;
      gsize at = offset + i;

      if (type == MIP6_MH_OPT_PAD1)
        {
          i++;
          continue;
        }
      if (len - i < 2)
        return MIP6_WIRE_OPTION_OVERRUN;
      olen = buf[i + 1];
      if (olen > len - i - 2)
        return MIP6_WIRE_OPTION_OVERRUN;
      v = buf + i + 2;

      switch (type)
        {
        case MIP6_MH_OPT_PADN:
          break;
        case MIP6_MH_OPT_REFRESH_ADVICE:
          if (olen != 2)
            return MIP6_WIRE_BAD_OPTION_LENGTH;
          if (!aligned (at, 2, 0))
            return MIP6_WIRE_BAD_ALIGNMENT;
          out->has_refresh_advice = TRUE;
          out->refresh_interval = (guint16) ((v[0] << 8) | v[1]);
          break;
        case MIP6_MH_OPT_ALT_COA:
          if (olen != 16)
            return MIP6_WIRE_BAD_OPTION_LENGTH;
          if (!aligned (at, 8, 6))
            return MIP6_WIRE_BAD_ALIGNMENT;
          out->has_alt_coa = TRUE;
          memcpy (&out->alt_coa, v, 16);
          break;
        case MIP6_MH_OPT_NONCE_INDICES:
          if (olen != 4)
            return MIP6_WIRE_BAD_OPTION_LENGTH;
          if (!aligned (at, 2, 0))
            return MIP6_WIRE_BAD_ALIGNMENT;
          out->has_nonce_indices = TRUE;
          out->home_nonce_index = (guint16) ((v[0] << 8) | v[1]);
          out->careof_nonce_index = (guint16) ((v[2] << 8) | v[3]);
          break;
        case MIP6_MH_OPT_AUTH_DATA:
          if (olen > MIP6_AUTH_DATA_MAX)
            return MIP6_WIRE_BAD_OPTION_LENGTH;
          if (!aligned (at, 8, 2))
            return MIP6_WIRE_BAD_ALIGNMENT;
          out->has_auth_data = TRUE;
          out->auth_data_len = olen;
          memset (out->auth_data, 0, sizeof out->auth_data);
          memcpy (out->auth_data, v, olen);
          break;
        default:
          out->n_unknown++;
          break;
        }
      i += 2 + (gsize) olen;
    }
  return MIP6_WIRE_OK;
}
