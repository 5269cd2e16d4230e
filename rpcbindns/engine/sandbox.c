/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sandbox.c - no_new_privs, Landlock and the seccomp allow-list of the
 * engine (DESIGN.md §2).
 *
 * The allow-list is what the daemon was seen to call once serving (strace
 * of the integration tests), less what only the broker does: setns,
 * socket() for endpoints, bind, listen, inotify, statfs, /proc walks,
 * pidfd_open, capset.  Everything else is refused.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <linux/landlock.h>
#include <netinet/in.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "sandbox.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Rights newer than the kernel headers of Debian 12. */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE	(1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV	(1ULL << 15)
#endif

/* The file system rights each Landlock ABI added; 4, 6 and 7 added
 * network, scope and logging controls, none for files. */
static const uint64_t fs_rights_added_in[] = {
	[1] = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1,
	[2] = LANDLOCK_ACCESS_FS_REFER,
	[3] = LANDLOCK_ACCESS_FS_TRUNCATE,
	[5] = LANDLOCK_ACCESS_FS_IOCTL_DEV,
};

/* State files: written beside, renamed over, pruned, listed. */
static const uint64_t fs_rights_in_dirs =
	LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE |
	LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
	LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_TRUNCATE;

/* In LOG mode: LeakSanitizer reads /proc/PID/task at exit, and fails
 * the run when it cannot. */
static const uint64_t fs_rights_in_proc =
	LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;

/* 0 when the kernel has no Landlock (not built, or not enabled). */
static int landlock_abi(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
			   LANDLOCK_CREATE_RULESET_VERSION);

	if (abi < 0)
		return errno == ENOSYS || errno == EOPNOTSUPP ? 0 : -errno;
	return (int)abi;
}

static int landlock_allow_dir(int ruleset, const char *dir, uint64_t rights)
{
	struct landlock_path_beneath_attr rule = { .allowed_access = rights };
	int fd, r = 0;

	fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rule.parent_fd = fd;
	if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		    &rule, 0) < 0)
		r = -errno;
	close(fd);
	return r;
}

/* Handle every file right @abi knows, grant some of them under @dirs. */
static int landlock_confine(const char *const *dirs, size_t n_dirs, int abi,
			    enum sandbox_mode mode)
{
	struct landlock_ruleset_attr attr = { 0 };
	uint64_t handled = 0;
	int ruleset, r = 0;
	size_t i;

	for (i = 1; i <= (size_t)abi && i < ARRAY_SIZE(fs_rights_added_in); i++)
		handled |= fs_rights_added_in[i];
	attr.handled_access_fs = handled;
	ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr),
			       0);
	if (ruleset < 0)
		return -errno;
	for (i = 0; i < n_dirs && r == 0; i++)
		r = landlock_allow_dir(ruleset, dirs[i],
				       fs_rights_in_dirs & handled);
	if (r == 0 && mode == SANDBOX_LOG)
		r = landlock_allow_dir(ruleset, "/proc",
				       fs_rights_in_proc & handled);
	if (r == 0 && syscall(SYS_landlock_restrict_self, ruleset, 0) < 0)
		r = -errno;
	close(ruleset);
	return r;
}

struct syscall_rule {
	int nr;
	unsigned int n_args;
	struct scmp_arg_cmp args[2];
};

#define ANY(name)		{ SCMP_SYS(name), 0, { { 0 } } }
#define IF1(name, a)		{ SCMP_SYS(name), 1, { a } }
#define IF2(name, a, b)		{ SCMP_SYS(name), 2, { a, b } }
#define EQ(n, v)		{ .arg = (n), .op = SCMP_CMP_EQ, .datum_a = (v) }
#define MASKED(n, m, v)		{ .arg = (n), .op = SCMP_CMP_MASKED_EQ, \
				  .datum_a = (m), .datum_b = (v) }
#define SOCK_TYPE_MASK		0xf

