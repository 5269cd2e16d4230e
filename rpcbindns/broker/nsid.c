/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nsid.c - NSID events and assignment over rtnetlink.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <event2/event.h>

#include "log.h"
#include "netns.h"
#include "nsid.h"
#include "nlmsg.h"

#define NSID_ALLOCATE	-1	/* "kernel, pick one" */

/* Where requests go: a batch's thread has its own. */
struct requester {
	struct mnl_socket *nl;
	unsigned int seq;
};

struct nsid {
	struct mnl_socket *events;	/* RTNLGRP_NSID */
	struct requester req;
	struct event *ev;
	nsid_trigger_fn trigger;
	void *arg;
	/* NSIDs we assigned whose RTM_NEWNSID has not come back yet: our
	 * own echo is no reason to rescan (thousands at start). */
	uint64_t *own;
	size_t own_words;
	bool news;			/* in this wake-up's events */
};

static void own_add(struct nsid *n, int32_t id)
{
	size_t word = (size_t)id / 64;

	if (word >= n->own_words) {
		size_t words = 2 * word + 1;
		uint64_t *v = realloc(n->own, words * sizeof(*v));

		if (!v)
			return;		/* its echo will rescan: harmless */
		memset(v + n->own_words, 0,
		       (words - n->own_words) * sizeof(*v));
		n->own = v;
		n->own_words = words;
	}
	n->own[word] |= 1ull << (id % 64);
}

/* Was @id ours?  Then forget it: only its first echo is ours. */
static bool own_take(struct nsid *n, int32_t id)
{
	size_t word = (size_t)id / 64;
	uint64_t bit = 1ull << (id % 64);

	if (id < 0 || word >= n->own_words || !(n->own[word] & bit))
		return false;
	n->own[word] &= ~bit;
	return true;
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nsid *n = data;
	const struct nlattr *attr;
	int32_t id = -1;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct rtgenmsg))
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, sizeof(struct rtgenmsg))
		if (mnl_attr_get_type(attr) == NETNSA_NSID &&
		    mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			id = (int32_t)mnl_attr_get_u32(attr);
	if (nlh->nlmsg_type == RTM_NEWNSID && own_take(n, id))
		return MNL_CB_OK;
	log_debug("%s nsid %d", nlh->nlmsg_type == RTM_NEWNSID ?
		  "new" : "deleted", id);
	n->news = true;
	return MNL_CB_OK;
}

/*
 * Every wake-up triggers one rescan, and a rescan looks at every
 * namespace, so events lost to an overrun (ENOBUFS) cost nothing more:
 * read on past it, so that the rescan comes after all that is queued.
 */
static void nsid_read(evutil_socket_t fd, short what, void *arg)
{
	struct nsid *n = arg;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	ssize_t len;

	n->news = false;
	while ((len = recv(fd, buf, sizeof(buf), 0)) > 0 || errno == ENOBUFS) {
		if (len < 0) {
			log_debug("NSID events overran the socket, rescanning");
			n->news = true;
		} else if (nlmsg_lengths_ok(buf, (size_t)len)) {
			mnl_cb_run(buf, (size_t)len, 0, 0, event_cb, n);
		}
	}
	if (n->news)
		n->trigger(n->arg);
}

/* @group 0: the request socket, blocking with a short receive timeout
 * (the kernel acks in the same system call it handles the request). */
static struct mnl_socket *open_socket(unsigned int group)
{
	struct timeval tv = { 1, 0 };
	struct mnl_socket *nl;

	nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC |
			      (group ? SOCK_NONBLOCK : 0));
	if (!nl)
		return NULL;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    (group && mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP,
					    &group, sizeof(group)) < 0) ||
	    (!group && setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET,
				  SO_RCVTIMEO, &tv, sizeof(tv)) < 0)) {
		mnl_socket_close(nl);
		return NULL;
	}
	return nl;
}

