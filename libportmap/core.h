/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * core.h - the portmapper core of rpcbindns: libportmap's internal
 * interface, for the daemon and the unit tests (not installed; clients
 * see portmap.h only).
 *
 * The core turns the bytes of one RPC request plus a description of who sent
 * it (struct pm_caller) into the bytes of the reply.  It keeps one
 * registration table and one set of statistics per network namespace; a
 * namespace is an opaque 64-bit id here (the daemon uses the netns cookie).
 * A namespace's virtual servers (VS, ids 1..255; 0 is namespace-wide) each
 * have their registrations in it and statistics of their own, and a
 * request is answered from the view of the VS it arrived on (pm_caller.vs).
 * Nothing in the core performs I/O, logs or keeps global state.
 */
#ifndef PM_CORE_H
#define PM_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/types.h>

/* The portmapper's own program number and versions (RFC 1833). */
#define PM_PROG			100000
#define PM_VERS_PMAP		2
#define PM_VERS_RPCB3		3
#define PM_VERS_RPCB4		4

/* Sizes of strings kept in the table, terminating NUL included. */
#define PM_NETID_MAX		16	/* "tcp6", "local", ... */
#define PM_UADDR_MAX		128	/* "a:b:...:h.p1.p2" or a socket path */
#define PM_OWNER_MAX		16	/* "superuser", "unknown", a decimal uid */
#define PM_VS_NAME_MAX		32	/* a virtual server's name (journal) */

/* Caps on what a peer may make the core store or decode. */
struct pm_limits {
	unsigned int namespaces;	/* namespaces with state */
	unsigned int entries_per_ns;	/* registrations per namespace */
	unsigned int stat_entries;	/* lookup/remote-call stat keys per version */
};

#define PM_LIMITS_DEFAULT_NAMESPACES	65536
#define PM_LIMITS_DEFAULT_ENTRIES	1024
#define PM_LIMITS_DEFAULT_STAT_ENTRIES	128

/* One registration; the table copies the strings in. */
struct pm_entry {
	uint32_t prog;
	uint32_t vers;
	const char *netid;
	const char *uaddr;
	const char *owner;
	uint32_t vs;		/* its virtual server's view, 0: the
				 * namespace-wide one */
};

/* An address of a namespace's interface, an input to address merging. */
struct pm_ifaddr {
	struct sockaddr_storage addr;	/* AF_INET or AF_INET6 */
	uint8_t prefixlen;
	bool up;
	bool loopback;
};

/* What a namespace allows; the daemon's -i and -r flags. */
struct pm_policy {
	bool insecure;		/* SET/UNSET from any address */
	bool remote_calls;	/* CALLIT/BCAST/INDIRECT forwarding enabled */
};

/*
 * What a SET or UNSET asked for and whether it was done, for logging: the
 * strings are cut to fit and hold printable ASCII only ('?' for the rest).
 */
enum pm_change_kind {
	PM_CHANGE_NONE,				/* not a SET or UNSET, or its
						 * arguments did not decode */
	PM_CHANGE_SET,
	PM_CHANGE_UNSET,
};

struct pm_change {
	enum pm_change_kind kind;
	uint32_t rpcb_vers;			/* of the call: 2, 3 or 4 */
	uint32_t prog, vers;			/* the registration's */
	char netid[PM_NETID_MAX];		/* "": every netid (UNSET) or
						 * an unknown protocol (v2) */
	char uaddr[PM_UADDR_MAX];		/* SET only */
	bool done;				/* answered TRUE */
};

/*
 * Who sent a request and how.  All pointers are borrowed for the duration of
 * one pm_proc_dispatch() call.
 */
struct pm_caller {
	uint64_t ns;				/* namespace the request arrived in */
	uint32_t vs;				/* the view it is answered from:
						 * the virtual server whose address
						 * it arrived on, 0: namespace-wide */
	const char *netid;			/* receiving transport: "udp", "tcp",
						 * "udp6", "tcp6" or "local" */
	const struct sockaddr *peer;		/* AF_INET, AF_INET6 or AF_UNIX */
	socklen_t peer_len;
	const struct sockaddr *local;		/* address the request arrived on
						 * (for a broadcast the interface's
						 * address); NULL or a wildcard if
						 * unknown */
	socklen_t local_len;
	bool off_loopback;			/* a datagram that came in on an
						 * interface other than loopback:
						 * a loopback source is forged */
	bool has_uid;				/* uid valid (SO_PEERCRED) */
	uid_t uid;
	const struct pm_ifaddr *ifaddrs;	/* the namespace's addresses */
	size_t n_ifaddrs;
	const struct pm_policy *policy;		/* NULL: all off */
	struct pm_change *change;		/* filled in if not NULL */
	time_t now;				/* for GETTIME */
};

