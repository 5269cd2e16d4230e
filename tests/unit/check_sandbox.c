/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_sandbox.c - what the engine can and cannot do once sandboxed.
 *
 * Each case forks a child that enters the sandbox and reports by its exit
 * status.  It leaves by the bare exit_group syscall: the sanitizers'
 * exit-time work is off the allow-list (ASan's _exit() calls sigaltstack,
 * its exit() runs the leak check: clone, ptrace, /proc).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <check.h>
#include <linux/landlock.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "sandbox.h"
#include "testutil.h"

/* Exit statuses of a child; anything else is a step that failed. */
#define CHILD_OK		0
#define CHILD_NO_SANDBOX	100
#define CHILD_WRONG_ABI		101

static char base[] = "/tmp/check_sandbox.XXXXXX";
static char inside[PATH_MAX];		/* the one directory allowed */
static char outside[PATH_MAX];		/* a file beside it */
static int expected_abi;
static int sock = -1;			/* as if handed by the broker */

static void make_dirs(void)
{
	int fd, fds[2];

	ck_assert_ptr_nonnull(mkdtemp(base));
	snprintf(inside, sizeof(inside), "%s/state", base);
	snprintf(outside, sizeof(outside), "%s/other", base);
	ck_assert_int_eq(mkdir(inside, 0700), 0);
	fd = open(outside, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0,
				    fds), 0);
	close(fds[1]);
	sock = fds[0];
	/* The kernel's own answer, asked before any sandbox. */
	expected_abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0,
				    LANDLOCK_CREATE_RULESET_VERSION);
	if (expected_abi < 0) {
		ck_assert(errno == ENOSYS || errno == EOPNOTSUPP);
		expected_abi = 0;
	}
}

/* What a case may have left: a failed step's files too. */
static void remove_dirs(void)
{
	static const char *const names[] = { "1.xdr.tmp", "1.xdr" };
	char path[sizeof(inside) + sizeof("/1.xdr.tmp")];
	size_t i;

	close(sock);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", inside, names[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s.new", outside);
	unlink(path);
	ck_assert_int_eq(unlink(outside), 0);
	ck_assert_int_eq(rmdir(inside), 0);
	ck_assert_int_eq(rmdir(base), 0);
}

static _Noreturn void child_exit(int status)
{
	syscall(SYS_exit_group, status);
	__builtin_unreachable();
}

/* Fork; the child enters the sandbox, runs @body and exits with what it
 * returns.  Returns the child's wait status. */
static int run_sandboxed(enum sandbox_mode mode, int (*body)(void))
{
	const char *dirs[] = { inside };
	const struct rlimit no_core = { 0, 0 };
	int status, abi;
	pid_t pid;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		setrlimit(RLIMIT_CORE, &no_core);
		if (sandbox_enter(dirs, 1, mode, &abi) < 0)
			child_exit(CHILD_NO_SANDBOX);
		if (abi != expected_abi)
			child_exit(CHILD_WRONG_ABI);
		child_exit(body());
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

static void assert_exited_ok(int status)
{
	ck_assert_msg(WIFEXITED(status), "child died by signal %d",
		      WIFSIGNALED(status) ? WTERMSIG(status) : -1);
	ck_assert_int_eq(WEXITSTATUS(status), CHILD_OK);
}

/* What the engine does with a state file, step by step: written beside
 * (over the stale .tmp a crash left: truncated), renamed over the
 * previous image (twice: the first has none), read, listed, pruned. */
static int state_file_cycle(void)
{
	char tmp[sizeof(inside) + sizeof("/1.xdr.tmp")];
	char path[sizeof(inside) + sizeof("/1.xdr")], buf[8];
	DIR *dir;
	int fd, i, n = 0;

	snprintf(tmp, sizeof(tmp), "%s/1.xdr.tmp", inside);
	snprintf(path, sizeof(path), "%s/1.xdr", inside);
	fd = open(tmp, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, "stale", 5) != 5 || close(fd) < 0)
		return 8;
	for (i = 0; i < 2; i++) {
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
			  O_NOFOLLOW, 0600);
		if (fd < 0)
			return 1;
		if (write(fd, "image", 5) != 5 || fsync(fd) < 0 ||
		    close(fd) < 0)
			return 2;
		if (rename(tmp, path) < 0)
			return 3;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, buf, sizeof(buf)) != 5 || close(fd) < 0)
		return 4;
	dir = opendir(inside);
	if (!dir)
		return 5;
	while (readdir(dir))
		n++;
	closedir(dir);
	if (n != 3)				/* ".", "..", "1.xdr" */
		return 6;
	if (unlink(path) < 0)
		return 7;
	return CHILD_OK;
}

START_TEST(test_state_files_inside)
{
	assert_exited_ok(run_sandboxed(SANDBOX_ENFORCE, state_file_cycle));
}
END_TEST

