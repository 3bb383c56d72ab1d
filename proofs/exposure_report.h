// Rendering `vouch exposure`: every interface reachable from the internet (or a block), with
// the exact protocols, ports and source ranges that get through, each with a replayed witness.
//
// JSON shape:
//   {"from": "internet",
//    "exposed": [{"networkInterfaceId", "instanceId", "name", "publicIps": [...],
//                 "services": [{"protocol": "tcp", "ports": "3389" | "1024-2047",
//                               ["icmpTypes", "icmpCodes"], "sources": ["0.0.0.0/5", ...]
//                               (IPv6 blocks for IPv6 exposure: "publicIps" then lists the
//                               global IPv6 addresses reached),
//                               "sourcesSummary": "every internet address except ...",
//                               "witness": {"packet": {...}, "forwardPath": [...],
//                                           "returnPath": [...]}}]}],
//    "unknown": [{"networkInterfaceId", "reason"}],
//    "scale": {"interfaces", "candidates", "classes", "loadMs", "computeMs"},
//    "selfCheck": "..."}
#ifndef VOUCH_PROOFS_EXPOSURE_REPORT_H_
#define VOUCH_PROOFS_EXPOSURE_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/eval/net_trace.h"
#include "engine/smt/exposure.h"
#include "models/net/lower.h"

namespace vouch::proofs {

struct ExposureReport {
  std::string from;  // as the user wrote it
  Cidr from_block;   // what it means for IPv4 sources (0.0.0.0/0 for `internet`)
  Cidr from_block_v6{IpAddress{IpFamily::kV6, 0}, 0};  // and for IPv6 ones (::/0 for `internet`)
  smt::ExposureResult result;
  // The replayed trace of each service's witness, in result order (interface, service).
  std::vector<std::vector<net::PacketTrace>> paths;
  double load_ms = 0, compute_ms = 0;
  std::string self_check;  // "" when not run
};

// Replays every witness of `result` (proofs/witness_check.h); Internal if one does not replay.
absl::StatusOr<std::vector<std::vector<net::PacketTrace>>> ReplayExposure(
    const net::LoweredNetwork& network, const smt::ExposureResult& result);

// Cross-checks each candidate interface with the SMT engine: reachable from `from` exactly
// when it has services, unknown exactly when listed unknown. Internal on a disagreement;
// otherwise a one-line summary.
absl::StatusOr<std::string> SelfCheckExposure(const net::LoweredNetwork& network,
                                              const Cidr& from, const smt::ExposureResult& result);

std::string ExposureReportJson(const ExposureReport& report);
std::string ExposureReportText(const ExposureReport& report);

// One way in, as the text report lists it: "tcp port 3389 from every internet address".
std::string ServiceSummary(const smt::ExposedService& s, const ExposureReport& report);

// "3389", "1024-2047", "all".
std::string PortsText(const net::PortRange& r, int max);

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_EXPOSURE_REPORT_H_
