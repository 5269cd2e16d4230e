/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * client.c - the client side of the rpcbindns admin interface.
 *
 * An ordinary libtirpc client over the admin socket; portmapper calls in
 * other namespaces are built with libtirpc's own XDR routines and carried
 * by PM_ADMIN_CALL.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <rpc/rpc.h>
#include <rpc/rpcb_prot.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "admin_prot.h"
#include "netns.h"
#include "portmap.h"

#define CALL_TIMEOUT_SEC	25
#define CALL_BUF_MAX		PM_ADMIN_MSG_MAX

/* portmap.h states the protocol's sizes without including admin_prot.h. */
_Static_assert(PM_CLIENT_CALL_MAX == PM_ADMIN_MSG_MAX, "call size");
_Static_assert(PM_CLIENT_LABEL_MAX == PM_ADMIN_LABEL_MAX, "label size");
_Static_assert(PM_CLIENT_VS_NAME_MAX == PM_ADMIN_VS_NAME_MAX + 1, "VS name");
_Static_assert(PM_CLIENT_VS_ADDRS_MAX == PM_ADMIN_VS_ADDRS_MAX, "VS addrs");
_Static_assert(PM_CLIENT_ADDR_MAX == PM_ADMIN_ADDR_MAX + 1, "address");

struct pm_client {
	CLIENT *clnt;
	uint32_t xid;
	char buf[CALL_BUF_MAX];		/* a portmapper call */
	char reply_buf[CALL_BUF_MAX];	/* and its reply */
};

const char *pm_client_strerror(int err)
{
	switch (-err) {
	case ECONNREFUSED:
		return "rpcbindns is not running (no admin socket)";
	case EPERM:
		return "permission denied: root or the daemon's admin group only";
	case EPROTO:
		return "unexpected answer from rpcbindns";
	case EEXIST:
		return "already registered, served or defined, or refused";
	case ENOENT:
		return "no such namespace, virtual server or registration";
	case EINVAL:
		return "not a network namespace, or not a valid virtual server";
	case EADDRINUSE:
		return "an address belongs to another virtual server";
	case EBUSY:
		return "the daemon's own namespace is always served";
	case ENOTRECOVERABLE:
		return "could not return to the caller's network namespace";
	}
	return strerror(-err);
}

static int connect_socket(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, r;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
		return fd;
	r = errno == EACCES ? -EPERM : errno == ENOENT ? -ECONNREFUSED :
	    -errno;
	close(fd);
	return r;
}

int pm_client_open(const char *path, struct pm_client **ret)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct netbuf nb = { sizeof(sun), sizeof(sun), &sun };
	struct pm_client *c;
	int fd;

	if (!path)
		path = PM_CLIENT_SOCK_PATH;
	fd = connect_socket(path);
	if (fd < 0)
		return fd;
	strcpy(sun.sun_path, path);
	c = calloc(1, sizeof(*c));
	if (c)
		c->clnt = clnt_vc_create(fd, &nb, PM_ADMIN_PROG,
					 PM_ADMIN_VERS, 0, 0);
	if (!c || !c->clnt) {
		free(c);
		close(fd);
		return -ENOMEM;
	}
	clnt_control(c->clnt, CLSET_FD_CLOSE, NULL);
	*ret = c;
	return 0;
}

void pm_client_close(struct pm_client *c)
{
	if (!c)
		return;
	clnt_destroy(c->clnt);
	free(c);
}

/* libtirpc's xdr_void() takes no arguments; xdrproc_t wants two. */
static bool_t xdr_nothing(XDR *x, void *p)
{
	return TRUE;
}

static int call(struct pm_client *c, rpcproc_t proc, xdrproc_t xargs,
		void *args, xdrproc_t xres, void *res)
{
	struct timeval tv = { CALL_TIMEOUT_SEC, 0 };
	enum clnt_stat st = clnt_call(c->clnt, proc, xargs, args, xres, res,
				      tv);

	switch (st) {
	case RPC_SUCCESS:
		return 0;
	case RPC_AUTHERROR:
		return -EPERM;
	case RPC_PROCUNAVAIL:
		return -EOPNOTSUPP;	/* an older daemon */
	case RPC_CANTSEND:
	case RPC_CANTRECV:
		return -ECONNRESET;
	case RPC_TIMEDOUT:
		return -ETIMEDOUT;
	default:
		return -EPROTO;
	}
}

