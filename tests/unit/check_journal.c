/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_journal.c - the journal of registration changes: records that
 * read back as written, a torn or damaged tail that is ignored, and the
 * replay that gives the final table on any snapshot taken since the
 * journal began, virtual servers' (VS) entries included, which records
 * name by the VS's name.
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

/* The names of the VS ids the writing table uses: as an engine's VS list. */
static const char *const vs_names[] = { "", "alpha", "beta.2" };

/* What pm_table_on_change() reports, appended as records. */
static void append(uint64_t ns, bool added, const struct pm_entry *e,
		   void *data)
{
	int n;

	ck_assert_uint_lt(e->vs, 3);
	n = pm_journal_encode(log_buf + log_len, LOG_MAX - log_len, ns,
			      vs_names[e->vs], added, e);
	ck_assert_int_gt(n, 0);
	log_len += (size_t)n;
}

struct seen {
	unsigned int n;
	uint64_t ns[8];
	bool added[8];
	char text[8][200];
};

static int note(uint64_t ns, const char *vs, bool added,
		const struct pm_entry *e, void *data)
{
	struct seen *s = data;

	ck_assert_uint_lt(s->n, 8);
	ck_assert_uint_eq(e->vs, 0);
	s->ns[s->n] = ns;
	s->added[s->n] = added;
	snprintf(s->text[s->n], sizeof(s->text[0]), "%s%s%u %u %s %s %s",
		 vs, vs[0] ? ": " : "", e->prog, e->vers, e->netid, e->uaddr,
		 e->owner);
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
	int a = pm_journal_encode(log_buf, LOG_MAX, NS, NULL, true, &nfs);
	int b = pm_journal_encode(log_buf + a, LOG_MAX - (size_t)a, OTHER_NS,
				  "", false, &mountd);

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

/* A VS's record carries its name; @e->vs (an id) is not written. */
START_TEST(test_round_trip_vs)
{
	struct pm_entry in_vs = nfs;
	struct seen s = { 0 };
	int a, b;

	in_vs.vs = 9;
	a = pm_journal_encode(log_buf, LOG_MAX, NS, "alpha", true, &in_vs);
	ck_assert_int_gt(a, 0);
	b = pm_journal_encode(log_buf + a, LOG_MAX - (size_t)a, NS,
			      "A-1_b.c", false, &mountd);
	ck_assert_int_gt(b, 0);
	ck_assert_int_le(a, PM_JOURNAL_RECORD_MAX);
	ck_assert_int_eq(pm_journal_walk(log_buf, (size_t)(a + b), note, &s),
			 a + b);
	ck_assert_uint_eq(s.n, 2);
	ck_assert(s.ns[0] == NS && s.added[0] && !s.added[1]);
	ck_assert_str_eq(s.text[0],
			 "alpha: 100003 3 tcp 0.0.0.0.8.1 superuser");
	ck_assert_str_eq(s.text[1], "A-1_b.c: 100005 1 udp6 ::.3.233 1000");
}
END_TEST

/* The longest record (every string at its limit, a VS name too) fits. */
START_TEST(test_longest_record_fits)
{
	char netid[PM_NETID_MAX], uaddr[PM_UADDR_MAX], owner[PM_OWNER_MAX];
	char vs[PM_VS_NAME_MAX];
	struct pm_entry e = { 1, 1, netid, uaddr, owner, 0 };
	int n;

	memset(netid, 'n', sizeof(netid) - 1);
	memset(uaddr, 'u', sizeof(uaddr) - 1);
	memset(owner, 'o', sizeof(owner) - 1);
	memset(vs, 'v', sizeof(vs) - 1);
	netid[sizeof(netid) - 1] = uaddr[sizeof(uaddr) - 1] = '\0';
	owner[sizeof(owner) - 1] = vs[sizeof(vs) - 1] = '\0';
	n = pm_journal_encode(log_buf, LOG_MAX, NS, vs, true, &e);
	ck_assert_int_gt(n, 0);
	ck_assert_int_le(n, PM_JOURNAL_RECORD_MAX);
	ck_assert_int_eq(pm_journal_walk(log_buf, (size_t)n, NULL, NULL), n);
}
END_TEST

/*
 * A record written before VS existed (bytes as that engine wrote them:
 * hyper ns 7, op 1 added, then the rpcb) reads as namespace-wide, and a
 * namespace-wide record is still written so.
 */
START_TEST(test_old_record_is_namespace_wide)
{
	static const uint8_t body[] = {
		0, 0, 0, 0, 0, 0, 0, 7,		/* ns */
		0, 0, 0, 1,			/* added */
		0, 1, 0x86, 0xa3, 0, 0, 0, 3,	/* 100003, 3 */
		0, 0, 0, 3, 't', 'c', 'p', 0,
		0, 0, 0, 11, '0', '.', '0', '.', '0', '.', '0', '.',
		'8', '.', '1', 0,
		0, 0, 0, 9, 's', 'u', 'p', 'e', 'r', 'u', 's', 'e',
		'r', 0, 0, 0,
	};
	struct seen s = { 0 };
	int n;

	memcpy(log_buf + PM_JOURNAL_HEADER, body, sizeof(body));
	pm_journal_seal(log_buf, sizeof(body));
	n = PM_JOURNAL_HEADER + (int)sizeof(body);
	ck_assert_int_eq(pm_journal_walk(log_buf, (size_t)n, note, &s), n);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_str_eq(s.text[0], "100003 3 tcp 0.0.0.0.8.1 superuser");
	ck_assert_int_eq(pm_journal_encode(log_buf, LOG_MAX, NS, "", true,
					   &nfs), n);
	ck_assert_mem_eq(log_buf + PM_JOURNAL_HEADER, body, sizeof(body));
}
END_TEST

/* A VS name becomes part of a file name: only the VS alphabet, written
 * or read. */
START_TEST(test_bad_vs_name_refused)
{
	static const char *const bad[] = {
		"../x", ".hidden", "a/b", "a b",
		"0123456789012345678901234567890123",
	};
	size_t i;
	int n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_int_eq(pm_journal_encode(log_buf, LOG_MAX, NS, bad[i],
						   true, &nfs), -EINVAL);
	/* "b/x" read back: write "b.x" and change the byte under the seal */
	n = pm_journal_encode(log_buf, LOG_MAX, NS, "b.x", true, &nfs);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(pm_journal_walk(log_buf, (size_t)n, NULL, NULL), n);
	for (i = PM_JOURNAL_HEADER; log_buf[i] != '.'; i++)
		;
	log_buf[i] = '/';
	pm_journal_seal(log_buf, (size_t)n - PM_JOURNAL_HEADER);
	ck_assert_int_eq(pm_journal_walk(log_buf, (size_t)n, NULL, NULL), 0);
}
END_TEST

/* A writer killed part way leaves any prefix of its last record. */
START_TEST(test_torn_tail_ignored)
{
	size_t first = (size_t)pm_journal_encode(log_buf, LOG_MAX, NS, NULL,
						 true, &nfs);
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
	size_t first = (size_t)pm_journal_encode(log_buf, LOG_MAX, NS, NULL,
						 true, &nfs);
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
	ck_assert_int_eq(pm_journal_encode(log_buf, 20, NS, NULL, true, &nfs),
			 -EMSGSIZE);
	ck_assert_int_eq(pm_journal_encode(log_buf, 4, NS, NULL, true, &nfs),
			 -EMSGSIZE);
	ck_assert_int_eq(pm_journal_encode(log_buf, 30, NS, "alpha", true,
					   &nfs), -EMSGSIZE);
}
END_TEST

/*
 * The ids a replaying engine gives the VS: not the writer's (names are
 * what records carry), and the same in both directions.
 */
static const uint32_t replay_ids[] = { 0, 40, 30 };

static uint32_t replay_id(const char *vs)
{
	size_t i;

	for (i = 0; i < sizeof(vs_names) / sizeof(vs_names[0]); i++)
		if (strcmp(vs, vs_names[i]) == 0)
			return replay_ids[i];
	ck_abort_msg("unknown VS '%s'", vs);
	return 0;
}

static const char *replay_name(uint32_t id)
{
	size_t i;

	for (i = 0; i < sizeof(replay_ids) / sizeof(replay_ids[0]); i++)
		if (id == replay_ids[i])
			return vs_names[i];
	ck_abort_msg("unknown VS id %u", id);
	return NULL;
}

static int apply(uint64_t ns, const char *vs, bool added,
		 const struct pm_entry *e, void *data)
{
	struct pm_entry in_vs = *e;

	in_vs.vs = replay_id(vs);
	return pm_journal_apply(data, ns, added, &in_vs);
}

struct dump {
	char text[4096];
	const char *(*name)(uint32_t id);	/* the VS's name of an id */
};

static int dump_entry(const struct pm_entry *e, void *data)
{
	struct dump *d = data;
	size_t len = strlen(d->text);

	snprintf(d->text + len, sizeof(d->text) - len, "%s:%u/%u/%s=%s,%s;",
		 d->name(e->vs), e->prog, e->vers, e->netid, e->uaddr,
		 e->owner);
	return 0;
}

static const char *writer_name(uint32_t id)
{
	ck_assert_uint_lt(id, 3);
	return vs_names[id];
}

static void dump(const struct pm_table *t, struct dump *d,
		 const char *(*name)(uint32_t id))
{
	d->text[0] = '\0';
	d->name = name;
	pm_table_foreach(t, NS, dump_entry, d);
}

/* One random change as rpcbind's SET and UNSET make them, in the
 * namespace-wide view or one of two VS: a SET only where the key is free,
 * an UNSET of what is there. */
static void random_change(struct pm_table *t, unsigned int *seed)
{
	static const char *const netids[] = { "udp", "tcp" };
	static const char *const addrs[] = { "0.0.0.0.8.1", "0.0.0.0.8.2" };
	unsigned int r = (unsigned int)rand_r(seed);
	struct pm_entry e = {
		200000 + r % KEYS, 1, netids[(r / KEYS) % 2],
		addrs[(r / KEYS / 2) % 2], "superuser", (r / KEYS / 4) % 3,
	};

	if (pm_table_find(t, NS, e.vs, e.prog, e.vers, e.netid))
		pm_table_remove(t, NS, e.vs, e.prog, e.vers, e.netid);
	else
		pm_table_add(t, NS, &e);
}

/*
 * The journal's promise: whatever snapshot a crash leaves (taken at any
 * step since the journal began: the namespace-wide file and each VS's),
 * replaying the whole journal onto it gives the table at the last record,
 * each VS's entries in that VS, whatever id the replayer gives it.
 */
START_TEST(test_replay_onto_any_snapshot)
{
	static struct dump final, got;
	static uint8_t snap[STEPS + 1][3][8192];
	int snap_len[STEPS + 1][3];
	unsigned int seed = (unsigned int)_i + 1;
	struct pm_table *t = pm_table_new(NULL), *r;

	ck_assert_ptr_nonnull(t);
	/* some entries before the journal began: the first snapshot's */
	for (int i = 0; i < 6; i++)
		random_change(t, &seed);
	log_len = 0;
	pm_table_on_change(t, append, NULL);
	for (int step = 0; step <= STEPS; step++) {
		for (uint32_t vs = 0; vs < 3; vs++) {
			snap_len[step][vs] = pm_table_save_vs(t, NS, vs,
					PM_STATE_RPCBIND, snap[step][vs],
					sizeof(snap[0][0]));
			ck_assert_int_ge(snap_len[step][vs], 0);
		}
		if (step < STEPS)
			random_change(t, &seed);
	}
	dump(t, &final, writer_name);
	for (int step = 0; step <= STEPS; step++) {
		r = pm_table_new(NULL);
		ck_assert_ptr_nonnull(r);
		for (uint32_t vs = 0; vs < 3; vs++)
			ck_assert_int_ge(pm_table_load_vs(r, NS,
					replay_ids[vs], snap[step][vs],
					(size_t)snap_len[step][vs]), 0);
		ck_assert_int_eq(pm_journal_walk(log_buf, log_len, apply, r),
				 (long)log_len);
		dump(r, &got, replay_name);
		/* the same entries; the order may differ (a replayed
		 * entry comes after those of the snapshot) */
		ck_assert_uint_eq(pm_table_count(r, NS),
				  pm_table_count(t, NS));
		for (const char *p = final.text; *p; p = strchr(p, ';') + 1) {
			char item[200];
			size_t n = (size_t)(strchr(p, ';') - p) + 1;

			snprintf(item, sizeof(item), "%.*s", (int)n, p);
			ck_assert_msg(strstr(got.text, item), "step %d: %s "
				      "missing from %s", step, item, got.text);
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
	ck_assert_ptr_nonnull(pm_table_find(t, NS, 0, 100003, 3, "tcp"));
	ck_assert_ptr_nonnull(pm_table_find(t, NS, 0, 100005, 1, "udp6"));
	ck_assert_ptr_null(pm_table_find(t, OTHER_NS, 0, 100005, 1, "udp6"));
	pm_table_free(t);
}
END_TEST

/* A VS's records reach only that VS's entries of the key: the
 * namespace-wide one and another VS's stay. */
START_TEST(test_apply_per_vs)
{
	struct pm_table *t = pm_table_new(NULL);
	struct pm_entry e = mountd;
	int a, b;

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(pm_table_add(t, NS, &mountd), 0);
	e.vs = replay_id("beta.2");
	ck_assert_int_eq(pm_table_add(t, NS, &e), 0);
	e.vs = replay_id("alpha");
	ck_assert_int_eq(pm_table_add(t, NS, &e), 0);
	a = pm_journal_encode(log_buf, LOG_MAX, NS, "alpha", false, &mountd);
	ck_assert_int_gt(a, 0);
	b = pm_journal_encode(log_buf + a, LOG_MAX - (size_t)a, NS, "beta.2",
			      true, &nfs);
	ck_assert_int_gt(b, 0);
	ck_assert_int_eq(pm_journal_walk(log_buf, (size_t)(a + b), apply, t),
			 a + b);
	ck_assert_ptr_null(pm_table_find(t, NS, replay_id("alpha"), 100005, 1,
					 "udp6"));
	ck_assert_ptr_nonnull(pm_table_find(t, NS, 0, 100005, 1, "udp6"));
	ck_assert_ptr_nonnull(pm_table_find(t, NS, replay_id("beta.2"),
					    100005, 1, "udp6"));
	ck_assert_ptr_nonnull(pm_table_find(t, NS, replay_id("beta.2"),
					    100003, 3, "tcp"));
	ck_assert_ptr_null(pm_table_find(t, NS, 0, 100003, 3, "tcp"));
	ck_assert_uint_eq(pm_table_count(t, NS), 3);
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
	tcase_add_test(tc, test_round_trip_vs);
	tcase_add_test(tc, test_longest_record_fits);
	tcase_add_test(tc, test_old_record_is_namespace_wide);
	tcase_add_test(tc, test_bad_vs_name_refused);
	tcase_add_test(tc, test_torn_tail_ignored);
	tcase_add_test(tc, test_damage_stops);
	tcase_add_test(tc, test_too_long_is_refused);
	tcase_add_test(tc, test_apply_per_namespace);
	tcase_add_test(tc, test_apply_per_vs);
	tcase_add_test(tc, test_apply_skips_what_images_skip);
	tcase_add_loop_test(tc, test_replay_onto_any_snapshot, 0, 50);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(journal_suite());
}
