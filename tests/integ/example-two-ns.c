/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * example-two-ns - the client library's motivating user: a server in the
 * host namespace that serves two virtual servers through sockets it
 * opened in their namespaces registers "program P version V at port N in
 * namespace X" for each, without entering them.
 *
 * usage: example-two-ns NS-A PORT-A NS-B PORT-B [unset]
 */
#include <stdio.h>
#include <stdlib.h>

#include <portmap.h>

#define PROG	300099
#define VERS	1

static int register_in(struct pm_client *c, const char *spec,
		       const char *port, int unset)
{
	char uaddr[PM_CLIENT_UADDR_MAX];
	uint64_t ns;
	int p = atoi(port), r;

	r = pm_client_resolve(spec, &ns);
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", spec, pm_client_strerror(r));
		return r;
	}
	snprintf(uaddr, sizeof(uaddr), "0.0.0.0.%d.%d", p >> 8, p & 0xff);
	r = unset ? pm_client_unset(c, ns, PROG, VERS, NULL) :
		    pm_client_set(c, ns, PROG, VERS, "tcp", uaddr);
	if (r == 0 && !unset)
		r = pm_client_getaddr(c, ns, PROG, VERS, "tcp", uaddr,
				  sizeof(uaddr));
	if (r < 0)
		fprintf(stderr, "%s: %s\n", spec, pm_client_strerror(r));
	else
		printf("%s %u/%u in '%s' (cookie %llu)%s%s\n",
		       unset ? "unregistered" : "registered", PROG, VERS, spec,
		       (unsigned long long)ns, unset ? "" : " at ",
		       unset ? "" : uaddr);
	return r;
}

int main(int argc, char **argv)
{
	struct pm_client *c;
	int unset = argc == 6, r;

	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: %s NS-A PORT-A NS-B PORT-B [unset]\n",
			argv[0]);
		return 2;
	}
	r = pm_client_open(NULL, &c);
	if (r < 0) {
		fprintf(stderr, "%s\n", pm_client_strerror(r));
		return 1;
	}
	r = register_in(c, argv[1], argv[2], unset);
	if (r == 0)
		r = register_in(c, argv[3], argv[4], unset);
	pm_client_close(c);
	return r < 0 ? 1 : 0;
}
