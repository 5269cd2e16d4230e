/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * privs.c - privilege drop with capabilities kept (no libcap needed).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "privs.h"

#define CAP_BIT(c)	(1u << (c))

static const uint32_t kept_effective =
	CAP_BIT(CAP_NET_BIND_SERVICE) | CAP_BIT(CAP_SYS_ADMIN) |
	CAP_BIT(CAP_NET_ADMIN) | CAP_BIT(CAP_SYS_PTRACE);
static const uint32_t kept_permitted =
	CAP_BIT(CAP_NET_BIND_SERVICE) | CAP_BIT(CAP_SYS_ADMIN) |
	CAP_BIT(CAP_NET_ADMIN) | CAP_BIT(CAP_SYS_PTRACE) |
	CAP_BIT(CAP_DAC_OVERRIDE) | CAP_BIT(CAP_FOWNER);

/* All capabilities used here are below 32: only the first word. */
static int set_caps(uint32_t effective, uint32_t permitted)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	data[0].effective = effective;
	data[0].permitted = permitted;
	if (syscall(SYS_capset, &hdr, data) < 0)
		return -errno;
	return 0;
}

int privs_lookup(const char *user, uid_t *ret_uid, gid_t *ret_gid)
{
	struct passwd *pw = getpwnam(user);

	if (!pw)
		return -ENOENT;
	*ret_uid = pw->pw_uid;
	*ret_gid = pw->pw_gid;
	return 0;
}

int privs_drop(const char *user)
{
	uid_t uid;
	gid_t gid;
	int r = privs_lookup(user, &uid, &gid);

	if (r < 0)
		return r;
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 ||
	    setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 ||
	    setresuid(uid, uid, uid) < 0)
		return -errno;
	r = set_caps(kept_effective, kept_permitted);
	if (r < 0)
		return r;
	/* Children (none today) must not inherit anything. */
	prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	return 0;
}

void privs_raise_for_cleanup(void)
{
	set_caps(kept_permitted, kept_permitted);
}
