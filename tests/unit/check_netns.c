/*
 * check_netns.c - opening and identifying network namespaces.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <check.h>

#include "netns.h"
#include "testutil.h"

START_TEST(test_names)
{
	ck_assert(pm_netns_name_is_valid("vs1"));
	ck_assert(!pm_netns_name_is_valid(""));
	ck_assert(!pm_netns_name_is_valid("."));
	ck_assert(!pm_netns_name_is_valid(".."));
	ck_assert(!pm_netns_name_is_valid("a/b"));
}
END_TEST

START_TEST(test_open_specs)
{
	int fd;

	fd = pm_netns_open("/proc/self/ns/net");
	ck_assert_int_ge(fd, 0);
	ck_assert(pm_netns_is_net(fd));
	close(fd);
	fd = pm_netns_open("pid:1x");
	ck_assert_int_eq(fd, -EINVAL);
	ck_assert_int_eq(pm_netns_open("a/b"), -EINVAL);
	/* a file that is not a namespace */
	ck_assert_int_eq(pm_netns_open("/proc/self/ns/mnt"), -EINVAL);
	ck_assert_int_lt(pm_netns_open("/nonexistent/ns"), 0);
}
END_TEST

/* Both ways of naming a namespace give the same id; the slow one is
 * what kernels without NS_GET_ID use. */
START_TEST(test_id_both_ways)
{
	uint64_t fast = 0, slow = 0;
	int fd = pm_netns_open("/proc/self/ns/net");

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pm_netns_id(fd, &fast), 0);
	if (geteuid() == 0) {
		ck_assert_int_eq(pm_netns_id_from_socket(fd, &slow), 0);
		ck_assert_uint_eq(fast, slow);
	}
	ck_assert_uint_ne(fast, 0);
	close(fd);
}
END_TEST

static Suite *netns_suite(void)
{
	Suite *s = suite_create("netns");
	TCase *tc = tcase_create("handles");

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_open_specs);
	tcase_add_test(tc, test_id_both_ways);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(netns_suite());
}
