/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * churn-load.c - registration churn over AF_LOCAL: RPCBIND v3 SET and
 * UNSET on /run/rpcbind.sock.
 *
 * Opens C stream connections; each keeps W calls in flight (record
 * marking, RFC 5531 section 11), one per slot.  A slot owns one program
 * (0x40000000 + conn * 1000 + slot) and alternates SET and UNSET of it, so
 * that every call should answer TRUE; a FALSE answer counts as a failure.
 * After D seconds only the UNSETs still due are sent, so that a following
 * run starts from an empty table.  Prints
 *   requests N replies M seconds S rate R/s p50_us X p99_us Y failures F
 * Exits 1 on failures or unanswered calls, 2 on usage or socket errors.
 * Run it as root: registrations from uid 0 over AF_LOCAL are "superuser"'s.
 *
 * XDR is encoded by hand (RFC 5531, RFC 1833): no libtirpc needed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/un.h>

#define SOCK_PATH	"/run/rpcbind.sock"
#define RPCB_PROG	100000
#define RPCB_VERS	3
#define RPCBPROC_SET	1
#define RPCBPROC_UNSET	2
#define RPC_CALL	0
#define RPC_REPLY	1
#define MSG_ACCEPTED	0
#define ACCEPT_SUCCESS	0
#define LAST_FRAG	0x80000000u

#define PROG_BASE	0x40000000u
#define CONNS_MAX	64
#define WINDOW_MAX	256		/* xid low byte = slot */
#define DURATION_MAX	30
#define CALL_MAX	128
#define REPLY_MAX	512
#define IN_CAP		(4 * REPLY_MAX)
#define OUT_CAP		(WINDOW_MAX * (CALL_MAX + 4))
#define DRAIN_NS	2000000000ULL
#define HIST_US		1000000		/* 1 us buckets up to 1 s */
#define POLL_MS		10

struct slot {
	uint32_t prog;
	uint32_t xid;
	bool busy;
	bool set_next;			/* else UNSET is due */
	uint64_t sent_ns;
};

struct conn {
	int fd;
	uint32_t seq;			/* xid high bits */
	struct slot slots[WINDOW_MAX];
	uint8_t out[OUT_CAP];
	size_t out_len;
	uint8_t in[IN_CAP];		/* raw stream bytes not yet parsed */
	size_t in_len;
	uint8_t msg[REPLY_MAX];		/* the record being reassembled */
	size_t msg_len;
	bool msg_too_long;
};

