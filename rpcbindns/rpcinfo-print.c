/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rpcinfo-print.c - rpcinfo's output formats, byte for byte.
 *
 * Widths and headers follow what Debian's rpcinfo (rpcbind 1.2.6) prints;
 * the integration tests compare the two on the same daemon.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netconfig.h>

#include "rpcinfo-ns.h"

#define TABSTOP		8
#define FIELD_MAX	64
#define LINE_MAX_LEN	256
#define NETIDS_MAX	256

static const char *service(u_long prog)
{
	struct rpcent *rpc = getrpcbynumber((int)prog);

	return rpc ? rpc->r_name : NULL;
}

static void column(const char *c)
{
	if (c)
		printf("%-24s", c);
}

void print_pmaplist(const struct pmaplist *head, const char *col)
{
	const char *name;

	if (!head) {
		printf("No remote programs registered.\n");
		return;
	}
	column(col ? "namespace" : NULL);
	printf("   program vers proto   port  service\n");
	for (; head; head = head->pml_next) {
		column(col);
		printf("%10ld%5ld", head->pml_map.pm_prog,
		       head->pml_map.pm_vers);
		if (head->pml_map.pm_prot == IPPROTO_UDP)
			printf("%6s", "udp");
		else if (head->pml_map.pm_prot == IPPROTO_TCP)
			printf("%6s", "tcp");
		else
			printf("%6ld", head->pml_map.pm_prot);
		printf("%7ld", head->pml_map.pm_port);
		name = service(head->pml_map.pm_prog);
		printf(name ? "  %s\n" : "\n", name);
	}
}

void print_rpcblist(const rpcblist *head, const char *col)
{
	const char *name;

	if (!head) {
		printf("No remote programs registered.\n");
		return;
	}
	column(col ? "namespace" : NULL);
	printf("   program version netid     address                service"
	       "    owner\n");
	for (; head; head = head->rpcb_next) {
		column(col);
		printf("%10u%5u    ", (unsigned)head->rpcb_map.r_prog,
		       (unsigned)head->rpcb_map.r_vers);
		printf("%-9s ", head->rpcb_map.r_netid);
		printf("%-22s", head->rpcb_map.r_addr);
		name = service(head->rpcb_map.r_prog);
		printf(" %-10s", name ? name : "-");
		printf(" %s\n", head->rpcb_map.r_owner);
	}
}

/* rpcinfo -s: one line per program, versions and netids newest first. */
struct prog_summary {
	u_long prog;
	const char *owner;
	u_long vers[64];
	size_t nvers;
	const char *netids[32];
	size_t nnetids;
};

static void summary_add(struct prog_summary *s, const rpcb *m)
{
	size_t i;

	for (i = 0; i < s->nvers && s->vers[i] != m->r_vers; i++)
		;
	if (i == s->nvers && s->nvers < 64)
		s->vers[s->nvers++] = m->r_vers;
	for (i = 0; i < s->nnetids && strcmp(s->netids[i], m->r_netid); i++)
		;
	if (i == s->nnetids && s->nnetids < 32)
		s->netids[s->nnetids++] = m->r_netid;
}

static void summary_print(const struct prog_summary *s)
{
	char buf[NETIDS_MAX] = "";
	const char *name;
	size_t i;
	int l = 0;

	printf("%10ld  ", s->prog);
	for (i = s->nvers; i-- > 0;)
		l += printf(i ? "%lu," : "%lu", s->vers[i]);
	if (l < 10)
		printf("%*s", 10 - l, " ");
	else
		printf(" ");
	for (i = s->nnetids; i-- > 0;) {
		strncat(buf, s->netids[i], sizeof(buf) - strlen(buf) - 1);
		if (i)
			strncat(buf, ",", sizeof(buf) - strlen(buf) - 1);
	}
	printf("%-32s", buf);
	name = service(s->prog);
	printf(" %-11s", name ? name : "-");
	printf(" %s\n", s->owner);
}

