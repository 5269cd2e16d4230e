/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rpcinfo-ns - rpcinfo for every network namespace served by rpcbindns.
 *
 * With rpcinfo's options it prints what rpcinfo prints, byte for byte,
 * for the namespace named by -N (default: the one it runs in): tables
 * (-p, -s, the v4 dump, -m) come through the daemon's admin socket, so no
 * namespace is entered; pings (-T, -u, -t, -a, -l, -b) and queries of
 * another host are made from inside the namespace.  Its own options show
 * every namespace at once (--all), list them (--list), attach and detach
 * them, define virtual servers and act in their views (--vs-*, --vs), and
 * speak JSON (--json).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <netdb.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netconfig.h>
#include <rpc/rpc.h>
#include <rpc/pmap_prot.h>
#include <rpc/rpcb_prot.h>

#include "portmap.h"
#include "rpcinfo-ns.h"

#define PROG_NAME	"rpcinfo-ns"

static struct pm_client *client;

void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG_NAME ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

struct pm_client *admin(void)
{
	int r;

	if (client)
		return client;
	r = pm_client_open(NULL, &client);
	if (r < 0)
		die("%s", pm_client_strerror(r));
	return client;
}

/* The namespace -N names, or the one we run in. */
uint64_t target_ns(const char *spec)
{
	uint64_t cookie;
	int r = pm_client_resolve(spec ? spec : "/proc/self/ns/net", &cookie);

	if (r < 0)
		die("namespace '%s': %s", spec ? spec : "(own)",
		    pm_client_strerror(r));
	return cookie;
}

static bool is_cookie(const char *spec)
{
	unsigned long long cookie;
	char tail;

	return sscanf(spec, "cookie:%llu%c", &cookie, &tail) == 1 ||
	       sscanf(spec, "%llu%c", &cookie, &tail) == 1;
}

/* A cookie names no file: ask the daemon what it knows the namespace by. */
static int open_by_cookie(const char *spec)
{
	struct pm_client_ns_info *v;
	uint64_t cookie;
	size_t n, i;
	int fd = -ENOENT;

	if (pm_client_resolve(spec, &cookie) < 0 ||
	    pm_client_list(admin(), &v, &n) < 0)
		return -ENOENT;
	for (i = 0; i < n; i++)
		if (v[i].cookie == cookie)
			fd = v[i].host ? pm_client_netns_open("/proc/self/ns/net") :
					 pm_client_netns_open(v[i].label);
	free(v);
	return fd;
}

/* Move into the namespace @spec names, to act from inside it. */
void enter_ns(const char *spec)
{
	int fd;

	if (!spec)
		return;
	fd = is_cookie(spec) ? open_by_cookie(spec) : pm_client_netns_open(spec);
	if (fd < 0)
		die("namespace '%s': %s", spec, pm_client_strerror(fd));
	if (setns(fd, CLONE_NEWNET) < 0)
		die("cannot enter namespace '%s': %s", spec, strerror(errno));
	close(fd);
}

/* ---- portmapper calls through the admin socket ---------------------- */

/* Call @proc of portmapper version @vers in view @vs of @ns; decode with
 * @xres. */
