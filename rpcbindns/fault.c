/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fault.c - test-only fault injection (see fault.h); built only with
 * --enable-fault-injection.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "log.h"

#define FAULT_ENV	"RPCBINDNS_FAULTS"

struct fault {
	const char *name;
	int error;		/* errno of the real failure */
	unsigned long first, last;	/* calls to fail; 0: none */
	unsigned long calls;
};

static struct fault faults[FAULT_SITES] = {
	[FAULT_SETNS] = { "setns", EPERM, 0, 0, 0 },
	[FAULT_NSCTX_ALLOC] = { "nsctx_alloc", ENOMEM, 0, 0, 0 },
	[FAULT_CONN_ALLOC] = { "conn_alloc", ENOMEM, 0, 0, 0 },
	[FAULT_TABLE_ADD] = { "table_add", ENOMEM, 0, 0, 0 },
};

/* One "SITE:N" or "SITE:N-M"; false if malformed or unknown. */
static bool parse_one(const char *item)
{
	const char *colon = strchr(item, ':');
	unsigned long first, last;
	char *end;
	size_t i;

	if (!colon)
		return false;
	first = strtoul(colon + 1, &end, 10);
	last = first;
	if (*end == '-')
		last = strtoul(end + 1, &end, 10);
	if (*end != '\0' || first == 0 || last < first)
		return false;
	for (i = 0; i < FAULT_SITES; i++) {
		if (strlen(faults[i].name) == (size_t)(colon - item) &&
		    strncmp(faults[i].name, item, (size_t)(colon - item)) == 0) {
			faults[i].first = first;
			faults[i].last = last;
			return true;
		}
	}
	return false;
}

static void parse_env(void)
{
	const char *env = getenv(FAULT_ENV);
	char *list, *item, *save = NULL;

	if (!env || !*env)
		return;
	list = strdup(env);
	if (!list)
		fatalx("%s: out of memory", FAULT_ENV);
	for (item = strtok_r(list, ",", &save); item;
	     item = strtok_r(NULL, ",", &save))
		if (!parse_one(item))
			fatalx("%s: cannot use '%s'", FAULT_ENV, item);
	free(list);
	log_info("fault injection armed: %s", env);
}

bool fault_inject(enum fault_site site)
{
	static bool parsed;
	struct fault *f = &faults[site];

	if (!parsed) {
		parsed = true;
		parse_env();
	}
	f->calls++;
	if (f->calls < f->first || f->calls > f->last)
		return false;
	log_info("fault: injected %s (call %lu)", f->name, f->calls);
	errno = f->error;
	return true;
}
