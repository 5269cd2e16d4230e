/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rtnl.c - interface addresses of a namespace via rtnetlink and libmnl.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <event2/event.h>

#include "log.h"
#include "nlmsg.h"
#include "rtnl.h"

#define LINKS_MAX	1024

struct link_flags {
	int index;
	unsigned int flags;
};

/* Grown on demand: most namespaces have two or three addresses, and a
 * thousand namespaces must not cost a thousand full-size arrays. */
struct rtnl {
	struct mnl_socket *nl;
	struct event *ev;
	unsigned int seq;
	bool dirty;
	bool follows;			/* kept from notifications, no socket */
	struct pm_ifaddr *addrs;
	int *addr_index;		/* each address's link, when following */
	size_t n_addrs, cap_addrs, cap_index;
	struct link_flags *links;
	size_t n_links, cap_links;
	rtnl_link_fn on_link;
	void *arg;
};

/* Room for one more element in *@v (of @size bytes, @n used, *@cap
 * allocated, at most @max); false when full or out of memory. */
static bool grow(void *v, size_t size, size_t n, size_t *cap, size_t max)
{
	void **pv = v;
	size_t want = *cap ? *cap * 2 : 4;
	void *bigger;

	if (n < *cap)
		return true;
	if (n >= max)
		return false;
	if (want > max)
		want = max;
	bigger = realloc(*pv, want * size);
	if (!bigger)
		return false;
	*pv = bigger;
	*cap = want;
	return true;
}

/* A link in a dump answer or a change notification, to the owner; the
 * link, or NULL if @nlh is no whole link message. */
static const struct ifinfomsg *report_link(const struct rtnl *r,
					   const struct nlmsghdr *nlh)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return NULL;
	if (nlh->nlmsg_type == RTM_NEWLINK)
		r->on_link(ifi->ifi_index, ifi->ifi_flags, r->arg);
	else if (nlh->nlmsg_type == RTM_DELLINK)
		r->on_link(ifi->ifi_index, 0, r->arg);
	else
		return NULL;
	return ifi;
}

static int follow(struct rtnl *r, const struct nlmsghdr *nlh);

/* A change notification: the address list is stale, or, with no socket
 * to dump it again, brought up to date. */
static int notice_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rtnl *r = data;

	if (r->follows)
		return follow(r, nlh);
	r->dirty = true;
	report_link(r, nlh);
	return MNL_CB_OK;
}

/* Anything arriving unasked is a change notification. */
static void rtnl_read(evutil_socket_t fd, short what, void *arg)
{
	struct rtnl *r = arg;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	bool lost = false;
	ssize_t n;
	int ret;

	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0 || errno == ENOBUFS) {
		if (n > 0)
			rtnl_parse(r, RTNL_NOTICES, buf, (size_t)n);
		else
			lost = true;
	}
	/* The socket overran: link changes were lost, so report all. */
	if (!lost)
		return;
	log_debug("rtnetlink: notifications overran the socket, listing "
		  "the links again");
	ret = rtnl_scan_links(r);
	if (ret < 0)
		log_warnx("rtnetlink: cannot list the links again: %s",
			  strerror(-ret));
}

struct rtnl *rtnl_parser_new(rtnl_link_fn on_link, void *arg)
{
	struct rtnl *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->on_link = on_link;
	r->arg = arg;
	return r;
}

struct rtnl *rtnl_new(struct event_base *base, int fd, rtnl_link_fn on_link,
		      void *arg)
{
	struct rtnl *r = rtnl_parser_new(on_link, arg);

	if (!r)
		goto err_close;
	r->nl = mnl_socket_fdopen(fd);
	if (!r->nl)
		goto err_free;
	r->ev = event_new(base, fd, EV_READ | EV_PERSIST, rtnl_read, r);
	if (!r->ev || event_add(r->ev, NULL) < 0)
		goto err_nl;
	r->dirty = true;
	return r;

err_nl:
	if (r->ev)
		event_free(r->ev);
	mnl_socket_close(r->nl);
	free(r);
	return NULL;
err_free:
	free(r);
err_close:
	close(fd);
	return NULL;
}

void rtnl_free(struct rtnl *r)
{
	if (!r)
		return;
	if (r->ev)
		event_free(r->ev);
	if (r->nl)
		mnl_socket_close(r->nl);
	free(r->addrs);
	free(r->addr_index);
	free(r->links);
	free(r);
}

