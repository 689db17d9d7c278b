/* mip6ctl-output.c: JSON from GVariant, colours, aligned tables. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "mip6ctl.h"

static void
json_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      guchar c = (guchar) *p;
      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
newline (GString *out, gboolean pretty, guint depth)
{
  if (!pretty)
    return;
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

/* Dictionaries become objects (in their order), arrays become lists, maybe
 * types become null or their value. */
static void
json_value (GString *out, GVariant *v, gboolean pretty, guint depth)
{
  const GVariantType *t = g_variant_get_type (v);

  if (g_variant_is_of_type (v, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr (GVariant) inner = g_variant_get_variant (v);
      json_value (out, inner, pretty, depth);
    }
  else if (g_variant_type_is_maybe (t))
    {
      g_autoptr (GVariant) inner = g_variant_get_maybe (v);
      if (inner)
        json_value (out, inner, pretty, depth);
      else
        g_string_append (out, "null");
    }
  else if (g_variant_type_is_array (t) && g_variant_type_is_dict_entry (g_variant_type_element (t)))
    {
      gsize n = g_variant_n_children (v);
      g_string_append_c (out, '{');
      for (gsize i = 0; i < n; i++)
        {
          g_autoptr (GVariant) entry = g_variant_get_child_value (v, i);
          g_autoptr (GVariant) key = g_variant_get_child_value (entry, 0);
          g_autoptr (GVariant) value = g_variant_get_child_value (entry, 1);
          if (i)
            g_string_append_c (out, ',');
          newline (out, pretty, depth + 1);
          json_string (out, g_variant_get_string (key, NULL));
          g_string_append (out, pretty ? ": " : ":");
          json_value (out, value, pretty, depth + 1);
        }
      if (n)
        newline (out, pretty, depth);
      g_string_append_c (out, '}');
    }
  else if (g_variant_type_is_array (t))
    {
      gsize n = g_variant_n_children (v);
      g_string_append_c (out, '[');
      for (gsize i = 0; i < n; i++)
        {
          g_autoptr (GVariant) child = g_variant_get_child_value (v, i);
          if (i)
            g_string_append_c (out, ',');
          newline (out, pretty, depth + 1);
          json_value (out, child, pretty, depth + 1);
        }
      if (n)
        newline (out, pretty, depth);
      g_string_append_c (out, ']');
    }
  else if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING) ||
           g_variant_is_of_type (v, G_VARIANT_TYPE_OBJECT_PATH))
    json_string (out, g_variant_get_string (v, NULL));
  else if (g_variant_is_of_type (v, G_VARIANT_TYPE_BOOLEAN))
    g_string_append (out, g_variant_get_boolean (v) ? "true" : "false");
  else if (g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE))
    {
      double d = g_variant_get_double (v);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      if (isfinite (d))
        g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.3f", d));
      else
        g_string_append (out, "null");
    }
  else if (g_variant_is_of_type (v, G_VARIANT_TYPE_BYTE))
    g_string_append_printf (out, "%u", g_variant_get_byte (v));
  else if (g_variant_is_of_type (v, G_VARIANT_TYPE_UINT16))
    g_string_append_printf (out, "%u", g_variant_get_uint16 (v));
  else if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT16))
    g_string_append_printf (out, "%d", g_variant_get_int16 (v));
  else if (g_variant_is_of_type (v, G_VARIANT_TYPE_UINT32))
    g_string_append_printf (out, "%u", g_variant_get_uint32 (v));
  else if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT32))
    g_string_append_printf (out, "%d", g_variant_get_int32 (v));
  else if (g_variant_is_of_type (v, G_VARIANT_TYPE_UINT64))
    g_string_append_printf (out, "%" G_GUINT64_FORMAT, g_variant_get_uint64 (v));
  else if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT64))
    g_string_append_printf (out, "%" G_GINT64_FORMAT, g_variant_get_int64 (v));
  else
    {
      /* Tuples and anything else: a list of the members. */
      gsize n = g_variant_n_children (v);
      g_string_append_c (out, '[');
      for (gsize i = 0; i < n; i++)
        {
          g_autoptr (GVariant) child = g_variant_get_child_value (v, i);
          if (i)
            g_string_append_c (out, ',');
          json_value (out, child, pretty, depth + 1);
        }
      g_string_append_c (out, ']');
    }
}

