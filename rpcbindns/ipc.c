/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ipc.c - encoding, decoding and moving broker-engine messages.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "ipc.h"

static const char *const netid_names[IPC_NETIDS] = {
	[IPC_NETID_UDP] = "udp",
	[IPC_NETID_TCP] = "tcp",
	[IPC_NETID_UDP6] = "udp6",
	[IPC_NETID_TCP6] = "tcp6",
	[IPC_NETID_LOCAL] = "local",
};

const char *ipc_netid_name(enum ipc_netid netid)
{
	return netid_names[netid];
}

void ipc_netid_socket(enum ipc_netid netid, int *ret_family, int *ret_type)
{
	*ret_family = netid == IPC_NETID_UDP || netid == IPC_NETID_TCP ?
		      AF_INET : netid == IPC_NETID_LOCAL ? AF_UNIX : AF_INET6;
	*ret_type = netid == IPC_NETID_UDP || netid == IPC_NETID_UDP6 ?
		    SOCK_DGRAM : SOCK_STREAM;
}

size_t ipc_ns_add_fds(const struct ipc_ns_add *a)
{
	return (size_t)a->n_endpoints + 1 + !!(a->rmt & IPC_RMT_V4) +
	       !!(a->rmt & IPC_RMT_V6);
}

/* A kind that fits its netid: datagrams are UDP, the admin socket is
 * local. */
static bool endpoint_ok(const struct ipc_endpoint *ep)
{
	int family, type;

	if (ep->netid >= IPC_NETIDS || ep->inherited > 1 || ep->dual > 1 ||
	    ep->pad[0] || ep->pad[1] || ep->pad[2])
		return false;
	ipc_netid_socket(ep->netid, &family, &type);
	if (ep->dual && family != AF_INET6)
		return false;
	/* a virtual server's sockets are IP ones the broker made */
	if (ep->vs && (family == AF_UNIX || ep->inherited))
		return false;
	switch (ep->kind) {
	case IPC_EP_DGRAM:
		return type == SOCK_DGRAM;
	case IPC_EP_STREAM:
		return type == SOCK_STREAM;
	case IPC_EP_ADMIN:
		return family == AF_UNIX && !ep->inherited;
	case IPC_EP_RMT:
		return type == SOCK_DGRAM && ep->vs;
	}
	return false;
}

/* A label is printed in logs: printable ASCII, NUL-terminated, not
 * empty. */
static bool label_ok(const char *s, size_t size)
{
	size_t i;

	for (i = 0; i < size && s[i]; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return i > 0 && i < size;
}

static bool ns_add_ok(const struct ipc_ns_add *a, size_t nfds)
{
	size_t i, j;

	if (!a->cookie || !label_ok(a->label, sizeof(a->label)) ||
	    a->host > 1 || a->n_endpoints > IPC_ENDPOINTS_MAX || a->pad ||
	    a->nsid < IPC_NSID_SELF || (a->nsid == IPC_NSID_SELF && !a->host) ||
	    (a->rmt & ~(IPC_RMT_V4 | IPC_RMT_V6)) ||
	    ipc_ns_add_fds(a) != nfds)
		return false;
	for (i = 0; i < a->n_endpoints; i++) {
		if (!endpoint_ok(&a->endpoints[i]))
			return false;
		for (j = 0; j < i; j++)
			if (a->endpoints[j].id == a->endpoints[i].id)
				return false;
	}
	return true;
}

/* A spec is a path or a name: printable, its one NUL at the end. */
static bool spec_ok(const char *s, size_t len)
{
	return len > 1 && len <= IPC_SPEC_MAX && strnlen(s, len) == len - 1 &&
	       label_ok(s, len);
}

bool ipc_spec_is_valid(const char *spec)
{
	return spec_ok(spec, strnlen(spec, IPC_SPEC_MAX) + 1);
}

bool ipc_vs_name_is_valid(const char *name)
{
	size_t i, len = strnlen(name, IPC_VS_NAME_MAX);

	if (len == 0 || len == IPC_VS_NAME_MAX || name[0] == '.')
		return false;
	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", name[i]))
			return false;
	return true;
}

static bool zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

static bool vs_ok(const struct ipc_vs *v)
{
	size_t i;

	if (!v->cookie || !ipc_vs_name_is_valid(v->name) || !v->n_addrs ||
	    v->n_addrs > IPC_VS_ADDRS_MAX || v->pad)
		return false;
	for (i = 0; i < IPC_VS_ADDRS_MAX; i++) {
		const struct ipc_vs_addr *a = &v->addrs[i];

		if (i >= v->n_addrs) {
			if (!zero(a, sizeof(*a)))
				return false;
		} else if (!zero(a->pad, sizeof(a->pad)) ||
			   (a->family != AF_INET && a->family != AF_INET6) ||
			   (a->family == AF_INET &&
			    !zero(a->addr + 4, sizeof(a->addr) - 4))) {
			return false;
		}
	}
	return true;
}

bool ipc_vs_addr_equal(const struct ipc_vs_addr *x,
		       const struct ipc_vs_addr *y)
{
	return x->family == y->family &&
	       memcmp(x->addr, y->addr, sizeof(x->addr)) == 0;
}

socklen_t ipc_vs_addr_sockaddr(const struct ipc_vs_addr *a, uint16_t port,
			       struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, a->addr, 4);
		return sizeof(*sin);
	}
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	memcpy(&sin6->sin6_addr, a->addr, 16);
	return sizeof(*sin6);
}

