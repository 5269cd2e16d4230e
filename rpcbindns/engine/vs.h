/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vs.h - the virtual servers (VS) of a served namespace, as the broker
 * defined them: addresses answered from a view of their own (the core's
 * pm_caller.vs and pm_entry.vs hold the id), replies sent under a mark
 * through sockets the broker made with it.
 */
#ifndef RPCBINDNS_VS_H
#define RPCBINDNS_VS_H

#include <stdbool.h>
#include <stdint.h>

#include "ipc.h"

struct nsctx;

struct vs {
	struct vs *next;
	uint32_t id;			/* 1..IPC_VS_MAX, the core's view */
	char name[IPC_VS_NAME_MAX];
	uint32_t mark;
	unsigned int n_addrs;
	struct ipc_vs_addr addrs[IPC_VS_ADDRS_MAX];
};

/* @ns's VS of @id or @name, or NULL. */
struct vs *vs_find_id(const struct nsctx *ns, uint32_t id);
struct vs *vs_find_name(const struct nsctx *ns, const char *name);

/* Define the VS @def describes in @ns, or redefine the one of its id
 * (a reload: same name, other addresses or mark).  Returns it, or NULL
 * out of memory or when its name belongs to another id. */
struct vs *vs_set(struct nsctx *ns, const struct ipc_vs *def);

/* Unlink and free @v; its view's registrations are the caller's. */
void vs_free(struct nsctx *ns, struct vs *v);

/* Free every VS of @ns. */
void vs_free_all(struct nsctx *ns);

#endif
