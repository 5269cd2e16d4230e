/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netconf.h - the transports the portmapper knows, as in /etc/netconfig.
 *
 * The core validates netids and fills GETADDRLIST entries from this fixed
 * table; which transports are actually served is the daemon's business.
 */
#ifndef PM_NETCONF_H
#define PM_NETCONF_H

#include <stdbool.h>
#include <stdint.h>

#include "uaddr.h"

/* nc_semantics values of <netconfig.h> */
#define PM_NC_TPI_CLTS		1
#define PM_NC_TPI_COTS_ORD	3

struct pm_netconf {
	const char *netid;
	enum pm_family family;
	uint32_t semantics;
	const char *protofmly;
	const char *proto;
	uint32_t ipproto;	/* IPPROTO_UDP/TCP for PMAP v2, 0 otherwise */
};

/* The entry for @netid (exact match), or NULL for an unknown netid. */
const struct pm_netconf *pm_netconf_find(const char *netid);

/*
 * True when @netid names a transport we know and @uaddr is an address of
 * its family, with a port for IP (rpcbind stores anything).
 */
bool pm_netconf_is_valid_entry(const char *netid, const char *uaddr);

/* The v2 netid ("udp" or "tcp") for an IP protocol number, or NULL. */
const char *pm_netconf_ipproto_netid(uint32_t ipproto);

#endif
