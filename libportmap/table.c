/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * table.c - registrations per namespace, hashed by (vs, prog, vers, netid).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "table.h"

#define NS_BUCKETS_MIN		16u
#define TABLE_BUCKETS_MIN	64u

struct pm_table {
	struct pm_limits lim;
	struct pm_ns **buckets;
	unsigned int nbuckets;		/* power of two */
	unsigned int count;
	uint64_t generation;		/* bumped by every add and remove */
	pm_change_cb_t on_change;
	void *on_change_data;
};

/* A VS's statistics; a namespace has a handful of VS at most. */
struct pm_vs_stats {
	struct pm_vs_stats *next;
	uint32_t vs;
	struct pm_stats stats;
};

/* The key is small and peers do not choose the netid freely. */
static uint32_t entry_hash(uint32_t vs, uint32_t prog, uint32_t vers,
			   const char *netid)
{
	uint32_t h = PM_FNV1A_INIT;

	h = pm_fnv1a(h, &vs, sizeof(vs));
	h = pm_fnv1a(h, &prog, sizeof(prog));
	h = pm_fnv1a(h, &vers, sizeof(vers));
	return pm_fnv1a(h, netid, strlen(netid));
}

static unsigned int ns_slot(uint64_t id, unsigned int nbuckets)
{
	/* Cookies are sequential: mix before masking. */
	id *= 0x9e3779b97f4a7c15ull;
	return (unsigned int)(id >> 32) & (nbuckets - 1);
}

struct pm_table *pm_table_new(const struct pm_limits *lim)
{
	struct pm_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->lim.namespaces = PM_LIMITS_DEFAULT_NAMESPACES;
	t->lim.entries_per_ns = PM_LIMITS_DEFAULT_ENTRIES;
	t->lim.stat_entries = PM_LIMITS_DEFAULT_STAT_ENTRIES;
	if (lim)
		t->lim = *lim;
	t->nbuckets = TABLE_BUCKETS_MIN;
	t->buckets = calloc(t->nbuckets, sizeof(*t->buckets));
	if (!t->buckets) {
		free(t);
		return NULL;
	}
	return t;
}

static void vs_stats_free(struct pm_vs_stats *v)
{
	pm_stats_clear(&v->stats);
	free(v);
}

static void ns_free(struct pm_ns *ns)
{
	while (ns->head)
		pm_ns_remove(ns, ns->head);
	pm_stats_clear(&ns->stats);
	while (ns->vs_stats) {
		struct pm_vs_stats *v = ns->vs_stats;

		ns->vs_stats = v->next;
		vs_stats_free(v);
	}
	free(ns->buckets);
	free(ns);
}

void pm_table_free(struct pm_table *t)
{
	unsigned int i;

	if (!t)
		return;
	for (i = 0; i < t->nbuckets; i++) {
		while (t->buckets[i]) {
			struct pm_ns *ns = t->buckets[i];

			t->buckets[i] = ns->hnext;
			ns_free(ns);
		}
	}
	free(t->buckets);
	free(t);
}

const struct pm_limits *pm_table_limits(const struct pm_table *t)
{
	return &t->lim;
}

/* Double the namespace hash; on allocation failure keep the old one. */
static void table_grow(struct pm_table *t)
{
	unsigned int n = t->nbuckets * 2, i;
	struct pm_ns **b = calloc(n, sizeof(*b));

	if (!b)
		return;
	for (i = 0; i < t->nbuckets; i++) {
		while (t->buckets[i]) {
			struct pm_ns *ns = t->buckets[i];
			unsigned int slot = ns_slot(ns->id, n);

			t->buckets[i] = ns->hnext;
			ns->hnext = b[slot];
			b[slot] = ns;
		}
	}
	free(t->buckets);
	t->buckets = b;
	t->nbuckets = n;
}

static struct pm_ns *ns_new(struct pm_table *t, uint64_t id)
{
	struct pm_ns *ns = calloc(1, sizeof(*ns));

	if (!ns)
		return NULL;
	ns->id = id;
	ns->table = t;
	ns->nbuckets = NS_BUCKETS_MIN;
	ns->buckets = calloc(ns->nbuckets, sizeof(*ns->buckets));
	if (!ns->buckets) {
		free(ns);
		return NULL;
	}
	return ns;
}

struct pm_ns *pm_table_ns(struct pm_table *t, uint64_t id, bool create)
{
	unsigned int slot = ns_slot(id, t->nbuckets);
	struct pm_ns *ns;

	for (ns = t->buckets[slot]; ns; ns = ns->hnext)
		if (ns->id == id)
			return ns;
	if (!create || t->count >= t->lim.namespaces)
		return NULL;
	ns = ns_new(t, id);
	if (!ns)
		return NULL;
	if (t->count >= t->nbuckets)
		table_grow(t);
	slot = ns_slot(id, t->nbuckets);
	ns->hnext = t->buckets[slot];
	t->buckets[slot] = ns;
	t->count++;
	return ns;
}

