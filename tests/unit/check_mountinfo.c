/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_mountinfo.c - unit tests for rpcbindns/broker/mountinfo.c.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>
#include <check.h>

#include "mountinfo.h"
#include "testutil.h"

#define LINE_MAX_TEST	512

/* The mount point mountinfo_net_mount() finds in @line, or NULL. */
static const char *net_mount(const char *line)
{
	static char buf[LINE_MAX_TEST];
	char *mnt;

	snprintf(buf, sizeof(buf), "%s", line);
	return mountinfo_net_mount(buf, &mnt) ? mnt : NULL;
}

START_TEST(test_netns)
{
	ck_assert_str_eq(net_mount("612 28 0:4 net:[4026532560] /run/netns/a "
				   "rw shared:269 - nsfs nsfs rw\n"),
			 "/run/netns/a");
	ck_assert_str_eq(net_mount("700 28 0:4 net:[4026532999] /run/docker/"
				   "netns/1a\\040b\\134c rw master:12 - nsfs "
				   "nsfs rw\n"),
			 "/run/docker/netns/1a b\\c");
}
END_TEST

START_TEST(test_not_netns)
{
	ck_assert_ptr_null(net_mount("701 28 0:4 mnt:[4026532777] /run/m rw "
				     "- nsfs nsfs rw\n"));
	ck_assert_ptr_null(net_mount("22 1 8:1 / / rw,relatime shared:1 - "
				     "ext4 /dev/sda1 rw\n"));
	ck_assert_ptr_null(net_mount("612 28 0:4 net:[1] /run/netns/a rw "
				     "nsfs nsfs rw\n"));
	ck_assert_ptr_null(net_mount("1 2 - nsfs x"));
	ck_assert_ptr_null(net_mount(""));
}
END_TEST

/* A backslash escape cut short at the end of the line stays as it is. */
START_TEST(test_truncated_escape)
{
	ck_assert_str_eq(net_mount("1 2 0:4 net:[1] /a\\04 rw - nsfs nsfs rw"),
			 "/a\\04");
}
END_TEST

static Suite *mountinfo_suite(void)
{
	Suite *s = suite_create("mountinfo");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_netns);
	tcase_add_test(tc, test_not_netns);
	tcase_add_test(tc, test_truncated_escape);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(mountinfo_suite());
}
