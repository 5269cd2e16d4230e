/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_recmark.c - unit tests for RPC record marking (libportmap/recmark.c).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "recmark.h"
#include "testutil.h"

#define STREAM_MAX	8192	/* bytes of one test stream */
#define RECS_MAX	16	/* records collected from one stream */
#define REC_MAX		2048	/* bytes of one collected record */

/* Records collected from a stream, copied out of the borrowed buffer. */
struct sink {
	size_t n;
	size_t len[RECS_MAX];
	unsigned char data[RECS_MAX][REC_MAX];
};

/* Deterministic PRNG (xorshift64) so failures reproduce everywhere. */
static uint64_t rng_state;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state >> 32;
}

static size_t put_hdr(unsigned char *out, bool last, uint32_t len)
{
	uint32_t h = (last ? PM_RECMARK_LAST : 0) | len;

	out[0] = h >> 24;
	out[1] = h >> 16;
	out[2] = h >> 8;
	out[3] = h;
	return PM_RECMARK_HDR_LEN;
}

/* Append one fragment (header + @len bytes of @p) at @out. */
static size_t put_frag(unsigned char *out, bool last, const void *p,
		       uint32_t len)
{
	size_t n = put_hdr(out, last, len);

	memcpy(out + n, p, len);
	return n + len;
}

/*
 * Feed one chunk, looping as a daemon would, and copy each record into
 * @sk.  Returns 0 or the first error.
 */
static ssize_t feed_chunk(struct pm_recmark *rm, struct sink *sk,
			  const unsigned char *p, size_t n)
{
	const void *rec;
	size_t len;
	ssize_t r;

	while (n > 0) {
		r = pm_recmark_feed(rm, p, n, &rec, &len);
		if (r < 0)
			return r;
		ck_assert_int_le(r, n);
		p += r;
		n -= r;
		if (!rec) {
			ck_assert_int_eq(n, 0);
			break;
		}
		ck_assert_int_lt(sk->n, RECS_MAX);
		ck_assert_int_le(len, REC_MAX);
		memcpy(sk->data[sk->n], rec, len);
		sk->len[sk->n++] = len;
	}
	return 0;
}

static struct pm_recmark rm;

static void setup(void)
{
	pm_recmark_init(&rm, 1024);
}

static void teardown(void)
{
	pm_recmark_done(&rm);
}

START_TEST(test_single)
{
	unsigned char s[64];
	size_t n = put_frag(s, true, "hello", 5);
	const void *rec = (const void *)1;
	size_t len = 99;

	ck_assert_int_eq(pm_recmark_feed(&rm, s, n, &rec, &len), 9);
	ck_assert_ptr_nonnull(rec);
	ck_assert_uint_eq(len, 5);
	ck_assert_mem_eq(rec, "hello", 5);
	/* The next feed releases the record and starts afresh. */
	ck_assert_int_eq(pm_recmark_feed(&rm, NULL, 0, &rec, &len), 0);
	ck_assert_ptr_null(rec);
	ck_assert_uint_eq(len, 0);
}
END_TEST

START_TEST(test_multi_fragment)
{
	unsigned char s[64];
	size_t n = 0;
	const void *rec;
	size_t len;

	n += put_frag(s + n, false, "abc", 3);
	n += put_frag(s + n, false, "defg", 4);
	n += put_frag(s + n, true, "hi", 2);
	ck_assert_int_eq(pm_recmark_feed(&rm, s, n, &rec, &len), 21);
	ck_assert_ptr_nonnull(rec);
	ck_assert_uint_eq(len, 9);
	ck_assert_mem_eq(rec, "abcdefghi", 9);
}
END_TEST

