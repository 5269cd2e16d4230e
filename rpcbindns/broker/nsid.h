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

struct event_base;
struct nsid;

typedef void (*nsid_trigger_fn)(void *arg);

/* Listen to RTNLGRP_NSID; call @trigger(@arg) on every event.  NULL on
 * failure (logged): the other discovery sources still work. */
struct nsid *nsid_new(struct event_base *base, nsid_trigger_fn trigger,
		      void *arg);
void nsid_free(struct nsid *n);		/* NULL is allowed */

/* Give the namespace of @nsfd an NSID if it has none (RTM_NEWNSID).
 * Returns its NSID, or -1 if it has none (@n NULL, a failure). */
int nsid_assign(struct nsid *n, int nsfd);

#endif
