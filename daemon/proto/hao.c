/* hao.c — the Home Address destination option (RFC 6275 §6.3). */
#include <string.h>

#include "hao.h"

Mip6WireError
mip6_hao_encode (guint8 next_header, const struct in6_addr *home_address, guint8 *buf, gsize cap,
                 gsize *out_len)
{
  Mip6Writer w;

  *out_len = 0;
  mip6_writer_init (&w, buf, cap);
  mip6_writer_u8 (&w, next_header);
  mip6_writer_u8 (&w, (MIP6_HAO_HEADER_LEN / 8) - 1);
  /* PadN of 4 octets puts the option type at offset 6: 8n+6 (§6.3). */
  mip6_writer_u8 (&w, 1);
  mip6_writer_u8 (&w, 2);
  mip6_writer_zeros (&w, 2);
  mip6_writer_u8 (&w, MIP6_OPT_HOME_ADDRESS);
  mip6_writer_u8 (&w, 16);
  mip6_writer_bytes (&w, home_address, 16);
  if (w.err)
    return w.err;
  *out_len = w.pos;
  return MIP6_WIRE_OK;
}

Mip6WireError
mip6_destopts_parse (const guint8 *buf, gsize len, Mip6DestOpts *out)
{
  gsize total, i;

  memset (out, 0, sizeof *out);
  if (len < 8)
    return MIP6_WIRE_TRUNCATED;
  total = ((gsize) buf[1] + 1) * 8;
  if (total > len)
    return MIP6_WIRE_TRUNCATED;
  out->next_header = buf[0];
  out->length = total;

  i = 2;
  while (i < total)
    {
      guint8 type = buf[i];
      guint8 olen;

      if (type == 0) /* Pad1 */
        {
          i++;
          continue;
        }
      if (total - i < 2)
        return MIP6_WIRE_OPTION_OVERRUN;
      olen = buf[i + 1];
      if (olen > total - i - 2)
        return MIP6_WIRE_OPTION_OVERRUN;
      if (type == MIP6_OPT_HOME_ADDRESS)
        {
          if (olen != 16)
            return MIP6_WIRE_BAD_OPTION_LENGTH;
          if (i % 8 != 6)
            return MIP6_WIRE_BAD_ALIGNMENT;
          /* §6.3: at most one Home Address option per packet. */
          if (out->has_home_address)
            return MIP6_WIRE_BAD_VALUE;
          out->has_home_address = TRUE;
          out->home_address_offset = i;
          memcpy (&out->home_address, buf + i + 2, 16);
        }
      else if (type != 1) /* not PadN */
        {
          /* RFC 8200 §4.2: action bits 00 mean skip, anything else discard. */
          if ((type & 0xc0) != 0)
            return MIP6_WIRE_UNKNOWN_OPTION;
          out->n_skipped++;
        }
      i += 2 + (gsize) olen;
    }
  return MIP6_WIRE_OK;
}
