/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netns.h - network namespace handles: open by name, path or pid, check,
 * identify.  Unlike the rest of libportmap this module talks to the
 * kernel; it keeps no state.
 */
#ifndef PM_NETNS_H
#define PM_NETNS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define PM_NETNS_RUN_DIR	"/run/netns"

/* A name iproute2 would accept under /run/netns (its invalid_name()). */
bool pm_netns_name_is_valid(const char *name);

/*
 * Open the network namespace @spec names: "pid:N" (/proc/N/ns/net), an
 * absolute path to an nsfs file, or a name under /run/netns.  Returns an
 * O_RDONLY|O_CLOEXEC fd owned by the caller (it pins the namespace: close
 * it soon), -EINVAL for a malformed spec or a file that is not a network
 * namespace, or -errno from open().  Never blocks: any other file (a
 * FIFO, a device, a directory) is opened O_NONBLOCK and refused unread.
 */
int pm_netns_open(const char *spec);

/* Open @path if it is a network namespace file; as pm_netns_open(). */
int pm_netns_open_path(const char *path);

/* True when @fd is an nsfs file of a network namespace. */
bool pm_netns_is_net(int fd);

/*
 * The namespace's 64-bit id (NS_GET_ID, equal to SO_NETNS_COOKIE of its
 * sockets; never reused while the system runs).  0 or -errno.  Kernels
 * without NS_GET_ID (6.1) take pm_netns_id_by_setns().
 */
int pm_netns_id(int fd, uint64_t *ret);

/*
 * The same id the way that works on every kernel with SO_NETNS_COOKIE
 * (5.14): the calling thread (only it) enters the namespace, makes a
 * socket, reads its cookie, closes it and returns; no process is started.
 * Needs CAP_SYS_ADMIN over both namespaces; whether the way back is
 * allowed is checked before leaving (-EPERM).  Returns 0, -errno, or
 * -ENOTRECOVERABLE when the return failed all the same (only a kernel
 * allocation failure can do that): the thread is then still in @fd's
 * namespace.  A library must not end the process; the caller decides
 * (the daemon never calls this: it reads the cookie of a socket it makes
 * inside anyway).
 */
int pm_netns_id_by_setns(int fd, uint64_t *ret);

/* The SO_NETNS_COOKIE of socket @sock: its namespace's id.  0 or -errno
 * (-EOPNOTSUPP before Linux 5.14). */
int pm_netns_socket_cookie(int sock, uint64_t *ret);

/* The inode of @fd's namespace, a fast "same namespace?" key. */
int pm_netns_inode(int fd, ino_t *ret);

#endif
