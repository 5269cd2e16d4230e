/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_stats.c - unit tests for libportmap/stats.c: the per-namespace
 * GETSTAT counters, on a zeroed struct pm_stats.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "core.h"
#include "stats.h"
#include "testutil.h"

#define CAP		PM_LIMITS_DEFAULT_STAT_ENTRIES

static struct pm_stats s;
static const struct pm_stats zero;

static void setup(void)
{
	memset(&s, 0, sizeof(s));
}

/* Frees the lists: ASan reports leaks of anything not cleared. */
static void teardown(void)
{
	pm_stats_clear(&s);
}

static void assert_zero(void)
{
	ck_assert_int_eq(memcmp(&s, &zero, sizeof(s)), 0);
}

static unsigned int addr_len(const struct pm_stat_vers *v)
{
	const struct pm_stat_addr *a;
	unsigned int n = 0;

	for (a = v->addr; a; a = a->next)
		n++;
	return n;
}

static unsigned int rmt_len(const struct pm_stat_vers *v)
{
	const struct pm_stat_rmt *r;
	unsigned int n = 0;

	for (r = v->rmt; r; r = r->next)
		n++;
	return n;
}

static const struct pm_stat_addr *addr_at(const struct pm_stat_vers *v,
					  unsigned int i)
{
	const struct pm_stat_addr *a = v->addr;

	while (a && i--)
		a = a->next;
	ck_assert_ptr_nonnull(a);
	return a;
}

static const struct pm_stat_rmt *rmt_at(const struct pm_stat_vers *v,
					unsigned int i)
{
	const struct pm_stat_rmt *r = v->rmt;

	while (r && i--)
		r = r->next;
	ck_assert_ptr_nonnull(r);
	return r;
}

/* ---- procedures ------------------------------------------------------ */

START_TEST(test_proc_by_version)
{
	pm_stats_count_proc(&s, 2, 3);
	pm_stats_count_proc(&s, 3, 3);
	pm_stats_count_proc(&s, 3, 3);
	pm_stats_count_proc(&s, 4, 3);
	pm_stats_count_proc(&s, 4, 3);
	pm_stats_count_proc(&s, 4, 3);
	pm_stats_count_proc(&s, 4, 0);

	ck_assert_int_eq(s.v[0].info[3], 1);
	ck_assert_int_eq(s.v[1].info[3], 2);
	ck_assert_int_eq(s.v[2].info[3], 3);
	ck_assert_int_eq(s.v[2].info[0], 1);
	ck_assert_int_eq(s.v[0].info[0], 0);
	ck_assert_int_eq(s.v[1].info[0], 0);
	ck_assert_int_eq(s.v[1].info[4], 0);
	ck_assert_int_eq(s.v[0].setinfo, 0);
}
END_TEST

START_TEST(test_proc_bounds)
{
	uint32_t vers;

	/* The last procedure counts. */
	pm_stats_count_proc(&s, 2, PM_STAT_PROCS - 1);
	ck_assert_int_eq(s.v[0].info[PM_STAT_PROCS - 1], 1);
	s.v[0].info[PM_STAT_PROCS - 1] = 0;
	assert_zero();

	/* Out of range: ignored, nothing else touched. */
	pm_stats_count_proc(&s, 2, PM_STAT_PROCS);
	pm_stats_count_proc(&s, 3, PM_STAT_PROCS + 1);
	pm_stats_count_proc(&s, 4, UINT32_MAX);
	pm_stats_count_proc(&s, 0, 1);
	pm_stats_count_proc(&s, 1, 1);
	pm_stats_count_proc(&s, 5, 1);
	pm_stats_count_proc(&s, UINT32_MAX, 1);
	pm_stats_count_proc(&s, PM_PROG, 1);
	assert_zero();

	for (vers = 0; vers < 64; vers++)
		if (vers < 2 || vers > 4)
			pm_stats_count_proc(&s, vers, 0);
	assert_zero();
}
END_TEST

