/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_proc.c - procedure semantics of every portmapper version, through
 * pm_proc_dispatch() with calls encoded by libtirpc.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "internal.h"
#include "core.h"
#include "testutil.h"

#define A	TU_NS_A
#define B	TU_NS_B
#define P	400100		/* a test program */
#define UDP_MAX	9000		/* the daemon's UDP reply buffer */

static struct pm_table *t;
static struct tu_caller root, user, user2, lo_priv, lo_eph, remote, tcp;
static struct tu_reply r;

static void setup(void)
{
	t = pm_table_new(NULL);
	ck_assert_ptr_nonnull(t);
	tu_caller_local(&root, A, 0);
	tu_caller_local(&user, A, 1000);
	tu_caller_local(&user2, A, 1001);
	tu_caller_ip(&lo_priv, A, "udp", "127.0.0.1", 700);
	tu_caller_ip(&lo_eph, A, "udp", "127.0.0.1", 40000);
	tu_caller_ip(&remote, A, "udp", "10.0.0.9", 700);
	tu_caller_ip(&tcp, A, "tcp", "127.0.0.1", 40001);
}

static void teardown(void)
{
	pm_table_free(t);
}

static const struct pm_entry *find(uint64_t ns, uint32_t prog, uint32_t vers,
				   const char *netid)
{
	return pm_table_find(t, ns, 0, prog, vers, netid);
}

static void call_raw(const struct tu_caller *tc, const uint8_t *in,
		     size_t len)
{
	memset(&r, 0, sizeof(r));
	r.len = pm_proc_dispatch(t, &tc->c, in, len, r.buf, sizeof(r.buf),
				 NULL);
	tu_parse_reply(&r);
}

/* Encode big-endian words: a hand-made message. */
static size_t words(uint8_t *buf, const uint32_t *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		buf[4 * i] = w[i] >> 24;
		buf[4 * i + 1] = w[i] >> 16;
		buf[4 * i + 2] = w[i] >> 8;
		buf[4 * i + 3] = w[i];
	}
	return 4 * n;
}

/* ---- RPC level ------------------------------------------------------- */

static void call_header(uint32_t rpcvers, uint32_t prog, uint32_t vers,
			uint32_t proc, uint32_t flavor)
{
	uint32_t w[] = { 77, 0, rpcvers, prog, vers, proc, flavor, 0, 0, 0 };
	uint8_t buf[64];

	call_raw(&root, buf, words(buf, w, 10));
}

START_TEST(test_rpc_mismatch)
{
	call_header(3, PM_PROG, 4, 0, AUTH_NONE);
	ck_assert_uint_eq(r.xid, 77);
	ck_assert_uint_eq(r.reply_stat, MSG_DENIED);
	ck_assert_uint_eq(r.reject_stat, RPC_MISMATCH);
	ck_assert_uint_eq(r.low, 2);
	ck_assert_uint_eq(r.high, 2);
}
END_TEST

START_TEST(test_prog_unavail)
{
	call_header(2, 100001, 1, 0, AUTH_NONE);
	ck_assert_uint_eq(r.accept_stat, PROG_UNAVAIL);
}
END_TEST

START_TEST(test_prog_mismatch)
{
	call_header(2, PM_PROG, 5, 0, AUTH_NONE);
	ck_assert_uint_eq(r.accept_stat, PROG_MISMATCH);
	ck_assert_uint_eq(r.low, 2);
	ck_assert_uint_eq(r.high, 4);
	call_header(2, PM_PROG, 1, 0, AUTH_NONE);
	ck_assert_uint_eq(r.accept_stat, PROG_MISMATCH);
}
END_TEST

START_TEST(test_proc_unavail)
{
	call_header(2, PM_PROG, 2, 6, AUTH_NONE);
	ck_assert_uint_eq(r.accept_stat, PROC_UNAVAIL);
	call_header(2, PM_PROG, 3, 9, AUTH_NONE);
	ck_assert_uint_eq(r.accept_stat, PROC_UNAVAIL);
	call_header(2, PM_PROG, 4, 13, AUTH_NONE);
	ck_assert_uint_eq(r.accept_stat, PROC_UNAVAIL);
	call_header(2, PM_PROG, 4, 0xffffffff, AUTH_NONE);
	ck_assert_uint_eq(r.accept_stat, PROC_UNAVAIL);
}
END_TEST

START_TEST(test_auth_flavors)
{
	/* AUTH_SYS: stamp, "h", uid 0, gid 0, 1 gid */
	uint32_t sys[] = { 5, 0, 2, PM_PROG, 4, 0, AUTH_SYS, 28,
			   1, 1, 0x68000000, 0, 0, 1, 0, 0, 0 };
	uint32_t bad_sys[] = { 5, 0, 2, PM_PROG, 4, 0, AUTH_SYS, 20,
			       1, 1, 0x68000000, 0, 0, 0, 0 };
	uint32_t many_gids[] = { 5, 0, 2, PM_PROG, 4, 0, AUTH_SYS, 20,
				 1, 0, 0, 0, 17, 0, 0 };
	uint8_t buf[128];

	call_raw(&root, buf, words(buf, sys, ARRAY_SIZE(sys)));
	ck_assert_uint_eq(r.reply_stat, MSG_ACCEPTED);
	ck_assert_uint_eq(r.accept_stat, SUCCESS);
	call_raw(&root, buf, words(buf, bad_sys, ARRAY_SIZE(bad_sys)));
	ck_assert_uint_eq(r.reply_stat, MSG_DENIED);
	ck_assert_uint_eq(r.auth_stat, AUTH_BADCRED);
	call_raw(&root, buf, words(buf, many_gids, ARRAY_SIZE(many_gids)));
	ck_assert_uint_eq(r.auth_stat, AUTH_BADCRED);
	call_header(2, PM_PROG, 4, 0, AUTH_SHORT);
	ck_assert_uint_eq(r.accept_stat, SUCCESS);
	call_header(2, PM_PROG, 4, 0, 6 /* RPCSEC_GSS */);
	ck_assert_uint_eq(r.reply_stat, MSG_DENIED);
	ck_assert_uint_eq(r.reject_stat, AUTH_ERROR);
	ck_assert_uint_eq(r.auth_stat, AUTH_REJECTEDCRED);
}
END_TEST

START_TEST(test_not_a_call)
{
	uint32_t reply[] = { 1, 1, 0, 0, 0, 0 };
	uint32_t big_cred[] = { 1, 0, 2, PM_PROG, 4, 0, AUTH_SYS, 401 };
	uint8_t buf[64] = { 0 };

	ck_assert_int_eq(pm_proc_dispatch(t, &root.c, buf, 0, r.buf,
					  sizeof(r.buf), NULL), -EBADMSG);
	ck_assert_int_eq(pm_proc_dispatch(t, &root.c, buf,
					  words(buf, reply, 6), r.buf,
					  sizeof(r.buf), NULL), -EBADMSG);
	ck_assert_int_eq(pm_proc_dispatch(t, &root.c, buf,
					  words(buf, big_cred, 8), r.buf,
					  sizeof(r.buf), NULL), -EBADMSG);
}
END_TEST

START_TEST(test_out_too_small)
{
	uint8_t in[128];
	size_t n = tu_encode_call(in, sizeof(in), 1, PM_PROG, 4, 0, NULL,
				  NULL);

	ck_assert_int_eq(pm_proc_dispatch(t, &root.c, in, n, r.buf, 8, NULL),
			 -EMSGSIZE);
	ck_assert_int_eq(pm_proc_dispatch(t, &root.c, in, n, r.buf, 24, NULL),
			 24);
}
END_TEST

