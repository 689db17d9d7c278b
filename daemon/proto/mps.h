/* mps.h — Mobile Prefix Solicitation and Advertisement (RFC 6275 §6.7, §6.8). */
#pragma once

#include <glib.h>

#include "nd.h"
#include "wire.h"

G_BEGIN_DECLS

#define MIP6_ICMP6_MPS 146
#define MIP6_ICMP6_MPA 147

typedef struct
{
  guint16 identifier;
} Mip6PrefixSolicit;

typedef struct
{
  guint16 identifier;
  gboolean managed;      /* M */
  gboolean other;        /* O */
  Mip6NdOptions options; /* Prefix Information options (§6.8) */
} Mip6PrefixAdvert;

Mip6WireError mip6_mps_encode_body (Mip6Writer *w, const Mip6PrefixSolicit *mps);
Mip6WireError mip6_mps_parse_body (const guint8 *buf, gsize len, Mip6PrefixSolicit *out);
Mip6WireError mip6_mpa_encode_body (Mip6Writer *w, const Mip6PrefixAdvert *mpa);
Mip6WireError mip6_mpa_parse_body (const guint8 *buf, gsize len, Mip6PrefixAdvert *out);

G_END_DECLS