START_TEST(test_several_in_one_feed)
{
	unsigned char s[64];
	size_t n = 0, off = 0;
	const void *rec;
	size_t len;

	n += put_frag(s + n, true, "one", 3);
	n += put_frag(s + n, false, "tw", 2);
	n += put_frag(s + n, true, "o", 1);
	n += put_frag(s + n, true, "three", 5);

	/* Each call stops right after the last byte of one record. */
	ck_assert_int_eq(pm_recmark_feed(&rm, s, n, &rec, &len), 7);
	ck_assert_uint_eq(len, 3);
	ck_assert_mem_eq(rec, "one", 3);
	off += 7;
	ck_assert_int_eq(pm_recmark_feed(&rm, s + off, n - off, &rec, &len),
			 11);
	ck_assert_uint_eq(len, 3);
	ck_assert_mem_eq(rec, "two", 3);
	off += 11;
	ck_assert_int_eq(pm_recmark_feed(&rm, s + off, n - off, &rec, &len),
			 9);
	ck_assert_uint_eq(len, 5);
	ck_assert_mem_eq(rec, "three", 5);
	off += 9;
	ck_assert_uint_eq(off, n);
	ck_assert(!pm_recmark_is_partial(&rm));
}
END_TEST

START_TEST(test_byte_by_byte)
{
	unsigned char s[64];
	size_t n = 0, i;
	const void *rec;
	size_t len;

	n += put_frag(s + n, false, "byte", 4);
	n += put_frag(s + n, true, "wise", 4);
	for (i = 0; i + 1 < n; i++) {
		ck_assert_int_eq(pm_recmark_feed(&rm, s + i, 1, &rec, &len), 1);
		ck_assert_ptr_null(rec);
	}
	ck_assert_int_eq(pm_recmark_feed(&rm, s + i, 1, &rec, &len), 1);
	ck_assert_ptr_nonnull(rec);
	ck_assert_uint_eq(len, 8);
	ck_assert_mem_eq(rec, "bytewise", 8);
}
END_TEST

/* A two-record stream: "first!" in two fragments, then "second". */
static size_t two_records(unsigned char *s)
{
	size_t n = 0;

	n += put_frag(s + n, false, "fir", 3);
	n += put_frag(s + n, true, "st!", 3);
	n += put_frag(s + n, true, "second", 6);
	return n;
}

static void check_two(const struct sink *sk)
{
	ck_assert_uint_eq(sk->n, 2);
	ck_assert_uint_eq(sk->len[0], 6);
	ck_assert_mem_eq(sk->data[0], "first!", 6);
	ck_assert_uint_eq(sk->len[1], 6);
	ck_assert_mem_eq(sk->data[1], "second", 6);
}

/* Every way to cut the stream into three chunks (empty chunks included). */
START_TEST(test_every_split)
{
	static struct sink sk;
	unsigned char s[64];
	size_t n = two_records(s), i, j;

	for (i = 0; i <= n; i++) {
		for (j = i; j <= n; j++) {
			pm_recmark_init(&rm, 1024);
			sk.n = 0;
			ck_assert_int_eq(feed_chunk(&rm, &sk, s, i), 0);
			ck_assert_int_eq(feed_chunk(&rm, &sk, s + i, j - i), 0);
			ck_assert_int_eq(feed_chunk(&rm, &sk, s + j, n - j), 0);
			check_two(&sk);
			ck_assert(!pm_recmark_is_partial(&rm));
			pm_recmark_done(&rm);
		}
	}
}
END_TEST

START_TEST(test_zero_length)
{
	unsigned char s[64];
	size_t n = 0;
	const void *rec;
	size_t len;

	/* Empty fragments around and inside a record. */
	n += put_hdr(s + n, false, 0);
	n += put_frag(s + n, false, "ab", 2);
	n += put_hdr(s + n, false, 0);
	n += put_frag(s + n, false, "cd", 2);
	n += put_hdr(s + n, true, 0);
	ck_assert_int_eq(pm_recmark_feed(&rm, s, n, &rec, &len), 24);
	ck_assert_uint_eq(len, 4);
	ck_assert_mem_eq(rec, "abcd", 4);

	/* A record made of one empty last fragment is an empty record. */
	put_hdr(s, true, 0);
	ck_assert_int_eq(pm_recmark_feed(&rm, s, 4, &rec, &len), 4);
	ck_assert_ptr_nonnull(rec);
	ck_assert_uint_eq(len, 0);
}
END_TEST

