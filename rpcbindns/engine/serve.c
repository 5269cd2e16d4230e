/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * serve.c - the thin layer between the transports and libportmap.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>

#include "log.h"
#include "rtnl.h"
#include "serve.h"
#include "vs.h"

#define PEER_TEXT_MAX		(INET6_ADDRSTRLEN + 32)

static void peer_text(const struct pm_caller *c, char *buf, size_t size)
{
	const struct sockaddr *sa = c->peer;
	char host[INET6_ADDRSTRLEN] = "?";
	const void *addr;
	int port;

	if (sa->sa_family == AF_UNIX) {
		snprintf(buf, size, "local uid %ld",
			 c->has_uid ? (long)c->uid : -1L);
		return;
	}
	if (sa->sa_family == AF_INET) {
		addr = &((const struct sockaddr_in *)sa)->sin_addr;
		port = ntohs(((const struct sockaddr_in *)sa)->sin_port);
	} else {
		addr = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		port = ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	}
	inet_ntop(sa->sa_family, addr, host, sizeof(host));
	snprintf(buf, size, "%s port %d", host, port);
}

/* -l: one line per SET or UNSET, with its answer, as the core saw it. */
static void log_change(struct nsctx *ns, const struct pm_caller *c,
		       const struct pm_change *ch)
{
	const struct vs *v = c->vs ? vs_find_id(ns, c->vs) : NULL;
	char peer[PEER_TEXT_MAX];

	if (ch->kind == PM_CHANGE_NONE)
		return;
	peer_text(c, peer, sizeof(peer));
	log_info(NS_FMT "v%u %s %u/%u/%s%s%s%s%s from %s over %s: %s",
		 NS_ARGS(ns), ch->rpcb_vers,
		 ch->kind == PM_CHANGE_SET ? "SET" : "UNSET", ch->prog,
		 ch->vers, ch->netid[0] ? ch->netid : "*",
		 ch->uaddr[0] ? " " : "", ch->uaddr, v ? " in VS " : "",
		 v ? v->name : "", peer, c->netid,
		 ch->done ? "done" : "refused");
}

int serve_request(struct nsctx *ns, struct pm_caller *c, const void *in,
		  size_t len, void *out, size_t cap, struct pm_rmtcall *fwd,
		  bool *ret_changed)
{
	struct daemon *d = ns->d;
	uint64_t gen = pm_table_generation(d->table);
	struct pm_change change;
	int r;

	c->ns = ns->cookie;
	c->policy = &ns->policy;
	c->now = time(NULL);
	c->ifaddrs = NULL;
	c->n_ifaddrs = 0;
	c->change = d->opt.log_calls ? &change : NULL;
	if (ns->rtnl)
		rtnl_ifaddrs(ns->rtnl, &c->ifaddrs, &c->n_ifaddrs);
	r = pm_proc_dispatch(d->table, c, in, len, out, cap, fwd);
	if (r == -EBADMSG) {
		ns->dropped++;
		log_debug(NS_FMT "dropped a malformed message over %s",
			  NS_ARGS(ns), c->netid);
	}
	if (c->change)
		log_change(ns, c, c->change);
	c->change = NULL;		/* it pointed here */
	*ret_changed = pm_table_generation(d->table) != gen;
	return r;
}
