/* Fuzz target: Destination Options header with the Home Address option. */
#include "fuzz.h"
#include "hao.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  Mip6DestOpts d;

  if (mip6_destopts_parse (data, size, &d) == MIP6_WIRE_OK)
    FUZZ_CHECK (d.length <= size && d.length % 8 == 0);
  return 0;
}
