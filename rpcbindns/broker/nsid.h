/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nsid.h - rtnetlink NSIDs (libmnl): NSID events as rescan triggers, and
 * an NSID for every namespace we serve.
 *
 * An event carries only a number: it says "something about namespaces
 * changed", never which one, so it only triggers a rescan.  Giving every
 * served namespace an NSID makes it show in `ip netns list-id` and lets
 * its destruction be seen (RTM_DELNSID) once we have let it go.
 */
#ifndef RPCBINDNS_NSID_H
#define RPCBINDNS_NSID_H

#include <stddef.h>
#include <sys/types.h>

struct event_base;
struct nsid;
struct nsid_batch;

typedef void (*nsid_trigger_fn)(void *arg);

/* Listen to RTNLGRP_NSID; call @trigger(@arg) on every event.  NULL on
 * failure (logged): the other discovery sources still work. */
struct nsid *nsid_new(struct event_base *base, nsid_trigger_fn trigger,
		      void *arg);
void nsid_free(struct nsid *n);		/* NULL is allowed */

/* Give the namespace of @nsfd an NSID if it has none (RTM_NEWNSID).
 * Returns its NSID, or -1 if it has none (@n NULL, a failure). */
int nsid_assign(struct nsid *n, int nsfd);

/*
 * NSIDs for the namespaces of @paths (@count of them; the strings must
 * outlive the batch), given in order on a thread of their own while the
 * caller attaches them: in the kernel each RTM_NEWNSID walks every NSID
 * of our namespace, a third of the broker's work when thousands are
 * attached at once.  NULL if there is no thread (nothing to fall back
 * from: nsid_assign() each).
 */
struct nsid_batch *nsid_batch_start(struct nsid *n, const char *const *paths,
				    size_t count);

/* The NSID given for paths[@i], once it is (it waits), if that path led
 * to the namespace of inode @ino; else -1. */
int nsid_batch_take(struct nsid_batch *b, size_t i, ino_t ino);

/* Stop the thread after the namespace it is at, and free the batch.
 * NULL is allowed. */
void nsid_batch_end(struct nsid_batch *b);

#endif
