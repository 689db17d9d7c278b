/* network-list.c: the list GetNetworks returns. */
#include "config.h"
#include "network-list.h"

#include <string.h>

char *
mip6_ssid_to_display (GBytes *ssid)
{
  gsize len = 0;
  const char *p = ssid ? g_bytes_get_data (ssid, &len) : NULL;
  GString *s = g_string_sized_new (len);

  /* Control characters too would reach logs and terminals as they are. */
  for (gsize i = 0; i < len;)
    {
      gunichar c = g_utf8_get_char_validated (p + i, (gssize) (len - i));
      if (c == (gunichar) -1 || c == (gunichar) -2 || c < 0x20 || c == 0x7f)
        {
          g_string_append_printf (s, "\\x%02x", (guint8) p[i]);
          i++;
          continue;
        }
      const char *next = g_utf8_next_char (p + i);
      g_string_append_len (s, p + i, next - (p + i));
      i = (gsize) (next - p);
    }
  return g_string_free (s, FALSE);
}

const char *
mip6_network_offered_security (guint offered)
{
  if (offered & MIP6_SECURITY_BIT (MIP6_SECURITY_PROFILE))
    return "wpa-eap";
  if (offered & MIP6_SECURITY_BIT (MIP6_SECURITY_SAE))
    return "sae";
  if (offered & MIP6_SECURITY_BIT (MIP6_SECURITY_WPA_PSK))
    return "wpa-psk";
  if (offered & MIP6_SECURITY_BIT (MIP6_SECURITY_WEP))
    return "wep";
  if (offered & MIP6_SECURITY_BIT (MIP6_SECURITY_OPEN))
    return "open";
  return NULL;
}

static const Mip6VisibleNetwork *
find_visible (const GPtrArray *visible, GBytes *ssid)
{
  for (guint i = 0; visible && i < visible->len; i++)
    {
      const Mip6VisibleNetwork *v = g_ptr_array_index (visible, i);
      if (g_bytes_equal (v->ssid, ssid))
        return v;
    }
  return NULL;
}

static GVariant *
ssid_variant (GBytes *ssid)
{
  gsize len = 0;
  const guint8 *octets = g_bytes_get_data (ssid, &len);
  return g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, octets, len, 1);
}

static void
add_seen (GVariantBuilder *d, const GPtrArray *visible, const Mip6VisibleNetwork *seen,
          GBytes *ssid, GBytes *current_ssid, const char *current_interface)
{
  gboolean current = current_ssid && g_bytes_equal (current_ssid, ssid);

  if (visible == NULL)
    return; /* NetworkManager not running: not known */
  g_variant_builder_add (d, "{sv}", "visible", g_variant_new_boolean (seen != NULL));
  if (seen)
    g_variant_builder_add (d, "{sv}", "signal", g_variant_new_byte (seen->signal));
  g_variant_builder_add (d, "{sv}", "current", g_variant_new_boolean (current));
  if (current && current_interface)
    g_variant_builder_add (d, "{sv}", "interface", g_variant_new_string (current_interface));
  else if (seen && seen->interface)
    g_variant_builder_add (d, "{sv}", "interface", g_variant_new_string (seen->interface));
}

GVariant *
mip6_network_list_build (const GPtrArray *configured, const GPtrArray *visible,
                         GBytes *current_ssid, const char *current_interface)
{
  GVariantBuilder list;

  g_variant_builder_init (&list, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < configured->len; i++)
    {
      const Mip6NetworkConfig *net = g_ptr_array_index (configured, i);
      const Mip6VisibleNetwork *seen = find_visible (visible, net->ssid);
      g_autofree char *display = mip6_ssid_to_display (net->ssid);
      GVariantBuilder d;

      g_variant_builder_init (&d, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&d, "{sv}", "essid", g_variant_new_string (display));
      g_variant_builder_add (&d, "{sv}", "ssid", ssid_variant (net->ssid));
      g_variant_builder_add (&d, "{sv}", "configured", g_variant_new_boolean (TRUE));
      g_variant_builder_add (&d, "{sv}", "name", g_variant_new_string (net->name));
      const char *security = net->security != MIP6_SECURITY_PROFILE
                                 ? mip6_security_to_string (net->security)
                             : seen ? mip6_network_offered_security (seen->securities)
                                    : NULL;
      if (security)
        g_variant_builder_add (&d, "{sv}", "security", g_variant_new_string (security));
      g_variant_builder_add (&d, "{sv}", "home", g_variant_new_boolean (net->home));
      g_variant_builder_add (&d, "{sv}", "priority", g_variant_new_int32 (net->priority));
      add_seen (&d, visible, seen, net->ssid, current_ssid, current_interface);
      g_variant_builder_add_value (&list, g_variant_builder_end (&d));
    }
  for (guint i = 0; visible && i < visible->len; i++)
    {
      const Mip6VisibleNetwork *seen = g_ptr_array_index (visible, i);
      gboolean known = FALSE;
      for (guint j = 0; j < configured->len && !known; j++)
        known = g_bytes_equal (
            ((const Mip6NetworkConfig *) g_ptr_array_index (configured, j))->ssid, seen->ssid);
      if (known)
        continue;
      g_autofree char *display = mip6_ssid_to_display (seen->ssid);
      const char *security = mip6_network_offered_security (seen->securities);
      GVariantBuilder d;

      g_variant_builder_init (&d, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&d, "{sv}", "essid", g_variant_new_string (display));
      g_variant_builder_add (&d, "{sv}", "ssid", ssid_variant (seen->ssid));
      g_variant_builder_add (&d, "{sv}", "configured", g_variant_new_boolean (FALSE));
      if (security)
        g_variant_builder_add (&d, "{sv}", "security", g_variant_new_string (security));
      add_seen (&d, visible, seen, seen->ssid, current_ssid, current_interface);
      g_variant_builder_add_value (&list, g_variant_builder_end (&d));
    }
  return g_variant_builder_end (&list);
}

/* The list with each signal replaced by its tenth. */
static GVariant *
coarse (GVariant *list)
{
  GVariantBuilder out;
  GVariantIter it;
  GVariant *dict;

  g_variant_builder_init (&out, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_iter_init (&it, list);
  while ((dict = g_variant_iter_next_value (&it)))
    {
      GVariantBuilder d;
      GVariantIter kv;
      const char *key;
      GVariant *value;

      g_variant_builder_init (&d, G_VARIANT_TYPE_VARDICT);
      g_variant_iter_init (&kv, dict);
      while (g_variant_iter_next (&kv, "{&sv}", &key, &value))
        {
          if (g_str_equal (key, "signal"))
            g_variant_builder_add (&d, "{sv}", key,
                                   g_variant_new_byte (g_variant_get_byte (value) / 10));
          else
            g_variant_builder_add (&d, "{sv}", key, value);
          g_variant_unref (value);
        }
      g_variant_builder_add_value (&out, g_variant_builder_end (&d));
      g_variant_unref (dict);
    }
  return g_variant_ref_sink (g_variant_builder_end (&out));
}

gboolean
mip6_network_list_differs (GVariant *a, GVariant *b)
{
  if (a == NULL || b == NULL)
    return a != b;
  g_autoptr (GVariant) ca = coarse (a);
  g_autoptr (GVariant) cb = coarse (b);
  return !g_variant_equal (ca, cb);
}
