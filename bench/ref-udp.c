/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ref-udp.c - a trivial UDP "portmapper" on port 111 to measure
 * rpcbindns against: the floor of what answering a datagram costs.
 *
 * It answers every datagram that looks like an RPC call with a fixed,
 * valid, accepted reply carrying the call's xid: for version 2 (PMAP
 * GETPORT) the port 2049, for versions 3 and 4 (RPCBIND GETADDR) the
 * universal address "127.0.0.1.8.1".  It looks nothing up; that is the
 * point.  Modes:
 *   -m one    one recvmsg and one sendmsg per datagram
 *   -m batch  recvmmsg and sendmmsg in batches of 32, each reply sent
 *             from the address the call arrived at (IP_PKTINFO /
 *             IPV6_PKTINFO), as a server bound to the wildcard must
 * Listens on 0.0.0.0:111 and [::]:111 (v6only); runs until killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define PORT		111
#define BATCH		32
#define BUF_LEN		512
#define CTL_LEN		64
#define RPC_REPLY	1
#define NFS_PORT	2049
#define UADDR		"127.0.0.1.8.1"
#define UADDR_LEN	13		/* strlen(UADDR) */
#define REPLY_V2_LEN	28		/* xid reply accepted verf(2) ok port */
#define REPLY_V34_LEN	(24 + 4 + 16)	/* ... ok len "127.0.0.1.8.1"+pad */

struct msgbuf {
	uint8_t in[BUF_LEN];
	uint8_t out[BUF_LEN];
	union {
		struct sockaddr_in6 sin6;
		struct sockaddr_in sin;
	} peer;
	uint8_t ctl[CTL_LEN];
	struct iovec iov_in, iov_out;
};

static struct msgbuf bufs[BATCH];

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

/* The reply to the call in @in, into @out; its length, or 0 for no call. */
static size_t make_reply(const uint8_t *in, size_t len, uint8_t *out)
{
	uint32_t vers;

	if (len < 24 || get32(in + 4) != 0)
		return 0;
	vers = get32(in + 16);
	memcpy(out, in, 4);		/* xid */
	put32(out + 4, RPC_REPLY);
	put32(out + 8, 0);		/* MSG_ACCEPTED */
	put32(out + 12, 0);		/* verf AUTH_NONE, empty */
	put32(out + 16, 0);
	put32(out + 20, 0);		/* SUCCESS */
	if (vers == 2) {
		put32(out + 24, NFS_PORT);
		return REPLY_V2_LEN;
	}
	put32(out + 24, UADDR_LEN);
	memset(out + 28, 0, 16);
	memcpy(out + 28, UADDR, UADDR_LEN);
	return REPLY_V34_LEN;
}

static int open_socket(int family)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
				     .sin6_port = htons(PORT) };
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(PORT) };
	int fd, on = 1, buf = 1 << 20;

	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (family == AF_INET6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on));
		if (bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) == 0)
			return fd;
	} else {
		setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on));
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0)
			return fd;
	}
	close(fd);
	return -1;
}

/* recvmsg + sendmsg, one datagram at a time (no pktinfo: the kernel
 * picks the source, which on loopback is the address called). */
static void serve_one(int fd)
{
	struct msghdr m;
	ssize_t n;
	size_t len;

	for (;;) {
		memset(&m, 0, sizeof(m));
		bufs[0].iov_in = (struct iovec){ bufs[0].in, BUF_LEN };
		m.msg_name = &bufs[0].peer;
		m.msg_namelen = sizeof(bufs[0].peer);
		m.msg_iov = &bufs[0].iov_in;
		m.msg_iovlen = 1;
		n = recvmsg(fd, &m, 0);
		if (n < 0)
			return;
		len = make_reply(bufs[0].in, (size_t)n, bufs[0].out);
		if (!len)
			continue;
		bufs[0].iov_out = (struct iovec){ bufs[0].out, len };
		m.msg_iov = &bufs[0].iov_out;
		m.msg_control = NULL;
		m.msg_controllen = 0;
		sendmsg(fd, &m, 0);
	}
}