const char *ipc_vs_addr_text(const struct ipc_vs_addr *a, char *buf,
			     size_t size)
{
	if (!inet_ntop(a->family, a->addr, buf, (socklen_t)size))
		snprintf(buf, size, "?");
	return buf;
}

static bool vs_ref_ok(const struct ipc_vs_ref *r)
{
	return r->cookie && ipc_vs_name_is_valid(r->name) &&
	       zero(r->pad, sizeof(r->pad));
}

static bool payload_ok(const struct ipc_msg *m, size_t len, size_t nfds)
{
	switch (m->type) {
	case IPC_NS_ADD:
		return len == sizeof(*m->u.ns_add) &&
		       ns_add_ok(m->u.ns_add, nfds);
	case IPC_NS_DEL:
		return len == sizeof(*m->u.ns_del) && !nfds &&
		       m->u.ns_del->cookie;
	case IPC_EP_ADD:
		return len == sizeof(*m->u.ep_add) && nfds == 1 &&
		       m->u.ep_add->cookie &&
		       endpoint_ok(&m->u.ep_add->endpoint);
	case IPC_EP_DEL:
		return len == sizeof(*m->u.ep_del) && !nfds &&
		       m->u.ep_del->cookie && !m->u.ep_del->pad;
	case IPC_SYNCED:
		return len == sizeof(*m->u.synced) && !nfds &&
		       m->u.synced->why <= IPC_SYNCED_RELOAD &&
		       !m->u.synced->pad;
	case IPC_REPLY:
		return len == sizeof(*m->u.reply) && !nfds &&
		       m->u.reply->status <= 0 &&
		       m->u.reply->status > -4096 && !m->u.reply->pad;
	case IPC_NS_FAILED:
		return len == sizeof(*m->u.ns_failed) && !nfds &&
		       m->u.ns_failed->cookie && m->u.ns_failed->status < 0 &&
		       m->u.ns_failed->status > -4096 && !m->u.ns_failed->pad;
	case IPC_LIMITS:
		return len == sizeof(*m->u.limits) && !nfds &&
		       m->u.limits->fd_reserve <= m->u.limits->fd_limit;
	case IPC_RTNL_ALL:
		return len == 0 && nfds == 1;
	case IPC_NS_DUMP:
		return len == sizeof(*m->u.ns_dump) && nfds == 1 &&
		       m->u.ns_dump->cookie;
	case IPC_VS_SET:
	case IPC_VS_ADD:
		return len == sizeof(*m->u.vs) && !nfds && vs_ok(m->u.vs) &&
		       (m->type == IPC_VS_SET) == (m->u.vs->id != 0);
	case IPC_VS_DEL:
	case IPC_VS_REMOVE:
		return len == sizeof(*m->u.vs_ref) && !nfds &&
		       vs_ref_ok(m->u.vs_ref) &&
		       (m->type == IPC_VS_DEL) == (m->u.vs_ref->id != 0);
	case IPC_ATTACH:
	case IPC_DETACH:
		return !nfds && spec_ok(m->u.spec, len);
	case IPC_STOP:
	case IPC_READY:
	case IPC_ALIVE:
	case IPC_REDUMP:
		return len == 0 && !nfds;
	}
	return false;
}

