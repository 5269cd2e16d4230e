/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_state.c - rpcbind's warm-start files: read what Debian's rpcbind
 * wrote, and write the same bytes for the same table; a virtual server's
 * (VS) registrations in a file of their own, of the same format.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "core.h"
#include "testutil.h"
#include "warmstart.h"

#define NS	9

static struct pm_table *t;
static uint8_t buf[16384];

static void setup(void)
{
	t = pm_table_new(NULL);
	ck_assert_ptr_nonnull(t);
}

static void teardown(void)
{
	pm_table_free(t);
}

static void add_rpcbind_self(void)
{
	static const char *const self[][2] = {
		{ "tcp6", "::.0.111" }, { "udp6", "::.0.111" },
		{ "tcp", "0.0.0.0.0.111" }, { "udp", "0.0.0.0.0.111" },
		{ "local", "/run/rpcbind.sock" },
	};
	size_t i;

	for (i = 0; i < sizeof(self) / sizeof(self[0]); i++)
		ck_assert_int_eq(pm_table_add_self(t, NS, self[i][0],
						   self[i][1]), 0);
}

START_TEST(test_load_rpcbind_file)
{
	const struct pm_entry *e;

	ck_assert_int_eq(pm_table_load(t, NS, ws_rpcbind_xdr,
				       sizeof(ws_rpcbind_xdr)), 4);
	ck_assert_uint_eq(pm_table_count(t, NS), 4);
	e = pm_table_find(t, NS, 0, 200002, 2, "tcp6");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->uaddr, "::.39.21");
	ck_assert_str_eq(e->owner, "unknown");
	e = pm_table_find(t, NS, 0, 200001, 1, "udp");
	ck_assert_str_eq(e->uaddr, "0.0.0.0.39.17");
	ck_assert_str_eq(e->owner, "superuser");
	ck_assert_ptr_null(pm_table_find(t, NS, 0, PM_PROG, 4, "tcp"));
}
END_TEST

START_TEST(test_save_matches_rpcbind)
{
	add_rpcbind_self();
	ck_assert_int_eq(pm_table_load(t, NS, ws_rpcbind_xdr,
				       sizeof(ws_rpcbind_xdr)), 4);
	ck_assert_int_eq(pm_table_save(t, NS, PM_STATE_RPCBIND, buf,
				       sizeof(buf)), sizeof(ws_rpcbind_xdr));
	ck_assert_mem_eq(buf, ws_rpcbind_xdr, sizeof(ws_rpcbind_xdr));
	ck_assert_int_eq(pm_table_save(t, NS, PM_STATE_PORTMAP, buf,
				       sizeof(buf)), sizeof(ws_portmap_xdr));
	ck_assert_mem_eq(buf, ws_portmap_xdr, sizeof(ws_portmap_xdr));
}
END_TEST

START_TEST(test_load_is_idempotent)
{
	ck_assert_int_eq(pm_table_load(t, NS, ws_rpcbind_xdr,
				       sizeof(ws_rpcbind_xdr)), 4);
	ck_assert_int_eq(pm_table_load(t, NS, ws_rpcbind_xdr,
				       sizeof(ws_rpcbind_xdr)), 0);
	ck_assert_uint_eq(pm_table_count(t, NS), 4);
}
END_TEST

/* A truncated or corrupted image adds nothing at all. */
START_TEST(test_load_malformed)
{
	size_t len;

	for (len = 0; len < sizeof(ws_rpcbind_xdr); len++) {
		int r = pm_table_load(t, NS, ws_rpcbind_xdr, len);

		ck_assert_int_eq(r, -EBADMSG);
		ck_assert_uint_eq(pm_table_count(t, NS), 0);
	}
	memcpy(buf, ws_rpcbind_xdr, sizeof(ws_rpcbind_xdr));
	buf[3] = 2;	/* "more" flag that is not a bool */
	ck_assert_int_eq(pm_table_load(t, NS, buf, sizeof(ws_rpcbind_xdr)),
			 -EBADMSG);
	ck_assert_uint_eq(pm_table_count(t, NS), 0);
}
END_TEST

START_TEST(test_load_skips_garbage_entries)
{
	rpcblist good = { { 7, 1, "udp", "0.0.0.0.8.1", "superuser" }, NULL };
	rpcblist bad_uaddr = { { 7, 2, "udp", "junk", "superuser" }, &good };
	rpcblist bad_netid = { { 7, 3, "rdma", "0.0.0.0.8.1", "x" }, &bad_uaddr };
	rpcblist long_owner = { { 7, 4, "udp", "0.0.0.0.8.1",
				  "an-owner-string-too-long" }, &bad_netid };
	rpcblist_ptr head = &long_owner;
	XDR x;

	xdrmem_create(&x, (char *)buf, sizeof(buf), XDR_ENCODE);
	ck_assert(xdr_rpcblist_ptr(&x, &head));
	ck_assert_int_eq(pm_table_load(t, NS, buf, xdr_getpos(&x)), 1);
	ck_assert_uint_eq(pm_table_count(t, NS), 1);
	ck_assert_ptr_nonnull(pm_table_find(t, NS, 0, 7, 1, "udp"));
}
END_TEST

