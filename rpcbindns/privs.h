/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * privs.h - the broker keeps the capabilities it needs, the engine none.
 */
#ifndef RPCBINDNS_PRIVS_H
#define RPCBINDNS_PRIVS_H

#include <sys/types.h>

/* The broker, root: keep only the capabilities it needs, effective, and
 * drop the rest from the bounding set.  0 or -errno. */
int privs_limit_broker(void);

/*
 * The engine: become @user with no capabilities at all, and no way to
 * gain any (PR_SET_NO_NEW_PRIVS).  Returns 0, -ENOENT (no such user: it
 * stays uid 0, still without capabilities) or -errno (fatal).
 */
int privs_drop_engine(const char *user);

/* The uid and gid of @user; -ENOENT if there is none. */
int privs_lookup(const char *user, uid_t *ret_uid, gid_t *ret_gid);

#endif
