/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_state.c - libFuzzer harness for the warm-start loader.
 *
 * Input: an rpcbind.xdr image.  pm_table_load() takes it into an empty
 * namespace and into one already holding entries; what loaded is saved in
 * both formats rpcbindns writes (rpcbind.xdr, portmap.xdr), and the
 * rpcbind.xdr it saved must load back to the same number of entries.
 * portmap.xdr is written for rpcbind's sake and never read: only
 * rpcbind.xdr has a loader.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>

#include "core.h"
#include "fuzz.h"

#define IMAGE_MAX	65536
#define NS_EMPTY	1
#define NS_FULL		2

static const struct pm_limits lim = {
	.namespaces = 4, .entries_per_ns = 64, .stat_entries = 8,
};

static void load_into_full(const uint8_t *data, size_t size)
{
	static const struct pm_entry e = {
		100003, 3, "tcp", "0.0.0.0.8.1", "superuser",
	};
	struct pm_table *t = pm_table_new(&lim);

	if (!t)
		return;
	pm_table_add_self(t, NS_FULL, "udp", "0.0.0.0.0.111");
	pm_table_add(t, NS_FULL, &e);
	pm_table_load(t, NS_FULL, data, size);
	pm_table_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t image[IMAGE_MAX];
	struct pm_table *t = pm_table_new(&lim), *again;
	int added, n;

	if (!t)
		return 0;
	added = pm_table_load(t, NS_EMPTY, data, size);
	pm_table_save(t, NS_EMPTY, PM_STATE_PORTMAP, image, sizeof(image));
	n = pm_table_save(t, NS_EMPTY, PM_STATE_RPCBIND, image, sizeof(image));
	again = pm_table_new(&lim);
	if (added > 0 && n > 0 && again &&
	    pm_table_load(again, NS_EMPTY, image, (size_t)n) != added)
		abort();
	pm_table_free(again);
	pm_table_free(t);
	load_into_full(data, size);
	return 0;
}
