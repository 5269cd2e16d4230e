/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_recmark.c - libFuzzer harness for record-mark reassembly.
 *
 * Input: [cap][splits][stream].  The stream is fed to pm_recmark_feed()
 * in chunks whose sizes come from the splits byte (a small PRNG seed), as
 * a connection's reads would cut it; every record handed out is checked
 * against a plain reassembly of the same stream, and framed back.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>

#include "fuzz.h"
#include "recmark.h"

#define FRAME_MAX	(PM_RECMARK_HDR_LEN + 4096)

static const size_t caps[] = { 0, 1, 4, 40, 9000, 65536 };

/* The chunk sizes of one run: xorshift over the splits byte. */
static size_t next_chunk(uint32_t *state, size_t left)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return left ? 1 + *state % (left < 64 ? left : 64) : 0;
}

/* The first record of @p/@len by the RFC, without pm_recmark: its length
 * (-1 if incomplete or over @cap) into @rec. */
static long oracle(const uint8_t *p, size_t len, size_t cap, uint8_t *rec)
{
	size_t off = 0, n = 0;

	for (;;) {
		uint32_t h;
		size_t flen;

		if (len - off < PM_RECMARK_HDR_LEN)
			return -1;
		h = (uint32_t)p[off] << 24 | (uint32_t)p[off + 1] << 16 |
		    (uint32_t)p[off + 2] << 8 | p[off + 3];
		flen = h & PM_RECMARK_LEN_MASK;
		off += PM_RECMARK_HDR_LEN;
		if (flen > cap - n)
			return -1;
		if (len - off < flen)
			return -1;
		memcpy(rec + n, p + off, flen);
		n += flen;
		off += flen;
		if (h & PM_RECMARK_LAST)
			return (long)n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t frame[FRAME_MAX];
	struct pm_recmark rm;
	uint32_t state;
	size_t cap, off;
	uint8_t *expect;
	bool first = true;

	if (size < 2)
		return 0;
	cap = caps[data[0] % (sizeof(caps) / sizeof(caps[0]))];
	state = 0x9e3779b9u ^ data[1];
	data += 2;
	size -= 2;
	expect = malloc(size + 1);
	if (!expect)
		return 0;
	pm_recmark_init(&rm, cap);
	for (off = 0; off < size;) {
		size_t chunk = next_chunk(&state, size - off);
		const void *rec;
		size_t rec_len;
		ssize_t n = pm_recmark_feed(&rm, data + off, chunk, &rec,
					    &rec_len);

		if (n < 0)
			break;
		if ((size_t)n > chunk)
			abort();
		off += (size_t)n;
		if (!rec)
			continue;
		/* The first record must be what the RFC says it is. */
		if (first && (oracle(data, size, cap, expect) != (long)rec_len ||
			      memcmp(expect, rec, rec_len) != 0))
			abort();
		first = false;
		if (rec_len <= FRAME_MAX - PM_RECMARK_HDR_LEN &&
		    pm_recmark_frame(frame, sizeof(frame), rec, rec_len) !=
		    (int)(PM_RECMARK_HDR_LEN + rec_len))
			abort();
	}
	pm_recmark_is_partial(&rm);
	pm_recmark_done(&rm);
	free(expect);
	return 0;
}
