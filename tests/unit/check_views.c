/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_views.c - the views of virtual servers (VS) through
 * pm_proc_dispatch(): a request's pm_caller.vs picks what it sees (its
 * VS's registrations shadowing the namespace-wide ones), where a SET or
 * UNSET acts, and which statistics it counts in and GETSTAT answers.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "internal.h"
#include "core.h"
#include "table.h"
#include "testutil.h"

#define A	TU_NS_A
#define B	TU_NS_B
#define P	400100		/* a test program */
#define VS1	1
#define VS2	2

static struct pm_table *t;
/* local callers: root in each view; remote (lookups only) in VS1 */
static struct tu_caller ns_root, vs1_root, vs2_root, vs1_remote, ns_remote;
static struct tu_reply r;

static void setup(void)
{
	t = pm_table_new(NULL);
	ck_assert_ptr_nonnull(t);
	tu_caller_ip(&ns_root, A, "udp", "127.0.0.1", 700);
	tu_caller_ip(&vs1_root, A, "udp", "127.0.0.1", 700);
	vs1_root.c.vs = VS1;
	tu_caller_ip(&vs2_root, A, "udp", "127.0.0.1", 700);
	vs2_root.c.vs = VS2;
	tu_caller_ip(&vs1_remote, A, "udp", "10.0.0.9", 700);
	vs1_remote.c.vs = VS1;
	tu_caller_ip(&ns_remote, A, "udp", "10.0.0.9", 700);
}

static void teardown(void)
{
	pm_table_free(t);
}

/* Register (@prog, @vers, @netid) at port @port in @tc's view. */
static void set(const struct tu_caller *tc, uint32_t prog, uint32_t vers,
		const char *netid, unsigned int port)
{
	char uaddr[PM_UADDR_MAX];

	snprintf(uaddr, sizeof(uaddr), "%s.%u.%u",
		 strchr(netid, '6') ? "::" : "0.0.0.0", port >> 8, port & 0xff);
	ck_assert_int_eq(tu_rpcb_set(t, tc, 4, prog, vers, netid, uaddr), 1);
}

static long getport(const struct tu_caller *tc, uint32_t prog, uint32_t vers)
{
	return tu_pmap_getport(t, tc, prog, vers, IPPROTO_UDP);
}

/* ---- lookups --------------------------------------------------------- */

/* A VS's entry shadows the namespace-wide one in its view only. */
START_TEST(test_shadowing)
{
	char uaddr[PM_UADDR_MAX];

	set(&ns_root, P, 1, "udp", 2000);
	set(&vs1_root, P, 1, "udp", 2001);
	ck_assert_int_eq(getport(&ns_remote, P, 1), 2000);
	ck_assert_int_eq(getport(&vs1_remote, P, 1), 2001);
	ck_assert_int_eq(getport(&vs2_root, P, 1), 2000);
	/* GETADDR and GETVERSADDR: the same entry, merged as ever */
	ck_assert_int_eq(tu_getaddr(t, &vs1_remote, 4, RPCBPROC_GETADDR, P, 1,
				    "", uaddr, sizeof(uaddr)), 0);
	ck_assert_str_eq(uaddr, "10.0.0.1.7.209");
	ck_assert_int_eq(tu_getaddr(t, &vs1_remote, 4, RPCBPROC_GETVERSADDR,
				    P, 1, "", uaddr, sizeof(uaddr)), 0);
	ck_assert_str_eq(uaddr, "10.0.0.1.7.209");
	ck_assert_int_eq(tu_getaddr(t, &ns_remote, 3, RPCBPROC_GETADDR, P, 1,
				    "", uaddr, sizeof(uaddr)), 0);
	ck_assert_str_eq(uaddr, "10.0.0.1.7.208");
	/* without its own entry, a VS sees the namespace-wide one */
	ck_assert_int_eq(tu_getaddr(t, &vs2_root, 4, RPCBPROC_GETVERSADDR, P,
				    1, "", uaddr, sizeof(uaddr)), 0);
	ck_assert_str_eq(uaddr, "127.0.0.1.7.208");
}
END_TEST

