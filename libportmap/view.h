/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * view.h - a namespace's registrations as arrays, ready to encode.
 */
#ifndef PM_VIEW_H
#define PM_VIEW_H

#include "codec.h"
#include "table.h"

/*
 * Pointers to the entries of @ns (NULL: none) in @scope of view @vs, in
 * registration order, into *@ret_v, which the caller frees.  Returns the
 * count or -ENOMEM.
 */
int pm_view_rpcbs(const struct pm_ns *ns, enum pm_scope scope, uint32_t vs,
		  const struct pm_entry ***ret_v);

/*
 * The PMAP v2 view of @ns: its "tcp" and "udp" entries in @scope of view
 * @vs as (prog, vers, prot, port), into *@ret_v, which the caller frees.
 * Returns the count or -ENOMEM.
 */
int pm_view_pmaps(const struct pm_ns *ns, enum pm_scope scope, uint32_t vs,
		  struct pm_mapping **ret_v);

#endif
