/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_rtnl.c - libFuzzer harness for the rtnetlink message parsing.
 *
 * Input: [kind][messages].  The messages run through the parser of change
 * notifications, of a link dump or of an address dump, then through the
 * other two, on one rtnl: links seen first decide the flags of addresses.
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
out:
	rtnl_free(r);
	free(buf);
	return 0;
}