START_TEST(test_null)
{
	uint32_t v;

	for (v = 2; v <= 4; v++) {
		tu_call(t, &remote, v, 0, NULL, NULL, &r);
		ck_assert_int_eq(r.len, 24);
		ck_assert_uint_eq(r.reply_stat, MSG_ACCEPTED);
		ck_assert_uint_eq(r.accept_stat, SUCCESS);
		ck_assert_uint_eq(r.body_len, 0);
	}
}
END_TEST

/* ---- SET ------------------------------------------------------------- */

START_TEST(test_set_owner)
{
	ck_assert_int_eq(tu_rpcb_set(t, &root, 3, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	ck_assert_str_eq(find(A, P, 1, "tcp")->owner, "superuser");
	ck_assert_int_eq(tu_rpcb_set(t, &user, 4, P, 2, "tcp", "0.0.0.0.8.2"), 1);
	ck_assert_str_eq(find(A, P, 2, "tcp")->owner, "1000");
	ck_assert_int_eq(tu_rpcb_set(t, &lo_priv, 4, P, 3, "udp", "0.0.0.0.8.3"), 1);
	ck_assert_str_eq(find(A, P, 3, "udp")->owner, "superuser");
	ck_assert_int_eq(tu_rpcb_set(t, &lo_eph, 4, P, 4, "udp", "0.0.0.0.8.4"), 1);
	ck_assert_str_eq(find(A, P, 4, "udp")->owner, "unknown");
}
END_TEST

/* What a SET or UNSET asked for and did, for -l, straight from the core. */
START_TEST(test_change_record)
{
	struct pm_change ch;

	root.c.change = &ch;
	ck_assert_int_eq(tu_rpcb_set(t, &root, 3, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(ch.kind, PM_CHANGE_SET);
	ck_assert_uint_eq(ch.rpcb_vers, 3);
	ck_assert_uint_eq(ch.prog, P);
	ck_assert_uint_eq(ch.vers, 1);
	ck_assert_str_eq(ch.netid, "tcp");
	ck_assert_str_eq(ch.uaddr, "0.0.0.0.8.1");
	ck_assert(ch.done);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "tcp", "0.0.0.0.8.2"), 0);
	ck_assert_int_eq(ch.kind, PM_CHANGE_SET);
	ck_assert(!ch.done);
	ck_assert_int_eq(tu_pmap_unset(t, &root, P, 1), 1);
	ck_assert_int_eq(ch.kind, PM_CHANGE_UNSET);
	ck_assert_uint_eq(ch.rpcb_vers, 2);
	ck_assert_str_eq(ch.netid, "");
	ck_assert(ch.done);
	ck_assert_int_eq(tu_pmap_getport(t, &root, P, 1, IPPROTO_TCP), 0);
	ck_assert_int_eq(ch.kind, PM_CHANGE_NONE);
	root.c.change = NULL;

	/* refused before the table is looked at */
	remote.c.change = &ch;
	ck_assert_int_eq(tu_pmap_set(t, &remote, P, 2, IPPROTO_UDP, 2049), -1);
	ck_assert_int_eq(ch.kind, PM_CHANGE_SET);
	ck_assert_str_eq(ch.netid, "udp");
	ck_assert_str_eq(ch.uaddr, "0.0.0.0.8.1");
	ck_assert(!ch.done);
	/* what goes to the log is printable, whatever was sent */
	ck_assert_int_eq(tu_rpcb_set(t, &remote, 3, P, 1, "tcp\n",
				     "0.0.0.0.8.1\nforged log line\x1b[0m"), -1);
	ck_assert_str_eq(ch.netid, "tcp?");
	ck_assert_str_eq(ch.uaddr, "0.0.0.0.8.1?forged log line?[0m");
	remote.c.change = NULL;
}
END_TEST

START_TEST(test_set_duplicate)
{
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &user, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	ck_assert_str_eq(find(A, P, 1, "tcp")->owner, "superuser");
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "tcp", "0.0.0.0.8.2"), 0);
	ck_assert_str_eq(find(A, P, 1, "tcp")->uaddr, "0.0.0.0.8.1");
	ck_assert_uint_eq(pm_table_count(t, A), 1);
}
END_TEST

START_TEST(test_set_rejects_garbage)
{
	ck_assert_int_eq(tu_rpcb_set(t, &root, 3, P, 1, "rdma", "0.0.0.0.8.1"), 0);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 3, P, 1, "TCP", "0.0.0.0.8.1"), 0);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 3, P, 1, "tcp", "not-an-address"), 0);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 3, P, 1, "tcp", "0.0.0.0.0.0"), 0);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 3, P, 1, "tcp", "::.8.1"), 0);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 3, P, 1, "tcp6", "0.0.0.0.8.1"), 0);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 3, P, 1, "local", "relative.sock"), 0);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 3, P, 1, "", "0.0.0.0.8.1"), 0);
	ck_assert_uint_eq(pm_table_count(t, A), 0);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 3, P, 1, "tcp6", "::.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 3, P, 1, "local", "/run/p.sock"), 1);
}
END_TEST

START_TEST(test_set_self_protected)
{
	ck_assert_int_eq(pm_table_add_self(t, A, "udp", "0.0.0.0.0.111"), 0);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, PM_PROG, 9, "tcp", "0.0.0.0.8.1"), 0);
	ck_assert_int_eq(tu_rpcb_unset(t, &root, 4, PM_PROG, 4, ""), 0);
	ck_assert_int_eq(tu_pmap_set(t, &root, PM_PROG, 2, IPPROTO_TCP, 2000), 0);
	ck_assert_int_eq(tu_pmap_unset(t, &root, PM_PROG, 2), 0);
	ck_assert_uint_eq(pm_table_count(t, A), 3);
}
END_TEST

