/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * daemon.h - the state of a running rpcbindns: options, the served
 * namespaces, their endpoints and connections.
 *
 * Every endpoint and connection belongs to one namespace (struct nsctx);
 * the host namespace is simply the first one served.
 */
#ifndef RPCBINDNS_DAEMON_H
#define RPCBINDNS_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "core.h"
#include "strv.h"

struct event;
struct event_base;
struct conn;
struct rtnl;
struct nsmgr;
struct rmt;
struct rmt_ns;
struct pm_ratelimit;

#define RPCBIND_PORT		111
#define RPCBIND_SOCK_PATH	"/run/rpcbind.sock"
#define RPCBIND_LOCK_PATH	"/run/rpcbind.lock"
#define RPCBIND_STATE_DIR	"/run/rpcbind"
#define RPCBIND_USER		"_rpc"
#define RPCBIND_USER_S		"daemon"	/* -s */

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE		71	/* Linux 5.14; not in Debian 12's headers */
#endif

#define NS_LABEL_MAX		64
#define UDP_MSG_MAX		9000	/* rpcbind's RPC_MAXDATASIZE */
#define STREAM_RECORD_MAX	9000	/* rpcbind's record size cap */

struct options {
	bool abort_on_error;		/* -a */
	int debug;			/* -d, repeatable */
	bool foreground;		/* -f */
	struct strv hosts;		/* -h, repeatable */
	bool insecure;			/* -i */
	bool log_calls;			/* -l */
	bool daemon_user;		/* -s */
	bool warm_start;		/* -w */
	bool remote_calls;		/* -r */
	const char *sock_path;
	const char *lock_path;
	const char *state_dir;		/* rpcbind's, for -w */
	const char *ns_state_dir;	/* ours, per namespace */
	const char *config_path;
	struct strv netns;		/* --netns SPEC: always served */
	struct strv netns_allow;	/* name patterns; empty: all */
	struct strv netns_deny;
	bool netns_processes;		/* adopt namespaces of processes */
	bool host_only;			/* serve our own namespace only */
	const char *admin_group;	/* may use the admin socket, or NULL */
	gid_t admin_gid;		/* its gid, or (gid_t)-1 */
	unsigned int max_conns;		/* all namespaces, per pool */
	unsigned int max_conns_per_ns;	/* per pool */
	unsigned int idle_timeout;	/* s, idle IP connection */
	unsigned int partial_timeout;	/* s, to finish a started record */
	uint32_t udp_rate_limit;	/* reply bytes/s per non-local
					 * source; 0: none */
};

enum endpoint_kind {
	EP_DGRAM,
	EP_STREAM,
	EP_ADMIN,			/* the admin socket (stream) */
};

/*
 * Stream connections come from two pools with the same caps each, so that
 * remote peers can never take the slots of local callers (the kernel,
 * statd, mountd registering over AF_LOCAL).
 */
enum conn_pool {
	CONN_IP,			/* TCP, remote or loopback */
	CONN_LOCAL,			/* AF_LOCAL, the admin socket too */
	CONN_POOLS,
};

struct endpoint {
	TAILQ_ENTRY(endpoint) entry;
	struct nsctx *ns;
	enum endpoint_kind kind;
	const char *netid;		/* "udp", "tcp", "udp6", "tcp6", "local" */
	int family;
	uint16_t port;			/* bound port, network byte order */
	int fd;
	struct event *ev;
	struct event *resume_ev;	/* accept paused on EMFILE, or NULL */
	bool inherited;			/* from socket activation */
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
					/* filesystem socket to unlink, or "" */
};

struct nsctx {
	TAILQ_ENTRY(nsctx) entry;
	struct daemon *d;
	uint64_t cookie;		/* netns cookie: the table's ns id */
	ino_t ino;			/* nsfs inode, unique while served */
	char label[NS_LABEL_MAX];	/* for logs: "host", a netns name */
	bool seen;			/* found by the current rescan */
	bool pinned;			/* --netns or attached by hand */
	bool denied;			/* the policy no longer admits it */
	struct event *pid_exit_ev;	/* held by a process: its pidfd */
	TAILQ_HEAD(endpoint_list, endpoint) endpoints;
	TAILQ_HEAD(, conn) conns;
	unsigned int nconns[CONN_POOLS];
	struct rtnl *rtnl;		/* its interface addresses */
	struct rmt_ns *rmt;		/* its forwarding sockets, or NULL */
	struct pm_policy policy;
	unsigned long dropped;		/* malformed or unfinished messages */
	unsigned long rate_limited;	/* UDP replies over a source's budget */
	bool state_behind;		/* its state file is not up to date */
};

struct daemon {
	struct event_base *base;
	struct pm_table *table;
	struct options opt;		/* in force */
	struct options cli;		/* from the command line */
	TAILQ_HEAD(, nsctx) namespaces;
	struct nsctx *host;
	unsigned int nnamespaces;
	int self_netns_fd;		/* to come back after setns() */
	struct nsmgr *nsmgr;
	unsigned int nconns[CONN_POOLS];
	struct rmt *rmt;		/* remote-call forwarding, or NULL */
	struct pm_ratelimit *ratelimit;	/* of UDP replies, or NULL */
	struct event *signals[5];
	struct event *watchdog_ev;	/* WATCHDOG=1 timer, or NULL */
	struct event *state_retry_ev;	/* rewrites state files, or NULL */
	bool state_failing;		/* a state file is behind */
	bool stopping;
	time_t started;
};

/* Log prefix for namespace-scoped messages. */
#define NS_FMT		"ns '%s' (cookie %llu): "
#define NS_ARGS(ns)	(ns)->label, (unsigned long long)(ns)->cookie

/* Set up the event base, table and signals for @d->opt.  0 or -errno. */
int daemon_init(struct daemon *d);

/*
 * If the service manager asks for keep-alive pings (WatchdogSec=), send
 * WATCHDOG=1 from a timer on @d->base at half the interval it wants, in
 * @ret_usec.  Call it in the process that serves (after any fork).
 * Returns 1 if pinging, 0 if not asked, -EINVAL (malformed WATCHDOG_USEC
 * or WATCHDOG_PID), -ENOMEM.
 */
int daemon_start_watchdog(struct daemon *d, uint64_t *ret_usec);

/*
 * Serve the namespace the daemon runs in: open its endpoints (or adopt
 * socket-activated ones), watch its addresses and register the
 * portmapper.  Returns 0, -EADDRINUSE (another portmapper runs), -errno.
 */
int daemon_attach_host(struct daemon *d);

/*
 * Serve the namespace of @nsfd (the caller keeps the fd; close it soon:
 * it pins the namespace), labelled @label: enter it, open its endpoints,
 * come back (abort() if that fails: nothing may run in a foreign
 * namespace), register the portmapper, restore its saved table.
 * Returns 0, -EADDRINUSE (another portmapper owns it: nothing kept),
 * -EEXIST (already served), -errno.  Logs nothing.
 */
int daemon_attach_ns(struct daemon *d, int nsfd, const char *label,
		     struct nsctx **ret);

/* Stop serving @ns: close every socket of it, forget its table. */
void daemon_detach_ns(struct nsctx *ns);

/* Write the state, close everything, free @d's members. */
void daemon_done(struct daemon *d);

/* @ns's table changed: write its state. */
void daemon_ns_changed(struct nsctx *ns);

#endif
