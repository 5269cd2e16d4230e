/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * testutil.c - helpers for the unit tests.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "testutil.h"

int tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

TCase *tu_add_tcase(Suite *s, const char *name, SFun setup, SFun teardown)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(s, tc);
	return tc;
}

static void set_ifaddr(struct pm_ifaddr *ifa, int family, const char *ip,
		       uint8_t prefixlen, bool loopback)
{
	memset(ifa, 0, sizeof(*ifa));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ifa->addr;

		sin->sin_family = AF_INET;
		ck_assert_int_eq(inet_pton(AF_INET, ip, &sin->sin_addr), 1);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ifa->addr;

		sin6->sin6_family = AF_INET6;
		ck_assert_int_eq(inet_pton(AF_INET6, ip, &sin6->sin6_addr), 1);
	}
	ifa->prefixlen = prefixlen;
	ifa->up = true;
	ifa->loopback = loopback;
}

static socklen_t set_sockaddr(struct sockaddr_storage *ss, const char *ip,
			      uint16_t port)
{
	memset(ss, 0, sizeof(*ss));
	if (strchr(ip, ':')) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		ck_assert_int_eq(inet_pton(AF_INET6, ip, &sin6->sin6_addr), 1);
		return sizeof(*sin6);
	}
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	ck_assert_int_eq(inet_pton(AF_INET, ip, &sin->sin_addr), 1);
	return sizeof(*sin);
}

static void caller_base(struct tu_caller *tc, uint64_t ns, const char *netid)
{
	memset(tc, 0, sizeof(*tc));
	set_ifaddr(&tc->ifs[0], AF_INET, "127.0.0.1", 8, true);
	set_ifaddr(&tc->ifs[1], AF_INET6, "::1", 128, true);
	set_ifaddr(&tc->ifs[2], AF_INET, "10.0.0.1", 24, false);
	tc->c.ns = ns;
	tc->c.netid = netid;
	tc->c.ifaddrs = tc->ifs;
	tc->c.n_ifaddrs = 3;
	tc->c.policy = &tc->policy;
	tc->c.now = 1700000000;
}

void tu_caller_ip(struct tu_caller *tc, uint64_t ns, const char *netid,
		  const char *ip, uint16_t port)
{
	bool v6 = strchr(ip, ':') != NULL;

	caller_base(tc, ns, netid);
	tc->c.peer_len = set_sockaddr(&tc->peer, ip, port);
	tc->c.peer = (struct sockaddr *)&tc->peer;
	/* Callers on eth0's subnet reached us at eth0's address. */
	tc->c.local_len = set_sockaddr(&tc->local, v6 ? "::1" :
				       strncmp(ip, "10.0.0.", 7) == 0 ?
				       "10.0.0.1" : "127.0.0.1", 111);
	tc->c.local = (struct sockaddr *)&tc->local;
}

void tu_caller_local(struct tu_caller *tc, uint64_t ns, uid_t uid)
{
	caller_base(tc, ns, "local");
	tc->peer.ss_family = AF_UNIX;
	tc->c.peer = (struct sockaddr *)&tc->peer;
	tc->c.peer_len = sizeof(sa_family_t);
	tc->c.has_uid = true;
	tc->c.uid = uid;
}

