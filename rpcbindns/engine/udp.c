/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * udp.c - datagram requests and replies with IP_PKTINFO/IPV6_PKTINFO.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#include "log.h"
#include "policy.h"
#include "ratelimit.h"
#include "rmt.h"
#include "udp.h"
#include "uaddr.h"

#define UDP_BATCH	32	/* datagrams per wakeup */
#define LOOPBACK_IFINDEX 1	/* lo, in every namespace (include/net/flow.h) */

/* struct msghdr has no const members, even for sending. */
static void *unconst(const void *p)
{
	union {
		const void *c;
		void *m;
	} u = { .c = p };

	return u.m;
}

union pktinfo_cmsg {
	char v4[CMSG_SPACE(sizeof(struct in_pktinfo))];
	char v6[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	struct cmsghdr align;
};

/* A request's: IPv4 on a dual-stack socket brings both. */
union pktinfo_cmsgs {
	char both[CMSG_SPACE(sizeof(struct in_pktinfo)) +
		  CMSG_SPACE(sizeof(struct in6_pktinfo))];
	struct cmsghdr align;
};

/*
 * The address to answer from and the arrival interface, from the
 * request's cmsg.  A reply must never leave from a broadcast or multicast
 * address: ipi_spec_dst is a unicast request's destination but, for a
 * broadcast, the receiving interface's address; for an IPv6 multicast,
 * :: lets the kernel pick a unicast source on the arrival interface.
 * IPv4 traffic on a dual-stack socket brings both cmsgs: IPV6_PKTINFO's
 * v4-mapped address is the destination, a broadcast one too, so only
 * IP_PKTINFO's ipi_spec_dst is used; an IP_PKTINFO cmsg answers a
 * v4-mapped peer from it on the AF_INET6 socket as on an AF_INET one.
 */
static void parse_pktinfo(struct msghdr *msg, uint16_t port,
			  struct udp_origin *o)
{
	struct cmsghdr *cm;

