/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * options.h - the command line, which the broker and the engine both
 * read: the engine is the same program, started with --engine.
 */
#ifndef RPCBINDNS_OPTIONS_H
#define RPCBINDNS_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc.h"
#include "strv.h"

#define RPCBIND_PORT		111
#define RPCBIND_SOCK_PATH	"/run/rpcbind.sock"
#define RPCBIND_LOCK_PATH	"/run/rpcbind.lock"
#define RPCBIND_STATE_DIR	"/run/rpcbind"
#define RPCBIND_USER		"_rpc"
#define RPCBIND_USER_S		"daemon"	/* -s */
#define NS_RUN_DIR		"/run/rpcbindns"
#define NS_STATE_DIR		NS_RUN_DIR "/state"
#define ADMIN_SOCK_PATH		NS_RUN_DIR "/admin.sock"
#define UDP_MSG_MAX		9000	/* rpcbind's RPC_MAXDATASIZE */

/* A virtual server of the config file (rpcbindns.conf(5): vs). */
struct conf_vs {
	char name[IPC_VS_NAME_MAX];
	char *netns;			/* its namespace's spec, NULL: ours */
	uint32_t mark;
	unsigned int n_addrs;
	struct ipc_vs_addr addrs[IPC_VS_ADDRS_MAX];
};

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
	struct conf_vs *vs;		/* virtual servers, config file only */
	size_t n_vs;
	bool host_only;			/* serve our own namespace only */
	const char *admin_group;	/* may use the admin socket, or NULL */
	gid_t admin_gid;		/* its gid, or (gid_t)-1 */
	unsigned int max_conns;		/* all namespaces, per pool */
	unsigned int max_conns_per_ns;	/* per pool */
	unsigned int idle_timeout;	/* s, idle IP connection */
	unsigned int partial_timeout;	/* s, to finish a started record */
	uint32_t udp_rate_limit;	/* reply bytes/s per non-local
					 * source; 0: none */
	int engine;			/* internal --engine=N: we are the
					 * engine the broker started N-th,
					 * from 1; 0: we are the broker */
	uint64_t engine_watchdog_usec;	/* internal: say ALIVE this often */
};

/* Parse the command line into @o, which holds the defaults; exit on
 * --help, --version and errors. */
void options_parse(int argc, char **argv, struct options *o);

/* The user the engine runs as: -s picks rpcbind's other choice. */
const char *options_user(const struct options *o);

/* Free what parsing and the config file allocated. */
void options_free(struct options *o);

/* Free the virtual servers of the config file. */
void options_free_vs(struct options *o);

#endif
