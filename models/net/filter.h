// The vendor-neutral filter core: packets, lowered filter rules, and their concrete semantics.
//
// Security groups and network ACLs (models/net/security_group.h, network_acl.h) are lowered
// (models/net/lower.h) into Filters of FilterRules, each rule one conjunction of simple tests
// and each keeping the RuleRef of the AWS rule it came from. The concrete evaluator
// (engine/eval/net_trace.h) runs Evaluate below; the SMT encoder (engine/smt) encodes the same
// rules and must agree with it.
//
//   FilterResult r = Evaluate(iface.sg_ingress, packet);
//   if (r.verdict == Verdict::kAllow) ... r.rule->origin names the permission that admitted it
#ifndef VOUCH_MODELS_NET_FILTER_H_
#define VOUCH_MODELS_NET_FILTER_H_

#include <string>
#include <vector>

#include "models/base/ip.h"
#include "models/base/source_ref.h"
#include "models/net/network_acl.h"

namespace vouch::net {

// One IP packet as a filter sees it. Ports count only for TCP (6) and UDP (17); ICMP type and
// code only for ICMP (1) and ICMPv6 (58); other fields are ignored for other protocols.
struct Packet {
  IpAddress src;
  IpAddress dst;
  int protocol = 6;  // IANA number, 0..255
  int src_port = 0;  // 0..65535
  int dst_port = 0;  // 0..65535
  int icmp_type = 0; // 0..255
  int icmp_code = 0; // 0..255

  bool operator==(const Packet&) const = default;
  // "tcp 203.0.113.5:40000 -> 10.0.0.5:443", "icmp 10.0.0.5 -> 10.0.1.7 type 8 code 0",
  // "proto 47 10.0.0.5 -> 10.0.1.7".
  std::string DebugString() const;
  // The reply: addresses and ports swapped (ICMP unchanged; vouch does not model echo-reply
  // type rewriting, AWS tracks ICMP replies statefully and ACLs see the same type ranges).
  Packet Reply() const;
};

// An inclusive range of port numbers, ICMP types or ICMP codes.
struct PortRange {
  int from = 0;
  int to = 65535;
  bool Contains(int v) const { return from <= v && v <= to; }
  bool operator==(const PortRange&) const = default;
};

// Where a lowered rule came from: the AWS component and rule, for explanations.
struct RuleRef {
  std::string component_id;  // "sg-...", "acl-..."
  std::string kind;          // "security-group" | "network-acl"
  bool egress = false;
  int rule_number = 0;       // NACL RuleNumber; for SGs the IpPermission's index
  std::string peer;          // the CIDR, prefix list id or group id the rule names, as written
  SourceRef source;          // the entry, or the IpRanges/PrefixListIds/UserIdGroupPairs element

  bool operator==(const RuleRef&) const = default;
};

// One lowered rule. A packet matches when all hold:
//   protocol == -1 or protocol == packet.protocol
//   src contains packet.src and dst contains packet.dst (so the families agree)
//   packet.protocol is 6 or 17  => dst_ports contains packet.dst_port
//   packet.protocol is 1 or 58  => icmp_types contains packet.icmp_type and icmp_codes contains
//                                  packet.icmp_code
// Lowering widens the ranges to everything where AWS ignores them (protocol -1, protocols other
// than tcp/udp/icmp/icmpv6, ICMPv6 without types), so the test above is uniform.
//
// `unresolved`: the peer side names something the snapshot cannot resolve (an AWS-managed
// prefix list without entries). Its src (ingress) or dst (egress) is then the whole address
// space of that side and a match means "maybe": an answer that depends on it is unknown.
struct FilterRule {
  RuleAction action = RuleAction::kAllow;
  int protocol = -1;
  Cidr src;
  Cidr dst;
  PortRange dst_ports{0, 65535};
  PortRange icmp_types{0, 255};
  PortRange icmp_codes{0, 255};
  bool unresolved = false;
  RuleRef origin;

  bool operator==(const FilterRule&) const = default;
  // True if `p` satisfies the conjunction above (ignoring `unresolved`).
  bool Matches(const Packet& p) const;
};

// How a filter combines its rules.
enum class FilterKind {
  kAnyAllow,    // security groups: allow-only, the union of all rules, else deny
  kFirstMatch,  // network ACLs: rules in order, the first that matches decides, else deny
};

struct Filter {
  FilterKind kind = FilterKind::kAnyAllow;
  std::vector<FilterRule> rules;  // kFirstMatch: in evaluation order (ascending RuleNumber)

  bool operator==(const Filter&) const = default;
};

enum class Verdict { kAllow, kDeny, kUnknown };

// The outcome of a filter on one packet. `rule` is the deciding rule (the first allow that
// matched for kAnyAllow, the first match for kFirstMatch), or null when nothing matched and
// the filter's implicit deny decided, or the verdict is unknown because an unresolved rule
// (`unresolved_rule`) might have decided.
struct FilterResult {
  Verdict verdict = Verdict::kDeny;
  const FilterRule* rule = nullptr;
  const FilterRule* unresolved_rule = nullptr;
};

// Concrete semantics of a filter. REQUIRES: `filter` outlives the result's pointers.
FilterResult Evaluate(const Filter& filter, const Packet& packet);

// The whole address space of a family: 0.0.0.0/0 or ::/0.
Cidr AnyAddress(IpFamily family);

}  // namespace vouch::net

#endif  // VOUCH_MODELS_NET_FILTER_H_
