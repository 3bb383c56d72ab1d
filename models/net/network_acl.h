// Network ACLs as AWS describes them (describe-network-acls `NetworkAcls[]`).
//
// Stateless, ordered by RuleNumber, first match wins, IPv4 and IPv6 entries independent. The
// `*` entries (RuleNumber 32767 for IPv4, 32768 for IPv6) appear in the API output and are kept
// as ordinary deny entries.
#ifndef VOUCH_MODELS_NET_NETWORK_ACL_H_
#define VOUCH_MODELS_NET_NETWORK_ACL_H_

#include <optional>
#include <string>
#include <vector>

#include "models/base/ip.h"
#include "models/base/source_ref.h"

namespace vouch::net {

enum class RuleAction { kAllow, kDeny };

struct NetworkAclPortRange {
  int from = 0;
  int to = 65535;
  bool operator==(const NetworkAclPortRange&) const = default;
};

// ICMP type and code; -1 is "all".
struct IcmpTypeCode {
  int type = -1;
  int code = -1;
  bool operator==(const IcmpTypeCode&) const = default;
};

// One entry. `protocol` is the IANA number (-1: all); `port_range` counts only for TCP (6) and
// UDP (17), `icmp_type_code` only for ICMP (1) and ICMPv6 (58), as in AWS.
struct NetworkAclEntry {
  int rule_number = 0;
  bool egress = false;
  RuleAction rule_action = RuleAction::kDeny;
  int protocol = -1;
  Cidr cidr_block;  // CidrBlock or Ipv6CidrBlock
  std::optional<NetworkAclPortRange> port_range;
  std::optional<IcmpTypeCode> icmp_type_code;
  SourceRef source;

  bool operator==(const NetworkAclEntry&) const = default;
};

struct NetworkAclAssociation {
  std::string subnet_id;
  std::string association_id;
  bool operator==(const NetworkAclAssociation&) const = default;
};

struct NetworkAcl {
  std::string network_acl_id;
  std::string vpc_id;
  std::string name;
  bool is_default = false;
  std::vector<NetworkAclEntry> entries;  // as listed; lowering sorts them
  std::vector<NetworkAclAssociation> associations;
  SourceRef source;

  bool operator==(const NetworkAcl&) const = default;
};

}  // namespace vouch::net

#endif  // VOUCH_MODELS_NET_NETWORK_ACL_H_