/*
 * A remote call (CALLIT, BCAST, INDIRECT) the core accepted for forwarding.
 * The daemon sends pm_rmtcall_encode_call()'s bytes to the target's port
 * on the loopback address and passes the target's reply to
 * pm_rmtcall_encode_reply().  Self-contained: owns no pointers.
 */
#define PM_AUTH_MAX		400	/* RFC 5531 opaque_auth body */
#define PM_RMTCALL_ARGS_MAX	8192

struct pm_rmtcall {
	uint32_t xid;			/* caller's xid, for the reply */
	uint32_t rpcb_vers;		/* 2, 3 or 4 */
	uint32_t rpcb_proc;		/* CALLIT(5) or INDIRECT(10) */
	uint32_t prog, vers, proc;	/* the target */
	uint16_t port;			/* target port on loopback */
	char netid[PM_NETID_MAX];	/* transport of target and request */
	char uaddr[PM_UADDR_MAX];	/* merged target address (v3/v4 reply) */
	uint32_t cred_flavor;
	uint32_t cred_len;
	uint8_t cred[PM_AUTH_MAX];
	uint32_t args_len;
	uint8_t args[PM_RMTCALL_ARGS_MAX];
};

struct pm_table;

/*
 * Create a table; @lim NULL means the PM_LIMITS_DEFAULT_* values.
 * Returns NULL on allocation failure.  Free with pm_table_free().
 */
struct pm_table *pm_table_new(const struct pm_limits *lim);

/* The limits @t was created with. */
const struct pm_limits *pm_table_limits(const struct pm_table *t);

/* Free a table and every namespace in it.  NULL is allowed. */
void pm_table_free(struct pm_table *t);

/*
 * Add a registration to namespace @ns, in VS @e->vs (0: namespace-wide);
 * the strings are copied.  Does not apply protocol rules (ownership,
 * reserved programs): that is the job of pm_proc_dispatch().  Returns 0,
 * -EEXIST if (vs, prog, vers, netid) is taken, -EINVAL for an empty or
 * over-long string, -ENOSPC at a limit (entries_per_ns counts every VS of
 * the namespace), -ENOMEM.
 */
int pm_table_add(struct pm_table *t, uint64_t ns, const struct pm_entry *e);

/*
 * Look up (prog, vers, netid) among VS @vs's own entries of @ns (0: the
 * namespace-wide ones; no fallback from a VS to them, as in a view).
 * Returns a borrowed pointer, valid until the table is next changed, or
 * NULL.
 */
const struct pm_entry *pm_table_find(const struct pm_table *t, uint64_t ns,
				     uint32_t vs, uint32_t prog, uint32_t vers,
				     const char *netid);

/* Remove VS @vs's (prog, vers, netid) from @ns.  Returns 0 or -ENOENT. */
int pm_table_remove(struct pm_table *t, uint64_t ns, uint32_t vs,
		    uint32_t prog, uint32_t vers, const char *netid);

/*
 * A counter that changes whenever any registration is added or removed:
 * compare it before and after pm_proc_dispatch() to learn of changes.
 */
uint64_t pm_table_generation(const struct pm_table *t);

/*
 * Call @fn after every add and remove in any namespace, with the entry
 * as added or as it was before its removal (valid during the call only).
 * @fn must not change the table.  NULL stops the calls.
 */
typedef void (*pm_change_cb_t)(uint64_t ns, bool added,
			       const struct pm_entry *e, void *data);
void pm_table_on_change(struct pm_table *t, pm_change_cb_t fn, void *data);

/* Number of registrations in @ns, every VS's included. */
unsigned int pm_table_count(const struct pm_table *t, uint64_t ns);

/* Number of VS @vs's own registrations in @ns (0: namespace-wide ones). */
unsigned int pm_table_count_vs(const struct pm_table *t, uint64_t ns,
			       uint32_t vs);

/*
 * Call @fn for each registration of @ns, every VS's, in registration
 * order (e->vs tells them apart); stop early
 * and return @fn's value if it returns non-zero.  @fn must not change the
 * table.  Returns 0 after a full walk.
 */
typedef int (*pm_entry_cb_t)(const struct pm_entry *e, void *data);
int pm_table_foreach(const struct pm_table *t, uint64_t ns, pm_entry_cb_t fn,
		     void *data);