/* A VS never sees another VS's entries; the namespace-wide view sees
 * none of them. */
START_TEST(test_isolation_between_vs)
{
	char uaddr[PM_UADDR_MAX];

	set(&vs1_root, P, 1, "udp", 2001);
	ck_assert_int_eq(getport(&vs1_remote, P, 1), 2001);
	ck_assert_int_eq(getport(&vs2_root, P, 1), 0);
	ck_assert_int_eq(getport(&ns_root, P, 1), 0);
	ck_assert_int_eq(tu_getaddr(t, &vs2_root, 4, RPCBPROC_GETADDR, P, 1,
				    "", uaddr, sizeof(uaddr)), 0);
	ck_assert_str_eq(uaddr, "");
	/* the same key in another VS is no conflict */
	set(&vs2_root, P, 1, "udp", 2002);
	ck_assert_int_eq(getport(&vs1_remote, P, 1), 2001);
	ck_assert_int_eq(getport(&vs2_root, P, 1), 2002);
	ck_assert_int_eq(getport(&ns_root, P, 1), 0);
	/* nor in another namespace's VS of the same id */
	vs1_root.c.ns = B;
	ck_assert_int_eq(getport(&vs1_root, P, 1), 0);
}
END_TEST

/* rpcbind's any-version fallback looks at the view's entries only. */
START_TEST(test_any_version_in_view)
{
	set(&ns_root, P, 1, "udp", 2000);
	set(&vs1_root, P, 2, "udp", 2012);
	set(&vs2_root, P, 4, "udp", 2024);
	/* v3 registered nowhere: the last entry of P the view holds */
	ck_assert_int_eq(getport(&vs1_root, P, 3), 2012);
	ck_assert_int_eq(getport(&vs2_root, P, 3), 2024);
	ck_assert_int_eq(getport(&ns_root, P, 3), 2000);
	/* an exact match first, a namespace-wide one too */
	ck_assert_int_eq(getport(&vs1_root, P, 1), 2000);
	ck_assert_int_eq(getport(&vs2_root, P, 2), 2024);
}
END_TEST

static unsigned int addrlist(const struct tu_caller *tc, uint32_t prog,
			     char uaddrs[][PM_UADDR_MAX], unsigned int max)
{
	rpcb a = { prog, 1, "", "", "" };
	rpcb_entry_list_ptr list = NULL, p;
	unsigned int n = 0;

	tu_call(t, tc, 4, RPCBPROC_GETADDRLIST, (xdrproc_t)xdr_rpcb, &a, &r);
	ck_assert(tu_results(&r, (xdrproc_t)xdr_rpcb_entry_list_ptr, &list));
	for (p = list; p; p = p->rpcb_entry_next, n++) {
		ck_assert_uint_lt(n, max);
		snprintf(uaddrs[n], PM_UADDR_MAX, "%s/%s",
			 p->rpcb_entry_map.r_nc_netid,
			 p->rpcb_entry_map.r_maddr);
	}
	xdr_free((xdrproc_t)xdr_rpcb_entry_list_ptr, (char *)&list);
	return n;
}

START_TEST(test_getaddrlist_in_view)
{
	char got[4][PM_UADDR_MAX];

	set(&ns_root, P, 1, "udp", 2000);
	set(&ns_root, P, 1, "tcp", 2100);
	set(&vs1_root, P, 1, "udp", 2001);
	set(&vs2_root, P, 1, "tcp", 2102);
	ck_assert_uint_eq(addrlist(&vs1_root, P, got, 4), 2);
	ck_assert_str_eq(got[0], "tcp/127.0.0.1.8.52");
	ck_assert_str_eq(got[1], "udp/127.0.0.1.7.209");
	ck_assert_uint_eq(addrlist(&ns_root, P, got, 4), 2);
	ck_assert_str_eq(got[0], "udp/127.0.0.1.7.208");
	ck_assert_str_eq(got[1], "tcp/127.0.0.1.8.52");
	ck_assert_uint_eq(addrlist(&vs2_root, P, got, 4), 2);
	ck_assert_str_eq(got[0], "udp/127.0.0.1.7.208");
	ck_assert_str_eq(got[1], "tcp/127.0.0.1.8.54");
}
END_TEST

