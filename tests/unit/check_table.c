/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_table.c - unit tests for libportmap/table.c: the registration
 * table through its public API (pm_table_*), per namespace.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "core.h"
#include "testutil.h"

#define NS_A		0x1001
#define NS_B		0x2002
#define UADDR_A		"127.0.0.1.0.111"
#define UADDR_B		"10.0.0.1.3.232"

#define GROW_ENTRIES	5000u
#define GROW_NS		3000u

static struct pm_table *t;

static void setup(void)
{
	t = pm_table_new(NULL);
	ck_assert_ptr_nonnull(t);
}

static void teardown(void)
{
	pm_table_free(t);
	t = NULL;
}

/* ---- helpers --------------------------------------------------------- */

static struct pm_entry ent(uint32_t prog, uint32_t vers, const char *netid,
			   const char *uaddr)
{
	struct pm_entry e = {
		.prog = prog, .vers = vers, .netid = netid, .uaddr = uaddr,
		.owner = "superuser",
	};

	return e;
}

/* Replace the fixture's table with one made with these limits. */
static void relimit(unsigned int namespaces, unsigned int entries)
{
	struct pm_limits lim = {
		.namespaces = namespaces,
		.entries_per_ns = entries,
		.stat_entries = PM_LIMITS_DEFAULT_STAT_ENTRIES,
	};

	pm_table_free(t);
	t = pm_table_new(&lim);
	ck_assert_ptr_nonnull(t);
}

static int add(uint64_t ns, uint32_t prog, uint32_t vers, const char *netid,
	       const char *uaddr)
{
	struct pm_entry e = ent(prog, vers, netid, uaddr);

	return pm_table_add(t, ns, &e);
}

/* The uaddr registered for the key, or NULL. */
static const char *uaddr_of(uint64_t ns, uint32_t prog, uint32_t vers,
			    const char *netid)
{
	const struct pm_entry *e = pm_table_find(t, ns, 0, prog, vers, netid);

	return e ? e->uaddr : NULL;
}

/* A string of @n copies of @c (n < size). */
static char *fill(char *buf, size_t size, char c, size_t n)
{
	ck_assert_uint_lt(n, size);
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

/* Records what pm_table_foreach() visits. */
#define REC_MAX		(GROW_ENTRIES + 16)

struct rec {
	unsigned int n;
	unsigned int stop_at;		/* return stop_ret at this call (1-based) */
	int stop_ret;
	uint32_t prog[REC_MAX];
	uint32_t vers[REC_MAX];
	char netid[16][PM_NETID_MAX];	/* first 16 only */
	char owner[16][PM_OWNER_MAX];
};

static int rec_cb(const struct pm_entry *e, void *data)
{
	struct rec *r = data;

	ck_assert_uint_lt(r->n, REC_MAX);
	r->prog[r->n] = e->prog;
	r->vers[r->n] = e->vers;
	if (r->n < 16) {
		snprintf(r->netid[r->n], PM_NETID_MAX, "%s", e->netid);
		snprintf(r->owner[r->n], PM_OWNER_MAX, "%s", e->owner);
	}
	r->n++;
	return r->n == r->stop_at ? r->stop_ret : 0;
}

static struct rec *rec_new(void)
{
	struct rec *r = calloc(1, sizeof(*r));

	ck_assert_ptr_nonnull(r);
	return r;
}

/* ---- basic ----------------------------------------------------------- */

START_TEST(test_add_find_remove)
{
	const struct pm_entry *e;
	struct pm_entry in = {
		.prog = 100003, .vers = 3, .netid = "tcp",
		.uaddr = "0.0.0.0.8.1", .owner = "1000",
	};

	ck_assert_ptr_null(pm_table_find(t, NS_A, 0, 100003, 3, "tcp"));
	ck_assert_int_eq(pm_table_add(t, NS_A, &in), 0);

	e = pm_table_find(t, NS_A, 0, 100003, 3, "tcp");
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->prog, 100003);
	ck_assert_uint_eq(e->vers, 3);
	ck_assert_str_eq(e->netid, "tcp");
	ck_assert_str_eq(e->uaddr, "0.0.0.0.8.1");
	ck_assert_str_eq(e->owner, "1000");

	/* Every part of the key matters. */
	ck_assert_ptr_null(pm_table_find(t, NS_A, 0, 100004, 3, "tcp"));
	ck_assert_ptr_null(pm_table_find(t, NS_A, 0, 100003, 2, "tcp"));
	ck_assert_ptr_null(pm_table_find(t, NS_A, 0, 100003, 3, "udp"));
	ck_assert_ptr_null(pm_table_find(t, NS_A, 0, 100003, 3, "tc"));
	ck_assert_ptr_null(pm_table_find(t, NS_A, 0, 100003, 3, "tcp6"));
	ck_assert_ptr_null(pm_table_find(t, NS_B, 0, 100003, 3, "tcp"));

	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 3, "tcp"), 0);
	ck_assert_ptr_null(pm_table_find(t, NS_A, 0, 100003, 3, "tcp"));
	ck_assert_uint_eq(pm_table_count(t, NS_A), 0);

	/* The key can be registered again after removal. */
	ck_assert_int_eq(pm_table_add(t, NS_A, &in), 0);
	ck_assert_str_eq(uaddr_of(NS_A, 100003, 3, "tcp"), "0.0.0.0.8.1");
}
END_TEST

START_TEST(test_remove_missing)
{
	/* Unknown namespace. */
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 3, "tcp"), -ENOENT);

	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", UADDR_A), 0);
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 2, "tcp"), -ENOENT);
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 3, "udp"), -ENOENT);
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100005, 3, "tcp"), -ENOENT);
	ck_assert_int_eq(pm_table_remove(t, NS_B, 0, 100003, 3, "tcp"), -ENOENT);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 1);

	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 3, "tcp"), 0);
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 3, "tcp"), -ENOENT);
}
END_TEST

START_TEST(test_count)
{
	ck_assert_uint_eq(pm_table_count(t, NS_A), 0);
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", UADDR_A), 0);
	ck_assert_int_eq(add(NS_A, 100003, 3, "udp", UADDR_A), 0);
	ck_assert_int_eq(add(NS_A, 100005, 1, "udp", UADDR_A), 0);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 3);
	ck_assert_uint_eq(pm_table_count(t, NS_B), 0);

	/* Failed adds do not count. */
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", UADDR_B), -EEXIST);
	ck_assert_int_eq(add(NS_A, 100003, 4, "", UADDR_B), -EINVAL);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 3);

	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 3, "udp"), 0);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 2);
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 3, "udp"), -ENOENT);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 2);
}
END_TEST

