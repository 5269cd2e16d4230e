/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * listen.h - a namespace's endpoints in the engine: the sockets the
 * broker made, each watched by the loop.
 */
#ifndef RPCBINDNS_LISTEN_H
#define RPCBINDNS_LISTEN_H

#include <stdbool.h>
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

/* Does @ns serve @netid? */
bool listen_has(const struct nsctx *ns, const char *netid);

/* Stop serving every endpoint of @ns. */
void listen_close(struct nsctx *ns);

#endif
