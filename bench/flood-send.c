/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flood-send.c - an open-loop UDP flood at 127.0.0.1:111: batches of
 * valid PMAP v2 GETPORT(100003, 3, tcp) calls alternating with batches of
 * junk (datagrams that are no RPC call), sent with sendmmsg as fast as
 * the socket takes them, for D seconds.  Unlike getport-load it never
 * waits for an answer, so the server's receive queue stays full; replies
 * are drained between batches only to count them.  Prints
 *
 *   sent N getport G junk J replies R seconds S
 *
 * XDR is encoded by hand (RFC 5531, RFC 1833): no libtirpc needed.
 */
#define _GNU_SOURCE
#include <errno.h>
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
#define CALL_WORDS	14		/* header 10 + 4 mapping words */
#define JUNK_WORDS	16
#define BATCH		32
#define REPLY_MAX	512
#define DURATION_MAX	60

static const uint32_t getport_call[CALL_WORDS] = {
	0,			/* xid, set per datagram */
	0, 2, 100000, 2, 3,	/* CALL, rpcvers, PMAP_PROG, v2, GETPORT */
	0, 0, 0, 0,		/* cred and verf AUTH_NONE */
	100003, 3, 6, 0,	/* NFS v3 over TCP */
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* BATCH datagrams of one kind; each gets its own xid so that none is
 * answered from a duplicate cache. */
static void fill(uint32_t bufs[BATCH][JUNK_WORDS], size_t *len, int junk,
		 uint32_t *xid)
{
	unsigned int i, w;

	for (i = 0; i < BATCH; i++) {
		if (junk) {
			/* msg_type 7 is neither CALL nor REPLY */
			for (w = 0; w < JUNK_WORDS; w++)
				bufs[i][w] = (uint32_t)rand();
			bufs[i][1] = htonl(7);
			*len = JUNK_WORDS * 4;
		} else {
			for (w = 0; w < CALL_WORDS; w++)
				bufs[i][w] = htonl(getport_call[w]);
			*len = CALL_WORDS * 4;
		}
		bufs[i][0] = htonl((*xid)++);
	}
}

static int open_udp(void)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(PMAP_PORT),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd, rcvbuf = 1 << 20;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static uint64_t drain(int fd)
{
	static uint8_t bufs[BATCH][REPLY_MAX];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	uint64_t total = 0;
	int i, n;

	for (i = 0; i < BATCH; i++) {
		iov[i] = (struct iovec){ bufs[i], REPLY_MAX };
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	while ((n = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL)) > 0)
		total += (uint64_t)n;
	return total;
}

int main(int argc, char **argv)
{
	static uint32_t bufs[BATCH][JUNK_WORDS];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	uint64_t sent[2] = { 0, 0 }, replies = 0, start, end;
	uint32_t xid;
	size_t len;
	int fd, i, n, junk = 0;
	long seconds;

	if (argc != 2 || (seconds = strtol(argv[1], NULL, 10)) < 1 ||
	    seconds > DURATION_MAX) {
		fprintf(stderr, "usage: flood-send SECONDS (1..%d)\n",
			DURATION_MAX);
		return 2;
	}
	fd = open_udp();
	if (fd < 0) {
		fprintf(stderr, "flood-send: socket: %s\n", strerror(errno));
		return 2;
	}
	start = now_ns();
	xid = (uint32_t)start;
	srand((unsigned int)start);
	end = start + (uint64_t)seconds * 1000000000ULL;
	while (now_ns() < end) {
		fill(bufs, &len, junk, &xid);
		for (i = 0; i < BATCH; i++) {
			iov[i] = (struct iovec){ bufs[i], len };
			memset(&msgs[i], 0, sizeof(msgs[i]));
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		/* loopback delivers in the sender's context: only our CPU
		 * paces us, and the kernel drops what the server's queue
		 * cannot take */
		n = sendmmsg(fd, msgs, BATCH, 0);
		if (n < 0 && errno != ECONNREFUSED && errno != EINTR) {
			fprintf(stderr, "flood-send: send: %s\n",
				strerror(errno));
			return 2;
		}
		if (n > 0)
			sent[junk] += (uint64_t)n;
		replies += drain(fd);
		junk = !junk;
	}
	printf("sent %llu getport %llu junk %llu replies %llu seconds %.3f\n",
	       (unsigned long long)(sent[0] + sent[1]),
	       (unsigned long long)sent[0], (unsigned long long)sent[1],
	       (unsigned long long)replies, (double)(now_ns() - start) / 1e9);
	return 0;
}
