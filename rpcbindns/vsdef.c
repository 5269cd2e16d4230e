/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vsdef.c - a virtual server's definition from text.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "vsdef.h"

int vsdef_parse_mark(const char *s, uint32_t *ret)
{
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	const char *digits = hex ? s + 2 : s;
	unsigned long long v;

	/* strtoull() would take blanks, a sign and octal */
	if (!digits[0] || strspn(digits, hex ? "0123456789abcdefABCDEF" :
					       "0123456789") != strlen(digits))
		return -EINVAL;
	errno = 0;
	v = strtoull(digits, NULL, hex ? 16 : 10);
	if (errno || v == 0 || v > UINT32_MAX)
		return -EINVAL;
	*ret = (uint32_t)v;
	return 0;
}

int vsdef_parse_addr(const char *s, struct ipc_vs_addr *ret)
{
	struct ipc_vs_addr a = { 0 };

	if (inet_pton(AF_INET, s, a.addr) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, s, a.addr) == 1)
		a.family = AF_INET6;
	else
		return -EINVAL;
	*ret = a;
	return 0;
}

int vsdef_make(uint64_t cookie, const char *name, uint32_t mark,
	       const char *const *addrs, size_t n_addrs, struct ipc_vs *ret)
{
	struct ipc_vs v = { .cookie = cookie, .mark = mark };
	size_t i, j;

	if (!ipc_vs_name_is_valid(name) || !mark || !n_addrs ||
	    n_addrs > IPC_VS_ADDRS_MAX)
		return -EINVAL;
	strcpy(v.name, name);
	for (i = 0; i < n_addrs; i++) {
		if (vsdef_parse_addr(addrs[i], &v.addrs[i]) < 0)
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (ipc_vs_addr_equal(&v.addrs[j], &v.addrs[i]))
				return -EINVAL;
	}
	v.n_addrs = (uint8_t)n_addrs;
	*ret = v;
	return 0;
}
