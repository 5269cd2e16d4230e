/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_dispatch.c - libFuzzer harness for pm_proc_dispatch() and the
 * forwarding encoders.
 *
 * Input: [caller][flags][call length, 2 bytes BE][call][target reply].
 * The caller byte picks one of the kinds of caller below (transport, port,
 * address, uid) and, divided by their number, the view (namespace-wide or
 * one of two virtual servers); the flags byte its namespace, policy and
 * interface state.
 * A call accepted for forwarding is encoded for the target, and the rest
 * of the input is handed back as the target's reply.  Each input gets a
 * fresh table holding rpcbind's self entries and a few targets, with small
 * limits so that the fuzzer reaches them.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#include "core.h"
#include "fuzz.h"

#define OUT_MAX		65536
#define NS_SELF		1
#define NS_EMPTY	2	/* no entries yet */
#define NS_OVER		9	/* past the namespace limit */

struct caller_spec {
	const char *netid;	/* "local": an AF_UNIX peer with @uid */
	const char *ip;
	uint16_t port;
	uid_t uid;
};

static const struct caller_spec specs[] = {
	{ "udp", "127.0.0.1", 700, 0 },
	{ "udp", "127.0.0.1", 40000, 0 },
	{ "tcp", "127.0.0.1", 800, 0 },
	{ "tcp", "10.0.0.9", 40004, 0 },
	{ "udp6", "::1", 600, 0 },
	{ "udp6", "::ffff:127.0.0.1", 1000, 0 },
	{ "tcp6", "2001:db8::9", 40005, 0 },
	{ "udp", "10.0.0.9", 700, 0 },
	{ "local", NULL, 0, 0 },
	{ "local", NULL, 0, 1000 },
};
#define N_SPECS		(sizeof(specs) / sizeof(specs[0]))

static struct pm_ifaddr ifaddrs[3];

static void set_ifaddr(struct pm_ifaddr *ifa, const char *ip,
		       uint8_t prefixlen, bool loopback)
{
	fuzz_sockaddr(&ifa->addr, ip, 0);
	ifa->prefixlen = prefixlen;
	ifa->up = true;
	ifa->loopback = loopback;
}

static struct pm_table *table_new(void)
{
	static const struct pm_limits lim = {
		.namespaces = 8, .entries_per_ns = 32, .stat_entries = 8,
	};
	static const char *const self[][2] = {
		{ "tcp6", "::.0.111" }, { "udp6", "::.0.111" },
		{ "tcp", "0.0.0.0.0.111" }, { "udp", "0.0.0.0.0.111" },
		{ "local", "/run/rpcbind.sock" },
	};
	static const struct pm_entry targets[] = {
		{ 200100, 1, "udp", "0.0.0.0.78.33", "superuser", 0 },
		{ 200100, 1, "udp6", "::.78.33", "superuser", 0 },
		{ 200101, 3, "udp", "127.0.0.1.78.34", "unknown", 0 },
		{ 200101, 3, "tcp6", "::1.78.34", "1000", 0 },
		{ 299999, 1, "udp", "0.0.0.0.3.232", "unknown", 0 },
		{ 299999, 1, "local", "/run/x.sock", "0", 0 },
		/* views: VS 1 shadows one, VS 2 has one of its own */
		{ 200100, 1, "udp", "10.0.0.1.78.35", "superuser", 1 },
		{ 200102, 1, "tcp", "10.0.0.2.78.36", "unknown", 2 },
	};
	struct pm_table *t = pm_table_new(&lim);
	size_t i;

	if (!t)
		return NULL;
	for (i = 0; i < sizeof(self) / sizeof(self[0]); i++)
		pm_table_add_self(t, NS_SELF, self[i][0], self[i][1]);
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		pm_table_add(t, NS_SELF, &targets[i]);
	return t;
}

/* The caller of kind @kind in the state @flags describes. */
static void make_caller(struct pm_caller *c, struct sockaddr_storage *peer,
			struct sockaddr_storage *local, struct pm_policy *pol,
			uint8_t kind, uint8_t flags)
{
	static const uint64_t nss[] = { NS_SELF, NS_SELF, NS_EMPTY, NS_OVER };
	const struct caller_spec *s = &specs[kind % N_SPECS];

	memset(c, 0, sizeof(*c));
	c->netid = s->netid;
	c->peer = (struct sockaddr *)peer;
	if (strcmp(s->netid, "local") == 0) {
		memset(peer, 0, sizeof(*peer));
		peer->ss_family = AF_UNIX;
		c->peer_len = sizeof(sa_family_t);
		c->has_uid = !(flags & 0x80);
		c->uid = s->uid;
	} else {
		c->peer_len = fuzz_sockaddr(peer, s->ip, s->port);
		c->local_len = fuzz_sockaddr(local, strchr(s->ip, ':') ? "::1" :
					     strncmp(s->ip, "10.", 3) == 0 ?
					     "10.0.0.1" : "127.0.0.1", 111);
		c->local = flags & 0x80 ? NULL : (struct sockaddr *)local;
		c->off_loopback = flags & 0x40;
	}
	c->ns = nss[flags & 3];
	/* the view: namespace-wide, or one of two VS (table_new()) */
	c->vs = (uint32_t)(kind / N_SPECS % 3);
	pol->insecure = flags & 4;
	pol->remote_calls = flags & 8;
	c->policy = flags & 0x10 ? NULL : pol;
	c->ifaddrs = ifaddrs;
	c->n_ifaddrs = flags & 0x20 ? 1 : 3;
	c->now = 1700000000;
}

static void forward(const struct pm_rmtcall *f, const uint8_t *reply,
		    size_t len, uint8_t *out)
{
	pm_rmtcall_encode_call(f, 0x12345678, out, OUT_MAX);
	pm_rmtcall_encode_timeout(f, out, OUT_MAX);
	pm_rmtcall_encode_reply(f, reply, len, out, OUT_MAX);
	/* Too small a buffer must fail cleanly too. */
	pm_rmtcall_encode_reply(f, reply, len, out, len / 2);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	set_ifaddr(&ifaddrs[0], "127.0.0.1", 8, true);
	set_ifaddr(&ifaddrs[1], "::1", 128, true);
	set_ifaddr(&ifaddrs[2], "10.0.0.1", 24, false);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[OUT_MAX];
	struct sockaddr_storage peer, local;
	struct pm_rmtcall fwd;
	struct pm_policy pol;
	struct pm_caller c;
	struct pm_table *t;
	size_t call_len;

	if (size < 4)
		return 0;
	make_caller(&c, &peer, &local, &pol, data[0], data[1]);
	call_len = (size_t)data[2] << 8 | data[3];
	data += 4;
	size -= 4;
	if (call_len > size)
		call_len = size;
	t = table_new();
	if (!t)
		return 0;
	if (pm_proc_dispatch(t, &c, data, call_len, out, sizeof(out),
			     &fwd) == 0 && fwd.rpcb_vers)
		forward(&fwd, data + call_len, size - call_len, out);
	/* An output buffer too small even for an error reply. */
	pm_proc_dispatch(t, &c, data, call_len, out, 16, NULL);
	pm_table_free(t);
	return 0;
}
