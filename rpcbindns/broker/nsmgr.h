/* SPDX-License-Identifier: BSD-3-Clause */
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

#include "broker.h"

#define NSMGR_DEBOUNCE_MS	20
#define NSMGR_SWEEP_SEC		30

/*
 * Start watching (the caller is in the namespace it serves as "host").
 * Returns NULL and logs on failure.
 */
struct nsmgr *nsmgr_new(struct broker *b);

/* Stop watching.  Served namespaces stay (broker_done() frees them). */
void nsmgr_free(struct nsmgr *m);

/* Rescan now (start-up, SIGHUP). */
void nsmgr_rescan(struct nsmgr *m);

/* Give the namespace of @nsfd (inode @ino) an NSID in ours if it has
 * none; its NSID, or -1 (IPC_NSID_OWN) if it has none. */
int nsmgr_assign_nsid(struct nsmgr *m, int nsfd, ino_t ino);

/*
 * Serve the namespace @spec names (a name, a path, pid:N) now, also one
 * the policy would skip or that was detached by hand.  Returns 0 with its
 * cookie, -EEXIST (served already; cookie set), -EADDRINUSE, -errno.
 */
int nsmgr_attach_spec(struct nsmgr *m, const char *spec,
		      uint64_t *ret_cookie);

/*
 * Stop serving the namespace @spec names (also "cookie:N" or a bare
 * cookie) and keep it out of rescans while it lives.  Returns 0, -ENOENT
 * (not served), -EBUSY (the daemon's own namespace), -errno.
 */
int nsmgr_detach_spec(struct nsmgr *m, const char *spec);

#endif