/* ---- DUMP -------------------------------------------------------------- */

/* Registration order: ns P, VS1 P (shadowing it), VS2 P+1, VS1 P+2,
 * ns P+3; every one on udp. */
static void register_mix(void)
{
	set(&ns_root, P, 1, "udp", 2000);
	set(&vs1_root, P, 1, "udp", 2001);
	set(&vs2_root, P + 1, 1, "udp", 2002);
	set(&vs1_root, P + 2, 1, "udp", 2003);
	set(&ns_root, P + 3, 1, "udp", 2004);
}

/* "prog - P:port" of each entry of a v3/v4 DUMP in @tc's view. */
static void rpcb_dump(const struct tu_caller *tc, uint32_t vers, char *out,
		      size_t size)
{
	rpcblist_ptr list = NULL, p;
	size_t len = 0;

	tu_call(t, tc, vers, RPCBPROC_DUMP, NULL, NULL, &r);
	ck_assert(tu_results(&r, (xdrproc_t)xdr_rpcblist_ptr, &list));
	out[0] = '\0';
	for (p = list; p; p = p->rpcb_next) {
		ck_assert_int_eq(strncmp(p->rpcb_map.r_addr, "0.0.0.0.", 8), 0);
		len += (size_t)snprintf(out + len, size - len, "%lu:%s ",
					(unsigned long)p->rpcb_map.r_prog - P,
					p->rpcb_map.r_addr + 8);
	}
	xdr_free((xdrproc_t)xdr_rpcblist_ptr, (char *)&list);
}

START_TEST(test_rpcb_dump_views)
{
	char got[256];

	register_mix();
	for (uint32_t vers = 3; vers <= 4; vers++) {
		rpcb_dump(&ns_root, vers, got, sizeof(got));
		ck_assert_str_eq(got, "0:7.208 0:7.209 1:7.210 2:7.211 "
				 "3:7.212 ");
		rpcb_dump(&vs1_remote, vers, got, sizeof(got));
		ck_assert_str_eq(got, "0:7.209 2:7.211 3:7.212 ");
		rpcb_dump(&vs2_root, vers, got, sizeof(got));
		ck_assert_str_eq(got, "0:7.208 1:7.210 3:7.212 ");
	}
}
END_TEST

static void pmap_dump(const struct tu_caller *tc, char *out, size_t size)
{
	struct pmaplist *list = NULL, *p;
	size_t len = 0;

	tu_call(t, tc, 2, PMAPPROC_DUMP, NULL, NULL, &r);
	ck_assert(tu_results(&r, (xdrproc_t)xdr_pmaplist_ptr, &list));
	out[0] = '\0';
	for (p = list; p; p = p->pml_next)
		len += (size_t)snprintf(out + len, size - len, "%lu:%lu ",
					(unsigned long)p->pml_map.pm_prog - P,
					(unsigned long)p->pml_map.pm_port);
	xdr_free((xdrproc_t)xdr_pmaplist_ptr, (char *)&list);
}

START_TEST(test_pmap_dump_views)
{
	char got[256];

	register_mix();
	set(&vs1_root, P + 4, 1, "udp6", 2005);	/* not in a v2 DUMP */
	pmap_dump(&ns_root, got, sizeof(got));
	ck_assert_str_eq(got, "0:2000 0:2001 1:2002 2:2003 3:2004 ");
	pmap_dump(&vs1_remote, got, sizeof(got));
	ck_assert_str_eq(got, "0:2001 2:2003 3:2004 ");
	pmap_dump(&vs2_root, got, sizeof(got));
	ck_assert_str_eq(got, "0:2000 1:2002 3:2004 ");
}
END_TEST

/* ---- SET and UNSET ----------------------------------------------------- */

