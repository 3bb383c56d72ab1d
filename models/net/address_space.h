// Which addresses can be an internet peer.
//
// An internet gateway drops inbound packets from RFC 1918, RFC 6598 and other non-routable
// sources, so "reachable from the internet" means from an address outside these ranges. The
// concrete evaluator tests one address; the SMT encoder excludes the same list of ranges.
#ifndef VOUCH_MODELS_NET_ADDRESS_SPACE_H_
#define VOUCH_MODELS_NET_ADDRESS_SPACE_H_

#include <vector>

#include "models/base/ip.h"

namespace vouch::net {

// The ranges no internet peer can have: for IPv4 0.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10,
// 127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12, 192.0.0.0/24, 192.0.2.0/24 is kept routable
// (documentation addresses make readable examples), 192.168.0.0/16, 198.18.0.0/15,
// 224.0.0.0/4 and 240.0.0.0/4; for IPv6 ::/128, ::1/128, ::ffff:0:0/96 (IPv4-mapped
// addresses, which stand for IPv4 peers inside a host and never travel as IPv6), fc00::/7,
// fe80::/10, ff00::/8. 2001:db8::/32 is kept routable for the same reason as 192.0.2.0/24.
const std::vector<Cidr>& NonInternetRanges(IpFamily family);

// True if `a` is outside NonInternetRanges(a.family).
bool IsInternetAddress(const IpAddress& a);

// True for RFC 1918 (10/8, 172.16/12, 192.168/16) and RFC 6598 (100.64/10) addresses: the
// ones an internet gateway refuses as egress destinations and ingress sources.
bool IsPrivateAddress(const IpAddress& a);

}  // namespace vouch::net

#endif  // VOUCH_MODELS_NET_ADDRESS_SPACE_H_
