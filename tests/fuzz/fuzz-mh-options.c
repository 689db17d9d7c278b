/* Fuzz target: mobility options parser; the first byte picks the offset. */
#include "fuzz.h"
#include "mh-options.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  Mip6MhOptions o;

  if (size < 1)
    return 0;
  mip6_mh_options_parse (data + 1, size - 1, data[0] % 8, &o);
  return 0;
}
