/*
 * warmstart.c - reading and writing rpcbind.xdr and portmap.xdr.
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
#include <unistd.h>
#include <sys/stat.h>

#include "log.h"
#include "warmstart.h"

#define RPCBIND_FILE	"rpcbind.xdr"
#define PORTMAP_FILE	"portmap.xdr"
#define IMAGE_MIN	(64 * 1024)
#define IMAGE_MAX	(16 * 1024 * 1024)

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

void warmstart_restore(struct daemon *d)
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

static int save_one(struct daemon *d, enum pm_state_format fmt,
		    const char *name)
{
	char path[PATH_MAX];
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
		n = pm_table_save(d->table, d->host->cookie, fmt, buf, cap);
		cap *= 2;
	} while (n == -EMSGSIZE && cap <= IMAGE_MAX);
	state_path(d, name, path, sizeof(path));
	if (n >= 0)
		n = write_file(path, buf, (size_t)n);
	free(buf);
	return n;
}

void warmstart_save(struct daemon *d)
{
	static struct log_rate rate;
	int r = save_one(d, PM_STATE_RPCBIND, RPCBIND_FILE);

	if (r == 0)
		r = save_one(d, PM_STATE_PORTMAP, PORTMAP_FILE);
	if (r < 0)
		log_warnx_rate(&rate, "warm start: cannot write '%s': %s",
			       d->opt.state_dir, strerror(-r));
}
