/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * getport-load.c - PMAP GETPORT / RPCBIND GETADDR load generator for
 * 127.0.0.1:111 (or -a ADDR's port 111), over UDP or TCP, in one or many
 * network namespaces.
 *
 * Keeps a window of outstanding calls, each with its own xid, for D
 * seconds (or until N calls were sent), and prints the throughput and the
 * send-to-reply latency.  The call is PMAP v2 GETPORT(100003, 3, tcp)
 * (-V 2, the default) or RPCBIND v3/v4 GETADDR(100003, 3, "tcp") (-V 3,
 * -V 4).  A reply counts only if it is accepted and successful and
 * carries port 2049 (GETPORT) or a universal address ending in ".8.1"
 * (GETADDR), i.e. what -s registers.
 *
 * UDP (default): W calls in flight in all, each sent from the next of the
 * UDP sockets (round robin): one connected socket, or with -N FILE one
 * per line of FILE, a network namespace's path (or "." for the current
 * one), opened inside that namespace (setns; lo is brought up there).
 * TCP (-t): C connections (-c) with W calls in flight on each, record
 * marked.  -s first registers 100003/3 at 2049 over tcp and udp (rpcbind
 * answers GETADDR for the netid of the transport asked on) with PMAP v2 SETs
 * from a privileged UDP port, in every namespace of -N; -r K first
 * registers K other programs (0x40000000 + i, version 1, tcp) the same
 * way, so that lookups run against a table of that size.
 *
 * Exits 1 when fewer than 99% of the calls were answered, 2 on usage or
 * socket errors.  XDR is encoded by hand (RFC 5531, RFC 1833): no
 * libtirpc needed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>

#define PMAP_PORT	111
#define PMAP_PROG	100000
#define PMAPPROC_SET	1
#define PROC_GET	3		/* PMAP GETPORT = RPCBIND GETADDR */
#define RPC_CALL	0
#define RPC_REPLY	1
#define MSG_ACCEPTED	0
#define ACCEPT_SUCCESS	0
#define IPPROTO_TCP_PM	6
#define IPPROTO_UDP_PM	17
#define LAST_FRAG	0x80000000u

#define NFS_PROG	100003
#define NFS_VERS	3
#define NFS_PORT	2049
#define UADDR_SUFFIX	".8.1"		/* port 2049 */
#define FILLER_PROG	0x40000000u
#define FILLER_MAX	100000

#define CALL_MAX	96		/* record mark + GETADDR call */
#define REPLY_MAX	512
#define WINDOW_MAX	1024		/* xid low bits = slot index */
#define SLOT_BITS	10
#define CHANNELS_MAX	20000
#define CONNS_MAX	64
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
#define EPOLL_MS	10
#define EPOLL_EVENTS	256
#define IN_CAP		(WINDOW_MAX * 64)
#define EXPIRE_NS	100000000ULL	/* look for lost calls every 100 ms */

struct slot {
	uint32_t xid;
	bool busy;
	unsigned int chan;
	uint64_t sent_ns;
};

struct channel {
	int fd;
	uint8_t *in;			/* TCP: stream bytes not yet parsed */
	size_t in_len;
};

struct load {
	bool tcp;
	unsigned int vers;
	unsigned int nslots;		/* window (UDP) or conns x window */
	unsigned int window;		/* per channel (TCP) */
	unsigned int nchan, next_chan;
	struct channel *chans;
	int ep;
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

static void die(const char *what, int err)
{
	fprintf(stderr, "getport-load: %s: %s\n", what, strerror(err));
	exit(2);
}

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
 * A call with AUTH_NONE: PMAP v2 (@proc, struct pmap { @prog, @pvers,
 * @prot, @port }) or RPCBIND v3/v4 GETADDR (rpcb { @prog, @pvers, "tcp" or
 * "udp" after @prot, "", "" }).  Returns its length.
 */
static size_t encode_call(uint8_t *buf, uint32_t xid, unsigned int vers,
			  uint32_t proc, uint32_t prog, uint32_t pvers,
			  uint32_t prot, uint32_t port)
{
	uint8_t *p = buf;

	p = put32(p, xid);
	p = put32(p, RPC_CALL);
	p = put32(p, 2);		/* rpcvers */
	p = put32(p, PMAP_PROG);
	p = put32(p, vers);
	p = put32(p, proc);
	p = put32(p, 0);		/* cred AUTH_NONE, empty */
	p = put32(p, 0);
	p = put32(p, 0);		/* verf AUTH_NONE, empty */
	p = put32(p, 0);
	p = put32(p, prog);
	p = put32(p, pvers);
	if (vers == 2) {
		p = put32(p, prot);
		p = put32(p, port);
	} else {
		p = put_string(p, prot == IPPROTO_TCP_PM ? "tcp" : "udp");
		p = put_string(p, "");
		p = put_string(p, "");
	}
	return (size_t)(p - buf);
}

/*
 * Decode an accepted, successful reply.  Its result starts at *ret_off.
 * Returns 0 and sets *ret_xid, or -EBADMSG.
 */
static int decode_reply(const uint8_t *buf, size_t len, uint32_t *ret_xid,
			size_t *ret_off)
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
	*ret_off = off + 4;
	return 0;
}

