/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * conn.c - TCP and AF_LOCAL connections: accept, caps, record marking,
 * timeouts, back-pressure.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <event2/buffer.h>
#include <event2/event.h>

#include "admin.h"
#include "conn.h"
#include "fault.h"
#include "log.h"
#include "recmark.h"
#include "uaddr.h"

#define STREAM_REPLY_MAX	(256 * 1024)	/* DUMP of a full table */
#define OUTPUT_HIGH		(512 * 1024)	/* stop reading above this */
#define STAGE_MAX		(64 * 1024)	/* replies sent together */
#define READ_MAX		(64 * 1024)	/* taken by one read() */
#define ACCEPT_BATCH		16
#define ACCEPT_PAUSE_MS		100

/*
 * The I/O is our own, not a bufferevent's: one read() into a buffer
 * shared by every connection (a bufferevent asks FIONREAD first and
 * allocates per read), one send() of the replies, and a queue only for
 * what the socket does not take.
 */
struct conn {
	TAILQ_ENTRY(conn) entry;	/* ns->conns, least recently used first */
	struct nsctx *ns;
	int fd;
	struct event *read_ev;		/* persistent; not while paused */
	struct event *write_ev;		/* while @out holds bytes */
	struct evbuffer *out;		/* what the socket did not take, or NULL */
	bool paused;			/* until @out is written */
	uint8_t *held;			/* read but not served while paused */
	size_t held_len;
	struct event *deadline_ev;	/* for the record being received */
	enum conn_pool pool;
	const char *netid;
	struct sockaddr_storage peer;
	socklen_t peer_len;
	struct sockaddr_storage local;
	socklen_t local_len;
	bool has_uid;
	uid_t uid;
	bool admin;			/* on the admin socket */
	uint32_t vs;			/* accepted on a VS's listener */
	struct admin_peer admin_peer;
	struct pm_recmark rm;
};

static void conn_free(struct conn *c)
{
	struct nsctx *ns = c->ns;

	TAILQ_REMOVE(&ns->conns, c, entry);
	ns->nconns[c->pool]--;
	ns->d->nconns[c->pool]--;
	event_free(c->deadline_ev);
	event_free(c->read_ev);
	event_free(c->write_ev);
	if (c->out)
		evbuffer_free(c->out);
	free(c->held);
	close(c->fd);
	pm_recmark_done(&c->rm);
	free(c);
}

static size_t queued(const struct conn *c)
{
	return c->out ? evbuffer_get_length(c->out) : 0;
}

void conn_close_all(struct nsctx *ns)
{
	while (!TAILQ_EMPTY(&ns->conns))
		conn_free(TAILQ_FIRST(&ns->conns));
}

void conn_close_vs(struct nsctx *ns, uint32_t vs)
{
	struct conn *c, *next;

	for (c = TAILQ_FIRST(&ns->conns); c; c = next) {
		next = TAILQ_NEXT(c, entry);
		if (c->vs == vs)
			conn_free(c);
	}
}

static bool conn_is_busy(const struct conn *c)
{
	return pm_recmark_is_partial(&c->rm) || queued(c) > 0;
}

static struct conn *idle_in(struct nsctx *ns, enum conn_pool pool)
{
	struct conn *c;

	TAILQ_FOREACH(c, &ns->conns, entry)
		if (c->pool == pool && !conn_is_busy(c))
			return c;
	return NULL;
}

/*
 * The least recently used idle connection of @pool in @ns, or in any
 * namespace when the daemon-wide cap is the one reached.
 */
static struct conn *eviction_victim(struct daemon *d, struct nsctx *ns,
				    enum conn_pool pool)
{
	struct nsctx *other;
	struct conn *c = idle_in(ns, pool);

	if (c || d->nconns[pool] < d->opt.max_conns)
		return c;
	TAILQ_FOREACH(other, &d->namespaces, entry)
		if ((c = idle_in(other, pool)))
			return c;
	return NULL;
}

/*
 * Make room for one more connection of @pool in @ns; false if none can be
 * made.  Only a connection of the same pool makes way.
 */
static bool make_room(struct nsctx *ns, enum conn_pool pool)
{
	static struct log_rate rate;
	struct daemon *d = ns->d;
	struct conn *victim;

	if (ns->nconns[pool] < d->opt.max_conns_per_ns &&
	    d->nconns[pool] < d->opt.max_conns)
		return true;
	victim = eviction_victim(d, ns, pool);
	log_warnx_rate(&rate, NS_FMT "connection limit reached, %s",
		       NS_ARGS(ns), victim ? "closing the least recently "
		       "used one" : "refusing a new one");
	if (!victim)
		return false;
	conn_free(victim);
	return true;
}

