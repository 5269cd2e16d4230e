/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rawclient - send exactly one RPC call to rpcbind over an explicit
 * transport (udp, tcp, udp6, tcp6) and print the decoded reply.
 *
 * Used by capture.sh to produce golden vectors.  It never goes through
 * AF_LOCAL: the socket is created here, bound to the loopback address
 * (port srcport, or an ephemeral one) and handed to clnt_tli_create().
 * The server is always 127.0.0.1 port 111 (udp, tcp) or ::1 port 111
 * (udp6, tcp6).  PROG defaults to 100000.
 *
 * usage: rawclient [-p srcport] [-P prog] [-t secs] NETID VERS PROC RES ARGTYPE [ARGS...]
 *
 *   ARGTYPE: void
 *            rpcb PROG VERS NETID UADDR OWNER      (struct rpcb)
 *            pmap PROG VERS PROT PORT              (struct pmap)
 *            string S                              (xdr_wrapstring)
 *            sin ADDR PORT                         (netbuf holding a 16-byte sockaddr_in)
 *            u32 N...                              (raw sequence of XDR unsigned ints)
 *   RES:     void bool u32 string pmaplist rpcblist entrylist netbuf stat
 *
 * Exit status: 0 call succeeded, 1 usage/setup error, 2 RPC error
 * (the error is printed; it is an expected outcome for some vectors).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rpc/rpc.h>
#include <rpc/pmap_prot.h>
#include <rpc/rpcb_prot.h>

#define MAXU32 16

static u_int u32v[MAXU32];
static u_int u32n;

static bool_t xdr_u32seq(XDR *xdrs, void *unused)
{
	u_int i;

	(void)unused;
	for (i = 0; i < u32n; i++)
		if (!xdr_u_int(xdrs, &u32v[i]))
			return FALSE;
	return TRUE;
}

static void usage(void)
{
	fprintf(stderr, "usage: rawclient [-p srcport] [-P prog] [-t secs] "
		"NETID VERS PROC RES ARGTYPE [ARGS...]\n");
	exit(1);
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *s == '\0' || *end != '\0') {
		fprintf(stderr, "rawclient: bad number '%s'\n", s);
		exit(1);
	}
	return v;
}

static void print_result(const char *res, void *r)
{
	if (!strcmp(res, "void")) {
		printf("result: void\n");
	} else if (!strcmp(res, "bool")) {
		printf("result: %s\n", *(bool_t *)r ? "TRUE" : "FALSE");
	} else if (!strcmp(res, "u32")) {
		printf("result: %u\n", *(u_int *)r);
	} else if (!strcmp(res, "string")) {
		printf("result: \"%s\"\n", *(char **)r ? *(char **)r : "(null)");
	} else if (!strcmp(res, "pmaplist")) {
		struct pmaplist *p;

		printf("result: pmaplist\n");
		for (p = *(struct pmaplist **)r; p; p = p->pml_next)
			printf("  %lu %lu prot %lu port %lu\n", p->pml_map.pm_prog,
			       p->pml_map.pm_vers, p->pml_map.pm_prot,
			       p->pml_map.pm_port);
	} else if (!strcmp(res, "rpcblist")) {
		rpcblist_ptr p;

		printf("result: rpcblist\n");
		for (p = *(rpcblist_ptr *)r; p; p = p->rpcb_next)
			printf("  %u %u %s %s %s\n", p->rpcb_map.r_prog,
			       p->rpcb_map.r_vers, p->rpcb_map.r_netid,
			       p->rpcb_map.r_addr, p->rpcb_map.r_owner);
	} else if (!strcmp(res, "entrylist")) {
		rpcb_entry_list_ptr p;

		printf("result: entrylist\n");
		for (p = *(rpcb_entry_list_ptr *)r; p; p = p->rpcb_entry_next)
			printf("  %s %s semantics %u family %s proto %s\n",
			       p->rpcb_entry_map.r_maddr,
			       p->rpcb_entry_map.r_nc_netid,
			       p->rpcb_entry_map.r_nc_semantics,
			       p->rpcb_entry_map.r_nc_protofmly,
			       p->rpcb_entry_map.r_nc_proto);
	} else if (!strcmp(res, "netbuf")) {
		struct netbuf *nb = r;
		u_int i;

		printf("result: netbuf maxlen %u len %u bytes", nb->maxlen, nb->len);
		for (i = 0; i < nb->len; i++)
			printf(" %02x", ((unsigned char *)nb->buf)[i]);
		printf("\n");
	} else if (!strcmp(res, "stat")) {
		rpcb_stat *st = r;
		int v, i;

		for (v = 0; v < RPCBVERS_STAT; v++) {
			rpcbs_addrlist_ptr a;
			rpcbs_rmtcalllist_ptr m;

			printf("result: stat v%d set %d unset %d procs", v + 2,
			       st[v].setinfo, st[v].unsetinfo);
			for (i = 0; i < RPCBSTAT_HIGHPROC; i++)
				printf(" %d", st[v].info[i]);
			printf("\n");
			for (a = st[v].addrinfo; a; a = a->next)
				printf("  addr %u %u %s success %d failure %d\n",
				       a->prog, a->vers, a->netid, a->success,
				       a->failure);
			for (m = st[v].rmtinfo; m; m = m->next)
				printf("  rmt %u %u %u %s success %d failure %d indirect %d\n",
				       m->prog, m->vers, m->proc, m->netid,
				       m->success, m->failure, m->indirect);
		}
	}
}

