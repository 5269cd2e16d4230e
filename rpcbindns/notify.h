/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * notify.h - service manager notifications (sd_notify) and socket
 * activation (sd_listen_fds), when built with libsystemd; no-ops without.
 */
#ifndef RPCBINDNS_NOTIFY_H
#define RPCBINDNS_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

void notify_ready(const char *status);
void notify_status(const char *status);
void notify_reloading(void);
void notify_stopping(void);

/*
 * The keep-alive interval the service manager wants (WatchdogSec=, passed
 * as WATCHDOG_USEC, for us if WATCHDOG_PID is unset or our pid), in
 * microseconds in @ret_usec.  Returns 1 if it wants pings, 0 if not (or
 * built without libsystemd), -errno if the variables are malformed.
 */
int notify_watchdog_usec(uint64_t *ret_usec);

/* One keep-alive ping: WATCHDOG=1. */
void notify_watchdog(void);

/* Fds passed by socket activation into @fds (at most @max); the count. */
size_t notify_listen_fds(int *fds, size_t max);

#endif
