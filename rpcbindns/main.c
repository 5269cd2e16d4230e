/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * main.c - rpcbindns: command line, start-up and shutdown.
 *
 * The flags are rpcbind's (-a -d -f -h -i -l -s -w -r), so that the
 * daemon can replace it unchanged.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <event2/event.h>

#include "daemon.h"
#include "log.h"
#include "notify.h"
#include "privs.h"
#include "admin.h"
#include "conf.h"
#include "listen.h"
#include "nsmgr.h"
#include "state.h"

#define DEFAULT_MAX_CONNS		1024
#define DEFAULT_MAX_CONNS_PER_NS	128
#define DEFAULT_IDLE_TIMEOUT		120
#define DEFAULT_PARTIAL_TIMEOUT		10
#define DEFAULT_UDP_RATE_LIMIT		32768	/* bytes/s: 3 full DUMPs */
#define STATUS_MAX			128
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
};

static void parse_args(int argc, char **argv, struct options *o)
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
		{ NULL, 0, NULL, 0 },
	};
	int ch;

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

/* One daemon per host: rpcbind's lock, so that neither starts twice. */
static int take_lock(const char *path)
{
	int fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0444);

	if (fd < 0)
		fatal("cannot open '%s'", path);
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			fatalx("another rpcbind or rpcbindns is already "
			       "running ('%s' is locked), exiting", path);
		fatal("cannot lock '%s'", path);
	}
	return fd;
}

static void options_free(struct options *o)
{
	strv_clear(&o->hosts);
	strv_clear(&o->netns);
	strv_clear(&o->netns_allow);
	strv_clear(&o->netns_deny);
}

/* Many namespaces mean many sockets: use every fd we may. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			log_warn("cannot raise the open file limit, ignoring");
	}
}

/* The admin socket, in the host namespace, made while still root. */
static void open_admin(struct daemon *d)
{
	struct group *gr;
	int r;

	d->opt.admin_gid = (gid_t)-1;
	if (d->opt.admin_group) {
		gr = getgrnam(d->opt.admin_group);
		if (!gr)
			fatalx("--admin-group: no group '%s'",
			       d->opt.admin_group);
		d->opt.admin_gid = gr->gr_gid;
	}
	r = listen_open_admin(d->host, ADMIN_SOCK_PATH, d->opt.admin_gid);
	if (r < 0)
		fatalx("cannot open '%s': %s", ADMIN_SOCK_PATH, strerror(-r));
}

static void drop_privileges(const char *user)
{
	int r = privs_drop(user);

	if (r == -ENOENT)
		log_warnx("user '%s' does not exist, staying root", user);
	else if (r < 0)
		fatalx("cannot become user '%s': %s", user, strerror(-r));
}

static void go_background(struct daemon *d)
{
	if (daemon(0, 0) < 0)
		fatal("cannot run in the background");
	if (event_reinit(d->base) < 0)
		fatalx("event_reinit failed");
}

/* Serve every namespace the policy allows, from now on. */
static void start_namespaces(struct daemon *d)
{
	if (d->opt.host_only)
		return;
	d->nsmgr = nsmgr_new(d);
	if (d->nsmgr)
		nsmgr_rescan(d->nsmgr);
}

/* After go_background(): WATCHDOG_PID names the process that pings. */
static void start_watchdog(struct daemon *d)
{
	uint64_t usec;
	int r = daemon_start_watchdog(d, &usec);

	if (r < 0)
		log_warnx("cannot start the watchdog pings: %s, ignoring",
			  strerror(-r));
	else if (r > 0)
		log_info("watchdog: %llu ms, pinging every %llu ms",
			 (unsigned long long)usec / 1000,
			 (unsigned long long)usec / 2000);
}

int main(int argc, char **argv)
{
	struct daemon d = { .cli = {
		.sock_path = RPCBIND_SOCK_PATH,
		.lock_path = RPCBIND_LOCK_PATH,
		.state_dir = RPCBIND_STATE_DIR,
		.ns_state_dir = NS_STATE_DIR,
		.config_path = DEFAULT_CONFIG,
		.max_conns = DEFAULT_MAX_CONNS,
		.max_conns_per_ns = DEFAULT_MAX_CONNS_PER_NS,
		.idle_timeout = DEFAULT_IDLE_TIMEOUT,
		.partial_timeout = DEFAULT_PARTIAL_TIMEOUT,
		.udp_rate_limit = DEFAULT_UDP_RATE_LIMIT,
	} };
	const char *user;
	char status[STATUS_MAX];
	int lock_fd, r;

	parse_args(argc, argv, &d.cli);
	d.opt = d.cli;
	memset(&d.cli.hosts, 0, sizeof(d.cli.hosts));	/* d.opt owns them */
	memset(&d.opt.netns, 0, sizeof(d.opt.netns));
	memset(&d.opt.netns_allow, 0, sizeof(d.opt.netns_allow));
	memset(&d.opt.netns_deny, 0, sizeof(d.opt.netns_deny));
	user = d.opt.daemon_user ? RPCBIND_USER_S : RPCBIND_USER;
	log_init(d.opt.foreground, d.opt.debug);
	log_set_abort(d.opt.abort_on_error && d.opt.debug);
	if (geteuid() != 0)
		fatalx("must run as root");
	if (config_load(&d.opt, &d.cli) < 0)
		fatalx("cannot use '%s'", d.opt.config_path);
	raise_fd_limit();
	lock_fd = take_lock(d.opt.lock_path);
	if (daemon_init(&d) < 0)
		fatal("cannot set up");
	d.started = time(NULL);
	state_prepare(&d, user);
	r = daemon_attach_host(&d);
	if (r == -EADDRINUSE)
		fatalx("port %d or '%s' is in use: another portmapper is "
		       "running", RPCBIND_PORT, d.opt.sock_path);
	if (r < 0)
		fatalx("cannot open the endpoints: %s", strerror(-r));
	open_admin(&d);
	if (!d.opt.foreground)
		go_background(&d);
	drop_privileges(user);
	/* As the user that wrote the files. */
	state_restore_ns(d.host);
	if (d.opt.warm_start)
		state_restore_rpcbind(&d);
	start_namespaces(&d);
	state_prune(&d);
	snprintf(status, sizeof(status), "serving %u namespace(s)",
		 d.nnamespaces);
	log_info("%s", status);
	start_watchdog(&d);
	notify_ready(status);
	event_base_dispatch(d.base);
	privs_raise_for_cleanup();
	daemon_done(&d);
	unlink(d.opt.lock_path);
	close(lock_fd);
	options_free(&d.opt);
	options_free(&d.cli);
	log_info("stopped");
	return EXIT_SUCCESS;
}