/* Does the result say what -s registered? */
static bool result_ok(unsigned int vers, const uint8_t *buf, size_t len,
		      size_t off)
{
	size_t slen, sfx = strlen(UADDR_SUFFIX);

	if (vers == 2)
		return get32(buf + off) == NFS_PORT;
	slen = get32(buf + off);
	return slen > sfx && slen <= 64 && off + 4 + slen <= len &&
	       !memcmp(buf + off + 4 + slen - sfx, UADDR_SUFFIX, sfx);
}

/* The calls go to @target:111; registrations always to 127.0.0.1, the
 * only place a portmapper takes them from. */
static struct in_addr target;

/* A socket connected to @dst:111, bound to 127.0.0.1:@local_port if not 0. */
static int open_sock(int type, uint16_t local_port, struct in_addr dst)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd, r, rcvbuf = 1 << 20;

	fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(local_port);
	if (local_port && bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		goto err_close_fd;
	sin.sin_addr = dst;
	sin.sin_port = htons(PMAP_PORT);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		goto err_close_fd;
	if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0)
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
		fd = open_sock(SOCK_DGRAM, (uint16_t)port,
			       (struct in_addr){ htonl(INADDR_LOOPBACK) });
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
 * PMAP v2 SET (@prog, @vers, @prot, @port) on @fd.  A FALSE answer (already
 * registered) is only a warning: the run checks every reply anyway.
 * Returns 0 or -errno.
 */
static int pmap_set(int fd, uint32_t prog, uint32_t vers, uint32_t prot,
		    uint32_t port)
{
	uint8_t call[CALL_MAX], reply[REPLY_MAX];
	uint32_t xid = (uint32_t)now_ns(), rxid;
	size_t len, off;
	int i;
	ssize_t n;

	len = encode_call(call, xid, 2, PMAPPROC_SET, prog, vers, prot, port);
	for (i = 0; i < SET_TRIES; i++) {
		if (send(fd, call, len, 0) < 0)
			continue;
		n = recv_wait(fd, reply, sizeof(reply), SET_WAIT_MS);
		if (n < 0 || decode_reply(reply, (size_t)n, &rxid, &off) < 0 ||
		    rxid != xid)
			continue;
		if (!get32(reply + off))
			fprintf(stderr, "getport-load: SET of %u answered "
				"FALSE (already registered?), going on\n", prog);
		return 0;
	}
	return -ETIMEDOUT;
}

/*
 * Register NFS over tcp and udp (-s: GETPORT asks for tcp, GETADDR for the
 * netid the call arrives on) and @fillers other programs here.
 */
static void register_here(bool nfs, unsigned int fillers)
{
	unsigned int i;
	int fd, r;

	fd = open_resv_udp();
	if (fd < 0)
		die("privileged UDP socket", -fd);
	for (i = 0; i < fillers; i++) {
		r = pmap_set(fd, FILLER_PROG + i, 1, IPPROTO_TCP_PM,
			     4000 + i % 1000);
		if (r < 0)
			die("SET", -r);
	}
	if (nfs && ((r = pmap_set(fd, NFS_PROG, NFS_VERS, IPPROTO_TCP_PM,
				  NFS_PORT)) < 0 ||
		    (r = pmap_set(fd, NFS_PROG, NFS_VERS, IPPROTO_UDP_PM,
				  NFS_PORT)) < 0))
		die("SET", -r);
	close(fd);
}

