/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nlmsg.c - netlink framing checks, for the broker's NSID socket and the
 * engine's rtnetlink sockets alike.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <libmnl/libmnl.h>

#include "nlmsg.h"

/*
 * True if every message in @buf, padded to 4 bytes as the kernel sends
 * it, lies inside @buf.  libmnl 1.0.4 checks less: mnl_nlmsg_ok() compares
 * nlmsg_len as an int, so a length of 2^31 or more passes and
 * mnl_cb_run() steps 4 GiB past the buffer, and mnl_attr_for_each() reads
 * attributes up to the padded end of the last message.  Root in a served
 * namespace can send us any message.
 */
bool nlmsg_lengths_ok(const void *buf, size_t len)
{
	const struct nlmsghdr *nlh;
	size_t off = 0;

	while (len - off >= sizeof(*nlh)) {
		nlh = (const struct nlmsghdr *)((const char *)buf + off);
		if (nlh->nlmsg_len < sizeof(*nlh))
			break;		/* where mnl_cb_run() stops */
		if (nlh->nlmsg_len > len - off ||
		    MNL_ALIGN(nlh->nlmsg_len) > len - off)
			return false;
		off += MNL_ALIGN(nlh->nlmsg_len);
	}
	return true;
}
