/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_vsdef.c - unit tests for rpcbindns/vsdef.c: marks, addresses and
 * whole virtual server definitions from text.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <check.h>

#include "testutil.h"
#include "vsdef.h"

#define UNTOUCHED	0xdeadbeefu

static uint32_t mark_of(const char *s)
{
	uint32_t m = UNTOUCHED;

	ck_assert_int_eq(vsdef_parse_mark(s, &m), 0);
	return m;
}

static void mark_refused(const char *s)
{
	uint32_t m = UNTOUCHED;

	ck_assert_msg(vsdef_parse_mark(s, &m) == -EINVAL, "'%s' taken", s);
	ck_assert_uint_eq(m, UNTOUCHED);
}

START_TEST(test_mark)
{
	ck_assert_uint_eq(mark_of("1"), 1);
	ck_assert_uint_eq(mark_of("010"), 10);		/* not octal */
	ck_assert_uint_eq(mark_of("0x10"), 16);
	ck_assert_uint_eq(mark_of("0XfF"), 255);
	ck_assert_uint_eq(mark_of("4294967295"), UINT32_MAX);
	ck_assert_uint_eq(mark_of("0xffffffff"), UINT32_MAX);
}
END_TEST

START_TEST(test_mark_refused)
{
	static const char *const bad[] = {
		"", "0", "0x0", "0x", "x1", "-1", "+1", " 1", "1 ", "1a",
		"0x1g", "4294967296", "0x100000000", "99999999999999999999",
		"1.0",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		mark_refused(bad[i]);
}
END_TEST

START_TEST(test_addr)
{
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	struct ipc_vs_addr a;

	ck_assert_int_eq(vsdef_parse_addr("192.0.2.7", &a), 0);
	ck_assert_int_eq(a.family, AF_INET);
	ck_assert_mem_eq(a.addr, "\xc0\x00\x02\x07", 4);
	ck_assert_mem_eq(a.addr + 4, "\0\0\0\0\0\0\0\0\0\0\0\0", 12);
	ck_assert_int_eq(vsdef_parse_addr("2001:db8::1", &a), 0);
	ck_assert_int_eq(a.family, AF_INET6);
	ck_assert_mem_eq(a.addr, v6, 16);
	ck_assert_int_eq(vsdef_parse_addr("::ffff:192.0.2.7", &a), 0);
	ck_assert_int_eq(a.family, AF_INET6);
	ck_assert_int_eq(vsdef_parse_addr("192.0.2", &a), -EINVAL);
	ck_assert_int_eq(vsdef_parse_addr("192.0.2.7 ", &a), -EINVAL);
	ck_assert_int_eq(vsdef_parse_addr("localhost", &a), -EINVAL);
	ck_assert_int_eq(vsdef_parse_addr("fe80::1%eth0", &a), -EINVAL);
	ck_assert_int_eq(vsdef_parse_addr("192.0.2.0/24", &a), -EINVAL);
	ck_assert_int_eq(vsdef_parse_addr("", &a), -EINVAL);
}
END_TEST

START_TEST(test_make)
{
	const char *addrs[] = { "10.0.0.1", "fd00::1" };
	struct ipc_vs v;

	memset(&v, 0xff, sizeof(v));
	ck_assert_int_eq(vsdef_make(42, "nfs-a.1_x", 7, addrs, 2, &v), 0);
	ck_assert_uint_eq(v.cookie, 42);
	ck_assert_str_eq(v.name, "nfs-a.1_x");
	ck_assert_uint_eq(v.mark, 7);
	ck_assert_uint_eq(v.id, 0);
	ck_assert_uint_eq(v.n_addrs, 2);
	ck_assert_uint_eq(v.pad, 0);
	ck_assert_int_eq(v.addrs[0].family, AF_INET);
	ck_assert_int_eq(v.addrs[1].family, AF_INET6);
	/* unused slots are zero, as the broker's decoder insists */
	ck_assert_int_eq(v.addrs[2].family, 0);
	ck_assert_int_eq(v.addrs[IPC_VS_ADDRS_MAX - 1].addr[15], 0);
	ck_assert_int_eq(v.name[IPC_VS_NAME_MAX - 1], 0);
}
END_TEST

START_TEST(test_make_refused)
{
	const char *addrs[IPC_VS_ADDRS_MAX + 1];
	const char *twice[] = { "10.0.0.1", "10.0.0.2", "10.0.0.1" };
	const char *bad[] = { "10.0.0.1", "10.0.0.300" };
	char name[IPC_VS_NAME_MAX + 1];
	struct ipc_vs v = { .mark = UNTOUCHED };
	size_t i;

	for (i = 0; i < IPC_VS_ADDRS_MAX + 1; i++)
		addrs[i] = "10.0.0.1";
	ck_assert_int_eq(vsdef_make(1, "a", 1, addrs, 0, &v), -EINVAL);
	ck_assert_int_eq(vsdef_make(1, "a", 0, addrs, 1, &v), -EINVAL);
	ck_assert_int_eq(vsdef_make(1, "", 1, addrs, 1, &v), -EINVAL);
	ck_assert_int_eq(vsdef_make(1, ".a", 1, addrs, 1, &v), -EINVAL);
	ck_assert_int_eq(vsdef_make(1, "a/b", 1, addrs, 1, &v), -EINVAL);
	ck_assert_int_eq(vsdef_make(1, "a", 1, twice, 3, &v), -EINVAL);
	ck_assert_int_eq(vsdef_make(1, "a", 1, bad, 2, &v), -EINVAL);
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ck_assert_int_eq(vsdef_make(1, name, 1, addrs, 1, &v), -EINVAL);
	name[IPC_VS_NAME_MAX - 1] = '\0';	/* the longest name */
	ck_assert_int_eq(vsdef_make(1, name, 1, addrs, 1, &v), 0);
	ck_assert_uint_eq(v.mark, 1);
	v.mark = UNTOUCHED;
	/* sixteen different addresses are fine, seventeen are not */
	ck_assert_int_eq(vsdef_make(1, "a", 1, addrs, IPC_VS_ADDRS_MAX + 1,
				    &v), -EINVAL);
	ck_assert_uint_eq(v.mark, UNTOUCHED);
}
END_TEST

START_TEST(test_make_sixteen)
{
	static char text[IPC_VS_ADDRS_MAX][16];
	const char *addrs[IPC_VS_ADDRS_MAX];
	struct ipc_vs v;
	size_t i;

	for (i = 0; i < IPC_VS_ADDRS_MAX; i++) {
		snprintf(text[i], sizeof(text[i]), "10.0.0.%zu", i + 1);
		addrs[i] = text[i];
	}
	ck_assert_int_eq(vsdef_make(1, "a", 1, addrs, IPC_VS_ADDRS_MAX, &v),
			 0);
	ck_assert_uint_eq(v.n_addrs, IPC_VS_ADDRS_MAX);
	ck_assert_int_eq(v.addrs[IPC_VS_ADDRS_MAX - 1].addr[3], 16);
}
END_TEST

static Suite *vsdef_suite(void)
{
	Suite *s = suite_create("vsdef");
	TCase *tc = tcase_create("mark");

	tcase_add_test(tc, test_mark);
	tcase_add_test(tc, test_mark_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("addr");
	tcase_add_test(tc, test_addr);
	suite_add_tcase(s, tc);

	tc = tcase_create("make");
	tcase_add_test(tc, test_make);
	tcase_add_test(tc, test_make_refused);
	tcase_add_test(tc, test_make_sixteen);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(vsdef_suite());
}
