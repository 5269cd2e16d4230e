/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sockets.c - creating, binding and adopting a namespace's endpoints.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netconfig.h>

#include "sockets.h"
#include "sockkind.h"

#define ABSTRACT_NAME	RPCBIND_SOCK_PATH	/* @/run/rpcbind.sock */

#ifndef IPV6_FREEBIND
#define IPV6_FREEBIND	78	/* Linux 4.15; older libc headers lack it */
#endif

void sockets_read_netconfig(struct sockets_netids *ret)
{
	struct sockets_netids n = { 0 };
	struct netconfig *nc;
	void *h = setnetconfig();

	if (!h) {
		*ret = (struct sockets_netids){ true, true, true, true };
		return;
	}
	while ((nc = getnetconfig(h)) != NULL) {
		if (!(nc->nc_flag & NC_VISIBLE))
			continue;
		n.udp |= strcmp(nc->nc_netid, "udp") == 0;
		n.tcp |= strcmp(nc->nc_netid, "tcp") == 0;
		n.udp6 |= strcmp(nc->nc_netid, "udp6") == 0;
		n.tcp6 |= strcmp(nc->nc_netid, "tcp6") == 0;
	}
	endnetconfig(h);
	*ret = n;
}

/* Ids only need to be unique while the broker runs. */
static uint32_t next_id = 1;

static int bsock_add(struct bsocks *s, enum ipc_ep_kind kind,
		     enum ipc_netid netid, int fd, bool inherited,
		     const char *path)
{
	struct bsock *b;

	if (s->n == IPC_ENDPOINTS_MAX)
		return -E2BIG;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 8;

		b = realloc(s->v, cap * sizeof(*b));
		if (!b)
			return -ENOMEM;
		s->v = b;
		s->cap = cap;
	}
	b = &s->v[s->n++];
	memset(b, 0, sizeof(*b));
	b->ep.id = next_id++;
	b->ep.kind = (uint8_t)kind;
	b->ep.netid = (uint8_t)netid;
	b->ep.inherited = inherited;
	b->fd = fd;
	if (path)
		strncpy(b->path, path, sizeof(b->path) - 1);
	return 0;
}

static void bsock_close(struct bsock *b)
{
	if (b->path[0])
		unlink(b->path);
	close(b->fd);
}

void sockets_close(struct bsocks *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		bsock_close(&s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Close the endpoints from index @from on: a failed open's partial set. */
static void truncate_to(struct bsocks *s, size_t from)
{
	while (s->n > from)
		bsock_close(&s->v[--s->n]);
}

bool sockets_has_id(const struct bsocks *s, uint32_t id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].ep.id == id)
			return true;
	return false;
}

/* The IPv4 netid of a pair, served too by its dual-stack IPv6 one. */
static enum ipc_netid v4_of(enum ipc_netid netid)
{
	return netid == IPC_NETID_UDP6 ? IPC_NETID_UDP :
	       netid == IPC_NETID_TCP6 ? IPC_NETID_TCP : netid;
}

/* Is @netid served, by its own endpoint or a dual-stack one? */
static bool serves(const struct bsocks *s, enum ipc_netid netid)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct bsock *b = &s->v[i];

		if (b->ep.kind != IPC_EP_ADMIN &&
		    (b->ep.netid == netid ||
		     (b->ep.dual && v4_of(b->ep.netid) == netid)))
			return true;
	}
	return false;
}

static bool has_dual(const struct bsocks *s, enum ipc_netid netid)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].ep.netid == netid && s->v[i].ep.dual)
			return true;
	return false;
}

/*
 * Replies must leave from the address the request came to.  An AF_INET6
 * socket asks for IP_PKTINFO too: if it is dual-stack, its IPv4 requests
 * bring ipi_spec_dst, the interface's address for a broadcast, where
 * IPV6_PKTINFO has the broadcast address itself.
 */
static int pktinfo_option(int fd, int family, int type)
{
	int on = 1;

	if (type != SOCK_DGRAM)
		return 0;
	if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) < 0)
		return -errno;
	if (family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on,
		       sizeof(on)) < 0)
		return -errno;
	return 0;
}

/* Options every IP endpoint needs before bind(); a @dual AF_INET6 one
 * hears IPv4 too. */
static int ip_options(int fd, int family, int type, bool dual)
{
	int on = 1, v6only = !dual;

	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0)
		return -errno;
	if (family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
		       sizeof(v6only)) < 0)
		return -errno;
	return pktinfo_option(fd, family, type);
}

