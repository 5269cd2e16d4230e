/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_codec.c - XDR encoding and decoding, checked against libtirpc's
 * own routines and the golden vectors.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "codec.h"
#include "testutil.h"
#include "vectors.h"

static uint8_t buf[TU_BUF_MAX];

/* Every golden call decodes, and encoding it again gives the same bytes
 * (all carry AUTH_NONE verifiers). */
START_TEST(test_vectors_call_round_trip)
{
	size_t i;

	for (i = 0; i < PM_NVECTORS; i++) {
		const struct pm_vector *v = &pm_vectors[i];
		struct pm_call c;
		int n;

		ck_assert_int_eq(pm_codec_decode_call(v->call, v->call_len, &c), 0);
		n = pm_codec_encode_call(buf, sizeof(buf), c.xid, c.prog,
					 c.vers, c.proc, c.cred_flavor, c.cred,
					 c.cred_len, c.args,
					 (uint32_t)c.args_len);
		ck_assert_int_eq(n, v->call_len);
		ck_assert_mem_eq(buf, v->call, v->call_len);
	}
}
END_TEST

/* The fixed heads go through XDR_INLINE, which libtirpc refuses on an
 * unaligned buffer: there, word by word, with the same results. */
START_TEST(test_unaligned_buffers)
{
	static uint8_t odd[TU_BUF_MAX + 1];
	struct pm_result res = { .kind = PM_RES_STRING, .str = "127.0.0.1.8.1" };
	size_t i;
	int n;

	for (i = 0; i < PM_NVECTORS; i++) {
		const struct pm_vector *v = &pm_vectors[i];
		struct pm_call a, b;

		memcpy(odd + 1, v->call, v->call_len);
		ck_assert_int_eq(pm_codec_decode_call(v->call, v->call_len, &a), 0);
		ck_assert_int_eq(pm_codec_decode_call(odd + 1, v->call_len, &b), 0);
		ck_assert_uint_eq(a.xid, b.xid);
		ck_assert_uint_eq(a.prog, b.prog);
		ck_assert_uint_eq(a.vers, b.vers);
		ck_assert_uint_eq(a.proc, b.proc);
		ck_assert_uint_eq(a.cred_flavor, b.cred_flavor);
		ck_assert_uint_eq(a.args_len, b.args_len);
		ck_assert_int_eq(a.args - (const uint8_t *)v->call,
				 b.args - (odd + 1));
	}
	n = pm_codec_encode_success(buf, sizeof(buf), 7, &res);
	ck_assert_int_eq(n, 44);
	ck_assert_int_eq(pm_codec_encode_success(odd + 1, sizeof(odd) - 1, 7,
						 &res), n);
	ck_assert_mem_eq(odd + 1, buf, (size_t)n);
}
END_TEST

/* A v3/v4 DUMP reply from rpcbind, decoded by libtirpc and encoded again
 * by us, is byte for byte what rpcbind sent. */
START_TEST(test_vectors_dump_reencode)
{
	size_t i, checked = 0;

	for (i = 0; i < PM_NVECTORS; i++) {
		const struct pm_vector *v = &pm_vectors[i];
		struct tu_reply r;
		rpcblist_ptr list = NULL, p;
		const struct pm_entry *items[64];
		struct pm_entry entries[64];
		struct pm_result res = { .kind = PM_RES_RPCBLIST };
		size_t n = 0;

		if (!strstr(v->name, "v3 DUMP") && !strstr(v->name, "v4 DUMP"))
			continue;
		memset(&r, 0, sizeof(r));
		memcpy(r.buf, v->reply, v->reply_len);
		r.len = (int)v->reply_len;
		tu_parse_reply(&r);
		ck_assert(tu_results(&r, (xdrproc_t)xdr_rpcblist_ptr, &list));
		for (p = list; p; p = p->rpcb_next, n++) {
			ck_assert_uint_lt(n, 64);
			entries[n] = (struct pm_entry){
				p->rpcb_map.r_prog, p->rpcb_map.r_vers,
				p->rpcb_map.r_netid, p->rpcb_map.r_addr,
				p->rpcb_map.r_owner, 0 };
			items[n] = &entries[n];
		}
		res.rpcbs.v = items;
		res.rpcbs.n = n;
		ck_assert_int_eq(pm_codec_encode_success(buf, sizeof(buf), r.xid,
							 &res), v->reply_len);
		ck_assert_mem_eq(buf, v->reply, v->reply_len);
		xdr_free((xdrproc_t)xdr_rpcblist_ptr, (char *)&list);
		checked++;
	}
	ck_assert_uint_ge(checked, 4);
}
END_TEST