struct nsid *nsid_new(struct event_base *base, nsid_trigger_fn trigger,
		      void *arg)
{
	struct nsid *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->trigger = trigger;
	n->arg = arg;
	n->events = open_socket(RTNLGRP_NSID);
	n->req.nl = open_socket(0);
	if (!n->events || !n->req.nl)
		goto err;
	n->ev = event_new(base, mnl_socket_get_fd(n->events),
			  EV_READ | EV_PERSIST, nsid_read, n);
	if (!n->ev || event_add(n->ev, NULL) < 0)
		goto err;
	return n;
err:
	log_warn("cannot listen to NSID events, ignoring");
	nsid_free(n);
	return NULL;
}

void nsid_free(struct nsid *n)
{
	if (!n)
		return;
	if (n->ev)
		event_free(n->ev);
	if (n->events)
		mnl_socket_close(n->events);
	if (n->req.nl)
		mnl_socket_close(n->req.nl);
	free(n->own);
	free(n);
}

/* An RTM_NEWNSID or RTM_GETNSID request about the namespace of @nsfd. */
static struct nlmsghdr *put_request(struct requester *r, char *buf,
				    uint16_t type, int nsfd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtgenmsg *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++r->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)nsfd);
	return nlh;
}

static int nsid_attr_cb(const struct nlattr *attr, void *data)
{
	int32_t *nsid = data;

	if (mnl_attr_get_type(attr) == NETNSA_NSID &&
	    mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
		*nsid = (int32_t)mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int nsid_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWNSID)
		mnl_attr_parse(nlh, sizeof(struct rtgenmsg), nsid_attr_cb,
			       data);
	return MNL_CB_OK;
}

/* The NSID RTM_GETNSID reports for @nsfd, or -1. */
static int get_nsid(struct requester *r, int nsfd)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = put_request(r, buf, RTM_GETNSID, nsfd);
	unsigned int seq = nlh->nlmsg_seq;
	int32_t nsid = -1;
	ssize_t len;

	nlh->nlmsg_flags = NLM_F_REQUEST;
	if (mnl_socket_sendto(r->nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	len = mnl_socket_recvfrom(r->nl, buf, sizeof(buf));
	if (len > 0 && nlmsg_lengths_ok(buf, (size_t)len))
		mnl_cb_run(buf, (size_t)len, seq, mnl_socket_get_portid(r->nl),
			   nsid_msg_cb, &nsid);
	return nsid < 0 ? -1 : nsid;
}

/*
 * The NSID the kernel echoes (NLM_F_ECHO: Linux 5.5) before its ack of
 * RTM_NEWNSID: one round trip where asking with RTM_GETNSID takes a
 * second, and each costs the kernel a walk over every NSID it knows
 * here (thousands at start).  -1: not echoed; -EEXIST: refused, as a
 * namespace that has an NSID already is; -EIO: no answer.
 */
static int read_echo(struct requester *r, unsigned int seq)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int32_t nsid = -1;
	ssize_t len;
	int ret;

	do {
		len = mnl_socket_recvfrom(r->nl, buf, sizeof(buf));
		if (len <= 0 || !nlmsg_lengths_ok(buf, (size_t)len))
			return -EIO;
		ret = mnl_cb_run(buf, (size_t)len, seq,
				 mnl_socket_get_portid(r->nl), nsid_msg_cb,
				 &nsid);
	} while (ret == MNL_CB_OK);
	if (ret < 0)
		return errno == EEXIST ? -EEXIST : -EIO;
	return nsid;
}

