/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ratelimit.c - per-source token buckets of UDP reply bytes.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "ratelimit.h"

#define WAYS	4			/* buckets per set */
#define SETS	(PM_RATELIMIT_SLOTS / WAYS)

struct source {
	uint64_t ns;
	uint8_t addr[16];		/* IPv4 as v4-mapped IPv6 */
};

struct bucket {
	struct source src;
	uint64_t last_ms;		/* last refill */
	uint32_t tokens;		/* bytes that may still go */
	bool used;
};

struct pm_ratelimit {
	uint32_t rate;			/* bytes per second, also the burst */
	uint64_t secret;
	struct bucket overflow;		/* for sources without a bucket */
	struct bucket sets[SETS][WAYS];
};

struct pm_ratelimit *pm_ratelimit_new(uint32_t bytes_per_sec,
				      uint64_t secret)
{
	struct pm_ratelimit *rl = calloc(1, sizeof(*rl));

	if (!rl)
		return NULL;
	rl->rate = bytes_per_sec;
	rl->secret = secret;
	rl->overflow.tokens = bytes_per_sec;
	return rl;
}

void pm_ratelimit_free(struct pm_ratelimit *rl)
{
	free(rl);
}

static bool source_of(uint64_t ns, const struct sockaddr *sa, socklen_t len,
		      struct source *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->ns = ns;
	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		ret->addr[10] = ret->addr[11] = 0xff;
		memcpy(&ret->addr[12],
		       &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		memcpy(ret->addr,
		       &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
		return true;
	}
	return false;
}

/* A keyed mix (splitmix64 rounds) of the source: not a MAC, but without
 * the secret a sender cannot aim many sources at one set. */
static uint64_t mix(uint64_t h)
{
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static size_t set_of(const struct pm_ratelimit *rl, const struct source *s)
{
	uint64_t a, b;

	memcpy(&a, s->addr, 8);
	memcpy(&b, s->addr + 8, 8);
	return mix(mix(mix(rl->secret ^ s->ns) ^ a) ^ b) % SETS;
}

static void refill(const struct pm_ratelimit *rl, struct bucket *b,
		   uint64_t now_ms)
{
	uint64_t gained;

	if (now_ms <= b->last_ms)
		return;
	gained = (now_ms - b->last_ms) * rl->rate / 1000;
	b->tokens = gained >= rl->rate - b->tokens ? rl->rate :
		    b->tokens + (uint32_t)gained;
	b->last_ms = now_ms;
}

/* The bucket of @s, a fresh one if a bucket of its set is full again (its
 * source has been quiet for a second), else the overflow bucket. */
static struct bucket *bucket_of(struct pm_ratelimit *rl,
				const struct source *s, uint64_t now_ms)
{
	struct bucket *set = rl->sets[set_of(rl, s)], *free_b = NULL;
	size_t i;

	for (i = 0; i < WAYS; i++) {
		if (set[i].used && memcmp(&set[i].src, s, sizeof(*s)) == 0)
			return &set[i];
		if (!set[i].used)
			free_b = &set[i];
		else if (!free_b) {
			refill(rl, &set[i], now_ms);
			if (set[i].tokens == rl->rate)
				free_b = &set[i];
		}
	}
	if (!free_b)
		return &rl->overflow;
	free_b->src = *s;
	free_b->used = true;
	free_b->tokens = rl->rate;
	free_b->last_ms = now_ms;
	return free_b;
}

bool pm_ratelimit_allow(struct pm_ratelimit *rl, uint64_t ns,
			const struct sockaddr *src, socklen_t src_len,
			uint64_t now_ms, size_t len)
{
	struct source s;
	struct bucket *b;

	if (!source_of(ns, src, src_len, &s))
		return false;
	b = bucket_of(rl, &s, now_ms);
	refill(rl, b, now_ms);
	if (len > b->tokens)
		return false;
	b->tokens -= (uint32_t)len;
	return true;
}
