/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * privs.h - running as an unprivileged user with only the capabilities
 * the daemon still needs.
 */
#ifndef RPCBINDNS_PRIVS_H
#define RPCBINDNS_PRIVS_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Become @user (its uid and gid, no supplementary groups), keeping
 * CAP_NET_BIND_SERVICE (port 111 in namespaces attached later),
 * CAP_SYS_ADMIN (setns), CAP_NET_ADMIN (NSIDs) and CAP_SYS_PTRACE
 * (/proc/PID/ns/net) effective, and CAP_DAC_OVERRIDE and CAP_FOWNER
 * permitted only, for removing the socket and lock from a root-owned,
 * sticky /run at exit.  Returns 0, -ENOENT when
 * @user does not exist (nothing changed), or -errno.  Logs nothing.
 */
int privs_drop(const char *user);

/* Make the clean-up capabilities effective, for the exit. */
void privs_raise_for_cleanup(void);

/* The uid and gid of @user; -ENOENT if there is none. */
int privs_lookup(const char *user, uid_t *ret_uid, gid_t *ret_gid);

#endif
