/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * notify-disabled.c - built without libsystemd: nothing to notify, no
 * watchdog, no socket activation.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "notify.h"

void notify_ready(const char *status)
{
}

void notify_status(const char *status)
{
}

void notify_reloading(void)
{
}

void notify_stopping(void)
{
}

int notify_watchdog_usec(uint64_t *ret_usec)
{
	return 0;
}

void notify_watchdog(void)
{
}

size_t notify_listen_fds(int *fds, size_t max)
{
	return 0;
}
