/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * getport-load.c - UDP PMAP v2 GETPORT load generator for 127.0.0.1:111.
 *
 * Keeps a window of W outstanding GETPORT(100003, 3, tcp) calls on one
 * connected UDP socket, each with its own xid, for D seconds (or until N
 * calls were sent), and prints the throughput and the send-to-reply
 * latency.  A reply counts only if it is an accepted, successful reply
 * carrying the port registered with -s (2049).  Exits 1 when fewer than
 * 99% of the calls were answered, 2 on usage or socket errors.
 *
 * XDR is encoded by hand (RFC 5531, RFC 1833): no libtirpc needed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define PMAP_PORT	111
#define PMAP_PROG	100000
#define PMAP_VERS	2
#define PMAPPROC_SET	1
#define PMAPPROC_GETPORT 3
#define RPC_CALL	0
#define RPC_REPLY	1
#define MSG_ACCEPTED	0
#define ACCEPT_SUCCESS	0
#define IPPROTO_TCP_PM	6

#define NFS_PROG	100003
#define NFS_VERS	3
#define NFS_PORT	2049

#define CALL_WORDS	14		/* header 10 + 4 mapping words */
#define CALL_LEN	(CALL_WORDS * 4)
#define REPLY_MAX	512
#define WINDOW_MAX	1024		/* xid low bits = slot index */
#define SLOT_BITS	10
#define DURATION_MAX	30
#define REQUESTS_DEF	20000000ULL
#define REQUESTS_MAX	100000000ULL
#define LOST_NS		1000000000ULL	/* a call unanswered for 1 s is lost */
#define DRAIN_NS	1000000000ULL
#define HIST_US		1000000		/* 1 us buckets up to the loss timeout */
#define RESV_PORT_LO	600
#define RESV_PORT_HI	1023
#define SET_TRIES	3
#define SET_WAIT_MS	1000
#define POLL_MS		10
#define EXPIRE_NS	100000000ULL	/* look for lost calls every 100 ms */

struct slot {
	uint32_t xid;
	bool busy;
	uint64_t sent_ns;
	uint8_t call[CALL_LEN];
};

struct load {
	int fd;
	unsigned int window;
	uint64_t max_requests;
	uint32_t gen;			/* xid high bits, bumped per send */
	struct slot slots[WINDOW_MAX];
	unsigned int busy;
	uint64_t requests;
	uint64_t replies;
	uint64_t wrong;			/* answered, but not with our port */
	uint64_t lost;
	uint64_t first_ns;
	uint64_t last_reply_ns;
	uint32_t hist[HIST_US + 1];
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, sizeof(v));
	return p + sizeof(v);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return ntohl(v);
}

/* A PMAP v2 call with AUTH_NONE and a struct pmap argument. */
static void encode_call(uint8_t buf[CALL_LEN], uint32_t xid, uint32_t proc,
			uint32_t port)
{
	uint8_t *p = buf;

	p = put32(p, xid);
	p = put32(p, RPC_CALL);
	p = put32(p, 2);		/* rpcvers */
	p = put32(p, PMAP_PROG);
	p = put32(p, PMAP_VERS);
	p = put32(p, proc);
	p = put32(p, 0);		/* cred AUTH_NONE, empty */
	p = put32(p, 0);
	p = put32(p, 0);		/* verf AUTH_NONE, empty */
	p = put32(p, 0);
	p = put32(p, NFS_PROG);
	p = put32(p, NFS_VERS);
	p = put32(p, IPPROTO_TCP_PM);
	put32(p, port);
}

/*
 * Decode an accepted, successful reply whose result is one uint32
 * (GETPORT's port, SET's bool).  Returns 0 and sets *ret_xid and
 * *ret_val, or -EBADMSG.
 */
static int decode_reply(const uint8_t *buf, size_t len, uint32_t *ret_xid,
			uint32_t *ret_val)
{
	size_t off, vlen;

	if (len < 24 || get32(buf + 4) != RPC_REPLY ||
	    get32(buf + 8) != MSG_ACCEPTED)
		return -EBADMSG;
	vlen = get32(buf + 16);
	if (vlen > 400)
		return -EBADMSG;
	off = 20 + ((vlen + 3) & ~(size_t)3);
	if (len < off + 8 || get32(buf + off) != ACCEPT_SUCCESS)
		return -EBADMSG;
	*ret_xid = get32(buf);
	*ret_val = get32(buf + off + 4);
	return 0;
}

