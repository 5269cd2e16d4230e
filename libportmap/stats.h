/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stats.h - per-namespace GETSTAT counters (rpcb_stat_byvers of RFC 1833).
 *
 * One struct pm_stats per namespace, embedded in it.  The lookup and
 * remote-call lists are capped (rpcbind's grow without bound): a key that
 * does not fit is not counted.  Newest keys come first, as in rpcbind.
 */
#ifndef PM_STATS_H
#define PM_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "core.h"

#define PM_STAT_PROCS		13	/* RPCBSTAT_HIGHPROC */
#define PM_STAT_VERSIONS	3	/* index 0: v2, 1: v3, 2: v4 */

struct pm_stat_addr {
	struct pm_stat_addr *next;
	uint32_t prog, vers;
	int32_t success, failure;
	char netid[PM_NETID_MAX];
};

struct pm_stat_rmt {
	struct pm_stat_rmt *next;
	uint32_t prog, vers, proc;
	int32_t success, failure;
	int32_t indirect;
	char netid[PM_NETID_MAX];
};

struct pm_stat_vers {
	int32_t info[PM_STAT_PROCS];
	int32_t setinfo, unsetinfo;
	struct pm_stat_addr *addr;
	struct pm_stat_rmt *rmt;
	unsigned int n_addr, n_rmt;
};

struct pm_stats {
	struct pm_stat_vers v[PM_STAT_VERSIONS];
};

/* Free the lists of @s and zero it.  A zeroed struct needs no init. */
void pm_stats_clear(struct pm_stats *s);

/* Count a call of procedure @proc of portmapper version @vers. */
void pm_stats_count_proc(struct pm_stats *s, uint32_t vers, uint32_t proc);

/* Count a successful SET or UNSET. */
void pm_stats_count_set(struct pm_stats *s, uint32_t vers);
void pm_stats_count_unset(struct pm_stats *s, uint32_t vers);

/*
 * Count a lookup (GETPORT, GETADDR, GETVERSADDR, GETADDRLIST) of
 * (prog, pvers) on @netid.  A new key is added only while the list holds
 * fewer than @cap keys; an existing key always counts (@cap 0: only
 * existing keys count).
 */
void pm_stats_count_lookup(struct pm_stats *s, unsigned int cap, uint32_t vers,
			   uint32_t prog, uint32_t pvers, const char *netid,
			   bool success);

/* Count a remote call (CALLIT, BCAST, INDIRECT) to (prog, pvers, proc);
 * @cap as for pm_stats_count_lookup(). */
void pm_stats_count_rmtcall(struct pm_stats *s, unsigned int cap,
			    uint32_t vers, uint32_t prog, uint32_t pvers,
			    uint32_t proc, const char *netid, bool success);

#endif
