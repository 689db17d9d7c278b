/* service.h: mip6d on the bus. Exports /org/mip6/Daemon and the role's
 * object under the object manager at /org/mip6, and answers their methods,
 * each behind mip6_authority_check. */
#pragma once

#include <gio/gio.h>

#include "authority.h"
#include "configuration.h"
#include "ha-status.h"
#include "mn-status.h"

G_BEGIN_DECLS

typedef struct _Mip6Service Mip6Service;

/* Reloads the configuration; FALSE with a MIP6_ERROR_BAD_CONFIG error keeps
 * the old one. */
typedef gboolean (*Mip6ReloadFunc) (gpointer user_data, GError **error);

/* Exactly one of mn and ha is non-NULL. */
Mip6Service *mip6_service_new (const Mip6Config *config, Mip6MnStatus *mn, Mip6HaStatus *ha,
                               Mip6Authority *authority);
void mip6_service_free (Mip6Service *service);

void mip6_service_set_reload_func (Mip6Service *service, Mip6ReloadFunc func, gpointer user_data);
/* The configuration in force (borrowed, must outlive the next call). */
void mip6_service_set_config (Mip6Service *service, const Mip6Config *config);

void mip6_service_export (Mip6Service *service, GDBusConnection *connection);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Service, mip6_service_free)

G_END_DECLS
