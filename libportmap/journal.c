/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * journal.c - records of registration changes (journal.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>

#include <string.h>

#include "codec.h"
#include "internal.h"
#include "journal.h"
#include "netconf.h"

#define MAGIC		0x504d4a31u	/* "PMJ1" */
#define HEADER_LEN	PM_JOURNAL_HEADER

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

void pm_journal_seal(uint8_t *rec, size_t body_len)
{
	put_be32(rec, MAGIC);
	put_be32(rec + 4, (uint32_t)body_len);
	put_be32(rec + 8, pm_fnv1a(PM_FNV1A_INIT, rec + HEADER_LEN, body_len));
}

int pm_journal_encode(void *out, size_t cap, uint64_t ns, const char *vs,
		      bool added, const struct pm_entry *e)
{
	uint8_t *p = out;
	int n;

	if (cap < HEADER_LEN)
		return -EMSGSIZE;
	n = pm_codec_encode_change(p + HEADER_LEN, cap - HEADER_LEN, ns, vs,
				   added, e);
	if (n < 0)
		return n;
	pm_journal_seal(p, (size_t)n);
	return HEADER_LEN + n;
}

long pm_journal_walk(const void *in, size_t len, pm_journal_cb_t fn,
		     void *data)
{
	const uint8_t *p = in;
	size_t pos = 0;

	while (len - pos >= HEADER_LEN) {
		const uint8_t *body = p + pos + HEADER_LEN;
		uint32_t n = get_be32(p + pos + 4);
		struct pm_change_rec c;
		int r;

		if (get_be32(p + pos) != MAGIC ||
		    n > PM_JOURNAL_RECORD_MAX - HEADER_LEN ||
		    n > len - pos - HEADER_LEN ||
		    get_be32(p + pos + 8) != pm_fnv1a(PM_FNV1A_INIT, body, n) ||
		    pm_codec_decode_change(body, n, &c) < 0)
			break;
		r = fn ? fn(c.ns, c.vs, c.added, &(struct pm_entry){
			c.prog, c.vers, c.netid, c.uaddr, c.owner, 0 }, data) : 0;
		if (r < 0)
			return r;
		pos += HEADER_LEN + n;
	}
	return (long)pos;
}

bool pm_saved_entry_ok(const struct pm_entry *e)
{
	return e->prog != PM_PROG && strlen(e->owner) < PM_OWNER_MAX &&
	       pm_netconf_is_valid_entry(e->netid, e->uaddr);
}

int pm_journal_apply(struct pm_table *t, uint64_t ns, bool added,
		     const struct pm_entry *e)
{
	int r;

	if (!added) {
		pm_table_remove(t, ns, e->vs, e->prog, e->vers, e->netid);
		return 0;
	}
	if (!pm_saved_entry_ok(e))
		return 0;
	r = pm_table_add(t, ns, e);
	/* Taken: a later snapshot already holds this key's newer value.
	 * Invalid: no table could hold it, so no record should. */
	return r == -EEXIST || r == -EINVAL ? 0 : r;
}