START_TEST(test_free_null)
{
	pm_table_free(NULL);
}
END_TEST

START_TEST(test_free_populated)
{
	uint64_t ns;

	/* Teardown frees a table with entries in many namespaces: ASan
	 * reports anything left behind. */
	for (ns = 1; ns <= 100; ns++) {
		ck_assert_int_eq(add(ns, 100003, 3, "tcp", UADDR_A), 0);
		ck_assert_int_eq(add(ns, 100003, 3, "udp", UADDR_A), 0);
	}
}
END_TEST

/* ---- duplicates ------------------------------------------------------ */

START_TEST(test_duplicate_key)
{
	struct pm_entry e = ent(100003, 3, "tcp", UADDR_B);

	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", UADDR_A), 0);

	/* Same key: refused whatever the uaddr or owner. */
	ck_assert_int_eq(pm_table_add(t, NS_A, &e), -EEXIST);
	e.uaddr = UADDR_A;
	ck_assert_int_eq(pm_table_add(t, NS_A, &e), -EEXIST);
	e.owner = "1000";
	ck_assert_int_eq(pm_table_add(t, NS_A, &e), -EEXIST);

	/* The first registration is unchanged. */
	ck_assert_str_eq(uaddr_of(NS_A, 100003, 3, "tcp"), UADDR_A);
	ck_assert_str_eq(pm_table_find(t, NS_A, 0, 100003, 3, "tcp")->owner,
			 "superuser");
	ck_assert_uint_eq(pm_table_count(t, NS_A), 1);
}
END_TEST

START_TEST(test_keys_coexist)
{
	/* Keys differing only in vers, netid or prog are distinct. */
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", "a.0.1"), 0);
	ck_assert_int_eq(add(NS_A, 100003, 4, "tcp", "b.0.1"), 0);
	ck_assert_int_eq(add(NS_A, 100003, 3, "udp", "c.0.1"), 0);
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp6", "d.0.1"), 0);
	ck_assert_int_eq(add(NS_A, 100004, 3, "tcp", "e.0.1"), 0);
	/* A netid that is a prefix of another. */
	ck_assert_int_eq(add(NS_A, 100003, 3, "tc", "f.0.1"), 0);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 6);

	ck_assert_str_eq(uaddr_of(NS_A, 100003, 3, "tcp"), "a.0.1");
	ck_assert_str_eq(uaddr_of(NS_A, 100003, 4, "tcp"), "b.0.1");
	ck_assert_str_eq(uaddr_of(NS_A, 100003, 3, "udp"), "c.0.1");
	ck_assert_str_eq(uaddr_of(NS_A, 100003, 3, "tcp6"), "d.0.1");
	ck_assert_str_eq(uaddr_of(NS_A, 100004, 3, "tcp"), "e.0.1");
	ck_assert_str_eq(uaddr_of(NS_A, 100003, 3, "tc"), "f.0.1");

	/* Removing one leaves its neighbours. */
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 3, "tcp"), 0);
	ck_assert_ptr_null(pm_table_find(t, NS_A, 0, 100003, 3, "tcp"));
	ck_assert_str_eq(uaddr_of(NS_A, 100003, 4, "tcp"), "b.0.1");
	ck_assert_str_eq(uaddr_of(NS_A, 100003, 3, "udp"), "c.0.1");
	ck_assert_str_eq(uaddr_of(NS_A, 100003, 3, "tc"), "f.0.1");
}
END_TEST

START_TEST(test_extreme_numbers)
{
	ck_assert_int_eq(add(NS_A, 0, 0, "udp", "x.0.1"), 0);
	ck_assert_int_eq(add(NS_A, UINT32_MAX, UINT32_MAX, "udp", "y.0.1"), 0);
	ck_assert_str_eq(uaddr_of(NS_A, 0, 0, "udp"), "x.0.1");
	ck_assert_str_eq(uaddr_of(NS_A, UINT32_MAX, UINT32_MAX, "udp"),
			 "y.0.1");
	ck_assert_int_eq(add(NS_A, 0, 0, "udp", "z.0.1"), -EEXIST);
}
END_TEST

/* ---- validation ------------------------------------------------------ */

/* The namespace was not created by a refused add. */
static void assert_untouched(uint64_t ns)
{
	ck_assert_uint_eq(pm_table_count(t, ns), 0);
	ck_assert_int_eq(pm_table_drop_ns(t, ns), -ENOENT);
}

START_TEST(test_invalid_null)
{
	struct pm_entry e;

	e = ent(100003, 3, NULL, UADDR_A);
	ck_assert_int_eq(pm_table_add(t, NS_A, &e), -EINVAL);
	e = ent(100003, 3, "tcp", NULL);
	ck_assert_int_eq(pm_table_add(t, NS_A, &e), -EINVAL);
	e = ent(100003, 3, "tcp", UADDR_A);
	e.owner = NULL;
	ck_assert_int_eq(pm_table_add(t, NS_A, &e), -EINVAL);
	assert_untouched(NS_A);
}
END_TEST

START_TEST(test_invalid_empty)
{
	struct pm_entry e;

	e = ent(100003, 3, "", UADDR_A);
	ck_assert_int_eq(pm_table_add(t, NS_A, &e), -EINVAL);
	e = ent(100003, 3, "tcp", "");
	ck_assert_int_eq(pm_table_add(t, NS_A, &e), -EINVAL);
	e = ent(100003, 3, "tcp", UADDR_A);
	e.owner = "";
	ck_assert_int_eq(pm_table_add(t, NS_A, &e), -EINVAL);
	assert_untouched(NS_A);
}
END_TEST

