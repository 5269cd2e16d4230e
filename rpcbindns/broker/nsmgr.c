/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nsmgr.c - discovery, attach and detach of network namespaces.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <event2/event.h>

#include "log.h"
#include "mountinfo.h"
#include "netns.h"
#include "nsid.h"
#include "broker.h"
#include "nsmgr.h"

#define MOUNTINFO		"/proc/self/mountinfo"
#define INOTIFY_BUF		4096

/* A namespace some path (a mount, a name, a process) refers to. */
struct candidate {
	ino_t ino;
	size_t order;		/* the first source that named it wins */
	char *path;
	char label[NS_LABEL_MAX];
	bool explicit;		/* --netns: the policy does not filter it */
	ssize_t batch_slot;	/* its NSID's in nsmgr.batch, or -1 */
};

struct candidates {
	struct candidate *v;
	size_t n, cap;
};

struct busy {			/* a list of namespaces by inode */
	ino_t ino;
	bool seen;
	struct busy *next;
};

struct nsmgr {
	struct broker *b;
	int inotify_fd;
	int run_netns_wd;
	struct event *inotify_ev;
	int mountinfo_fd;
	int epoll_fd;		/* libevent has no EV_PRI: wrap POLLPRI */
	struct event *mountinfo_ev;
	struct event *rescan_ev;
	struct event *sweep_ev;
	struct nsid *nsid;
	struct nsid_batch *batch;	/* during a rescan that attaches many */
	const struct candidate *attaching;
	struct busy *busy;		/* another portmapper answers there */
	struct busy *excluded;		/* detached by hand */
	struct busy *unserved;		/* an attach failed; said once */
	unsigned int waiting;		/* over the descriptor budget */
	bool said_waiting;		/* and logged so */
};

/* ---- candidates ------------------------------------------------------ */

static bool is_nsfs(const char *path, ino_t *ret_ino)
{
	struct statfs sfs;
	struct stat st;

	if (statfs(path, &sfs) < 0 || sfs.f_type != NSFS_MAGIC ||
	    stat(path, &st) < 0)
		return false;
	*ret_ino = st.st_ino;
	return true;
}

/* Duplicates are merged once all are in (merge_candidates()). */
static void add_candidate(struct candidates *c, ino_t ino, const char *path,
			  const char *label, bool explicit)
{
	struct candidate *v;

	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;

		v = realloc(c->v, cap * sizeof(*v));
		if (!v)
			return;
		c->v = v;
		c->cap = cap;
	}
	v = &c->v[c->n];
	v->path = strdup(path);
	if (!v->path)
		return;
	v->ino = ino;
	v->order = c->n++;
	v->explicit = explicit;
	v->batch_slot = -1;
	snprintf(v->label, sizeof(v->label), "%s", label);
}

static int by_ino_then_order(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Sort by inode and keep one candidate per namespace: O(n log n) even
 * with thousands of them. */
static void merge_candidates(struct candidates *c)
{
	size_t i, n = 0;

	if (c->n < 2)
		return;
	qsort(c->v, c->n, sizeof(*c->v), by_ino_then_order);
	for (i = 0; i < c->n; i++) {
		if (n && c->v[n - 1].ino == c->v[i].ino) {
			c->v[n - 1].explicit |= c->v[i].explicit;
			free(c->v[i].path);
			continue;
		}
		c->v[n++] = c->v[i];
	}
	c->n = n;
}

static void candidates_clear(struct candidates *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].path);
	free(c->v);
}

/* -errno if the directory is there but cannot be read. */
static int collect_run_netns(struct candidates *c)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dir = opendir(PM_NETNS_RUN_DIR);
	ino_t ino;

	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(dir)) != NULL) {
		if (!pm_netns_name_is_valid(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", PM_NETNS_RUN_DIR,
			 de->d_name);
		/* Right after IN_CREATE the bind mount is not there yet;
		 * the mount itself triggers the next rescan. */
		if (is_nsfs(path, &ino))
			add_candidate(c, ino, path, de->d_name, false);
	}
	closedir(dir);
	return 0;
}

