/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sockkind.h - is a descriptor the socket it is said to be?  Asked of
 * socket-activated descriptors by the broker, which describes every
 * socket it hands over, and of its channel by the engine.
 */
#ifndef RPCBINDNS_SOCKKIND_H
#define RPCBINDNS_SOCKKIND_H

#include <stdbool.h>
#include <sys/socket.h>

static inline bool sockkind_is(int fd, int domain, int type)
{
	socklen_t len = sizeof(int);
	int d, t;

	return getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &d, &len) == 0 &&
	       getsockopt(fd, SOL_SOCKET, SO_TYPE, &t, &len) == 0 &&
	       d == domain && t == type;
}

#endif
