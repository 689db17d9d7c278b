/* make-seeds.c — writes the seed corpus of every fuzz target with the
 * library itself: `make-seeds tests/fuzz/seeds` (files are committed). */
#include <arpa/inet.h>
#include <string.h>

#include <glib.h>

#include "packet.h"

static const char *root;

static void
save (const char *target, const char *name, const guint8 *data, gsize len)
{
  g_autofree gchar *dir = g_build_filename (root, target, NULL);
  g_autofree gchar *path = g_strconcat (dir, "/", name, NULL);
  g_autoptr (GError) error = NULL;

  g_mkdir_with_parents (dir, 0755);
  if (!g_file_set_contents (path, (const gchar *) data, (gssize) len, &error))
    g_error ("%s", error->message);
}

static struct in6_addr
addr (const char *s)
{
  struct in6_addr a;
  inet_pton (AF_INET6, s, &a);
  return a;
}

int
main (int argc, char **argv)
{
  struct in6_addr ha = addr ("fec0:106:2700::2"), hoa = addr ("fec0:106:2700::4"),
                  coa = addr ("fec0:106:1100::20"), ll = addr ("fe80::1"), all = addr ("ff02::1");
  guint8 buf[1500];
  gsize len;
  guint t;

  if (argc != 2)
    {
      g_printerr ("usage: make-seeds DIR\n");
      return 2;
    }
  root = argv[1];

  for (t = MIP6_MH_BRR; t <= MIP6_MH_BE; t++)
    {
      Mip6Mh m;
      gsize off;
      g_autofree gchar *name = g_strdup_printf ("%s.bin", mip6_mh_type_name ((guint8) t));

      memset (&m, 0, sizeof m);
      m.type = (guint8) t;
      m.bu.sequence = 4242;
      m.bu.ack = TRUE;
      m.bu.lifetime = 150;
      if (t == MIP6_MH_BU)
        {
          m.options.has_alt_coa = TRUE;
          m.options.alt_coa = coa;
          m.options.has_nonce_indices = TRUE;
          m.options.has_auth_data = TRUE;
          m.options.auth_data_len = 12;
        }
      if (t == MIP6_MH_BA)
        {
          m.options.has_refresh_advice = TRUE;
          m.options.refresh_interval = 75;
        }
      /* BU carries the HAO, BA the RH2, as on the wire. */
      g_assert (mip6_packet_build_mh (buf, sizeof buf, t == MIP6_MH_BA ? &ha : &coa,
                                      t == MIP6_MH_BA ? &coa : &ha, t == MIP6_MH_BU ? &hoa : NULL,
                                      t == MIP6_MH_BA ? &hoa : NULL, &m, &len) == MIP6_WIRE_OK);
      save ("packet", name, buf, len);
      off = 40 + (t == MIP6_MH_BU || t == MIP6_MH_BA ? 24 : 0);
      save ("mh", name, buf + off, len - off);
      if (t == MIP6_MH_BU || t == MIP6_MH_BA)
        {
          /* Options area prefixed with its offset byte (see fuzz-mh-options.c). */
          guint8 opts[256];
          gsize start = off + 12;
          opts[0] = 12 % 8;
          memcpy (opts + 1, buf + start, len - start);
          save ("mh-options", name, opts, len - start + 1);
          save (t == MIP6_MH_BU ? "destopts" : "rh2", "hdr.bin", buf + 40, len - 40);
        }
    }

  {
    Mip6Icmp6 msgs[6];
    static const char *names[] = { "rs.bin",        "ra.bin",  "dhaad-req.bin",
                                   "dhaad-rep.bin", "mps.bin", "mpa.bin" };
    guint i;

    memset (msgs, 0, sizeof msgs);
    msgs[0].type = MIP6_ICMP6_RS;
    msgs[0].rs.options.has_slla = TRUE;
    msgs[0].rs.options.slla_len = 6;
    msgs[1].type = MIP6_ICMP6_RA;
    msgs[1].ra.home_agent = TRUE;
    msgs[1].ra.options.has_slla = TRUE;
    msgs[1].ra.options.slla_len = 6;
    msgs[1].ra.options.has_mtu = TRUE;
    msgs[1].ra.options.has_adv_interval = TRUE;
    msgs[1].ra.options.has_ha_info = TRUE;
    msgs[1].ra.options.n_prefixes = 1;
    msgs[1].ra.options.prefixes[0].prefix_len = 64;
    msgs[1].ra.options.prefixes[0].router_address = TRUE;
    msgs[1].ra.options.prefixes[0].prefix = ha;
    msgs[2].type = MIP6_ICMP6_DHAAD_REQUEST;
    msgs[3].type = MIP6_ICMP6_DHAAD_REPLY;
    msgs[3].dhaad_reply.n_addresses = 2;
    msgs[3].dhaad_reply.addresses[0] = ha;
    msgs[4].type = MIP6_ICMP6_MPS;
    msgs[5].type = MIP6_ICMP6_MPA;
    msgs[5].mpa.options.n_prefixes = 1;
    msgs[5].mpa.options.prefixes[0].prefix_len = 64;
    for (i = 0; i < G_N_ELEMENTS (msgs); i++)
      {
        g_assert (mip6_packet_build_icmp6 (buf, sizeof buf, &ll, &all, NULL, NULL, 0, &msgs[i],
                                           &len) == MIP6_WIRE_OK);
        save ("packet", names[i], buf, len);
        save ("icmp6", names[i], buf + 40, len - 40);
        if (i == 1)
          save ("nd-options", names[i], buf + 56, len - 56);
        if (i == 5)
          save ("nd-options", names[i], buf + 48, len - 48);
      }
  }
  return 0;
}
