/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * engine.h - the unprivileged half of rpcbindns.
 *
 * The broker starts the engine as the same program with --engine, its
 * end of their socketpair on IPC_ENGINE_FD.  The engine gives up every
 * privilege before it reads a message, then serves every namespace the
 * broker hands it: the event loop, the transports, the protocol core, the
 * tables and their state files, the admin protocol.
 */
#ifndef RPCBINDNS_ENGINE_H
#define RPCBINDNS_ENGINE_H

#include "options.h"

/* Serve as the engine until the broker says stop.  Returns the exit
 * status. */
int engine_main(const struct options *o);

#endif