/* ---- set / unset ----------------------------------------------------- */

START_TEST(test_set_unset)
{
	pm_stats_count_set(&s, 2);
	pm_stats_count_set(&s, 3);
	pm_stats_count_set(&s, 3);
	pm_stats_count_set(&s, 4);
	pm_stats_count_unset(&s, 4);
	pm_stats_count_unset(&s, 4);
	pm_stats_count_unset(&s, 2);

	ck_assert_int_eq(s.v[0].setinfo, 1);
	ck_assert_int_eq(s.v[1].setinfo, 2);
	ck_assert_int_eq(s.v[2].setinfo, 1);
	ck_assert_int_eq(s.v[0].unsetinfo, 1);
	ck_assert_int_eq(s.v[1].unsetinfo, 0);
	ck_assert_int_eq(s.v[2].unsetinfo, 2);
	/* Not procedure counts. */
	ck_assert_int_eq(s.v[1].info[1], 0);
	ck_assert_int_eq(s.v[1].info[2], 0);
}
END_TEST

START_TEST(test_set_unset_bounds)
{
	pm_stats_count_set(&s, 0);
	pm_stats_count_set(&s, 1);
	pm_stats_count_set(&s, 5);
	pm_stats_count_set(&s, UINT32_MAX);
	pm_stats_count_unset(&s, 0);
	pm_stats_count_unset(&s, 1);
	pm_stats_count_unset(&s, 5);
	pm_stats_count_unset(&s, UINT32_MAX);
	assert_zero();
}
END_TEST

/* ---- lookups --------------------------------------------------------- */

START_TEST(test_lookup_create_once)
{
	const struct pm_stat_addr *a;

	pm_stats_count_lookup(&s, CAP, 3, 100003, 3, "tcp", true);
	ck_assert_uint_eq(s.v[1].n_addr, 1);
	a = s.v[1].addr;
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_null(a->next);
	ck_assert_uint_eq(a->prog, 100003);
	ck_assert_uint_eq(a->vers, 3);
	ck_assert_str_eq(a->netid, "tcp");
	ck_assert_int_eq(a->success, 1);
	ck_assert_int_eq(a->failure, 0);

	/* The same key again: same node, counters move. */
	pm_stats_count_lookup(&s, CAP, 3, 100003, 3, "tcp", false);
	pm_stats_count_lookup(&s, CAP, 3, 100003, 3, "tcp", false);
	pm_stats_count_lookup(&s, CAP, 3, 100003, 3, "tcp", true);
	ck_assert_ptr_eq(s.v[1].addr, a);
	ck_assert_uint_eq(s.v[1].n_addr, 1);
	ck_assert_uint_eq(addr_len(&s.v[1]), 1);
	ck_assert_int_eq(a->success, 2);
	ck_assert_int_eq(a->failure, 2);

	/* Other versions untouched. */
	ck_assert_ptr_null(s.v[0].addr);
	ck_assert_ptr_null(s.v[2].addr);
	ck_assert_uint_eq(s.v[0].n_addr, 0);
	ck_assert_uint_eq(s.v[2].n_addr, 0);
	ck_assert_ptr_null(s.v[1].rmt);
}
END_TEST

