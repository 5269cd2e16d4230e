/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_uaddr.c - unit tests for libportmap/uaddr.c: universal address
 * parsing, formatting, ports and GETADDR address merging.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <check.h>

#include "uaddr.h"
#include "internal.h"
#include "core.h"
#include "testutil.h"

#define SUN_PATH_SIZE	sizeof(((struct sockaddr_un *)0)->sun_path)
#define POISON		0xa5
#define LEN_SENTINEL	12345

/* ---- helpers --------------------------------------------------------- */

/* An AF_INET or AF_INET6 address (chosen by a ':' in @text). */
static struct sockaddr_storage mkaddr_scope(const char *text, uint16_t port,
					    uint32_t scope)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (void *)&ss;
	struct sockaddr_in6 *sin6 = (void *)&ss;

	memset(&ss, 0, sizeof(ss));
	if (strchr(text, ':')) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sin6->sin6_scope_id = scope;
		ck_assert_int_eq(inet_pton(AF_INET6, text, &sin6->sin6_addr),
				 1);
	} else {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		ck_assert_int_eq(inet_pton(AF_INET, text, &sin->sin_addr), 1);
	}
	return ss;
}

static struct sockaddr_storage mkaddr(const char *text, uint16_t port)
{
	return mkaddr_scope(text, port, 0);
}

static struct sockaddr_storage mkunix(const char *path)
{
	struct sockaddr_storage ss;
	struct sockaddr_un *un = (void *)&ss;

	memset(&ss, 0, sizeof(ss));
	un->sun_family = AF_UNIX;
	strncpy(un->sun_path, path, sizeof(un->sun_path) - 1);
	return ss;
}

static struct pm_ifaddr mkif_scope(const char *text, uint8_t prefixlen,
				   bool up, bool loopback, uint32_t scope)
{
	struct pm_ifaddr ifa = {
		.prefixlen = prefixlen,
		.up = up,
		.loopback = loopback,
	};

	ifa.addr = mkaddr_scope(text, 0, scope);
	return ifa;
}

static struct pm_ifaddr mkif(const char *text, uint8_t prefixlen, bool up,
			     bool loopback)
{
	return mkif_scope(text, prefixlen, up, loopback, 0);
}

static socklen_t ss_len(const struct sockaddr_storage *ss)
{
	switch (ss->ss_family) {
	case AF_INET:
		return sizeof(struct sockaddr_in);
	case AF_INET6:
		return sizeof(struct sockaddr_in6);
	case AF_UNIX:
		return sizeof(struct sockaddr_un);
	default:
		return 0;
	}
}

/* pm_uaddr_merge() with NULL for a missing client or arrival. */
static int merge(const char *reg, enum pm_family fam,
		 const struct sockaddr_storage *cl,
		 const struct sockaddr_storage *arr,
		 const struct pm_ifaddr *ifs, size_t n, char *buf, size_t size)
{
	return pm_uaddr_merge(reg, fam, (const struct sockaddr *)cl,
			      cl ? ss_len(cl) : 0,
			      (const struct sockaddr *)arr,
			      arr ? ss_len(arr) : 0, ifs, n, buf, size);
}

#define ck_assert_merge(expect, reg, fam, cl, arr, ifs, n)		\
	do {								\
		char b_[PM_UADDR_MAX];					\
									\
		ck_assert_int_eq(merge(reg, fam, cl, arr, ifs, n, b_,	\
				       sizeof(b_)), (int)strlen(expect)); \
		ck_assert_str_eq(b_, expect);				\
	} while (0)

/* E5 of the reference: lo 127.0.0.1/8, a0 10.1.0.1/24, b0 10.2.0.1/24. */
static void e5_ifs(struct pm_ifaddr ifs[3])
{
	ifs[0] = mkif("127.0.0.1", 8, true, true);
	ifs[1] = mkif("10.1.0.1", 24, true, false);
	ifs[2] = mkif("10.2.0.1", 24, true, false);
}

/* lo ::1/128, g0 2001:db8::1/64, ll fe80::1/128 on scope 2. */
static void v6_ifs(struct pm_ifaddr ifs[3])
{
	ifs[0] = mkif("::1", 128, true, true);
	ifs[1] = mkif("2001:db8::1", 64, true, false);
	ifs[2] = mkif_scope("fe80::1", 128, true, false, 2);
}

/* Parse must fail with -EINVAL and leave its out-parameters alone. */
static void assert_parse_fails(const char *uaddr, enum pm_family fam)
{
	struct sockaddr_storage ss, orig;
	socklen_t len = LEN_SENTINEL;

	memset(&ss, POISON, sizeof(ss));
	orig = ss;
	ck_assert_msg(pm_uaddr_parse(uaddr, fam, &ss, &len) == -EINVAL,
		      "'%s' (family %d) parsed", uaddr, (int)fam);
	ck_assert_int_eq(len, LEN_SENTINEL);
	ck_assert_int_eq(memcmp(&ss, &orig, sizeof(ss)), 0);
}

/* parse(@uaddr) then format must give @uaddr back. */
static void assert_round_trip(const char *uaddr, enum pm_family fam)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char buf[PM_UADDR_MAX];

	ck_assert_int_eq(pm_uaddr_parse(uaddr, fam, &ss, &len), 0);
	ck_assert_int_eq(pm_uaddr_format((const struct sockaddr *)&ss, len,
					 buf, sizeof(buf)),
			 (int)strlen(uaddr));
	ck_assert_str_eq(buf, uaddr);
}

/* ---- parse: INET ----------------------------------------------------- */

