/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_mountinfo.c - libFuzzer harness for the mountinfo line parser.
 *
 * Input: one line of /proc/self/mountinfo (a NUL ends it early, as
 * getline() would hand nsmgr a C string).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>

#include "fuzz.h"
#include "mountinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1), *mnt;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	/* The mount point lies inside the line and is no longer. */
	if (mountinfo_net_mount(line, &mnt) &&
	    (mnt < line || mnt + strlen(mnt) > line + size))
		abort();
	free(line);
	return 0;
}
