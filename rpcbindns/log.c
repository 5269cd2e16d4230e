/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * log.c - stderr or syslog logging; never forks, never blocks for long.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

#define LOG_LINE_MAX	1024

static bool use_stderr = true;
static bool abort_on_warning;
static int verbosity;

void log_init(bool to_stderr, int verbose)
{
	use_stderr = to_stderr;
	verbosity = verbose;
	if (!use_stderr)
		openlog("rpcbindns", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void log_set_abort(bool on)
{
	abort_on_warning = on;
}

static void vlog(int prio, const char *fmt, va_list ap, const char *suffix)
{
	char line[LOG_LINE_MAX];
	int saved = errno;

	vsnprintf(line, sizeof(line), fmt, ap);
	if (use_stderr)
		fprintf(stderr, "rpcbindns: %s%s%s\n", line,
			suffix ? ": " : "", suffix ? suffix : "");
	else
		syslog(prio, "%s%s%s", line, suffix ? ": " : "",
		       suffix ? suffix : "");
	if (prio == LOG_WARNING && abort_on_warning)
		abort();
	errno = saved;
}

void log_warn(const char *fmt, ...)
{
	const char *why = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, why);
	va_end(ap);
}

void log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, NULL);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap, NULL);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	if (verbosity < 1)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap, NULL);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	const char *why = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, why);
	va_end(ap);
	exit(EXIT_FAILURE);
}

void fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, NULL);
	va_end(ap);
	exit(EXIT_FAILURE);
}

void log_warnx_rate(struct log_rate *rate, const char *fmt, ...)
{
	time_t now = time(NULL);
	va_list ap;

	if (now - rate->start >= LOG_RATE_INTERVAL) {
		if (rate->suppressed)
			log_warnx("%lu similar messages suppressed",
				  rate->suppressed);
		rate->start = now;
		rate->shown = 0;
		rate->suppressed = 0;
	}
	if (rate->shown >= LOG_RATE_BURST) {
		rate->suppressed++;
		return;
	}
	rate->shown++;
	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, NULL);
	va_end(ap);
}
