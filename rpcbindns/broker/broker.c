/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * broker.c - namespaces and their sockets, and the engine that serves
 * them.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <linux/close_range.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <event2/event.h>

#include "broker.h"
#include "conf.h"
#include "fault.h"
#include "log.h"
#include "netns.h"
#include "notify.h"
#include "nsmgr.h"
#include "vserv.h"

#define INHERITED_MAX		32
#define RESTART_DELAY_SEC	1	/* after an engine that died young */
#define STOP_GRACE_SEC		5	/* for the engine to save and exit */
#define SEND_TIMEOUT_SEC	5	/* an engine this slow to read hangs */

static struct bns *bns_new(struct broker *b, const char *label)
{
	struct bns *ns = fault_inject(FAULT_NSCTX_ALLOC) ? NULL :
			 calloc(1, sizeof(*ns));

	if (!ns)
		return NULL;
	ns->b = b;
	snprintf(ns->label, sizeof(ns->label), "%s", label);
	ns->rtnl_fd = ns->rmt_fd[0] = ns->rmt_fd[1] = -1;
	ns->nsid = IPC_NSID_OWN;
	return ns;
}

static void bns_free(struct bns *ns)
{
	int i;

	if (ns->pid_exit_ev) {
		close(event_get_fd(ns->pid_exit_ev));
		event_free(ns->pid_exit_ev);
	}
	vserv_free_all(ns);
	sockets_close(&ns->socks);
	if (ns->rtnl_fd >= 0)
		close(ns->rtnl_fd);
	for (i = 0; i < 2; i++)
		if (ns->rmt_fd[i] >= 0)
			close(ns->rmt_fd[i]);
	free(ns);
}

struct bns *broker_find(struct broker *b, uint64_t cookie)
{
	return cookiemap_get(&b->by_cookie, cookie);
}

/* ---- talking to the engine ------------------------------------------- */

static bool engine_up(const struct broker *b)
{
	return b->engine.pid > 0 && b->engine.fd >= 0 && !b->engine.killed;
}

/* Nothing more is sent to it: a hung engine would make every send wait
 * for its timeout. */
static void engine_kill(struct broker *b)
{
	if (b->engine.pid <= 0)
		return;
	kill(b->engine.pid, SIGKILL);
	b->engine.killed = true;
}

/* An engine that does not take a message in time is hung: replace it
 * (SIGCHLD brings the new one). */
void broker_send(struct broker *b, enum ipc_type type, uint32_t seq,
			const void *payload, size_t len, const int *fds,
			size_t nfds)
{
	int r;

	if (!engine_up(b))
		return;		/* the next engine gets everything */
	r = ipc_send(b->engine.fd, type, seq, payload, len, fds, nfds);
	if (r < 0) {
		log_warnx("engine: cannot send it a message: %s, replacing "
			  "it", strerror(-r));
		engine_kill(b);
	}
}


int broker_enter_ns(struct bns *ns)
{
	int nsfd, r = 0;

	if (ns->host)
		return 0;
	nsfd = ioctl(ns->socks.v[0].fd, SIOCGSKNS);
	if (nsfd < 0)
		return -errno;
	if (setns(nsfd, CLONE_NEWNET) < 0)
		r = -errno;
	close(nsfd);
	return r;
}

/* A new rtnetlink socket in @ns.  fd or -errno. */
static int bns_rtnl_socket(struct bns *ns)
{
	int fd = broker_enter_ns(ns);

	if (fd < 0)
		return fd;
	fd = sockets_open_rtnl();
	if (!ns->host)
		broker_return_home(ns->b);
	return fd;
}

/* Does the engine follow @ns on the shared socket? */
static bool bns_shares_rtnl(const struct bns *ns)
{
	return ns->b->engine.rtnl_all && ns->nsid != IPC_NSID_OWN;
}

/*
 * @ns's rtnl socket for NS_ADD: its own (kept), or, when it shares the
 * engine's, one to dump it once, closed after sending.  fd or -errno.
 */
