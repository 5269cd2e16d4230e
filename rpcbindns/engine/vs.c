/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vs.c - the virtual servers of a served namespace: a short list, as a
 * namespace has a handful at most and most have none.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

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

static void addr_from_ipc(struct sockaddr_storage *ss,
			  const struct ipc_vs_addr *a)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, a->addr, 4);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, a->addr, 16);
	}
}

struct vs *vs_set(struct nsctx *ns, const struct ipc_vs *def)
{
	struct vs *v = vs_find_id(ns, def->id), *named;
	unsigned int i;

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
	for (i = 0; i < def->n_addrs; i++)
		addr_from_ipc(&v->addrs[i], &def->addrs[i]);
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

const char *vs_addr_text(const struct sockaddr_storage *ss, char *buf,
			 size_t size)
{
	const void *a = ss->ss_family == AF_INET ?
		(const void *)&((const struct sockaddr_in *)ss)->sin_addr :
		(const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr;

	if (!inet_ntop(ss->ss_family, a, buf, (socklen_t)size))
		snprintf(buf, size, "?");
	return buf;
}