void ns_call(uint64_t ns, const char *vs, rpcvers_t vers, rpcproc_t proc,
	     xdrproc_t xargs, void *args, xdrproc_t xres, void *res)
{
	static char buf[PM_CLIENT_CALL_MAX], reply_buf[256 * 1024];
	struct rpc_msg msg = { .rm_xid = (uint32_t)getpid(),
			       .rm_direction = CALL };
	struct rpc_msg reply;
	XDR x;
	int n;

	msg.rm_call.cb_rpcvers = RPC_MSG_VERSION;
	msg.rm_call.cb_prog = PMAPPROG;
	msg.rm_call.cb_vers = vers;
	msg.rm_call.cb_proc = proc;
	msg.rm_call.cb_cred = _null_auth;
	msg.rm_call.cb_verf = _null_auth;
	xdrmem_create(&x, buf, sizeof(buf), XDR_ENCODE);
	if (!xdr_callmsg(&x, &msg) || (xargs && !xargs(&x, args)))
		die("cannot encode the call");
	n = pm_client_vs_call(admin(), ns, vs, buf, xdr_getpos(&x), reply_buf,
			      sizeof(reply_buf));
	if (vs && n == -ENOENT)
		die("virtual server '%s': %s", vs, pm_client_strerror(n));
	if (n < 0)
		die("can't contact rpcbindns: %s", pm_client_strerror(n));
	memset(&reply, 0, sizeof(reply));
	reply.acpted_rply.ar_results.where = res;
	reply.acpted_rply.ar_results.proc = xres;
	xdrmem_create(&x, reply_buf, (u_int)n, XDR_DECODE);
	if (!xdr_replymsg(&x, &reply) ||
	    reply.rm_reply.rp_stat != MSG_ACCEPTED ||
	    reply.acpted_rply.ar_stat != SUCCESS)
		die("can't contact rpcbind: the call failed");
}

/* ---- tables through the admin socket -------------------------------- */

static void table(uint64_t ns, const char *vs, int type, const char *column)
{
	struct pmaplist *pl = NULL;
	rpcblist_ptr rl = NULL;
	rpcb_stat_byvers st;

	if (type == DUMP_PMAP) {
		ns_call(ns, vs, PMAPVERS, PMAPPROC_DUMP, NULL, NULL,
			(xdrproc_t)xdr_pmaplist_ptr, &pl);
		print_pmaplist(pl, column);
		xdr_free((xdrproc_t)xdr_pmaplist_ptr, (char *)&pl);
	} else if (type == DUMP_STATS) {
		memset(&st, 0, sizeof(st));
		ns_call(ns, vs, RPCBVERS4, RPCBPROC_GETSTAT, NULL, NULL,
			(xdrproc_t)xdr_rpcb_stat_byvers, st);
		print_stats(st);
		xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)st);
	} else {
		ns_call(ns, vs, RPCBVERS4, RPCBPROC_DUMP, NULL, NULL,
			(xdrproc_t)xdr_rpcblist_ptr, &rl);
		if (type == DUMP_SHORT)
			print_rpcblist_short(rl);
		else
			print_rpcblist(rl, column);
		xdr_free((xdrproc_t)xdr_rpcblist_ptr, (char *)&rl);
	}
}

void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

static struct pm_client_ns_info *list(size_t *ret_n)
{
	struct pm_client_ns_info *v;
	int r = pm_client_list(admin(), &v, ret_n);

	if (r < 0)
		die("%s", pm_client_strerror(r));
	return v;
}

struct json_dump {
	const struct pm_client_ns_info *ns;
	bool first;
};

static int json_entry(const struct pm_client_entry *e, void *data)
{
	struct json_dump *j = data;
	struct rpcent *rpc = getrpcbynumber((int)e->prog);

	printf("%s\n  {\"namespace\": ", j->first ? "" : ",");
	json_string(j->ns->label);
	printf(", \"cookie\": %" PRIu64 ", \"program\": %u, \"version\": %u"
	       ", \"netid\": ", j->ns->cookie, e->prog, e->vers);
	json_string(e->netid);
	printf(", \"address\": ");
	json_string(e->uaddr);
	printf(", \"service\": ");
	json_string(rpc ? rpc->r_name : "");
	printf(", \"owner\": ");
	json_string(e->owner);
	printf(", \"vs\": ");
	json_string(e->vs);
	printf("}");
	j->first = false;
	return 0;
}

/* --all: every namespace's table, with the namespace in front (and with
 * -p or --json the virtual server of each registration). */
