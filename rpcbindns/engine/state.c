/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * state.c - per-namespace and per-VS state files and rpcbind's warm-start
 * files.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <inttypes.h>
#include <unistd.h>
#include <sys/stat.h>
#include <event2/event.h>

#include "journal.h"
#include "log.h"
#include "state.h"
#include "vs.h"

#define RPCBIND_FILE	"rpcbind.xdr"
#define PORTMAP_FILE	"portmap.xdr"
#define IMAGE_MIN	(64 * 1024)
#define IMAGE_MAX	(16 * 1024 * 1024)
#define RETRY_SEC	1
#define JOURNAL_FILE	"journal"
#define JOURNAL_COMPACT	(256 * 1024)	/* fold it into the files past this */

static void state_path(const struct daemon *d, const char *name, char *buf,
		       size_t size)
{
	snprintf(buf, size, "%s/%s", d->opt.state_dir, name);
}

/* Read a whole file that only we (or root) could have written. */
static int read_image(const char *path, uint8_t **ret_buf, size_t *ret_len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	uint8_t *buf;
	ssize_t n;
	int r = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		r = -errno;
	} else if (!S_ISREG(st.st_mode) || st.st_nlink != 1 ||
		   (st.st_uid != geteuid() && st.st_uid != 0) ||
		   (st.st_mode & (S_IWGRP | S_IWOTH))) {
		r = -EPERM;
	} else if (st.st_size > IMAGE_MAX) {
		r = -EFBIG;
	}
	if (r < 0)
		goto out;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	n = read(fd, buf, (size_t)st.st_size + 1);
	if (n < 0 || n > st.st_size) {
		r = n < 0 ? -errno : -EFBIG;
		free(buf);
		goto out;
	}
	*ret_buf = buf;
	*ret_len = (size_t)n;
out:
	close(fd);
	return r;
}

static int save_ns(struct nsctx *ns, char *path, size_t size);

bool state_restore_rpcbind(struct daemon *d)
{
	char path[PATH_MAX], other[PATH_MAX], own[PATH_MAX];
	uint8_t *buf = NULL;
	size_t len = 0;
	bool taken = false;
	int r;

	state_path(d, RPCBIND_FILE, path, sizeof(path));
	state_path(d, PORTMAP_FILE, other, sizeof(other));
	r = read_image(path, &buf, &len);
	if (r == -ENOENT)
		return false;
	if (r < 0) {
		log_warnx("warm start: '%s': %s, ignoring", path, strerror(-r));
	} else if (d->opt.engine > 1) {
		/* a former engine's, from its exit: ours are as new */
		free(buf);
	} else {
		r = pm_table_load(d->table, d->host->cookie, buf, len);
		free(buf);
		if (r < 0)
			log_warnx("warm start: '%s': %s, ignoring", path,
				  strerror(-r));
		else
			log_info("warm start: %d registrations restored", r);
		taken = r >= 0;
	}
	/* Ours first, so that removing them loses nothing. */
	if (taken && (r = save_ns(d->host, own, sizeof(own))) < 0) {
		log_warnx("warm start: cannot write '%s': %s, keeping '%s'",
			  own, strerror(-r), path);
		return true;
	}
	/* portmap.xdr only repeats the tcp/udp entries of rpcbind.xdr. */
	unlink(path);
	unlink(other);
	return taken;
}

static int write_file(const char *path, const uint8_t *buf, size_t len)
{
	char tmp[PATH_MAX + sizeof(".tmp")];
	int fd, r = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0)
		return -errno;
	if (write(fd, buf, len) != (ssize_t)len || fsync(fd) < 0)
		r = errno ? -errno : -EIO;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}

/* Encode VS @vs's (0: the namespace-wide) entries of @cookie in @t in
 * @fmt and write them to @path. */
static int save_image(const struct pm_table *t, uint64_t cookie, uint32_t vs,
		      enum pm_state_format fmt, const char *path)
{
	size_t cap = IMAGE_MIN;
	uint8_t *buf = NULL;
	int n;

	do {
		uint8_t *bigger = realloc(buf, cap);

		if (!bigger) {
			free(buf);
			return -ENOMEM;
		}
		buf = bigger;
		n = pm_table_save_vs(t, cookie, vs, fmt, buf, cap);
		cap *= 2;
	} while (n == -EMSGSIZE && cap <= IMAGE_MAX);
	if (n >= 0)
		n = write_file(path, buf, (size_t)n);
	free(buf);
	return n;
}

