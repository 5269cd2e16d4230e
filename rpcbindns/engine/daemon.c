/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * daemon.c - the engine's namespaces, as the broker hands them over, and
 * its channel to the broker.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <event2/event.h>

#include "admin.h"
#include "conn.h"
#include "daemon.h"
#include "fault.h"
#include "listen.h"
#include "log.h"
#include "ratelimit.h"
#include "rmt.h"
#include "rtnl.h"
#include "serve.h"
#include "state.h"
#include "uaddr.h"
#include "vs.h"

#define BROKER_BATCH	32	/* messages per wakeup */
#define ASK_TIMEOUT_MS	10000	/* an attach is a few ms; a stuck
				 * broker must not hang us for ever */

/* Register the portmapper on each transport of @ns, in rpcbind's order. */
static int register_self(struct nsctx *ns)
{
	static const char *const order[] = {
		"tcp6", "udp6", "tcp", "udp", "local",
	};
	char uaddr[PM_UADDR_MAX];
	const struct endpoint *ep;
	size_t i;
	int r;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		ep = listen_find(ns, order[i]);
		if (!ep)
			continue;
		listen_uaddr(ep, order[i], ns->d->opt.sock_path, uaddr,
			     sizeof(uaddr));
		r = fault_inject(FAULT_TABLE_ADD) ? -ENOMEM :
		    pm_table_add_self(ns->d->table, ns->cookie, order[i], uaddr);
		if (r < 0 && r != -EEXIST)
			return r;
	}
	return 0;
}

/* Drop the self entries of transports no longer served, add new ones. */
static void reregister_self(struct nsctx *ns)
{
	static const char *const netids[] = { "udp", "tcp", "udp6", "tcp6" };
	size_t i;
	uint32_t v;

	for (i = 0; i < sizeof(netids) / sizeof(netids[0]); i++) {
		if (listen_has(ns, netids[i]))
			continue;
		for (v = PM_VERS_PMAP; v <= PM_VERS_RPCB4; v++)
			pm_table_remove(ns->d->table, ns->cookie, 0, PM_PROG,
					v, netids[i]);
	}
	register_self(ns);
}

static struct nsctx *find_ns(struct daemon *d, uint64_t cookie)
{
	return cookiemap_get(&d->by_cookie, cookie);
}

static void nsctx_free(struct nsctx *ns)
{
	struct daemon *d = ns->d;

	conn_close_all(ns);
	if (d->rmt)
		rmt_close_ns(d->rmt, ns);
	listen_close(ns);
	rtnl_free(ns->rtnl);
	pm_table_drop_ns(d->table, ns->cookie);
	vs_free_all(ns);
	free(ns);
}

static void on_link(int ifindex, unsigned int flags, void *arg)
{
	listen_follow_link(arg, ifindex, flags);
}

/* Follow @ns's addresses on the shared socket if it has an NSID there
 * (@fd only dumps them first), else on @fd, its own; @fd is taken over. */
static int rtnl_open(struct nsctx *ns, int nsid, int fd)
{
	struct daemon *d = ns->d;

	ns->nsid = IPC_NSID_OWN;
	if (nsid == IPC_NSID_OWN) {
		ns->rtnl = rtnl_new(d->base, fd, on_link, ns);
		return ns->rtnl ? 0 : -ENOMEM;	/* it closed the fd */
	}
	if (!d->rtnl_all) {
		close(fd);
		return -EPROTO;		/* the broker should have sent it */
	}
	ns->rtnl = rtnl_follower_new(on_link, ns);
	if (!ns->rtnl) {
		close(fd);
		return -ENOMEM;
	}
	/* Subscribed before the dump, so nothing is missed; what the
	 * socket holds now is older than the NSID's owner. */
	rtnl_all_drain(d->rtnl_all);
	ns->nsid = nsid;
	return rtnl_dump_from(ns->rtnl, fd);
}

static struct rtnl *rtnl_of_nsid(int nsid, void *arg)
{
	struct daemon *d = arg;
	struct nsctx *ns;

	TAILQ_FOREACH(ns, &d->namespaces, entry)
		if (ns->nsid == nsid)
			return ns->rtnl;
	return NULL;
}

static void send_broker(struct daemon *d, enum ipc_type type, uint32_t seq,
			const void *payload, size_t len);

