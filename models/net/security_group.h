// Security groups as AWS describes them (describe-security-groups `SecurityGroups[]`, and the
// flat describe-security-group-rules `SecurityGroupRules[]` folded into the same shape).
//
// Allow-only and stateful; several groups on one interface are a union. Lowering
// (models/net/lower.h) resolves prefix lists and group references to CIDR sets.
#ifndef VOUCH_MODELS_NET_SECURITY_GROUP_H_
#define VOUCH_MODELS_NET_SECURITY_GROUP_H_

#include <optional>
#include <string>
#include <vector>

#include "models/base/ip.h"
#include "models/base/source_ref.h"

namespace vouch::net {

// IANA protocol numbers vouch names.
inline constexpr int kProtocolAll = -1;
inline constexpr int kProtocolIcmp = 1;
inline constexpr int kProtocolTcp = 6;
inline constexpr int kProtocolUdp = 17;
inline constexpr int kProtocolIcmpv6 = 58;

// One source or destination of a permission, with the location of its own JSON object.
struct CidrRange {
  Cidr cidr;
  SourceRef source;
  bool operator==(const CidrRange&) const = default;
};
struct PrefixListRef {
  std::string prefix_list_id;
  SourceRef source;
  bool operator==(const PrefixListRef&) const = default;
};
struct UserIdGroupPair {
  std::string group_id;
  std::string user_id;
  std::string vpc_peering_connection_id;
  SourceRef source;
  bool operator==(const UserIdGroupPair&) const = default;
};

// One IpPermission. `protocol` is the IANA number (-1: all). For TCP and UDP `from_port` and
// `to_port` bound the destination port; for ICMP/ICMPv6 they are the type and the code (-1:
// all). For any other protocol the ports are ignored, as in AWS. Readers validate the ranges.
struct IpPermission {
  int protocol = kProtocolAll;
  std::optional<int> from_port;
  std::optional<int> to_port;
  std::vector<CidrRange> ip_ranges;    // IpRanges[].CidrIp and Ipv6Ranges[].CidrIpv6
  std::vector<PrefixListRef> prefix_list_ids;
  std::vector<UserIdGroupPair> group_pairs;
  SourceRef source;

  bool operator==(const IpPermission&) const = default;
};

struct SecurityGroup {
  std::string group_id;
  std::string group_name;
  std::string vpc_id;
  std::string owner_id;
  std::vector<IpPermission> ip_permissions;         // ingress
  std::vector<IpPermission> ip_permissions_egress;  // egress
  SourceRef source;

  bool operator==(const SecurityGroup&) const = default;
};

}  // namespace vouch::net

#endif  // VOUCH_MODELS_NET_SECURITY_GROUP_H_