void state_save_rpcbind(struct daemon *d)
{
	static struct log_rate rate;
	char path[PATH_MAX];
	int r;

	state_path(d, RPCBIND_FILE, path, sizeof(path));
	r = save_image(d->table, d->host->cookie, 0, PM_STATE_RPCBIND, path);
	if (r == 0) {
		state_path(d, PORTMAP_FILE, path, sizeof(path));
		r = save_image(d->table, d->host->cookie, 0, PM_STATE_PORTMAP,
			       path);
	}
	if (r < 0)
		log_warnx_rate(&rate, "warm start: cannot write '%s': %s",
			       path, strerror(-r));
}

/* The file of @cookie's VS named @vs: COOKIE@VS.xdr, or with @vs "" its
 * namespace-wide registrations' COOKIE.xdr. */
static void file_path(const struct daemon *d, uint64_t cookie, const char *vs,
		      char *buf, size_t size)
{
	if (vs[0])
		snprintf(buf, size, "%s/%" PRIu64 "@%s.xdr",
			 d->opt.ns_state_dir, cookie, vs);
	else
		snprintf(buf, size, "%s/%" PRIu64 ".xdr", d->opt.ns_state_dir,
			 cookie);
}

/* Load the file of @ns's VS @name ("": namespace-wide) into view @vs. */
static void restore_file(struct nsctx *ns, const char *name, uint32_t vs)
{
	char path[PATH_MAX];
	uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	file_path(ns->d, ns->cookie, name, path, sizeof(path));
	r = read_image(path, &buf, &len);
	if (r == -ENOENT)
		return;
	if (r == 0) {
		r = pm_table_load_vs(ns->d->table, ns->cookie, vs, buf, len);
		free(buf);
	}
	if (r < 0)
		log_warnx(NS_FMT "cannot restore '%s': %s, ignoring",
			  NS_ARGS(ns), path, strerror(-r));
	else if (r > 0 && vs)
		log_info(NS_FMT "VS '%s': %d registrations restored",
			 NS_ARGS(ns), name, r);
	else if (r > 0)
		log_info(NS_FMT "%d registrations restored", NS_ARGS(ns), r);
}

void state_restore_ns(struct nsctx *ns)
{
	restore_file(ns, "", 0);
}

void state_restore_vs(struct nsctx *ns, const struct vs *vs)
{
	restore_file(ns, vs->name, vs->id);
}

/*
 * Write VS @vs's (0: the namespace-wide) file of @cookie.  A VS without
 * registrations has no file, so that neither a VS deleted nor one emptied
 * leaves one behind.
 */
static int save_file(const struct pm_table *t, uint64_t cookie, uint32_t vs,
		     const char *path)
{
	if (vs && pm_table_count_vs(t, cookie, vs) == 0)
		return unlink(path) < 0 && errno != ENOENT ? -errno : 0;
	return save_image(t, cookie, vs, PM_STATE_RPCBIND, path);
}

static int save_ns(struct nsctx *ns, char *path, size_t size)
{
	file_path(ns->d, ns->cookie, "", path, size);
	return save_file(ns->d->table, ns->cookie, 0, path);
}

static int save_vs(struct nsctx *ns, const struct vs *vs, char *path,
		   size_t size)
{
	file_path(ns->d, ns->cookie, vs->name, path, size);
	return save_file(ns->d->table, ns->cookie, vs->id, path);
}

static void save_failed(struct nsctx *ns, const char *path, int r);

/* Write @ns's file and those of its VS.  0, or -errno (handed to
 * save_failed()). */
static int save_files(struct nsctx *ns)
{
	char path[PATH_MAX];
	const struct vs *v;
	int r = save_ns(ns, path, sizeof(path));

	for (v = ns->vs; r == 0 && v; v = v->next)
		r = save_vs(ns, v, path, sizeof(path));
	if (r < 0)
		save_failed(ns, path, r);
	return r;
}

/*
 * Write the files of every namespace the journal has changes of or whose
 * files are behind, then empty the journal: what it held is in the files.
 * A failed truncation loses nothing, as replaying records onto a newer
 * file gives that file.
 */