START_TEST(test_netid_boundary)
{
	char s[PM_NETID_MAX + 8];

	/* PM_NETID_MAX - 1 characters fit (with the NUL). */
	fill(s, sizeof(s), 'n', PM_NETID_MAX - 1);
	ck_assert_int_eq(add(NS_A, 100003, 3, s, UADDR_A), 0);
	ck_assert_str_eq(pm_table_find(t, NS_A, 0, 100003, 3, s)->netid, s);
	ck_assert_uint_eq(strlen(pm_table_find(t, NS_A, 0, 100003, 3, s)->netid),
			  PM_NETID_MAX - 1);

	fill(s, sizeof(s), 'n', PM_NETID_MAX);
	ck_assert_int_eq(add(NS_A, 100003, 4, s, UADDR_A), -EINVAL);
	fill(s, sizeof(s), 'n', PM_NETID_MAX + 7);
	ck_assert_int_eq(add(NS_A, 100003, 4, s, UADDR_A), -EINVAL);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 1);

	/* Refused before the namespace is made. */
	fill(s, sizeof(s), 'n', PM_NETID_MAX);
	ck_assert_int_eq(add(NS_B, 100003, 4, s, UADDR_A), -EINVAL);
	assert_untouched(NS_B);
}
END_TEST

START_TEST(test_uaddr_boundary)
{
	char s[PM_UADDR_MAX + 8];

	fill(s, sizeof(s), 'u', PM_UADDR_MAX - 1);
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", s), 0);
	ck_assert_str_eq(uaddr_of(NS_A, 100003, 3, "tcp"), s);

	fill(s, sizeof(s), 'u', PM_UADDR_MAX);
	ck_assert_int_eq(add(NS_A, 100003, 4, "tcp", s), -EINVAL);
	fill(s, sizeof(s), 'u', PM_UADDR_MAX + 7);
	ck_assert_int_eq(add(NS_A, 100003, 4, "tcp", s), -EINVAL);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 1);
	ck_assert_ptr_null(pm_table_find(t, NS_A, 0, 100003, 4, "tcp"));
}
END_TEST

START_TEST(test_owner_boundary)
{
	char s[PM_OWNER_MAX + 8];
	struct pm_entry e = ent(100003, 3, "tcp", UADDR_A);

	e.owner = fill(s, sizeof(s), 'o', PM_OWNER_MAX - 1);
	ck_assert_int_eq(pm_table_add(t, NS_A, &e), 0);
	ck_assert_str_eq(pm_table_find(t, NS_A, 0, 100003, 3, "tcp")->owner, s);

	e.vers = 4;
	e.owner = fill(s, sizeof(s), 'o', PM_OWNER_MAX);
	ck_assert_int_eq(pm_table_add(t, NS_A, &e), -EINVAL);
	e.owner = fill(s, sizeof(s), 'o', PM_OWNER_MAX + 7);
	ck_assert_int_eq(pm_table_add(t, NS_A, &e), -EINVAL);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 1);
}
END_TEST

START_TEST(test_invalid_before_eexist)
{
	char s[PM_UADDR_MAX + 1];

	/* A bad string is refused as such even when the key is taken. */
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", UADDR_A), 0);
	fill(s, sizeof(s), 'u', PM_UADDR_MAX);
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", s), -EINVAL);
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", ""), -EINVAL);
	ck_assert_str_eq(uaddr_of(NS_A, 100003, 3, "tcp"), UADDR_A);
}
END_TEST

/* ---- copies ---------------------------------------------------------- */

START_TEST(test_strings_copied)
{
	char netid[PM_NETID_MAX], uaddr[PM_UADDR_MAX], owner[PM_OWNER_MAX];
	struct pm_entry e = {
		.prog = 100003, .vers = 3, .netid = netid, .uaddr = uaddr,
		.owner = owner,
	};
	const struct pm_entry *f;

	strcpy(netid, "tcp");
	strcpy(uaddr, UADDR_A);
	strcpy(owner, "1000");
	ck_assert_int_eq(pm_table_add(t, NS_A, &e), 0);

	/* The caller reuses its buffers. */
	strcpy(netid, "XXX");
	memset(uaddr, 'Y', sizeof(uaddr) - 1);
	uaddr[sizeof(uaddr) - 1] = '\0';
	strcpy(owner, "ZZZZ");

	f = pm_table_find(t, NS_A, 0, 100003, 3, "tcp");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_ne(f->netid, netid);
	ck_assert_ptr_ne(f->uaddr, uaddr);
	ck_assert_ptr_ne(f->owner, owner);
	ck_assert_str_eq(f->netid, "tcp");
	ck_assert_str_eq(f->uaddr, UADDR_A);
	ck_assert_str_eq(f->owner, "1000");
	ck_assert_ptr_null(pm_table_find(t, NS_A, 0, 100003, 3, "XXX"));
}
END_TEST

/* ---- foreach --------------------------------------------------------- */

START_TEST(test_foreach_order)
{
	static const struct {
		uint32_t prog, vers;
		const char *netid;
	} keys[] = {
		{ 100005, 1, "udp" }, { 100003, 3, "tcp" }, { 100000, 4, "tcp6" },
		{ 100003, 3, "udp" }, { 100021, 4, "local" }, { 100003, 2, "tcp" },
	};
	struct rec *r = rec_new();
	unsigned int i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		ck_assert_int_eq(add(NS_A, keys[i].prog, keys[i].vers,
				     keys[i].netid, UADDR_A), 0);

	ck_assert_int_eq(pm_table_foreach(t, NS_A, rec_cb, r), 0);
	ck_assert_uint_eq(r->n, 6);
	for (i = 0; i < 6; i++) {
		ck_assert_uint_eq(r->prog[i], keys[i].prog);
		ck_assert_uint_eq(r->vers[i], keys[i].vers);
		ck_assert_str_eq(r->netid[i], keys[i].netid);
	}

	/* Removing from the middle, head and tail keeps the others' order;
	 * a re-added key goes to the end. */
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100000, 4, "tcp6"), 0);
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100005, 1, "udp"), 0);
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 2, "tcp"), 0);
	ck_assert_int_eq(add(NS_A, 100005, 1, "udp", UADDR_B), 0);
	memset(r, 0, sizeof(*r));
	ck_assert_int_eq(pm_table_foreach(t, NS_A, rec_cb, r), 0);
	ck_assert_uint_eq(r->n, 4);
	ck_assert_str_eq(r->netid[0], "tcp");
	ck_assert_uint_eq(r->prog[0], 100003);
	ck_assert_str_eq(r->netid[1], "udp");
	ck_assert_uint_eq(r->prog[1], 100003);
	ck_assert_str_eq(r->netid[2], "local");
	ck_assert_uint_eq(r->prog[3], 100005);
	ck_assert_str_eq(r->netid[3], "udp");
	free(r);
}
END_TEST

