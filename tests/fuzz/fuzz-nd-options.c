/* Fuzz target: Neighbor Discovery options (SLLA, prefix, §7.3, §7.4). */
#include "fuzz.h"
#include "nd.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  Mip6NdOptions o;

  if (mip6_nd_options_parse (data, size, &o) == MIP6_WIRE_OK)
    {
      FUZZ_CHECK (o.n_prefixes <= MIP6_ND_MAX_PREFIXES && o.slla_len <= MIP6_LLADDR_MAX);
      /* Prefixes are dropped only once the array is full. */
      FUZZ_CHECK (o.n_prefixes_dropped == 0 || o.n_prefixes == MIP6_ND_MAX_PREFIXES);
    }
  return 0;
}