static int ns_add_rtnl(struct bns *ns)
{
	if (ns->rtnl_fd < 0)
		ns->rtnl_fd = bns_rtnl_socket(ns);
	return ns->rtnl_fd;
}

static void send_ns_add(struct bns *ns)
{
	struct ipc_ns_add a = { .cookie = ns->cookie, .host = ns->host };
	int fds[IPC_FDS_MAX], r;
	size_t i, n = 0;

	if (!engine_up(ns->b))
		return;		/* the next engine gets it */
	r = ns_add_rtnl(ns);
	if (r < 0) {
		log_warnx(NS_FMT "cannot follow its addresses: %s, not "
			  "serving it", NS_ARGS(ns), strerror(-r));
		return;
	}
	snprintf(a.label, sizeof(a.label), "%s", ns->label);
	a.nsid = bns_shares_rtnl(ns) ? ns->nsid : IPC_NSID_OWN;
	for (i = 0; i < ns->socks.n; i++) {
		a.endpoints[a.n_endpoints++] = ns->socks.v[i].ep;
		fds[n++] = ns->socks.v[i].fd;
	}
	fds[n++] = ns->rtnl_fd;
	for (i = 0; i < 2; i++) {
		if (ns->rmt_fd[i] < 0)
			continue;
		a.rmt |= i == 0 ? IPC_RMT_V4 : IPC_RMT_V6;
		fds[n++] = ns->rmt_fd[i];
	}
	broker_send(ns->b, IPC_NS_ADD, 0, &a, sizeof(a), fds, n);
	if (bns_shares_rtnl(ns)) {
		close(ns->rtnl_fd);
		ns->rtnl_fd = -1;
	}
}

/* The engine lost changes on the shared socket: a socket to dump each
 * namespace that uses it again. */
static void on_redump(struct broker *b)
{
	struct bns *ns;
	int fd;

	TAILQ_FOREACH(ns, &b->namespaces, entry) {
		struct ipc_ns_dump d = { .cookie = ns->cookie };

		if (!bns_shares_rtnl(ns))
			continue;
		fd = bns_rtnl_socket(ns);
		if (fd < 0) {
			log_warnx(NS_FMT "cannot list its addresses again: "
				  "%s", NS_ARGS(ns), strerror(-fd));
			continue;
		}
		broker_send(b, IPC_NS_DUMP, 0, &d, sizeof(d), &fd, 1);
		close(fd);
	}
}

/* The engine's shared rtnl socket; without it, each namespace has its
 * own. */
static void send_rtnl_all(struct broker *b)
{
	int fd = sockets_open_rtnl_all();

	if (fd < 0) {
		log_warnx("cannot open the shared rtnetlink socket: %s, one "
			  "per namespace", strerror(-fd));
		return;
	}
	broker_send(b, IPC_RTNL_ALL, 0, NULL, 0, &fd, 1);
	close(fd);
	b->engine.rtnl_all = engine_up(b);
}

static void send_synced(struct broker *b, enum ipc_sync_why why)
{
	struct ipc_synced s = { .why = why };

	broker_send(b, IPC_SYNCED, 0, &s, sizeof(s), NULL, 0);
}

/* ---- namespaces ------------------------------------------------------ */

/*
 * Make @ns's sockets in the current network namespace: the rtnetlink
 * socket first, as its SO_NETNS_COOKIE is the namespace's id on every
 * kernel, then the endpoints and, with -r, the forwarding sockets.
 */
