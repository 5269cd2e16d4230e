/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * state.c - per-namespace state files and rpcbind's warm-start files.
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

#include "log.h"
#include "state.h"

#define RPCBIND_FILE	"rpcbind.xdr"
#define PORTMAP_FILE	"portmap.xdr"
#define IMAGE_MIN	(64 * 1024)
#define IMAGE_MAX	(16 * 1024 * 1024)
#define RETRY_SEC	1

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

void state_restore_rpcbind(struct daemon *d)
{
	char path[PATH_MAX], other[PATH_MAX];
	uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	state_path(d, RPCBIND_FILE, path, sizeof(path));
	state_path(d, PORTMAP_FILE, other, sizeof(other));
	r = read_image(path, &buf, &len);
	if (r == -ENOENT)
		return;
	if (r < 0) {
		log_warnx("warm start: '%s': %s, ignoring", path, strerror(-r));
	} else {
		r = pm_table_load(d->table, d->host->cookie, buf, len);
		free(buf);
		if (r < 0)
			log_warnx("warm start: '%s': %s, ignoring", path,
				  strerror(-r));
		else
			log_info("warm start: %d registrations restored", r);
	}
	/* portmap.xdr only repeats the tcp/udp entries of rpcbind.xdr. */
	unlink(path);
	unlink(other);
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

/* Encode @cookie's table in @fmt and write it to @path. */
static int save_image(struct daemon *d, uint64_t cookie,
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
		n = pm_table_save(d->table, cookie, fmt, buf, cap);
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
	r = save_image(d, d->host->cookie, PM_STATE_RPCBIND, path);
	if (r == 0) {
		state_path(d, PORTMAP_FILE, path, sizeof(path));
		r = save_image(d, d->host->cookie, PM_STATE_PORTMAP, path);
	}
	if (r < 0)
		log_warnx_rate(&rate, "warm start: cannot write '%s': %s",
			       path, strerror(-r));
}

static void ns_path(const struct nsctx *ns, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%" PRIu64 ".xdr", ns->d->opt.ns_state_dir,
		 ns->cookie);
}

void state_restore_ns(struct nsctx *ns)
{
	char path[PATH_MAX];
	uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	ns_path(ns, path, sizeof(path));
	r = read_image(path, &buf, &len);
	if (r == -ENOENT)
		return;
	if (r == 0) {
		r = pm_table_load(ns->d->table, ns->cookie, buf, len);
		free(buf);
	}
	if (r < 0)
		log_warnx(NS_FMT "cannot restore '%s': %s, ignoring",
			  NS_ARGS(ns), path, strerror(-r));
	else if (r > 0)
		log_info(NS_FMT "%d registrations restored", NS_ARGS(ns), r);
}

static int save_ns(struct nsctx *ns, char *path, size_t size)
{
	ns_path(ns, path, size);
	return save_image(ns->d, ns->cookie, PM_STATE_RPCBIND, path);
}

/* Write every namespace whose file is behind; again later if one still
 * cannot be written. */
static void retry_saves(evutil_socket_t fd, short what, void *arg)
{
	struct timeval tv = { RETRY_SEC, 0 };
	struct daemon *d = arg;
	char path[PATH_MAX];
	struct nsctx *ns;
	bool behind = false;

	TAILQ_FOREACH(ns, &d->namespaces, entry) {
		if (!ns->state_behind)
			continue;
		if (save_ns(ns, path, sizeof(path)) == 0)
			ns->state_behind = false;
		else
			behind = true;
	}
	if (behind) {
		evtimer_add(d->state_retry_ev, &tv);
		return;
	}
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

void state_save_ns(struct nsctx *ns)
{
	char path[PATH_MAX];
	int r = save_ns(ns, path, sizeof(path));

	if (r < 0)
		save_failed(ns, path, r);
	else
		ns->state_behind = false;
}

void state_done(struct daemon *d)
{
	if (d->state_retry_ev)
		event_free(d->state_retry_ev);
	d->state_retry_ev = NULL;
}

void state_remove_ns(struct nsctx *ns)
{
	char path[PATH_MAX];

	ns_path(ns, path, sizeof(path));
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

void state_prune(struct daemon *d)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dir = opendir(d->opt.ns_state_dir);
	uint64_t cookie;
	char tail;

	if (!dir)
		return;
	while ((de = readdir(dir)) != NULL) {
		if (sscanf(de->d_name, "%" SCNu64 ".xd%c", &cookie, &tail) != 2 ||
		    tail != 'r' || is_served(d, cookie))
			continue;
		snprintf(path, sizeof(path), "%s/%s", d->opt.ns_state_dir,
			 de->d_name);
		unlink(path);
		log_debug("removed the state of gone namespace %" PRIu64,
			  cookie);
	}
	closedir(dir);
}