char *
mip6ctl_to_json (GVariant *value, gboolean pretty)
{
  GString *out = g_string_new (NULL);
  json_value (out, value, pretty, 0);
  return g_string_free (out, FALSE);
}

void
mip6ctl_print_json (GVariant *value)
{
  g_autoptr (GVariant) sunk = g_variant_ref_sink (value);
  g_autofree char *text = mip6ctl_to_json (sunk, TRUE);
  g_print ("%s\n", text);
}

const char *
mip6ctl_color (Mip6Ctl *ctl, const char *name)
{
  static const struct
  {
    const char *name, *code;
  } colors[] = {
    { "reset", "\033[0m" }, { "bold", "\033[1m" },   { "dim", "\033[2m" },
    { "red", "\033[31m" },  { "green", "\033[32m" }, { "yellow", "\033[33m" },
    { "blue", "\033[34m" }, { "cyan", "\033[36m" },
  };
  if (!ctl->color)
    return "";
  for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
    if (g_str_equal (colors[i].name, name))
      return colors[i].code;
  return "";
}

const char *
mip6ctl_lookup_string (GVariant *dict, const char *key)
{
  const char *s = NULL;
  if (dict == NULL || !g_variant_lookup (dict, key, "&s", &s))
    return "";
  return s;
}

static const struct
{
  const char *key;
  const char *label;
} phases[] = {
  { "ra_received_ms", N_ ("router advertisement") },
  { "coa_usable_ms", N_ ("care-of address usable") },
  { "bu_sent_ms", N_ ("binding update sent") },
  { "ba_received_ms", N_ ("binding ack received") },
  { "routes_switched_ms", N_ ("routes switched") },
};

/* "completed in 412.3 ms (visitnet -> visitnet2)" and one line per phase;
 * failure, when not NULL, is the reason HandoverFailed gave. */
char *
mip6ctl_format_handover (GVariant *h, const char *failure)
{
  GString *out = g_string_new (NULL);
  const char *result = mip6ctl_lookup_string (h, "result");
  const char *from = mip6ctl_lookup_string (h, "from_network");
  const char *to = mip6ctl_lookup_string (h, "to_network");
  const char *reason = failure ? failure : mip6ctl_lookup_string (h, "reason");
  double total;

  if (h == NULL || g_variant_n_children (h) == 0)
    return g_string_free (out, FALSE);
  g_string_append (out, *result ? result : _ ("started"));
  if (g_variant_lookup (h, "total_ms", "d", &total))
    g_string_append_printf (out, _ (" in %.1f ms"), total);
  const char *from_if = mip6ctl_lookup_string (h, "from_interface");
  const char *to_if = mip6ctl_lookup_string (h, "to_interface");
  if (*from || *to)
    g_string_append_printf (out, " (%s -> %s)", *from ? from : "?", *to ? to : "?");
  /* Between Ethernet and Wi-Fi, say so. */
  if (*from_if && *to_if && !g_str_equal (from_if, to_if))
    g_string_append_printf (out, " [%s -> %s]", from_if, to_if);
  if (*reason)
    g_string_append_printf (out, ": %s", reason);
  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    {
      double ms;
      if (g_variant_lookup (h, phases[i].key, "d", &ms))
        g_string_append_printf (out, "\n    %-24s +%.1f ms", _ (phases[i].label), ms);
    }
  return g_string_free (out, FALSE);
}

