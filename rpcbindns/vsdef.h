/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vsdef.h - a virtual server's definition from text, as an administrator
 * writes it (rpcinfo-ns's arguments, the admin protocol's strings, a
 * `vs` line of rpcbindns.conf): pure parsing, no I/O.
 */
#ifndef RPCBINDNS_VSDEF_H
#define RPCBINDNS_VSDEF_H

#include <stddef.h>
#include <stdint.h>

#include "ipc.h"

/*
 * A firewall mark: decimal or "0x" hexadecimal (not octal: "010" is
 * ten), non-zero, at most 32 bits, nothing around it.  0 or -EINVAL.
 */
int vsdef_parse_mark(const char *s, uint32_t *ret);

/* A numeric IPv4 or IPv6 address, nothing around it.  0 or -EINVAL. */
int vsdef_parse_addr(const char *s, struct ipc_vs_addr *ret);

/*
 * The definition of VS @name of namespace @cookie (id 0, as VS_ADD sends
 * it) into @ret: the name valid, the mark non-zero, 1 to IPC_VS_ADDRS_MAX
 * addresses, each numeric and none twice.  0 or -EINVAL; @ret is left
 * alone on failure.
 */
int vsdef_make(uint64_t cookie, const char *name, uint32_t mark,
	       const char *const *addrs, size_t n_addrs, struct ipc_vs *ret);

#endif