START_TEST(test_foreach_early_stop)
{
	struct rec *r = rec_new();
	uint32_t v;

	for (v = 1; v <= 5; v++)
		ck_assert_int_eq(add(NS_A, 100003, v, "tcp", UADDR_A), 0);

	r->stop_at = 3;
	r->stop_ret = 42;
	ck_assert_int_eq(pm_table_foreach(t, NS_A, rec_cb, r), 42);
	ck_assert_uint_eq(r->n, 3);
	ck_assert_uint_eq(r->vers[2], 3);

	/* A negative value is passed through too. */
	memset(r, 0, sizeof(*r));
	r->stop_at = 1;
	r->stop_ret = -EINTR;
	ck_assert_int_eq(pm_table_foreach(t, NS_A, rec_cb, r), -EINTR);
	ck_assert_uint_eq(r->n, 1);

	/* Stopping at the last entry still returns the value. */
	memset(r, 0, sizeof(*r));
	r->stop_at = 5;
	r->stop_ret = 7;
	ck_assert_int_eq(pm_table_foreach(t, NS_A, rec_cb, r), 7);
	ck_assert_uint_eq(r->n, 5);
	free(r);
}
END_TEST

START_TEST(test_foreach_empty)
{
	struct rec *r = rec_new();

	/* Unknown namespace, then one emptied by removal. */
	ck_assert_int_eq(pm_table_foreach(t, NS_A, rec_cb, r), 0);
	ck_assert_uint_eq(r->n, 0);
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", UADDR_A), 0);
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 3, "tcp"), 0);
	ck_assert_int_eq(pm_table_foreach(t, NS_A, rec_cb, r), 0);
	ck_assert_uint_eq(r->n, 0);
	free(r);
}
END_TEST

/* ---- limits ---------------------------------------------------------- */

START_TEST(test_limit_entries)
{
	uint32_t v;

	relimit(PM_LIMITS_DEFAULT_NAMESPACES, 4);
	for (v = 0; v < 4; v++)
		ck_assert_int_eq(add(NS_A, 100003, v, "tcp", UADDR_A), 0);
	ck_assert_int_eq(add(NS_A, 100003, 4, "tcp", UADDR_A), -ENOSPC);
	ck_assert_int_eq(add(NS_A, 100004, 0, "udp", UADDR_A), -ENOSPC);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 4);
	ck_assert_ptr_null(pm_table_find(t, NS_A, 0, 100003, 4, "tcp"));

	/* A taken key is still reported as such. */
	ck_assert_int_eq(add(NS_A, 100003, 0, "tcp", UADDR_B), -EEXIST);

	/* The limit is per namespace. */
	for (v = 0; v < 4; v++)
		ck_assert_int_eq(add(NS_B, 100003, v, "tcp", UADDR_B), 0);
	ck_assert_int_eq(add(NS_B, 100003, 4, "tcp", UADDR_B), -ENOSPC);

	/* Removing makes room again. */
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 1, "tcp"), 0);
	ck_assert_int_eq(add(NS_A, 100003, 4, "tcp", UADDR_A), 0);
	ck_assert_int_eq(add(NS_A, 100003, 5, "tcp", UADDR_A), -ENOSPC);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 4);
}
END_TEST

START_TEST(test_limit_namespaces)
{
	relimit(2, PM_LIMITS_DEFAULT_ENTRIES);
	ck_assert_int_eq(add(1, 100003, 3, "tcp", UADDR_A), 0);
	ck_assert_int_eq(add(2, 100003, 3, "tcp", UADDR_A), 0);
	ck_assert_int_eq(add(3, 100003, 3, "tcp", UADDR_A), -ENOSPC);
	ck_assert_uint_eq(pm_table_count(t, 3), 0);
	ck_assert_int_eq(pm_table_drop_ns(t, 3), -ENOENT);

	/* Existing namespaces keep working. */
	ck_assert_int_eq(add(1, 100003, 4, "tcp", UADDR_A), 0);
	ck_assert_int_eq(add(2, 100003, 4, "tcp", UADDR_A), 0);
	ck_assert_int_eq(pm_table_remove(t, 1, 0, 100003, 3, "tcp"), 0);
	ck_assert_uint_eq(pm_table_count(t, 1), 1);
	ck_assert_uint_eq(pm_table_count(t, 2), 2);

	/* Dropping one frees its slot. */
	ck_assert_int_eq(pm_table_drop_ns(t, 1), 0);
	ck_assert_int_eq(add(3, 100003, 3, "tcp", UADDR_A), 0);
	ck_assert_int_eq(add(4, 100003, 3, "tcp", UADDR_A), -ENOSPC);
	ck_assert_int_eq(add(1, 100003, 3, "tcp", UADDR_A), -ENOSPC);
	ck_assert_uint_eq(pm_table_count(t, 2), 2);
	ck_assert_uint_eq(pm_table_count(t, 3), 1);
}
END_TEST

START_TEST(test_limit_namespaces_one)
{
	relimit(1, 1);
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", UADDR_A), 0);
	ck_assert_int_eq(add(NS_A, 100003, 4, "tcp", UADDR_A), -ENOSPC);
	ck_assert_int_eq(add(NS_B, 100003, 3, "tcp", UADDR_A), -ENOSPC);
	ck_assert_str_eq(uaddr_of(NS_A, 100003, 3, "tcp"), UADDR_A);
}
END_TEST

START_TEST(test_limits_default)
{
	uint32_t v;

	/* pm_table_new(NULL) applies PM_LIMITS_DEFAULT_ENTRIES. */
	for (v = 0; v < PM_LIMITS_DEFAULT_ENTRIES; v++)
		ck_assert_int_eq(add(NS_A, 100003, v, "tcp", UADDR_A), 0);
	ck_assert_int_eq(add(NS_A, 100003, v, "tcp", UADDR_A), -ENOSPC);
	ck_assert_uint_eq(pm_table_count(t, NS_A), PM_LIMITS_DEFAULT_ENTRIES);
}
END_TEST

/* ---- drop_ns --------------------------------------------------------- */

