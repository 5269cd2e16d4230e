/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_admin.c - unit tests for the admin protocol's virtual server
 * procedures (rpcbindns/engine/admin.c): calls encoded and replies
 * decoded with libtirpc, against an engine with two namespaces and a
 * broker that records what it is asked.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <check.h>
#include <rpc/rpc.h>
#include <rpc/rpcb_prot.h>

#include "admin.h"
#include "admin_prot.h"
#include "daemon.h"
#include "serve.h"
#include "testutil.h"
#include "vs.h"

#define HOST_COOKIE	11
#define OTHER_COOKIE	22

static struct daemon eng;
static struct nsctx host = { .d = &eng, .cookie = HOST_COOKIE,
			     .label = "host" };
static struct nsctx other = { .d = &eng, .cookie = OTHER_COOKIE,
			      .label = "rbt-other" };

/* What the engine handed on. */
static struct {
	int asked;			/* ask_broker_vs() calls */
	enum ipc_type type;
	struct ipc_vs def;
	int answer;			/* its return value */
	uint32_t caller_vs;		/* the last request's view */
	bool committed;			/* commit() after the last request */
} seen;

static int request(struct nsctx *ns, struct pm_caller *c, const void *in,
		   size_t len, void *out, size_t cap, struct pm_rmtcall *fwd)
{
	bool changed;

	seen.caller_vs = c->vs;
	seen.committed = false;
	return serve_request(ns, c, in, len, out, cap, fwd, &changed);
}

static void commit(struct daemon *d)
{
	seen.committed = true;
}

static struct nsctx *find_ns(struct daemon *d, uint64_t cookie)
{
	return cookie == HOST_COOKIE ? &host :
	       cookie == OTHER_COOKIE ? &other : NULL;
}

static int ask_broker(struct daemon *d, enum ipc_type type,
		      const char *spec, uint64_t *ret_cookie)
{
	return -EOPNOTSUPP;
}

static int ask_broker_vs(struct daemon *d, enum ipc_type type,
			 const struct ipc_vs *def)
{
	seen.asked++;
	seen.type = type;
	seen.def = *def;
	return seen.answer;
}

static const struct handlers handlers = {
	.request = request,
	.commit = commit,
	.admin = admin_request,
	.find_ns = find_ns,
	.ask_broker = ask_broker,
	.ask_broker_vs = ask_broker_vs,
};

static void define_vs(struct nsctx *ns, uint8_t id, const char *name,
		      uint32_t mark, const char *addr)
{
	struct ipc_vs def = { .cookie = ns->cookie, .mark = mark, .id = id,
			      .n_addrs = 1 };

	strcpy(def.name, name);
	def.addrs[0].family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	ck_assert_int_eq(inet_pton(def.addrs[0].family, addr,
				   def.addrs[0].addr), 1);
	ck_assert_ptr_nonnull(vs_set(ns, &def));
}

static void setup(void)
{
	memset(&seen, 0, sizeof(seen));
	memset(&eng, 0, sizeof(eng));
	eng.on = &handlers;
	eng.opt.admin_gid = (gid_t)-1;
	eng.host = &host;
	eng.nnamespaces = 2;
	eng.table = pm_table_new(NULL);
	ck_assert_ptr_nonnull(eng.table);
	TAILQ_INIT(&eng.namespaces);
	TAILQ_INIT(&host.endpoints);
	TAILQ_INIT(&host.conns);
	TAILQ_INIT(&other.endpoints);
	TAILQ_INIT(&other.conns);
	TAILQ_INSERT_TAIL(&eng.namespaces, &host, entry);
	TAILQ_INSERT_TAIL(&eng.namespaces, &other, entry);
	/* listed by name whatever the order they came in */
	define_vs(&host, 2, "b", 0x20, "10.0.0.2");
	define_vs(&host, 1, "a", 0x10, "fd00::1");
	define_vs(&other, 1, "a", 7, "192.0.2.1");
	ck_assert_int_eq(pm_table_add_self(eng.table, HOST_COOKIE, "udp",
					   "0.0.0.0.0.111"), 0);
}

