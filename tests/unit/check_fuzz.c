/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_fuzz.c - random-mutation fuzzing of pm_proc_dispatch() and the
 * forwarding encoders, meant to run under ASan and UBSan.
 *
 * Seeds are every call of the golden vectors plus hand-built calls that
 * reach the deeper decoders (remote calls with arguments, AUTH_SYS
 * credentials, long universal addresses, a 110-byte netbuf).  Each
 * iteration mutates one seed several times, sends it from one of a set of
 * callers and checks the result against oracles that do not use
 * libportmap's codec: the call header is decoded independently here.
 *
 * The run is deterministic for a seed: PM_FUZZ_SEED (decimal or 0x hex)
 * or FUZZ_SEED_DEFAULT; the seed is printed.  PM_FUZZ_ITERS may raise the
 * number of mutated requests (never below FUZZ_ITERS_MIN).  When an oracle
 * fails, or a sanitizer reports, the current input and caller are printed
 * as a C array so the case can be replayed and minimised.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "internal.h"	/* PM_WIRE_STRING_MAX */
#include "core.h"
#include "testutil.h"
#include "uaddr.h"
#include "vectors.h"

#if defined(__SANITIZE_ADDRESS__)
#define FZ_HAVE_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FZ_HAVE_SANITIZER 1
#endif
#endif
#ifdef FZ_HAVE_SANITIZER
#include <sanitizer/common_interface_defs.h>
#endif

#define FUZZ_SEED_DEFAULT	UINT64_C(0x5eed0f0b0e7a1100)
#define FUZZ_ITERS_MIN		100000UL
#define GARBAGE_ITERS		30000UL
#define GARBAGE_LEN_MAX		600

/* Small limits, so the fuzzer reaches them. */
#define LIM_NAMESPACES		8
#define LIM_ENTRIES		64
#define LIM_STAT_ENTRIES	16

/* Namespace ids 1..FZ_NS: more than LIM_NAMESPACES, so some requests
 * arrive in a namespace the table has no room for.  Ids 1..FZ_NS_SELF
 * hold rpcbind's self entries and a few forwarding targets. */
#define FZ_NS			10
#define FZ_NS_SELF		3
#define SELF_ENTRIES		12	/* 2 per transport, 3 on udp and tcp */
#define DROP_EVERY		4096	/* forget a namespace this often */
#define SHADOW_EVERY		1024	/* walk the table this often */

#define BUF_MAX			16384
#define OUT_MAX			65536
#define MIN_ERROR_REPLY		32	/* PROG_MISMATCH, the longest error */

/*
 * The longest reply each portmapper procedure can get with these limits,
 * in XDR bytes after the 24-byte accepted header.  Strings are padded to
 * 4 bytes; the table keeps a netid, uaddr and owner of at most
 * PM_*_MAX - 1 bytes, so with its length word each takes at most
 * 4 + PM_*_MAX on the wire (all multiples of 4).  A namespace holds at
 * most LIM_ENTRIES entries.
 *  - v3/v4 DUMP, rpcblist item: follow, prog, vers, netid, uaddr, owner;
 *    the list ends with a 0 word.
 *  - v2 DUMP, pmaplist item: follow, prog, vers, prot, port.
 *  - GETADDRLIST, rpcb_entry item: follow, merged uaddr (a PM_UADDR_MAX
 *    buffer), netid, semantics, protofmly ("loopback" at most: 4 + 8),
 *    proto ("udp", "tcp", "-": 4 + 4).
 *  - GETSTAT: three rpcb_stat, each 13 counters + setinfo + unsetinfo,
 *    at most LIM_STAT_ENTRIES lookup items (follow, prog, vers, success,
 *    failure, netid) and remote-call items (follow, prog, vers, proc,
 *    success, failure, indirect, netid), each list ending with 0.
 *  - Anything else: a uaddr string from a PM_UADDR_MAX buffer (GETADDR,
 *    GETVERSADDR, TADDR2UADDR), a netbuf of at most a sockaddr_un
 *    (4 + 4 + 112), a boolean or integer, or nothing.
 */
#define REPLY_HDR		24
#define RPCBLIST_ITEM		(3 * 4 + (4 + PM_NETID_MAX) + \
				 (4 + PM_UADDR_MAX) + (4 + PM_OWNER_MAX))
#define PMAPLIST_ITEM		(5 * 4)
#define ADDRLIST_ITEM		(4 + (4 + PM_UADDR_MAX) + (4 + PM_NETID_MAX) + \
				 4 + (4 + 8) + (4 + 4))
#define DUMP_REPLY_MAX		(REPLY_HDR + LIM_ENTRIES * RPCBLIST_ITEM + 4)
#define PMAPDUMP_REPLY_MAX	(REPLY_HDR + LIM_ENTRIES * PMAPLIST_ITEM + 4)
#define ADDRLIST_REPLY_MAX	(REPLY_HDR + LIM_ENTRIES * ADDRLIST_ITEM + 4)
#define STAT_ADDR_ITEM		(5 * 4 + 4 + PM_NETID_MAX)
#define STAT_RMT_ITEM		(7 * 4 + 4 + PM_NETID_MAX)
#define STAT_VERS_MAX		(15 * 4 + LIM_STAT_ENTRIES * STAT_ADDR_ITEM + \
				 4 + LIM_STAT_ENTRIES * STAT_RMT_ITEM + 4)
#define STAT_REPLY_MAX		(REPLY_HDR + 3 * STAT_VERS_MAX)
#define OTHER_REPLY_MAX		(REPLY_HDR + 4 + PM_UADDR_MAX)

#define PAD4(n)			(((size_t)(n) + 3) & ~(size_t)3)

/* ---- random numbers ------------------------------------------------- */

static uint64_t rng;

