// JSON renderings of packets, hops, rules and routes.
#include "proofs/reach_json.h"

#include "absl/strings/str_cat.h"

namespace vouch::proofs {
namespace {

const char* ActionName(net::HopAction a) {
  switch (a) {
    case net::HopAction::kAllowed: return "allowed";
    case net::HopAction::kForwarded: return "forwarded";
    case net::HopAction::kTranslated: return "translated";
    case net::HopAction::kDelivered: return "delivered";
    case net::HopAction::kDropped: return "dropped";
    case net::HopAction::kUnknown: return "unknown";
  }
  return "unknown";
}

nlohmann::json RuleToJson(const net::RuleRef& r) {
  nlohmann::json j{{"component", r.component_id}, {"kind", r.kind}, {"egress", r.egress},
                   {"ruleNumber", r.rule_number}, {"source", r.source.DebugString()}};
  if (!r.peer.empty()) j["peer"] = r.peer;
  return j;
}

nlohmann::json RouteToJson(const net::LoweredRoute& r) {
  nlohmann::json j{{"destination", r.destination.ToString()},
                   {"targetKind", net::RouteTargetKindName(r.target_kind)},
                   {"target", r.target_id},
                   {"state", r.state == net::RouteState::kActive ? "active" : "blackhole"},
                   {"source", r.source.DebugString()}};
  if (!r.prefix_list_id.empty()) j["prefixList"] = r.prefix_list_id;
  return j;
}

nlohmann::json ComponentToJson(const net::Hop& hop) {
  nlohmann::json c{{"kind", hop.component_kind}, {"id", hop.component_id}};
  if (!hop.name.empty()) c["name"] = hop.name;
  return c;
}

}  // namespace

std::string ProtocolName(int protocol) {
  switch (protocol) {
    case 1: return "icmp";
    case 6: return "tcp";
    case 17: return "udp";
    case 58: return "icmpv6";
    case -1: return "all";
    default: return absl::StrCat(protocol);
  }
}

nlohmann::json PacketToJson(const net::Packet& p) {
  nlohmann::json j{{"src", p.src.ToString()}, {"dst", p.dst.ToString()},
                   {"protocol", ProtocolName(p.protocol)}, {"srcPort", p.src_port},
                   {"dstPort", p.dst_port}};
  if (p.protocol == 1 || p.protocol == 58) {
    j["icmpType"] = p.icmp_type;
    j["icmpCode"] = p.icmp_code;
  }
  return j;
}

nlohmann::json HopToJson(const net::Hop& hop) {
  nlohmann::json j{{"component", ComponentToJson(hop)}, {"action", ActionName(hop.action)},
                   {"packet", hop.packet.DebugString()}};
  if (!hop.direction.empty()) j["direction"] = hop.direction;
  if (hop.rule.has_value()) j["rule"] = RuleToJson(*hop.rule);
  if (hop.route.has_value()) j["route"] = RouteToJson(*hop.route);
  if (!hop.explanation_code.empty()) j["code"] = hop.explanation_code;
  if (!hop.detail.empty()) j["detail"] = hop.detail;
  return j;
}

nlohmann::json BlockerToJson(const net::Hop& hop) {
  nlohmann::json j{{"code", hop.explanation_code}, {"component", ComponentToJson(hop)},
                   {"detail", hop.detail}};
  if (!hop.direction.empty()) j["direction"] = hop.direction;
  j["rule"] = nullptr;
  j["source"] = nullptr;
  if (hop.rule.has_value()) {
    j["rule"] = RuleToJson(*hop.rule);
    j["source"] = hop.rule->source.DebugString();
  } else if (hop.route.has_value()) {
    j["rule"] = RouteToJson(*hop.route);
    j["source"] = hop.route->source.DebugString();
  }
  return j;
}

}  // namespace vouch::proofs