static void rtnl_lost(void *arg)
{
	log_warnx("rtnetlink: notifications overran the shared socket, "
		  "dumping every namespace again");
	send_broker(arg, IPC_REDUMP, 0, NULL, 0);
}

static void take_rtnl_all(struct daemon *d, int fd)
{
	if (d->rtnl_all) {
		close(fd);
		return;
	}
	d->rtnl_all = rtnl_all_new(d->base, fd, rtnl_of_nsid, rtnl_lost, d);
	if (!d->rtnl_all)
		log_warnx("rtnetlink: cannot watch the shared socket");
}

static void dump_ns(struct daemon *d, uint64_t cookie, int fd)
{
	struct nsctx *ns = find_ns(d, cookie);
	int r;

	if (!ns || ns->nsid == IPC_NSID_OWN) {
		close(fd);
		return;
	}
	r = rtnl_dump_from(ns->rtnl, fd);
	if (r < 0)
		log_warnx(NS_FMT "cannot list its addresses: %s", NS_ARGS(ns),
			  strerror(-r));
}

/* Its endpoints, rtnetlink and forwarding sockets, in @fds in that order;
 * every fd is taken over, used or closed. */
static int nsctx_open(struct nsctx *ns, const struct ipc_ns_add *a,
		      const int *fds)
{
	struct daemon *d = ns->d;
	size_t i, n = 0;
	int rmt_fds[2] = { -1, -1 }, r = 0;

	for (i = 0; i < a->n_endpoints; i++) {
		int fd = fds[n++];

		if (r == 0)
			r = listen_add(ns, &a->endpoints[i], fd);
		else
			close(fd);
	}
	if (r < 0)
		close(fds[n]);
	else
		r = rtnl_open(ns, a->nsid, fds[n]);
	n++;
	for (i = 0; i < 2; i++)
		if (a->rmt & (i == 0 ? IPC_RMT_V4 : IPC_RMT_V6))
			rmt_fds[i] = fds[n++];
	if (r == 0 && d->rmt)
		return rmt_open_ns(d->rmt, ns, rmt_fds);
	for (i = 0; i < 2; i++)
		if (rmt_fds[i] >= 0)
			close(rmt_fds[i]);
	return r;
}

static void send_broker(struct daemon *d, enum ipc_type type, uint32_t seq,
			const void *payload, size_t len)
{
	static struct log_rate rate;
	int r = ipc_send(d->broker_fd, type, seq, payload, len, NULL, 0);

	if (r < 0)
		log_warnx_rate(&rate, "broker: cannot send it a message: %s",
			       strerror(-r));
}

/* The broker holds the namespace's sockets for nothing: it lets it go,
 * and attaches it again on a later rescan. */
static void ns_failed(struct daemon *d, uint64_t cookie, int status)
{
	struct ipc_ns_failed f = { .cookie = cookie, .status = status };

	send_broker(d, IPC_NS_FAILED, 0, &f, sizeof(f));
}

static void add_ns(struct daemon *d, const struct ipc_ns_add *a,
		   const int *fds)
{
	struct nsctx *ns;
	int r;

	if (find_ns(d, a->cookie) || (a->host && d->host)) {
		log_warnx("broker: namespace %llu sent twice, ignoring",
			  (unsigned long long)a->cookie);
		ipc_close_fds(fds, ipc_ns_add_fds(a));
		return;
	}
	ns = calloc(1, sizeof(*ns));
	if (!ns) {
		ipc_close_fds(fds, ipc_ns_add_fds(a));
		ns_failed(d, a->cookie, -ENOMEM);
		return;
	}
	ns->d = d;
	ns->cookie = a->cookie;
	snprintf(ns->label, sizeof(ns->label), "%s", a->label);
	TAILQ_INIT(&ns->endpoints);
	TAILQ_INIT(&ns->conns);
	ns->policy.insecure = d->opt.insecure;
	ns->policy.remote_calls = d->opt.remote_calls;
	r = nsctx_open(ns, a, fds);
	if (r == 0)
		r = rtnl_scan_links(ns->rtnl);
	if (r == 0)
		r = register_self(ns);
	if (r == 0)
		r = cookiemap_put(&d->by_cookie, ns->cookie, ns);
	if (r < 0) {
		nsctx_free(ns);
		ns_failed(d, a->cookie, r);
		return;
	}
	TAILQ_INSERT_TAIL(&d->namespaces, ns, entry);
	d->nnamespaces++;
	if (a->host)
		d->host = ns;
	if (!(a->host && d->opt.warm_start && state_restore_rpcbind(d)))
		state_restore_ns(ns);
}

