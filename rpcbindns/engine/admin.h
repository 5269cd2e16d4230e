/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * admin.h - the administration interface: an RPC program of our own
 * (libportmap/admin.x) on /run/rpcbindns/admin.sock in the host
 * namespace, for root or the --admin-group, checked on every call.
 */
#ifndef RPCBINDNS_ADMIN_H
#define RPCBINDNS_ADMIN_H

#include <stdbool.h>
#include <sys/types.h>

#include "daemon.h"

#define ADMIN_RECORD_MAX	(256 * 1024 + 4096)

#define ADMIN_PEER_GROUPS_MAX	64

/* Who is calling: SO_PEERCRED and SO_PEERGROUPS. */
struct admin_peer {
	bool known;
	uid_t uid;
	gid_t gid;
	gid_t groups[ADMIN_PEER_GROUPS_MAX];	/* supplementary */
	size_t ngroups;
};

/* Fill @peer from the connected socket @fd. */
void admin_peer_from(int fd, struct admin_peer *peer);

/*
 * Answer one admin call @in into @out.  Returns the reply length, or
 * -EBADMSG when @in is not an RPC call (the connection is closed).
 */
int admin_request(struct daemon *d, const struct admin_peer *peer,
		  const void *in, size_t len, void *out, size_t cap);


#endif