/* The NSID of @nsfd's namespace, given now if it had none; -1 if none. */
static int assign(struct requester *r, int nsfd)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = put_request(r, buf, RTM_NEWNSID, nsfd);
	int id;

	nlh->nlmsg_flags |= NLM_F_ECHO;
	mnl_attr_put_u32(nlh, NETNSA_NSID, (uint32_t)NSID_ALLOCATE);
	if (mnl_socket_sendto(r->nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	id = read_echo(r, nlh->nlmsg_seq);
	if (id == -EEXIST)
		return get_nsid(r, nsfd);	/* it had one */
	if (id == -1)
		id = get_nsid(r, nsfd);		/* a kernel that echoes not */
	return id < 0 ? -1 : id;
}

int nsid_assign(struct nsid *n, int nsfd)
{
	int id;

	if (!n)
		return -1;
	id = assign(&n->req, nsfd);
	if (id >= 0)
		own_add(n, id);
	return id;
}

/* ---- many at once ---------------------------------------------------- */

struct batch_result {
	int32_t id;			/* -1: none */
	ino_t ino;			/* of the namespace numbered */
};

/*
 * The thread opens each path itself and notes which namespace it
 * numbered: between the rescan and the attach a name may come to mean
 * another.  It logs nothing and touches nothing of the main thread's but
 * what the lock guards.
 */
struct nsid_batch {
	struct nsid *n;
	struct requester req;
	const char **paths;
	size_t count;
	struct batch_result *results;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t done_more;
	size_t done;			/* results filled */
	bool stop;
};

static void *batch_run(void *arg)
{
	struct nsid_batch *b = arg;
	bool stop = false;
	size_t i;

	for (i = 0; i < b->count && !stop; i++) {
		struct batch_result r = { .id = -1 };
		int fd = pm_netns_open_path(b->paths[i]);

		if (fd >= 0) {
			if (pm_netns_inode(fd, &r.ino) == 0)
				r.id = assign(&b->req, fd);
			close(fd);
		}
		pthread_mutex_lock(&b->lock);
		b->results[i] = r;
		b->done = i + 1;
		stop = b->stop;
		pthread_cond_signal(&b->done_more);
		pthread_mutex_unlock(&b->lock);
	}
	return NULL;
}

static void batch_free(struct nsid_batch *b)
{
	if (b->req.nl)
		mnl_socket_close(b->req.nl);
	free(b->paths);
	free(b->results);
	free(b);
}

struct nsid_batch *nsid_batch_start(struct nsid *n, const char *const *paths,
				    size_t count)
{
	struct nsid_batch *b;
	sigset_t all, old;
	int r;

	if (!n || !count)
		return NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->n = n;
	b->count = count;
	b->req.nl = open_socket(0);
	b->paths = malloc(count * sizeof(*b->paths));
	b->results = calloc(count, sizeof(*b->results));
	if (!b->req.nl || !b->paths || !b->results) {
		batch_free(b);
		return NULL;
	}
	memcpy(b->paths, paths, count * sizeof(*paths));
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->done_more, NULL);
	/* signals are the event loop's, on the main thread */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = pthread_create(&b->thread, NULL, batch_run, b);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r != 0) {
		pthread_cond_destroy(&b->done_more);
		pthread_mutex_destroy(&b->lock);
		batch_free(b);
		return NULL;
	}
	return b;
}

int nsid_batch_take(struct nsid_batch *b, size_t i, ino_t ino)
{
	struct batch_result r;

	if (!b || i >= b->count)
		return -1;
	pthread_mutex_lock(&b->lock);
	while (b->done <= i)
		pthread_cond_wait(&b->done_more, &b->lock);
	r = b->results[i];
	pthread_mutex_unlock(&b->lock);
	return r.ino == ino ? r.id : -1;
}

void nsid_batch_end(struct nsid_batch *b)
{
	size_t i;

	if (!b)
		return;
	pthread_mutex_lock(&b->lock);
	b->stop = true;
	pthread_mutex_unlock(&b->lock);
	pthread_join(b->thread, NULL);
	/* their echoes are no news, taken or not */
	for (i = 0; i < b->done; i++)
		if (b->results[i].id >= 0)
			own_add(b->n, b->results[i].id);
	pthread_cond_destroy(&b->done_more);
	pthread_mutex_destroy(&b->lock);
	batch_free(b);
}
