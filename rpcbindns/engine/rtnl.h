/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rtnl.h - a namespace's interface addresses over rtnetlink (libmnl).
 *
 * A namespace with an NSID in the broker's namespace is followed through
 * the one shared socket (rtnl_all): its lists are dumped once through a
 * socket made inside it, then kept from the notifications.  One without
 * has a NETLINK_ROUTE socket of its own, made inside it, that listens for
 * changes; its address list is dumped again only after a change, when a
 * request next needs it for address merging.  Links are reported as they
 * appear, change and go.
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

/*
 * An rtnl without a socket of its own, for a namespace whose changes come
 * through the shared socket (rtnl_all): its lists are kept up to date from
 * the notifications rtnl_parse() is given, and filled by rtnl_dump_from().
 * NULL on allocation failure.
 */
struct rtnl *rtnl_follower_new(rtnl_link_fn on_link, void *arg);

/*
 * Fill a follower's lists afresh from a dump over @fd, a NETLINK_ROUTE
 * socket in its namespace, taken over and closed.  Links are reported.
 * Returns 0 or -errno.
 */
int rtnl_dump_from(struct rtnl *r, int fd);

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


/*
 * The shared socket: one NETLINK_ROUTE socket in the broker's namespace
 * with NETLINK_LISTEN_ALL_NSID hears the changes of every namespace that
 * has an NSID there, each datagram marked with it; the broker's own
 * namespace's come unmarked (RTNL_NSID_SELF).
 */
#define RTNL_NSID_SELF	(-2)
#define RTNL_NSID_NONE	(-1)	/* NETNSA_NSID_NOT_ASSIGNED */

struct rtnl_all;

/* The follower of the namespace of @nsid, or NULL: not ours. */
typedef struct rtnl *(*rtnl_find_fn)(int nsid, void *arg);
/* Notifications were lost (ENOBUFS): every follower must dump again. */
typedef void (*rtnl_lost_fn)(void *arg);

/*
 * Watch @fd (taken over, closed by rtnl_all_free() or on failure) on
 * @base: each notification goes to @find(nsid, @arg)'s follower through
 * rtnl_parse(); @lost(@arg) when some were lost.  NULL on failure.
 */
struct rtnl_all *rtnl_all_new(struct event_base *base, int fd,
			      rtnl_find_fn find, rtnl_lost_fn lost, void *arg);

/* Hand out what is queued now: before an NSID is given to a new follower,
 * a namespace gone that had it cannot leave it notifications. */
void rtnl_all_drain(struct rtnl_all *a);

/* Stop watching and close the socket.  NULL is allowed. */
void rtnl_all_free(struct rtnl_all *a);

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
