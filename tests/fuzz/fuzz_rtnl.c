/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_rtnl.c - libFuzzer harness for the rtnetlink message parsing.
 *
 * Input: [kind][messages].  The messages run through the parser of change
 * notifications, of a link dump or of an address dump, then through the
 * other two, on one rtnl: links seen first decide the flags of addresses.
 * Then the same through a follower, which keeps its lists from the
 * notifications, and its address list is read.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>

#include "fuzz.h"
#include "rtnl.h"

static void on_link(int ifindex, unsigned int flags, void *arg)
{
	unsigned long *links = arg;

	(*links)++;
}

static void follow(int kind, const uint8_t *buf, size_t len,
		   unsigned long *links)
{
	struct rtnl *f = rtnl_follower_new(on_link, links);
	const struct pm_ifaddr *v;
	size_t n;
	int i;

	if (!f)
		return;
	for (i = 0; i < 3; i++)
		rtnl_parse(f, (enum rtnl_msgs)((kind + i) % 3), buf, len);
	if (rtnl_ifaddrs(f, &v, &n) == 0 && n)
		*links += v[n - 1].prefixlen;
	rtnl_free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long links = 0;
	struct rtnl *r;
	int kind, i;
	uint8_t *buf;

	if (size < 1)
		return 0;
	kind = data[0] % 3;
	/* An exact-size copy, so that ASan sees reads past the end. */
	buf = malloc(size - 1);
	r = rtnl_parser_new(on_link, &links);
	if (!buf || !r)
		goto out;
	memcpy(buf, data + 1, size - 1);
	for (i = 0; i < 3; i++)
		rtnl_parse(r, (enum rtnl_msgs)((kind + i) % 3), buf, size - 1);
	follow(kind, buf, size - 1, &links);
out:
	rtnl_free(r);
	free(buf);
	return 0;
}