START_TEST(test_set_remote_refused)
{
	tu_call(t, &remote, 3, RPCBPROC_SET, (xdrproc_t)xdr_rpcb,
		&(rpcb){ P, 1, "tcp", "0.0.0.0.8.1", "" }, &r);
	ck_assert_uint_eq(r.reply_stat, MSG_DENIED);
	ck_assert_uint_eq(r.auth_stat, AUTH_TOOWEAK);
	ck_assert_int_eq(tu_pmap_set(t, &remote, P, 1, IPPROTO_UDP, 2000), -1);
	ck_assert_uint_eq(pm_table_count(t, A), 0);
	/* 127.0.0.2 is loopback but not what rpcbind accepts */
	tu_caller_ip(&remote, A, "udp", "127.0.0.2", 700);
	ck_assert_int_eq(tu_rpcb_set(t, &remote, 4, P, 1, "tcp", "0.0.0.0.8.1"), -1);
	tu_caller_ip(&remote, A, "udp6", "::ffff:127.0.0.1", 700);
	ck_assert_int_eq(tu_rpcb_set(t, &remote, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
}
END_TEST

START_TEST(test_set_insecure)
{
	remote.policy.insecure = true;
	ck_assert_int_eq(tu_rpcb_set(t, &remote, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	ck_assert_str_eq(find(A, P, 1, "tcp")->owner, "unknown");
	ck_assert_int_eq(tu_rpcb_unset(t, &remote, 4, P, 1, ""), 1);
	ck_assert_uint_eq(pm_table_count(t, A), 0);
}
END_TEST

START_TEST(test_set_garbage_args)
{
	uint32_t w[] = { 9, 0, 2, PM_PROG, 3, RPCBPROC_SET, 0, 0, 0, 0,
			 P, 1, 300 /* netid longer than the cap */ };
	uint8_t buf[64];

	call_raw(&root, buf, words(buf, w, ARRAY_SIZE(w)));
	ck_assert_uint_eq(r.accept_stat, GARBAGE_ARGS);
	ck_assert_uint_eq(pm_table_count(t, A), 0);
}
END_TEST

START_TEST(test_set_limit)
{
	struct pm_limits lim = { .namespaces = 2, .entries_per_ns = 3,
				 .stat_entries = 4 };
	uint32_t v;

	pm_table_free(t);
	t = pm_table_new(&lim);
	for (v = 1; v <= 3; v++)
		ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, v, "tcp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 4, "tcp", "0.0.0.0.8.1"), 0);
	ck_assert_uint_eq(pm_table_count(t, A), 3);
}
END_TEST

/* ---- UNSET ----------------------------------------------------------- */

START_TEST(test_unset)
{
	ck_assert_int_eq(tu_rpcb_set(t, &user, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &user, 4, P, 1, "udp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &user, 4, P, 2, "udp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_unset(t, &user, 3, P, 1, "udp"), 1);
	ck_assert_ptr_null(find(A, P, 1, "udp"));
	ck_assert_ptr_nonnull(find(A, P, 1, "tcp"));
	ck_assert_int_eq(tu_rpcb_unset(t, &user, 4, P, 1, ""), 1);
	ck_assert_ptr_null(find(A, P, 1, "tcp"));
	ck_assert_ptr_nonnull(find(A, P, 2, "udp"));
	/* nothing registered: TRUE, as rpcbind */
	ck_assert_int_eq(tu_rpcb_unset(t, &user, 4, P, 7, ""), 1);
}
END_TEST

START_TEST(test_unset_all_or_nothing)
{
	ck_assert_int_eq(tu_rpcb_set(t, &user, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "udp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_unset(t, &user, 4, P, 1, ""), 0);
	ck_assert_ptr_nonnull(find(A, P, 1, "tcp"));
	ck_assert_ptr_nonnull(find(A, P, 1, "udp"));
	ck_assert_int_eq(tu_rpcb_unset(t, &user2, 4, P, 1, "tcp"), 0);
	ck_assert_int_eq(tu_rpcb_unset(t, &lo_eph, 4, P, 1, "tcp"), 0);
	ck_assert_int_eq(tu_rpcb_unset(t, &user, 4, P, 1, "tcp"), 1);
	ck_assert_int_eq(tu_rpcb_unset(t, &lo_priv, 4, P, 1, ""), 1);
	ck_assert_uint_eq(pm_table_count(t, A), 0);
}
END_TEST

START_TEST(test_unset_remote_refused)
{
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_unset(t, &remote, 4, P, 1, ""), -1);
	ck_assert_int_eq(tu_pmap_unset(t, &remote, P, 1), -1);
	ck_assert_ptr_nonnull(find(A, P, 1, "tcp"));
}
END_TEST

/* ---- PMAP v2 --------------------------------------------------------- */

START_TEST(test_pmap_set_views)
{
	ck_assert_int_eq(tu_pmap_set(t, &lo_priv, P, 1, IPPROTO_UDP, 2049), 1);
	ck_assert_str_eq(find(A, P, 1, "udp")->uaddr, "0.0.0.0.8.1");
	ck_assert_str_eq(find(A, P, 1, "udp")->owner, "superuser");
	ck_assert_int_eq(tu_pmap_set(t, &lo_priv, P, 1, IPPROTO_UDP, 2049), 1);
	ck_assert_int_eq(tu_pmap_set(t, &lo_priv, P, 1, IPPROTO_UDP, 2050), 0);
	ck_assert_int_eq(tu_pmap_set(t, &lo_priv, P, 2, 99, 2049), 0);
	ck_assert_int_eq(tu_pmap_set(t, &lo_priv, P, 2, IPPROTO_TCP, 0), 0);
	ck_assert_int_eq(tu_pmap_set(t, &lo_priv, P, 2, IPPROTO_TCP, 70000), 0);
	/* a v3 registration is visible to v2, a tcp6 one is not */
	ck_assert_int_eq(tu_rpcb_set(t, &root, 3, P, 3, "tcp", "0.0.0.0.39.16"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 3, P + 1, 4, "tcp6", "::.39.17"), 1);
	ck_assert_int_eq(tu_pmap_getport(t, &remote, P, 3, IPPROTO_TCP), 10000);
	ck_assert_int_eq(tu_pmap_getport(t, &remote, P + 1, 4, IPPROTO_TCP), 0);
	ck_assert_int_eq(tu_pmap_getport(t, &remote, P, 1, IPPROTO_UDP), 2049);
}
END_TEST

START_TEST(test_pmap_getport)
{
	ck_assert_int_eq(tu_pmap_set(t, &root, P, 1, IPPROTO_TCP, 1001), 1);
	ck_assert_int_eq(tu_pmap_set(t, &root, P, 3, IPPROTO_TCP, 1003), 1);
	/* exact, then rpcbind's fallback: the last other version */
	ck_assert_int_eq(tu_pmap_getport(t, &remote, P, 1, IPPROTO_TCP), 1001);
	ck_assert_int_eq(tu_pmap_getport(t, &remote, P, 9, IPPROTO_TCP), 1003);
	ck_assert_int_eq(tu_pmap_getport(t, &remote, P, 1, IPPROTO_UDP), 0);
	ck_assert_int_eq(tu_pmap_getport(t, &remote, P + 1, 1, IPPROTO_TCP), 0);
	ck_assert_int_eq(tu_pmap_getport(t, &remote, P, 1, 99), 0);
}
END_TEST

START_TEST(test_pmap_unset)
{
	ck_assert_int_eq(tu_pmap_set(t, &root, P, 1, IPPROTO_TCP, 1001), 1);
	ck_assert_int_eq(tu_pmap_set(t, &root, P, 1, IPPROTO_UDP, 1001), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "udp6", "::.3.233"), 1);
	/* not masked: a caller who may not remove both gets FALSE */
	ck_assert_int_eq(tu_pmap_unset(t, &lo_eph, P, 1), 0);
	ck_assert_uint_eq(pm_table_count(t, A), 3);
	ck_assert_int_eq(tu_pmap_unset(t, &lo_priv, P, 1), 1);
	ck_assert_ptr_null(find(A, P, 1, "tcp"));
	ck_assert_ptr_null(find(A, P, 1, "udp"));
	ck_assert_ptr_nonnull(find(A, P, 1, "udp6"));
}
END_TEST

START_TEST(test_pmap_dump)
{
	/* Only the IPv4 tcp/udp entries, in table order. */
	static const struct pmap want[] = {
		{ PM_PROG, 4, IPPROTO_UDP, 111 },
		{ PM_PROG, 3, IPPROTO_UDP, 111 },
		{ PM_PROG, 2, IPPROTO_UDP, 111 },
		{ P, 1, IPPROTO_TCP, 2049 },
	};
	struct pmaplist *list = NULL, *p;
	size_t n = 0;

	ck_assert_int_eq(pm_table_add_self(t, A, "tcp6", "::.0.111"), 0);
	ck_assert_int_eq(pm_table_add_self(t, A, "udp", "0.0.0.0.0.111"), 0);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	tu_call(t, &remote, 2, PMAPPROC_DUMP, NULL, NULL, &r);
	ck_assert(tu_results(&r, (xdrproc_t)xdr_pmaplist_ptr, &list));
	for (p = list; p; p = p->pml_next, n++) {
		ck_assert_uint_lt(n, ARRAY_SIZE(want));
		ck_assert_uint_eq(p->pml_map.pm_prog, want[n].pm_prog);
		ck_assert_uint_eq(p->pml_map.pm_vers, want[n].pm_vers);
		ck_assert_uint_eq(p->pml_map.pm_prot, want[n].pm_prot);
		ck_assert_uint_eq(p->pml_map.pm_port, want[n].pm_port);
	}
	ck_assert_uint_eq(n, ARRAY_SIZE(want));
	xdr_free((xdrproc_t)xdr_pmaplist_ptr, (char *)&list);
}
END_TEST

/* ---- lookups --------------------------------------------------------- */

START_TEST(test_getaddr_transport_netid)
{
	char ua[PM_UADDR_MAX];

	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	/* asked over udp for a tcp-only service: "" */
	ck_assert_int_eq(tu_getaddr(t, &lo_eph, 3, RPCBPROC_GETADDR, P, 1, "", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "");
	ck_assert_int_eq(tu_getaddr(t, &tcp, 3, RPCBPROC_GETADDR, P, 1, "", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "127.0.0.1.8.1");
	ck_assert_int_eq(tu_getaddr(t, &tcp, 4, RPCBPROC_GETADDR, P + 1, 1, "", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "");
}
END_TEST

START_TEST(test_getaddr_versions)
{
	char ua[PM_UADDR_MAX];

	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 2, "tcp", "0.0.0.0.8.2"), 1);
	ck_assert_int_eq(tu_getaddr(t, &tcp, 3, RPCBPROC_GETADDR, P, 1, "", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "127.0.0.1.8.1");
	ck_assert_int_eq(tu_getaddr(t, &tcp, 3, RPCBPROC_GETADDR, P, 9, "", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "127.0.0.1.8.2");
	ck_assert_int_eq(tu_getaddr(t, &tcp, 4, RPCBPROC_GETADDR, P, 9, "", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "127.0.0.1.8.2");
	ck_assert_int_eq(tu_getaddr(t, &tcp, 4, RPCBPROC_GETVERSADDR, P, 9, "", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "");
	ck_assert_int_eq(tu_getaddr(t, &tcp, 4, RPCBPROC_GETVERSADDR, P, 1, "", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "127.0.0.1.8.1");
	/* GETVERSADDR does not exist in v3 */
	ck_assert_int_eq(tu_getaddr(t, &tcp, 3, RPCBPROC_GETVERSADDR, P, 1, "", ua, sizeof(ua)), -1);
}
END_TEST

START_TEST(test_getaddr_merge)
{
	struct tu_caller far;
	char ua[PM_UADDR_MAX];

	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "udp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "udp6", "::.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "local", "/run/p.sock"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 2, "udp", "10.0.0.1.8.2"), 1);
	/* from another host on eth0: the address it reached us on */
	tu_caller_ip(&far, A, "udp", "10.0.0.9", 40000);
	ck_assert_int_eq(tu_getaddr(t, &far, 4, RPCBPROC_GETADDR, P, 1, "", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "10.0.0.1.8.1");
	/* the hint names the address the client used */
	ck_assert_int_eq(tu_getaddr(t, &lo_eph, 4, RPCBPROC_GETADDR, P, 1, "10.0.0.1.0.111", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "10.0.0.1.8.1");
	/* a service bound to one address is returned as registered */
	ck_assert_int_eq(tu_getaddr(t, &lo_eph, 4, RPCBPROC_GETVERSADDR, P, 2, "", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "10.0.0.1.8.2");
	tu_caller_ip(&far, A, "udp6", "::1", 40000);
	ck_assert_int_eq(tu_getaddr(t, &far, 4, RPCBPROC_GETADDR, P, 1, "", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "::1.8.1");
	ck_assert_int_eq(tu_getaddr(t, &root, 4, RPCBPROC_GETADDR, P, 1, "", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "/run/p.sock");
}
END_TEST

START_TEST(test_rpcb_dump)
{
	rpcblist_ptr list = NULL;

	ck_assert_int_eq(tu_dump_count(t, &remote), 0);
	ck_assert_int_eq(tu_rpcb_set(t, &user, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 2, "udp", "0.0.0.0.8.2"), 1);
	tu_call(t, &remote, 3, RPCBPROC_DUMP, NULL, NULL, &r);
	ck_assert(tu_results(&r, (xdrproc_t)xdr_rpcblist_ptr, &list));
	ck_assert_str_eq(list->rpcb_map.r_owner, "1000");
	ck_assert_str_eq(list->rpcb_map.r_addr, "0.0.0.0.8.1");
	ck_assert_str_eq(list->rpcb_next->rpcb_map.r_owner, "superuser");
	ck_assert_ptr_null(list->rpcb_next->rpcb_next);
	xdr_free((xdrproc_t)xdr_rpcblist_ptr, (char *)&list);
}
END_TEST

START_TEST(test_dump_too_big_for_udp)
{
	char ua[PM_UADDR_MAX];
	uint32_t v;
	uint8_t in[128];
	size_t n = tu_encode_call(in, sizeof(in), 3, PM_PROG, 4,
				  RPCBPROC_DUMP, NULL, NULL);

	for (v = 1; v <= 300; v++) {
		snprintf(ua, sizeof(ua), "0.0.0.0.%u.%u", 4 + v / 256, v % 256);
		ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, v, "tcp", ua), 1);
	}
	memset(&r, 0, sizeof(r));
	r.len = pm_proc_dispatch(t, &remote.c, in, n, r.buf, UDP_MAX, NULL);
	tu_parse_reply(&r);
	ck_assert_uint_eq(r.accept_stat, SYSTEM_ERR);
	ck_assert_int_eq(tu_dump_count(t, &remote), 300);
}
END_TEST

START_TEST(test_getaddrlist)
{
	rpcb a = { P, 1, "", "", "" };
	rpcb_entry_list_ptr list = NULL;

	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "udp", "0.0.0.0.8.2"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "tcp6", "::.8.3"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 2, "tcp", "0.0.0.0.8.4"), 1);
	tu_call(t, &lo_eph, 4, RPCBPROC_GETADDRLIST, (xdrproc_t)xdr_rpcb, &a, &r);
	ck_assert(tu_results(&r, (xdrproc_t)xdr_rpcb_entry_list_ptr, &list));
	ck_assert_str_eq(list->rpcb_entry_map.r_maddr, "127.0.0.1.8.1");
	ck_assert_str_eq(list->rpcb_entry_map.r_nc_netid, "tcp");
	ck_assert_uint_eq(list->rpcb_entry_map.r_nc_semantics, 3);
	ck_assert_str_eq(list->rpcb_entry_map.r_nc_protofmly, "inet");
	ck_assert_str_eq(list->rpcb_entry_map.r_nc_proto, "tcp");
	ck_assert_str_eq(list->rpcb_entry_next->rpcb_entry_map.r_maddr, "127.0.0.1.8.2");
	ck_assert_uint_eq(list->rpcb_entry_next->rpcb_entry_map.r_nc_semantics, 1);
	ck_assert_ptr_null(list->rpcb_entry_next->rpcb_entry_next);
	xdr_free((xdrproc_t)xdr_rpcb_entry_list_ptr, (char *)&list);
	/* v3 has no GETADDRLIST */
	tu_call(t, &lo_eph, 3, RPCBPROC_GETADDRLIST, (xdrproc_t)xdr_rpcb, &a, &r);
	ck_assert_uint_eq(r.accept_stat, PROC_UNAVAIL);
}
END_TEST

START_TEST(test_gettime)
{
	u_int now;

	tu_call(t, &remote, 3, RPCBPROC_GETTIME, NULL, NULL, &r);
	ck_assert(tu_results(&r, (xdrproc_t)xdr_u_int, &now));
	ck_assert_uint_eq(now, 1700000000);
}
END_TEST

START_TEST(test_uaddr2taddr)
{
	static const uint8_t want[16] = { 2, 0, 0, 111, 127, 0, 0, 1 };
	char *good = "127.0.0.1.0.111", *bad = "x.y";
	struct netbuf nb = { 0 };

	tu_call(t, &remote, 3, RPCBPROC_UADDR2TADDR, (xdrproc_t)xdr_wrapstring, &good, &r);
	ck_assert(tu_results(&r, (xdrproc_t)xdr_netbuf, &nb));
	ck_assert_uint_eq(nb.len, 16);
	ck_assert_uint_eq(nb.maxlen, 16);
	ck_assert_mem_eq(nb.buf, want, 16);
	free(nb.buf);
	memset(&nb, 0, sizeof(nb));
	tu_call(t, &remote, 4, RPCBPROC_UADDR2TADDR, (xdrproc_t)xdr_wrapstring, &bad, &r);
	ck_assert(tu_results(&r, (xdrproc_t)xdr_netbuf, &nb));
	ck_assert_uint_eq(nb.len, 0);
	free(nb.buf);
}
END_TEST

START_TEST(test_taddr2uaddr)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(2049) };
	struct netbuf nb = { sizeof(sin), sizeof(sin), &sin };
	struct netbuf shorter = { 8, 8, &sin };
	char *s = NULL;

	sin.sin_addr.s_addr = htonl(0x0a000001);
	tu_call(t, &remote, 3, RPCBPROC_TADDR2UADDR, (xdrproc_t)xdr_netbuf, &nb, &r);
	ck_assert(tu_results(&r, (xdrproc_t)xdr_wrapstring, &s));
	ck_assert_str_eq(s, "10.0.0.1.8.1");
	xdr_free((xdrproc_t)xdr_wrapstring, (char *)&s);
	tu_call(t, &remote, 4, RPCBPROC_TADDR2UADDR, (xdrproc_t)xdr_netbuf, &shorter, &r);
	ck_assert(tu_results(&r, (xdrproc_t)xdr_wrapstring, &s));
	ck_assert_str_eq(s, "");
	xdr_free((xdrproc_t)xdr_wrapstring, (char *)&s);
}
END_TEST

/* ---- remote calls ---------------------------------------------------- */

static void rmtcall(const struct tu_caller *tc, uint32_t vers, uint32_t proc,
		    uint32_t prog, uint32_t pvers, uint32_t pproc,
		    struct pm_rmtcall *fwd)
{
	static const uint8_t args[8] = { 0, 0, 0, 1, 0, 0, 0, 2 };
	struct rpcb_rmtcallargs a = { prog, pvers, pproc,
				      { sizeof(args), tu_mut(args) } };
	uint8_t in[256];
	size_t n;
	XDR x;

	n = tu_encode_call(in, sizeof(in), 0x55, PM_PROG, vers, proc, NULL,
			   NULL);
	xdrmem_create(&x, (char *)in + n, sizeof(in) - n, XDR_ENCODE);
	ck_assert(xdr_u_int32_t(&x, &a.prog) && xdr_u_int32_t(&x, &a.vers) &&
		  xdr_u_int32_t(&x, &a.proc) &&
		  xdr_bytes(&x, &a.args.args_val, &a.args.args_len, 64));
	memset(&r, 0, sizeof(r));
	r.len = pm_proc_dispatch(t, &tc->c, in, n + xdr_getpos(&x), r.buf,
				 sizeof(r.buf), fwd);
	tu_parse_reply(&r);
}

START_TEST(test_rmtcall_disabled)
{
	struct pm_rmtcall fwd;

	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "udp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 3, "udp", "0.0.0.0.8.3"), 1);
	rmtcall(&lo_eph, 2, PMAPPROC_CALLIT, P, 1, 1, &fwd);
	ck_assert_int_eq(r.len, 0);
	rmtcall(&lo_eph, 4, RPCBPROC_BCAST, P, 1, 1, &fwd);
	ck_assert_int_eq(r.len, 0);
	rmtcall(&lo_eph, 4, RPCBPROC_INDIRECT, P, 1, 1, &fwd);
	ck_assert_uint_eq(r.accept_stat, SYSTEM_ERR);
	rmtcall(&lo_eph, 4, RPCBPROC_INDIRECT, P + 1, 1, 1, &fwd);
	ck_assert_uint_eq(r.accept_stat, PROG_UNAVAIL);
	rmtcall(&lo_eph, 4, RPCBPROC_INDIRECT, P, 2, 1, &fwd);
	ck_assert_uint_eq(r.accept_stat, PROG_MISMATCH);
	ck_assert_uint_eq(r.low, 1);
	ck_assert_uint_eq(r.high, 3);
	/* streams: CALLIT silent, INDIRECT an error rather than silence */
	rmtcall(&tcp, 4, RPCBPROC_INDIRECT, P, 1, 1, &fwd);
	ck_assert_uint_eq(r.accept_stat, SYSTEM_ERR);
	rmtcall(&tcp, 2, PMAPPROC_CALLIT, P, 1, 1, &fwd);
	ck_assert_int_eq(r.len, 0);
}
END_TEST

START_TEST(test_rmtcall_denied)
{
	lo_eph.policy.remote_calls = true;
	rmtcall(&lo_eph, 4, RPCBPROC_INDIRECT, 100003, 3, 1, NULL);
	ck_assert_uint_eq(r.auth_stat, AUTH_TOOWEAK);
	rmtcall(&lo_eph, 2, PMAPPROC_CALLIT, 100005, 3, 1, NULL);
	ck_assert_uint_eq(r.auth_stat, AUTH_TOOWEAK);
	rmtcall(&lo_eph, 4, RPCBPROC_INDIRECT, PM_PROG, 4, 4, NULL);
	ck_assert_uint_eq(r.auth_stat, AUTH_TOOWEAK);
	/* the null procedure of anything may be pinged */
	rmtcall(&lo_eph, 4, RPCBPROC_INDIRECT, 100003, 3, 0, NULL);
	ck_assert_uint_eq(r.accept_stat, PROG_UNAVAIL);
}
END_TEST

/* @call is an RPC call libtirpc decodes: @xid, the target's @prog,
 * @vers and @proc, the portmapper's AUTH_NONE, and rmtcall()'s 8 bytes of
 * arguments. */
static void assert_forwarded_call(const uint8_t *call, size_t len,
				  uint32_t xid, uint32_t prog, uint32_t vers,
				  uint32_t proc)
{
	static const uint8_t args[8] = { 0, 0, 0, 1, 0, 0, 0, 2 };
	struct rpc_msg msg;
	XDR x;

	memset(&msg, 0, sizeof(msg));
	xdrmem_create(&x, tu_mut(call), (u_int)len, XDR_DECODE);
	ck_assert(xdr_callmsg(&x, &msg));
	ck_assert_uint_eq(msg.rm_xid, xid);
	ck_assert_uint_eq(msg.rm_direction, CALL);
	ck_assert_uint_eq(msg.rm_call.cb_rpcvers, RPC_MSG_VERSION);
	ck_assert_uint_eq(msg.rm_call.cb_prog, prog);
	ck_assert_uint_eq(msg.rm_call.cb_vers, vers);
	ck_assert_uint_eq(msg.rm_call.cb_proc, proc);
	ck_assert_int_eq(msg.rm_call.cb_cred.oa_flavor, AUTH_NONE);
	ck_assert_uint_eq(len - xdr_getpos(&x), sizeof(args));
	ck_assert_mem_eq(call + xdr_getpos(&x), args, sizeof(args));
}

START_TEST(test_rmtcall_forward)
{
	static const uint8_t result[4] = { 0, 0, 0, 7 };
	uint8_t target_reply[64], out[256], call[256];
	uint32_t rep[] = { 0x999, 1, 0, 0, 0, 0, 7 };
	uint32_t rep_err[] = { 0x999, 1, 0, 0, 0, 1 };
	struct pm_rmtcall fwd;
	size_t n;
	int len;

	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "udp", "0.0.0.0.8.1"), 1);
	lo_eph.policy.remote_calls = true;
	memset(&fwd, 0, sizeof(fwd));
	rmtcall(&lo_eph, 3, RPCBPROC_CALLIT, P, 1, 5, &fwd);
	ck_assert_int_eq(r.len, 0);
	ck_assert_uint_eq(fwd.xid, 0x55);
	ck_assert_uint_eq(fwd.prog, P);
	ck_assert_uint_eq(fwd.proc, 5);
	ck_assert_uint_eq(fwd.port, 2049);
	ck_assert_str_eq(fwd.uaddr, "127.0.0.1.8.1");
	ck_assert_uint_eq(fwd.args_len, 8);

	len = pm_rmtcall_encode_call(&fwd, 0x999, call, sizeof(call));
	ck_assert_int_eq(len, 40 + 8);
	assert_forwarded_call(call, (size_t)len, 0x999, P, 1, 5);

	n = words(target_reply, rep, ARRAY_SIZE(rep));
	len = pm_rmtcall_encode_reply(&fwd, target_reply, n, out, sizeof(out));
	ck_assert_int_gt(len, 0);
	memcpy(r.buf, out, (size_t)len);
	r.len = len;
	tu_parse_reply(&r);
	ck_assert_uint_eq(r.xid, 0x55);
	ck_assert_uint_eq(r.accept_stat, SUCCESS);
	/* string "127.0.0.1.8.1", then opaque result */
	ck_assert_uint_eq(r.body_len, 4 + 16 + 4 + 4);
	ck_assert_uint_eq(r.body[3], 13);
	ck_assert_mem_eq(r.body + 4, "127.0.0.1.8.1", 13);
	ck_assert_uint_eq(r.body[23], 4);
	ck_assert_mem_eq(r.body + 24, result, 4);

	n = words(target_reply, rep_err, ARRAY_SIZE(rep_err));
	ck_assert_int_eq(pm_rmtcall_encode_reply(&fwd, target_reply, n, out,
						 sizeof(out)), 0);
	ck_assert_int_eq(pm_rmtcall_encode_timeout(&fwd, out, sizeof(out)), 0);
	ck_assert_int_eq(pm_rmtcall_encode_reply(&fwd, target_reply, 3, out,
						 sizeof(out)), -EBADMSG);
}
END_TEST

START_TEST(test_rmtcall_forward_v2_indirect)
{
	static const uint8_t v2_result[] = { 0, 0, 2049 >> 8, 2049 & 0xff,
					     0, 0, 0, 4, 0, 0, 0, 7 };
	uint8_t target_reply[64], out[256];
	uint32_t rep[] = { 0x999, 1, 0, 0, 0, 0, 7 };
	uint32_t rep_err[] = { 0x999, 1, 0, 0, 0, 1 };
	struct pm_rmtcall fwd;
	int len;

	ck_assert_int_eq(tu_pmap_set(t, &root, P, 1, IPPROTO_UDP, 2049), 1);
	lo_eph.policy.remote_calls = true;
	memset(&fwd, 0, sizeof(fwd));
	rmtcall(&lo_eph, 2, PMAPPROC_CALLIT, P, 1, 5, &fwd);
	ck_assert_int_eq(r.len, 0);
	len = pm_rmtcall_encode_reply(&fwd, target_reply,
				      words(target_reply, rep, 7), out,
				      sizeof(out));
	ck_assert_int_gt(len, 0);
	memcpy(r.buf, out, (size_t)len);
	r.len = len;
	tu_parse_reply(&r);
	ck_assert_uint_eq(r.xid, 0x55);
	ck_assert_uint_eq(r.accept_stat, SUCCESS);
	/* v2: the port, no uaddr, then the opaque result */
	ck_assert_uint_eq(r.body_len, sizeof(v2_result));
	ck_assert_mem_eq(r.body, v2_result, sizeof(v2_result));

	memset(&fwd, 0, sizeof(fwd));
	rmtcall(&lo_eph, 4, RPCBPROC_INDIRECT, P, 1, 5, &fwd);
	ck_assert_int_eq(r.len, 0);
	len = pm_rmtcall_encode_reply(&fwd, target_reply,
				      words(target_reply, rep_err, 6), out,
				      sizeof(out));
	ck_assert_int_gt(len, 0);
	memcpy(r.buf, out, (size_t)len);
	r.len = len;
	tu_parse_reply(&r);
	ck_assert_uint_eq(r.xid, 0x55);
	ck_assert_uint_eq(r.accept_stat, SYSTEM_ERR);
	/* a lost target: INDIRECT answers SYSTEM_ERR too */
	memset(&r, 0, sizeof(r));
	r.len = pm_rmtcall_encode_timeout(&fwd, r.buf, sizeof(r.buf));
	tu_parse_reply(&r);
	ck_assert_uint_eq(r.xid, 0x55);
	ck_assert_uint_eq(r.accept_stat, SYSTEM_ERR);
}
END_TEST

/* ---- statistics ---------------------------------------------------- */

/* GETSTAT from @tc with a reply buffer of @cap bytes, decoded into @st
 * (free with xdr_free). */
static void getstat(const struct tu_caller *tc, size_t cap,
		    rpcb_stat_byvers st)
{
	uint8_t in[64];
	size_t n = tu_encode_call(in, sizeof(in), 0x77, PM_PROG, 4,
				  RPCBPROC_GETSTAT, NULL, NULL);

	memset(&r, 0, sizeof(r));
	r.len = pm_proc_dispatch(t, &tc->c, in, n, r.buf, cap, NULL);
	tu_parse_reply(&r);
	ck_assert_uint_eq(r.accept_stat, SUCCESS);
	memset(st, 0, sizeof(rpcb_stat_byvers));
	ck_assert(tu_results(&r, (xdrproc_t)xdr_rpcb_stat_byvers, st));
}

static unsigned int addrlist_len(const rpcbs_addrlist *a)
{
	unsigned int n = 0;

	for (; a; a = a->next)
		n++;
	return n;
}

START_TEST(test_getstat)
{
	rpcb_stat_byvers st;

	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "tcp", "0.0.0.0.8.9"), 0);
	ck_assert_int_eq(tu_pmap_getport(t, &lo_eph, P, 1, IPPROTO_TCP), 2049);
	ck_assert_int_eq(tu_pmap_getport(t, &lo_eph, P, 5, IPPROTO_UDP), 0);
	/* a remote caller counts into a key a local one made */
	ck_assert_int_eq(tu_pmap_getport(t, &remote, P, 5, IPPROTO_UDP), 0);
	getstat(&remote, sizeof(r.buf), st);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_SET], 2);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].setinfo, 1);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_GETSTAT], 1);
	ck_assert_int_eq(st[RPCBVERS_2_STAT].info[PMAPPROC_GETPORT], 3);
	/* newest first */
	ck_assert_uint_eq(addrlist_len(st[RPCBVERS_2_STAT].addrinfo), 2);
	ck_assert_uint_eq(st[RPCBVERS_2_STAT].addrinfo->prog, P);
	ck_assert_uint_eq(st[RPCBVERS_2_STAT].addrinfo->vers, 5);
	ck_assert_int_eq(st[RPCBVERS_2_STAT].addrinfo->failure, 2);
	ck_assert_int_eq(st[RPCBVERS_2_STAT].addrinfo->next->success, 1);
	ck_assert_str_eq(st[RPCBVERS_2_STAT].addrinfo->next->netid, "tcp");
	xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)st);
}
END_TEST

