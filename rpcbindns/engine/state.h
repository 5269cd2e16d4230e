/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * state.h - registrations that survive the daemon.
 *
 * Every served namespace's table is written to NS_STATE_DIR/COOKIE.xdr
 * (rpcbind.xdr's format) on every change, atomically, so a restart, clean
 * or after SIGKILL, restores every namespace that still exists; cookies
 * are never reused, so a file cannot come back to another namespace.
 * With -w the host namespace is also kept in rpcbind's own warm-start
 * files, STATEDIR/rpcbind.xdr and portmap.xdr, so that a running rpcbind
 * can hand over to rpcbindns and back.
 */
#ifndef RPCBINDNS_STATE_H
#define RPCBINDNS_STATE_H

#include "daemon.h"

/* -w: add rpcbind's saved registrations to the host namespace and
 * remove its files, as rpcbind does; problems are logged and ignored. */
void state_restore_rpcbind(struct daemon *d);

/* -w: write rpcbind.xdr and portmap.xdr for the host namespace. */
void state_save_rpcbind(struct daemon *d);

/* Add @ns's saved registrations, if it has any. */
void state_restore_ns(struct nsctx *ns);

/* Write @ns's registrations.  If that fails, log it (once until every
 * file is written again) and retry every second from a timer. */
void state_save_ns(struct nsctx *ns);

/* Stop the retries (at exit). */
void state_done(struct daemon *d);

/* Forget @ns's file (it is no longer served). */
void state_remove_ns(struct nsctx *ns);

/* Remove the files of namespaces not served (gone while we were down). */
void state_prune(struct daemon *d);

#endif