/* pm_table_ns() for read-only callers: never creates. */
static struct pm_ns *ns_lookup(const struct pm_table *t, uint64_t id)
{
	struct pm_ns *ns;

	for (ns = t->buckets[ns_slot(id, t->nbuckets)]; ns; ns = ns->hnext)
		if (ns->id == id)
			return ns;
	return NULL;
}

void pm_table_on_change(struct pm_table *t, pm_change_cb_t fn, void *data)
{
	t->on_change = fn;
	t->on_change_data = data;
}

static void changed(struct pm_ns *ns, bool added, const struct pm_node *n)
{
	struct pm_table *t = ns->table;

	t->generation++;
	if (t->on_change)
		t->on_change(ns->id, added, &n->e, t->on_change_data);
}

uint64_t pm_table_generation(const struct pm_table *t)
{
	return t->generation;
}

const struct pm_ns *pm_table_ns_find(const struct pm_table *t, uint64_t id)
{
	return ns_lookup(t, id);
}

int pm_table_drop_ns(struct pm_table *t, uint64_t id)
{
	struct pm_ns **pp = &t->buckets[ns_slot(id, t->nbuckets)];

	for (; *pp; pp = &(*pp)->hnext) {
		struct pm_ns *ns = *pp;

		if (ns->id != id)
			continue;
		*pp = ns->hnext;
		t->count--;
		ns_free(ns);
		return 0;
	}
	return -ENOENT;
}

struct pm_node *pm_ns_find(const struct pm_ns *ns, uint32_t vs, uint32_t prog,
			   uint32_t vers, const char *netid)
{
	uint32_t h;
	struct pm_node *n;

	if (!ns)
		return NULL;
	h = entry_hash(vs, prog, vers, netid);
	for (n = ns->buckets[h & (ns->nbuckets - 1)]; n; n = n->hnext)
		if (n->hash == h && n->e.vs == vs && n->e.prog == prog &&
		    n->e.vers == vers && strcmp(n->netid, netid) == 0)
			return n;
	return NULL;
}

bool pm_ns_shows(const struct pm_ns *ns, const struct pm_node *n,
		 enum pm_scope scope, uint32_t vs)
{
	if (n->e.vs == vs)
		return true;
	switch (scope) {
	case PM_SCOPE_OWN:
		return false;
	case PM_SCOPE_DUMP:
		if (vs == 0)
			return true;
		break;
	case PM_SCOPE_LOOKUP:
		break;
	}
	/* seen from a VS: a namespace-wide entry it has none of its own for */
	return n->e.vs == 0 &&
	       !pm_ns_find(ns, vs, n->e.prog, n->e.vers, n->netid);
}

struct pm_stats *pm_ns_vs_stats(struct pm_ns *ns, uint32_t vs, bool create)
{
	struct pm_vs_stats *v;

	for (v = ns->vs_stats; v; v = v->next)
		if (v->vs == vs)
			return &v->stats;
	if (!create)
		return NULL;
	v = calloc(1, sizeof(*v));
	if (!v)
		return NULL;
	v->vs = vs;
	v->next = ns->vs_stats;
	ns->vs_stats = v;
	return &v->stats;
}

static void ns_grow(struct pm_ns *ns)
{
	unsigned int n = ns->nbuckets * 2;
	struct pm_node **b = calloc(n, sizeof(*b));
	struct pm_node *node;

	if (!b)
		return;
	for (node = ns->head; node; node = node->next) {
		node->hnext = b[node->hash & (n - 1)];
		b[node->hash & (n - 1)] = node;
	}
	free(ns->buckets);
	ns->buckets = b;
	ns->nbuckets = n;
}

static bool copy_field(char *dst, size_t size, const char *src)
{
	size_t len = src ? strlen(src) : 0;

	if (len == 0 || len >= size)
		return false;
	memcpy(dst, src, len + 1);
	return true;
}

static struct pm_node *node_new(const struct pm_entry *e)
{
	struct pm_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	if (!copy_field(n->netid, sizeof(n->netid), e->netid) ||
	    !copy_field(n->uaddr, sizeof(n->uaddr), e->uaddr) ||
	    !copy_field(n->owner, sizeof(n->owner), e->owner)) {
		free(n);
		return NULL;
	}
	n->e.prog = e->prog;
	n->e.vers = e->vers;
	n->e.netid = n->netid;
	n->e.uaddr = n->uaddr;
	n->e.owner = n->owner;
	n->e.vs = e->vs;
	n->hash = entry_hash(e->vs, e->prog, e->vers, n->netid);
	return n;
}

static bool entry_fits(const struct pm_entry *e)
{
	return e->netid && e->uaddr && e->owner &&
	       e->netid[0] && strlen(e->netid) < PM_NETID_MAX &&
	       e->uaddr[0] && strlen(e->uaddr) < PM_UADDR_MAX &&
	       e->owner[0] && strlen(e->owner) < PM_OWNER_MAX;
}

