/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_admin.c - libFuzzer harness for the admin protocol's server side,
 * admin_request(): RPC header, admin.x argument decoding, dispatch.
 *
 * Input: [who][record].  The who byte picks the caller (root, a member of
 * the admin group, an outsider, a peer without credentials) and whether
 * -l is on; the record is one admin call as conn.c would pass it.  The
 * engine has a host namespace and no broker to ask, so ATTACH, DETACH,
 * VS_ADD and VS_DEL decode their arguments and fail with EOPNOTSUPP, and CALL reaches
 * the portmapper of the host namespace (or misses another's cookie); no
 * state is written.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>

#include "admin.h"
#include "daemon.h"
#include "fuzz.h"
#include "serve.h"

#define ADMIN_GID	4242

static struct daemon daemon;
static struct nsctx host = {
	.d = &daemon, .cookie = 1, .label = "host",
};

static int request(struct nsctx *ns, struct pm_caller *c, const void *in,
		   size_t len, void *out, size_t cap, struct pm_rmtcall *fwd)
{
	bool changed;

	return serve_request(ns, c, in, len, out, cap, fwd, &changed);
}

static void commit(struct daemon *d)
{
}

static struct nsctx *find_ns(struct daemon *d, uint64_t cookie)
{
	return cookie == host.cookie ? &host : NULL;
}

static int ask_broker(struct daemon *d, enum ipc_type type,
		      const char *spec, uint64_t *ret_cookie)
{
	return -EOPNOTSUPP;
}

static int ask_broker_vs(struct daemon *d, enum ipc_type type,
			 const struct ipc_vs *def)
{
	return -EOPNOTSUPP;
}

static const struct handlers handlers = {
	.request = request,
	.commit = commit,
	.admin = admin_request,
	.find_ns = find_ns,
	.ask_broker = ask_broker,
	.ask_broker_vs = ask_broker_vs,
};

static void make_peer(struct admin_peer *p, uint8_t who)
{
	memset(p, 0, sizeof(*p));
	p->known = (who & 3) != 3;
	p->uid = (who & 3) == 0 ? 0 : 1000;
	p->gid = 1000;
	if ((who & 3) == 1) {
		p->groups[0] = 27;
		p->groups[1] = ADMIN_GID;
		p->ngroups = 2;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	daemon.on = &handlers;
	daemon.opt.admin_gid = ADMIN_GID;
	daemon.opt.max_conns = 1024;
	daemon.opt.max_conns_per_ns = 64;
	daemon.started = 1700000000;
	daemon.host = &host;
	daemon.nnamespaces = 1;
	TAILQ_INIT(&daemon.namespaces);
	TAILQ_INIT(&host.endpoints);
	TAILQ_INIT(&host.conns);
	TAILQ_INSERT_TAIL(&daemon.namespaces, &host, entry);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[ADMIN_RECORD_MAX];
	struct admin_peer peer;

	if (size < 1)
		return 0;
	daemon.table = pm_table_new(NULL);
	if (!daemon.table)
		return 0;
	make_peer(&peer, data[0]);
	daemon.opt.log_calls = data[0] & 4;
	host.policy.insecure = data[0] & 8;
	admin_request(&daemon, &peer, data + 1, size - 1, out, sizeof(out));
	/* A reply buffer too small for some answers. */
	admin_request(&daemon, &peer, data + 1, size - 1, out, 64);
	pm_table_free(daemon.table);
	return 0;
}
