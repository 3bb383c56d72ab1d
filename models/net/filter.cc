// Concrete semantics of lowered filter rules, and packet printing.
#include "models/net/filter.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace vouch::net {
namespace {

bool HasPorts(int protocol) { return protocol == 6 || protocol == 17; }
bool IsIcmp(int protocol) { return protocol == 1 || protocol == 58; }

std::string ProtocolText(int protocol) {
  switch (protocol) {
    case 1: return "icmp";
    case 6: return "tcp";
    case 17: return "udp";
    case 58: return "icmpv6";
    default: return absl::StrCat("proto ", protocol);
  }
}

std::string Endpoint(const IpAddress& a, int port, bool with_port) {
  if (!with_port) return a.ToString();
  if (a.family == IpFamily::kV6) return absl::StrCat("[", a.ToString(), "]:", port);
  return absl::StrCat(a.ToString(), ":", port);
}

}  // namespace

std::string Packet::DebugString() const {
  bool ports = HasPorts(protocol);
  std::string s = absl::StrCat(ProtocolText(protocol), " ", Endpoint(src, src_port, ports),
                               " -> ", Endpoint(dst, dst_port, ports));
  if (IsIcmp(protocol)) absl::StrAppend(&s, " type ", icmp_type, " code ", icmp_code);
  return s;
}

Packet Packet::Reply() const {
  Packet r = *this;
  r.src = dst;
  r.dst = src;
  r.src_port = dst_port;
  r.dst_port = src_port;
  return r;
}

bool FilterRule::Matches(const Packet& p) const {
  if (protocol != -1 && protocol != p.protocol) return false;
  if (!src.Contains(p.src) || !dst.Contains(p.dst)) return false;
  if (HasPorts(p.protocol) && !dst_ports.Contains(p.dst_port)) return false;
  if (IsIcmp(p.protocol) && !(icmp_types.Contains(p.icmp_type) && icmp_codes.Contains(p.icmp_code))) {
    return false;
  }
  return true;
}

FilterResult Evaluate(const Filter& filter, const Packet& packet) {
  FilterResult result;
  for (const FilterRule& rule : filter.rules) {
    if (!rule.Matches(packet)) continue;
    if (rule.unresolved) {
      // A first-match filter stops at an unknown rule; a union keeps looking for a sure allow.
      if (result.unresolved_rule == nullptr) result.unresolved_rule = &rule;
      if (filter.kind == FilterKind::kFirstMatch) break;
      continue;
    }
    if (filter.kind == FilterKind::kAnyAllow && rule.action != RuleAction::kAllow) continue;
    result.verdict = rule.action == RuleAction::kAllow ? Verdict::kAllow : Verdict::kDeny;
    result.rule = &rule;
    return result;
  }
  result.verdict = result.unresolved_rule != nullptr ? Verdict::kUnknown : Verdict::kDeny;
  return result;
}

Cidr AnyAddress(IpFamily family) { return Cidr{IpAddress{family, 0}, 0}; }

}  // namespace vouch::net
