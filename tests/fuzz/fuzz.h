/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz.h - what the libFuzzer harnesses share.
 */
#ifndef RPCBINDNS_FUZZ_H
#define RPCBINDNS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* @ip (IPv4 or IPv6 text, a constant known good) and @port into @ss;
 * returns the address length. */
static inline socklen_t fuzz_sockaddr(struct sockaddr_storage *ss,
				      const char *ip, uint16_t port)
{
	memset(ss, 0, sizeof(*ss));
	if (strchr(ip, ':')) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		inet_pton(AF_INET6, ip, &sin6->sin6_addr);
		return sizeof(*sin6);
	}
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	inet_pton(AF_INET, ip, &sin->sin_addr);
	return sizeof(*sin);
}

#endif
