/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * recmark.c - RPC record marking for stream transports (RFC 5531 §11).
 *
 * A peer controls every length field here, so memory follows what has
 * actually arrived, never what a header announces: a header saying "2 GiB
 * follow" costs nothing until 2 GiB are sent, and is refused outright when
 * it would pass the cap.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "recmark.h"

/* First allocation: enough for any ordinary portmapper request. */
#define RECMARK_MIN_ALLOC	256

/* Zero @rm and set its cap; allocates nothing. */
void pm_recmark_init(struct pm_recmark *rm, size_t max_record)
{
	assert(rm);
	memset(rm, 0, sizeof(*rm));
	rm->max_record = max_record;
}

/* Free the buffer and zero @rm; NULL-safe and idempotent. */
void pm_recmark_done(struct pm_recmark *rm)
{
	if (!rm)
		return;
	free(rm->buf);
	memset(rm, 0, sizeof(*rm));
}

/* True while an incomplete record is held; false after an error. */
bool pm_recmark_is_partial(const struct pm_recmark *rm)
{
	return rm->in_record && !rm->error;
}

/* Enter the sticky error state; the buffer is of no further use. */
static ssize_t fail(struct pm_recmark *rm, int err)
{
	free(rm->buf);
	rm->buf = NULL;
	rm->cap = 0;
	rm->len = 0;
	rm->in_record = false;
	rm->error = err;
	return err;
}

/*
 * Make room for @need bytes (the caller guarantees @need <= max_record).
 * Doubling keeps byte-by-byte feeding linear; the clamp to the cap keeps a
 * near-cap record from doubling past it.
 */
static int reserve(struct pm_recmark *rm, size_t need)
{
	size_t cap = rm->cap ? rm->cap : RECMARK_MIN_ALLOC;
	unsigned char *p;

	if (need <= rm->cap)
		return 0;
	while (cap < need && cap <= SIZE_MAX / 2)
		cap *= 2;
	if (cap < need)
		cap = need;
	if (cap > rm->max_record)
		cap = rm->max_record;
	p = realloc(rm->buf, cap);
	if (!p)
		return -ENOMEM;
	rm->buf = p;
	rm->cap = cap;
	return 0;
}

static uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* A zero-length last fragment completes the record without any body. */
static void finish(struct pm_recmark *rm)
{
	rm->in_record = false;
	rm->delivered = true;
}

/* Collect header bytes; on the fourth, check the length against the cap. */
static ssize_t feed_header(struct pm_recmark *rm, const unsigned char *p,
			   size_t n)
{
	size_t take = sizeof(rm->hdr) - rm->hdr_len;
	uint32_t h, frag;

	if (take > n)
		take = n;
	memcpy(rm->hdr + rm->hdr_len, p, take);
	rm->hdr_len += take;
	rm->in_record = true;
	if (rm->hdr_len < sizeof(rm->hdr))
		return take;

	rm->hdr_len = 0;
	h = get_be32(rm->hdr);
	frag = h & PM_RECMARK_LEN_MASK;
	/* rm->len <= max_record always holds, so this cannot wrap. */
	if (frag > rm->max_record - rm->len)
		return -EMSGSIZE;
	rm->frag_left = frag;
	rm->last = h & PM_RECMARK_LAST;
	if (frag == 0 && rm->last)
		finish(rm);
	return take;
}

/* Store body bytes of the current fragment, growing only by what came. */
static ssize_t feed_body(struct pm_recmark *rm, const unsigned char *p,
			 size_t n)
{
	size_t take = rm->frag_left < n ? rm->frag_left : n;
	int r;

	r = reserve(rm, rm->len + take);
	if (r < 0)
		return r;
	memcpy(rm->buf + rm->len, p, take);
	rm->len += take;
	rm->frag_left -= take;
	if (rm->frag_left == 0 && rm->last)
		finish(rm);
	return take;
}

/*
 * Consume bytes until a record completes or @data runs out.  Returns the
 * count consumed; the record, if any, is borrowed until the next call.
 * -EMSGSIZE / -ENOMEM are sticky and leave *@ret_rec, *@ret_len alone.
 */
ssize_t pm_recmark_feed(struct pm_recmark *rm, const void *data, size_t len,
			const void **ret_rec, size_t *ret_len)
{
	const unsigned char *p = data;
	size_t done = 0;
	ssize_t r;

	assert(rm && ret_rec && ret_len && (data || len == 0));
	if (rm->error)
		return rm->error;
	/* The record handed out last time is no longer borrowed. */
	if (rm->delivered) {
		rm->delivered = false;
		rm->len = 0;
	}
	/* The count must fit the return type; the caller loops for more. */
	if (len > SSIZE_MAX)
		len = SSIZE_MAX;

	/* Each step consumes at least one byte, so this terminates. */
	while (done < len && !rm->delivered) {
		if (rm->frag_left)
			r = feed_body(rm, p + done, len - done);
		else
			r = feed_header(rm, p + done, len - done);
		if (r < 0)
			return fail(rm, r);
		done += r;
	}

	if (rm->delivered) {
		/* An empty record still gets a valid, non-NULL pointer. */
		*ret_rec = rm->buf ? (const void *)rm->buf : rm->hdr;
		*ret_len = rm->len;
	} else {
		*ret_rec = NULL;
		*ret_len = 0;
	}
	return done;
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/*
 * Frame @msg as one last fragment in @out.  Returns the framed length or
 * -EMSGSIZE; @out is untouched on failure.
 */
int pm_recmark_frame(void *out, size_t out_cap, const void *msg, size_t len)
{
	unsigned char *o = out;

	assert(out && (msg || len == 0));
	/* Both limits are checked before @msg is touched. */
	if (len > PM_RECMARK_LEN_MASK ||
	    len > (size_t)INT_MAX - PM_RECMARK_HDR_LEN)
		return -EMSGSIZE;
	if (out_cap < PM_RECMARK_HDR_LEN || len > out_cap - PM_RECMARK_HDR_LEN)
		return -EMSGSIZE;
	/* memmove: @msg may already sit in @out, e.g. encoded in place. */
	if (len)
		memmove(o + PM_RECMARK_HDR_LEN, msg, len);
	put_be32(o, PM_RECMARK_LAST | (uint32_t)len);
	return PM_RECMARK_HDR_LEN + (int)len;
}
