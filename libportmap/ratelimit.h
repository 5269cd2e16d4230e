/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ratelimit.h - response rate limiting: how many reply bytes one
 * non-local source may be sent over UDP per second.
 *
 * A forged source address turns a UDP portmapper into a reflector: a
 * 40-byte DUMP comes back as kilobytes, to the victim.  Each source
 * (namespace, address; the port does not matter) gets a token bucket of
 * reply bytes that refills at a fixed rate up to one second's worth.
 * The buckets live in a fixed table of sets, found by a hash keyed with
 * a secret so that sources cannot be chosen to collide; when every bucket
 * of a set is in use, newcomers share one overflow bucket.  Memory is
 * bounded and nothing is allocated per request.  Pure: the caller gives
 * the time.
 */
#ifndef PM_RATELIMIT_H
#define PM_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define PM_RATELIMIT_SLOTS	4096	/* sources tracked at once */

struct pm_ratelimit;

/*
 * A limiter of @bytes_per_sec (> 0) per source; @secret seeds the hash.
 * NULL on allocation failure.
 */
struct pm_ratelimit *pm_ratelimit_new(uint32_t bytes_per_sec,
				      uint64_t secret);
void pm_ratelimit_free(struct pm_ratelimit *rl);	/* NULL is allowed */

/*
 * May @len reply bytes go to @src (AF_INET or AF_INET6) of namespace @ns
 * at @now_ms (a monotonic clock)?  If so they are charged.
 */
bool pm_ratelimit_allow(struct pm_ratelimit *rl, uint64_t ns,
			const struct sockaddr *src, socklen_t src_len,
			uint64_t now_ms, size_t len);

#endif