struct load {
	unsigned int nconns, window;
	struct conn *conns;
	uint64_t requests, replies, failures, bad;
	unsigned int busy;
	uint64_t first_ns, last_reply_ns;
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

static uint8_t *put_string(uint8_t *p, const char *s)
{
	size_t len = strlen(s), pad = (4 - len % 4) % 4;

	p = put32(p, (uint32_t)len);
	memcpy(p, s, len);
	memset(p + len, 0, pad);
	return p + len + pad;
}

/*
 * A record-marked RPCBIND v3 SET or UNSET call with AUTH_NONE:
 * rpcb { prog, 1, "tcp", "127.0.0.1.8.1" (port 2049), "superuser" }.
 * Returns its length.
 */
static size_t encode_call(uint8_t *buf, uint32_t xid, uint32_t proc,
			  uint32_t prog)
{
	uint8_t *p = buf + 4;

	p = put32(p, xid);
	p = put32(p, RPC_CALL);
	p = put32(p, 2);		/* rpcvers */
	p = put32(p, RPCB_PROG);
	p = put32(p, RPCB_VERS);
	p = put32(p, proc);
	p = put32(p, 0);		/* cred AUTH_NONE, empty */
	p = put32(p, 0);
	p = put32(p, 0);		/* verf AUTH_NONE, empty */
	p = put32(p, 0);
	p = put32(p, prog);
	p = put32(p, 1);
	p = put_string(p, "tcp");
	p = put_string(p, "127.0.0.1.8.1");
	p = put_string(p, "superuser");
	put32(buf, LAST_FRAG | (uint32_t)(p - buf - 4));
	return (size_t)(p - buf);
}

/* An accepted, successful reply with a bool; 0 or -EBADMSG. */
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

static int open_local(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, r;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	strcpy(sun.sun_path, SOCK_PATH);
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	/* Non-blocking only after connect: a full backlog then waits. */
	if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
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

/* Write what is queued; -errno when the connection broke. */
static int flush(struct conn *c)
{
	ssize_t n;

	while (c->out_len) {
		n = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL);
		if (n < 0)
			return errno == EAGAIN ? 0 : -errno;
		memmove(c->out, c->out + n, c->out_len - (size_t)n);
		c->out_len -= (size_t)n;
	}
	return 0;
}

/* Queue a call from every idle slot; when draining, only due UNSETs. */
static int refill(struct load *l, struct conn *c, bool draining)
{
	uint64_t t = now_ns();
	unsigned int i;

	for (i = 0; i < l->window; i++) {
		struct slot *s = &c->slots[i];

		if (s->busy || (draining && s->set_next))
			continue;
		s->xid = (++c->seq << 8) | i;
		c->out_len += encode_call(c->out + c->out_len, s->xid,
					  s->set_next ? RPCBPROC_SET :
							RPCBPROC_UNSET, s->prog);
		s->busy = true;
		s->sent_ns = t;
		l->busy++;
		l->requests++;
	}
	return flush(c);
}

static void handle_reply(struct load *l, struct conn *c, uint64_t t)
{
	uint32_t xid, ok;
	struct slot *s;

	if (c->msg_too_long || decode_reply(c->msg, c->msg_len, &xid, &ok) < 0) {
		l->bad++;
		return;
	}
	s = &c->slots[xid & 0xff];
	if ((xid & 0xff) >= l->window || !s->busy || s->xid != xid) {
		l->bad++;
		return;
	}
	s->busy = false;
	l->busy--;
	/* Toggle even on FALSE: the opposite call then repairs the slot. */
	s->set_next = !s->set_next;
	if (!ok)
		l->failures++;
	l->replies++;
	l->last_reply_ns = t;
	record_latency(l, t - s->sent_ns);
}

/*
 * Read what arrived and take whole fragments out of it, however the
 * stream split them; a record ends with its last fragment.
 * Returns -errno when the connection broke or closed.
 */
static int receive(struct load *l, struct conn *c)
{
	size_t off, frag;
	uint32_t mark;
	ssize_t n;
	uint64_t t;

	for (;;) {
		n = recv(c->fd, c->in + c->in_len, IN_CAP - c->in_len, 0);
		if (n == 0)
			return -ECONNRESET;
		if (n < 0)
			return errno == EAGAIN ? 0 : -errno;
		c->in_len += (size_t)n;
		t = now_ns();
		off = 0;
		while (c->in_len - off >= 4) {
			mark = get32(c->in + off);
			frag = mark & ~LAST_FRAG;
			if (frag > IN_CAP - 4)
				return -EBADMSG;
			if (c->in_len - off - 4 < frag)
				break;
			if (c->msg_len + frag > REPLY_MAX)
				c->msg_too_long = true;
			else
				memcpy(c->msg + c->msg_len, c->in + off + 4,
				       frag);
			c->msg_len += frag;
			off += 4 + frag;
			if (mark & LAST_FRAG) {
				handle_reply(l, c, t);
				c->msg_len = 0;
				c->msg_too_long = false;
			}
		}
		memmove(c->in, c->in + off, c->in_len - off);
		c->in_len -= off;
	}
}

static int run(struct load *l, unsigned int seconds)
{
	struct pollfd pfds[CONNS_MAX];
	uint64_t t, end, deadline;
	bool draining = false;
	unsigned int i;
	int r;

	l->first_ns = now_ns();
	end = l->first_ns + (uint64_t)seconds * 1000000000ULL;
	deadline = end + DRAIN_NS;
	for (i = 0; i < l->nconns; i++) {
		pfds[i] = (struct pollfd){ .fd = l->conns[i].fd,
					   .events = POLLIN };
		r = refill(l, &l->conns[i], false);
		if (r < 0)
			return r;
	}
	for (;;) {
		t = now_ns();
		if (!draining && t >= end)
			draining = true;
		if (draining && (!l->busy || t >= deadline))
			return 0;
		for (i = 0; i < l->nconns; i++)
			pfds[i].events = POLLIN |
				(l->conns[i].out_len ? POLLOUT : 0);
		if (poll(pfds, l->nconns, POLL_MS) < 0 && errno != EINTR)
			return -errno;
		for (i = 0; i < l->nconns; i++) {
			if (!pfds[i].revents)
				continue;
			r = receive(l, &l->conns[i]);
			if (r >= 0)
				r = refill(l, &l->conns[i], draining);
			if (r < 0)
				return r;
		}
	}
}

static void report(const struct load *l)
{
	uint64_t span = l->last_reply_ns > l->first_ns ?
			l->last_reply_ns - l->first_ns : 0;
	double sec = (double)span / 1e9;

	printf("requests %llu replies %llu seconds %.3f rate %.0f/s "
	       "p50_us %u p99_us %u failures %llu\n",
	       (unsigned long long)l->requests,
	       (unsigned long long)l->replies, sec,
	       sec > 0 ? (double)l->replies / sec : 0.0,
	       percentile_us(l, 50), percentile_us(l, 99),
	       (unsigned long long)l->failures);
	if (l->bad || l->busy)
		fprintf(stderr, "churn-load: %llu bad replies, %u "
			"unanswered\n", (unsigned long long)l->bad, l->busy);
}

static void usage(void)
{
	fprintf(stderr, "usage: churn-load [-c conns] [-w window] "
		"[-d seconds]\n"
		"  -c  connections to " SOCK_PATH ", 1..%d (default 1)\n"
		"  -w  calls in flight per connection, 1..%d (default 1)\n"
		"  -d  run time, 1..%d s (default 5)\n",
		CONNS_MAX, WINDOW_MAX, DURATION_MAX);
	exit(2);
}

static unsigned int parse_num(const char *s, unsigned int lo,
			      unsigned int hi)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi)
		usage();
	return (unsigned int)v;
}

