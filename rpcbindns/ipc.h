/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ipc.h - the messages between the broker and the engine.
 *
 * One SOCK_SEQPACKET socketpair: a message is one datagram, a fixed
 * header and a payload whose size the type fixes (the specs of ATTACH and
 * DETACH: a NUL-terminated string), with its descriptors (SCM_RIGHTS).
 * Both sides run the same binary, so integers travel in host order.
 * Each side decodes what it receives as hostile: a message that is not
 * exactly one of these is refused, and its descriptors closed.
 */
#ifndef RPCBINDNS_IPC_H
#define RPCBINDNS_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#define IPC_VERSION		3
#define IPC_ENGINE_FD		3	/* the engine's end, as it starts */
#define IPC_LABEL_MAX		64
#define IPC_SPEC_MAX		4096	/* admin specs are paths */
#define IPC_ENDPOINTS_MAX	32	/* a namespace's sockets, -h many */
#define IPC_FDS_MAX		(IPC_ENDPOINTS_MAX + 3)	/* + rtnl, rmt */
#define IPC_MSG_MAX		(sizeof(struct ipc_hdr) + IPC_SPEC_MAX)

enum ipc_type {
	/* broker -> engine */
	IPC_NS_ADD = 1,		/* serve a namespace: its sockets */
	IPC_NS_DEL,		/* stop serving it */
	IPC_EP_ADD,		/* one more endpoint (reload) */
	IPC_EP_DEL,		/* one endpoint less (reload) */
	IPC_SYNCED,		/* every namespace sent: start or reload */
	IPC_REPLY,		/* to an ATTACH or DETACH */
	IPC_STOP,		/* save and exit */
	IPC_LIMITS,		/* the descriptor budget, and who waits */
	IPC_RTNL_ALL,		/* the shared rtnetlink socket, once */
	IPC_NS_DUMP,		/* a socket to dump a namespace's addresses */
	IPC_VS_SET,		/* define (or redefine) a virtual server */
	IPC_VS_DEL,		/* a virtual server is gone */
	/* engine -> broker */
	IPC_ATTACH,		/* admin: attach this spec */
	IPC_DETACH,		/* admin: detach this spec */
	IPC_READY,		/* SYNCED handled: serving all of them */
	IPC_ALIVE,		/* the serving loop turns (watchdog) */
	IPC_NS_FAILED,		/* cannot serve a namespace it was sent */
	IPC_REDUMP,		/* the shared socket lost changes: NS_DUMP
				 * every namespace that uses it */
	IPC_VS_ADD,		/* admin: add this virtual server */
	IPC_VS_REMOVE,		/* admin: remove this virtual server */
	IPC_TYPE_MAX = IPC_VS_REMOVE,
};

enum ipc_ep_kind {
	IPC_EP_DGRAM,
	IPC_EP_STREAM,
	IPC_EP_ADMIN,		/* the admin socket (stream, AF_LOCAL) */
	IPC_EP_RMT,		/* -r: a VS's forwarding socket (UDP,
				 * unbound, with the VS's mark) */
};

enum ipc_netid {
	IPC_NETID_UDP,
	IPC_NETID_TCP,
	IPC_NETID_UDP6,
	IPC_NETID_TCP6,
	IPC_NETID_LOCAL,
	IPC_NETIDS,
};

enum ipc_sync_why {
	IPC_SYNCED_START,	/* the engine's first set of namespaces */
	IPC_SYNCED_RELOAD,	/* the broker reloaded (SIGHUP) */
};

#define IPC_RMT_V4		1u	/* a forwarding socket per family */
#define IPC_RMT_V6		2u

struct ipc_hdr {
	uint16_t version;
	uint16_t type;
	uint32_t seq;		/* a REPLY carries its request's */
	uint32_t len;		/* of the payload */
	uint32_t pad;		/* keeps payloads 8-aligned */
};

struct ipc_endpoint {
	uint32_t id;		/* the broker's, unique while it runs */
	uint8_t kind;		/* enum ipc_ep_kind */
	uint8_t netid;		/* enum ipc_netid */
	uint8_t inherited;	/* from socket activation */
	uint8_t vs;		/* its virtual server's id, 0: none */
	uint8_t dual;		/* AF_INET6, hears IPv4 too */
	uint8_t pad[3];
};

/* ipc_ns_add.nsid: no NSID, the rtnl socket is the namespace's own */
#define IPC_NSID_OWN		(-1)
/* ipc_ns_add.nsid: the broker's own namespace (the host), whose changes
 * come on the shared socket without an NSID */
#define IPC_NSID_SELF		(-2)

/*
 * fds: the endpoints in order, then rtnl, then rmt v4, v6 (as set).  With
 * an nsid other than IPC_NSID_OWN, the namespace's changes come through
 * the shared socket (IPC_RTNL_ALL) marked with it, and its rtnl socket is
 * for the first dump only.
 */
struct ipc_ns_add {
	uint64_t cookie;
	char label[IPC_LABEL_MAX];
	uint8_t host;		/* the broker's own namespace */
	uint8_t n_endpoints;
	uint8_t rmt;		/* IPC_RMT_* */
	uint8_t pad;
	int32_t nsid;		/* its NSID in the broker's namespace */
	struct ipc_endpoint endpoints[IPC_ENDPOINTS_MAX];
};

struct ipc_ns_dump {		/* fds: a NETLINK_ROUTE socket in it */
	uint64_t cookie;
};

struct ipc_ns_del {
	uint64_t cookie;
};

struct ipc_ep_add {		/* fds: the endpoint's */
	uint64_t cookie;
	struct ipc_endpoint endpoint;
};