static int ip_socket(const struct sockaddr *sa, socklen_t len, int type,
		     bool dual)
{
	int fd, r;

	fd = socket(sa->sa_family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	r = ip_options(fd, sa->sa_family, type, dual);
	if (r == 0 && bind(fd, sa, len) < 0)
		r = -errno;
	if (r == 0 && type == SOCK_STREAM && listen(fd, SOMAXCONN) < 0)
		r = -errno;
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/* @path NULL: the abstract name, which lives in the network namespace.
 * A filesystem socket is born with @mode: no chmod by path follows. */
static int unix_socket(const char *path, mode_t mode)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	socklen_t len;
	mode_t old_umask;
	int fd, r = 0;

	if (path) {
		strncpy(sun.sun_path, path, sizeof(sun.sun_path) - 1);
		len = (socklen_t)SUN_LEN(&sun);
		unlink(path);
	} else {
		memcpy(sun.sun_path + 1, ABSTRACT_NAME, strlen(ABSTRACT_NAME));
		/* exactly the name, no trailing NUL: what clients connect to */
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
				  strlen(ABSTRACT_NAME));
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* an abstract name has no file to give a mode */
	if (path)
		old_umask = umask(~mode & 0777);
	if (bind(fd, (struct sockaddr *)&sun, len) < 0)
		r = -errno;
	if (path)
		umask(old_umask);
	if (r == 0 && listen(fd, SOMAXCONN) < 0)
		r = -errno;
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

static bool is_listening(int fd)
{
	socklen_t len = sizeof(int);
	int listening = 0;

	return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening,
			  &len) == 0 && listening;
}

/*
 * Does inherited @fd serve (@family, @type) on port 111, or, for AF_UNIX,
 * the name @name of @name_len bytes (abstract names start with NUL)?
 * The engine serves it as it is described: a stream socket must listen.
 */
static bool fd_serves(int fd, int family, int type, const char *name,
		      size_t name_len)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (!sockkind_is(fd, family, type) ||
	    (type == SOCK_STREAM && !is_listening(fd)) ||
	    getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return false;
	if (family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port) ==
		       RPCBIND_PORT;
	if (family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port) ==
		       RPCBIND_PORT;
	return len >= offsetof(struct sockaddr_un, sun_path) + name_len &&
	       memcmp(((struct sockaddr_un *)&ss)->sun_path, name,
		      name_len) == 0;
}

/* Does @fd, an AF_INET6 socket, hear IPv4 too (systemd's
 * BindIPv6Only=both)? */
static bool is_dual_stack(int fd)
{
	socklen_t len = sizeof(int);
	int v6only = 1;

	return getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &len) == 0 &&
	       !v6only;
}

/* A service manager's socket may be blocking and lack our options. */
static int prepare_inherited(int fd, int family, int type)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		return -errno;
	return pktinfo_option(fd, family, type);
}

/* Adopt the inherited fds serving @netid; how many there were. */
static int adopt(struct bsocks *s, const struct sockets_spec *spec,
		 enum ipc_netid netid, const char *name, size_t name_len)
{
	int family, type, n = 0, r;
	size_t i;

	ipc_netid_socket(netid, &family, &type);
	for (i = 0; i < spec->n_inherited; i++) {
		int fd = spec->inherited[i];

		if (fd < 0 || !fd_serves(fd, family, type, name, name_len))
			continue;
		r = prepare_inherited(fd, family, type);
		if (r == 0)
			r = bsock_add(s, type == SOCK_DGRAM ? IPC_EP_DGRAM :
				      IPC_EP_STREAM, netid, fd, true, NULL);
		if (r < 0)
			return r;
		s->v[s->n - 1].ep.dual = family == AF_INET6 && is_dual_stack(fd);
		n++;
	}
	return n;
}

static int open_ip(struct bsocks *s, enum ipc_netid netid,
		   const struct sockaddr *sa, socklen_t len, bool dual)
{
	int family, type, fd, r;

	ipc_netid_socket(netid, &family, &type);
	fd = ip_socket(sa, len, type, dual);
	if (fd < 0)
		return fd;
	r = bsock_add(s, type == SOCK_DGRAM ? IPC_EP_DGRAM : IPC_EP_STREAM,
		      netid, fd, false, NULL);
	if (r < 0)
		close(fd);
	else
		s->v[s->n - 1].ep.dual = dual;
	return r;
}

