/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vserv.c - the virtual servers of served namespaces, and their marked
 * sockets.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>

#include "broker.h"
#include "log.h"
#include "netns.h"
#include "vserv.h"

static struct bvs *find_name(const struct bns *ns, const char *name)
{
	struct bvs *v;

	for (v = ns->vs; v; v = v->next)
		if (strcmp(v->def.name, name) == 0)
			return v;
	return NULL;
}

/* Does an address of @def belong to a VS of @ns other than @self? */
static bool addr_taken(const struct bns *ns, const struct ipc_vs *def,
		       const struct bvs *self)
{
	const struct bvs *v;
	unsigned int i, j;

	for (v = ns->vs; v; v = v->next)
		for (i = 0; v != self && i < v->def.n_addrs; i++)
			for (j = 0; j < def->n_addrs; j++)
				if (ipc_vs_addr_equal(&v->def.addrs[i],
					      &def->addrs[j]))
					return true;
	return false;
}

static uint8_t free_id(const struct bns *ns)
{
	bool used[IPC_VS_MAX + 1] = { false };
	const struct bvs *v;
	unsigned int id;

	for (v = ns->vs; v; v = v->next)
		used[v->def.id] = true;
	for (id = 1; id <= IPC_VS_MAX; id++)
		if (!used[id])
			return (uint8_t)id;
	return 0;
}

/* Open @v's sockets in @ns, whose descriptors it counts. */
static int open_socks(struct bns *ns, struct bvs *v)
{
	struct sockaddr_storage ss;
	unsigned int i;
	int r = broker_enter_ns(ns);

	bool family_done[2] = { false, false };

	for (i = 0; r == 0 && i < v->def.n_addrs; i++) {
		socklen_t len = ipc_vs_addr_sockaddr(&v->def.addrs[i],
						     RPCBIND_PORT, &ss);
		int f = ss.ss_family == AF_INET6;

		r = sockets_open_vs(&v->socks, &ns->socks,
				    (struct sockaddr *)&ss, len, v->def.mark,
				    v->def.id);
		/* -r: its remote calls go out under its mark too */
		if (r == 0 && ns->b->opt.remote_calls && !family_done[f])
			r = sockets_open_vs_rmt(&v->socks, ss.ss_family,
						v->def.mark, v->def.id);
		family_done[f] = true;
	}
	if (!ns->host)
		broker_return_home(ns->b);
	ns->nfds += (unsigned int)v->socks.n;
	ns->b->ns_fds += (unsigned int)v->socks.n;
	return r;
}

static void close_socks(struct bns *ns, struct bvs *v, bool tell)
{
	size_t i;

	for (i = 0; tell && i < v->socks.n; i++) {
		struct ipc_ep_del del = { .cookie = ns->cookie,
					  .id = v->socks.v[i].ep.id };

		broker_send(ns->b, IPC_EP_DEL, 0, &del, sizeof(del), NULL, 0);
	}
	ns->nfds -= (unsigned int)v->socks.n;
	ns->b->ns_fds -= (unsigned int)v->socks.n;
	sockets_close(&v->socks);
}

static void send_vs(struct bns *ns, const struct bvs *v)
{
	size_t i;

	broker_send(ns->b, IPC_VS_SET, 0, &v->def, sizeof(v->def), NULL, 0);
	for (i = 0; i < v->socks.n; i++) {
		struct ipc_ep_add add = { .cookie = ns->cookie,
					  .endpoint = v->socks.v[i].ep };

		broker_send(ns->b, IPC_EP_ADD, 0, &add, sizeof(add),
			    &v->socks.v[i].fd, 1);
	}
}

static void log_served(const struct bns *ns, const struct bvs *v,
		       const char *what)
{
	char addrs[IPC_VS_ADDRS_MAX * (INET6_ADDRSTRLEN + 1)] = "", a[64];
	unsigned int i;

	for (i = 0; i < v->def.n_addrs; i++) {
		ipc_vs_addr_text(&v->def.addrs[i], a, sizeof(a));
		if (i)
			strcat(addrs, " ");
		strcat(addrs, a);
	}
	log_info(NS_FMT "virtual server '%s' (mark 0x%x) %s: %s",
		 NS_ARGS(ns), v->def.name, v->def.mark, what, addrs);
}

