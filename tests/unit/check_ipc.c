/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_ipc.c - unit tests for the broker-engine messages of
 * rpcbindns/ipc.c: what the decoder takes and refuses, and descriptors
 * through a real socketpair.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <check.h>

#include "ipc.h"
#include "testutil.h"

static _Alignas(8) char buf[IPC_MSG_MAX];

/* Header and payload into buf; the message's length. */
static size_t put(enum ipc_type type, uint32_t seq, const void *payload,
		  size_t len)
{
	struct ipc_hdr h = { .version = IPC_VERSION, .type = (uint16_t)type,
			     .seq = seq, .len = (uint32_t)len };

	memcpy(buf, &h, sizeof(h));
	if (len)
		memcpy(buf + sizeof(h), payload, len);
	return sizeof(h) + len;
}

static struct ipc_ns_add valid_ns_add(void)
{
	struct ipc_ns_add a = { .cookie = 4242, .label = "rbt-a",
				.n_endpoints = 3, .rmt = IPC_RMT_V4 };

	a.endpoints[0] = (struct ipc_endpoint){ .id = 1,
						.kind = IPC_EP_DGRAM,
						.netid = IPC_NETID_UDP };
	a.endpoints[1] = (struct ipc_endpoint){ .id = 2,
						.kind = IPC_EP_STREAM,
						.netid = IPC_NETID_TCP6,
						.dual = 1 };
	a.endpoints[2] = (struct ipc_endpoint){ .id = 3,
						.kind = IPC_EP_STREAM,
						.netid = IPC_NETID_LOCAL };
	return a;
}

/* 3 endpoints, rtnl, one rmt socket */
#define VALID_NS_ADD_FDS	5

static int decode_ns_add(const struct ipc_ns_add *a, size_t nfds)
{
	struct ipc_msg m;
	size_t len = put(IPC_NS_ADD, 0, a, sizeof(*a));

	return ipc_decode(IPC_TO_ENGINE, buf, len, nfds, &m);
}

START_TEST(test_ns_add)
{
	struct ipc_ns_add a = valid_ns_add();
	struct ipc_msg m;
	size_t len = put(IPC_NS_ADD, 7, &a, sizeof(a));

	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, VALID_NS_ADD_FDS,
				    &m), 0);
	ck_assert_int_eq(m.type, IPC_NS_ADD);
	ck_assert_uint_eq(m.seq, 7);
	ck_assert_uint_eq(m.u.ns_add->cookie, 4242);
	ck_assert_str_eq(m.u.ns_add->label, "rbt-a");
	ck_assert_uint_eq(ipc_ns_add_fds(m.u.ns_add), VALID_NS_ADD_FDS);
}
END_TEST

START_TEST(test_ns_add_refused)
{
	struct ipc_ns_add a;

	/* one descriptor more or less than the payload says */
	a = valid_ns_add();
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS - 1), -EBADMSG);
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS + 1), -EBADMSG);
	/* a label without its NUL, with a control character, empty */
	memset(a.label, 'x', sizeof(a.label));
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	a = valid_ns_add();
	a.label[1] = '\n';
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	a.label[0] = '\0';
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	/* a datagram endpoint over TCP; an admin socket over UDP */
	a = valid_ns_add();
	a.endpoints[1].kind = IPC_EP_DGRAM;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	a = valid_ns_add();
	a.endpoints[0].kind = IPC_EP_ADMIN;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	/* dual-stack but not AF_INET6, or not a flag; padding set */
	a = valid_ns_add();
	a.endpoints[0].dual = 1;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	a = valid_ns_add();
	a.endpoints[1].dual = 2;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	a = valid_ns_add();
	a.endpoints[1].pad[2] = 1;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	/* unknown netid, kind; a repeated id */
	a = valid_ns_add();
	a.endpoints[2].netid = IPC_NETIDS;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	a = valid_ns_add();
	a.endpoints[2].kind = 9;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	a = valid_ns_add();
	a.endpoints[2].id = a.endpoints[0].id;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	/* more endpoints than fit; unknown rmt bits; no cookie */
	a = valid_ns_add();
	a.n_endpoints = IPC_ENDPOINTS_MAX + 1;
	ck_assert_int_eq(decode_ns_add(&a, IPC_ENDPOINTS_MAX + 3), -EBADMSG);
	a = valid_ns_add();
	a.rmt = 4;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	a = valid_ns_add();
	a.cookie = 0;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	/* padding set; an NSID below SELF; SELF for another namespace */
	a = valid_ns_add();
	a.pad = 1;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	a = valid_ns_add();
	a.nsid = IPC_NSID_SELF - 1;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	a.nsid = INT32_MIN;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
	a.nsid = IPC_NSID_SELF;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), -EBADMSG);
}
END_TEST

/* Every NSID the kernel gives (0 and up), none, or the broker's own
 * namespace for the host. */
