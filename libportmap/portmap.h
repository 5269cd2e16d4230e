/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * portmap.h - libportmap, the client library of rpcbindns.
 *
 * For root (or the daemon's --admin-group) on the same host: list the
 * network namespaces rpcbindns serves, attach and detach them, and
 * register, unregister and look up services in any of them without
 * entering it, over the daemon's admin socket.  Everything here is
 * pm_client_* (PM_CLIENT_* for constants).
 *
 * A namespace may hold virtual servers (VS): named sets of its addresses
 * answered from a view of their own (its registrations, then the
 * namespace-wide ones), replies leaving under the VS's firewall mark.
 * The pm_client_vs_* calls act in a VS's view; a NULL or "" VS name is
 * the namespace-wide view, as the calls without _vs_.
 *
 * Every function returns 0 (or a count) or -errno:
 *   -ECONNREFUSED  rpcbindns is not running (no admin socket)
 *   -EPERM         the caller may not use the admin socket
 *   -ENOENT        no such namespace / virtual server / registration
 *   -EEXIST        the key is registered with another address, or the
 *                  registration was refused; a VS of that name exists
 *   -EADDRINUSE    an address belongs to another VS of the namespace
 *   -EINVAL        not a namespace; a VS name, mark or address that is
 *                  not valid
 *   -EOPNOTSUPP    a daemon too old for the call
 *   -EPROTO        an answer that makes no sense
 *   -EBUSY         (detach) the daemon's own namespace
 * A struct pm_client may be used by one thread at a time; separate clients
 * may be used in separate threads.
 */
#ifndef PORTMAP_H
#define PORTMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PM_CLIENT_SOCK_PATH	"/run/rpcbindns/admin.sock"
#define PM_CLIENT_LABEL_MAX	64	/* pm_client_ns_info.label */
#define PM_CLIENT_UADDR_MAX	128	/* an address, NUL included */
#define PM_CLIENT_CALL_MAX	262144	/* a pm_client_call() request */
#define PM_CLIENT_VS_NAME_MAX	32	/* a VS's name, NUL included */
#define PM_CLIENT_VS_ADDRS_MAX	16	/* addresses of a VS */
#define PM_CLIENT_ADDR_MAX	46	/* a numeric IPv4/IPv6 address */

struct pm_client;

/* One registration, borrowed for the duration of the callback. */
struct pm_client_entry {
	uint32_t prog;
	uint32_t vers;
	const char *netid;
	const char *uaddr;
	const char *owner;
	const char *vs;		/* pm_client_entries(): its VS's name, ""
				 * namespace-wide; the dumps: NULL */
};

/* Called for each registration; non-zero stops the walk. */
typedef int (*pm_client_entry_cb_t)(const struct pm_client_entry *e,
				    void *data);

/* A namespace the daemon serves. */
struct pm_client_ns_info {
	uint64_t cookie;			/* the namespace's identity */
	char label[PM_CLIENT_LABEL_MAX];	/* its name, path or pid:N */
	uint32_t endpoints;
	char endpoint_set[64];			/* its netids: "udp,tcp,..." */
	uint32_t registrations;
	uint32_t connections;
	uint64_t dropped;			/* malformed or unfinished */
	uint64_t rate_limited;			/* UDP replies not sent */
	bool host;				/* the daemon's own */
};

/* The daemon's state (filled by pm_client_status(), like stat(2)). */
struct pm_client_status {
	char version[32];
	uint64_t uptime;			/* seconds */
	uint32_t namespaces;
	uint32_t connections;
	uint32_t open_fds;
	uint32_t max_connections;
	uint32_t max_connections_per_ns;
};

/*
 * The descriptor budget (filled by pm_client_limits()): namespaces are
 * served while their sockets leave @fd_reserve of @fd_limit free; the
 * rest, @waiting, are served as descriptors free up.
 */
struct pm_client_limits {
	uint64_t fd_limit;			/* the daemon's RLIMIT_NOFILE */
	uint64_t fd_reserve;			/* kept for connections, files */
	uint32_t fds_per_ns;			/* the most one namespace takes */
	uint32_t waiting;			/* namespaces not served for it */
};

/* A virtual server (filled by pm_client_vs_list()). */
struct pm_client_vs_info {
	uint64_t cookie;			/* of its namespace */
	char label[PM_CLIENT_LABEL_MAX];	/* of its namespace */
	char name[PM_CLIENT_VS_NAME_MAX];
	uint32_t mark;				/* its firewall mark */
	uint32_t n_addrs;
	char addrs[PM_CLIENT_VS_ADDRS_MAX][PM_CLIENT_ADDR_MAX];
	uint32_t registrations;			/* made in its view */
};

/* Connect to the daemon at @path (NULL: PM_CLIENT_SOCK_PATH). */
int pm_client_open(const char *path, struct pm_client **ret);

/* Disconnect and free.  NULL is allowed. */
void pm_client_close(struct pm_client *c);

/* A message for a negative errno returned by this library. */
const char *pm_client_strerror(int err);

/*
 * The cookie of the namespace @spec names: "cookie:N" or a bare number,
 * "pid:N", an absolute path, or a name under /run/netns (opening those
 * needs the right to).  Local: asks no daemon, starts no process.  On
 * kernels without NS_GET_ID (Debian 12's 6.1) the calling thread enters the
 * namespace for one socket() and returns, which needs CAP_SYS_ADMIN;
 * -ENOTRECOVERABLE then means the kernel let it in but not back: the
 * thread is left in that namespace and should not carry on.
 */
int pm_client_resolve(const char *spec, uint64_t *ret_cookie);

/*
 * Open the network namespace @spec names (as pm_client_resolve(), without
 * "cookie:"), for setns(); the caller closes the fd.  Returns it or
 * -errno.
 */
int pm_client_netns_open(const char *spec);

/* The daemon's state. */
int pm_client_status(struct pm_client *c, struct pm_client_status *ret);

/* The descriptor budget (since LIBPORTMAP_1.1); -EOPNOTSUPP from a
 * daemon that does not tell. */
int pm_client_limits(struct pm_client *c, struct pm_client_limits *ret);

/* Every namespace served, into *@ret (free() it); returns the count. */
int pm_client_list(struct pm_client *c, struct pm_client_ns_info **ret,
		   size_t *ret_n);

/* Serve / stop serving the namespace @spec names (as pm_client_resolve()). */
int pm_client_attach(struct pm_client *c, const char *spec,
		     uint64_t *ret_cookie);
int pm_client_detach(struct pm_client *c, const char *spec);

/*
 * Register (prog, vers, netid) at @uaddr in namespace @ns (0: the
 * daemon's own), as the calling user.  Registering the same address
 * again succeeds.
 */
int pm_client_set(struct pm_client *c, uint64_t ns, uint32_t prog,
		  uint32_t vers, const char *netid, const char *uaddr);

/* Unregister (prog, vers) on @netid (NULL: every netid) in @ns. */
int pm_client_unset(struct pm_client *c, uint64_t ns, uint32_t prog,
		    uint32_t vers, const char *netid);

/* The address (prog, vers, netid) is registered at in @ns, as given. */
int pm_client_getaddr(struct pm_client *c, uint64_t ns, uint32_t prog,
		      uint32_t vers, const char *netid, char *buf,
		      size_t size);

/* Call @fn for each registration of @ns; returns the count. */
int pm_client_dump(struct pm_client *c, uint64_t ns,
		   pm_client_entry_cb_t fn, void *data);

/*
 * Any portmapper call (PMAP v2, RPCBIND v3/v4, as on the wire, at most
 * PM_CLIENT_CALL_MAX bytes) made in namespace @ns as a local client; the
 * reply into @out.  Returns the reply's length, -ENODATA when the daemon
 * sends no reply (CALLIT), -EMSGSIZE when @cap is too small.
 */
int pm_client_call(struct pm_client *c, uint64_t ns, const void *req,
		   size_t len, void *out, size_t cap);

/*
 * Virtual servers (since LIBPORTMAP_1.2).
 *
 * Define VS @name ([A-Za-z0-9._-], 1 to PM_CLIENT_VS_NAME_MAX - 1
 * characters, not starting with '.') in namespace @ns (0: the daemon's
 * own), with firewall mark @mark (non-zero) and @n_addrs (1 to
 * PM_CLIENT_VS_ADDRS_MAX) numeric IPv4 or IPv6 addresses of it.  It
 * lasts until deleted or the daemon stops; reloads keep it.
 */
int pm_client_vs_add(struct pm_client *c, uint64_t ns, const char *name,
		     uint32_t mark, const char *const *addrs, size_t n_addrs);

/* Delete VS @name of @ns, and with it every registration of its view. */
int pm_client_vs_del(struct pm_client *c, uint64_t ns, const char *name);

/*
 * The virtual servers of @ns, or with @ns 0 of every namespace served,
 * into *@ret (free() it); returns the count.
 */
int pm_client_vs_list(struct pm_client *c, uint64_t ns,
		      struct pm_client_vs_info **ret, size_t *ret_n);

/* pm_client_call() answered from the view of VS @vs of @ns. */
int pm_client_vs_call(struct pm_client *c, uint64_t ns, const char *vs,
		      const void *req, size_t len, void *out, size_t cap);

/* pm_client_set() in VS @vs: the registration is the VS's own. */
int pm_client_vs_set(struct pm_client *c, uint64_t ns, const char *vs,
		     uint32_t prog, uint32_t vers, const char *netid,
		     const char *uaddr);

/* pm_client_unset() in VS @vs: removes the VS's own registrations only
 * (as pm_client_unset() removes namespace-wide ones only). */
int pm_client_vs_unset(struct pm_client *c, uint64_t ns, const char *vs,
		       uint32_t prog, uint32_t vers, const char *netid);

/* pm_client_getaddr() as a client of VS @vs sees it: the VS's own
 * registration, else the namespace-wide one. */
int pm_client_vs_getaddr(struct pm_client *c, uint64_t ns, const char *vs,
			 uint32_t prog, uint32_t vers, const char *netid,
			 char *buf, size_t size);

/* pm_client_dump() as a client of VS @vs sees it: the VS's own
 * registrations and the namespace-wide ones they do not hide. */
int pm_client_vs_dump(struct pm_client *c, uint64_t ns, const char *vs,
		      pm_client_entry_cb_t fn, void *data);

/*
 * Call @fn for every registration of @ns, of every view, in registration
 * order, with e->vs naming the VS it belongs to ("" namespace-wide);
 * returns the count.
 */
int pm_client_entries(struct pm_client *c, uint64_t ns,
		      pm_client_entry_cb_t fn, void *data);

#ifdef __cplusplus
}
#endif

#endif