int main(int argc, char **argv)
{
	static struct load l;
	unsigned int seconds = 5, i, j;
	int ch, r;

	l.nconns = 1;
	l.window = 1;
	while ((ch = getopt(argc, argv, "c:d:w:")) != -1) {
		switch (ch) {
		case 'c':
			l.nconns = parse_num(optarg, 1, CONNS_MAX);
			break;
		case 'd':
			seconds = parse_num(optarg, 1, DURATION_MAX);
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
	l.conns = calloc(l.nconns, sizeof(*l.conns));
	if (!l.conns) {
		fprintf(stderr, "churn-load: out of memory\n");
		return 2;
	}
	for (i = 0; i < l.nconns; i++) {
		struct conn *c = &l.conns[i];

		c->fd = open_local();
		if (c->fd < 0) {
			fprintf(stderr, "churn-load: %s: %s\n", SOCK_PATH,
				strerror(-c->fd));
			return 2;
		}
		c->seq = (uint32_t)now_ns();
		for (j = 0; j < l.window; j++)
			c->slots[j] = (struct slot){
				.prog = PROG_BASE + i * 1000 + j,
				.set_next = true };
	}
	r = run(&l, seconds);
	for (i = 0; i < l.nconns; i++)
		close(l.conns[i].fd);
	report(&l);
	if (r < 0) {
		fprintf(stderr, "churn-load: %s\n", strerror(-r));
		return 2;
	}
	return l.failures || l.bad || l.busy ? 1 : 0;
}