/* The address to bind: @host (numeric or a name) or the wildcard. */
static int bind_address(int family, const char *host,
			struct sockaddr_storage *ss, socklen_t *len)
{
	struct addrinfo hints = { .ai_family = family,
				  .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
	struct addrinfo *res;

	if (getaddrinfo(host, "111", &hints, &res) != 0)
		return -EADDRNOTAVAIL;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/* Is an endpoint of @netid already bound to @sa (-h given twice, or
 * given the loopback address that is added anyway)? */
static bool bound_to(const struct bsocks *s, enum ipc_netid netid,
		     const struct sockaddr *sa, socklen_t len)
{
	struct sockaddr_storage ss;
	socklen_t ss_len;
	size_t i;

	for (i = 0; i < s->n; i++) {
		ss_len = sizeof(ss);
		if (s->v[i].ep.netid == netid &&
		    getsockname(s->v[i].fd, (struct sockaddr *)&ss,
				&ss_len) == 0 &&
		    ss_len == len && memcmp(&ss, sa, len) == 0)
			return true;
	}
	return false;
}

/* -h: the given addresses of @netid's family, and loopback, as rpcbind
 * does; each once. */
static int open_hosts(struct bsocks *s, const struct sockets_spec *spec,
		      enum ipc_netid netid, int family)
{
	const char *loopback = family == AF_INET ? "127.0.0.1" : "::1";
	struct sockaddr_storage ss;
	socklen_t len;
	size_t i;
	int r;

	for (i = 0; i <= spec->n_hosts; i++) {
		const char *host = i < spec->n_hosts ? spec->hosts[i] :
			loopback;

		if (bind_address(family, host, &ss, &len) < 0) {
			if (host == loopback)
				return -EADDRNOTAVAIL;
			continue;	/* an address of the other family */
		}
		if (bound_to(s, netid, (struct sockaddr *)&ss, len))
			continue;
		r = open_ip(s, netid, (struct sockaddr *)&ss, len, false);
		if (r < 0)
			return r;
	}
	return 0;
}

/* A new socket of @netid, on the wildcard address or -h's. */
static int open_transport(struct bsocks *s, const struct sockets_spec *spec,
			  enum ipc_netid netid)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int family, type, r = 0;

	ipc_netid_socket(netid, &family, &type);
	if (spec->hosts)
		r = open_hosts(s, spec, netid, family);
	else if (bind_address(family, NULL, &ss, &len) == 0)
		r = open_ip(s, netid, (struct sockaddr *)&ss, len, false);
	/* A kernel without IPv6 serves IPv4 only. */
	return r == -EAFNOSUPPORT ? 0 : r;
}

/* One AF_INET6 socket on [::]:111 for both netids of a pair. */
static int open_dual(struct bsocks *s, enum ipc_netid netid6)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
				     .sin6_port = htons(RPCBIND_PORT),
				     .sin6_addr = IN6ADDR_ANY_INIT };

	return open_ip(s, netid6, (struct sockaddr *)&sin6, sizeof(sin6),
		       true);
}

/* The IP netids, in pairs an AF_INET6 socket may serve together. */
static const struct {
	enum ipc_netid v4, v6;
} ip_pairs[] = {
	{ IPC_NETID_UDP, IPC_NETID_UDP6 },
	{ IPC_NETID_TCP, IPC_NETID_TCP6 },
};

static bool wanted(const struct sockets_spec *spec, enum ipc_netid netid)
{
	switch (netid) {
	case IPC_NETID_UDP:
		return spec->netids.udp;
	case IPC_NETID_TCP:
		return spec->netids.tcp;
	case IPC_NETID_UDP6:
		return spec->netids.udp6;
	case IPC_NETID_TCP6:
		return spec->netids.tcp6;
	default:
		return false;
	}
}

static bool missing(const struct bsocks *s, const struct sockets_spec *spec,
		    enum ipc_netid netid)
{
	return wanted(spec, netid) && !serves(s, netid);
}

/*
 * Serve the netids of pair @p that @spec wants and @s lacks: inherited
 * sockets first; then, where both are wanted on the wildcard address, one
 * dual-stack socket (a descriptor less per namespace); else, or if that
 * cannot be (no IPv6 here), a socket each, as rpcbind has.
 */