void print_rpcblist_short(const rpcblist *head)
{
	struct prog_summary *v = NULL;
	size_t n = 0, i;
	const rpcblist *p;

	if (!head) {
		printf("No remote programs registered.\n");
		return;
	}
	for (p = head; p; p = p->rpcb_next) {
		for (i = 0; i < n && v[i].prog != p->rpcb_map.r_prog; i++)
			;
		if (i == n) {
			v = realloc(v, ++n * sizeof(*v));
			if (!v)
				die("out of memory");
			memset(&v[i], 0, sizeof(v[i]));
			v[i].prog = p->rpcb_map.r_prog;
			v[i].owner = p->rpcb_map.r_owner;
		}
		summary_add(&v[i], &p->rpcb_map);
	}
	printf("   program version(s) netid(s)                         service"
	       "     owner\n");
	for (i = 0; i < n; i++)
		summary_print(&v[i]);
	free(v);
}

/* ---- rpcinfo -m ------------------------------------------------------ */

static const char *spaces(int n)
{
	static const char blanks[] = "                                "
				     "                                ";

	if (n < 0)
		n = 0;
	if (n > (int)sizeof(blanks) - 1)
		n = (int)sizeof(blanks) - 1;
	return blanks + sizeof(blanks) - 1 - n;
}

static int sum_addr_success(const rpcb_stat *s)
{
	const rpcbs_addrlist *a;
	int n = 0;

	for (a = s->addrinfo; a; a = a->next)
		n += a->success;
	return n;
}

static int sum_rmt_success(const rpcb_stat *s)
{
	const rpcbs_rmtcalllist *r;
	int n = 0;

	for (r = s->rmtinfo; r; r = r->next)
		n += r->success;
	return n;
}

/* One header cell and its value cell, aligned on tab stops. */
static void cell(const char *hdr, const char *value, char **lp)
{
	int flen = (int)strlen(value);
	int width = TABSTOP * (1 + flen / TABSTOP);

	printf("%s%s", hdr, spaces(width - (int)strlen(hdr)));
	*lp += sprintf(*lp, "%s%s", value, spaces(width - flen));
}

/* The value of procedure @i: "successes/calls" for SET, UNSET, the
 * lookup (@lookup) and CALLIT, the call count for the others. */
static void value(const rpcb_stat *s, int i, int lookup, int calls,
		  char *buf)
{
	if (i == 1)
		buf += sprintf(buf, "%d/", s->setinfo);
	else if (i == 2)
		buf += sprintf(buf, "%d/", s->unsetinfo);
	else if (i == lookup)
		buf += sprintf(buf, "%d/", sum_addr_success(s));
	else if (i == 5)
		buf += sprintf(buf, "%d/", sum_rmt_success(s));
	sprintf(buf, "%d", calls);
}

static void proc_row(const rpcb_stat *s, const char *const *hdr, int from,
		     int to, int lookup, int extra)
{
	char line[LINE_MAX_LEN] = "", field[FIELD_MAX], *lp = line;
	int i;

	for (i = from; i <= to; i++) {
		int calls = s->info[i] + (i == lookup ? extra : 0);

		value(s, i, lookup, calls, field);
		cell(hdr[i], field, &lp);
	}
	printf("\n%s\n", line);
}

static void print_rmtcallstat(int vers_index, const rpcb_stat *s)
{
	const rpcbs_rmtcalllist *r;
	const char *name;

	if (vers_index == RPCBVERS_4_STAT)
		printf("prog\t\tvers\tproc\tnetid\tindirect success failure\n");
	else
		printf("prog\t\tvers\tproc\tnetid\tsuccess\tfailure\n");
	for (r = s->rmtinfo; r; r = r->next) {
		name = service(r->prog);
		if (name)
			printf("%-16s", name);
		else
			printf("%-16d", (int)r->prog);
		printf("%d\t%d\t%s\t", (int)r->vers, (int)r->proc, r->netid);
		if (vers_index == RPCBVERS_4_STAT)
			printf("%d\t ", r->indirect);
		printf("%d\t%d\n", r->success, r->failure);
	}
}

