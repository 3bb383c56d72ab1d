// The checks of one security group rule and one network ACL entry, shared by the describe-*
// readers and by the readers of other spellings of the same rules (a Terraform plan's
// aws_security_group blocks, aws_vpc_security_group_ingress_rule, aws_network_acl_rule, ...),
// so that a rule means exactly the same wherever it is read:
//
//   net::IpPermission p;
//   VOUCH_RETURN_IF_ERROR(ReadProtocolAndPorts(block, {"protocol", "from_port", "to_port"}, p));
//
// Errors are at the offending field, in the caller's own words for it:
//   plan.json: /resource_changes/0/change/after/to_port: port 70000 is out of range 0 to 65535
// Internal to frontends (ec2_security_groups.cc, ec2_network_acls.cc, frontends/terraform).
#ifndef VOUCH_FRONTENDS_AWS_EC2_RULES_H_
#define VOUCH_FRONTENDS_AWS_EC2_RULES_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontends/aws/json_reader.h"
#include "models/net/network_acl.h"
#include "models/net/security_group.h"

namespace vouch::aws {

// The keys of a rule's protocol and ports (describe-security-groups' by default).
struct PermissionKeys {
  absl::string_view protocol = "IpProtocol";
  absl::string_view from_port = "FromPort";
  absl::string_view to_port = "ToPort";
};

// Reads the protocol (tcp, udp, icmp, icmpv6, all or -1..255) and the ports of `item` into `p`,
// checked the way EC2 does: tcp and udp need both ports within 0-65535, from not above to; icmp
// needs a type and a code within -1..255 (code -1 unless the type is set); other protocols keep
// their ports only as written.
absl::Status ReadProtocolAndPorts(const JsonValue& item, const PermissionKeys& keys,
                                  net::IpPermission& p);

// Removes from `permissions` each source (CIDR, prefix list or group) that `rule` also gives
// with the same protocol and ports (where AWS reads them), and the permissions left without a
// source: what revoking `rule` takes away.
void RevokeRule(const net::IpPermission& rule, std::vector<net::IpPermission>& permissions);

// The keys of a network ACL entry's number, action, protocol and blocks (describe-network-acls'
// by default).
struct AclEntryKeys {
  absl::string_view rule_number = "RuleNumber";
  absl::string_view action = "RuleAction";
  absl::string_view protocol = "Protocol";
  absl::string_view cidr_block = "CidrBlock";
  absl::string_view ipv6_cidr_block = "Ipv6CidrBlock";
  bool empty_block_is_absent = false;  // Terraform writes "" for the family not used
};

// Reads the rule number, action (allow or deny), protocol and the one CIDR block (IPv4 or IPv6)
// of an entry into `e`, with EC2's checks: numbers 1-32766, or the `*` entries 32767 (IPv4) and
// 32768 (IPv6), which deny. Not the direction, ports or ICMP type, which each source spells its
// own way.
absl::Status ReadAclEntryCore(const JsonValue& item, const AclEntryKeys& keys,
                              net::NetworkAclEntry& e);

// The integer at `key` of `object`, within [min, max]. Errors: "missing `key`", "`key` 70000 is
// out of range 0 to 65535".
absl::StatusOr<int> ReadBounded(const JsonValue& object, absl::string_view key, int min, int max);

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_EC2_RULES_H_