static int bns_open(struct bns *ns, const struct sockets_spec *spec)
{
	static const int families[2] = { AF_INET, AF_INET6 };
	struct broker *b = ns->b;
	uint64_t cookie;
	int i, r;

	ns->rtnl_fd = sockets_open_rtnl();
	if (ns->rtnl_fd < 0)
		return ns->rtnl_fd;
	r = pm_netns_socket_cookie(ns->rtnl_fd, &cookie);
	if (r < 0)
		return r;
	if (broker_find(b, cookie))
		return -EEXIST;
	ns->cookie = cookie;
	r = sockets_open(&ns->socks, spec);
	if (r < 0)
		return r;
	for (i = 0; b->opt.remote_calls && i < 2; i++) {
		ns->rmt_fd[i] = sockets_open_rmt(families[i]);
		/* No IPv6 here: forward IPv4 only. */
		if (ns->rmt_fd[i] < 0 && ns->rmt_fd[i] != -EAFNOSUPPORT)
			return ns->rmt_fd[i];
	}
	return 0;
}

/* A guess of a namespace's descriptors before any is served. */
#define FDS_PER_NS_GUESS	8

unsigned long broker_fd_reserve(const struct broker *b, unsigned long limit)
{
	unsigned long conns = 2ul * b->opt.max_conns;

	return (conns < limit / 4 ? conns : limit / 4) + BROKER_FD_FIXED;
}

static unsigned int fds_per_ns(const struct broker *b)
{
	return b->fds_per_ns ? b->fds_per_ns : FDS_PER_NS_GUESS;
}

void broker_read_fd_limit(struct broker *b)
{
	struct rlimit rl;

	b->fd_limit = getrlimit(RLIMIT_NOFILE, &rl) == 0 ? rl.rlim_cur :
		      RLIM_INFINITY;
}

bool broker_has_room(const struct broker *b)
{
	unsigned long per_ns = fds_per_ns(b);

	if (b->fd_limit == RLIM_INFINITY)
		return true;
	return b->ns_fds + per_ns + broker_fd_reserve(b, b->fd_limit) <=
	       b->fd_limit;
}

/* The budget as it stands, for the engine's --status; only news. */
static void send_limits(struct broker *b)
{
	struct ipc_limits l = { .fds_per_ns = fds_per_ns(b),
				.waiting = b->waiting };
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		l.fd_limit = rl.rlim_cur;
		l.fd_reserve = broker_fd_reserve(b, (unsigned long)l.fd_limit);
	}
	if (memcmp(&l, &b->limits_sent, sizeof(l)) == 0)
		return;
	b->limits_sent = l;
	broker_send(b, IPC_LIMITS, 0, &l, sizeof(l), NULL, 0);
}

void broker_set_waiting(struct broker *b, unsigned int waiting)
{
	b->waiting = waiting;
	send_limits(b);
}

/* What @ns holds for good: a namespace with an NSID keeps no rtnetlink
 * socket (the one NS_ADD hands over only dumps it, and is closed). */
static unsigned int bns_count_fds(const struct bns *ns)
{
	unsigned int n = (unsigned int)ns->socks.n +
			 (ns->rtnl_fd >= 0 && ns->nsid == IPC_NSID_OWN);
	int i;

	for (i = 0; i < 2; i++)
		n += ns->rmt_fd[i] >= 0;
	return n;
}

static int bns_serve(struct bns *ns)
{
	struct broker *b = ns->b;
	int r = cookiemap_put(&b->by_cookie, ns->cookie, ns);

	if (r < 0)
		return r;
	TAILQ_INSERT_TAIL(&b->namespaces, ns, entry);
	b->nnamespaces++;
	ns->nfds = bns_count_fds(ns);
	b->ns_fds += ns->nfds;
	if (!ns->host && ns->nfds > b->fds_per_ns)
		b->fds_per_ns = ns->nfds;
	send_ns_add(ns);
	/* outside the budget per namespace: few have any */
	if (b->opt.n_vs)
		vserv_configure(ns, &b->opt);
	return 0;
}

static void host_spec(struct broker *b, struct sockets_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	spec->hosts = b->opt.hosts.n ? (const char *const *)b->opt.hosts.v :
				       NULL;
	spec->n_hosts = b->opt.hosts.n;
	spec->path = b->opt.sock_path;
	/* read at start and reload only, as rpcbind reads it: not once
	 * per namespace attached */
	sockets_read_netconfig(&b->netids);
	spec->netids = b->netids;
}

