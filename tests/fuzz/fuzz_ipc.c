/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_ipc.c - libFuzzer harness for the broker-engine message decoder.
 *
 * Input: [dir][nfds][message].  The dir byte picks which side receives
 * it (the broker decodes what the engine sends, and the other way round),
 * nfds how many descriptors came with it.  What the decoder lets through
 * is read the way the receiver reads it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ipc.h"

static volatile size_t sink;

static void use(const struct ipc_msg *m)
{
	size_t i;

	switch (m->type) {
	case IPC_NS_ADD:
		sink += strlen(m->u.ns_add->label) + ipc_ns_add_fds(m->u.ns_add);
		for (i = 0; i < m->u.ns_add->n_endpoints; i++)
			sink += strlen(ipc_netid_name(
				m->u.ns_add->endpoints[i].netid));
		break;
	case IPC_EP_ADD:
		sink += strlen(ipc_netid_name(m->u.ep_add->endpoint.netid));
		break;
	case IPC_ATTACH:
	case IPC_DETACH:
		sink += strlen(m->u.spec);
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipc_msg m;
	void *buf;

	if (size < 2)
		return 0;
	/* An exact-size copy, so that ASan sees reads past the end; malloc
	 * aligns it as the receive buffers are. */
	buf = malloc(size - 2 ? size - 2 : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 2, size - 2);
	if (ipc_decode(data[0] & 1 ? IPC_TO_BROKER : IPC_TO_ENGINE, buf,
		       size - 2, data[1], &m) == 0)
		use(&m);
	free(buf);
	return 0;
}
