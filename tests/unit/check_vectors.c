/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_vectors.c - replay the golden conversation captured between real
 * clients and Debian's rpcbind (tests/vectors/README) and compare every
 * reply byte for byte; then feed every prefix of every request.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "internal.h"
#include "core.h"
#include "testutil.h"
#include "uaddr.h"
#include "vectors.h"

#define NS		7
/* Offset of v2's unsetinfo in this capture's GETSTAT replies: header 24,
 * info[13], setinfo. */
#define GETSTAT_V2_UNSETINFO	80

/*
 * Where rpcbindns answers differently on purpose, the expected reply is
 * rpcbind's with one 32-bit word patched.  Offsets < 0 count from the end.
 */
struct deviation {
	const char *name;
	long offset;
	uint32_t value;
	const char *why;
};

static const struct deviation deviations[] = {
	{ "11: v2 UNSET 200001/1/prot 0 via udp, ephemeral port", -4, 0,
	  "an unknown caller cannot remove a superuser entry; rpcbind says "
	  "TRUE without removing it (its tcp half matched nothing)" },
	{ "12: v4 GETSTAT via udp", GETSTAT_V2_UNSETINFO, 1,
	  "that v2 UNSET is not counted as a success" },
	{ "12 rpcinfo -m: v4 GETSTAT via tcp", GETSTAT_V2_UNSETINFO, 1,
	  "same" },
};

/* Offsets of the remote-call items in this capture's GETSTAT replies:
 * 299999/1/0 on udp, 36 bytes each. */
#define GETSTAT_V2_RMTCALL	228
#define GETSTAT_V4_RMTCALL	876
#define GETSTAT_RMTCALL_LEN	36

/*
 * Where rpcbindns leaves out part of rpcbind's reply on purpose: @len
 * bytes at @offset of it, after the deviations above.  A reply's cuts are
 * listed from its end backwards, so offsets are rpcbind's.
 */
struct cut {
	const char *name;
	size_t offset, len;
	const char *why;
};

static const struct cut cuts[] = {
	{ "12: v4 GETSTAT via udp", GETSTAT_V4_RMTCALL, GETSTAT_RMTCALL_LEN,
	  "the BCAST and INDIRECT of part 10 were refused for want of -r: "
	  "they count per procedure but make no remote-call item" },
	{ "12: v4 GETSTAT via udp", GETSTAT_V2_RMTCALL, GETSTAT_RMTCALL_LEN,
	  "so was the v2 CALLIT" },
	{ "12 rpcinfo -m: v4 GETSTAT via tcp", GETSTAT_V4_RMTCALL,
	  GETSTAT_RMTCALL_LEN, "same" },
	{ "12 rpcinfo -m: v4 GETSTAT via tcp", GETSTAT_V2_RMTCALL,
	  GETSTAT_RMTCALL_LEN, "same" },
};

static bool is_for(const struct pm_vector *v, const char *name)
{
	return strncmp(v->name, name, strlen(name)) == 0;
}

/* The table rpcbind starts with: its own entries, in its DUMP order. */
static struct pm_table *rpcbind_table(void)
{
	static const char *const self[][2] = {
		{ "tcp6", "::.0.111" }, { "udp6", "::.0.111" },
		{ "tcp", "0.0.0.0.0.111" }, { "udp", "0.0.0.0.0.111" },
		{ "local", "/run/rpcbind.sock" },
	};
	struct pm_table *t = pm_table_new(NULL);
	size_t i;

