/* [network NAME] groups, their key files and interface= lists
 * (mip6d.conf(5)). Key files must be root's alone: these tests run as
 * root to make such files, and skip those cases otherwise. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "configuration.h"
#include "key-file.h"
#include "mip6-error.h"

#define MAIN "[mip6d]\ninterface = wlan0\nhome-address = fec0:106:2700::4/64\n"

static char *tmpdir;

static char *
key_file (const char *name, const char *content, mode_t mode)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_assert_true (g_file_set_contents (path, content, -1, NULL));
  g_assert_cmpint (chmod (path, mode), ==, 0);
  return path;
}

static Mip6Config *
parse (const char *text, GError **error)
{
  return mip6_config_parse ("t.conf", text, strlen (text), error);
}

static gboolean
need_root (void)
{
  if (geteuid () == 0)
    return TRUE;
  g_test_skip ("key files must belong to root: run as root");
  return FALSE;
}

static void
test_security_kinds (void)
{
  if (!need_root ())
    return;
  g_autofree char *psk = key_file ("homenet.key", "correct horse battery\n", 0600);
  g_autofree char *wep = key_file ("visitnet.key", "abcde", 0600);
  g_autofree char *text = g_strdup_printf (
      MAIN "[network homenet]\nsecurity = wpa-psk\nkey-file = %s\nhome = true\npriority = 10\n"
           "[network visitnet]\nsecurity = wep\nkey-file = %s\npriority = -5\n"
           "[network visitnet2]\n"
           "[network office]\nconnection = Office 802.1X\n",
      psk, wep);
  g_autoptr (GError) error = NULL;
  g_autoptr (Mip6Config) cfg = parse (text, &error);
  g_assert_no_error (error);

  const Mip6NetworkConfig *h = mip6_config_find_network (cfg, "homenet");
  g_assert_cmpint (h->security, ==, MIP6_SECURITY_WPA_PSK);
  g_assert_true (h->home);
  g_assert_cmpint (h->priority, ==, 10);
  g_assert_cmpstr (h->key_file, ==, psk);
  const Mip6NetworkConfig *v = mip6_config_find_network (cfg, "visitnet");
  g_assert_cmpint (v->security, ==, MIP6_SECURITY_WEP);
  g_assert_false (v->home);
  g_assert_cmpint (v->priority, ==, -5);
  /* Without security, a network is open (no key). */
  const Mip6NetworkConfig *o = mip6_config_find_network (cfg, "visitnet2");
  g_assert_cmpint (o->security, ==, MIP6_SECURITY_OPEN);
  g_assert_cmpint (o->priority, ==, 0);
  g_assert_null (o->key_file);
  const Mip6NetworkConfig *e = mip6_config_find_network (cfg, "office");
  g_assert_cmpint (e->security, ==, MIP6_SECURITY_PROFILE);
  g_assert_cmpstr (e->connection, ==, "Office 802.1X");
  g_assert_true (mip6_config_has_keys (cfg));

  GBytes *ssid = h->ssid;
  gsize len;
  const char *octets = g_bytes_get_data (ssid, &len);
  g_assert_cmpmem (octets, len, "homenet", 7);
  g_assert_true (mip6_config_find_network_by_ssid (cfg, ssid) == h);
}

/* The contract: a key file anyone but root can read is refused
 * with a sentence that names it, and never quotes the key. */
static void
test_key_file_readable_by_others (void)
{
  if (!need_root ())
    return;
  static const struct
  {
    mode_t mode;
    uid_t uid;
  } bad[] = { { 0644, 0 }, { 0640, 0 }, { 0604, 0 }, { 0620, 0 }, { 0600, 65534 } };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = key_file ("open-to-all.key", "s3cret-passphrase\n", bad[i].mode);
      g_assert_cmpint (chown (path, bad[i].uid, (gid_t) -1), ==, 0);
      g_autofree char *text =
          g_strdup_printf (MAIN "[network homenet]\nsecurity = wpa-psk\nkey-file = %s\n", path);
      g_autoptr (GError) error = NULL;
      g_autoptr (Mip6Config) cfg = parse (text, &error);
      g_assert_null (cfg);
      g_assert_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, "t.conf:6: [network homenet] key 'key-file'"));
      g_assert_null (strstr (error->message, "s3cret"));
      g_unlink (path);
    }
}

