/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * testutil.h - helpers for the unit tests: callers, calls, replies.
 *
 * Calls are encoded and replies decoded with libtirpc's own XDR routines,
 * independently of libportmap's codec.
 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <check.h>
#include <rpc/rpc.h>
#include <rpc/rpcb_prot.h>
#include <rpc/pmap_prot.h>

#include "core.h"

#define TU_BUF_MAX	65536
#define TU_NS_A		0x1001
#define TU_NS_B		0x2002
/* The stat fields of a tu_reply when dispatch sent nothing. */
#define TU_NO_REPLY	UINT32_MAX

/* libtirpc's structs take char * even for strings only read. */
static inline char *tu_mut(const void *p)
{
	union {
		const void *c;
		char *m;
	} u = { .c = p };

	return u.m;
}

struct tu_caller {
	struct pm_caller c;
	struct sockaddr_storage peer;
	struct sockaddr_storage local;
	struct pm_ifaddr ifs[4];
	struct pm_policy policy;
};

/* Run @s with the default (forking) runner; the exit status for main(). */
int tu_run(Suite *s);

/* A TCase @name with @setup and @teardown around each test, already in
 * @s. */
TCase *tu_add_tcase(Suite *s, const char *name, SFun setup, SFun teardown);

/* A caller from @ip:@port (IPv4 or IPv6 text) over @netid ("udp", "tcp",
 * "udp6", "tcp6") in @ns; the namespace has lo (127.0.0.1/8, ::1/128) and
 * eth0 10.0.0.1/24; the request arrived on 10.0.0.1 from 10.0.0.0/24, else
 * on the loopback address. */
void tu_caller_ip(struct tu_caller *tc, uint64_t ns, const char *netid,
		  const char *ip, uint16_t port);

/* A caller over the "local" transport with peer uid @uid. */
void tu_caller_local(struct tu_caller *tc, uint64_t ns, uid_t uid);

struct tu_reply {
	int len;			/* dispatch's return value */
	uint32_t xid;
	uint32_t reply_stat;		/* MSG_ACCEPTED / MSG_DENIED */
	uint32_t accept_stat;		/* when accepted */
	uint32_t reject_stat;		/* when denied */
	uint32_t auth_stat;		/* when AUTH_ERROR */
	uint32_t low, high;		/* PROG_MISMATCH / RPC_MISMATCH */
	uint8_t buf[TU_BUF_MAX];
	const uint8_t *body;		/* results, when SUCCESS */
	size_t body_len;
};

/* Encode a call with AUTH_NONE; returns its length. */
size_t tu_encode_call(uint8_t *buf, size_t cap, uint32_t xid, uint32_t prog,
		      uint32_t vers, uint32_t proc, xdrproc_t xargs,
		      void *args);

/* Parse @len bytes of a reply into @r (buf must already hold them).  A
 * reply cut short or with bytes after an error fails the test; @len <= 0
 * (no reply) sets every stat field to TU_NO_REPLY. */
void tu_parse_reply(struct tu_reply *r);

/* Dispatch a call to the portmapper and parse the reply into @r. */
void tu_call(struct pm_table *t, const struct tu_caller *tc, uint32_t vers,
	     uint32_t proc, xdrproc_t xargs, void *args, struct tu_reply *r);

/* Decode the results of @r with @xres into @res (libtirpc allocates;
 * free with xdr_free).  False if @r has no results or they do not decode;
 * results followed by more bytes fail the test. */
bool tu_results(const struct tu_reply *r, xdrproc_t xres, void *res);

/* Short-hands returning the boolean / integer result, or -1 if the reply
 * was not a SUCCESS. */
int tu_rpcb_set(struct pm_table *t, const struct tu_caller *tc, uint32_t vers,
		uint32_t prog, uint32_t pvers, const char *netid,
		const char *uaddr);
int tu_rpcb_unset(struct pm_table *t, const struct tu_caller *tc,
		  uint32_t vers, uint32_t prog, uint32_t pvers,
		  const char *netid);
int tu_pmap_set(struct pm_table *t, const struct tu_caller *tc, uint32_t prog,
		uint32_t pvers, uint32_t prot, uint32_t port);
int tu_pmap_unset(struct pm_table *t, const struct tu_caller *tc,
		  uint32_t prog, uint32_t pvers);
long tu_pmap_getport(struct pm_table *t, const struct tu_caller *tc,
		     uint32_t prog, uint32_t pvers, uint32_t prot);

/* GETADDR-like call (proc 3 or 9) answering a string into @buf (an answer
 * that does not fit fails the test); returns 0, or -1 if not a SUCCESS. */
int tu_getaddr(struct pm_table *t, const struct tu_caller *tc, uint32_t vers,
	       uint32_t proc, uint32_t prog, uint32_t pvers, const char *hint,
	       char *buf, size_t size);

/* Number of entries of a v3/v4 DUMP, -1 on failure. */
int tu_dump_count(struct pm_table *t, const struct tu_caller *tc);

#endif
