/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mountinfo.h - the one thing nsmgr wants from /proc/self/mountinfo:
 * where network namespace files are bind-mounted.
 */
#ifndef RPCBINDNS_MOUNTINFO_H
#define RPCBINDNS_MOUNTINFO_H

#include <stdbool.h>

/*
 * Parse one mountinfo line ("id parent maj:min root mountpoint ... -
 * fstype source options"), modifying @line.  True when it is an nsfs mount
 * of a network namespace (root "net:[...]"): *@ret_mnt then points into
 * @line at the mount point, its \ooo escapes undone.
 */
bool mountinfo_net_mount(char *line, char **ret_mnt);

#endif