static void print_getaddrstat(const rpcb_stat *s)
{
	const rpcbs_addrlist *a;
	const char *name;

	printf("prog\t\tvers\tnetid\t  success\tfailure\n");
	for (a = s->addrinfo; a; a = a->next) {
		name = service(a->prog);
		if (name)
			printf("%-16s", name);
		else
			printf("%-16d", (int)a->prog);
		printf("%d\t%s\t  %-12d\t%d\n", (int)a->vers, a->netid,
		       a->success, a->failure);
	}
}

static void print_v2_v3(const rpcb_stat *s, int v)
{
	static const char *const pmap[] = {
		"NULL", "SET", "UNSET", "GETPORT", "DUMP", "CALLIT",
	};
	static const char *const rpcb3[] = {
		"NULL", "SET", "UNSET", "GETADDR", "DUMP", "CALLIT", "TIME",
		"U2T", "T2U",
	};

	printf(v == 2 ? "PORTMAP (version 2) statistics\n" :
			"RPCBIND (version 3) statistics\n");
	proc_row(s, v == 2 ? pmap : rpcb3, 0, v == 2 ? 5 : 8, 3, 0);
	printf("\n");
	if (s->info[5]) {
		printf(v == 2 ? "PMAP_RMTCALL call statistics\n" :
				"RPCB_RMTCALL (version 3) call statistics\n");
		print_rmtcallstat(v - 2, s);
		printf("\n");
	}
	if (s->info[3]) {
		printf(v == 2 ? "PMAP_GETPORT call statistics\n" :
				"RPCB_GETADDR (version 3) call statistics\n");
		print_getaddrstat(s);
		printf("\n");
	}
}

void print_stats(rpcb_stat_byvers inf)
{
	static const char *const rpcb4[] = {
		"NULL", "SET", "UNSET", "GETADDR", "DUMP", "CALLIT", "TIME",
		"U2T", "T2U", "VERADDR", "INDRECT", "GETLIST", "GETSTAT",
	};
	const rpcb_stat *s = &inf[RPCBVERS_4_STAT];

	print_v2_v3(&inf[RPCBVERS_2_STAT], 2);
	print_v2_v3(&inf[RPCBVERS_3_STAT], 3);
	printf("RPCBIND (version 4) statistics\n");
	/* rpcbind counts GETADDRLIST successes with GETADDR */
	proc_row(s, rpcb4, 0, 8, 3, s->info[RPCBPROC_GETADDRLIST]);
	proc_row(s, rpcb4, 9, 12, 3, 0);
	if (s->info[RPCBPROC_CALLIT] || s->info[RPCBPROC_INDIRECT]) {
		printf("\nRPCB_RMTCALL (version 4) call statistics\n");
		print_rmtcallstat(RPCBVERS_4_STAT, s);
	}
	if (s->info[RPCBPROC_GETADDR]) {
		printf("\nRPCB_GETADDR (version 4) call statistics\n");
		print_getaddrstat(s);
	}
}

void print_addrlist(const rpcb_entry_list *head, u_long prog, u_long vers)
{
	char buf[128];
	const char *name;

	if (!head) {
		printf("No remote programs registered.\n");
		return;
	}
	printf("   program vers  tp_family/name/class    address\t\t  "
	       "service\n");
	for (; head; head = head->rpcb_entry_next) {
		const rpcb_entry *re = &head->rpcb_entry_map;

		printf("%10u%3u    ", (unsigned)prog, (unsigned)vers);
		snprintf(buf, sizeof(buf), "%s/%s/%s ", re->r_nc_protofmly,
			 re->r_nc_proto,
			 re->r_nc_semantics == NC_TPI_CLTS ? "clts" :
			 re->r_nc_semantics == NC_TPI_COTS ? "cots" :
			 "cots_ord");
		printf("%-24s", buf);
		printf("%-24s", re->r_maddr);
		name = service(prog);
		printf(" %-13s", name ? name : "-");
		printf("\n");
	}
}