/* A change notification met during a dump: the list is stale again. */
static bool is_notification(struct rtnl *r, const struct nlmsghdr *nlh)
{
	if (nlh->nlmsg_seq == r->seq)
		return false;
	notice_cb(nlh, r);
	return true;
}

static struct link_flags *find_link(const struct rtnl *r, int index)
{
	size_t i;

	for (i = 0; i < r->n_links; i++)
		if (r->links[i].index == index)
			return &r->links[i];
	return NULL;
}

/* Record link @index's @flags, a new link or a known one. */
static void set_link(struct rtnl *r, int index, unsigned int flags)
{
	struct link_flags *l = find_link(r, index);

	if (!l) {
		if (!grow(&r->links, sizeof(*r->links), r->n_links,
			  &r->cap_links, LINKS_MAX))
			return;
		l = &r->links[r->n_links++];
		l->index = index;
	}
	l->flags = flags;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi;
	struct rtnl *r = data;

	if (is_notification(r, nlh))
		return MNL_CB_OK;
	ifi = report_link(r, nlh);
	if (ifi && nlh->nlmsg_type == RTM_NEWLINK)
		set_link(r, ifi->ifi_index, ifi->ifi_flags);
	return MNL_CB_OK;
}

static unsigned int link_flags(const struct rtnl *r, int index)
{
	const struct link_flags *l = find_link(r, index);

	return l ? l->flags : 0;
}

static void fill_addr(struct pm_ifaddr *a, const struct ifaddrmsg *ifa,
		      const void *addr)
{
	memset(a, 0, sizeof(*a));
	if (ifa->ifa_family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&a->addr;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, addr, sizeof(sin->sin_addr));
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&a->addr;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, addr, sizeof(sin6->sin6_addr));
		if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr))
			sin6->sin6_scope_id = ifa->ifa_index;
	}
	a->prefixlen = ifa->ifa_prefixlen;
}

/* @nlh's address, filled into @a, and its link; false if @nlh is no
 * whole IPv4 or IPv6 address message. */
static bool parse_addr(const struct rtnl *r, const struct nlmsghdr *nlh,
		       struct pm_ifaddr *a, int *ret_index)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr, *local = NULL, *address = NULL;
	unsigned int flags;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa) ||
	    (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6))
		return false;
	mnl_attr_for_each(attr, nlh, sizeof(*ifa)) {
		if (mnl_attr_get_type(attr) == IFA_LOCAL)
			local = attr;
		else if (mnl_attr_get_type(attr) == IFA_ADDRESS)
			address = attr;
	}
	/* On point-to-point links IFA_ADDRESS is the peer: prefer LOCAL. */
	if (local)
		address = local;
	if (!address || mnl_attr_get_payload_len(address) <
			(ifa->ifa_family == AF_INET ? 4 : 16))
		return false;
	fill_addr(a, ifa, mnl_attr_get_payload(address));
	flags = link_flags(r, (int)ifa->ifa_index);
	a->up = flags & IFF_UP;
	a->loopback = flags & IFF_LOOPBACK;
	*ret_index = (int)ifa->ifa_index;
	return true;
}

/* Room for one more address (and its link, when following). */
static bool grow_addrs(struct rtnl *r)
{
	int *bigger;

	if (!grow(&r->addrs, sizeof(*r->addrs), r->n_addrs, &r->cap_addrs,
		  RTNL_ADDRS_MAX))
		return false;
	if (!r->follows || r->cap_index >= r->cap_addrs)
		return true;
	bigger = realloc(r->addr_index, r->cap_addrs * sizeof(*bigger));
	if (!bigger)
		return false;
	r->addr_index = bigger;
	r->cap_index = r->cap_addrs;
	return true;
}

static void remove_addr_at(struct rtnl *r, size_t i)
{
	r->n_addrs--;
	r->addrs[i] = r->addrs[r->n_addrs];
	r->addr_index[i] = r->addr_index[r->n_addrs];
}

/* The same address on the same link (its flags may differ). */
static ssize_t find_addr(const struct rtnl *r, const struct pm_ifaddr *a,
			 int index)
{
	size_t i;

	for (i = 0; i < r->n_addrs; i++)
		if (r->addr_index[i] == index &&
		    r->addrs[i].prefixlen == a->prefixlen &&
		    memcmp(&r->addrs[i].addr, &a->addr, sizeof(a->addr)) == 0)
			return (ssize_t)i;
	return -1;
}

