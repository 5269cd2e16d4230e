/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * policy.h - who may do what, decided from the caller context alone.
 */
#ifndef PM_POLICY_H
#define PM_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "core.h"

#define PM_OWNER_SUPERUSER	"superuser"
#define PM_OWNER_UNKNOWN	"unknown"

/*
 * True for a caller on this host's namespace: a local (AF_UNIX) transport,
 * or exactly 127.0.0.1, ::1 or ::ffff:127.0.0.1 as rpcbind checks.
 */
bool pm_policy_is_local(const struct pm_caller *c);

/* True when @c may SET or UNSET: local, or the namespace is insecure. */
bool pm_policy_may_change(const struct pm_caller *c);

/*
 * The owner string recorded for @c's registrations, into @buf: the peer
 * uid ("superuser" for 0) on local transports; "superuser" for a loopback
 * caller from a privileged port; "unknown" otherwise.
 */
void pm_policy_owner(const struct pm_caller *c, char buf[PM_OWNER_MAX]);

/* True when a caller owning @caller_owner may remove an entry of @owner. */
bool pm_policy_may_unset(const char *caller_owner, const char *owner);

/*
 * True when a remote call to (prog, proc) may be forwarded: procedure 0
 * always; never to NFS, MOUNT MNT/UMNT, NIS password and map transfer,
 * YPBIND SETDOM, RQUOTA, NLM, NSM; to the portmapper only when @insecure.
 */
bool pm_policy_may_forward(uint32_t prog, uint32_t proc, bool insecure);

#endif
