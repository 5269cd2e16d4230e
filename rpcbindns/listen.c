/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * listen.c - opening and closing a namespace's endpoints.
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
#include <net/if.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netconfig.h>
#include <event2/event.h>

#include "conn.h"
#include "listen.h"
#include "log.h"
#include "rmt.h"
#include "udp.h"

#define ABSTRACT_NAME	RPCBIND_SOCK_PATH	/* @/run/rpcbind.sock */
/* The ONC RPC group (libtirpc's RPCB_MULTICAST_ADDR): rpc_broadcast()
 * sends its udp6 requests there, on every multicast interface. */
#define RPCB_MULTICAST_ADDR	"ff02::202"

void listen_read_netconfig(struct listen_netids *ret)
{
	struct listen_netids n = { 0 };
	struct netconfig *nc;
	void *h = setnetconfig();

	if (!h) {
		*ret = (struct listen_netids){ true, true, true, true };
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

static uint16_t bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return 0;
	if (ss.ss_family == AF_INET)
		return ((struct sockaddr_in *)&ss)->sin_port;
	if (ss.ss_family == AF_INET6)
		return ((struct sockaddr_in6 *)&ss)->sin6_port;
	return 0;
}

static int endpoint_add(struct nsctx *ns, enum endpoint_kind kind,
			const char *netid, int family, int fd,
			const char *path)
{
	struct endpoint *ep = calloc(1, sizeof(*ep));
	event_callback_fn cb = kind == EP_DGRAM ? udp_read : conn_accept;

	if (!ep)
		return -ENOMEM;
	ep->ns = ns;
	ep->kind = kind;
	ep->netid = netid;
	ep->family = family;
	ep->port = bound_port(fd);
	ep->fd = fd;
	if (path)
		strncpy(ep->path, path, sizeof(ep->path) - 1);
	ep->ev = event_new(ns->d->base, fd, EV_READ | EV_PERSIST, cb, ep);
	if (!ep->ev || event_add(ep->ev, NULL) < 0) {
		if (ep->ev)
			event_free(ep->ev);
		free(ep);
		return -ENOMEM;
	}
	TAILQ_INSERT_TAIL(&ns->endpoints, ep, entry);
	return 0;
}

static void endpoint_free(struct nsctx *ns, struct endpoint *ep)
{
	if (ep->kind == EP_DGRAM && ns->d->rmt)
		rmt_forget_endpoint(ns->d->rmt, ep);
	TAILQ_REMOVE(&ns->endpoints, ep, entry);
	event_free(ep->ev);
	if (ep->resume_ev)
		event_free(ep->resume_ev);
	if (ep->path[0])
		unlink(ep->path);
	close(ep->fd);
	free(ep);
}

void listen_close(struct nsctx *ns)
{
	while (!TAILQ_EMPTY(&ns->endpoints))
		endpoint_free(ns, TAILQ_FIRST(&ns->endpoints));
}

/* Options every IP endpoint needs before bind(). */
/* Replies must leave from the address the request came to. */
static int pktinfo_option(int fd, int family, int type)
{
	int on = 1;

	if (type != SOCK_DGRAM)
		return 0;
	if (family == AF_INET &&
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) < 0)
		return -errno;
	if (family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on,
		       sizeof(on)) < 0)
		return -errno;
	return 0;
}

static int ip_options(int fd, int family, int type)
{
	int on = 1;

	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0)
		return -errno;
	if (family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) < 0)
		return -errno;
	return pktinfo_option(fd, family, type);
}

static int ip_socket(const struct sockaddr *sa, socklen_t len, int type)
{
	int fd, r;

	fd = socket(sa->sa_family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	r = ip_options(fd, sa->sa_family, type);
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
	old_umask = umask(~mode & 0777);
	if (bind(fd, (struct sockaddr *)&sun, len) < 0)
		r = -errno;
	umask(old_umask);
	if (r == 0 && listen(fd, SOMAXCONN) < 0)
		r = -errno;
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/* Does inherited @fd serve (@family, @type) on port 111, or, for AF_UNIX,
 * the name @name of @name_len bytes (abstract names start with NUL)? */
static bool fd_serves(int fd, int family, int type, const char *name,
		      size_t name_len)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss), optlen = sizeof(int);
	int domain, socktype;

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &optlen) < 0 ||
	    getsockopt(fd, SOL_SOCKET, SO_TYPE, &socktype, &optlen) < 0 ||
	    domain != family || socktype != type ||
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