static void teardown(void)
{
	vs_free_all(&host);
	vs_free_all(&other);
	pm_table_free(eng.table);
}

/* One admin call of @proc by @uid: 0, or -EPERM when it was refused. */
static int admin_call(uid_t uid, uint32_t proc, xdrproc_t xargs, void *args,
		      xdrproc_t xres, void *res)
{
	static uint8_t in[ADMIN_RECORD_MAX];
	static char out[ADMIN_RECORD_MAX];
	struct admin_peer peer = { .known = true, .uid = uid, .gid = uid };
	struct rpc_msg reply;
	size_t len = tu_encode_call(in, sizeof(in), 77, PM_ADMIN_PROG,
				    PM_ADMIN_VERS, proc, xargs, args);
	XDR x;
	int n;

	n = admin_request(&eng, &peer, in, len, out, sizeof(out));
	ck_assert_int_gt(n, 0);
	memset(&reply, 0, sizeof(reply));
	reply.acpted_rply.ar_results.where = res;
	reply.acpted_rply.ar_results.proc = xres;
	xdrmem_create(&x, out, (u_int)n, XDR_DECODE);
	ck_assert(xdr_replymsg(&x, &reply));
	if (reply.rm_reply.rp_stat != MSG_ACCEPTED)
		return -EPERM;
	ck_assert_int_eq(reply.acpted_rply.ar_stat, SUCCESS);
	return 0;
}

static int vs_add(uint64_t cookie, const char *name, uint32_t mark,
		  const char *a1, const char *a2)
{
	char *addrs[] = { tu_mut(a1), tu_mut(a2) };
	pm_admin_vs a = { .cookie = cookie, .name = tu_mut(name),
			  .mark = mark };
	int status = 1;

	a.addrs.addrs_len = a2 ? 2 : 1;
	a.addrs.addrs_val = addrs;
	ck_assert_int_eq(admin_call(0, PM_ADMIN_VS_ADD,
				    (xdrproc_t)xdr_pm_admin_vs, &a,
				    (xdrproc_t)xdr_int, &status), 0);
	return status;
}

START_TEST(test_vs_add)
{
	seen.answer = -EEXIST;
	ck_assert_int_eq(vs_add(0, "nfs-1", 0x2a, "10.0.0.9", "fd00::9"),
			 -EEXIST);
	ck_assert_int_eq(seen.asked, 1);
	ck_assert_int_eq(seen.type, IPC_VS_ADD);
	ck_assert_uint_eq(seen.def.cookie, HOST_COOKIE);	/* 0: host */
	ck_assert_str_eq(seen.def.name, "nfs-1");
	ck_assert_uint_eq(seen.def.mark, 0x2a);
	ck_assert_uint_eq(seen.def.id, 0);
	ck_assert_uint_eq(seen.def.n_addrs, 2);
	ck_assert_int_eq(seen.def.addrs[0].family, AF_INET);
	ck_assert_mem_eq(seen.def.addrs[0].addr, "\x0a\x00\x00\x09", 4);
	ck_assert_int_eq(seen.def.addrs[1].family, AF_INET6);
	seen.answer = 0;
	ck_assert_int_eq(vs_add(OTHER_COOKIE, "b", 1, "10.0.0.9", NULL), 0);
	ck_assert_uint_eq(seen.def.cookie, OTHER_COOKIE);
	ck_assert_int_eq(seen.asked, 2);
}
END_TEST

START_TEST(test_vs_add_refused)
{
	ck_assert_int_eq(vs_add(33, "a", 1, "10.0.0.9", NULL), -ENOENT);
	ck_assert_int_eq(vs_add(0, ".a", 1, "10.0.0.9", NULL), -EINVAL);
	ck_assert_int_eq(vs_add(0, "a", 0, "10.0.0.9", NULL), -EINVAL);
	ck_assert_int_eq(vs_add(0, "a", 1, "10.0.0", NULL), -EINVAL);
	ck_assert_int_eq(vs_add(0, "a", 1, "10.0.0.9", "10.0.0.9"), -EINVAL);
	ck_assert_int_eq(seen.asked, 0);
}
END_TEST

