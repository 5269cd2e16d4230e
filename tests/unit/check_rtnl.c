/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_rtnl.c - unit tests for the rtnetlink parsing of rpcbindns/engine/rtnl.c,
 * and replays of the inputs on which tests/fuzz/fuzz_rtnl crashed it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <check.h>

#include "rtnl.h"
#include "testutil.h"

#define MSGS_MAX	1024

static unsigned int n_links;
static struct rtnl *r;
static uint32_t msgs[MSGS_MAX / 4];	/* aligned, as recv() buffers are */

static void on_link(int ifindex, unsigned int flags, void *arg)
{
	n_links++;
}

static void setup(void)
{
	n_links = 0;
	r = rtnl_parser_new(on_link, NULL);
	ck_assert_ptr_nonnull(r);
}

static void teardown(void)
{
	rtnl_free(r);
}

static size_t put_link(uint8_t *p, int index, unsigned int flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	nlh->nlmsg_type = RTM_NEWLINK;
	ifi->ifi_index = index;
	ifi->ifi_flags = flags;
	return nlh->nlmsg_len;
}

static size_t put_addr(uint8_t *p, int family, int index, const void *addr,
		       size_t addr_len)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));

	nlh->nlmsg_type = RTM_NEWADDR;
	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = family == AF_INET ? 8 : 128;
	ifa->ifa_index = (uint32_t)index;
	mnl_attr_put(nlh, IFA_ADDRESS, addr_len, addr);
	return nlh->nlmsg_len;
}

static size_t n_addrs(void)
{
	const struct pm_ifaddr *v;
	size_t n;

	ck_assert_int_eq(rtnl_ifaddrs(r, &v, &n), 0);
	return n;
}