START_TEST(test_ns_add_nsid)
{
	struct ipc_ns_add a = valid_ns_add();
	struct ipc_msg m;
	size_t len;

	a.nsid = IPC_NSID_OWN;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), 0);
	a.nsid = INT32_MAX;
	ck_assert_int_eq(decode_ns_add(&a, VALID_NS_ADD_FDS), 0);
	a.nsid = IPC_NSID_SELF;
	a.host = 1;
	len = put(IPC_NS_ADD, 0, &a, sizeof(a));
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, VALID_NS_ADD_FDS,
				    &m), 0);
	ck_assert_int_eq(m.u.ns_add->nsid, IPC_NSID_SELF);
}
END_TEST

/* The shared rtnetlink socket, a dump socket, and the call for dumps. */
START_TEST(test_rtnl_messages)
{
	struct ipc_ns_dump d = { .cookie = 77 };
	struct ipc_msg m;
	size_t len = put(IPC_RTNL_ALL, 0, NULL, 0);

	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 1, &m), 0);
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 0, &m), -EBADMSG);
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 1, &m), -EBADMSG);
	len = put(IPC_NS_DUMP, 0, &d, sizeof(d));
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 1, &m), 0);
	ck_assert_uint_eq(m.u.ns_dump->cookie, 77);
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 2, &m), -EBADMSG);
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len - 1, 1, &m),
			 -EBADMSG);
	d.cookie = 0;
	len = put(IPC_NS_DUMP, 0, &d, sizeof(d));
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 1, &m), -EBADMSG);
	len = put(IPC_REDUMP, 0, NULL, 0);
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 0, &m), 0);
	ck_assert_int_eq(m.type, IPC_REDUMP);
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 1, &m), -EBADMSG);
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 0, &m), -EBADMSG);
}
END_TEST

START_TEST(test_header_refused)
{
	struct ipc_ns_del del = { .cookie = 9 };
	struct ipc_hdr h;
	struct ipc_msg m;
	size_t len = put(IPC_NS_DEL, 0, &del, sizeof(del));

	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 0, &m), 0);
	/* the wrong way: only the broker sends NS_DEL */
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 0, &m), -EBADMSG);
	/* short, long, with a descriptor it does not carry */
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len - 1, 0, &m),
			 -EBADMSG);
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, sizeof(h) - 1, 0, &m),
			 -EBADMSG);
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 1, &m), -EBADMSG);
	memcpy(&h, buf, sizeof(h));
	h.len++;
	memcpy(buf, &h, sizeof(h));
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len + 1, 0, &m),
			 -EBADMSG);
	/* another version; an unknown type; padding set */
	len = put(IPC_NS_DEL, 0, &del, sizeof(del));
	memcpy(&h, buf, sizeof(h));
	h.version++;
	memcpy(buf, &h, sizeof(h));
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 0, &m), -EPROTO);
	len = put(IPC_TYPE_MAX + 1, 0, &del, sizeof(del));
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 0, &m), -EBADMSG);
	len = put(IPC_NS_DEL, 0, &del, sizeof(del));
	memcpy(&h, buf, sizeof(h));
	h.pad = 1;
	memcpy(buf, &h, sizeof(h));
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 0, &m), -EBADMSG);
}
END_TEST

START_TEST(test_specs)
{
	static char long_spec[IPC_SPEC_MAX + 1];
	struct ipc_msg m;
	size_t len;

	len = put(IPC_ATTACH, 3, "pid:42", 7);
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 0, &m), 0);
	ck_assert_str_eq(m.u.spec, "pid:42");
	/* no NUL at its end, a NUL inside, a control character, empty */
	len = put(IPC_ATTACH, 3, "pid:42", 6);
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 0, &m), -EBADMSG);
	len = put(IPC_DETACH, 3, "a\0b", 4);
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 0, &m), -EBADMSG);
	len = put(IPC_DETACH, 3, "a\tb", 4);
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 0, &m), -EBADMSG);
	len = put(IPC_DETACH, 3, "", 1);
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 0, &m), -EBADMSG);
	/* what the engine checks before it asks */
	ck_assert(ipc_spec_is_valid("/run/netns/a"));
	ck_assert(!ipc_spec_is_valid(""));
	ck_assert(!ipc_spec_is_valid("a\nb"));
	memset(long_spec, 'a', IPC_SPEC_MAX - 1);
	ck_assert(ipc_spec_is_valid(long_spec));
	long_spec[IPC_SPEC_MAX - 1] = 'a';
	ck_assert(!ipc_spec_is_valid(long_spec));
}
END_TEST

