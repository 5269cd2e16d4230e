/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * conn.h - stream connections (TCP and AF_LOCAL) with RPC record marking.
 *
 * Each connection belongs to a namespace and to a pool (TCP or AF_LOCAL),
 * capped separately.  Limits: a record may not exceed STREAM_RECORD_MAX;
 * a started record must be finished within the partial timeout of its
 * first byte (slow senders); an idle IP connection is closed after the
 * idle timeout, an idle AF_LOCAL one is kept (the kernel keeps its
 * connection to rpcbind open for the life of its services) but is the
 * first to go when its pool's caps are reached.
 */
#ifndef RPCBINDNS_CONN_H
#define RPCBINDNS_CONN_H

#include <event2/util.h>

#include "daemon.h"

/* Event callback of a listening endpoint (arg: struct endpoint *). */
void conn_accept(evutil_socket_t fd, short what, void *arg);

/* Close every connection of @ns. */
void conn_close_all(struct nsctx *ns);

/* Close @ns's connections accepted on virtual server @vs's listeners:
 * it is gone. */
void conn_close_vs(struct nsctx *ns, uint32_t vs);

#endif
