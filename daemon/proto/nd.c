/* nd.c — RS/RA with the Mobile IPv6 extensions (RFC 6275 §7). */
#include <string.h>

#include "nd.h"

/* RFC 4861 §4.6.1: length in 8-octet units, address padded with zeros. */
static void
encode_lladdr (Mip6Writer *w, guint8 type, const guint8 *addr, guint8 len)
{
  gsize units = (2 + (gsize) len + 7) / 8;
  mip6_writer_u8 (w, type);
  mip6_writer_u8 (w, (guint8) units);
  mip6_writer_bytes (w, addr, len);
  mip6_writer_zeros (w, units * 8 - 2 - len);
}

Mip6WireError
mip6_nd_options_encode (Mip6Writer *w, const Mip6NdOptions *o)
{
  guint i;

  if (o->n_prefixes > MIP6_ND_MAX_PREFIXES || o->slla_len > MIP6_LLADDR_MAX ||
      o->tlla_len > MIP6_LLADDR_MAX)
    return MIP6_WIRE_INVALID_ARGUMENT;
  if (o->has_slla)
    encode_lladdr (w, MIP6_ND_OPT_SLLA, o->slla, o->slla_len);
  if (o->has_tlla)
    encode_lladdr (w, MIP6_ND_OPT_TLLA, o->tlla, o->tlla_len);
  if (o->has_mtu)
    {
      mip6_writer_u8 (w, MIP6_ND_OPT_MTU);
      mip6_writer_u8 (w, 1);
      mip6_writer_u16 (w, 0);
      mip6_writer_u32 (w, o->mtu);
    }
  if (o->has_adv_interval)
    {
      mip6_writer_u8 (w, MIP6_ND_OPT_ADV_INTERVAL);
      mip6_writer_u8 (w, 1);
      mip6_writer_u16 (w, 0);
      mip6_writer_u32 (w, o->adv_interval_ms);
    }
  if (o->has_ha_info)
    {
      mip6_writer_u8 (w, MIP6_ND_OPT_HA_INFO);
      mip6_writer_u8 (w, 1);
      mip6_writer_u16 (w, 0);
      mip6_writer_u16 (w, (guint16) o->ha_preference);
      mip6_writer_u16 (w, o->ha_lifetime);
    }
  for (i = 0; i < o->n_prefixes; i++)
    {
      const Mip6PrefixInfo *p = &o->prefixes[i];
      if (p->prefix_len > 128)
        return MIP6_WIRE_INVALID_ARGUMENT;
      mip6_writer_u8 (w, MIP6_ND_OPT_PREFIX);
      mip6_writer_u8 (w, 4);
      mip6_writer_u8 (w, p->prefix_len);
      mip6_writer_u8 (w, (guint8) ((p->on_link ? 0x80 : 0) | (p->autonomous ? 0x40 : 0) |
                                   (p->router_address ? 0x20 : 0)));
      mip6_writer_u32 (w, p->valid_lifetime);
      mip6_writer_u32 (w, p->preferred_lifetime);
      mip6_writer_u32 (w, 0);
      mip6_writer_bytes (w, &p->prefix, 16);
    }
  return w->err;
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

Mip6WireError
mip6_nd_options_parse (const guint8 *buf, gsize len, Mip6NdOptions *out)
{
  gsize i = 0;

  memset (out, 0, sizeof *out);
  while (i < len)
    {
      guint8 type, units;
      gsize olen;
      const guint8 *v;

      if (len - i < 2)
        return MIP6_WIRE_OPTION_OVERRUN;
      type = buf[i];
      units = buf[i + 1];
      if (units == 0)
        return MIP6_WIRE_BAD_OPTION_LENGTH;
      olen = (gsize) units * 8;
      if (olen > len - i)
        return MIP6_WIRE_OPTION_OVERRUN;
      v = buf + i + 2;

      switch (type)
        {
        case MIP6_ND_OPT_SLLA:
          out->has_slla = TRUE;
          out->slla_len = (guint8) MIN (olen - 2, MIP6_LLADDR_MAX);
          /* A later SLLA replaces an earlier one entirely. */
          memset (out->slla, 0, sizeof out->slla);
          memcpy (out->slla, v, out->slla_len);
          break;
        case MIP6_ND_OPT_TLLA:
          out->has_tlla = TRUE;
          out->tlla_len = (guint8) MIN (olen - 2, MIP6_LLADDR_MAX);
          memset (out->tlla, 0, sizeof out->tlla);
          memcpy (out->tlla, v, out->tlla_len);
          break;
        case MIP6_ND_OPT_MTU:
          if (units != 1)
            return MIP6_WIRE_BAD_OPTION_LENGTH;
          out->has_mtu = TRUE;
          out->mtu = be32 (v + 2);
          break;
        case MIP6_ND_OPT_ADV_INTERVAL:
          if (units != 1)
            return MIP6_WIRE_BAD_OPTION_LENGTH;
          out->has_adv_interval = TRUE;
          out->adv_interval_ms = be32 (v + 2);
          break;
        case MIP6_ND_OPT_HA_INFO:
          if (units != 1)
            return MIP6_WIRE_BAD_OPTION_LENGTH;
          out->has_ha_info = TRUE;
          out->ha_preference = (gint16) (guint16) ((v[2] << 8) | v[3]);
          out->ha_lifetime = (guint16) ((v[4] << 8) | v[5]);
          break;
        case MIP6_ND_OPT_PREFIX:
          {
            Mip6PrefixInfo *p;
            if (units != 4)
              return MIP6_WIRE_BAD_OPTION_LENGTH;
            if (v[0] > 128)
              return MIP6_WIRE_BAD_VALUE;
            if (out->n_prefixes >= MIP6_ND_MAX_PREFIXES)
              {
                /* Well-formed but beyond what we keep: the message is still
                 * used, with its first prefixes. */
                out->n_prefixes_dropped++;
                break;
              }
            p = &out->prefixes[out->n_prefixes++];
            p->prefix_len = v[0];
            p->on_link = (v[1] & 0x80) != 0;
            p->autonomous = (v[1] & 0x40) != 0;
            p->router_address = (v[1] & 0x20) != 0;
            p->valid_lifetime = be32 (v + 2);
            p->preferred_lifetime = be32 (v + 6);
            memcpy (&p->prefix, v + 14, 16);
          }
          break;
        default:
          out->n_unknown++;
          break;
        }
      i += olen;
    }
  return MIP6_WIRE_OK;
}

Mip6WireError
mip6_nd_rs_encode_body (Mip6Writer *w, const Mip6RouterSolicit *rs)
{
  mip6_writer_u32 (w, 0); /* Reserved */
  return mip6_nd_options_encode (w, &rs->options);
}

Mip6WireError
mip6_nd_rs_parse_body (const guint8 *buf, gsize len, Mip6RouterSolicit *out)
{
  memset (out, 0, sizeof *out);
  if (len < 4)
    return MIP6_WIRE_TRUNCATED;
  return mip6_nd_options_parse (buf + 4, len - 4, &out->options);
}

Mip6WireError
mip6_nd_ra_encode_body (Mip6Writer *w, const Mip6RouterAdvert *ra)
{
  mip6_writer_u8 (w, ra->cur_hop_limit);
  mip6_writer_u8 (w, (guint8) ((ra->managed ? 0x80 : 0) | (ra->other ? 0x40 : 0) |
                               (ra->home_agent ? 0x20 : 0)));
  mip6_writer_u16 (w, ra->router_lifetime);
  mip6_writer_u32 (w, ra->reachable_time);
  mip6_writer_u32 (w, ra->retrans_timer);
  return mip6_nd_options_encode (w, &ra->options);
}

Mip6WireError
mip6_nd_ra_parse_body (const guint8 *buf, gsize len, Mip6RouterAdvert *out)
{
  Mip6Reader r;
  guint8 flags;

  memset (out, 0, sizeof *out);
  mip6_reader_init (&r, buf, len);
  out->cur_hop_limit = mip6_reader_u8 (&r);
  flags = mip6_reader_u8 (&r);
  out->router_lifetime = mip6_reader_u16 (&r);
  out->reachable_time = mip6_reader_u32 (&r);
  out->retrans_timer = mip6_reader_u32 (&r);
  if (r.err)
    return r.err;
  out->managed = (flags & 0x80) != 0;
  out->other = (flags & 0x40) != 0;
  out->home_agent = (flags & 0x20) != 0;
  return mip6_nd_options_parse (buf + r.pos, len - r.pos, &out->options);
}

Mip6WireError
mip6_nd_ns_encode_body (Mip6Writer *w, const Mip6NeighborSolicit *ns)
{
  if (IN6_IS_ADDR_MULTICAST (&ns->target))
    return MIP6_WIRE_INVALID_ARGUMENT;
  mip6_writer_u32 (w, 0); /* Reserved */
  mip6_writer_bytes (w, &ns->target, 16);
  return mip6_nd_options_encode (w, &ns->options);
}

/* NS and NA bodies (RFC 4861 §4.3, §4.4): a 4-octet word, the target,
 * options; §7.1.1 and §7.1.2: the target is not a multicast address. */
static Mip6WireError
parse_target_body (const guint8 *buf, gsize len, struct in6_addr *target, Mip6NdOptions *options)
{
  if (len < 20)
    return MIP6_WIRE_TRUNCATED;
  memcpy (target, buf + 4, 16);
  if (IN6_IS_ADDR_MULTICAST (target))
    return MIP6_WIRE_BAD_VALUE;
  return mip6_nd_options_parse (buf + 20, len - 20, options);
}

Mip6WireError
mip6_nd_ns_parse_body (const guint8 *buf, gsize len, Mip6NeighborSolicit *out)
{
  memset (out, 0, sizeof *out);
  return parse_target_body (buf, len, &out->target, &out->options);
}

Mip6WireError
mip6_nd_na_encode_body (Mip6Writer *w, const Mip6NeighborAdvert *na)
{
  if (IN6_IS_ADDR_MULTICAST (&na->target))
    return MIP6_WIRE_INVALID_ARGUMENT;
  mip6_writer_u8 (w, (guint8) ((na->router ? 0x80 : 0) | (na->solicited ? 0x40 : 0) |
                               (na->override ? 0x20 : 0)));
  mip6_writer_u8 (w, 0);
  mip6_writer_u16 (w, 0);
  mip6_writer_bytes (w, &na->target, 16);
  return mip6_nd_options_encode (w, &na->options);
}

Mip6WireError
mip6_nd_na_parse_body (const guint8 *buf, gsize len, Mip6NeighborAdvert *out)
{
  memset (out, 0, sizeof *out);
  if (len < 20)
    return MIP6_WIRE_TRUNCATED;
  out->router = (buf[0] & 0x80) != 0;
  out->solicited = (buf[0] & 0x40) != 0;
  out->override = (buf[0] & 0x20) != 0;
  return parse_target_body (buf, len, &out->target, &out->options);
}
