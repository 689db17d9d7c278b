/* probe.h - which data path the running kernel can carry
 *
 * The kernel data path needs Mobile IPv6 in the kernel (Home Address option
 * and type 2 routing header through XFRM), the XFRM netlink interface to
 * install those states, and ip6_tunnel for the bidirectional tunnel
 * (RFC 6275 section 10.4.1). Without all three mip6d uses its userspace
 * data path. The choice itself is a pure function of the features found
 * and the datapath= setting, so it is tested without a kernel.
 */
#pragma once

#include <glib.h>

#include "mip6-enums.h"

G_BEGIN_DECLS

/* The datapath= setting is a Mip6Datapath (mip6-enums.h): auto, kernel or
 * userspace; a probe result is kernel or userspace, never auto. */

typedef enum
{
  MIP6_KERNEL_FEATURE_MIP6 = 1 << 0,       /* CONFIG_IPV6_MIP6 */
  MIP6_KERNEL_FEATURE_IP6_TUNNEL = 1 << 1, /* CONFIG_IPV6_TUNNEL */
  MIP6_KERNEL_FEATURE_XFRM_USER = 1 << 2,  /* CONFIG_XFRM_USER */
} Mip6KernelFeatures;

#define MIP6_KERNEL_FEATURES_ALL                                                                   \
  (MIP6_KERNEL_FEATURE_MIP6 | MIP6_KERNEL_FEATURE_IP6_TUNNEL | MIP6_KERNEL_FEATURE_XFRM_USER)

#define MIP6_PROBE_ERROR (mip6_probe_error_quark ())

typedef enum
{
  /* datapath=kernel was set but the kernel lacks a feature. */
  MIP6_PROBE_ERROR_KERNEL_UNSUPPORTED,
} Mip6ProbeError;

typedef struct
{
  Mip6Datapath path;
  Mip6KernelFeatures present;
  /* One translated sentence per missing feature, naming its kernel option;
   * filled whatever the path, so status output can say why. */
  GPtrArray *missing;
} Mip6ProbeResult;

GQuark mip6_probe_error_quark (void);

/* The kernel option behind one feature, e.g. "CONFIG_IPV6_MIP6". */
const char *mip6_kernel_feature_option (Mip6KernelFeatures feature);
/* A translated sentence saying that @feature is missing and what it is
 * needed for. */
char *mip6_kernel_feature_missing_sentence (Mip6KernelFeatures feature);

/* Pure decision: the data path for @setting on a kernel offering @present.
 * Returns NULL and sets MIP6_PROBE_ERROR_KERNEL_UNSUPPORTED when @setting is
 * kernel and a feature is missing; the message names every missing option. */
Mip6ProbeResult *mip6_datapath_choose (Mip6Datapath setting, Mip6KernelFeatures present,
                                       GError **error);

void mip6_probe_result_free (Mip6ProbeResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mip6ProbeResult, mip6_probe_result_free)

/* Whether kernel module @name is loaded or built in (present under
 * @sys_module_dir, normally /sys/module), or listed in @modules_dir's
 * modules.builtin or modules.dep (normally /lib/modules/`uname -r`), so the
 * kernel can load it on demand. */
gboolean mip6_kernel_module_available (const char *name, const char *sys_module_dir,
                                       const char *modules_dir);

/* Probes the running kernel. Harmless: it changes no kernel state (it may
 * make the kernel load xfrm_user, as any XFRM netlink client would). */
Mip6KernelFeatures mip6_kernel_probe_features (void);

/* mip6_kernel_probe_features () then mip6_datapath_choose (). */
Mip6ProbeResult *mip6_datapath_probe (Mip6Datapath setting, GError **error);

G_END_DECLS
