/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uaddr.h - universal addresses (RFC 1833, RFC 5665) and the address
 * merging of GETADDR, GETVERSADDR and GETADDRLIST.
 *
 * Pure helpers: no I/O, no state.  Every function writes only to its
 * out-parameters and leaves ret_* untouched on failure.
 */
#ifndef PM_UADDR_H
#define PM_UADDR_H

#include <stddef.h>
#include <sys/socket.h>

struct pm_ifaddr;

/* The address family of a netid: "udp"/"tcp", "udp6"/"tcp6", "local". */
enum pm_family { PM_FAMILY_INET, PM_FAMILY_INET6, PM_FAMILY_LOCAL };

/*
 * Parse @uaddr of family @fam into *@ret_ss and *@ret_len.
 *  INET:  "h1.h2.h3.h4.p1.p2", six decimal fields 0..255 of 1-3 digits.
 *  INET6: "<IPv6 text>.p1.p2", split at the last two dots; the host part
 *         must pass inet_pton(AF_INET6) (so no scope id).
 *  LOCAL: an absolute path that fits sun_path with its NUL; *@ret_len is
 *         offsetof(sun_path) + strlen + 1.
 * Returns 0, or -EINVAL for a malformed address or a NULL argument.
 */
int pm_uaddr_parse(const char *uaddr, enum pm_family fam,
		   struct sockaddr_storage *ret_ss, socklen_t *ret_len);

/*
 * Format @sa (AF_INET, AF_INET6 or AF_UNIX, @len bytes) as a universal
 * address into @buf of @size bytes.  IPv6 uses inet_ntop()'s text without
 * scope id; AF_UNIX gives the path.  Returns the string's length; -EINVAL
 * for an unknown family, a short @len, or an empty or abstract AF_UNIX
 * path; -EMSGSIZE if @buf is too small (it then holds "" when @size > 0).
 */
int pm_uaddr_format(const struct sockaddr *sa, socklen_t len, char *buf,
		    size_t size);

/*
 * The port (0..65535) of an INET or INET6 universal address; -EINVAL if
 * @uaddr is malformed or @fam is LOCAL.
 */
int pm_uaddr_port(const char *uaddr, enum pm_family fam);

/*
 * Rewrite the @registered universal address of family @fam into one the
 * client can reach, as rpcbind's addrmerge() with FreeBSD's ranking.
 *
 * @registered is returned unchanged when @fam is LOCAL, when @client is
 * NULL or AF_UNIX (a local caller), when its host part is not a wildcard,
 * or when there is no candidate address.  Otherwise the result is the best
 * candidate's address with the registered port.  Candidates are the
 * entries of @ifs that are up and of @fam's family, skipping wildcard
 * addresses, then @arrival (the local address the request came in on; NULL
 * or of another family: none).  Scores: 5 equals @client, 4 equals
 * @arrival, 3 IPv6 link-local like @client, 2 its subnet holds @client,
 * 1 not loopback, 0 any; the first best wins.  @client is the request's
 * r_addr hint or else the peer; an IPv4-mapped IPv6 address counts as IPv4
 * for INET, and a client of another family only stops ranking against it.
 *
 * Returns the length of the result in @buf; -EINVAL if @registered is NULL
 * or (when it must be merged) malformed; -EMSGSIZE if @buf is too small
 * (it then holds "" when @size > 0).
 */
int pm_uaddr_merge(const char *registered, enum pm_family fam,
		   const struct sockaddr *client, socklen_t client_len,
		   const struct sockaddr *arrival, socklen_t arrival_len,
		   const struct pm_ifaddr *ifs, size_t n_ifs,
		   char *buf, size_t size);

/*
 * An IPv4 peer of a dual-stack AF_INET6 socket (IPV6_V6ONLY off) shows as
 * the v4-mapped address ::ffff:a.b.c.d.  Write to *@ret_ss the address an
 * AF_INET socket would have given (same IPv4 address and port) and its
 * length to *@ret_len; any other address (@len bytes, AF_INET, AF_INET6
 * or AF_UNIX) is copied as it is.  Returns 1 if @sa was v4-mapped, 0 if
 * copied, -EINVAL if @sa or an out-parameter is NULL or @len exceeds
 * struct sockaddr_storage.
 */
int pm_addr_unmap(const struct sockaddr *sa, socklen_t len,
		  struct sockaddr_storage *ret_ss, socklen_t *ret_len);

/*
 * The netid a request came by over an endpoint of @netid from @peer (@len
 * bytes): "udp" or "tcp" for a v4-mapped peer of a "udp6" or "tcp6"
 * endpoint, else @netid itself.  A static string or @netid.
 */
const char *pm_addr_netid(const char *netid, const struct sockaddr *peer,
			  socklen_t len);

#endif
