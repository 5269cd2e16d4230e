/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * policy.c - access rules for SET/UNSET and remote calls.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "policy.h"

#define LOOPBACK4	0x7f000001u	/* 127.0.0.1 */
#define PRIVPORT_END	1024

/* Programs a forwarded call could abuse to act with the portmapper's
 * address: the deny-list of rpcbind's check_callit(), plus NLM and NSM. */
#define PROG_NFS	100003
#define PROG_YP		100004
#define PROG_MOUNT	100005
#define PROG_YPBIND	100007
#define PROG_YPPASSWD	100009
#define PROG_RQUOTA	100011
#define PROG_NLM	100021
#define PROG_NSM	100024
#define MOUNTPROC_MNT	1
#define MOUNTPROC_UMNT	3
#define YPBINDPROC_SETDOM	2
#define YPPROC_MATCH	3
#define YPPROC_FIRST	4
#define YPPROC_NEXT	5
#define YPPROC_ALL	8

static bool is_loopback_addr(const struct sockaddr *sa, socklen_t len)
{
	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;

		return ntohl(sin->sin_addr.s_addr) == LOOPBACK4;
	}
	if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *sin6 =
			(const struct sockaddr_in6 *)sa;
		const struct in6_addr *a = &sin6->sin6_addr;
		uint32_t v4;

		if (IN6_IS_ADDR_LOOPBACK(a))
			return true;
		memcpy(&v4, &a->s6_addr[12], sizeof(v4));
		return IN6_IS_ADDR_V4MAPPED(a) && ntohl(v4) == LOOPBACK4;
	}
	return false;
}

static int peer_port(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)sa)->sin_port);
	if (sa->sa_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	return -1;
}

/*
 * A loopback source means a caller on this host only if the datagram came
 * in on loopback: where an interface has route_localnet=1 (kube-proxy sets
 * it) and accept_local=1, a forged 127.0.0.1 from outside is delivered.
 */
static bool from_loopback(const struct pm_caller *c)
{
	return !c->off_loopback && is_loopback_addr(c->peer, c->peer_len);
}

bool pm_policy_is_local(const struct pm_caller *c)
{
	if (!c->peer)
		return false;
	if (c->peer->sa_family == AF_UNIX)
		return true;
	return from_loopback(c);
}

bool pm_policy_may_change(const struct pm_caller *c)
{
	return (c->policy && c->policy->insecure) || pm_policy_is_local(c);
}

void pm_policy_owner(const struct pm_caller *c, char buf[PM_OWNER_MAX])
{
	const char *owner = PM_OWNER_UNKNOWN;
	int port;

	if (c->peer && c->peer->sa_family == AF_UNIX && c->has_uid) {
		if (c->uid != 0) {
			snprintf(buf, PM_OWNER_MAX, "%lu",
				 (unsigned long)c->uid);
			return;
		}
		owner = PM_OWNER_SUPERUSER;
	} else if (c->peer && from_loopback(c)) {
		/* Only root can bind a privileged port on this host. */
		port = peer_port(c->peer);
		if (port >= 0 && port < PRIVPORT_END)
			owner = PM_OWNER_SUPERUSER;
	}
	snprintf(buf, PM_OWNER_MAX, "%s", owner);
}

bool pm_policy_may_unset(const char *caller_owner, const char *owner)
{
	return strcmp(caller_owner, PM_OWNER_SUPERUSER) == 0 ||
	       strcmp(caller_owner, owner) == 0;
}

bool pm_policy_may_forward(uint32_t prog, uint32_t proc, bool insecure)
{
	if (proc == 0)
		return true;
	switch (prog) {
	case PM_PROG:
		return insecure;
	case PROG_MOUNT:
		return proc != MOUNTPROC_MNT && proc != MOUNTPROC_UMNT;
	case PROG_YPBIND:
		return proc != YPBINDPROC_SETDOM;
	case PROG_YP:
		return proc != YPPROC_ALL && proc != YPPROC_MATCH &&
		       proc != YPPROC_FIRST && proc != YPPROC_NEXT;
	case PROG_YPPASSWD:
	case PROG_NFS:
	case PROG_RQUOTA:
	case PROG_NLM:
	case PROG_NSM:
		return false;
	}
	return true;
}
