/*
 * nsmgr.h - the namespace manager: finds network namespaces, serves
 * them, and lets them go.
 *
 * Sources, all feeding one rescan: nsfs files under /run/netns (inotify),
 * nsfs mounts anywhere in our mount namespace (/proc/self/mountinfo
 * changes, e.g. /run/docker/netns/ID), rtnetlink NSID events, explicit
 * --netns specs, opt-in namespaces of processes, and a periodic sweep.
 * A rescan stats the candidates (cheap), attaches namespaces not yet
 * served that the policy allows, and detaches served namespaces that
 * nothing but us uses any more: our own sockets keep a namespace alive,
 * so waiting for the kernel to destroy it would leak it forever.
 */
#ifndef RPCBINDNS_NSMGR_H
#define RPCBINDNS_NSMGR_H

#include "daemon.h"

#define NSMGR_DEBOUNCE_MS	20
#define NSMGR_SWEEP_SEC		30

/*
 * Start watching (the caller is in the namespace it serves as "host").
 * Returns NULL and logs on failure.
 */
struct nsmgr *nsmgr_new(struct daemon *d);

/* Stop watching.  Served namespaces stay (daemon_done() frees them). */
void nsmgr_free(struct nsmgr *m);

/* Rescan now (start-up, SIGHUP). */
void nsmgr_rescan(struct nsmgr *m);

/* The served namespace with netns cookie @cookie, or NULL. */
struct nsctx *nsmgr_find(struct daemon *d, uint64_t cookie);

#endif
