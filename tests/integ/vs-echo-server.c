/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vs-echo-server.c - the rpcgen echo service of echo.x on one address and
 * port, registered nowhere, answering "TAG: STRING".
 *
 * echo-server registers itself namespace-wide through svc_create(); a
 * server of one virtual server must not: the test registers it in its
 * VS's view with rpcinfo-ns, and the tag tells which server a client
 * reached.  Usage: vs-echo-server TAG ADDR PORT (UDP and TCP).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <rpc/rpc.h>

#include "echo.h"

void echo_prog_1(struct svc_req *rqstp, SVCXPRT *transp);

static const char *tag;

/* As in echo-server.c, the dispatcher sends the result after this
 * returns: it lives in a static. */
echo_str *echo_1_svc(echo_str *argp, struct svc_req *rqstp)
{
	static char buf[ECHO_MAXLEN + 1];
	static echo_str result = buf;

	snprintf(buf, sizeof(buf), "%s: %s", tag, *argp);
	return &result;
}

static int bound_socket(int type, const struct sockaddr_in *sin)
{
	int fd = socket(AF_INET, type, 0), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)sin, sizeof(*sin)) < 0 ||
	    (type == SOCK_STREAM && listen(fd, 16) < 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* svc_reg() with no netconfig serves without telling the portmapper. */
static int serve(int type, const struct sockaddr_in *sin)
{
	int fd = bound_socket(type, sin);
	SVCXPRT *xprt;

	if (fd < 0)
		return -1;
	xprt = type == SOCK_DGRAM ? svc_dg_create(fd, 0, 0) :
				    svc_vc_create(fd, 0, 0);
	if (!xprt || !svc_reg(xprt, ECHO_PROG, ECHO_VERS, echo_prog_1, NULL))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	char *end;
	long port;

	if (argc != 4) {
		fprintf(stderr, "usage: vs-echo-server TAG ADDR PORT\n");
		return EXIT_FAILURE;
	}
	tag = argv[1];
	port = strtol(argv[3], &end, 10);
	if (inet_pton(AF_INET, argv[2], &sin.sin_addr) != 1 || *end ||
	    port < 1 || port > 65535) {
		fprintf(stderr, "vs-echo-server: bad address or port\n");
		return EXIT_FAILURE;
	}
	sin.sin_port = htons((uint16_t)port);
	if (serve(SOCK_DGRAM, &sin) < 0 || serve(SOCK_STREAM, &sin) < 0) {
		perror("vs-echo-server");
		return EXIT_FAILURE;
	}
	svc_run();
	return EXIT_FAILURE;
}