int main(int argc, char **argv)
{
	int c, fd, family, stype, i;
	unsigned long srcport = 0, prog = RPCBPROG, timeout = 5;
	unsigned long vers, proc;
	const char *netid, *res, *argtype;
	struct netconfig *nconf;
	struct sockaddr_storage srv, me;
	socklen_t srvlen, melen;
	struct netbuf svcaddr;
	CLIENT *clnt;
	struct timeval tv, retry;
	enum clnt_stat st;
	xdrproc_t xargs, xres;
	void *argp;
	/* argument storage */
	struct rpcb rb;
	struct pmap pm;
	char *str;
	struct sockaddr_in sin;
	struct netbuf nb;
	/* result storage */
	union {
		bool_t b;
		u_int u;
		char *s;
		struct pmaplist *pl;
		rpcblist_ptr rl;
		rpcb_entry_list_ptr el;
		struct netbuf nb;
		rpcb_stat_byvers stat;
	} r;
	char host[INET6_ADDRSTRLEN];

	while ((c = getopt(argc, argv, "p:P:t:")) != -1) {
		switch (c) {
		case 'p': srcport = num(optarg); break;
		case 'P': prog = num(optarg); break;
		case 't': timeout = num(optarg); break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 5)
		usage();
	netid = argv[0];
	vers = num(argv[1]);
	proc = num(argv[2]);
	res = argv[3];
	argtype = argv[4];
	argc -= 5;
	argv += 5;

	/* arguments */
	if (!strcmp(argtype, "void") && argc == 0) {
		xargs = (xdrproc_t)xdr_void;
		argp = NULL;
	} else if (!strcmp(argtype, "rpcb") && argc == 5) {
		rb.r_prog = num(argv[0]);
		rb.r_vers = num(argv[1]);
		rb.r_netid = argv[2];
		rb.r_addr = argv[3];
		rb.r_owner = argv[4];
		xargs = (xdrproc_t)xdr_rpcb;
		argp = &rb;
	} else if (!strcmp(argtype, "pmap") && argc == 4) {
		pm.pm_prog = num(argv[0]);
		pm.pm_vers = num(argv[1]);
		pm.pm_prot = num(argv[2]);
		pm.pm_port = num(argv[3]);
		xargs = (xdrproc_t)xdr_pmap;
		argp = &pm;
	} else if (!strcmp(argtype, "string") && argc == 1) {
		str = argv[0];
		xargs = (xdrproc_t)xdr_wrapstring;
		argp = &str;
	} else if (!strcmp(argtype, "sin") && argc == 2) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons(num(argv[1]));
		if (inet_pton(AF_INET, argv[0], &sin.sin_addr) != 1)
			usage();
		nb.maxlen = nb.len = sizeof(sin);
		nb.buf = &sin;
		xargs = (xdrproc_t)xdr_netbuf;
		argp = &nb;
	} else if (!strcmp(argtype, "u32") && argc <= MAXU32) {
		for (i = 0; i < argc; i++)
			u32v[i] = num(argv[i]);
		u32n = argc;
		xargs = (xdrproc_t)xdr_u32seq;
		argp = NULL;
	} else {
		usage();
	}

	/* results */
	memset(&r, 0, sizeof(r));
	if (!strcmp(res, "void")) xres = (xdrproc_t)xdr_void;
	else if (!strcmp(res, "bool")) xres = (xdrproc_t)xdr_bool;
	else if (!strcmp(res, "u32")) xres = (xdrproc_t)xdr_u_int;
	else if (!strcmp(res, "string")) xres = (xdrproc_t)xdr_wrapstring;
	else if (!strcmp(res, "pmaplist")) xres = (xdrproc_t)xdr_pmaplist;
	else if (!strcmp(res, "rpcblist")) xres = (xdrproc_t)xdr_rpcblist_ptr;
	else if (!strcmp(res, "entrylist")) xres = (xdrproc_t)xdr_rpcb_entry_list_ptr;
	else if (!strcmp(res, "netbuf")) xres = (xdrproc_t)xdr_netbuf;
	else if (!strcmp(res, "stat")) xres = (xdrproc_t)xdr_rpcb_stat_byvers;
	else usage();

	/* transport: our own socket, optionally bound to a fixed source port */
	nconf = getnetconfigent(netid);
	if (nconf == NULL) {
		fprintf(stderr, "rawclient: unknown netid %s\n", netid);
		return 1;
	}
	family = !strcmp(nconf->nc_protofmly, NC_INET6) ? AF_INET6 : AF_INET;
	stype = nconf->nc_semantics == NC_TPI_CLTS ? SOCK_DGRAM : SOCK_STREAM;
	memset(&srv, 0, sizeof(srv));
	memset(&me, 0, sizeof(me));
	if (family == AF_INET) {
		struct sockaddr_in *s = (struct sockaddr_in *)&srv;
		struct sockaddr_in *m = (struct sockaddr_in *)&me;

		s->sin_family = m->sin_family = AF_INET;
		s->sin_port = htons(111);
		s->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		m->sin_port = htons(srcport);
		m->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		srvlen = melen = sizeof(struct sockaddr_in);
	} else {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)&srv;
		struct sockaddr_in6 *m = (struct sockaddr_in6 *)&me;

		s->sin6_family = m->sin6_family = AF_INET6;
		s->sin6_port = htons(111);
		s->sin6_addr = in6addr_loopback;
		m->sin6_port = htons(srcport);
		m->sin6_addr = in6addr_loopback;
		srvlen = melen = sizeof(struct sockaddr_in6);
	}
	fd = socket(family, stype, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	/* bind to the loopback address: srcport, or an ephemeral port if 0 */
	if (srcport) {
		int one = 1;

		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	}
	if (bind(fd, (struct sockaddr *)&me, melen) < 0) {
		perror("bind");
		return 1;
	}
	svcaddr.buf = &srv;
	svcaddr.len = svcaddr.maxlen = srvlen;
	clnt = clnt_tli_create(fd, nconf, &svcaddr, prog, vers, 0, 0);
	if (clnt == NULL) {
		clnt_pcreateerror("rawclient");
		return 1;
	}
	/* one transmission only: the retry interval exceeds the total timeout */
	retry.tv_sec = timeout + 10;
	retry.tv_usec = 0;
	if (stype == SOCK_DGRAM)
		clnt_control(clnt, CLSET_RETRY_TIMEOUT, (char *)&retry);

	melen = sizeof(me);
	getsockname(fd, (struct sockaddr *)&me, &melen);
	if (family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&me)->sin_addr, host, sizeof(host));
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&me)->sin6_addr, host, sizeof(host));
	printf("call: %s from %s port %u: prog %lu vers %lu proc %lu args %s\n",
	       netid, host,
	       ntohs(family == AF_INET ? ((struct sockaddr_in *)&me)->sin_port
				       : ((struct sockaddr_in6 *)&me)->sin6_port),
	       prog, vers, proc, argtype);

	tv.tv_sec = timeout;
	tv.tv_usec = 0;
	st = clnt_call(clnt, proc, xargs, argp, xres, (char *)&r, tv);
	if (st != RPC_SUCCESS) {
		printf("error: %s\n", clnt_sperror(clnt, "rpc"));
		fflush(stdout);
		clnt_destroy(clnt);
		close(fd);
		return 2;
	}
	print_result(res, &r);
	fflush(stdout);
	clnt_destroy(clnt);
	close(fd);
	return 0;
}
