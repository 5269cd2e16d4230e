/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * state.h - registrations that survive the daemon.
 *
 * Every served namespace's table is written to NS_STATE_DIR/COOKIE.xdr
 * (rpcbind.xdr's format), atomically, and each change since is appended
 * to NS_STATE_DIR/journal before its reply goes out (libportmap's
 * journal.h).  COOKIE.xdr holds the namespace-wide registrations; each
 * virtual server (VS) with registrations has COOKIE@NAME.xdr (the same
 * format), by name, as VS ids are the broker's and may change, and the
 * journal names the VS of each change.  A new engine first folds the
 * journal into the files, so a restart, clean or after SIGKILL, restores
 * every namespace that still exists; cookies are never reused, so a file
 * cannot come back to another namespace.  The journal is folded again (compacted) when it grows.
 * Durable means surviving the daemon's death: journal records are not
 * fsync'ed (the directory is a tmpfs under /run), state files are.
 * With -w the host namespace is also written at exit to rpcbind's own
 * warm-start files, STATEDIR/rpcbind.xdr and portmap.xdr, and read from
 * them at start, so that rpcbind can hand over to rpcbindns and back.
 */
#ifndef RPCBINDNS_STATE_H
#define RPCBINDNS_STATE_H

#include "daemon.h"

/*
 * -w: the host namespace's registrations from rpcbind's files, which,
 * when there, are newer than the rest of our state: written at the exit
 * of rpcbind, or of the engine (the first engine takes them; a restarted
 * one only removes its predecessor's).  True if taken, then instead of
 * state_restore_ns(); problems are logged and ignored.
 */
bool state_restore_rpcbind(struct daemon *d);

/* -w: write rpcbind.xdr and portmap.xdr for the host namespace. */
void state_save_rpcbind(struct daemon *d);

/* Add @ns's saved registrations, if it has any. */
void state_restore_ns(struct nsctx *ns);

/* Add the saved registrations of @vs, a VS of @ns new to the engine,
 * into its view. */
void state_restore_vs(struct nsctx *ns, const struct vs *vs);

/* Fold the journal a former engine left into the state files, then open
 * it for appending; without it every change rewrites its file.  Records
 * what the table changes from now on while a request is served. */
void state_open(struct daemon *d);

/* Serve a request of @ns with its changes recorded (state_commit()
 * writes them); between the two, nothing else may change the table.
 * What another namespace's requests recorded is written first: the
 * records waiting are one namespace's. */
void state_record(struct nsctx *ns, bool on);

/* @ns's request changed the table: state_commit() has records of it. */
void state_changed(struct nsctx *ns);

/* Make the recorded changes durable: append them to the journal, or
 * write their namespace's file.  If that fails, log it (once until every
 * file is written again) and retry every second from a timer.  Nothing
 * to do if none were recorded. */
void state_commit(struct daemon *d);

/* Fold the journal into the files, stop the retries, close (at exit). */
void state_done(struct daemon *d);

/* Forget @ns's files (it is no longer served). */
void state_remove_ns(struct nsctx *ns);

/* Forget the file of @vs, a VS of @ns being deleted, once its
 * registrations are dropped (pm_table_drop_vs()). */
void state_remove_vs(struct nsctx *ns, const struct vs *vs);

/* Remove the files of namespaces not served (gone while we were down). */
void state_prune(struct daemon *d);

#endif