/* Keys named by remote callers would grow what every remote caller is
 * sent: they count in the per-procedure counters only. */
START_TEST(test_getstat_remote_adds_no_keys)
{
	char ua[PM_UADDR_MAX];
	struct pm_rmtcall fwd;
	rpcb_stat_byvers st;
	unsigned int i, v;

	remote.policy.remote_calls = true;
	for (i = 0; i < 200; i++) {
		ck_assert_int_eq(tu_pmap_getport(t, &remote, P + i, 1,
						 IPPROTO_UDP), 0);
		for (v = 3; v <= 4; v++)
			ck_assert_int_eq(tu_getaddr(t, &remote, v,
						    RPCBPROC_GETADDR, P + i, 1,
						    "", ua, sizeof(ua)), 0);
		rmtcall(&remote, 4, RPCBPROC_INDIRECT, P + i, 1, 1, &fwd);
		ck_assert_uint_eq(r.accept_stat, PROG_UNAVAIL);
	}
	getstat(&remote, UDP_MAX, st);
	for (v = 0; v < RPCBVERS_STAT; v++) {
		ck_assert_ptr_null(st[v].addrinfo);
		ck_assert_ptr_null(st[v].rmtinfo);
	}
	ck_assert_int_eq(st[RPCBVERS_2_STAT].info[PMAPPROC_GETPORT], 200);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_GETADDR], 200);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_INDIRECT], 200);
	xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)st);
}
END_TEST

