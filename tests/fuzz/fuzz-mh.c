/* Fuzz target: Mobility Header parser, with an encode/parse round trip. */
#include <string.h>

#include "fuzz.h"
#include "mh.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  Mip6Mh a, b;
  guint8 buf[4096];
  gsize len;

  if (mip6_mh_parse (data, size, NULL, NULL, &a) != MIP6_WIRE_OK)
    return 0;
  /* What parsed must encode (possibly longer: the encoder re-aligns and
   * reorders options), and parse back to the same value. */
  FUZZ_CHECK (mip6_mh_encode (&a, NULL, NULL, buf, sizeof buf, &len) == MIP6_WIRE_OK);
  FUZZ_CHECK (mip6_mh_parse (buf, len, NULL, NULL, &b) == MIP6_WIRE_OK);
  a.options.n_unknown = 0;
  FUZZ_CHECK (memcmp (&a, &b, sizeof a) == 0);
  return 0;
}