static void del_ns(struct daemon *d, uint64_t cookie)
{
	struct nsctx *ns = find_ns(d, cookie);

	if (!ns || ns == d->host)
		return;
	TAILQ_REMOVE(&d->namespaces, ns, entry);
	cookiemap_del(&d->by_cookie, cookie);
	d->nnamespaces--;
	state_remove_ns(ns);
	nsctx_free(ns);
}

static void add_endpoint(struct daemon *d, const struct ipc_ep_add *a,
			 int fd)
{
	struct nsctx *ns = find_ns(d, a->cookie);
	int r = ns ? listen_add(ns, &a->endpoint, fd) : -ENOENT;

	if (r < 0) {
		if (!ns)
			close(fd);
		log_warnx("broker: cannot take endpoint %u: %s",
			  a->endpoint.id, strerror(-r));
	}
}

static void del_endpoint(struct daemon *d, const struct ipc_ep_del *e)
{
	struct nsctx *ns = find_ns(d, e->cookie);

	if (ns)
		listen_remove(ns, e->id);
}

/* A new VS, or a known one redefined: its view stays. */
static void set_vs(struct daemon *d, const struct ipc_vs *def)
{
	struct nsctx *ns = find_ns(d, def->cookie);
	bool known = ns && vs_find_id(ns, def->id);
	struct vs *v = ns ? vs_set(ns, def) : NULL;

	if (!v) {
		log_warnx("broker: cannot take virtual server '%s': %s",
			  def->name, ns ? strerror(ENOMEM) : "no namespace");
		return;
	}
	if (!known)
		state_restore_vs(ns, v);
}

/* Its sockets went first (EP_DEL); its view and connections go now. */
static void del_vs(struct daemon *d, const struct ipc_vs_ref *ref)
{
	struct nsctx *ns = find_ns(d, ref->cookie);
	struct vs *v = ns ? vs_find_id(ns, ref->id) : NULL;

	if (!v)
		return;
	conn_close_vs(ns, v->id);
	pm_table_drop_vs(d->table, ns->cookie, v->id);
	state_remove_vs(ns, v);
	vs_free(ns, v);
}

static void synced(struct daemon *d, enum ipc_sync_why why)
{
	if (!d->host) {
		log_warnx("broker: no host namespace, stopping");
		event_base_loopexit(d->base, NULL);
		return;
	}
	if (why == IPC_SYNCED_START) {
		state_prune(d);
	} else {
		/* A new udp6 endpoint joins the multicast group on every
		 * link. */
		rtnl_scan_links(d->host->rtnl);
		reregister_self(d->host);
		log_info("reloaded: %u registrations in the host namespace, "
			 "%u namespaces served",
			 pm_table_count(d->table, d->host->cookie),
			 d->nnamespaces);
	}
	send_broker(d, IPC_READY, 0, NULL, 0);
}

static void on_broker_msg(struct daemon *d, const struct ipc_msg *m,
			  const int *fds)
{
	switch (m->type) {
	case IPC_NS_ADD:
		add_ns(d, m->u.ns_add, fds);
		break;
	case IPC_NS_DEL:
		del_ns(d, m->u.ns_del->cookie);
		break;
	case IPC_EP_ADD:
		add_endpoint(d, m->u.ep_add, fds[0]);
		break;
	case IPC_EP_DEL:
		del_endpoint(d, m->u.ep_del);
		break;
	case IPC_SYNCED:
		synced(d, m->u.synced->why);
		break;
	case IPC_LIMITS:
		d->limits = *m->u.limits;
		break;
	case IPC_RTNL_ALL:
		take_rtnl_all(d, fds[0]);
		break;
	case IPC_NS_DUMP:
		dump_ns(d, m->u.ns_dump->cookie, fds[0]);
		break;
	case IPC_VS_SET:
		set_vs(d, m->u.vs);
		break;
	case IPC_VS_DEL:
		del_vs(d, m->u.vs_ref);
		break;
	case IPC_STOP:
		log_debug("broker: stop");
		event_base_loopexit(d->base, NULL);
		break;
	default:
		break;		/* a late REPLY: its asker gave up */
	}
}

