/* ha-leftovers.c — a home agent's kernel changes, recoverable after a
 * crash.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"
#include "ha-leftovers.h"

#include "sysctl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#define SYSCTL_FILE "home-agent-sysctl"
#define PROXY_FILE "home-agent-proxies"

typedef struct
{
  int ifindex;
  struct in6_addr addr;
} Entry;

struct _Mip6HaProxyNote
{
  Mip6Rtnl *rtnl;
  char *path;      /* the list, NULL without a state directory */
  int marked;      /* -1 not known yet, 0 the kernel drops the mark, 1 it keeps it */
  GArray *entries; /* Entry */
};

char *
mip6_ha_leftovers_sysctl_file (const char *state_dir)
{
  return state_dir ? g_build_filename (state_dir, SYSCTL_FILE, NULL) : NULL;
}

static void
remove_file (const char *path)
{
  if (g_unlink (path) < 0 && errno != ENOENT)
    g_warning (_ ("Cannot remove %s: %s"), path, g_strerror (errno));
}

/* "# boot ID", then "IFNAME ADDRESS" per line. */
static int
remove_listed (Mip6Rtnl *rtnl, const char *path)
{
  g_autofree char *text = NULL;
  int n = 0;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *boot = g_strdup_printf ("# boot %s", mip6_sysctl_boot_id ());
  /* After a reboot the kernel has none of them. */
  for (guint i = 1; g_strcmp0 (lines[0], boot) == 0 && lines[i]; i++)
    {
      char ifname[IF_NAMESIZE + 1], addr_text[INET6_ADDRSTRLEN + 1];
      struct in6_addr addr;
      unsigned int ifindex;
      if (*lines[i] == '\0')
        continue;
      if (sscanf (lines[i], "%16s %46s", ifname, addr_text) != 2 ||
          inet_pton (AF_INET6, addr_text, &addr) != 1)
        {
          g_warning (_ ("%s:%u: expected an interface and an IPv6 address; line ignored"), path,
                     i + 1);
          continue;
        }
      if ((ifindex = if_nametoindex (ifname)) == 0)
        continue; /* the interface went, and its entries with it */
      g_autoptr (GError) error = NULL;
      if (mip6_rtnl_proxy_del (rtnl, (int) ifindex, &addr, &error))
        n++;
      else
        g_warning ("%s", error->message);
    }
  remove_file (path);
  return n;
}

void
mip6_ha_leftovers_remove (Mip6Rtnl *rtnl, const char *state_dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sysctl_file = mip6_ha_leftovers_sysctl_file (state_dir);
  int restored = mip6_sysctl_restore_saved (sysctl_file);
  if (restored > 0)
    g_message (_ ("Put back %d IPv6 settings an earlier mip6d changed and did not restore"),
               restored);
  int removed = mip6_rtnl_flush_own_proxies (rtnl, &error);
  if (removed < 0)
    g_warning ("%s", error->message);
  if (state_dir)
    {
      g_autofree char *list = g_build_filename (state_dir, PROXY_FILE, NULL);
      removed = MAX (removed, 0) + remove_listed (rtnl, list);
    }
  if (removed > 0)
    g_message (_ ("Removed %d proxy neighbour entries left behind by an earlier mip6d"), removed);
}

Mip6HaProxyNote *
mip6_ha_proxy_note_new (Mip6Rtnl *rtnl, const char *state_dir)
{
  Mip6HaProxyNote *note = g_new0 (Mip6HaProxyNote, 1);
  note->rtnl = rtnl;
  note->path = state_dir ? g_build_filename (state_dir, PROXY_FILE, NULL) : NULL;
  note->marked = -1;
  note->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  return note;
}

static void
write_list (Mip6HaProxyNote *note)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  if (note->path == NULL || note->marked != 0)
    return;
  g_string_append_printf (text, "# boot %s\n", mip6_sysctl_boot_id ());
  for (guint i = 0; i < note->entries->len; i++)
    {
      const Entry *e = &g_array_index (note->entries, Entry, i);
      char ifname[IF_NAMESIZE], buf[INET6_ADDRSTRLEN];
      if (if_indextoname ((unsigned int) e->ifindex, ifname))
        g_string_append_printf (text, "%s %s\n", ifname,
                                inet_ntop (AF_INET6, &e->addr, buf, sizeof buf));
    }
  if (!g_file_set_contents_full (note->path, text->str, (gssize) text->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    g_warning (_ ("Cannot note the proxy neighbour entries in %s: %s; if mip6d is killed, they "
                  "stay until removed by hand (ip -6 neigh del proxy ADDRESS dev INTERFACE)"),
               note->path, error->message);
}

/* Whether the kernel kept the mark on the entry just added. */
static int
kernel_keeps_mark (Mip6HaProxyNote *note, int ifindex, const struct in6_addr *addr)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) list = mip6_rtnl_proxy_list (note->rtnl, &error);
  if (list == NULL)
    return -1;
  for (guint i = 0; i < list->len; i++)
    {
      const Mip6RtnlProxy *p = &g_array_index (list, Mip6RtnlProxy, i);
      if (p->ifindex == ifindex && IN6_ARE_ADDR_EQUAL (&p->addr, addr))
        return p->protocol == MIP6_RTNL_PROTO;
    }
  return -1;
}

void
mip6_ha_proxy_note_added (Mip6HaProxyNote *note, int ifindex, const struct in6_addr *addr)
{
  if (note == NULL)
    return;
  Entry e = { ifindex, *addr };
  g_array_append_val (note->entries, e);
  if (note->marked < 0)
    {
      note->marked = kernel_keeps_mark (note, ifindex, addr);
      if (note->marked == 0)
        g_info ("The kernel keeps no protocol on proxy neighbour entries (Linux before 5.9); "
                "they are listed in %s instead",
                note->path ? note->path : "(no state directory)");
    }
  write_list (note);
}

void
mip6_ha_proxy_note_removed (Mip6HaProxyNote *note, int ifindex, const struct in6_addr *addr)
{
  if (note == NULL)
    return;
  for (guint i = 0; i < note->entries->len; i++)
    {
      const Entry *e = &g_array_index (note->entries, Entry, i);
      if (e->ifindex == ifindex && IN6_ARE_ADDR_EQUAL (&e->addr, addr))
        {
          g_array_remove_index (note->entries, i);
          break;
        }
    }
  write_list (note);
}

void
mip6_ha_proxy_note_free (Mip6HaProxyNote *note)
{
  if (note == NULL)
    return;
  if (note->path && note->marked == 0)
    remove_file (note->path);
  g_array_unref (note->entries);
  g_free (note->path);
  g_free (note);
}