START_TEST(test_parse_inet_valid)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (void *)&ss;
	socklen_t len;

	ck_assert_int_eq(pm_uaddr_parse("10.2.0.1.0.111", PM_FAMILY_INET,
					&ss, &len), 0);
	ck_assert_int_eq(len, sizeof(struct sockaddr_in));
	ck_assert_int_eq(sin->sin_family, AF_INET);
	ck_assert_uint_eq(ntohl(sin->sin_addr.s_addr), 0x0a020001);
	ck_assert_uint_eq(ntohs(sin->sin_port), 111);

	ck_assert_int_eq(pm_uaddr_parse("255.255.255.255.255.255",
					PM_FAMILY_INET, &ss, &len), 0);
	ck_assert_uint_eq(ntohl(sin->sin_addr.s_addr), 0xffffffff);
	ck_assert_uint_eq(ntohs(sin->sin_port), 65535);

	ck_assert_int_eq(pm_uaddr_parse("0.0.0.0.0.0", PM_FAMILY_INET,
					&ss, &len), 0);
	ck_assert_uint_eq(sin->sin_addr.s_addr, 0);
	ck_assert_uint_eq(sin->sin_port, 0);

	/* Leading zeros are decimal, never octal. */
	ck_assert_int_eq(pm_uaddr_parse("010.001.000.009.008.001",
					PM_FAMILY_INET, &ss, &len), 0);
	ck_assert_uint_eq(ntohl(sin->sin_addr.s_addr), 0x0a010009);
	ck_assert_uint_eq(ntohs(sin->sin_port), 0x0801);
}
END_TEST

static const char *const bad_inet[] = {
	"256.0.0.0.0.1",		/* host octet 256 */
	"1.2.3.4.256.0",		/* port octet 256 */
	"1.2.3.4.0.256",
	"1.2.3.4",			/* 4 fields */
	"1.2.3.4.5",			/* 5 fields */
	"1.2.3.4.5.6.7",		/* 7 fields */
	"1..2.3.4.5",			/* empty field */
	".1.2.3.4.5",
	"1.2.3.4.5.6.",			/* trailing dot */
	"1.2.3.4.5.",
	" 1.2.3.4.5.6",			/* leading space */
	"1.2.3.4.5.6 ",
	"1.2.3.4.5. 6",
	"1.2.3.4.5.99999999999999999999",	/* huge */
	"4294967297.0.0.0.0.1",		/* wraps 32 bits */
	"1.2.3.4.5.0255",		/* four digits */
	"+1.2.3.4.5.6",			/* sign */
	"1.2.3.4.5.-6",
	"0x1.2.3.4.5.6",		/* hex */
	"1.2.3.4.5.6\n",
	"a.b.c.d.e.f",
	"",
	".",
	".....",
	"::.0.111",			/* an INET6 uaddr */
	"/run/rpcbind.sock",		/* a LOCAL one */
};

START_TEST(test_parse_inet_invalid)
{
	assert_parse_fails(bad_inet[_i], PM_FAMILY_INET);
}
END_TEST

START_TEST(test_parse_bad_args)
{
	struct sockaddr_storage ss;
	socklen_t len;

	ck_assert_int_eq(pm_uaddr_parse(NULL, PM_FAMILY_INET, &ss, &len),
			 -EINVAL);
	ck_assert_int_eq(pm_uaddr_parse("1.2.3.4.5.6", PM_FAMILY_INET, NULL,
					&len), -EINVAL);
	ck_assert_int_eq(pm_uaddr_parse("1.2.3.4.5.6", PM_FAMILY_INET, &ss,
					NULL), -EINVAL);
	assert_parse_fails("1.2.3.4.5.6", (enum pm_family)42);
}
END_TEST

/* ---- parse: INET6 ---------------------------------------------------- */

START_TEST(test_parse_inet6_valid)
{
	struct sockaddr_storage ss, want;
	struct sockaddr_in6 *sin6 = (void *)&ss;
	struct sockaddr_in6 *w6 = (void *)&want;
	socklen_t len;

	ck_assert_int_eq(pm_uaddr_parse("::.0.111", PM_FAMILY_INET6, &ss,
					&len), 0);
	ck_assert_int_eq(len, sizeof(struct sockaddr_in6));
	ck_assert_int_eq(sin6->sin6_family, AF_INET6);
	ck_assert(IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr));
	ck_assert_uint_eq(ntohs(sin6->sin6_port), 111);

	ck_assert_int_eq(pm_uaddr_parse("2001:db8::1.255.255",
					PM_FAMILY_INET6, &ss, &len), 0);
	want = mkaddr("2001:db8::1", 0);
	ck_assert_int_eq(memcmp(&sin6->sin6_addr, &w6->sin6_addr, 16), 0);
	ck_assert_uint_eq(ntohs(sin6->sin6_port), 65535);

	/* Dots inside the host part: split at the last two. */
	ck_assert_int_eq(pm_uaddr_parse("::ffff:1.2.3.4.0.111",
					PM_FAMILY_INET6, &ss, &len), 0);
	ck_assert(IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr));
	ck_assert_uint_eq(sin6->sin6_addr.s6_addr[12], 1);
	ck_assert_uint_eq(sin6->sin6_addr.s6_addr[15], 4);
	ck_assert_uint_eq(ntohs(sin6->sin6_port), 111);

	ck_assert_int_eq(pm_uaddr_parse("fe80::1.3.0", PM_FAMILY_INET6, &ss,
					&len), 0);
	ck_assert(IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr));
	ck_assert_uint_eq(sin6->sin6_scope_id, 0);
	ck_assert_uint_eq(ntohs(sin6->sin6_port), 768);
}
END_TEST

