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
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "admin.h"
#include "admin_prot.h"
#include "listen.h"
#include "log.h"
#include "vs.h"
#include "vsdef.h"

/* What the protocol's bounds let through fits where it goes, and what
 * the engine sends always fits the protocol's bounds. */
_Static_assert(IPC_VS_NAME_MAX == PM_ADMIN_VS_NAME_MAX + 1, "VS name");
_Static_assert(IPC_VS_ADDRS_MAX == PM_ADMIN_VS_ADDRS_MAX, "VS addresses");
_Static_assert(INET6_ADDRSTRLEN == PM_ADMIN_ADDR_MAX + 1, "address");
_Static_assert(PM_NETID_MAX == PM_ADMIN_NETID_MAX + 1, "netid");
_Static_assert(PM_UADDR_MAX == PM_ADMIN_UADDR_MAX + 1, "uaddr");
_Static_assert(PM_OWNER_MAX == PM_ADMIN_OWNER_MAX + 1, "owner");

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

/* Decode @c's arguments with @fn into @args; what a failed decode
 * allocated on the way is freed (a string before a bad array). */
static bool get_args(struct call *c, xdrproc_t fn, void *args)
{
	if (fn(c->args, args))
		return true;
	xdr_free(fn, (char *)args);
	return false;
}

static int do_attach(struct call *c)
{
	pm_admin_spec spec = NULL;
	pm_admin_attach_res res = { 0 };
	int r;

	if (!get_args(c, (xdrproc_t)xdr_pm_admin_spec, &spec))
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

	if (!get_args(c, (xdrproc_t)xdr_pm_admin_spec, &spec))
		return reply(c, GARBAGE_ARGS, NULL, NULL);
	status = c->d->on->ask_broker(c->d, IPC_DETACH, spec, NULL);
	log_info("admin: detach '%s' by uid %lu: %s", spec,
		 (unsigned long)c->peer->uid,
		 status ? strerror(-status) : "done");
	r = reply(c, SUCCESS, (xdrproc_t)xdr_int, &status);
	xdr_free((xdrproc_t)xdr_pm_admin_spec, (char *)&spec);
	return r;
}

/* The namespace @cookie names: 0 is the daemon's own. */
static struct nsctx *target(const struct call *c, uint64_t cookie)
{
	return cookie ? c->d->on->find_ns(c->d, cookie) : c->d->host;
}

/* A portmapper call in @ns (NULL: none such, -ENOENT), answered from
 * view @vs as if made there by a local client with the admin's uid. */
static int answer_call(struct call *c, struct nsctx *ns, uint32_t vs,
		       const char *msg, u_int len)
{
	static uint8_t out[PM_ADMIN_MSG_MAX];
	pm_admin_call_res res = { 0 };
	struct sockaddr_un peer = { .sun_family = AF_UNIX };
	struct pm_caller caller = {
		.vs = vs, .netid = "local", .peer = (struct sockaddr *)&peer,
		.peer_len = sizeof(sa_family_t), .has_uid = true,
		.uid = c->peer->uid,
	};
	int n;

	if (!ns) {
		res.status = -ENOENT;
	} else {
		n = c->d->on->request(ns, &caller, msg, len, out, sizeof(out),
				      NULL);
		c->d->on->commit(c->d);
		res.status = n > 0 ? 0 : n == 0 ? -ENODATA : n;
		res.reply.reply_val = (char *)out;
		res.reply.reply_len = n > 0 ? (u_int)n : 0;
	}
	return reply(c, SUCCESS, (xdrproc_t)xdr_pm_admin_call_res, &res);
}

static int do_call(struct call *c)
{
	pm_admin_call_args a = { 0 };
	int r;

	if (!get_args(c, (xdrproc_t)xdr_pm_admin_call_args, &a))
		return reply(c, GARBAGE_ARGS, NULL, NULL);
	r = answer_call(c, target(c, a.cookie), 0, a.msg.msg_val,
			a.msg.msg_len);
	xdr_free((xdrproc_t)xdr_pm_admin_call_args, (char *)&a);
	return r;
}