size_t tu_encode_call(uint8_t *buf, size_t cap, uint32_t xid, uint32_t prog,
		      uint32_t vers, uint32_t proc, xdrproc_t xargs,
		      void *args)
{
	struct rpc_msg msg;
	XDR x;

	memset(&msg, 0, sizeof(msg));
	msg.rm_xid = xid;
	msg.rm_direction = CALL;
	msg.rm_call.cb_rpcvers = RPC_MSG_VERSION;
	msg.rm_call.cb_prog = prog;
	msg.rm_call.cb_vers = vers;
	msg.rm_call.cb_proc = proc;
	msg.rm_call.cb_cred.oa_flavor = AUTH_NONE;
	msg.rm_call.cb_verf.oa_flavor = AUTH_NONE;
	xdrmem_create(&x, (char *)buf, (u_int)cap, XDR_ENCODE);
	ck_assert(xdr_callmsg(&x, &msg));
	if (xargs)
		ck_assert(xargs(&x, args));
	return xdr_getpos(&x);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Fail unless the reply is exactly @want bytes long. */
static void assert_reply_len(const struct tu_reply *r, int want)
{
	ck_assert_msg(r->len == want, "reply of %d bytes, expected %d",
		      r->len, want);
}

void tu_parse_reply(struct tu_reply *r)
{
	const uint8_t *p = r->buf;

	r->body = NULL;
	r->body_len = 0;
	/* No reply must not read as MSG_ACCEPTED / SUCCESS, both 0. */
	if (r->len <= 0) {
		r->reply_stat = r->accept_stat = r->reject_stat =
			r->auth_stat = TU_NO_REPLY;
		return;
	}
	ck_assert_int_ge(r->len, 20);
	r->xid = get32(p);
	ck_assert_uint_eq(get32(p + 4), REPLY);
	r->reply_stat = get32(p + 8);
	if (r->reply_stat == MSG_DENIED) {
		r->reject_stat = get32(p + 12);
		if (r->reject_stat == AUTH_ERROR) {
			assert_reply_len(r, 20);
			r->auth_stat = get32(p + 16);
		} else {
			assert_reply_len(r, 24);
			r->low = get32(p + 16);
			r->high = get32(p + 20);
		}
		return;
	}
	ck_assert_uint_eq(r->reply_stat, MSG_ACCEPTED);
	ck_assert_int_ge(r->len, 24);
	ck_assert_uint_eq(get32(p + 12), AUTH_NONE);
	ck_assert_uint_eq(get32(p + 16), 0);	/* AUTH_NONE verifier body */
	r->accept_stat = get32(p + 20);
	if (r->accept_stat == SUCCESS) {
		r->body = p + 24;
		r->body_len = (size_t)r->len - 24;
	} else if (r->accept_stat == PROG_MISMATCH) {
		assert_reply_len(r, 32);
		r->low = get32(p + 24);
		r->high = get32(p + 28);
	} else {
		assert_reply_len(r, 24);
	}
}

void tu_call(struct pm_table *t, const struct tu_caller *tc, uint32_t vers,
	     uint32_t proc, xdrproc_t xargs, void *args, struct tu_reply *r)
{
	uint8_t in[TU_BUF_MAX];
	size_t n = tu_encode_call(in, sizeof(in), 0x1234, PM_PROG, vers, proc,
				  xargs, args);

	memset(r, 0, sizeof(*r));
	r->len = pm_proc_dispatch(t, &tc->c, in, n, r->buf, sizeof(r->buf),
				  NULL);
	tu_parse_reply(r);
	if (r->len > 0)
		ck_assert_uint_eq(r->xid, 0x1234);
}

bool tu_results(const struct tu_reply *r, xdrproc_t xres, void *res)
{
	XDR x;

	if (!r->body)
		return false;
	xdrmem_create(&x, tu_mut(r->body), (u_int)r->body_len, XDR_DECODE);
	if (!xres(&x, res))
		return false;
	/* Bytes after the results would be garbage to a real client. */
	ck_assert_uint_eq(xdr_getpos(&x), r->body_len);
	return true;
}

static int bool_result(const struct tu_reply *r)
{
	bool_t b;

	if (r->reply_stat != MSG_ACCEPTED || r->accept_stat != SUCCESS)
		return -1;
	ck_assert(tu_results(r, (xdrproc_t)xdr_bool, &b));
	return b ? 1 : 0;
}

int tu_rpcb_set(struct pm_table *t, const struct tu_caller *tc, uint32_t vers,
		uint32_t prog, uint32_t pvers, const char *netid,
		const char *uaddr)
{
	struct tu_reply r;
	rpcb a = {
		.r_prog = prog, .r_vers = pvers, .r_netid = tu_mut(netid),
		.r_addr = tu_mut(uaddr), .r_owner = "ignored",
	};

	tu_call(t, tc, vers, RPCBPROC_SET, (xdrproc_t)xdr_rpcb, &a, &r);
	return bool_result(&r);
}

int tu_rpcb_unset(struct pm_table *t, const struct tu_caller *tc,
		  uint32_t vers, uint32_t prog, uint32_t pvers,
		  const char *netid)
{
	struct tu_reply r;
	rpcb a = {
		.r_prog = prog, .r_vers = pvers, .r_netid = tu_mut(netid),
		.r_addr = "", .r_owner = "",
	};

	tu_call(t, tc, vers, RPCBPROC_UNSET, (xdrproc_t)xdr_rpcb, &a, &r);
	return bool_result(&r);
}

int tu_pmap_set(struct pm_table *t, const struct tu_caller *tc, uint32_t prog,
		uint32_t pvers, uint32_t prot, uint32_t port)
{
	struct tu_reply r;
	struct pmap a = { prog, pvers, prot, port };

	tu_call(t, tc, PMAPVERS, PMAPPROC_SET, (xdrproc_t)xdr_pmap, &a, &r);
	return bool_result(&r);
}

int tu_pmap_unset(struct pm_table *t, const struct tu_caller *tc,
		  uint32_t prog, uint32_t pvers)
{
	struct tu_reply r;
	struct pmap a = { prog, pvers, 0, 0 };

	tu_call(t, tc, PMAPVERS, PMAPPROC_UNSET, (xdrproc_t)xdr_pmap, &a, &r);
	return bool_result(&r);
}

long tu_pmap_getport(struct pm_table *t, const struct tu_caller *tc,
		     uint32_t prog, uint32_t pvers, uint32_t prot)
{
	struct tu_reply r;
	struct pmap a = { prog, pvers, prot, 0 };
	u_int port;

	tu_call(t, tc, PMAPVERS, PMAPPROC_GETPORT, (xdrproc_t)xdr_pmap, &a,
		&r);
	if (r.reply_stat != MSG_ACCEPTED || r.accept_stat != SUCCESS)
		return -1;
	ck_assert(tu_results(&r, (xdrproc_t)xdr_u_int, &port));
	return port;
}

int tu_getaddr(struct pm_table *t, const struct tu_caller *tc, uint32_t vers,
	       uint32_t proc, uint32_t prog, uint32_t pvers, const char *hint,
	       char *buf, size_t size)
{
	struct tu_reply r;
	char *s = NULL;
	rpcb a = {
		.r_prog = prog, .r_vers = pvers, .r_netid = "tcp",
		.r_addr = tu_mut(hint), .r_owner = "",
	};

	tu_call(t, tc, vers, proc, (xdrproc_t)xdr_rpcb, &a, &r);
	if (r.reply_stat != MSG_ACCEPTED || r.accept_stat != SUCCESS)
		return -1;
	ck_assert(tu_results(&r, (xdrproc_t)xdr_wrapstring, &s));
	ck_assert_uint_lt(strlen(s), size);
	snprintf(buf, size, "%s", s);
	xdr_free((xdrproc_t)xdr_wrapstring, (char *)&s);
	return 0;
}

int tu_dump_count(struct pm_table *t, const struct tu_caller *tc)
{
	struct tu_reply r;
	rpcblist_ptr list = NULL, p;
	int n = 0;

	tu_call(t, tc, RPCBVERS4, RPCBPROC_DUMP, NULL, NULL, &r);
	if (r.reply_stat != MSG_ACCEPTED || r.accept_stat != SUCCESS)
		return -1;
	ck_assert(tu_results(&r, (xdrproc_t)xdr_rpcblist_ptr, &list));
	for (p = list; p; p = p->rpcb_next)
		n++;
	xdr_free((xdrproc_t)xdr_rpcblist_ptr, (char *)&list);
	return n;
}
