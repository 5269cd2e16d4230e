/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fault.h - test-only fault injection at named sites.
 *
 * Built in only with ./configure --enable-fault-injection; otherwise
 * fault_inject() is a constant false and every site compiles away.
 *
 * The faults are read once from the environment variable
 * RPCBINDNS_FAULTS, a comma-separated list of SITE:N (fail the Nth call
 * of SITE, counting from 1) or SITE:N-M (fail calls N to M), e.g.
 *	RPCBINDNS_FAULTS=setns:1,nsctx_alloc:2-3
 * Calls outside the ranges, and every site not named, go through.  Each
 * injected failure is logged at info level as "fault: injected SITE
 * (call N)", so that a test can wait for it; an unknown site or a
 * malformed list is fatal at the first check.
 *
 * A site is one line in front of the real call, with errno set as the
 * real failure would set it:
 *	if (fault_inject(FAULT_SETNS) || setns(fd, CLONE_NEWNET) < 0)
 */
#ifndef RPCBINDNS_FAULT_H
#define RPCBINDNS_FAULT_H

#include <stdbool.h>

enum fault_site {
	FAULT_SETNS,		/* "setns": entering a namespace to attach
				 * it, EPERM (never the way back) */
	FAULT_NSCTX_ALLOC,	/* "nsctx_alloc": a namespace's context in
				 * the broker, ENOMEM; call 1 is the host's */
	FAULT_CONN_ALLOC,	/* "conn_alloc": an accepted connection,
				 * ENOMEM; the admin socket's count too */
	FAULT_TABLE_ADD,	/* "table_add": the portmapper's own entry
				 * in a table, ENOMEM, in the engine; one
				 * call per netid of each namespace */
	FAULT_SITES,
};

#ifdef ENABLE_FAULT_INJECTION
/* True (errno set) if this call of @site is to fail. */
bool fault_inject(enum fault_site site);
#else
static inline bool fault_inject(enum fault_site site)
{
	(void)site;
	return false;
}
#endif

#endif
