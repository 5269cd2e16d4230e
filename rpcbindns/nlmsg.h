/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nlmsg.h - netlink framing checks.
 */
#ifndef RPCBINDNS_NLMSG_H
#define RPCBINDNS_NLMSG_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True if every netlink message in @buf (@len bytes, as received) lies
 * inside it, padding included; libmnl's own checks do not suffice (see
 * nlmsg.c).  Check before mnl_cb_run().
 */
bool nlmsg_lengths_ok(const void *buf, size_t len);

#endif
