/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_ratelimit.c - per-source budgets of UDP reply bytes.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <check.h>

#include "ratelimit.h"
#include "testutil.h"

#define RATE	10000

static struct pm_ratelimit *rl;

static void setup(void)
{
	rl = pm_ratelimit_new(RATE, 0x5eed);
	ck_assert_ptr_nonnull(rl);
}

static void teardown(void)
{
	pm_ratelimit_free(rl);
}

static bool allow4(uint64_t ns, const char *ip, uint16_t port,
		   uint64_t now_ms, size_t len)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };

	ck_assert_int_eq(inet_pton(AF_INET, ip, &sin.sin_addr), 1);
	return pm_ratelimit_allow(rl, ns, (struct sockaddr *)&sin,
				  sizeof(sin), now_ms, len);
}

START_TEST(test_burst_then_refill)
{
	ck_assert(allow4(1, "10.0.0.1", 700, 1000, RATE - 100));
	ck_assert(allow4(1, "10.0.0.1", 700, 1000, 100));
	ck_assert(!allow4(1, "10.0.0.1", 700, 1000, 1));
	/* half a second later, half the rate */
	ck_assert(!allow4(1, "10.0.0.1", 700, 1500, RATE / 2 + 1));
	ck_assert(allow4(1, "10.0.0.1", 700, 1500, RATE / 2));
	ck_assert(!allow4(1, "10.0.0.1", 700, 1500, 1));
	/* never more than one second's worth */
	ck_assert(!allow4(1, "10.0.0.1", 700, 100000, RATE + 1));
	ck_assert(allow4(1, "10.0.0.1", 700, 100000, RATE));
}
END_TEST

START_TEST(test_per_source)
{
	ck_assert(allow4(1, "10.0.0.1", 700, 1000, RATE));
	/* another port of the same address is the same source */
	ck_assert(!allow4(1, "10.0.0.1", 701, 1000, 1));
	/* another address, or the same one in another namespace, is not */
	ck_assert(allow4(1, "10.0.0.2", 700, 1000, RATE));
	ck_assert(allow4(2, "10.0.0.1", 700, 1000, RATE));
}
END_TEST

START_TEST(test_inet6_and_mapped)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };

	ck_assert_int_eq(inet_pton(AF_INET6, "::ffff:10.0.0.1",
				   &sin6.sin6_addr), 1);
	ck_assert(allow4(1, "10.0.0.1", 700, 1000, RATE));
	/* a v4-mapped peer is the IPv4 source it maps */
	ck_assert(!pm_ratelimit_allow(rl, 1, (struct sockaddr *)&sin6,
				      sizeof(sin6), 1000, 1));
	ck_assert_int_eq(inet_pton(AF_INET6, "fd00::1", &sin6.sin6_addr), 1);
	ck_assert(pm_ratelimit_allow(rl, 1, (struct sockaddr *)&sin6,
				     sizeof(sin6), 1000, RATE));
	ck_assert(!pm_ratelimit_allow(rl, 1, (struct sockaddr *)&sin6,
				      sizeof(sin6), 1000, 1));
}
END_TEST

START_TEST(test_not_ip)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr sa = { .sa_family = AF_UNIX };

	ck_assert(!pm_ratelimit_allow(rl, 1, &sa, sizeof(sa), 1000, 1));
	ck_assert(!pm_ratelimit_allow(rl, 1, (struct sockaddr *)&sin,
				      sizeof(sin) - 1, 1000, 1));
}
END_TEST

START_TEST(test_clock_backwards)
{
	ck_assert(allow4(1, "10.0.0.1", 700, 5000, RATE));
	ck_assert(!allow4(1, "10.0.0.1", 700, 1000, 1));
	ck_assert(!allow4(1, "10.0.0.1", 700, 5000, 1));
	ck_assert(allow4(1, "10.0.0.1", 700, 5100, RATE / 10));
}
END_TEST

/*
 * Far more busy sources than buckets: the newcomers share the overflow
 * bucket, so what all of them get in one instant stays bounded by the
 * buckets there are plus one.
 */
START_TEST(test_saturated)
{
	uint64_t sent = 0;
	char ip[INET_ADDRSTRLEN];
	int i, allowed = 0;

	for (i = 0; i < 4 * PM_RATELIMIT_SLOTS; i++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.%d", i >> 16 & 255,
			 i >> 8 & 255, i & 255);
		if (allow4(1, ip, 700, 1000, RATE)) {
			allowed++;
			sent += RATE;
		}
	}
	ck_assert_int_le(allowed, PM_RATELIMIT_SLOTS + 1);
	ck_assert_int_ge(allowed, PM_RATELIMIT_SLOTS / 2);
	ck_assert_uint_le(sent, (uint64_t)(PM_RATELIMIT_SLOTS + 1) * RATE);
	/* a second later every bucket is full again and can be reused */
	ck_assert(allow4(1, "192.168.0.1", 700, 2000, RATE));
}
END_TEST

static Suite *ratelimit_suite(void)
{
	Suite *s = suite_create("ratelimit");
	TCase *tc = tcase_create("buckets");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_burst_then_refill);
	tcase_add_test(tc, test_per_source);
	tcase_add_test(tc, test_inet6_and_mapped);
	tcase_add_test(tc, test_not_ip);
	tcase_add_test(tc, test_clock_backwards);
	tcase_add_test(tc, test_saturated);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(ratelimit_suite());
}
