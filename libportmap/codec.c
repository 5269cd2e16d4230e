/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * codec.c - XDR (via libtirpc's xdrmem) for portmapper messages.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <string.h>
#include <rpc/types.h>
#include <rpc/xdr.h>

#include "codec.h"

#define RPC_VERSION	2
#define MSG_TYPE_CALL	0
#define MSG_TYPE_REPLY	1
#define REPLY_ACCEPTED	0
#define REPLY_DENIED	1
#define REJECT_RPC_MISMATCH	0
#define REJECT_AUTH_ERROR	1
#define AUTHSYS_MACHINE_MAX	255	/* RFC 5531 machinename<255> */
#define AUTHSYS_GIDS_MAX	16	/* RFC 5531 gids<16> */

/* xdrmem wants a mutable pointer even for decoding. */
static char *unconst(const void *p)
{
	union {
		const void *c;
		char *m;
	} u = { .c = p };

	return u.m;
}

static void xdr_open(XDR *x, const void *buf, size_t len, enum xdr_op op)
{
	/* A message is never near 4 GiB; clamp rather than wrap. */
	xdrmem_create(x, unconst(buf), len > UINT32_MAX ? UINT32_MAX : len,
		      op);
}

static bool get_u32(XDR *x, uint32_t *v)
{
	return xdr_u_int32_t(x, v);
}

static bool put_u32(XDR *x, uint32_t v)
{
	return xdr_u_int32_t(x, &v);
}

/*
 * @n words at once where the buffer allows it (XDR_INLINE, as rpcgen's
 * code does: an aligned buffer, as ours are), else one by one.  The
 * fixed heads of calls and replies are most of what an answer costs in
 * XDR.
 */
static bool get_words(XDR *x, uint32_t *v, unsigned int n)
{
	int32_t *p = XDR_INLINE(x, (int)(n * BYTES_PER_XDR_UNIT));
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (p)
			v[i] = IXDR_GET_U_INT32(p);
		else if (!get_u32(x, &v[i]))
			return false;
	}
	return true;
}

static bool put_words(XDR *x, const uint32_t *v, unsigned int n)
{
	int32_t *p = XDR_INLINE(x, (int)(n * BYTES_PER_XDR_UNIT));
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (p)
			IXDR_PUT_U_INT32(p, v[i]);
		else if (!put_u32(x, v[i]))
			return false;
	}
	return true;
}

/* Opaque data of at most @max bytes into @buf; *@ret_len its length. */
static bool get_opaque(XDR *x, void *buf, uint32_t max, uint32_t *ret_len)
{
	uint32_t len;

	if (!get_u32(x, &len) || len > max)
		return false;
	if (!xdr_opaque(x, buf, len))
		return false;
	*ret_len = len;
	return true;
}

/* A string of at most @size - 1 bytes without embedded NULs. */
static bool get_string(XDR *x, char *buf, size_t size)
{
	uint32_t len;

	if (!get_opaque(x, buf, size - 1, &len))
		return false;
	buf[len] = '\0';
	return memchr(buf, '\0', len) == NULL;
}

static bool put_opaque(XDR *x, const void *buf, uint32_t len)
{
	return put_u32(x, len) && xdr_opaque(x, unconst(buf), len);
}

static bool put_string(XDR *x, const char *s)
{
	return put_opaque(x, s, strlen(s));
}

int pm_codec_decode_call(const void *in, size_t len, struct pm_call *ret)
{
	enum { XID, MTYPE, RPCVERS, PROG, VERS, PROC, CRED_FLAVOR, HEAD };
	struct pm_call c;
	uint8_t verf[PM_AUTH_MAX];
	uint32_t head[HEAD], verf_len;
	XDR x;

	xdr_open(&x, in, len, XDR_DECODE);
	if (!get_words(&x, head, HEAD) || head[MTYPE] != MSG_TYPE_CALL)
		return -EBADMSG;
	c.xid = head[XID];
	c.rpcvers = head[RPCVERS];
	c.prog = head[PROG];
	c.vers = head[VERS];
	c.proc = head[PROC];
	c.cred_flavor = head[CRED_FLAVOR];
	if (!get_opaque(&x, c.cred, sizeof(c.cred), &c.cred_len) ||
	    !get_u32(&x, &c.verf_flavor) ||
	    !get_opaque(&x, verf, sizeof(verf), &verf_len))
		return -EBADMSG;
	c.args = (const uint8_t *)in + xdr_getpos(&x);
	c.args_len = len - xdr_getpos(&x);
	*ret = c;
	return 0;
}