/*
 * Forget namespace @ns: its registrations and its statistics.  Returns 0 or
 * -ENOENT if the table held nothing for it.
 */
int pm_table_drop_ns(struct pm_table *t, uint64_t ns);

/*
 * Forget VS @vs of namespace @ns: remove each of its registrations (the
 * change hook sees each removal) and free its statistics.  Returns the
 * number of registrations removed, or -EINVAL for @vs 0 (the
 * namespace-wide view is not a VS).
 */
int pm_table_drop_vs(struct pm_table *t, uint64_t ns, uint32_t vs);

/*
 * Register the portmapper itself on one of its transports in @ns, as
 * rpcbind does at start: versions 4 and 3 on every transport and also
 * version 2 on "udp" and "tcp", owner "superuser".  Call once per
 * transport; rpcbind's DUMP lists tcp6, udp6, tcp, udp, local in that
 * order.  Returns as pm_table_add().
 */
int pm_table_add_self(struct pm_table *t, uint64_t ns, const char *netid,
		      const char *uaddr);

/*
 * rpcbind's warm-start files: rpcbind.xdr holds the whole table as an XDR
 * rpcblist (the body of a v3 DUMP reply), portmap.xdr the v2 view as a
 * pmaplist.  rpcbind 1.2 reads and writes both.
 */
enum pm_state_format {
	PM_STATE_RPCBIND,	/* rpcbind.xdr */
	PM_STATE_PORTMAP,	/* portmap.xdr */
};

/*
 * Encode the namespace-wide registrations of @ns (those of VS 0) in @fmt
 * into @out.  Returns the length, -EMSGSIZE if @cap is too small, -ENOMEM.
 */
int pm_table_save(const struct pm_table *t, uint64_t ns,
		  enum pm_state_format fmt, void *out, size_t cap);

/* pm_table_save() of VS @vs's own registrations (the same formats: a VS
 * has a file of its own). */
int pm_table_save_vs(const struct pm_table *t, uint64_t ns, uint32_t vs,
		     enum pm_state_format fmt, void *out, size_t cap);

/*
 * Add the registrations of an rpcbind.xdr image to namespace @ns, as
 * namespace-wide ones, skipping the portmapper's own entries (the daemon
 * registers itself afresh), malformed ones (unknown netid, bad address,
 * over-long owner) and keys already present.  A malformed image adds
 * nothing.  Returns the number added, -EBADMSG, or -ENOSPC when a limit
 * stopped it part way.
 */
int pm_table_load(struct pm_table *t, uint64_t ns, const void *in,
		  size_t len);

/* pm_table_load() into VS @vs of @ns. */
int pm_table_load_vs(struct pm_table *t, uint64_t ns, uint32_t vs,
		     const void *in, size_t len);

/*
 * Answer one RPC message.  @in is the request (record marking removed),
 * @out receives the reply.  Returns the reply length (> 0); 0 when no
 * reply is to be sent (rpcbind's silent cases, or a remote call accepted
 * for forwarding: then @ret_fwd->rpcb_vers is non-zero and the caller
 * forwards it; it is zeroed otherwise; @ret_fwd may be NULL when the caller
 * never forwards); -EBADMSG when @in is
 * not an RPC call (drop it); -EMSGSIZE when @out cannot hold even an error
 * reply.
 */
int pm_proc_dispatch(struct pm_table *t, const struct pm_caller *c,
		     const void *in, size_t in_len, void *out, size_t out_cap,
		     struct pm_rmtcall *ret_fwd);

/*
 * Build the call to send to the forwarding target with transaction id
 * @xid.  Returns its length, or -EMSGSIZE.
 */
int pm_rmtcall_encode_call(const struct pm_rmtcall *rc, uint32_t xid,
			   void *out, size_t out_cap);

/*
 * Turn the target's reply @in into the reply to the original caller.
 * Returns its length; 0 when the caller gets no reply (a failed CALLIT or
 * BCAST); -EBADMSG when @in is not an RPC reply; -EMSGSIZE.
 */
int pm_rmtcall_encode_reply(const struct pm_rmtcall *rc, const void *in,
			    size_t in_len, void *out, size_t out_cap);

/*
 * Build the reply for a forwarded INDIRECT whose target never answered.
 * Returns its length (SYSTEM_ERR), 0 for CALLIT/BCAST (silence), or
 * -EMSGSIZE.
 */
int pm_rmtcall_encode_timeout(const struct pm_rmtcall *rc, void *out,
			      size_t out_cap);

#endif