	for (cm = CMSG_FIRSTHDR(msg); cm; cm = CMSG_NXTHDR(msg, cm)) {
		if (cm->cmsg_level == IPPROTO_IP &&
		    cm->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;
			struct sockaddr_in *sin = (struct sockaddr_in *)&o->local;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			memset(sin, 0, sizeof(*sin));
			sin->sin_family = AF_INET;
			sin->sin_addr = pi.ipi_spec_dst;
			sin->sin_port = port;
			o->local_len = sizeof(*sin);
			o->ifindex = pi.ipi_ifindex;
		} else if (cm->cmsg_level == IPPROTO_IPV6 &&
			   cm->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;
			struct sockaddr_in6 *sin6 =
				(struct sockaddr_in6 *)&o->local;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			o->ifindex = (int)pi.ipi6_ifindex;
			if (IN6_IS_ADDR_V4MAPPED(&pi.ipi6_addr))
				continue;
			memset(sin6, 0, sizeof(*sin6));
			sin6->sin6_family = AF_INET6;
			if (!IN6_IS_ADDR_MULTICAST(&pi.ipi6_addr))
				sin6->sin6_addr = pi.ipi6_addr;
			sin6->sin6_port = port;
			o->local_len = sizeof(*sin6);
		}
	}
}

/* The peer as the core sees it: an IPv4 one of a dual-stack endpoint is
 * a "udp" caller with a plain IPv4 address, as on an AF_INET socket. */
static void unmap_peer(const struct endpoint *ep, struct udp_origin *o)
{
	const struct sockaddr *peer = (const struct sockaddr *)&o->peer;

	o->netid = pm_addr_netid(ep->netid, peer, o->peer_len);
	/* recvmmsg() kept peer_len within peer: this cannot fail */
	pm_addr_unmap(peer, o->peer_len, &o->caller, &o->caller_len);
}

/* Who sent a datagram to @ep, as far as its origin tells. */
static struct pm_caller caller_of(const struct endpoint *ep,
				  const struct udp_origin *o)
{
	return (struct pm_caller){
		.netid = o->netid,
		.peer = (const struct sockaddr *)&o->caller,
		.peer_len = o->caller_len,
		.local = o->local_len ? (const struct sockaddr *)&o->local :
					NULL,
		.local_len = o->local_len,
		/* a loopback source counts only on loopback */
		.off_loopback = o->ifindex != LOOPBACK_IFINDEX,
		.vs = ep->vs,
	};
}

/* Whether @len more reply bytes may go to @o's peer on @ep: within its
 * source's budget, or local. */
static bool within_budget(const struct endpoint *ep,
			  const struct udp_origin *o, size_t len)
{
	const struct pm_caller c = caller_of(ep, o);
	struct nsctx *ns = ep->ns;
	struct timespec now;
	uint64_t now_ms;

	if (!ns->d->ratelimit || pm_policy_is_local(&c))
		return true;
	clock_gettime(CLOCK_MONOTONIC, &now);
	now_ms = (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
	if (pm_ratelimit_allow(ns->d->ratelimit, ns->cookie, c.peer,
			       c.peer_len, now_ms, len))
		return true;
	ns->rate_limited++;
	return false;
}

/* @msg, with @iov and @control, to answer @o with @len bytes of @buf
 * from the address the request came to; false if @o's source is over its
 * budget. */
static bool prepare_reply(struct endpoint *ep, const void *buf, size_t len,
			  const struct udp_origin *o, struct msghdr *msg,
			  struct iovec *iov, union pktinfo_cmsg *control)
{
	struct cmsghdr *cm;

	if (!within_budget(ep, o, len))
		return false;
	*iov = (struct iovec){ unconst(buf), len };
	*msg = (struct msghdr){
		.msg_name = unconst(&o->peer), .msg_namelen = o->peer_len,
		.msg_iov = iov, .msg_iovlen = 1,
	};
	memset(control, 0, sizeof(*control));
	if (o->local_len && o->local.ss_family == AF_INET) {
		struct in_pktinfo pi = { .ipi_spec_dst =
			((const struct sockaddr_in *)&o->local)->sin_addr };

		msg->msg_control = control->v4;
		msg->msg_controllen = sizeof(control->v4);
		cm = CMSG_FIRSTHDR(msg);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	} else if (o->local_len && o->local.ss_family == AF_INET6) {
		struct in6_pktinfo pi = {
			.ipi6_addr = ((const struct sockaddr_in6 *)&o->local)->
				     sin6_addr,
			.ipi6_ifindex = (unsigned int)o->ifindex };

		msg->msg_control = control->v6;
		msg->msg_controllen = sizeof(control->v6);
		cm = CMSG_FIRSTHDR(msg);
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	}
	return true;
}

static void send_failed(const struct endpoint *ep)
{
	static struct log_rate rate;

	log_warnx_rate(&rate, NS_FMT "reply over %s: %s", NS_ARGS(ep->ns),
		       ep->netid, strerror(errno));
}

void udp_send(struct endpoint *ep, const void *buf, size_t len,
	      const struct udp_origin *o)
{
	union pktinfo_cmsg control;
	struct iovec iov;
	struct msghdr msg;

	if (prepare_reply(ep, buf, len, o, &msg, &iov, &control) &&
	    sendmsg(ep->fd, &msg, MSG_DONTWAIT) < 0)
		send_failed(ep);
}

/* Every reply of a batch, with as few sendmmsg() as the kernel allows: a
 * datagram it refuses is skipped, after a log line. */
static void send_all(struct endpoint *ep, struct mmsghdr *msgs,
		     unsigned int n)
{
	unsigned int done = 0;
	int r;

	while (done < n) {
		r = sendmmsg(ep->fd, msgs + done, n - done, MSG_DONTWAIT);
		if (r > 0) {
			done += (unsigned int)r;
			continue;
		}
		send_failed(ep);
		done++;
	}
}

/* Up to UDP_BATCH datagrams, taken with one recvmmsg(), and their
 * replies, sent with one sendmmsg(). */
struct batch {
	struct mmsghdr msgs[UDP_BATCH];
	struct iovec iov[UDP_BATCH];
	union pktinfo_cmsgs control[UDP_BATCH];
	struct udp_origin origin[UDP_BATCH];
	uint8_t buf[UDP_BATCH][UDP_MSG_MAX];
	struct mmsghdr replies[UDP_BATCH];
	struct iovec reply_iov[UDP_BATCH];
	union pktinfo_cmsg reply_control[UDP_BATCH];
	uint8_t out[UDP_BATCH][UDP_MSG_MAX];
	unsigned int n_replies;
	unsigned int filled;		/* by the last recvmmsg() */
};

/*
 * The headers point into the batch for good: they are set up once, and
 * then only the lengths the kernel changed are reset.  Where a wake-up
 * finds one datagram (one per namespace's socket), this is most of what
 * a batch costs besides the system calls.
 */
static int receive_batch(struct endpoint *ep, struct batch *b)
{
	unsigned int i;
	int n;

	if (!b->msgs[0].msg_hdr.msg_iov) {
		for (i = 0; i < UDP_BATCH; i++) {
			b->iov[i] = (struct iovec){ b->buf[i],
						    sizeof(b->buf[i]) };
			b->msgs[i].msg_hdr = (struct msghdr){
				.msg_name = &b->origin[i].peer,
				.msg_iov = &b->iov[i], .msg_iovlen = 1,
				.msg_control = &b->control[i],
			};
		}
		b->filled = UDP_BATCH;
	}
	for (i = 0; i < b->filled; i++) {
		b->msgs[i].msg_hdr.msg_namelen = sizeof(b->origin[i].peer);
		b->msgs[i].msg_hdr.msg_controllen = sizeof(b->control[i]);
	}
	b->n_replies = 0;
	n = recvmmsg(ep->fd, b->msgs, UDP_BATCH, MSG_DONTWAIT, NULL);
	b->filled = n > 0 ? (unsigned int)n : 0;
	return n;
}

/* The request in @b's datagram @i: its reply joins the batch's; a call
 * to forward goes out now. */
static void handle(struct endpoint *ep, struct batch *b, int i)
{
	static struct pm_rmtcall fwd;
	struct daemon *d = ep->ns->d;
	const struct udp_origin *o = &b->origin[i];
	struct pm_caller c = caller_of(ep, o);
	unsigned int k = b->n_replies;
	int r = d->on->request(ep->ns, &c, b->buf[i], b->msgs[i].msg_len,
			       b->out[k], sizeof(b->out[k]),
			       d->rmt ? &fwd : NULL);

	if (r > 0 && prepare_reply(ep, b->out[k], (size_t)r, o,
				   &b->replies[k].msg_hdr, &b->reply_iov[k],
				   &b->reply_control[k]))
		b->n_replies++;
	else if (r == 0 && d->rmt && fwd.rpcb_vers)
		rmt_forward(d->rmt, ep, &fwd, o);
}

/* A wakeup serves one batch: a busy endpoint waits for the next turn of
 * the loop, and the other namespaces' endpoints get theirs. */
void udp_read(evutil_socket_t fd, short what, void *arg)
{
	static struct batch b;
	struct endpoint *ep = arg;
	int i, n = receive_batch(ep, &b);

	for (i = 0; i < n; i++) {
		struct msghdr *msg = &b.msgs[i].msg_hdr;
		struct udp_origin *o = &b.origin[i];

		o->peer_len = msg->msg_namelen;
		o->local_len = 0;
		o->ifindex = 0;
		/* oversized: not ours to guess at */
		if (msg->msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
			ep->ns->dropped++;
			continue;
		}
		parse_pktinfo(msg, ep->port, o);
		unmap_peer(ep, o);
		handle(ep, &b, i);
	}
	ep->ns->d->on->commit(ep->ns->d);
	send_all(ep, b.replies, b.n_replies);
}
