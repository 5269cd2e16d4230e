/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * daemon.c - bringing the daemon up and down: namespaces, self
 * registration, signals, state.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <sched.h>
#include <time.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <event2/event.h>

#include "conf.h"
#include "conn.h"
#include "daemon.h"
#include "fault.h"
#include "listen.h"
#include "log.h"
#include "notify.h"
#include "ratelimit.h"
#include "rmt.h"
#include "rtnl.h"
#include "udp.h"
#include "uaddr.h"
#include "netns.h"
#include "nsmgr.h"
#include "state.h"

#define INHERITED_MAX	32

/* The universal address rpcbind registers for a transport. */
static void endpoint_uaddr(const struct endpoint *ep, const char *sock_path,
			   char *buf, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (ep->family == AF_UNIX) {
		snprintf(buf, size, "%s", sock_path);
		return;
	}
	if (getsockname(ep->fd, (struct sockaddr *)&ss, &len) < 0 ||
	    pm_uaddr_format((struct sockaddr *)&ss, len, buf, size) < 0)
		snprintf(buf, size, "%s", ep->family == AF_INET ?
			 "0.0.0.0.0.111" : "::.0.111");
	/* inet_ntop() writes "::" for the IPv6 wildcard, as rpcbind does */
}

/* Register the portmapper on each transport of @ns, in rpcbind's order. */
static int register_self(struct nsctx *ns)
{
	static const char *const order[] = {
		"tcp6", "udp6", "tcp", "udp", "local",
	};
	char uaddr[PM_UADDR_MAX];
	struct endpoint *ep;
	size_t i;
	int r;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		TAILQ_FOREACH(ep, &ns->endpoints, entry)
			if (strcmp(ep->netid, order[i]) == 0)
				break;
		if (!ep)
			continue;
		endpoint_uaddr(ep, ns->d->opt.sock_path, uaddr, sizeof(uaddr));
		r = fault_inject(FAULT_TABLE_ADD) ? -ENOMEM :
		    pm_table_add_self(ns->d->table, ns->cookie, order[i], uaddr);
		if (r < 0 && r != -EEXIST)
			return r;
	}
	return 0;
}

/* A namespace not yet served; nsctx_open() learns its cookie. */
static struct nsctx *nsctx_new(struct daemon *d, const char *label)
{
	struct nsctx *ns = fault_inject(FAULT_NSCTX_ALLOC) ? NULL :
			   calloc(1, sizeof(*ns));

	if (!ns)
		return NULL;
	ns->d = d;
	snprintf(ns->label, sizeof(ns->label), "%s", label);
	TAILQ_INIT(&ns->endpoints);
	TAILQ_INIT(&ns->conns);
	ns->policy.insecure = d->opt.insecure;
	ns->policy.remote_calls = d->opt.remote_calls;
	return ns;
}

static void nsctx_free(struct nsctx *ns)
{
	struct daemon *d = ns->d;

	conn_close_all(ns);
	if (ns->pid_exit_ev) {
		close(event_get_fd(ns->pid_exit_ev));
		event_free(ns->pid_exit_ev);
	}
	if (d->rmt)
		rmt_close_ns(d->rmt, ns);
	listen_close(ns);
	rtnl_free(ns->rtnl);
	pm_table_drop_ns(d->table, ns->cookie);
	free(ns);
}

static void on_link(int ifindex, unsigned int flags, void *arg)
{
	listen_follow_link(arg, ifindex, flags);
}

/*
 * Everything a namespace needs besides its endpoints, created in the
 * current network namespace; @rtnl_fd is taken over.
 */
static int nsctx_open_extras(struct nsctx *ns, int rtnl_fd)
{
	int r;

	ns->rtnl = rtnl_new(ns->d->base, rtnl_fd, on_link, ns);
	if (!ns->rtnl)
		return -ENOMEM;
	r = rtnl_scan_links(ns->rtnl);
	if (r < 0)
		return r;
	if (ns->d->rmt) {
		r = rmt_open_ns(ns->d->rmt, ns);
		if (r < 0)
			return r;
	}
	return register_self(ns);
}

