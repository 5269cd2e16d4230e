/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netns.c - opening and identifying network namespaces.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "netns.h"

/* Linux 6.x; Debian 12's headers predate both. */
#ifndef NS_GET_ID
#define NS_GET_ID	_IOR(0xb7, 13, uint64_t)
#endif
#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE	71
#endif

bool pm_netns_name_is_valid(const char *name)
{
	return name[0] && !strchr(name, '/') && strcmp(name, ".") != 0 &&
	       strcmp(name, "..") != 0 && strlen(name) < NAME_MAX;
}

bool pm_netns_is_net(int fd)
{
	struct statfs sfs;

	/* Only nsfs gets the ioctl: on a device it would mean anything. */
	return fstatfs(fd, &sfs) == 0 && sfs.f_type == NSFS_MAGIC &&
	       ioctl(fd, NS_GET_NSTYPE) == CLONE_NEWNET;
}

int pm_netns_open_path(const char *path)
{
	char self[sizeof("/proc/self/fd/") + 3 * sizeof(int)];
	struct statfs sfs;
	int where, fd, r;

	/* Look before opening: for root, opening a FIFO releases a writer
	 * waiting in it, a device may act; only nsfs files are opened. */
	where = open(path, O_PATH | O_CLOEXEC);
	if (where < 0)
		return -errno;
	if (fstatfs(where, &sfs) < 0 || sfs.f_type != NSFS_MAGIC) {
		close(where);
		return -EINVAL;
	}
	snprintf(self, sizeof(self), "/proc/self/fd/%d", where);
	fd = open(self, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	r = fd < 0 ? -errno : 0;
	close(where);
	if (r < 0)
		return r;
	/* the very file looked at: nsfs, so the ioctl is safe */
	if (ioctl(fd, NS_GET_NSTYPE) != CLONE_NEWNET) {
		close(fd);
		return -EINVAL;
	}
	return fd;
}

static int open_pid(const char *num)
{
	char path[sizeof("/proc//ns/net") + 3 * sizeof(long)];
	char *end;
	long pid;

	errno = 0;
	pid = strtol(num, &end, 10);
	if (errno || end == num || *end || pid <= 0)
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/%ld/ns/net", pid);
	return pm_netns_open_path(path);
}

int pm_netns_open(const char *spec)
{
	char path[PATH_MAX];

	if (strncmp(spec, "pid:", 4) == 0)
		return open_pid(spec + 4);
	if (spec[0] == '/')
		return pm_netns_open_path(spec);
	if (!pm_netns_name_is_valid(spec))
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/%s", PM_NETNS_RUN_DIR, spec);
	return pm_netns_open_path(path);
}

int pm_netns_socket_cookie(int sock, uint64_t *ret)
{
	socklen_t len = sizeof(*ret);
	uint64_t id;

	if (getsockopt(sock, SOL_SOCKET, SO_NETNS_COOKIE, &id, &len) < 0)
		return errno == ENOPROTOOPT ? -EOPNOTSUPP : -errno;
	*ret = id;
	return 0;
}

/* The cookie of a socket made in the current namespace. */
static int here_cookie(uint64_t *ret)
{
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), r;

	if (s < 0)
		return -errno;
	r = pm_netns_socket_cookie(s, ret);
	close(s);	/* a socket pins its namespace */
	return r;
}

int pm_netns_id_by_setns(int fd, uint64_t *ret)
{
	int self, r;
	uint64_t id;

	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return -errno;
	/*
	 * Entering the namespace we are in runs the permission check the
	 * way back will need (CAP_SYS_ADMIN over its owner): a thread that
	 * could get in but not out (a user namespace's root looking at one
	 * of its own) fails here, before it moves.
	 */
	if (setns(self, CLONE_NEWNET) < 0 || setns(fd, CLONE_NEWNET) < 0) {
		r = -errno;
		goto out_close_self;
	}
	r = here_cookie(&id);
	if (setns(self, CLONE_NEWNET) < 0)
		r = -ENOTRECOVERABLE;
	else if (r == 0)
		*ret = id;
out_close_self:
	close(self);
	return r;
}

int pm_netns_id(int fd, uint64_t *ret)
{
	uint64_t id;

	if (ioctl(fd, NS_GET_ID, &id) == 0) {
		*ret = id;
		return 0;
	}
	/* Kernels before NS_GET_ID (Debian 12's 6.1): the same id is the
	 * SO_NETNS_COOKIE of any socket made inside. */
	if (errno != ENOTTY && errno != EINVAL)
		return -errno;
	return pm_netns_id_by_setns(fd, ret);
}

int pm_netns_inode(int fd, ino_t *ret)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	*ret = st.st_ino;
	return 0;
}
