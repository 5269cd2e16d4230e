/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sockets.h - the broker makes a namespace's endpoints: it creates and
 * binds every socket, in the namespace the calling thread is in, and
 * hands them to the engine.
 */
#ifndef RPCBINDNS_SOCKETS_H
#define RPCBINDNS_SOCKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

#include "ipc.h"
#include "options.h"

struct sockets_netids {
	bool udp, tcp, udp6, tcp6;
};

struct sockets_spec {
	struct sockets_netids netids;
	const char *const *hosts;	/* -h addresses, or NULL: wildcard */
	size_t n_hosts;
	const char *path;		/* filesystem socket, or NULL */
	const int *inherited;		/* systemd socket activation fds */
	size_t n_inherited;
};

struct bsock {
	struct ipc_endpoint ep;		/* what the engine is told */
	int fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
					/* filesystem socket to unlink, or "" */
};

/* A namespace's endpoints, in the order they were opened. */
struct bsocks {
	struct bsock *v;
	size_t n, cap;
};

/* The IP netids /etc/netconfig makes visible (all if it is missing). */
void sockets_read_netconfig(struct sockets_netids *ret);

/*
 * Open the endpoints @spec asks for, in the current network namespace:
 * adopted inherited sockets first, else new ones.  On failure nothing is
 * kept.  0, -EADDRINUSE (another portmapper), -errno.
 */
int sockets_open(struct bsocks *s, const struct sockets_spec *spec);

/* The admin socket at @path: mode 0600, or 0660 and group @gid. */
int sockets_open_admin(struct bsocks *s, const char *path, gid_t gid);

/*
 * Close the IP endpoints @spec no longer wants, open those it newly
 * wants.  Returns the first error; what could be opened stays.
 */
int sockets_reconcile(struct bsocks *s, const struct sockets_spec *spec);

/* Is @id among @s? */
bool sockets_has_id(const struct bsocks *s, uint32_t id);

/* A socket for the namespace's address and link changes (rtnetlink). */
int sockets_open_rtnl(void);

/*
 * The shared rtnetlink socket: the changes of the current namespace and,
 * marked with their NSID, of every namespace that has one in it
 * (NETLINK_LISTEN_ALL_NSID; the kernel checks CAP_NET_BROADCAST of its
 * opener, so it works on in the engine).  A large receive buffer, as a
 * burst from many namespaces must not overrun it.  fd or -errno.
 */
int sockets_open_rtnl_all(void);

/*
 * A virtual server's UDP socket and TCP listener on @sa, port 111, in the
 * current namespace, whose endpoints are @ns: with @mark, tagged @vs_id,
 * appended to @vs.  On failure what was opened of them stays in @vs.
 * 0 or -errno (-EPERM: setting a mark needs CAP_NET_ADMIN).
 */
int sockets_open_vs(struct bsocks *vs, const struct bsocks *ns,
		    const struct sockaddr *sa, socklen_t len, uint32_t mark,
		    uint8_t vs_id);

/* -r: a virtual server's socket of @family to forward its remote calls
 * from, with @mark, tagged @vs_id, appended to @vs.  0 or -errno. */
int sockets_open_vs_rmt(struct bsocks *vs, int family, uint32_t mark,
			uint8_t vs_id);

/* An unbound UDP socket of @family to forward remote calls from. */
int sockets_open_rmt(int family);

/* Close every socket, unlink filesystem sockets. */
void sockets_close(struct bsocks *s);

#endif