static int open_pair(struct bsocks *s, const struct sockets_spec *spec,
		     size_t p)
{
	enum ipc_netid v4 = ip_pairs[p].v4, v6 = ip_pairs[p].v6;
	int r4 = 0, r6 = 0;

	if (missing(s, spec, v4))
		r4 = adopt(s, spec, v4, NULL, 0);
	if (r4 >= 0 && missing(s, spec, v6))
		r6 = adopt(s, spec, v6, NULL, 0);
	if (r4 < 0 || r6 < 0)
		return r4 < 0 ? r4 : r6;
	if (!spec->hosts && missing(s, spec, v4) && missing(s, spec, v6) &&
	    open_dual(s, v6) == 0)
		return 0;
	r4 = missing(s, spec, v4) ? open_transport(s, spec, v4) : 0;
	if (r4 == 0 && missing(s, spec, v6))
		r4 = open_transport(s, spec, v6);
	return r4;
}

static int open_local(struct bsocks *s, const struct sockets_spec *spec,
		      const char *path)
{
	char name[sizeof(((struct sockaddr_un *)0)->sun_path)] = "";
	size_t name_len;
	int fd, r;

	if (path) {
		strncpy(name, path, sizeof(name) - 1);
		name_len = strlen(name);
	} else {
		memcpy(name + 1, ABSTRACT_NAME, strlen(ABSTRACT_NAME));
		name_len = 1 + strlen(ABSTRACT_NAME);
	}
	r = adopt(s, spec, IPC_NETID_LOCAL, name, name_len);
	if (r != 0)
		return r < 0 ? r : 0;
	/* Anyone may register, like rpcbind's srw-rw-rw- socket. */
	fd = unix_socket(path, 0666);
	if (fd < 0)
		return fd;
	r = bsock_add(s, IPC_EP_STREAM, IPC_NETID_LOCAL, fd, false, path);
	if (r < 0) {
		close(fd);
		if (path)
			unlink(path);
	}
	return r;
}

int sockets_open(struct bsocks *s, const struct sockets_spec *spec)
{
	size_t i, from = s->n;
	int r = 0;

	for (i = 0; r == 0 && i < sizeof(ip_pairs) / sizeof(ip_pairs[0]); i++)
		r = open_pair(s, spec, i);
	if (r == 0)
		r = open_local(s, spec, NULL);
	if (r == 0 && spec->path)
		r = open_local(s, spec, spec->path);
	if (r < 0)
		truncate_to(s, from);
	return r;
}

int sockets_open_admin(struct bsocks *s, const char *path, gid_t gid)
{
	bool group = gid != (gid_t)-1;
	int fd = unix_socket(path, group ? 0660 : 0600), r;

	if (fd < 0)
		return fd;
	r = group && lchown(path, 0, gid) < 0 ? -errno : 0;
	if (r == 0)
		r = bsock_add(s, IPC_EP_ADMIN, IPC_NETID_LOCAL, fd, false,
			      path);
	if (r < 0) {
		close(fd);
		unlink(path);
	}
	return r;
}

int sockets_open_rtnl(void)
{
	unsigned int groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR |
			      RTMGRP_IPV6_IFADDR;
	struct sockaddr_nl snl = { .nl_family = AF_NETLINK,
				   .nl_groups = groups };
	int fd, r;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&snl, sizeof(snl)) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

#define RTNL_ALL_RCVBUF	(4 << 20)

int sockets_open_rtnl_all(void)
{
	int fd = sockets_open_rtnl(), on = 1, size = RTNL_ALL_RCVBUF, r;

	if (fd < 0)
		return fd;
	if (setsockopt(fd, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID, &on,
		       sizeof(on)) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	/* FORCE passes rmem_max (CAP_NET_ADMIN); the plain one is capped */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
		       sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return fd;
}

/* What a VS socket needs before bind(): beside the wildcard socket of
 * its port (SO_REUSEADDR for UDP; TCP listeners need SO_REUSEPORT on
 * both), bound even while its address is not there yet (freebind), and
 * the VS's mark, which the replies and accepted connections carry. */
static int vs_options(int fd, int family, int type, uint32_t mark)
{
	int on = 1;

	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
	    (type == SOCK_STREAM &&
	     setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) < 0) ||
	    (family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) < 0) ||
	    setsockopt(fd, family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
		       family == AF_INET ? IP_FREEBIND : IPV6_FREEBIND, &on,
		       sizeof(on)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) < 0)
		return -errno;
	return pktinfo_option(fd, family, type);
}

/* The wildcard TCP listeners of @s let a VS's listener bind next to
 * them; a listener bound to an address wins that address's
 * connections. */