/* A service manager's socket may be blocking and lack our options. */
static int prepare_inherited(int fd, int family, int type)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		return -errno;
	return pktinfo_option(fd, family, type);
}

/* Adopt the inherited fds serving this transport; how many there were. */
static int adopt(struct nsctx *ns, const struct listen_spec *spec,
		 const char *netid, int family, int type, const char *name,
		 size_t name_len)
{
	enum endpoint_kind kind = type == SOCK_DGRAM ? EP_DGRAM : EP_STREAM;
	size_t i;
	int n = 0, r;

	for (i = 0; i < spec->n_inherited; i++) {
		int fd = spec->inherited[i];

		if (fd < 0 || !fd_serves(fd, family, type, name, name_len))
			continue;
		r = prepare_inherited(fd, family, type);
		if (r == 0)
			r = endpoint_add(ns, kind, netid, family, fd, NULL);
		if (r < 0)
			return r;
		TAILQ_LAST(&ns->endpoints, endpoint_list)->inherited = true;
		n++;
	}
	return n;
}

static int open_ip(struct nsctx *ns, const char *netid, int type,
		   const struct sockaddr *sa, socklen_t len)
{
	enum endpoint_kind kind = type == SOCK_DGRAM ? EP_DGRAM : EP_STREAM;
	int fd = ip_socket(sa, len, type), r;

	if (fd < 0)
		return fd;
	r = endpoint_add(ns, kind, netid, sa->sa_family, fd, NULL);
	if (r < 0)
		close(fd);
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

/* -h: the given addresses of @family, and loopback, as rpcbind does. */
static int open_hosts(struct nsctx *ns, const struct listen_spec *spec,
		      const char *netid, int family, int type)
{
	const char *loopback = family == AF_INET ? "127.0.0.1" : "::1";
	struct sockaddr_storage ss;
	socklen_t len;
	size_t i;
	int r;

	for (i = 0; i < spec->n_hosts; i++) {
		if (bind_address(family, spec->hosts[i], &ss, &len) < 0)
			continue;	/* an address of the other family */
		r = open_ip(ns, netid, type, (struct sockaddr *)&ss, len);
		if (r < 0)
			return r;
	}
	if (bind_address(family, loopback, &ss, &len) < 0)
		return -EADDRNOTAVAIL;
	return open_ip(ns, netid, type, (struct sockaddr *)&ss, len);
}

static int open_transport(struct nsctx *ns, const struct listen_spec *spec,
			  const char *netid, int family, int type)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int r = adopt(ns, spec, netid, family, type, NULL, 0);

	if (r != 0)
		return r < 0 ? r : 0;
	if (spec->hosts)
		r = open_hosts(ns, spec, netid, family, type);
	else if (bind_address(family, NULL, &ss, &len) == 0)
		r = open_ip(ns, netid, type, (struct sockaddr *)&ss, len);
	/* A kernel without IPv6 serves IPv4 only. */
	return r == -EAFNOSUPPORT ? 0 : r;
}

static int open_local(struct nsctx *ns, const struct listen_spec *spec,
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
	r = adopt(ns, spec, "local", AF_UNIX, SOCK_STREAM, name, name_len);
	if (r != 0)
		return r < 0 ? r : 0;
	/* Anyone may register, like rpcbind's srw-rw-rw- socket. */
	fd = unix_socket(path, 0666);
	if (fd < 0)
		return fd;
	r = endpoint_add(ns, EP_STREAM, "local", AF_UNIX, fd, path);
	if (r < 0)
		close(fd);
	return r;
}

int listen_open(struct nsctx *ns, const struct listen_spec *spec)
{
	const struct listen_netids *n = &spec->netids;
	int r = 0;

	if (n->udp)
		r = open_transport(ns, spec, "udp", AF_INET, SOCK_DGRAM);
	if (r == 0 && n->tcp)
		r = open_transport(ns, spec, "tcp", AF_INET, SOCK_STREAM);
	if (r == 0 && n->udp6)
		r = open_transport(ns, spec, "udp6", AF_INET6, SOCK_DGRAM);
	if (r == 0 && n->tcp6)
		r = open_transport(ns, spec, "tcp6", AF_INET6, SOCK_STREAM);
	if (r == 0)
		r = open_local(ns, spec, NULL);
	if (r == 0 && spec->path)
		r = open_local(ns, spec, spec->path);
	if (r < 0)
		listen_close(ns);
	return r;
}

