/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * main.c - rpcbindns: start-up and shutdown of the broker, or, with the
 * internal --engine, of the engine it starts.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <event2/event.h>

#include "broker.h"
#include "conf.h"
#include "engine.h"
#include "log.h"
#include "options.h"
#include "privs.h"
#include "rundir.h"

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

/* Many namespaces mean many sockets: use every fd we may.  The engine
 * inherits the limit. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			log_warn("cannot raise the open file limit, ignoring");
	}
}

/* --admin-group as a gid, for the admin socket's owner and the engine's
 * check of its callers. */
static void resolve_admin_group(struct options *o)
{
	struct group *gr;

	if (!o->admin_group)
		return;
	gr = getgrnam(o->admin_group);
	if (!gr)
		fatalx("--admin-group: no group '%s'", o->admin_group);
	o->admin_gid = gr->gr_gid;
}

static void go_background(struct broker *b)
{
	if (daemon(0, 0) < 0)
		fatal("cannot run in the background");
	if (event_reinit(b->base) < 0)
		fatalx("event_reinit failed");
}

static int broker_main(int argc, char **argv, struct options *cli)
{
	struct broker b = { .cli = *cli };
	int lock_fd, r;

	b.opt = b.cli;
	/* b.opt owns the lists */
	memset(&b.cli.hosts, 0, sizeof(b.cli.hosts));
	memset(&b.opt.netns, 0, sizeof(b.opt.netns));
	memset(&b.opt.netns_allow, 0, sizeof(b.opt.netns_allow));
	memset(&b.opt.netns_deny, 0, sizeof(b.opt.netns_deny));
	if (geteuid() != 0)
		fatalx("must run as root");
	if (config_load(&b.opt, &b.cli) < 0)
		fatalx("cannot use '%s'", b.opt.config_path);
	resolve_admin_group(&b.opt);
	r = privs_limit_broker();
	if (r < 0)
		fatalx("cannot limit the capabilities: %s", strerror(-r));
	raise_fd_limit();
	lock_fd = take_lock(b.opt.lock_path);
	if (broker_init(&b, argv) < 0)
		fatal("cannot set up");
	rundir_prepare(&b.opt);
	r = broker_attach_host(&b, ADMIN_SOCK_PATH);
	if (r == -EADDRINUSE)
		fatalx("port %d or '%s' is in use: another portmapper is "
		       "running", RPCBIND_PORT, b.opt.sock_path);
	if (r < 0)
		fatalx("cannot open the endpoints: %s", strerror(-r));
	if (!b.opt.foreground)
		go_background(&b);
	r = broker_run(&b);
	broker_done(&b);
	unlink(b.opt.lock_path);
	close(lock_fd);
	options_free(&b.opt);
	options_free(&b.cli);
	log_info("stopped");
	return r;
}

int main(int argc, char **argv)
{
	struct options o;
	int r;

	options_parse(argc, argv, &o);
	log_init(o.foreground, o.debug);
	log_set_abort(o.abort_on_error && o.debug);
	if (o.engine) {
		resolve_admin_group(&o);
		r = engine_main(&o);
		options_free(&o);
		return r;
	}
	return broker_main(argc, argv, &o);
}
