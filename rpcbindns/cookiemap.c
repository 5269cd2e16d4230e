/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cookiemap.c - served namespaces by netns cookie (cookiemap.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>

#include "cookiemap.h"

#define CAP_MIN		64

/* Cookies are sequential: mix them before masking. */
static size_t home(uint64_t cookie, size_t cap)
{
	return (size_t)((cookie * 0x9e3779b97f4a7c15ull) >> 32) & (cap - 1);
}

static struct cookiemap_slot *find(const struct cookiemap *m,
				   uint64_t cookie)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = home(cookie, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->slots[i].cookie == cookie)
			return &m->slots[i];
		if (!m->slots[i].cookie)
			return NULL;
	}
}

/* At most half full, so that probes stay short. */
static int grow(struct cookiemap *m)
{
	size_t cap = m->cap ? 2 * m->cap : CAP_MIN, i, j;
	struct cookiemap_slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (i = 0; i < m->cap; i++) {
		if (!m->slots[i].cookie)
			continue;
		for (j = home(m->slots[i].cookie, cap); slots[j].cookie;
		     j = (j + 1) & (cap - 1))
			;
		slots[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

int cookiemap_put(struct cookiemap *m, uint64_t cookie, void *value)
{
	struct cookiemap_slot *s;
	size_t i;

	if (!cookie)
		return -EINVAL;
	s = find(m, cookie);
	if (s) {
		s->value = value;
		return 0;
	}
	if (2 * (m->n + 1) > m->cap && grow(m) < 0)
		return -ENOMEM;
	for (i = home(cookie, m->cap); m->slots[i].cookie;
	     i = (i + 1) & (m->cap - 1))
		;
	m->slots[i].cookie = cookie;
	m->slots[i].value = value;
	m->n++;
	return 0;
}

void *cookiemap_get(const struct cookiemap *m, uint64_t cookie)
{
	struct cookiemap_slot *s = cookie ? find(m, cookie) : NULL;

	return s ? s->value : NULL;
}

void cookiemap_del(struct cookiemap *m, uint64_t cookie)
{
	struct cookiemap_slot *s = cookie ? find(m, cookie) : NULL;
	size_t hole, i, want, mask = m->cap - 1;

	if (!s)
		return;
	hole = (size_t)(s - m->slots);
	m->slots[hole].cookie = 0;
	m->n--;
	/* Move back each later entry of the run whose home does not lie
	 * (cyclically) between the hole and itself. */
	for (i = (hole + 1) & mask; m->slots[i].cookie; i = (i + 1) & mask) {
		want = home(m->slots[i].cookie, m->cap);
		if (((i - want) & mask) < ((i - hole) & mask))
			continue;
		m->slots[hole] = m->slots[i];
		m->slots[i].cookie = 0;
		hole = i;
	}
}

void cookiemap_clear(struct cookiemap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = 0;
	m->n = 0;
}
