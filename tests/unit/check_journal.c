/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_journal.c - the journal of registration changes: records that
 * read back as written, a torn or damaged tail that is ignored, and the
 * replay that gives the final table on any snapshot taken since the
 * journal began.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "core.h"
#include "journal.h"
#include "testutil.h"

#define NS		7
#define OTHER_NS	8
#define LOG_MAX		(64 * PM_JOURNAL_RECORD_MAX)
#define KEYS		6
#define STEPS		48

static uint8_t log_buf[LOG_MAX];
static size_t log_len;

/* What pm_table_on_change() reports, appended as records. */
static void append(uint64_t ns, bool added, const struct pm_entry *e,
		   void *data)
{
	int n = pm_journal_encode(log_buf + log_len, LOG_MAX - log_len, ns,
				  added, e);

	ck_assert_int_gt(n, 0);
	log_len += (size_t)n;
}

struct seen {
	unsigned int n;
	uint64_t ns[8];
	bool added[8];
	char text[8][200];
};

static int note(uint64_t ns, bool added, const struct pm_entry *e,
		void *data)
{
	struct seen *s = data;

	ck_assert_uint_lt(s->n, 8);
	s->ns[s->n] = ns;
	s->added[s->n] = added;
	snprintf(s->text[s->n], sizeof(s->text[0]), "%u %u %s %s %s",
		 e->prog, e->vers, e->netid, e->uaddr, e->owner);
	s->n++;
	return 0;
}

static const struct pm_entry nfs = {
	100003, 3, "tcp", "0.0.0.0.8.1", "superuser", 0,
};
static const struct pm_entry mountd = {
	100005, 1, "udp6", "::.3.233", "1000", 0,
};

static size_t two_records(void)
{
	int a = pm_journal_encode(log_buf, LOG_MAX, NS, true, &nfs);
	int b = pm_journal_encode(log_buf + a, LOG_MAX - (size_t)a, OTHER_NS,
				  false, &mountd);

	ck_assert_int_gt(a, 0);
	ck_assert_int_gt(b, 0);
	return (size_t)(a + b);
}

START_TEST(test_round_trip)
{
	size_t len = two_records();
	struct seen s = { 0 };

	ck_assert_int_eq(pm_journal_walk(log_buf, len, note, &s), (long)len);
	ck_assert_uint_eq(s.n, 2);
	ck_assert(s.ns[0] == NS && s.added[0]);
	ck_assert_str_eq(s.text[0], "100003 3 tcp 0.0.0.0.8.1 superuser");
	ck_assert(s.ns[1] == OTHER_NS && !s.added[1]);
	ck_assert_str_eq(s.text[1], "100005 1 udp6 ::.3.233 1000");
}
END_TEST

/* A writer killed part way leaves any prefix of its last record. */
START_TEST(test_torn_tail_ignored)
{
	size_t first = (size_t)pm_journal_encode(log_buf, LOG_MAX, NS, true,
						 &nfs);
	size_t len = two_records();
	struct seen s = { 0 };

	for (size_t cut = first; cut < len; cut++) {
		memset(&s, 0, sizeof(s));
		ck_assert_int_eq(pm_journal_walk(log_buf, cut, note, &s),
				 (long)first);
		ck_assert_uint_eq(s.n, 1);
	}
	ck_assert_int_eq(pm_journal_walk(log_buf, first - 1, NULL, NULL), 0);
}
END_TEST

/* Any changed byte stops the walk before that record. */
START_TEST(test_damage_stops)
{
	size_t first = (size_t)pm_journal_encode(log_buf, LOG_MAX, NS, true,
						 &nfs);
	size_t len = two_records();

	for (size_t i = first; i < len; i++) {
		two_records();
		log_buf[i] ^= 0x40;
		ck_assert_int_eq(pm_journal_walk(log_buf, len, NULL, NULL),
				 (long)first);
	}
}
END_TEST

START_TEST(test_too_long_is_refused)
{
	char owner[PM_OWNER_MAX + 8];
	struct pm_entry e = nfs;

	memset(owner, 'x', sizeof(owner) - 1);
	owner[sizeof(owner) - 1] = '\0';
	e.owner = owner;
	/* it encodes, but no reader takes a string no table could hold */
	log_len = 0;
	append(NS, true, &e, NULL);
	ck_assert_int_eq(pm_journal_walk(log_buf, log_len, NULL, NULL), 0);
	ck_assert_int_eq(pm_journal_encode(log_buf, 20, NS, true, &nfs),
			 -EMSGSIZE);
	ck_assert_int_eq(pm_journal_encode(log_buf, 4, NS, true, &nfs),
			 -EMSGSIZE);
}
END_TEST

static int apply(uint64_t ns, bool added, const struct pm_entry *e,
		 void *data)
{
	return pm_journal_apply(data, ns, added, e);
}

static int dump_entry(const struct pm_entry *e, void *data)
{
	char *out = data;
	size_t len = strlen(out);

	snprintf(out + len, 4096 - len, "%u/%u/%s=%s,%s;", e->prog, e->vers,
		 e->netid, e->uaddr, e->owner);
	return 0;
}

static void dump(const struct pm_table *t, char out[4096])
{
	out[0] = '\0';
	pm_table_foreach(t, NS, dump_entry, out);
}

/* One random change as rpcbind's SET and UNSET make them: a SET only
 * where the key is free, an UNSET of what is there. */
