/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * options.c - rpcbind's flags (-a -d -f -h -i -l -s -w -r), so that the
 * daemon can replace it unchanged, and ours.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "options.h"

#define DEFAULT_MAX_CONNS		1024
#define DEFAULT_MAX_CONNS_PER_NS	128
#define DEFAULT_IDLE_TIMEOUT		120
#define DEFAULT_PARTIAL_TIMEOUT		10
#define DEFAULT_UDP_RATE_LIMIT		32768	/* bytes/s: 3 full DUMPs */
#define DEFAULT_CONFIG			"/etc/rpcbindns.conf"

static void usage(FILE *f)
{
	fprintf(f,
"usage: rpcbindns [-adfilrsw] [-h address]...\n"
"       rpcbindns --help | --version\n"
"\n"
"  -a          with -d, abort on errors\n"
"  -d          debug: log more (repeatable)\n"
"  -f          stay in the foreground, log to standard error\n"
"  -h address  bind UDP and TCP to this address (repeatable); loopback\n"
"              is added\n"
"  -i          insecure: allow SET and UNSET from other hosts\n"
"  -l          log every SET and UNSET\n"
"  -r          forward CALLIT, BCAST and INDIRECT (remote calls)\n"
"  -s          run as user '" RPCBIND_USER_S "' instead of '" RPCBIND_USER "'\n"
"  -w          warm start: restore and keep %s/rpcbind.xdr\n"
"  -v, --version  print the version\n"
"\n"
"  --netns SPEC                also serve this namespace: a name in\n"
"                              /run/netns, a path or pid:N (repeatable)\n"
"  --netns-allow PATTERN       serve only matching namespace names\n"
"  --netns-deny PATTERN        never serve matching namespace names\n"
"  --netns-processes           also serve namespaces only processes hold\n"
"  --host-only                 serve the daemon's own namespace only\n"
"  --config FILE               namespace policy file (%s)\n"
"  --admin-group GROUP         may use the admin socket, besides root\n"
"  --max-connections N         TCP connections in all, and local ones (%d)\n"
"  --max-connections-per-ns N  the same per namespace (%d)\n"
"  --idle-timeout S            close idle TCP connections after S s (%d)\n"
"  --partial-timeout S         close a connection whose record is not\n"
"                              complete S s after its first byte (%d)\n"
"  --udp-rate-limit BYTES      reply bytes per second over UDP to each\n"
"                              non-local source; 0: no limit (%d)\n",
		RPCBIND_STATE_DIR, DEFAULT_CONFIG, DEFAULT_MAX_CONNS,
		DEFAULT_MAX_CONNS_PER_NS,
		DEFAULT_IDLE_TIMEOUT, DEFAULT_PARTIAL_TIMEOUT,
		DEFAULT_UDP_RATE_LIMIT);
}

static void add(struct strv *l, const char *value)
{
	if (strv_add(l, value) < 0)
		fatalx("out of memory");
}

/* @arg as a whole decimal number. */
static bool decimal(const char *arg, unsigned long *ret)
{
	char *end;

	errno = 0;
	*ret = strtoul(arg, &end, 10);
	return !errno && end != arg && !*end;
}

/* A count or a number of seconds from 1 to 1,000,000. */
static unsigned int number(const char *opt, const char *arg)
{
	unsigned long v;

	if (!decimal(arg, &v) || v < 1 || v > 1000000)
		fatalx("%s: '%s' is not a number from 1 to 1000000", opt, arg);
	return (unsigned int)v;
}

/* 0 (off), or enough for the largest reply at least once a second. */
static uint32_t rate_limit(const char *arg)
{
	unsigned long v;

	if (!decimal(arg, &v) || (v && v < UDP_MSG_MAX) || v > 1000000000)
		fatalx("--udp-rate-limit: '%s' is not 0 or a number from %d "
		       "to 1000000000", arg, UDP_MSG_MAX);
	return (uint32_t)v;
}

enum long_only {
	OPT_HELP = 256,
	OPT_MAX_CONNS,
	OPT_MAX_CONNS_PER_NS,
	OPT_IDLE_TIMEOUT,
	OPT_PARTIAL_TIMEOUT,
	OPT_NETNS,
	OPT_NETNS_ALLOW,
	OPT_NETNS_DENY,
	OPT_NETNS_PROCESSES,
	OPT_HOST_ONLY,
	OPT_CONFIG,
	OPT_ADMIN_GROUP,
	OPT_UDP_RATE_LIMIT,
	OPT_ENGINE,
	OPT_ENGINE_WATCHDOG,
};