int pm_client_resolve(const char *spec, uint64_t *ret_cookie)
{
	unsigned long long cookie;
	char tail;
	uint64_t id;
	int fd, r;

	if (sscanf(spec, "cookie:%llu%c", &cookie, &tail) == 1 ||
	    sscanf(spec, "%llu%c", &cookie, &tail) == 1) {
		*ret_cookie = cookie;
		return 0;
	}
	fd = pm_client_netns_open(spec);
	if (fd < 0)
		return fd;
	r = pm_netns_id(fd, &id);
	close(fd);
	if (r == 0)
		*ret_cookie = id;
	return r;
}

int pm_client_netns_open(const char *spec)
{
	int fd = pm_netns_open(spec);

	return fd == -EACCES ? -EPERM : fd;
}

int pm_client_status(struct pm_client *c, struct pm_client_status *ret)
{
	pm_admin_status st;
	int r;

	memset(&st, 0, sizeof(st));
	r = call(c, PM_ADMIN_STATUS, (xdrproc_t)xdr_nothing, NULL,
		 (xdrproc_t)xdr_pm_admin_status, &st);
	if (r < 0)
		return r;
	memset(ret, 0, sizeof(*ret));
	snprintf(ret->version, sizeof(ret->version), "%s", st.daemon_version);
	ret->uptime = st.uptime;
	ret->namespaces = st.namespaces;
	ret->connections = st.connections;
	ret->open_fds = st.open_fds;
	ret->max_connections = st.max_connections;
	ret->max_connections_per_ns = st.max_connections_per_ns;
	xdr_free((xdrproc_t)xdr_pm_admin_status, (char *)&st);
	return 0;
}

int pm_client_limits(struct pm_client *c, struct pm_client_limits *ret)
{
	pm_admin_limits l;
	int r;

	memset(&l, 0, sizeof(l));
	r = call(c, PM_ADMIN_LIMITS, (xdrproc_t)xdr_nothing, NULL,
		 (xdrproc_t)xdr_pm_admin_limits, &l);
	if (r < 0)
		return r;
	ret->fd_limit = l.fd_limit;
	ret->fd_reserve = l.fd_reserve;
	ret->fds_per_ns = l.fds_per_ns;
	ret->waiting = l.waiting;
	return 0;
}

static size_t list_length(pm_admin_nslist_ptr p)
{
	size_t n = 0;

	for (; p; p = p->next)
		n++;
	return n;
}

int pm_client_list(struct pm_client *c, struct pm_client_ns_info **ret, size_t *ret_n)
{
	pm_admin_nslist_ptr head = NULL, p;
	struct pm_client_ns_info *v;
	size_t i = 0;
	int r;

	r = call(c, PM_ADMIN_LIST, (xdrproc_t)xdr_nothing, NULL,
		 (xdrproc_t)xdr_pm_admin_nslist_ptr, &head);
	if (r < 0)
		return r;
	v = calloc(list_length(head) + 1, sizeof(*v));
	if (!v) {
		xdr_free((xdrproc_t)xdr_pm_admin_nslist_ptr, (char *)&head);
		return -ENOMEM;
	}
	for (p = head; p; p = p->next, i++) {
		v[i].cookie = p->ns.cookie;
		snprintf(v[i].label, sizeof(v[i].label), "%s", p->ns.label);
		v[i].endpoints = p->ns.endpoints;
		snprintf(v[i].endpoint_set, sizeof(v[i].endpoint_set), "%s",
			 p->ns.endpoint_set);
		v[i].registrations = p->ns.registrations;
		v[i].connections = p->ns.connections;
		v[i].dropped = p->ns.dropped;
		v[i].rate_limited = p->ns.rate_limited;
		v[i].host = p->ns.host;
	}
	xdr_free((xdrproc_t)xdr_pm_admin_nslist_ptr, (char *)&head);
	*ret = v;
	*ret_n = i;
	return (int)i;
}

int pm_client_attach(struct pm_client *c, const char *spec, uint64_t *ret_cookie)
{
	pm_admin_attach_res res = { 0 };
	pm_admin_spec s = (pm_admin_spec)(uintptr_t)spec;
	int r = call(c, PM_ADMIN_ATTACH, (xdrproc_t)xdr_pm_admin_spec, &s,
		     (xdrproc_t)xdr_pm_admin_attach_res, &res);

	if (r < 0)
		return r;
	if (ret_cookie)
		*ret_cookie = res.cookie;
	return res.status;
}

