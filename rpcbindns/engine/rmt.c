/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rmt.c - remote-call forwarding with a bounded table of calls in flight.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <event2/event.h>

#include "log.h"
#include "rmt.h"

struct pending {
	TAILQ_ENTRY(pending) entry;	/* oldest first */
	struct rmt *rmt;
	struct nsctx *ns;
	struct endpoint *ep;		/* where the answer goes out; the
					 * call is dropped before it goes */
	struct udp_origin origin;
	struct sockaddr_storage target;	/* the only valid answerer */
	socklen_t target_len;
	uint32_t xid;			/* ours, towards the target */
	struct event *timer;
	struct pm_rmtcall rc;
};

struct rmt_ns {
	int fd[2];			/* IPv4, IPv6 */
	struct event *ev[2];
	unsigned int npending;
};

#define XID_POOL	64		/* xids per getrandom() */

struct rmt {
	struct daemon *d;
	TAILQ_HEAD(, pending) pending;
	unsigned int npending;
	uint32_t xid_pool[XID_POOL];
	unsigned int xids_left;
};

static void pending_free(struct pending *p)
{
	TAILQ_REMOVE(&p->rmt->pending, p, entry);
	p->rmt->npending--;
	p->ns->rmt->npending--;
	event_free(p->timer);
	free(p);
}

struct rmt *rmt_new(struct daemon *d)
{
	struct rmt *rmt = calloc(1, sizeof(*rmt));

	if (!rmt)
		return NULL;
	rmt->d = d;
	TAILQ_INIT(&rmt->pending);
	return rmt;
}

void rmt_free(struct rmt *rmt)
{
	if (!rmt)
		return;
	while (!TAILQ_EMPTY(&rmt->pending))
		pending_free(TAILQ_FIRST(&rmt->pending));
	free(rmt);
}

static struct pending *find_xid(struct rmt *rmt, uint32_t xid)
{
	struct pending *p;

	TAILQ_FOREACH(p, &rmt->pending, entry)
		if (p->xid == xid)
			return p;
	return NULL;
}

/*
 * An xid no other call in flight uses, unpredictable so that an off-path
 * sender cannot guess it (rpcbind's are time, pid, then sequential).
 * Returns false when the kernel has no randomness to give.
 */
static bool new_xid(struct rmt *rmt, uint32_t *ret)
{
	do {
		if (rmt->xids_left == 0) {
			if (getrandom(rmt->xid_pool, sizeof(rmt->xid_pool),
				      GRND_NONBLOCK) !=
			    (ssize_t)sizeof(rmt->xid_pool))
				return false;
			rmt->xids_left = XID_POOL;
		}
		*ret = rmt->xid_pool[--rmt->xids_left];
	} while (find_xid(rmt, *ret));
	return true;
}

static bool same_address(const struct sockaddr_storage *a,
			 const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *x = (const struct sockaddr_in *)a,
					 *y = (const struct sockaddr_in *)b;

		return x->sin_port == y->sin_port &&
		       x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	const struct sockaddr_in6 *x = (const struct sockaddr_in6 *)a,
				  *y = (const struct sockaddr_in6 *)b;

	return x->sin6_port == y->sin6_port &&
	       IN6_ARE_ADDR_EQUAL(&x->sin6_addr, &y->sin6_addr);
}

static uint32_t get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/* An answer from a target: wrap it and send it to the original caller. */
static void rmt_read(evutil_socket_t fd, short what, void *arg)
{
	struct nsctx *ns = arg;
	static uint8_t in[UDP_MSG_MAX], out[UDP_MSG_MAX];
	struct sockaddr_storage from;
	socklen_t from_len;
	struct pending *p;
	ssize_t n;
	int r;

	for (;;) {
		from_len = sizeof(from);
		n = recvfrom(fd, in, sizeof(in), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &from_len);
		if (n < 0)
			return;
		p = n >= 4 ? find_xid(ns->d->rmt, get32(in)) : NULL;
		/* Only the target may answer: anyone else is a forger. */
		if (!p || p->ns != ns || !same_address(&from, &p->target)) {
			ns->dropped++;
			continue;
		}
		r = pm_rmtcall_encode_reply(&p->rc, in, (size_t)n, out,
					    sizeof(out));
		if (r > 0)
			udp_send(p->ep, out, (size_t)r, &p->origin);
		pending_free(p);
	}
}

void rmt_read_vs(evutil_socket_t fd, short what, void *arg)
{
	const struct endpoint *ep = arg;

	rmt_read(fd, what, ep->ns);
}

/* The socket to forward @ep's call of @family from: its VS's, whose mark
 * it carries, or the namespace's. */
static int forward_fd(const struct endpoint *ep, int family)
{
	const struct endpoint *e;

	if (ep->vs)
		TAILQ_FOREACH(e, &ep->ns->endpoints, entry)
			if (e->kind == EP_RMT && e->vs == ep->vs &&
			    e->family == family)
				return e->fd;
	return ep->ns->rmt ? ep->ns->rmt->fd[family == AF_INET ? 0 : 1] : -1;
}

