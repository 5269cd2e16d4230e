/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rpcinfo-ping.c - what rpcinfo does over the network, from the
 * namespace rpcinfo-ns runs in (it has entered -N's by then): pings,
 * GETADDRLIST, broadcasts, and tables of another host's portmapper.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netconfig.h>

#include "rpcinfo-ns.h"

#define MIN_VERS	((u_long)0)
#define MAX_VERS	((u_long)4294967295UL)
#define PING_TIMEOUT	10
#define DUMP_TIMEOUT	60

bool_t xdr_nothing(XDR *x, void *p)
{
	return TRUE;
}

u_long getprognum(const char *arg)
{
	struct rpcent *rpc;
	char *end;
	u_long prog;
	const char *p = arg;

	while (*p && isdigit((unsigned char)*p))
		p++;
	if (*p) {
		rpc = getrpcbyname(arg);
		if (!rpc)
			die("%s is unknown service", arg);
		return (u_long)rpc->r_number;
	}
	prog = strtoul(arg, &end, 10);
	if (end == arg || *end)
		die("%s is illegal program number", arg);
	return prog;
}

u_long getvers(const char *arg)
{
	char *end;
	u_long vers = strtoul(arg, &end, 10);

	if (end == arg || *end)
		die("%s is illegal version number", arg);
	return vers;
}

static enum clnt_stat null_call(CLIENT *clnt)
{
	struct timeval to = { PING_TIMEOUT, 0 };

	return clnt_call(clnt, NULLPROC, (xdrproc_t)xdr_nothing, NULL,
			 (xdrproc_t)xdr_nothing, NULL, to);
}

/* rpcinfo's pstatus(): one line per version pinged. */
static int pstatus(CLIENT *clnt, u_long prog, u_long vers)
{
	struct rpc_err err;

	clnt_geterr(clnt, &err);
	if (err.re_status != RPC_SUCCESS) {
		clnt_perror(clnt, "rpcinfo");
		printf("program %lu version %lu is not available\n", prog,
		       vers);
		return -1;
	}
	printf("program %lu version %lu ready and waiting\n", prog, vers);
	return 0;
}

/* Version unknown: version 0 tells the range (or a wise guy takes all). */
static int version_range(CLIENT *clnt, u_long prog, u_long *lo, u_long *hi)
{
	u_long vers = MAX_VERS;
	struct rpc_err err;
	enum clnt_stat st = null_call(clnt);

	if (st == RPC_SUCCESS) {
		clnt_control(clnt, CLSET_VERS, (char *)&vers);
		st = null_call(clnt);
		if (st == RPC_SUCCESS) {
			*lo = 0;
			*hi = MAX_VERS;
			return 0;
		}
	}
	if (st != RPC_PROGVERSMISMATCH) {
		pstatus(clnt, prog, st == RPC_SUCCESS ? MAX_VERS : 0);
		return -1;
	}
	clnt_geterr(clnt, &err);
	*lo = err.re_vers.low;
	*hi = err.re_vers.high;
	return 0;
}

/* Ping one version (@vers_arg) or every version the server has. */
static int ping_versions(CLIENT *clnt, u_long prog, const char *vers_arg)
{
	u_long vers, lo, hi;
	int failed = 0;

	if (vers_arg) {
		null_call(clnt);
		return pstatus(clnt, prog, getvers(vers_arg)) < 0;
	}
	if (version_range(clnt, prog, &lo, &hi) < 0)
		return 1;
	for (vers = lo; vers <= hi; vers++) {
		clnt_control(clnt, CLSET_VERS, (char *)&vers);
		null_call(clnt);
		failed |= pstatus(clnt, prog, vers) < 0;
		if (vers == MAX_VERS)
			break;
	}
	return failed;
}

int ping_netid(const char *netid, int argc, char **argv)
{
	struct netconfig *nconf;
	CLIENT *clnt;
	u_long prog;

	if (argc < 2 || argc > 3)
		die("usage: -T netid host prognum [versnum]");
	prog = getprognum(argv[1]);
	nconf = getnetconfigent(netid);
	if (!nconf)
		die("Could not find %s", netid);
	clnt = clnt_tp_create(argv[0], prog,
			      argc == 3 ? getvers(argv[2]) : MIN_VERS, nconf);
	freenetconfigent(nconf);
	if (!clnt) {
		clnt_pcreateerror("rpcinfo");
		exit(1);
	}
	argc = ping_versions(clnt, prog, argc == 3 ? argv[2] : NULL);
	clnt_destroy(clnt);
	return argc;
}

int ping_ip(const char *proto, int argc, char **argv)
{
	CLIENT *clnt;
	u_long prog;

	if (argc < 2 || argc > 3)
		die("usage: -u|-t host prognum [versnum]");
	prog = getprognum(argv[1]);
	clnt = clnt_create(argv[0], prog,
			   argc == 3 ? getvers(argv[2]) : MIN_VERS, proto);
	if (!clnt) {
		clnt_pcreateerror(argv[0]);
		exit(1);
	}
	argc = ping_versions(clnt, prog, argc == 3 ? argv[2] : NULL);
	clnt_destroy(clnt);
	return argc;
}

int ping_addr(const char *uaddr, const char *netid, int argc, char **argv)
{
	struct netconfig *nconf;
	struct netbuf *nb;
	CLIENT *clnt;
	u_long prog;

	if (argc < 1 || argc > 2 || !netid)
		die("usage: -a serv_address -T netid prognum [version]");
	nconf = getnetconfigent(netid);
	if (!nconf)
		die("Could not find %s", netid);
	nb = uaddr2taddr(nconf, uaddr);
	if (!nb)
		die("no address for client handle");
	prog = getprognum(argv[0]);
	clnt = clnt_tli_create(RPC_ANYFD, nconf, nb, prog,
			       argc == 2 ? getvers(argv[1]) : MIN_VERS, 0, 0);
	freenetconfigent(nconf);
	free(nb->buf);
	free(nb);
	if (!clnt) {
		clnt_pcreateerror("rpcinfo");
		exit(1);
	}
	argc = ping_versions(clnt, prog, argc == 2 ? argv[1] : NULL);
	clnt_destroy(clnt);
	return argc;
}

/* The portmapper of @host over a connection, as rpcinfo prefers. */
static CLIENT *portmapper(const char *host, rpcvers_t vers)
{
	CLIENT *clnt = clnt_create(host, PMAPPROG, vers, "tcp");

	if (!clnt)
		clnt = clnt_create(host, PMAPPROG, vers, "udp");
	if (!clnt) {
		clnt_pcreateerror("rpcinfo: can't contact rpcbind");
		exit(1);
	}
	return clnt;
}

static void checked_call(CLIENT *clnt, rpcproc_t proc, xdrproc_t xargs,
			 void *args, xdrproc_t xres, void *res)
{
	struct timeval to = { DUMP_TIMEOUT, 0 };

	if (clnt_call(clnt, proc, xargs ? xargs : (xdrproc_t)xdr_nothing,
		      args, xres, res, to) != RPC_SUCCESS) {
		clnt_perror(clnt, "rpcinfo: can't contact rpcbind: ");
		exit(1);
	}
}

int remote_dump(const char *host, int type)
{
	struct pmaplist *pl = NULL;
	rpcblist_ptr rl = NULL;
	rpcb_stat_byvers st;
	CLIENT *clnt;

	if (type == DUMP_PMAP) {
		clnt = portmapper(host, PMAPVERS);
		checked_call(clnt, PMAPPROC_DUMP, NULL, NULL,
			     (xdrproc_t)xdr_pmaplist_ptr, &pl);
		print_pmaplist(pl, NULL);
		xdr_free((xdrproc_t)xdr_pmaplist_ptr, (char *)&pl);
	} else if (type == DUMP_STATS) {
		clnt = portmapper(host, RPCBVERS4);
		memset(&st, 0, sizeof(st));
		checked_call(clnt, RPCBPROC_GETSTAT, NULL, NULL,
			     (xdrproc_t)xdr_rpcb_stat_byvers, st);
		print_stats(st);
		xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)st);
	} else {
		clnt = portmapper(host, RPCBVERS);
		checked_call(clnt, RPCBPROC_DUMP, NULL, NULL,
			     (xdrproc_t)xdr_rpcblist_ptr, &rl);
		if (type == DUMP_SHORT)
			print_rpcblist_short(rl);
		else
			print_rpcblist(rl, NULL);
		xdr_free((xdrproc_t)xdr_rpcblist_ptr, (char *)&rl);
	}
	clnt_destroy(clnt);
	return 0;
}