static void random_change(struct pm_table *t, unsigned int *seed)
{
	static const char *const netids[] = { "udp", "tcp" };
	static const char *const addrs[] = { "0.0.0.0.8.1", "0.0.0.0.8.2" };
	unsigned int r = (unsigned int)rand_r(seed);
	struct pm_entry e = {
		200000 + r % KEYS, 1, netids[(r / KEYS) % 2],
		addrs[(r / KEYS / 2) % 2], "superuser", 0,
	};

	if (pm_table_find(t, NS, e.prog, e.vers, e.netid))
		pm_table_remove(t, NS, e.prog, e.vers, e.netid);
	else
		pm_table_add(t, NS, &e);
}

/*
 * The journal's promise: whatever snapshot a crash leaves (taken at any
 * step since the journal began), replaying the whole journal onto it
 * gives the table at the last record.
 */
START_TEST(test_replay_onto_any_snapshot)
{
	static char final[4096], got[4096];
	static uint8_t snap[STEPS + 1][8192];
	int snap_len[STEPS + 1];
	unsigned int seed = (unsigned int)_i + 1;
	struct pm_table *t = pm_table_new(NULL), *r;

	ck_assert_ptr_nonnull(t);
	/* some entries before the journal began: the first snapshot's */
	for (int i = 0; i < 3; i++)
		random_change(t, &seed);
	log_len = 0;
	pm_table_on_change(t, append, NULL);
	for (int step = 0; step <= STEPS; step++) {
		snap_len[step] = pm_table_save(t, NS, PM_STATE_RPCBIND,
					       snap[step], sizeof(snap[0]));
		ck_assert_int_ge(snap_len[step], 0);
		if (step < STEPS)
			random_change(t, &seed);
	}
	dump(t, final);
	for (int step = 0; step <= STEPS; step++) {
		r = pm_table_new(NULL);
		ck_assert_ptr_nonnull(r);
		ck_assert_int_ge(pm_table_load(r, NS, snap[step],
					       (size_t)snap_len[step]), 0);
		ck_assert_int_eq(pm_journal_walk(log_buf, log_len, apply, r),
				 (long)log_len);
		dump(r, got);
		/* the same entries; the order may differ (a replayed
		 * entry comes after those of the snapshot) */
		ck_assert_uint_eq(pm_table_count(r, NS),
				  pm_table_count(t, NS));
		for (const char *p = final; *p; p = strchr(p, ';') + 1) {
			char item[200];
			size_t n = (size_t)(strchr(p, ';') - p) + 1;

			snprintf(item, sizeof(item), "%.*s", (int)n, p);
			ck_assert_msg(strstr(got, item), "step %d: %s missing "
				      "from %s", step, item, got);
		}
		pm_table_free(r);
	}
	pm_table_free(t);
}
END_TEST

/* A journal's records reach only their own namespace. */
START_TEST(test_apply_per_namespace)
{
	struct pm_table *t = pm_table_new(NULL);
	size_t len = two_records();

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(pm_table_add(t, OTHER_NS, &mountd), 0);
	ck_assert_int_eq(pm_table_add(t, NS, &mountd), 0);
	ck_assert_int_eq(pm_journal_walk(log_buf, len, apply, t), (long)len);
	ck_assert_ptr_nonnull(pm_table_find(t, NS, 100003, 3, "tcp"));
	ck_assert_ptr_nonnull(pm_table_find(t, NS, 100005, 1, "udp6"));
	ck_assert_ptr_null(pm_table_find(t, OTHER_NS, 100005, 1, "udp6"));
	pm_table_free(t);
}
END_TEST

/*
 * What a state image would not load back, a replay does not add either:
 * the portmapper's own entries, unknown netids, addresses not of their
 * netid.  (fuzz_state found a journal whose replay saved entries that
 * did not load back.)
 */
START_TEST(test_apply_skips_what_images_skip)
{
	static const struct pm_entry bad[] = {
		{ 100000, 4, "tcp", "0.0.0.0.0.111", "superuser", 0 },
		{ 100003, 3, "xyz", "0.0.0.0.8.1", "superuser", 0 },
		{ 100003, 3, "tcp", "::.8.1", "superuser", 0 },
		{ 100003, 3, "udp", "/run/x.sock", "superuser", 0 },
	};
	struct pm_table *t = pm_table_new(NULL);
	size_t i;

	ck_assert_ptr_nonnull(t);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert(!pm_saved_entry_ok(&bad[i]));
		ck_assert_int_eq(pm_journal_apply(t, NS, true, &bad[i]), 0);
	}
	ck_assert_uint_eq(pm_table_count(t, NS), 0);
	ck_assert(pm_saved_entry_ok(&nfs));
	ck_assert_int_eq(pm_journal_apply(t, NS, true, &nfs), 0);
	ck_assert_uint_eq(pm_table_count(t, NS), 1);
	pm_table_free(t);
}
END_TEST

static Suite *journal_suite(void)
{
	Suite *s = suite_create("journal");
	TCase *tc = tcase_create("records");

	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_torn_tail_ignored);
	tcase_add_test(tc, test_damage_stops);
	tcase_add_test(tc, test_too_long_is_refused);
	tcase_add_test(tc, test_apply_per_namespace);
	tcase_add_test(tc, test_apply_skips_what_images_skip);
	tcase_add_loop_test(tc, test_replay_onto_any_snapshot, 0, 50);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(journal_suite());
}