int broker_attach_host(struct broker *b, const char *admin_path)
{
	int inherited[INHERITED_MAX];
	struct sockets_spec spec;
	struct bns *ns = bns_new(b, "host");
	size_t i, n = 0;
	int r;

	if (!ns)
		return -ENOMEM;
	ns->host = true;
	ns->nsid = IPC_NSID_SELF;
	host_spec(b, &spec);
	spec.inherited = inherited;
	spec.n_inherited = notify_listen_fds(inherited, INHERITED_MAX);
	r = bns_open(ns, &spec);
	if (r == 0)
		r = sockets_open_admin(&ns->socks, admin_path,
				       b->opt.admin_gid);
	if (r < 0) {
		bns_free(ns);
		return r;
	}
	pm_netns_inode(b->self_netns_fd, &ns->ino);
	for (i = 0; i < ns->socks.n; i++)
		n += ns->socks.v[i].ep.inherited;
	if (n)
		log_info("%zu endpoint(s) handed over by the service manager",
			 n);
	r = bns_serve(ns);
	if (r < 0) {
		bns_free(ns);
		return r;
	}
	b->host = ns;
	return 0;
}

/* Back to our own namespace; running on in another is never an option. */
void broker_return_home(struct broker *b)
{
	if (setns(b->self_netns_fd, CLONE_NEWNET) < 0) {
		log_warn("cannot return to our network namespace");
		abort();
	}
}

int broker_attach_ns(struct broker *b, int nsfd, const char *label,
		     struct bns **ret)
{
	struct sockets_spec spec = { 0 };
	struct bns *ns = bns_new(b, label);
	int r;

	if (!ns)
		return -ENOMEM;
	pm_netns_inode(nsfd, &ns->ino);
	spec.netids = b->netids;
	if (fault_inject(FAULT_SETNS) || setns(nsfd, CLONE_NEWNET) < 0) {
		r = -errno;
		bns_free(ns);
		return r;
	}
	r = bns_open(ns, &spec);
	broker_return_home(b);
	/* Its changes reach the shared socket once it has an NSID here:
	 * before the engine dumps it. */
	if (r == 0 && b->nsmgr)
		ns->nsid = nsmgr_assign_nsid(b->nsmgr, nsfd, ns->ino);
	if (r == 0)
		r = bns_serve(ns);
	if (r < 0) {
		bns_free(ns);
		return r;
	}
	*ret = ns;
	return 0;
}

static void bns_forget(struct bns *ns)
{
	cookiemap_del(&ns->b->by_cookie, ns->cookie);
	ns->b->ns_fds -= ns->nfds;
	TAILQ_REMOVE(&ns->b->namespaces, ns, entry);
	ns->b->nnamespaces--;
	bns_free(ns);
}

void broker_detach_ns(struct bns *ns)
{
	struct ipc_ns_del del = { .cookie = ns->cookie };

	broker_send(ns->b, IPC_NS_DEL, 0, &del, sizeof(del), NULL, 0);
	bns_forget(ns);
}

/* ---- the engine's requests ------------------------------------------- */

static void reply(struct broker *b, uint32_t seq, int status,
		  uint64_t cookie)
{
	struct ipc_reply r = { .status = status, .cookie = cookie };

	broker_send(b, IPC_REPLY, seq, &r, sizeof(r), NULL, 0);
}

/* The engine checked that an admin asked; the broker still trusts the
 * spec no more than any path: nsmgr opens it without blocking and takes
 * only an nsfs file. */
static void on_attach(struct broker *b, const struct ipc_msg *m)
{
	uint64_t cookie = 0;
	int r = b->nsmgr ? nsmgr_attach_spec(b->nsmgr, m->u.spec, &cookie) :
			   -EOPNOTSUPP;

	reply(b, m->seq, r, cookie);
}

