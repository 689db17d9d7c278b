/* mh-options.h — mobility options (RFC 6275 §6.2). */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "wire.h"

G_BEGIN_DECLS

enum
{
  MIP6_MH_OPT_PAD1 = 0,
  MIP6_MH_OPT_PADN = 1,
  MIP6_MH_OPT_REFRESH_ADVICE = 2,
  MIP6_MH_OPT_ALT_COA = 3,
  MIP6_MH_OPT_NONCE_INDICES = 4,
  MIP6_MH_OPT_AUTH_DATA = 5,
};

/* The Binding Authorization Data authenticator is 96 bits with the RFC's
 * algorithm (§5.2.6); room for longer ones. */
#define MIP6_AUTH_DATA_MAX 32

/* All options a message carries. Pad1/PadN are consumed; options of unknown
 * type are skipped and counted (§6.2.1 says to ignore them). */
typedef struct
{
  gboolean has_refresh_advice;
  guint16 refresh_interval; /* units of 4 seconds (§6.2.4) */
  gboolean has_alt_coa;
  struct in6_addr alt_coa;
  gboolean has_nonce_indices;
  guint16 home_nonce_index;
  guint16 careof_nonce_index;
  gboolean has_auth_data;
  guint8 auth_data_len;
  guint8 auth_data[MIP6_AUTH_DATA_MAX];
  guint n_unknown;
} Mip6MhOptions;

/* Appends the options with the §6.2.1 alignment of each, measured from
 * `mh_start` (the writer offset of the Mobility Header's first byte), then
 * pads the whole header to a multiple of 8 octets. Binding Authorization
 * Data is put last, as §6.2.7 requires. */
Mip6WireError mip6_mh_options_encode (Mip6Writer *w, gsize mh_start, const Mip6MhOptions *opts);

/* Parses the options area buf[0..len); `offset` is buf's offset inside the
 * Mobility Header, used to check each option's alignment. */
Mip6WireError mip6_mh_options_parse (const guint8 *buf, gsize len, gsize offset,
                                     Mip6MhOptions *out);

G_END_DECLS
