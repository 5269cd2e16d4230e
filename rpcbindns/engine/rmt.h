/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rmt.h - forwarding of CALLIT, BCAST and INDIRECT (-r).
 *
 * The core decides whether a remote call may be forwarded; this module
 * sends it to the target on the loopback address of the request's
 * namespace from a forwarding socket of that namespace, waits for the
 * answer without blocking anything else, and sends the wrapped answer
 * back from the port-111 endpoint the request came to (rpcbind answers
 * from the forwarding port, which connected-UDP clients never see).
 * At most RMT_PENDING_MAX calls are in flight (RMT_PENDING_PER_NS per
 * namespace); the oldest gives way to a new one, as in rpcbind.
 */
#ifndef RPCBINDNS_RMT_H
#define RPCBINDNS_RMT_H

#include "daemon.h"
#include "udp.h"

#define RMT_PENDING_MAX		64
#define RMT_PENDING_PER_NS	16
#define RMT_TIMEOUT_SEC		10

struct rmt *rmt_new(struct daemon *d);
void rmt_free(struct rmt *rmt);		/* NULL is allowed */

/*
 * Forward @ns's calls through @fds, the unbound UDP sockets the broker
 * made in it for IPv4 and IPv6 (-1: none).  They are taken over.
 * Returns 0 or -errno.
 */
int rmt_open_ns(struct rmt *rmt, struct nsctx *ns, const int fds[2]);

/* Close @ns's forwarding sockets and forget its calls in flight. */
void rmt_close_ns(struct rmt *rmt, struct nsctx *ns);

/* Answers on a VS's forwarding socket, the EP_RMT endpoint @arg. */
void rmt_read_vs(evutil_socket_t fd, short what, void *arg);

/* @ep is about to be freed: drop the calls whose answer it would send. */
void rmt_forget_endpoint(struct rmt *rmt, const struct endpoint *ep);

/*
 * Forward @rc, which came to @ep from @o (copied), with a random xid;
 * only the target's address may answer it.
 */
void rmt_forward(struct rmt *rmt, struct endpoint *ep,
		 const struct pm_rmtcall *rc, const struct udp_origin *o);

#endif