static int open_udp(uint16_t local_port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd, r, rcvbuf = 1 << 20;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(local_port);
	if (local_port && bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		goto err_close_fd;
	sin.sin_port = htons(PMAP_PORT);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		goto err_close_fd;
	return fd;

err_close_fd:
	r = -errno;
	close(fd);
	return r;
}

/* A UDP socket on 127.0.0.1 bound to a free privileged port. */
static int open_resv_udp(void)
{
	int port, fd = -EADDRINUSE;

	for (port = RESV_PORT_HI; port >= RESV_PORT_LO; port--) {
		fd = open_udp((uint16_t)port);
		if (fd != -EADDRINUSE)
			return fd;
	}
	return fd;
}

/* Wait up to @ms for one datagram; its length, or -ETIMEDOUT. */
static ssize_t recv_wait(int fd, uint8_t *buf, size_t cap, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&pfd, 1, ms) <= 0)
		return -ETIMEDOUT;
	n = recv(fd, buf, cap, 0);
	return n < 0 ? -errno : n;
}

/*
 * PMAP v2 SET (100003, 3, tcp, 2049) from a privileged port on 127.0.0.1.
 * A FALSE answer (already registered) is only a warning: the run checks
 * the port in every reply anyway.  Returns 0 or -errno.
 */
static int register_nfs(void)
{
	uint8_t call[CALL_LEN], reply[REPLY_MAX];
	uint32_t xid = (uint32_t)now_ns(), rxid, ok;
	int fd, i;
	ssize_t n;

	fd = open_resv_udp();
	if (fd < 0)
		return fd;
	encode_call(call, xid, PMAPPROC_SET, NFS_PORT);
	for (i = 0; i < SET_TRIES; i++) {
		if (send(fd, call, sizeof(call), 0) < 0)
			continue;
		n = recv_wait(fd, reply, sizeof(reply), SET_WAIT_MS);
		if (n < 0 || decode_reply(reply, (size_t)n, &rxid, &ok) < 0 ||
		    rxid != xid)
			continue;
		if (!ok)
			fprintf(stderr, "getport-load: SET answered FALSE "
				"(already registered?), going on\n");
		close(fd);
		return 0;
	}
	close(fd);
	return -ETIMEDOUT;
}

static void record_latency(struct load *l, uint64_t ns)
{
	uint64_t us = ns / 1000;

	l->hist[us > HIST_US ? HIST_US : us]++;
}

static unsigned int percentile_us(const struct load *l, unsigned int pct)
{
	uint64_t want, seen = 0;
	unsigned int us;

	if (!l->replies)
		return 0;
	want = (l->replies * pct + 99) / 100;
	for (us = 0; us <= HIST_US; us++) {
		seen += l->hist[us];
		if (seen >= want)
			return us;
	}
	return HIST_US;
}

/* Send a fresh call from every idle slot, as far as the budget allows. */
static void refill(struct load *l)
{
	struct mmsghdr msgs[WINDOW_MAX];
	struct iovec iov[WINDOW_MAX];
	unsigned int idx[WINDOW_MAX], i, n = 0;
	uint64_t t;
	int sent;

	for (i = 0; i < l->window && l->requests + n < l->max_requests; i++) {
		struct slot *s = &l->slots[i];

		if (s->busy)
			continue;
		s->xid = (++l->gen << SLOT_BITS) | i;
		encode_call(s->call, s->xid, PMAPPROC_GETPORT, 0);
		iov[n] = (struct iovec){ s->call, CALL_LEN };
		memset(&msgs[n], 0, sizeof(msgs[n]));
		msgs[n].msg_hdr.msg_iov = &iov[n];
		msgs[n].msg_hdr.msg_iovlen = 1;
		idx[n++] = i;
	}
	if (!n)
		return;
	t = now_ns();
	sent = sendmmsg(l->fd, msgs, n, MSG_DONTWAIT);
	for (i = 0; sent > 0 && i < (unsigned int)sent; i++) {
		l->slots[idx[i]].busy = true;
		l->slots[idx[i]].sent_ns = t;
	}
	if (sent > 0) {
		l->requests += (uint64_t)sent;
		l->busy += (unsigned int)sent;
	}
}

static void handle_reply(struct load *l, const uint8_t *buf, size_t len,
			 uint64_t t)
{
	uint32_t xid, port;
	struct slot *s;

	if (decode_reply(buf, len, &xid, &port) < 0)
		return;
	s = &l->slots[xid & (WINDOW_MAX - 1)];
	if ((xid & (WINDOW_MAX - 1)) >= l->window || !s->busy ||
	    s->xid != xid)
		return;			/* late, duplicate or foreign */
	s->busy = false;
	l->busy--;
	if (port != NFS_PORT) {
		l->wrong++;
		return;
	}
	l->replies++;
	l->last_reply_ns = t;
	record_latency(l, t - s->sent_ns);
}

