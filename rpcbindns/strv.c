/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * strv.c - a growable list of strings.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "strv.h"

int strv_add(struct strv *l, const char *s)
{
	char **v = realloc(l->v, (l->n + 1) * sizeof(*v));
	char *copy = strdup(s);

	if (v)
		l->v = v;
	if (!v || !copy) {
		free(copy);
		return -ENOMEM;
	}
	l->v[l->n++] = copy;
	return 0;
}

void strv_clear(struct strv *l)
{
	while (l->n)
		free(l->v[--l->n]);
	free(l->v);
	l->v = NULL;
}

bool strv_match(const struct strv *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (fnmatch(l->v[i], s, 0) == 0)
			return true;
	return false;
}
