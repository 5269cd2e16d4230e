/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * engine.c - start-up of the engine: no privileges, then the loop.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include "daemon.h"
#include "engine.h"
#include "log.h"
#include "privs.h"
#include "sandbox.h"
#include "sockkind.h"

/*
 * Sanitizer builds always log what the allow-list refuses; so does any
 * engine started with RPCBINDNS_SANDBOX=log, for valgrind, which makes
 * syscalls of its own.  Whoever sets our environment could as well
 * preload a library: the switch gives nothing away.
 */
static enum sandbox_mode sandbox_mode(void)
{
#ifdef SANDBOX_LOG_ONLY
	return SANDBOX_LOG;
#else
	const char *v = getenv("RPCBINDNS_SANDBOX");

	return v && strcmp(v, "log") == 0 ? SANDBOX_LOG : SANDBOX_ENFORCE;
#endif
}

static void enter_sandbox(const struct options *o)
{
	const char *dirs[2] = { o->ns_state_dir, o->state_dir };
	enum sandbox_mode mode = sandbox_mode();
	int abi = 0, r;

	r = sandbox_enter(dirs, o->warm_start ? 2 : 1, mode, &abi);
	if (r < 0 && mode == SANDBOX_ENFORCE)
		fatalx("engine: cannot enter the sandbox: %s", strerror(-r));
	/* valgrind has no seccomp: a debugging run goes on without. */
	if (r < 0)
		log_warnx("engine: no full sandbox (%s), going on as it only "
			  "logs anyway", strerror(-r));
	else if (mode == SANDBOX_LOG)
		log_info("engine: the syscall filter only logs what it "
			 "would refuse");
	if (!abi)
		log_debug("engine: no Landlock in this kernel: the state "
			  "directory's permissions are the only fence");
}

int engine_main(const struct options *o)
{
	struct daemon d = { .opt = *o };
	const char *user = options_user(o);
	pid_t broker = getppid();
	int r;

	/* --engine is no option for people: only the broker's socketpair
	 * may be on IPC_ENGINE_FD. */
	if (!sockkind_is(IPC_ENGINE_FD, AF_UNIX, SOCK_SEQPACKET))
		fatalx("--engine is internal: the broker starts the engine");
	/* The engine never waits for the broker: a broker too busy to
	 * read misses a watchdog message, the service does not stop. */
	fcntl(IPC_ENGINE_FD, F_SETFD, FD_CLOEXEC);
	fcntl(IPC_ENGINE_FD, F_SETFL, O_NONBLOCK);
	r = privs_drop_engine(user);
	if (r == -ENOENT)
		log_warnx("user '%s' does not exist: the engine stays uid 0, "
			  "without capabilities", user);
	else if (r < 0)
		fatalx("engine: cannot drop privileges: %s", strerror(-r));
	/* A broker killed outright takes us along (a clean one says STOP);
	 * set after the drop, which clears it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 ||
	    getppid() != broker)
		fatalx("engine: the broker is gone");
	if (daemon_init(&d, IPC_ENGINE_FD) < 0)
		fatal("engine: cannot set up");
	/* Everything it keeps is open: the loop, /proc/self/fd. */
	enter_sandbox(o);
	d.started = time(NULL);
	log_debug("engine %u: serving", o->engine);
	daemon_run(&d);
	daemon_done(&d);
	return EXIT_SUCCESS;
}
