/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mountinfo.c - parse lines of /proc/self/mountinfo (proc(5)).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "mountinfo.h"

/* mountinfo escapes blanks and backslashes in paths as \ooo. */
static void unescape(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
					(s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

bool mountinfo_net_mount(char *line, char **ret_mnt)
{
	char *root, *mnt, *sep, *save;

	sep = strstr(line, " - ");
	if (!sep || strncmp(sep + 3, "nsfs ", 5) != 0)
		return false;
	strtok_r(line, " ", &save);
	strtok_r(NULL, " ", &save);
	strtok_r(NULL, " ", &save);
	root = strtok_r(NULL, " ", &save);
	mnt = strtok_r(NULL, " ", &save);
	if (!root || !mnt || strncmp(root, "net:[", 5) != 0)
		return false;
	unescape(mnt);
	*ret_mnt = mnt;
	return true;
}