static int all_tables(int type, bool json)
{
	struct json_dump j = { .first = true };
	struct pm_client_ns_info *v;
	size_t n, i;
	int r;

	v = list(&n);
	if (json)
		printf("[");
	for (i = 0; i < n; i++) {
		if (json) {
			j.ns = &v[i];
			r = pm_client_entries(admin(), v[i].cookie, json_entry,
					      &j);
			if (r < 0)
				die("%s", pm_client_strerror(r));
		} else if (type == DUMP_PMAP) {
			pmap_table_with_vs(v[i].cookie, v[i].label);
		} else {
			table(v[i].cookie, NULL, type, v[i].label);
		}
	}
	if (json)
		printf("\n]\n");
	free(v);
	return 0;
}

static int list_namespaces(bool json)
{
	struct pm_client_ns_info *v;
	size_t n, i;

	v = list(&n);
	if (!json)
		printf("%-20s %-32s %-26s %13s %11s %7s %7s\n", "cookie",
		       "namespace", "endpoints", "registrations",
		       "connections", "dropped", "limited");
	for (i = 0; i < n && !json; i++)
		printf("%-20" PRIu64 " %-32s %-26s %13u %11u %7" PRIu64
		       " %7" PRIu64 "\n",
		       v[i].cookie, v[i].host ? "(host)" : v[i].label,
		       v[i].endpoint_set, v[i].registrations,
		       v[i].connections, v[i].dropped, v[i].rate_limited);
	for (i = 0; json && i < n; i++) {
		printf("%s\n  {\"cookie\": %" PRIu64 ", \"namespace\": ",
		       i ? "," : "[", v[i].cookie);
		json_string(v[i].label);
		printf(", \"host\": %s, \"endpoints\": %u, \"transports\": ",
		       v[i].host ? "true" : "false", v[i].endpoints);
		json_string(v[i].endpoint_set);
		printf(", \"registrations\": %u, \"connections\": %u, "
		       "\"dropped\": %" PRIu64 ", \"rate_limited\": %" PRIu64
		       "}", v[i].registrations, v[i].connections, v[i].dropped,
		       v[i].rate_limited);
	}
	if (json)
		printf("%s\n]\n", n ? "" : "[");
	free(v);
	return 0;
}

static int status(bool json)
{
	struct pm_client_status st;
	struct pm_client_limits l;
	int r = pm_client_status(admin(), &st);

	if (r < 0)
		die("%s", pm_client_strerror(r));
	printf(json ? "{\"version\": \"%s\", \"uptime\": %" PRIu64
		      ", \"namespaces\": %u, \"connections\": %u, "
		      "\"open_fds\": %u, \"max_connections\": %u, "
		      "\"max_connections_per_ns\": %u" :
		      "version:                %s\nuptime:                 %"
		      PRIu64 " s\nnamespaces:             %u\nconnections:"
		      "            %u\nopen fds:               %u\nmax "
		      "connections:        %u\nmax connections per ns: %u\n",
	       st.version, st.uptime, st.namespaces, st.connections,
	       st.open_fds, st.max_connections, st.max_connections_per_ns);
	/* an older daemon does not tell */
	r = pm_client_limits(admin(), &l);
	if (r < 0 && r != -EOPNOTSUPP)
		die("%s", pm_client_strerror(r));
	if (r == 0)
		printf(json ? ", \"fd_limit\": %" PRIu64 ", \"fd_reserve\": %"
			      PRIu64 ", \"fds_per_ns\": %u, \"waiting\": %u" :
			      "fd limit:               %" PRIu64 " (%" PRIu64
			      " kept for connections and files)\nfds per "
			      "namespace:      %u\nnamespaces waiting:     "
			      "%u\n",
		       l.fd_limit, l.fd_reserve, l.fds_per_ns, l.waiting);
	if (json)
		printf("}\n");
	return 0;
}

static int attach_detach(const char *spec, bool attach)
{
	uint64_t cookie = 0;
	int r = attach ? pm_client_attach(admin(), spec, &cookie) :
			 pm_client_detach(admin(), spec);

	if (r < 0)
		die("%s '%s': %s", attach ? "attach" : "detach", spec,
		    pm_client_strerror(r));
	if (attach)
		printf("serving '%s' (cookie %" PRIu64 ")\n", spec, cookie);
	else
		printf("no longer serving '%s'\n", spec);
	return 0;
}