/* Add @a on link @index; when following, in place of the same address
 * (a notification may come before the dump that lists it). */
static void add_addr(struct rtnl *r, const struct pm_ifaddr *a, int index)
{
	ssize_t i = r->follows ? find_addr(r, a, index) : -1;

	if (i >= 0)
		remove_addr_at(r, (size_t)i);
	if (!grow_addrs(r))
		return;
	if (r->follows)
		r->addr_index[r->n_addrs] = index;
	r->addrs[r->n_addrs++] = *a;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rtnl *r = data;
	struct pm_ifaddr a;
	int index;

	if (is_notification(r, nlh) || nlh->nlmsg_type != RTM_NEWADDR ||
	    !parse_addr(r, nlh, &a, &index))
		return MNL_CB_OK;
	add_addr(r, &a, index);
	return MNL_CB_OK;
}

/* A link's flags changed: so did its addresses' up and loopback; a link
 * gone takes its addresses along. */
static void follow_link(struct rtnl *r, int index, unsigned int flags,
			bool gone)
{
	struct link_flags *l = find_link(r, index);
	size_t i = 0;

	if (!gone)
		set_link(r, index, flags);
	else if (l)
		*l = r->links[--r->n_links];
	while (i < r->n_addrs) {
		if (r->addr_index[i] != index) {
			i++;
		} else if (gone) {
			remove_addr_at(r, i);
		} else {
			r->addrs[i].up = flags & IFF_UP;
			r->addrs[i].loopback = flags & IFF_LOOPBACK;
			i++;
		}
	}
}

/* Apply one notification to the lists, as a dump now would show them. */
static int follow(struct rtnl *r, const struct nlmsghdr *nlh)
{
	const struct ifinfomsg *ifi = report_link(r, nlh);
	struct pm_ifaddr a;
	ssize_t i;
	int index;

	if (ifi) {
		follow_link(r, ifi->ifi_index, ifi->ifi_flags,
			    nlh->nlmsg_type == RTM_DELLINK);
		return MNL_CB_OK;
	}
	if ((nlh->nlmsg_type != RTM_NEWADDR &&
	     nlh->nlmsg_type != RTM_DELADDR) ||
	    !parse_addr(r, nlh, &a, &index))
		return MNL_CB_OK;
	if (nlh->nlmsg_type == RTM_NEWADDR) {
		add_addr(r, &a, index);
		return MNL_CB_OK;
	}
	i = find_addr(r, &a, index);
	if (i >= 0)
		remove_addr_at(r, (size_t)i);
	return MNL_CB_OK;
}