START_TEST(test_empty_record_first)
{
	unsigned char s[8];
	const void *rec = NULL;
	size_t len = 99;

	/* Nothing allocated yet: the pointer must still be valid. */
	put_hdr(s, true, 0);
	ck_assert_int_eq(pm_recmark_feed(&rm, s, 4, &rec, &len), 4);
	ck_assert_ptr_nonnull(rec);
	ck_assert_uint_eq(len, 0);
}
END_TEST

START_TEST(test_exactly_cap)
{
	static unsigned char body[1024], s[1100];
	size_t n = 0;
	const void *rec;
	size_t len;

	memset(body, 'x', sizeof(body));
	body[1023] = 'y';
	n += put_frag(s + n, false, body, 1000);
	n += put_frag(s + n, true, body + 1000, 24);
	ck_assert_int_eq(pm_recmark_feed(&rm, s, n, &rec, &len), 1032);
	ck_assert_uint_eq(len, 1024);
	ck_assert_mem_eq(rec, body, 1024);

	n = put_frag(s, true, body, 1024);
	ck_assert_int_eq(pm_recmark_feed(&rm, s, n, &rec, &len), 1028);
	ck_assert_uint_eq(len, 1024);
	ck_assert_mem_eq(rec, body, 1024);
}
END_TEST

START_TEST(test_over_cap_single)
{
	unsigned char s[8];
	const void *rec = (const void *)1;
	size_t len = 99;

	/* Only the header is sent: the refusal must not wait for data. */
	put_hdr(s, true, 1025);
	ck_assert_int_eq(pm_recmark_feed(&rm, s, 3, &rec, &len), 3);
	ck_assert_int_eq(pm_recmark_feed(&rm, s + 3, 1, &rec, &len),
			 -EMSGSIZE);
	ck_assert_ptr_eq(rec, NULL);
	ck_assert_ptr_null(rm.buf);
}
END_TEST

START_TEST(test_over_cap_fragments)
{
	static unsigned char body[1024], s[1100];
	size_t n = 0;
	const void *rec;
	size_t len;

	n += put_frag(s + n, false, body, 1000);
	n += put_hdr(s + n, true, 25);
	ck_assert_int_eq(pm_recmark_feed(&rm, s, 1004, &rec, &len), 1004);
	ck_assert_ptr_null(rec);
	ck_assert_int_eq(pm_recmark_feed(&rm, s + 1004, n - 1004, &rec, &len),
			 -EMSGSIZE);
}
END_TEST

/* A huge announced length under a huge cap allocates nothing up front. */
START_TEST(test_no_alloc_from_header)
{
	unsigned char s[16];
	const void *rec;
	size_t len;

	pm_recmark_done(&rm);
	pm_recmark_init(&rm, SIZE_MAX);
	put_hdr(s, true, PM_RECMARK_LEN_MASK);
	memcpy(s + 4, "0123456789", 10);
	ck_assert_int_eq(pm_recmark_feed(&rm, s, 4, &rec, &len), 4);
	ck_assert_ptr_null(rm.buf);
	ck_assert_int_eq(pm_recmark_feed(&rm, s + 4, 10, &rec, &len), 10);
	ck_assert_ptr_null(rec);
	ck_assert_uint_le(rm.cap, 256);
	ck_assert(pm_recmark_is_partial(&rm));
}
END_TEST

START_TEST(test_sticky_error)
{
	unsigned char s[64], bad[4];
	size_t n = put_frag(s, true, "ok", 2);
	const void *rec = (const void *)1;
	size_t len = 99;

	put_hdr(bad, false, 2000);
	ck_assert_int_eq(pm_recmark_feed(&rm, bad, 4, &rec, &len), -EMSGSIZE);
	ck_assert(!pm_recmark_is_partial(&rm));
	ck_assert_int_eq(pm_recmark_feed(&rm, s, n, &rec, &len), -EMSGSIZE);
	ck_assert_int_eq(pm_recmark_feed(&rm, NULL, 0, &rec, &len),
			 -EMSGSIZE);
	/* Failure leaves the out-parameters alone. */
	ck_assert_ptr_eq(rec, (const void *)1);
	ck_assert_uint_eq(len, 99);
}
END_TEST