struct ipc_ep_del {
	uint64_t cookie;
	uint32_t id;
	uint32_t pad;
};

struct ipc_synced {
	uint32_t why;		/* enum ipc_sync_why */
	uint32_t pad;
};

struct ipc_reply {
	int32_t status;		/* 0 or -errno */
	uint32_t pad;
	uint64_t cookie;	/* of the namespace, when known */
};

struct ipc_limits {
	uint64_t fd_limit;	/* RLIMIT_NOFILE, the soft one */
	uint64_t fd_reserve;	/* of it, not for namespaces */
	uint32_t fds_per_ns;	/* the most one namespace holds */
	uint32_t waiting;	/* namespaces over the budget */
};

struct ipc_ns_failed {
	uint64_t cookie;
	int32_t status;		/* -errno */
	uint32_t pad;
};

/*
 * A virtual server (VS): addresses of a namespace that are served from a
 * view of their own, with replies sent under the VS's firewall mark.
 * VS_SET names it by an id (1..IPC_VS_MAX, unique in its namespace while
 * it lives; the id the core knows it by); its sockets follow as EP_ADD
 * with endpoint.vs set.  VS_ADD (from the admin interface) has id 0.
 */
#define IPC_VS_NAME_MAX		32	/* with the NUL */
#define IPC_VS_ADDRS_MAX	16
#define IPC_VS_MAX		255

struct ipc_vs_addr {
	uint8_t family;		/* AF_INET (first 4 bytes) or AF_INET6 */
	uint8_t pad[3];
	uint8_t addr[16];
};

struct ipc_vs {
	uint64_t cookie;	/* of its namespace */
	char name[IPC_VS_NAME_MAX];
	uint32_t mark;
	uint8_t id;
	uint8_t n_addrs;	/* 1..IPC_VS_ADDRS_MAX */
	uint16_t pad;
	struct ipc_vs_addr addrs[IPC_VS_ADDRS_MAX];
};

struct ipc_vs_ref {		/* VS_DEL: by id; VS_REMOVE: by name */
	uint64_t cookie;
	char name[IPC_VS_NAME_MAX];
	uint8_t id;
	uint8_t pad[7];
};

/* A message as decoded: the payload points into the received buffer. */
struct ipc_msg {
	enum ipc_type type;
	uint32_t seq;
	union {
		const struct ipc_ns_add *ns_add;
		const struct ipc_ns_del *ns_del;
		const struct ipc_ep_add *ep_add;
		const struct ipc_ep_del *ep_del;
		const struct ipc_synced *synced;
		const struct ipc_reply *reply;
		const struct ipc_ns_failed *ns_failed;
		const struct ipc_limits *limits;
		const struct ipc_ns_dump *ns_dump;
		const struct ipc_vs *vs;	/* VS_SET, VS_ADD */
		const struct ipc_vs_ref *vs_ref; /* VS_DEL, VS_REMOVE */
		const char *spec;	/* ATTACH, DETACH */
	} u;
	size_t nfds;
};

/* Which way a message may travel. */
enum ipc_dir {
	IPC_TO_ENGINE,
	IPC_TO_BROKER,
};

/*
 * Decode @len bytes received with @nfds descriptors, travelling @dir,
 * into @msg.  Pure: checks the version, the type, the exact size, the
 * descriptor count the payload implies, every enumeration and string.
 * Returns 0 or -EBADMSG (-EPROTO: another version).
 */
int ipc_decode(enum ipc_dir dir, const void *buf, size_t len, size_t nfds,
	       struct ipc_msg *msg);

/* Can @spec travel in an ATTACH or DETACH? */
bool ipc_spec_is_valid(const char *spec);

/* Is @name a virtual server's name: 1 to IPC_VS_NAME_MAX - 1 of
 * [A-Za-z0-9._-], not starting with '.'?  (It names a state file.) */
bool ipc_vs_name_is_valid(const char *name);

/* Are @x and @y the same VS address? */
bool ipc_vs_addr_equal(const struct ipc_vs_addr *x,
		       const struct ipc_vs_addr *y);

/* @a with port @port (host order) as a socket address into @ss; its
 * length. */
socklen_t ipc_vs_addr_sockaddr(const struct ipc_vs_addr *a, uint16_t port,
			       struct sockaddr_storage *ss);

/* @a as text ("?" if it cannot be), in @buf of @size bytes. */
const char *ipc_vs_addr_text(const struct ipc_vs_addr *a, char *buf,
			     size_t size);

/* How many descriptors travel with a valid NS_ADD. */
size_t ipc_ns_add_fds(const struct ipc_ns_add *a);

/* The family and socket type an endpoint of @netid must have. */
void ipc_netid_socket(enum ipc_netid netid, int *ret_family, int *ret_type);

/* The netid's name: "udp", "tcp", "udp6", "tcp6", "local". */
const char *ipc_netid_name(enum ipc_netid netid);

/*
 * Send one message (header and @len bytes of @payload) with @nfds
 * descriptors.  Blocks while the peer's queue is full.  0 or -errno.
 */
int ipc_send(int sock, enum ipc_type type, uint32_t seq,
	     const void *payload, size_t len, const int *fds, size_t nfds);

/*
 * Receive one message into @buf (IPC_MSG_MAX bytes) and its descriptors
 * into @fds (IPC_FDS_MAX).  Returns its length, 0 at end of stream,
 * -EAGAIN, -EBADMSG (truncated: its descriptors are closed) or -errno.
 */
ssize_t ipc_recv(int sock, void *buf, int *fds, size_t *ret_nfds);

/* Close @n descriptors, e.g. those of a refused message. */
void ipc_close_fds(const int *fds, size_t n);

#endif
