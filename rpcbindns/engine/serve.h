/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * serve.h - hand one request of a namespace to the core.
 */
#ifndef RPCBINDNS_SERVE_H
#define RPCBINDNS_SERVE_H

#include <stdbool.h>

#include "daemon.h"

/*
 * Answer @in, which arrived in @ns; @c describes the transport and peer,
 * the namespace-wide fields are filled here.  Returns as
 * pm_proc_dispatch(); counts and logs (at debug level) what is dropped,
 * logs SET and UNSET with -l, and says in @ret_changed whether @ns's
 * table changed.
 */
int serve_request(struct nsctx *ns, struct pm_caller *c, const void *in,
		  size_t len, void *out, size_t cap, struct pm_rmtcall *fwd,
		  bool *ret_changed);

#endif
