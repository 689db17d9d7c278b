/* Fuzz target: whole IPv6 packets as an AF_PACKET socket delivers them. */
#include "fuzz.h"
#include "packet.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  Mip6Packet p;
  Mip6WireError err = mip6_packet_parse (data, size, &p);

  FUZZ_CHECK ((guint) err < MIP6_WIRE_N_ERRORS);
  if (err == MIP6_WIRE_OK)
    FUZZ_CHECK (p.upper_offset + p.upper_len <= size);
  return 0;
}