static bool direction_ok(enum ipc_dir dir, enum ipc_type type)
{
	return dir == IPC_TO_ENGINE ? type < IPC_ATTACH : type >= IPC_ATTACH;
}

int ipc_decode(enum ipc_dir dir, const void *buf, size_t len, size_t nfds,
	       struct ipc_msg *msg)
{
	struct ipc_hdr h;
	const char *payload = (const char *)buf + sizeof(h);

	if (len < sizeof(h))
		return -EBADMSG;
	memcpy(&h, buf, sizeof(h));
	if (h.version != IPC_VERSION)
		return -EPROTO;
	if (h.type < IPC_NS_ADD || h.type > IPC_TYPE_MAX ||
	    !direction_ok(dir, h.type) || h.len != len - sizeof(h) ||
	    h.pad || nfds > IPC_FDS_MAX)
		return -EBADMSG;
	memset(msg, 0, sizeof(*msg));
	msg->type = h.type;
	msg->seq = h.seq;
	msg->nfds = nfds;
	/* Every payload is at most 8-aligned, and so is the header's
	 * size: an 8-aligned buffer is enough. */
	msg->u.spec = payload;
	return payload_ok(msg, h.len, nfds) ? 0 : -EBADMSG;
}

int ipc_send(int sock, enum ipc_type type, uint32_t seq,
	     const void *payload, size_t len, const int *fds, size_t nfds)
{
	struct ipc_hdr h = {
		.version = IPC_VERSION, .type = (uint16_t)type, .seq = seq,
		.len = (uint32_t)len,
	};
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * IPC_FDS_MAX)];
	} control;
	union {
		const void *in;
		void *out;
	} data = { .in = payload };	/* sendmsg() takes no const */
	struct iovec iov[2] = {
		{ .iov_base = &h, .iov_len = sizeof(h) },
		{ .iov_base = data.out, .iov_len = len },
	};
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };
	struct cmsghdr *cm;

	if (nfds > IPC_FDS_MAX || len > IPC_SPEC_MAX)
		return -EINVAL;
	if (nfds) {
		memset(&control, 0, sizeof(control));
		msg.msg_control = control.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	while (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

void ipc_close_fds(const int *fds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		close(fds[i]);
}

ssize_t ipc_recv(int sock, void *buf, int *fds, size_t *ret_nfds)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * IPC_FDS_MAX)];
	} control;
	struct iovec iov = { .iov_base = buf, .iov_len = IPC_MSG_MAX };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof(control.buf),
	};
	struct cmsghdr *cm;
	size_t n = 0;
	ssize_t len;

	do
		len = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	while (len < 0 && errno == EINTR);
	if (len < 0)
		return -errno;
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
		size_t k;

		if (cm->cmsg_level != SOL_SOCKET ||
		    cm->cmsg_type != SCM_RIGHTS)
			continue;
		k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (n + k > IPC_FDS_MAX) {	/* the buffer bounds it */
			ipc_close_fds((int *)CMSG_DATA(cm), k);
			msg.msg_flags |= MSG_CTRUNC;
			continue;
		}
		memcpy(fds + n, CMSG_DATA(cm), k * sizeof(int));
		n += k;
	}
	if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
		ipc_close_fds(fds, n);
		*ret_nfds = 0;
		return -EBADMSG;
	}
	*ret_nfds = n;
	return len;
}
