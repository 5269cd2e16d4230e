/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * admin.c - the administration protocol's server side.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <rpc/rpc.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "admin.h"
#include "admin_prot.h"
#include "listen.h"
#include "log.h"

struct call {
	struct daemon *d;
	const struct admin_peer *peer;
	struct rpc_msg msg;
	XDR *args;
	void *out;
	size_t cap;
};

void admin_peer_from(int fd, struct admin_peer *peer)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	memset(peer, 0, sizeof(*peer));
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return;
	peer->known = true;
	peer->uid = cred.uid;
	peer->gid = cred.gid;
	len = sizeof(peer->groups);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, peer->groups, &len) == 0)
		peer->ngroups = len / sizeof(gid_t);
}

/* Checked on every call: root, or a member of the --admin-group. */
static bool authorized(const struct daemon *d, const struct admin_peer *p)
{
	gid_t admin = d->opt.admin_gid;
	size_t i;

	if (!p->known)
		return false;
	if (p->uid == 0)
		return true;
	if (admin == (gid_t)-1)
		return false;
	if (p->gid == admin)
		return true;
	for (i = 0; i < p->ngroups; i++)
		if (p->groups[i] == admin)
			return true;
	return false;
}

/* xdrmem wants a mutable buffer even for decoding. */
static char *unconst(const void *p)
{
	union {
		const void *c;
		char *m;
	} u = { .c = p };

	return u.m;
}

/* libtirpc's xdr_void() takes no arguments; results need two. */
static bool_t xdr_nothing(XDR *x, void *p)
{
	return TRUE;
}

/* Encode a reply: accepted with @stat, and @res through @xres. */
static int reply(struct call *c, enum accept_stat stat, xdrproc_t xres,
		 void *res)
{
	struct rpc_msg r = { .rm_xid = c->msg.rm_xid, .rm_direction = REPLY };
	XDR x;

	r.rm_reply.rp_stat = MSG_ACCEPTED;
	r.acpted_rply.ar_verf = _null_auth;
	r.acpted_rply.ar_stat = stat;
	r.acpted_rply.ar_results.where = res;
	r.acpted_rply.ar_results.proc = xres ? xres : (xdrproc_t)xdr_nothing;
	if (stat == PROG_MISMATCH) {
		r.acpted_rply.ar_vers.low = PM_ADMIN_VERS;
		r.acpted_rply.ar_vers.high = PM_ADMIN_VERS;
	}
	xdrmem_create(&x, c->out, (u_int)c->cap, XDR_ENCODE);
	if (!xdr_replymsg(&x, &r))
		return -EMSGSIZE;
	return (int)xdr_getpos(&x);
}

static int reply_denied(struct call *c)
{
	struct rpc_msg r = { .rm_xid = c->msg.rm_xid, .rm_direction = REPLY };
	XDR x;

	r.rm_reply.rp_stat = MSG_DENIED;
	r.rjcted_rply.rj_stat = AUTH_ERROR;
	r.rjcted_rply.rj_why = AUTH_TOOWEAK;
	xdrmem_create(&x, c->out, (u_int)c->cap, XDR_ENCODE);
	if (!xdr_replymsg(&x, &r))
		return -EMSGSIZE;
	return (int)xdr_getpos(&x);
}

/* The sandbox keeps /proc out of reach: the directory was opened
 * before. */
static unsigned int open_fds(DIR *dir)
{
	unsigned int n = 0;

	if (!dir)
		return 0;
	rewinddir(dir);
	while (readdir(dir))
		n++;
	return n > 3 ? n - 3 : 0;	/* ".", "..", and the DIR's own fd */
}

