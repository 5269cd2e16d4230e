/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tirpc-client.c - drive the portmapper through libtirpc's own client
 * functions, one call per run, for the integration tests.
 *
 * Hand-made packets (tests/vectors/rawclient.c, badclient.py) show what
 * the daemon does with bytes; this shows that the library every RPC
 * program links agrees with it: rpcb_set() and rpcb_unset() go over
 * AF_LOCAL, rpcb_getaddr() picks the protocol version it likes,
 * pmap_getport() speaks version 2, rpcb_rmtcall() uses CALLIT.
 *
 * Each command prints one result line (getmaps: one per entry).
 * Exit status: 0 the call was answered (even with "false"), 1 usage
 * error, 2 the library call failed (the reason goes to stderr).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <rpc/rpc.h>
#include <rpc/pmap_clnt.h>
#include <rpc/rpcb_clnt.h>

#define EXIT_USAGE	1
#define EXIT_CALL	2

#define RMTCALL_TIMEOUT	5	/* seconds, as the brief of the tests says */
#define ECHO_TIMEOUT	5

/* The test service of echo.x, spelled out so that the client does not
 * share a single line of code with the server it checks. */
#define ECHO_PROG	0x20000099
#define ECHO_VERS	1
#define ECHO_PROC	1
#define ECHO_MAXLEN	1024

struct command {
	const char *name;
	int min_args;
	int max_args;
	int (*run)(char **argv);
	const char *args;
};

/* xdr_void() is declared (void): casting it to xdrproc_t trips
 * -Wcast-function-type, a two-pointer function does not. */
static bool_t xdr_nothing(XDR *xdrs, void *unused)
{
	return xdr_void();
}

static bool_t xdr_echo_str(XDR *xdrs, char **s)
{
	return xdr_string(xdrs, s, ECHO_MAXLEN);
}

/* PROG, VERS and PROC are 32-bit; 0x... is accepted for programs. */
static int parse_u32(const char *s, unsigned long *ret)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || *s == '-' || v > UINT32_MAX) {
		fprintf(stderr, "tirpc-client: '%s' is not a 32-bit number\n",
			s);
		return -EINVAL;
	}
	*ret = v;
	return 0;
}

static int parse_prot(const char *s, int *ret)
{
	unsigned long v;

	if (!strcmp(s, "udp")) {
		*ret = IPPROTO_UDP;
		return 0;
	}
	if (!strcmp(s, "tcp")) {
		*ret = IPPROTO_TCP;
		return 0;
	}
	if (parse_u32(s, &v) < 0 || v > INT_MAX)
		return -EINVAL;
	*ret = (int)v;
	return 0;
}

static int parse_port(const char *s, int *ret)
{
	unsigned long v;

	if (parse_u32(s, &v) < 0 || v > 65535) {
		fprintf(stderr, "tirpc-client: bad port '%s'\n", s);
		return -EINVAL;
	}
	*ret = (int)v;
	return 0;
}

static struct netconfig *netconfig(const char *netid)
{
	struct netconfig *nconf = getnetconfigent(netid);

	if (!nconf)
		fprintf(stderr, "tirpc-client: unknown netid '%s'\n", netid);
	return nconf;
}

/*
 * rpcb_set() and friends return FALSE both for "refused" and for "could
 * not ask"; only the second sets rpc_createerr, so clear it first.  A
 * failed CLNT_CALL inside them is not recorded anywhere: it reads false.
 */
static int print_bool(bool_t ok, const char *what)
{
	if (!ok && rpc_createerr.cf_stat != RPC_SUCCESS) {
		fprintf(stderr, "%s\n", clnt_spcreateerror(what));
		return EXIT_CALL;
	}
	printf("%s\n", ok ? "true" : "false");
	return EXIT_SUCCESS;
}

static int cmd_set(char **argv)
{
	struct netconfig *nconf;
	struct netbuf *taddr;
	unsigned long prog, vers;
	bool_t ok;

	if (parse_u32(argv[0], &prog) < 0 || parse_u32(argv[1], &vers) < 0)
		return EXIT_USAGE;
	nconf = netconfig(argv[2]);
	if (!nconf)
		return EXIT_USAGE;
	taddr = uaddr2taddr(nconf, argv[3]);
	if (!taddr) {
		fprintf(stderr, "tirpc-client: bad %s address '%s'\n",
			argv[2], argv[3]);
		freenetconfigent(nconf);
		return EXIT_USAGE;
	}
	rpc_createerr.cf_stat = RPC_SUCCESS;
	ok = rpcb_set(prog, vers, nconf, taddr);
	free(taddr->buf);
	free(taddr);
	freenetconfigent(nconf);
	return print_bool(ok, "rpcb_set");
}