int listen_open_admin(struct nsctx *ns, const char *path, gid_t gid)
{
	bool group = gid != (gid_t)-1;
	int fd = unix_socket(path, group ? 0660 : 0600), r;

	if (fd < 0)
		return fd;
	if (group && lchown(path, 0, gid) < 0) {
		r = -errno;
		close(fd);
		unlink(path);
		return r;
	}
	r = endpoint_add(ns, EP_ADMIN, "local", AF_UNIX, fd, path);
	if (r < 0) {
		close(fd);
		unlink(path);
	}
	return r;
}

/* Only a wildcard socket hears the group: -h sockets are bound to
 * unicast addresses. */
static bool hears_multicast(const struct endpoint *ep)
{
	struct sockaddr_in6 sin6;
	socklen_t len = sizeof(sin6);

	return ep->kind == EP_DGRAM && ep->family == AF_INET6 &&
	       getsockname(ep->fd, (struct sockaddr *)&sin6, &len) == 0 &&
	       IN6_IS_ADDR_UNSPECIFIED(&sin6.sin6_addr);
}

void listen_follow_link(struct nsctx *ns, int ifindex, unsigned int flags)
{
	static struct log_rate rate;
	bool join = (flags & IFF_MULTICAST) && !(flags & IFF_LOOPBACK);
	struct ipv6_mreq mreq = { .ipv6mr_interface = (unsigned int)ifindex };
	struct endpoint *ep;

	inet_pton(AF_INET6, RPCB_MULTICAST_ADDR, &mreq.ipv6mr_multiaddr);
	TAILQ_FOREACH(ep, &ns->endpoints, entry) {
		if (!hears_multicast(ep) ||
		    setsockopt(ep->fd, IPPROTO_IPV6,
			       join ? IPV6_JOIN_GROUP : IPV6_LEAVE_GROUP,
			       &mreq, sizeof(mreq)) == 0)
			continue;
		/* EADDRINUSE: joined already; EADDRNOTAVAIL: not joined;
		 * ENODEV: no IPv6 on the link (yet). */
		if (errno != EADDRINUSE && errno != EADDRNOTAVAIL &&
		    errno != ENODEV)
			log_warnx_rate(&rate, NS_FMT "%s %s on link %d: %s",
				       NS_ARGS(ns), join ? "join" : "leave",
				       RPCB_MULTICAST_ADDR, ifindex,
				       strerror(errno));
	}
}

bool listen_has(const struct nsctx *ns, const char *netid)
{
	const struct endpoint *ep;

	TAILQ_FOREACH(ep, &ns->endpoints, entry)
		if (strcmp(ep->netid, netid) == 0)
			return true;
	return false;
}

static void close_netid(struct nsctx *ns, const char *netid)
{
	struct endpoint *ep, *next;

	for (ep = TAILQ_FIRST(&ns->endpoints); ep; ep = next) {
		next = TAILQ_NEXT(ep, entry);
		if (strcmp(ep->netid, netid) == 0)
			endpoint_free(ns, ep);
	}
}

int listen_reconcile(struct nsctx *ns, const struct listen_spec *spec)
{
	const struct {
		const char *netid;
		bool wanted;
		int family, type;
	} ts[] = {
		{ "udp", spec->netids.udp, AF_INET, SOCK_DGRAM },
		{ "tcp", spec->netids.tcp, AF_INET, SOCK_STREAM },
		{ "udp6", spec->netids.udp6, AF_INET6, SOCK_DGRAM },
		{ "tcp6", spec->netids.tcp6, AF_INET6, SOCK_STREAM },
	};
	size_t i;
	int r, first = 0;

	for (i = 0; i < sizeof(ts) / sizeof(ts[0]); i++) {
		bool has = listen_has(ns, ts[i].netid);

		if (has && !ts[i].wanted)
			close_netid(ns, ts[i].netid);
		if (has || !ts[i].wanted)
			continue;
		r = open_transport(ns, spec, ts[i].netid, ts[i].family,
				   ts[i].type);
		if (r < 0 && first == 0)
			first = r;
	}
	return first;
}
