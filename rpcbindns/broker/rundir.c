/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rundir.c - the directories under /run, made by the broker as root.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include "log.h"
#include "privs.h"
#include "rundir.h"

/*
 * Create @dir or take it over, not through a symlink: a directory an
 * older version gave the daemon's user may hold anything, and its mode
 * must not stay writable by that user.
 */
static void make_dir(const char *dir, mode_t mode, uid_t uid, gid_t gid)
{
	int fd;

	if (mkdir(dir, mode) < 0 && errno != EEXIST) {
		log_warn("cannot create '%s', ignoring", dir);
		return;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fchown(fd, uid, gid) < 0 || fchmod(fd, mode) < 0)
		log_warn("cannot set up '%s', ignoring", dir);
	if (fd >= 0)
		close(fd);
}

void rundir_prepare(const struct options *o)
{
	uid_t uid = 0;
	gid_t gid = 0;

	privs_lookup(options_user(o), &uid, &gid);	/* else it is root */
	make_dir(o->state_dir, 0755, uid, gid);
	make_dir(NS_RUN_DIR, 0755, 0, 0);
	make_dir(o->ns_state_dir, 0700, uid, gid);
}
