/* mip6ctl.h: what every mip6ctl command shares (mip6ctl(1)). */
#pragma once

#include <gio/gio.h>

#include "mip6-dbus-generated.h"

G_BEGIN_DECLS

/* Exit codes, documented in mip6ctl(1). */
enum
{
  MIP6CTL_EXIT_OK = 0,
  MIP6CTL_EXIT_FAILED = 1,
  MIP6CTL_EXIT_NOT_RUNNING = 2,
  MIP6CTL_EXIT_DENIED = 3,
  MIP6CTL_EXIT_USAGE = 64,
};

typedef struct
{
  gboolean json;
  gboolean color;
  GDBusConnection *bus;
  char *role; /* "mobile-node" or "home-agent", from org.mip6.Daemon1 */
} Mip6Ctl;

typedef int (*Mip6CtlCommandFunc) (Mip6Ctl *ctl, int argc, char **argv);

/* Connects to the system bus and checks that mip6d runs; prints the one
 * line that says why not and returns FALSE otherwise. */
gboolean mip6ctl_connect (Mip6Ctl *ctl);

/* Proxies for the role objects; NULL (message printed) when the daemon runs
 * the other role. */
Mip6DbusMobileNode *mip6ctl_mobile_node (Mip6Ctl *ctl);
Mip6DbusHomeAgent *mip6ctl_home_agent (Mip6Ctl *ctl);

/* Prints a D-Bus call's error and maps it to an exit code: polkit refusal
 * 3, daemon gone 2, else 1. */
int mip6ctl_error (Mip6Ctl *ctl, const char *what, GError *error);

/* Output */
void mip6ctl_print_json (GVariant *value);
char *mip6ctl_to_json (GVariant *value, gboolean pretty);
const char *mip6ctl_color (Mip6Ctl *ctl, const char *name); /* "" without colour */
char *mip6ctl_format_handover (GVariant *handover, const char *failure);
/* Prints rows of cells (NULL-terminated string arrays) with aligned columns. */
void mip6ctl_print_table (Mip6Ctl *ctl, GPtrArray *rows);
/* A list of a{sv} entries as a table; columns are (key, heading) pairs,
 * headings untranslated (N_). */
void mip6ctl_print_entries (Mip6Ctl *ctl, GVariant *entries, const char *const *columns,
                            guint n_columns);
const char *mip6ctl_lookup_string (GVariant *dict, const char *key);
/* Whole seconds from now to @at_us (microseconds since the epoch, the
 * API's points in time), 0 when past or none. */
guint64 mip6ctl_seconds_left (guint64 at_us);
/* Binding entries (GetBindingUpdateList, GetBindingCache) for people and
 * scripts: "expires" becomes the seconds left (u), its point in time
 * moves to "expires_at" (t). Takes @entries; returns a new reference. */
GVariant *mip6ctl_entries_for_output (GVariant *entries);

int mip6ctl_status (Mip6Ctl *ctl, int argc, char **argv);
int mip6ctl_stats (Mip6Ctl *ctl, int argc, char **argv);
int mip6ctl_bul (Mip6Ctl *ctl, int argc, char **argv);
int mip6ctl_bc (Mip6Ctl *ctl, int argc, char **argv);
int mip6ctl_monitor (Mip6Ctl *ctl, int argc, char **argv);
int mip6ctl_roam (Mip6Ctl *ctl, int argc, char **argv);
int mip6ctl_reregister (Mip6Ctl *ctl, int argc, char **argv);
int mip6ctl_networks (Mip6Ctl *ctl, int argc, char **argv);
int mip6ctl_reload (Mip6Ctl *ctl, int argc, char **argv);

G_END_DECLS
