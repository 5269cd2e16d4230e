/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_policy.c - who may SET/UNSET, owner strings, forwarding deny-list.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "policy.h"
#include "testutil.h"

static bool local_ip(const char *ip)
{
	struct tu_caller tc;

	tu_caller_ip(&tc, 1, strchr(ip, ':') ? "udp6" : "udp", ip, 40000);
	return pm_policy_is_local(&tc.c);
}

START_TEST(test_is_local)
{
	struct tu_caller tc;

	ck_assert(local_ip("127.0.0.1"));
	ck_assert(local_ip("::1"));
	ck_assert(local_ip("::ffff:127.0.0.1"));
	ck_assert(!local_ip("127.0.0.2"));
	ck_assert(!local_ip("10.0.0.1"));
	ck_assert(!local_ip("::ffff:10.0.0.1"));
	ck_assert(!local_ip("fe80::1"));
	tu_caller_local(&tc, 1, 1000);
	ck_assert(pm_policy_is_local(&tc.c));
	tc.c.peer = NULL;
	ck_assert(!pm_policy_is_local(&tc.c));
}
END_TEST

START_TEST(test_may_change)
{
	struct tu_caller tc;

	tu_caller_ip(&tc, 1, "udp", "10.0.0.9", 700);
	ck_assert(!pm_policy_may_change(&tc.c));
	tc.policy.insecure = true;
	ck_assert(pm_policy_may_change(&tc.c));
	tc.c.policy = NULL;
	ck_assert(!pm_policy_may_change(&tc.c));
}
END_TEST

static const char *owner_of(struct tu_caller *tc)
{
	static char buf[PM_OWNER_MAX];

	pm_policy_owner(&tc->c, buf);
	return buf;
}

START_TEST(test_owner)
{
	struct tu_caller tc;

	tu_caller_local(&tc, 1, 0);
	ck_assert_str_eq(owner_of(&tc), "superuser");
	tu_caller_local(&tc, 1, 4294967294u);
	ck_assert_str_eq(owner_of(&tc), "4294967294");
	tc.c.has_uid = false;
	ck_assert_str_eq(owner_of(&tc), "unknown");
	tu_caller_ip(&tc, 1, "udp", "127.0.0.1", 1023);
	ck_assert_str_eq(owner_of(&tc), "superuser");
	tu_caller_ip(&tc, 1, "udp", "127.0.0.1", 1024);
	ck_assert_str_eq(owner_of(&tc), "unknown");
	tu_caller_ip(&tc, 1, "tcp6", "::1", 700);
	ck_assert_str_eq(owner_of(&tc), "superuser");
	/* a privileged port elsewhere proves nothing */
	tu_caller_ip(&tc, 1, "udp", "10.0.0.9", 700);
	ck_assert_str_eq(owner_of(&tc), "unknown");
}
END_TEST

/* A loopback source on a datagram from another interface is forged. */
START_TEST(test_loopback_source_off_loopback)
{
	struct tu_caller tc;

	tu_caller_ip(&tc, 1, "udp", "127.0.0.1", 700);
	tc.c.off_loopback = true;
	ck_assert(!pm_policy_is_local(&tc.c));
	ck_assert(!pm_policy_may_change(&tc.c));
	ck_assert_str_eq(owner_of(&tc), "unknown");
	tu_caller_ip(&tc, 1, "udp6", "::1", 700);
	tc.c.off_loopback = true;
	ck_assert(!pm_policy_may_change(&tc.c));
	ck_assert_str_eq(owner_of(&tc), "unknown");
	tc.c.off_loopback = false;
	ck_assert(pm_policy_may_change(&tc.c));
	ck_assert_str_eq(owner_of(&tc), "superuser");
}
END_TEST

START_TEST(test_may_unset)
{
	ck_assert(pm_policy_may_unset("superuser", "1000"));
	ck_assert(pm_policy_may_unset("1000", "1000"));
	ck_assert(!pm_policy_may_unset("1000", "1001"));
	ck_assert(!pm_policy_may_unset("1000", "superuser"));
	ck_assert(!pm_policy_may_unset("unknown", "superuser"));
}
END_TEST

START_TEST(test_may_forward)
{
	ck_assert(pm_policy_may_forward(100003, 0, false));
	ck_assert(!pm_policy_may_forward(100003, 1, false));
	ck_assert(!pm_policy_may_forward(100005, 1, false));
	ck_assert(!pm_policy_may_forward(100005, 3, false));
	ck_assert(pm_policy_may_forward(100005, 2, false));
	ck_assert(!pm_policy_may_forward(100004, 8, false));
	ck_assert(pm_policy_may_forward(100004, 2, false));
	ck_assert(!pm_policy_may_forward(100007, 2, false));
	ck_assert(!pm_policy_may_forward(100009, 1, false));
	ck_assert(!pm_policy_may_forward(100011, 1, false));
	ck_assert(!pm_policy_may_forward(100021, 1, true));
	ck_assert(!pm_policy_may_forward(100024, 2, true));
	ck_assert(!pm_policy_may_forward(100000, 4, false));
	ck_assert(pm_policy_may_forward(100000, 4, true));
	ck_assert(pm_policy_may_forward(400100, 7, false));
}
END_TEST

static Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, test_is_local);
	tcase_add_test(tc, test_may_change);
	tcase_add_test(tc, test_owner);
	tcase_add_test(tc, test_loopback_source_off_loopback);
	tcase_add_test(tc, test_may_unset);
	tcase_add_test(tc, test_may_forward);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(policy_suite());
}