START_TEST(test_dumps)
{
	static const uint8_t lo4[4] = { 127, 0, 0, 1 }, lo6[16] = { [15] = 1 };
	uint8_t *p = (uint8_t *)msgs;
	const struct pm_ifaddr *v;
	size_t n;

	n = put_link(p, 1, IFF_UP | IFF_LOOPBACK);
	n += put_link(p + n, 2, 0);
	ck_assert_int_eq(rtnl_parse(r, RTNL_LINK_DUMP, p, n), MNL_CB_OK);
	ck_assert_uint_eq(n_links, 2);
	n = put_addr(p, AF_INET, 1, lo4, sizeof(lo4));
	n += put_addr(p + n, AF_INET6, 2, lo6, sizeof(lo6));
	ck_assert_int_eq(rtnl_parse(r, RTNL_ADDR_DUMP, p, n), MNL_CB_OK);
	ck_assert_int_eq(rtnl_ifaddrs(r, &v, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert(v[0].up && v[0].loopback);
	ck_assert(!v[1].up && !v[1].loopback);
}
END_TEST

/* An IPv6 address of 4 bytes was read as 16. */
START_TEST(test_short_address)
{
	static const uint8_t four[4] = { 127, 0, 0, 1 };
	uint8_t *p = (uint8_t *)msgs;
	size_t n = put_addr(p, AF_INET6, 1, four, sizeof(four));

	ck_assert_int_eq(rtnl_parse(r, RTNL_ADDR_DUMP, p, n), MNL_CB_OK);
	ck_assert_uint_eq(n_addrs(), 0);
}
END_TEST

/* Replay a fuzzer input as fuzz_rtnl does: [kind][messages], the
 * messages in a heap buffer of their exact size for ASan. */
static void replay(const uint8_t *in, size_t len)
{
	uint8_t *buf = malloc(len - 1);
	struct rtnl *f;
	int i;

	ck_assert_ptr_nonnull(buf);
	memcpy(buf, in + 1, len - 1);
	for (i = 0; i < 3; i++)
		rtnl_parse(r, (enum rtnl_msgs)((in[0] + i) % 3), buf, len - 1);
	/* and through a follower, whose lists change with each message */
	f = rtnl_follower_new(on_link, NULL);
	ck_assert_ptr_nonnull(f);
	for (i = 0; i < 3; i++)
		rtnl_parse(f, (enum rtnl_msgs)((in[0] + i) % 3), buf, len - 1);
	rtnl_free(f);
	free(buf);
}

/* A second message with nlmsg_len 0x8e000035: libmnl took it for a valid
 * length and stepped 2 GiB past the buffer (SEGV). */
static const uint8_t huge_len[] = {
	0x01, 0x31, 0x00, 0x00, 0x00, 0x10, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x07, 0x00, 0x03, 0x00, 0x6c, 0x6f, 0x00, 0x00, 0x08, 0x00,
	0x04, 0x00, 0xdc, 0x05, 0x26, 0x00, 0x35, 0x00, 0x00, 0x8e, 0x00, 0x10,
	0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00,
	0x00, 0x00, 0x04, 0xfe, 0xff, 0xff, 0xfc, 0x03, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x09, 0x00, 0x03, 0x00, 0x65, 0x74, 0x68, 0x30, 0x00,
	0x00, 0x00, 0x00, 0x08, 0x00, 0x04, 0x00, 0xdc, 0x05, 0x00, 0x00, 0x14,
	0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

START_TEST(test_fuzz_huge_len)
{
	memcpy(msgs, huge_len + 1, sizeof(huge_len) - 1);
	ck_assert_int_eq(rtnl_parse(r, RTNL_LINK_DUMP, msgs,
				    sizeof(huge_len) - 1), MNL_CB_ERROR);
	replay(huge_len, sizeof(huge_len));
}
END_TEST

/* A last RTM_NEWLINK of 20 bytes: link_cb() read ifi_index past it. */
static const uint8_t link_short[] = {
	0x02, 0x28, 0x00, 0x00, 0x00, 0x14, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
	0x0a, 0x40, 0x00, 0x00, 0x02, 0x00, 0x25, 0x00, 0x00, 0x14, 0x00, 0x01,
	0x00, 0xff, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x02, 0x14, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00,
	0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00,
};

START_TEST(test_fuzz_link_short)
{
	replay(link_short, sizeof(link_short));
}
END_TEST

/* An address attribute running into the padding of a last message whose
 * length is not a multiple of 4, past the end of what was received. */
static const uint8_t attr_in_padding[] = {
	0x00, 0x7f, 0x00, 0x00, 0x00, 0x14, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x08, 0x00, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x08, 0x00, 0x03, 0x00, 0x7f, 0x00, 0x00, 0x01, 0x08, 0x00, 0x24,
	0x00, 0x7f, 0x00, 0x00, 0x01, 0x28, 0x00, 0x00, 0x00, 0x02, 0x28, 0x00,
	0x00, 0x7f, 0x00, 0x00, 0x00, 0x14, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x08, 0x00, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x08, 0x00, 0x03, 0x00, 0x7f, 0x00, 0x00, 0x01, 0x0c, 0x00, 0x24,
	0x00, 0x7f, 0x00, 0x00, 0x01, 0x28, 0x00, 0x00, 0x00, 0x14, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x18, 0x00,
	0x00, 0x02, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x0a, 0x00, 0x00,
	0x01, 0x08, 0x00, 0x02, 0x00, 0x00, 0x01, 0x00,
};

START_TEST(test_fuzz_attr_in_padding)
{
	replay(attr_in_padding, sizeof(attr_in_padding));
}
END_TEST

/* ---- a follower: lists kept from notifications -------------------- */

static void setup_follower(void)
{
	n_links = 0;
	r = rtnl_follower_new(on_link, NULL);
	ck_assert_ptr_nonnull(r);
}

/* One notification of @type built by @put, parsed as the shared socket's
 * reader does. */
static void notice(size_t len, uint16_t type)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)msgs;

	nlh->nlmsg_type = type;
	ck_assert_int_eq(rtnl_parse(r, RTNL_NOTICES, msgs, len), MNL_CB_OK);
}

static const uint8_t a4[4] = { 192, 0, 2, 7 };

START_TEST(test_follow_addresses)
{
	uint8_t *p = (uint8_t *)msgs;
	const struct pm_ifaddr *v;
	size_t n;

	notice(put_link(p, 2, IFF_UP), RTM_NEWLINK);
	ck_assert_uint_eq(n_links, 1);
	notice(put_addr(p, AF_INET, 2, a4, sizeof(a4)), RTM_NEWADDR);
	/* the same address again (a dump after a notification) */
	notice(put_addr(p, AF_INET, 2, a4, sizeof(a4)), RTM_NEWADDR);
	ck_assert_int_eq(rtnl_ifaddrs(r, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert(v[0].up && !v[0].loopback);
	/* the same address on another link is another entry */
	notice(put_addr(p, AF_INET, 3, a4, sizeof(a4)), RTM_NEWADDR);
	ck_assert_uint_eq(n_addrs(), 2);
	notice(put_addr(p, AF_INET, 2, a4, sizeof(a4)), RTM_DELADDR);
	ck_assert_int_eq(rtnl_ifaddrs(r, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert(!v[0].up);	/* link 3 was never seen up */
	notice(put_addr(p, AF_INET, 2, a4, sizeof(a4)), RTM_DELADDR);
	ck_assert_uint_eq(n_addrs(), 1);
}
END_TEST

START_TEST(test_follow_links)
{
	static const uint8_t lo6[16] = { [15] = 1 };
	uint8_t *p = (uint8_t *)msgs;
	const struct pm_ifaddr *v;
	size_t n;

	notice(put_addr(p, AF_INET6, 1, lo6, sizeof(lo6)), RTM_NEWADDR);
	notice(put_addr(p, AF_INET, 2, a4, sizeof(a4)), RTM_NEWADDR);
	ck_assert_int_eq(rtnl_ifaddrs(r, &v, &n), 0);
	ck_assert(!v[0].up && !v[1].up);
	/* a link coming up takes its addresses along */
	notice(put_link(p, 1, IFF_UP | IFF_LOOPBACK), RTM_NEWLINK);
	ck_assert_int_eq(rtnl_ifaddrs(r, &v, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert(v[0].up && v[0].loopback && !v[1].up);
	/* a link gone takes them away, and is reported */
	notice(put_link(p, 1, IFF_UP | IFF_LOOPBACK), RTM_DELLINK);
	ck_assert_uint_eq(n_links, 2);
	ck_assert_int_eq(rtnl_ifaddrs(r, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0].addr.ss_family, AF_INET);
	ck_assert_int_eq(rtnl_scan_links(r), 0);
	ck_assert_uint_eq(n_links, 2);	/* no link left to report */
}
END_TEST

static Suite *rtnl_suite(void)
{
	Suite *s = suite_create("rtnl");
	TCase *tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_dumps);
	tcase_add_test(tc, test_short_address);
	suite_add_tcase(s, tc);

	tc = tcase_create("follow");
	tcase_add_checked_fixture(tc, setup_follower, teardown);
	tcase_add_test(tc, test_follow_addresses);
	tcase_add_test(tc, test_follow_links);
	suite_add_tcase(s, tc);

	tc = tcase_create("fuzz");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fuzz_huge_len);
	tcase_add_test(tc, test_fuzz_link_short);
	tcase_add_test(tc, test_fuzz_attr_in_padding);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(rtnl_suite());
}
