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
  /* What the home agent does with an accepted Home Address option, and
   * with its own packets to a mobile node: never more than they say. */
  if (p.upper_offset != 0 && p.has_home_address)
    {
      static guint8 out[65536 + 64];
      gssize n = mip6_packet_apply_home_address (&p, out, sizeof out);
      FUZZ_CHECK (n < 0 || (gsize) n < size);
    }
  {
    static guint8 out[65536 + 64];
    static const struct in6_addr coa = { { { 0xfe, 0xc0 } } };
    gssize n = mip6_packet_insert_rh2 (data, size, &coa, out, sizeof out);
    FUZZ_CHECK (n < 0 || (gsize) n == size + MIP6_RH2_LEN);
  }
  return 0;
}