static int compact(struct daemon *d)
{
	struct journal *j = &d->journal;
	struct nsctx *ns;
	int r, failed = 0;

	TAILQ_FOREACH(ns, &d->namespaces, entry) {
		if (!ns->journaled && !ns->state_behind)
			continue;
		r = save_files(ns);
		if (r < 0) {
			failed = r;
		} else {
			ns->state_behind = false;
		}
	}
	if (failed || j->fd < 0 || ftruncate(j->fd, 0) < 0)
		return failed;
	j->len = 0;
	TAILQ_FOREACH(ns, &d->namespaces, entry)
		ns->journaled = false;
	return 0;
}

/* Again and again until every file is written. */
static void retry_saves(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;

	if (compact(d) < 0)
		return;
	d->state_failing = false;
	log_info("state: every namespace's registrations are written again");
}

/*
 * The registrations stay in memory and keep being served; a timer writes
 * them as soon as it can (a full or read-only directory), so that a crash
 * after the directory recovers loses nothing.  One line per episode: a
 * failing disk must not log once per request.
 */
static void save_failed(struct nsctx *ns, const char *path, int r)
{
	struct timeval tv = { RETRY_SEC, 0 };
	struct daemon *d = ns->d;

	ns->state_behind = true;
	if (!d->state_failing)
		log_warnx(NS_FMT "cannot write '%s': %s, keeping the "
			  "registrations in memory and retrying every %d s",
			  NS_ARGS(ns), path, strerror(-r), RETRY_SEC);
	d->state_failing = true;
	if (!d->state_retry_ev)
		d->state_retry_ev = evtimer_new(d->base, retry_saves, d);
	if (d->state_retry_ev && !evtimer_pending(d->state_retry_ev, NULL))
		evtimer_add(d->state_retry_ev, &tv);
}

