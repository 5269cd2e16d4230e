/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * udp.h - datagram endpoints: one request per datagram, the reply sent
 * from the address the request arrived on.
 */
#ifndef RPCBINDNS_UDP_H
#define RPCBINDNS_UDP_H

#include <event2/util.h>
#include <sys/socket.h>

#include "daemon.h"

/*
 * Where a datagram came from and to, to answer it from the same place.
 * On a dual-stack endpoint an IPv4 peer is v4-mapped in @peer, the
 * address to answer, and plain in @caller, the one the core sees.
 */
struct udp_origin {
	struct sockaddr_storage peer;
	socklen_t peer_len;
	struct sockaddr_storage caller;
	socklen_t caller_len;
	const char *netid;		/* the request's: "udp" or "udp6" */
	struct sockaddr_storage local;	/* the reply's source: the request's
					 * unicast destination, else the
					 * interface's address or ::; IPv4
					 * traffic has an AF_INET one */
	socklen_t local_len;		/* 0: unknown */
	int ifindex;			/* arrival interface */
};

/* Event callback of a datagram endpoint (arg: struct endpoint *). */
void udp_read(evutil_socket_t fd, short what, void *arg);

/* Send @buf on @ep to @o's peer, from @o's local address. */
void udp_send(struct endpoint *ep, const void *buf, size_t len,
	      const struct udp_origin *o);

#endif