static void on_detach(struct broker *b, const struct ipc_msg *m)
{
	int r = b->nsmgr ? nsmgr_detach_spec(b->nsmgr, m->u.spec) :
			   -EOPNOTSUPP;

	reply(b, m->seq, r, 0);
}

/* The namespace is not served after all: let it go until a later rescan
 * attaches it again.  The engine serves the host or nothing. */
static void on_ns_failed(struct broker *b, const struct ipc_msg *m)
{
	static struct log_rate rate;
	struct bns *ns = broker_find(b, m->u.ns_failed->cookie);

	if (!ns || ns->host)
		return;
	log_warnx_rate(&rate, "ns '%s': cannot serve it: %s, will retry",
		       ns->label, strerror(-m->u.ns_failed->status));
	bns_forget(ns);
}

/* The engine checked the admin's right and the definition's form. */
static void on_vs_add(struct broker *b, const struct ipc_msg *m)
{
	struct bns *ns = broker_find(b, m->u.vs->cookie);

	reply(b, m->seq, ns ? vserv_add(ns, m->u.vs, true) : -ENOENT,
	      m->u.vs->cookie);
}

static void on_vs_remove(struct broker *b, const struct ipc_msg *m)
{
	struct bns *ns = broker_find(b, m->u.vs_ref->cookie);

	reply(b, m->seq, ns ? vserv_remove(ns, m->u.vs_ref->name) : -ENOENT,
	      m->u.vs_ref->cookie);
}

static void on_ready(struct broker *b)
{
	char status[128];

	if (b->engine.synced) {
		notify_ready("reloaded");
		return;
	}
	b->engine.synced = true;
	snprintf(status, sizeof(status), "serving %u namespace(s)",
		 b->nnamespaces);
	if (b->engine.starts == 1) {
		log_info("%s", status);
		notify_ready(status);
	} else {
		log_info("engine %ld restarted: %s", (long)b->engine.pid,
			 status);
	}
}

static void on_engine_msg(struct broker *b, const struct ipc_msg *m)
{
	switch (m->type) {
	case IPC_ATTACH:
		on_attach(b, m);
		break;
	case IPC_DETACH:
		on_detach(b, m);
		break;
	case IPC_READY:
		on_ready(b);
		break;
	case IPC_ALIVE:
		notify_watchdog();
		break;
	case IPC_NS_FAILED:
		on_ns_failed(b, m);
		break;
	case IPC_REDUMP:
		on_redump(b);
		break;
	case IPC_VS_ADD:
		on_vs_add(b, m);
		break;
	case IPC_VS_REMOVE:
		on_vs_remove(b, m);
		break;
	default:
		break;	/* ipc_decode() let only these through */
	}
}

/* An engine that does not exit within the grace period is killed
 * (stop_timeout). */
static void engine_stop_later(struct broker *b)
{
	static const struct timeval grace = { STOP_GRACE_SEC, 0 };

	if (!evtimer_pending(b->engine.stop_ev, NULL))
		evtimer_add(b->engine.stop_ev, &grace);
}

static void engine_read(evutil_socket_t fd, short what, void *arg)
{
	static struct log_rate rate;
	_Alignas(8) char buf[IPC_MSG_MAX];
	struct broker *b = arg;
	struct ipc_msg m;
	int fds[IPC_FDS_MAX];
	size_t nfds;
	ssize_t n;

	while ((n = ipc_recv(fd, buf, fds, &nfds)) > 0 || n == -EBADMSG) {
		if (n > 0 && ipc_decode(IPC_TO_BROKER, buf, (size_t)n, nfds,
					&m) == 0) {
			on_engine_msg(b, &m);
			continue;
		}
		if (n > 0)
			ipc_close_fds(fds, nfds);
		log_warnx_rate(&rate, "engine: refused a malformed message");
	}
	if (n != -EAGAIN) {
		/* It is exiting, or broke the channel: SIGCHLD follows,
		 * or we make it. */
		event_del(b->engine.ev);
		engine_stop_later(b);
	}
}

