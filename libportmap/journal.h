/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * journal.h - an append-only log of registration changes.
 *
 * A change is durable once its record is in the file, one write() of a
 * few hundred bytes, where a snapshot of the namespace would take a
 * rewrite and a rename.  Replaying the records written since a snapshot
 * onto that snapshot, or onto any later one, gives the table the records
 * end with: each record says what an entry became (added, removed), so
 * the last record of each key wins whatever the base it meets.  A key is
 * (namespace, VS name, prog, vers, netid): a record of a VS's entry names
 * the VS, as its id may differ in the next engine; the replayer maps each
 * name of a namespace to one id of its choosing, which keeps the rule.
 * Records without a name (all that older engines wrote) are
 * namespace-wide.
 *
 * A record: u32 magic, u32 body length, u32 FNV-1a of the body (all
 * big-endian), then the body (pm_codec_encode_change()).  A write cut
 * short by the writer's death leaves a short record at the end, which the
 * reader ignores.
 */
#ifndef PM_JOURNAL_H
#define PM_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core.h"

#define PM_JOURNAL_RECORD_MAX	256
#define PM_JOURNAL_HEADER	12

/* Fill in the header of the record at @rec, whose body of @body_len
 * bytes follows the header. */
void pm_journal_seal(uint8_t *rec, size_t body_len);

/*
 * Encode one record of an entry of VS @vs (NULL or "": namespace-wide; a
 * name as pm_codec_encode_change() takes; @e->vs is not looked at).
 * Returns its length, -EINVAL for a bad VS name, or -EMSGSIZE.
 */
int pm_journal_encode(void *out, size_t cap, uint64_t ns, const char *vs,
		      bool added, const struct pm_entry *e);

/* @vs: the record's VS name, "" namespace-wide; @e->vs is 0. */
typedef int (*pm_journal_cb_t)(uint64_t ns, const char *vs, bool added,
			       const struct pm_entry *e, void *data);

/*
 * Call @fn (if not NULL) for each whole, intact record of @in, in order,
 * until one is short or damaged.  Returns the bytes those records take
 * (the rest is to be ignored), or @fn's first negative value.
 */
long pm_journal_walk(const void *in, size_t len, pm_journal_cb_t fn,
		     void *data);

/*
 * Whether a saved entry (a journal record's, a state image's) may come
 * back: not the portmapper's own (it registers itself afresh), with a
 * known netid, an address of it and an owner that fits.
 */
bool pm_saved_entry_ok(const struct pm_entry *e);

/*
 * Replay one record onto @t, into VS @e->vs (the caller maps the record's
 * VS name to an id): add the entry where its key is free (if
 * pm_saved_entry_ok()), remove the key's entry whatever it holds.
 * Returns 0, -ENOSPC or -ENOMEM.
 */
int pm_journal_apply(struct pm_table *t, uint64_t ns, bool added,
		     const struct pm_entry *e);

#endif