START_TEST(test_frame_round_trip)
{
	unsigned char out[64];
	const void *rec;
	size_t len;

	ck_assert_int_eq(pm_recmark_frame(out, sizeof(out), "reply", 5), 9);
	ck_assert_mem_eq(out, "\x80\x00\x00\x05reply", 9);
	ck_assert_int_eq(pm_recmark_feed(&rm, out, 9, &rec, &len), 9);
	ck_assert_uint_eq(len, 5);
	ck_assert_mem_eq(rec, "reply", 5);

	ck_assert_int_eq(pm_recmark_frame(out, 4, NULL, 0), 4);
	ck_assert_mem_eq(out, "\x80\x00\x00\x00", 4);

	/* In place: the message already sits where the body goes. */
	memcpy(out + 4, "inplace", 7);
	ck_assert_int_eq(pm_recmark_frame(out, sizeof(out), out + 4, 7), 11);
	ck_assert_mem_eq(out, "\x80\x00\x00\x07inplace", 11);
}
END_TEST

START_TEST(test_frame_too_small)
{
	unsigned char out[16];

	memset(out, 0xaa, sizeof(out));
	ck_assert_int_eq(pm_recmark_frame(out, 8, "12345", 5), -EMSGSIZE);
	ck_assert_int_eq(pm_recmark_frame(out, 3, NULL, 0), -EMSGSIZE);
	ck_assert_int_eq(pm_recmark_frame(out, 0, NULL, 0), -EMSGSIZE);
	ck_assert_int_eq(pm_recmark_frame(out, 9, "12345", 5), 9);
	/* The length limits are checked before @msg is read. */
	ck_assert_int_eq(pm_recmark_frame(out, SIZE_MAX, "x",
					  (size_t)1 << 31), -EMSGSIZE);
	ck_assert_int_eq(pm_recmark_frame(out, SIZE_MAX, "x", SIZE_MAX),
			 -EMSGSIZE);
}
END_TEST

START_TEST(test_is_partial)
{
	unsigned char s[64];
	size_t n = 0;
	const void *rec;
	size_t len;

	n += put_hdr(s + n, false, 0);
	n += put_frag(s + n, true, "xy", 2);
	ck_assert(!pm_recmark_is_partial(&rm));
	ck_assert_int_eq(pm_recmark_feed(&rm, s, 1, &rec, &len), 1);
	ck_assert(pm_recmark_is_partial(&rm));	/* half a header */
	ck_assert_int_eq(pm_recmark_feed(&rm, s + 1, 3, &rec, &len), 3);
	ck_assert(pm_recmark_is_partial(&rm));	/* empty non-last fragment */
	ck_assert_int_eq(pm_recmark_feed(&rm, s + 4, 5, &rec, &len), 5);
	ck_assert(pm_recmark_is_partial(&rm));	/* body byte missing */
	ck_assert_int_eq(pm_recmark_feed(&rm, s + 9, 1, &rec, &len), 1);
	ck_assert_ptr_nonnull(rec);
	ck_assert(!pm_recmark_is_partial(&rm));	/* delivered */
	ck_assert_int_eq(pm_recmark_feed(&rm, NULL, 0, &rec, &len), 0);
	ck_assert(!pm_recmark_is_partial(&rm));
}
END_TEST