bool pm_codec_authsys_is_valid(const uint8_t *body, uint32_t len)
{
	char machine[AUTHSYS_MACHINE_MAX + 1];
	uint32_t stamp, uid, gid, ngids, gids;
	XDR x;

	xdr_open(&x, body, len, XDR_DECODE);
	if (!get_u32(&x, &stamp) ||
	    !get_opaque(&x, machine, AUTHSYS_MACHINE_MAX, &ngids) ||
	    !get_u32(&x, &uid) || !get_u32(&x, &gid) ||
	    !get_u32(&x, &ngids) || ngids > AUTHSYS_GIDS_MAX)
		return false;
	while (ngids--)
		if (!get_u32(&x, &gids))
			return false;
	return true;
}

int pm_codec_decode_rpcb(const void *in, size_t len, struct pm_rpcb_args *ret)
{
	uint32_t head[2];
	XDR x;

	xdr_open(&x, in, len, XDR_DECODE);
	if (!get_words(&x, head, 2))
		return -EBADMSG;
	ret->prog = head[0];
	ret->vers = head[1];
	if (!get_string(&x, ret->netid, sizeof(ret->netid)) ||
	    !get_string(&x, ret->uaddr, sizeof(ret->uaddr)) ||
	    !get_string(&x, ret->owner, sizeof(ret->owner)))
		return -EBADMSG;
	return 0;
}

int pm_codec_decode_pmap(const void *in, size_t len, struct pm_pmap_args *ret)
{
	uint32_t v[4];
	XDR x;

	xdr_open(&x, in, len, XDR_DECODE);
	if (!get_words(&x, v, 4))
		return -EBADMSG;
	*ret = (struct pm_pmap_args){ .prog = v[0], .vers = v[1],
				      .prot = v[2], .port = v[3] };
	return 0;
}

int pm_codec_decode_string(const void *in, size_t len, char *buf, size_t size)
{
	XDR x;

	xdr_open(&x, in, len, XDR_DECODE);
	return get_string(&x, buf, size) ? 0 : -EBADMSG;
}

int pm_codec_decode_netbuf(const void *in, size_t len, void *buf, size_t size,
			   uint32_t *ret_len)
{
	uint32_t maxlen;
	XDR x;

	xdr_open(&x, in, len, XDR_DECODE);
	if (!get_u32(&x, &maxlen) || !get_opaque(&x, buf, size, ret_len))
		return -EBADMSG;
	return 0;
}

int pm_codec_decode_rmtcall(const void *in, size_t len,
			    struct pm_rmtcall_args *ret)
{
	uint32_t args_len;
	XDR x;

	xdr_open(&x, in, len, XDR_DECODE);
	if (!get_u32(&x, &ret->prog) || !get_u32(&x, &ret->vers) ||
	    !get_u32(&x, &ret->proc) || !get_u32(&x, &args_len) ||
	    args_len > PM_RMTCALL_ARGS_MAX ||
	    args_len > len - xdr_getpos(&x))
		return -EBADMSG;
	ret->args = (const uint8_t *)in + xdr_getpos(&x);
	ret->args_len = args_len;
	return 0;
}

/* xid, REPLY, MSG_ACCEPTED, AUTH_NONE verifier, @stat */
static bool put_accepted(XDR *x, uint32_t xid, uint32_t stat)
{
	const uint32_t head[] = { xid, MSG_TYPE_REPLY, REPLY_ACCEPTED,
				  PM_AUTH_NONE, 0, stat };

	return put_words(x, head, sizeof(head) / sizeof(head[0]));
}

static bool put_pmaps(XDR *x, const struct pm_mapping *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!put_u32(x, 1) || !put_u32(x, v[i].prog) ||
		    !put_u32(x, v[i].vers) || !put_u32(x, v[i].prot) ||
		    !put_u32(x, v[i].port))
			return false;
	return put_u32(x, 0);
}

static bool put_rpcbs(XDR *x, const struct pm_entry *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!put_u32(x, 1) || !put_u32(x, v[i]->prog) ||
		    !put_u32(x, v[i]->vers) || !put_string(x, v[i]->netid) ||
		    !put_string(x, v[i]->uaddr) || !put_string(x, v[i]->owner))
			return false;
	return put_u32(x, 0);
}

static bool put_addrs(XDR *x, const struct pm_addr_item *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!put_u32(x, 1) || !put_string(x, v[i].uaddr) ||
		    !put_string(x, v[i].netid) ||
		    !put_u32(x, v[i].semantics) ||
		    !put_string(x, v[i].protofmly) ||
		    !put_string(x, v[i].proto))
			return false;
	return put_u32(x, 0);
}