START_TEST(test_set_conflicts_in_view_only)
{
	set(&ns_root, P, 1, "udp", 2000);
	/* another address than the namespace-wide one: a VS's own entry */
	set(&vs1_root, P, 1, "udp", 2001);
	/* a conflict with the VS's own entry only */
	ck_assert_int_eq(tu_rpcb_set(t, &vs1_root, 4, P, 1, "udp",
				     "0.0.0.0.7.215"), 0);
	ck_assert_int_eq(tu_rpcb_set(t, &vs1_root, 3, P, 1, "udp",
				     "0.0.0.0.7.209"), 1);
	ck_assert_int_eq(tu_pmap_set(t, &vs2_root, P, 1, IPPROTO_UDP, 2002), 1);
	ck_assert_int_eq(tu_pmap_set(t, &ns_root, P, 1, IPPROTO_UDP, 2009), 0);
	ck_assert_str_eq(pm_table_find(t, A, 0, P, 1, "udp")->uaddr,
			 "0.0.0.0.7.208");
	ck_assert_str_eq(pm_table_find(t, A, VS1, P, 1, "udp")->uaddr,
			 "0.0.0.0.7.209");
	ck_assert_str_eq(pm_table_find(t, A, VS2, P, 1, "udp")->uaddr,
			 "0.0.0.0.7.210");
	ck_assert_uint_eq(pm_table_count(t, A), 3);
}
END_TEST

/* UNSET removes the view's own entries: in view 0 the namespace-wide
 * ones, never a VS's. */
START_TEST(test_unset_scoped)
{
	set(&ns_root, P, 1, "udp", 2000);
	set(&ns_root, P, 1, "tcp", 2100);
	set(&vs1_root, P, 1, "udp", 2001);
	set(&vs1_root, P, 1, "tcp", 2101);
	set(&vs2_root, P, 1, "udp", 2002);

	ck_assert_int_eq(tu_rpcb_unset(t, &vs1_root, 4, P, 1, "udp"), 1);
	ck_assert_ptr_null(pm_table_find(t, A, VS1, P, 1, "udp"));
	ck_assert_ptr_nonnull(pm_table_find(t, A, VS1, P, 1, "tcp"));
	ck_assert_ptr_nonnull(pm_table_find(t, A, 0, P, 1, "udp"));
	ck_assert_ptr_nonnull(pm_table_find(t, A, VS2, P, 1, "udp"));
	/* the namespace-wide entry shows through again */
	ck_assert_int_eq(getport(&vs1_root, P, 1), 2000);

	ck_assert_int_eq(tu_pmap_unset(t, &ns_root, P, 1), 1);
	ck_assert_uint_eq(pm_table_count_vs(t, A, 0), 0);
	ck_assert_ptr_nonnull(pm_table_find(t, A, VS1, P, 1, "tcp"));
	ck_assert_ptr_nonnull(pm_table_find(t, A, VS2, P, 1, "udp"));

	ck_assert_int_eq(tu_rpcb_unset(t, &vs2_root, 3, P, 1, ""), 1);
	ck_assert_uint_eq(pm_table_count_vs(t, A, VS2), 0);
	ck_assert_uint_eq(pm_table_count(t, A), 1);
}
END_TEST

/* An UNSET's owner check looks at the view's entries only: a foreign
 * entry elsewhere does not stop it. */
START_TEST(test_unset_owner_in_view)
{
	struct tu_caller vs1_user;

	tu_caller_local(&vs1_user, A, 1000);
	vs1_user.c.vs = VS1;
	set(&ns_root, P, 1, "udp", 2000);
	ck_assert_int_eq(tu_rpcb_set(t, &vs1_user, 4, P, 1, "tcp",
				     "0.0.0.0.8.52"), 1);
	ck_assert_str_eq(pm_table_find(t, A, VS1, P, 1, "tcp")->owner, "1000");
	ck_assert_int_eq(tu_rpcb_unset(t, &vs1_user, 4, P, 1, ""), 1);
	ck_assert_uint_eq(pm_table_count_vs(t, A, VS1), 0);
	ck_assert_ptr_nonnull(pm_table_find(t, A, 0, P, 1, "udp"));
}
END_TEST

/* ---- remote calls -------------------------------------------------------- */

static void callit(struct tu_caller *tc, uint32_t prog,
		   struct pm_rmtcall *fwd)
{
	static const uint8_t args[4] = { 0, 0, 0, 1 };
	struct rpcb_rmtcallargs a = { prog, 1, 1,
				      { sizeof(args), tu_mut(args) } };
	uint8_t in[256];
	size_t n;
	XDR x;

