/* standalone-main.c — runs a fuzz target over the files named on the command
 * line, for builds without libFuzzer (gcc). */
#include <glib.h>

#include "fuzz.h"

int
main (int argc, char **argv)
{
  int i, n = 0;

  for (i = 1; i < argc; i++)
    {
      gchar *data = NULL;
      gsize len = 0;
      GError *error = NULL;

      if (argv[i][0] == '-') /* a libFuzzer flag */
        continue;

      if (!g_file_get_contents (argv[i], &data, &len, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          g_error_free (error);
          return 1;
        }
      /* Give the target its own exact-size copy so ASan sees overreads. */
      {
        guint8 *copy = g_memdup2 (data, len);
        LLVMFuzzerTestOneInput (copy, len);
        g_free (copy);
      }
      g_free (data);
      n++;
    }
  printf ("ran %d inputs\n", n);
  return n > 0 ? 0 : 1;
}