/*
 * One message from the broker: 1 handled (a REPLY to @seq, if nonzero,
 * is copied to @ret_reply instead), 0 none waiting, -EPIPE the broker is
 * gone.
 */
static int broker_receive(struct daemon *d, uint32_t seq,
			  struct ipc_reply *ret_reply, bool *ret_replied)
{
	static struct log_rate rate;
	_Alignas(8) char buf[IPC_MSG_MAX];
	int fds[IPC_FDS_MAX];
	struct ipc_msg m;
	size_t nfds;
	ssize_t n = ipc_recv(d->broker_fd, buf, fds, &nfds);

	if (n == -EAGAIN)
		return 0;
	if (n == 0 || (n < 0 && n != -EBADMSG))
		return -EPIPE;
	if (n < 0 || ipc_decode(IPC_TO_ENGINE, buf, (size_t)n, nfds, &m) < 0) {
		if (n > 0)
			ipc_close_fds(fds, nfds);
		log_warnx_rate(&rate, "broker: refused a malformed message");
		return 1;
	}
	if (seq && m.type == IPC_REPLY && m.seq == seq) {
		*ret_reply = *m.u.reply;
		*ret_replied = true;
		return 1;
	}
	on_broker_msg(d, &m, fds);
	return 1;
}

/* Some messages a wakeup, not all: after a restart the broker sends every
 * namespace at once, and those already here are served in between. */
static void broker_read(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	int i, r = 1;

	for (i = 0; i < BROKER_BATCH && r > 0; i++)
		r = broker_receive(d, 0, NULL, NULL);
	if (r < 0) {
		log_warnx("broker: gone, stopping");
		event_base_loopexit(d->base, NULL);
	}
}

/* Send the broker a request and wait for its REPLY, serving what it
 * sends meanwhile. */
static int ask(struct daemon *d, enum ipc_type type, const void *payload,
	       size_t len, struct ipc_reply *ret)
{
	struct pollfd pfd = { .fd = d->broker_fd, .events = POLLIN };
	bool replied = false;
	int r;

	if (++d->seq == 0)
		d->seq = 1;
	r = ipc_send(d->broker_fd, type, d->seq, payload, len, NULL, 0);
	if (r < 0)
		return r;
	while (!replied) {
		r = broker_receive(d, d->seq, ret, &replied);
		if (r < 0)
			return r;
		if (r == 0 && poll(&pfd, 1, ASK_TIMEOUT_MS) <= 0)
			return -ETIMEDOUT;
	}
	return 0;
}

static int ask_broker(struct daemon *d, enum ipc_type type,
		      const char *spec, uint64_t *ret_cookie)
{
	struct ipc_reply reply = { 0 };
	int r;

	if (!ipc_spec_is_valid(spec))
		return -EINVAL;
	r = ask(d, type, spec, strlen(spec) + 1, &reply);
	if (r < 0)
		return r;
	if (ret_cookie)
		*ret_cookie = reply.cookie;
	return reply.status;
}

static int ask_broker_vs(struct daemon *d, enum ipc_type type,
			 const struct ipc_vs *def)
{
	struct ipc_reply reply = { 0 };
	struct ipc_vs add;
	struct ipc_vs_ref remove = { .cookie = def->cookie };
	int r;

	if (!ipc_vs_name_is_valid(def->name))
		return -EINVAL;
	if (type == IPC_VS_ADD) {
		add = *def;
		add.id = 0;
		r = ask(d, type, &add, sizeof(add), &reply);
	} else {
		memcpy(remove.name, def->name, sizeof(remove.name));
		r = ask(d, type, &remove, sizeof(remove), &reply);
	}
	return r < 0 ? r : reply.status;
}

/* Serve; a change is written by the commit handler (state_commit())
 * before the reply leaves. */
static int on_request(struct nsctx *ns, struct pm_caller *c, const void *in,
		      size_t len, void *out, size_t cap,
		      struct pm_rmtcall *fwd)
{
	bool changed;
	int r;

	state_record(ns, true);
	r = serve_request(ns, c, in, len, out, cap, fwd, &changed);
	state_record(ns, false);
	if (changed)
		state_changed(ns);
	return r;
}