START_TEST(test_replies)
{
	struct ipc_reply r = { .status = -ENOENT, .cookie = 5 };
	struct ipc_ns_failed f = { .cookie = 5, .status = -ENOMEM };
	struct ipc_limits l = { .fd_limit = 20000, .fd_reserve = 2112,
				.fds_per_ns = 6, .waiting = 7 };
	struct ipc_msg m;
	size_t len = put(IPC_REPLY, 11, &r, sizeof(r));

	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 0, &m), 0);
	ck_assert_int_eq(m.u.reply->status, -ENOENT);
	r.status = 1;		/* a status is 0 or -errno */
	len = put(IPC_REPLY, 11, &r, sizeof(r));
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 0, &m), -EBADMSG);
	len = put(IPC_NS_FAILED, 0, &f, sizeof(f));
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 0, &m), 0);
	f.status = 0;		/* a failure has a reason */
	len = put(IPC_NS_FAILED, 0, &f, sizeof(f));
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 0, &m), -EBADMSG);
	len = put(IPC_LIMITS, 0, &l, sizeof(l));
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 0, &m), 0);
	ck_assert_uint_eq(m.u.limits->waiting, 7);
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 0, &m), -EBADMSG);
	l.fd_reserve = l.fd_limit + 1;	/* more kept than there is */
	len = put(IPC_LIMITS, 0, &l, sizeof(l));
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 0, &m), -EBADMSG);
	len = put(IPC_ALIVE, 0, NULL, 0);
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 0, &m), 0);
	len = put(IPC_ALIVE, 0, "x", 1);
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 0, &m), -EBADMSG);
}
END_TEST

static bool is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

static struct ipc_vs valid_vs(uint8_t id)
{
	struct ipc_vs v = { .cookie = 4242, .name = "nfs-a", .mark = 1,
			    .id = id, .n_addrs = 2 };

	v.addrs[0].family = AF_INET;
	memcpy(v.addrs[0].addr, "\x0a\x09\x00\x01", 4);
	v.addrs[1].family = AF_INET6;
	v.addrs[1].addr[0] = 0xfd;
	v.addrs[1].addr[15] = 1;
	return v;
}

static int decode_vs(enum ipc_dir dir, enum ipc_type type,
		     const struct ipc_vs *v)
{
	struct ipc_msg m;
	size_t len = put(type, 0, v, sizeof(*v));

	return ipc_decode(dir, buf, len, 0, &m);
}

START_TEST(test_vs_messages)
{
	struct ipc_vs v = valid_vs(3);
	struct ipc_vs_ref ref = { .cookie = 4242, .name = "nfs-a", .id = 3 };
	struct ipc_ep_add ep = { .cookie = 4242,
				 .endpoint = { 9, IPC_EP_DGRAM, IPC_NETID_UDP,
					       0, 3 } };
	struct ipc_msg m;
	size_t len;

	ck_assert_int_eq(decode_vs(IPC_TO_ENGINE, IPC_VS_SET, &v), 0);
	/* the broker picks ids: an admin's request has none */
	ck_assert_int_eq(decode_vs(IPC_TO_BROKER, IPC_VS_ADD, &v), -EBADMSG);
	v.id = 0;
	ck_assert_int_eq(decode_vs(IPC_TO_BROKER, IPC_VS_ADD, &v), 0);
	ck_assert_int_eq(decode_vs(IPC_TO_ENGINE, IPC_VS_SET, &v), -EBADMSG);
	/* each way only its own */
	ck_assert_int_eq(decode_vs(IPC_TO_ENGINE, IPC_VS_ADD, &v), -EBADMSG);

	len = put(IPC_VS_DEL, 0, &ref, sizeof(ref));
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 0, &m), 0);
	ck_assert_uint_eq(m.u.vs_ref->id, 3);
	len = put(IPC_VS_REMOVE, 0, &ref, sizeof(ref));
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len, 0, &m), -EBADMSG);
	ref.id = 0;
	ck_assert_int_eq(ipc_decode(IPC_TO_BROKER, buf, len = put(IPC_VS_REMOVE,
				    0, &ref, sizeof(ref)), 0, &m), 0);
	ck_assert_str_eq(m.u.vs_ref->name, "nfs-a");

	/* a VS's endpoint is an IP one */
	len = put(IPC_EP_ADD, 0, &ep, sizeof(ep));
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 1, &m), 0);
	ck_assert_uint_eq(m.u.ep_add->endpoint.vs, 3);
	ep.endpoint.netid = IPC_NETID_LOCAL;
	ep.endpoint.kind = IPC_EP_STREAM;
	len = put(IPC_EP_ADD, 0, &ep, sizeof(ep));
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, len, 1, &m), -EBADMSG);
}
END_TEST