START_TEST(test_drop_ns)
{
	struct rec *r = rec_new();

	ck_assert_int_eq(pm_table_drop_ns(t, NS_A), -ENOENT);
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", UADDR_A), 0);
	ck_assert_int_eq(add(NS_A, 100003, 3, "udp", UADDR_A), 0);
	ck_assert_int_eq(add(NS_A, 100005, 1, "udp", UADDR_A), 0);

	ck_assert_int_eq(pm_table_drop_ns(t, NS_A), 0);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 0);
	ck_assert_ptr_null(pm_table_find(t, NS_A, 0, 100003, 3, "tcp"));
	ck_assert_ptr_null(pm_table_find(t, NS_A, 0, 100005, 1, "udp"));
	ck_assert_int_eq(pm_table_foreach(t, NS_A, rec_cb, r), 0);
	ck_assert_uint_eq(r->n, 0);
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 3, "tcp"), -ENOENT);
	ck_assert_int_eq(pm_table_drop_ns(t, NS_A), -ENOENT);

	/* The namespace can come back, empty. */
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", UADDR_B), 0);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 1);
	ck_assert_str_eq(uaddr_of(NS_A, 100003, 3, "tcp"), UADDR_B);
	free(r);
}
END_TEST

START_TEST(test_drop_ns_emptied)
{
	/* A namespace whose entries were all removed still exists. */
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", UADDR_A), 0);
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 3, "tcp"), 0);
	ck_assert_int_eq(pm_table_drop_ns(t, NS_A), 0);
	ck_assert_int_eq(pm_table_drop_ns(t, NS_A), -ENOENT);
}
END_TEST

/* ---- growth ---------------------------------------------------------- */

static const char *const grow_netids[] = {
	"udp", "tcp", "udp6", "tcp6", "local",
};

static void grow_key(unsigned int i, uint32_t *prog, uint32_t *vers,
		     const char **netid)
{
	*prog = 200000 + i / 10;
	*vers = i % 2 + 1;
	*netid = grow_netids[i / 2 % 5];
}

static void grow_uaddr(char *buf, size_t size, unsigned int i)
{
	snprintf(buf, size, "10.%u.%u.1.%u.%u", i >> 8, i & 255, i >> 8,
		 i & 255);
}

START_TEST(test_grow_entries)
{
	struct rec *r = rec_new();
	char ua[PM_UADDR_MAX];
	const char *netid;
	uint32_t prog, vers;
	unsigned int i, j;

	relimit(PM_LIMITS_DEFAULT_NAMESPACES, GROW_ENTRIES);
	for (i = 0; i < GROW_ENTRIES; i++) {
		grow_key(i, &prog, &vers, &netid);
		grow_uaddr(ua, sizeof(ua), i);
		ck_assert_int_eq(add(NS_A, prog, vers, netid, ua), 0);
	}
	ck_assert_uint_eq(pm_table_count(t, NS_A), GROW_ENTRIES);
	grow_key(0, &prog, &vers, &netid);
	ck_assert_int_eq(add(NS_A, 999, 1, "udp", "x.0.1"), -ENOSPC);
	ck_assert_int_eq(add(NS_A, prog, vers, netid, "x.0.1"), -EEXIST);

	for (i = 0; i < GROW_ENTRIES; i++) {
		grow_key(i, &prog, &vers, &netid);
		grow_uaddr(ua, sizeof(ua), i);
		ck_assert_str_eq(uaddr_of(NS_A, prog, vers, netid), ua);
	}

	ck_assert_int_eq(pm_table_foreach(t, NS_A, rec_cb, r), 0);
	ck_assert_uint_eq(r->n, GROW_ENTRIES);
	for (i = 0; i < GROW_ENTRIES; i++) {
		grow_key(i, &prog, &vers, &netid);
		ck_assert_uint_eq(r->prog[i], prog);
		ck_assert_uint_eq(r->vers[i], vers);
	}

	/* Remove every other one. */
	for (i = 0; i < GROW_ENTRIES; i += 2) {
		grow_key(i, &prog, &vers, &netid);
		ck_assert_int_eq(pm_table_remove(t, NS_A, 0, prog, vers, netid),
				 0);
	}
	ck_assert_uint_eq(pm_table_count(t, NS_A), GROW_ENTRIES / 2);
	for (i = 0; i < GROW_ENTRIES; i++) {
		grow_key(i, &prog, &vers, &netid);
		grow_uaddr(ua, sizeof(ua), i);
		if (i % 2)
			ck_assert_str_eq(uaddr_of(NS_A, prog, vers, netid),
					 ua);
		else
			ck_assert_ptr_null(pm_table_find(t, NS_A, 0, prog, vers,
							 netid));
	}

	memset(r, 0, sizeof(*r));
	ck_assert_int_eq(pm_table_foreach(t, NS_A, rec_cb, r), 0);
	ck_assert_uint_eq(r->n, GROW_ENTRIES / 2);
	for (j = 0; j < GROW_ENTRIES / 2; j++) {
		grow_key(2 * j + 1, &prog, &vers, &netid);
		ck_assert_uint_eq(r->prog[j], prog);
		ck_assert_uint_eq(r->vers[j], vers);
	}

	/* The removed ones come back, after the survivors. */
	for (i = 0; i < GROW_ENTRIES; i += 2) {
		grow_key(i, &prog, &vers, &netid);
		grow_uaddr(ua, sizeof(ua), i);
		ck_assert_int_eq(add(NS_A, prog, vers, netid, ua), 0);
	}
	memset(r, 0, sizeof(*r));
	ck_assert_int_eq(pm_table_foreach(t, NS_A, rec_cb, r), 0);
	ck_assert_uint_eq(r->n, GROW_ENTRIES);
	for (j = 0; j < GROW_ENTRIES / 2; j++) {
		grow_key(2 * j, &prog, &vers, &netid);
		ck_assert_uint_eq(r->prog[GROW_ENTRIES / 2 + j], prog);
		ck_assert_uint_eq(r->vers[GROW_ENTRIES / 2 + j], vers);
	}
	free(r);
}
END_TEST

/* Namespace ids as netns cookies look: small and sequential (loop 0) or
 * large (loop 1). */
static uint64_t grow_ns_id(int kind, unsigned int i)
{
	return kind == 0 ? (uint64_t)i + 1 : (1ull << 40) + i;
}

