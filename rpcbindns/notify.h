/*
 * notify.h - service manager notifications (sd_notify) and socket
 * activation (sd_listen_fds), when built with libsystemd; no-ops without.
 */
#ifndef RPCBINDNS_NOTIFY_H
#define RPCBINDNS_NOTIFY_H

#include <stddef.h>

void notify_ready(const char *status);
void notify_status(const char *status);
void notify_reloading(void);
void notify_stopping(void);

/* Fds passed by socket activation into @fds (at most @max); the count. */
size_t notify_listen_fds(int *fds, size_t max);

#endif