/* ---- the engine's life ----------------------------------------------- */

/* The engine's command line: ours, after its generation and watchdog
 * (@extra, NULL-terminated). */
static char **engine_argv(struct broker *b, char *const *extra)
{
	size_t n = 0, k = 0, i;
	char **v;

	while (b->argv[n])
		n++;
	while (extra[k])
		k++;
	v = calloc(n + k + 1, sizeof(*v));
	if (!v)
		return NULL;
	v[0] = b->argv[0];
	for (i = 0; i < k; i++)
		v[1 + i] = extra[i];
	for (i = 1; i < n; i++)
		v[k + i] = b->argv[i];
	return v;
}

/* The child, between fork() and exec(): nothing but standard input,
 * output and error and the channel survives, not even a socket the
 * service manager passed that we did not adopt. */
static void exec_engine(const char *exe, char **argv, int fd)
{
	if (fd == IPC_ENGINE_FD)
		fcntl(fd, F_SETFD, 0);
	else if (dup2(fd, IPC_ENGINE_FD) < 0)
		_exit(127);
	close_range(IPC_ENGINE_FD + 1, ~0U, 0);
	execv(exe, argv);
	_exit(127);
}

static int engine_start(struct broker *b)
{
	static const struct timeval send_timeout = { SEND_TIMEOUT_SEC, 0 };
	char generation[32], watchdog[64];
	char *extra[3] = { generation, NULL, NULL };
	struct bns *ns;
	char **argv;
	int sv[2];
	pid_t pid;

	snprintf(generation, sizeof(generation), "--engine=%u",
		 b->engine.starts + 1);
	/* The engine says it is alive at half the interval; we ping. */
	if (b->watchdog_usec) {
		snprintf(watchdog, sizeof(watchdog), "--engine-watchdog=%llu",
			 (unsigned long long)b->watchdog_usec / 2);
		extra[1] = watchdog;
	}
	argv = engine_argv(b, extra);
	if (!argv)
		return -ENOMEM;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		free(argv);
		return -errno;
	}
	pid = fork();
	if (pid == 0)
		exec_engine(b->exe, argv, sv[1]);
	free(argv);
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		return -errno;
	}
	setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &send_timeout,
		   sizeof(send_timeout));
	b->engine.starts++;
	b->engine.pid = pid;
	b->engine.killed = false;
	b->engine.fd = sv[0];
	b->engine.synced = false;
	b->engine.rtnl_all = false;
	b->engine.ev = event_new(b->base, sv[0], EV_READ | EV_PERSIST,
				 engine_read, b);
	if (!b->engine.ev || event_add(b->engine.ev, NULL) < 0) {
		engine_kill(b);
		return -ENOMEM;
	}
	send_rtnl_all(b);
	TAILQ_FOREACH(ns, &b->namespaces, entry) {
		send_ns_add(ns);
		vserv_send_all(ns);
	}
	memset(&b->limits_sent, 0, sizeof(b->limits_sent));
	send_limits(b);
	return 0;
}

static void restart_cb(evutil_socket_t fd, short what, void *arg)
{
	struct broker *b = arg;
	struct timeval again = { RESTART_DELAY_SEC, 0 };
	int r = engine_start(b);

	if (r < 0) {
		log_warnx("cannot start the engine: %s, retrying",
			  strerror(-r));
		evtimer_add(b->engine.restart_ev, &again);
		return;
	}
	send_synced(b, IPC_SYNCED_START);
}

