/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * listen.h - a namespace's endpoints in the engine: the sockets the
 * broker made, each watched by the loop.
 */
#ifndef RPCBINDNS_LISTEN_H
#define RPCBINDNS_LISTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "daemon.h"
#include "ipc.h"

/*
 * Serve @fd as the endpoint @ep describes, once it proved to be such a
 * socket.  @fd is taken over (closed on failure).  0 or -errno (-EPROTO:
 * not the socket announced).
 */
int listen_add(struct nsctx *ns, const struct ipc_endpoint *ep, int fd);

/* Stop serving the endpoint of @id, if @ns has it. */
void listen_remove(struct nsctx *ns, uint32_t id);

/* A link came, changed or went (@flags 0): the udp6 wildcard endpoints
 * join or leave the ONC RPC multicast group on it. */
void listen_follow_link(struct nsctx *ns, int ifindex, unsigned int flags);

/* The endpoint of @ns serving @netid (a dual-stack "udp6" one serves
 * "udp" too), not the admin socket; borrowed; NULL if none. */
const struct endpoint *listen_find(const struct nsctx *ns, const char *netid);

/* Does @ns serve @netid? */
bool listen_has(const struct nsctx *ns, const char *netid);

/*
 * The universal address rpcbind registers for @netid served by @ep into
 * @buf of @size bytes: the bound address, @sock_path for "local", and
 * 0.0.0.0 for the IPv4 side of a dual-stack endpoint.
 */
void listen_uaddr(const struct endpoint *ep, const char *netid,
		  const char *sock_path, char *buf, size_t size);

/* Stop serving every endpoint of @ns. */
void listen_close(struct nsctx *ns);

#endif
