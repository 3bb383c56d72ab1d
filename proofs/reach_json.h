// JSON pieces shared by the network renderers (reach_report, exposure_report, network_claims):
// packets, hops, rules and routes, and the whole reports, to which the claims add theirs.
// Internal to proofs/ (nlohmann/json stays out of public headers).
#ifndef VOUCH_PROOFS_REACH_JSON_H_
#define VOUCH_PROOFS_REACH_JSON_H_

#include "engine/eval/net_trace.h"
#include "nlohmann/json.hpp"
#include "proofs/exposure_report.h"
#include "proofs/reach_report.h"

namespace vouch::proofs {

// {"src", "dst", "protocol", "srcPort", "dstPort"} (+ "icmpType", "icmpCode" for ICMP).
nlohmann::json PacketToJson(const net::Packet& p);
// {"component": {"id", "kind", "name"}, "direction", "action", "packet", "rule" | "route",
//  "code", "detail"}: empty fields are left out.
nlohmann::json HopToJson(const net::Hop& hop);
// The blocking form: {"code", "component", "direction", "rule", "source", "detail"}.
nlohmann::json BlockerToJson(const net::Hop& hop);
// The reports as ReachReportJson and ExposureReportJson print them.
nlohmann::json ReachReportToJson(const ReachReport& report);
nlohmann::json ExposureReportToJson(const ExposureReport& report);
// "tcp", "udp", "icmp", "icmpv6" or the number as text.
std::string ProtocolName(int protocol);

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_REACH_JSON_H_