static int do_status(struct call *c)
{
	struct daemon *d = c->d;
	pm_admin_status st = {
		.daemon_version = PACKAGE_VERSION,
		.uptime = (u_quad_t)(time(NULL) - d->started),
		.namespaces = d->nnamespaces,
		.connections = d->nconns[CONN_IP] + d->nconns[CONN_LOCAL],
		.open_fds = open_fds(d->fd_dir),
		.max_connections = d->opt.max_conns,
		.max_connections_per_ns = d->opt.max_conns_per_ns,
	};

	return reply(c, SUCCESS, (xdrproc_t)xdr_pm_admin_status, &st);
}

static int do_limits(struct call *c)
{
	const struct ipc_limits *l = &c->d->limits;
	pm_admin_limits res = {
		.fd_limit = l->fd_limit, .fd_reserve = l->fd_reserve,
		.fds_per_ns = l->fds_per_ns, .waiting = l->waiting,
	};

	return reply(c, SUCCESS, (xdrproc_t)xdr_pm_admin_limits, &res);
}

/* How many endpoints @ns has; the netids they serve into @buf. */
static unsigned int describe_endpoints(const struct nsctx *ns, char *buf,
				       size_t size)
{
	static const char *const netids[] = {
		"udp", "tcp", "udp6", "tcp6", "local",
	};
	const struct endpoint *ep;
	unsigned int n = 0;
	size_t i, len = 0;

	TAILQ_FOREACH(ep, &ns->endpoints, entry)
		n += ep->kind == EP_DGRAM || ep->kind == EP_STREAM;
	buf[0] = '\0';
	for (i = 0; i < sizeof(netids) / sizeof(netids[0]); i++)
		if (listen_has(ns, netids[i]) && len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? "," : "", netids[i]);
	return n;
}

static int do_list(struct call *c)
{
	struct daemon *d = c->d;
	pm_admin_nslist *items = calloc(d->nnamespaces + 1, sizeof(*items));
	char (*sets)[PM_ADMIN_ENDPOINTS_MAX] =
		calloc(d->nnamespaces + 1, sizeof(*sets));
	pm_admin_nslist_ptr head = NULL, *tail = &head;
	struct nsctx *ns;
	size_t i = 0;
	int r;

	if (!items || !sets) {
		free(items);
		free(sets);
		return reply(c, SYSTEM_ERR, NULL, NULL);
	}
	TAILQ_FOREACH(ns, &d->namespaces, entry) {
		pm_admin_ns *e = &items[i].ns;

		e->cookie = ns->cookie;
		e->label = ns->label;
		e->endpoints = describe_endpoints(ns, sets[i], sizeof(sets[i]));
		e->endpoint_set = sets[i];
		e->registrations = pm_table_count(d->table, ns->cookie);
		e->connections = ns->nconns[CONN_IP] + ns->nconns[CONN_LOCAL];
		e->dropped = ns->dropped;
		e->rate_limited = ns->rate_limited;
		e->host = ns == d->host;
		*tail = &items[i++];
		tail = &(*tail)->next;
	}
	r = reply(c, SUCCESS, (xdrproc_t)xdr_pm_admin_nslist_ptr, &head);
	free(items);
	free(sets);
	return r;
}

static int do_attach(struct call *c)
{
	pm_admin_spec spec = NULL;
	pm_admin_attach_res res = { 0 };
	int r;

	if (!xdr_pm_admin_spec(c->args, &spec))
		return reply(c, GARBAGE_ARGS, NULL, NULL);
	res.status = c->d->on->ask_broker(c->d, IPC_ATTACH, spec,
					   &res.cookie);
	log_info("admin: attach '%s' by uid %lu: %s", spec,
		 (unsigned long)c->peer->uid,
		 res.status ? strerror(-res.status) : "done");
	r = reply(c, SUCCESS, (xdrproc_t)xdr_pm_admin_attach_res, &res);
	xdr_free((xdrproc_t)xdr_pm_admin_spec, (char *)&spec);
	return r;
}