void
mip6ctl_print_table (Mip6Ctl *ctl, GPtrArray *rows)
{
  g_autofree guint *width = NULL;
  guint ncols = 0;

  for (guint r = 0; r < rows->len; r++)
    ncols = MAX (ncols, g_strv_length (g_ptr_array_index (rows, r)));
  width = g_new0 (guint, ncols);
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      for (guint c = 0; cells[c]; c++)
        width[c] = MAX (width[c], (guint) g_utf8_strlen (cells[c], -1));
    }
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      GString *line = g_string_new (NULL);
      if (r == 0)
        g_string_append (line, mip6ctl_color (ctl, "bold"));
      for (guint c = 0; cells[c]; c++)
        {
          g_string_append (line, cells[c]);
          if (cells[c + 1])
            for (guint pad = g_utf8_strlen (cells[c], -1); pad < width[c] + 2; pad++)
              g_string_append_c (line, ' ');
        }
      if (r == 0)
        g_string_append (line, mip6ctl_color (ctl, "reset"));
      g_print ("%s\n", line->str);
      g_string_free (line, TRUE);
    }
}

static char *
uint_of (GVariant *entry, const char *key)
{
  g_autoptr (GVariant) v = g_variant_lookup_value (entry, key, NULL);
  if (v == NULL)
    return g_strdup ("-");
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_UINT16))
    return g_strdup_printf ("%u", g_variant_get_uint16 (v));
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_UINT32))
    return g_strdup_printf ("%u", g_variant_get_uint32 (v));
  return g_variant_print (v, FALSE);
}

void
mip6ctl_print_entries (Mip6Ctl *ctl, GVariant *entries, const char *const *columns, guint n_columns)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  char **header = g_new0 (char *, n_columns + 1);

  for (guint c = 0; c < n_columns; c++)
    header[c] = g_strdup (_ (columns[2 * c + 1]));
  g_ptr_array_add (rows, header);
  for (gsize i = 0; i < g_variant_n_children (entries); i++)
    {
      g_autoptr (GVariant) entry = g_variant_get_child_value (entries, i);
      char **row = g_new0 (char *, n_columns + 1);
      for (guint c = 0; c < n_columns; c++)
        {
          const char *key = columns[2 * c];
          g_autoptr (GVariant) v = g_variant_lookup_value (entry, key, NULL);
          if (v && g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
            row[c] = g_strdup (g_variant_get_string (v, NULL));
          else if (g_str_equal (key, "expires") || g_str_equal (key, "lifetime"))
            {
              g_autofree char *n = uint_of (entry, key);
              row[c] = g_strdup_printf ("%s s", n);
            }
          else
            row[c] = uint_of (entry, key);
        }
      g_ptr_array_add (rows, row);
    }
  mip6ctl_print_table (ctl, rows);
}

guint64
mip6ctl_seconds_left (guint64 at_us)
{
  gint64 now = g_get_real_time ();
  if (at_us == 0 || at_us <= (guint64) now)
    return 0;
  return (at_us - (guint64) now) / G_USEC_PER_SEC;
}

GVariant *
mip6ctl_entries_for_output (GVariant *entries)
{
  GVariantBuilder list;

  g_variant_builder_init (&list, G_VARIANT_TYPE ("aa{sv}"));
  for (gsize i = 0; i < g_variant_n_children (entries); i++)
    {
      g_autoptr (GVariant) entry = g_variant_get_child_value (entries, i);
      GVariantDict d;
      guint64 at = 0;

      g_variant_dict_init (&d, entry);
      if (g_variant_dict_lookup (&d, "expires", "t", &at))
        {
          g_variant_dict_insert (&d, "expires", "u",
                                 (guint32) MIN (mip6ctl_seconds_left (at), G_MAXUINT32));
          g_variant_dict_insert (&d, "expires_at", "t", at);
        }
      g_variant_builder_add_value (&list, g_variant_dict_end (&d));
    }
  g_variant_unref (entries);
  return g_variant_ref_sink (g_variant_builder_end (&list));
}
