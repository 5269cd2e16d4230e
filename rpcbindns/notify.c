/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * notify.c - sd_notify(), sd_watchdog_enabled() and sd_listen_fds() through
 * libsystemd.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <systemd/sd-daemon.h>

#include "notify.h"


void notify_ready(const char *status)
{
	sd_notifyf(0, "READY=1\nSTATUS=%s", status);
}

void notify_status(const char *status)
{
	sd_notifyf(0, "STATUS=%s", status);
}

void notify_reloading(void)
{
	sd_notify(0, "RELOADING=1");
}

void notify_stopping(void)
{
	sd_notify(0, "STOPPING=1");
}

int notify_watchdog_usec(uint64_t *ret_usec)
{
	return sd_watchdog_enabled(0, ret_usec);
}

void notify_watchdog(void)
{
	sd_notify(0, "WATCHDOG=1");
}

size_t notify_listen_fds(int *fds, size_t max)
{
	int n = sd_listen_fds(1), i;

	if (n <= 0)
		return 0;
	for (i = 0; i < n && (size_t)i < max; i++)
		fds[i] = SD_LISTEN_FDS_START + i;
	return (size_t)i;
}
