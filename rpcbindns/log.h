/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * log.h - logging in the shape of OpenBSD's log.h.
 *
 * Messages go to stderr (foreground) or to syslog(LOG_DAEMON).  errno is
 * preserved by every function.  Anything a remote peer can trigger goes
 * through a struct log_rate so a flood cannot flood the log.
 */
#ifndef RPCBINDNS_LOG_H
#define RPCBINDNS_LOG_H

#include <stdbool.h>
#include <time.h>

/* Where and how much to log; @verbose: 0 info, 1+ debug. */
void log_init(bool to_stderr, int verbose);
void log_set_verbose(int verbose);

/* -a with -d: abort (dump core) after logging any warning. */
void log_set_abort(bool on);
int log_get_verbose(void);

void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/*
 * A rate limit: at most LOG_RATE_BURST messages per LOG_RATE_INTERVAL
 * seconds; the next message after a quiet spell says how many were
 * suppressed.  Zero-initialise one per call site (static).
 */
#define LOG_RATE_INTERVAL	10
#define LOG_RATE_BURST		5

struct log_rate {
	time_t start;
	unsigned int shown;
	unsigned long suppressed;
};

void log_warnx_rate(struct log_rate *rate, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