	ck_assert_ptr_nonnull(t);
	for (i = 0; i < sizeof(self) / sizeof(self[0]); i++)
		ck_assert_int_eq(pm_table_add_self(t, NS, self[i][0],
						   self[i][1]), 0);
	return t;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* The captured caller: lo only, as in the capture namespace. */
static void vector_caller(struct tu_caller *tc, const struct pm_vector *v)
{
	enum pm_family fam = strchr(v->netid, '6') ? PM_FAMILY_INET6 :
						    PM_FAMILY_INET;

	tu_caller_ip(tc, NS, v->netid, fam == PM_FAMILY_INET6 ? "::1" :
		     "127.0.0.1", 0);
	ck_assert_int_eq(pm_uaddr_parse(v->peer_uaddr, fam, &tc->peer,
					&tc->c.peer_len), 0);
	ck_assert_int_eq(pm_uaddr_parse(v->local_uaddr, fam, &tc->local,
					&tc->c.local_len), 0);
	tc->c.n_ifaddrs = 2;	/* 127.0.0.1/8 and ::1/128 */
	/* GETTIME answers the captured clock. */
	if (strstr(v->name, "GETTIME") && v->reply_len >= 4)
		tc->c.now = get32(v->reply + v->reply_len - 4);
}

/* rpcbind's reply to @v as rpcbindns should give it, into @buf; returns
 * its length. */
static size_t expected_reply(const struct pm_vector *v, unsigned char *buf)
{
	size_t i, len = v->reply_len;

	if (len)
		memcpy(buf, v->reply, len);
	for (i = 0; i < ARRAY_SIZE(deviations); i++) {
		const struct deviation *d = &deviations[i];
		long off = d->offset < 0 ? (long)len + d->offset : d->offset;

		if (!is_for(v, d->name))
			continue;
		ck_assert_int_le(off + 4, len);
		put32(buf + off, d->value);
	}
	for (i = 0; i < ARRAY_SIZE(cuts); i++) {
		const struct cut *c = &cuts[i];

		if (!is_for(v, c->name))
			continue;
		ck_assert_uint_le(c->offset + c->len, len);
		memmove(buf + c->offset, buf + c->offset + c->len,
			len - c->offset - c->len);
		len -= c->len;
	}
	return len;
}

START_TEST(test_replay)
{
	static unsigned char out[TU_BUF_MAX], want[TU_BUF_MAX];
	struct pm_table *t = rpcbind_table();
	struct tu_caller tc;
	size_t i;

	for (i = 0; i < PM_NVECTORS; i++) {
		const struct pm_vector *v = &pm_vectors[i];
		size_t want_len;
		int n;

		vector_caller(&tc, v);
		n = pm_proc_dispatch(t, &tc.c, v->call, v->call_len, out,
				     sizeof(out), NULL);
		want_len = expected_reply(v, want);
		ck_assert_msg(n == (int)want_len,
			      "vector %zu '%s': length %d, expected %zu", i,
			      v->name, n, want_len);
		ck_assert_msg(memcmp(out, want, want_len) == 0,
			      "vector %zu '%s': reply differs", i, v->name);
	}
	pm_table_free(t);
}
END_TEST

static bool matches_a_vector(const char *name)
{
	size_t k;

	for (k = 0; k < PM_NVECTORS; k++)
		if (is_for(&pm_vectors[k], name))
			return true;
	return false;
}

/* Each deviation and cut must still match a vector, or it silently stops
 * mattering after a recapture. */
START_TEST(test_deviations_used)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(deviations); i++)
		ck_assert_msg(matches_a_vector(deviations[i].name),
			      "deviation '%s' matches no vector",
			      deviations[i].name);
	for (i = 0; i < ARRAY_SIZE(cuts); i++)
		ck_assert_msg(matches_a_vector(cuts[i].name),
			      "cut '%s' matches no vector", cuts[i].name);
}
END_TEST

static int dump_entry_count(struct pm_table *t)
{
	return (int)pm_table_count(t, NS);
}

/*
 * Every strict prefix of every request is an error: no reply (not a call)
 * or GARBAGE_ARGS, and the table is unchanged.
 */
START_TEST(test_truncation_sweep)
{
	static unsigned char out[TU_BUF_MAX];
	struct pm_table *t = rpcbind_table();
	int before = dump_entry_count(t);
	struct tu_reply r;
	struct tu_caller tc;
	size_t i, len;

	for (i = 0; i < PM_NVECTORS; i++) {
		const struct pm_vector *v = &pm_vectors[i];

		vector_caller(&tc, v);
		for (len = 0; len < v->call_len; len++) {
			int n = pm_proc_dispatch(t, &tc.c, v->call, len, out,
						 sizeof(out), NULL);

			/* Not a call, or a CALLIT/BCAST: no reply. */
			if (n == -EBADMSG || n == 0)
				continue;
			ck_assert_msg(n > 0, "vector %zu prefix %zu: %d", i,
				      len, n);
			memset(&r, 0, sizeof(r));
			memcpy(r.buf, out, (size_t)n);
			r.len = n;
			tu_parse_reply(&r);
			ck_assert_msg(r.reply_stat == MSG_ACCEPTED &&
				      r.accept_stat == GARBAGE_ARGS,
				      "vector %zu prefix %zu: not an error", i,
				      len);
		}
	}
	ck_assert_int_eq(dump_entry_count(t), before);
	pm_table_free(t);
}
END_TEST

static Suite *vectors_suite(void)
{
	Suite *s = suite_create("vectors");
	TCase *tc = tcase_create("golden");

	tcase_add_test(tc, test_replay);
	tcase_add_test(tc, test_deviations_used);
	tcase_add_test(tc, test_truncation_sweep);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(vectors_suite());
}