static const char *const bad_inet6[] = {
	"::1",				/* no port */
	"::1.2",			/* one port field */
	"::.256.0",
	"::.0.256",
	"::.0.1111",
	"::.0.",
	"::..1",
	"::.0.1.",			/* trailing dot */
	" ::.0.1",			/* leading space */
	".0.111",			/* empty host */
	"1.2.3.4.0.111",		/* an INET uaddr */
	"fe80::1%eth0.0.111",		/* scope ids are not uaddr syntax */
	":::.0.111",
	"2001:db8::1::2.0.111",
	"::ffff:1.2.3.256.0.111",
	"1111:2222:3333:4444:5555:6666:7777:8888:9999.0.111",
	"0000000000000000000000000000000000000000000000000000::1.0.111",
	"",
	"/run/rpcbind.sock",
};

START_TEST(test_parse_inet6_invalid)
{
	assert_parse_fails(bad_inet6[_i], PM_FAMILY_INET6);
}
END_TEST

/* ---- parse: LOCAL ---------------------------------------------------- */

START_TEST(test_parse_local_valid)
{
	struct sockaddr_storage ss;
	struct sockaddr_un *un = (void *)&ss;
	char path[SUN_PATH_SIZE];
	socklen_t len;

	ck_assert_int_eq(pm_uaddr_parse("/run/rpcbind.sock", PM_FAMILY_LOCAL,
					&ss, &len), 0);
	ck_assert_int_eq(un->sun_family, AF_UNIX);
	ck_assert_str_eq(un->sun_path, "/run/rpcbind.sock");
	ck_assert_int_eq(len, offsetof(struct sockaddr_un, sun_path) +
			 strlen("/run/rpcbind.sock") + 1);

	/* The longest path that fits with its NUL. */
	memset(path, 'x', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	ck_assert_int_eq(pm_uaddr_parse(path, PM_FAMILY_LOCAL, &ss, &len), 0);
	ck_assert_int_eq(len, sizeof(struct sockaddr_un));
	ck_assert_str_eq(un->sun_path, path);
}
END_TEST

START_TEST(test_parse_local_invalid)
{
	char path[SUN_PATH_SIZE + 1];

	memset(path, 'x', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	assert_parse_fails(path, PM_FAMILY_LOCAL);	/* one too long */
	assert_parse_fails("run/rpcbind.sock", PM_FAMILY_LOCAL);
	assert_parse_fails("", PM_FAMILY_LOCAL);
	assert_parse_fails("0.0.0.0.0.111", PM_FAMILY_LOCAL);
}
END_TEST

/* ---- format ---------------------------------------------------------- */

static const struct {
	const char *uaddr;
	enum pm_family fam;
} round_trips[] = {
	{ "0.0.0.0.0.111", PM_FAMILY_INET },
	{ "10.2.0.1.8.1", PM_FAMILY_INET },
	{ "10.100.9.200.100.10", PM_FAMILY_INET },
	{ "255.255.255.255.255.255", PM_FAMILY_INET },
	{ "127.0.0.1.0.0", PM_FAMILY_INET },
	{ "::.0.111", PM_FAMILY_INET6 },
	{ "::1.39.21", PM_FAMILY_INET6 },
	{ "2001:db8::1.255.255", PM_FAMILY_INET6 },
	{ "fe80::1:2:3:4.0.0", PM_FAMILY_INET6 },
	{ "::ffff:1.2.3.4.0.111", PM_FAMILY_INET6 },
	{ "/run/rpcbind.sock", PM_FAMILY_LOCAL },
	{ "/", PM_FAMILY_LOCAL },
};

START_TEST(test_format_round_trip)
{
	assert_round_trip(round_trips[_i].uaddr, round_trips[_i].fam);
}
END_TEST

START_TEST(test_format_inet)
{
	struct sockaddr_storage ss = mkaddr("192.0.2.7", 2049);
	char buf[PM_UADDR_MAX];

	ck_assert_int_eq(pm_uaddr_format((const struct sockaddr *)&ss,
					 sizeof(struct sockaddr_in), buf,
					 sizeof(buf)), 13);
	ck_assert_str_eq(buf, "192.0.2.7.8.1");
	/* no room for the NUL: nothing, and said so */
	ck_assert_int_eq(pm_uaddr_format((const struct sockaddr *)&ss,
					 sizeof(struct sockaddr_in), buf, 13),
			 -EMSGSIZE);
	ck_assert_str_eq(buf, "");

	/* A scope id is not part of a uaddr. */
	ss = mkaddr_scope("fe80::1", 111, 3);
	ck_assert_int_eq(pm_uaddr_format((const struct sockaddr *)&ss,
					 sizeof(struct sockaddr_in6), buf,
					 sizeof(buf)), 13);
	ck_assert_str_eq(buf, "fe80::1.0.111");
}
END_TEST

START_TEST(test_format_local)
{
	struct sockaddr_storage ss = mkunix("/run/rpcbind.sock");
	struct sockaddr_un *un = (void *)&ss;
	char buf[PM_UADDR_MAX];
	socklen_t len;

	/* Length as getsockname() reports it: up to the NUL only. */
	len = offsetof(struct sockaddr_un, sun_path) + 18;
	ck_assert_int_eq(pm_uaddr_format((const struct sockaddr *)&ss, len,
					 buf, sizeof(buf)), 17);
	ck_assert_str_eq(buf, "/run/rpcbind.sock");

	/* A path filling sun_path with no NUL (the kernel allows it). */
	memset(un->sun_path, 'y', sizeof(un->sun_path));
	un->sun_path[0] = '/';
	ck_assert_int_eq(pm_uaddr_format((const struct sockaddr *)&ss,
					 sizeof(struct sockaddr_un), buf,
					 sizeof(buf)), (int)SUN_PATH_SIZE);
	ck_assert_uint_eq(strlen(buf), SUN_PATH_SIZE);
}
END_TEST

START_TEST(test_format_invalid)
{
	struct sockaddr_storage ss = mkunix("");
	struct sockaddr_un *un = (void *)&ss;
	const struct sockaddr *sa = (const struct sockaddr *)&ss;
	char buf[PM_UADDR_MAX];

	/* Unnamed and abstract sockets have no uaddr. */
	ck_assert_int_eq(pm_uaddr_format(sa, sizeof(sa_family_t), buf,
					 sizeof(buf)), -EINVAL);
	ck_assert_int_eq(pm_uaddr_format(sa, sizeof(struct sockaddr_un), buf,
					 sizeof(buf)), -EINVAL);
	memcpy(un->sun_path, "\0/run/rpcbind.sock", 19);
	ck_assert_int_eq(pm_uaddr_format(sa, sizeof(struct sockaddr_un), buf,
					 sizeof(buf)), -EINVAL);

	ss = mkaddr("10.0.0.1", 111);
	ck_assert_int_eq(pm_uaddr_format(sa, sizeof(struct sockaddr_in) - 1,
					 buf, sizeof(buf)), -EINVAL);
	ss = mkaddr("::1", 111);
	ck_assert_int_eq(pm_uaddr_format(sa, sizeof(struct sockaddr_in), buf,
					 sizeof(buf)), -EINVAL);
	ss.ss_family = AF_UNSPEC;
	ck_assert_int_eq(pm_uaddr_format(sa, sizeof(ss), buf, sizeof(buf)),
			 -EINVAL);
	ck_assert_int_eq(pm_uaddr_format(NULL, sizeof(ss), buf, sizeof(buf)),
			 -EINVAL);
	ck_assert_int_eq(pm_uaddr_format(sa, 0, buf, sizeof(buf)), -EINVAL);
}
END_TEST

START_TEST(test_format_msgsize)
{
	struct sockaddr_storage ss = mkaddr("10.2.0.1", 2049);
	const struct sockaddr *sa = (const struct sockaddr *)&ss;
	char buf[PM_UADDR_MAX];

	/* "10.2.0.1.8.1" is 12 characters: 13 bytes fit, 12 do not. */
	ck_assert_int_eq(pm_uaddr_format(sa, sizeof(ss), buf, 13), 12);
	ck_assert_str_eq(buf, "10.2.0.1.8.1");
	ck_assert_int_eq(pm_uaddr_format(sa, sizeof(ss), buf, 12), -EMSGSIZE);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(pm_uaddr_format(sa, sizeof(ss), NULL, 0), -EMSGSIZE);

	ss = mkunix("/run/rpcbind.sock");
	ck_assert_int_eq(pm_uaddr_format(sa, sizeof(ss), buf, 5), -EMSGSIZE);
	ck_assert_str_eq(buf, "");
}
END_TEST

/* ---- port ------------------------------------------------------------ */

START_TEST(test_port)
{
	ck_assert_int_eq(pm_uaddr_port("10.2.0.1.0.111", PM_FAMILY_INET), 111);
	ck_assert_int_eq(pm_uaddr_port("0.0.0.0.0.0", PM_FAMILY_INET), 0);
	ck_assert_int_eq(pm_uaddr_port("1.2.3.4.255.255", PM_FAMILY_INET),
			 65535);
	ck_assert_int_eq(pm_uaddr_port("::.8.1", PM_FAMILY_INET6), 2049);
	ck_assert_int_eq(pm_uaddr_port("::ffff:1.2.3.4.1.0", PM_FAMILY_INET6),
			 256);
	ck_assert_int_eq(pm_uaddr_port("/run/rpcbind.sock", PM_FAMILY_LOCAL),
			 -EINVAL);
	ck_assert_int_eq(pm_uaddr_port("1.2.3.4.0.256", PM_FAMILY_INET),
			 -EINVAL);
	ck_assert_int_eq(pm_uaddr_port("::.0.111", PM_FAMILY_INET), -EINVAL);
	ck_assert_int_eq(pm_uaddr_port("::1", PM_FAMILY_INET6), -EINVAL);
	ck_assert_int_eq(pm_uaddr_port(NULL, PM_FAMILY_INET), -EINVAL);
}
END_TEST

/* ---- merge: when the registered address is returned as is ------------ */

START_TEST(test_merge_local_family)
{
	struct sockaddr_storage cl = mkaddr("10.2.0.9", 700);
	struct pm_ifaddr ifs[3];

	e5_ifs(ifs);
	ck_assert_merge("/run/foo.sock", "/run/foo.sock", PM_FAMILY_LOCAL,
			&cl, NULL, ifs, 3);
}
END_TEST

START_TEST(test_merge_local_caller)
{
	struct sockaddr_storage cl = mkunix("");
	struct pm_ifaddr ifs[3];

	e5_ifs(ifs);
	ck_assert_merge("0.0.0.0.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			NULL, ifs, 3);
	ck_assert_merge("::.8.1", "::.8.1", PM_FAMILY_INET6, &cl, NULL,
			ifs, 3);
	/* No client at all is treated the same way. */
	ck_assert_merge("0.0.0.0.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, NULL,
			NULL, ifs, 3);
	/* Nothing is parsed on this path, as in rpcbind. */
	ck_assert_merge("junk", "junk", PM_FAMILY_INET, &cl, NULL, ifs, 3);
}
END_TEST

START_TEST(test_merge_not_wildcard)
{
	struct sockaddr_storage cl = mkaddr("10.2.0.9", 700);
	struct sockaddr_storage arr = mkaddr("10.2.0.1", 111);
	struct pm_ifaddr ifs[3];

	e5_ifs(ifs);
	ck_assert_merge("10.1.0.1.8.1", "10.1.0.1.8.1", PM_FAMILY_INET, &cl,
			&arr, ifs, 3);
	/* Returned exactly as registered, not re-formatted. */
	ck_assert_merge("10.1.0.001.008.1", "10.1.0.001.008.1",
			PM_FAMILY_INET, &cl, &arr, ifs, 3);
	cl = mkaddr("2001:db8::9", 700);
	ck_assert_merge("2001:db8::5.0.111", "2001:db8::5.0.111",
			PM_FAMILY_INET6, &cl, NULL, ifs, 3);
}
END_TEST

START_TEST(test_merge_no_candidate)
{
	struct sockaddr_storage cl = mkaddr("10.2.0.9", 700);
	struct sockaddr_storage wild = mkaddr("0.0.0.0", 111);
	struct pm_ifaddr ifs[2];

	ck_assert_merge("0.0.0.0.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			NULL, NULL, 0);
	/* Only interfaces of the other family, down, or a wildcard. */
	ifs[0] = mkif("2001:db8::1", 64, true, false);
	ifs[1] = mkif("10.2.0.1", 24, false, false);
	ck_assert_merge("0.0.0.0.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			&wild, ifs, 2);
	ifs[1] = mkif("0.0.0.0", 0, true, false);
	ck_assert_merge("0.0.0.0.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			NULL, ifs, 2);
	/* A wildcard interface address is never handed out. */
	ifs[0] = mkif("0.0.0.0", 0, true, false);
	ifs[1] = mkif("127.0.0.1", 8, true, true);
	ck_assert_merge("127.0.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			NULL, ifs, 2);
}
END_TEST

START_TEST(test_merge_bad_args)
{
	struct sockaddr_storage cl = mkaddr("10.2.0.9", 700);
	struct pm_ifaddr ifs[3];
	char buf[PM_UADDR_MAX];

	e5_ifs(ifs);
	ck_assert_int_eq(merge(NULL, PM_FAMILY_INET, &cl, NULL, ifs, 3, buf,
			       sizeof(buf)), -EINVAL);
	ck_assert_int_eq(merge("0.0.0.0.8", PM_FAMILY_INET, &cl, NULL, ifs, 3,
			       buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(merge("0.0.0.0.8.1", PM_FAMILY_INET6, &cl, NULL, ifs,
			       3, buf, sizeof(buf)), -EINVAL);
}
END_TEST

/* ---- merge: ranking -------------------------------------------------- */

START_TEST(test_merge_e5_arrival)
{
	struct sockaddr_storage cl = mkaddr("10.2.0.9", 700);
	struct sockaddr_storage arr = mkaddr("10.2.0.1", 111);
	struct pm_ifaddr ifs[3];

	e5_ifs(ifs);
	ck_assert_merge("10.2.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			&arr, ifs, 3);
}
END_TEST

START_TEST(test_merge_e5_subnet)
{
	struct sockaddr_storage cl = mkaddr("10.2.0.9", 700);
	struct pm_ifaddr ifs[3];

	/* rpcbind >= 1.2.6 answers 10.1.0.1 here (the b5937e1 bug). */
	e5_ifs(ifs);
	ck_assert_merge("10.2.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			NULL, ifs, 3);
	/* The registered port is kept, whatever its spelling. */
	ck_assert_merge("10.2.0.1.0.111", "0.0.0.0.0.111", PM_FAMILY_INET,
			&cl, NULL, ifs, 3);
	ck_assert_merge("10.2.0.1.8.1", "000.0.0.0.008.001", PM_FAMILY_INET,
			&cl, NULL, ifs, 3);
}
END_TEST

START_TEST(test_merge_loopback_client)
{
	struct sockaddr_storage cl = mkaddr("127.0.0.1", 700);
	struct sockaddr_storage arr = mkaddr("127.0.0.1", 111);
	struct pm_ifaddr ifs[3];

	e5_ifs(ifs);
	ck_assert_merge("127.0.0.1.39.16", "0.0.0.0.39.16", PM_FAMILY_INET,
			&cl, &arr, ifs, 3);
	ck_assert_merge("127.0.0.1.39.16", "0.0.0.0.39.16", PM_FAMILY_INET,
			&cl, NULL, ifs, 3);
}
END_TEST

START_TEST(test_merge_exact_beats_arrival)
{
	struct sockaddr_storage hint = mkaddr("10.1.0.1", 111);
	struct sockaddr_storage arr = mkaddr("10.2.0.1", 111);
	struct pm_ifaddr ifs[3];

	/* The r_addr hint names one of our addresses: it wins. */
	e5_ifs(ifs);
	ck_assert_merge("10.1.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &hint,
			&arr, ifs, 3);
}
END_TEST

START_TEST(test_merge_arrival_beats_subnet)
{
	struct sockaddr_storage cl = mkaddr("10.2.0.9", 700);
	struct sockaddr_storage arr = mkaddr("10.1.0.1", 111);
	struct pm_ifaddr ifs[3];

	e5_ifs(ifs);
	ck_assert_merge("10.1.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			&arr, ifs, 3);
	/* An arrival address missing from @ifs still counts. */
	ck_assert_merge("10.1.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			&arr, ifs, 1);
	/* Also when the subnet match comes first in @ifs. */
	cl = mkaddr("10.1.0.9", 700);
	arr = mkaddr("10.2.0.1", 111);
	ck_assert_merge("10.2.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			&arr, ifs, 3);
}
END_TEST

START_TEST(test_merge_arrival_ignored)
{
	struct sockaddr_storage cl = mkaddr("192.0.2.7", 700);
	struct sockaddr_storage wild = mkaddr("0.0.0.0", 111);
	struct sockaddr_storage v6 = mkaddr("2001:db8::1", 111);
	struct pm_ifaddr ifs[3];

	/* Wildcard or other-family arrivals: first non-loopback wins. */
	e5_ifs(ifs);
	ck_assert_merge("10.1.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			&wild, ifs, 3);
	ck_assert_merge("10.1.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			&v6, ifs, 3);
}
END_TEST

START_TEST(test_merge_fallbacks)
{
	struct sockaddr_storage cl = mkaddr("192.0.2.7", 700);
	struct pm_ifaddr ifs[3];

	/* No subnet holds the client: first non-loopback interface. */
	e5_ifs(ifs);
	ck_assert_merge("10.1.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			NULL, ifs, 3);
	/* Only loopback left: better than nothing. */
	ck_assert_merge("127.0.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			NULL, ifs, 1);
	/* The loopback flag and a 127/8 address each mean loopback. */
	ifs[0] = mkif("10.9.9.9", 32, true, true);
	ifs[1] = mkif("127.0.0.2", 8, true, false);
	ck_assert_merge("10.2.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			NULL, ifs, 3);
}
END_TEST

START_TEST(test_merge_tie_first)
{
	struct sockaddr_storage cl = mkaddr("10.2.0.9", 700);
	struct pm_ifaddr ifs[3];

	ifs[0] = mkif("127.0.0.1", 8, true, true);
	ifs[1] = mkif("10.0.0.1", 8, true, false);
	ifs[2] = mkif("10.2.0.1", 16, true, false);
	ck_assert_merge("10.0.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			NULL, ifs, 3);
}
END_TEST

START_TEST(test_merge_prefix)
{
	struct sockaddr_storage cl = mkaddr("10.2.0.129", 700);
	struct pm_ifaddr ifs[3];

	/* /25 splits at .128; /0 holds everything; > 32 holds nothing. */
	ifs[0] = mkif("10.1.0.1", 40, true, true);
	ifs[1] = mkif("10.2.0.1", 25, true, true);
	ifs[2] = mkif("10.2.0.130", 25, true, true);
	ck_assert_merge("10.2.0.130.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			NULL, ifs, 3);
	ifs[1] = mkif("192.0.2.1", 0, true, true);
	ck_assert_merge("192.0.2.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			NULL, ifs, 3);
}
END_TEST

START_TEST(test_merge_not_up)
{
	struct sockaddr_storage cl = mkaddr("10.2.0.9", 700);
	struct sockaddr_storage hint = mkaddr("10.2.0.1", 111);
	struct pm_ifaddr ifs[3];

	e5_ifs(ifs);
	ifs[2].up = false;
	ck_assert_merge("10.1.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			NULL, ifs, 3);
	/* Not even an exact match on a down interface. */
	ck_assert_merge("10.1.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &hint,
			NULL, ifs, 3);
}
END_TEST

START_TEST(test_merge_v4mapped_client)
{
	struct sockaddr_storage cl = mkaddr("::ffff:10.2.0.9", 700);
	struct sockaddr_storage hint = mkaddr("::ffff:10.1.0.1", 111);
	struct pm_ifaddr ifs[3];

	e5_ifs(ifs);
	ck_assert_merge("10.2.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &cl,
			NULL, ifs, 3);
	ck_assert_merge("10.1.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &hint,
			&cl, ifs, 3);
}
END_TEST

START_TEST(test_merge_wrong_family_client)
{
	struct sockaddr_storage v4 = mkaddr("10.2.0.9", 700);
	struct sockaddr_storage v6 = mkaddr("2001:db8::9", 700);
	struct sockaddr_storage lo6 = mkaddr("::1", 111);
	struct pm_ifaddr ifs[6];

	/* Ranked without a client, but still merged. */
	e5_ifs(ifs);
	v6_ifs(ifs + 3);
	ck_assert_merge("10.1.0.1.8.1", "0.0.0.0.8.1", PM_FAMILY_INET, &v6,
			NULL, ifs, 6);
	ck_assert_merge("2001:db8::1.8.1", "::.8.1", PM_FAMILY_INET6, &v4,
			NULL, ifs, 6);
	ck_assert_merge("::1.8.1", "::.8.1", PM_FAMILY_INET6, &v4, &lo6,
			ifs, 6);
}
END_TEST

START_TEST(test_merge_inet6)
{
	struct sockaddr_storage cl = mkaddr("::1", 700);
	struct pm_ifaddr ifs[3];

	v6_ifs(ifs);
	ck_assert_merge("::1.39.21", "::.39.21", PM_FAMILY_INET6, &cl, NULL,
			ifs, 3);
	cl = mkaddr("2001:db8::99", 700);
	ck_assert_merge("2001:db8::1.39.21", "::.39.21", PM_FAMILY_INET6, &cl,
			NULL, ifs, 3);
	cl = mkaddr("2001:db8::1", 700);
	ck_assert_merge("2001:db8::1.39.21", "::.39.21", PM_FAMILY_INET6, &cl,
			NULL, ifs, 3);
}
END_TEST

START_TEST(test_merge_link_local)
{
	struct sockaddr_storage cl = mkaddr_scope("fe80::99", 700, 2);
	struct pm_ifaddr ifs[3];

	/* fe80::1 is a /128: only the link-local rank can pick it. */
	v6_ifs(ifs);
	ck_assert_merge("fe80::1.0.111", "::.0.111", PM_FAMILY_INET6, &cl,
			NULL, ifs, 3);
	/* A hint carries no scope id: still a link-local match. */
	cl = mkaddr("fe80::99", 111);
	ck_assert_merge("fe80::1.0.111", "::.0.111", PM_FAMILY_INET6, &cl,
			NULL, ifs, 3);
	/* Another link: fall back to the first non-loopback address. */
	cl = mkaddr_scope("fe80::99", 700, 3);
	ck_assert_merge("2001:db8::1.0.111", "::.0.111", PM_FAMILY_INET6, &cl,
			NULL, ifs, 3);
	/* Same address, other link: not an exact match either. */
	cl = mkaddr_scope("fe80::1", 700, 3);
	ck_assert_merge("2001:db8::1.0.111", "::.0.111", PM_FAMILY_INET6, &cl,
			NULL, ifs, 3);
}
END_TEST

START_TEST(test_merge_msgsize)
{
	struct sockaddr_storage cl = mkaddr("10.2.0.9", 700);
	struct sockaddr_storage local = mkunix("/run/rpcbind.sock");
	struct pm_ifaddr ifs[3];
	char buf[PM_UADDR_MAX];

	e5_ifs(ifs);
	/* "10.2.0.1.8.1" needs 13 bytes. */
	ck_assert_int_eq(merge("0.0.0.0.8.1", PM_FAMILY_INET, &cl, NULL, ifs,
			       3, buf, 12), -EMSGSIZE);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(merge("0.0.0.0.8.1", PM_FAMILY_INET, &cl, NULL, ifs,
			       3, buf, 13), 12);
	ck_assert_str_eq(buf, "10.2.0.1.8.1");
	/* Also when the registered address is returned as is. */
	ck_assert_int_eq(merge("/run/foo.sock", PM_FAMILY_LOCAL, &local, NULL,
			       ifs, 3, buf, 4), -EMSGSIZE);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(merge("0.0.0.0.8.1", PM_FAMILY_INET, &cl, NULL, ifs,
			       3, NULL, 0), -EMSGSIZE);
}
END_TEST

/* ---- v4-mapped peers of dual-stack sockets ---------------------------- */

START_TEST(test_unmap_mapped)
{
	struct sockaddr_storage in = mkaddr("::ffff:127.0.0.1", 700), out;
	const struct sockaddr_in *sin = (const void *)&out;
	socklen_t len = LEN_SENTINEL;

	memset(&out, POISON, sizeof(out));
	ck_assert_int_eq(pm_addr_unmap((struct sockaddr *)&in,
				       sizeof(struct sockaddr_in6), &out,
				       &len), 1);
	ck_assert_uint_eq(len, sizeof(struct sockaddr_in));
	ck_assert_int_eq(sin->sin_family, AF_INET);
	ck_assert_uint_eq(ntohs(sin->sin_port), 700);
	ck_assert_uint_eq(ntohl(sin->sin_addr.s_addr), 0x7f000001u);
	/* exactly what an AF_INET socket would have said */
	in = mkaddr("127.0.0.1", 700);
	ck_assert_mem_eq(&out, &in, sizeof(struct sockaddr_in));
}
END_TEST

/* Plain IPv4, IPv6 (also ::1 and IPv4-compatible forms), AF_UNIX: as is. */
static const struct {
	const char *text;
	socklen_t len;
} not_mapped[] = {
	{ "10.0.0.1", sizeof(struct sockaddr_in) },
	{ "::1", sizeof(struct sockaddr_in6) },
	{ "fe80::1", sizeof(struct sockaddr_in6) },
	{ "::127.0.0.1", sizeof(struct sockaddr_in6) },
	{ "64:ff9b::127.0.0.1", sizeof(struct sockaddr_in6) },
};

START_TEST(test_unmap_copies)
{
	struct sockaddr_storage in = mkaddr_scope(not_mapped[_i].text, 111, 3);
	struct sockaddr_storage out;
	socklen_t len = LEN_SENTINEL;

	memset(&out, POISON, sizeof(out));
	ck_assert_int_eq(pm_addr_unmap((struct sockaddr *)&in,
				       not_mapped[_i].len, &out, &len), 0);
	ck_assert_uint_eq(len, not_mapped[_i].len);
	ck_assert_mem_eq(&out, &in, len);
	ck_assert_str_eq(pm_addr_netid("udp6", (struct sockaddr *)&in, len),
			 "udp6");
}
END_TEST

START_TEST(test_unmap_local_and_bad_args)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct sockaddr_storage out, big;
	socklen_t len = LEN_SENTINEL;

	ck_assert_int_eq(pm_addr_unmap((struct sockaddr *)&sun,
				       sizeof(sa_family_t), &out, &len), 0);
	ck_assert_uint_eq(len, sizeof(sa_family_t));
	ck_assert_int_eq(out.ss_family, AF_UNIX);
	len = LEN_SENTINEL;
	ck_assert_int_eq(pm_addr_unmap(NULL, 0, &out, &len), -EINVAL);
	ck_assert_int_eq(pm_addr_unmap((struct sockaddr *)&sun, sizeof(sun),
				       NULL, &len), -EINVAL);
	ck_assert_int_eq(pm_addr_unmap((struct sockaddr *)&sun, sizeof(sun),
				       &out, NULL), -EINVAL);
	memset(&big, 0, sizeof(big));
	ck_assert_int_eq(pm_addr_unmap((struct sockaddr *)&big,
				       sizeof(big) + 1, &out, &len), -EINVAL);
	ck_assert_uint_eq(len, LEN_SENTINEL);
}
END_TEST

START_TEST(test_netid_of_peer)
{
	struct sockaddr_storage m = mkaddr("::ffff:192.0.2.1", 1000);
	struct sockaddr_storage v4 = mkaddr("192.0.2.1", 1000);
	const struct sockaddr *mp = (const struct sockaddr *)&m;
	socklen_t l6 = sizeof(struct sockaddr_in6);

	ck_assert_str_eq(pm_addr_netid("udp6", mp, l6), "udp");
	ck_assert_str_eq(pm_addr_netid("tcp6", mp, l6), "tcp");
	/* an endpoint of another netid keeps its own */
	ck_assert_str_eq(pm_addr_netid("udp", mp, l6), "udp");
	ck_assert_str_eq(pm_addr_netid("local", mp, l6), "local");
	ck_assert_str_eq(pm_addr_netid("udp", (struct sockaddr *)&v4,
				       sizeof(struct sockaddr_in)), "udp");
	/* a truncated address is not taken for mapped */
	ck_assert_str_eq(pm_addr_netid("udp6", mp, l6 - 1), "udp6");
	ck_assert_str_eq(pm_addr_netid("tcp6", NULL, 0), "tcp6");
}
END_TEST

/* ---- suite ----------------------------------------------------------- */

/* One TCase per behaviour, already in the suite. */
static TCase *add_tcase(Suite *s, const char *name)
{
	TCase *tc = tcase_create(name);

	suite_add_tcase(s, tc);
	return tc;
}

static Suite *uaddr_suite(void)
{
	Suite *s = suite_create("uaddr");

	tcase_add_test(add_tcase(s, "parse_inet_valid"), test_parse_inet_valid);
	tcase_add_loop_test(add_tcase(s, "parse_inet_invalid"),
			    test_parse_inet_invalid, 0, (int)ARRAY_SIZE(bad_inet));
	tcase_add_test(add_tcase(s, "parse_bad_args"), test_parse_bad_args);
	tcase_add_test(add_tcase(s, "parse_inet6_valid"),
		       test_parse_inet6_valid);
	tcase_add_loop_test(add_tcase(s, "parse_inet6_invalid"),
			    test_parse_inet6_invalid, 0, (int)ARRAY_SIZE(bad_inet6));
	tcase_add_test(add_tcase(s, "parse_local_valid"),
		       test_parse_local_valid);
	tcase_add_test(add_tcase(s, "parse_local_invalid"),
		       test_parse_local_invalid);
	tcase_add_loop_test(add_tcase(s, "format_round_trip"),
			    test_format_round_trip, 0, (int)ARRAY_SIZE(round_trips));
	tcase_add_test(add_tcase(s, "format_inet"), test_format_inet);
	tcase_add_test(add_tcase(s, "format_local"), test_format_local);
	tcase_add_test(add_tcase(s, "format_invalid"), test_format_invalid);
	tcase_add_test(add_tcase(s, "format_msgsize"), test_format_msgsize);
	tcase_add_test(add_tcase(s, "port"), test_port);
	tcase_add_test(add_tcase(s, "merge_local_family"),
		       test_merge_local_family);
	tcase_add_test(add_tcase(s, "merge_local_caller"),
		       test_merge_local_caller);
	tcase_add_test(add_tcase(s, "merge_not_wildcard"),
		       test_merge_not_wildcard);
	tcase_add_test(add_tcase(s, "merge_no_candidate"),
		       test_merge_no_candidate);
	tcase_add_test(add_tcase(s, "merge_bad_args"), test_merge_bad_args);
	tcase_add_test(add_tcase(s, "merge_e5_arrival"), test_merge_e5_arrival);
	tcase_add_test(add_tcase(s, "merge_e5_subnet"), test_merge_e5_subnet);
	tcase_add_test(add_tcase(s, "merge_loopback_client"),
		       test_merge_loopback_client);
	tcase_add_test(add_tcase(s, "merge_exact_beats_arrival"),
		       test_merge_exact_beats_arrival);
	tcase_add_test(add_tcase(s, "merge_arrival_beats_subnet"),
		       test_merge_arrival_beats_subnet);
	tcase_add_test(add_tcase(s, "merge_arrival_ignored"),
		       test_merge_arrival_ignored);
	tcase_add_test(add_tcase(s, "merge_fallbacks"), test_merge_fallbacks);
	tcase_add_test(add_tcase(s, "merge_tie_first"), test_merge_tie_first);
	tcase_add_test(add_tcase(s, "unmap_mapped"), test_unmap_mapped);
	tcase_add_loop_test(add_tcase(s, "unmap_copies"), test_unmap_copies,
			    0, (int)ARRAY_SIZE(not_mapped));
	tcase_add_test(add_tcase(s, "unmap_local_and_bad_args"),
		       test_unmap_local_and_bad_args);
	tcase_add_test(add_tcase(s, "netid_of_peer"), test_netid_of_peer);
	tcase_add_test(add_tcase(s, "merge_prefix"), test_merge_prefix);
	tcase_add_test(add_tcase(s, "merge_not_up"), test_merge_not_up);
	tcase_add_test(add_tcase(s, "merge_v4mapped_client"),
		       test_merge_v4mapped_client);
	tcase_add_test(add_tcase(s, "merge_wrong_family_client"),
		       test_merge_wrong_family_client);
	tcase_add_test(add_tcase(s, "merge_inet6"), test_merge_inet6);
	tcase_add_test(add_tcase(s, "merge_link_local"), test_merge_link_local);
	tcase_add_test(add_tcase(s, "merge_msgsize"), test_merge_msgsize);
	return s;
}

int main(void)
{
	return tu_run(uaddr_suite());
}
