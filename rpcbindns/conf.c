/*
 * conf.c - reading /etc/rpcbindns.conf.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"

static int copy_list(struct strv *to, const struct strv *from)
{
	size_t i;

	strv_clear(to);
	for (i = 0; i < from->n; i++)
		if (strv_add(to, from->v[i]) < 0)
			return -ENOMEM;
	return 0;
}

static int from_cli(struct options *o, const struct options *cli)
{
	o->netns_processes = cli->netns_processes;
	if (copy_list(&o->netns, &cli->netns) < 0 ||
	    copy_list(&o->netns_allow, &cli->netns_allow) < 0 ||
	    copy_list(&o->netns_deny, &cli->netns_deny) < 0)
		return -ENOMEM;
	return 0;
}

/* One "key value" line; 0, or -EINVAL for an unknown key or value. */
static int setting(struct options *o, const char *key, const char *value)
{
	if (strcmp(key, "netns") == 0)
		return strv_add(&o->netns, value);
	if (strcmp(key, "netns-allow") == 0)
		return strv_add(&o->netns_allow, value);
	if (strcmp(key, "netns-deny") == 0)
		return strv_add(&o->netns_deny, value);
	if (strcmp(key, "netns-processes") == 0) {
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0)
			return -EINVAL;
		o->netns_processes |= strcmp(value, "yes") == 0;
		return 0;
	}
	return -EINVAL;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int parse_line(struct options *o, char *line)
{
	char *hash = strchr(line, '#'), *key, *value;

	if (hash)
		*hash = '\0';
	key = trim(line);
	if (!*key)
		return 0;
	value = key + strcspn(key, " \t");
	if (!*value)
		return -EINVAL;
	*value++ = '\0';
	value = trim(value);
	return *value ? setting(o, key, value) : -EINVAL;
}

int config_load(struct options *o, const struct options *cli)
{
	FILE *f;
	char *line = NULL;
	size_t size = 0;
	unsigned int lineno = 0;
	int r = from_cli(o, cli);

	if (r < 0)
		return r;
	f = fopen(o->config_path, "re");
	if (!f)
		return 0;
	while (r == 0 && getline(&line, &size, f) > 0) {
		lineno++;
		r = parse_line(o, line);
	}
	free(line);
	fclose(f);
	if (r < 0) {
		log_warnx("%s:%u: not understood, ignoring the file",
			  o->config_path, lineno);
		from_cli(o, cli);
	}
	return r;
}
