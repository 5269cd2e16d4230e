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

/* --engine is no option for people: only the broker's socketpair may be
 * on ENGINE_FD. */
static bool is_broker_channel(int fd)
{
	socklen_t len = sizeof(int);
	int domain, type;

	return getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0 &&
	       getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
	       domain == AF_UNIX && type == SOCK_SEQPACKET;
}

int engine_main(const struct options *o)
{
	struct daemon d = { .opt = *o };
	const char *user = options_user(o);
	pid_t broker = getppid();
	int r;

	if (!is_broker_channel(ENGINE_FD))
		fatalx("--engine is internal: the broker starts the engine");
	fcntl(ENGINE_FD, F_SETFD, FD_CLOEXEC);
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
	if (daemon_init(&d, ENGINE_FD) < 0)
		fatal("engine: cannot set up");
	d.started = time(NULL);
	log_debug("engine %u: serving", o->engine);
	daemon_run(&d);
	daemon_done(&d);
	return EXIT_SUCCESS;
}
