/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stats.c - per-namespace GETSTAT counters.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

/* Peers drive these counters: saturate rather than overflow. */
static void bump(int32_t *counter)
{
	if (*counter < INT32_MAX)
		(*counter)++;
}

static struct pm_stat_vers *vers_stats(struct pm_stats *s, uint32_t vers)
{
	if (vers < PM_VERS_PMAP || vers > PM_VERS_RPCB4)
		return NULL;
	return &s->v[vers - PM_VERS_PMAP];
}

void pm_stats_clear(struct pm_stats *s)
{
	unsigned int i;

	for (i = 0; i < PM_STAT_VERSIONS; i++) {
		while (s->v[i].addr) {
			struct pm_stat_addr *a = s->v[i].addr;

			s->v[i].addr = a->next;
			free(a);
		}
		while (s->v[i].rmt) {
			struct pm_stat_rmt *r = s->v[i].rmt;

			s->v[i].rmt = r->next;
			free(r);
		}
	}
	memset(s, 0, sizeof(*s));
}

void pm_stats_count_proc(struct pm_stats *s, uint32_t vers, uint32_t proc)
{
	struct pm_stat_vers *v = vers_stats(s, vers);

	if (v && proc < PM_STAT_PROCS)
		bump(&v->info[proc]);
}

void pm_stats_count_set(struct pm_stats *s, uint32_t vers)
{
	struct pm_stat_vers *v = vers_stats(s, vers);

	if (v)
		bump(&v->setinfo);
}

void pm_stats_count_unset(struct pm_stats *s, uint32_t vers)
{
	struct pm_stat_vers *v = vers_stats(s, vers);

	if (v)
		bump(&v->unsetinfo);
}

static struct pm_stat_addr *find_addr(struct pm_stat_vers *v, uint32_t prog,
				      uint32_t pvers, const char *netid)
{
	struct pm_stat_addr *a;

	for (a = v->addr; a; a = a->next)
		if (a->prog == prog && a->vers == pvers &&
		    strcmp(a->netid, netid) == 0)
			return a;
	return NULL;
}

void pm_stats_count_lookup(struct pm_stats *s, unsigned int cap, uint32_t vers,
			   uint32_t prog, uint32_t pvers, const char *netid,
			   bool success)
{
	struct pm_stat_vers *v = vers_stats(s, vers);
	struct pm_stat_addr *a;

	if (!v || strlen(netid) >= PM_NETID_MAX)
		return;
	a = find_addr(v, prog, pvers, netid);
	if (!a) {
		if (v->n_addr >= cap)
			return;
		a = calloc(1, sizeof(*a));
		if (!a)
			return;
		a->prog = prog;
		a->vers = pvers;
		strcpy(a->netid, netid);
		a->next = v->addr;
		v->addr = a;
		v->n_addr++;
	}
	if (success)
		bump(&a->success);
	else
		bump(&a->failure);
}

static struct pm_stat_rmt *find_rmt(struct pm_stat_vers *v, uint32_t prog,
				    uint32_t pvers, uint32_t proc,
				    const char *netid)
{
	struct pm_stat_rmt *r;

	for (r = v->rmt; r; r = r->next)
		if (r->prog == prog && r->vers == pvers && r->proc == proc &&
		    strcmp(r->netid, netid) == 0)
			return r;
	return NULL;
}

void pm_stats_count_rmtcall(struct pm_stats *s, unsigned int cap,
			    uint32_t vers, uint32_t prog, uint32_t pvers,
			    uint32_t proc, const char *netid, bool success)
{
	struct pm_stat_vers *v = vers_stats(s, vers);
	struct pm_stat_rmt *r;

	if (!v || strlen(netid) >= PM_NETID_MAX)
		return;
	r = find_rmt(v, prog, pvers, proc, netid);
	if (!r) {
		if (v->n_rmt >= cap)
			return;
		r = calloc(1, sizeof(*r));
		if (!r)
			return;
		r->prog = prog;
		r->vers = pvers;
		r->proc = proc;
		strcpy(r->netid, netid);
		r->next = v->rmt;
		v->rmt = r;
		v->n_rmt++;
	}
	if (success)
		bump(&r->success);
	else
		bump(&r->failure);
	/* rpcbind counts every remote call here, CALLIT and BCAST too. */
	bump(&r->indirect);
}
