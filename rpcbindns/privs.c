/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * privs.c - what each half of the daemon may do (no libcap needed).
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

#define CAP_BIT(c)	(1ull << (c))

/* rpcbindns(8), SECURITY, says why each is needed. */
static const uint64_t broker_caps =
	CAP_BIT(CAP_SYS_ADMIN) |	/* setns() */
	CAP_BIT(CAP_NET_ADMIN) |	/* RTM_NEWNSID, SO_MARK of VS sockets */
	CAP_BIT(CAP_NET_BROADCAST) |	/* NETLINK_LISTEN_ALL_NSID */
	CAP_BIT(CAP_NET_BIND_SERVICE) |	/* port 111 in every namespace */
	CAP_BIT(CAP_SYS_PTRACE) |	/* /proc/PID/ns/net of others */
	CAP_BIT(CAP_DAC_OVERRIDE) |	/* sockets, state in /run */
	CAP_BIT(CAP_DAC_READ_SEARCH) |
	CAP_BIT(CAP_CHOWN) |		/* state directories, admin socket */
	CAP_BIT(CAP_FOWNER) |
	CAP_BIT(CAP_SETUID) |		/* the engine becomes its user */
	CAP_BIT(CAP_SETGID) |
	CAP_BIT(CAP_KILL);		/* a hung engine of that user */

static int get_caps(uint64_t *ret_permitted)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data) < 0)
		return -errno;
	*ret_permitted = data[0].permitted |
			 (uint64_t)data[1].permitted << 32;
	return 0;
}

/* Effective and permitted @caps, inheritable none. */
static int set_caps(uint64_t caps)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	data[0].effective = data[0].permitted = (uint32_t)caps;
	data[1].effective = data[1].permitted = (uint32_t)(caps >> 32);
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

int privs_limit_broker(void)
{
	uint64_t permitted = 0;
	int cap, r = get_caps(&permitted);

	if (r < 0)
		return r;
	/* The bounding set too: not even the engine's exec can get the
	 * others back.  PR_CAPBSET_READ fails past the kernel's last. */
	for (cap = 0; cap < 64 && prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0;
	     cap++)
		if (!(broker_caps & CAP_BIT(cap)) &&
		    prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			return -errno;
	return set_caps(broker_caps & permitted);
}

int privs_drop_engine(const char *user)
{
	uid_t uid;
	gid_t gid;
	int r = privs_lookup(user, &uid, &gid), lookup = r;

	/* Leaving uid 0 clears the permitted, effective and ambient sets;
	 * the inheritable one is emptied below. */
	if (r == 0 && (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 ||
		       setresuid(uid, uid, uid) < 0))
		return -errno;
	r = set_caps(0);
	if (r == 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		r = -errno;
	return r < 0 ? r : lookup;
}
