/* authority.h: who may call what. The single place where a D-Bus method is
 * mapped to a polkit action (polkit/org.mip6.policy); a method not in the
 * table is refused. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _Mip6Authority Mip6Authority;

/* Instead of a polkit action: only root may call the method. */
#define MIP6_AUTHORITY_ROOT "root"

/* Called only when the caller is authorized; on refusal the invocation has
 * already been answered with org.mip6.Error.AccessDenied. */
typedef void (*Mip6AuthorizedFunc) (GDBusMethodInvocation *invocation, gpointer user_data);

Mip6Authority *mip6_authority_new (void);
void mip6_authority_free (Mip6Authority *authority);

/* Checks asynchronously, for the invocation's sender, the action its
 * interface and method map to. Takes no reference on user_data: it must
 * outlive the daemon. */
void mip6_authority_check (Mip6Authority *authority, GDBusMethodInvocation *invocation,
                           Mip6AuthorizedFunc func, gpointer user_data);

/* The polkit action a method needs: NULL for read-only methods (allowed to
 * all), "" for a method unknown to the table (always refused). */
const char *mip6_authority_action_for (const char *interface, const char *method);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Authority, mip6_authority_free)

G_END_DECLS