static int vs_del(uid_t uid, uint64_t cookie, const char *name)
{
	pm_admin_vs_ref a = { .cookie = cookie, .name = tu_mut(name) };
	int status = 1, r;

	r = admin_call(uid, PM_ADMIN_VS_DEL, (xdrproc_t)xdr_pm_admin_vs_ref,
		       &a, (xdrproc_t)xdr_int, &status);
	return r < 0 ? r : status;
}

START_TEST(test_vs_del)
{
	ck_assert_int_eq(vs_del(0, OTHER_COOKIE, "a"), 0);
	ck_assert_int_eq(seen.type, IPC_VS_REMOVE);
	ck_assert_uint_eq(seen.def.cookie, OTHER_COOKIE);
	ck_assert_str_eq(seen.def.name, "a");
	ck_assert_int_eq(vs_del(0, 33, "a"), -ENOENT);
	ck_assert_int_eq(vs_del(0, 0, "a/b"), -EINVAL);
	ck_assert_int_eq(seen.asked, 1);
	/* checked like DETACH: root or the admin group only */
	ck_assert_int_eq(vs_del(1000, 0, "a"), -EPERM);
	ck_assert_int_eq(seen.asked, 1);
}
END_TEST

/* "label/name/mark/addr/registrations" of each VS that VS_LIST gives. */
static void vs_list(uint64_t cookie, char *buf, size_t size)
{
	pm_admin_vslist_ptr head = NULL, p;
	u_quad_t c = cookie;
	size_t len = 0;

	ck_assert_int_eq(admin_call(0, PM_ADMIN_VS_LIST,
				    (xdrproc_t)xdr_u_quad_t, &c,
				    (xdrproc_t)xdr_pm_admin_vslist_ptr, &head),
			 0);
	buf[0] = '\0';
	for (p = head; p; p = p->next) {
		ck_assert_uint_eq(p->vs.addrs.addrs_len, 1);
		len += (size_t)snprintf(buf + len, size - len, "%s/%s/%#x/%s/%u ",
					p->vs.label, p->vs.name, p->vs.mark,
					p->vs.addrs.addrs_val[0],
					p->vs.registrations);
	}
	xdr_free((xdrproc_t)xdr_pm_admin_vslist_ptr, (char *)&head);
}