static int cmd_unset(char **argv)
{
	struct netconfig *nconf = NULL;
	unsigned long prog, vers;
	bool_t ok;

	if (parse_u32(argv[0], &prog) < 0 || parse_u32(argv[1], &vers) < 0)
		return EXIT_USAGE;
	/* No netid: a NULL netconfig asks to unset every transport. */
	if (argv[2]) {
		nconf = netconfig(argv[2]);
		if (!nconf)
			return EXIT_USAGE;
	}
	rpc_createerr.cf_stat = RPC_SUCCESS;
	ok = rpcb_unset(prog, vers, nconf);
	if (nconf)
		freenetconfigent(nconf);
	return print_bool(ok, "rpcb_unset");
}

static int cmd_pmap_set(char **argv)
{
	unsigned long prog, vers;
	int prot, port;

	if (parse_u32(argv[0], &prog) < 0 || parse_u32(argv[1], &vers) < 0 ||
	    parse_prot(argv[2], &prot) < 0 || parse_port(argv[3], &port) < 0)
		return EXIT_USAGE;
	rpc_createerr.cf_stat = RPC_SUCCESS;
	return print_bool(pmap_set(prog, vers, prot, port), "pmap_set");
}

static int cmd_pmap_unset(char **argv)
{
	unsigned long prog, vers;

	if (parse_u32(argv[0], &prog) < 0 || parse_u32(argv[1], &vers) < 0)
		return EXIT_USAGE;
	rpc_createerr.cf_stat = RPC_SUCCESS;
	return print_bool(pmap_unset(prog, vers), "pmap_unset");
}

/* Print @taddr as a universal address; false if it has none. */
static bool print_taddr(const struct netconfig *nconf,
			const struct netbuf *taddr)
{
	char *uaddr = taddr2uaddr(nconf, taddr);

	if (!uaddr)
		return false;
	printf("%s\n", uaddr);
	free(uaddr);
	return true;
}

static int cmd_getaddr(char **argv)
{
	struct sockaddr_storage ss;
	struct netbuf taddr = { .maxlen = sizeof(ss), .buf = &ss };
	struct netconfig *nconf;
	unsigned long prog, vers;
	int r = EXIT_SUCCESS;

	if (parse_u32(argv[1], &prog) < 0 || parse_u32(argv[2], &vers) < 0)
		return EXIT_USAGE;
	nconf = netconfig(argv[3]);
	if (!nconf)
		return EXIT_USAGE;
	if (!rpcb_getaddr(prog, vers, nconf, &taddr, argv[0])) {
		fprintf(stderr, "%s\n", clnt_spcreateerror("rpcb_getaddr"));
		r = EXIT_CALL;
	} else if (!print_taddr(nconf, &taddr)) {
		fprintf(stderr, "tirpc-client: taddr2uaddr failed\n");
		r = EXIT_CALL;
	}
	freenetconfigent(nconf);
	return r;
}

static int cmd_getport(char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	unsigned long prog, vers;
	u_short port;
	int prot;

	if (inet_pton(AF_INET, argv[0], &sin.sin_addr) != 1) {
		fprintf(stderr, "tirpc-client: '%s' is not an IPv4 address\n",
			argv[0]);
		return EXIT_USAGE;
	}
	if (parse_u32(argv[1], &prog) < 0 || parse_u32(argv[2], &vers) < 0 ||
	    parse_prot(argv[3], &prot) < 0)
		return EXIT_USAGE;
	/* Port 0 is both "not registered" and "failed"; the status tells. */
	rpc_createerr.cf_stat = RPC_SUCCESS;
	port = pmap_getport(&sin, prog, vers, (u_int)prot);
	if (port == 0 && rpc_createerr.cf_stat != RPC_SUCCESS &&
	    rpc_createerr.cf_stat != RPC_PROGNOTREGISTERED) {
		fprintf(stderr, "%s\n", clnt_spcreateerror("pmap_getport"));
		return EXIT_CALL;
	}
	printf("%u\n", (unsigned int)port);
	return EXIT_SUCCESS;
}

static void print_rpcb(const struct rpcb *m)
{
	printf("%lu %lu %s %s %s\n", (unsigned long)m->r_prog,
	       (unsigned long)m->r_vers, m->r_netid, m->r_addr, m->r_owner);
}

