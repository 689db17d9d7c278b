/* menu.h: the applet's GtkMenu: the state in words, the binding, and what
 * a person can ask mip6d to do. */
#pragma once

#include <gtk/gtk.h>

#include "daemon-client.h"

G_BEGIN_DECLS

typedef struct _Mip6Menu Mip6Menu;

/* on_details and on_quit run when those items are activated. */
Mip6Menu *mip6_menu_new (Mip6DaemonClient *client, GCallback on_details, GCallback on_quit,
                         gpointer user_data);
void mip6_menu_free (Mip6Menu *self);

GtkMenu *mip6_menu_get_widget (Mip6Menu *self);

/* Rebuilds the labels and sensitivity from the client's model and its
 * networks; the applet calls it at each "changed" and "networks-changed". */
void mip6_menu_update (Mip6Menu *self);

/* Shows a failed request's sentence without blocking: a window the person
 * closes. */
void mip6_show_error (const char *primary, const char *sentence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6Menu, mip6_menu_free)

G_END_DECLS
