/* SPDX-License-Identifier: BSD-3-Clause */
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
#include "vsdef.h"

static int copy_list(struct strv *to, const struct strv *from)
{
	size_t i;

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

static void policy_clear(struct options *o)
{
	strv_clear(&o->netns);
	strv_clear(&o->netns_allow);
	strv_clear(&o->netns_deny);
	options_free_vs(o);
}

/* One more address of @v: numeric, and not one it has already. */
static int vs_address(struct conf_vs *v, const char *text)
{
	unsigned int i;

	if (v->n_addrs == IPC_VS_ADDRS_MAX ||
	    vsdef_parse_addr(text, &v->addrs[v->n_addrs]) < 0)
		return -EINVAL;
	for (i = 0; i < v->n_addrs; i++)
		if (ipc_vs_addr_equal(&v->addrs[i], &v->addrs[v->n_addrs]))
			return -EINVAL;
	v->n_addrs++;
	return 0;
}

static bool same_netns(const struct conf_vs *x, const struct conf_vs *y)
{
	return x->netns && y->netns ? strcmp(x->netns, y->netns) == 0 :
				      x->netns == y->netns;
}

/* One namespace's VS have names and addresses of their own. */
static bool vs_clashes(const struct options *o, const struct conf_vs *v)
{
	unsigned int i, j, k;

	for (i = 0; i < o->n_vs; i++) {
		const struct conf_vs *w = &o->vs[i];

		if (!same_netns(v, w))
			continue;
		if (strcmp(v->name, w->name) == 0)
			return true;
		for (j = 0; j < v->n_addrs; j++)
			for (k = 0; k < w->n_addrs; k++)
				if (ipc_vs_addr_equal(&v->addrs[j], &w->addrs[k]))
					return true;
	}
	return false;
}

/* vs NAME [netns SPEC] mark MARK address ADDR [ADDR...] */
static int vs_setting(struct options *o, char *value)
{
	struct conf_vs v = { 0 }, *grown;
	char *save = NULL, *tok;
	bool in_addresses = false;

	tok = strtok_r(value, " \t", &save);
	if (!tok || !ipc_vs_name_is_valid(tok))
		return -EINVAL;
	snprintf(v.name, sizeof(v.name), "%s", tok);
	while ((tok = strtok_r(NULL, " \t", &save)) != NULL) {
		if (strcmp(tok, "netns") == 0 && !v.netns) {
			tok = strtok_r(NULL, " \t", &save);
			if (!tok || !ipc_spec_is_valid(tok))
				goto invalid;
			v.netns = strdup(tok);
			if (!v.netns)
				return -ENOMEM;
			in_addresses = false;
		} else if (strcmp(tok, "mark") == 0 && !v.mark) {
			tok = strtok_r(NULL, " \t", &save);
			if (!tok || vsdef_parse_mark(tok, &v.mark) < 0)
				goto invalid;
			in_addresses = false;
		} else if (strcmp(tok, "address") == 0) {
			in_addresses = true;
		} else if (!in_addresses || vs_address(&v, tok) < 0) {
			goto invalid;
		}
	}
	if (!v.mark || !v.n_addrs || vs_clashes(o, &v))
		goto invalid;
	grown = realloc(o->vs, (o->n_vs + 1) * sizeof(*o->vs));
	if (!grown) {
		free(v.netns);
		return -ENOMEM;
	}
	o->vs = grown;
	o->vs[o->n_vs++] = v;
	return 0;
invalid:
	free(v.netns);
	return -EINVAL;
}

/* One "key value" line; 0, or -EINVAL for an unknown key or value. */
static int setting(struct options *o, const char *key, char *value)
{
	if (strcmp(key, "netns") == 0)
		return strv_add(&o->netns, value);
	if (strcmp(key, "netns-allow") == 0)
		return strv_add(&o->netns_allow, value);
	if (strcmp(key, "netns-deny") == 0)
		return strv_add(&o->netns_deny, value);
	if (strcmp(key, "vs") == 0)
		return vs_setting(o, value);
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

static int parse_file(struct options *o, FILE *f)
{
	char *line = NULL;
	size_t size = 0;
	unsigned int lineno = 0;
	int r = 0;

	while (r == 0 && getline(&line, &size, f) > 0) {
		lineno++;
		r = parse_line(o, line);
	}
	free(line);
	if (r < 0)
		log_warnx("%s:%u: not understood", o->config_path, lineno);
	return r;
}

int config_load(struct options *o, const struct options *cli)
{
	struct options next = { .config_path = o->config_path };
	FILE *f = fopen(o->config_path, "re");
	int r;

	if (!f && errno != ENOENT) {
		r = -errno;
		log_warn("cannot read '%s'", o->config_path);
		return r;
	}
	r = from_cli(&next, cli);
	if (r == 0 && f)
		r = parse_file(&next, f);
	if (f)
		fclose(f);
	if (r < 0) {
		policy_clear(&next);
		return r;
	}
	policy_clear(o);
	o->netns = next.netns;
	o->netns_allow = next.netns_allow;
	o->netns_deny = next.netns_deny;
	o->netns_processes = next.netns_processes;
	o->vs = next.vs;
	o->n_vs = next.n_vs;
	return 0;
}