/* done leaves a struct zeroed, from any state, as often as called. */
START_TEST(test_done_safe)
{
	static const struct pm_recmark zero;
	struct pm_recmark z = zero;
	unsigned char s[8];
	const void *rec;
	size_t len;

	pm_recmark_done(NULL);
	pm_recmark_done(&z);
	ck_assert_mem_eq(&z, &zero, sizeof(z));
	/* Half a fragment held, in an allocated buffer. */
	put_hdr(s, false, 4);
	ck_assert_int_eq(pm_recmark_feed(&rm, s, 6, &rec, &len), 6);
	ck_assert(pm_recmark_is_partial(&rm));
	pm_recmark_done(&rm);
	ck_assert_mem_eq(&rm, &zero, sizeof(rm));
	pm_recmark_done(&rm);
	ck_assert_mem_eq(&rm, &zero, sizeof(rm));
}
END_TEST

/*
 * Append a random record of random fragments to @s at *@n and its payload
 * to @want.  Returns the payload length.
 */
static size_t random_record(unsigned char *s, size_t *n, unsigned char *want)
{
	size_t nfrag = 1 + rng() % 4, total = 0, i, k;
	uint32_t flen;

	for (i = 0; i < nfrag; i++) {
		/* Mostly small fragments, some empty, a few long ones. */
		flen = rng() % 8 == 0 ? 0 : rng() % (i == 0 ? 400 : 120);
		*n += put_hdr(s + *n, i + 1 == nfrag, flen);
		for (k = 0; k < flen; k++)
			s[(*n)++] = want[total++] = rng();
	}
	return total;
}

/* Feed @s in random chunks; lengths skew small to stress boundaries. */
static void feed_random(struct sink *sk, const unsigned char *s, size_t n)
{
	size_t off = 0, c;

	while (off < n) {
		c = rng() % 2 ? 1 + rng() % 8 : rng() % (n - off + 1);
		if (c > n - off)
			c = n - off;
		ck_assert_int_eq(feed_chunk(&rm, sk, s + off, c), 0);
		off += c;
	}
}

START_TEST(test_random)
{
	static unsigned char s[STREAM_MAX], want[RECS_MAX][REC_MAX];
	static struct sink sk;
	size_t wlen[RECS_MAX], nrec, n, i;
	int iter;

	rng_state = 0x9e3779b97f4a7c15ull;
	for (iter = 0; iter < 20000; iter++) {
		nrec = 1 + rng() % 4;
		n = 0;
		for (i = 0; i < nrec; i++)
			wlen[i] = random_record(s, &n, want[i]);
		sk.n = 0;
		feed_random(&sk, s, n);
		ck_assert_uint_eq(sk.n, nrec);
		for (i = 0; i < nrec; i++) {
			ck_assert_uint_eq(sk.len[i], wlen[i]);
			ck_assert_mem_eq(sk.data[i], want[i], wlen[i]);
		}
		ck_assert(!pm_recmark_is_partial(&rm));
		/* Now and then start over, as a new connection would. */
		if (iter % 97 == 0) {
			pm_recmark_done(&rm);
			pm_recmark_init(&rm, 1024);
		}
	}
}
END_TEST

static Suite *recmark_suite(void)
{
	Suite *s = suite_create("recmark");
	TCase *tc;

	tc = tcase_create("reassembly");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_single);
	tcase_add_test(tc, test_multi_fragment);
	tcase_add_test(tc, test_several_in_one_feed);
	tcase_add_test(tc, test_byte_by_byte);
	tcase_add_test(tc, test_every_split);
	tcase_add_test(tc, test_zero_length);
	tcase_add_test(tc, test_empty_record_first);
	tcase_add_test(tc, test_is_partial);
	tcase_add_test(tc, test_done_safe);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_exactly_cap);
	tcase_add_test(tc, test_over_cap_single);
	tcase_add_test(tc, test_over_cap_fragments);
	tcase_add_test(tc, test_no_alloc_from_header);
	tcase_add_test(tc, test_sticky_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("frame");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_frame_round_trip);
	tcase_add_test(tc, test_frame_too_small);
	suite_add_tcase(s, tc);

	tc = tcase_create("random");
	tcase_add_checked_fixture(tc, setup, teardown);
	/* 20,000 rounds under ASan outlast Check's 4 s default. */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_random);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return tu_run(recmark_suite());
}