static struct timeval idle_timeout(const struct conn *c)
{
	return (struct timeval){ c->ns->d->opt.idle_timeout, 0 };
}

/*
 * Reading, with an IP connection's idle timeout (libevent restarts it on
 * every read of the persistent event).
 */
static int read_resume(struct conn *c)
{
	struct timeval idle = idle_timeout(c);

	return event_add(c->read_ev, c->pool == CONN_LOCAL ? NULL : &idle);
}

/*
 * A started record must be finished within the partial timeout of its
 * first byte.  The deadline is armed once per record, not by each byte
 * like the read timeout: a byte a second would hold the slot for ever.
 */
static void arm_deadline(struct conn *c)
{
	struct timeval partial = { c->ns->d->opt.partial_timeout, 0 };

	if (pm_recmark_is_partial(&c->rm) &&
	    !evtimer_pending(c->deadline_ev, NULL))
		evtimer_add(c->deadline_ev, &partial);
}

static void conn_deadline(evutil_socket_t fd, short what, void *arg)
{
	static struct log_rate rate;
	struct conn *c = arg;

	c->ns->dropped++;
	log_warnx_rate(&rate, NS_FMT "closing a %s connection: record not "
		       "finished within %u s", NS_ARGS(c->ns), c->netid,
		       c->ns->d->opt.partial_timeout);
	conn_free(c);
}

/*
 * Wait for room in the socket (conn_writable()) within the idle timeout:
 * a client that reads nothing goes.
 */
static int write_wait(struct conn *c)
{
	struct timeval idle = idle_timeout(c);

	if (event_pending(c->write_ev, EV_WRITE, NULL))
		return 0;
	return event_add(c->write_ev, &idle);
}

/* Send at once what nothing queued precedes; queue what the socket does
 * not take, to be written when it has room. */
static bool send_or_queue(struct conn *c, const uint8_t *buf, size_t len)
{
	ssize_t n = 0;

	if (queued(c) == 0) {
		n = send(c->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR)
			return false;
		if (n < 0)
			n = 0;
	}
	if ((size_t)n == len)
		return true;
	if (!c->out && !(c->out = evbuffer_new()))
		return false;
	return evbuffer_add(c->out, buf + n, len - (size_t)n) == 0 &&
	       write_wait(c) == 0;
}

/*
 * The replies to the records of one read go out together when it is
 * done (stage_flush()): a client with calls in flight gets one send()
 * and one segment instead of one per reply, and their changes one write.
 */
static struct {
	uint8_t buf[STAGE_MAX];
	size_t len;
} stage;

static bool stage_flush(struct conn *c)
{
	bool ok;

	c->ns->d->on->commit(c->ns->d);
	ok = stage.len == 0 || send_or_queue(c, stage.buf, stage.len);

	stage.len = 0;
	return ok;
}

static bool conn_write(struct conn *c, const uint8_t *buf, size_t len)
{
	if (len > sizeof(stage.buf) - stage.len && !stage_flush(c))
		return false;
	if (len > sizeof(stage.buf))
		return send_or_queue(c, buf, len);
	memcpy(stage.buf + stage.len, buf, len);
	stage.len += len;
	return true;
}

/* An admin call; the reply is framed into @out like any other. */
static int handle_admin(struct conn *c, const void *rec, size_t len,
			uint8_t *out, size_t cap)
{
	return c->ns->d->on->admin(c->ns->d, &c->admin_peer, rec, len, out,
				  cap);
}

/* Answer one record; false if the connection must close. */
static bool handle_record(struct conn *c, const void *rec, size_t len)
{
	static uint8_t out[4 + ADMIN_RECORD_MAX];
	struct pm_caller caller = {
		.netid = c->netid,
		.peer = (struct sockaddr *)&c->peer, .peer_len = c->peer_len,
		.local = c->local_len ? (struct sockaddr *)&c->local : NULL,
		.local_len = c->local_len,
		.has_uid = c->has_uid, .uid = c->uid,
		.vs = c->vs,
	};
	int r = c->admin ?
		handle_admin(c, rec, len, out + 4, ADMIN_RECORD_MAX) :
		c->ns->d->on->request(c->ns, &caller, rec, len, out + 4,
			      STREAM_REPLY_MAX, NULL);

	if (r == -EBADMSG)
		return false;	/* not RPC: nothing sensible follows */
	if (r <= 0)
		return true;
	r = pm_recmark_frame(out, sizeof(out), out + 4, (size_t)r);
	return r > 0 && conn_write(c, out, (size_t)r);
}

