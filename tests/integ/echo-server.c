/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * echo-server.c - a real rpcgen server for the integration tests.
 *
 * rpcgen -m generates the dispatcher (echo_prog_1) and the XDR code; this
 * file adds the procedure and a main() that registers the service the
 * modern way, svc_create() on every visible netconfig transport, so that
 * libtirpc itself does the rpcb_unset()/rpcb_set() with the portmapper
 * (over /run/rpcbind.sock) for udp, tcp, udp6 and tcp6.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <rpc/rpc.h>

#include "echo.h"

void echo_prog_1(struct svc_req *rqstp, SVCXPRT *transp);

/*
 * Without rpcgen -M the dispatcher expects a pointer to a result that
 * outlives this call: it sends it and only then frees the arguments.
 * So the result can point into *argp, and has to live in a static.
 */
echo_str *echo_1_svc(echo_str *argp, struct svc_req *rqstp)
{
	static echo_str result;

	result = *argp;
	return &result;
}

int main(void)
{
	int n = svc_create(echo_prog_1, ECHO_PROG, ECHO_VERS, "netpath");

	if (n <= 0) {
		fprintf(stderr, "echo-server: svc_create registered nothing\n");
		return EXIT_FAILURE;
	}
	svc_run();
	return EXIT_FAILURE;
}