/* lo up in the current namespace (ip netns add leaves it down). */
static void lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		die("lo", errno);
	if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			die("lo up", errno);
	}
	close(fd);
}

static void add_channel(struct load *l, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN };

	if (l->nchan == CHANNELS_MAX)
		die("channels", E2BIG);
	l->chans[l->nchan].fd = fd;
	if (l->tcp) {
		l->chans[l->nchan].in = malloc(IN_CAP);
		if (!l->chans[l->nchan].in)
			die("malloc", ENOMEM);
	}
	ev.data.u32 = l->nchan++;
	if (epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &ev) < 0)
		die("epoll_ctl", errno);
}

/* One UDP channel per line of @path, each in that namespace. */
static void open_namespaces(struct load *l, const char *path, bool nfs)
{
	char line[4096];
	FILE *f = fopen(path, "re");
	int self, ns, fd;

	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (!f || self < 0)
		die(path, errno);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		if (strcmp(line, ".")) {
			ns = open(line, O_RDONLY | O_CLOEXEC);
			if (ns < 0 || setns(ns, CLONE_NEWNET) < 0)
				die(line, errno);
			close(ns);
			lo_up();
		}
		if (nfs)
			register_here(true, 0);
		fd = open_sock(SOCK_DGRAM, 0, target);
		if (fd < 0)
			die("socket", -fd);
		add_channel(l, fd);
		if (setns(self, CLONE_NEWNET) < 0)
			die("setns back", errno);
	}
	fclose(f);
	close(self);
	if (!l->nchan)
		die(path, ENOENT);
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

static void mark_sent(struct load *l, unsigned int i, uint64_t t)
{
	l->slots[i].busy = true;
	l->slots[i].sent_ns = t;
	l->requests++;
	l->busy++;
}

static size_t new_call(struct load *l, unsigned int i, uint8_t *buf)
{
	struct slot *s = &l->slots[i];

	s->xid = (++l->gen << SLOT_BITS) | i;
	/* GETPORT asks for tcp; GETADDR's netid is the transport's */
	return encode_call(buf, s->xid, l->vers, PROC_GET, NFS_PROG, NFS_VERS,
			   l->vers == 2 || l->tcp ? IPPROTO_TCP_PM :
			   IPPROTO_UDP_PM, 0);
}

/* TCP: the idle slots of connection @c, record marked, in one write. */
static void refill_tcp(struct load *l, unsigned int c)
{
	static uint8_t buf[WINDOW_MAX * (CALL_MAX + 4)];
	unsigned int i, idx[WINDOW_MAX], n = 0;
	size_t off = 0, len;
	uint64_t t;

	for (i = c * l->window; i < (c + 1) * l->window &&
	     l->requests + n < l->max_requests; i++) {
		if (l->slots[i].busy)
			continue;
		len = new_call(l, i, buf + off + 4);
		put32(buf + off, LAST_FRAG | (uint32_t)len);
		off += len + 4;
		idx[n++] = i;
	}
	if (!n)
		return;
	t = now_ns();
	if (write(l->chans[c].fd, buf, off) != (ssize_t)off)
		die("write (short or failed)", errno);
	for (i = 0; i < n; i++)
		mark_sent(l, idx[i], t);
}

/*
 * UDP: a fresh call from every idle slot, each on the next channel; one
 * sendmmsg when there is one channel.
 */
static void refill_udp(struct load *l)
{
	static uint8_t calls[WINDOW_MAX][CALL_MAX];
	struct mmsghdr msgs[WINDOW_MAX];
	struct iovec iov[WINDOW_MAX];
	unsigned int idx[WINDOW_MAX], i, n = 0;
	uint64_t t;
	int sent;

	for (i = 0; i < l->nslots && l->requests + n < l->max_requests; i++) {
		if (l->slots[i].busy)
			continue;
		iov[n] = (struct iovec){ calls[i], new_call(l, i, calls[i]) };
		memset(&msgs[n], 0, sizeof(msgs[n]));
		msgs[n].msg_hdr.msg_iov = &iov[n];
		msgs[n].msg_hdr.msg_iovlen = 1;
		idx[n++] = i;
	}
	if (!n)
		return;
	t = now_ns();
	if (l->nchan == 1) {
		sent = sendmmsg(l->chans[0].fd, msgs, n, MSG_DONTWAIT);
		for (i = 0; sent > 0 && i < (unsigned int)sent; i++) {
			l->slots[idx[i]].chan = 0;
			mark_sent(l, idx[i], t);
		}
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned int c = l->next_chan;

		l->next_chan = (c + 1) % l->nchan;
		if (send(l->chans[c].fd, iov[i].iov_base, iov[i].iov_len,
			 MSG_DONTWAIT) < 0)
			continue;
		l->slots[idx[i]].chan = c;
		mark_sent(l, idx[i], t);
	}
}

