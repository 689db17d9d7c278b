/* Configured and visible networks for the daemon's unit tests. */
#pragma once

#include <string.h>

#include "configuration.h"
#include "network-manager.h"

static inline Mip6NetworkConfig *
fixture_network (const char *name, const char *ssid, gsize len, Mip6Security security,
                 gint priority)
{
  Mip6NetworkConfig *n = g_new0 (Mip6NetworkConfig, 1);
  n->name = g_strdup (name);
  n->ssid = g_bytes_new (ssid, len);
  n->security = security;
  n->priority = priority;
  return n;
}

static inline void
fixture_network_free (gpointer p)
{
  Mip6NetworkConfig *n = p;
  g_free (n->name);
  g_bytes_unref (n->ssid);
  g_free (n);
}

static inline Mip6VisibleNetwork *
fixture_visible (const char *ssid, guint securities, guint8 signal, const char *interface)
{
  Mip6VisibleNetwork *v = g_new0 (Mip6VisibleNetwork, 1);
  v->ssid = g_bytes_new (ssid, strlen (ssid));
  v->display = g_strdup (ssid);
  v->securities = securities;
  v->signal = signal;
  v->interface = g_strdup (interface);
  return v;
}

static inline void
fixture_visible_free (gpointer p)
{
  Mip6VisibleNetwork *v = p;
  g_bytes_unref (v->ssid);
  g_free (v->display);
  g_free (v->interface);
  g_free (v);
}
