/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uaddr.c - universal addresses and GETADDR address merging.
 *
 * rpcbind's addrmerge() (util.c) asks getifaddrs() on every call and, since
 * 2019, lets an earlier unrelated interface beat a later subnet match.
 * Here the caller passes the namespace's interfaces in, and candidates are
 * ranked explicitly as FreeBSD's rpcbind does.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "uaddr.h"
#include "core.h"

/* "h1.h2.h3.h4.p1.p2" and the "p1.p2" tail of an IPv6 uaddr. */
#define INET_UADDR_FIELDS	6
#define PORT_FIELDS		2
#define OCTET_DIGITS_MAX	3
#define BITS_PER_BYTE		8

/* Whatever we format must fit the table's strings. */
_Static_assert(sizeof(((struct sockaddr_un *)0)->sun_path) < PM_UADDR_MAX,
	       "a socket path must fit PM_UADDR_MAX");
_Static_assert(INET6_ADDRSTRLEN + sizeof(".255.255") <= PM_UADDR_MAX,
	       "an IPv6 uaddr must fit PM_UADDR_MAX");

/* Ranks of merge candidates, worst first (FreeBSD's addrmerge order). */
enum merge_score {
	SCORE_ANY,
	SCORE_NOT_LOOPBACK,
	SCORE_SUBNET,
	SCORE_LINK_LOCAL,
	SCORE_ARRIVAL,
	SCORE_CLIENT,
};

/* What candidates are ranked against; NULL members take no part. */
struct merge_ctx {
	int af;
	const struct sockaddr_storage *client;
	const struct sockaddr_storage *arrival;
};

/* One 1-3 digit decimal field s[0..n) as 0..255, or -EINVAL. */
static int parse_octet(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	if (n < 1 || n > OCTET_DIGITS_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		/* Not isdigit(): it depends on the locale. */
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	return v <= UINT8_MAX ? v : -EINVAL;
}

/* All of @s as exactly @count dot-separated octets, into @out. */
static int parse_octets(const char *s, uint8_t *out, size_t count)
{
	const char *dot;
	size_t i, n;
	int v;

	for (i = 0; i < count; i++) {
		dot = strchr(s, '.');
		/* A dot must follow every field but the last. */
		if ((dot != NULL) != (i + 1 < count))
			return -EINVAL;
		n = dot ? (size_t)(dot - s) : strlen(s);
		v = parse_octet(s, n);
		if (v < 0)
			return v;
		out[i] = (uint8_t)v;
		if (dot)
			s = dot + 1;
	}
	return 0;
}

static void ss_store(struct sockaddr_storage *ss, const void *sa, size_t len)
{
	memset(ss, 0, sizeof(*ss));
	memcpy(ss, sa, len);
}

static int parse_inet(const char *uaddr, struct sockaddr_storage *ss,
		      socklen_t *len)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	uint8_t f[INET_UADDR_FIELDS];

	if (parse_octets(uaddr, f, INET_UADDR_FIELDS) < 0)
		return -EINVAL;
	memcpy(&sin.sin_addr, f, sizeof(sin.sin_addr));
	sin.sin_port = htons((uint16_t)(f[4] << 8 | f[5]));
	ss_store(ss, &sin, sizeof(sin));
	*len = sizeof(sin);
	return 0;
}

/* The last '.' in [start, end), or NULL. */
static const char *prev_dot(const char *start, const char *end)
{
	while (end > start) {
		end--;
		if (*end == '.')
			return end;
	}
	return NULL;
}

static int parse_inet6(const char *uaddr, struct sockaddr_storage *ss,
		       socklen_t *len)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	char host[INET6_ADDRSTRLEN];
	uint8_t port[PORT_FIELDS];
	const char *dot;
	size_t n;

	/* The host may hold dots itself ("::ffff:1.2.3.4"): split at the
	 * second-to-last one. */
	dot = prev_dot(uaddr, uaddr + strlen(uaddr));
	if (dot)
		dot = prev_dot(uaddr, dot);
	if (!dot)
		return -EINVAL;
	n = (size_t)(dot - uaddr);
	if (n >= sizeof(host) || parse_octets(dot + 1, port, PORT_FIELDS) < 0)
		return -EINVAL;
	memcpy(host, uaddr, n);
	host[n] = '\0';
	if (inet_pton(AF_INET6, host, &sin6.sin6_addr) != 1)
		return -EINVAL;
	sin6.sin6_port = htons((uint16_t)(port[0] << 8 | port[1]));
	ss_store(ss, &sin6, sizeof(sin6));
	*len = sizeof(sin6);
	return 0;
}