START_TEST(test_lookup_keys_newest_first)
{
	const struct pm_stat_vers *v = &s.v[2];

	/* Each part of the key makes a new entry; the newest is first. */
	pm_stats_count_lookup(&s, CAP, 4, 100003, 3, "tcp", true);
	pm_stats_count_lookup(&s, CAP, 4, 100003, 4, "tcp", true);
	pm_stats_count_lookup(&s, CAP, 4, 100003, 3, "udp", false);
	pm_stats_count_lookup(&s, CAP, 4, 100005, 3, "tcp", true);
	pm_stats_count_lookup(&s, CAP, 4, 100003, 3, "tc", true);
	ck_assert_uint_eq(v->n_addr, 5);
	ck_assert_uint_eq(addr_len(v), 5);

	ck_assert_str_eq(addr_at(v, 0)->netid, "tc");
	ck_assert_uint_eq(addr_at(v, 1)->prog, 100005);
	ck_assert_str_eq(addr_at(v, 2)->netid, "udp");
	ck_assert_int_eq(addr_at(v, 2)->failure, 1);
	ck_assert_int_eq(addr_at(v, 2)->success, 0);
	ck_assert_uint_eq(addr_at(v, 3)->vers, 4);
	ck_assert_uint_eq(addr_at(v, 4)->vers, 3);
	ck_assert_str_eq(addr_at(v, 4)->netid, "tcp");
	ck_assert_uint_eq(addr_at(v, 4)->prog, 100003);

	/* Counting an old key does not move it. */
	pm_stats_count_lookup(&s, CAP, 4, 100003, 3, "tcp", true);
	ck_assert_int_eq(addr_at(v, 4)->success, 2);
	ck_assert_str_eq(addr_at(v, 0)->netid, "tc");

	/* The same key under another portmapper version is another entry. */
	pm_stats_count_lookup(&s, CAP, 2, 100003, 3, "tcp", true);
	ck_assert_uint_eq(s.v[0].n_addr, 1);
	ck_assert_int_eq(s.v[0].addr->success, 1);
	ck_assert_int_eq(addr_at(v, 4)->success, 2);
}
END_TEST

START_TEST(test_lookup_cap)
{
	const struct pm_stat_vers *v = &s.v[1];

	pm_stats_count_lookup(&s, 2, 3, 1, 1, "udp", true);
	pm_stats_count_lookup(&s, 2, 3, 2, 1, "udp", true);
	/* Full: a new key is not counted at all. */
	pm_stats_count_lookup(&s, 2, 3, 3, 1, "udp", true);
	pm_stats_count_lookup(&s, 2, 3, 3, 1, "udp", false);
	ck_assert_uint_eq(v->n_addr, 2);
	ck_assert_uint_eq(addr_len(v), 2);
	ck_assert_uint_eq(addr_at(v, 0)->prog, 2);
	ck_assert_uint_eq(addr_at(v, 1)->prog, 1);

	/* Existing keys still count. */
	pm_stats_count_lookup(&s, 2, 3, 1, 1, "udp", false);
	pm_stats_count_lookup(&s, 2, 3, 2, 1, "udp", true);
	ck_assert_int_eq(addr_at(v, 1)->failure, 1);
	ck_assert_int_eq(addr_at(v, 1)->success, 1);
	ck_assert_int_eq(addr_at(v, 0)->success, 2);

	/* The cap is per version. */
	pm_stats_count_lookup(&s, 2, 4, 3, 1, "udp", true);
	ck_assert_uint_eq(s.v[2].n_addr, 1);

	/* A larger cap lets more in. */
	pm_stats_count_lookup(&s, 3, 3, 3, 1, "udp", true);
	ck_assert_uint_eq(v->n_addr, 3);
	ck_assert_uint_eq(addr_at(v, 0)->prog, 3);
}
END_TEST

START_TEST(test_lookup_cap_zero)
{
	pm_stats_count_lookup(&s, 0, 3, 100003, 3, "tcp", true);
	pm_stats_count_lookup(&s, 0, 2, 100003, 3, "tcp", false);
	assert_zero();
}
END_TEST

START_TEST(test_lookup_cap_many)
{
	unsigned int i;

	for (i = 0; i < CAP + 50; i++)
		pm_stats_count_lookup(&s, CAP, 4, 200000 + i, 1, "tcp", true);
	ck_assert_uint_eq(s.v[2].n_addr, CAP);
	ck_assert_uint_eq(addr_len(&s.v[2]), CAP);
	ck_assert_uint_eq(addr_at(&s.v[2], 0)->prog, 200000 + CAP - 1);
	ck_assert_uint_eq(addr_at(&s.v[2], CAP - 1)->prog, 200000);
}
END_TEST