/* Several rules for one syscall allow it when any matches. */
static const struct syscall_rule allowed[] = {
	/* libevent's epoll loop; the fd set comes from the broker, the
	 * epoll instance exists before the sandbox. */
	ANY(epoll_wait), ANY(epoll_ctl),
	/* Serving the sockets the broker made: requests and replies,
	 * accepted connections, the caller's address and credentials
	 * (SO_PEERCRED, SO_PEERGROUPS, SO_NETNS_COOKIE), rtnetlink dumps
	 * and events for the multicast joins, messages to and from the
	 * broker.  No socket option but those seen: */
	ANY(read), ANY(readv), ANY(recvfrom), ANY(recvmsg), ANY(recvmmsg),
	ANY(write), ANY(writev), ANY(sendto), ANY(sendmsg), ANY(sendmmsg),
	ANY(accept4), ANY(close), ANY(getsockname),
	IF1(getsockopt, EQ(1, SOL_SOCKET)),
	/* the udp6 endpoints' ff02::202 membership follows the links */
	IF2(setsockopt, EQ(1, SOL_IPV6), EQ(2, IPV6_ADD_MEMBERSHIP)),
	IF2(setsockopt, EQ(1, SOL_IPV6), EQ(2, IPV6_DROP_MEMBERSHIP)),
	/* sd_notify() grows its socket's buffer (FORCE fails: no caps) */
	IF2(setsockopt, EQ(1, SOL_SOCKET), EQ(2, SO_SNDBUF)),
	IF2(setsockopt, EQ(1, SOL_SOCKET), EQ(2, SO_SNDBUFFORCE)),
	/* libevent sizes its reads with FIONREAD */
	IF1(ioctl, EQ(1, FIONREAD)),
	/* syslog() and sd_notify() open an AF_UNIX socket per (re)connect;
	 * glibc's syslog falls back to SOCK_STREAM on EPROTOTYPE. */
	IF2(socket, EQ(0, AF_UNIX), MASKED(1, SOCK_TYPE_MASK, SOCK_DGRAM)),
	IF2(socket, EQ(0, AF_UNIX), MASKED(1, SOCK_TYPE_MASK, SOCK_STREAM)),
	ANY(connect),
	/* sd_notify() passes its credentials */
	ANY(getpid), ANY(getuid), ANY(geteuid), ANY(getgid), ANY(getegid),
	/* State files: open, write, fsync, rename over, unlink; the
	 * journal emptied or cut back to its last whole record; the state
	 * directory listed when pruning, /proc/self/fd (opened before)
	 * rewound and listed when counting.  Landlock confines the paths. */
	ANY(openat), ANY(newfstatat), ANY(getdents64), ANY(fsync),
	ANY(rename), ANY(unlink), ANY(lseek), ANY(ftruncate),
	/* waiting for the broker's answer to an admin's attach */
	ANY(poll), ANY(ppoll),
	/* malloc: the heap, big blocks by mmap (realloc'd by mremap); no
	 * new executable memory. */
	ANY(brk), ANY(munmap), ANY(mremap), ANY(madvise),
	IF1(mmap, MASKED(2, PROT_EXEC, 0)),
	IF1(mprotect, MASKED(2, PROT_EXEC, 0)),
	/* libevent's signal events; clocks the vDSO cannot serve on some
	 * clock sources; RPC xids for forwarded calls. */
	ANY(rt_sigaction), ANY(rt_sigreturn),
	ANY(clock_gettime), ANY(gettimeofday), ANY(time),
	ANY(getrandom),
	ANY(exit_group),
};

static int seccomp_confine(enum sandbox_mode mode)
{
	uint32_t refuse = mode == SANDBOX_LOG ? SCMP_ACT_LOG :
					       SCMP_ACT_KILL_PROCESS;
	scmp_filter_ctx ctx = seccomp_init(refuse);
	const struct syscall_rule *a;
	int r;

	if (!ctx)
		return -ENOMEM;
	/* Another ABI's syscall numbers (x32, int 0x80) are never allowed. */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			     SCMP_ACT_KILL_PROCESS);
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	for (a = allowed; r == 0 && a < allowed + ARRAY_SIZE(allowed); a++)
		r = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, a->nr,
					   a->n_args, a->args);
	if (r == 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	return r;
}

int sandbox_enter(const char *const *dirs, size_t n_dirs,
		  enum sandbox_mode mode, int *ret_landlock_abi)
{
	int abi, r;

	/* syslog()'s timestamps need the zone file, out of reach soon. */
	tzset();
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	abi = landlock_abi();
	if (abi < 0)
		return abi;
	if (abi > 0) {
		r = landlock_confine(dirs, n_dirs, abi, mode);
		if (r < 0)
			return r;
	}
	r = seccomp_confine(mode);
	if (r < 0)
		return r;
	*ret_landlock_abi = abi;
	return 0;
}