static void engine_gone(struct broker *b, int status)
{
	struct timeval delay = { 0, 0 };

	if (b->engine.ev)
		event_free(b->engine.ev);
	b->engine.ev = NULL;
	close(b->engine.fd);
	b->engine.fd = -1;
	b->engine.pid = 0;
	evtimer_del(b->engine.stop_ev);
	if (b->stopping) {
		event_base_loopexit(b->base, NULL);
		return;
	}
	if (WIFSIGNALED(status))
		log_warnx("engine killed by signal %d, starting another",
			  WTERMSIG(status));
	else
		log_warnx("engine exited with status %d, starting another",
			  WEXITSTATUS(status));
	/* One that died before it served would die again at once: a
	 * second between tries. */
	if (!b->engine.synced)
		delay.tv_sec = RESTART_DELAY_SEC;
	evtimer_add(b->engine.restart_ev, &delay);
}

static void on_child(evutil_socket_t sig, short what, void *arg)
{
	struct broker *b = arg;
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		if (pid == b->engine.pid)
			engine_gone(b, status);
}

/* ---- signals --------------------------------------------------------- */

static void stop_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct broker *b = arg;

	log_warnx("engine %ld did not stop in %d s, killing it",
		  (long)b->engine.pid, STOP_GRACE_SEC);
	engine_kill(b);
}

static void on_stop(evutil_socket_t sig, short what, void *arg)
{
	struct broker *b = arg;

	if (b->stopping)
		return;
	log_info("signal %d: stopping", (int)sig);
	notify_stopping();
	b->stopping = true;
	evtimer_del(b->engine.restart_ev);
	if (b->engine.pid <= 0) {
		event_base_loopexit(b->base, NULL);
		return;
	}
	broker_send(b, IPC_STOP, 0, NULL, 0, NULL, 0);
	engine_stop_later(b);
}

/* Tell the engine which host endpoints a reload added and closed. */
static void send_endpoint_changes(struct broker *b, const struct bsocks *old)
{
	const struct bsocks *now = &b->host->socks;
	size_t i;

	for (i = 0; i < old->n; i++) {
		struct ipc_ep_del del = { .cookie = b->host->cookie,
					  .id = old->v[i].ep.id };

		if (!sockets_has_id(now, del.id))
			broker_send(b, IPC_EP_DEL, 0, &del, sizeof(del), NULL,
				    0);
	}
	for (i = 0; i < now->n; i++) {
		struct ipc_ep_add add = { .cookie = b->host->cookie,
					  .endpoint = now->v[i].ep };

		if (!sockets_has_id(old, add.endpoint.id))
			broker_send(b, IPC_EP_ADD, 0, &add, sizeof(add),
				    &now->v[i].fd, 1);
	}
}

/* SIGHUP: read the policy and /etc/netconfig again; registrations stay. */
static void on_reload(evutil_socket_t sig, short what, void *arg)
{
	struct broker *b = arg;
	struct bsocks old = { 0 };
	struct sockets_spec spec;
	struct bns *ns;
	size_t i;
	int r;

	notify_reloading();
	if (config_load(&b->opt, &b->cli) < 0)
		log_warnx("reload: keeping the namespace policy in force");
	host_spec(b, &spec);
	spec.path = NULL;		/* the local sockets stay as they are */
	old.v = calloc(b->host->socks.n + 1, sizeof(*old.v));
	if (old.v) {
		for (i = 0; i < b->host->socks.n; i++)
			old.v[i].ep = b->host->socks.v[i].ep;
		old.n = b->host->socks.n;
	}
	r = sockets_reconcile(&b->host->socks, &spec);
	if (r < 0)
		log_warnx("reload: cannot open every endpoint: %s, ignoring",
			  strerror(-r));
	if (old.v)
		send_endpoint_changes(b, &old);
	free(old.v);
	TAILQ_FOREACH(ns, &b->namespaces, entry)
		vserv_configure(ns, &b->opt);
	if (b->nsmgr)
		nsmgr_rescan(b->nsmgr);
	if (b->engine.synced)
		send_synced(b, IPC_SYNCED_RELOAD);
	else
		notify_ready("reloaded");
}

