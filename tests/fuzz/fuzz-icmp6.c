/* Fuzz target: ICMPv6 (RS, RA, NS, NA, DHAAD, MPS/MPA), with a round trip. */
#include <string.h>

#include "fuzz.h"
#include "icmp6.h"

/* What the encoder does not write back: unknown options, and the prefix
 * options past MIP6_ND_MAX_PREFIXES that the parser only counted. */
static void
forget_unknown (Mip6Icmp6 *m)
{
  Mip6NdOptions *o = NULL;

  if (m->type == MIP6_ICMP6_RS)
    o = &m->rs.options;
  else if (m->type == MIP6_ICMP6_RA)
    o = &m->ra.options;
  else if (m->type == MIP6_ICMP6_MPA)
    o = &m->mpa.options;
  else if (m->type == MIP6_ICMP6_NS)
    o = &m->ns.options;
  else if (m->type == MIP6_ICMP6_NA)
    o = &m->na.options;
  if (o)
    {
      o->n_unknown = 0;
      o->n_prefixes_dropped = 0;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  Mip6Icmp6 a, b;
  guint8 buf[4096];
  gsize len;

  if (mip6_icmp6_parse (data, size, NULL, NULL, &a) != MIP6_WIRE_OK)
    return 0;
  FUZZ_CHECK (mip6_icmp6_encode (&a, NULL, NULL, buf, sizeof buf, &len) == MIP6_WIRE_OK);
  FUZZ_CHECK (mip6_icmp6_parse (buf, len, NULL, NULL, &b) == MIP6_WIRE_OK);
  forget_unknown (&a);
  FUZZ_CHECK (memcmp (&a, &b, sizeof a) == 0);
  return 0;
}
