/* Fuzz target: ICMPv6 error messages quoting a packet. */
#include <string.h>

#include "fuzz.h"
#include "icmp6-error.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  Mip6Icmp6Error e;

  if (mip6_icmp6_error_parse (data, size, &e) != MIP6_WIRE_OK)
    return 0;
  FUZZ_CHECK (size >= 48 && e.type >= 1 && e.type <= 4);
  FUZZ_CHECK (memcmp (&e.invoking_src, data + 16, 16) == 0);
  FUZZ_CHECK (e.invoking_mh_type < 256 && (e.invoking_mh || e.invoking_mh_type == -1));
  return 0;
}
