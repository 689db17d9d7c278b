/* mip6-probe - print the data path mip6d would choose on this kernel.
 * Used by the VM tier (tests/vm) and handy when a user asks "why
 * userspace?". Exit status: 0, or 1 when the setting cannot be met. */
#include "config.h"

#include "probe.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

int
main (int argc, char **argv)
{
  g_autofree char *setting_text = NULL;
  Mip6Datapath setting = MIP6_DATAPATH_AUTO;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (Mip6ProbeResult) result = NULL;
  const GOptionEntry entries[] = {
    { "datapath", 'd', 0, G_OPTION_ARG_STRING, &setting_text,
      N_ ("The datapath= setting to apply: auto, kernel or userspace"), N_ ("SETTING") },
    { NULL },
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _ ("Print the data path mip6d would choose on this kernel."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mip6-probe: %s\n", error->message);
      return 2;
    }
  if (setting_text != NULL && !mip6_datapath_from_string (setting_text, &setting))
    {
      g_printerr (_ ("mip6-probe: --datapath=%s is not a data path; use "
                     "auto, kernel or userspace.\n"),
                  setting_text);
      return 2;
    }

  result = mip6_datapath_probe (setting, &error);
  if (result == NULL)
    {
      g_printerr ("mip6-probe: %s\n", error->message);
      return 1;
    }
  printf ("datapath: %s\n", mip6_datapath_to_string (result->path));
  for (gsize i = 0; i < 3; i++)
    {
      Mip6KernelFeatures f = 1 << i;

      printf ("%s: %s\n", mip6_kernel_feature_option (f), (result->present & f) ? "yes" : "no");
    }
  for (guint i = 0; i < result->missing->len; i++)
    printf ("%s\n", (const char *) g_ptr_array_index (result->missing, i));
  return 0;
}