	tc->policy.remote_calls = true;
	n = tu_encode_call(in, sizeof(in), 0x55, PM_PROG, 2, PMAPPROC_CALLIT,
			   NULL, NULL);
	xdrmem_create(&x, (char *)in + n, sizeof(in) - n, XDR_ENCODE);
	ck_assert(xdr_u_int32_t(&x, &a.prog) && xdr_u_int32_t(&x, &a.vers) &&
		  xdr_u_int32_t(&x, &a.proc) &&
		  xdr_bytes(&x, &a.args.args_val, &a.args.args_len, 64));
	memset(fwd, 0, sizeof(*fwd));
	ck_assert_int_eq(pm_proc_dispatch(t, &tc->c, in, n + xdr_getpos(&x),
					  r.buf, sizeof(r.buf), fwd), 0);
}

/* CALLIT's target is the view's entry. */
START_TEST(test_callit_target_in_view)
{
	struct pm_rmtcall fwd;

	set(&ns_root, P, 1, "udp", 2000);
	set(&vs1_root, P, 1, "udp", 2001);
	set(&vs2_root, P + 1, 1, "udp", 2002);
	callit(&vs1_root, P, &fwd);
	ck_assert_uint_eq(fwd.rpcb_vers, 2);
	ck_assert_uint_eq(fwd.port, 2001);
	callit(&vs2_root, P, &fwd);
	ck_assert_uint_eq(fwd.port, 2000);
	callit(&ns_root, P, &fwd);
	ck_assert_uint_eq(fwd.port, 2000);
	/* another VS's program: not forwarded (CALLIT stays silent) */
	callit(&vs1_root, P + 1, &fwd);
	ck_assert_uint_eq(fwd.rpcb_vers, 0);
	callit(&vs2_root, P + 1, &fwd);
	ck_assert_uint_eq(fwd.port, 2002);
}
END_TEST

/* ---- statistics -------------------------------------------------------- */

static void getstat(const struct tu_caller *tc, rpcb_stat_byvers st)
{
	tu_call(t, tc, 4, RPCBPROC_GETSTAT, NULL, NULL, &r);
	memset(st, 0, sizeof(rpcb_stat_byvers));
	ck_assert(tu_results(&r, (xdrproc_t)xdr_rpcb_stat_byvers, st));
}

START_TEST(test_getstat_per_vs)
{
	rpcb_stat_byvers st;

	set(&vs1_root, P, 1, "udp", 2001);
	ck_assert_int_eq(getport(&vs1_root, P, 1), 2001);
	ck_assert_int_eq(getport(&vs1_remote, P, 1), 2001);
	set(&ns_root, P + 1, 1, "udp", 2000);
	ck_assert_int_eq(getport(&vs2_root, P + 1, 1), 2000);

	/* VS1's own: its SET, its two lookups and this GETSTAT */
	getstat(&vs1_remote, st);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_SET], 1);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].setinfo, 1);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_GETSTAT], 1);
	ck_assert_int_eq(st[RPCBVERS_2_STAT].info[PMAPPROC_GETPORT], 2);
	ck_assert_ptr_nonnull(st[RPCBVERS_2_STAT].addrinfo);
	ck_assert_uint_eq(st[RPCBVERS_2_STAT].addrinfo->prog, P);
	ck_assert_int_eq(st[RPCBVERS_2_STAT].addrinfo->success, 2);
	ck_assert_ptr_null(st[RPCBVERS_2_STAT].addrinfo->next);
	xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)st);

	/* VS2's: its lookup and this GETSTAT */
	getstat(&vs2_root, st);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_SET], 0);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_GETSTAT], 1);
	ck_assert_int_eq(st[RPCBVERS_2_STAT].info[PMAPPROC_GETPORT], 1);
	xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)st);

	/* the namespace's: every request of every view */
	getstat(&ns_root, st);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_SET], 2);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].setinfo, 2);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_GETSTAT], 3);
	ck_assert_int_eq(st[RPCBVERS_2_STAT].info[PMAPPROC_GETPORT], 3);
	xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)st);
}
END_TEST

