/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * seeds.c - write the fuzzers' seed corpora: seeds DIR makes DIR/TARGET/
 * for every harness, filled from the golden vectors (tests/unit/vectors.h,
 * warmstart.h) and from small hand-made inputs.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <rpc/rpc.h>

#include "admin_prot.h"
#include "core.h"
#include "journal.h"
#include "ipc.h"
#include "recmark.h"
#include "rtnl.h"
#include "../unit/vectors.h"
#include "../unit/warmstart.h"

#define SEED_MAX	16384

static const char *top;

static void put(const char *target, const char *name, const void *p,
		size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top, target);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		goto fail;
	snprintf(path, sizeof(path), "%s/%s/%s", top, target, name);
	f = fopen(path, "we");
	if (!f)
		goto fail;
	if (fwrite(p, 1, len, f) != len || fclose(f) != 0)
		goto fail;
	return;
fail:
	perror(path);
	exit(EXIT_FAILURE);
}

/* Every captured call, from a caller of each kind, with a forwarding
 * target's reply (an accepted NULL reply with no results) after it. */
static void dispatch_seeds(void)
{
	static const uint8_t target_reply[] = {
		0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	uint8_t buf[SEED_MAX];
	char name[32];
	size_t i;

	for (i = 0; i < PM_NVECTORS; i++) {
		const struct pm_vector *v = &pm_vectors[i];

		buf[0] = (uint8_t)i;		/* caller kind */
		buf[1] = 0x08;			/* host ns, remote calls on */
		buf[2] = (uint8_t)(v->call_len >> 8);
		buf[3] = (uint8_t)v->call_len;
		memcpy(buf + 4, v->call, v->call_len);
		memcpy(buf + 4 + v->call_len, target_reply,
		       sizeof(target_reply));
		snprintf(name, sizeof(name), "vector-%03zu", i);
		put("fuzz_dispatch", name, buf,
		    4 + v->call_len + sizeof(target_reply));
	}
}

/* The captured calls framed as records, alone, in two fragments, and
 * three in a row. */
static void recmark_seeds(void)
{
	uint8_t buf[SEED_MAX];
	char name[32];
	size_t i, n, half;

	for (i = 0; i < PM_NVECTORS; i += 4) {
		const struct pm_vector *v = &pm_vectors[i];

		buf[0] = 4;			/* cap 9000 */
		buf[1] = (uint8_t)i;		/* chunk sizes */
		n = 2 + (size_t)pm_recmark_frame(buf + 2, sizeof(buf) - 2,
						 v->call, v->call_len);
		snprintf(name, sizeof(name), "record-%03zu", i);
		put("fuzz_recmark", name, buf, n);

		half = v->call_len / 2;
		n = 2 + (size_t)pm_recmark_frame(buf + 2, sizeof(buf) - 2,
						 v->call, half);
		buf[2] &= 0x7f;			/* not the last fragment */
		n += (size_t)pm_recmark_frame(buf + n, sizeof(buf) - n,
					      v->call + half,
					      v->call_len - half);
		n += (size_t)pm_recmark_frame(buf + n, sizeof(buf) - n,
					      v->call, v->call_len);
		n += (size_t)pm_recmark_frame(buf + n, sizeof(buf) - n, "", 0);
		snprintf(name, sizeof(name), "fragments-%03zu", i);
		put("fuzz_recmark", name, buf, n);
	}
}

/* rpcbind's own warm-start image, and one of ours. */
static void state_seeds(void)
{
	static const struct pm_entry entries[] = {
		{ 100003, 3, "tcp", "0.0.0.0.8.1", "superuser", 0 },
		{ 100003, 3, "udp6", "::.8.1", "superuser", 0 },
		{ 100021, 4, "local", "/run/lockd.sock", "0", 0 },
		{ 200000, 1, "tcp6", "::1.39.16", "unknown", 0 },
	};
	struct pm_table *t = pm_table_new(NULL);
	uint8_t buf[SEED_MAX];
	size_t i;
	int n;

	put("fuzz_state", "rpcbind-debian", ws_rpcbind_xdr,
	    sizeof(ws_rpcbind_xdr));
	if (!t)
		exit(EXIT_FAILURE);
	pm_table_add_self(t, 1, "udp", "0.0.0.0.0.111");
	for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
		pm_table_add(t, 1, &entries[i]);
	n = pm_table_save(t, 1, PM_STATE_RPCBIND, buf, sizeof(buf));
	if (n < 0)
		exit(EXIT_FAILURE);
	put("fuzz_state", "rpcbindns-saved", buf, (size_t)n);
	pm_table_free(t);
	/* a journal: 'J', then records (fuzz_state.c) */
	buf[0] = 'J';
	n = 1;
	for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
		n += pm_journal_encode(buf + n, sizeof(buf) - (size_t)n, i % 3,
				       i == 1 ? "vs-a" : NULL, i != 2,
				       &entries[i]);
	put("fuzz_state", "journal", buf, (size_t)n);
}

/* One admin call: [who = root][RPC call][@args through @xargs]. */
static void admin_seed(const char *name, uint32_t proc, xdrproc_t xargs,
		       void *args)
{
	struct rpc_msg msg = { .rm_xid = 0x2a, .rm_direction = CALL };
	uint8_t buf[SEED_MAX];
	XDR x;

	msg.rm_call.cb_rpcvers = RPC_MSG_VERSION;
	msg.rm_call.cb_prog = PM_ADMIN_PROG;
	msg.rm_call.cb_vers = PM_ADMIN_VERS;
	msg.rm_call.cb_proc = proc;
	msg.rm_call.cb_cred = _null_auth;
	msg.rm_call.cb_verf = _null_auth;
	buf[0] = 0;
	xdrmem_create(&x, (char *)buf + 1, sizeof(buf) - 1, XDR_ENCODE);
	if (!xdr_callmsg(&x, &msg) || (xargs && !xargs(&x, args, 0)))
		exit(EXIT_FAILURE);
	put("fuzz_admin", name, buf, 1 + xdr_getpos(&x));
	xdr_destroy(&x);
}

static void admin_seeds(void)
{
	char spec[] = "name:a", *specp = spec;
	char vs_name[] = "nfs-a", addr[] = "10.0.0.1", *addrs[] = { addr };
	pm_admin_vs vs = { .name = vs_name, .mark = 1,
			   .addrs = { 1, addrs } };
	pm_admin_vs_ref ref = { .name = vs_name };
	pm_admin_vs_call_args vs_call = { .name = vs_name };
	u_quad_t cookie = 0;
	pm_admin_call_args call = { .cookie = 0 };
	const struct pm_vector *v;
	char msg[SEED_MAX];
	char name[32];
	size_t i;

	admin_seed("null", NULLPROC, NULL, NULL);
	admin_seed("status", PM_ADMIN_STATUS, NULL, NULL);
	admin_seed("list", PM_ADMIN_LIST, NULL, NULL);
	admin_seed("attach", PM_ADMIN_ATTACH, (xdrproc_t)xdr_pm_admin_spec,
		   &specp);
	admin_seed("detach", PM_ADMIN_DETACH, (xdrproc_t)xdr_pm_admin_spec,
		   &specp);
	admin_seed("vs-add", PM_ADMIN_VS_ADD, (xdrproc_t)xdr_pm_admin_vs, &vs);
	admin_seed("vs-del", PM_ADMIN_VS_DEL, (xdrproc_t)xdr_pm_admin_vs_ref,
		   &ref);
	admin_seed("vs-list", PM_ADMIN_VS_LIST, (xdrproc_t)xdr_u_quad_t,
		   &cookie);
	admin_seed("entries", PM_ADMIN_ENTRIES, (xdrproc_t)xdr_u_quad_t,
		   &cookie);
	for (i = 0; i < PM_NVECTORS; i += 8) {
		v = &pm_vectors[i];
		memcpy(msg, v->call, v->call_len);
		call.msg.msg_val = msg;
		call.msg.msg_len = v->call_len;
		snprintf(name, sizeof(name), "call-%03zu", i);
		admin_seed(name, PM_ADMIN_CALL,
			   (xdrproc_t)xdr_pm_admin_call_args, &call);
		vs_call.msg.msg_val = msg;
		vs_call.msg.msg_len = v->call_len;
		snprintf(name, sizeof(name), "vs-call-%03zu", i);
		admin_seed(name, PM_ADMIN_VS_CALL,
			   (xdrproc_t)xdr_pm_admin_vs_call_args, &vs_call);
	}
}

/* RTM_NEWLINK for lo and eth0, RTM_NEWADDR for their addresses, DONE:
 * as a dump answers (seq 0, the parser's). */
static size_t put_link(uint8_t *p, int index, unsigned int flags,
		       const char *name)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_MULTI;
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = index;
	ifi->ifi_flags = flags;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	return nlh->nlmsg_len;
}