START_TEST(test_vs_list)
{
	char buf[512];

	vs_list(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "host/a/0x10/fd00::1/0 host/b/0x20/10.0.0.2/0 "
			      "rbt-other/a/0x7/192.0.2.1/0 ");
	vs_list(OTHER_COOKIE, buf, sizeof(buf));
	ck_assert_str_eq(buf, "rbt-other/a/0x7/192.0.2.1/0 ");
	vs_list(33, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
}
END_TEST

/* A registration in VS b counts in b's row, and ENTRIES names its VS. */
START_TEST(test_vs_registrations)
{
	static const struct pm_entry in_b = {
		300001, 1, "udp", "10.0.0.2.3.233", "superuser", 2,
	};
	pm_admin_entries_res res = { 0 };
	pm_admin_entrylist_ptr p;
	u_quad_t cookie = 0;
	char buf[512];
	bool found = false;

	ck_assert_int_eq(pm_table_add(eng.table, HOST_COOKIE, &in_b), 0);
	vs_list(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "host/a/0x10/fd00::1/0 host/b/0x20/10.0.0.2/1 "
			      "rbt-other/a/0x7/192.0.2.1/0 ");
	ck_assert_int_eq(admin_call(0, PM_ADMIN_ENTRIES,
				    (xdrproc_t)xdr_u_quad_t, &cookie,
				    (xdrproc_t)xdr_pm_admin_entries_res, &res),
			 0);
	for (p = res.entries; p; p = p->next) {
		if (p->entry.prog != 300001)
			continue;
		ck_assert_str_eq(p->entry.vs, "b");
		ck_assert_str_eq(p->entry.uaddr, "10.0.0.2.3.233");
		found = true;
	}
	ck_assert(found);
	xdr_free((xdrproc_t)xdr_pm_admin_entries_res, (char *)&res);
}
END_TEST

/* A portmapper NULL call through VS_CALL in view @name of @cookie. */
static int vs_call(uint64_t cookie, const char *name)
{
	static uint8_t msg[128];
	pm_admin_vs_call_args a = { .cookie = cookie, .name = tu_mut(name) };
	pm_admin_call_res res = { 0 };

	a.msg.msg_len = (u_int)tu_encode_call(msg, sizeof(msg), 5, RPCBPROG,
					      RPCBVERS4, NULLPROC, NULL, NULL);
	a.msg.msg_val = (char *)msg;
	ck_assert_int_eq(admin_call(0, PM_ADMIN_VS_CALL,
				    (xdrproc_t)xdr_pm_admin_vs_call_args, &a,
				    (xdrproc_t)xdr_pm_admin_call_res, &res),
			 0);
	if (res.status == 0)
		ck_assert_uint_gt(res.reply.reply_len, 0);
	xdr_free((xdrproc_t)xdr_pm_admin_call_res, (char *)&res);
	return res.status;
}

START_TEST(test_vs_call)
{
	seen.caller_vs = 99;
	ck_assert_int_eq(vs_call(0, "b"), 0);
	ck_assert_uint_eq(seen.caller_vs, 2);
	ck_assert(seen.committed);	/* before the reply was encoded */
	ck_assert_int_eq(vs_call(OTHER_COOKIE, "a"), 0);
	ck_assert_uint_eq(seen.caller_vs, 1);
	seen.caller_vs = 99;
	ck_assert_int_eq(vs_call(0, "c"), -ENOENT);
	ck_assert_int_eq(vs_call(33, "a"), -ENOENT);
	ck_assert_uint_eq(seen.caller_vs, 99);	/* nothing was served */
}
END_TEST

START_TEST(test_entries)
{
	pm_admin_entries_res res = { 0 };
	pm_admin_entrylist_ptr p;
	u_quad_t cookie = 0;
	unsigned int n = 0;

	ck_assert_int_eq(admin_call(0, PM_ADMIN_ENTRIES,
				    (xdrproc_t)xdr_u_quad_t, &cookie,
				    (xdrproc_t)xdr_pm_admin_entries_res, &res),
			 0);
	ck_assert_int_eq(res.status, 0);
	/* rpcbind's own: v4, v3, v2 on udp, in that order, namespace-wide */
	for (p = res.entries; p; p = p->next, n++) {
		ck_assert_str_eq(p->entry.vs, "");
		ck_assert_uint_eq(p->entry.prog, PM_PROG);
		ck_assert_uint_eq(p->entry.vers, 4 - n);
		ck_assert_str_eq(p->entry.netid, "udp");
		ck_assert_str_eq(p->entry.uaddr, "0.0.0.0.0.111");
		ck_assert_str_eq(p->entry.owner, "superuser");
	}
	ck_assert_uint_eq(n, 3);
	xdr_free((xdrproc_t)xdr_pm_admin_entries_res, (char *)&res);
	cookie = 33;
	ck_assert_int_eq(admin_call(0, PM_ADMIN_ENTRIES,
				    (xdrproc_t)xdr_u_quad_t, &cookie,
				    (xdrproc_t)xdr_pm_admin_entries_res, &res),
			 0);
	ck_assert_int_eq(res.status, -ENOENT);
	ck_assert_ptr_null(res.entries);
}
END_TEST

static Suite *admin_suite(void)
{
	Suite *s = suite_create("admin");
	TCase *tc = tcase_create("vs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_vs_add);
	tcase_add_test(tc, test_vs_add_refused);
	tcase_add_test(tc, test_vs_del);
	tcase_add_test(tc, test_vs_list);
	tcase_add_test(tc, test_vs_registrations);
	tcase_add_test(tc, test_vs_call);
	tcase_add_test(tc, test_entries);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(admin_suite());
}
