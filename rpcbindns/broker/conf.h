/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * conf.h - /etc/rpcbindns.conf, the namespace policy.
 *
 * One setting per line, '#' starts a comment:
 *   netns SPEC             serve this namespace (name, path or pid:N)
 *   netns-allow PATTERN    serve only namespaces whose name or path
 *                          matches one of these fnmatch(3) patterns
 *   netns-deny PATTERN     never serve these (deny wins)
 *   netns-processes yes|no also serve namespaces only processes hold
 * The command line's --netns, --netns-allow and --netns-deny add to the
 * file's; --netns-processes wins.
 */
#ifndef RPCBINDNS_CONF_H
#define RPCBINDNS_CONF_H

#include "options.h"

/*
 * (Re)build @o's namespace policy from @cli (the command line's) and the
 * file @o->config_path.  A missing file is no error.  On an unreadable
 * file or a bad line (logged) @o is left as it was and -errno or -EINVAL
 * returned.
 */
int config_load(struct options *o, const struct options *cli);

#endif