static int do_detach(struct call *c)
{
	pm_admin_spec spec = NULL;
	int status, r;

	if (!xdr_pm_admin_spec(c->args, &spec))
		return reply(c, GARBAGE_ARGS, NULL, NULL);
	status = c->d->on->ask_broker(c->d, IPC_DETACH, spec, NULL);
	log_info("admin: detach '%s' by uid %lu: %s", spec,
		 (unsigned long)c->peer->uid,
		 status ? strerror(-status) : "done");
	r = reply(c, SUCCESS, (xdrproc_t)xdr_int, &status);
	xdr_free((xdrproc_t)xdr_pm_admin_spec, (char *)&spec);
	return r;
}

/* A portmapper call in another namespace, as if made there by a local
 * client with the admin's uid. */
static int do_call(struct call *c)
{
	static uint8_t out[PM_ADMIN_MSG_MAX];
	pm_admin_call_args a = { 0 };
	pm_admin_call_res res = { 0 };
	struct sockaddr_un peer = { .sun_family = AF_UNIX };
	struct pm_caller caller = {
		.netid = "local", .peer = (struct sockaddr *)&peer,
		.peer_len = sizeof(sa_family_t), .has_uid = true,
		.uid = c->peer->uid,
	};
	struct nsctx *ns;
	int n, r;

	if (!xdr_pm_admin_call_args(c->args, &a))
		return reply(c, GARBAGE_ARGS, NULL, NULL);
	ns = a.cookie ? c->d->on->find_ns(c->d, a.cookie) : c->d->host;
	if (!ns) {
		res.status = -ENOENT;
	} else {
		n = c->d->on->request(ns, &caller, a.msg.msg_val, a.msg.msg_len,
				  out, sizeof(out), NULL);
		res.status = n > 0 ? 0 : n == 0 ? -ENODATA : n;
		res.reply.reply_val = (char *)out;
		res.reply.reply_len = n > 0 ? (u_int)n : 0;
	}
	r = reply(c, SUCCESS, (xdrproc_t)xdr_pm_admin_call_res, &res);
	xdr_free((xdrproc_t)xdr_pm_admin_call_args, (char *)&a);
	return r;
}

static int dispatch(struct call *c)
{
	const struct call_body *cb = &c->msg.rm_call;

	if (cb->cb_prog != PM_ADMIN_PROG)
		return reply(c, PROG_UNAVAIL, NULL, NULL);
	if (cb->cb_vers != PM_ADMIN_VERS)
		return reply(c, PROG_MISMATCH, NULL, NULL);
	if (!authorized(c->d, c->peer))
		return reply_denied(c);
	switch (cb->cb_proc) {
	case NULLPROC:
		return reply(c, SUCCESS, NULL, NULL);
	case PM_ADMIN_STATUS:
		return do_status(c);
	case PM_ADMIN_LIST:
		return do_list(c);
	case PM_ADMIN_ATTACH:
		return do_attach(c);
	case PM_ADMIN_DETACH:
		return do_detach(c);
	case PM_ADMIN_CALL:
		return do_call(c);
	case PM_ADMIN_LIMITS:
		return do_limits(c);
	}
	return reply(c, PROC_UNAVAIL, NULL, NULL);
}

int admin_request(struct daemon *d, const struct admin_peer *peer,
		  const void *in, size_t len, void *out, size_t cap)
{
	char cred[MAX_AUTH_BYTES], verf[MAX_AUTH_BYTES];
	struct call c = { .d = d, .peer = peer, .out = out, .cap = cap };
	XDR x;
	int r;

	c.msg.rm_call.cb_cred.oa_base = cred;
	c.msg.rm_call.cb_verf.oa_base = verf;
	xdrmem_create(&x, unconst(in), (u_int)len, XDR_DECODE);
	if (!xdr_callmsg(&x, &c.msg) || c.msg.rm_direction != CALL)
		return -EBADMSG;
	c.args = &x;
	r = dispatch(&c);
	xdr_destroy(&x);
	return r;
}