int pm_client_detach(struct pm_client *c, const char *spec)
{
	pm_admin_spec s = (pm_admin_spec)(uintptr_t)spec;
	int status = 0;
	int r = call(c, PM_ADMIN_DETACH, (xdrproc_t)xdr_pm_admin_spec, &s,
		     (xdrproc_t)xdr_int, &status);

	return r < 0 ? r : status;
}

/* A VS's name, or NULL for the namespace-wide view. */
static const char *view(const char *vs)
{
	return vs && vs[0] ? vs : NULL;
}

/* Make the call @proc with @args (pm_admin_call_args or _vs_call_args)
 * and copy the reply out. */
static int carry(struct pm_client *c, rpcproc_t proc, xdrproc_t xargs,
		 void *args, void *out, size_t cap)
{
	pm_admin_call_res res;
	int r;

	memset(&res, 0, sizeof(res));
	r = call(c, proc, xargs, args, (xdrproc_t)xdr_pm_admin_call_res, &res);
	if (r < 0)
		return r;
	r = res.status;
	if (r == 0 && res.reply.reply_len > cap)
		r = -EMSGSIZE;
	if (r == 0) {
		memcpy(out, res.reply.reply_val, res.reply.reply_len);
		r = (int)res.reply.reply_len;
	}
	xdr_free((xdrproc_t)xdr_pm_admin_call_res, (char *)&res);
	return r;
}

int pm_client_vs_call(struct pm_client *c, uint64_t ns, const char *vs,
		      const void *req, size_t len, void *out, size_t cap)
{
	pm_admin_vs_call_args va = { .cookie = ns };
	pm_admin_call_args a = { .cookie = ns };

	if (len > PM_ADMIN_MSG_MAX)
		return -EMSGSIZE;
	/* the namespace-wide view is PM_ADMIN_CALL: older daemons have it */
	if (!view(vs)) {
		a.msg.msg_len = (u_int)len;
		a.msg.msg_val = (char *)(uintptr_t)req;
		return carry(c, PM_ADMIN_CALL,
			     (xdrproc_t)xdr_pm_admin_call_args, &a, out, cap);
	}
	if (strlen(vs) > PM_ADMIN_VS_NAME_MAX)
		return -EINVAL;
	va.name = (char *)(uintptr_t)vs;
	va.msg.msg_len = (u_int)len;
	va.msg.msg_val = (char *)(uintptr_t)req;
	return carry(c, PM_ADMIN_VS_CALL, (xdrproc_t)xdr_pm_admin_vs_call_args,
		     &va, out, cap);
}

int pm_client_call(struct pm_client *c, uint64_t ns, const void *req,
	       size_t len, void *out, size_t cap)
{
	return pm_client_vs_call(c, ns, NULL, req, len, out, cap);
}

/* One RPCBIND v4 call in view @vs of @ns: encode @args, decode the
 * results.  The buffers are the client's: separate clients may live in
 * separate threads. */
static int rpcb_call(struct pm_client *c, uint64_t ns, const char *vs,
		     rpcproc_t proc, xdrproc_t xargs, void *args,
		     xdrproc_t xres, void *res)
{
	char *buf = c->buf, *reply_buf = c->reply_buf;
	struct rpc_msg msg = { .rm_xid = ++c->xid, .rm_direction = CALL };
	struct rpc_msg reply;
	XDR x;
	int n;

	msg.rm_call.cb_rpcvers = RPC_MSG_VERSION;
	msg.rm_call.cb_prog = RPCBPROG;
	msg.rm_call.cb_vers = RPCBVERS4;
	msg.rm_call.cb_proc = proc;
	msg.rm_call.cb_cred = _null_auth;
	msg.rm_call.cb_verf = _null_auth;
	xdrmem_create(&x, buf, CALL_BUF_MAX, XDR_ENCODE);
	if (!xdr_callmsg(&x, &msg) || (xargs && !xargs(&x, args)))
		return -EMSGSIZE;
	n = pm_client_vs_call(c, ns, vs, buf, xdr_getpos(&x), reply_buf,
			      CALL_BUF_MAX);
	if (n < 0)
		return n;
	memset(&reply, 0, sizeof(reply));
	reply.acpted_rply.ar_results.where = res;
	reply.acpted_rply.ar_results.proc = xres;
	xdrmem_create(&x, reply_buf, (u_int)n, XDR_DECODE);
	if (!xdr_replymsg(&x, &reply))
		return -EPROTO;
	if (reply.rm_reply.rp_stat != MSG_ACCEPTED)
		return -EPERM;
	return reply.acpted_rply.ar_stat == SUCCESS ? 0 : -EPROTO;
}

