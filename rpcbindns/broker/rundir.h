/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rundir.h - the directories under /run.
 */
#ifndef RPCBINDNS_RUNDIR_H
#define RPCBINDNS_RUNDIR_H

#include "options.h"

/*
 * Create the state directories, owned by the engine's user, and
 * NS_RUN_DIR, root's, so that the engine's user cannot swap the admin
 * socket in it.  Problems are logged, not fatal.
 */
void rundir_prepare(const struct options *o);

#endif
