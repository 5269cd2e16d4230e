/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * daemon.h - the engine's state: options, the served namespaces, their
 * endpoints and connections.
 *
 * Every endpoint and connection belongs to one namespace (struct nsctx);
 * the host namespace is the broker's own.  The broker made every socket
 * and handed it over: the engine never enters a namespace.
 */
#ifndef RPCBINDNS_DAEMON_H
#define RPCBINDNS_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <dirent.h>
#include <time.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "cookiemap.h"
#include "core.h"
#include "ipc.h"
#include "options.h"

struct event;
struct event_base;
struct conn;
struct rtnl;
struct rtnl_all;
struct rmt;
struct rmt_ns;
struct vs;
struct pm_ratelimit;

#define NS_LABEL_MAX		IPC_LABEL_MAX
#define STREAM_RECORD_MAX	9000	/* rpcbind's record size cap */

enum endpoint_kind {
	EP_DGRAM,
	EP_STREAM,
	EP_ADMIN,			/* the admin socket (stream) */
	EP_RMT,				/* -r: a VS's forwarding socket */
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
	bool dual;			/* "udp6"/"tcp6" serving IPv4 too */
	bool multicast;			/* hears RPCB_MULTICAST_ADDR */
	int family;
	uint16_t port;			/* bound port, network byte order */
	union {				/* bound address (IP) */
		struct sockaddr sa;
		struct sockaddr_in sin;
		struct sockaddr_in6 sin6;
	} bound;
	int fd;
	struct event *ev;
	struct event *resume_ev;	/* accept paused on EMFILE, or NULL */
	uint32_t id;			/* the broker's */
	uint32_t vs;			/* its virtual server's id, 0: none */
};

struct nsctx {
	TAILQ_ENTRY(nsctx) entry;
	struct daemon *d;
	uint64_t cookie;		/* netns cookie: the table's ns id */
	char label[NS_LABEL_MAX];	/* for logs: "host", a netns name */
	TAILQ_HEAD(endpoint_list, endpoint) endpoints;
	TAILQ_HEAD(, conn) conns;
	unsigned int nconns[CONN_POOLS];
	struct rtnl *rtnl;		/* its interface addresses */
	int nsid;			/* on the shared rtnl socket, or
					 * IPC_NSID_OWN: its own socket */
	struct rmt_ns *rmt;		/* its forwarding sockets, or NULL */
	struct vs *vs;			/* its virtual servers (vs.h) */
	struct pm_policy policy;
	unsigned long dropped;		/* malformed or unfinished messages */
	unsigned long rate_limited;	/* UDP replies over a source's budget */
	bool state_behind;		/* its state file is not up to date */
	bool journaled;			/* the journal has changes of it */
};

/* The journal of changes since the state files were last written. */
struct journal {
	int fd;				/* appended to, or -1 */
	size_t len;			/* bytes of whole records in it */
	uint8_t *buf;			/* records not yet written */
	size_t buf_len, buf_cap;
	struct nsctx *pending;		/* whose records buf holds, or NULL */
	bool recording;			/* while a request is served */
	bool lost;			/* a record did not fit in memory */
};

struct admin_peer;

/*
 * What the transports and the admin protocol do with what they receive:
 * the engine's wiring (daemon.c) gives them these, so that they call
 * nothing above them.
 */
struct handlers {
	/* A portmapper request that arrived in @ns: as serve_request().
	 * A change it makes is written by commit(). */
	int (*request)(struct nsctx *ns, struct pm_caller *c, const void *in,
		       size_t len, void *out, size_t cap,
		       struct pm_rmtcall *fwd);
	/* Make the changes of the requests served so far durable: called
	 * before any of their replies leaves and before the callback that
	 * served them returns, so that one write covers a whole batch. */
	void (*commit)(struct daemon *d);
	/* A record from the admin socket: as admin_request(). */
	int (*admin)(struct daemon *d, const struct admin_peer *peer,
		     const void *in, size_t len, void *out, size_t cap);
	/* The served namespace of @cookie, or NULL. */
	struct nsctx *(*find_ns)(struct daemon *d, uint64_t cookie);
	/* Ask the broker to attach (IPC_ATTACH) or detach (IPC_DETACH)
	 * what @spec names, and wait for its answer; the namespaces it
	 * hands over meanwhile are served before this returns.  0 or
	 * -errno, with the namespace's cookie where known. */
	int (*ask_broker)(struct daemon *d, enum ipc_type type,
			  const char *spec, uint64_t *ret_cookie);
	/* Ask the broker to add (IPC_VS_ADD, @def with id 0) or remove
	 * (IPC_VS_REMOVE, @def's cookie and name) a virtual server, and
	 * wait for its answer; the VS_SET or VS_DEL and the endpoints it
	 * sends meanwhile are applied before this returns.  0 or -errno:
	 * -ENOENT no such namespace or VS, -EEXIST the name is taken,
	 * -EADDRINUSE an address belongs to another VS of the namespace. */
	int (*ask_broker_vs)(struct daemon *d, enum ipc_type type,
			     const struct ipc_vs *def);
};

struct daemon {
	const struct handlers *on;	/* given to every part below */
	struct event_base *base;
	struct pm_table *table;
	struct options opt;
	TAILQ_HEAD(, nsctx) namespaces;
	struct cookiemap by_cookie;	/* the same namespaces */
	struct nsctx *host;
	unsigned int nnamespaces;
	unsigned int nconns[CONN_POOLS];
	struct rmt *rmt;		/* remote-call forwarding, or NULL */
	struct rtnl_all *rtnl_all;	/* every namespace's changes, or NULL */
	struct pm_ratelimit *ratelimit;	/* of UDP replies, or NULL */
	struct event *signals[2];
	struct event *alive_ev;		/* the watchdog's timer, or NULL */
	struct event *state_retry_ev;	/* rewrites state files, or NULL */
	bool state_failing;		/* a state file is behind */
	struct journal journal;
	struct ipc_limits limits;	/* the broker's descriptor budget */
	struct event *broker_ev;	/* messages from the broker */
	int broker_fd;
	uint32_t seq;			/* of our last request */
	DIR *fd_dir;			/* /proc/self/fd, or NULL */
	time_t started;
};

/* Log prefix for namespace-scoped messages. */
#define NS_FMT		"ns '%s' (cookie %llu): "
#define NS_ARGS(ns)	(ns)->label, (unsigned long long)(ns)->cookie

/* Set up the event base, table, signals and the channel to the broker
 * for @d->opt.  0 or -errno. */
int daemon_init(struct daemon *d, int broker_fd);

/* Serve until the broker says stop or goes away. */
void daemon_run(struct daemon *d);

/* Write the state, close everything, free @d's members. */
void daemon_done(struct daemon *d);

#endif