static void json_counts(const char *name, const rpcb_stat *s, bool last)
{
	int i;

	printf("  \"%s\": {\"calls\": [", name);
	for (i = 0; i < RPCBSTAT_HIGHPROC; i++)
		printf(i ? ", %d" : "%d", s->info[i]);
	printf("], \"set\": %d, \"unset\": %d}%s\n", s->setinfo,
	       s->unsetinfo, last ? "" : ",");
}

/* Add @from's counters to @to's (the lookup and remote-call lists,
 * which name programs, stay per namespace). */
static void add_counts(rpcb_stat_byvers to, rpcb_stat_byvers from)
{
	int v, i;

	for (v = 0; v < RPCBVERS_STAT; v++) {
		for (i = 0; i < RPCBSTAT_HIGHPROC; i++)
			to[v].info[i] += from[v].info[i];
		to[v].setinfo += from[v].setinfo;
		to[v].unsetinfo += from[v].unsetinfo;
	}
}

/* The GETSTAT of @spec's namespace (of its VS @vs if not NULL), or with
 * @all the sum over all. */
static void collect_stats(const char *spec, const char *vs, bool all,
			  rpcb_stat_byvers st)
{
	struct pm_client_ns_info *v;
	rpcb_stat_byvers one;
	size_t n, i;

	memset(st, 0, sizeof(rpcb_stat_byvers));
	if (!all) {
		ns_call(target_ns(spec), vs, RPCBVERS4, RPCBPROC_GETSTAT,
			NULL, NULL, (xdrproc_t)xdr_rpcb_stat_byvers, st);
		return;
	}
	v = list(&n);
	for (i = 0; i < n; i++) {
		memset(&one, 0, sizeof(one));
		ns_call(v[i].cookie, NULL, RPCBVERS4, RPCBPROC_GETSTAT, NULL,
			NULL, (xdrproc_t)xdr_rpcb_stat_byvers, one);
		add_counts(st, one);
		xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)one);
	}
	free(v);
}

/* --stats: GETSTAT as rpcinfo -m prints it, or as JSON; with --all the
 * counts of every namespace added up, with @vs those of that VS. */
static int stats(const char *spec, const char *vs, bool all, bool json)
{
	rpcb_stat_byvers st;

	collect_stats(spec, vs, all, st);
	if (!json) {
		print_stats(st);
	} else {
		if (all)
			printf("{\n  \"namespaces\": \"all\",\n");
		else
			printf("{\n  \"cookie\": %" PRIu64 ",\n",
			       target_ns(spec));
		if (vs) {
			printf("  \"vs\": ");
			json_string(vs);
			printf(",\n");
		}
		json_counts("v2", &st[RPCBVERS_2_STAT], false);
		json_counts("v3", &st[RPCBVERS_3_STAT], false);
		json_counts("v4", &st[RPCBVERS_4_STAT], true);
		printf("}\n");
	}
	xdr_free((xdrproc_t)xdr_rpcb_stat_byvers, (char *)st);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: rpcinfo-ns [-N ns] [-m | -s] [host]\n"
"       rpcinfo-ns [-N ns] -p [host]\n"
"       rpcinfo-ns [-N ns] -T netid host prognum [versnum]\n"
"       rpcinfo-ns [-N ns] -l host prognum versnum\n"
"       rpcinfo-ns [-N ns] [-n portnum] -u | -t host prognum [versnum]\n"
"       rpcinfo-ns [-N ns] -a serv_address -T netid prognum [version]\n"
"       rpcinfo-ns [-N ns] -b prognum versnum\n"
"       rpcinfo-ns [-N ns] -d [-T netid] prognum versnum\n"
"       rpcinfo-ns --all [-p | -s] [--json]\n"
"       rpcinfo-ns --list | --status | --stats [-N ns | --all] [--json]\n"
"       rpcinfo-ns --attach ns | --detach ns\n"
"       rpcinfo-ns [-N ns] --vs-add name --mark mark address...\n"
"       rpcinfo-ns [-N ns] --vs-del name\n"
"       rpcinfo-ns --vs-list [-N ns | --all] [--json]\n"
"       rpcinfo-ns [-N ns] --vs name [-p | -s | -m]\n"
"       rpcinfo-ns [-N ns] [--vs name] --set serv_address -T netid "
"prognum versnum\n"
"       rpcinfo-ns [-N ns] --vs name -d [-T netid] prognum versnum\n"
"       rpcinfo-ns --stats [-N ns] --vs name [--json]\n"
"ns: a name under /run/netns, a path, pid:N or cookie:N\n");
}