/*
 * The control message to send from the address a call arrived at: the
 * received IP_PKTINFO / IPV6_PKTINFO, with the interface cleared so the
 * route decides.  Rewritten in place; its length, or 0.
 */
static size_t reply_ctl(struct msghdr *m)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo *pi = (void *)CMSG_DATA(c);

			pi->ipi_spec_dst = pi->ipi_addr;
			pi->ipi_ifindex = 0;
			memmove(m->msg_control, c, c->cmsg_len);
			return CMSG_SPACE(sizeof(*pi));
		}
		if (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo *pi = (void *)CMSG_DATA(c);

			pi->ipi6_ifindex = 0;
			memmove(m->msg_control, c, c->cmsg_len);
			return CMSG_SPACE(sizeof(*pi));
		}
	}
	return 0;
}

/* One recvmmsg and one sendmmsg per batch of up to BATCH datagrams. */
static void serve_batch(int fd)
{
	struct mmsghdr in[BATCH], out[BATCH];
	unsigned int i, nout;
	int n;

	for (;;) {
		for (i = 0; i < BATCH; i++) {
			struct msgbuf *b = &bufs[i];

			b->iov_in = (struct iovec){ b->in, BUF_LEN };
			memset(&in[i], 0, sizeof(in[i]));
			in[i].msg_hdr.msg_name = &b->peer;
			in[i].msg_hdr.msg_namelen = sizeof(b->peer);
			in[i].msg_hdr.msg_iov = &b->iov_in;
			in[i].msg_hdr.msg_iovlen = 1;
			in[i].msg_hdr.msg_control = b->ctl;
			in[i].msg_hdr.msg_controllen = CTL_LEN;
		}
		n = recvmmsg(fd, in, BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			return;
		nout = 0;
		for (i = 0; i < (unsigned int)n; i++) {
			struct msgbuf *b = &bufs[i];
			struct msghdr *h = &out[nout].msg_hdr;
			size_t len = make_reply(b->in, in[i].msg_len, b->out);

			if (!len)
				continue;
			b->iov_out = (struct iovec){ b->out, len };
			memset(&out[nout], 0, sizeof(out[nout]));
			*h = in[i].msg_hdr;
			h->msg_iov = &b->iov_out;
			h->msg_controllen = reply_ctl(h);
			if (!h->msg_controllen)
				h->msg_control = NULL;
			h->msg_flags = 0;
			nout++;
		}
		if (nout)
			sendmmsg(fd, out, nout, 0);
	}
}

/* Run as pid 1 of a pid namespace, it must die on SIGTERM by itself. */
static void on_term(int sig)
{
	(void)sig;
	_exit(0);
}

int main(int argc, char **argv)
{
	struct pollfd pfd[2];
	unsigned int i, nfd = 0;
	int batch, fd;

	if (argc != 3 || strcmp(argv[1], "-m") ||
	    (strcmp(argv[2], "one") && strcmp(argv[2], "batch"))) {
		fprintf(stderr, "usage: ref-udp -m one|batch\n");
		return 2;
	}
	batch = !strcmp(argv[2], "batch");
	signal(SIGTERM, on_term);
	fd = open_socket(AF_INET);
	if (fd < 0) {
		perror("ref-udp: 0.0.0.0:111");
		return 1;
	}
	pfd[nfd++] = (struct pollfd){ .fd = fd, .events = POLLIN };
	fd = open_socket(AF_INET6);
	if (fd >= 0)
		pfd[nfd++] = (struct pollfd){ .fd = fd, .events = POLLIN };
	for (;;) {
		if (poll(pfd, nfd, -1) < 0 && errno != EINTR)
			return 1;
		for (i = 0; i < nfd; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			if (batch)
				serve_batch(pfd[i].fd);
			else
				serve_one(pfd[i].fd);
		}
	}
}
