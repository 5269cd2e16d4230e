/*
 * warmstart.h - rpcbind's warm-start files for the host namespace (-w):
 * STATEDIR/rpcbind.xdr and portmap.xdr, in rpcbind's own format, so that
 * a running rpcbind can hand over to rpcbindns and back.
 */
#ifndef RPCBINDNS_WARMSTART_H
#define RPCBINDNS_WARMSTART_H

#include "daemon.h"

/*
 * Add the registrations of a previous run to the host namespace and
 * remove the files, as rpcbind does.  A missing file is no error; an
 * unsafe or malformed one is logged and ignored.
 */
void warmstart_restore(struct daemon *d);

/* Write both files (atomically: a temporary file renamed into place). */
void warmstart_save(struct daemon *d);

#endif