static void refill(struct load *l)
{
	unsigned int c;

	if (!l->tcp) {
		refill_udp(l);
		return;
	}
	for (c = 0; c < l->nchan; c++)
		refill_tcp(l, c);
}

static void handle_reply(struct load *l, const uint8_t *buf, size_t len,
			 uint64_t t)
{
	uint32_t xid;
	size_t off;
	struct slot *s;

	if (decode_reply(buf, len, &xid, &off) < 0)
		return;
	s = &l->slots[xid & (WINDOW_MAX - 1)];
	if ((xid & (WINDOW_MAX - 1)) >= l->nslots || !s->busy ||
	    s->xid != xid)
		return;			/* late, duplicate or foreign */
	s->busy = false;
	l->busy--;
	if (!result_ok(l->vers, buf, len, off)) {
		l->wrong++;
		return;
	}
	l->replies++;
	l->last_reply_ns = t;
	record_latency(l, t - s->sent_ns);
}

/*
 * UDP: take what the channel's socket holds.  The headers are set up
 * once (recvmmsg() changes only msg_len and msg_flags here), and a short
 * batch means the queue is empty: with one socket per namespace (-N) a
 * wake-up finds one reply per socket, and the load generator must not
 * spend per reply what it spends per batch with one socket.
 */
static void receive_udp(struct load *l, struct channel *ch)
{
	static uint8_t bufs[WINDOW_MAX][REPLY_MAX];
	static struct mmsghdr msgs[WINDOW_MAX];
	static struct iovec iov[WINDOW_MAX];
	unsigned int i;
	int n;
	uint64_t t;

	if (!msgs[0].msg_hdr.msg_iov) {
		for (i = 0; i < WINDOW_MAX; i++) {
			iov[i] = (struct iovec){ bufs[i], REPLY_MAX };
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
	}
	do {
		n = recvmmsg(ch->fd, msgs, l->nslots, MSG_DONTWAIT, NULL);
		if (n <= 0)
			return;
		t = now_ns();
		for (i = 0; i < (unsigned int)n; i++)
			handle_reply(l, bufs[i], msgs[i].msg_len, t);
	} while ((unsigned int)n == l->nslots);
}

/* TCP: read what arrived and take every complete one-fragment record. */
static void receive_tcp(struct load *l, struct channel *ch)
{
	size_t off = 0;
	uint32_t mark;
	ssize_t n;
	uint64_t t;

	n = read(ch->fd, ch->in + ch->in_len, IN_CAP - ch->in_len);
	if (n == 0)
		die("connection closed by the server", EPIPE);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		die("read", errno);
	}
	ch->in_len += (size_t)n;
	t = now_ns();
	while (ch->in_len - off >= 4) {
		mark = get32(ch->in + off);
		if (!(mark & LAST_FRAG) || (mark & ~LAST_FRAG) > REPLY_MAX)
			die("reply record", EBADMSG);
		if (ch->in_len - off - 4 < (mark & ~LAST_FRAG))
			break;
		handle_reply(l, ch->in + off + 4, mark & ~LAST_FRAG, t);
		off += 4 + (mark & ~LAST_FRAG);
	}
	memmove(ch->in, ch->in + off, ch->in_len - off);
	ch->in_len -= off;
}