static int parse_local(const char *uaddr, struct sockaddr_storage *ss,
		       socklen_t *len)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	size_t n;

	n = strnlen(uaddr, sizeof(un.sun_path));
	if (uaddr[0] != '/' || n >= sizeof(un.sun_path))
		return -EINVAL;
	memcpy(un.sun_path, uaddr, n + 1);
	ss_store(ss, &un, sizeof(un));
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	return 0;
}

int pm_uaddr_parse(const char *uaddr, enum pm_family fam,
		   struct sockaddr_storage *ret_ss, socklen_t *ret_len)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int r;

	if (!uaddr || !ret_ss || !ret_len)
		return -EINVAL;
	switch (fam) {
	case PM_FAMILY_INET:
		r = parse_inet(uaddr, &ss, &len);
		break;
	case PM_FAMILY_INET6:
		r = parse_inet6(uaddr, &ss, &len);
		break;
	case PM_FAMILY_LOCAL:
		r = parse_local(uaddr, &ss, &len);
		break;
	default:
		r = -EINVAL;
		break;
	}
	if (r < 0)
		return r;
	*ret_ss = ss;
	*ret_len = len;
	return 0;
}

/* Smallest valid length of a sockaddr of family @af; 0 if unsupported. */
static socklen_t sa_min_len(sa_family_t af)
{
	switch (af) {
	case AF_INET:
		return sizeof(struct sockaddr_in);
	case AF_INET6:
		return sizeof(struct sockaddr_in6);
	case AF_UNIX:
		return offsetof(struct sockaddr_un, sun_path) + 1;
	default:
		return 0;
	}
}

/*
 * Copy @sa into zeroed storage, so later reads are aligned and in bounds
 * whatever buffer the caller's sockaddr lives in.
 */
static int sa_load(const struct sockaddr *sa, socklen_t len,
		   struct sockaddr_storage *ss)
{
	socklen_t min;

	if (!sa || len < sizeof(sa_family_t))
		return -EINVAL;
	ss_store(ss, sa, len < sizeof(*ss) ? len : sizeof(*ss));
	min = sa_min_len(ss->ss_family);
	if (min == 0 || len < min)
		return -EINVAL;
	return 0;
}

/* Turn snprintf()'s result into ours; a truncated string is emptied. */
static int finish(char *buf, size_t size, int r)
{
	if (r < 0)
		return -EINVAL;
	if ((size_t)r >= size) {
		if (size > 0)
			buf[0] = '\0';
		return -EMSGSIZE;
	}
	return r;
}

/* The address bytes of an AF_INET or AF_INET6 @ss and their number. */
static const uint8_t *ss_addr(const struct sockaddr_storage *ss,
			      size_t *ret_len)
{
	const struct sockaddr_in *sin = (const void *)ss;
	const struct sockaddr_in6 *sin6 = (const void *)ss;

	if (ss->ss_family == AF_INET) {
		*ret_len = sizeof(sin->sin_addr);
		return (const uint8_t *)&sin->sin_addr;
	}
	*ret_len = sizeof(sin6->sin6_addr);
	return sin6->sin6_addr.s6_addr;
}

/* The port of an AF_INET or AF_INET6 @ss, host order. */
static uint16_t ss_port(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in *sin = (const void *)ss;
	const struct sockaddr_in6 *sin6 = (const void *)ss;

	return ntohs(ss->ss_family == AF_INET ? sin->sin_port :
		     sin6->sin6_port);
}

static void ss_set_port(struct sockaddr_storage *ss, uint16_t port)
{
	struct sockaddr_in *sin = (void *)ss;
	struct sockaddr_in6 *sin6 = (void *)ss;

	if (ss->ss_family == AF_INET)
		sin->sin_port = htons(port);
	else
		sin6->sin6_port = htons(port);
}

