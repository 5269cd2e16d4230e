/*
 * rtnl.h - a namespace's interface addresses over rtnetlink (libmnl).
 *
 * One NETLINK_ROUTE socket per served namespace, made inside it, listens
 * for address and link changes; the address list is dumped again only
 * after a change, when a request next needs it for address merging.
 */
#ifndef RPCBINDNS_RTNL_H
#define RPCBINDNS_RTNL_H

#include <stddef.h>

#include "core.h"

struct event_base;
struct rtnl;

/* Most addresses kept per namespace; more are ignored (and logged). */
#define RTNL_ADDRS_MAX	256

/*
 * Open an rtnetlink socket in the current namespace (the caller has
 * entered it) subscribed to address and link changes.  Returns the fd or
 * -errno.
 */
int rtnl_socket(void);

/*
 * Watch @fd (taken over, closed by rtnl_free()) on @base.  Returns NULL on
 * allocation failure, then @fd is closed too.
 */
struct rtnl *rtnl_new(struct event_base *base, int fd);

/* Stop watching and close the socket.  NULL is allowed. */
void rtnl_free(struct rtnl *r);

/*
 * The namespace's addresses, dumped again if anything changed since the
 * last call.  *@ret_v stays valid until the next call.  On a dump failure
 * the previous list is returned.  Returns 0 or -errno.
 */
int rtnl_ifaddrs(struct rtnl *r, const struct pm_ifaddr **ret_v,
		 size_t *ret_n);

#endif