int pm_ns_add(struct pm_ns *ns, const struct pm_limits *lim,
	      const struct pm_entry *e)
{
	struct pm_node *n;

	if (!entry_fits(e))
		return -EINVAL;
	if (pm_ns_find(ns, e->vs, e->prog, e->vers, e->netid))
		return -EEXIST;
	if (ns->count >= lim->entries_per_ns)
		return -ENOSPC;
	n = node_new(e);
	if (!n)
		return -ENOMEM;
	if (ns->count >= ns->nbuckets)
		ns_grow(ns);
	n->hnext = ns->buckets[n->hash & (ns->nbuckets - 1)];
	ns->buckets[n->hash & (ns->nbuckets - 1)] = n;
	n->prev = ns->tail;
	if (ns->tail)
		ns->tail->next = n;
	else
		ns->head = n;
	ns->tail = n;
	ns->count++;
	changed(ns, true, n);
	return 0;
}

void pm_ns_remove(struct pm_ns *ns, struct pm_node *n)
{
	struct pm_node **pp = &ns->buckets[n->hash & (ns->nbuckets - 1)];

	while (*pp != n)
		pp = &(*pp)->hnext;
	*pp = n->hnext;
	if (n->prev)
		n->prev->next = n->next;
	else
		ns->head = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		ns->tail = n->prev;
	ns->count--;
	changed(ns, false, n);
	free(n);
}

int pm_table_add(struct pm_table *t, uint64_t ns, const struct pm_entry *e)
{
	struct pm_ns *s;

	if (!entry_fits(e))
		return -EINVAL;
	s = pm_table_ns(t, ns, true);
	if (!s)
		return t->count >= t->lim.namespaces ? -ENOSPC : -ENOMEM;
	return pm_ns_add(s, &t->lim, e);
}

const struct pm_entry *pm_table_find(const struct pm_table *t, uint64_t ns,
				     uint32_t vs, uint32_t prog, uint32_t vers,
				     const char *netid)
{
	struct pm_node *n = pm_ns_find(ns_lookup(t, ns), vs, prog, vers,
				       netid);

	return n ? &n->e : NULL;
}

int pm_table_remove(struct pm_table *t, uint64_t ns, uint32_t vs,
		    uint32_t prog, uint32_t vers, const char *netid)
{
	struct pm_ns *s = ns_lookup(t, ns);
	struct pm_node *n = pm_ns_find(s, vs, prog, vers, netid);

	if (!n)
		return -ENOENT;
	pm_ns_remove(s, n);
	return 0;
}

unsigned int pm_table_count(const struct pm_table *t, uint64_t ns)
{
	struct pm_ns *s = ns_lookup(t, ns);

	return s ? s->count : 0;
}

unsigned int pm_table_count_vs(const struct pm_table *t, uint64_t ns,
			       uint32_t vs)
{
	struct pm_ns *s = ns_lookup(t, ns);
	const struct pm_node *n;
	unsigned int count = 0;

	for (n = s ? s->head : NULL; n; n = n->next)
		count += n->e.vs == vs;
	return count;
}

int pm_table_drop_vs(struct pm_table *t, uint64_t ns, uint32_t vs)
{
	struct pm_ns *s = ns_lookup(t, ns);
	struct pm_vs_stats **pp;
	struct pm_node *n, *next;
	int removed = 0;

	if (vs == 0)
		return -EINVAL;
	if (!s)
		return 0;
	for (n = s->head; n; n = next) {
		next = n->next;
		if (n->e.vs != vs)
			continue;
		pm_ns_remove(s, n);
		removed++;
	}
	for (pp = &s->vs_stats; *pp; pp = &(*pp)->next) {
		struct pm_vs_stats *v = *pp;

		if (v->vs == vs) {
			*pp = v->next;
			vs_stats_free(v);
			break;
		}
	}
	return removed;
}

int pm_table_foreach(const struct pm_table *t, uint64_t ns, pm_entry_cb_t fn,
		     void *data)
{
	struct pm_ns *s = ns_lookup(t, ns);
	struct pm_node *n;
	int r;

	for (n = s ? s->head : NULL; n; n = n->next) {
		r = fn(&n->e, data);
		if (r)
			return r;
	}
	return 0;
}

int pm_table_add_self(struct pm_table *t, uint64_t ns, const char *netid,
		      const char *uaddr)
{
	static const uint32_t versions[] = {
		PM_VERS_RPCB4, PM_VERS_RPCB3, PM_VERS_PMAP,
	};
	bool has_v2;
	size_t i, n;
	int r;

	if (!netid)
		return -EINVAL;
	has_v2 = strcmp(netid, "udp") == 0 || strcmp(netid, "tcp") == 0;
	n = has_v2 ? 3 : 2;

	for (i = 0; i < n; i++) {
		struct pm_entry e = {
			.prog = PM_PROG, .vers = versions[i], .netid = netid,
			.uaddr = uaddr, .owner = "superuser",
		};

		r = pm_table_add(t, ns, &e);
		if (r < 0)
			goto err_remove;
	}
	return 0;

err_remove:
	while (i--)
		pm_table_remove(t, ns, 0, PM_PROG, versions[i], netid);
	return r;
}