/* Only calls forwarding would accept make remote-call keys: with -r off
 * rpcbind counts them too, a key per call nobody forwards. */
START_TEST(test_getstat_refused_rmtcall)
{
	struct pm_rmtcall fwd;
	rpcb_stat_byvers st;
	unsigned int v;

	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "udp", "0.0.0.0.8.1"), 1);
	rmtcall(&lo_eph, 2, PMAPPROC_CALLIT, P, 1, 1, &fwd);
	rmtcall(&lo_eph, 3, RPCBPROC_CALLIT, P, 1, 2, &fwd);
	rmtcall(&lo_eph, 4, RPCBPROC_BCAST, P, 1, 3, &fwd);
	rmtcall(&lo_eph, 4, RPCBPROC_INDIRECT, P, 1, 4, &fwd);
	ck_assert_uint_eq(r.accept_stat, SYSTEM_ERR);
	rmtcall(&lo_eph, 4, RPCBPROC_INDIRECT, P + 1, 1, 4, &fwd);
	ck_assert_uint_eq(r.accept_stat, PROG_UNAVAIL);
	lo_eph.policy.remote_calls = true;
	rmtcall(&lo_eph, 4, RPCBPROC_INDIRECT, 100003, 3, 1, &fwd);
	ck_assert_uint_eq(r.auth_stat, AUTH_TOOWEAK);
	getstat(&lo_eph, UDP_MAX, st);
	for (v = 0; v < RPCBVERS_STAT; v++)
		ck_assert_ptr_null(st[v].rmtinfo);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_INDIRECT], 3);
	xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)st);

	/* forwarded: counted */
	rmtcall(&lo_eph, 4, RPCBPROC_INDIRECT, P, 1, 4, &fwd);
	ck_assert_int_eq(r.len, 0);
	getstat(&lo_eph, UDP_MAX, st);
	ck_assert_ptr_nonnull(st[RPCBVERS_4_STAT].rmtinfo);
	ck_assert_uint_eq(st[RPCBVERS_4_STAT].rmtinfo->proc, 4);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].rmtinfo->indirect, 1);
	ck_assert_ptr_null(st[RPCBVERS_4_STAT].rmtinfo->next);
	xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)st);
}
END_TEST