/* The same in a virtual server's view. */
static int do_vs_call(struct call *c)
{
	pm_admin_vs_call_args a = { 0 };
	struct nsctx *ns;
	struct vs *v;
	int r;

	if (!get_args(c, (xdrproc_t)xdr_pm_admin_vs_call_args, &a))
		return reply(c, GARBAGE_ARGS, NULL, NULL);
	ns = target(c, a.cookie);
	v = ns ? vs_find_name(ns, a.name) : NULL;
	r = answer_call(c, v ? ns : NULL, v ? v->id : 0, a.msg.msg_val,
			a.msg.msg_len);
	xdr_free((xdrproc_t)xdr_pm_admin_vs_call_args, (char *)&a);
	return r;
}

static int do_vs_add(struct call *c)
{
	pm_admin_vs a = { 0 };
	struct ipc_vs def;
	struct nsctx *ns;
	int status, r;

	if (!get_args(c, (xdrproc_t)xdr_pm_admin_vs, &a))
		return reply(c, GARBAGE_ARGS, NULL, NULL);
	ns = target(c, a.cookie);
	status = !ns ? -ENOENT :
		 vsdef_make(ns->cookie, a.name, a.mark,
			    (const char *const *)a.addrs.addrs_val,
			    a.addrs.addrs_len, &def);
	if (status == 0)
		status = c->d->on->ask_broker_vs(c->d, IPC_VS_ADD, &def);
	log_info("admin: add virtual server '%s' (mark %#x) in namespace "
		 "%llu by uid %lu: %s", a.name, a.mark,
		 (unsigned long long)(ns ? ns->cookie : a.cookie),
		 (unsigned long)c->peer->uid,
		 status ? strerror(-status) : "done");
	r = reply(c, SUCCESS, (xdrproc_t)xdr_int, &status);
	xdr_free((xdrproc_t)xdr_pm_admin_vs, (char *)&a);
	return r;
}

static int do_vs_del(struct call *c)
{
	pm_admin_vs_ref a = { 0 };
	struct ipc_vs def = { 0 };
	struct nsctx *ns;
	int status, r;

	if (!get_args(c, (xdrproc_t)xdr_pm_admin_vs_ref, &a))
		return reply(c, GARBAGE_ARGS, NULL, NULL);
	ns = target(c, a.cookie);
	status = !ns ? -ENOENT : !ipc_vs_name_is_valid(a.name) ? -EINVAL : 0;
	if (status == 0) {
		def.cookie = ns->cookie;
		strcpy(def.name, a.name);
		status = c->d->on->ask_broker_vs(c->d, IPC_VS_REMOVE, &def);
	}
	log_info("admin: delete virtual server '%s' in namespace %llu by "
		 "uid %lu: %s", a.name,
		 (unsigned long long)(ns ? ns->cookie : a.cookie),
		 (unsigned long)c->peer->uid,
		 status ? strerror(-status) : "done");
	r = reply(c, SUCCESS, (xdrproc_t)xdr_int, &status);
	xdr_free((xdrproc_t)xdr_pm_admin_vs_ref, (char *)&a);
	return r;
}

/* One VS_LIST item and the strings it points to. */
struct vs_item {
	pm_admin_vslist node;
	char *addrs[IPC_VS_ADDRS_MAX];
	char text[IPC_VS_ADDRS_MAX][INET6_ADDRSTRLEN];
};

static void describe_vs(const struct daemon *d, const struct nsctx *ns,
			const struct vs *v, struct vs_item *it)
{
	pm_admin_vs_info *e = &it->node.vs;
	unsigned int i;

	e->cookie = ns->cookie;
	e->label = unconst(ns->label);
	e->name = unconst(v->name);
	e->mark = v->mark;
	for (i = 0; i < v->n_addrs; i++)
		it->addrs[i] = unconst(ipc_vs_addr_text(&v->addrs[i],
							it->text[i],
							sizeof(it->text[i])));
	e->addrs.addrs_val = it->addrs;
	e->addrs.addrs_len = v->n_addrs;
	e->registrations = pm_table_count_vs(d->table, ns->cookie, v->id);
}

/* A VS to list; sorted before the items, which point into themselves. */
struct vs_ref {
	const struct nsctx *ns;
	const struct vs *v;
};