static size_t put_addr(uint8_t *p, int family, int index, uint8_t prefixlen,
		       const void *addr, size_t addr_len, bool with_local)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));

	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_MULTI;
	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = prefixlen;
	ifa->ifa_index = (uint32_t)index;
	mnl_attr_put(nlh, IFA_ADDRESS, addr_len, addr);
	if (with_local)
		mnl_attr_put(nlh, IFA_LOCAL, addr_len, addr);
	return nlh->nlmsg_len;
}

static size_t put_done(uint8_t *p)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p);
	int *err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));

	nlh->nlmsg_type = NLMSG_DONE;
	*err = 0;
	return nlh->nlmsg_len;
}

/* [kind][messages]: the messages are built aligned, then shifted. */
static void put_rtnl(const char *name, enum rtnl_msgs kind, const void *msgs,
		     size_t len)
{
	uint8_t buf[SEED_MAX];

	buf[0] = (uint8_t)kind;
	memcpy(buf + 1, msgs, len);
	put("fuzz_rtnl", name, buf, 1 + len);
}

static void rtnl_seeds(void)
{
	static const uint8_t lo4[4] = { 127, 0, 0, 1 }, eth4[4] = { 10, 0, 0, 1 };
	static const uint8_t lo6[16] = { [15] = 1 };
	static const uint8_t ll6[16] = { 0xfe, 0x80, [15] = 2 };
	uint32_t msgs[SEED_MAX / 4];
	uint8_t *p = (uint8_t *)msgs;
	size_t n;

	n = put_link(p, 1, IFF_UP | IFF_LOOPBACK, "lo");
	n += put_link(p + n, 2, IFF_UP | IFF_BROADCAST, "eth0");
	n += put_done(p + n);
	put_rtnl("links", RTNL_LINK_DUMP, p, n);

	n = put_addr(p, AF_INET, 1, 8, lo4, 4, true);
	n += put_addr(p + n, AF_INET, 2, 24, eth4, 4, true);
	n += put_addr(p + n, AF_INET6, 1, 128, lo6, 16, false);
	n += put_addr(p + n, AF_INET6, 2, 64, ll6, 16, false);
	n += put_done(p + n);
	put_rtnl("addrs", RTNL_ADDR_DUMP, p, n);

	n = put_link(p, 3, IFF_UP, "veth0");
	((struct nlmsghdr *)p)->nlmsg_seq = 7;
	put_rtnl("notice", RTNL_NOTICES, p, n);
}