/* The length of the UDP reply to a call from @tc with no arguments. */
static int reply_len(const struct tu_caller *tc, uint32_t vers,
		     uint32_t proc)
{
	uint8_t in[64];
	size_t n = tu_encode_call(in, sizeof(in), 0x78, PM_PROG, vers, proc,
				  NULL, NULL);

	memset(&r, 0, sizeof(r));
	r.len = pm_proc_dispatch(t, &tc->c, in, n, r.buf, UDP_MAX, NULL);
	tu_parse_reply(&r);
	ck_assert_uint_eq(r.accept_stat, SUCCESS);
	return r.len;
}

/* A remote host's 40-byte GETSTAT gets the counters alone (228 bytes),
 * whatever it asked before. */
START_TEST(test_getstat_amplification)
{
	const int counters_only = 24 + 3 * (13 + 4) * 4;
	char ua[PM_UADDR_MAX];
	struct pm_rmtcall fwd;
	unsigned int i;

	for (i = 0; i < 25; i++) {
		ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P + i, 1, "udp",
					     "0.0.0.0.8.1"), 1);
		ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P + i, 1, "tcp",
					     "0.0.0.0.8.1"), 1);
	}
	ck_assert_int_eq(reply_len(&remote, 4, RPCBPROC_GETSTAT),
			 counters_only);
	remote.policy.remote_calls = true;
	for (i = 0; i < 1000; i++) {
		uint32_t prog = 500000 + i;

		switch (i % 4) {
		case 0:
			tu_pmap_getport(t, &remote, prog, 1, IPPROTO_UDP);
			break;
		case 1:
		case 2:
			tu_getaddr(t, &remote, 2 + i % 4, RPCBPROC_GETADDR,
				   prog, 1, "", ua, sizeof(ua));
			break;
		case 3:
			rmtcall(&remote, 4, RPCBPROC_INDIRECT, prog, 1, 1,
				&fwd);
			break;
		}
	}
	ck_assert_int_eq(reply_len(&remote, 4, RPCBPROC_GETSTAT),
			 counters_only);
}
END_TEST

