/* roaming.c: when mip6d joins a known Wi-Fi network, and which one. */
#include "config.h"
#include "roaming.h"

typedef struct
{
  guint failures;
  gint64 retry_at;
} BackOff;

struct _Mip6Roaming
{
  GHashTable *lost;     /* interface → TRUE: its network went, not by a person */
  GHashTable *was_up;   /* interface → TRUE: activated when last seen */
  GHashTable *back_off; /* network name → BackOff */
};

Mip6Roaming *
mip6_roaming_new (void)
{
  Mip6Roaming *r = g_new0 (Mip6Roaming, 1);
  r->lost = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r->was_up = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r->back_off = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return r;
}

void
mip6_roaming_free (Mip6Roaming *r)
{
  if (r == NULL)
    return;
  g_hash_table_unref (r->lost);
  g_hash_table_unref (r->was_up);
  g_hash_table_unref (r->back_off);
  g_free (r);
}

gboolean
mip6_roaming_security_fits (const Mip6NetworkConfig *network, guint offered)
{
  /* connection= : the person's profile decides, NM checks it. */
  if (network->security == MIP6_SECURITY_PROFILE)
    return offered != 0;
  return (offered & MIP6_SECURITY_BIT (network->security)) != 0;
}

gboolean
mip6_roaming_device_changed (Mip6Roaming *r, const Mip6NmDevice *dev)
{
  gboolean was_up = g_hash_table_contains (r->was_up, dev->interface);

  if (!dev->wifi || !dev->managed)
    return FALSE;
  if (dev->activated)
    {
      g_hash_table_add (r->was_up, g_strdup (dev->interface));
      g_hash_table_remove (r->lost, dev->interface);
      return FALSE;
    }
  g_hash_table_remove (r->was_up, dev->interface);
  /* A person disconnected: mip6d does not fight them. */
  if (dev->disconnected_by_user)
    {
      g_hash_table_remove (r->lost, dev->interface);
      return FALSE;
    }
  if (was_up)
    g_hash_table_add (r->lost, g_strdup (dev->interface));
  return !dev->connecting && g_hash_table_contains (r->lost, dev->interface);
}

gboolean
mip6_roaming_wants (Mip6Roaming *r, const char *interface)
{
  return g_hash_table_contains (r->lost, interface);
}

static gboolean
backing_off (Mip6Roaming *r, const char *name, gint64 now)
{
  const BackOff *b = g_hash_table_lookup (r->back_off, name);
  return b && now < b->retry_at;
}

gboolean
mip6_roaming_choose (Mip6Roaming *r, const GPtrArray *configured, const GPtrArray *visible,
                     const char *interface, gint64 now, Mip6RoamChoice *choice)
{
  gboolean found = FALSE;

  for (guint i = 0; i < configured->len; i++)
    {
      const Mip6NetworkConfig *net = g_ptr_array_index (configured, i);
      if (backing_off (r, net->name, now))
        continue;
      for (guint j = 0; j < visible->len; j++)
        {
          const Mip6VisibleNetwork *seen = g_ptr_array_index (visible, j);
          if (!g_bytes_equal (seen->ssid, net->ssid) ||
              !mip6_roaming_security_fits (net, seen->securities) ||
              (interface && g_strcmp0 (seen->interface, interface) != 0))
            continue;
          /* Priority first, then signal; on a tie the first configured. */
          if (!found || net->priority > choice->network->priority ||
              (net->priority == choice->network->priority && seen->signal > choice->seen->signal))
            {
              choice->network = net;
              choice->seen = seen;
              found = TRUE;
            }
        }
    }
  return found;
}

void
mip6_roaming_failed (Mip6Roaming *r, const char *name, gint64 now)
{
  BackOff *b = g_hash_table_lookup (r->back_off, name);
  if (b == NULL)
    {
      b = g_new0 (BackOff, 1);
      g_hash_table_insert (r->back_off, g_strdup (name), b);
    }
  gint64 wait = MIP6_ROAMING_RETRY_FIRST_US;
  for (guint i = 0; i < b->failures && wait < MIP6_ROAMING_RETRY_MAX_US; i++)
    wait *= 2;
  b->failures++;
  b->retry_at = now + MIN (wait, MIP6_ROAMING_RETRY_MAX_US);
}

void
mip6_roaming_joined (Mip6Roaming *r, const char *name)
{
  g_hash_table_remove (r->back_off, name);
}

gint64
mip6_roaming_next_retry (Mip6Roaming *r, gint64 now)
{
  GHashTableIter it;
  gpointer value;
  gint64 next = G_MAXINT64;

  g_hash_table_iter_init (&it, r->back_off);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      const BackOff *b = value;
      if (b->retry_at > now && b->retry_at < next)
        next = b->retry_at;
    }
  return next;
}
