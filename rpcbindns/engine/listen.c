/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * listen.c - a namespace's endpoints in the engine.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <event2/event.h>

#include "conn.h"
#include "listen.h"
#include "log.h"
#include "rmt.h"
#include "sockkind.h"
#include "uaddr.h"
#include "udp.h"
#include "vs.h"

/* The ONC RPC group (libtirpc's RPCB_MULTICAST_ADDR): rpc_broadcast()
 * sends its udp6 requests there, on every multicast interface. */
#define RPCB_MULTICAST_ADDR	"ff02::202"

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

/* The broker is trusted no more than it must be: a socket of another
 * kind than announced would be served by the wrong code. */
static bool is_socket(int fd, int family, int type)
{
	socklen_t len = sizeof(int);
	int listening = 0;

	if (!sockkind_is(fd, family, type))
		return false;
	return type == SOCK_DGRAM ||
	       (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening,
			   &len) == 0 && listening);
}

/* An AF_INET6 socket with IPV6_V6ONLY off hears IPv4 too.  The kernel
 * says so, whatever the broker or a service manager meant. */
static bool is_dual_stack(int fd, int family)
{
	socklen_t len = sizeof(int);
	int v6only = 1;

	return family == AF_INET6 &&
	       getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &len) == 0 &&
	       !v6only;
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

int listen_add(struct nsctx *ns, const struct ipc_endpoint *iep, int fd)
{
	static const enum endpoint_kind kinds[] = {
		[IPC_EP_DGRAM] = EP_DGRAM,
		[IPC_EP_STREAM] = EP_STREAM,
		[IPC_EP_ADMIN] = EP_ADMIN,
		[IPC_EP_RMT] = EP_RMT,
	};
	struct endpoint *ep;
	event_callback_fn cb;
	int family, type;

	ipc_netid_socket(iep->netid, &family, &type);
	/* VS_SET comes first: a socket of a VS not known is refused */
	if (!is_socket(fd, family, type) ||
	    (iep->vs && !vs_find_id(ns, iep->vs))) {
		close(fd);
		return -EPROTO;
	}
	ep = calloc(1, sizeof(*ep));
	if (!ep) {
		close(fd);
		return -ENOMEM;
	}
	ep->ns = ns;
	ep->kind = kinds[iep->kind];
	ep->netid = ipc_netid_name(iep->netid);
	ep->family = family;
	ep->dual = is_dual_stack(fd, family);
	ep->port = bound_port(fd);
	ep->fd = fd;
	ep->id = iep->id;
	ep->vs = iep->vs;
	ep->multicast = hears_multicast(ep);
	cb = ep->kind == EP_DGRAM ? udp_read :
	     ep->kind == EP_RMT ? rmt_read_vs : conn_accept;
	if (ep->kind == EP_RMT && !ns->d->rmt) {
		free(ep);
		close(fd);
		return -EPROTO;
	}
	ep->ev = event_new(ns->d->base, fd, EV_READ | EV_PERSIST, cb, ep);
	if (!ep->ev || event_add(ep->ev, NULL) < 0) {
		if (ep->ev)
			event_free(ep->ev);
		free(ep);
		close(fd);
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
	close(ep->fd);
	free(ep);
}

void listen_close(struct nsctx *ns)
{
	while (!TAILQ_EMPTY(&ns->endpoints))
		endpoint_free(ns, TAILQ_FIRST(&ns->endpoints));
}

void listen_remove(struct nsctx *ns, uint32_t id)
{
	struct endpoint *ep;

	TAILQ_FOREACH(ep, &ns->endpoints, entry) {
		if (ep->id == id) {
			endpoint_free(ns, ep);
			return;
		}
	}
}

void listen_follow_link(struct nsctx *ns, int ifindex, unsigned int flags)
{
	static struct log_rate rate;
	bool join = flags & IFF_MULTICAST;
	struct ipv6_mreq mreq = { .ipv6mr_interface = (unsigned int)ifindex };
	struct endpoint *ep;

	/* never joined there: nothing to leave (one a namespace, at once) */
	if (flags & IFF_LOOPBACK)
		return;
	inet_pton(AF_INET6, RPCB_MULTICAST_ADDR, &mreq.ipv6mr_multiaddr);
	TAILQ_FOREACH(ep, &ns->endpoints, entry) {
		if (!ep->multicast ||
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

/* The IPv4 netid a dual-stack endpoint of @netid serves too, or NULL. */
static const char *v4_netid(const char *netid)
{
	if (strcmp(netid, "udp6") == 0)
		return "udp";
	if (strcmp(netid, "tcp6") == 0)
		return "tcp";
	return NULL;
}

static bool serves(const struct endpoint *ep, const char *netid)
{
	const char *v4 = ep->dual ? v4_netid(ep->netid) : NULL;

	/* the namespace's own: a VS's sockets are not the portmapper's
	 * addresses of the namespace */
	return (ep->kind == EP_DGRAM || ep->kind == EP_STREAM) && !ep->vs &&
	       (strcmp(ep->netid, netid) == 0 || (v4 && strcmp(v4, netid) == 0));
}

const struct endpoint *listen_find(const struct nsctx *ns, const char *netid)
{
	const struct endpoint *ep;

	TAILQ_FOREACH(ep, &ns->endpoints, entry)
		if (serves(ep, netid))
			return ep;
	return NULL;
}

bool listen_has(const struct nsctx *ns, const char *netid)
{
	return listen_find(ns, netid) != NULL;
}

void listen_uaddr(const struct endpoint *ep, const char *netid,
		  const char *sock_path, char *buf, size_t size)
{
	struct sockaddr_storage ss;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(ss);

	if (ep->family == AF_UNIX) {
		snprintf(buf, size, "%s", sock_path);
		return;
	}
	/* The IPv4 side of a dual-stack endpoint: what an AF_INET socket
	 * bound to the wildcard would say. */
	if (ep->family == AF_INET6 && strcmp(netid, ep->netid) != 0) {
		sin.sin_port = ep->port;
		memcpy(&ss, &sin, sizeof(sin));
		len = sizeof(sin);
	} else if (getsockname(ep->fd, (struct sockaddr *)&ss, &len) < 0) {
		len = 0;
	}
	/* inet_ntop() writes "::" for the IPv6 wildcard, as rpcbind does */
	if (len == 0 ||
	    pm_uaddr_format((struct sockaddr *)&ss, len, buf, size) < 0)
		snprintf(buf, size, "%s", ep->family == AF_INET ?
			 "0.0.0.0.0.111" : "::.0.111");
}