/* Give up on calls unanswered for LOST_NS so the window stays full. */
static void expire(struct load *l, uint64_t t)
{
	unsigned int i;

	for (i = 0; i < l->nslots; i++) {
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
	struct epoll_event ev[EPOLL_EVENTS];
	uint64_t t, end, deadline, checked;
	bool sending = true;
	int i, n;

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
		n = epoll_wait(l->ep, ev, EPOLL_EVENTS, EPOLL_MS);
		if (n < 0 && errno != EINTR)
			break;
		for (i = 0; i < n; i++) {
			struct channel *ch = &l->chans[ev[i].data.u32];

			if (l->tcp)
				receive_tcp(l, ch);
			else
				receive_udp(l, ch);
		}
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
	fprintf(stderr, "usage: getport-load [-s] [-r fillers] [-V 2|3|4] "
		"[-t [-c conns]] [-N nsfile] [-a addr] [-d seconds] "
		"[-w window] [-n max-requests]\n"
		"  -s  first register 100003/3/tcp+udp at 2049 (PMAP SET from a "
		"privileged port)\n"
		"  -r  first register this many other programs, 0..%d\n"
		"  -V  2: PMAP GETPORT (default), 3 or 4: RPCBIND GETADDR\n"
		"  -t  TCP, -c connections (1..%d, default 1)\n"
		"  -N  UDP from one socket per namespace path in this file\n"
		"  -a  call this IPv4 address's port 111 (default 127.0.0.1; "
		"-s, -r register at 127.0.0.1 all the same)\n"
		"  -d  run time, 1..%d s (default 10)\n"
		"  -w  outstanding requests (per connection with -t), 1..%d "
		"(default 32)\n"
		"  -n  stop after this many requests, 1..%llu (default %llu)\n",
		FILLER_MAX, CONNS_MAX, DURATION_MAX, WINDOW_MAX, REQUESTS_MAX,
		REQUESTS_DEF);
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
	struct rlimit rl = { CHANNELS_MAX + 64, CHANNELS_MAX + 64 };
	unsigned int seconds = 10, conns = 1, fillers = 0, c;
	const char *nsfile = NULL;
	bool do_set = false;
	int ch, fd;

	l.window = 32;
	l.vers = 2;
	l.max_requests = REQUESTS_DEF;
	target.s_addr = htonl(INADDR_LOOPBACK);
	while ((ch = getopt(argc, argv, "a:c:d:n:N:r:stV:w:")) != -1) {
		switch (ch) {
		case 'a':
			if (inet_pton(AF_INET, optarg, &target) != 1)
				usage();
			break;
		case 'c':
			conns = parse_num(optarg, 1, CONNS_MAX);
			break;
		case 'd':
			seconds = parse_num(optarg, 1, DURATION_MAX);
			break;
		case 'n':
			l.max_requests = parse_num(optarg, 1, REQUESTS_MAX);
			break;
		case 'N':
			nsfile = optarg;
			break;
		case 'r':
			fillers = parse_num(optarg, 0, FILLER_MAX);
			break;
		case 's':
			do_set = true;
			break;
		case 't':
			l.tcp = true;
			break;
		case 'V':
			l.vers = parse_num(optarg, 2, 4);
			break;
		case 'w':
			l.window = parse_num(optarg, 1, WINDOW_MAX);
			break;
		default:
			usage();
		}
	}
	l.nslots = l.tcp ? conns * l.window : l.window;
	if (optind != argc || (nsfile && l.tcp) || l.nslots > WINDOW_MAX)
		usage();
	l.chans = calloc(CHANNELS_MAX, sizeof(*l.chans));
	l.ep = epoll_create1(EPOLL_CLOEXEC);
	if (!l.chans || l.ep < 0)
		die("setup", errno);
	if (nsfile) {
		/* as many sockets as namespaces, and a few more */
		setrlimit(RLIMIT_NOFILE, &rl);
		if (fillers)
			register_here(false, fillers);
		open_namespaces(&l, nsfile, do_set);
	} else {
		if (do_set || fillers)
			register_here(do_set, fillers);
		for (c = 0; c < (l.tcp ? conns : 1); c++) {
			fd = open_sock(l.tcp ? SOCK_STREAM : SOCK_DGRAM, 0,
				       target);
			if (fd < 0)
				die("socket", -fd);
			add_channel(&l, fd);
		}
	}
	l.gen = (uint32_t)now_ns();
	run(&l, seconds);
	report(&l);
	return l.replies * 100 >= l.requests * 99 ? 0 : 1;
}