/* "a.b.c.d.p1.p2" by hand: GETADDR formats one per request, and
 * printf() was a twentieth of its cost. */
static int format_inet4(const struct sockaddr_storage *ss, char *buf,
			size_t size)
{
	size_t len;
	const uint8_t *a = ss_addr(ss, &len);
	uint16_t port = ss_port(ss);
	const unsigned int part[6] = { a[0], a[1], a[2], a[3], port >> 8,
				       port & 0xff };
	char text[sizeof("255.255.255.255.255.255")], *p = text;
	size_t i;

	for (i = 0; i < 6; i++) {
		if (i)
			*p++ = '.';
		if (part[i] >= 100)
			*p++ = (char)('0' + part[i] / 100);
		if (part[i] >= 10)
			*p++ = (char)('0' + part[i] / 10 % 10);
		*p++ = (char)('0' + part[i] % 10);
	}
	*p = '\0';
	if ((size_t)(p - text) < size)
		memcpy(buf, text, (size_t)(p - text) + 1);
	return finish(buf, size, (int)(p - text));
}

static int format_inet(const struct sockaddr_storage *ss, char *buf,
		       size_t size)
{
	char host[INET6_ADDRSTRLEN];
	uint16_t port = ss_port(ss);
	size_t n;

	if (ss->ss_family == AF_INET)
		return format_inet4(ss, buf, size);
	if (!inet_ntop(ss->ss_family, ss_addr(ss, &n), host, sizeof(host)))
		return -EINVAL;
	return finish(buf, size, snprintf(buf, size, "%s.%u.%u", host,
					  (unsigned int)(port >> 8),
					  (unsigned int)(port & 0xff)));
}

static int format_local(const struct sockaddr_storage *ss, socklen_t len,
			char *buf, size_t size)
{
	const struct sockaddr_un *un = (const void *)ss;
	size_t max, n;

	/* The kernel allows a path filling sun_path without a NUL. */
	max = len - offsetof(struct sockaddr_un, sun_path);
	if (max > sizeof(un->sun_path))
		max = sizeof(un->sun_path);
	n = strnlen(un->sun_path, max);
	/* n == 0 is an unnamed socket or an abstract name ("\0..."): neither
	 * can be given out as an address. */
	if (n == 0)
		return -EINVAL;
	return finish(buf, size, snprintf(buf, size, "%.*s", (int)n,
					  un->sun_path));
}

int pm_uaddr_format(const struct sockaddr *sa, socklen_t len, char *buf,
		    size_t size)
{
	struct sockaddr_storage ss;

	if (sa_load(sa, len, &ss) < 0)
		return -EINVAL;
	if (ss.ss_family == AF_UNIX)
		return format_local(&ss, len, buf, size);
	return format_inet(&ss, buf, size);
}

int pm_uaddr_port(const char *uaddr, enum pm_family fam)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (fam == PM_FAMILY_LOCAL || pm_uaddr_parse(uaddr, fam, &ss, &len) < 0)
		return -EINVAL;
	return ss_port(&ss);
}

static bool ss_is_wildcard(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in *sin = (const void *)ss;
	const struct sockaddr_in6 *sin6 = (const void *)ss;

	if (ss->ss_family == AF_INET)
		return sin->sin_addr.s_addr == htonl(INADDR_ANY);
	return IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr);
}

static bool ss_is_loopback(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in *sin = (const void *)ss;
	const struct sockaddr_in6 *sin6 = (const void *)ss;

	if (ss->ss_family == AF_INET)
		return ntohl(sin->sin_addr.s_addr) >> IN_CLASSA_NSHIFT ==
		       IN_LOOPBACKNET;
	return IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr);
}

static bool ss_is_link_local(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in6 *sin6 = (const void *)ss;

	return ss->ss_family == AF_INET6 &&
	       IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr);
}

/*
 * Whether two same-family addresses may be on one link.  A scope id of 0
 * means unknown (a uaddr hint carries none), so only two known, different
 * scope ids rule it out.
 */
