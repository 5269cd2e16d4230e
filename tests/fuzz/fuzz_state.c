/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_state.c - libFuzzer harness for the state loaders: warm-start
 * images and the journal.
 *
 * Input starting with 'J': a journal (journal.h), each record's magic and
 * checksum set right by the harness so that the fuzzer reaches the
 * bodies; its records are replayed onto a table (a VS's into the view
 * its name maps to), which must then save and load back whole, view by
 * view.  Any other input: an rpcbind.xdr image.  pm_table_load() takes it into an empty
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
#include "journal.h"

#define IMAGE_MAX	65536
#define NS_EMPTY	1
#define NS_FULL		2
#define VIEWS		4	/* namespace-wide and three VS */

static const struct pm_limits lim = {
	.namespaces = 4, .entries_per_ns = 64, .stat_entries = 8,
};

static void load_into_full(const uint8_t *data, size_t size)
{
	static const struct pm_entry e = {
		100003, 3, "tcp", "0.0.0.0.8.1", "superuser", 0,
	};
	struct pm_table *t = pm_table_new(&lim);

	if (!t)
		return;
	pm_table_add_self(t, NS_FULL, "udp", "0.0.0.0.0.111");
	pm_table_add(t, NS_FULL, &e);
	pm_table_load(t, NS_FULL, data, size);
	pm_table_free(t);
}

/* A VS name's view: as an engine's, the same one for the same name. */
static int replay(uint64_t ns, const char *vs, bool added,
		  const struct pm_entry *e, void *data)
{
	struct pm_entry in_vs = *e;

	in_vs.vs = vs[0] ? 1 + (uint8_t)vs[0] % (VIEWS - 1) : 0;
	return pm_journal_apply(data, ns % lim.namespaces, added, &in_vs);
}

/* Count what a view of @t holds, and check it reads back as saved. */
static void check_saves(const struct pm_table *t, uint64_t ns, uint32_t vs)
{
	static uint8_t image[IMAGE_MAX];
	struct pm_table *again = pm_table_new(&lim);
	int n = pm_table_save_vs(t, ns, vs, PM_STATE_RPCBIND, image,
				 sizeof(image));

	if (again && n > 0 &&
	    pm_table_load_vs(again, ns, vs, image, (size_t)n) !=
	    (int)pm_table_count_vs(t, ns, vs))
		abort();
	pm_table_free(again);
}

static void journal(const uint8_t *data, size_t size)
{
	static uint8_t buf[IMAGE_MAX];
	struct pm_table *t;
	size_t pos = 0;
	long n;

	if (size > sizeof(buf))
		return;
	memcpy(buf, data, size);
	while (size - pos >= PM_JOURNAL_HEADER) {
		uint32_t len = (uint32_t)buf[pos + 4] << 24 |
			       (uint32_t)buf[pos + 5] << 16 |
			       (uint32_t)buf[pos + 6] << 8 | buf[pos + 7];

		if (len > size - pos - PM_JOURNAL_HEADER)
			break;
		pm_journal_seal(buf + pos, len);
		pos += PM_JOURNAL_HEADER + len;
	}
	t = pm_table_new(&lim);
	if (!t)
		return;
	n = pm_journal_walk(buf, size, replay, t);
	if (n > (long)size)
		abort();
	for (uint64_t ns = 0; ns < lim.namespaces; ns++)
		for (uint32_t vs = 0; vs < VIEWS; vs++)
			check_saves(t, ns, vs);
	pm_table_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t image[IMAGE_MAX];
	struct pm_table *t = pm_table_new(&lim), *again;
	int added, n;

	if (size && data[0] == 'J') {
		pm_table_free(t);
		journal(data + 1, size - 1);
		return 0;
	}
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