int pm_client_vs_set(struct pm_client *c, uint64_t ns, const char *vs,
		     uint32_t prog, uint32_t vers, const char *netid,
		     const char *uaddr)
{
	rpcb a = { prog, vers, (char *)(uintptr_t)netid,
		   (char *)(uintptr_t)uaddr, "" };
	bool_t ok = FALSE;
	int r = rpcb_call(c, ns, vs, RPCBPROC_SET, (xdrproc_t)xdr_rpcb, &a,
			  (xdrproc_t)xdr_bool, &ok);

	return r < 0 ? r : ok ? 0 : -EEXIST;
}

int pm_client_set(struct pm_client *c, uint64_t ns, uint32_t prog, uint32_t vers,
	      const char *netid, const char *uaddr)
{
	return pm_client_vs_set(c, ns, NULL, prog, vers, netid, uaddr);
}

int pm_client_vs_unset(struct pm_client *c, uint64_t ns, const char *vs,
		       uint32_t prog, uint32_t vers, const char *netid)
{
	rpcb a = { prog, vers, (char *)(uintptr_t)(netid ? netid : ""), "",
		   "" };
	bool_t ok = FALSE;
	int r = rpcb_call(c, ns, vs, RPCBPROC_UNSET, (xdrproc_t)xdr_rpcb, &a,
			  (xdrproc_t)xdr_bool, &ok);

	return r < 0 ? r : ok ? 0 : -EPERM;
}

int pm_client_unset(struct pm_client *c, uint64_t ns, uint32_t prog,
		uint32_t vers, const char *netid)
{
	return pm_client_vs_unset(c, ns, NULL, prog, vers, netid);
}

int pm_client_vs_dump(struct pm_client *c, uint64_t ns, const char *vs,
		      pm_client_entry_cb_t fn, void *data)
{
	rpcblist_ptr head = NULL, p;
	int n = 0, r;

	r = rpcb_call(c, ns, vs, RPCBPROC_DUMP, NULL, NULL,
		      (xdrproc_t)xdr_rpcblist_ptr, &head);
	for (p = head; r == 0 && p; p = p->rpcb_next, n++) {
		struct pm_client_entry e = {
			p->rpcb_map.r_prog, p->rpcb_map.r_vers,
			p->rpcb_map.r_netid, p->rpcb_map.r_addr,
			p->rpcb_map.r_owner, NULL,
		};

		r = fn ? fn(&e, data) : 0;
	}
	xdr_free((xdrproc_t)xdr_rpcblist_ptr, (char *)&head);
	return r < 0 ? r : n;
}

int pm_client_dump(struct pm_client *c, uint64_t ns, pm_client_entry_cb_t fn,
	       void *data)
{
	return pm_client_vs_dump(c, ns, NULL, fn, data);
}

struct getaddr {
	uint32_t prog, vers;
	const char *netid;
	char *buf;
	size_t size;
	bool found;
};

static int getaddr_cb(const struct pm_client_entry *e, void *data)
{
	struct getaddr *g = data;

	if (e->prog != g->prog || e->vers != g->vers ||
	    strcmp(e->netid, g->netid) != 0)
		return 0;
	snprintf(g->buf, g->size, "%s", e->uaddr);
	g->found = true;
	return 1;
}

int pm_client_vs_getaddr(struct pm_client *c, uint64_t ns, const char *vs,
			 uint32_t prog, uint32_t vers, const char *netid,
			 char *buf, size_t size)
{
	struct getaddr g = { prog, vers, netid, buf, size, false };
	int r = pm_client_vs_dump(c, ns, vs, getaddr_cb, &g);

	if (r < 0)
		return r;
	return g.found ? 0 : -ENOENT;
}

int pm_client_getaddr(struct pm_client *c, uint64_t ns, uint32_t prog,
		  uint32_t vers, const char *netid, char *buf, size_t size)
{
	return pm_client_vs_getaddr(c, ns, NULL, prog, vers, netid, buf, size);
}

/* ---- virtual servers ---------------------------------------------------- */

