/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * strv.h - a growable list of strings (option values).
 */
#ifndef RPCBINDNS_STRV_H
#define RPCBINDNS_STRV_H

#include <stdbool.h>
#include <stddef.h>

struct strv {
	char **v;
	size_t n;
};

/* Append a copy of @s.  0 or -ENOMEM. */
int strv_add(struct strv *l, const char *s);

/* Free every string and the list; @l is empty afterwards. */
void strv_clear(struct strv *l);

/* True if @s matches one of the fnmatch(3) patterns in @l. */
bool strv_match(const struct strv *l, const char *s);

#endif