struct args {
	const char *ns, *netid, *uaddr, *attach, *detach;
	const char *vs, *vs_add, *vs_del, *mark;
	int mode;		/* an rpcinfo option letter, or 0 */
	bool all, list, status, stats, json, vs_list;
};

enum { OPT_ALL = 256, OPT_LIST, OPT_STATUS, OPT_STATS, OPT_ATTACH,
       OPT_DETACH, OPT_JSON, OPT_HELP, OPT_VS, OPT_VS_ADD, OPT_VS_DEL,
       OPT_VS_LIST, OPT_MARK, OPT_SET };

static void set_mode(struct args *a, int mode)
{
	if (a->mode && a->mode != mode) {
		usage(stderr);
		exit(1);
	}
	a->mode = mode;
}

static int parse(int argc, char **argv, struct args *a)
{
	static const struct option longopts[] = {
		{ "netns", required_argument, NULL, 'N' },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "status", no_argument, NULL, OPT_STATUS },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "attach", required_argument, NULL, OPT_ATTACH },
		{ "detach", required_argument, NULL, OPT_DETACH },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "vs", required_argument, NULL, OPT_VS },
		{ "vs-add", required_argument, NULL, OPT_VS_ADD },
		{ "vs-del", required_argument, NULL, OPT_VS_DEL },
		{ "vs-list", no_argument, NULL, OPT_VS_LIST },
		{ "set", required_argument, NULL, OPT_SET },
		{ "mark", required_argument, NULL, OPT_MARK },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "N:a:bdlmn:pstT:u", longopts,
				 NULL)) != -1) {
		switch (ch) {
		case 'N': a->ns = optarg; break;
		case 'T': a->netid = optarg; break;
		case 'a': a->uaddr = optarg; set_mode(a, 'a'); break;
		case 'n': getvers(optarg); break;	/* as rpcinfo: unused */
		case OPT_ALL: a->all = true; break;
		case OPT_LIST: a->list = true; break;
		case OPT_STATUS: a->status = true; break;
		case OPT_STATS: a->stats = true; break;
		case OPT_ATTACH: a->attach = optarg; break;
		case OPT_DETACH: a->detach = optarg; break;
		case OPT_JSON: a->json = true; break;
		case OPT_VS: a->vs = optarg; break;
		case OPT_VS_ADD: a->vs_add = optarg; break;
		case OPT_VS_DEL: a->vs_del = optarg; break;
		case OPT_VS_LIST: a->vs_list = true; break;
		case OPT_MARK: a->mark = optarg; break;
		case OPT_SET: a->uaddr = optarg; set_mode(a, OPT_SET); break;
		case OPT_HELP: usage(stdout); exit(0);
		case 'b': case 'd': case 'l': case 'm': case 'p': case 's':
		case 't': case 'u':
			set_mode(a, ch);
			break;
		default:
			usage(stderr);
			exit(1);
		}
	}
	return optind;
}

static int delete_registration(const struct args *a, int argc, char **argv)
{
	uint64_t ns;
	int r;

	if (argc != 2) {
		usage(stderr);
		exit(1);
	}
	ns = target_ns(a->ns);
	r = pm_client_vs_unset(admin(), ns, a->vs, getprognum(argv[0]),
			       getvers(argv[1]), a->netid);
	if (r < 0)
		die("Could not delete registration for prog %s version %s",
		    argv[0], argv[1]);
	return 0;
}