/* XDR size of a string: length word, bytes, padding. */
static size_t string_size(const char *s)
{
	return 4 + ((strlen(s) + 3) & ~(size_t)3);
}

/* Counters, setinfo, unsetinfo and the ends of the two lists. */
#define STAT_FIXED_SIZE		((PM_STAT_PROCS + 4) * 4)
/* follow, prog, vers, success, failure; then the netid */
#define STAT_ADDR_SIZE		(5 * 4)
/* follow, prog, vers, proc, success, failure, indirect; then the netid */
#define STAT_RMT_SIZE		(7 * 4)

/* Each list stops at its first item larger than *@room. */
static bool put_stat_vers(XDR *x, const struct pm_stat_vers *v,
			  size_t *room)
{
	const struct pm_stat_addr *a;
	const struct pm_stat_rmt *r;
	unsigned int i;
	size_t size;

	for (i = 0; i < PM_STAT_PROCS; i++)
		if (!put_u32(x, (uint32_t)v->info[i]))
			return false;
	if (!put_u32(x, (uint32_t)v->setinfo) ||
	    !put_u32(x, (uint32_t)v->unsetinfo))
		return false;
	for (a = v->addr; a; a = a->next) {
		size = STAT_ADDR_SIZE + string_size(a->netid);
		if (size > *room)
			break;
		*room -= size;
		if (!put_u32(x, 1) || !put_u32(x, a->prog) ||
		    !put_u32(x, a->vers) || !put_u32(x, (uint32_t)a->success) ||
		    !put_u32(x, (uint32_t)a->failure) ||
		    !put_string(x, a->netid))
			return false;
	}
	if (!put_u32(x, 0))
		return false;
	for (r = v->rmt; r; r = r->next) {
		size = STAT_RMT_SIZE + string_size(r->netid);
		if (size > *room)
			break;
		*room -= size;
		if (!put_u32(x, 1) || !put_u32(x, r->prog) ||
		    !put_u32(x, r->vers) || !put_u32(x, r->proc) ||
		    !put_u32(x, (uint32_t)r->success) ||
		    !put_u32(x, (uint32_t)r->failure) ||
		    !put_u32(x, (uint32_t)r->indirect) ||
		    !put_string(x, r->netid))
			return false;
	}
	return put_u32(x, 0);
}

/*
 * GETSTAT must answer even when the lists outgrow a datagram (rpcbind's
 * SYSTEM_ERR lasts until it restarts): the counters always go, and list
 * items as long as they fit in @cap, in wire order.
 */
static bool put_stats(XDR *x, const struct pm_stats *s, size_t cap)
{
	size_t used = xdr_getpos(x) + PM_STAT_VERSIONS * STAT_FIXED_SIZE;
	size_t room;
	unsigned int i;

	if (used > cap)
		return false;
	room = cap - used;
	for (i = 0; i < PM_STAT_VERSIONS; i++)
		if (!put_stat_vers(x, &s->v[i], &room))
			return false;
	return true;
}

/* @cap: the size of the buffer under @x */
static bool put_result(XDR *x, const struct pm_result *res, size_t cap)
{
	switch (res->kind) {
	case PM_RES_VOID:
		return true;
	case PM_RES_BOOL:
	case PM_RES_UINT:
		return put_u32(x, res->u);
	case PM_RES_STRING:
		return put_string(x, res->str);
	case PM_RES_NETBUF:
		return put_u32(x, res->netbuf.maxlen) &&
		       put_opaque(x, res->netbuf.buf, res->netbuf.len);
	case PM_RES_PMAPLIST:
		return put_pmaps(x, res->pmaps.v, res->pmaps.n);
	case PM_RES_RPCBLIST:
		return put_rpcbs(x, res->rpcbs.v, res->rpcbs.n);
	case PM_RES_ADDRLIST:
		return put_addrs(x, res->addrs.v, res->addrs.n);
	case PM_RES_STATS:
		return put_stats(x, res->stats, cap);
	}
	return false;
}

int pm_codec_encode_success(void *out, size_t cap, uint32_t xid,
			    const struct pm_result *res)
{
	XDR x;

	xdr_open(&x, out, cap, XDR_ENCODE);
	if (!put_accepted(&x, xid, PM_SUCCESS) || !put_result(&x, res, cap))
		return -EMSGSIZE;
	return (int)xdr_getpos(&x);
}

int pm_codec_encode_body(void *out, size_t cap, const struct pm_result *res)
{
	XDR x;

	xdr_open(&x, out, cap, XDR_ENCODE);
	if (!put_result(&x, res, cap))
		return -EMSGSIZE;
	return (int)xdr_getpos(&x);
}

