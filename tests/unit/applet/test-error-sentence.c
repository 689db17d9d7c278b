/* test-error-sentence.c: what the applet says when mip6d answers a call
 * with an error (the possible errors of org.mip6.MobileNode1, dbus/). */
#include "config.h"

#include <gio/gio.h>

#include "daemon-client.h"

static char *
sentence_for (const char *name, const char *message)
{
  g_autoptr (GError) error = g_dbus_error_new_for_dbus_error (name, message);
  return mip6_daemon_client_error_sentence (error);
}

static void
test_mip6d_errors (void)
{
  g_autofree char *denied = sentence_for ("org.mip6.Error.AccessDenied", "polkit said no");
  g_assert_cmpstr (denied, ==, "The system's policy does not allow you to do that.");
  g_autofree char *busy = sentence_for ("org.mip6.Error.Busy", "");
  g_assert_cmpstr (busy, ==, "mip6d is busy with a handover; try again in a moment.");
  /* mip6d's own sentence wins where it gives one, also for an error name
   * newer than this applet. */
  g_autofree char *busy_said = sentence_for ("org.mip6.Error.Busy", "A handover is running.");
  g_assert_cmpstr (busy_said, ==, "A handover is running.");
  g_autofree char *failed = sentence_for ("org.mip6.Error.Failed", "NetworkManager refused.");
  g_assert_cmpstr (failed, ==, "NetworkManager refused.");
  g_autofree char *newer = sentence_for ("org.mip6.Error.FromTheFuture", "Something new.");
  g_assert_cmpstr (newer, ==, "Something new.");
}

static void
test_bus_errors (void)
{
  g_autofree char *gone = sentence_for ("org.freedesktop.DBus.Error.ServiceUnknown", "no mip6d");
  g_assert_cmpstr (gone, ==, "mip6d is not running.");
  g_autofree char *old = sentence_for ("org.freedesktop.DBus.Error.UnknownMethod", "no Roam");
  g_assert_cmpstr (old, ==, "The mip6d that runs is too old for that.");
  g_autofree char *other = sentence_for ("org.example.Error.Odd", "odd");
  g_assert_cmpstr (other, ==, "mip6d reported an error: odd");
}

int
main (int argc, char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  /* The client's class sets up what its errors are matched with. */
  g_type_class_unref (g_type_class_ref (MIP6_TYPE_DAEMON_CLIENT));
  g_test_add_func ("/applet/error-sentence/mip6d", test_mip6d_errors);
  g_test_add_func ("/applet/error-sentence/bus", test_bus_errors);
  return g_test_run ();
}
