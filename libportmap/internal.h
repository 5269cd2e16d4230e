/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * internal.h - small helpers shared by the libportmap modules.
 */
#ifndef PM_INTERNAL_H
#define PM_INTERNAL_H

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Longest string a request may carry in a netid, uaddr or owner field. */
#define PM_WIRE_STRING_MAX	255

#endif