START_TEST(test_grow_namespaces)
{
	char ua[PM_UADDR_MAX];
	unsigned int i;

	for (i = 0; i < GROW_NS; i++) {
		grow_uaddr(ua, sizeof(ua), i);
		ck_assert_int_eq(add(grow_ns_id(_i, i), 100003, 3, "tcp", ua),
				 0);
	}
	for (i = 0; i < GROW_NS; i++) {
		grow_uaddr(ua, sizeof(ua), i);
		ck_assert_uint_eq(pm_table_count(t, grow_ns_id(_i, i)), 1);
		ck_assert_str_eq(uaddr_of(grow_ns_id(_i, i), 100003, 3, "tcp"),
				 ua);
	}
	/* Neighbouring ids were not made. */
	ck_assert_uint_eq(pm_table_count(t, grow_ns_id(_i, GROW_NS)), 0);
	ck_assert_ptr_null(pm_table_find(t, grow_ns_id(_i, GROW_NS), 0,
					 100003, 3, "tcp"));
	ck_assert_uint_eq(pm_table_count(t, grow_ns_id(1 - _i, 0)), 0);

	/* Drop every other one; the rest are intact. */
	for (i = 0; i < GROW_NS; i += 2)
		ck_assert_int_eq(pm_table_drop_ns(t, grow_ns_id(_i, i)), 0);
	for (i = 0; i < GROW_NS; i++) {
		grow_uaddr(ua, sizeof(ua), i);
		if (i % 2) {
			ck_assert_str_eq(uaddr_of(grow_ns_id(_i, i), 100003, 3,
						  "tcp"), ua);
		} else {
			ck_assert_uint_eq(pm_table_count(t, grow_ns_id(_i, i)),
					  0);
			ck_assert_int_eq(pm_table_drop_ns(t, grow_ns_id(_i, i)),
					 -ENOENT);
		}
	}
}
END_TEST

START_TEST(test_ns_extreme_ids)
{
	ck_assert_int_eq(add(0, 100003, 3, "tcp", "zero.0.1"), 0);
	ck_assert_int_eq(add(UINT64_MAX, 100003, 3, "tcp", "max.0.1"), 0);
	ck_assert_int_eq(add(1ull << 32, 100003, 3, "tcp", "hi.0.1"), 0);
	ck_assert_str_eq(uaddr_of(0, 100003, 3, "tcp"), "zero.0.1");
	ck_assert_str_eq(uaddr_of(UINT64_MAX, 100003, 3, "tcp"), "max.0.1");
	ck_assert_str_eq(uaddr_of(1ull << 32, 100003, 3, "tcp"), "hi.0.1");
	ck_assert_ptr_null(pm_table_find(t, 1, 0, 100003, 3, "tcp"));
	ck_assert_int_eq(pm_table_drop_ns(t, 0), 0);
	ck_assert_str_eq(uaddr_of(UINT64_MAX, 100003, 3, "tcp"), "max.0.1");
	ck_assert_str_eq(uaddr_of(1ull << 32, 100003, 3, "tcp"), "hi.0.1");
}
END_TEST

/* ---- isolation ------------------------------------------------------- */

START_TEST(test_isolation_add)
{
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", UADDR_A), 0);
	/* The same key in B is not a duplicate. */
	ck_assert_int_eq(add(NS_B, 100003, 3, "tcp", UADDR_B), 0);
	ck_assert_str_eq(uaddr_of(NS_A, 100003, 3, "tcp"), UADDR_A);
	ck_assert_str_eq(uaddr_of(NS_B, 100003, 3, "tcp"), UADDR_B);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 1);
	ck_assert_uint_eq(pm_table_count(t, NS_B), 1);
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", UADDR_B), -EEXIST);
	ck_assert_int_eq(add(NS_B, 100003, 3, "tcp", UADDR_A), -EEXIST);
}
END_TEST

START_TEST(test_isolation_remove)
{
	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", UADDR_A), 0);
	ck_assert_int_eq(add(NS_B, 100003, 3, "tcp", UADDR_B), 0);
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 3, "tcp"), 0);
	ck_assert_ptr_null(pm_table_find(t, NS_A, 0, 100003, 3, "tcp"));
	ck_assert_str_eq(uaddr_of(NS_B, 100003, 3, "tcp"), UADDR_B);
	ck_assert_int_eq(pm_table_remove(t, NS_A, 0, 100003, 3, "tcp"), -ENOENT);
	ck_assert_uint_eq(pm_table_count(t, NS_B), 1);
}
END_TEST

START_TEST(test_isolation_drop_and_foreach)
{
	struct rec *r = rec_new();

	ck_assert_int_eq(add(NS_A, 100003, 3, "tcp", UADDR_A), 0);
	ck_assert_int_eq(add(NS_A, 100005, 1, "udp", UADDR_A), 0);
	ck_assert_int_eq(add(NS_B, 100003, 3, "tcp", UADDR_B), 0);
	ck_assert_int_eq(add(NS_B, 100021, 4, "udp", UADDR_B), 0);

	/* A walk of A sees only A. */
	ck_assert_int_eq(pm_table_foreach(t, NS_A, rec_cb, r), 0);
	ck_assert_uint_eq(r->n, 2);
	ck_assert_uint_eq(r->prog[0], 100003);
	ck_assert_uint_eq(r->prog[1], 100005);

	ck_assert_int_eq(pm_table_drop_ns(t, NS_A), 0);
	ck_assert_uint_eq(pm_table_count(t, NS_B), 2);
	ck_assert_str_eq(uaddr_of(NS_B, 100003, 3, "tcp"), UADDR_B);
	ck_assert_str_eq(uaddr_of(NS_B, 100021, 4, "udp"), UADDR_B);
	memset(r, 0, sizeof(*r));
	ck_assert_int_eq(pm_table_foreach(t, NS_B, rec_cb, r), 0);
	ck_assert_uint_eq(r->n, 2);
	ck_assert_uint_eq(r->prog[0], 100003);
	ck_assert_uint_eq(r->prog[1], 100021);
	free(r);
}
END_TEST

/* ---- add_self -------------------------------------------------------- */