static int cmd_getmaps(char **argv)
{
	struct netconfig *nconf;
	rpcblist *head, *l;

	nconf = netconfig(argv[1] ? argv[1] : "udp");
	if (!nconf)
		return EXIT_USAGE;
	/* An empty list and a failure both give NULL. */
	rpc_createerr.cf_stat = RPC_SUCCESS;
	head = rpcb_getmaps(nconf, argv[0]);
	freenetconfigent(nconf);
	if (!head && rpc_createerr.cf_stat != RPC_SUCCESS) {
		fprintf(stderr, "%s\n", clnt_spcreateerror("rpcb_getmaps"));
		return EXIT_CALL;
	}
	for (l = head; l; l = l->rpcb_next)
		print_rpcb(&l->rpcb_map);
	xdr_free((xdrproc_t)xdr_rpcblist_ptr, &head);
	return EXIT_SUCCESS;
}

static int cmd_rmtcall(char **argv)
{
	struct timeval tout = { RMTCALL_TIMEOUT, 0 };
	struct sockaddr_storage ss;
	struct netbuf taddr = { .maxlen = sizeof(ss), .buf = &ss };
	struct netconfig *nconf;
	unsigned long prog, vers, proc;
	enum clnt_stat st;
	int r = EXIT_SUCCESS;

	if (parse_u32(argv[1], &prog) < 0 || parse_u32(argv[2], &vers) < 0 ||
	    parse_u32(argv[3], &proc) < 0)
		return EXIT_USAGE;
	nconf = netconfig("udp");
	if (!nconf)
		return EXIT_USAGE;
	st = rpcb_rmtcall(nconf, argv[0], prog, vers, proc,
			  (xdrproc_t)xdr_nothing, NULL,
			  (xdrproc_t)xdr_nothing, NULL, tout, &taddr);
	if (st != RPC_SUCCESS) {
		fprintf(stderr, "rpcb_rmtcall: %s\n", clnt_sperrno(st));
		r = EXIT_CALL;
	} else if (!print_taddr(nconf, &taddr)) {
		fprintf(stderr, "tirpc-client: taddr2uaddr failed\n");
		r = EXIT_CALL;
	}
	freenetconfigent(nconf);
	return r;
}

/* clnt_tp_create() takes any netid (clnt_create() only "udp", "tcp"). */
static int cmd_echo(char **argv)
{
	struct timeval tout = { ECHO_TIMEOUT, 0 };
	struct netconfig *nconf;
	char *in = argv[2], *out = NULL;
	enum clnt_stat st;
	CLIENT *clnt;
	int r = EXIT_SUCCESS;

	nconf = netconfig(argv[1]);
	if (!nconf)
		return EXIT_USAGE;
	clnt = clnt_tp_create(argv[0], ECHO_PROG, ECHO_VERS, nconf);
	freenetconfigent(nconf);
	if (!clnt) {
		fprintf(stderr, "%s\n", clnt_spcreateerror("clnt_tp_create"));
		return EXIT_CALL;
	}
	st = clnt_call(clnt, ECHO_PROC, (xdrproc_t)xdr_echo_str, &in,
		       (xdrproc_t)xdr_echo_str, &out, tout);
	if (st != RPC_SUCCESS) {
		fprintf(stderr, "%s\n", clnt_sperror(clnt, "echo"));
		r = EXIT_CALL;
	} else {
		printf("%s\n", out);
		clnt_freeres(clnt, (xdrproc_t)xdr_echo_str, &out);
	}
	clnt_destroy(clnt);
	return r;
}

static const struct command commands[] = {
	{ "set", 4, 4, cmd_set, "PROG VERS NETID UADDR" },
	{ "unset", 2, 3, cmd_unset, "PROG VERS [NETID]" },
	{ "pmap_set", 4, 4, cmd_pmap_set, "PROG VERS PROT PORT" },
	{ "pmap_unset", 2, 2, cmd_pmap_unset, "PROG VERS" },
	{ "getaddr", 4, 4, cmd_getaddr, "HOST PROG VERS NETID" },
	{ "getport", 4, 4, cmd_getport, "HOST PROG VERS PROT" },
	{ "getmaps", 1, 2, cmd_getmaps, "HOST [NETID]" },
	{ "rmtcall", 4, 4, cmd_rmtcall, "HOST PROG VERS PROC" },
	{ "echo", 3, 3, cmd_echo, "HOST NETID STRING" },
};

static int usage(void)
{
	size_t i;

	fprintf(stderr, "usage:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(stderr, "  tirpc-client %s %s\n", commands[i].name,
			commands[i].args);
	fprintf(stderr, "PROT is udp, tcp or a protocol number\n");
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	const struct command *c;
	int n = argc - 2;
	size_t i;

	if (argc < 2)
		return usage();
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		c = &commands[i];
		if (strcmp(argv[1], c->name))
			continue;
		if (n < c->min_args || n > c->max_args)
			return usage();
		return c->run(argv + 2);
	}
	return usage();
}