int addrlist(const char *netid, int argc, char **argv)
{
	static char empty[] = "";
	rpcb_entry_list_ptr head = NULL;
	struct netconfig *nconf;
	struct netbuf nb = { 0 };
	char addr[128], *hint = empty;
	CLIENT *clnt;
	rpcb parms;

	if (argc != 3)
		die("usage: -l host prognum versnum");
	clnt = clnt_create(argv[0], RPCBPROG, RPCBVERS4, netid ? netid : "tcp");
	if (!clnt) {
		clnt_pcreateerror("rpcinfo: can't contact rpcbind");
		exit(1);
	}
	parms.r_prog = getprognum(argv[1]);
	parms.r_vers = getvers(argv[2]);
	parms.r_netid = clnt->cl_netid;
	/* As rpcinfo: tell the server the address we reached it at. */
	nb.buf = addr;
	nb.maxlen = sizeof(addr);
	nconf = getnetconfigent(clnt->cl_netid);
	if (nconf && clnt_control(clnt, CLGET_SVC_ADDR, (char *)&nb))
		hint = taddr2uaddr(nconf, &nb);
	if (nconf)
		freenetconfigent(nconf);
	parms.r_addr = hint ? hint : empty;
	parms.r_owner = empty;
	checked_call(clnt, RPCBPROC_GETADDRLIST, (xdrproc_t)xdr_rpcb, &parms,
		     (xdrproc_t)xdr_rpcb_entry_list_ptr, &head);
	print_addrlist(head, parms.r_prog, parms.r_vers);
	xdr_free((xdrproc_t)xdr_rpcb_entry_list_ptr, (char *)&head);
	if (hint != empty)
		free(hint);
	clnt_destroy(clnt);
	return 0;
}

static bool_t broadcast_reply(void *res, struct netbuf *who,
			      struct netconfig *nconf)
{
	char host[NI_MAXHOST];
	char *uaddr = taddr2uaddr(nconf, who);
	const struct sockaddr *sa = (const struct sockaddr *)who->buf;

	if (getnameinfo(sa, who->len, host, sizeof(host), NULL, 0, 0))
		strcpy(host, "unknown");
	printf("%s\t%s\n", uaddr ? uaddr : "unknown", host);
	free(uaddr);
	return FALSE;
}

int broadcast(int argc, char **argv)
{
	enum clnt_stat st;

	if (argc != 2)
		die("usage: -b prognum versnum");
	st = rpc_broadcast(getprognum(argv[0]), getvers(argv[1]), NULLPROC,
			   (xdrproc_t)xdr_nothing, NULL,
			   (xdrproc_t)xdr_nothing, NULL,
			   (resultproc_t)broadcast_reply, NULL);
	if (st != RPC_SUCCESS && st != RPC_TIMEDOUT)
		die("broadcast failed: %s", clnt_sperrno(st));
	return 0;
}
