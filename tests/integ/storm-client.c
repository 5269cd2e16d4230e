/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * storm-client.c - a stream of RPCBPROC_SET and RPCBPROC_UNSET calls
 * over one AF_LOCAL connection, as the kernel and statd make them, with
 * a log of what was asked and what was answered, for t-019-kill9.
 *
 * usage: storm-client SOCKET PROG NPROGS SEED
 *
 * SOCKET is a path, or @NAME for an abstract socket.  Each call is on
 * one of the programs PROG .. PROG+NPROGS-1, version 1, netid "udp":
 * an UNSET, or a SET to one of a few addresses, so that some SETs meet
 * a different address and are refused.  Before sending, the client
 * writes "> set PROG UADDR" or "> unset PROG"; once the reply is in,
 * "= " and the same words and the answer ("true" or "false").  Each
 * line reaches the log before the next call, so the last "> " line
 * without its "= " line is the only call whose fate the log does not
 * know.  The client runs until it is killed or a call fails; then it
 * writes "! " and the error and exits 2.
 *
 * rpcb_set() would read a lost reply as "false"; CLNT_CALL tells.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <rpc/rpc.h>
#include <rpc/rpcb_prot.h>

#define CALL_TIMEOUT	5	/* seconds: a dead daemon fails at once */
#define N_ADDRS		3	/* SET addresses per program */
#define UADDR_SIZE	sizeof("127.0.0.1.255.255")

static int connect_local(const char *name, struct sockaddr_un *sun,
			 socklen_t *ret_len)
{
	size_t n = strlen(name);
	int fd;

	if (n >= sizeof(sun->sun_path)) {
		fprintf(stderr, "storm-client: '%s' is too long\n", name);
		return -1;
	}
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_LOCAL;
	memcpy(sun->sun_path, name, n);
	if (name[0] == '@')
		sun->sun_path[0] = '\0';	/* abstract, no final NUL */
	*ret_len = offsetof(struct sockaddr_un, sun_path) + n;
	fd = socket(AF_LOCAL, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)sun, *ret_len) < 0) {
		fprintf(stderr, "storm-client: connect '%s': %s\n", name,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* One call, logged before and after; false if no answer came. */
static bool call(CLIENT *clnt, bool set, unsigned long prog)
{
	struct timeval tout = { CALL_TIMEOUT, 0 };
	char uaddr[UADDR_SIZE];
	struct rpcb args = {
		.r_prog = prog, .r_vers = 1, .r_netid = "udp",
		.r_addr = uaddr, .r_owner = "",
	};
	bool_t res = FALSE;
	enum clnt_stat st;
	char what[sizeof("unset 4294967295 ") + UADDR_SIZE];

	snprintf(uaddr, sizeof(uaddr), "127.0.0.1.4.%ld",
		 1 + lrand48() % N_ADDRS);
	if (set)
		snprintf(what, sizeof(what), "set %lu %s", prog, uaddr);
	else
		snprintf(what, sizeof(what), "unset %lu", prog);
	printf("> %s\n", what);
	fflush(stdout);
	st = CLNT_CALL(clnt, set ? RPCBPROC_SET : RPCBPROC_UNSET,
		       (xdrproc_t)xdr_rpcb, (char *)&args,
		       (xdrproc_t)xdr_bool, (char *)&res, tout);
	if (st != RPC_SUCCESS) {
		printf("! %s\n", clnt_sperrno(st));
		fflush(stdout);
		return false;
	}
	printf("= %s %s\n", what, res ? "true" : "false");
	fflush(stdout);
	return true;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sun;
	struct netbuf addr = { .buf = &sun };
	unsigned long prog, nprogs;
	socklen_t len;
	CLIENT *clnt;
	int fd;

	if (argc != 5) {
		fprintf(stderr,
			"usage: storm-client SOCKET PROG NPROGS SEED\n");
		return 1;
	}
	prog = strtoul(argv[2], NULL, 0);
	nprogs = strtoul(argv[3], NULL, 0);
	srand48(strtol(argv[4], NULL, 0));
	if (nprogs == 0)
		return 1;
	fd = connect_local(argv[1], &sun, &len);
	if (fd < 0)
		return 2;
	addr.len = addr.maxlen = len;
	clnt = clnt_vc_create(fd, &addr, RPCBPROG, RPCBVERS, 0, 0);
	if (!clnt) {
		fprintf(stderr, "%s\n", clnt_spcreateerror("clnt_vc_create"));
		return 2;
	}
	while (call(clnt, lrand48() % 2, prog + lrand48() % nprogs))
		;
	return 2;
}
