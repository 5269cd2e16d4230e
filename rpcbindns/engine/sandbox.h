/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sandbox.h - the engine's last step before it serves: no way back to
 * privileges, no files beyond its own directories, a syscall allow-list.
 */
#ifndef RPCBINDNS_SANDBOX_H
#define RPCBINDNS_SANDBOX_H

#include <stddef.h>

enum sandbox_mode {
	SANDBOX_ENFORCE,	/* a syscall off the list kills the process */
	SANDBOX_LOG,		/* it is logged (audit) and runs, and /proc
				 * is readable: sanitizer and valgrind builds
				 * need both */
};

/*
 * Call once, after dropping to the engine's user and after opening every
 * socket and file it keeps.  Sets PR_SET_NO_NEW_PRIVS; confines the file
 * system to reading, writing, creating, renaming and removing regular
 * files under @dirs (Landlock, when the kernel has it; nothing else, not
 * even /proc/self/fd, except /proc read-only in LOG mode); then loads the
 * seccomp allow-list of sandbox.c.  A rename must stay in its directory.
 * Affects every thread and is inherited by children; there is no undo.
 *
 * *ret_landlock_abi: the Landlock ABI version applied, 0 when the kernel
 * has no Landlock (then only @dirs' Unix permissions protect the rest).
 *
 * Returns 0, or -errno: -ENOENT/-EACCES/-ENOTDIR for a directory of @dirs
 * that cannot be opened, -ENOMEM, or what prctl(), Landlock or libseccomp
 * report.  On failure part of the sandbox may be in place: the caller
 * must exit.
 */
int sandbox_enter(const char *const *dirs, size_t n_dirs,
		  enum sandbox_mode mode, int *ret_landlock_abi);

#endif