/* A namespace whose requests all came in view 0 has no VS statistics. */
START_TEST(test_no_vs_stats_without_vs)
{
	set(&ns_root, P, 1, "udp", 2000);
	ck_assert_int_eq(getport(&ns_remote, P, 1), 2000);
	ck_assert_ptr_null(pm_table_ns_find(t, A)->vs_stats);
	ck_assert_int_eq(getport(&vs1_remote, P, 1), 2000);
	ck_assert_ptr_nonnull(pm_table_ns_find(t, A)->vs_stats);
}
END_TEST

/* ---- dropping a VS ----------------------------------------------------- */

struct removals {
	unsigned int n;
	uint32_t vs;
};

static void count_removal(uint64_t ns, bool added, const struct pm_entry *e,
			  void *data)
{
	struct removals *rm = data;

	ck_assert(!added);
	ck_assert_uint_eq(ns, A);
	ck_assert_uint_eq(e->vs, rm->vs);
	rm->n++;
}

START_TEST(test_drop_vs)
{
	struct removals rm = { 0, VS1 };
	rpcb_stat_byvers st;

	register_mix();
	set(&vs1_root, P + 5, 1, "tcp", 2105);
	ck_assert_int_eq(getport(&vs1_remote, P, 1), 2001);
	pm_table_on_change(t, count_removal, &rm);
	ck_assert_int_eq(pm_table_drop_vs(t, A, VS1), 3);
	pm_table_on_change(t, NULL, NULL);
	ck_assert_uint_eq(rm.n, 3);
	ck_assert_uint_eq(pm_table_count_vs(t, A, VS1), 0);
	ck_assert_uint_eq(pm_table_count_vs(t, A, VS2), 1);
	ck_assert_uint_eq(pm_table_count_vs(t, A, 0), 2);
	/* its view is the namespace-wide one now, its statistics new */
	ck_assert_int_eq(getport(&vs1_remote, P, 1), 2000);
	getstat(&vs1_remote, st);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_SET], 0);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_GETSTAT], 1);
	ck_assert_int_eq(st[RPCBVERS_2_STAT].info[PMAPPROC_GETPORT], 1);
	xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)st);
	/* the namespace's statistics stay */
	getstat(&ns_root, st);
	ck_assert_int_eq(st[RPCBVERS_4_STAT].info[RPCBPROC_SET], 6);
	xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)st);

	ck_assert_int_eq(pm_table_drop_vs(t, A, VS1), 0);
	ck_assert_int_eq(pm_table_drop_vs(t, A, 0), -EINVAL);
	ck_assert_int_eq(pm_table_drop_vs(t, B, VS2), 0);
	ck_assert_uint_eq(pm_table_count_vs(t, A, VS2), 1);
}
END_TEST

static Suite *views_suite(void)
{
	Suite *s = suite_create("views");
	TCase *tc;

	tc = tu_add_tcase(s, "lookups", setup, teardown);
	tcase_add_test(tc, test_shadowing);
	tcase_add_test(tc, test_isolation_between_vs);
	tcase_add_test(tc, test_any_version_in_view);
	tcase_add_test(tc, test_getaddrlist_in_view);
	tcase_add_test(tc, test_callit_target_in_view);
	tc = tu_add_tcase(s, "dump", setup, teardown);
	tcase_add_test(tc, test_rpcb_dump_views);
	tcase_add_test(tc, test_pmap_dump_views);
	tc = tu_add_tcase(s, "changes", setup, teardown);
	tcase_add_test(tc, test_set_conflicts_in_view_only);
	tcase_add_test(tc, test_unset_scoped);
	tcase_add_test(tc, test_unset_owner_in_view);
	tc = tu_add_tcase(s, "statistics", setup, teardown);
	tcase_add_test(tc, test_getstat_per_vs);
	tcase_add_test(tc, test_no_vs_stats_without_vs);
	tc = tu_add_tcase(s, "drop", setup, teardown);
	tcase_add_test(tc, test_drop_vs);
	return s;
}

int main(void)
{
	return tu_run(views_suite());
}