/* Is @path a name collect_run_netns() looks at? */
static bool in_run_netns(const char *path)
{
	size_t len = strlen(PM_NETNS_RUN_DIR);

	return strncmp(path, PM_NETNS_RUN_DIR "/", len + 1) == 0 &&
	       pm_netns_name_is_valid(path + len + 1);
}

/* An nsfs mount anywhere, e.g. /run/docker/netns/ID; those of /run/netns
 * were seen already, unless @run_netns_failed (thousands at start, two
 * system calls each). */
static void mountinfo_line(struct candidates *c, char *line,
			   bool run_netns_failed)
{
	char *mnt;
	ino_t ino;

	if (mountinfo_net_mount(line, &mnt) &&
	    (run_netns_failed || !in_run_netns(mnt)) && is_nsfs(mnt, &ino))
		add_candidate(c, ino, mnt, mnt, false);
}

static int collect_mounts(struct candidates *c, bool run_netns_failed)
{
	FILE *f = fopen(MOUNTINFO, "re");
	char *line = NULL;
	size_t size = 0;

	if (!f)
		return -errno;
	while (getline(&line, &size, f) > 0)
		mountinfo_line(c, line, run_netns_failed);
	free(line);
	fclose(f);
	return 0;
}

/* Call @fn for each process: its pid, the path of its namespace file and
 * that namespace's inode; stop when @fn returns false.  Returns false if
 * /proc could not be read or @fn stopped the walk. */
typedef bool (*process_ns_fn)(const char *pid, const char *path, ino_t ino,
			      void *data);

