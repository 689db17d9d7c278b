/* Fuzz target: type 2 routing header. */
#include <string.h>

#include "fuzz.h"
#include "rh2.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  Mip6Rh2 r;
  guint8 buf[MIP6_RH2_LEN];
  gsize len;

  if (mip6_rh2_parse (data, size, &r) != MIP6_WIRE_OK)
    return 0;
  FUZZ_CHECK (size >= MIP6_RH2_LEN && r.segments_left <= 1);
  FUZZ_CHECK (mip6_rh2_encode (r.next_header, &r.home_address, buf, sizeof buf, &len) ==
              MIP6_WIRE_OK);
  FUZZ_CHECK (memcmp (buf + 8, data + 8, 16) == 0);
  return 0;
}