START_TEST(test_lookup_netid_length)
{
	char n[PM_NETID_MAX + 8];

	/* PM_NETID_MAX - 1 characters fit. */
	memset(n, 'n', PM_NETID_MAX - 1);
	n[PM_NETID_MAX - 1] = '\0';
	pm_stats_count_lookup(&s, CAP, 3, 100003, 3, n, true);
	ck_assert_uint_eq(s.v[1].n_addr, 1);
	ck_assert_str_eq(s.v[1].addr->netid, n);

	/* Longer ones are ignored. */
	pm_stats_count_lookup(&s, 0, 3, 100003, 3, n, true);
	ck_assert_int_eq(s.v[1].addr->success, 2);
	memset(n, 'n', PM_NETID_MAX);
	n[PM_NETID_MAX] = '\0';
	pm_stats_count_lookup(&s, CAP, 3, 100003, 3, n, true);
	memset(n, 'n', PM_NETID_MAX + 7);
	n[PM_NETID_MAX + 7] = '\0';
	pm_stats_count_lookup(&s, CAP, 3, 100003, 3, n, false);
	ck_assert_uint_eq(s.v[1].n_addr, 1);
	ck_assert_int_eq(s.v[1].addr->success, 2);
	ck_assert_int_eq(s.v[1].addr->failure, 0);
}
END_TEST

START_TEST(test_lookup_bad_version)
{
	pm_stats_count_lookup(&s, CAP, 1, 100003, 3, "tcp", true);
	pm_stats_count_lookup(&s, CAP, 5, 100003, 3, "tcp", true);
	pm_stats_count_lookup(&s, CAP, UINT32_MAX, 100003, 3, "tcp", false);
	assert_zero();
}
END_TEST

/* ---- remote calls ---------------------------------------------------- */

START_TEST(test_rmt_create_once)
{
	const struct pm_stat_rmt *r;

	pm_stats_count_rmtcall(&s, CAP, 4, 100003, 3, 1, "udp", true);
	ck_assert_uint_eq(s.v[2].n_rmt, 1);
	r = s.v[2].rmt;
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_null(r->next);
	ck_assert_uint_eq(r->prog, 100003);
	ck_assert_uint_eq(r->vers, 3);
	ck_assert_uint_eq(r->proc, 1);
	ck_assert_str_eq(r->netid, "udp");
	ck_assert_int_eq(r->success, 1);
	ck_assert_int_eq(r->failure, 0);
	ck_assert_int_eq(r->indirect, 1);

	/* indirect counts every call, success or not. */
	pm_stats_count_rmtcall(&s, CAP, 4, 100003, 3, 1, "udp", false);
	pm_stats_count_rmtcall(&s, CAP, 4, 100003, 3, 1, "udp", false);
	pm_stats_count_rmtcall(&s, CAP, 4, 100003, 3, 1, "udp", true);
	ck_assert_ptr_eq(s.v[2].rmt, r);
	ck_assert_uint_eq(s.v[2].n_rmt, 1);
	ck_assert_uint_eq(rmt_len(&s.v[2]), 1);
	ck_assert_int_eq(r->success, 2);
	ck_assert_int_eq(r->failure, 2);
	ck_assert_int_eq(r->indirect, 4);

	/* Separate from lookups and other versions. */
	ck_assert_ptr_null(s.v[2].addr);
	ck_assert_uint_eq(s.v[2].n_addr, 0);
	ck_assert_ptr_null(s.v[0].rmt);
	ck_assert_ptr_null(s.v[1].rmt);
}
END_TEST