static const struct handlers handlers = {
	.request = on_request,
	.commit = state_commit,
	.admin = admin_request,
	.find_ns = find_ns,
	.ask_broker = ask_broker,
	.ask_broker_vs = ask_broker_vs,
};

/* A timer of the very loop that serves requests: while any callback
 * blocks it, the broker hears nothing and pings the service manager no
 * more, which restarts us once its interval has passed. */
static void on_alive(evutil_socket_t fd, short what, void *arg)
{
	send_broker(arg, IPC_ALIVE, 0, NULL, 0);
}

static int start_alive(struct daemon *d)
{
	uint64_t usec = d->opt.engine_watchdog_usec;
	struct timeval tv = { usec / 1000000, usec % 1000000 };

	if (!usec)
		return 0;
	d->alive_ev = event_new(d->base, -1, EV_PERSIST, on_alive, d);
	return d->alive_ev && event_add(d->alive_ev, &tv) == 0 ? 0 : -ENOMEM;
}

/* SIGTERM or SIGINT to the engine alone ends it; the broker starts
 * another (a stop is the broker's to decide). */
static void on_stop(evutil_socket_t sig, short what, void *arg)
{
	struct daemon *d = arg;

	log_info("engine: signal %d: exiting", (int)sig);
	event_base_loopexit(d->base, NULL);
}

int daemon_init(struct daemon *d, int broker_fd)
{
	static const int stop_signals[] = { SIGTERM, SIGINT };
	size_t i;

	TAILQ_INIT(&d->namespaces);
	d->on = &handlers;
	d->broker_fd = broker_fd;
	d->base = event_base_new();
	d->table = pm_table_new(NULL);
	if (!d->base || !d->table)
		return -ENOMEM;
	if (d->opt.remote_calls) {
		d->rmt = rmt_new(d);
		if (!d->rmt)
			return -ENOMEM;
	}
	if (d->opt.udp_rate_limit) {
		uint64_t secret;

		/* Only a hash seed: it must not wait for the entropy pool
		 * early in boot (Linux 5.6). */
		if (getrandom(&secret, sizeof(secret), GRND_INSECURE) !=
		    (ssize_t)sizeof(secret))
			return -errno;
		d->ratelimit = pm_ratelimit_new(d->opt.udp_rate_limit, secret);
		if (!d->ratelimit)
			return -ENOMEM;
	}
	/* SIGHUP and SIGQUIT are the broker's; a terminal sends them to
	 * both of us. */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++) {
		d->signals[i] = evsignal_new(d->base, stop_signals[i], on_stop,
					     d);
		if (!d->signals[i] || event_add(d->signals[i], NULL) < 0)
			return -ENOMEM;
	}
	d->fd_dir = opendir("/proc/self/fd");
	d->broker_ev = event_new(d->base, broker_fd, EV_READ | EV_PERSIST,
				 broker_read, d);
	if (!d->broker_ev || event_add(d->broker_ev, NULL) < 0)
		return -ENOMEM;
	state_open(d);
	return start_alive(d);
}

void daemon_run(struct daemon *d)
{
	event_base_dispatch(d->base);
}

void daemon_done(struct daemon *d)
{
	size_t i;

	if (d->opt.warm_start && d->host)
		state_save_rpcbind(d);
	/* The state files stay: a restart restores every namespace. */
	state_done(d);
	while (!TAILQ_EMPTY(&d->namespaces)) {
		struct nsctx *ns = TAILQ_FIRST(&d->namespaces);

		TAILQ_REMOVE(&d->namespaces, ns, entry);
		nsctx_free(ns);
	}
	cookiemap_clear(&d->by_cookie);
	d->host = NULL;
	for (i = 0; i < sizeof(d->signals) / sizeof(d->signals[0]); i++)
		if (d->signals[i])
			event_free(d->signals[i]);
	if (d->alive_ev)
		event_free(d->alive_ev);
	if (d->broker_ev)
		event_free(d->broker_ev);
	if (d->broker_fd >= 0)
		close(d->broker_fd);
	if (d->fd_dir)
		closedir(d->fd_dir);
	rmt_free(d->rmt);
	rtnl_all_free(d->rtnl_all);
	pm_ratelimit_free(d->ratelimit);
	pm_table_free(d->table);
	if (d->base)
		event_base_free(d->base);
}
