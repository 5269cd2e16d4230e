/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * view.c - arrays of registrations for DUMP replies and state files.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>

#include "netconf.h"
#include "uaddr.h"
#include "view.h"

int pm_view_rpcbs(const struct pm_ns *ns, enum pm_scope scope, uint32_t vs,
		  const struct pm_entry ***ret_v)
{
	const struct pm_entry **v;
	const struct pm_node *n;
	int i = 0;

	v = calloc(ns ? ns->count + 1 : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (n = ns ? ns->head : NULL; n; n = n->next)
		if (pm_ns_shows(ns, n, scope, vs))
			v[i++] = &n->e;
	*ret_v = v;
	return i;
}

int pm_view_pmaps(const struct pm_ns *ns, enum pm_scope scope, uint32_t vs,
		  struct pm_mapping **ret_v)
{
	struct pm_mapping *v;
	const struct pm_node *n;
	int i = 0;

	v = calloc(ns ? ns->count + 1 : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (n = ns ? ns->head : NULL; n; n = n->next) {
		const struct pm_netconf *nc = pm_netconf_find(n->netid);

		if (!nc || !nc->ipproto || !pm_ns_shows(ns, n, scope, vs))
			continue;
		v[i].prog = n->e.prog;
		v[i].vers = n->e.vers;
		v[i].prot = nc->ipproto;
		v[i].port = (uint32_t)pm_uaddr_port(n->uaddr, nc->family);
		i++;
	}
	*ret_v = v;
	return i;
}