int rtnl_parse(struct rtnl *r, enum rtnl_msgs kind, const void *buf,
	       size_t len)
{
	static const mnl_cb_t parsers[] = {
		[RTNL_NOTICES] = notice_cb,
		[RTNL_LINK_DUMP] = link_cb,
		[RTNL_ADDR_DUMP] = addr_cb,
	};

	if (!nlmsg_lengths_ok(buf, len)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return mnl_cb_run(buf, len, 0, 0, parsers[kind], r);
}

/* One dump request and its answer.  libmnl's sequence checks are off
 * (seq 0) so that a notification in the middle does not cut the dump
 * short; the callbacks skip those.  Links come without their statistics:
 * only index and flags are read, and filling in the counters of every
 * CPU is most of what a link costs the kernel, once per namespace
 * attached. */
static int dump(struct rtnl *r, uint16_t type, enum rtnl_msgs kind)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;
	struct rtgenmsg *g;
	int n, ret;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++r->seq;
	if (type == RTM_GETLINK) {
		ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
		ifi->ifi_family = AF_UNSPEC;
		mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	} else {
		g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
		g->rtgen_family = AF_UNSPEC;
	}
	if (mnl_socket_sendto(r->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = (int)mnl_socket_recvfrom(r->nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = rtnl_parse(r, kind, buf, (size_t)n);
	} while (ret == MNL_CB_OK);
	return ret == MNL_CB_STOP ? 0 : -errno;
}

static int scan_links(struct rtnl *r)
{
	r->n_links = 0;
	return dump(r, RTM_GETLINK, RTNL_LINK_DUMP);
}

int rtnl_scan_links(struct rtnl *r)
{
	size_t i;
	int ret;

	if (r->follows) {
		for (i = 0; i < r->n_links; i++)
			r->on_link(r->links[i].index, r->links[i].flags,
				   r->arg);
		return 0;
	}
	ret = scan_links(r);

	/* The address list must be built from the same link list. */
	r->dirty = true;
	return ret;
}

int rtnl_ifaddrs(struct rtnl *r, const struct pm_ifaddr **ret_v,
		 size_t *ret_n)
{
	int ret = 0;

	if (r->dirty && !r->follows) {
		r->dirty = false;
		r->n_addrs = 0;
		ret = scan_links(r);
		if (ret == 0)
			ret = dump(r, RTM_GETADDR, RTNL_ADDR_DUMP);
		if (ret < 0)
			r->dirty = true;
	}
	*ret_v = r->addrs;
	*ret_n = r->n_addrs;
	return ret;
}

struct rtnl *rtnl_follower_new(rtnl_link_fn on_link, void *arg)
{
	struct rtnl *r = rtnl_parser_new(on_link, arg);

	if (r)
		r->follows = true;
	return r;
}

int rtnl_dump_from(struct rtnl *r, int fd)
{
	int ret;

	r->nl = mnl_socket_fdopen(fd);
	if (!r->nl) {
		close(fd);
		return -ENOMEM;
	}
	r->n_addrs = 0;
	ret = scan_links(r);
	if (ret == 0)
		ret = dump(r, RTM_GETADDR, RTNL_ADDR_DUMP);
	mnl_socket_close(r->nl);
	r->nl = NULL;
	return ret;
}

struct rtnl_all {
	struct mnl_socket *nl;
	struct event *ev;
	rtnl_find_fn find;
	rtnl_lost_fn lost;
	void *arg;
};

/* One notification datagram, to the namespace its NSID names; false when
 * there is none to read.  Sets *@lost if some were lost. */
static bool all_read_one(struct rtnl_all *a, bool *lost)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct sockaddr_nl from;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = &control, .msg_controllen = sizeof(control),
	};
	struct cmsghdr *cm;
	struct rtnl *r;
	int nsid = RTNL_NSID_SELF;
	ssize_t n = recvmsg(mnl_socket_get_fd(a->nl), &msg, MSG_DONTWAIT);

	if (n < 0 && errno == ENOBUFS)
		*lost = true;
	if (n <= 0)
		return n < 0 && errno == ENOBUFS;
	if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
		*lost = true;
		return true;
	}
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
		if (cm->cmsg_level == SOL_NETLINK &&
		    cm->cmsg_type == NETLINK_LISTEN_ALL_NSID)
			memcpy(&nsid, CMSG_DATA(cm), sizeof(nsid));
	/* only the kernel speaks here */
	if (from.nl_pid == 0 && nsid != RTNL_NSID_NONE &&
	    (r = a->find(nsid, a->arg)))
		rtnl_parse(r, RTNL_NOTICES, buf, (size_t)n);
	return true;
}

static void all_drain(struct rtnl_all *a)
{
	bool lost = false;

	while (all_read_one(a, &lost))
		;
	if (lost)
		a->lost(a->arg);
}

static void all_read(evutil_socket_t fd, short what, void *arg)
{
	all_drain(arg);
}

struct rtnl_all *rtnl_all_new(struct event_base *base, int fd,
			      rtnl_find_fn find, rtnl_lost_fn lost, void *arg)
{
	struct rtnl_all *a = calloc(1, sizeof(*a));

	if (!a) {
		close(fd);
		return NULL;
	}
	a->find = find;
	a->lost = lost;
	a->arg = arg;
	a->nl = mnl_socket_fdopen(fd);
	if (!a->nl) {
		close(fd);
		free(a);
		return NULL;
	}
	a->ev = event_new(base, fd, EV_READ | EV_PERSIST, all_read, a);
	if (!a->ev || event_add(a->ev, NULL) < 0) {
		rtnl_all_free(a);
		return NULL;
	}
	return a;
}

void rtnl_all_drain(struct rtnl_all *a)
{
	all_drain(a);
}

void rtnl_all_free(struct rtnl_all *a)
{
	if (!a)
		return;
	if (a->ev)
		event_free(a->ev);
	mnl_socket_close(a->nl);
	free(a);
}