static bool walk_process_namespaces(process_ns_fn fn, void *data)
{
	char path[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *dir = opendir("/proc");
	bool complete = true;

	if (!dir)
		return false;
	while (complete && (de = readdir(dir)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/ns/net", de->d_name);
		if (stat(path, &st) == 0)
			complete = fn(de->d_name, path, st.st_ino, data);
	}
	closedir(dir);
	return complete;
}

struct process_candidates {
	struct candidates *c;
	ino_t self;
};

static bool add_process(const char *pid, const char *path, ino_t ino,
			void *data)
{
	struct process_candidates *pc = data;
	char label[NS_LABEL_MAX];

	if (ino != pc->self) {
		snprintf(label, sizeof(label), "pid:%.20s", pid);
		add_candidate(pc->c, ino, path, label, false);
	}
	return true;
}

/* Opt-in: namespaces only processes hold (a sandbox per process). */
static void collect_processes(struct candidates *c, ino_t self)
{
	struct process_candidates pc = { c, self };

	walk_process_namespaces(add_process, &pc);
}

static void collect_explicit(struct candidates *c, const struct strv *specs)
{
	char path[PATH_MAX];
	size_t i;
	ino_t ino;

	for (i = 0; i < specs->n; i++) {
		const char *spec = specs->v[i];

		if (strncmp(spec, "pid:", 4) == 0)
			snprintf(path, sizeof(path), "/proc/%s/ns/net",
				 spec + 4);
		else if (spec[0] == '/')
			snprintf(path, sizeof(path), "%s", spec);
		else
			snprintf(path, sizeof(path), "%s/%s", PM_NETNS_RUN_DIR,
				 spec);
		if (is_nsfs(path, &ino))
			add_candidate(c, ino, path, spec, true);
	}
}

/* ---- attach and detach ----------------------------------------------- */

/* Patterns match the label ("pid:N"), the path or its last component
 * (the name under /run/netns). */
static bool matches(const struct strv *patterns, const struct candidate *c)
{
	const char *base = strrchr(c->path, '/');

	return strv_match(patterns, c->label) ||
	       strv_match(patterns, c->path) ||
	       strv_match(patterns, base ? base + 1 : c->path);
}

static bool policy_allows(const struct options *o, const struct candidate *c)
{
	if (c->explicit)
		return true;
	if (matches(&o->netns_deny, c))
		return false;
	return o->netns_allow.n == 0 || matches(&o->netns_allow, c);
}

static struct busy *ino_find(struct busy *list, ino_t ino)
{
	for (; list; list = list->next)
		if (list->ino == ino)
			return list;
	return NULL;
}

static void ino_add(struct busy **list, ino_t ino)
{
	struct busy *b;

	if (ino_find(*list, ino))
		return;
	b = calloc(1, sizeof(*b));
	if (!b)
		return;
	b->ino = ino;
	b->seen = true;		/* survives the prune of the current rescan */
	b->next = *list;
	*list = b;
}

static void ino_remove(struct busy **list, ino_t ino)
{
	struct busy **pp, *b;

	for (pp = list; (b = *pp) != NULL; pp = &b->next) {
		if (b->ino == ino) {
			*pp = b->next;
			free(b);
			return;
		}
	}
}

/* Entries whose namespace no rescan met any more are stale: an inode
 * is only unique while its namespace lives. */
static void ino_prune(struct busy **list)
{
	struct busy **pp = list, *b;

	while ((b = *pp) != NULL) {
		if (b->seen) {
			b->seen = false;
			pp = &b->next;
		} else {
			*pp = b->next;
			free(b);
		}
	}
}

/* Another portmapper serves @c: say so once, retry on later rescans. */
static void mark_busy(struct nsmgr *m, const struct candidate *c)
{
	if (ino_find(m->busy, c->ino))
		return;
	log_warnx("ns '%s': port %d is taken by another portmapper, "
		  "leaving this namespace alone", c->label, RPCBIND_PORT);
	ino_add(&m->busy, c->ino);
}

static void rescan_now(struct nsmgr *m);

static void process_exited(evutil_socket_t fd, short what, void *arg)
{
	rescan_now(arg);
}

/* A namespace found through a process: its exit is the owner's signal. */
static void watch_process(struct nsmgr *m, struct bns *ns,
			  const char *label)
{
	long pid;
	int fd;

	if (sscanf(label, "pid:%ld", &pid) != 1)
		return;
	fd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
	if (fd < 0)
		return;		/* the periodic sweep will notice */
	ns->pid_exit_ev = event_new(m->b->base, fd, EV_READ, process_exited,
				    m);
	if (!ns->pid_exit_ev || event_add(ns->pid_exit_ev, NULL) < 0) {
		if (ns->pid_exit_ev)
			event_free(ns->pid_exit_ev);
		ns->pid_exit_ev = NULL;
		close(fd);
		return;
	}
	ns->nfds++;
	m->b->ns_fds++;
}

int nsmgr_assign_nsid(struct nsmgr *m, int nsfd, ino_t ino)
{
	const struct candidate *c = m->attaching;
	int id = -1;

	if (m->batch && c && c->batch_slot >= 0)
		id = nsid_batch_take(m->batch, (size_t)c->batch_slot, ino);
	return id >= 0 ? id : nsid_assign(m->nsid, nsfd);
}

static int attach(struct nsmgr *m, const struct candidate *c)
{
	static struct log_rate rate;
	struct timespec t0, t1;
	struct bns *ns;
	int fd, r;

	if (!broker_has_room(m->b)) {
		m->waiting++;
		return -EMFILE;
	}
	fd = pm_netns_open_path(c->path);
	if (fd < 0)
		return fd;	/* gone again, or not ours to open */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	m->attaching = c;
	r = broker_attach_ns(m->b, fd, c->label, &ns);
	m->attaching = NULL;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(fd);
	if (r == -EADDRINUSE) {
		mark_busy(m, c);
		return r;
	}
	/* Each rescan retries; one line per namespace, not per retry. */
	if (r < 0) {
		if (!ino_find(m->unserved, c->ino))
			log_warnx_rate(&rate, "ns '%s': cannot serve it: %s, "
				       "will retry", c->label, strerror(-r));
		ino_add(&m->unserved, c->ino);
		return r;
	}
	ino_remove(&m->busy, c->ino);
	ino_remove(&m->unserved, c->ino);
	ns->seen = true;
	ns->pinned = c->explicit;
	watch_process(m, ns, c->label);
	log_info(NS_FMT "serving (attached in %ld us)", NS_ARGS(ns),
		 (t1.tv_sec - t0.tv_sec) * 1000000L +
		 (t1.tv_nsec - t0.tv_nsec) / 1000L);
	return 0;
}

struct inos {
	ino_t *v;
	size_t n, cap;
	bool complete;		/* false: /proc could not be read */
};

static int cmp_ino(const void *a, const void *b)
{
	ino_t x = *(const ino_t *)a, y = *(const ino_t *)b;

	return x < y ? -1 : x > y;
}

static bool add_ino(const char *pid, const char *path, ino_t ino,
		    void *data)
{
	struct inos *s = data;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 256;
		ino_t *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return false;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = ino;
	return true;
}

/* The namespaces processes live in, read once per rescan. */
static void process_namespaces(struct inos *s)
{
	s->complete = walk_process_namespaces(add_ino, s);
	if (s->complete && s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), cmp_ino);
}

/* Does a process still live in namespace @ino?  Unsure means yes. */
static bool has_tasks(const struct inos *s, ino_t ino)
{
	return !s->complete || (s->n &&
	       bsearch(&ino, s->v, s->n, sizeof(*s->v), cmp_ino) != NULL);
}

/* Let go of served namespaces the policy no longer admits, and of those
 * no candidate names any more that nothing else keeps alive.  Returns
 * how many it let go. */
static unsigned int detach_unused(struct nsmgr *m)
{
	struct inos tasks = { 0 };
	struct bns *ns, *next;
	bool scanned = false;
	unsigned int n = 0;

	for (ns = TAILQ_FIRST(&m->b->namespaces); ns; ns = next) {
		next = TAILQ_NEXT(ns, entry);
		if (ns->host || ns->seen)
			continue;
		if (ns->denied) {
			log_info(NS_FMT "no longer allowed by the policy, "
				 "detached", NS_ARGS(ns));
			broker_detach_ns(ns);
			n++;
			continue;
		}
		if (!scanned) {
			process_namespaces(&tasks);
			scanned = true;
		}
		if (has_tasks(&tasks, ns->ino))
			continue;
		log_info(NS_FMT "no longer in use, detached", NS_ARGS(ns));
		broker_detach_ns(ns);
		n++;
	}
	free(tasks.v);
	return n;
}

static int cmp_ns_ino(const void *a, const void *b)
{
	const struct bns *x = *(struct bns *const *)a;
	const struct bns *y = *(struct bns *const *)b;

	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* The served namespaces sorted by inode, for find_served(). */
static struct bns **served_by_ino(struct broker *b)
{
	struct bns **v = calloc(b->nnamespaces + 1, sizeof(*v));
	struct bns *ns;
	size_t n = 0;

	if (!v)
		return NULL;
	TAILQ_FOREACH(ns, &b->namespaces, entry) {
		ns->seen = false;
		ns->denied = false;
		v[n++] = ns;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_ns_ino);
	return v;
}

static struct bns *find_served(struct bns **v, size_t n, ino_t ino)
{
	struct bns key = { .ino = ino }, *k = &key, **hit;

	if (!n)
		return NULL;
	hit = bsearch(&k, v, n, sizeof(*v), cmp_ns_ino);
	return hit ? *hit : NULL;
}

/* Is @c, not served, one to attach? */
static bool wanted(const struct nsmgr *m, const struct candidate *c)
{
	return !ino_find(m->excluded, c->ino) && policy_allows(&m->b->opt, c);
}

/* One candidate against what is served: keep, let go, or attach. */
static void reconcile(struct nsmgr *m, struct bns *ns,
		      const struct candidate *c)
{
	struct broker *b = m->b;
	struct busy *ex = ino_find(m->excluded, c->ino);
	struct busy *busy = ino_find(m->busy, c->ino);
	struct busy *unserved = ino_find(m->unserved, c->ino);

	if (ex)
		ex->seen = true;
	if (busy)
		busy->seen = true;
	if (unserved)
		unserved->seen = true;
	if (ns && (ns->pinned || ns->host || policy_allows(&b->opt, c)))
		ns->seen = true;
	else if (ns)
		ns->denied = true;	/* detached after the loop */
	else if (wanted(m, c))
		attach(m, c);
}

/*
 * Where a rescan attaches many namespaces (at start, thousands), their
 * NSIDs are given on a thread meanwhile: to the new ones, but not to
 * those another portmapper holds (retried each rescan, they get one only
 * once served).  The thread stops where the rescan ends: those over the
 * descriptor budget get theirs now or when they are served.
 */
#define NSID_BATCH_MIN	32

static void start_nsid_batch(struct nsmgr *m, struct candidates *c,
			     struct bns **served, size_t nserved)
{
	const char **paths;
	size_t i, n = 0;

	for (i = 0; i < c->n; i++) {
		struct candidate *v = &c->v[i];

		if (!find_served(served, nserved, v->ino) && wanted(m, v) &&
		    !ino_find(m->busy, v->ino))
			v->batch_slot = (ssize_t)n++;
	}
	if (n < NSID_BATCH_MIN)
		return;
	paths = malloc(n * sizeof(*paths));
	if (!paths)
		return;
	for (i = 0; i < c->n; i++)
		if (c->v[i].batch_slot >= 0)
			paths[c->v[i].batch_slot] = c->v[i].path;
	m->batch = nsid_batch_start(m->nsid, paths, n);
	free(paths);
}

/* Once when the budget first keeps namespaces out, once when it no
 * longer does: not a line per namespace, however many wait. */
static void say_waiting(struct nsmgr *m)
{
	struct rlimit rl = { 0 };

	if (m->waiting && !m->said_waiting) {
		getrlimit(RLIMIT_NOFILE, &rl);
		log_warnx("descriptor limit %lu reached: serving %u "
			  "namespace(s) (%u descriptors each, %lu kept for "
			  "connections and files); %u more wait until "
			  "descriptors free up", (unsigned long)rl.rlim_cur,
			  m->b->nnamespaces, m->b->fds_per_ns,
			  broker_fd_reserve(m->b, (unsigned long)rl.rlim_cur),
			  m->waiting);
		m->said_waiting = true;
	} else if (!m->waiting && m->said_waiting) {
		log_info("descriptors free again: no namespace waits");
		m->said_waiting = false;
	}
}

void nsmgr_rescan(struct nsmgr *m)
{
	static struct log_rate rate;
	struct broker *b = m->b;
	struct candidates c = { 0 };
	size_t i, nserved = b->nnamespaces;
	struct bns **served;
	int r, r2;

	m->waiting = 0;
	broker_read_fd_limit(b);
	collect_explicit(&c, &b->opt.netns);
	r = collect_run_netns(&c);
	r2 = collect_mounts(&c, r < 0);
	r = r < 0 ? r : r2;
	/* Out of descriptors or memory: what it did not see is no reason
	 * to let a namespace go; the next trigger or sweep looks again. */
	if (r < 0)
		log_warnx_rate(&rate, "cannot look for namespaces: %s, will "
			       "retry", strerror(-r));
	if (b->opt.netns_processes)
		collect_processes(&c, b->host->ino);
	merge_candidates(&c);
	served = served_by_ino(b);
	if (!served) {
		candidates_clear(&c);
		return;
	}
	start_nsid_batch(m, &c, served, nserved);
	for (i = 0; i < c.n; i++)
		reconcile(m, find_served(served, nserved, c.v[i].ino),
			  &c.v[i]);
	nsid_batch_end(m->batch);
	m->batch = NULL;
	free(served);
	if (r == 0) {
		say_waiting(m);
		broker_set_waiting(b, m->waiting);
		ino_prune(&m->excluded);
		ino_prune(&m->busy);
		ino_prune(&m->unserved);
		/* what waited may fit in what the gone ones freed */
		if (detach_unused(m) && m->waiting && broker_has_room(b))
			rescan_now(m);
	}
	candidates_clear(&c);
}

/* ---- by hand (the admin interface) ----------------------------------- */

/*
 * A served namespace by the inode of its nsfs file: exact, as a served
 * namespace is alive (its sockets pin it) and so is the one asked about
 * while we look, and live namespaces never share an inode.  Only the
 * attach path learns cookies, from a socket made inside.
 */
static struct bns *find_ino(struct broker *b, ino_t ino)
{
	struct bns *ns;

	TAILQ_FOREACH(ns, &b->namespaces, entry)
		if (ns->ino == ino)
			return ns;
	return NULL;
}

/* The inode of the namespace @spec names (anything pm_netns_open()
 * takes). */
static int spec_ino(const char *spec, ino_t *ret)
{
	int fd = pm_netns_open(spec), r;

	if (fd < 0)
		return fd;
	r = pm_netns_inode(fd, ret);
	close(fd);
	return r;
}

int nsmgr_attach_spec(struct nsmgr *m, const char *spec,
		      uint64_t *ret_cookie)
{
	char path[PATH_MAX];
	struct candidate c = { .explicit = true, .path = path };
	struct bns *ns;
	int r = spec_ino(spec, &c.ino);

	if (r < 0)
		return r;
	ns = find_ino(m->b, c.ino);
	if (ns) {
		*ret_cookie = ns->cookie;
		return -EEXIST;
	}
	ino_remove(&m->excluded, c.ino);
	if (strncmp(spec, "pid:", 4) == 0)
		snprintf(path, sizeof(path), "/proc/%s/ns/net", spec + 4);
	else if (spec[0] == '/')
		snprintf(path, sizeof(path), "%s", spec);
	else
		snprintf(path, sizeof(path), "%s/%s", PM_NETNS_RUN_DIR, spec);
	snprintf(c.label, sizeof(c.label), "%s", spec);
	broker_read_fd_limit(m->b);
	r = attach(m, &c);
	ns = find_ino(m->b, c.ino);
	if (r == 0 && ns) {
		ns->seen = true;
		*ret_cookie = ns->cookie;
	}
	return r;
}

/* "cookie:N", a bare number, or anything pm_netns_open() takes. */
static struct bns *find_spec(struct broker *b, const char *spec)
{
	unsigned long long cookie;
	char tail;
	ino_t ino;

	if (sscanf(spec, "cookie:%llu%c", &cookie, &tail) == 1 ||
	    sscanf(spec, "%llu%c", &cookie, &tail) == 1)
		return broker_find(b, cookie);
	return spec_ino(spec, &ino) == 0 ? find_ino(b, ino) : NULL;
}

int nsmgr_detach_spec(struct nsmgr *m, const char *spec)
{
	struct bns *ns = find_spec(m->b, spec);

	if (!ns)
		return -ENOENT;
	if (ns->host)
		return -EBUSY;
	ino_add(&m->excluded, ns->ino);
	log_info(NS_FMT "detached by hand", NS_ARGS(ns));
	broker_detach_ns(ns);
	return 0;
}

/* ---- triggers -------------------------------------------------------- */

static void rescan_cb(evutil_socket_t fd, short what, void *arg)
{
	nsmgr_rescan(arg);
}

/* A hint that something may change soon: bursts of them (100 namespaces
 * made in a loop) give one rescan. */
static void schedule_rescan(void *arg)
{
	struct nsmgr *m = arg;
	struct timeval tv = { 0, NSMGR_DEBOUNCE_MS * 1000 };

	if (!evtimer_pending(m->rescan_ev, NULL))
		evtimer_add(m->rescan_ev, &tv);
}

/* A change that is there to see: rescan in this turn of the loop.  What
 * comes meanwhile, and what piles up while the rescan runs, is gathered
 * into the next one. */
static void rescan_now(struct nsmgr *m)
{
	static const struct timeval now = { 0, 0 };

	evtimer_add(m->rescan_ev, &now);
}

/* A name created in /run/netns is a hint: its bind mount comes next,
 * with its own event.  A name removed or moved is a change. */
static void inotify_cb(evutil_socket_t fd, short what, void *arg)
{
	_Alignas(struct inotify_event) char buf[INOTIFY_BUF];
	const struct inotify_event *ev;
	bool changed = false;
	ssize_t n;
	char *p;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			changed |= !(ev->mask & IN_CREATE);
		}
	if (changed)
		rescan_now(arg);
	else
		schedule_rescan(arg);
}

static void mountinfo_cb(evutil_socket_t fd, short what, void *arg)
{
	struct nsmgr *m = arg;
	struct epoll_event ev;
	char buf[INOTIFY_BUF];

	/* Reading the file to its end acknowledges the change. */
	while (epoll_wait(m->epoll_fd, &ev, 1, 0) > 0) {
		lseek(m->mountinfo_fd, 0, SEEK_SET);
		while (read(m->mountinfo_fd, buf, sizeof(buf)) > 0)
			;
	}
	rescan_now(m);
}

static void sweep_cb(evutil_socket_t fd, short what, void *arg)
{
	nsmgr_rescan(arg);
}

static int watch_run_netns(struct nsmgr *m)
{
	m->inotify_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (m->inotify_fd < 0)
		return -errno;
	/* ip netns add creates the directory on first use. */
	mkdir(PM_NETNS_RUN_DIR, 0755);
	m->run_netns_wd = inotify_add_watch(m->inotify_fd, PM_NETNS_RUN_DIR,
					    IN_CREATE | IN_DELETE |
					    IN_MOVED_FROM | IN_MOVED_TO);
	if (m->run_netns_wd < 0)
		log_warn("cannot watch '%s', relying on mount events",
			 PM_NETNS_RUN_DIR);
	m->inotify_ev = event_new(m->b->base, m->inotify_fd,
				  EV_READ | EV_PERSIST, inotify_cb, m);
	return m->inotify_ev && event_add(m->inotify_ev, NULL) == 0 ?
	       0 : -ENOMEM;
}

static int watch_mounts(struct nsmgr *m)
{
	struct epoll_event ev = { .events = EPOLLPRI };

	m->mountinfo_fd = open(MOUNTINFO, O_RDONLY | O_CLOEXEC);
	m->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (m->mountinfo_fd < 0 || m->epoll_fd < 0 ||
	    epoll_ctl(m->epoll_fd, EPOLL_CTL_ADD, m->mountinfo_fd, &ev) < 0)
		return -errno;
	m->mountinfo_ev = event_new(m->b->base, m->epoll_fd,
				    EV_READ | EV_PERSIST, mountinfo_cb, m);
	return m->mountinfo_ev && event_add(m->mountinfo_ev, NULL) == 0 ?
	       0 : -ENOMEM;
}

struct nsmgr *nsmgr_new(struct broker *b)
{
	struct timeval sweep = { NSMGR_SWEEP_SEC, 0 };
	struct nsmgr *m = calloc(1, sizeof(*m));
	int r;

	if (!m)
		return NULL;
	m->b = b;
	m->inotify_fd = m->mountinfo_fd = m->epoll_fd = -1;
	m->rescan_ev = evtimer_new(b->base, rescan_cb, m);
	m->sweep_ev = event_new(b->base, -1, EV_PERSIST, sweep_cb, m);
	if (!m->rescan_ev || !m->sweep_ev || event_add(m->sweep_ev, &sweep))
		goto err;
	r = watch_run_netns(m);
	if (r == 0)
		r = watch_mounts(m);
	if (r < 0) {
		log_warnx("cannot watch for namespaces: %s", strerror(-r));
		goto err;
	}
	m->nsid = nsid_new(b->base, schedule_rescan, m);
	return m;
err:
	nsmgr_free(m);
	return NULL;
}

void nsmgr_free(struct nsmgr *m)
{
	if (!m)
		return;
	while (m->busy)
		ino_remove(&m->busy, m->busy->ino);
	while (m->excluded)
		ino_remove(&m->excluded, m->excluded->ino);
	while (m->unserved)
		ino_remove(&m->unserved, m->unserved->ino);
	nsid_free(m->nsid);
	if (m->inotify_ev)
		event_free(m->inotify_ev);
	if (m->mountinfo_ev)
		event_free(m->mountinfo_ev);
	if (m->rescan_ev)
		event_free(m->rescan_ev);
	if (m->sweep_ev)
		event_free(m->sweep_ev);
	if (m->inotify_fd >= 0)
		close(m->inotify_fd);
	if (m->mountinfo_fd >= 0)
		close(m->mountinfo_fd);
	if (m->epoll_fd >= 0)
		close(m->epoll_fd);
	free(m);
}
