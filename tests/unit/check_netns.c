/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_netns.c - opening and identifying network namespaces.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <check.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "netns.h"
#include "internal.h"
#include "testutil.h"

START_TEST(test_names)
{
	ck_assert(pm_netns_name_is_valid("vs1"));
	ck_assert(!pm_netns_name_is_valid(""));
	ck_assert(!pm_netns_name_is_valid("."));
	ck_assert(!pm_netns_name_is_valid(".."));
	ck_assert(!pm_netns_name_is_valid("a/b"));
}
END_TEST

START_TEST(test_open_specs)
{
	int fd;

	fd = pm_netns_open("/proc/self/ns/net");
	ck_assert_int_ge(fd, 0);
	ck_assert(pm_netns_is_net(fd));
	close(fd);
	fd = pm_netns_open("pid:1x");
	ck_assert_int_eq(fd, -EINVAL);
	ck_assert_int_eq(pm_netns_open("a/b"), -EINVAL);
	/* a file that is not a namespace */
	ck_assert_int_eq(pm_netns_open("/proc/self/ns/mnt"), -EINVAL);
	ck_assert_int_lt(pm_netns_open("/nonexistent/ns"), 0);
}
END_TEST

/* Any other file is refused at once: opening a FIFO must not wait for a
 * writer (Check's timeout fails the test if it does). */
START_TEST(test_open_not_nsfs)
{
	char dir[] = "/tmp/check_netns.XXXXXX", fifo[sizeof(dir) + 8];
	char file[sizeof(dir) + 8];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	snprintf(file, sizeof(file), "%s/file", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(close(open(file, O_WRONLY | O_CREAT, 0600)), 0);
	ck_assert_int_eq(pm_netns_open(fifo), -EINVAL);
	ck_assert_int_eq(pm_netns_open(file), -EINVAL);
	ck_assert_int_eq(pm_netns_open(dir), -EINVAL);
	ck_assert_int_eq(pm_netns_open("/dev/null"), -EINVAL);
	unlink(fifo);
	unlink(file);
	rmdir(dir);
}
END_TEST

/* The id of the namespace the calling thread is in, from a socket. */
static uint64_t here(void)
{
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	uint64_t id = 0;

	ck_assert_int_ge(s, 0);
	ck_assert_int_eq(pm_netns_socket_cookie(s, &id), 0);
	close(s);
	return id;
}

/* Both ways of naming a namespace give the same id; the second is what
 * kernels without NS_GET_ID use. */
START_TEST(test_id_both_ways)
{
	uint64_t fast = 0, slow = 0;
	int fd = pm_netns_open("/proc/self/ns/net");

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pm_netns_id(fd, &fast), 0);
	ck_assert_uint_ne(fast, 0);
	ck_assert_uint_eq(here(), fast);
	if (geteuid() == 0) {
		ck_assert_int_eq(pm_netns_id_by_setns(fd, &slow), 0);
		ck_assert_uint_eq(fast, slow);
	}
	close(fd);
}
END_TEST

/* A namespace of our own that we are not in: an fd pins it. */
static int other_netns(void)
{
	int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), fd;

	ck_assert_int_ge(home, 0);
	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(setns(home, CLONE_NEWNET), 0);
	close(home);
	return fd;
}

/* The fallback enters another namespace, reads its id and comes back. */
START_TEST(test_id_by_setns_other)
{
	uint64_t home = here(), fast = 0, slow = 0;
	int fd;

	if (geteuid() != 0)
		return;
	fd = other_netns();
	ck_assert_int_eq(pm_netns_id(fd, &fast), 0);
	ck_assert_int_eq(pm_netns_id_by_setns(fd, &slow), 0);
	ck_assert_uint_eq(slow, fast);
	ck_assert_uint_ne(slow, home);
	ck_assert_uint_eq(here(), home);	/* back where it started */
	close(fd);
}
END_TEST

/* A thread's own new namespace, left behind when the thread ends. */
static void *unshare_thread(void *arg)
{
	int *fd = arg;

	if (unshare(CLONE_NEWNET) == 0)
		*fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	return NULL;
}

/*
 * Root of a new user namespace may enter a network namespace that user
 * namespace owns, but not return to the host's: the fallback must see
 * that before it leaves, not strand the thread.
 */
START_TEST(test_id_by_setns_no_way_back)
{
	uint64_t home, id = 0;
	pthread_t t;
	int fd = -1;

	if (geteuid() != 0)
		return;
	home = here();
	ck_assert_int_eq(unshare(CLONE_NEWUSER), 0);
	ck_assert_int_eq(pthread_create(&t, NULL, unshare_thread, &fd), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pm_netns_id_by_setns(fd, &id), -EPERM);
	ck_assert_uint_eq(id, 0);
	ck_assert_uint_eq(here(), home);	/* never left */
	close(fd);
}
END_TEST

#if defined(__x86_64__)
#define AUDIT_ARCH_SELF	AUDIT_ARCH_X86_64
#endif

#ifdef AUDIT_ARCH_SELF
#define DENY(err)	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err))
#define ALLOW		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

/*
 * From now on this process cannot make another one: fork(), vfork() and
 * clone() without CLONE_VM or with CLONE_VFORK fail with EPERM, clone3()
 * with ENOSYS (glibc then uses clone()).  Threads, and LeakSanitizer's
 * CLONE_VM tracer at exit, still work.  Check runs each test in a process
 * of its own, so the filter dies with the test.
 */
static void forbid_new_processes(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_SELF, 1, 0),
		ALLOW,
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1),
		DENY(ENOSYS),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_fork, 6, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_vfork, 5, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 1, 0),
		ALLOW,
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_VFORK, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_VM, 1, 0),
		DENY(EPERM),
		ALLOW,
	};
	struct sock_fprog prog = { ARRAY_SIZE(f), f };

	ck_assert_int_eq(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
	ck_assert_int_eq(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog),
			 0);
	ck_assert_int_eq(fork(), -1);		/* the filter holds */
	ck_assert_int_eq(errno, EPERM);
}

/* Resolving never starts a process, on any kernel. */
START_TEST(test_id_without_fork)
{
	uint64_t fast = 0, slow = 0;
	int fd;

	if (geteuid() != 0)
		return;
	fd = other_netns();
	forbid_new_processes();
	ck_assert_int_eq(pm_netns_id_by_setns(fd, &slow), 0);
	ck_assert_int_eq(pm_netns_id(fd, &fast), 0);
	ck_assert_uint_eq(slow, fast);
	close(fd);
}
END_TEST
#endif

static Suite *netns_suite(void)
{
	Suite *s = suite_create("netns");
	TCase *tc = tcase_create("handles");

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_open_specs);
	tcase_add_test(tc, test_open_not_nsfs);
	tcase_add_test(tc, test_id_both_ways);
	tcase_add_test(tc, test_id_by_setns_other);
	tcase_add_test(tc, test_id_by_setns_no_way_back);
#ifdef AUDIT_ARCH_SELF
	tcase_add_test(tc, test_id_without_fork);
#endif
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(netns_suite());
}