/*
 * Serve the current network namespace with @ns: its identity first, from
 * the rtnetlink socket it needs anyway (its SO_NETNS_COOKIE is the
 * namespace's id on every kernel, with neither NS_GET_ID nor a process
 * sent in to look), then endpoints and the rest.  On failure the caller
 * frees @ns with nsctx_free(); ns->cookie stays 0 unless the namespace is
 * new to us, so a duplicate drops no one's table.
 */
static int nsctx_open(struct nsctx *ns, const struct listen_spec *spec)
{
	int fd = rtnl_socket(), r;
	uint64_t cookie;

	if (fd < 0)
		return fd;
	r = pm_netns_socket_cookie(fd, &cookie);
	if (r == 0 && nsmgr_find(ns->d, cookie))
		r = -EEXIST;
	if (r == 0) {
		ns->cookie = cookie;
		r = listen_open(ns, spec);
	}
	if (r < 0) {
		close(fd);
		return r;
	}
	return nsctx_open_extras(ns, fd);
}

static void log_inherited(const struct nsctx *ns)
{
	const struct endpoint *ep;
	unsigned int n = 0;

	TAILQ_FOREACH(ep, &ns->endpoints, entry)
		n += ep->inherited;
	if (n)
		log_info("%u endpoint(s) handed over by the service manager",
			 n);
}

int daemon_attach_host(struct daemon *d)
{
	int inherited[INHERITED_MAX];
	struct listen_spec spec = {
		.hosts = d->opt.hosts.n ? (const char *const *)d->opt.hosts.v :
					  NULL,
		.n_hosts = d->opt.hosts.n,
		.path = d->opt.sock_path,
		.inherited = inherited,
	};
	struct nsctx *ns = nsctx_new(d, "host");
	int r;

	if (!ns)
		return -ENOMEM;
	listen_read_netconfig(&spec.netids);
	spec.n_inherited = notify_listen_fds(inherited, INHERITED_MAX);
	r = nsctx_open(ns, &spec);
	if (r < 0) {
		nsctx_free(ns);
		return r;
	}
	pm_netns_inode(d->self_netns_fd, &ns->ino);
	TAILQ_INSERT_TAIL(&d->namespaces, ns, entry);
	d->nnamespaces++;
	d->host = ns;
	log_inherited(ns);
	return 0;
}

/* Back to our own namespace; running on in another is never an option. */
static void return_home(struct daemon *d)
{
	if (setns(d->self_netns_fd, CLONE_NEWNET) < 0) {
		log_warn("cannot return to our network namespace");
		abort();
	}
}

int daemon_attach_ns(struct daemon *d, int nsfd, const char *label,
		     struct nsctx **ret)
{
	struct listen_spec spec = { 0 };
	struct nsctx *ns = nsctx_new(d, label);
	int r;

	if (!ns)
		return -ENOMEM;
	pm_netns_inode(nsfd, &ns->ino);
	listen_read_netconfig(&spec.netids);
	if (fault_inject(FAULT_SETNS) || setns(nsfd, CLONE_NEWNET) < 0) {
		r = -errno;
		free(ns);
		return r;
	}
	r = nsctx_open(ns, &spec);
	return_home(d);
	if (r < 0) {
		nsctx_free(ns);
		return r;
	}
	TAILQ_INSERT_TAIL(&d->namespaces, ns, entry);
	d->nnamespaces++;
	state_restore_ns(ns);
	*ret = ns;
	return 0;
}

void daemon_detach_ns(struct nsctx *ns)
{
	struct daemon *d = ns->d;

	TAILQ_REMOVE(&d->namespaces, ns, entry);
	d->nnamespaces--;
	state_remove_ns(ns);
	nsctx_free(ns);
}

void daemon_ns_changed(struct nsctx *ns)
{
	state_save_ns(ns);
	if (ns == ns->d->host && ns->d->opt.warm_start)
		state_save_rpcbind(ns->d);
}

static void on_stop(evutil_socket_t sig, short what, void *arg)
{
	struct daemon *d = arg;

	log_info("signal %d: stopping", (int)sig);
	notify_stopping();
	d->stopping = true;
	event_base_loopexit(d->base, NULL);
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
			pm_table_remove(ns->d->table, ns->cookie, PM_PROG, v,
					netids[i]);
	}
	register_self(ns);
}

