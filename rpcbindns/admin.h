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
#include "state.h"

#define ADMIN_SOCK_PATH		NS_STATE_DIR "/admin.sock"
#define ADMIN_RECORD_MAX	(256 * 1024 + 4096)

/* Who is calling, from SO_PEERCRED. */
struct admin_peer {
	bool known;
	uid_t uid;
	gid_t gid;
};

/*
 * Answer one admin call @in into @out.  Returns the reply length, or
 * -EBADMSG when @in is not an RPC call (the connection is closed).
 */
int admin_request(struct daemon *d, const struct admin_peer *peer,
		  const void *in, size_t len, void *out, size_t cap);


#endif