/* Drain the socket; returns how many datagrams were read. */
static int receive_all(struct load *l)
{
	static uint8_t bufs[WINDOW_MAX][REPLY_MAX];
	struct mmsghdr msgs[WINDOW_MAX];
	struct iovec iov[WINDOW_MAX];
	unsigned int i;
	int n, total = 0;
	uint64_t t;

	for (i = 0; i < l->window; i++) {
		iov[i] = (struct iovec){ bufs[i], REPLY_MAX };
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	for (;;) {
		n = recvmmsg(l->fd, msgs, l->window, MSG_DONTWAIT, NULL);
		if (n <= 0)
			return total;
		t = now_ns();
		for (i = 0; i < (unsigned int)n; i++)
			handle_reply(l, bufs[i], msgs[i].msg_len, t);
		total += n;
	}
}

/* Give up on calls unanswered for LOST_NS so the window stays full. */
static void expire(struct load *l, uint64_t t)
{
	unsigned int i;

	for (i = 0; i < l->window; i++) {
		struct slot *s = &l->slots[i];

		if (s->busy && t - s->sent_ns >= LOST_NS) {
			s->busy = false;
			l->busy--;
			l->lost++;
		}
	}
}

static void run(struct load *l, unsigned int seconds)
{
	struct pollfd pfd = { .fd = l->fd, .events = POLLIN };
	uint64_t t, end, deadline, checked;
	bool sending = true;

	l->first_ns = now_ns();
	checked = l->first_ns;
	end = l->first_ns + (uint64_t)seconds * 1000000000ULL;
	deadline = end + DRAIN_NS;
	refill(l);
	for (;;) {
		t = now_ns();
		if (sending && (t >= end || l->requests >= l->max_requests))
			sending = false;
		if (!sending && (!l->busy || t >= deadline))
			break;
		if (poll(&pfd, 1, POLL_MS) < 0 && errno != EINTR)
			break;
		receive_all(l);
		if (t - checked >= EXPIRE_NS) {
			expire(l, t);
			checked = t;
		}
		if (sending)
			refill(l);
	}
	l->lost += l->busy;
}

static void report(const struct load *l)
{
	uint64_t span = l->last_reply_ns > l->first_ns ?
			l->last_reply_ns - l->first_ns : 0;
	double sec = (double)span / 1e9;

	printf("requests %llu replies %llu seconds %.3f rate %.0f/s "
	       "p50_us %u p99_us %u\n",
	       (unsigned long long)l->requests,
	       (unsigned long long)l->replies, sec,
	       sec > 0 ? (double)l->replies / sec : 0.0,
	       percentile_us(l, 50), percentile_us(l, 99));
	if (l->wrong || l->lost)
		fprintf(stderr, "getport-load: %llu wrong answers, %llu "
			"lost\n", (unsigned long long)l->wrong,
			(unsigned long long)l->lost);
}

static void usage(void)
{
	fprintf(stderr, "usage: getport-load [-s] [-d seconds] [-w window] "
		"[-n max-requests]\n"
		"  -s  first register 100003/3/tcp at 2049 (PMAP SET from a "
		"privileged port)\n"
		"  -d  run time, 1..%d s (default 10)\n"
		"  -w  outstanding requests, 1..%d (default 32)\n"
		"  -n  stop after this many requests, 1..%llu (default %llu)\n",
		DURATION_MAX, WINDOW_MAX, REQUESTS_MAX, REQUESTS_DEF);
	exit(2);
}

static unsigned long long parse_num(const char *s, unsigned long long lo,
				    unsigned long long hi)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	static struct load l;
	unsigned int seconds = 10;
	bool do_set = false;
	int ch, r;

	l.window = 32;
	l.max_requests = REQUESTS_DEF;
	while ((ch = getopt(argc, argv, "d:n:sw:")) != -1) {
		switch (ch) {
		case 'd':
			seconds = parse_num(optarg, 1, DURATION_MAX);
			break;
		case 'n':
			l.max_requests = parse_num(optarg, 1, REQUESTS_MAX);
			break;
		case 's':
			do_set = true;
			break;
		case 'w':
			l.window = parse_num(optarg, 1, WINDOW_MAX);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (do_set && (r = register_nfs()) < 0) {
		fprintf(stderr, "getport-load: SET: %s\n", strerror(-r));
		return 2;
	}
	l.fd = open_udp(0);
	if (l.fd < 0) {
		fprintf(stderr, "getport-load: socket: %s\n", strerror(-l.fd));
		return 2;
	}
	l.gen = (uint32_t)now_ns();
	run(&l, seconds);
	close(l.fd);
	report(&l);
	return l.replies * 100 >= l.requests * 99 ? 0 : 1;
}
