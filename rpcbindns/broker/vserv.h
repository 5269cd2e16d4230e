/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vserv.h - virtual servers (VS) of a served namespace, as the broker
 * holds them: a name, a mark and addresses, and per address a UDP socket
 * and a TCP listener that carry the mark (setting one takes
 * CAP_NET_ADMIN, which only the broker has).  The engine learns of each
 * with IPC_VS_SET and gets its sockets as endpoints tagged with its id.
 */
#ifndef RPCBINDNS_VSERV_H
#define RPCBINDNS_VSERV_H

#include <stdbool.h>

#include "ipc.h"
#include "sockets.h"

struct bns;
struct options;

struct bvs {
	struct bvs *next;
	struct ipc_vs def;		/* as the engine is told */
	bool by_hand;			/* rpcinfo-ns --vs-add: a reload
					 * keeps it */
	bool configured;		/* the config file still has it */
	struct bsocks socks;
};

/*
 * Serve virtual server @def (its id is chosen here) in @ns.  0, -EEXIST
 * (its name is taken), -EADDRINUSE (an address belongs to another VS of
 * @ns), -ENOSPC (IPC_VS_MAX of them), -errno (its sockets: nothing is
 * kept).
 */
int vserv_add(struct bns *ns, const struct ipc_vs *def, bool by_hand);

/* Stop serving @ns's VS @name: its view goes too.  0 or -ENOENT. */
int vserv_remove(struct bns *ns, const char *name);

/* Apply the config file's VS (@o) to @ns: serve new ones, redefine
 * changed ones (their registrations stay), let go of those gone from it
 * (not those added by hand). */
void vserv_configure(struct bns *ns, const struct options *o);

/* Tell a new engine of @ns's VS, after its NS_ADD. */
void vserv_send_all(struct bns *ns);

/* Close @ns's VS sockets and forget them, telling no one: @ns goes. */
void vserv_free_all(struct bns *ns);

#endif
