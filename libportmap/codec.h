/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * codec.h - XDR encoding and decoding of portmapper messages.
 *
 * The only module of the core that includes <rpc/...> headers: everything crosses
 * this boundary as our own types.  Decoding never allocates: strings land
 * in fixed buffers and anything longer is an error, whatever the length
 * field says.
 */
#ifndef PM_CODEC_H
#define PM_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "core.h"
#include "stats.h"

/* RFC 5531 values, kept numeric so callers need no <rpc/...> headers. */
enum pm_accept_stat {
	PM_SUCCESS = 0,
	PM_PROG_UNAVAIL = 1,
	PM_PROG_MISMATCH = 2,
	PM_PROC_UNAVAIL = 3,
	PM_GARBAGE_ARGS = 4,
	PM_SYSTEM_ERR = 5,
};

enum pm_auth_stat {
	PM_AUTH_OK = 0,
	PM_AUTH_BADCRED = 1,
	PM_AUTH_REJECTEDCRED = 2,
	PM_AUTH_TOOWEAK = 5,
};

#define PM_AUTH_NONE	0
#define PM_AUTH_SYS	1
#define PM_AUTH_SHORT	2

/* A decoded call header; @args points into the decoded buffer. */
struct pm_call {
	uint32_t xid;
	uint32_t rpcvers;
	uint32_t prog, vers, proc;
	uint32_t cred_flavor;
	uint32_t cred_len;
	uint8_t cred[PM_AUTH_MAX];
	uint32_t verf_flavor;
	const uint8_t *args;
	size_t args_len;
};

/* RPCB (v3/v4 SET, UNSET, GETADDR, GETVERSADDR, GETADDRLIST) arguments. */
struct pm_rpcb_args {
	uint32_t prog, vers;
	char netid[PM_WIRE_STRING_MAX + 1];
	char uaddr[PM_WIRE_STRING_MAX + 1];
	char owner[PM_WIRE_STRING_MAX + 1];
};

/* PMAP (v2 SET, UNSET, GETPORT) arguments. */
struct pm_pmap_args {
	uint32_t prog, vers, prot, port;
};

/* CALLIT / BCAST / INDIRECT arguments; @args points into the input. */
struct pm_rmtcall_args {
	uint32_t prog, vers, proc;
	const uint8_t *args;
	uint32_t args_len;
};

/* A PMAP v2 DUMP item. */
struct pm_mapping {
	uint32_t prog, vers, prot, port;
};

/* A GETADDRLIST item (rpcb_entry). */
struct pm_addr_item {
	const char *uaddr;
	const char *netid;
	uint32_t semantics;
	const char *protofmly;
	const char *proto;
};

enum pm_result_kind {
	PM_RES_VOID,
	PM_RES_BOOL,
	PM_RES_UINT,
	PM_RES_STRING,
	PM_RES_NETBUF,
	PM_RES_PMAPLIST,
	PM_RES_RPCBLIST,
	PM_RES_ADDRLIST,
	PM_RES_STATS,
};

/* The body of a successful reply; all pointers are borrowed. */
struct pm_result {
	enum pm_result_kind kind;
	union {
		uint32_t u;
		const char *str;
		struct {
			const void *buf;
			uint32_t len, maxlen;
		} netbuf;
		struct {
			const struct pm_mapping *v;
			size_t n;
		} pmaps;
		struct {
			const struct pm_entry *const *v;
			size_t n;
		} rpcbs;
		struct {
			const struct pm_addr_item *v;
			size_t n;
		} addrs;
		const struct pm_stats *stats;
	};
};

/*
 * Decode the header of a call message.  Returns 0, or -EBADMSG when @in is
 * not a well-formed call (a reply, truncated, credentials over
 * PM_AUTH_MAX): such messages get no answer.
 */
int pm_codec_decode_call(const void *in, size_t len, struct pm_call *ret);

/* Check that an AUTH_SYS credential body is well formed. */
bool pm_codec_authsys_is_valid(const uint8_t *body, uint32_t len);

/* Argument decoders: 0 or -EBADMSG (also for trailing garbage). */
int pm_codec_decode_rpcb(const void *in, size_t len,
			 struct pm_rpcb_args *ret);
int pm_codec_decode_pmap(const void *in, size_t len,
			 struct pm_pmap_args *ret);
int pm_codec_decode_string(const void *in, size_t len, char *buf,
			   size_t size);