/* SIGHUP: read /etc/netconfig again; registrations stay. */
static void on_reload(evutil_socket_t sig, short what, void *arg)
{
	struct daemon *d = arg;
	struct listen_spec spec = {
		.hosts = d->opt.hosts.n ? (const char *const *)d->opt.hosts.v :
					  NULL,
		.n_hosts = d->opt.hosts.n,
	};
	int r;

	notify_reloading();
	if (config_load(&d->opt, &d->cli) < 0)
		log_warnx("reload: keeping the namespace policy in force");
	listen_read_netconfig(&spec.netids);
	r = listen_reconcile(d->host, &spec);
	if (r < 0)
		log_warnx("reload: cannot open every endpoint: %s, ignoring",
			  strerror(-r));
	/* A new udp6 endpoint joins the multicast group on every link. */
	r = rtnl_scan_links(d->host->rtnl);
	if (r < 0)
		log_warnx("reload: cannot list the links: %s, ignoring",
			  strerror(-r));
	reregister_self(d->host);
	if (d->nsmgr)
		nsmgr_rescan(d->nsmgr);
	log_info("reloaded: %u registrations in the host namespace, %u "
		 "namespaces served", pm_table_count(d->table, d->host->cookie),
		 d->nnamespaces);
	notify_ready("reloaded");
}

static void on_watchdog(evutil_socket_t fd, short what, void *arg)
{
	notify_watchdog();
}

/*
 * A timer of the very loop that serves requests: while any callback
 * blocks it (a rescan, a stuck syscall), no ping goes out, and the
 * service manager restarts us once the interval has passed.
 */
int daemon_start_watchdog(struct daemon *d, uint64_t *ret_usec)
{
	struct timeval tv;
	uint64_t usec;
	int r = notify_watchdog_usec(&usec);

	if (r <= 0)
		return r;
	/* sd_watchdog_enabled(3): ping every half of the interval */
	tv.tv_sec = usec / 2 / 1000000;
	tv.tv_usec = usec / 2 % 1000000;
	d->watchdog_ev = event_new(d->base, -1, EV_PERSIST, on_watchdog, NULL);
	if (!d->watchdog_ev || event_add(d->watchdog_ev, &tv) < 0)
		return -ENOMEM;
	*ret_usec = usec;
	return 1;
}

int daemon_init(struct daemon *d)
{
	static const int stop_signals[] = { SIGTERM, SIGINT, SIGQUIT };
	size_t i;

	TAILQ_INIT(&d->namespaces);
	d->self_netns_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (d->self_netns_fd < 0)
		return -errno;
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
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		d->signals[i] = evsignal_new(d->base, stop_signals[i], on_stop,
					     d);
	d->signals[i] = evsignal_new(d->base, SIGHUP, on_reload, d);
	for (i = 0; i <= sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		if (!d->signals[i] || event_add(d->signals[i], NULL) < 0)
			return -ENOMEM;
	return 0;
}

void daemon_done(struct daemon *d)
{
	size_t i;

	if (d->opt.warm_start && d->host)
		state_save_rpcbind(d);
	nsmgr_free(d->nsmgr);
	d->nsmgr = NULL;
	/* The state files stay: a restart restores every namespace. */
	while (!TAILQ_EMPTY(&d->namespaces)) {
		struct nsctx *ns = TAILQ_FIRST(&d->namespaces);

		TAILQ_REMOVE(&d->namespaces, ns, entry);
		nsctx_free(ns);
	}
	d->host = NULL;
	for (i = 0; i < sizeof(d->signals) / sizeof(d->signals[0]); i++)
		if (d->signals[i])
			event_free(d->signals[i]);
	if (d->watchdog_ev)
		event_free(d->watchdog_ev);
	state_done(d);
	rmt_free(d->rmt);
	pm_ratelimit_free(d->ratelimit);
	pm_table_free(d->table);
	if (d->base)
		event_base_free(d->base);
	if (d->self_netns_fd >= 0)
		close(d->self_netns_fd);
}
