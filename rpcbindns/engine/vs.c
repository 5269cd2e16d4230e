/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vs.c - the virtual servers of a served namespace: a short list, as a
 * namespace has a handful at most and most have none.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "vs.h"

struct vs *vs_find_id(const struct nsctx *ns, uint32_t id)
{
	struct vs *v;

	for (v = ns->vs; v; v = v->next)
		if (v->id == id)
			return v;
	return NULL;
}

struct vs *vs_find_name(const struct nsctx *ns, const char *name)
{
	struct vs *v;

	for (v = ns->vs; v; v = v->next)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

struct vs *vs_set(struct nsctx *ns, const struct ipc_vs *def)
{
	struct vs *v = vs_find_id(ns, def->id), *named;

	named = vs_find_name(ns, def->name);
	if (named && named != v)
		return NULL;
	if (!v) {
		v = calloc(1, sizeof(*v));
		if (!v)
			return NULL;
		v->id = def->id;
		v->next = ns->vs;
		ns->vs = v;
	}
	memcpy(v->name, def->name, sizeof(v->name));
	v->mark = def->mark;
	v->n_addrs = def->n_addrs;
	memcpy(v->addrs, def->addrs, sizeof(v->addrs));
	return v;
}

void vs_free(struct nsctx *ns, struct vs *v)
{
	struct vs **pp;

	for (pp = &ns->vs; *pp; pp = &(*pp)->next) {
		if (*pp == v) {
			*pp = v->next;
			free(v);
			return;
		}
	}
}

void vs_free_all(struct nsctx *ns)
{
	while (ns->vs)
		vs_free(ns, ns->vs);
}
