/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rpcinfo-ns.h - the parts of rpcinfo-ns: main (admin socket, options),
 * rpcinfo-print.c (rpcinfo's output formats), rpcinfo-ping.c (calls
 * made from inside a namespace, as rpcinfo makes them) and rpcinfo-vs.c
 * (virtual servers).
 */
#ifndef RPCBINDNS_RPCINFO_NS_H
#define RPCBINDNS_RPCINFO_NS_H

#include <stdbool.h>
#include <stdint.h>
#include <rpc/rpc.h>
#include <rpc/pmap_prot.h>
#include <rpc/rpcb_prot.h>

void die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/* The connection to the daemon's admin socket (dies if there is none). */
struct pm_client *admin(void);

/* The cookie of the namespace @spec names; NULL: our own. */
uint64_t target_ns(const char *spec);

/* Move into the namespace @spec names (NULL: stay). */
void enter_ns(const char *spec);

/* A portmapper call in namespace @ns through the admin socket, answered
 * from the view of virtual server @vs (NULL: namespace-wide). */
void ns_call(uint64_t ns, const char *vs, rpcvers_t vers, rpcproc_t proc,
	     xdrproc_t xargs, void *args, xdrproc_t xres, void *res);

/* @s as a JSON string, quotes included. */
void json_string(const char *s);

/* libtirpc's xdr_void() has no arguments; xdrproc_t wants two. */
bool_t xdr_nothing(XDR *x, void *p);

/* rpcinfo's outputs; @column, when not NULL, starts every line. */
void print_pmaplist(const struct pmaplist *head, const char *column);
void print_rpcblist(const rpcblist *head, const char *column);
void print_rpcblist_short(const rpcblist *head);
void print_stats(rpcb_stat_byvers inf);
void print_addrlist(const rpcb_entry_list *head, u_long prog, u_long vers);

/* rpcinfo's argument parsing. */
u_long getprognum(const char *arg);
u_long getvers(const char *arg);

/* rpcinfo's calls from the current namespace; exit status. */
int ping_netid(const char *netid, int argc, char **argv);	/* -T */
int ping_ip(const char *proto, int argc, char **argv);		/* -u -t */
int ping_addr(const char *uaddr, const char *netid, int argc,
	      char **argv);					/* -a */
int addrlist(const char *netid, int argc, char **argv);	/* -l */
int broadcast(int argc, char **argv);				/* -b */
int remote_dump(const char *host, int type);			/* host */

/* Virtual servers, in the namespace @spec names (NULL: our own); exit
 * status. */
int vs_add(const char *spec, const char *name, const char *mark,
	   int argc, char **argv);				/* --vs-add */
int vs_del(const char *spec, const char *name);		/* --vs-del */
int vs_list(const char *spec, bool all, bool json);		/* --vs-list */

/* --all -p's table of namespace @ns: PMAP DUMP's rows with the virtual
 * server of each ("-": namespace-wide), @label in front. */
void pmap_table_with_vs(uint64_t ns, const char *label);

#define DUMP_LONG	0
#define DUMP_SHORT	1
#define DUMP_PMAP	2
#define DUMP_STATS	3

#endif
