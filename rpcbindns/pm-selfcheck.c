/*
 * pm-selfcheck - drive the libportmap core through one scenario and print
 * what a client would see, until the daemon exists.
 *
 * It builds a table as rpcbind starts it, registers a service as a local
 * root client, looks it up from another host, dumps the table in
 * `rpcinfo` format and checks every answer.  Exit 0 when all is well.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rpc/rpc.h>
#include <rpc/rpcb_prot.h>

#include "portmap.h"

#define NS		1
#define BUF_MAX		9000

static int failures;

static void expect(bool ok, const char *what)
{
	printf("%-58s %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

static size_t encode_call(uint8_t *buf, uint32_t proc, rpcb *args)
{
	struct rpc_msg msg = { .rm_xid = 42, .rm_direction = CALL };
	XDR x;

	msg.rm_call.cb_rpcvers = RPC_MSG_VERSION;
	msg.rm_call.cb_prog = PM_PROG;
	msg.rm_call.cb_vers = PM_VERS_RPCB4;
	msg.rm_call.cb_proc = proc;
	xdrmem_create(&x, (char *)buf, BUF_MAX, XDR_ENCODE);
	if (!xdr_callmsg(&x, &msg) || (args && !xdr_rpcb(&x, args)))
		return 0;
	return xdr_getpos(&x);
}

/* Run one call; decode its results with @xres into @res. */
static bool call(struct pm_table *t, const struct pm_caller *c,
		 uint32_t proc, rpcb *args, xdrproc_t xres, void *res)
{
	uint8_t in[BUF_MAX], out[BUF_MAX];
	struct rpc_msg reply = { 0 };
	size_t n = encode_call(in, proc, args);
	int len;
	XDR x;

	len = n ? pm_proc_dispatch(t, c, in, n, out, sizeof(out), NULL) : -1;
	if (len <= 0)
		return false;
	reply.acpted_rply.ar_results.where = res;
	reply.acpted_rply.ar_results.proc = xres;
	xdrmem_create(&x, (char *)out, (u_int)len, XDR_DECODE);
	return xdr_replymsg(&x, &reply) && reply.rm_reply.rp_stat == MSG_ACCEPTED &&
	       reply.acpted_rply.ar_stat == SUCCESS;
}

static void print_dump(rpcblist_ptr list)
{
	printf("   program version netid     address                service    owner\n");
	for (; list; list = list->rpcb_next)
		printf("%10lu%5lu    %-10s%-23s%-11s%s\n",
		       (unsigned long)list->rpcb_map.r_prog,
		       (unsigned long)list->rpcb_map.r_vers,
		       list->rpcb_map.r_netid, list->rpcb_map.r_addr,
		       list->rpcb_map.r_prog == PM_PROG ? "portmapper" : "-",
		       list->rpcb_map.r_owner);
}

static void set_peer(struct sockaddr_in *sin, const char *ip, uint16_t port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	inet_pton(AF_INET, ip, &sin->sin_addr);
}

int main(void)
{
	static const char *const self[][2] = {
		{ "tcp6", "::.0.111" }, { "udp6", "::.0.111" },
		{ "tcp", "0.0.0.0.0.111" }, { "udp", "0.0.0.0.0.111" },
		{ "local", "/run/rpcbind.sock" },
	};
	struct sockaddr_un unix_peer = { .sun_family = AF_UNIX };
	struct sockaddr_in remote, local;
	struct pm_ifaddr ifs[2] = { { .prefixlen = 8, .up = true, .loopback = true },
				    { .prefixlen = 24, .up = true } };
	struct pm_caller root = {
		.ns = NS, .netid = "local", .peer = (struct sockaddr *)&unix_peer,
		.peer_len = sizeof(unix_peer), .has_uid = true, .uid = 0,
	};
	struct pm_caller far = { .ns = NS, .netid = "udp", .ifaddrs = ifs,
				 .n_ifaddrs = 2 };
	rpcb reg = { 300001, 1, "udp", "0.0.0.0.8.1", "0" };
	rpcblist_ptr list = NULL;
	struct pm_table *t = pm_table_new(NULL);
	bool_t ok = FALSE;
	char *uaddr = NULL;
	size_t i;

	if (!t)
		return 1;
	for (i = 0; i < sizeof(self) / sizeof(self[0]); i++)
		pm_table_add_self(t, NS, self[i][0], self[i][1]);
	set_peer((struct sockaddr_in *)&ifs[0].addr, "127.0.0.1", 0);
	set_peer((struct sockaddr_in *)&ifs[1].addr, "192.0.2.1", 0);
	set_peer(&remote, "192.0.2.7", 40000);
	set_peer(&local, "192.0.2.1", 111);
	far.peer = (struct sockaddr *)&remote;
	far.peer_len = sizeof(remote);
	far.local = (struct sockaddr *)&local;
	far.local_len = sizeof(local);

	expect(call(t, &root, RPCBPROC_SET, &reg, (xdrproc_t)xdr_bool, &ok) && ok,
	       "SET 300001/1/udp as local root");
	expect(call(t, &far, RPCBPROC_SET, &reg, (xdrproc_t)xdr_bool, &ok) == false,
	       "SET from another host is refused");
	expect(call(t, &far, RPCBPROC_GETADDR, &reg, (xdrproc_t)xdr_wrapstring,
		    &uaddr) && strcmp(uaddr, "192.0.2.1.8.1") == 0,
	       "GETADDR from 192.0.2.7 answers 192.0.2.1.8.1");
	xdr_free((xdrproc_t)xdr_wrapstring, (char *)&uaddr);
	expect(call(t, &far, RPCBPROC_DUMP, NULL, (xdrproc_t)xdr_rpcblist_ptr,
		    &list), "DUMP");
	print_dump(list);
	xdr_free((xdrproc_t)xdr_rpcblist_ptr, (char *)&list);
	pm_table_free(t);
	printf("%d passed, %d failed\n", 4 - failures, failures);
	return failures ? 1 : 0;
}
