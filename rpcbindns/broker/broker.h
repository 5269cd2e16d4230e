/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * broker.h - the privileged half of rpcbindns.
 *
 * The broker runs as root with the few capabilities it needs, and never
 * reads a byte from the network or from a client: it finds namespaces,
 * enters them, creates and binds their sockets, and hands copies to the
 * engine, the unprivileged process that serves them.  It keeps its copies
 * so that an engine that died is replaced without anyone noticing but
 * for a pause.
 */
#ifndef RPCBINDNS_BROKER_H
#define RPCBINDNS_BROKER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "cookiemap.h"
#include "ipc.h"
#include "options.h"
#include "sockets.h"

struct event;
struct event_base;
struct nsmgr;
struct bvs;

#define NS_LABEL_MAX		IPC_LABEL_MAX

/* A served namespace, as the broker holds it. */
struct bns {
	TAILQ_ENTRY(bns) entry;
	struct broker *b;
	uint64_t cookie;		/* the netns cookie: its identity */
	ino_t ino;			/* nsfs inode, unique while served */
	char label[NS_LABEL_MAX];	/* for logs: "host", a netns name */
	bool host;			/* the namespace the broker runs in */
	bool seen;			/* found by the current rescan */
	bool pinned;			/* --netns or attached by hand */
	bool denied;			/* the policy no longer admits it */
	unsigned int nfds;		/* descriptors it holds here */
	struct event *pid_exit_ev;	/* held by a process: its pidfd */
	struct bsocks socks;		/* its endpoints */
	int rtnl_fd;			/* its addresses and links, or -1
					 * once sent to dump them only */
	int nsid;			/* IPC_NSID_OWN: none */
	int rmt_fd[2];			/* -r: forwarding, IPv4 and IPv6 */
	struct bvs *vs;			/* its virtual servers (vserv.h) */
};

struct broker {
	struct event_base *base;
	struct options opt;		/* in force */
	struct options cli;		/* from the command line */
	TAILQ_HEAD(, bns) namespaces;
	struct cookiemap by_cookie;	/* the same namespaces */
	struct sockets_netids netids;	/* /etc/netconfig, as of the start
					 * or the last reload */
	struct bns *host;
	unsigned int nnamespaces;
	unsigned int ns_fds;		/* held by all of them */
	unsigned int fds_per_ns;	/* the most one (not the host) holds */
	unsigned int waiting;		/* namespaces over the budget */
	rlim_t fd_limit;		/* RLIMIT_NOFILE's soft limit, as of
					 * broker_read_fd_limit() */
	struct ipc_limits limits_sent;	/* to the engine, for --status */
	int self_netns_fd;		/* to come back after setns() */
	struct nsmgr *nsmgr;
	char **argv;			/* ours: the engine's too */
	char exe[4096];			/* our executable, for the engine */
	struct engine_proc {
		pid_t pid;		/* 0: not running */
		int fd;			/* our end of the socketpair */
		struct event *ev;
		unsigned int starts;	/* how many were started */
		bool synced;		/* has every namespace */
		bool rtnl_all;		/* has the shared rtnl socket */
		bool killed;		/* SIGKILL sent: talk to it no more */
		struct event *restart_ev;
		struct event *stop_ev;	/* SIGKILL if STOP is not heeded */
	} engine;
	struct event *signals[5];
	uint64_t watchdog_usec;		/* WatchdogSec=, or 0 */
	bool stopping;
};

/* Log prefix for namespace-scoped messages. */
#define NS_FMT		"ns '%s' (cookie %llu): "
#define NS_ARGS(ns)	(ns)->label, (unsigned long long)(ns)->cookie

/* The event base and the signals.  0 or -errno. */
int broker_init(struct broker *b, char **argv);

/*
 * Serve the broker's own namespace: its endpoints (or socket-activated
 * ones) and the admin socket at @admin_path.  0, -EADDRINUSE (another
 * portmapper runs), -errno.
 */
int broker_attach_host(struct broker *b, const char *admin_path);

/*
 * Serve the namespace of @nsfd (the caller keeps the fd; close it soon:
 * it pins the namespace), labelled @label: enter it, make its sockets,
 * come back (abort() if that fails: nothing may run in a foreign
 * namespace) and hand them to the engine.  Returns 0, -EADDRINUSE
 * (another portmapper owns it: nothing kept), -EEXIST (already served),
 * -errno.  Logs nothing.
 */
int broker_attach_ns(struct broker *b, int nsfd, const char *label,
		     struct bns **ret);

/*
 * Whether the descriptor limit leaves room for one more namespace beyond
 * the reserve (broker_fd_reserve()): the engine holds every namespace's
 * sockets too, and needs room for connections besides.  The limit is the
 * one broker_read_fd_limit() read last.
 */
bool broker_has_room(const struct broker *b);

/* Read the limit before a batch of attaches: an administrator may change
 * it (prlimit) at any time, but not between two namespaces of a batch. */
void broker_read_fd_limit(struct broker *b);

/*
 * The descriptors of the limit @limit that namespaces may not take: the
 * engine's connections (both pools at --max-connections, at most a
 * quarter of the limit) and BROKER_FD_FIXED for files and channels.
 */
#define BROKER_FD_FIXED		64
unsigned long broker_fd_reserve(const struct broker *b, unsigned long limit);

/* @waiting namespaces are over the budget: tell the engine, if news. */
void broker_set_waiting(struct broker *b, unsigned int waiting);

/* Stop serving @ns: the engine forgets it, and its sockets are closed. */
void broker_detach_ns(struct bns *ns);

/* Send the engine a message (ipc_send()); one it does not take in time
 * is hung, and replaced. */
void broker_send(struct broker *b, enum ipc_type type, uint32_t seq,
		 const void *payload, size_t len, const int *fds,
		 size_t nfds);

/*
 * Enter @ns through one of its sockets (SIOCGSKNS): no descriptor of the
 * namespace itself is kept.  For the host, nothing to do.  0 or -errno;
 * after 0, broker_return_home() (unless @ns is the host) before anything
 * else.
 */
int broker_enter_ns(struct bns *ns);

/* Back to the broker's namespace; abort() if that fails: nothing may
 * run on in a foreign namespace. */
void broker_return_home(struct broker *b);

/* The served namespace of @cookie, or NULL. */
struct bns *broker_find(struct broker *b, uint64_t cookie);

/* Start the engine and serve until a stop signal.  Returns the exit
 * status. */
int broker_run(struct broker *b);

/* Close everything, free @b's members. */
void broker_done(struct broker *b);

#endif
