/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netconf.c - the fixed transport table (Debian's /etc/netconfig).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "netconf.h"
#include "internal.h"

static const struct pm_netconf netconfs[] = {
	{ "udp",   PM_FAMILY_INET,  PM_NC_TPI_CLTS,     "inet",     "udp", IPPROTO_UDP },
	{ "tcp",   PM_FAMILY_INET,  PM_NC_TPI_COTS_ORD, "inet",     "tcp", IPPROTO_TCP },
	{ "udp6",  PM_FAMILY_INET6, PM_NC_TPI_CLTS,     "inet6",    "udp", 0 },
	{ "tcp6",  PM_FAMILY_INET6, PM_NC_TPI_COTS_ORD, "inet6",    "tcp", 0 },
	{ "local", PM_FAMILY_LOCAL, PM_NC_TPI_COTS_ORD, "loopback", "-",   0 },
	{ "unix",  PM_FAMILY_LOCAL, PM_NC_TPI_COTS_ORD, "loopback", "-",   0 },
};

const struct pm_netconf *pm_netconf_find(const char *netid)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(netconfs); i++)
		if (strcmp(netconfs[i].netid, netid) == 0)
			return &netconfs[i];
	return NULL;
}

const char *pm_netconf_ipproto_netid(uint32_t ipproto)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(netconfs); i++)
		if (netconfs[i].ipproto != 0 && netconfs[i].ipproto == ipproto)
			return netconfs[i].netid;
	return NULL;
}

bool pm_netconf_is_valid_entry(const char *netid, const char *uaddr)
{
	const struct pm_netconf *nc = pm_netconf_find(netid);
	struct sockaddr_storage ss;
	socklen_t len;

	if (!nc || pm_uaddr_parse(uaddr, nc->family, &ss, &len) < 0)
		return false;
	return nc->family == PM_FAMILY_LOCAL ||
	       pm_uaddr_port(uaddr, nc->family) > 0;
}