static bool ss_same_scope(const struct sockaddr_storage *a,
			  const struct sockaddr_storage *b)
{
	const struct sockaddr_in6 *a6 = (const void *)a;
	const struct sockaddr_in6 *b6 = (const void *)b;

	if (a->ss_family != AF_INET6)
		return true;
	return !a6->sin6_scope_id || !b6->sin6_scope_id ||
	       a6->sin6_scope_id == b6->sin6_scope_id;
}

/* Whether the first @bits bits of @a and @b agree. */
static bool prefix_equal(const uint8_t *a, const uint8_t *b,
			 unsigned int bits)
{
	unsigned int whole = bits / BITS_PER_BYTE;
	unsigned int rest = bits % BITS_PER_BYTE;
	uint8_t mask;

	if (memcmp(a, b, whole) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (uint8_t)(0xff << (BITS_PER_BYTE - rest));
	return ((a[whole] ^ b[whole]) & mask) == 0;
}

/* Whether @a/@prefixlen holds @b; an out-of-range prefix holds nothing. */
static bool ss_in_subnet(const struct sockaddr_storage *a,
			 unsigned int prefixlen,
			 const struct sockaddr_storage *b)
{
	const uint8_t *pa, *pb;
	size_t na, nb;

	if (a->ss_family != b->ss_family)
		return false;
	pa = ss_addr(a, &na);
	pb = ss_addr(b, &nb);
	if (prefixlen > na * BITS_PER_BYTE)
		return false;
	return prefix_equal(pa, pb, prefixlen) && ss_same_scope(a, b);
}

/* Same family and address; ports are ignored. */
static bool ss_equal(const struct sockaddr_storage *a,
		     const struct sockaddr_storage *b)
{
	size_t na;

	ss_addr(a, &na);
	return ss_in_subnet(a, (unsigned int)(na * BITS_PER_BYTE), b);
}

/* An IPv4-mapped IPv6 address (a dual-stack peer) as plain IPv4. */
static void ss_unmap_v4(struct sockaddr_storage *ss)
{
	const struct sockaddr_in6 *sin6 = (const void *)ss;
	struct sockaddr_in sin = { .sin_family = AF_INET };

	if (ss->ss_family != AF_INET6 ||
	    !IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr))
		return;
	sin.sin_port = sin6->sin6_port;
	memcpy(&sin.sin_addr, &sin6->sin6_addr.s6_addr[12],
	       sizeof(sin.sin_addr));
	ss_store(ss, &sin, sizeof(sin));
}

/* Load @sa as an address of family @af; -EINVAL if it is not one. */
static int load_peer(const struct sockaddr *sa, socklen_t len, int af,
		     struct sockaddr_storage *ss)
{
	if (sa_load(sa, len, ss) < 0)
		return -EINVAL;
	if (af == AF_INET)
		ss_unmap_v4(ss);
	return ss->ss_family == af ? 0 : -EINVAL;
}

static enum merge_score score(const struct merge_ctx *ctx,
			      const struct pm_ifaddr *cand)
{
	const struct sockaddr_storage *a = &cand->addr;
	const struct sockaddr_storage *c = ctx->client;

	if (c && ss_equal(a, c))
		return SCORE_CLIENT;
	if (ctx->arrival && ss_equal(a, ctx->arrival))
		return SCORE_ARRIVAL;
	if (c && ss_is_link_local(a) && ss_is_link_local(c) &&
	    ss_same_scope(a, c))
		return SCORE_LINK_LOCAL;
	if (c && ss_in_subnet(a, cand->prefixlen, c))
		return SCORE_SUBNET;
	if (!cand->loopback && !ss_is_loopback(a))
		return SCORE_NOT_LOOPBACK;
	return SCORE_ANY;
}

static bool is_candidate(const struct merge_ctx *ctx,
			 const struct pm_ifaddr *ifa)
{
	return ifa->up && ifa->addr.ss_family == ctx->af &&
	       !ss_is_wildcard(&ifa->addr);
}