static void assert_self(const char *netid, const char *uaddr, bool has_v2)
{
	struct rec *r = rec_new();
	unsigned int i, n = has_v2 ? 3 : 2;

	ck_assert_int_eq(pm_table_add_self(t, NS_A, netid, uaddr), 0);
	ck_assert_uint_eq(pm_table_count(t, NS_A), n);
	ck_assert_int_eq(pm_table_foreach(t, NS_A, rec_cb, r), 0);
	ck_assert_uint_eq(r->n, n);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(r->prog[i], PM_PROG);
		ck_assert_uint_eq(r->vers[i], PM_VERS_RPCB4 - i);
		ck_assert_str_eq(r->netid[i], netid);
		ck_assert_str_eq(r->owner[i], "superuser");
		ck_assert_str_eq(uaddr_of(NS_A, PM_PROG, PM_VERS_RPCB4 - i,
					  netid), uaddr);
	}
	if (!has_v2)
		ck_assert_ptr_null(pm_table_find(t, NS_A, 0, PM_PROG,
						 PM_VERS_PMAP, netid));
	free(r);
}

START_TEST(test_self_udp)
{
	assert_self("udp", "0.0.0.0.0.111", true);
}
END_TEST

START_TEST(test_self_tcp)
{
	assert_self("tcp", "0.0.0.0.0.111", true);
}
END_TEST

START_TEST(test_self_tcp6)
{
	assert_self("tcp6", "::.0.111", false);
}
END_TEST

START_TEST(test_self_udp6)
{
	assert_self("udp6", "::.0.111", false);
}
END_TEST

START_TEST(test_self_local)
{
	assert_self("local", "/run/rpcbind.sock", false);
}
END_TEST

START_TEST(test_self_all)
{
	static const char *const order[] = {
		"tcp6", "udp6", "tcp", "udp", "local",
	};
	struct rec *r = rec_new();
	unsigned int i;

	/* rpcbind's DUMP order: tcp6, udp6, tcp, udp, local. */
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(pm_table_add_self(t, NS_A, order[i], "a.0.111"),
				 0);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 12);
	ck_assert_int_eq(pm_table_foreach(t, NS_A, rec_cb, r), 0);
	ck_assert_uint_eq(r->n, 12);
	ck_assert_str_eq(r->netid[0], "tcp6");
	ck_assert_uint_eq(r->vers[0], 4);
	ck_assert_str_eq(r->netid[1], "tcp6");
	ck_assert_uint_eq(r->vers[1], 3);
	ck_assert_str_eq(r->netid[2], "udp6");
	ck_assert_str_eq(r->netid[4], "tcp");
	ck_assert_uint_eq(r->vers[6], 2);
	ck_assert_str_eq(r->netid[6], "tcp");
	ck_assert_str_eq(r->netid[7], "udp");
	ck_assert_uint_eq(r->vers[9], 2);
	ck_assert_str_eq(r->netid[10], "local");
	ck_assert_uint_eq(r->vers[11], 3);

	/* A second time: the keys are taken. */
	ck_assert_int_eq(pm_table_add_self(t, NS_A, "udp", "a.0.111"), -EEXIST);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 12);

	/* Per namespace. */
	ck_assert_int_eq(pm_table_add_self(t, NS_B, "udp", "b.0.111"), 0);
	ck_assert_str_eq(uaddr_of(NS_B, PM_PROG, 2, "udp"), "b.0.111");
	ck_assert_str_eq(uaddr_of(NS_A, PM_PROG, 2, "udp"), "a.0.111");
	free(r);
}
END_TEST

START_TEST(test_self_invalid)
{
	char s[PM_UADDR_MAX + 1];

	fill(s, sizeof(s), 'u', PM_UADDR_MAX);
	ck_assert_int_eq(pm_table_add_self(t, NS_A, "udp", s), -EINVAL);
	ck_assert_int_eq(pm_table_add_self(t, NS_A, "udp", ""), -EINVAL);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 0);
}
END_TEST

/* ---- virtual servers ------------------------------------------------- */

static int add_vs(uint64_t ns, uint32_t vs, uint32_t prog, const char *uaddr)
{
	struct pm_entry e = ent(prog, 3, "tcp", uaddr);

	e.vs = vs;
	return pm_table_add(t, ns, &e);
}

/* The VS is part of the key: one key in three views, each its own. */
START_TEST(test_vs_keys)
{
	const struct pm_entry *e;

	ck_assert_int_eq(add_vs(NS_A, 0, 100003, "0.0.0.0.8.1"), 0);
	ck_assert_int_eq(add_vs(NS_A, 1, 100003, "0.0.0.0.8.2"), 0);
	ck_assert_int_eq(add_vs(NS_A, 255, 100003, "0.0.0.0.8.3"), 0);
	ck_assert_int_eq(add_vs(NS_A, 1, 100003, "0.0.0.0.8.9"), -EEXIST);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 3);
	ck_assert_uint_eq(pm_table_count_vs(t, NS_A, 0), 1);
	ck_assert_uint_eq(pm_table_count_vs(t, NS_A, 1), 1);
	ck_assert_uint_eq(pm_table_count_vs(t, NS_A, 2), 0);
	e = pm_table_find(t, NS_A, 1, 100003, 3, "tcp");
	ck_assert_str_eq(e->uaddr, "0.0.0.0.8.2");
	ck_assert_uint_eq(e->vs, 1);
	ck_assert_str_eq(pm_table_find(t, NS_A, 255, 100003, 3, "tcp")->uaddr,
			 "0.0.0.0.8.3");
	/* no fallback here: that is the views' business (proc.c) */
	ck_assert_ptr_null(pm_table_find(t, NS_A, 2, 100003, 3, "tcp"));
	ck_assert_int_eq(pm_table_remove(t, NS_A, 2, 100003, 3, "tcp"),
			 -ENOENT);
	ck_assert_int_eq(pm_table_remove(t, NS_A, 1, 100003, 3, "tcp"), 0);
	ck_assert_ptr_null(pm_table_find(t, NS_A, 1, 100003, 3, "tcp"));
	ck_assert_str_eq(pm_table_find(t, NS_A, 0, 100003, 3, "tcp")->uaddr,
			 "0.0.0.0.8.1");
	ck_assert_ptr_nonnull(pm_table_find(t, NS_A, 255, 100003, 3, "tcp"));
	ck_assert_uint_eq(pm_table_count_vs(t, NS_B, 0), 0);
}
END_TEST

static int collect_vs(const struct pm_entry *e, void *data)
{
	char *out = data;
	size_t len = strlen(out);

	snprintf(out + len, 256 - len, "%u:%u ", e->vs, e->prog);
	return 0;
}