START_TEST(test_rmt_keys_newest_first)
{
	const struct pm_stat_vers *v = &s.v[0];

	pm_stats_count_rmtcall(&s, CAP, 2, 100003, 3, 1, "udp", true);
	pm_stats_count_rmtcall(&s, CAP, 2, 100003, 3, 2, "udp", true);
	pm_stats_count_rmtcall(&s, CAP, 2, 100003, 4, 1, "udp", true);
	pm_stats_count_rmtcall(&s, CAP, 2, 100005, 3, 1, "udp", false);
	pm_stats_count_rmtcall(&s, CAP, 2, 100003, 3, 1, "tcp", true);
	ck_assert_uint_eq(v->n_rmt, 5);
	ck_assert_uint_eq(rmt_len(v), 5);

	ck_assert_str_eq(rmt_at(v, 0)->netid, "tcp");
	ck_assert_uint_eq(rmt_at(v, 1)->prog, 100005);
	ck_assert_int_eq(rmt_at(v, 1)->failure, 1);
	ck_assert_int_eq(rmt_at(v, 1)->indirect, 1);
	ck_assert_uint_eq(rmt_at(v, 2)->vers, 4);
	ck_assert_uint_eq(rmt_at(v, 3)->proc, 2);
	ck_assert_uint_eq(rmt_at(v, 4)->proc, 1);
	ck_assert_str_eq(rmt_at(v, 4)->netid, "udp");

	pm_stats_count_rmtcall(&s, CAP, 2, 100003, 3, 1, "udp", false);
	ck_assert_int_eq(rmt_at(v, 4)->indirect, 2);
	ck_assert_int_eq(rmt_at(v, 4)->failure, 1);
	ck_assert_str_eq(rmt_at(v, 0)->netid, "tcp");
}
END_TEST

START_TEST(test_rmt_cap)
{
	const struct pm_stat_vers *v = &s.v[1];

	pm_stats_count_rmtcall(&s, 2, 3, 1, 1, 0, "udp", true);
	pm_stats_count_rmtcall(&s, 2, 3, 1, 1, 1, "udp", true);
	pm_stats_count_rmtcall(&s, 2, 3, 1, 1, 2, "udp", true);
	pm_stats_count_rmtcall(&s, 2, 3, 1, 1, 2, "udp", false);
	ck_assert_uint_eq(v->n_rmt, 2);
	ck_assert_uint_eq(rmt_len(v), 2);
	ck_assert_uint_eq(rmt_at(v, 0)->proc, 1);
	ck_assert_uint_eq(rmt_at(v, 1)->proc, 0);

	/* Existing keys still count. */
	pm_stats_count_rmtcall(&s, 2, 3, 1, 1, 0, "udp", false);
	ck_assert_int_eq(rmt_at(v, 1)->failure, 1);
	ck_assert_int_eq(rmt_at(v, 1)->indirect, 2);

	/* The lookup list has its own count. */
	pm_stats_count_lookup(&s, 2, 3, 1, 1, "udp", true);
	ck_assert_uint_eq(v->n_addr, 1);

	/* Zero cap: nothing. */
	pm_stats_count_rmtcall(&s, 0, 4, 1, 1, 0, "udp", true);
	ck_assert_ptr_null(s.v[2].rmt);
	ck_assert_uint_eq(s.v[2].n_rmt, 0);
}
END_TEST

START_TEST(test_rmt_netid_and_version)
{
	char n[PM_NETID_MAX + 1];

	memset(n, 'n', PM_NETID_MAX);
	n[PM_NETID_MAX] = '\0';
	pm_stats_count_rmtcall(&s, CAP, 3, 100003, 3, 1, n, true);
	pm_stats_count_rmtcall(&s, CAP, 1, 100003, 3, 1, "udp", true);
	pm_stats_count_rmtcall(&s, CAP, 5, 100003, 3, 1, "udp", true);
	assert_zero();

	n[PM_NETID_MAX - 1] = '\0';
	pm_stats_count_rmtcall(&s, CAP, 3, 100003, 3, 1, n, true);
	ck_assert_uint_eq(s.v[1].n_rmt, 1);
	ck_assert_str_eq(s.v[1].rmt->netid, n);
}
END_TEST