/* --set: register, namespace-wide or (--vs) in a VS's view; rpcinfo
 * itself cannot. */
static int add_registration(const struct args *a, int argc, char **argv)
{
	int r;

	if (argc != 2 || !a->netid) {
		usage(stderr);
		exit(1);
	}
	r = pm_client_vs_set(admin(), target_ns(a->ns), a->vs,
			     (uint32_t)getprognum(argv[0]),
			     (uint32_t)getvers(argv[1]), a->netid, a->uaddr);
	if (r < 0)
		die("Could not register prog %s version %s%s%s: %s",
		    argv[0], argv[1], a->vs ? " in " : "", a->vs ? a->vs : "",
		    pm_client_strerror(r));
	return 0;
}

static int table_mode(const struct args *a, int type, int argc, char **argv)
{
	if (argc > 1) {
		usage(stderr);
		exit(1);
	}
	if (argc == 1 && !a->vs) {
		enter_ns(a->ns);
		return remote_dump(argv[0], type);
	}
	if (argc == 1) {	/* a view is the daemon's, not another host's */
		usage(stderr);
		exit(1);
	}
	table(target_ns(a->ns), a->vs, type, NULL);
	return 0;
}

/* What rpcinfo itself would do, for the namespace -N names. */
static int rpcinfo_mode(const struct args *a, int argc, char **argv)
{
	switch (a->mode) {
	case 'd':
		return delete_registration(a, argc, argv);
	case 'p':
		return table_mode(a, DUMP_PMAP, argc, argv);
	case 's':
		return table_mode(a, DUMP_SHORT, argc, argv);
	case 'm':
		return table_mode(a, DUMP_STATS, argc, argv);
	}
	if (!a->mode && !a->netid)
		return table_mode(a, DUMP_LONG, argc, argv);
	if (a->mode == OPT_SET)
		return add_registration(a, argc, argv);
	if (a->vs) {		/* calls and broadcasts have no view */
		usage(stderr);
		exit(1);
	}
	enter_ns(a->ns);
	switch (a->mode) {
	case 'b':
		return broadcast(argc, argv);
	case 'l':
		return addrlist(a->netid, argc, argv);
	case 'a':
		return ping_addr(a->uaddr, a->netid, argc, argv);
	case 'u':
		return ping_ip("udp", argc, argv);
	case 't':
		return ping_ip("tcp", argc, argv);
	}
	return ping_netid(a->netid, argc, argv);
}

int main(int argc, char **argv)
{
	struct args a = { 0 };
	int first = parse(argc, argv, &a), r;

	argc -= first;
	argv += first;
	/* --mark goes with --vs-add, --vs with the views of one namespace */
	if ((a.mark && !a.vs_add) ||
	    (a.vs && (a.all || a.list || a.status || a.attach || a.detach ||
		      a.vs_add || a.vs_del || a.vs_list))) {
		usage(stderr);
		exit(1);
	}
	if (a.attach || a.detach)
		r = attach_detach(a.attach ? a.attach : a.detach, !!a.attach);
	else if (a.vs_add)
		r = vs_add(a.ns, a.vs_add, a.mark, argc, argv);
	else if (a.vs_del)
		r = vs_del(a.ns, a.vs_del);
	else if (a.vs_list)
		r = vs_list(a.ns, a.all, a.json);
	else if (a.list)
		r = list_namespaces(a.json);
	else if (a.status)
		r = status(a.json);
	else if (a.stats)
		r = stats(a.ns, a.vs, a.all, a.json);
	else if (a.all)
		r = all_tables(a.mode == 'p' ? DUMP_PMAP : a.mode == 's' ?
			       DUMP_SHORT : DUMP_LONG, a.json);
	else
		r = rpcinfo_mode(&a, argc, argv);
	pm_client_close(client);
	return r;
}