int pm_codec_decode_netbuf(const void *in, size_t len, void *buf,
			   size_t size, uint32_t *ret_len);
int pm_codec_decode_rmtcall(const void *in, size_t len,
			    struct pm_rmtcall_args *ret);

/*
 * Encode a successful reply with body @res.  Returns its length or
 * -EMSGSIZE when it does not fit in @cap.  A PM_RES_STATS body is cut to
 * fit instead: each lookup and remote-call list keeps its first (newest)
 * items up to the first one that no longer fits, lists filled in wire
 * order; -EMSGSIZE only when the counters alone do not fit.
 */
int pm_codec_encode_success(void *out, size_t cap, uint32_t xid,
			    const struct pm_result *res);

/* Encode @res alone, with no RPC header (warm-start files). */
int pm_codec_encode_body(void *out, size_t cap, const struct pm_result *res);

/*
 * Decode an XDR rpcblist (a DUMP body, rpcbind.xdr) and call @fn for each
 * entry.  The whole list is checked before the first call, so a malformed
 * list calls @fn for nothing.  Returns the number of entries, -EBADMSG, or
 * @fn's first non-zero value.
 */
int pm_codec_decode_rpcblist(const void *in, size_t len, pm_entry_cb_t fn,
			     void *data);

/* One change of a namespace's table, the body of a journal record. */
struct pm_change_rec {
	uint64_t ns;
	char vs[PM_VS_NAME_MAX];	/* its VS's name, "": namespace-wide */
	bool added;			/* false: removed */
	uint32_t prog, vers;
	char netid[PM_NETID_MAX];
	char uaddr[PM_UADDR_MAX];
	char owner[PM_OWNER_MAX];
};

/*
 * Encode a change of VS @vs's entry (NULL or "": a namespace-wide one;
 * @e->vs is not looked at): hyper ns, u32 op (1 added, 2 removed; in a VS
 * 3 added, 4 removed, followed by the VS's name as a string), then the
 * entry as an rpcb.  VS names are 1 to PM_VS_NAME_MAX - 1 of
 * [A-Za-z0-9._-], not starting with '.': fit for a file name.  Returns the
 * length, -EINVAL for a bad VS name, or -EMSGSIZE.
 */
int pm_codec_encode_change(void *out, size_t cap, uint64_t ns, const char *vs,
			   bool added, const struct pm_entry *e);

/* Decode exactly one change filling @len bytes: 0 or -EBADMSG (a bad VS
 * name too). */
int pm_codec_decode_change(const void *in, size_t len,
			   struct pm_change_rec *ret);

/* Encode an accepted error (not SUCCESS); @low/@high for PROG_MISMATCH. */
int pm_codec_encode_error(void *out, size_t cap, uint32_t xid,
			  enum pm_accept_stat stat, uint32_t low,
			  uint32_t high);

/* Encode MSG_DENIED: RPC_MISMATCH (2..2) or AUTH_ERROR with @why. */
int pm_codec_encode_rpc_mismatch(void *out, size_t cap, uint32_t xid);
int pm_codec_encode_auth_error(void *out, size_t cap, uint32_t xid,
			       enum pm_auth_stat why);

/* Encode a call message (forwarding): header, AUTH_NONE verifier, args. */
int pm_codec_encode_call(void *out, size_t cap, uint32_t xid, uint32_t prog,
			 uint32_t vers, uint32_t proc, uint32_t cred_flavor,
			 const uint8_t *cred, uint32_t cred_len,
			 const uint8_t *args, uint32_t args_len);

/*
 * Decode a reply header.  On an accepted reply *ret_stat is its
 * accept_stat and, for SUCCESS, @ret_body and @ret_body_len the results.
 * A denied reply gives *ret_stat = PM_SYSTEM_ERR.  0 or -EBADMSG.
 */
int pm_codec_decode_reply(const void *in, size_t len, uint32_t *ret_xid,
			  uint32_t *ret_stat, const uint8_t **ret_body,
			  size_t *ret_body_len);

/*
 * Encode the reply to a forwarded call: v2 (port, results) when @uaddr is
 * NULL, else v3/v4 (uaddr, results).
 */
int pm_codec_encode_rmtcall_result(void *out, size_t cap, uint32_t xid,
				   uint32_t port, const char *uaddr,
				   const uint8_t *res, size_t res_len);

#endif