int vserv_add(struct bns *ns, const struct ipc_vs *def, bool by_hand)
{
	struct bvs *v;
	int r;

	if (find_name(ns, def->name))
		return -EEXIST;
	if (addr_taken(ns, def, NULL))
		return -EADDRINUSE;
	v = calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->def = *def;
	v->def.cookie = ns->cookie;
	v->def.id = free_id(ns);
	v->by_hand = by_hand;
	v->configured = !by_hand;
	if (!v->def.id) {
		free(v);
		return -ENOSPC;
	}
	r = open_socks(ns, v);
	if (r < 0) {
		close_socks(ns, v, false);
		free(v);
		return r;
	}
	v->next = ns->vs;
	ns->vs = v;
	send_vs(ns, v);
	log_served(ns, v, "serving");
	return 0;
}

static void unlink_vs(struct bns *ns, struct bvs *v)
{
	struct bvs **pp;

	for (pp = &ns->vs; *pp != v; pp = &(*pp)->next)
		;
	*pp = v->next;
}

int vserv_remove(struct bns *ns, const char *name)
{
	struct bvs *v = find_name(ns, name);
	struct ipc_vs_ref del = { .cookie = ns->cookie };

	if (!v)
		return -ENOENT;
	close_socks(ns, v, true);
	del.id = v->def.id;
	memcpy(del.name, v->def.name, sizeof(del.name));
	broker_send(ns->b, IPC_VS_DEL, 0, &del, sizeof(del), NULL, 0);
	log_info(NS_FMT "virtual server '%s' removed", NS_ARGS(ns),
		 v->def.name);
	unlink_vs(ns, v);
	free(v);
	return 0;
}

/* New sockets for @v's new definition @def; the engine keeps its view
 * (same id, same name).  On failure the old definition stays. */
static int redefine(struct bns *ns, struct bvs *v, const struct ipc_vs *def)
{
	struct bvs next = { .def = *def };
	int r;

	next.def.cookie = ns->cookie;
	next.def.id = v->def.id;
	if (addr_taken(ns, &next.def, v))
		return -EADDRINUSE;
	close_socks(ns, v, true);
	r = open_socks(ns, &next);
	if (r < 0) {
		close_socks(ns, &next, false);
		/* back to what served before, if it still can */
		if (open_socks(ns, v) < 0)
			close_socks(ns, v, false);
		send_vs(ns, v);
		return r;
	}
	v->def = next.def;
	v->socks = next.socks;
	send_vs(ns, v);
	log_served(ns, v, "redefined");
	return 0;
}

static bool same_def(const struct ipc_vs *x, const struct ipc_vs *y)
{
	return x->mark == y->mark && x->n_addrs == y->n_addrs &&
	       memcmp(x->addrs, y->addrs, sizeof(x->addrs)) == 0;
}

/* Is @c, a VS of the config file, one of @ns's? */
static bool conf_names(const struct conf_vs *c, const struct bns *ns)
{
	ino_t ino;
	int fd, r;

	if (!c->netns)
		return ns->host;
	fd = pm_netns_open(c->netns);
	if (fd < 0)
		return false;
	r = pm_netns_inode(fd, &ino);
	close(fd);
	return r == 0 && ino == ns->ino;
}

void vserv_configure(struct bns *ns, const struct options *o)
{
	struct bvs *v, *next;
	size_t i;
	int r;

	for (v = ns->vs; v; v = v->next)
		v->configured = false;
	for (i = 0; i < o->n_vs; i++) {
		const struct conf_vs *c = &o->vs[i];
		struct ipc_vs def = { .mark = c->mark,
				      .n_addrs = (uint8_t)c->n_addrs };

		if (!conf_names(c, ns))
			continue;
		memcpy(def.name, c->name, sizeof(def.name));
		memcpy(def.addrs, c->addrs, sizeof(def.addrs));
		v = find_name(ns, c->name);
		if (!v)
			r = vserv_add(ns, &def, false);
		else if (!same_def(&v->def, &def))
			r = redefine(ns, v, &def);
		else
			r = 0;
		if (r < 0)
			log_warnx(NS_FMT "cannot serve virtual server '%s': %s",
				  NS_ARGS(ns), c->name, strerror(-r));
		v = find_name(ns, c->name);
		if (v) {
			v->configured = true;
			v->by_hand = false;
		}
	}
	for (v = ns->vs; v; v = next) {
		next = v->next;
		if (!v->configured && !v->by_hand)
			vserv_remove(ns, v->def.name);
	}
}

void vserv_send_all(struct bns *ns)
{
	const struct bvs *v;

	for (v = ns->vs; v; v = v->next)
		send_vs(ns, v);
}

void vserv_free_all(struct bns *ns)
{
	struct bvs *v;

	while ((v = ns->vs) != NULL) {
		ns->vs = v->next;
		sockets_close(&v->socks);
		free(v);
	}
}