/* More keys than a datagram holds: the counters and as many keys as fit,
 * never SYSTEM_ERR. */
START_TEST(test_getstat_fits)
{
	struct pm_limits lim = { .namespaces = 2, .entries_per_ns = 8,
				 .stat_entries = 5000 };
	static const size_t caps[] = { UDP_MAX, TU_BUF_MAX };
	/* follow, prog, vers, success, failure, "udp" */
	const int item = 5 * 4 + 4 + 4;
	char ua[PM_UADDR_MAX];
	rpcb_stat_byvers st;
	unsigned int i, n;
	size_t k;

	pm_table_free(t);
	t = pm_table_new(&lim);
	for (i = 0; i < 3000; i++)
		ck_assert_int_eq(tu_getaddr(t, &lo_eph, 4, RPCBPROC_GETADDR,
					    P + i, 1, "", ua, sizeof(ua)), 0);
	for (k = 0; k < ARRAY_SIZE(caps); k++) {
		getstat(&lo_eph, caps[k], st);
		ck_assert_int_le(r.len, caps[k]);
		ck_assert_int_gt(r.len + item, caps[k]);
		n = addrlist_len(st[RPCBVERS_4_STAT].addrinfo);
		ck_assert_uint_eq(n, (r.len - 24 - 3 * 17 * 4) / item);
		ck_assert_uint_eq(st[RPCBVERS_4_STAT].addrinfo->prog, P + 2999);
		ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_GETADDR],
				 3000);
		xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)st);
	}
}
END_TEST