/* The best-ranked candidate's address into *@ret; -ENOENT if none. */
static int pick(const struct merge_ctx *ctx, const struct pm_ifaddr *ifs,
		size_t n_ifs, struct sockaddr_storage *ret)
{
	const struct pm_ifaddr *best = NULL;
	struct pm_ifaddr arr = { .up = true };
	int best_score = -1, s;
	size_t i, n;

	for (i = 0; i < n_ifs; i++) {
		if (!is_candidate(ctx, &ifs[i]))
			continue;
		s = (int)score(ctx, &ifs[i]);
		/* Strictly better only: ties go to the earlier entry. */
		if (s > best_score) {
			best = &ifs[i];
			best_score = s;
		}
	}
	if (ctx->arrival) {
		/* A host route: the arrival address is ours, alone. */
		arr.addr = *ctx->arrival;
		ss_addr(&arr.addr, &n);
		arr.prefixlen = (uint8_t)(n * BITS_PER_BYTE);
		if ((int)score(ctx, &arr) > best_score)
			best = &arr;
	}
	if (!best)
		return -ENOENT;
	*ret = best->addr;
	return 0;
}

/* @s into @buf as pm_uaddr_format() would return it. */
static int copy_str(const char *s, char *buf, size_t size)
{
	return finish(buf, size, snprintf(buf, size, "%s", s));
}

int pm_uaddr_merge(const char *registered, enum pm_family fam,
		   const struct sockaddr *client, socklen_t client_len,
		   const struct sockaddr *arrival, socklen_t arrival_len,
		   const struct pm_ifaddr *ifs, size_t n_ifs,
		   char *buf, size_t size)
{
	struct sockaddr_storage reg, cl, arr, best;
	struct merge_ctx ctx = { 0 };
	socklen_t reg_len;

	if (!registered)
		return -EINVAL;
	/* A local caller reaches whatever was registered (rpcbind's
	 * shortcut for callers on the AF_LOCAL socket). */
	if (fam == PM_FAMILY_LOCAL || !client ||
	    (client_len >= sizeof(sa_family_t) && client->sa_family == AF_UNIX))
		return copy_str(registered, buf, size);
	if (pm_uaddr_parse(registered, fam, &reg, &reg_len) < 0)
		return -EINVAL;
	/* Bound to one address: reachable only there. */
	if (!ss_is_wildcard(&reg))
		return copy_str(registered, buf, size);
	ctx.af = reg.ss_family;
	if (load_peer(client, client_len, ctx.af, &cl) == 0)
		ctx.client = &cl;
	if (load_peer(arrival, arrival_len, ctx.af, &arr) == 0 &&
	    !ss_is_wildcard(&arr))
		ctx.arrival = &arr;
	if (pick(&ctx, ifs, n_ifs, &best) < 0)
		return copy_str(registered, buf, size);
	ss_set_port(&best, ss_port(&reg));
	return pm_uaddr_format((const struct sockaddr *)&best, reg_len, buf,
			       size);
}

static bool is_v4mapped(const struct sockaddr *sa, socklen_t len)
{
	return sa->sa_family == AF_INET6 &&
	       len >= sizeof(struct sockaddr_in6) &&
	       IN6_IS_ADDR_V4MAPPED(
		       &((const struct sockaddr_in6 *)sa)->sin6_addr);
}

int pm_addr_unmap(const struct sockaddr *sa, socklen_t len,
		  struct sockaddr_storage *ret_ss, socklen_t *ret_len)
{
	struct sockaddr_storage ss;

	if (!sa || !ret_ss || !ret_len || len > sizeof(ss))
		return -EINVAL;
	if (!is_v4mapped(sa, len)) {
		memcpy(ret_ss, sa, len);
		*ret_len = len;
		return 0;
	}
	memset(&ss, 0, sizeof(ss));
	memcpy(&ss, sa, sizeof(struct sockaddr_in6));
	ss_unmap_v4(&ss);
	*ret_ss = ss;
	*ret_len = sizeof(struct sockaddr_in);
	return 1;
}

const char *pm_addr_netid(const char *netid, const struct sockaddr *peer,
			  socklen_t len)
{
	if (!peer || !is_v4mapped(peer, len))
		return netid;
	if (strcmp(netid, "udp6") == 0)
		return "udp";
	if (strcmp(netid, "tcp6") == 0)
		return "tcp";
	return netid;
}