START_TEST(test_vs_refused)
{
	static const char *const bad_names[] = {
		"", ".hidden", "a/b", "a b", "\x01", "x@y", "nfs:a",
	};
	struct ipc_vs v;
	size_t i;

	for (i = 0; i < sizeof(bad_names) / sizeof(*bad_names); i++) {
		v = valid_vs(1);
		memset(v.name, 0, sizeof(v.name));
		memcpy(v.name, bad_names[i], strlen(bad_names[i]));
		ck_assert_msg(decode_vs(IPC_TO_ENGINE, IPC_VS_SET, &v) ==
			      -EBADMSG, "name '%s'", bad_names[i]);
	}
	v = valid_vs(1);
	memset(v.name, 'a', sizeof(v.name));	/* no NUL */
	ck_assert_int_eq(decode_vs(IPC_TO_ENGINE, IPC_VS_SET, &v), -EBADMSG);
	v = valid_vs(1);
	v.n_addrs = 0;
	ck_assert_int_eq(decode_vs(IPC_TO_ENGINE, IPC_VS_SET, &v), -EBADMSG);
	v.n_addrs = IPC_VS_ADDRS_MAX + 1;
	ck_assert_int_eq(decode_vs(IPC_TO_ENGINE, IPC_VS_SET, &v), -EBADMSG);
	v = valid_vs(1);
	v.addrs[0].family = AF_UNIX;
	ck_assert_int_eq(decode_vs(IPC_TO_ENGINE, IPC_VS_SET, &v), -EBADMSG);
	v = valid_vs(1);
	v.addrs[0].addr[4] = 1;		/* past an IPv4 address */
	ck_assert_int_eq(decode_vs(IPC_TO_ENGINE, IPC_VS_SET, &v), -EBADMSG);
	v = valid_vs(1);
	v.addrs[5].family = AF_INET;	/* past n_addrs */
	ck_assert_int_eq(decode_vs(IPC_TO_ENGINE, IPC_VS_SET, &v), -EBADMSG);
	v = valid_vs(1);
	v.cookie = 0;
	ck_assert_int_eq(decode_vs(IPC_TO_ENGINE, IPC_VS_SET, &v), -EBADMSG);
	ck_assert(ipc_vs_name_is_valid("A_b-1.x"));
	ck_assert(ipc_vs_name_is_valid("0123456789012345678901234567890"));
}
END_TEST

START_TEST(test_socketpair)
{
	struct ipc_ns_add a = valid_ns_add();
	int sv[2], fds[VALID_NS_ADD_FDS], got[IPC_FDS_MAX];
	struct ipc_msg m;
	size_t i, nfds;
	ssize_t n;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	for (i = 0; i < VALID_NS_ADD_FDS; i++)
		fds[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ck_assert_int_eq(ipc_send(sv[0], IPC_NS_ADD, 0, &a, sizeof(a), fds,
				  VALID_NS_ADD_FDS), 0);
	n = ipc_recv(sv[1], buf, got, &nfds);
	ck_assert_int_eq(n, sizeof(struct ipc_hdr) + sizeof(a));
	ck_assert_uint_eq(nfds, VALID_NS_ADD_FDS);
	ck_assert_int_eq(ipc_decode(IPC_TO_ENGINE, buf, (size_t)n, nfds, &m),
			 0);
	for (i = 0; i < nfds; i++) {
		ck_assert(fcntl(got[i], F_GETFD) & FD_CLOEXEC);
		close(got[i]);
	}
	ck_assert_int_eq(ipc_recv(sv[1], buf, got, &nfds), -EAGAIN);

	/* Longer than any message: refused, and its descriptor closed. */
	{
		static char big[IPC_MSG_MAX + 16];
		struct iovec iov = { big, sizeof(big) };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

		ck_assert_int_eq(sendmsg(sv[0], &msg, 0), sizeof(big));
		ck_assert_int_eq(ipc_recv(sv[1], buf, got, &nfds), -EBADMSG);
	}
	ck_assert_int_eq(ipc_send(sv[0], IPC_NS_ADD, 0, &a, IPC_SPEC_MAX + 1,
				  fds, 1), -EINVAL);
	for (i = 0; i < VALID_NS_ADD_FDS; i++)
		close(fds[i]);
	close(sv[0]);
	ck_assert_int_eq(ipc_recv(sv[1], buf, got, &nfds), 0);
	close(sv[1]);
	ck_assert(!is_open(sv[1]));
}
END_TEST

static Suite *ipc_suite(void)
{
	Suite *s = suite_create("ipc");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, test_ns_add);
	tcase_add_test(tc, test_ns_add_refused);
	tcase_add_test(tc, test_ns_add_nsid);
	tcase_add_test(tc, test_rtnl_messages);
	tcase_add_test(tc, test_header_refused);
	tcase_add_test(tc, test_specs);
	tcase_add_test(tc, test_replies);
	tcase_add_test(tc, test_vs_messages);
	tcase_add_test(tc, test_vs_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("socketpair");
	tcase_add_test(tc, test_socketpair);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(ipc_suite());
}