/* foreach walks every VS's entries, in registration order. */
START_TEST(test_vs_foreach_all)
{
	char out[256] = "";

	ck_assert_int_eq(add_vs(NS_A, 2, 100001, UADDR_B), 0);
	ck_assert_int_eq(add_vs(NS_A, 0, 100002, UADDR_B), 0);
	ck_assert_int_eq(add_vs(NS_A, 1, 100001, UADDR_B), 0);
	ck_assert_int_eq(pm_table_foreach(t, NS_A, collect_vs, out), 0);
	ck_assert_str_eq(out, "2:100001 0:100002 1:100001 ");
}
END_TEST

/* The entry limit counts the namespace's entries, every VS's. */
START_TEST(test_vs_limit_per_ns)
{
	relimit(4, 3);
	ck_assert_int_eq(add_vs(NS_A, 0, 100001, UADDR_A), 0);
	ck_assert_int_eq(add_vs(NS_A, 1, 100001, UADDR_A), 0);
	ck_assert_int_eq(add_vs(NS_A, 2, 100001, UADDR_A), 0);
	ck_assert_int_eq(add_vs(NS_A, 3, 100001, UADDR_A), -ENOSPC);
	ck_assert_int_eq(pm_table_drop_vs(t, NS_A, 2), 1);
	ck_assert_int_eq(add_vs(NS_A, 3, 100001, UADDR_A), 0);
}
END_TEST

struct hook_log {
	char text[512];
};

static void log_change(uint64_t ns, bool added, const struct pm_entry *e,
		       void *data)
{
	struct hook_log *l = data;
	size_t len = strlen(l->text);

	snprintf(l->text + len, sizeof(l->text) - len, "%c%llx/%u:%u ",
		 added ? '+' : '-', (unsigned long long)ns, e->vs, e->prog);
}

/* Dropping a VS removes its entries, each through the change hook, and
 * nothing of another VS, of the namespace-wide view or namespace. */
START_TEST(test_drop_vs)
{
	struct hook_log l = { "" };

	ck_assert_int_eq(add_vs(NS_A, 1, 100001, UADDR_A), 0);
	ck_assert_int_eq(add_vs(NS_A, 0, 100001, UADDR_A), 0);
	ck_assert_int_eq(add_vs(NS_A, 2, 100001, UADDR_A), 0);
	ck_assert_int_eq(add_vs(NS_A, 1, 100002, UADDR_A), 0);
	ck_assert_int_eq(add_vs(NS_B, 1, 100001, UADDR_A), 0);
	pm_table_on_change(t, log_change, &l);
	ck_assert_int_eq(pm_table_drop_vs(t, NS_A, 1), 2);
	ck_assert_str_eq(l.text, "-1001/1:100001 -1001/1:100002 ");
	ck_assert_uint_eq(pm_table_count(t, NS_A), 2);
	ck_assert_uint_eq(pm_table_count_vs(t, NS_A, 1), 0);
	ck_assert_uint_eq(pm_table_count_vs(t, NS_B, 1), 1);
	ck_assert_int_eq(pm_table_drop_vs(t, NS_A, 1), 0);
	ck_assert_int_eq(pm_table_drop_vs(t, NS_A, 0), -EINVAL);
	ck_assert_int_eq(pm_table_drop_vs(t, 0x9999, 1), 0);
	ck_assert_uint_eq(pm_table_count(t, NS_A), 2);
	pm_table_on_change(t, NULL, NULL);
}
END_TEST

/* ---- suite ----------------------------------------------------------- */

static TCase *tcase(Suite *s, const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(s, tc);
	return tc;
}

static Suite *table_suite(void)
{
	Suite *s = suite_create("table");
	TCase *tc;

	tc = tcase(s, "basic");
	tcase_add_test(tc, test_add_find_remove);
	tcase_add_test(tc, test_remove_missing);
	tcase_add_test(tc, test_count);
	tcase_add_test(tc, test_free_null);
	tcase_add_test(tc, test_free_populated);

	tc = tcase(s, "duplicate");
	tcase_add_test(tc, test_duplicate_key);
	tcase_add_test(tc, test_keys_coexist);
	tcase_add_test(tc, test_extreme_numbers);

	tc = tcase(s, "validation");
	tcase_add_test(tc, test_invalid_null);
	tcase_add_test(tc, test_invalid_empty);
	tcase_add_test(tc, test_netid_boundary);
	tcase_add_test(tc, test_uaddr_boundary);
	tcase_add_test(tc, test_owner_boundary);
	tcase_add_test(tc, test_invalid_before_eexist);

	tc = tcase(s, "copy");
	tcase_add_test(tc, test_strings_copied);

	tc = tcase(s, "foreach");
	tcase_add_test(tc, test_foreach_order);
	tcase_add_test(tc, test_foreach_early_stop);
	tcase_add_test(tc, test_foreach_empty);

	tc = tcase(s, "limits");
	tcase_add_test(tc, test_limit_entries);
	tcase_add_test(tc, test_limit_namespaces);
	tcase_add_test(tc, test_limit_namespaces_one);
	tcase_add_test(tc, test_limits_default);

	tc = tcase(s, "drop_ns");
	tcase_add_test(tc, test_drop_ns);
	tcase_add_test(tc, test_drop_ns_emptied);

	tc = tcase(s, "growth");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_grow_entries);
	tcase_add_loop_test(tc, test_grow_namespaces, 0, 2);
	tcase_add_test(tc, test_ns_extreme_ids);

	tc = tcase(s, "isolation");
	tcase_add_test(tc, test_isolation_add);
	tcase_add_test(tc, test_isolation_remove);
	tcase_add_test(tc, test_isolation_drop_and_foreach);

	tc = tcase(s, "add_self");
	tcase_add_test(tc, test_self_udp);
	tcase_add_test(tc, test_self_tcp);
	tcase_add_test(tc, test_self_tcp6);
	tcase_add_test(tc, test_self_udp6);
	tcase_add_test(tc, test_self_local);
	tcase_add_test(tc, test_self_all);
	tcase_add_test(tc, test_self_invalid);

	tc = tcase(s, "vs");
	tcase_add_test(tc, test_vs_keys);
	tcase_add_test(tc, test_vs_foreach_all);
	tcase_add_test(tc, test_vs_limit_per_ns);
	tcase_add_test(tc, test_drop_vs);

	return s;
}

int main(void)
{
	return tu_run(table_suite());
}
