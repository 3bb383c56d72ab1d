// `--self-check` for `vouch reach`: the SMT answer against exhaustive concrete enumeration.
//
// When the question's packet space is small enough to enumerate (few addresses on each side,
// one protocol, a narrow destination port range), every packet is traced with the concrete
// evaluator: an unreachable answer must see none accepted, a reachable one at least one. A
// disagreement is an Internal error (exit 4). Larger spaces are skipped, saying so.
#ifndef VOUCH_PROOFS_REACH_SELF_CHECK_H_
#define VOUCH_PROOFS_REACH_SELF_CHECK_H_

#include <string>

#include "absl/status/statusor.h"
#include "engine/smt/net_reach.h"
#include "models/net/lower.h"

namespace vouch::proofs {

struct SelfCheckLimits {
  long max_packets = 4'000'000;  // packets to trace before the space counts as too large
};

// Returns a one-line summary ("agrees with 65536 concrete packets", "skipped: ..."), or
// Internal naming the packet the engines disagree on.
absl::StatusOr<std::string> SelfCheckReach(const net::LoweredNetwork& network,
                                           const smt::EndpointSet& from,
                                           const smt::EndpointSet& to,
                                           const smt::HeaderSpace& header,
                                           const smt::ReachAnswer& answer,
                                           const SelfCheckLimits& limits = {});

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_REACH_SELF_CHECK_H_
