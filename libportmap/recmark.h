/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * recmark.h - RPC record marking for stream transports (RFC 5531 §11).
 *
 * On TCP and AF_LOCAL an RPC message travels as a record: one or more
 * fragments, each preceded by a 4-byte big-endian header whose top bit
 * marks the last fragment and whose low 31 bits give the fragment length.
 * This module only reassembles and frames; the caller does all I/O.
 */
#ifndef PM_RECMARK_H
#define PM_RECMARK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PM_RECMARK_HDR_LEN	4
#define PM_RECMARK_LAST		0x80000000u
#define PM_RECMARK_LEN_MASK	0x7fffffffu

/*
 * Reassembly state of one connection; embed it in the connection struct.
 * Fields are private to recmark.c.
 */
struct pm_recmark {
	size_t max_record;	/* cap on the sum of fragment lengths */
	unsigned char *buf;	/* record so far; grows with what arrived */
	size_t cap;		/* allocated size of @buf */
	size_t len;		/* bytes of the current record in @buf */
	size_t frag_left;	/* body bytes still due; 0: reading a header */
	unsigned char hdr[PM_RECMARK_HDR_LEN];
	size_t hdr_len;		/* header bytes collected so far */
	bool last;		/* the current fragment ends the record */
	bool in_record;		/* some bytes of an undelivered record seen */
	bool delivered;		/* last feed handed out the record in @buf */
	int error;		/* sticky -errno, 0 while healthy */
};

/*
 * Prepare @rm for a new connection.  Records whose fragments add up to more
 * than @max_record bytes are refused.  Allocates nothing.
 */
void pm_recmark_init(struct pm_recmark *rm, size_t max_record);

/*
 * Free the buffer of @rm and leave it zeroed.  NULL, a zeroed struct and a
 * struct already done are all allowed.
 */
void pm_recmark_done(struct pm_recmark *rm);

/*
 * Consume stream bytes from @data/@len (@data may be NULL if @len is 0).
 * Returns the number of bytes consumed (>= 0).  When a record completes,
 * consumption stops right after its last byte and *@ret_rec / *@ret_len
 * give it: borrowed from @rm, valid until the next feed or done, never
 * NULL, possibly 0 bytes long.  Otherwise *@ret_rec = NULL, *@ret_len = 0
 * and all of @len was consumed.  The caller handles the record, then feeds
 * the rest.
 *
 * Errors: -EMSGSIZE when a fragment header would take the record past the
 * cap (reported as soon as the header is complete, before any of its body
 * is stored), -ENOMEM.  Errors are sticky: the buffer is freed and every
 * later call returns the same code, so the caller closes the connection.
 * On error *@ret_rec and *@ret_len are left untouched.
 */
ssize_t pm_recmark_feed(struct pm_recmark *rm, const void *data, size_t len,
			const void **ret_rec, size_t *ret_len);

/*
 * True while part of a record (even only a header byte) has arrived and
 * the record is not yet complete; false after an error.  For idle-timeout
 * decisions.
 */
bool pm_recmark_is_partial(const struct pm_recmark *rm);

/*
 * Write @msg/@len into @out as a single last fragment: header, then bytes.
 * @msg may lie inside @out (for instance at @out + PM_RECMARK_HDR_LEN when
 * the reply was encoded in place).  Returns PM_RECMARK_HDR_LEN + @len, or
 * -EMSGSIZE when @out_cap is too small or @len cannot be framed (it must
 * be below 2^31 and the total must fit in an int).
 */
int pm_recmark_frame(void *out, size_t out_cap, const void *msg, size_t len);

#endif