static void
test_key_file_symlink (void)
{
  if (!need_root ())
    return;
  g_autofree char *target = key_file ("real.key", "s3cret-passphrase", 0600);
  g_autofree char *link = g_build_filename (tmpdir, "link.key", NULL);
  g_assert_cmpint (symlink (target, link), ==, 0);
  g_autoptr (GError) error = NULL;
  g_assert_false (mip6_key_file_check (link, &error));
  g_assert_nonnull (strstr (error->message, link));
  g_unlink (link);
}

typedef struct
{
  const char *security;
  const char *key;
  gboolean valid;
} KeyCase;

/* IEEE 802.11i Annex H: a WPA passphrase is 8 to 63 printable ASCII
 * characters; 64 hex digits are the PSK itself. WEP: 40 or 104 bits as 5
 * or 13 characters or 10 or 26 hex digits. */
static void
test_key_forms (void)
{
  if (!need_root ())
    return;
  static const KeyCase cases[] = {
    { "wpa-psk", "1234567", FALSE },
    { "wpa-psk", "12345678", TRUE },
    { "wpa-psk", "123456789012345678901234567890123456789012345678901234567890123", TRUE },
    { "wpa-psk", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", TRUE },
    { "wpa-psk", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg", FALSE },
    { "wpa-psk", "tab\there!", FALSE },
    { "sae", "x", TRUE },
    { "sae", "", FALSE },
    { "wep", "abcde", TRUE },
    { "wep", "0102030405", TRUE },
    { "wep", "a passphrase of any length", TRUE },
    { "wep", "", FALSE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = key_file ("k.key", cases[i].key, 0600);
      g_autofree char *text = g_strdup_printf (MAIN "[network n]\nsecurity = %s\nkey-file = %s\n",
                                               cases[i].security, path);
      g_autoptr (GError) error = NULL;
      g_autoptr (Mip6Config) cfg = parse (text, &error);
      if (cases[i].valid)
        g_assert_no_error (error);
      else
        {
          g_assert_null (cfg);
          g_assert_nonnull (strstr (error->message, path));
          if (strlen (cases[i].key) > 3)
            g_assert_null (strstr (error->message, cases[i].key));
        }
    }
  /* wep-key-type = key insists on a key's form. */
  g_autofree char *path = key_file ("w.key", "abcdef", 0600);
  g_autofree char *text = g_strdup_printf (
      MAIN "[network n]\nsecurity = wep\nwep-key-type = key\nkey-file = %s\n", path);
  g_autoptr (GError) error = NULL;
  g_autoptr (Mip6Config) cfg = parse (text, &error);
  g_assert_null (cfg);
  g_assert_true (mip6_key_is_wep_key ("abcde"));
  g_assert_true (mip6_key_is_wep_key ("0123456789abcdef0123456789"));
  g_assert_false (mip6_key_is_wep_key ("abcdef"));
  g_assert_false (mip6_key_is_wep_key ("012345678g"));
}

static void
test_key_read_strips_newline (void)
{
  if (!need_root ())
    return;
  g_autofree char *path = key_file ("nl.key", "passphrase1\r\n", 0600);
  Mip6NetworkConfig net = { .security = MIP6_SECURITY_WPA_PSK };
  g_autoptr (GError) error = NULL;
  g_autoptr (Mip6Key) key = mip6_key_file_read (path, &net, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "passphrase1");
  g_autofree char *two = key_file ("two.key", "passphrase1\npassphrase2\n", 0600);
  g_autoptr (GError) error2 = NULL;
  g_assert_null (mip6_key_file_read (two, &net, &error2));
  g_assert_null (strstr (error2->message, "passphrase"));
}

static void
expect_error (const char *text, const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Mip6Config) cfg = parse (text, &error);
  g_assert_null (cfg);
  g_assert_error (error, MIP6_ERROR, MIP6_ERROR_BAD_CONFIG);
  if (strstr (error->message, needle) == NULL)
    g_error ("'%s' not in: %s", needle, error->message);
}

static void
test_bad_groups (void)
{
  expect_error (MAIN "[network a]\nsecurity = wpa-psk\n", "t.conf:5: [network a] key 'security'");
  expect_error (MAIN "[network a]\nsecurity = wpa-eap\n", "connection = NAME");
  expect_error (MAIN "[network a]\nsecurity = wpa2\n", "allowed: open, wep, wpa-psk, sae");
  expect_error (MAIN "[network a]\nconnection = x\nsecurity = open\n", "remove security");
  expect_error (MAIN "[network a]\nkey-file = /etc/x\n", "remove key-file");
  expect_error (MAIN "[network a]\nsecurity = wpa-psk\nkey-file = rel.key\n", "absolute path");
  expect_error (MAIN "[network a]\nsecurity = wpa-psk\nkey-file = /nonexistent/a.key\n",
                "/nonexistent/a.key");
  expect_error (MAIN "[network a]\npriority = 1001\n", "key 'priority'");
  expect_error (MAIN "[network a]\npriority = high\n", "key 'priority'");
  expect_error (MAIN "[network a]\nhome = yes\n", "key 'home'");
  expect_error (MAIN "[network a]\nwep-key-type = key\n", "security = wep");
  expect_error (MAIN "[network a]\n[network b]\nssid-hex = 61\n", "the same SSID as [network a]");
  expect_error (MAIN "[network a]\nssid-hex = 6g\n", "key 'ssid-hex'");
  expect_error (MAIN "[network 0123456789012345678901234567890123]\n", "1 to 32 bytes");
}

/* SSIDs are octets (IEEE 802.11 §9.4.2.2), not always UTF-8. */
static void
test_ssid_hex (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Mip6Config) cfg = parse (MAIN "[network caf\xc3\xa9]\nssid-hex = 636166e9\n", &error);
  g_assert_no_error (error);
  const Mip6NetworkConfig *n = mip6_config_find_network (cfg, "caf\xc3\xa9");
  gsize len;
  const guint8 *o = g_bytes_get_data (n->ssid, &len);
  g_assert_cmpmem (o, len, "caf\xe9", 4);
  g_autoptr (GBytes) latin1 = g_bytes_new ("caf\xe9", 4);
  g_assert_true (mip6_config_find_network_by_ssid (cfg, latin1) == n);
  g_assert_false (mip6_config_has_keys (cfg));
}

static void
test_interface_lists (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Mip6Config) one =
      parse ("[mip6d]\ninterface = wlan0\nhome-address = fec0::4/64\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (one->interfaces), ==, 1);
  g_assert_cmpstr (one->interfaces[0], ==, "wlan0");

  g_autoptr (Mip6Config) two =
      parse ("[mip6d]\ninterface = eth0 wlan0\nhome-address = fec0::4/64\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (two->interfaces), ==, 2);
  g_assert_cmpstr (two->interfaces[0], ==, "eth0");
  g_assert_cmpstr (two->interfaces[1], ==, "wlan0");
  g_assert_cmpstr (two->interface, ==, "eth0 wlan0");

  g_autoptr (Mip6Config) any =
      parse ("[mip6d]\ninterface = auto\nhome-address = fec0::4/64\n", &error);
  g_assert_no_error (error);
  g_assert_null (any->interfaces);

  expect_error ("[mip6d]\ninterface = eth0 eth0\nhome-address = fec0::4/64\n", "listed twice");
  expect_error ("[mip6d]\ninterface = eth0 auto\nhome-address = fec0::4/64\n", "auto stands alone");
  expect_error ("[mip6d]\ninterface = eth0/1\nhome-address = fec0::4/64\n",
                "not an interface name");
  expect_error ("[mip6d]\nrole = home-agent\ninterface = eth0 eth1\nhome-prefix = fec0::/64\n",
                "one home link");
  expect_error ("[mip6d]\nrole = home-agent\ninterface = auto\nhome-prefix = fec0::/64\n",
                "one home link");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("mip6-keys-XXXXXX", NULL);
  g_test_add_func ("/config/networks/security-kinds", test_security_kinds);
  g_test_add_func ("/config/networks/key-file-readable-by-others",
                   test_key_file_readable_by_others);
  g_test_add_func ("/config/networks/key-file-symlink", test_key_file_symlink);
  g_test_add_func ("/config/networks/key-forms", test_key_forms);
  g_test_add_func ("/config/networks/key-read-strips-newline", test_key_read_strips_newline);
  g_test_add_func ("/config/networks/bad-groups", test_bad_groups);
  g_test_add_func ("/config/networks/ssid-hex", test_ssid_hex);
  g_test_add_func ("/config/interface-lists", test_interface_lists);
  int rc = g_test_run ();
  g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *p = g_build_filename (tmpdir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (tmpdir);
  return rc;
}
