/* mh.h — Mobility Header messages (RFC 6275 §6.1). */
#pragma once

#include <glib.h>
#include <netinet/in.h>

#include "mh-options.h"
#include "wire.h"

G_BEGIN_DECLS

#define MIP6_IPPROTO_MH 135
#define MIP6_IPPROTO_NONE 59

typedef enum
{
  MIP6_MH_BRR = 0, /* Binding Refresh Request §6.1.2 */
  MIP6_MH_HOTI = 1,
  MIP6_MH_COTI = 2,
  MIP6_MH_HOT = 3,
  MIP6_MH_COT = 4,
  MIP6_MH_BU = 5,
  MIP6_MH_BA = 6,
  MIP6_MH_BE = 7,
} Mip6MhType;

/* Binding Acknowledgement status (§6.1.8). */
enum
{
  MIP6_BA_ACCEPTED = 0,
  MIP6_BA_ACCEPTED_PREFIX_DISCOVERY = 1,
  MIP6_BA_UNSPECIFIED = 128,
  MIP6_BA_PROHIBITED = 129,
  MIP6_BA_INSUFFICIENT_RESOURCES = 130,
  MIP6_BA_HOME_REG_NOT_SUPPORTED = 131,
  MIP6_BA_NOT_HOME_SUBNET = 132,
  MIP6_BA_NOT_HOME_AGENT = 133,
  MIP6_BA_DAD_FAILED = 134,
  MIP6_BA_SEQUENCE_OUT_OF_WINDOW = 135,
  MIP6_BA_EXPIRED_HOME_NONCE = 136,
  MIP6_BA_EXPIRED_CAREOF_NONCE = 137,
  MIP6_BA_EXPIRED_NONCES = 138,
  MIP6_BA_REG_TYPE_CHANGE = 139,
};

/* Binding Update flags (§6.1.7), as they sit in the flags octet. */
enum
{
  MIP6_BU_FLAG_A = 0x80, /* Acknowledge */
  MIP6_BU_FLAG_H = 0x40, /* Home Registration */
  MIP6_BU_FLAG_L = 0x20, /* Link-Local Address Compatibility */
  MIP6_BU_FLAG_K = 0x10, /* Key Management Mobility Capability */
};

/* Binding Error status (§6.1.9). */
enum
{
  MIP6_BE_UNKNOWN_BINDING_HAO = 1,
  MIP6_BE_UNKNOWN_MH_TYPE = 2,
};

/* HoTI and CoTI (§6.1.3, §6.1.4). */
typedef struct
{
  guint8 init_cookie[8];
} Mip6MhTestInit;

/* HoT and CoT (§6.1.5, §6.1.6). */
typedef struct
{
  guint16 nonce_index;
  guint8 init_cookie[8];
  guint8 keygen_token[8];
} Mip6MhTest;

typedef struct
{
  guint16 sequence;
  gboolean ack;               /* A */
  gboolean home_registration; /* H */
  gboolean link_local;        /* L: link-local address compatibility */
  gboolean key_management;    /* K */
  guint16 lifetime;           /* units of 4 seconds (§6.1.7) */
} Mip6MhBindingUpdate;

typedef struct
{
  guint8 status;
  gboolean key_management; /* K */
  guint16 sequence;
  guint16 lifetime; /* units of 4 seconds (§6.1.8) */
} Mip6MhBindingAck;

typedef struct
{
  guint8 status;
  struct in6_addr home_address;
} Mip6MhBindingError;

/* One Mobility Header message, a plain value. After MIP6_WIRE_UNKNOWN_MH_TYPE
 * `type` holds the unknown type number. */
typedef struct
{
  guint8 type; /* Mip6MhType */
  union
  {
    Mip6MhTestInit hoti; /* also coti */
    Mip6MhTest hot;      /* also cot */
    Mip6MhBindingUpdate bu;
    Mip6MhBindingAck ba;
    Mip6MhBindingError be;
  };
  Mip6MhOptions options;
} Mip6Mh;

/* Lifetime fields count 4-second units (§6.1.7, §6.1.8). */
#define MIP6_MH_LIFETIME_UNIT_S 4
/* The longest lifetime the 16-bit field can carry. */
#define MIP6_MH_LIFETIME_MAX_S (65535u * MIP6_MH_LIFETIME_UNIT_S)

/* Encodes `msg` into buf. When src and dst are given the checksum is
 * computed over the pseudo-header built from them (the home address when a
 * Home Address option is sent, the final destination when a type 2 routing
 * header is); when either is NULL the checksum field is left 0. */
Mip6WireError mip6_mh_encode (const Mip6Mh *msg, const struct in6_addr *src,
                              const struct in6_addr *dst, guint8 *buf, gsize cap, gsize *out_len);

/* Parses the Mobility Header that fills buf[0..len) exactly. The checksum is
 * verified when src and dst are given. Rejects (RFC 6275 §9.2): a Header Len
 * that disagrees with len or is short for the type, Payload Proto other than
 * 59, a bad checksum, an unknown MH type (caller answers with Binding Error
 * status 2), malformed or misaligned options. */
Mip6WireError mip6_mh_parse (const guint8 *buf, gsize len, const struct in6_addr *src,
                             const struct in6_addr *dst, Mip6Mh *out);

const char *mip6_mh_type_name (guint8 type);

G_END_DECLS