static void mountinfo_seeds(void)
{
	static const char *const lines[] = {
		"612 28 0:4 net:[4026532560] /run/netns/a rw shared:269 - "
		"nsfs nsfs rw\n",
		"700 28 0:4 net:[4026532999] /run/docker/netns/1a\\0402b "
		"rw,nosuid master:12 - nsfs nsfs rw\n",
		"701 28 0:4 mnt:[4026532777] /run/mnt rw - nsfs nsfs rw\n",
		"22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 "
		"rw,errors=remount-ro\n",
	};
	char name[32];
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		snprintf(name, sizeof(name), "line-%zu", i);
		put("fuzz_mountinfo", name, lines[i], strlen(lines[i]));
	}
}

/* [dir][nfds][header][payload] */
static void put_ipc(const char *name, enum ipc_dir dir, size_t nfds,
		    enum ipc_type type, const void *payload, size_t len)
{
	static uint8_t buf[2 + IPC_MSG_MAX];
	struct ipc_hdr h = { .version = IPC_VERSION, .type = (uint16_t)type,
			     .len = (uint32_t)len };

	buf[0] = dir == IPC_TO_BROKER;
	buf[1] = (uint8_t)nfds;
	memcpy(buf + 2, &h, sizeof(h));
	if (len)
		memcpy(buf + 2 + sizeof(h), payload, len);
	put("fuzz_ipc", name, buf, 2 + sizeof(h) + len);
}