static size_t encode_rpcb(const char *netid, const char *uaddr)
{
	rpcb a = { 1, 2, tu_mut(netid), tu_mut(uaddr), "o" };
	XDR x;

	xdrmem_create(&x, (char *)buf, sizeof(buf), XDR_ENCODE);
	ck_assert(xdr_rpcb(&x, &a));
	return xdr_getpos(&x);
}

START_TEST(test_rpcb_string_caps)
{
	char longest[PM_WIRE_STRING_MAX + 2];
	struct pm_rpcb_args a;
	size_t n;

	memset(longest, 'a', sizeof(longest));
	longest[PM_WIRE_STRING_MAX] = '\0';
	n = encode_rpcb("tcp", longest);
	ck_assert_int_eq(pm_codec_decode_rpcb(buf, n, &a), 0);
	ck_assert_uint_eq(strlen(a.uaddr), PM_WIRE_STRING_MAX);
	ck_assert_uint_eq(a.prog, 1);
	ck_assert_str_eq(a.owner, "o");
	longest[PM_WIRE_STRING_MAX] = 'a';
	longest[PM_WIRE_STRING_MAX + 1] = '\0';
	n = encode_rpcb(longest, "x");
	ck_assert_int_eq(pm_codec_decode_rpcb(buf, n, &a), -EBADMSG);
}
END_TEST

START_TEST(test_rpcb_huge_length)
{
	static const uint8_t bomb[] = { 0, 0, 0, 1, 0, 0, 0, 2,
					0xff, 0xff, 0xff, 0xff, 't' };
	struct pm_rpcb_args a;

	ck_assert_int_eq(pm_codec_decode_rpcb(bomb, sizeof(bomb), &a),
			 -EBADMSG);
}
END_TEST

START_TEST(test_rpcb_embedded_nul)
{
	struct pm_rpcb_args a;
	size_t n = encode_rpcb("tcp", "0.0.0.0.8.1");

	buf[12 + 1] = '\0';	/* "t\0p" */
	ck_assert_int_eq(pm_codec_decode_rpcb(buf, n, &a), -EBADMSG);
}
END_TEST

START_TEST(test_rmtcall_args)
{
	static const uint8_t over[] = { 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0,
					0, 0, 0x20, 0x01 /* 8193 */ };
	static const uint8_t beyond[] = { 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0,
					  0, 0, 0, 8, 1, 2, 3, 4 };
	static const uint8_t ok[] = { 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 3,
				      0, 0, 0, 4, 1, 2, 3, 4 };
	struct pm_rmtcall_args a;

	ck_assert_int_eq(pm_codec_decode_rmtcall(over, sizeof(over), &a), -EBADMSG);
	ck_assert_int_eq(pm_codec_decode_rmtcall(beyond, sizeof(beyond), &a), -EBADMSG);
	ck_assert_int_eq(pm_codec_decode_rmtcall(ok, sizeof(ok), &a), 0);
	ck_assert_uint_eq(a.proc, 3);
	ck_assert_uint_eq(a.args_len, 4);
	ck_assert_ptr_eq(a.args, ok + 16);
}
END_TEST

START_TEST(test_netbuf_cap)
{
	struct sockaddr_storage ss;
	char big[sizeof(ss) + 1];
	struct netbuf nb = { sizeof(big), sizeof(big), big };
	uint32_t len;
	XDR x;

	memset(big, 1, sizeof(big));
	xdrmem_create(&x, (char *)buf, sizeof(buf), XDR_ENCODE);
	ck_assert(xdr_netbuf(&x, &nb));
	ck_assert_int_eq(pm_codec_decode_netbuf(buf, xdr_getpos(&x), &ss,
						sizeof(ss), &len), -EBADMSG);
	nb.len = sizeof(ss);
	xdrmem_create(&x, (char *)buf, sizeof(buf), XDR_ENCODE);
	ck_assert(xdr_netbuf(&x, &nb));
	ck_assert_int_eq(pm_codec_decode_netbuf(buf, xdr_getpos(&x), &ss,
						sizeof(ss), &len), 0);
	ck_assert_uint_eq(len, sizeof(ss));
}
END_TEST

