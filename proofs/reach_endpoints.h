// Naming the ends and packets of a network question: what `vouch reach --from/--to` and
// `vouch exposure --from` accept, resolved against a lowered network.
//
//   internet                   some public internet address of either family (0.0.0.0/0 and ::/0)
//   203.0.113.0/24, 0.0.0.0/1  internet addresses in the block, and interfaces whose private
//   2001:db8::/32, ::/0        (or IPv6) address lies in it (except for 0.0.0.0/0 and ::/0,
//                              which are the internet of one family)
//   10.0.1.5                   the interface holding that private address, else that address
//   i-0abc, "Web Server"       an instance (by id or Name tag): every interface it has
//   eni-0abc                   that interface
//   subnet-0abc                every interface in the subnet
//   sg-0abc                    every interface in the security group
#ifndef VOUCH_PROOFS_REACH_ENDPOINTS_H_
#define VOUCH_PROOFS_REACH_ENDPOINTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/smt/net_reach.h"
#include "models/net/lower.h"

namespace vouch::proofs {

// Resolves `text`. Errors are InvalidArgument: "unknown instance `i-x`", "unknown network
// interface `eni-x`", "unknown subnet `subnet-x`", "unknown security group `sg-x`", "no
// network interface is in security group `sg-x`", "no instance or interface is named `x`".
absl::StatusOr<smt::EndpointSet> ResolveEndpointSet(const net::LoweredNetwork& network,
                                                    absl::string_view text);

// The packets of a question: `protocol` is tcp, udp, icmp, icmpv6 or all; `port` is "" (all),
// "N" or "N-M" with 0 <= N <= M <= 65535. Errors (InvalidArgument): "unknown protocol `x`:
// expected tcp, udp, icmp, icmpv6 or all", "malformed port `x`: expected N or N-M with
// 0 <= N <= M <= 65535", "`--port` applies to tcp and udp, not icmp" (or icmpv6).
absl::StatusOr<smt::HeaderSpace> ParseHeaderSpace(absl::string_view protocol,
                                                  absl::string_view port);

// True when some address of `block` can be an internet peer.
bool HasInternetAddresses(const Cidr& block);

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_REACH_ENDPOINTS_H_