static int share_tcp_port(const struct bsocks *s)
{
	int on = 1;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].ep.kind == IPC_EP_STREAM &&
		    s->v[i].ep.netid != IPC_NETID_LOCAL &&
		    setsockopt(s->v[i].fd, SOL_SOCKET, SO_REUSEPORT, &on,
			       sizeof(on)) < 0)
			return -errno;
	return 0;
}

int sockets_open_vs(struct bsocks *vs, const struct bsocks *ns,
		    const struct sockaddr *sa, socklen_t len, uint32_t mark,
		    uint8_t vs_id)
{
	static const int types[2] = { SOCK_DGRAM, SOCK_STREAM };
	int family = sa->sa_family, fd, i, r;
	enum ipc_netid netid;

	r = share_tcp_port(ns);
	for (i = 0; r == 0 && i < 2; i++) {
		netid = family == AF_INET ?
			(i ? IPC_NETID_TCP : IPC_NETID_UDP) :
			(i ? IPC_NETID_TCP6 : IPC_NETID_UDP6);
		fd = socket(family, types[i] | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0)
			return -errno;
		r = vs_options(fd, family, types[i], mark);
		if (r == 0 && bind(fd, sa, len) < 0)
			r = -errno;
		if (r == 0 && types[i] == SOCK_STREAM &&
		    listen(fd, SOMAXCONN) < 0)
			r = -errno;
		if (r == 0)
			r = bsock_add(vs, i ? IPC_EP_STREAM : IPC_EP_DGRAM,
				      netid, fd, false, NULL);
		if (r < 0)
			close(fd);
		else
			vs->v[vs->n - 1].ep.vs = vs_id;
	}
	return r;
}

int sockets_open_rmt(int family)
{
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	return fd < 0 ? -errno : fd;
}

int sockets_open_vs_rmt(struct bsocks *vs, int family, uint32_t mark,
			uint8_t vs_id)
{
	int fd = sockets_open_rmt(family), r = 0;

	if (fd < 0)
		return fd;
	if (setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) < 0)
		r = -errno;
	if (r == 0)
		r = bsock_add(vs, IPC_EP_RMT, family == AF_INET ?
			      IPC_NETID_UDP : IPC_NETID_UDP6, fd, false, NULL);
	if (r < 0) {
		close(fd);
		return r;
	}
	vs->v[vs->n - 1].ep.vs = vs_id;
	return 0;
}

/*
 * A TCP listener keeps its port from a new bind() until the engine's copy
 * closes too, which is later (EP_DEL): one that shut down does not, so a
 * dual-stack listener can give way at once.  Not one a service manager
 * holds: it listens on for it.
 */
static void stop_listening(const struct bsock *b)
{
	if (b->ep.kind == IPC_EP_STREAM && b->ep.netid != IPC_NETID_LOCAL &&
	    !b->ep.inherited)
		shutdown(b->fd, SHUT_RDWR);
}

static void close_netid(struct bsocks *s, enum ipc_netid netid)
{
	size_t i = 0;

	while (i < s->n) {
		if (s->v[i].ep.netid != netid) {
			i++;
			continue;
		}
		stop_listening(&s->v[i]);
		bsock_close(&s->v[i]);
		memmove(&s->v[i], &s->v[i + 1],
			(s->n - i - 1) * sizeof(s->v[0]));
		s->n--;
	}
}

int sockets_reconcile(struct bsocks *s, const struct sockets_spec *spec)
{
	static const enum ipc_netid ip_netids[] = {
		IPC_NETID_UDP, IPC_NETID_TCP, IPC_NETID_UDP6, IPC_NETID_TCP6,
	};
	size_t i;
	int r, first = 0;

	/* A dual-stack socket one of whose netids goes gives way to a
	 * socket for the other. */
	for (i = 0; i < sizeof(ip_pairs) / sizeof(ip_pairs[0]); i++)
		if (has_dual(s, ip_pairs[i].v6) &&
		    !(wanted(spec, ip_pairs[i].v4) &&
		      wanted(spec, ip_pairs[i].v6)))
			close_netid(s, ip_pairs[i].v6);
	for (i = 0; i < sizeof(ip_netids) / sizeof(ip_netids[0]); i++)
		if (!wanted(spec, ip_netids[i]))
			close_netid(s, ip_netids[i]);
	for (i = 0; i < sizeof(ip_pairs) / sizeof(ip_pairs[0]); i++) {
		r = open_pair(s, spec, i);
		if (r < 0 && first == 0)
			first = r;
	}
	return first;
}
