/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vs-echo-client.c - the rpcgen client of echo.x: rpcgen -l generates the
 * stub echo_1(); clnt_create() asks the portmapper at HOST for the
 * server's address (RPCBIND GETADDR) and the stub calls it.
 * Usage: vs-echo-client HOST NETID STRING; prints the answer.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <rpc/rpc.h>

#include "echo.h"

int main(int argc, char **argv)
{
	CLIENT *clnt;
	echo_str *res;

	if (argc != 4) {
		fprintf(stderr, "usage: vs-echo-client HOST NETID STRING\n");
		return EXIT_FAILURE;
	}
	clnt = clnt_create(argv[1], ECHO_PROG, ECHO_VERS, argv[2]);
	if (!clnt) {
		clnt_pcreateerror(argv[1]);
		return EXIT_FAILURE;
	}
	res = echo_1(&argv[3], clnt);
	if (!res) {
		clnt_perror(clnt, argv[1]);
		return EXIT_FAILURE;
	}
	printf("%s\n", *res);
	clnt_destroy(clnt);
	return EXIT_SUCCESS;
}
