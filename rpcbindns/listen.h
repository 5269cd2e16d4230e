/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * listen.h - a namespace's endpoints: UDP and TCP on port 111 for IPv4
 * and IPv6 (IPv6-only sockets), the abstract AF_LOCAL socket
 * @/run/rpcbind.sock and, in the host namespace, the filesystem socket.
 */
#ifndef RPCBINDNS_LISTEN_H
#define RPCBINDNS_LISTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "daemon.h"

/* The netids a namespace serves over IP, from /etc/netconfig. */
struct listen_netids {
	bool udp, tcp, udp6, tcp6;
};

struct listen_spec {
	struct listen_netids netids;
	const char *const *hosts;	/* -h addresses, or NULL: wildcard */
	size_t n_hosts;
	const char *path;		/* filesystem socket, or NULL */
	const int *inherited;		/* systemd socket activation fds */
	size_t n_inherited;
};

/* Read /etc/netconfig (libtirpc) into @ret; all four when it has none. */
void listen_read_netconfig(struct listen_netids *ret);

/*
 * Open the endpoints of @ns in the current network namespace (the caller
 * has entered it) and watch them on the daemon's event base.  Inherited
 * fds that match a transport replace our own for it.  When a port-111
 * bind fails with EADDRINUSE another portmapper owns the namespace:
 * nothing is kept and -EADDRINUSE returned.  Any other failure also
 * closes what was opened.  Returns 0 or -errno; logs nothing.
 */
int listen_open(struct nsctx *ns, const struct listen_spec *spec);

/*
 * Bring @ns's IP endpoints in line with @netids (after /etc/netconfig
 * changed): open the newly listed transports, close the ones no longer
 * listed.  Returns 0 or the first -errno.
 */
int listen_reconcile(struct nsctx *ns, const struct listen_spec *spec);

/*
 * Link @ifindex of @ns now has IFF_* @flags (0: it is gone): the udp6
 * wildcard endpoints join the RPC multicast group ff02::202 there when it
 * is a multicast link other than loopback, and leave it otherwise.
 */
void listen_follow_link(struct nsctx *ns, int ifindex, unsigned int flags);

/* Whether @ns has an endpoint for @netid. */
bool listen_has(const struct nsctx *ns, const char *netid);

/*
 * Open the admin socket @path in @ns (the host namespace): mode 0600, or
 * 0660 owned by @gid when @gid is not (gid_t)-1.  Returns 0 or -errno.
 */
int listen_open_admin(struct nsctx *ns, const char *path, gid_t gid);

/* Close every endpoint of @ns (unlinking its filesystem socket). */
void listen_close(struct nsctx *ns);

#endif
