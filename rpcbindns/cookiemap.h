/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cookiemap.h - served namespaces by netns cookie, in O(1).
 *
 * Every AF_LOCAL connection, every message about a namespace and every
 * admin call looks a namespace up by cookie; with thousands served, a
 * walk of the list would cost more than the call.  Open addressing with
 * linear probing; a removal shifts the entries after it back, so lookups
 * never meet tombstones.  Cookie 0 is no namespace's (the kernel counts
 * from 1) and marks a free slot.
 */
#ifndef RPCBINDNS_COOKIEMAP_H
#define RPCBINDNS_COOKIEMAP_H

#include <stddef.h>
#include <stdint.h>

struct cookiemap {
	struct cookiemap_slot {
		uint64_t cookie;
		void *value;
	} *slots;
	size_t cap;			/* a power of two, or 0 */
	size_t n;
};

/* Map @cookie (not 0) to @value, replacing what it mapped to.  0,
 * -EINVAL or -ENOMEM. */
int cookiemap_put(struct cookiemap *m, uint64_t cookie, void *value);

/* What @cookie maps to, or NULL. */
void *cookiemap_get(const struct cookiemap *m, uint64_t cookie);

/* Forget @cookie, if mapped. */
void cookiemap_del(struct cookiemap *m, uint64_t cookie);

/* Free the slots; the map is empty and usable again. */
void cookiemap_clear(struct cookiemap *m);

#endif
