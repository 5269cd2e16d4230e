/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc.c - procedure semantics of PMAP v2 and RPCBIND v3/v4.
 *
 * pm_proc_dispatch() decodes the call header, applies the RPC-level
 * checks, counts the call and runs the procedure from a table per version.
 * Each procedure decodes its arguments, consults the policy and the
 * caller's namespace and fills the reply buffer.  A request that arrived
 * on a virtual server's address (pm_caller.vs) sees that VS's view: its
 * registrations shadowing the namespace-wide ones (table.h's scopes), its
 * own statistics besides the namespace's.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/un.h>

#include "codec.h"
#include "internal.h"
#include "netconf.h"
#include "policy.h"
#include "table.h"
#include "uaddr.h"
#include "view.h"

#define PMAPPROC_CALLIT		5
#define RPCBPROC_INDIRECT	10

struct req {
	struct pm_table *t;
	const struct pm_caller *c;
	const struct pm_netconf *nc;	/* receiving transport */
	struct pm_ns *ns;
	uint32_t view;			/* the caller's VS, 0: namespace-wide */
	struct pm_stats *vs_stats;	/* the view's, NULL for view 0 or
					 * out of memory */
	struct pm_call call;
	void *out;
	size_t cap;
	struct pm_rmtcall *fwd;
};

typedef int (*proc_fn)(struct req *r);

static int reply_error(struct req *r, enum pm_accept_stat stat)
{
	return pm_codec_encode_error(r->out, r->cap, r->call.xid, stat, 0, 0);
}

/* A result that does not fit (a UDP DUMP of a huge table) is a
 * SYSTEM_ERR, as in rpcbind. */
static int reply(struct req *r, const struct pm_result *res)
{
	int n = pm_codec_encode_success(r->out, r->cap, r->call.xid, res);

	return n == -EMSGSIZE ? reply_error(r, PM_SYSTEM_ERR) : n;
}

static int reply_uint(struct req *r, uint32_t v)
{
	struct pm_result res = { .kind = PM_RES_UINT, .u = v };

	return reply(r, &res);
}

static int reply_string(struct req *r, const char *s)
{
	struct pm_result res = { .kind = PM_RES_STRING, .str = s };

	return reply(r, &res);
}

static int reply_denied(struct req *r)
{
	return pm_codec_encode_auth_error(r->out, r->cap, r->call.xid,
					  PM_AUTH_TOOWEAK);
}

static int proc_null(struct req *r)
{
	struct pm_result res = { .kind = PM_RES_VOID };

	return reply(r, &res);
}

/* ---- statistics ------------------------------------------------------ */

/* Where a request counts: its namespace's statistics and, in a VS's view,
 * that VS's too. */
static unsigned int counted_in(struct req *r, struct pm_stats *ret[2])
{
	ret[0] = &r->ns->stats;
	ret[1] = r->vs_stats;
	return r->vs_stats ? 2 : 1;
}

static void count_proc(struct req *r)
{
	struct pm_stats *s[2];
	unsigned int i, n = counted_in(r, s);

	for (i = 0; i < n; i++)
		pm_stats_count_proc(s[i], r->call.vers, r->call.proc);
}

static void count_set(struct req *r)
{
	struct pm_stats *s[2];
	unsigned int i, n = counted_in(r, s);

	for (i = 0; i < n; i++)
		pm_stats_count_set(s[i], r->call.vers);
}

static void count_unset(struct req *r)
{
	struct pm_stats *s[2];
	unsigned int i, n = counted_in(r, s);

	for (i = 0; i < n; i++)
		pm_stats_count_unset(s[i], r->call.vers);
}

/*
 * Only local callers add statistics keys; a non-local caller's lookup or
 * remote call counts into a key a local caller made, else only into the
 * per-procedure counters.  Otherwise any host could grow the GETSTAT
 * reply it is sent, up to the UDP limit, with a few hundred requests.
 */
static unsigned int stat_cap(const struct req *r)
{
	return pm_policy_is_local(r->c) ?
	       pm_table_limits(r->t)->stat_entries : 0;
}

static void count_lookup(struct req *r, uint32_t vers, uint32_t prog,
			 uint32_t pvers, const char *netid, bool success)
{
	struct pm_stats *s[2];
	unsigned int i, n = counted_in(r, s);

	for (i = 0; i < n; i++)
		pm_stats_count_lookup(s[i], stat_cap(r), vers, prog, pvers,
				      netid, success);
}

static void count_rmtcall(struct req *r, uint32_t prog, uint32_t pvers,
			  uint32_t proc, bool success)
{
	struct pm_stats *s[2];
	unsigned int i, n = counted_in(r, s);

	for (i = 0; i < n; i++)
		pm_stats_count_rmtcall(s[i], stat_cap(r), r->call.vers, prog,
				       pvers, proc, r->nc->netid, success);
}

/* ---- registration ---------------------------------------------------- */

/* SET semantics shared by v2 and v3/v4: an identical entry is success, a
 * conflicting one failure; the portmapper's own entries are not for
 * clients.  A SET registers in the caller's view: a VS's entry may shadow
 * a namespace-wide one, never conflict with it. */
static bool do_set(struct req *r, uint32_t prog, uint32_t vers,
		   const char *netid, const char *uaddr)
{
	char owner[PM_OWNER_MAX];
	struct pm_entry e = {
		.prog = prog, .vers = vers, .netid = netid, .uaddr = uaddr,
		.owner = owner, .vs = r->view,
	};
	const struct pm_node *n;

	if (prog == PM_PROG)
		return false;
	n = pm_ns_find(r->ns, r->view, prog, vers, netid);
	if (n && strcmp(n->uaddr, uaddr) != 0)
		return false;
	if (!n) {
		pm_policy_owner(r->c, owner);
		if (pm_ns_add(r->ns, pm_table_limits(r->t), &e) < 0)
			return false;
	}
	/* Every SET answered TRUE counts, a repeated one too, as in rpcbind. */
	count_set(r);
	return true;
}

static bool netid_in(const char *netid, const char *const *netids)
{
	for (; *netids; netids++)
		if (strcmp(netid, *netids) == 0)
			return true;
	return false;
}

/* Should an UNSET of (prog, vers) over @netids (NULL: all) in view @view
 * remove @n?  Only the view's own entries: in view 0 the namespace-wide
 * ones. */
static bool unset_matches(const struct pm_node *n, uint32_t view,
			  uint32_t prog, uint32_t vers,
			  const char *const *netids)
{
	return n->e.vs == view && n->e.prog == prog && n->e.vers == vers &&
	       (!netids || netid_in(n->netid, netids));
}

/*
 * UNSET is all or nothing: if the caller may not remove one of the
 * matching entries, none is removed (rpcbind removes up to the first
 * foreign one).  Nothing to remove is success, as in rpcbind.
 */
static bool do_unset(struct req *r, uint32_t prog, uint32_t vers,
		     const char *const *netids)
{
	char owner[PM_OWNER_MAX];
	struct pm_node *n, *next;

	if (prog == PM_PROG)
		return false;
	pm_policy_owner(r->c, owner);
	for (n = r->ns->head; n; n = n->next)
		if (unset_matches(n, r->view, prog, vers, netids) &&
		    !pm_policy_may_unset(owner, n->owner))
			return false;
	for (n = r->ns->head; n; n = next) {
		next = n->next;
		if (unset_matches(n, r->view, prog, vers, netids))
			pm_ns_remove(r->ns, n);
	}
	count_unset(r);
	return true;
}

/* @src cut to @size and with anything but printable ASCII as '?': it
 * came from the network and is bound for a log. */
static void copy_printable(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; src && src[i] && i + 1 < size; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[i] = '\0';
}

/* Tell the caller, if it asks, what this SET or UNSET is about. */
static void note_change(struct req *r, enum pm_change_kind kind,
			uint32_t prog, uint32_t vers, const char *netid,
			const char *uaddr)
{
	struct pm_change *ch = r->c->change;

	if (!ch)
		return;
	ch->kind = kind;
	ch->rpcb_vers = r->call.vers;
	ch->prog = prog;
	ch->vers = vers;
	copy_printable(ch->netid, sizeof(ch->netid), netid);
	copy_printable(ch->uaddr, sizeof(ch->uaddr), uaddr);
}

/* The answer to a SET or UNSET, and its outcome for the caller. */
static int reply_change(struct req *r, bool done)
{
	if (r->c->change)
		r->c->change->done = done;
	return reply_uint(r, done);
}

static int proc_rpcb_set(struct req *r)
{
	struct pm_rpcb_args a;

	if (pm_codec_decode_rpcb(r->call.args, r->call.args_len, &a) < 0)
		return reply_error(r, PM_GARBAGE_ARGS);
	note_change(r, PM_CHANGE_SET, a.prog, a.vers, a.netid, a.uaddr);
	if (!pm_policy_may_change(r->c))
		return reply_denied(r);
	if (!pm_netconf_is_valid_entry(a.netid, a.uaddr))
		return reply_change(r, false);
	return reply_change(r, do_set(r, a.prog, a.vers, a.netid, a.uaddr));
}

static int proc_rpcb_unset(struct req *r)
{
	const char *netids[] = { NULL, NULL };
	struct pm_rpcb_args a;

	if (pm_codec_decode_rpcb(r->call.args, r->call.args_len, &a) < 0)
		return reply_error(r, PM_GARBAGE_ARGS);
	note_change(r, PM_CHANGE_UNSET, a.prog, a.vers, a.netid, NULL);
	if (!pm_policy_may_change(r->c))
		return reply_denied(r);
	netids[0] = a.netid;
	return reply_change(r, do_unset(r, a.prog, a.vers,
					a.netid[0] ? netids : NULL));
}

static int proc_pmap_set(struct req *r)
{
	char uaddr[PM_UADDR_MAX];
	struct pm_pmap_args a;
	const char *netid;

	if (pm_codec_decode_pmap(r->call.args, r->call.args_len, &a) < 0)
		return reply_error(r, PM_GARBAGE_ARGS);
	netid = pm_netconf_ipproto_netid(a.prot);
	snprintf(uaddr, sizeof(uaddr), "0.0.0.0.%u.%u", a.port >> 8 & 0xff,
		 a.port & 0xff);
	note_change(r, PM_CHANGE_SET, a.prog, a.vers, netid, uaddr);
	if (!pm_policy_may_change(r->c))
		return reply_denied(r);
	if (!netid || a.port == 0 || a.port > UINT16_MAX)
		return reply_change(r, false);
	return reply_change(r, do_set(r, a.prog, a.vers, netid, uaddr));
}

/* v2 UNSET removes the tcp and udp entries; prot and port are ignored. */
static int proc_pmap_unset(struct req *r)
{
	static const char *const v2_netids[] = { "tcp", "udp", NULL };
	struct pm_pmap_args a;

	if (pm_codec_decode_pmap(r->call.args, r->call.args_len, &a) < 0)
		return reply_error(r, PM_GARBAGE_ARGS);
	note_change(r, PM_CHANGE_UNSET, a.prog, a.vers, NULL, NULL);
	if (!pm_policy_may_change(r->c))
		return reply_denied(r);
	return reply_change(r, do_unset(r, a.prog, a.vers, v2_netids));
}

/* ---- lookups --------------------------------------------------------- */

/* Whether the caller's view holds @n. */
static bool in_view(const struct req *r, const struct pm_node *n)
{
	return pm_ns_shows(r->ns, n, PM_SCOPE_LOOKUP, r->view);
}

/*
 * (prog, vers) on @netid in the caller's view (a VS's own entry, else the
 * namespace-wide one); with @any_vers, failing that the last entry of
 * @prog on @netid in the view in registration order (rpcbind's
 * find_service()).
 */
static const struct pm_node *lookup(const struct req *r, uint32_t prog,
				    uint32_t vers, const char *netid,
				    bool any_vers)
{
	const struct pm_node *n = pm_ns_find(r->ns, r->view, prog, vers,
					     netid), *hit;

	if (!n && r->view)
		n = pm_ns_find(r->ns, 0, prog, vers, netid);
	if (n || !any_vers)
		return n;
	hit = NULL;
	for (n = r->ns->head; n; n = n->next)
		if (n->e.prog == prog && strcmp(n->netid, netid) == 0 &&
		    in_view(r, n))
			hit = n;
	return hit;
}

static int proc_pmap_getport(struct req *r)
{
	const struct pm_node *n = NULL;
	struct pm_pmap_args a;
	const char *netid;
	int port = 0;

	if (pm_codec_decode_pmap(r->call.args, r->call.args_len, &a) < 0)
		return reply_error(r, PM_GARBAGE_ARGS);
	netid = pm_netconf_ipproto_netid(a.prot);
	if (netid)
		n = lookup(r, a.prog, a.vers, netid, true);
	if (n)
		port = pm_uaddr_port(n->uaddr, PM_FAMILY_INET);
	if (port < 0)
		port = 0;
	if (netid)
		count_lookup(r, PM_VERS_PMAP, a.prog, a.vers, netid, port != 0);
	return reply_uint(r, (uint32_t)port);
}

/*
 * The address a client should use for @n: the registered one merged with
 * the client's view.  The client is the request's hint when it parses in
 * the transport's family, otherwise the peer.
 */
static void merged_uaddr(const struct req *r, const struct pm_node *n,
			 const char *hint, char *buf, size_t size)
{
	const struct pm_netconf *nc = pm_netconf_find(n->netid);
	const struct sockaddr *client = r->c->peer;
	socklen_t client_len = r->c->peer_len;
	struct sockaddr_storage ss;
	socklen_t len;

	if (hint && hint[0] &&
	    pm_uaddr_parse(hint, r->nc->family, &ss, &len) == 0) {
		client = (const struct sockaddr *)&ss;
		client_len = len;
	}
	if (pm_uaddr_merge(n->uaddr, nc->family, client, client_len,
			   r->c->local, r->c->local_len, r->c->ifaddrs,
			   r->c->n_ifaddrs, buf, size) < 0)
		snprintf(buf, size, "%s", n->uaddr);
}

static int getaddr(struct req *r, bool any_vers)
{
	char uaddr[PM_UADDR_MAX] = "";
	const struct pm_node *n;
	struct pm_rpcb_args a;

	if (pm_codec_decode_rpcb(r->call.args, r->call.args_len, &a) < 0)
		return reply_error(r, PM_GARBAGE_ARGS);
	/* Answer for the transport the request came on, not a.netid:
	 * clients rely on it. */
	n = lookup(r, a.prog, a.vers, r->nc->netid, any_vers);
	if (n)
		merged_uaddr(r, n, a.uaddr, uaddr, sizeof(uaddr));
	count_lookup(r, r->call.vers, a.prog, a.vers, r->nc->netid, n != NULL);
	return reply_string(r, uaddr);
}

static int proc_getaddr(struct req *r)
{
	return getaddr(r, true);
}

static int proc_getversaddr(struct req *r)
{
	return getaddr(r, false);
}

static int proc_pmap_dump(struct req *r)
{
	struct pm_result res = { .kind = PM_RES_PMAPLIST };
	struct pm_mapping *v;
	int n = pm_view_pmaps(r->ns, PM_SCOPE_DUMP, r->view, &v), ret;

	if (n < 0)
		return reply_error(r, PM_SYSTEM_ERR);
	res.pmaps.v = v;
	res.pmaps.n = (size_t)n;
	ret = reply(r, &res);
	free(v);
	return ret;
}

static int proc_rpcb_dump(struct req *r)
{
	struct pm_result res = { .kind = PM_RES_RPCBLIST };
	const struct pm_entry **v;
	int n = pm_view_rpcbs(r->ns, PM_SCOPE_DUMP, r->view, &v), ret;

	if (n < 0)
		return reply_error(r, PM_SYSTEM_ERR);
	res.rpcbs.v = v;
	res.rpcbs.n = (size_t)n;
	ret = reply(r, &res);
	free(v);
	return ret;
}

struct addrlist_item {
	struct pm_addr_item item;
	char uaddr[PM_UADDR_MAX];
};

static int proc_getaddrlist(struct req *r)
{
	struct pm_result res = { .kind = PM_RES_ADDRLIST };
	struct addrlist_item *v;
	struct pm_addr_item *items;
	struct pm_rpcb_args a;
	const struct pm_node *n;
	size_t i = 0, k;
	int ret;

	if (pm_codec_decode_rpcb(r->call.args, r->call.args_len, &a) < 0)
		return reply_error(r, PM_GARBAGE_ARGS);
	v = calloc(r->ns->count + 1, sizeof(*v));
	items = calloc(r->ns->count + 1, sizeof(*items));
	if (!v || !items) {
		ret = reply_error(r, PM_SYSTEM_ERR);
		goto out;
	}
	for (n = r->ns->head; n; n = n->next) {
		const struct pm_netconf *nc = pm_netconf_find(n->netid);

		if (n->e.prog != a.prog || n->e.vers != a.vers || !nc ||
		    strcmp(nc->protofmly, r->nc->protofmly) != 0 ||
		    !in_view(r, n))
			continue;
		merged_uaddr(r, n, a.uaddr, v[i].uaddr, sizeof(v[i].uaddr));
		v[i].item = (struct pm_addr_item) {
			.netid = n->netid, .semantics = nc->semantics,
			.protofmly = nc->protofmly, .proto = nc->proto,
		};
		i++;
	}
	for (k = 0; k < i; k++) {
		items[k] = v[k].item;
		items[k].uaddr = v[k].uaddr;
	}
	count_lookup(r, r->call.vers, a.prog, a.vers, r->nc->netid, i > 0);
	res.addrs.v = items;
	res.addrs.n = i;
	ret = reply(r, &res);
out:
	free(items);
	free(v);
	return ret;
}

/* In a VS's view, the VS's statistics (none if they could not be
 * made). */
static int proc_getstat(struct req *r)
{
	struct pm_stats none = { 0 };
	struct pm_result res = { .kind = PM_RES_STATS,
				 .stats = &r->ns->stats };

	if (r->view)
		res.stats = r->vs_stats ? r->vs_stats : &none;
	return reply(r, &res);
}

static int proc_gettime(struct req *r)
{
	return reply_uint(r, (uint32_t)r->c->now);
}

/* ---- address conversion ---------------------------------------------- */

/* The sockaddr length libtirpc puts in a netbuf for each family. */
static socklen_t taddr_len(enum pm_family fam)
{
	switch (fam) {
	case PM_FAMILY_INET:
		return sizeof(struct sockaddr_in);
	case PM_FAMILY_INET6:
		return sizeof(struct sockaddr_in6);
	case PM_FAMILY_LOCAL:
		return sizeof(struct sockaddr_un);
	}
	return 0;
}

static int proc_uaddr2taddr(struct req *r)
{
	struct pm_result res = { .kind = PM_RES_NETBUF };
	char uaddr[PM_WIRE_STRING_MAX + 1];
	struct sockaddr_storage ss;
	socklen_t len;

	if (pm_codec_decode_string(r->call.args, r->call.args_len, uaddr,
				   sizeof(uaddr)) < 0)
		return reply_error(r, PM_GARBAGE_ARGS);
	memset(&ss, 0, sizeof(ss));
	if (pm_uaddr_parse(uaddr, r->nc->family, &ss, &len) == 0) {
		res.netbuf.buf = &ss;
		res.netbuf.len = res.netbuf.maxlen = taddr_len(r->nc->family);
	}
	return reply(r, &res);
}

static int proc_taddr2uaddr(struct req *r)
{
	char uaddr[PM_UADDR_MAX] = "";
	struct sockaddr_storage ss;
	uint32_t len;

	memset(&ss, 0, sizeof(ss));
	if (pm_codec_decode_netbuf(r->call.args, r->call.args_len, &ss,
				   sizeof(ss), &len) < 0)
		return reply_error(r, PM_GARBAGE_ARGS);
	/* Read the bytes as an address of the receiving transport's family,
	 * like libtirpc's taddr2uaddr(); too short is a failure. */
	if (len >= taddr_len(r->nc->family)) {
		static const sa_family_t families[] = {
			[PM_FAMILY_INET] = AF_INET,
			[PM_FAMILY_INET6] = AF_INET6,
			[PM_FAMILY_LOCAL] = AF_UNIX,
		};

		ss.ss_family = families[r->nc->family];
		if (pm_uaddr_format((struct sockaddr *)&ss, len, uaddr,
				    sizeof(uaddr)) < 0)
			uaddr[0] = '\0';
	}
	return reply_string(r, uaddr);
}

/* ---- remote calls ---------------------------------------------------- */

static bool is_indirect(const struct req *r)
{
	return r->call.vers == PM_VERS_RPCB4 &&
	       r->call.proc == RPCBPROC_INDIRECT;
}

/* CALLIT and BCAST never answer errors; INDIRECT does. */
static int rmtcall_fail(struct req *r, enum pm_accept_stat stat)
{
	return is_indirect(r) ? reply_error(r, stat) : 0;
}

/* Lowest and highest version of @prog on @netid in the caller's view, for
 * PROG_MISMATCH. */
static void version_range(const struct req *r, uint32_t prog,
			  const char *netid, uint32_t *low, uint32_t *high)
{
	const struct pm_node *n;

	*low = UINT32_MAX;
	*high = 0;
	for (n = r->ns->head; n; n = n->next) {
		if (n->e.prog != prog || strcmp(n->netid, netid) != 0 ||
		    !in_view(r, n))
			continue;
		if (n->e.vers < *low)
			*low = n->e.vers;
		if (n->e.vers > *high)
			*high = n->e.vers;
	}
}

static int rmtcall_mismatch(struct req *r, uint32_t prog)
{
	uint32_t low, high;

	if (!is_indirect(r))
		return 0;
	version_range(r, prog, r->nc->netid, &low, &high);
	return pm_codec_encode_error(r->out, r->cap, r->call.xid,
				     PM_PROG_MISMATCH, low, high);
}

static void fill_rmtcall(struct req *r, const struct pm_rmtcall_args *a,
			 const struct pm_node *n)
{
	struct pm_rmtcall *f = r->fwd;

	f->xid = r->call.xid;
	f->rpcb_vers = r->call.vers;
	f->rpcb_proc = r->call.proc;
	f->prog = a->prog;
	f->vers = a->vers;
	f->proc = a->proc;
	f->port = (uint16_t)pm_uaddr_port(n->uaddr, r->nc->family);
	snprintf(f->netid, sizeof(f->netid), "%s", n->netid);
	merged_uaddr(r, n, NULL, f->uaddr, sizeof(f->uaddr));
	f->cred_flavor = r->call.cred_flavor;
	f->cred_len = r->call.cred_len;
	memcpy(f->cred, r->call.cred, r->call.cred_len);
	f->args_len = a->args_len;
	memcpy(f->args, a->args, a->args_len);
}

/*
 * CALLIT, BCAST and INDIRECT, in rpcbind's order of checks: datagram
 * transports only (INDIRECT over a stream gets SYSTEM_ERR, where rpcbind
 * stays silent), deny-list, lookup on the receiving netid, statistics
 * (only when forwarding is enabled), then forwarding if it is enabled and
 * the credential can be passed on.
 */
static int proc_rmtcall(struct req *r)
{
	const struct pm_policy *p = r->c->policy;
	struct pm_rmtcall_args a;
	const struct pm_node *n;
	bool forwarding = p && p->remote_calls && r->fwd;

	if (r->nc->semantics != PM_NC_TPI_CLTS)
		return rmtcall_fail(r, PM_SYSTEM_ERR);
	if (pm_codec_decode_rmtcall(r->call.args, r->call.args_len, &a) < 0)
		return rmtcall_fail(r, PM_GARBAGE_ARGS);
	if (!pm_policy_may_forward(a.prog, a.proc, p && p->insecure))
		return reply_denied(r);
	n = lookup(r, a.prog, a.vers, r->nc->netid, true);
	/* Only with forwarding on: a call refused for -r makes no key
	 * (rpcbind counts those too). */
	if (forwarding)
		count_rmtcall(r, a.prog, a.vers, a.proc,
			      n && n->e.vers == a.vers);
	if (!n)
		return rmtcall_fail(r, PM_PROG_UNAVAIL);
	if (n->e.vers != a.vers)
		return rmtcall_mismatch(r, a.prog);
	if (!forwarding)
		return rmtcall_fail(r, PM_SYSTEM_ERR);
	if (r->call.cred_flavor != PM_AUTH_NONE &&
	    r->call.cred_flavor != PM_AUTH_SYS)
		return is_indirect(r) ? reply_denied(r) : 0;
	fill_rmtcall(r, &a, n);
	return 0;
}

/* ---- dispatch -------------------------------------------------------- */

static const proc_fn pmap_procs[] = {
	[0] = proc_null,
	[1] = proc_pmap_set,
	[2] = proc_pmap_unset,
	[3] = proc_pmap_getport,
	[4] = proc_pmap_dump,
	[PMAPPROC_CALLIT] = proc_rmtcall,
};

static const proc_fn rpcb3_procs[] = {
	[0] = proc_null,
	[1] = proc_rpcb_set,
	[2] = proc_rpcb_unset,
	[3] = proc_getaddr,
	[4] = proc_rpcb_dump,
	[5] = proc_rmtcall,
	[6] = proc_gettime,
	[7] = proc_uaddr2taddr,
	[8] = proc_taddr2uaddr,
};

static const proc_fn rpcb4_procs[] = {
	[0] = proc_null,
	[1] = proc_rpcb_set,
	[2] = proc_rpcb_unset,
	[3] = proc_getaddr,
	[4] = proc_rpcb_dump,
	[5] = proc_rmtcall,		/* BCAST */
	[6] = proc_gettime,
	[7] = proc_uaddr2taddr,
	[8] = proc_taddr2uaddr,
	[9] = proc_getversaddr,
	[RPCBPROC_INDIRECT] = proc_rmtcall,
	[11] = proc_getaddrlist,
	[12] = proc_getstat,
};

static const struct {
	const proc_fn *procs;
	size_t n;
} versions[] = {
	[PM_VERS_PMAP] = { pmap_procs, ARRAY_SIZE(pmap_procs) },
	[PM_VERS_RPCB3] = { rpcb3_procs, ARRAY_SIZE(rpcb3_procs) },
	[PM_VERS_RPCB4] = { rpcb4_procs, ARRAY_SIZE(rpcb4_procs) },
};

/* RFC 5531 authentication: flavors we accept, bodies we can parse. */
static enum pm_auth_stat check_auth(const struct pm_call *call)
{
	switch (call->cred_flavor) {
	case PM_AUTH_NONE:
	case PM_AUTH_SHORT:
		return PM_AUTH_OK;
	case PM_AUTH_SYS:
		return pm_codec_authsys_is_valid(call->cred, call->cred_len) ?
		       PM_AUTH_OK : PM_AUTH_BADCRED;
	}
	return PM_AUTH_REJECTEDCRED;
}

/* Everything before the procedure runs; 1 when it should run. */
static int check_call(struct req *r, proc_fn *ret_fn)
{
	const struct pm_call *call = &r->call;
	enum pm_auth_stat why;

	if (call->rpcvers != 2)
		return pm_codec_encode_rpc_mismatch(r->out, r->cap, call->xid);
	why = check_auth(call);
	if (why != PM_AUTH_OK)
		return pm_codec_encode_auth_error(r->out, r->cap, call->xid,
						  why);
	if (call->prog != PM_PROG)
		return reply_error(r, PM_PROG_UNAVAIL);
	if (call->vers < PM_VERS_PMAP || call->vers > PM_VERS_RPCB4)
		return pm_codec_encode_error(r->out, r->cap, call->xid,
					     PM_PROG_MISMATCH, PM_VERS_PMAP,
					     PM_VERS_RPCB4);
	r->ns = pm_table_ns(r->t, r->c->ns, true);
	if (!r->ns || !r->nc)
		return reply_error(r, PM_SYSTEM_ERR);
	if (call->proc >= versions[call->vers].n ||
	    !versions[call->vers].procs[call->proc])
		return reply_error(r, PM_PROC_UNAVAIL);
	/* Made on a VS's first request, so that a namespace without VS
	 * costs nothing more. */
	if (r->view)
		r->vs_stats = pm_ns_vs_stats(r->ns, r->view, true);
	/* Counted before decoding, as rpcbind does: GETSTAT includes
	 * calls with bad arguments and itself. */
	count_proc(r);
	*ret_fn = versions[call->vers].procs[call->proc];
	return 1;
}

int pm_proc_dispatch(struct pm_table *t, const struct pm_caller *c,
		     const void *in, size_t in_len, void *out, size_t out_cap,
		     struct pm_rmtcall *ret_fwd)
{
	struct req r = {
		.t = t, .c = c, .out = out, .cap = out_cap, .fwd = ret_fwd,
		.nc = c->netid ? pm_netconf_find(c->netid) : NULL,
		.view = c->vs,
	};
	proc_fn fn = NULL;
	int ret;

	if (ret_fwd)
		ret_fwd->rpcb_vers = 0;
	if (c->change)
		memset(c->change, 0, sizeof(*c->change));
	if (pm_codec_decode_call(in, in_len, &r.call) < 0)
		return -EBADMSG;
	ret = check_call(&r, &fn);
	if (ret != 1)
		return ret;
	return fn(&r);
}

/* ---- forwarding helpers ---------------------------------------------- */

int pm_rmtcall_encode_call(const struct pm_rmtcall *rc, uint32_t xid,
			   void *out, size_t out_cap)
{
	return pm_codec_encode_call(out, out_cap, xid, rc->prog, rc->vers,
				    rc->proc, rc->cred_flavor, rc->cred,
				    rc->cred_len, rc->args, rc->args_len);
}

int pm_rmtcall_encode_timeout(const struct pm_rmtcall *rc, void *out,
			      size_t out_cap)
{
	if (rc->rpcb_vers != PM_VERS_RPCB4 || rc->rpcb_proc != RPCBPROC_INDIRECT)
		return 0;
	return pm_codec_encode_error(out, out_cap, rc->xid, PM_SYSTEM_ERR,
				     0, 0);
}

int pm_rmtcall_encode_reply(const struct pm_rmtcall *rc, const void *in,
			    size_t in_len, void *out, size_t out_cap)
{
	const uint8_t *body = NULL;
	size_t body_len = 0;
	uint32_t xid, stat;

	if (pm_codec_decode_reply(in, in_len, &xid, &stat, &body,
				  &body_len) < 0)
		return -EBADMSG;
	if (stat != PM_SUCCESS)
		return pm_rmtcall_encode_timeout(rc, out, out_cap);
	return pm_codec_encode_rmtcall_result(out, out_cap, rc->xid, rc->port,
					      rc->rpcb_vers == PM_VERS_PMAP ?
					      NULL : rc->uaddr,
					      body, body_len);
}
