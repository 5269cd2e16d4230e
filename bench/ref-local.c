/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ref-local.c - a trivial registration "portmapper" on /run/rpcbind.sock
 * to measure rpcbindns's churn against: the floor of what answering a
 * call over an AF_LOCAL stream costs on this machine.
 *
 * It accepts connections and answers every record-marked RPC call with a
 * fixed, valid, accepted reply carrying the call's xid and the boolean
 * TRUE (what RPCBIND SET and UNSET return).  It keeps no table and writes
 * nothing down; that is the point.  One epoll_wait per wake-up, one
 * read() per ready connection and one write() of every reply that read
 * brought; runs until killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#define SOCK_PATH	"/run/rpcbind.sock"
#define CONNS_MAX	64
#define IN_CAP		65536
#define CALL_MAX	4096		/* bigger records close the connection */
#define EVENTS		64
#define RPC_REPLY	1
#define REPLY_LEN	(4 + 28)	/* mark, xid reply accepted verf(2) ok TRUE */
#define LAST_FRAG	0x80000000u

struct conn {
	int fd;
	uint8_t in[IN_CAP];
	size_t in_len;
	uint8_t out[IN_CAP / 12 * REPLY_LEN];	/* a call is >= 12 bytes */
};

static struct conn *conns[CONNS_MAX];

static void put32(uint8_t *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, sizeof(v));
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return ntohl(v);
}

/* Appends the reply to a call with @xid at @out; returns its end. */
static uint8_t *put_reply(uint8_t *out, uint32_t xid)
{
	/* reply, accepted, AUTH_NONE verifier, success, TRUE */
	static const uint32_t body[] = { RPC_REPLY, 0, 0, 0, 0, 1 };
	size_t i;

	put32(out, LAST_FRAG | (REPLY_LEN - 4));
	put32(out + 4, xid);
	for (i = 0; i < sizeof(body) / sizeof(body[0]); i++)
		put32(out + 8 + 4 * i, body[i]);
	return out + REPLY_LEN;
}

static int write_all(int fd, const uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads what @c has and answers every whole call; -1: close it. */
static int serve(struct conn *c)
{
	uint8_t *out = c->out;
	size_t off = 0;
	ssize_t n;

	n = read(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len);
	if (n <= 0)
		return n < 0 && errno == EAGAIN ? 0 : -1;
	c->in_len += (size_t)n;
	while (c->in_len - off >= 8) {
		uint32_t mark = get32(c->in + off);
		size_t len = mark & ~LAST_FRAG;

		if (!(mark & LAST_FRAG) || len < 4 || len > CALL_MAX)
			return -1;
		if (c->in_len - off < 4 + len)
			break;
		out = put_reply(out, get32(c->in + off + 4));
		off += 4 + len;
	}
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
	return write_all(c->fd, c->out, (size_t)(out - c->out));
}

static void drop(int ep, struct conn *c)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
}

int main(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct epoll_event ev = { .events = EPOLLIN }, evs[EVENTS];
	int lfd, ep, i, n;

	signal(SIGPIPE, SIG_IGN);
	strcpy(sun.sun_path, SOCK_PATH);
	unlink(SOCK_PATH);
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    chmod(SOCK_PATH, 0666) < 0 || listen(lfd, 128) < 0) {
		perror("ref-local: " SOCK_PATH);
		return 1;
	}
	ep = epoll_create1(EPOLL_CLOEXEC);
	ev.data.ptr = NULL;
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0) {
		perror("ref-local: epoll");
		return 1;
	}
	for (;;) {
		n = epoll_wait(ep, evs, EVENTS, -1);
		for (i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;
			int fd, k;

			if (c) {
				if (serve(c) < 0)
					drop(ep, c);
				continue;
			}
			fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
			if (fd < 0)
				continue;
			for (k = 0; k < CONNS_MAX && conns[k] && conns[k]->fd >= 0; k++)
				;
			if (k == CONNS_MAX || (!conns[k] &&
					       !(conns[k] = malloc(sizeof(*conns[k]))))) {
				close(fd);
				continue;
			}
			conns[k]->fd = fd;
			conns[k]->in_len = 0;
			ev.data.ptr = conns[k];
			if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
				drop(ep, conns[k]);
		}
	}
}