/* ---- namespace isolation --------------------------------------------- */

START_TEST(test_isolation)
{
	struct tu_caller root_b, tcp_b;
	char ua[PM_UADDR_MAX];
	rpcb_stat_byvers st;

	tu_caller_local(&root_b, B, 0);
	tu_caller_ip(&tcp_b, B, "tcp", "127.0.0.1", 40001);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	ck_assert_int_eq(tu_rpcb_set(t, &root_b, 4, P, 1, "tcp", "0.0.0.0.8.2"), 1);
	ck_assert_int_eq(tu_getaddr(t, &tcp, 4, RPCBPROC_GETADDR, P, 1, "", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "127.0.0.1.8.1");
	ck_assert_int_eq(tu_getaddr(t, &tcp_b, 4, RPCBPROC_GETADDR, P, 1, "", ua, sizeof(ua)), 0);
	ck_assert_str_eq(ua, "127.0.0.1.8.2");
	ck_assert_int_eq(tu_rpcb_unset(t, &root, 4, P, 1, ""), 1);
	ck_assert_int_eq(tu_dump_count(t, &tcp), 0);
	ck_assert_int_eq(tu_dump_count(t, &tcp_b), 1);
	/* B's counters saw one SET, one GETADDR, one DUMP, and this call */
	memset(&st, 0, sizeof(st));
	tu_call(t, &tcp_b, 4, RPCBPROC_GETSTAT, NULL, NULL, &r);
	ck_assert(tu_results(&r, (xdrproc_t)xdr_rpcb_stat_byvers, st));
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_SET], 1);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_UNSET], 0);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_GETADDR], 1);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_DUMP], 1);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_GETSTAT], 1);
	xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)st);
	ck_assert_int_eq(pm_table_drop_ns(t, A), 0);
	ck_assert_ptr_nonnull(find(B, P, 1, "tcp"));
}
END_TEST

START_TEST(test_namespace_limit)
{
	struct pm_limits lim = { .namespaces = 1, .entries_per_ns = 8,
				 .stat_entries = 4 };
	struct tu_caller root_b;

	pm_table_free(t);
	t = pm_table_new(&lim);
	tu_caller_local(&root_b, B, 0);
	ck_assert_int_eq(tu_rpcb_set(t, &root, 4, P, 1, "tcp", "0.0.0.0.8.1"), 1);
	tu_call(t, &root_b, 4, 0, NULL, NULL, &r);
	ck_assert_uint_eq(r.accept_stat, SYSTEM_ERR);
	ck_assert_ptr_null(find(B, P, 1, "tcp"));
}
END_TEST

static Suite *proc_suite(void)
{
	Suite *s = suite_create("proc");
	TCase *tc;

	tc = tu_add_tcase(s, "rpc", setup, teardown);
	tcase_add_test(tc, test_rpc_mismatch);
	tcase_add_test(tc, test_prog_unavail);
	tcase_add_test(tc, test_prog_mismatch);
	tcase_add_test(tc, test_proc_unavail);
	tcase_add_test(tc, test_auth_flavors);
	tcase_add_test(tc, test_not_a_call);
	tcase_add_test(tc, test_out_too_small);
	tcase_add_test(tc, test_null);

	tc = tu_add_tcase(s, "set", setup, teardown);
	tcase_add_test(tc, test_set_owner);
	tcase_add_test(tc, test_change_record);
	tcase_add_test(tc, test_set_duplicate);
	tcase_add_test(tc, test_set_rejects_garbage);
	tcase_add_test(tc, test_set_self_protected);
	tcase_add_test(tc, test_set_remote_refused);
	tcase_add_test(tc, test_set_insecure);
	tcase_add_test(tc, test_set_garbage_args);
	tcase_add_test(tc, test_set_limit);

	tc = tu_add_tcase(s, "unset", setup, teardown);
	tcase_add_test(tc, test_unset);
	tcase_add_test(tc, test_unset_all_or_nothing);
	tcase_add_test(tc, test_unset_remote_refused);

	tc = tu_add_tcase(s, "pmap", setup, teardown);
	tcase_add_test(tc, test_pmap_set_views);
	tcase_add_test(tc, test_pmap_getport);
	tcase_add_test(tc, test_pmap_unset);
	tcase_add_test(tc, test_pmap_dump);

	tc = tu_add_tcase(s, "lookup", setup, teardown);
	tcase_add_test(tc, test_getaddr_transport_netid);
	tcase_add_test(tc, test_getaddr_versions);
	tcase_add_test(tc, test_getaddr_merge);
	tcase_add_test(tc, test_rpcb_dump);
	tcase_add_test(tc, test_dump_too_big_for_udp);
	tcase_add_test(tc, test_getaddrlist);
	tcase_add_test(tc, test_gettime);
	tcase_add_test(tc, test_uaddr2taddr);
	tcase_add_test(tc, test_taddr2uaddr);

	tc = tu_add_tcase(s, "rmtcall", setup, teardown);
	tcase_add_test(tc, test_rmtcall_disabled);
	tcase_add_test(tc, test_rmtcall_denied);
	tcase_add_test(tc, test_rmtcall_forward);
	tcase_add_test(tc, test_rmtcall_forward_v2_indirect);

	tc = tu_add_tcase(s, "getstat", setup, teardown);
	tcase_add_test(tc, test_getstat);
	tcase_add_test(tc, test_getstat_remote_adds_no_keys);
	tcase_add_test(tc, test_getstat_refused_rmtcall);
	tcase_add_test(tc, test_getstat_amplification);
	tcase_add_test(tc, test_getstat_fits);

	tc = tu_add_tcase(s, "namespaces", setup, teardown);
	tcase_add_test(tc, test_isolation);
	tcase_add_test(tc, test_namespace_limit);
	return s;
}

int main(void)
{
	return tu_run(proc_suite());
}
