// JSON pieces shared by the network renderers (reach_report, exposure_report): packets, hops,
// rules and routes. Internal to proofs/ (nlohmann/json stays out of public headers).
#ifndef VOUCH_PROOFS_REACH_JSON_H_
#define VOUCH_PROOFS_REACH_JSON_H_

#include "engine/eval/net_trace.h"
#include "nlohmann/json.hpp"

namespace vouch::proofs {

// {"src", "dst", "protocol", "srcPort", "dstPort"} (+ "icmpType", "icmpCode" for ICMP).
nlohmann::json PacketToJson(const net::Packet& p);
// {"component": {"id", "kind", "name"}, "direction", "action", "packet", "rule" | "route",
//  "code", "detail"}: empty fields are left out.
nlohmann::json HopToJson(const net::Hop& hop);
// The blocking form: {"code", "component", "direction", "rule", "source", "detail"}.
nlohmann::json BlockerToJson(const net::Hop& hop);
// "tcp", "udp", "icmp", "icmpv6" or the number as text.
std::string ProtocolName(int protocol);

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_REACH_JSON_H_