static int write_all(int fd, const uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

void state_changed(struct nsctx *ns)
{
	ns->d->journal.pending = ns;
}

void state_commit(struct daemon *d)
{
	struct journal *j = &d->journal;
	struct nsctx *ns = j->pending;
	bool lost = j->lost;
	int r = -EBADF;

	if (!ns)
		return;
	j->pending = NULL;
	j->lost = false;
	if (d->state_failing) {
		/* the retry timer writes every file that is behind */
		j->buf_len = 0;
		ns->state_behind = true;
		return;
	}
	if (j->fd >= 0 && !lost) {
		r = write_all(j->fd, j->buf, j->buf_len);
		/* No torn record may hide the ones appended after it. */
		if (r < 0 && ftruncate(j->fd, (off_t)j->len) < 0)
			log_debug("journal: cannot cut it back: %s",
				  strerror(errno));
	}
	if (r == 0) {
		j->len += j->buf_len;
		ns->journaled = true;
	} else {
		/* a record is missing: only whole files are right now */
		ns->state_behind = true;
	}
	j->buf_len = 0;
	if (r < 0 || j->len >= JOURNAL_COMPACT)
		compact(d);
}

/* The name of VS @id of namespace @cookie, or NULL if it has none. */
static const char *vs_name(const struct daemon *d, uint64_t cookie,
			   uint32_t id)
{
	const struct nsctx *ns = cookiemap_get(&d->by_cookie, cookie);
	const struct vs *v = ns ? vs_find_id(ns, id) : NULL;

	return v ? v->name : NULL;
}

/*
 * A change of a VS's registration is recorded under the VS's name (the
 * next engine may number it otherwise); one whose VS is gone already
 * has no file to go to, so it is left out (and logged: whoever changed
 * the table should have dropped the VS's registrations first).
 */
static void record_change(uint64_t cookie, bool added,
			  const struct pm_entry *e, void *data)
{
	static struct log_rate rate;
	struct daemon *d = data;
	struct journal *j = &d->journal;
	const char *vs = NULL;
	int n;

	if (!j->recording)
		return;
	if (e->vs && !(vs = vs_name(d, cookie, e->vs))) {
		log_warnx_rate(&rate, "journal: namespace %" PRIu64 " has no "
			       "VS %u for a change of %u/%u/%s, not recorded",
			       cookie, e->vs, e->prog, e->vers, e->netid);
		return;
	}
	if (j->buf_cap - j->buf_len < PM_JOURNAL_RECORD_MAX) {
		size_t cap = j->buf_cap ? 2 * j->buf_cap : 4096;
		uint8_t *buf = realloc(j->buf, cap);

		if (!buf) {
			j->lost = true;
			return;
		}
		j->buf = buf;
		j->buf_cap = cap;
	}
	n = pm_journal_encode(j->buf + j->buf_len, j->buf_cap - j->buf_len,
			      cookie, vs, added, e);
	if (n < 0)
		j->lost = true;
	else
		j->buf_len += (size_t)n;
}

void state_record(struct nsctx *ns, bool on)
{
	struct journal *j = &ns->d->journal;

	if (on && j->pending && j->pending != ns)
		state_commit(ns->d);
	j->recording = on;
}

/* ---- folding a former engine's journal into the files ---------------- */

/* A state file the journal has records for. */
struct fold_file {
	uint64_t cookie;
	char vs[PM_VS_NAME_MAX];	/* "": the namespace-wide file */
};

struct fold {
	struct pm_table *t;
	struct fold_file *files;	/* sorted once all are noted */
	size_t n, cap;
};

static int cmp_file(const void *a, const void *b)
{
	const struct fold_file *x = a, *y = b;

	if (x->cookie != y->cookie)
		return x->cookie < y->cookie ? -1 : 1;
	return strcmp(x->vs, y->vs);
}

static int note_file(uint64_t cookie, const char *vs, bool added,
		     const struct pm_entry *e, void *data)
{
	struct fold *f = data;
	struct fold_file file = { .cookie = cookie };

	snprintf(file.vs, sizeof(file.vs), "%s", vs);
	if (f->n && cmp_file(&f->files[f->n - 1], &file) == 0)
		return 0;
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 64;
		struct fold_file *v = realloc(f->files, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		f->files = v;
		f->cap = cap;
	}
	f->files[f->n++] = file;
	return 0;
}

static void sort_files(struct fold *f)
{
	size_t i, n = 0;

	if (f->n < 2)
		return;
	qsort(f->files, f->n, sizeof(*f->files), cmp_file);
	for (i = 1; i < f->n; i++)
		if (cmp_file(&f->files[i], &f->files[n]) != 0)
			f->files[++n] = f->files[i];
	f->n = n + 1;
}

/* The view file @i's registrations take in the scratch table: 0 for a
 * namespace-wide file, else any id unique in its namespace. */
static uint32_t file_vs(const struct fold *f, size_t i)
{
	return f->files[i].vs[0] ? (uint32_t)i + 1 : 0;
}

static int replay(uint64_t cookie, const char *vs, bool added,
		  const struct pm_entry *e, void *data)
{
	struct fold *f = data;
	struct fold_file key = { .cookie = cookie };
	struct pm_entry in_vs = *e;
	const struct fold_file *file;

	snprintf(key.vs, sizeof(key.vs), "%s", vs);
	file = bsearch(&key, f->files, f->n, sizeof(*f->files), cmp_file);
	if (!file)
		return -EINVAL;		/* note_file() saw every record */
	in_vs.vs = file_vs(f, (size_t)(file - f->files));
	return pm_journal_apply(f->t, cookie, added, &in_vs);
}

/* Each file the journal has records for: the file, the records on top,
 * the file written anew.  0, or -errno with the journal to be kept. */
static int fold_into_files(struct daemon *d, const uint8_t *buf, size_t len)
{
	struct fold f = { .t = pm_table_new(pm_table_limits(d->table)) };
	char path[PATH_MAX];
	size_t i;
	int r = f.t ? 0 : -ENOMEM;

	if (r == 0)
		r = (int)pm_journal_walk(buf, len, note_file, &f);
	if (r >= 0)
		sort_files(&f);
	for (i = 0; r >= 0 && i < f.n; i++) {
		uint8_t *image = NULL;
		size_t image_len = 0;

		file_path(d, f.files[i].cookie, f.files[i].vs, path,
			  sizeof(path));
		r = read_image(path, &image, &image_len);
		if (r == 0) {
			r = pm_table_load_vs(f.t, f.files[i].cookie,
					     file_vs(&f, i), image, image_len);
			free(image);
		}
		if (r == -ENOENT || r == -EBADMSG)
			r = 0;		/* the journal alone, then */
	}
	if (r >= 0)
		r = (int)pm_journal_walk(buf, len, replay, &f);
	for (i = 0; r >= 0 && i < f.n; i++) {
		file_path(d, f.files[i].cookie, f.files[i].vs, path,
			  sizeof(path));
		r = save_file(f.t, f.files[i].cookie, file_vs(&f, i), path);
	}
	if (r >= 0)
		log_info("state: %zu state file(s) brought up to date from "
			 "the journal", f.n);
	free(f.files);
	pm_table_free(f.t);
	return r < 0 ? r : 0;
}

void state_open(struct daemon *d)
{
	struct journal *j = &d->journal;
	char path[PATH_MAX];
	uint8_t *buf = NULL;
	size_t len = 0;
	long keep = 0;
	int r;

	j->fd = -1;
	snprintf(path, sizeof(path), "%s/%s", d->opt.ns_state_dir,
		 JOURNAL_FILE);
	r = read_image(path, &buf, &len);
	if (r == 0) {
		/* What a killed engine was writing when it died is not
		 * whole: it was never acknowledged. */
		keep = pm_journal_walk(buf, len, NULL, NULL);
		r = fold_into_files(d, buf, (size_t)keep);
		free(buf);
		if (r < 0)
			log_warnx("state: cannot fold the journal into the "
				  "files: %s, keeping it", strerror(-r));
		else
			keep = 0;
	} else if (r != -ENOENT) {
		log_warnx("state: '%s': %s, ignoring it", path, strerror(-r));
	}
	j->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
		     O_NOFOLLOW, 0600);
	if (j->fd < 0 || ftruncate(j->fd, keep) < 0) {
		log_warnx("state: cannot keep a journal in '%s': %s; every "
			  "change rewrites its namespace's file", path,
			  strerror(errno));
		if (j->fd >= 0)
			close(j->fd);
		j->fd = -1;
	}
	j->len = (size_t)keep;
	pm_table_on_change(d->table, record_change, d);
}