static int by_name(const void *a, const void *b)
{
	const struct vs_ref *x = a, *y = b;

	return strcmp(x->v->name, y->v->name);
}

/* The VS of the namespace of @cookie, or of every one (0), into @refs:
 * namespace by namespace, by name.  Returns how many. */
static size_t collect_vs(const struct daemon *d, uint64_t cookie,
			 struct vs_ref *refs)
{
	const struct nsctx *ns;
	const struct vs *v;
	size_t n = 0, first;

	TAILQ_FOREACH(ns, &d->namespaces, entry) {
		if (cookie && ns->cookie != cookie)
			continue;
		for (first = n, v = ns->vs; v; v = v->next) {
			if (refs)
				refs[n] = (struct vs_ref){ ns, v };
			n++;
		}
		if (refs)
			qsort(&refs[first], n - first, sizeof(*refs), by_name);
	}
	return n;
}

static int do_vs_list(struct call *c)
{
	pm_admin_vslist_ptr head = NULL, *tail = &head;
	struct vs_item *items;
	struct vs_ref *refs;
	u_quad_t cookie;
	size_t n, i;
	int r;

	if (!xdr_u_quad_t(c->args, &cookie))
		return reply(c, GARBAGE_ARGS, NULL, NULL);
	n = collect_vs(c->d, cookie, NULL);
	items = calloc(n + 1, sizeof(*items));
	refs = calloc(n + 1, sizeof(*refs));
	if (!items || !refs) {
		free(items);
		free(refs);
		return reply(c, SYSTEM_ERR, NULL, NULL);
	}
	collect_vs(c->d, cookie, refs);
	for (i = 0; i < n; i++) {
		describe_vs(c->d, refs[i].ns, refs[i].v, &items[i]);
		*tail = &items[i].node;
		tail = &(*tail)->next;
	}
	r = reply(c, SUCCESS, (xdrproc_t)xdr_pm_admin_vslist_ptr, &head);
	free(items);
	free(refs);
	return r;
}

struct entries {
	const struct nsctx *ns;
	pm_admin_entrylist *items;
	pm_admin_entrylist_ptr *tail;
	size_t n;
};

static int add_entry(const struct pm_entry *e, void *data)
{
	struct entries *w = data;
	pm_admin_entrylist *it = &w->items[w->n++];
	const struct vs *v = e->vs ? vs_find_id(w->ns, e->vs) : NULL;

	/* an id without a VS would be a broken invariant: say so */
	it->entry.vs = unconst(!e->vs ? "" : v ? v->name : "?");
	it->entry.prog = e->prog;
	it->entry.vers = e->vers;
	it->entry.netid = unconst(e->netid);
	it->entry.uaddr = unconst(e->uaddr);
	it->entry.owner = unconst(e->owner);
	*w->tail = it;
	w->tail = &it->next;
	return 0;
}

/* Every registration of a namespace, with the VS it belongs to. */
static int do_entries(struct call *c)
{
	pm_admin_entries_res res = { 0 };
	struct entries w = { .tail = &res.entries };
	u_quad_t cookie;
	int r;

	if (!xdr_u_quad_t(c->args, &cookie))
		return reply(c, GARBAGE_ARGS, NULL, NULL);
	w.ns = target(c, cookie);
	if (!w.ns) {
		res.status = -ENOENT;
		return reply(c, SUCCESS,
			     (xdrproc_t)xdr_pm_admin_entries_res, &res);
	}
	w.items = calloc(pm_table_count(c->d->table, w.ns->cookie) + 1,
			 sizeof(*w.items));
	if (!w.items)
		return reply(c, SYSTEM_ERR, NULL, NULL);
	pm_table_foreach(c->d->table, w.ns->cookie, add_entry, &w);
	r = reply(c, SUCCESS, (xdrproc_t)xdr_pm_admin_entries_res, &res);
	free(w.items);
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
	case PM_ADMIN_VS_ADD:
		return do_vs_add(c);
	case PM_ADMIN_VS_DEL:
		return do_vs_del(c);
	case PM_ADMIN_VS_LIST:
		return do_vs_list(c);
	case PM_ADMIN_VS_CALL:
		return do_vs_call(c);
	case PM_ADMIN_ENTRIES:
		return do_entries(c);
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