int pm_client_vs_add(struct pm_client *c, uint64_t ns, const char *name,
		     uint32_t mark, const char *const *addrs, size_t n_addrs)
{
	pm_admin_vs a = { .cookie = ns, .mark = mark };
	int status = 0, r;
	size_t i;

	/* what the protocol cannot carry, the daemon would refuse */
	if (strlen(name) > PM_ADMIN_VS_NAME_MAX ||
	    n_addrs > PM_ADMIN_VS_ADDRS_MAX)
		return -EINVAL;
	for (i = 0; i < n_addrs; i++)
		if (strlen(addrs[i]) > PM_ADMIN_ADDR_MAX)
			return -EINVAL;
	a.name = (char *)(uintptr_t)name;
	a.addrs.addrs_len = (u_int)n_addrs;
	a.addrs.addrs_val = (pm_admin_addr *)(uintptr_t)addrs;
	r = call(c, PM_ADMIN_VS_ADD, (xdrproc_t)xdr_pm_admin_vs, &a,
		 (xdrproc_t)xdr_int, &status);
	return r < 0 ? r : status;
}

int pm_client_vs_del(struct pm_client *c, uint64_t ns, const char *name)
{
	pm_admin_vs_ref a = { .cookie = ns };
	int status = 0, r;

	if (strlen(name) > PM_ADMIN_VS_NAME_MAX)
		return -EINVAL;
	a.name = (char *)(uintptr_t)name;
	r = call(c, PM_ADMIN_VS_DEL, (xdrproc_t)xdr_pm_admin_vs_ref, &a,
		 (xdrproc_t)xdr_int, &status);
	return r < 0 ? r : status;
}

static void vs_info_from(struct pm_client_vs_info *v,
			 const pm_admin_vs_info *in)
{
	u_int i;

	v->cookie = in->cookie;
	snprintf(v->label, sizeof(v->label), "%s", in->label);
	snprintf(v->name, sizeof(v->name), "%s", in->name);
	v->mark = in->mark;
	for (i = 0; i < in->addrs.addrs_len && i < PM_CLIENT_VS_ADDRS_MAX;
	     i++)
		snprintf(v->addrs[i], sizeof(v->addrs[i]), "%s",
			 in->addrs.addrs_val[i]);
	v->n_addrs = i;
	v->registrations = in->registrations;
}

int pm_client_vs_list(struct pm_client *c, uint64_t ns,
		      struct pm_client_vs_info **ret, size_t *ret_n)
{
	pm_admin_vslist_ptr head = NULL, p;
	struct pm_client_vs_info *v;
	u_quad_t cookie = ns;
	size_t n = 0, i = 0;
	int r;

	r = call(c, PM_ADMIN_VS_LIST, (xdrproc_t)xdr_u_quad_t, &cookie,
		 (xdrproc_t)xdr_pm_admin_vslist_ptr, &head);
	if (r < 0)
		return r;
	for (p = head; p; p = p->next)
		n++;
	v = calloc(n + 1, sizeof(*v));
	if (!v) {
		xdr_free((xdrproc_t)xdr_pm_admin_vslist_ptr, (char *)&head);
		return -ENOMEM;
	}
	for (p = head; p; p = p->next)
		vs_info_from(&v[i++], &p->vs);
	xdr_free((xdrproc_t)xdr_pm_admin_vslist_ptr, (char *)&head);
	*ret = v;
	*ret_n = n;
	return (int)n;
}

int pm_client_entries(struct pm_client *c, uint64_t ns,
		      pm_client_entry_cb_t fn, void *data)
{
	pm_admin_entries_res res;
	pm_admin_entrylist_ptr p;
	u_quad_t cookie = ns;
	int n = 0, r;

	memset(&res, 0, sizeof(res));
	r = call(c, PM_ADMIN_ENTRIES, (xdrproc_t)xdr_u_quad_t, &cookie,
		 (xdrproc_t)xdr_pm_admin_entries_res, &res);
	if (r < 0)
		return r;
	r = res.status;
	for (p = res.entries; r == 0 && p; p = p->next, n++) {
		struct pm_client_entry e = {
			p->entry.prog, p->entry.vers, p->entry.netid,
			p->entry.uaddr, p->entry.owner, p->entry.vs,
		};

		r = fn ? fn(&e, data) : 0;
	}
	xdr_free((xdrproc_t)xdr_pm_admin_entries_res, (char *)&res);
	return r < 0 ? r : n;
}