void state_done(struct daemon *d)
{
	struct journal *j = &d->journal;

	if (j->len)
		compact(d);
	if (d->state_retry_ev)
		event_free(d->state_retry_ev);
	d->state_retry_ev = NULL;
	pm_table_on_change(d->table, NULL, NULL);
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	free(j->buf);
	j->buf = NULL;
}

/* Its records must not outlive it: a later engine would bring its files
 * back from them, and a namespace attached again would get them.  Files
 * of VS it no longer has wait for state_prune(). */
void state_remove_ns(struct nsctx *ns)
{
	char path[PATH_MAX];
	const struct vs *v;

	file_path(ns->d, ns->cookie, "", path, sizeof(path));
	unlink(path);
	for (v = ns->vs; v; v = v->next) {
		file_path(ns->d, ns->cookie, v->name, path, sizeof(path));
		unlink(path);
	}
	if (ns->journaled)
		compact(ns->d);
}

/* As state_remove_ns(), for one VS; compacting first, as that writes the
 * files of @ns's VS, @vs's too if its registrations were not dropped. */
void state_remove_vs(struct nsctx *ns, const struct vs *vs)
{
	char path[PATH_MAX];

	if (ns->journaled)
		compact(ns->d);
	file_path(ns->d, ns->cookie, vs->name, path, sizeof(path));
	unlink(path);
}

static bool is_served(const struct daemon *d, uint64_t cookie)
{
	const struct nsctx *ns;

	TAILQ_FOREACH(ns, &d->namespaces, entry)
		if (ns->cookie == cookie)
			return true;
	return false;
}

/* Whether @name is a state file's, COOKIE.xdr or COOKIE@VS.xdr (or one
 * being written), and of which namespace. */
static bool is_state_file(const char *name, uint64_t *ret_cookie)
{
	uint64_t cookie;
	int end = 0;

	if (sscanf(name, "%" SCNu64 "%n", &cookie, &end) != 1 ||
	    (strncmp(name + end, ".xdr", 4) != 0 && name[end] != '@'))
		return false;
	*ret_cookie = cookie;
	return true;
}

void state_prune(struct daemon *d)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dir = opendir(d->opt.ns_state_dir);
	uint64_t cookie;

	if (!dir)
		return;
	while ((de = readdir(dir)) != NULL) {
		if (!is_state_file(de->d_name, &cookie) ||
		    is_served(d, cookie))
			continue;
		snprintf(path, sizeof(path), "%s/%s", d->opt.ns_state_dir,
			 de->d_name);
		unlink(path);
		log_debug("removed the state of gone namespace %" PRIu64,
			  cookie);
	}
	closedir(dir);
}