/* One valid message of each type. */
static void ipc_seeds(void)
{
	struct ipc_ns_add add = { .cookie = 4097, .label = "host", .host = 1,
				  .n_endpoints = 3, .rmt = IPC_RMT_V4 };
	struct ipc_ns_del del = { .cookie = 4097 };
	struct ipc_ep_add ep = { .cookie = 4097,
				 .endpoint = { 9, IPC_EP_DGRAM,
					       IPC_NETID_UDP6, 0, 0 } };
	struct ipc_ep_del epdel = { .cookie = 4097, .id = 9 };
	struct ipc_synced synced = { .why = IPC_SYNCED_RELOAD };
	struct ipc_reply reply = { .status = -2, .cookie = 4097 };
	struct ipc_ns_failed failed = { .cookie = 4097, .status = -12 };
	struct ipc_limits limits = { .fd_limit = 20000, .fd_reserve = 2112,
				     .fds_per_ns = 6, .waiting = 3 };
	static const char spec[] = "/run/netns/a";

	add.endpoints[0] = (struct ipc_endpoint){ .id = 1,
						  .kind = IPC_EP_DGRAM,
						  .netid = IPC_NETID_UDP,
						  .inherited = 1 };
	add.endpoints[1] = (struct ipc_endpoint){ .id = 2,
						  .kind = IPC_EP_STREAM,
						  .netid = IPC_NETID_TCP6,
						  .dual = 1 };
	add.endpoints[2] = (struct ipc_endpoint){ .id = 3,
						  .kind = IPC_EP_ADMIN,
						  .netid = IPC_NETID_LOCAL };
	put_ipc("ns_add", IPC_TO_ENGINE, 5, IPC_NS_ADD, &add, sizeof(add));
	put_ipc("ns_del", IPC_TO_ENGINE, 0, IPC_NS_DEL, &del, sizeof(del));
	put_ipc("ep_add", IPC_TO_ENGINE, 1, IPC_EP_ADD, &ep, sizeof(ep));
	put_ipc("ep_del", IPC_TO_ENGINE, 0, IPC_EP_DEL, &epdel, sizeof(epdel));
	put_ipc("synced", IPC_TO_ENGINE, 0, IPC_SYNCED, &synced,
		sizeof(synced));
	put_ipc("reply", IPC_TO_ENGINE, 0, IPC_REPLY, &reply, sizeof(reply));
	put_ipc("stop", IPC_TO_ENGINE, 0, IPC_STOP, NULL, 0);
	put_ipc("limits", IPC_TO_ENGINE, 0, IPC_LIMITS, &limits,
		sizeof(limits));
	put_ipc("attach", IPC_TO_BROKER, 0, IPC_ATTACH, spec, sizeof(spec));
	put_ipc("detach", IPC_TO_BROKER, 0, IPC_DETACH, spec, sizeof(spec));
	put_ipc("ready", IPC_TO_BROKER, 0, IPC_READY, NULL, 0);
	put_ipc("alive", IPC_TO_BROKER, 0, IPC_ALIVE, NULL, 0);
	put_ipc("ns_failed", IPC_TO_BROKER, 0, IPC_NS_FAILED, &failed,
		sizeof(failed));
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return EXIT_FAILURE;
	}
	top = argv[1];
	if (mkdir(top, 0755) < 0 && errno != EEXIST) {
		perror(top);
		return EXIT_FAILURE;
	}
	dispatch_seeds();
	recmark_seeds();
	state_seeds();
	admin_seeds();
	rtnl_seeds();
	mountinfo_seeds();
	ipc_seeds();
	return EXIT_SUCCESS;
}
