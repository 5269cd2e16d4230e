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
#include "uaddr.h"
#include "udp.h"
#include "vs.h"

/* The ONC RPC group (libtirpc's RPCB_MULTICAST_ADDR): rpc_broadcast()
 * sends its udp6 requests there, on every multicast interface. */
#define RPCB_MULTICAST_ADDR	"ff02::202"

/*
 * The address an IP endpoint is bound to, asked once: a namespace's
 * sockets are attached by the thousand at start, and each question is a
 * system call.  The rest the broker says: it made the socket, or checked
 * one a service manager handed over.
 */
static int learn_bound(struct endpoint *ep)
{
	socklen_t len = sizeof(ep->bound);

	if (getsockname(ep->fd, &ep->bound.sa, &len) < 0)
		return -errno;
	if (ep->bound.sa.sa_family != ep->family)
		return -EPROTO;
	ep->port = ep->family == AF_INET ? ep->bound.sin.sin_port :
		   ep->bound.sin6.sin6_port;
	/* only a wildcard socket hears the group: -h sockets are bound to
	 * unicast addresses */
	ep->multicast = ep->kind == EP_DGRAM && ep->family == AF_INET6 &&
			IN6_IS_ADDR_UNSPECIFIED(&ep->bound.sin6.sin6_addr);
	return 0;
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
	int family, type, r;

	ipc_netid_socket(iep->netid, &family, &type);
	/* VS_SET comes first: a socket of a VS not known is refused */
	if (iep->vs && !vs_find_id(ns, iep->vs)) {
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
	ep->dual = iep->dual;
	ep->fd = fd;
	ep->id = iep->id;
	ep->vs = iep->vs;
	r = family == AF_UNIX ? 0 : learn_bound(ep);
	if (r == 0 && ep->kind == EP_RMT && !ns->d->rmt)
		r = -EPROTO;
	if (r < 0) {
		free(ep);
		close(fd);
		return r;
	}
	cb = ep->kind == EP_DGRAM ? udp_read :
	     ep->kind == EP_RMT ? rmt_read_vs : conn_accept;
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
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = ep->port };
	const struct sockaddr *sa = &ep->bound.sa;
	socklen_t len = ep->family == AF_INET ? sizeof(ep->bound.sin) :
			sizeof(ep->bound.sin6);

	if (ep->family == AF_UNIX) {
		snprintf(buf, size, "%s", sock_path);
		return;
	}
	/* The IPv4 side of a dual-stack endpoint: what an AF_INET socket
	 * bound to the wildcard would say. */
	if (ep->family == AF_INET6 && strcmp(netid, ep->netid) != 0) {
		sa = (const struct sockaddr *)&sin;
		len = sizeof(sin);
	}
	/* inet_ntop() writes "::" for the IPv6 wildcard, as rpcbind does */
	if (pm_uaddr_format(sa, len, buf, size) < 0)
		snprintf(buf, size, "%s", ep->family == AF_INET ?
			 "0.0.0.0.0.111" : "::.0.111");
}