struct wire_rpcb {
	uint32_t prog, vers;
	char netid[PM_WIRE_STRING_MAX + 1];
	char uaddr[PM_WIRE_STRING_MAX + 1];
	char owner[PM_WIRE_STRING_MAX + 1];
};

/* The next list item into @w: 1, 0 at the end of the list, -EBADMSG. */
static int get_rpcblist_item(XDR *x, struct wire_rpcb *w)
{
	uint32_t more;

	if (!get_u32(x, &more) || more > 1)
		return -EBADMSG;
	if (!more)
		return 0;
	if (!get_u32(x, &w->prog) || !get_u32(x, &w->vers) ||
	    !get_string(x, w->netid, sizeof(w->netid)) ||
	    !get_string(x, w->uaddr, sizeof(w->uaddr)) ||
	    !get_string(x, w->owner, sizeof(w->owner)))
		return -EBADMSG;
	return 1;
}

static int walk_rpcblist(const void *in, size_t len, pm_entry_cb_t fn,
			 void *data)
{
	struct wire_rpcb w;
	int n = 0, r;
	XDR x;

	xdr_open(&x, in, len, XDR_DECODE);
	while ((r = get_rpcblist_item(&x, &w)) == 1) {
		struct pm_entry e = { w.prog, w.vers, w.netid, w.uaddr,
				      w.owner, 0 };

		if (fn) {
			r = fn(&e, data);
			if (r)
				return r;
		}
		n++;
	}
	return r < 0 ? r : n;
}

int pm_codec_decode_rpcblist(const void *in, size_t len, pm_entry_cb_t fn,
			     void *data)
{
	int r = walk_rpcblist(in, len, NULL, NULL);

	return r < 0 ? r : walk_rpcblist(in, len, fn, data);
}

#define CHANGE_ADDED		1
#define CHANGE_REMOVED		2
#define CHANGE_VS_ADDED		3
#define CHANGE_VS_REMOVED	4

/* It becomes part of a file name (engine/state.c): no '/', no "..". */
static bool vs_name_is_valid(const char *name)
{
	size_t len = strlen(name);

	return len > 0 && len < PM_VS_NAME_MAX && name[0] != '.' &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == len;
}

static uint32_t change_op(bool in_vs, bool added)
{
	if (in_vs)
		return added ? CHANGE_VS_ADDED : CHANGE_VS_REMOVED;
	return added ? CHANGE_ADDED : CHANGE_REMOVED;
}

int pm_codec_encode_change(void *out, size_t cap, uint64_t ns, const char *vs,
			   bool added, const struct pm_entry *e)
{
	bool in_vs = vs && vs[0];
	XDR x;

	if (in_vs && !vs_name_is_valid(vs))
		return -EINVAL;
	xdr_open(&x, out, cap, XDR_ENCODE);
	if (!xdr_u_int64_t(&x, &ns) || !put_u32(&x, change_op(in_vs, added)) ||
	    (in_vs && !put_string(&x, vs)) ||
	    !put_u32(&x, e->prog) || !put_u32(&x, e->vers) ||
	    !put_string(&x, e->netid) || !put_string(&x, e->uaddr) ||
	    !put_string(&x, e->owner))
		return -EMSGSIZE;
	return (int)xdr_getpos(&x);
}

int pm_codec_decode_change(const void *in, size_t len,
			   struct pm_change_rec *ret)
{
	bool in_vs;
	uint32_t op;
	XDR x;

	xdr_open(&x, in, len, XDR_DECODE);
	if (!xdr_u_int64_t(&x, &ret->ns) || !get_u32(&x, &op) ||
	    op < CHANGE_ADDED || op > CHANGE_VS_REMOVED)
		return -EBADMSG;
	in_vs = op == CHANGE_VS_ADDED || op == CHANGE_VS_REMOVED;
	ret->vs[0] = '\0';
	if (in_vs && (!get_string(&x, ret->vs, sizeof(ret->vs)) ||
		      !vs_name_is_valid(ret->vs)))
		return -EBADMSG;
	if (!get_u32(&x, &ret->prog) || !get_u32(&x, &ret->vers) ||
	    !get_string(&x, ret->netid, sizeof(ret->netid)) ||
	    !get_string(&x, ret->uaddr, sizeof(ret->uaddr)) ||
	    !get_string(&x, ret->owner, sizeof(ret->owner)) ||
	    xdr_getpos(&x) != len)
		return -EBADMSG;
	ret->added = op == CHANGE_ADDED || op == CHANGE_VS_ADDED;
	return 0;
}