/*
 * Keep @len bytes at @buf, read but not served: the client does not read
 * its replies, and reading waits until it has (conn_writable()).
 */
static bool pause_reading(struct conn *c, const uint8_t *buf, size_t len)
{
	event_del(c->read_ev);
	c->paused = true;
	if (!len)
		return true;
	c->held = malloc(len);
	if (!c->held)
		return false;
	memcpy(c->held, buf, len);
	c->held_len = len;
	return true;
}

/*
 * Serve the records in @buf, the replies staged and sent together after
 * one commit; false if the connection must close.  Above OUTPUT_HIGH
 * queued, the rest waits (pause_reading()).
 */
static bool serve_bytes(struct conn *c, const uint8_t *buf, size_t len)
{
	static struct log_rate rate;
	const void *rec;
	size_t rec_len;
	ssize_t n;
	bool ok = true;

	while (len) {
		n = pm_recmark_feed(&c->rm, buf, len, &rec, &rec_len);
		if (n < 0) {
			log_warnx_rate(&rate, NS_FMT "closing a %s connection: "
				       "%s", NS_ARGS(c->ns), c->netid,
				       n == -EMSGSIZE ? "record too large" :
				       "out of memory");
			ok = false;
			break;
		}
		buf += n;
		len -= (size_t)n;
		if (!rec)
			continue;
		evtimer_del(c->deadline_ev);
		if (!(ok = handle_record(c, rec, rec_len)))
			break;
		if (queued(c) > OUTPUT_HIGH) {
			ok = pause_reading(c, buf, len);
			break;
		}
	}
	/* a connection that closes still commits what it changed */
	if (!ok)
		stage.len = 0;
	if (!stage_flush(c) || !ok)
		return false;
	arm_deadline(c);
	/* Most recently used goes last: eviction takes from the front. */
	TAILQ_REMOVE(&c->ns->conns, c, entry);
	TAILQ_INSERT_TAIL(&c->ns->conns, c, entry);
	return true;
}

static void conn_readable(evutil_socket_t fd, short what, void *arg)
{
	static uint8_t buf[READ_MAX];
	struct conn *c = arg;
	ssize_t n;

	if (what & EV_TIMEOUT) {
		log_debug(NS_FMT "closing an idle %s connection",
			  NS_ARGS(c->ns), c->netid);
		conn_free(c);
		return;
	}
	n = read(fd, buf, sizeof(buf));
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		      errno == EINTR))
		return;
	/* end of stream or an error: nothing more can be answered */
	if (n <= 0 || !serve_bytes(c, buf, (size_t)n))
		conn_free(c);
}

/* Room in the socket: write what is queued; once all is out, serve what
 * was held and read again. */
static void conn_writable(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	uint8_t *held;
	size_t held_len;
	bool ok;

	if (what & EV_TIMEOUT) {
		log_debug(NS_FMT "closing a %s connection whose client reads "
			  "no replies", NS_ARGS(c->ns), c->netid);
		conn_free(c);
		return;
	}
	if (evbuffer_write(c->out, fd) < 0 && errno != EAGAIN &&
	    errno != EWOULDBLOCK && errno != EINTR) {
		conn_free(c);
		return;
	}
	if (queued(c) > 0)
		return;
	event_del(c->write_ev);
	if (!c->paused)
		return;
	c->paused = false;
	held = c->held;
	held_len = c->held_len;
	c->held = NULL;
	c->held_len = 0;
	ok = serve_bytes(c, held, held_len);
	free(held);
	if (!ok || (!c->paused && read_resume(c) < 0))
		conn_free(c);
}

/* Who is at the other end, and which of our addresses it reached (plain
 * IPv4 for an IPv4 peer of a dual-stack endpoint). */
static void peer_identity(struct conn *c, int fd)
{
	struct sockaddr_storage local;
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (c->peer.ss_family == AF_UNIX) {
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) {
			c->has_uid = true;
			c->uid = cred.uid;
		}
		if (c->admin)
			admin_peer_from(fd, &c->admin_peer);
		return;
	}
	c->local_len = sizeof(local);
	if (getsockname(fd, (struct sockaddr *)&local, &c->local_len) < 0 ||
	    pm_addr_unmap((struct sockaddr *)&local, c->local_len, &c->local,
			  &c->local_len) < 0)
		c->local_len = 0;
}

/*
 * The namespace a caller belongs to.  An accepted AF_LOCAL socket lives
 * in the client's network namespace, so its cookie names the caller's
 * namespace exactly, also when it reached the host's filesystem socket
 * from another namespace: it registers in its own table.  Callers from
 * namespaces we do not serve stay with the endpoint's, as with rpcbind.
 */
