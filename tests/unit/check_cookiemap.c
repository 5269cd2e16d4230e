/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_cookiemap.c - the cookie map against a plain array, through
 * random puts and deletes of sequential and scattered cookies (long
 * probe runs, runs that wrap around the end, every removal position).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <check.h>

#include "cookiemap.h"
#include "testutil.h"

#define KEYS	3000
#define STEPS	40000

START_TEST(test_zero_is_no_cookie)
{
	struct cookiemap m = { 0 };
	int x;

	ck_assert_int_eq(cookiemap_put(&m, 0, &x), -EINVAL);
	ck_assert_ptr_null(cookiemap_get(&m, 0));
	ck_assert_ptr_null(cookiemap_get(&m, 1));
	cookiemap_del(&m, 1);
	ck_assert_int_eq(cookiemap_put(&m, 1, &x), 0);
	ck_assert_int_eq(cookiemap_put(&m, 1, &m), 0);
	ck_assert_ptr_eq(cookiemap_get(&m, 1), &m);
	ck_assert_uint_eq(m.n, 1);
	cookiemap_clear(&m);
	ck_assert_ptr_null(cookiemap_get(&m, 1));
}
END_TEST

/* _i: 0 sequential cookies (as the kernel hands them out), 1 scattered */
START_TEST(test_matches_an_array)
{
	static void *want[KEYS];
	struct cookiemap m = { 0 };
	unsigned int seed = 7 + (unsigned int)_i;
	size_t n = 0;

	for (int step = 0; step < STEPS; step++) {
		unsigned int k = (unsigned int)rand_r(&seed) % KEYS;
		uint64_t cookie = _i ? (uint64_t)k * 0x100000001ull + 1 :
				       k + 1;

		/* put more than delete at first, then the other way */
		if ((unsigned int)rand_r(&seed) % 100 <
		    (step < STEPS / 2 ? 70u : 30u)) {
			n += !want[k];
			want[k] = &want[k];
			ck_assert_int_eq(cookiemap_put(&m, cookie, want[k]), 0);
		} else {
			n -= !!want[k];
			want[k] = NULL;
			cookiemap_del(&m, cookie);
		}
		ck_assert_uint_eq(m.n, n);
		if (step % 997)
			continue;
		for (k = 0; k < KEYS; k++)
			ck_assert_ptr_eq(cookiemap_get(&m, _i ?
				(uint64_t)k * 0x100000001ull + 1 : k + 1),
				want[k]);
	}
	cookiemap_clear(&m);
}
END_TEST

static Suite *cookiemap_suite(void)
{
	Suite *s = suite_create("cookiemap");
	TCase *tc = tcase_create("map");

	tcase_add_test(tc, test_zero_is_no_cookie);
	tcase_add_loop_test(tc, test_matches_an_array, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(cookiemap_suite());
}
