/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rpcinfo-vs.c - rpcinfo-ns's virtual servers: define, delete and list
 * them, and the table of every namespace with the VS of each entry.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <inttypes.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc.h"
#include "portmap.h"
#include "rpcinfo-ns.h"
#include "vsdef.h"

#define LABEL_COLUMN	"%-24s"		/* as rpcinfo-print.c's */
#define VS_COLUMN	"%-16s"

int vs_add(const char *spec, const char *name, const char *mark_text,
	   int argc, char **argv)
{
	const char *const *addrs = (const char *const *)argv;
	struct ipc_vs_addr addr;
	struct ipc_vs def;
	uint32_t mark;
	int i, r;

	if (!ipc_vs_name_is_valid(name))
		die("'%s' is not a virtual server's name: 1 to %d of "
		    "A-Z a-z 0-9 . _ -, not starting with '.'", name,
		    IPC_VS_NAME_MAX - 1);
	if (!mark_text || vsdef_parse_mark(mark_text, &mark) < 0)
		die("--mark: a non-zero 32-bit number, decimal or 0x hex, "
		    "is needed");
	if (argc < 1 || argc > IPC_VS_ADDRS_MAX)
		die("1 to %d addresses are needed", IPC_VS_ADDRS_MAX);
	for (i = 0; i < argc; i++)
		if (vsdef_parse_addr(argv[i], &addr) < 0)
			die("'%s' is not a numeric IPv4 or IPv6 address",
			    argv[i]);
	if (vsdef_make(1, name, mark, addrs, (size_t)argc, &def) < 0)
		die("an address is given twice");
	r = pm_client_vs_add(admin(), target_ns(spec), name, mark, addrs,
			     (size_t)argc);
	if (r < 0)
		die("vs-add '%s': %s", name, pm_client_strerror(r));
	printf("virtual server '%s' added (mark %#" PRIx32 ")\n", name, mark);
	return 0;
}

int vs_del(const char *spec, const char *name)
{
	int r = pm_client_vs_del(admin(), target_ns(spec), name);

	if (r < 0)
		die("vs-del '%s': %s", name, pm_client_strerror(r));
	printf("virtual server '%s' deleted\n", name);
	return 0;
}

static void print_vs(const struct pm_client_vs_info *v)
{
	uint32_t i;

	printf(LABEL_COLUMN " " VS_COLUMN " %#10" PRIx32 " %13" PRIu32 " ",
	       v->label, v->name, v->mark, v->registrations);
	for (i = 0; i < v->n_addrs; i++)
		printf(i ? ",%s" : "%s", v->addrs[i]);
	printf("\n");
}

static void print_vs_json(const struct pm_client_vs_info *v, bool first)
{
	uint32_t i;

	printf("%s\n  {\"namespace\": ", first ? "" : ",");
	json_string(v->label);
	printf(", \"cookie\": %" PRIu64 ", \"vs\": ", v->cookie);
	json_string(v->name);
	printf(", \"mark\": %" PRIu32 ", \"addresses\": [", v->mark);
	for (i = 0; i < v->n_addrs; i++) {
		printf(i ? ", " : "");
		json_string(v->addrs[i]);
	}
	printf("], \"registrations\": %" PRIu32 "}", v->registrations);
}

int vs_list(const char *spec, bool all, bool json)
{
	struct pm_client_vs_info *v;
	size_t n, i;
	int r;

	r = pm_client_vs_list(admin(), all ? 0 : target_ns(spec), &v, &n);
	if (r < 0)
		die("%s", pm_client_strerror(r));
	if (json)
		printf("[");
	else
		printf(LABEL_COLUMN " " VS_COLUMN " %10s %13s %s\n",
		       "namespace", "vs", "mark", "registrations", "addresses");
	for (i = 0; i < n; i++) {
		if (json)
			print_vs_json(&v[i], i == 0);
		else
			print_vs(&v[i]);
	}
	if (json)
		printf("\n]\n");
	free(v);
	return 0;
}

/* ---- --all -p: PMAP DUMP's rows, with each one's VS ------------------- */

struct pmap_rows {
	const char *label;
	bool any;
};

/* The port of a "h1.h2.h3.h4.p1.p2" address, or -1. */
static long uaddr_port(const char *uaddr)
{
	const char *lo = strrchr(uaddr, '.'), *hi;
	unsigned int p1, p2;

	if (!lo || lo == uaddr)
		return -1;
	for (hi = lo - 1; hi > uaddr && *hi != '.'; hi--)
		;
	if (*hi != '.' || sscanf(hi, ".%u.%u", &p1, &p2) != 2 ||
	    p1 > 255 || p2 > 255)
		return -1;
	return (long)(p1 << 8 | p2);
}

static int pmap_row(const struct pm_client_entry *e, void *data)
{
	struct pmap_rows *rows = data;
	struct rpcent *rpc;

	/* PMAP v2 knows IPv4 TCP and UDP only */
	if (strcmp(e->netid, "udp") != 0 && strcmp(e->netid, "tcp") != 0)
		return 0;
	if (!rows->any)
		printf(LABEL_COLUMN VS_COLUMN
		       "   program vers proto   port  service\n",
		       "namespace", "vs");
	rows->any = true;
	rpc = getrpcbynumber((int)e->prog);
	printf(LABEL_COLUMN VS_COLUMN "%10" PRIu32 "%5" PRIu32 "%6s%7ld",
	       rows->label, e->vs[0] ? e->vs : "-", e->prog, e->vers,
	       e->netid, uaddr_port(e->uaddr));
	printf(rpc ? "  %s\n" : "\n", rpc ? rpc->r_name : "");
	return 0;
}

void pmap_table_with_vs(uint64_t ns, const char *label)
{
	struct pmap_rows rows = { .label = label };
	int r = pm_client_entries(admin(), ns, pmap_row, &rows);

	if (r < 0)
		die("%s", pm_client_strerror(r));
	if (!rows.any)
		printf("No remote programs registered.\n");
}