/* Cap 0, for callers that may not add keys: existing keys still count. */
START_TEST(test_cap_zero_counts_existing)
{
	pm_stats_count_lookup(&s, CAP, 4, 100003, 3, "udp", true);
	pm_stats_count_rmtcall(&s, CAP, 4, 100003, 3, 0, "udp", true);
	pm_stats_count_lookup(&s, 0, 4, 100003, 3, "udp", false);
	pm_stats_count_lookup(&s, 0, 4, 100005, 3, "udp", false);
	pm_stats_count_rmtcall(&s, 0, 4, 100003, 3, 0, "udp", false);
	pm_stats_count_rmtcall(&s, 0, 4, 100003, 3, 1, "udp", false);
	ck_assert_uint_eq(s.v[2].n_addr, 1);
	ck_assert_uint_eq(s.v[2].n_rmt, 1);
	ck_assert_int_eq(s.v[2].addr->failure, 1);
	ck_assert_int_eq(s.v[2].rmt->failure, 1);
	ck_assert_int_eq(s.v[2].rmt->indirect, 2);
}
END_TEST

/* ---- clear ----------------------------------------------------------- */

START_TEST(test_clear)
{
	unsigned int i;
	uint32_t vers;

	for (vers = 2; vers <= 4; vers++) {
		for (i = 0; i < 20; i++) {
			pm_stats_count_lookup(&s, CAP, vers, i, 1, "udp", true);
			pm_stats_count_rmtcall(&s, CAP, vers, i, 1, 0, "tcp",
					       false);
		}
		pm_stats_count_proc(&s, vers, 3);
		pm_stats_count_set(&s, vers);
		pm_stats_count_unset(&s, vers);
	}
	ck_assert_uint_eq(s.v[2].n_addr, 20);

	pm_stats_clear(&s);
	assert_zero();

	/* Usable again; clearing twice is fine. */
	pm_stats_count_lookup(&s, CAP, 2, 100003, 3, "tcp", true);
	ck_assert_uint_eq(s.v[0].n_addr, 1);
	ck_assert_int_eq(s.v[0].addr->success, 1);
	pm_stats_clear(&s);
	pm_stats_clear(&s);
	assert_zero();
}
END_TEST

START_TEST(test_clear_zeroed)
{
	pm_stats_clear(&s);
	assert_zero();
}
END_TEST

/* ---- suite ----------------------------------------------------------- */

static TCase *tcase(Suite *su, const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(su, tc);
	return tc;
}

static Suite *stats_suite(void)
{
	Suite *su = suite_create("stats");
	TCase *tc;

	tc = tcase(su, "proc");
	tcase_add_test(tc, test_proc_by_version);
	tcase_add_test(tc, test_proc_bounds);

	tc = tcase(su, "set_unset");
	tcase_add_test(tc, test_set_unset);
	tcase_add_test(tc, test_set_unset_bounds);

	tc = tcase(su, "lookup");
	tcase_add_test(tc, test_lookup_create_once);
	tcase_add_test(tc, test_lookup_keys_newest_first);
	tcase_add_test(tc, test_lookup_cap);
	tcase_add_test(tc, test_lookup_cap_zero);
	tcase_add_test(tc, test_lookup_cap_many);
	tcase_add_test(tc, test_lookup_netid_length);
	tcase_add_test(tc, test_lookup_bad_version);

	tc = tcase(su, "rmtcall");
	tcase_add_test(tc, test_rmt_create_once);
	tcase_add_test(tc, test_rmt_keys_newest_first);
	tcase_add_test(tc, test_rmt_cap);
	tcase_add_test(tc, test_rmt_netid_and_version);
	tcase_add_test(tc, test_cap_zero_counts_existing);

	tc = tcase(su, "clear");
	tcase_add_test(tc, test_clear);
	tcase_add_test(tc, test_clear_zeroed);

	return su;
}

int main(void)
{
	return tu_run(stats_suite());
}
