/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rtnl.h - a namespace's interface addresses over rtnetlink (libmnl).
 *
 * One NETLINK_ROUTE socket per served namespace, made inside it, listens
 * for address and link changes; the address list is dumped again only
 * after a change, when a request next needs it for address merging.
 * Links are reported as they appear, change and go.
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
 * A link of the namespace, by index, with its IFF_* flags; flags 0: it is
 * gone.  A link may be reported again without a change.
 */
typedef void (*rtnl_link_fn)(int ifindex, unsigned int flags, void *arg);

/*
 * Watch @fd (taken over, closed by rtnl_free()) on @base, calling
 * @on_link(..., @arg) for every link change from now on.  Returns NULL on
 * allocation failure, then @fd is closed too.
 */
struct rtnl *rtnl_new(struct event_base *base, int fd, rtnl_link_fn on_link,
		      void *arg);

/*
 * Report every present link to the on_link callback (at start, and after
 * the callback's owner gained something to do for each).  Returns 0 or
 * -errno.
 */
int rtnl_scan_links(struct rtnl *r);

/*
 * An rtnl without a socket, for rtnl_parse() alone (the fuzzer, the unit
 * tests); free it with rtnl_free().  NULL on allocation failure.
 */
struct rtnl *rtnl_parser_new(rtnl_link_fn on_link, void *arg);

/* What a buffer of rtnetlink messages is read as. */
enum rtnl_msgs {
	RTNL_NOTICES,		/* change notifications, unasked */
	RTNL_LINK_DUMP,		/* the answer to a link dump */
	RTNL_ADDR_DUMP,		/* the answer to an address dump */
};

/*
 * Parse the messages in @buf as the socket's reads and dumps do: links go
 * to the on_link callback, addresses to the list.  Messages whose sequence
 * number is not that of the last dump (0 before any) count as
 * notifications.  Returns mnl_cb_run()'s result; MNL_CB_ERROR with errno
 * EBADMSG, having parsed nothing, if a message runs past @len.
 */
int rtnl_parse(struct rtnl *r, enum rtnl_msgs kind, const void *buf,
	       size_t len);


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