int broker_init(struct broker *b, char **argv)
{
	static const int stop_signals[] = { SIGTERM, SIGINT, SIGQUIT };
	ssize_t n;
	size_t i;

	TAILQ_INIT(&b->namespaces);
	b->argv = argv;
	b->engine.fd = -1;
	broker_read_fd_limit(b);
	n = readlink("/proc/self/exe", b->exe, sizeof(b->exe) - 1);
	if (n < 0)
		return -errno;
	b->exe[n] = '\0';
	b->self_netns_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (b->self_netns_fd < 0)
		return -errno;
	b->base = event_base_new();
	if (!b->base)
		return -ENOMEM;
	b->engine.restart_ev = evtimer_new(b->base, restart_cb, b);
	b->engine.stop_ev = evtimer_new(b->base, stop_timeout, b);
	if (!b->engine.restart_ev || !b->engine.stop_ev)
		return -ENOMEM;
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		b->signals[i] = evsignal_new(b->base, stop_signals[i], on_stop,
					     b);
	b->signals[i++] = evsignal_new(b->base, SIGHUP, on_reload, b);
	b->signals[i] = evsignal_new(b->base, SIGCHLD, on_child, b);
	for (i = 0; i < sizeof(b->signals) / sizeof(b->signals[0]); i++)
		if (!b->signals[i] || event_add(b->signals[i], NULL) < 0)
			return -ENOMEM;
	return 0;
}

/* WatchdogSec=: the engine's loop says it turns, and we ping for it.
 * After go_background(): WATCHDOG_PID names the process that pings. */
static void start_watchdog(struct broker *b)
{
	uint64_t usec;
	int r = notify_watchdog_usec(&usec);

	if (r < 0) {
		log_warnx("cannot start the watchdog pings: %s, ignoring",
			  strerror(-r));
	} else if (r > 0) {
		b->watchdog_usec = usec;
		log_info("watchdog: %llu ms, pinging every %llu ms",
			 (unsigned long long)usec / 1000,
			 (unsigned long long)usec / 2000);
	}
}

int broker_run(struct broker *b)
{
	int r;

	start_watchdog(b);
	/* The engine first: it serves each namespace as the rescan
	 * attaches it, and a namespace's rtnetlink socket, which only
	 * dumps its addresses once, goes to it at once instead of waiting
	 * (at start, thousands of them would exceed the budget).  The
	 * engine is ready once the rescan is done. */
	r = engine_start(b);
	if (r < 0) {
		log_warnx("cannot start the engine: %s", strerror(-r));
		return EXIT_FAILURE;
	}
	if (!b->opt.host_only) {
		b->nsmgr = nsmgr_new(b);
		if (b->nsmgr)
			nsmgr_rescan(b->nsmgr);
	}
	send_synced(b, IPC_SYNCED_START);
	event_base_dispatch(b->base);
	return EXIT_SUCCESS;
}

void broker_done(struct broker *b)
{
	size_t i;

	nsmgr_free(b->nsmgr);
	b->nsmgr = NULL;
	while (!TAILQ_EMPTY(&b->namespaces)) {
		struct bns *ns = TAILQ_FIRST(&b->namespaces);

		TAILQ_REMOVE(&b->namespaces, ns, entry);
		bns_free(ns);
	}
	cookiemap_clear(&b->by_cookie);
	b->host = NULL;
	for (i = 0; i < sizeof(b->signals) / sizeof(b->signals[0]); i++)
		if (b->signals[i])
			event_free(b->signals[i]);
	if (b->engine.ev)
		event_free(b->engine.ev);
	if (b->engine.fd >= 0)
		close(b->engine.fd);
	if (b->engine.restart_ev)
		event_free(b->engine.restart_ev);
	if (b->engine.stop_ev)
		event_free(b->engine.stop_ev);
	if (b->base)
		event_base_free(b->base);
	if (b->self_netns_fd >= 0)
		close(b->self_netns_fd);
}