static uint64_t rnd64(void)
{
	/* splitmix64 */
	uint64_t z = (rng += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint32_t rnd32(void)
{
	return (uint32_t)(rnd64() >> 32);
}

/* 0 .. n - 1; n > 0 */
static size_t rnd_below(size_t n)
{
	return (size_t)(rnd64() % n);
}

static bool one_in(unsigned int n)
{
	return rnd_below(n) == 0;
}

static uint64_t fuzz_seed(void)
{
	const char *s = getenv("PM_FUZZ_SEED");
	uint64_t seed = FUZZ_SEED_DEFAULT;

	if (s && *s)
		seed = strtoull(s, NULL, 0);
	return seed;
}

static unsigned long fuzz_iters(void)
{
	const char *s = getenv("PM_FUZZ_ITERS");
	unsigned long n = s ? strtoul(s, NULL, 0) : 0;

	return n > FUZZ_ITERS_MIN ? n : FUZZ_ITERS_MIN;
}

/* ---- XDR helpers ------------------------------------------------------ */

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

struct wbuf {
	uint8_t *b;
	size_t cap, n;
};

static void w32(struct wbuf *w, uint32_t v)
{
	ck_assert_uint_le(w->n + 4, w->cap);
	put32(w->b + w->n, v);
	w->n += 4;
}

static void wopaque(struct wbuf *w, const void *p, size_t len)
{
	w32(w, (uint32_t)len);
	ck_assert_uint_le(w->n + PAD4(len), w->cap);
	memcpy(w->b + w->n, p, len);
	memset(w->b + w->n + len, 0, PAD4(len) - len);
	w->n += PAD4(len);
}

static void wstring(struct wbuf *w, const char *s)
{
	wopaque(w, s, strlen(s));
}

#define AUTH_NONE_F	0
#define AUTH_SYS_F	1
#define AUTH_SHORT_F	2

/* xid, CALL, rpcvers 2, prog 100000, @vers, @proc, a credential of
 * @flavor (AUTH_SYS: a plausible body) and an AUTH_NONE verifier. */
static void wcall(struct wbuf *w, uint32_t xid, uint32_t vers, uint32_t proc,
		  uint32_t flavor)
{
	uint8_t cred[PM_AUTH_MAX];
	struct wbuf c = { cred, sizeof(cred), 0 };

	w32(w, xid);
	w32(w, 0);
	w32(w, 2);
	w32(w, PM_PROG);
	w32(w, vers);
	w32(w, proc);
	w32(w, flavor);
	if (flavor == AUTH_SYS_F) {
		w32(&c, 0x5f5e1000);		/* stamp */
		wstring(&c, "fuzzhost.example");
		w32(&c, 0);			/* uid */
		w32(&c, 0);			/* gid */
		w32(&c, 3);
		w32(&c, 0);
		w32(&c, 4);
		w32(&c, 27);
	} else if (flavor == AUTH_SHORT_F) {
		w32(&c, 0xdeadbeef);
		w32(&c, 0x01020304);
	}
	wopaque(w, cred, c.n);
	w32(w, AUTH_NONE_F);
	w32(w, 0);
}

static void wrpcb(struct wbuf *w, uint32_t prog, uint32_t vers,
		  const char *netid, const char *uaddr, const char *owner)
{
	w32(w, prog);
	w32(w, vers);
	wstring(w, netid);
	wstring(w, uaddr);
	wstring(w, owner);
}

static void wrmtcall(struct wbuf *w, uint32_t prog, uint32_t vers,
		     uint32_t proc, size_t args_len)
{
	size_t i;

	w32(w, prog);
	w32(w, vers);
	w32(w, proc);
	w32(w, (uint32_t)args_len);
	ck_assert_uint_le(w->n + PAD4(args_len), w->cap);
	for (i = 0; i < PAD4(args_len); i++)
		w->b[w->n + i] = i < args_len ? (uint8_t)(i * 7 + 1) : 0;
	w->n += PAD4(args_len);
}

/*
 * The call header, decoded per RFC 5531 without libportmap: xid, msg type
 * CALL, rpcvers, prog, vers, proc, cred and verf (opaque_auth, body at
 * most 400 bytes, padded).  Returns false when the message is not a
 * well-formed call: dispatch must then say -EBADMSG, and only then.
 */
struct hdr {
	uint32_t xid, rpcvers, prog, vers, proc, flavor, cred_len;
	const uint8_t *cred;
	size_t args_off;
};

static bool decode_hdr(const uint8_t *in, size_t len, struct hdr *h)
{
	size_t pos;
	uint32_t verf_len;

	if (len < 32 || get32(in + 4) != 0)
		return false;
	h->xid = get32(in);
	h->rpcvers = get32(in + 8);
	h->prog = get32(in + 12);
	h->vers = get32(in + 16);
	h->proc = get32(in + 20);
	h->flavor = get32(in + 24);
	h->cred_len = get32(in + 28);
	h->cred = in + 32;
	if (h->cred_len > PM_AUTH_MAX)
		return false;
	pos = 32 + PAD4(h->cred_len);
	if (pos + 8 > len)
		return false;
	verf_len = get32(in + pos + 4);
	if (verf_len > PM_AUTH_MAX)
		return false;
	pos += 8 + PAD4(verf_len);
	if (pos > len)
		return false;
	h->args_off = pos;
	return true;
}

/* ---- seeds ------------------------------------------------------------ */

struct seed {
	const uint8_t *p;
	size_t len;
	const char *name;
};

#define HAND_MAX	24
#define HAND_RMTCALLS	9	/* the first hand-built seeds */
#define HAND_BUF	(PM_RMTCALL_ARGS_MAX + 512)

static uint8_t hand_buf[HAND_MAX][HAND_BUF];
static struct seed seeds[PM_NVECTORS + HAND_MAX];
static size_t n_seeds, n_hand;

static struct wbuf *hand_begin(struct wbuf *w)
{
	ck_assert_uint_lt(n_hand, HAND_MAX);
	w->b = hand_buf[n_hand];
	w->cap = HAND_BUF;
	w->n = 0;
	return w;
}

static void hand_end(struct wbuf *w, const char *name)
{
	struct seed *s = &seeds[PM_NVECTORS + n_hand++];

	s->p = w->b;
	s->len = w->n;
	s->name = name;
}

/* Forwarding targets registered in namespaces 1..FZ_NS_SELF. */
#define TARGET_PROG	200100
#define TARGET2_PROG	200101	/* version 3 only: PROG_MISMATCH */

static void build_seeds(void)
{
	static char long_local[108], too_long_local[128];
	static char huge[PM_WIRE_STRING_MAX + 1];
	struct wbuf w;
	size_t i;
	uint8_t nb[110];

	for (i = 0; i < PM_NVECTORS; i++) {
		seeds[i].p = pm_vectors[i].call;
		seeds[i].len = pm_vectors[i].call_len;
		seeds[i].name = pm_vectors[i].name;
	}
	n_hand = 0;

	/* The longest path a "local" uaddr may have (sun_path with NUL),
	 * one that is too long to store, and the longest string a request
	 * may carry: its padding makes room for one more byte, so a length
	 * mutated to 256 still finds its data. */
	memset(long_local, 'a', sizeof(long_local) - 1);
	long_local[0] = '/';
	long_local[sizeof(long_local) - 1] = '\0';
	memset(too_long_local, 'b', sizeof(too_long_local) - 1);
	too_long_local[0] = '/';
	too_long_local[sizeof(too_long_local) - 1] = '\0';
	memset(huge, '1', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = '\0';

	wcall(hand_begin(&w), 0x11110001, 4, 10, AUTH_NONE_F);
	wrmtcall(&w, TARGET_PROG, 1, 1, 12);
	hand_end(&w, "hand: v4 INDIRECT 200100/1 proc 1, 12 bytes args");

	wcall(hand_begin(&w), 0x11110002, 4, 10, AUTH_SYS_F);
	wrmtcall(&w, TARGET_PROG, 1, 2, 37);
	hand_end(&w, "hand: v4 INDIRECT AUTH_SYS, 37 bytes args");

	wcall(hand_begin(&w), 0x11110003, 4, 10, AUTH_NONE_F);
	wrmtcall(&w, TARGET_PROG, 1, 3, PM_RMTCALL_ARGS_MAX);
	hand_end(&w, "hand: v4 INDIRECT, 8192 bytes args");

	/* Trailing bytes, so that an argument length just over the cap
	 * (8193..8200) still finds its data. */
	wcall(hand_begin(&w), 0x11110016, 2, 5, AUTH_NONE_F);
	wrmtcall(&w, TARGET_PROG, 1, 3, PM_RMTCALL_ARGS_MAX);
	w32(&w, 0x01020304);
	w32(&w, 0x05060708);
	hand_end(&w, "hand: v2 CALLIT, 8192 bytes args + 8 trailing bytes");

	wcall(hand_begin(&w), 0x11110004, 4, 10, AUTH_NONE_F);
	wrmtcall(&w, TARGET2_PROG, 1, 0, 4);
	hand_end(&w, "hand: v4 INDIRECT 200101/1 (only v3 registered)");

	wcall(hand_begin(&w), 0x11110005, 2, 5, AUTH_SYS_F);
	wrmtcall(&w, TARGET_PROG, 1, 2, 16);
	hand_end(&w, "hand: v2 CALLIT AUTH_SYS, 16 bytes args");

	wcall(hand_begin(&w), 0x11110006, 3, 5, AUTH_NONE_F);
	wrmtcall(&w, TARGET2_PROG, 3, 7, 0);
	hand_end(&w, "hand: v3 CALLIT 200101/3, no args");

	wcall(hand_begin(&w), 0x11110007, 4, 5, AUTH_SHORT_F);
	wrmtcall(&w, TARGET_PROG, 1, 0, 8);
	hand_end(&w, "hand: v4 BCAST AUTH_SHORT");

	wcall(hand_begin(&w), 0x11110008, 2, 5, AUTH_NONE_F);
	wrmtcall(&w, PM_PROG, 2, 3, 16);
	hand_end(&w, "hand: v2 CALLIT to the portmapper itself");

	ck_assert_uint_eq(n_hand, HAND_RMTCALLS);

	wcall(hand_begin(&w), 0x11110009, 4, 1, AUTH_SYS_F);
	wrpcb(&w, 200200, 1, "local", long_local, "x");
	hand_end(&w, "hand: v4 SET local, 107-byte path");

	wcall(hand_begin(&w), 0x1111000a, 4, 1, AUTH_NONE_F);
	wrpcb(&w, 200201, 1, "tcp6",
	      "1111:2222:3333:4444:5555:6666:7777:8888.255.255", "x");
	hand_end(&w, "hand: v4 SET tcp6, longest IPv6 uaddr");

	wcall(hand_begin(&w), 0x1111000b, 4, 1, AUTH_NONE_F);
	wrpcb(&w, 200202, 1, "local", too_long_local, "superuser");
	hand_end(&w, "hand: v4 SET local, 127-byte path");

	wcall(hand_begin(&w), 0x1111000c, 3, 1, AUTH_SYS_F);
	wrpcb(&w, 200203, 2, huge, huge, huge);
	hand_end(&w, "hand: v3 SET 255-byte strings");

	wcall(hand_begin(&w), 0x1111000d, 2, 1, AUTH_SYS_F);
	w32(&w, 200204);
	w32(&w, 1);
	w32(&w, 17);
	w32(&w, 2049);
	hand_end(&w, "hand: v2 SET AUTH_SYS");

	memset(nb, 0, sizeof(nb));
	nb[0] = 1;	/* AF_UNIX, little-endian sa_family_t */
	memcpy(nb + 2, "/run/rpcbind.sock", 17);
	wcall(hand_begin(&w), 0x1111000e, 3, 8, AUTH_NONE_F);
	w32(&w, sizeof(nb));
	wopaque(&w, nb, sizeof(nb));
	hand_end(&w, "hand: v3 TADDR2UADDR 110-byte netbuf");

	wcall(hand_begin(&w), 0x1111000f, 4, 8, AUTH_SYS_F);
	w32(&w, 128);
	wopaque(&w, nb, sizeof(nb));
	hand_end(&w, "hand: v4 TADDR2UADDR 110-byte netbuf, maxlen 128");

	/* A netbuf as long as a sockaddr_storage, with trailing bytes so
	 * that a length just over it still finds its data. */
	wcall(hand_begin(&w), 0x11110018, 3, 8, AUTH_NONE_F);
	w32(&w, 128);
	{
		uint8_t big[128];

		memset(big, 0x41, sizeof(big));
		big[0] = 10;	/* AF_INET6 */
		big[1] = 0;
		wopaque(&w, big, sizeof(big));
	}
	w32(&w, 0x01020304);
	w32(&w, 0x05060708);
	hand_end(&w, "hand: v3 TADDR2UADDR 128-byte netbuf + 8 bytes");

	wcall(hand_begin(&w), 0x11110010, 4, 7, AUTH_NONE_F);
	wstring(&w, long_local);
	hand_end(&w, "hand: v4 UADDR2TADDR 107-byte path");

	wcall(hand_begin(&w), 0x11110017, 3, 7, AUTH_NONE_F);
	wstring(&w, huge);
	hand_end(&w, "hand: v3 UADDR2TADDR 255-byte string");

	wcall(hand_begin(&w), 0x11110011, 4, 11, AUTH_NONE_F);
	wrpcb(&w, TARGET_PROG, 1, "", "127.0.0.1.0.111", "");
	hand_end(&w, "hand: v4 GETADDRLIST 200100/1 with hint");

	wcall(hand_begin(&w), 0x11110012, 4, 9, AUTH_SYS_F);
	wrpcb(&w, TARGET_PROG, 1, "udp6", "::1.0.111", "");
	hand_end(&w, "hand: v4 GETVERSADDR 200100/1 hint ::1");

	wcall(hand_begin(&w), 0x11110013, 4, 2, AUTH_SYS_F);
	wrpcb(&w, 200200, 1, "", "", "superuser");
	hand_end(&w, "hand: v4 UNSET 200200/1 all netids");

	wcall(hand_begin(&w), 0x11110014, 4, 12, AUTH_NONE_F);
	hand_end(&w, "hand: v4 GETSTAT");

	wcall(hand_begin(&w), 0x11110015, 3, 4, AUTH_SHORT_F);
	hand_end(&w, "hand: v3 DUMP AUTH_SHORT");

	n_seeds = PM_NVECTORS + n_hand;
}

/*
 * A fresh, valid SET (2/3) or UNSET of one of 256 programs, over v2, v3 or
 * v4: enough distinct keys to fill a namespace to LIM_ENTRIES and churn
 * it, which the captured SETs alone never do.
 */
static size_t make_registration(uint8_t *b)
{
	static const char *const netids[] = {
		"udp", "tcp", "udp6", "tcp6", "local", "unix",
	};
	static const char *const uaddrs[] = {
		"0.0.0.0.4.1", "127.0.0.1.4.2", "::.4.3", "::1.4.4",
		"/run/fuzz.sock", "/run/fuzz2.sock",
	};
	struct wbuf w = { b, BUF_MAX, 0 };
	uint32_t vers = 2 + (uint32_t)rnd_below(3);
	uint32_t proc = one_in(3) ? 2 : 1;
	uint32_t prog = 200000 + (uint32_t)rnd_below(256);
	uint32_t pvers = 1 + (uint32_t)rnd_below(3);
	size_t k = rnd_below(sizeof(netids) / sizeof(netids[0]));

	wcall(&w, rnd32(), vers, proc, one_in(4) ? AUTH_SYS_F : AUTH_NONE_F);
	if (vers == PM_VERS_PMAP) {
		w32(&w, prog);
		w32(&w, pvers);
		w32(&w, one_in(2) ? 6 : 17);
		w32(&w, 1 + (uint32_t)rnd_below(65535));
	} else {
		wrpcb(&w, prog, pvers, proc == 2 && one_in(2) ? "" : netids[k],
		      uaddrs[k], "x");
	}
	return w.n;
}

/* ---- mutation --------------------------------------------------------- */

static const uint32_t interesting32[] = {
	0, 1, 2, 3, 4, 5, 8, 10, 12, 16, 20, 24, 28, 32, 110, 111, 127, 128,
	255, 256, 400, 401, 404, 8192, 8193, 8196, 65535, 65536, 100000,
	0x7fffffff, 0x80000000, 0xfffffffc, 0xfffffffe, 0xffffffff,
};
static const uint8_t interesting8[] = { 0x00, 0xff, 0x7f, 0x80 };

static uint32_t interesting(void)
{
	return interesting32[rnd_below(sizeof(interesting32) /
				       sizeof(interesting32[0]))];
}

/* A position in [0, len), or in the arguments (past a plain header)
 * half the time, so that deep decoders see more than broken headers. */
static size_t pick_pos(size_t len)
{
	if (len > 40 && one_in(2))
		return 40 + rnd_below(len - 40);
	return rnd_below(len);
}

/*
 * Nudge a word that looks like a length (0 < v <= len + 64: XDR lengths,
 * counts, small enums) by a little or to an interesting value, so that
 * lengths land just over their caps (255 -> 256, 8192 -> 8193) with the
 * data still there.
 */
static void tweak_length(uint8_t *b, size_t n)
{
	static const int32_t deltas[] = { 1, 2, 3, 4, 5, 8, -1, -2, -4 };
	static size_t cand[BUF_MAX / 4];
	size_t nc = 0, k;
	uint32_t v;

	for (k = 0; k + 4 <= n; k += 4) {
		v = get32(b + k);
		if (v > 0 && v <= n + 64)
			cand[nc++] = k;
	}
	if (!nc)
		return;
	k = cand[rnd_below(nc)];
	v = get32(b + k);
	if (one_in(4))
		v = interesting();
	else
		v += (uint32_t)deltas[rnd_below(sizeof(deltas) /
						sizeof(deltas[0]))];
	put32(b + k, v);
}

static void mutate(uint8_t *b, size_t *len)
{
	size_t n = *len, pos, k, l;
	const struct seed *s;

	switch (rnd_below(11)) {
	case 0:		/* flip a bit */
		if (n)
			b[pick_pos(n)] ^= (uint8_t)(1u << rnd_below(8));
		break;
	case 1:		/* an interesting byte */
		if (n)
			b[pick_pos(n)] =
				interesting8[rnd_below(sizeof(interesting8))];
		break;
	case 2:		/* a random byte */
		if (n)
			b[pick_pos(n)] = (uint8_t)rnd32();
		break;
	case 3:		/* an interesting aligned word */
	case 4:
		if (n >= 4) {
			uint32_t v = one_in(4) ? (uint32_t)rnd_below(64) :
						 interesting();

			put32(b + (pick_pos(n - 3) & ~(size_t)3), v);
		}
		break;
	case 5:		/* truncate */
		if (n)
			*len = one_in(2) ? rnd_below(n) : n - 1 - rnd_below(
				n < 8 ? n : 8);
		break;
	case 6:		/* extend with random bytes */
		l = 1 + rnd_below(64);
		if (n + l > BUF_MAX)
			l = BUF_MAX - n;
		for (k = 0; k < l; k++)
			b[n + k] = (uint8_t)rnd32();
		*len = n + l;
		break;
	case 7:		/* duplicate a chunk somewhere */
		if (!n)
			break;
		pos = rnd_below(n);
		l = 1 + rnd_below(n - pos < 64 ? n - pos : 64);
		if (n + l > BUF_MAX)
			break;
		k = rnd_below(n + 1);
		{
			uint8_t chunk[64];

			memcpy(chunk, b + pos, l);
			memmove(b + k + l, b + k, n - k);
			memcpy(b + k, chunk, l);
		}
		*len = n + l;
		break;
	case 8:		/* splice: our prefix, another seed's suffix */
		s = &seeds[rnd_below(n_seeds)];
		pos = rnd_below(n + 1);
		k = rnd_below(s->len + 1);
		if (one_in(2)) {
			pos &= ~(size_t)3;
			k &= ~(size_t)3;
		}
		l = s->len - k;
		if (pos + l > BUF_MAX)
			l = BUF_MAX - pos;
		memcpy(b + pos, s->p + k, l);
		*len = pos + l;
		break;
	case 9:		/* insert or delete an aligned word */
		pos = rnd_below(n / 4 + 1) * 4;
		if (one_in(2) && n + 4 <= BUF_MAX) {
			memmove(b + pos + 4, b + pos, n - pos);
			put32(b + pos, interesting());
			*len = n + 4;
		} else if (pos + 4 <= n) {
			memmove(b + pos, b + pos + 4, n - pos - 4);
			*len = n - 4;
		}
		break;
	case 10:	/* a length just over (or under) */
		tweak_length(b, n);
		break;
	}
}

/* ---- callers ---------------------------------------------------------- */

struct caller_spec {
	const char *netid;	/* NULL: "local" */
	const char *ip;
	uint16_t port;
	uid_t uid;
};

static const struct caller_spec caller_specs[] = {
	{ "udp", "127.0.0.1", 700, 0 },
	{ "udp", "127.0.0.1", 40000, 0 },
	{ "tcp", "127.0.0.1", 800, 0 },
	{ "tcp", "127.0.0.1", 40001, 0 },
	{ "udp6", "::1", 600, 0 },
	{ "udp6", "::1", 40002, 0 },
	{ "tcp6", "::1", 900, 0 },
	{ "tcp6", "::1", 40003, 0 },
	{ "udp", "10.0.0.9", 700, 0 },
	{ "tcp", "10.0.0.9", 40004, 0 },
	{ "udp6", "::ffff:127.0.0.1", 1000, 0 },
	{ "udp6", "2001:db8::9", 40005, 0 },
	{ NULL, NULL, 0, 0 },
	{ NULL, NULL, 0, 1000 },
};
#define N_CALLERS	(sizeof(caller_specs) / sizeof(caller_specs[0]))

struct fz_caller {
	struct tu_caller tc;
	const struct sockaddr *local0;
	socklen_t local_len0;
};

static struct fz_caller callers[N_CALLERS];

static void build_callers(void)
{
	size_t i;

	for (i = 0; i < N_CALLERS; i++) {
		const struct caller_spec *s = &caller_specs[i];
		struct fz_caller *fc = &callers[i];

		if (s->netid)
			tu_caller_ip(&fc->tc, 1, s->netid, s->ip, s->port);
		else
			tu_caller_local(&fc->tc, 1, s->uid);
		fc->local0 = fc->tc.c.local;
		fc->local_len0 = fc->tc.c.local_len;
	}
}

/* The datagram callers, which may forward. */
static const size_t udp_callers[] = { 0, 1, 4, 5, 8, 10, 11 };

/*
 * A caller in a random state: namespace, policy, addresses.  With
 * @forwarding, one that can have a remote call forwarded: a datagram
 * transport with remote calls on.
 */
static struct fz_caller *pick_caller(bool forwarding, size_t *ret_idx)
{
	size_t i = forwarding ?
		   udp_callers[rnd_below(sizeof(udp_callers) /
					 sizeof(udp_callers[0]))] :
		   rnd_below(N_CALLERS);
	struct fz_caller *fc = &callers[i];
	struct pm_caller *c = &fc->tc.c;

	c->ns = one_in(3) ? 1 + rnd_below(FZ_NS) : 1 + rnd_below(FZ_NS_SELF);
	fc->tc.policy.insecure = one_in(3);
	fc->tc.policy.remote_calls = forwarding || !one_in(3);
	c->policy = !forwarding && one_in(16) ? NULL : &fc->tc.policy;
	c->local = one_in(16) ? NULL : fc->local0;
	c->local_len = c->local ? fc->local_len0 : 0;
	c->n_ifaddrs = one_in(8) ? rnd_below(4) : 3;
	c->now = (time_t)rnd32();
	*ret_idx = i;
	return fc;
}

/* ---- the table -------------------------------------------------------- */

static struct pm_table *table;
static bool has_self[FZ_NS + 1];

static void add_self(uint64_t ns)
{
	static const char *const self[][2] = {
		{ "tcp6", "::.0.111" }, { "udp6", "::.0.111" },
		{ "tcp", "0.0.0.0.0.111" }, { "udp", "0.0.0.0.0.111" },
		{ "local", "/run/rpcbind.sock" },
	};
	static const struct pm_entry targets[] = {
		{ TARGET_PROG, 1, "udp", "0.0.0.0.78.33", "superuser", 0 },
		{ TARGET_PROG, 1, "udp6", "::.78.33", "superuser", 0 },
		{ TARGET2_PROG, 3, "udp", "127.0.0.1.78.34", "unknown", 0 },
		{ TARGET2_PROG, 3, "udp6", "::1.78.34", "1000", 0 },
		{ 299999, 1, "udp", "0.0.0.0.3.232", "unknown", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(self) / sizeof(self[0]); i++)
		ck_assert_int_eq(pm_table_add_self(table, ns, self[i][0],
						   self[i][1]), 0);
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		ck_assert_int_eq(pm_table_add(table, ns, &targets[i]), 0);
	has_self[ns] = true;
}

static void table_setup(void)
{
	static const struct pm_limits lim = {
		.namespaces = LIM_NAMESPACES,
		.entries_per_ns = LIM_ENTRIES,
		.stat_entries = LIM_STAT_ENTRIES,
	};
	uint64_t ns;

	table = pm_table_new(&lim);
	ck_assert_ptr_nonnull(table);
	memset(has_self, 0, sizeof(has_self));
	for (ns = 1; ns <= FZ_NS_SELF; ns++)
		add_self(ns);
}

static void table_teardown(void)
{
	pm_table_free(table);
	table = NULL;
}

static bool family_of(const char *netid, enum pm_family *fam)
{
	if (!strcmp(netid, "udp") || !strcmp(netid, "tcp"))
		*fam = PM_FAMILY_INET;
	else if (!strcmp(netid, "udp6") || !strcmp(netid, "tcp6"))
		*fam = PM_FAMILY_INET6;
	else if (!strcmp(netid, "local") || !strcmp(netid, "unix"))
		*fam = PM_FAMILY_LOCAL;
	else
		return false;
	return true;
}

static bool is_owner(const char *o)
{
	size_t i;

	if (!strcmp(o, "superuser") || !strcmp(o, "unknown"))
		return true;
	for (i = 0; o[i]; i++)
		if (o[i] < '0' || o[i] > '9')
			return false;
	return i > 0;
}

struct shadow {
	uint64_t ns;
	unsigned int n, self;
	const struct pm_entry *seen[LIM_ENTRIES];
};

static int shadow_entry(const struct pm_entry *e, void *data)
{
	struct shadow *sh = data;
	struct sockaddr_storage ss;
	enum pm_family fam;
	socklen_t len;
	unsigned int i;

	ck_assert_msg(sh->n < LIM_ENTRIES, "ns %" PRIu64 ": over %d entries",
		      sh->ns, LIM_ENTRIES);
	ck_assert_ptr_nonnull(e->netid);
	ck_assert_ptr_nonnull(e->uaddr);
	ck_assert_ptr_nonnull(e->owner);
	ck_assert_msg(family_of(e->netid, &fam), "ns %" PRIu64 ": netid '%s'",
		      sh->ns, e->netid);
	ck_assert_msg(e->uaddr[0] && strlen(e->uaddr) < PM_UADDR_MAX &&
		      pm_uaddr_parse(e->uaddr, fam, &ss, &len) == 0,
		      "ns %" PRIu64 ": %u/%u/%s uaddr '%s'", sh->ns, e->prog,
		      e->vers, e->netid, e->uaddr);
	ck_assert_msg(fam == PM_FAMILY_LOCAL ||
		      pm_uaddr_port(e->uaddr, fam) > 0,
		      "ns %" PRIu64 ": %u/%u/%s port 0 in '%s'", sh->ns,
		      e->prog, e->vers, e->netid, e->uaddr);
	ck_assert_msg(strlen(e->owner) < PM_OWNER_MAX && is_owner(e->owner),
		      "ns %" PRIu64 ": owner '%s'", sh->ns, e->owner);
	if (e->prog == PM_PROG) {
		ck_assert_msg(!strcmp(e->owner, "superuser") &&
			      e->vers >= PM_VERS_PMAP &&
			      e->vers <= PM_VERS_RPCB4 && has_self[sh->ns],
			      "ns %" PRIu64 ": stray 100000/%u/%s owner %s",
			      sh->ns, e->vers, e->netid, e->owner);
		sh->self++;
	}
	for (i = 0; i < sh->n; i++)
		ck_assert_msg(sh->seen[i]->prog != e->prog ||
			      sh->seen[i]->vers != e->vers ||
			      strcmp(sh->seen[i]->netid, e->netid) != 0,
			      "ns %" PRIu64 ": duplicate %u/%u/%s", sh->ns,
			      e->prog, e->vers, e->netid);
	sh->seen[sh->n++] = e;
	return 0;
}

/* Every namespace: within its limit, well-formed entries, its self
 * entries intact. */
static void shadow_check(void)
{
	uint64_t ns;

	for (ns = 1; ns <= FZ_NS; ns++) {
		struct shadow sh = { .ns = ns };

		ck_assert_int_eq(pm_table_foreach(table, ns, shadow_entry, &sh),
				 0);
		ck_assert_uint_eq(sh.n, pm_table_count(table, ns));
		ck_assert_uint_le(sh.n, LIM_ENTRIES);
		ck_assert_uint_eq(sh.self, has_self[ns] ? SELF_ENTRIES : 0);
	}
}

/* At the end: no more namespaces than the limit hold state. */
static void namespaces_check(void)
{
	unsigned int held = 0;
	uint64_t ns;

	for (ns = 1; ns <= FZ_NS; ns++)
		if (pm_table_drop_ns(table, ns) == 0)
			held++;
	ck_assert_uint_le(held, LIM_NAMESPACES);
	ck_assert_uint_ge(held, FZ_NS_SELF);
}

/* ---- failure reports -------------------------------------------------- */

static struct {
	const char *test;
	unsigned long iter;
	uint64_t seed;
	const char *seed_name;
	const uint8_t *in;
	size_t in_len;
	size_t caller;
	const struct pm_caller *c;
	bool fwd;
	size_t out_cap;
	const uint8_t *target_reply;	/* in pm_rmtcall_encode_reply() */
	size_t target_reply_len;
} cur;

static void dump_bytes(const char *name, const uint8_t *p, size_t len)
{
	size_t i;

	fprintf(stderr, "static const unsigned char %s[%zu] = {", name, len);
	for (i = 0; i < len; i++)
		fprintf(stderr, "%s0x%02x,", i % 12 ? " " : "\n\t", p[i]);
	fprintf(stderr, "\n};\n");
}

static void dump_current(void)
{
	const struct caller_spec *s = &caller_specs[cur.caller];

	if (!cur.test)
		return;
	fprintf(stderr, "\n=== fuzz %s: PM_FUZZ_SEED=0x%016" PRIx64
		" iteration %lu, seed input '%s'\n", cur.test, cur.seed,
		cur.iter, cur.seed_name ? cur.seed_name : "(garbage)");
	if (cur.c)
		fprintf(stderr, "caller %zu: %s %s port %u uid %u ns %" PRIu64
			" policy %s insecure %d remote_calls %d local %s "
			"n_ifaddrs %zu; ret_fwd %s; out_cap %zu\n", cur.caller,
			s->netid ? s->netid : "local", s->ip ? s->ip : "-",
			s->port, (unsigned int)s->uid, cur.c->ns,
			cur.c->policy ? "set" : "NULL",
			cur.c->policy ? cur.c->policy->insecure : 0,
			cur.c->policy ? cur.c->policy->remote_calls : 0,
			cur.c->local ? "set" : "NULL", cur.c->n_ifaddrs,
			cur.fwd ? "set" : "NULL", cur.out_cap);
	if (cur.in)
		dump_bytes("fuzz_call", cur.in, cur.in_len);
	if (cur.target_reply)
		dump_bytes("fuzz_target_reply", cur.target_reply,
			   cur.target_reply_len);
	fflush(stderr);
}

#ifdef FZ_HAVE_SANITIZER
static void on_sanitizer_death(void)
{
	dump_current();
}
#endif

#define FZ_CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			dump_current();					\
			ck_abort_msg(__VA_ARGS__);			\
		}							\
	} while (0)

static void begin_test(const char *name)
{
	memset(&cur, 0, sizeof(cur));
	cur.test = name;
	cur.seed = fuzz_seed();
	rng = cur.seed;
	printf("fuzz %s: seed 0x%016" PRIx64 " (set PM_FUZZ_SEED to change)\n",
	       name, cur.seed);
	fflush(stdout);
#ifdef FZ_HAVE_SANITIZER
	__sanitizer_set_death_callback(on_sanitizer_death);
#endif
	build_seeds();
	build_callers();
	table_setup();
}

/* ---- oracles ---------------------------------------------------------- */

/*
 * A reply of @n bytes: well-formed per RFC 5531, for @xid, of the right
 * length for its kind.  Returns the accept_stat for accepted replies,
 * -1 for denied ones.
 */
static int check_reply_shape(const uint8_t *p, int n, uint32_t xid,
			     const char *what)
{
	uint32_t stat;

	FZ_CHECK(n >= 20, "%s: reply of %d bytes", what, n);
	FZ_CHECK(get32(p) == xid, "%s: xid %08x, call %08x", what, get32(p),
		 xid);
	FZ_CHECK(get32(p + 4) == 1, "%s: not a REPLY", what);
	if (get32(p + 8) == 1) {		/* MSG_DENIED */
		stat = get32(p + 12);
		FZ_CHECK(stat <= 1, "%s: reject_stat %u", what, stat);
		if (stat == 0)			/* RPC_MISMATCH */
			FZ_CHECK(n == 24 && get32(p + 16) == 2 &&
				 get32(p + 20) == 2,
				 "%s: bad RPC_MISMATCH (%d bytes)", what, n);
		else
			FZ_CHECK(n == 20 && get32(p + 16) >= 1 &&
				 get32(p + 16) <= 7,
				 "%s: bad AUTH_ERROR (%d bytes)", what, n);
		return -1;
	}
	FZ_CHECK(get32(p + 8) == 0, "%s: reply_stat %u", what, get32(p + 8));
	FZ_CHECK(n >= 24, "%s: accepted reply of %d bytes", what, n);
	FZ_CHECK(get32(p + 12) == 0 && get32(p + 16) == 0,
		 "%s: verifier not AUTH_NONE", what);
	stat = get32(p + 20);
	FZ_CHECK(stat <= 5, "%s: accept_stat %u", what, stat);
	if (stat == 2)				/* PROG_MISMATCH */
		FZ_CHECK(n == 32 && get32(p + 24) <= get32(p + 28),
			 "%s: bad PROG_MISMATCH (%d bytes, %u..%u)", what, n,
			 n >= 32 ? get32(p + 24) : 0,
			 n >= 32 ? get32(p + 28) : 0);
	else if (stat != 0)
		FZ_CHECK(n == 24, "%s: error %u with %d bytes", what, stat, n);
	return (int)stat;
}

static bool is_rmtcall(const struct hdr *h)
{
	return h->proc == 5 || (h->vers == PM_VERS_RPCB4 && h->proc == 10);
}

static bool is_pm_call(const struct hdr *h)
{
	return h->rpcvers == 2 && h->prog == PM_PROG &&
	       h->vers >= PM_VERS_PMAP && h->vers <= PM_VERS_RPCB4;
}

/* The longest reply to portmapper call @h (see REPLY_HDR). */
static int reply_max(const struct hdr *h)
{
	if (h->proc == 4)
		return h->vers == PM_VERS_PMAP ? PMAPDUMP_REPLY_MAX :
						 DUMP_REPLY_MAX;
	if (h->vers == PM_VERS_RPCB4 && h->proc == 11)
		return ADDRLIST_REPLY_MAX;
	if (h->vers == PM_VERS_RPCB4 && h->proc == 12)
		return STAT_REPLY_MAX;
	return OTHER_REPLY_MAX;
}

/* What dispatch says about the request's header, before any procedure. */
static void check_header_verdict(const struct hdr *h, const uint8_t *out,
				 int n, int stat)
{
	if (h->rpcvers != 2) {
		FZ_CHECK(stat == -1 && get32(out + 12) == 0,
			 "rpcvers %u: not RPC_MISMATCH", h->rpcvers);
		return;
	}
	if (h->flavor > AUTH_SHORT_F) {
		FZ_CHECK(stat == -1 && get32(out + 12) == 1 &&
			 get32(out + 16) == 2,
			 "cred flavor %u: not AUTH_REJECTEDCRED", h->flavor);
		return;
	}
	/* AUTH_BADCRED: only for an AUTH_SYS body that does not parse */
	if (stat == -1 && get32(out + 12) == 1 && get32(out + 16) == 1) {
		FZ_CHECK(h->flavor == AUTH_SYS_F,
			 "AUTH_BADCRED for flavor %u", h->flavor);
		return;
	}
	if (h->prog != PM_PROG) {
		FZ_CHECK(stat == 1, "prog %u: not PROG_UNAVAIL (%d)", h->prog,
			 stat);
		return;
	}
	if (h->vers < PM_VERS_PMAP || h->vers > PM_VERS_RPCB4) {
		FZ_CHECK(stat == 2 && get32(out + 24) == 2 &&
			 get32(out + 28) == 4,
			 "vers %u: not PROG_MISMATCH 2..4 (%d)", h->vers, stat);
		return;
	}
	FZ_CHECK(n <= reply_max(h), "%u/%u proc %u: reply of %d bytes > %d",
		 h->prog, h->vers, h->proc, n, reply_max(h));
}

/* The forward dispatch filled: a copy of the request's remote call to a
 * registered target. */
static void check_forward(const struct hdr *h, const uint8_t *in,
			  size_t in_len, const struct pm_caller *c,
			  const struct pm_rmtcall *rc)
{
	const uint8_t *a = in + h->args_off;
	const struct pm_entry *e;
	enum pm_family fam;
	uint32_t args_len;

	FZ_CHECK(is_pm_call(h) && is_rmtcall(h),
		 "forward for %u/%u proc %u", h->prog, h->vers, h->proc);
	FZ_CHECK(c->policy && c->policy->remote_calls,
		 "forward with remote calls off");
	FZ_CHECK(!strcmp(c->netid, "udp") || !strcmp(c->netid, "udp6"),
		 "forward over %s", c->netid);
	FZ_CHECK(h->flavor == AUTH_NONE_F || h->flavor == AUTH_SYS_F,
		 "forward with cred flavor %u", h->flavor);
	FZ_CHECK(rc->xid == h->xid && rc->rpcb_vers == h->vers &&
		 rc->rpcb_proc == h->proc, "forward header differs");
	FZ_CHECK(rc->cred_flavor == h->flavor && rc->cred_len == h->cred_len &&
		 memcmp(rc->cred, h->cred, h->cred_len) == 0,
		 "forward credential differs");
	FZ_CHECK(in_len >= h->args_off + 16, "forward of short arguments");
	args_len = get32(a + 12);
	FZ_CHECK(rc->prog == get32(a) && rc->vers == get32(a + 4) &&
		 rc->proc == get32(a + 8), "forward target differs");
	FZ_CHECK(args_len <= PM_RMTCALL_ARGS_MAX &&
		 args_len <= in_len - h->args_off - 16 &&
		 rc->args_len == args_len &&
		 memcmp(rc->args, a + 16, args_len) == 0,
		 "forward arguments differ (%u)", rc->args_len);
	FZ_CHECK(memchr(rc->netid, '\0', sizeof(rc->netid)) &&
		 memchr(rc->uaddr, '\0', sizeof(rc->uaddr)),
		 "forward strings not terminated");
	FZ_CHECK(!strcmp(rc->netid, c->netid), "forward netid %s over %s",
		 rc->netid, c->netid);
	e = pm_table_find(table, c->ns, 0, rc->prog, rc->vers, rc->netid);
	FZ_CHECK(e != NULL, "forward to unregistered %u/%u/%s", rc->prog,
		 rc->vers, rc->netid);
	ck_assert(family_of(e->netid, &fam));
	FZ_CHECK(rc->port != 0 && rc->port == pm_uaddr_port(e->uaddr, fam),
		 "forward port %u for '%s'", rc->port, e->uaddr);
	FZ_CHECK(rc->uaddr[0] != '\0', "forward without uaddr");
}

static uint8_t enc[PM_RMTCALL_ARGS_MAX + 1024];

static void check_encode_call(const struct pm_rmtcall *rc)
{
	size_t want = 40 + PAD4(rc->cred_len) + PAD4(rc->args_len);
	size_t cap = one_in(8) ? rnd_below(want + 8) : sizeof(enc);
	uint32_t xid = rnd32();
	int n = pm_rmtcall_encode_call(rc, xid, enc, cap);
	const uint8_t *p = enc;

	if (cap < want) {
		FZ_CHECK(n == -EMSGSIZE, "encode_call cap %zu < %zu: %d", cap,
			 want, n);
		return;
	}
	FZ_CHECK(n == (int)want, "encode_call: %d, want %zu", n, want);
	FZ_CHECK(get32(p) == xid && get32(p + 4) == 0 && get32(p + 8) == 2 &&
		 get32(p + 12) == rc->prog && get32(p + 16) == rc->vers &&
		 get32(p + 20) == rc->proc &&
		 get32(p + 24) == rc->cred_flavor &&
		 get32(p + 28) == rc->cred_len &&
		 memcmp(p + 32, rc->cred, rc->cred_len) == 0,
		 "encode_call: bad header");
	p += 32 + PAD4(rc->cred_len);
	FZ_CHECK(get32(p) == 0 && get32(p + 4) == 0 &&
		 memcmp(p + 8, rc->args, rc->args_len) == 0,
		 "encode_call: bad verifier or arguments");
}

static bool is_indirect(const struct pm_rmtcall *rc)
{
	return rc->rpcb_vers == PM_VERS_RPCB4 && rc->rpcb_proc == 10;
}

static void check_encode_timeout(const struct pm_rmtcall *rc)
{
	int n = pm_rmtcall_encode_timeout(rc, enc, sizeof(enc));

	if (!is_indirect(rc)) {
		FZ_CHECK(n == 0, "encode_timeout for CALLIT/BCAST: %d", n);
		return;
	}
	FZ_CHECK(check_reply_shape(enc, n, rc->xid, "encode_timeout") == 5,
		 "encode_timeout: not SYSTEM_ERR");
}

/* A target's reply: accepted SUCCESS with a random body mostly, else
 * an error or a denial; then mutated. */
static size_t make_target_reply(uint8_t *b)
{
	struct wbuf w = { b, BUF_MAX, 0 };
	size_t len, k, body = rnd_below(80);

	w32(&w, rnd32());
	w32(&w, 1);
	if (one_in(8)) {
		w32(&w, 1);
		w32(&w, (uint32_t)rnd_below(2));
		w32(&w, (uint32_t)rnd_below(8));
	} else {
		w32(&w, 0);
		w32(&w, 0);
		w32(&w, 0);
		w32(&w, one_in(6) ? (uint32_t)rnd_below(7) : 0);
		for (k = 0; k < body; k++)
			b[w.n++] = (uint8_t)rnd32();
	}
	len = w.n;
	for (k = rnd_below(4); k > 0; k--)
		mutate(b, &len);
	return len;
}

/*
 * pm_rmtcall_encode_reply() against an independent reading of the
 * target's reply: not a reply is -EBADMSG; denied or not SUCCESS is the
 * timeout answer; SUCCESS wraps the body after the port (v2) or the
 * merged uaddr (v3/v4).
 */
static void check_encode_reply(const struct pm_rmtcall *rc, const uint8_t *in,
			       size_t len)
{
	size_t pos = 0, body_len, want, ulen = strlen(rc->uaddr);
	int n = pm_rmtcall_encode_reply(rc, in, len, enc, sizeof(enc));
	uint32_t stat = 0, verf_len;
	bool ok = len >= 12 && get32(in + 4) == 1;
	const uint8_t *p = enc;

	cur.target_reply = in;
	cur.target_reply_len = len;
	if (ok && get32(in + 8) == 1) {
		stat = 5;			/* denied */
	} else if (ok && get32(in + 8) == 0 && len >= 20) {
		verf_len = get32(in + 16);
		pos = 20 + PAD4(verf_len);
		ok = verf_len <= PM_AUTH_MAX && pos + 4 <= len;
		if (ok)
			stat = get32(in + pos);
	} else {
		ok = false;
	}
	if (!ok) {
		FZ_CHECK(n == -EBADMSG, "encode_reply of a non-reply: %d", n);
	} else if (stat != 0) {
		if (is_indirect(rc))
			FZ_CHECK(check_reply_shape(enc, n, rc->xid,
						   "encode_reply") == 5,
				 "encode_reply of an error: not SYSTEM_ERR");
		else
			FZ_CHECK(n == 0, "encode_reply of an error to CALLIT: "
				 "%d", n);
	} else if ((body_len = len - (pos + 4)) > PM_RMTCALL_ARGS_MAX) {
		FZ_CHECK(n == -EMSGSIZE, "encode_reply of a %zu-byte body: %d",
			 body_len, n);
	} else {
		want = REPLY_HDR + (rc->rpcb_vers == PM_VERS_PMAP ? 4 :
				    4 + PAD4(ulen)) + 4 + PAD4(body_len);
		FZ_CHECK(n == (int)want, "encode_reply: %d, want %zu", n,
			 want);
		FZ_CHECK(check_reply_shape(enc, n, rc->xid, "encode_reply") ==
			 0, "encode_reply: not SUCCESS");
		p += REPLY_HDR;
		if (rc->rpcb_vers == PM_VERS_PMAP) {
			FZ_CHECK(get32(p) == rc->port, "encode_reply: port");
			p += 4;
		} else {
			FZ_CHECK(get32(p) == ulen &&
				 memcmp(p + 4, rc->uaddr, ulen) == 0,
				 "encode_reply: uaddr");
			p += 4 + PAD4(ulen);
		}
		FZ_CHECK(get32(p) == body_len &&
			 memcmp(p + 4, in + pos + 4, body_len) == 0,
			 "encode_reply: body");
	}
	cur.target_reply = NULL;
}

/*
 * One request: dispatch it and check everything that must hold.
 * Returns the filled forward, or NULL.
 */
static uint8_t reply_buf[OUT_MAX];
static struct pm_rmtcall fwd_rc;

static const struct pm_rmtcall *one_request(const uint8_t *in, size_t len,
					    bool forwarding)
{
	size_t ci;
	struct fz_caller *fc = pick_caller(forwarding, &ci);
	const struct pm_caller *c = &fc->tc.c;
	bool want_fwd = forwarding || !one_in(3);
	/* Sometimes a reply buffer too small for a big result (SYSTEM_ERR
	 * then), never for an error. */
	size_t cap = one_in(8) ? MIN_ERROR_REPLY + rnd_below(DUMP_REPLY_MAX) :
				 OUT_MAX;
	struct hdr h = { 0 };
	bool call = decode_hdr(in, len, &h);
	int n, stat;

	cur.in = in;
	cur.in_len = len;
	cur.caller = ci;
	cur.c = c;
	cur.fwd = want_fwd;
	cur.out_cap = cap;
	/* Zeroed: a filled forward always has rpcb_vers 2..4 (xid and prog
	 * may legitimately be 0), and check_forward() compares every field
	 * with the request, so a partial fill shows. */
	memset(&fwd_rc, 0, sizeof(fwd_rc));
	n = pm_proc_dispatch(table, c, in, len, reply_buf, cap,
			     want_fwd ? &fwd_rc : NULL);
	if (!call) {
		FZ_CHECK(n == -EBADMSG, "not a call: dispatch says %d", n);
		return NULL;
	}
	FZ_CHECK(n >= 0 && (size_t)n <= cap, "dispatch says %d (cap %zu)", n,
		 cap);
	FZ_CHECK(pm_table_count(table, c->ns) <= LIM_ENTRIES,
		 "ns %" PRIu64 ": %u entries", c->ns,
		 pm_table_count(table, c->ns));
	if (n == 0) {
		FZ_CHECK(is_pm_call(&h) && is_rmtcall(&h),
			 "no reply to %u/%u proc %u (rpcvers %u)", h.prog,
			 h.vers, h.proc, h.rpcvers);
		if (want_fwd && fwd_rc.rpcb_vers != 0) {
			check_forward(&h, in, len, c, &fwd_rc);
			return &fwd_rc;
		}
		FZ_CHECK(h.proc == 5, "INDIRECT neither answered nor "
			 "forwarded");
		return NULL;
	}
	FZ_CHECK(fwd_rc.rpcb_vers == 0 && fwd_rc.xid == 0 && fwd_rc.prog == 0,
		 "forward filled but dispatch answered %d", n);
	stat = check_reply_shape(reply_buf, n, h.xid, "dispatch");
	check_header_verdict(&h, reply_buf, n, stat);
	if (!is_pm_call(&h) || stat != 0)
		return NULL;
	FZ_CHECK(!is_rmtcall(&h), "remote call answered SUCCESS");
	return NULL;
}

static void run_forward(const struct pm_rmtcall *f)
{
	uint8_t reply[BUF_MAX];
	size_t len;

	check_encode_call(f);
	len = make_target_reply(reply);
	check_encode_reply(f, reply, len);
	check_encode_timeout(f);
}

/* Forget a namespace now and then so the table keeps changing; ids with
 * self entries get them back. */
static void maybe_drop(unsigned long i)
{
	uint64_t ns;

	if (i % DROP_EVERY != DROP_EVERY - 1)
		return;
	ns = 1 + rnd_below(FZ_NS);
	pm_table_drop_ns(table, ns);
	has_self[ns] = false;
	if (ns <= FZ_NS_SELF)
		add_self(ns);
}

/* ---- tests ------------------------------------------------------------ */

START_TEST(test_mutations)
{
	static uint8_t buf[BUF_MAX];
	unsigned long i, iters = fuzz_iters(), forwards = 0;
	size_t len, k;

	begin_test("mutations");
	for (i = 0; i < iters; i++) {
		/* A quarter of the requests are remote calls from callers
		 * that may forward, lightly mutated, so the forwarding path
		 * and the encoders get their share. */
		bool forwarding = one_in(4), registration = one_in(6);
		const struct seed *s = forwarding ?
			&seeds[PM_NVECTORS + rnd_below(HAND_RMTCALLS)] :
			one_in(3) ? &seeds[PM_NVECTORS + rnd_below(n_hand)] :
			&seeds[rnd_below(n_seeds)];
		const struct pm_rmtcall *f;
		size_t nmut = one_in(16) ? 0 :
			      1 + rnd_below(forwarding ? 3 : 5);

		cur.iter = i;
		cur.seed_name = s->name;
		if (registration && !forwarding) {
			cur.seed_name = "(generated SET/UNSET)";
			len = make_registration(buf);
			nmut = one_in(2) ? 0 : 1;
		} else {
			memcpy(buf, s->p, s->len);
			len = s->len;
		}
		for (k = 0; k < nmut; k++)
			mutate(buf, &len);
		f = one_request(buf, len, forwarding);
		if (f) {
			forwards++;
			run_forward(f);
		}
		maybe_drop(i);
		if (i % SHADOW_EVERY == SHADOW_EVERY - 1)
			shadow_check();
	}
	shadow_check();
	namespaces_check();
	printf("fuzz mutations: %lu requests, %lu forwarded\n", iters,
	       forwards);
	/* The seeds must keep reaching the forwarding path. */
	ck_assert_uint_gt(forwards, iters / 50);
	table_teardown();
}
END_TEST

START_TEST(test_garbage)
{
	static uint8_t buf[GARBAGE_LEN_MAX];
	const struct pm_rmtcall *f;
	struct pm_rmtcall fwd[2];
	unsigned long i;
	size_t len, k, nfwd = 0;

	begin_test("garbage");
	/* Two real forwards (INDIRECT, v2 CALLIT) for garbage replies. */
	for (k = PM_NVECTORS; k < n_seeds && nfwd < 2; k++) {
		struct fz_caller *fc = &callers[0];	/* udp, 127.0.0.1 */
		int n;

		fc->tc.c.ns = 1;
		fc->tc.policy.remote_calls = true;
		fc->tc.c.policy = &fc->tc.policy;
		memset(&fwd_rc, 0, sizeof(fwd_rc));
		n = pm_proc_dispatch(table, &fc->tc.c, seeds[k].p, seeds[k].len,
				     reply_buf, sizeof(reply_buf), &fwd_rc);
		if (n != 0 || fwd_rc.rpcb_vers == 0)
			continue;
		if (nfwd == 0 ? fwd_rc.rpcb_proc == 10 :
				fwd_rc.rpcb_vers == PM_VERS_PMAP)
			fwd[nfwd++] = fwd_rc;
	}
	ck_assert_uint_eq(nfwd, 2);

	for (i = 0; i < GARBAGE_ITERS; i++) {
		cur.iter = i;
		len = rnd_below(GARBAGE_LEN_MAX + 1);
		for (k = 0; k < len; k++)
			buf[k] = (uint8_t)rnd32();
		/* Half the time a plausible start, so that garbage also
		 * reaches the procedures. */
		if (len >= 32 && one_in(2)) {
			put32(buf + 4, 0);
			if (one_in(2)) {
				put32(buf + 8, 2);
				put32(buf + 12, PM_PROG);
				put32(buf + 16, 2 + (uint32_t)rnd_below(3));
				put32(buf + 20, (uint32_t)rnd_below(14));
				put32(buf + 24, (uint32_t)rnd_below(3));
				put32(buf + 28, (uint32_t)rnd_below(48));
			}
		}
		f = one_request(buf, len, false);
		if (f)
			run_forward(f);
		/* The same garbage as a forwarding target's reply. */
		cur.in = NULL;
		check_encode_reply(&fwd[i % 2], buf, len);
	}
	shadow_check();
	namespaces_check();
	table_teardown();
}
END_TEST

static Suite *fuzz_suite(void)
{
	Suite *s = suite_create("fuzz");
	TCase *tc = tcase_create("dispatch");

	tcase_add_test(tc, test_mutations);
	tcase_add_test(tc, test_garbage);
	tcase_set_timeout(tc, 300);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(fuzz_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
