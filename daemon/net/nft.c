/* nft.c — mip6d's netfilter table through libnftables.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "nft.h"

#include <arpa/inet.h>
#include <glib/gi18n.h>
#include <nftables/libnftables.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TABLE "ip6 mip6d"
/* Tunnel links of the home agent's kernel data path (backend-kernel.c). */
#define HA_TUNNELS "mip6tnl*"
#define BAD_SOURCE_COUNTER "reverse_tunnel_bad_source"

struct _Mip6Nft
{
  struct nft_ctx *ctx;
};

/* Raw payload offsets in an ICMPv6 error (RFC 4443 §2.1): the Pointer is
 * bits 32..63, the invoking packet starts at byte 8. A Home Address option
 * (type 0xc9, alignment 8n+6, RFC 6275 §6.3) in a Destination Options
 * header right after the IPv6 header sits at byte 46, 54 or 62 of the
 * packet; an unknown next header (the Mobility Header, 135) is named by
 * the Next Header field of the IPv6 header (byte 6) or of the one
 * extension header before it (byte 40). */
static const char TABLE_RULES[] =
    "table " TABLE " {\n"
    "  counter " BAD_SOURCE_COUNTER " { }\n"
    "  set tunnel_sources { type ifname . ipv6_addr; }\n"
    "  chain prerouting {\n"
    "    type filter hook prerouting priority raw; policy accept;\n"
    "    iifname \"" HA_TUNNELS "\" iifname . ip6 saddr != @tunnel_sources"
    " counter name \"" BAD_SOURCE_COUNTER "\" drop\n"
    "  }\n"
    "  chain output {\n"
    "    type filter hook output priority filter; policy accept;\n"
    "  }\n"
    "}\n";

static const char QUIET_RULES[] =
    "add rule " TABLE " output icmpv6 type parameter-problem icmpv6 code 2"
    " @th,32,32 46 @th,432,8 0xc9 drop\n"
    "add rule " TABLE " output icmpv6 type parameter-problem icmpv6 code 2"
    " @th,32,32 54 @th,496,8 0xc9 drop\n"
    "add rule " TABLE " output icmpv6 type parameter-problem icmpv6 code 2"
    " @th,32,32 62 @th,560,8 0xc9 drop\n"
    "add rule " TABLE " output icmpv6 type parameter-problem icmpv6 code 1"
    " @th,32,32 6 @th,112,8 135 drop\n"
    "add rule " TABLE " output icmpv6 type parameter-problem icmpv6 code 1"
    " @th,32,32 40 @th,384,8 135 drop\n";

/* libnftables ends the whole process when it cannot open its netlink
 * socket (a kernel without nf_tables, or the module not loaded): ask the
 * kernel first. */
static gboolean
nf_tables_reachable (void)
{
  int fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);

  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

static struct nft_ctx *
ctx_new (void)
{
  struct nft_ctx *ctx;

  if (!nf_tables_reachable ())
    return NULL;
  ctx = nft_ctx_new (NFT_CTX_DEFAULT);

  if (ctx != NULL)
    {
      nft_ctx_buffer_output (ctx);
      nft_ctx_buffer_error (ctx);
    }
  return ctx;
}

static gboolean
run (struct nft_ctx *ctx, const char *cmd, GError **error)
{
  if (nft_run_cmd_from_buffer (ctx, cmd) == 0)
    return TRUE;
  g_autofree char *msg = g_strstrip (g_strdup (nft_ctx_get_error_buffer (ctx)));
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _ ("Cannot change netfilter table “%s”: %s (mip6d needs CAP_NET_ADMIN and a "
                  "kernel with nf_tables)"),
               TABLE, msg);
  return FALSE;
}

gboolean
mip6_nft_remove_leftovers (void)
{
  struct nft_ctx *ctx = ctx_new ();
  gboolean found;

  if (ctx == NULL)
    return FALSE;
  found = nft_run_cmd_from_buffer (ctx, "delete table " TABLE "\n") == 0;
  nft_ctx_free (ctx);
  return found;
}

Mip6Nft *
mip6_nft_new (GError **error)
{
  g_autoptr (Mip6Nft) nft = g_new0 (Mip6Nft, 1);

  if (mip6_nft_remove_leftovers ())
    g_message (_ ("Removed netfilter table “%s” left behind by an earlier mip6d"), TABLE);
  nft->ctx = ctx_new ();
  if (nft->ctx == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _ ("Cannot make netfilter table “%s”: the kernel offers no nf_tables "
                      "netlink socket (load the nf_tables module)"),
                   TABLE);
      return NULL;
    }
  if (!run (nft->ctx, TABLE_RULES, error))
    return NULL;
  return g_steal_pointer (&nft);
}

void
mip6_nft_free (Mip6Nft *nft)
{
  if (nft == NULL)
    return;
  if (nft->ctx != NULL)
    {
      nft_run_cmd_from_buffer (nft->ctx, "delete table " TABLE "\n");
      nft_ctx_free (nft->ctx);
    }
  g_free (nft);
}

static gboolean
element (Mip6Nft *nft, const char *verb, const char *ifname, const struct in6_addr *home_address,
         GError **error)
{
  char addr[INET6_ADDRSTRLEN];
  g_autofree char *cmd = NULL;

  inet_ntop (AF_INET6, home_address, addr, sizeof addr);
  /* Interface names are mip6d's own ("mip6tnlN"), never quoted input. */
  cmd =
      g_strdup_printf ("%s element " TABLE " tunnel_sources { \"%s\" . %s }\n", verb, ifname, addr);
  return run (nft->ctx, cmd, error);
}

gboolean
mip6_nft_tunnel_source_add (Mip6Nft *nft, const char *ifname, const struct in6_addr *home_address,
                            GError **error)
{
  return element (nft, "add", ifname, home_address, error);
}

gboolean
mip6_nft_tunnel_source_del (Mip6Nft *nft, const char *ifname, const struct in6_addr *home_address,
                            GError **error)
{
  return element (nft, "delete", ifname, home_address, error);
}

guint64
mip6_nft_tunnel_bad_source_count (Mip6Nft *nft)
{
  const char *out, *p;
  guint64 packets = 0;

  if (nft_run_cmd_from_buffer (nft->ctx, "list counter " TABLE " " BAD_SOURCE_COUNTER "\n") != 0)
    return 0;
  out = nft_ctx_get_output_buffer (nft->ctx);
  p = out ? strstr (out, "packets ") : NULL;
  if (p != NULL)
    packets = g_ascii_strtoull (p + strlen ("packets "), NULL, 10);
  return packets;
}

gboolean
mip6_nft_quiet_parameter_problems (Mip6Nft *nft, GError **error)
{
  return run (nft->ctx, QUIET_RULES, error);
}