START_TEST(test_load_limit)
{
	struct pm_limits lim = { .namespaces = 4, .entries_per_ns = 2,
				 .stat_entries = 4 };

	pm_table_free(t);
	t = pm_table_new(&lim);
	ck_assert_int_eq(pm_table_load(t, NS, ws_rpcbind_xdr,
				       sizeof(ws_rpcbind_xdr)), -ENOSPC);
	ck_assert_uint_eq(pm_table_count(t, NS), 2);
}
END_TEST

START_TEST(test_save_too_small)
{
	add_rpcbind_self();
	ck_assert_int_eq(pm_table_save(t, NS, PM_STATE_RPCBIND, buf, 100),
			 -EMSGSIZE);
	ck_assert_int_eq(pm_table_save(t, NS + 1, PM_STATE_RPCBIND, buf,
				       sizeof(buf)), 4);
}
END_TEST

static void add_vs(uint32_t vs, uint32_t prog, const char *netid,
		   const char *uaddr)
{
	struct pm_entry e = { prog, 1, netid, uaddr, "superuser", vs };

	ck_assert_int_eq(pm_table_add(t, NS, &e), 0);
}

/*
 * The namespace-wide file holds the namespace-wide entries only, rpcbind's
 * bytes when that is all the namespace has besides its VS; a VS's file
 * holds that VS's own, and loads into whatever id the VS has then.
 */
START_TEST(test_save_load_per_vs)
{
	struct pm_table *again = pm_table_new(NULL);
	const struct pm_entry *e;
	int n;

	ck_assert_ptr_nonnull(again);
	add_rpcbind_self();
	ck_assert_int_eq(pm_table_load(t, NS, ws_rpcbind_xdr,
				       sizeof(ws_rpcbind_xdr)), 4);
	add_vs(1, 200001, "udp", "0.0.0.0.9.1");	/* shadows one */
	add_vs(1, 300001, "tcp", "0.0.0.0.9.2");
	add_vs(2, 300002, "udp6", "::.9.3");
	ck_assert_int_eq(pm_table_save(t, NS, PM_STATE_RPCBIND, buf,
				       sizeof(buf)), sizeof(ws_rpcbind_xdr));
	ck_assert_mem_eq(buf, ws_rpcbind_xdr, sizeof(ws_rpcbind_xdr));
	ck_assert_int_eq(pm_table_save(t, NS, PM_STATE_PORTMAP, buf,
				       sizeof(buf)), sizeof(ws_portmap_xdr));
	ck_assert_mem_eq(buf, ws_portmap_xdr, sizeof(ws_portmap_xdr));

	n = pm_table_save_vs(t, NS, 1, PM_STATE_RPCBIND, buf, sizeof(buf));
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(pm_table_load_vs(again, NS, 7, buf, (size_t)n), 2);
	ck_assert_uint_eq(pm_table_count_vs(again, NS, 7), 2);
	ck_assert_uint_eq(pm_table_count(again, NS), 2);
	e = pm_table_find(again, NS, 7, 200001, 1, "udp");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->uaddr, "0.0.0.0.9.1");
	ck_assert_uint_eq(e->vs, 7);
	ck_assert_ptr_nonnull(pm_table_find(again, NS, 7, 300001, 1, "tcp"));

	/* loading the namespace-wide file next: no clash with the VS's */
	ck_assert_int_eq(pm_table_load(again, NS, ws_rpcbind_xdr,
				       sizeof(ws_rpcbind_xdr)), 4);
	ck_assert_str_eq(pm_table_find(again, NS, 0, 200001, 1, "udp")->uaddr,
			 "0.0.0.0.39.17");

	n = pm_table_save_vs(t, NS, 2, PM_STATE_RPCBIND, buf, sizeof(buf));
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(pm_table_load_vs(again, NS, 8, buf, (size_t)n), 1);
	ck_assert_ptr_nonnull(pm_table_find(again, NS, 8, 300002, 1, "udp6"));
	/* a VS without entries saves an empty list; v2 lists tcp and udp */
	ck_assert_int_eq(pm_table_save_vs(t, NS, 3, PM_STATE_RPCBIND, buf,
					  sizeof(buf)), 4);
	ck_assert_int_eq(pm_table_save_vs(t, NS, 2, PM_STATE_PORTMAP, buf,
					  sizeof(buf)), 4);
	ck_assert_int_eq(pm_table_save_vs(t, NS, 1, PM_STATE_PORTMAP, buf,
					  sizeof(buf)), 4 + 2 * 20);
	pm_table_free(again);
}
END_TEST

static Suite *state_suite(void)
{
	Suite *s = suite_create("state");
	TCase *tc = tcase_create("warmstart");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_load_rpcbind_file);
	tcase_add_test(tc, test_save_matches_rpcbind);
	tcase_add_test(tc, test_load_is_idempotent);
	tcase_add_test(tc, test_load_malformed);
	tcase_add_test(tc, test_load_skips_garbage_entries);
	tcase_add_test(tc, test_load_limit);
	tcase_add_test(tc, test_save_too_small);
	tcase_add_test(tc, test_save_load_per_vs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(state_suite());
}