int pm_codec_encode_error(void *out, size_t cap, uint32_t xid,
			  enum pm_accept_stat stat, uint32_t low,
			  uint32_t high)
{
	XDR x;

	xdr_open(&x, out, cap, XDR_ENCODE);
	if (!put_accepted(&x, xid, stat))
		return -EMSGSIZE;
	if (stat == PM_PROG_MISMATCH && (!put_u32(&x, low) ||
					 !put_u32(&x, high)))
		return -EMSGSIZE;
	return (int)xdr_getpos(&x);
}

static bool put_denied(XDR *x, uint32_t xid, uint32_t why)
{
	return put_u32(x, xid) && put_u32(x, MSG_TYPE_REPLY) &&
	       put_u32(x, REPLY_DENIED) && put_u32(x, why);
}

int pm_codec_encode_rpc_mismatch(void *out, size_t cap, uint32_t xid)
{
	XDR x;

	xdr_open(&x, out, cap, XDR_ENCODE);
	if (!put_denied(&x, xid, REJECT_RPC_MISMATCH) ||
	    !put_u32(&x, RPC_VERSION) || !put_u32(&x, RPC_VERSION))
		return -EMSGSIZE;
	return (int)xdr_getpos(&x);
}

int pm_codec_encode_auth_error(void *out, size_t cap, uint32_t xid,
			       enum pm_auth_stat why)
{
	XDR x;

	xdr_open(&x, out, cap, XDR_ENCODE);
	if (!put_denied(&x, xid, REJECT_AUTH_ERROR) || !put_u32(&x, why))
		return -EMSGSIZE;
	return (int)xdr_getpos(&x);
}

int pm_codec_encode_call(void *out, size_t cap, uint32_t xid, uint32_t prog,
			 uint32_t vers, uint32_t proc, uint32_t cred_flavor,
			 const uint8_t *cred, uint32_t cred_len,
			 const uint8_t *args, uint32_t args_len)
{
	XDR x;

	xdr_open(&x, out, cap, XDR_ENCODE);
	if (!put_u32(&x, xid) || !put_u32(&x, MSG_TYPE_CALL) ||
	    !put_u32(&x, RPC_VERSION) || !put_u32(&x, prog) ||
	    !put_u32(&x, vers) || !put_u32(&x, proc) ||
	    !put_u32(&x, cred_flavor) || !put_opaque(&x, cred, cred_len) ||
	    !put_u32(&x, PM_AUTH_NONE) || !put_u32(&x, 0) ||
	    !xdr_opaque(&x, unconst(args), args_len))
		return -EMSGSIZE;
	return (int)xdr_getpos(&x);
}

int pm_codec_decode_reply(const void *in, size_t len, uint32_t *ret_xid,
			  uint32_t *ret_stat, const uint8_t **ret_body,
			  size_t *ret_body_len)
{
	uint32_t xid, mtype, rstat, flavor, verf_len, stat;
	uint8_t verf[PM_AUTH_MAX];
	XDR x;

	xdr_open(&x, in, len, XDR_DECODE);
	if (!get_u32(&x, &xid) || !get_u32(&x, &mtype) ||
	    mtype != MSG_TYPE_REPLY || !get_u32(&x, &rstat))
		return -EBADMSG;
	if (rstat == REPLY_DENIED) {
		*ret_xid = xid;
		*ret_stat = PM_SYSTEM_ERR;
		*ret_body = NULL;
		*ret_body_len = 0;
		return 0;
	}
	if (rstat != REPLY_ACCEPTED || !get_u32(&x, &flavor) ||
	    !get_opaque(&x, verf, sizeof(verf), &verf_len) ||
	    !get_u32(&x, &stat))
		return -EBADMSG;
	*ret_xid = xid;
	*ret_stat = stat;
	*ret_body = (const uint8_t *)in + xdr_getpos(&x);
	*ret_body_len = len - xdr_getpos(&x);
	return 0;
}

int pm_codec_encode_rmtcall_result(void *out, size_t cap, uint32_t xid,
				   uint32_t port, const char *uaddr,
				   const uint8_t *res, size_t res_len)
{
	XDR x;

	if (res_len > PM_RMTCALL_ARGS_MAX)
		return -EMSGSIZE;
	xdr_open(&x, out, cap, XDR_ENCODE);
	if (!put_accepted(&x, xid, PM_SUCCESS))
		return -EMSGSIZE;
	if (uaddr ? !put_string(&x, uaddr) : !put_u32(&x, port))
		return -EMSGSIZE;
	if (!put_opaque(&x, res, (uint32_t)res_len))
		return -EMSGSIZE;
	return (int)xdr_getpos(&x);
}