/* 0 if open(@path, @flags) was refused with EACCES, 1 if it worked,
 * 2 if it failed otherwise. */
static int open_result(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC, 0600);

	if (fd >= 0) {
		close(fd);
		return 1;
	}
	return errno == EACCES ? 0 : 2;
}

static int read_outside(void)
{
	return open_result(outside, O_RDONLY);
}

static int create_outside(void)
{
	char path[sizeof(outside) + sizeof(".new")];

	snprintf(path, sizeof(path), "%s.new", outside);
	return open_result(path, O_WRONLY | O_CREAT);
}

static int list_own_fds(void)
{
	return open_result("/proc/self/fd", O_RDONLY | O_DIRECTORY);
}

/* Without Landlock only the file modes protect: the files here are ours. */
START_TEST(test_files_outside)
{
	int refused = expected_abi > 0 ? 0 : 1;
	int status;

	status = run_sandboxed(SANDBOX_ENFORCE, read_outside);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), refused);
	status = run_sandboxed(SANDBOX_ENFORCE, create_outside);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), refused);
	/* Landlock covers procfs too: the engine cannot count its fds
	 * in /proc/self/fd. */
	status = run_sandboxed(SANDBOX_ENFORCE, list_own_fds);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), refused);
}
END_TEST

/* The syslog() path: AF_UNIX socket, connect (fails here without a
 * /dev/log, or reaches the machine's logger), send, close. */
static int log_line(void)
{
	syslog(LOG_DEBUG, "check_sandbox: syslog from the sandbox");
	closelog();
	return CHILD_OK;
}

START_TEST(test_syslog)
{
	assert_exited_ok(run_sandboxed(SANDBOX_ENFORCE, log_line));
}
END_TEST

/* Forbidden: each returns CHILD_OK where it is logged, not killed. */
static int inet_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd >= 0)
		close(fd);
	return CHILD_OK;
}

static int netlink_socket(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0);

	if (fd >= 0)
		close(fd);
	return CHILD_OK;
}

static int enter_netns(void)
{
	syscall(SYS_setns, -1, CLONE_NEWNET);
	return CHILD_OK;
}

static int exec_shell(void)
{
	static char *const argv[] = { "/bin/true", NULL };

	syscall(SYS_execve, argv[0], argv, NULL);
	return CHILD_OK;
}

static int trace_init(void)
{
	syscall(SYS_ptrace, PTRACE_PEEKDATA, 1, NULL, NULL);
	return CHILD_OK;
}

static int exec_memory(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p != MAP_FAILED)
		munmap(p, 4096);
	return CHILD_OK;
}

static int other_ioctl(void)
{
	int on = 1;

	ioctl(sock, FIONBIO, &on);
	return CHILD_OK;
}

static int other_sockopt(void)
{
	int on = 1;

	setsockopt(sock, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
	return CHILD_OK;
}

static int (*const forbidden[])(void) = {
	inet_socket, netlink_socket, enter_netns, exec_shell, trace_init,
	exec_memory, other_ioctl, other_sockopt,
};

START_TEST(test_forbidden_kills)
{
	int status = run_sandboxed(SANDBOX_ENFORCE, forbidden[_i]);

	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS,
		      "forbidden[%d]: status 0x%x, not killed by SIGSYS", _i,
		      status);
}
END_TEST

START_TEST(test_forbidden_logged)
{
	assert_exited_ok(run_sandboxed(SANDBOX_LOG, forbidden[_i]));
}
END_TEST

/* The sanitizers' exit-time checks (LeakSanitizer: clone, ptrace,
 * /proc/PID/task) run and pass. */
static int leave_by_exit(void)
{
	exit(CHILD_OK);
}

START_TEST(test_log_mode_exit)
{
	assert_exited_ok(run_sandboxed(SANDBOX_LOG, leave_by_exit));
}
END_TEST

static Suite *sandbox_suite(void)
{
	Suite *s = suite_create("sandbox");
	TCase *tc = tcase_create("allowed");
	int n = (int)(sizeof(forbidden) / sizeof(forbidden[0]));

	tcase_add_checked_fixture(tc, make_dirs, remove_dirs);
	tcase_add_test(tc, test_state_files_inside);
	tcase_add_test(tc, test_files_outside);
	tcase_add_test(tc, test_syslog);
	suite_add_tcase(s, tc);
	tc = tcase_create("forbidden");
	tcase_add_checked_fixture(tc, make_dirs, remove_dirs);
	tcase_add_loop_test(tc, test_forbidden_kills, 0, n);
	tcase_add_loop_test(tc, test_forbidden_logged, 0, n);
	tcase_add_test(tc, test_log_mode_exit);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(sandbox_suite());
}