void options_parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, 'v' },
		{ "max-connections", required_argument, NULL, OPT_MAX_CONNS },
		{ "max-connections-per-ns", required_argument, NULL,
		  OPT_MAX_CONNS_PER_NS },
		{ "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
		{ "partial-timeout", required_argument, NULL,
		  OPT_PARTIAL_TIMEOUT },
		{ "netns", required_argument, NULL, OPT_NETNS },
		{ "netns-allow", required_argument, NULL, OPT_NETNS_ALLOW },
		{ "netns-deny", required_argument, NULL, OPT_NETNS_DENY },
		{ "netns-processes", no_argument, NULL, OPT_NETNS_PROCESSES },
		{ "host-only", no_argument, NULL, OPT_HOST_ONLY },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "admin-group", required_argument, NULL, OPT_ADMIN_GROUP },
		{ "udp-rate-limit", required_argument, NULL,
		  OPT_UDP_RATE_LIMIT },
		/* internal: how the broker starts the engine */
		{ "engine", required_argument, NULL, OPT_ENGINE },
		{ "engine-watchdog", required_argument, NULL,
		  OPT_ENGINE_WATCHDOG },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int ch;

	*o = (struct options){
		.sock_path = RPCBIND_SOCK_PATH,
		.lock_path = RPCBIND_LOCK_PATH,
		.state_dir = RPCBIND_STATE_DIR,
		.ns_state_dir = NS_STATE_DIR,
		.config_path = DEFAULT_CONFIG,
		.admin_gid = (gid_t)-1,
		.max_conns = DEFAULT_MAX_CONNS,
		.max_conns_per_ns = DEFAULT_MAX_CONNS_PER_NS,
		.idle_timeout = DEFAULT_IDLE_TIMEOUT,
		.partial_timeout = DEFAULT_PARTIAL_TIMEOUT,
		.udp_rate_limit = DEFAULT_UDP_RATE_LIMIT,
	};
	while ((ch = getopt_long(argc, argv, "adfh:ilrswv", longopts,
				 NULL)) != -1) {
		switch (ch) {
		case 'a': o->abort_on_error = true; break;
		case 'd': o->debug++; break;
		case 'f': o->foreground = true; break;
		case 'h': add(&o->hosts, optarg); break;
		case 'i': o->insecure = true; break;
		case 'l': o->log_calls = true; break;
		case 'r': o->remote_calls = true; break;
		case 's': o->daemon_user = true; break;
		case 'w': o->warm_start = true; break;
		case 'v':
			printf("rpcbindns %s\n", PACKAGE_VERSION);
			exit(EXIT_SUCCESS);
		case OPT_MAX_CONNS:
			o->max_conns = number("--max-connections", optarg);
			break;
		case OPT_MAX_CONNS_PER_NS:
			o->max_conns_per_ns = number("--max-connections-per-ns",
						     optarg);
			break;
		case OPT_IDLE_TIMEOUT:
			o->idle_timeout = number("--idle-timeout", optarg);
			break;
		case OPT_PARTIAL_TIMEOUT:
			o->partial_timeout = number("--partial-timeout", optarg);
			break;
		case OPT_NETNS: add(&o->netns, optarg); break;
		case OPT_NETNS_ALLOW: add(&o->netns_allow, optarg); break;
		case OPT_NETNS_DENY: add(&o->netns_deny, optarg); break;
		case OPT_NETNS_PROCESSES: o->netns_processes = true; break;
		case OPT_HOST_ONLY: o->host_only = true; break;
		case OPT_CONFIG: o->config_path = optarg; break;
		case OPT_ADMIN_GROUP: o->admin_group = optarg; break;
		case OPT_UDP_RATE_LIMIT:
			o->udp_rate_limit = rate_limit(optarg);
			break;
		case OPT_ENGINE:
			o->engine = (int)number("--engine", optarg);
			break;
		case OPT_ENGINE_WATCHDOG:
			if (!decimal(optarg, &v) || !v)
				fatalx("--engine-watchdog: '%s'", optarg);
			o->engine_watchdog_usec = v;
			break;
		case OPT_HELP:
			usage(stdout);
			exit(EXIT_SUCCESS);
		default:
			usage(stderr);
			exit(EXIT_FAILURE);
		}
	}
	if (optind != argc) {
		usage(stderr);
		exit(EXIT_FAILURE);
	}
}

const char *options_user(const struct options *o)
{
	return o->daemon_user ? RPCBIND_USER_S : RPCBIND_USER;
}

void options_free(struct options *o)
{
	strv_clear(&o->hosts);
	strv_clear(&o->netns);
	strv_clear(&o->netns_allow);
	strv_clear(&o->netns_deny);
	options_free_vs(o);
}

void options_free_vs(struct options *o)
{
	size_t i;

	for (i = 0; i < o->n_vs; i++)
		free(o->vs[i].netns);
	free(o->vs);
	o->vs = NULL;
	o->n_vs = 0;
}