static struct nsctx *caller_ns(struct endpoint *ep, int fd)
{
	socklen_t len = sizeof(uint64_t);
	struct nsctx *ns;
	uint64_t cookie;

	if (ep->family != AF_UNIX || ep->kind == EP_ADMIN ||
	    getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) < 0 ||
	    cookie == ep->ns->cookie)
		return ep->ns;
	ns = ep->ns->d->on->find_ns(ep->ns->d, cookie);
	return ns ? ns : ep->ns;
}

/* @netid and @peer as the caller is seen: see conn_accept(). */
static int conn_new(struct endpoint *ep, int fd, const char *netid,
		    const struct sockaddr_storage *peer, socklen_t peer_len)
{
	struct nsctx *ns = caller_ns(ep, fd);
	enum conn_pool pool = ep->family == AF_UNIX ? CONN_LOCAL : CONN_IP;
	struct conn *c = fault_inject(FAULT_CONN_ALLOC) ? NULL :
			 calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	if (!make_room(ns, pool)) {
		free(c);
		return -ENOSPC;
	}
	c->deadline_ev = evtimer_new(ns->d->base, conn_deadline, c);
	if (!c->deadline_ev)
		goto err_free;
	c->read_ev = event_new(ns->d->base, fd, EV_READ | EV_PERSIST,
			       conn_readable, c);
	c->write_ev = event_new(ns->d->base, fd, EV_WRITE | EV_PERSIST,
				conn_writable, c);
	if (!c->read_ev || !c->write_ev)
		goto err_free_events;
	c->ns = ns;
	c->fd = fd;
	c->pool = pool;
	c->netid = netid;
	c->admin = ep->kind == EP_ADMIN;
	c->vs = ep->vs;
	c->peer = *peer;
	c->peer_len = peer_len;
	peer_identity(c, fd);
	pm_recmark_init(&c->rm, c->admin ? ADMIN_RECORD_MAX : STREAM_RECORD_MAX);
	if (read_resume(c) < 0)
		goto err_free_events;
	TAILQ_INSERT_TAIL(&ns->conns, c, entry);
	ns->nconns[pool]++;
	ns->d->nconns[pool]++;
	return 0;

err_free_events:
	if (c->read_ev)
		event_free(c->read_ev);
	if (c->write_ev)
		event_free(c->write_ev);
	event_free(c->deadline_ev);
err_free:
	free(c);
	return -ENOMEM;
}

static void accept_resume(evutil_socket_t fd, short what, void *arg)
{
	struct endpoint *ep = arg;

	event_add(ep->ev, NULL);
}

/* Out of file descriptors: stop accepting briefly instead of spinning. */
static void accept_pause(struct endpoint *ep)
{
	static struct log_rate rate;
	struct timeval tv = { 0, ACCEPT_PAUSE_MS * 1000 };

	log_warnx_rate(&rate, NS_FMT "out of file descriptors, pausing "
		       "accept on %s", NS_ARGS(ep->ns), ep->netid);
	if (!ep->resume_ev)
		ep->resume_ev = evtimer_new(ep->ns->d->base, accept_resume, ep);
	if (!ep->resume_ev)
		return;
	event_del(ep->ev);
	evtimer_add(ep->resume_ev, &tv);
}

void conn_accept(evutil_socket_t lfd, short what, void *arg)
{
	static struct log_rate rate;
	struct endpoint *ep = arg;
	struct sockaddr_storage peer, caller;
	socklen_t len, caller_len;
	const char *netid;
	int i, fd, r;

	for (i = 0; i < ACCEPT_BATCH; i++) {
		len = sizeof(peer);
		fd = accept4(lfd, (struct sockaddr *)&peer, &len,
			     SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE)
				accept_pause(ep);
			return;
		}
		if (peer.ss_family == AF_UNIX || len == 0) {
			peer.ss_family = AF_UNIX;
			len = sizeof(sa_family_t);
		}
		/* An IPv4 peer of a dual-stack endpoint is a "tcp" caller
		 * with a plain IPv4 address, as on an AF_INET socket;
		 * accept4() kept @len within @peer, so this cannot fail. */
		netid = pm_addr_netid(ep->netid, (struct sockaddr *)&peer, len);
		pm_addr_unmap((struct sockaddr *)&peer, len, &caller,
			      &caller_len);
		r = conn_new(ep, fd, netid, &caller, caller_len);
		if (r == -ENOMEM)
			log_warnx_rate(&rate, NS_FMT "out of memory, closing a "
				       "new %s connection", NS_ARGS(ep->ns),
				       netid);
		if (r < 0)
			close(fd);
	}
}
