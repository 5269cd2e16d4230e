/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * internal.h - small helpers shared by the libportmap modules.
 */
#ifndef PM_INTERNAL_H
#define PM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Longest string a request may carry in a netid, uaddr or owner field. */
#define PM_WIRE_STRING_MAX	255

/* FNV-1a, 32 bits: a hash for small keys, a check for small records. */
#define PM_FNV1A_INIT		2166136261u
static inline uint32_t pm_fnv1a(uint32_t h, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len--) {
		h ^= *p++;
		h *= 16777619u;
	}
	return h;
}

#endif
