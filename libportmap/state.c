/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * state.c - rpcbind-compatible warm-start images of a namespace's table.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "journal.h"
#include "netconf.h"
#include "table.h"
#include "view.h"

static int save_rpcbind(const struct pm_ns *s, uint32_t vs, void *out,
			size_t cap)
{
	struct pm_result res = { .kind = PM_RES_RPCBLIST };
	const struct pm_entry **v;
	int n = pm_view_rpcbs(s, PM_SCOPE_OWN, vs, &v), r;

	if (n < 0)
		return n;
	res.rpcbs.v = v;
	res.rpcbs.n = (size_t)n;
	r = pm_codec_encode_body(out, cap, &res);
	free(v);
	return r;
}

static int save_portmap(const struct pm_ns *s, uint32_t vs, void *out,
			size_t cap)
{
	struct pm_result res = { .kind = PM_RES_PMAPLIST };
	struct pm_mapping *v;
	int n = pm_view_pmaps(s, PM_SCOPE_OWN, vs, &v), r;

	if (n < 0)
		return n;
	res.pmaps.v = v;
	res.pmaps.n = (size_t)n;
	r = pm_codec_encode_body(out, cap, &res);
	free(v);
	return r;
}

int pm_table_save_vs(const struct pm_table *t, uint64_t ns, uint32_t vs,
		     enum pm_state_format fmt, void *out, size_t cap)
{
	const struct pm_ns *s = pm_table_ns_find(t, ns);

	return fmt == PM_STATE_RPCBIND ? save_rpcbind(s, vs, out, cap) :
					 save_portmap(s, vs, out, cap);
}

int pm_table_save(const struct pm_table *t, uint64_t ns,
		  enum pm_state_format fmt, void *out, size_t cap)
{
	return pm_table_save_vs(t, ns, 0, fmt, out, cap);
}

struct load {
	struct pm_table *t;
	uint64_t ns;
	uint32_t vs;
	int added;
};

static int load_entry(const struct pm_entry *e, void *data)
{
	struct load *l = data;
	struct pm_entry in_vs = *e;
	int r;

	if (!pm_saved_entry_ok(e))
		return 0;
	in_vs.vs = l->vs;
	r = pm_table_add(l->t, l->ns, &in_vs);
	if (r == 0)
		l->added++;
	return r == -ENOSPC || r == -ENOMEM ? r : 0;
}

int pm_table_load_vs(struct pm_table *t, uint64_t ns, uint32_t vs,
		     const void *in, size_t len)
{
	struct load l = { t, ns, vs, 0 };
	int r = pm_codec_decode_rpcblist(in, len, load_entry, &l);

	return r < 0 ? r : l.added;
}

int pm_table_load(struct pm_table *t, uint64_t ns, const void *in,
		  size_t len)
{
	return pm_table_load_vs(t, ns, 0, in, len);
}