START_TEST(test_results_decode_with_libtirpc)
{
	struct pm_mapping maps[2] = { { 1, 2, 6, 111 }, { 3, 4, 17, 2049 } };
	struct pm_addr_item addrs[1] = { { "127.0.0.1.8.1", "tcp", 3, "inet", "tcp" } };
	struct pm_result res = { .kind = PM_RES_PMAPLIST,
				 .pmaps = { maps, 2 } };
	struct pm_stats st = { 0 };
	rpcb_entry_list_ptr el = NULL;
	struct pmaplist *pl = NULL;
	rpcb_stat_byvers sv;
	struct tu_reply r;

	memset(&r, 0, sizeof(r));
	r.len = pm_codec_encode_success(r.buf, sizeof(r.buf), 9, &res);
	tu_parse_reply(&r);
	ck_assert(tu_results(&r, (xdrproc_t)xdr_pmaplist_ptr, &pl));
	ck_assert_uint_eq(pl->pml_next->pml_map.pm_port, 2049);
	xdr_free((xdrproc_t)xdr_pmaplist_ptr, (char *)&pl);

	res = (struct pm_result){ .kind = PM_RES_ADDRLIST, .addrs = { addrs, 1 } };
	r.len = pm_codec_encode_success(r.buf, sizeof(r.buf), 9, &res);
	tu_parse_reply(&r);
	ck_assert(tu_results(&r, (xdrproc_t)xdr_rpcb_entry_list_ptr, &el));
	ck_assert_str_eq(el->rpcb_entry_map.r_nc_protofmly, "inet");
	xdr_free((xdrproc_t)xdr_rpcb_entry_list_ptr, (char *)&el);

	pm_stats_count_proc(&st, 3, 4);
	pm_stats_count_lookup(&st, 8, 4, 7, 1, "udp", true);
	pm_stats_count_rmtcall(&st, 8, 2, 7, 1, 3, "udp", false);
	res = (struct pm_result){ .kind = PM_RES_STATS, .stats = &st };
	r.len = pm_codec_encode_success(r.buf, sizeof(r.buf), 9, &res);
	tu_parse_reply(&r);
	memset(&sv, 0, sizeof(sv));
	ck_assert(tu_results(&r, (xdrproc_t)xdr_rpcb_stat_byvers, sv));
	ck_assert_int_eq(sv[RPCBVERS_3_STAT].info[4], 1);
	ck_assert_str_eq(sv[RPCBVERS_4_STAT].addrinfo->netid, "udp");
	ck_assert_int_eq(sv[RPCBVERS_2_STAT].rmtinfo->failure, 1);
	xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)sv);
	pm_stats_clear(&st);
}
END_TEST

START_TEST(test_encode_too_small)
{
	struct pm_result res = { .kind = PM_RES_STRING, .str = "127.0.0.1.8.1" };

	ck_assert_int_eq(pm_codec_encode_success(buf, 30, 1, &res), -EMSGSIZE);
	ck_assert_int_eq(pm_codec_encode_success(buf, 44, 1, &res), 44);
	ck_assert_int_eq(pm_codec_encode_error(buf, 27, 1, PM_PROG_MISMATCH, 2, 4), -EMSGSIZE);
	ck_assert_int_eq(pm_codec_encode_error(buf, 32, 1, PM_PROG_MISMATCH, 2, 4), 32);
	ck_assert_int_eq(pm_codec_encode_auth_error(buf, 16, 1, PM_AUTH_TOOWEAK), -EMSGSIZE);
	ck_assert_int_eq(pm_codec_encode_rpc_mismatch(buf, 24, 1), 24);
}
END_TEST

START_TEST(test_decode_reply)
{
	static const uint8_t ok[] = { 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 0,
				      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				      0xaa, 0xbb };
	static const uint8_t denied[] = { 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 1,
					  0, 0, 0, 1, 0, 0, 0, 5 };
	const uint8_t *body = NULL;
	size_t body_len = 0;
	uint32_t xid, stat;

	ck_assert_int_eq(pm_codec_decode_reply(ok, sizeof(ok), &xid, &stat,
					       &body, &body_len), 0);
	ck_assert_uint_eq(xid, 9);
	ck_assert_uint_eq(stat, PM_SUCCESS);
	ck_assert_uint_eq(body_len, 2);
	ck_assert_int_eq(pm_codec_decode_reply(denied, sizeof(denied), &xid,
					       &stat, &body, &body_len), 0);
	ck_assert_uint_eq(stat, PM_SYSTEM_ERR);
	ck_assert_int_eq(pm_codec_decode_reply(ok, 10, &xid, &stat, &body,
					       &body_len), -EBADMSG);
}
END_TEST

static Suite *codec_suite(void)
{
	Suite *s = suite_create("codec");
	TCase *tc = tcase_create("vectors");

	tcase_add_test(tc, test_vectors_call_round_trip);
	tcase_add_test(tc, test_unaligned_buffers);
	tcase_add_test(tc, test_vectors_dump_reencode);
	suite_add_tcase(s, tc);
	tc = tcase_create("bounds");
	tcase_add_test(tc, test_rpcb_string_caps);
	tcase_add_test(tc, test_rpcb_huge_length);
	tcase_add_test(tc, test_rpcb_embedded_nul);
	tcase_add_test(tc, test_rmtcall_args);
	tcase_add_test(tc, test_netbuf_cap);
	tcase_add_test(tc, test_encode_too_small);
	suite_add_tcase(s, tc);
	tc = tcase_create("results");
	tcase_add_test(tc, test_results_decode_with_libtirpc);
	tcase_add_test(tc, test_decode_reply);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(codec_suite());
}
