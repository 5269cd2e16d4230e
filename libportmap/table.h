/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * table.h - internal view of the registration table, for proc.c.
 *
 * A table maps namespace ids to struct pm_ns; each namespace has its own
 * hash of registrations keyed by (vs, prog, vers, netid), a list of them
 * in registration order (DUMP order), its statistics, and those of each of
 * its VS that served a request (a list made on first use, so that a
 * namespace without VS costs nothing more).  Namespaces are created on
 * first use and live until pm_table_drop_ns().
 */
#ifndef PM_TABLE_H
#define PM_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "core.h"
#include "stats.h"

struct pm_vs_stats;

struct pm_node {
	struct pm_entry e;		/* public view; strings point below */
	struct pm_node *hnext;		/* hash chain */
	struct pm_node *prev, *next;	/* registration order */
	uint32_t hash;
	char netid[PM_NETID_MAX];
	char uaddr[PM_UADDR_MAX];
	char owner[PM_OWNER_MAX];
};

struct pm_ns {
	uint64_t id;
	struct pm_table *table;		/* its change counter and hook */
	struct pm_ns *hnext;
	struct pm_node **buckets;
	unsigned int nbuckets;		/* power of two */
	unsigned int count;
	struct pm_node *head, *tail;
	struct pm_stats stats;
	struct pm_vs_stats *vs_stats;	/* per VS, or NULL */
};

/* Which registrations of a namespace a VS's view holds. */
enum pm_scope {
	PM_SCOPE_LOOKUP,	/* what lookups in view @vs find: VS @vs's and
				 * the namespace-wide ones it does not shadow
				 * with its own of their key; view 0 finds the
				 * namespace-wide ones */
	PM_SCOPE_DUMP,		/* what DUMP lists: as LOOKUP, except that view
				 * 0 lists every VS's too */
	PM_SCOPE_OWN,		/* VS @vs's own (0: the namespace-wide ones) */
};

/*
 * The state of namespace @id; with @create, made if missing.  Returns NULL
 * if missing (without @create), at the namespace limit, or out of memory.
 */
struct pm_ns *pm_table_ns(struct pm_table *t, uint64_t id, bool create);

/* The state of namespace @id, or NULL; never creates it. */
const struct pm_ns *pm_table_ns_find(const struct pm_table *t, uint64_t id);

/* Add to @ns, as pm_table_add(). */
int pm_ns_add(struct pm_ns *ns, const struct pm_limits *lim,
	      const struct pm_entry *e);

/* Find VS @vs's own (prog, vers, netid) in @ns, or NULL; @ns may be
 * NULL. */
struct pm_node *pm_ns_find(const struct pm_ns *ns, uint32_t vs, uint32_t prog,
			   uint32_t vers, const char *netid);

/* Whether @n, an entry of @ns, is in @scope of view @vs. */
bool pm_ns_shows(const struct pm_ns *ns, const struct pm_node *n,
		 enum pm_scope scope, uint32_t vs);

/*
 * The statistics of VS @vs (not 0) in @ns; with @create, made if missing.
 * NULL if missing (without @create) or out of memory.  Freed with @ns or
 * by pm_table_drop_vs().
 */
struct pm_stats *pm_ns_vs_stats(struct pm_ns *ns, uint32_t vs, bool create);

/* Unlink and free @n, which must belong to @ns. */
void pm_ns_remove(struct pm_ns *ns, struct pm_node *n);

#endif