static void rmt_timeout(evutil_socket_t fd, short what, void *arg)
{
	static uint8_t out[UDP_MSG_MAX];
	struct pending *p = arg;
	int r = pm_rmtcall_encode_timeout(&p->rc, out, sizeof(out));

	if (r > 0)
		udp_send(p->ep, out, (size_t)r, &p->origin);
	pending_free(p);
}

int rmt_open_ns(struct rmt *rmt, struct nsctx *ns, const int fds[2])
{
	struct rmt_ns *rn = calloc(1, sizeof(*rn));
	int i;

	if (!rn) {
		for (i = 0; i < 2; i++)
			if (fds[i] >= 0)
				close(fds[i]);
		return -ENOMEM;
	}
	rn->fd[0] = fds[0];
	rn->fd[1] = fds[1];
	ns->rmt = rn;
	for (i = 0; i < 2; i++) {
		if (rn->fd[i] < 0)
			continue;	/* no IPv6 here: forward IPv4 only */
		rn->ev[i] = event_new(rmt->d->base, rn->fd[i],
				      EV_READ | EV_PERSIST, rmt_read, ns);
		if (!rn->ev[i] || event_add(rn->ev[i], NULL) < 0) {
			rmt_close_ns(rmt, ns);
			return -ENOMEM;
		}
	}
	return 0;
}

void rmt_close_ns(struct rmt *rmt, struct nsctx *ns)
{
	struct rmt_ns *rn = ns->rmt;
	struct pending *p, *next;
	int i;

	if (!rn)
		return;
	for (p = TAILQ_FIRST(&rmt->pending); p; p = next) {
		next = TAILQ_NEXT(p, entry);
		if (p->ns == ns)
			pending_free(p);
	}
	for (i = 0; i < 2; i++) {
		if (rn->ev[i])
			event_free(rn->ev[i]);
		if (rn->fd[i] >= 0)
			close(rn->fd[i]);
	}
	free(rn);
	ns->rmt = NULL;
}

void rmt_forget_endpoint(struct rmt *rmt, const struct endpoint *ep)
{
	struct pending *p, *next;

	for (p = TAILQ_FIRST(&rmt->pending); p; p = next) {
		next = TAILQ_NEXT(p, entry);
		if (p->ep == ep)
			pending_free(p);
	}
}

/* Make room: the oldest call of @ns, or of all, gives way. */
static void make_room(struct rmt *rmt, struct nsctx *ns)
{
	struct pending *p;

	if (ns->rmt->npending >= RMT_PENDING_PER_NS) {
		TAILQ_FOREACH(p, &rmt->pending, entry)
			if (p->ns == ns)
				break;
		pending_free(p);
	} else if (rmt->npending >= RMT_PENDING_MAX) {
		pending_free(TAILQ_FIRST(&rmt->pending));
	}
}

static bool is_duplicate(const struct rmt *rmt, const struct nsctx *ns,
			 const struct pm_rmtcall *rc,
			 const struct udp_origin *o)
{
	const struct pending *p;

	TAILQ_FOREACH(p, &rmt->pending, entry)
		if (p->ns == ns && p->rc.xid == rc->xid &&
		    p->origin.peer_len == o->peer_len &&
		    memcmp(&p->origin.peer, &o->peer, o->peer_len) == 0)
			return true;
	return false;
}

static socklen_t loopback(int family, uint16_t port,
			  struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*sin);
	}
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	sin6->sin6_addr = in6addr_loopback;
	return sizeof(*sin6);
}

void rmt_forward(struct rmt *rmt, struct endpoint *ep,
		 const struct pm_rmtcall *rc, const struct udp_origin *o)
{
	static uint8_t call[UDP_MSG_MAX];
	struct nsctx *ns = ep->ns;
	/* the caller's family: an IPv4 caller of a dual-stack endpoint
	 * reaches the "udp" registration, on 127.0.0.1 */
	int family = o->caller.ss_family, fd = forward_fd(ep, family), len;
	struct timeval tv = { RMT_TIMEOUT_SEC, 0 };
	struct pending *p;
	uint32_t xid;

	if (!ns->rmt || fd < 0 || is_duplicate(rmt, ns, rc, o) ||
	    !new_xid(rmt, &xid))
		return;
	make_room(rmt, ns);
	p = calloc(1, sizeof(*p));
	if (!p)
		return;
	p->timer = evtimer_new(rmt->d->base, rmt_timeout, p);
	if (!p->timer) {
		free(p);
		return;
	}
	p->rmt = rmt;
	p->ns = ns;
	p->ep = ep;
	p->origin = *o;
	p->rc = *rc;
	p->xid = xid;
	p->target_len = loopback(family, rc->port, &p->target);
	TAILQ_INSERT_TAIL(&rmt->pending, p, entry);
	rmt->npending++;
	ns->rmt->npending++;
	evtimer_add(p->timer, &tv);
	len = pm_rmtcall_encode_call(rc, p->xid, call, sizeof(call));
	if (len < 0 || sendto(fd, call, (size_t)len, 0,
			      (struct sockaddr *)&p->target, p->target_len) < 0)
		rmt_timeout(-1, 0, p);
}
