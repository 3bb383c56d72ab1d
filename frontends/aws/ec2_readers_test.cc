// The describe-* readers on real AWS CLI shapes: fields read, unknown fields read past, and
// the exact text of every bad-input error.
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "frontends/aws/ec2_limits.h"
#include "frontends/aws/ec2_snapshot.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "models/net/lower.h"

namespace vouch::aws {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Reads every top-level key of `json` (named `file`) into `network`.
absl::Status ReadInto(absl::string_view json, const std::string& file, net::Network& network) {
  absl::StatusOr<std::unique_ptr<JsonDocument>> doc = JsonDocument::FromString(json, file);
  if (!doc.ok()) return doc.status();
  absl::StatusOr<std::vector<std::pair<absl::string_view, JsonValue>>> members = (*doc)->root().Members();
  if (!members.ok()) return members.status();
  for (const auto& [key, value] : *members) {
    if (!IsEc2ResponseKey(key)) continue;
    absl::Status s = ReadEc2Response(key, value, network);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<net::Network> Read(absl::string_view json, const std::string& file = "t.json") {
  net::Network n;
  absl::Status s = ReadInto(json, file, n);
  if (!s.ok()) return s;
  return n;
}

std::string ErrorOf(absl::string_view json, const std::string& file = "t.json") {
  absl::StatusOr<net::Network> n = Read(json, file);
  return n.ok() ? "ok" : std::string(n.status().message());
}

// A security group response with one ingress permission given as JSON text.
std::string SgWith(absl::string_view permission) {
  return absl::StrCat(R"({"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1",
      "IpPermissions": [)", permission, R"(], "IpPermissionsEgress": []}]})");
}

// A network ACL response with the given entries.
std::string AclWith(absl::string_view entries) {
  return absl::StrCat(R"({"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1",
      "IsDefault": true, "Associations": [], "Entries": [)", entries, "]}]}");
}

TEST(Ec2Readers, ReadsTheCliExampleSecurityGroup) {
  // aws/aws-cli awscli/examples/ec2/describe-security-groups.rst, with an extra unknown field.
  absl::StatusOr<net::Network> n = Read(R"({"SecurityGroups": [{"GroupId": "sg-903004f8",
    "VpcId": "vpc-1a2b3c4d", "OwnerId": "123456789012", "GroupName": "default", "SomethingNew": {"x": 1},
    "IpPermissions": [
      {"IpProtocol": "-1", "IpRanges": [], "UserIdGroupPairs": [{"UserId": "123456789012", "GroupId": "sg-903004f8"}], "PrefixListIds": []},
      {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.0/24", "Description": "Access from NY office"}], "UserIdGroupPairs": [], "PrefixListIds": []}],
    "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "UserIdGroupPairs": [], "PrefixListIds": []}]}]})",
                                        "sg.json");
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_EQ(n->security_groups.size(), 1u);
  const net::SecurityGroup& g = n->security_groups[0];
  EXPECT_EQ(g.group_id, "sg-903004f8");
  ASSERT_EQ(g.ip_permissions.size(), 2u);
  EXPECT_EQ(g.ip_permissions[0].protocol, -1);
  EXPECT_EQ(g.ip_permissions[0].group_pairs[0].group_id, "sg-903004f8");
  EXPECT_EQ(g.ip_permissions[0].group_pairs[0].source.pointer,
            "/SecurityGroups/0/IpPermissions/0/UserIdGroupPairs/0");
  EXPECT_EQ(g.ip_permissions[1].protocol, 6);
  EXPECT_EQ(g.ip_permissions[1].from_port, 22);
  EXPECT_EQ(g.ip_permissions[1].ip_ranges[0].cidr.ToString(), "203.0.113.0/24");
  EXPECT_EQ(g.ip_permissions_egress[0].ip_ranges[0].cidr.ToString(), "0.0.0.0/0");
  EXPECT_TRUE(n->Has("SecurityGroups"));
  EXPECT_FALSE(n->Has("NetworkAcls"));
}

TEST(Ec2Readers, SecurityGroupErrorsNameTheField) {
  EXPECT_EQ(ErrorOf(SgWith(R"({"IpProtocol": "tcpx", "FromPort": 1, "ToPort": 2})")),
            "t.json: /SecurityGroups/0/IpPermissions/0/IpProtocol: unknown protocol `tcpx`");
  EXPECT_EQ(ErrorOf(SgWith(R"({"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
                               "IpRanges": [{"CidrIp": "10.0.0.0/33"}]})")),
            "t.json: /SecurityGroups/0/IpPermissions/0/IpRanges/0/CidrIp: `10.0.0.0/33` is not a CIDR block");
  EXPECT_EQ(ErrorOf(SgWith(R"({"IpProtocol": "tcp", "FromPort": 443, "ToPort": 80})")),
            "t.json: /SecurityGroups/0/IpPermissions/0/FromPort: `FromPort` 443 is above `ToPort` 80");
  EXPECT_EQ(ErrorOf(SgWith(R"({"IpProtocol": "tcp", "FromPort": -1, "ToPort": 80})")),
            "t.json: /SecurityGroups/0/IpPermissions/0/FromPort: port -1 is out of range 0 to 65535");
  EXPECT_EQ(ErrorOf(SgWith(R"({"IpProtocol": "udp", "ToPort": 53})")),
            "t.json: /SecurityGroups/0/IpPermissions/0: missing `FromPort`");
  // "If you specify all ICMP types, you must specify all codes."
  EXPECT_EQ(ErrorOf(SgWith(R"({"IpProtocol": "icmp", "FromPort": -1, "ToPort": 0})")),
            "t.json: /SecurityGroups/0/IpPermissions/0/ToPort: icmp code 0 needs an icmp type, not -1");
  EXPECT_EQ(ErrorOf(SgWith(R"({"IpProtocol": "icmp", "FromPort": 8, "ToPort": 256})")),
            "t.json: /SecurityGroups/0/IpPermissions/0/ToPort: icmp code 256 is out of range -1 to 255");
  EXPECT_EQ(ErrorOf(SgWith(R"({"IpProtocol": "256"})")),
            "t.json: /SecurityGroups/0/IpPermissions/0/IpProtocol: unknown protocol `256`");
}

TEST(Ec2Readers, SecurityGroupLenientShapes) {
  // Protocol numbers as strings, ports as strings, echo request any code, GRE with stray ports.
  absl::StatusOr<net::Network> n = Read(SgWith(
      R"({"IpProtocol": "6", "FromPort": "8080", "ToPort": "8081"},
         {"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1},
         {"IpProtocol": "47", "FromPort": 3389, "ToPort": 3389})"));
  ASSERT_TRUE(n.ok()) << n.status();
  const auto& p = n->security_groups[0].ip_permissions;
  EXPECT_EQ(p[0].protocol, 6);
  EXPECT_EQ(p[0].to_port, 8081);
  EXPECT_EQ(p[1].protocol, 1);
  EXPECT_EQ(p[1].from_port, 8);
  EXPECT_EQ(p[2].protocol, 47);
}

TEST(Ec2Readers, FlatSecurityGroupRulesJoinTheirGroup) {
  // aws/aws-cli awscli/examples/ec2/describe-security-group-rules.rst
  absl::StatusOr<net::Network> n = Read(R"({"SecurityGroupRules": [
    {"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1234567890abcdef0", "GroupOwnerId": "111122223333",
     "IsEgress": false, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1,
     "ReferencedGroupInfo": {"GroupId": "sg-1234567890abcdef0", "UserId": "111122223333"}, "Tags": []},
    {"SecurityGroupRuleId": "sgr-2", "GroupId": "sg-1234567890abcdef0", "IsEgress": true,
     "IpProtocol": "-1", "FromPort": -1, "ToPort": -1, "CidrIpv4": "0.0.0.0/0", "Tags": []}]})");
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_EQ(n->security_groups.size(), 1u);
  EXPECT_EQ(n->security_groups[0].ip_permissions[0].group_pairs[0].group_id, "sg-1234567890abcdef0");
  EXPECT_EQ(n->security_groups[0].ip_permissions_egress[0].ip_ranges[0].source.pointer,
            "/SecurityGroupRules/1/CidrIpv4");
  EXPECT_TRUE(n->Has("SecurityGroups"));
}

// One group described by describe-security-groups (sg.json) and by
// describe-security-group-rules (rules.json). Both give tcp 22 from 10.0.0.0/8 and
// 192.168.0.0/16, tcp 443 from 0.0.0.0/0 and all traffic out to 0.0.0.0/0 (the flat rule with
// the -1 ports AWS writes there, the nested one without ports). Only sg.json gives tcp 8080
// from sg-2; only rules.json gives udp 53 from 10.1.0.0/16.
constexpr char kNestedGroup[] = R"({"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "web", "VpcId": "vpc-1",
    "IpPermissions": [
      {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "192.168.0.0/16", "Description": "office"}]},
      {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
      {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": "sg-2", "UserId": "111122223333"}]}],
    "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]})";
constexpr char kFlatRules[] = R"({"SecurityGroupRules": [
    {"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv4": "10.0.0.0/8"},
    {"SecurityGroupRuleId": "sgr-2", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv4": "192.168.0.0/16", "Description": "office"},
    {"SecurityGroupRuleId": "sgr-3", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIpv4": "0.0.0.0/0"},
    {"SecurityGroupRuleId": "sgr-4", "GroupId": "sg-1", "IsEgress": true, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1, "CidrIpv4": "0.0.0.0/0"},
    {"SecurityGroupRuleId": "sgr-5", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "CidrIpv4": "10.1.0.0/16"}]})";

// Each rule of the group as "direction protocol from-to source @ location", in model order.
std::vector<std::string> RulesOf(const net::SecurityGroup& g) {
  std::vector<std::string> out;
  for (bool egress : {false, true}) {
    for (const net::IpPermission& p : egress ? g.ip_permissions_egress : g.ip_permissions) {
      std::string head = absl::StrCat(egress ? "out " : "in ", p.protocol, " ", p.from_port.value_or(-9),
                                      "-", p.to_port.value_or(-9), " ");
      for (const auto& r : p.ip_ranges) out.push_back(absl::StrCat(head, r.cidr.ToString(), " @ ", r.source.file, r.source.pointer));
      for (const auto& r : p.group_pairs) out.push_back(absl::StrCat(head, r.group_id, " @ ", r.source.file, r.source.pointer));
    }
  }
  return out;
}

TEST(Ec2Readers, AGroupGivenBothWaysCountsEachRuleOnceAndLosesNone) {
  // Hand-derived: the nested permissions first, as written, then the one rule only the flat
  // file gives; whichever file is read first.
  const std::vector<std::string> want = {
      "in 6 22-22 10.0.0.0/8 @ sg.json/SecurityGroups/0/IpPermissions/0/IpRanges/0",
      "in 6 22-22 192.168.0.0/16 @ sg.json/SecurityGroups/0/IpPermissions/0/IpRanges/1",
      "in 6 443-443 0.0.0.0/0 @ sg.json/SecurityGroups/0/IpPermissions/1/IpRanges/0",
      "in 6 8080-8080 sg-2 @ sg.json/SecurityGroups/0/IpPermissions/2/UserIdGroupPairs/0",
      "in 17 53-53 10.1.0.0/16 @ rules.json/SecurityGroupRules/4/CidrIpv4",
      "out -1 -9--9 0.0.0.0/0 @ sg.json/SecurityGroups/0/IpPermissionsEgress/0/IpRanges/0",
  };
  for (bool nested_first : {true, false}) {
    SCOPED_TRACE(nested_first ? "SecurityGroups first" : "SecurityGroupRules first");
    net::Network n;
    if (nested_first) {
      ASSERT_TRUE(ReadInto(kNestedGroup, "sg.json", n).ok());
    }
    ASSERT_TRUE(ReadInto(kFlatRules, "rules.json", n).ok());
    if (!nested_first) {
      ASSERT_TRUE(ReadInto(kNestedGroup, "sg.json", n).ok());
    }
    ASSERT_EQ(n.security_groups.size(), 1u);
    EXPECT_EQ(RulesOf(n.security_groups[0]), want);
    EXPECT_EQ(n.security_groups[0].group_name, "web");
    EXPECT_EQ(n.security_groups[0].source.pointer, "/SecurityGroups/0");
    EXPECT_EQ(n.security_groups[0].ip_permissions.size(), 4u);
  }
}

TEST(Ec2Readers, AGroupGivenTwiceOneWayCountsOnce) {
  net::Network n;
  ASSERT_TRUE(ReadInto(kNestedGroup, "a.json", n).ok());
  ASSERT_TRUE(ReadInto(kNestedGroup, "b.json", n).ok());
  ASSERT_TRUE(ReadInto(kFlatRules, "c.json", n).ok());
  ASSERT_TRUE(ReadInto(kFlatRules, "d.json", n).ok());
  ASSERT_EQ(n.security_groups.size(), 1u);
  std::vector<std::string> rules = RulesOf(n.security_groups[0]);
  ASSERT_EQ(rules.size(), 6u);
  EXPECT_EQ(rules[0], "in 6 22-22 10.0.0.0/8 @ b.json/SecurityGroups/0/IpPermissions/0/IpRanges/0");
  EXPECT_EQ(rules[4], "in 17 53-53 10.1.0.0/16 @ c.json/SecurityGroupRules/4/CidrIpv4");
}

TEST(Ec2Readers, AGroupGivenBothWaysLowersEveryRuleOnce) {
  net::Network n;
  ASSERT_TRUE(ReadInto(R"({"SecurityGroups": [{"GroupId": "sg-2", "VpcId": "vpc-1"}],
      "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1",
                             "Groups": [{"GroupId": "sg-1"}], "PrivateIpAddress": "10.0.0.5"}]})", "eni.json", n).ok());
  ASSERT_TRUE(ReadInto(kFlatRules, "rules.json", n).ok());
  ASSERT_TRUE(ReadInto(kNestedGroup, "sg.json", n).ok());
  absl::StatusOr<net::LoweredNetwork> l = net::Lower(n);
  ASSERT_TRUE(l.ok()) << l.status();
  const net::LoweredInterface* eni = l->FindInterface("eni-1");
  ASSERT_NE(eni, nullptr);
  // 22 x 2 sources, 443, 53; sg-2 has no members, so tcp 8080 admits no one.
  EXPECT_EQ(eni->sg_ingress.rules.size(), 4u);
  EXPECT_EQ(eni->sg_egress.rules.size(), 1u);
}

TEST(Ec2Readers, FlatRuleNeedsExactlyOneSourceAndItsDirection) {
  EXPECT_EQ(ErrorOf(R"({"SecurityGroupRules": [{"GroupId": "sg-1", "IsEgress": false, "IpProtocol": "-1"}]})"),
            "t.json: /SecurityGroupRules/0: missing `CidrIpv4`, `CidrIpv6`, `PrefixListId` or "
            "`ReferencedGroupInfo` (a rule has one source)");
  EXPECT_EQ(ErrorOf(R"({"SecurityGroupRules": [{"GroupId": "sg-1", "IsEgress": false, "IpProtocol": "-1",
                         "CidrIpv4": "10.0.0.0/8", "PrefixListId": "pl-1"}]})"),
            "t.json: /SecurityGroupRules/0: more than one of `CidrIpv4`, `CidrIpv6`, `PrefixListId` or "
            "`ReferencedGroupInfo` (a rule has one source)");
  EXPECT_EQ(ErrorOf(R"({"SecurityGroupRules": [{"GroupId": "sg-1", "IpProtocol": "-1", "CidrIpv4": "10.0.0.0/8"}]})"),
            "t.json: /SecurityGroupRules/0: missing `IsEgress`");
  EXPECT_EQ(ErrorOf(R"({"SecurityGroupRules": [{"GroupId": "sg-1", "IsEgress": false, "IpProtocol": "-1",
                         "ReferencedGroupInfo": "sg-2"}]})"),
            "t.json: /SecurityGroupRules/0/ReferencedGroupInfo: expected an object, got string");
  EXPECT_EQ(ErrorOf(R"({"SecurityGroupRules": [{"GroupId": "sg-1", "IsEgress": false, "IpProtocol": "-1", "CidrIpv4": "::/0"}]})"),
            "t.json: /SecurityGroupRules/0/CidrIpv4: `::/0` is not an IPv4 CIDR block");
  EXPECT_EQ(ErrorOf(R"({"SecurityGroupRules": [{"GroupId": "sg-1", "IsEgress": false, "IpProtocol": "-1", "CidrIpv6": "0.0.0.0/0"}]})"),
            "t.json: /SecurityGroupRules/0/CidrIpv6: `0.0.0.0/0` is not an IPv6 CIDR block");
}

TEST(Ec2Readers, AddressFamilyOfEachFieldIsChecked) {
  EXPECT_EQ(ErrorOf(SgWith(R"({"IpProtocol": "-1", "IpRanges": [{"CidrIp": "::/0"}]})")),
            "t.json: /SecurityGroups/0/IpPermissions/0/IpRanges/0/CidrIp: `::/0` is not an IPv4 CIDR block");
  EXPECT_EQ(ErrorOf(SgWith(R"({"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "0.0.0.0/0"}]})")),
            "t.json: /SecurityGroups/0/IpPermissions/0/Ipv6Ranges/0/CidrIpv6: `0.0.0.0/0` is not an IPv6 CIDR block");
  EXPECT_EQ(ErrorOf(AclWith(R"({"CidrBlock": "::/0", "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 1})")),
            "t.json: /NetworkAcls/0/Entries/0/CidrBlock: `::/0` is not an IPv4 CIDR block");
  EXPECT_EQ(ErrorOf(AclWith(R"({"CidrBlock": "0.0.0.0/0", "Ipv6CidrBlock": "::/0", "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 1})")),
            "t.json: /NetworkAcls/0/Entries/0: both `CidrBlock` and `Ipv6CidrBlock` (an entry has one)");
  EXPECT_EQ(ErrorOf(R"({"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationIpv6CidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}]}]})"),
            "t.json: /RouteTables/0/Routes/0/DestinationIpv6CidrBlock: `0.0.0.0/0` is not an IPv6 CIDR block");
  EXPECT_EQ(ErrorOf(R"({"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "2001:db8::/56"}]})"),
            "t.json: /Vpcs/0/CidrBlock: `2001:db8::/56` is not an IPv4 CIDR block");
  EXPECT_EQ(ErrorOf(R"({"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "10.0.0.0/24"}]}]})"),
            "t.json: /Subnets/0/Ipv6CidrBlockAssociationSet/0/Ipv6CidrBlock: `10.0.0.0/24` is not an IPv6 CIDR block");
  EXPECT_EQ(ErrorOf(R"({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "PrivateIpAddress": "2001:db8::5"}]})"),
            "t.json: /NetworkInterfaces/0/PrivateIpAddress: `2001:db8::5` is not an IPv4 address");
  EXPECT_EQ(ErrorOf(R"({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "Ipv6Addresses": [{"Ipv6Address": "10.0.0.5"}]}]})"),
            "t.json: /NetworkInterfaces/0/Ipv6Addresses/0/Ipv6Address: `10.0.0.5` is not an IPv6 address");
  EXPECT_EQ(ErrorOf(R"({"Addresses": [{"PublicIp": "2001:db8::1"}]})"),
            "t.json: /Addresses/0/PublicIp: `2001:db8::1` is not an IPv4 address");
}

TEST(Ec2Readers, StatesAndTargetsMustBeOnesAwsWrites) {
  EXPECT_EQ(ErrorOf(R"({"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "State": "active"}]}]})"),
            "t.json: /RouteTables/0/Routes/0: route has no target (expected `GatewayId`, `NatGatewayId`, "
            "`TransitGatewayId`, `VpcPeeringConnectionId`, `EgressOnlyInternetGatewayId`, `InstanceId`, "
            "`NetworkInterfaceId`, `LocalGatewayId`, `CarrierGatewayId` or `CoreNetworkArn`)");
  EXPECT_EQ(ErrorOf(R"({"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1", "Status": "active"}]})"),
            "t.json: /VpcPeeringConnections/0/Status: expected an object with `Code` and `Message`, got string");
  EXPECT_EQ(ErrorOf(R"({"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1"}]})"),
            "t.json: /VpcPeeringConnections/0: missing `Status`");
  EXPECT_EQ(ErrorOf(R"({"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1", "Status": {"Message": "Active"}}]})"),
            "t.json: /VpcPeeringConnections/0/Status: missing `Code`");
  EXPECT_EQ(ErrorOf(R"({"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1", "Status": {"Code": "Active"}}]})"),
            "t.json: /VpcPeeringConnections/0/Status/Code: unknown peering status `Active` (expected "
            "initiating-request, pending-acceptance, active, deleted, rejected, failed, expired, "
            "provisioning or deleting)");
  EXPECT_EQ(ErrorOf(R"({"InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"VpcId": "vpc-1", "State": "up"}]}]})"),
            "t.json: /InternetGateways/0/Attachments/0/State: unknown attachment state `up` (expected "
            "attaching, attached, detaching, detached or available)");
  EXPECT_EQ(ErrorOf(R"({"NatGateways": [{"NatGatewayId": "nat-1", "State": "Available"}]})"),
            "t.json: /NatGateways/0/State: unknown NAT gateway state `Available` (expected pending, "
            "failed, available, deleting or deleted)");
  EXPECT_EQ(ErrorOf(R"({"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Name": "up"}}]}]})"),
            "t.json: /Reservations/0/Instances/0/State/Name: unknown instance state `up` (expected "
            "pending, running, shutting-down, terminated, stopping or stopped)");
  // Objects that decide an answer are never read past when they have another type.
  EXPECT_EQ(ErrorOf(R"({"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": "running"}]}]})"),
            "t.json: /Reservations/0/Instances/0/State: expected an object, got string");
  EXPECT_EQ(ErrorOf(R"({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "Attachment": "i-1"}]})"),
            "t.json: /NetworkInterfaces/0/Attachment: expected an object, got string");
  EXPECT_EQ(ErrorOf(R"({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "PrivateIpAddress": "10.0.0.5", "Association": "203.0.113.5"}]})"),
            "t.json: /NetworkInterfaces/0/Association: expected an object, got string");
  EXPECT_EQ(ErrorOf(R"({"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"SubnetId": "subnet-1", "AssociationState": "associated"}]}]})"),
            "t.json: /RouteTables/0/Associations/0/AssociationState: expected an object, got string");
  EXPECT_EQ(ErrorOf(R"({"Vpcs": [{"VpcId": "vpc-1", "CidrBlockAssociationSet": [{"CidrBlock": "10.0.0.0/16", "CidrBlockState": "associated"}]}]})"),
            "t.json: /Vpcs/0/CidrBlockAssociationSet/0/CidrBlockState: expected an object, got string");
  EXPECT_EQ(ErrorOf(AclWith(R"({"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "1", "RuleAction": "allow", "RuleNumber": 1})")),
            "t.json: /NetworkAcls/0/Entries/0: missing `IcmpTypeCode` for an icmp entry");
  EXPECT_EQ(ErrorOf(SgWith(R"({"IpProtocol": "-1", "FromPort": 70000, "ToPort": -1})")),
            "t.json: /SecurityGroups/0/IpPermissions/0/FromPort: port 70000 is out of range -1 to 65535");
}

// `n` JSON texts made by `item(i)`, comma-separated.
template <typename F>
std::string Repeat(size_t n, F item) {
  std::string out;
  for (size_t i = 0; i < n; ++i) absl::StrAppend(&out, i ? "," : "", item(i));
  return out;
}

std::string Host(size_t i) { return absl::StrCat("10.", i / 65536 % 256, ".", i / 256 % 256, ".", i % 256, "/32"); }

TEST(Ec2Readers, LimitsNameThemselvesAndAdmitTheirBound) {
  auto sg = [](size_t n) {
    return SgWith(absl::StrCat(R"({"IpProtocol": "-1", "IpRanges": [)",
                               Repeat(n, [](size_t i) { return absl::StrCat(R"({"CidrIp": ")", Host(i), R"("})"); }), "]}"));
  };
  EXPECT_EQ(ErrorOf(sg(kMaxRulesPerSecurityGroup)), "ok");
  EXPECT_EQ(ErrorOf(sg(kMaxRulesPerSecurityGroup + 1)),
            "t.json: /SecurityGroups/0: security group `sg-1` has more than 10000 rules, over the limit per group");
  // Flat rules count the same way, and a rule given twice counts once.
  auto flat = [](size_t n) {
    return absl::StrCat(R"({"SecurityGroupRules": [)", Repeat(n, [](size_t i) {
      return absl::StrCat(R"({"GroupId": "sg-1", "IsEgress": false, "IpProtocol": "-1", "CidrIpv4": ")", Host(i / 2), R"("})");
    }), "]}");
  };
  EXPECT_EQ(ErrorOf(flat(2 * kMaxRulesPerSecurityGroup)), "ok");
  EXPECT_EQ(ErrorOf(flat(2 * kMaxRulesPerSecurityGroup + 1)),
            "t.json: /SecurityGroupRules/20000: security group `sg-1` has more than 10000 rules, over the limit per group");
  auto acl = [](size_t n) {
    return AclWith(Repeat(n, [](size_t i) {
      return absl::StrCat(R"({"CidrBlock": "0.0.0.0/0", "Egress": )", i % 2 ? "true" : "false",
                          R"(, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": )", i / 2 + 1, "}");
    }));
  };
  EXPECT_EQ(ErrorOf(acl(kMaxEntriesPerNetworkAcl)), "ok");
  EXPECT_EQ(ErrorOf(acl(kMaxEntriesPerNetworkAcl + 1)),
            "t.json: /NetworkAcls/0/Entries: network ACL `acl-1` has 1001 entries, over the limit of 1000 per ACL");
  auto routes = [](size_t n) {
    return absl::StrCat(R"({"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [)",
                        Repeat(n, [](size_t i) { return absl::StrCat(R"({"DestinationCidrBlock": ")", Host(i), R"(", "GatewayId": "igw-1"})"); }),
                        "]}]}");
  };
  EXPECT_EQ(ErrorOf(routes(kMaxRoutesPerRouteTable)), "ok");
  EXPECT_EQ(ErrorOf(routes(kMaxRoutesPerRouteTable + 1)),
            "t.json: /RouteTables/0/Routes: route table `rtb-1` has 10001 routes, over the limit of 10000 per table");
  // Prefix list entries count inline and from get-managed-prefix-list-entries together.
  auto list = [](absl::string_view key, size_t first, size_t n) {
    return absl::StrCat(R"({")", key, R"(": [{"PrefixListId": "pl-1", "Entries": [)",
                        Repeat(n, [first](size_t i) { return absl::StrCat(R"({"Cidr": ")", Host(first + i), R"("})"); }),
                        "]}]}");
  };
  EXPECT_EQ(ErrorOf(list("PrefixLists", 0, kMaxEntriesPerPrefixList)), "ok");
  net::Network n;
  ASSERT_TRUE(ReadInto(list("PrefixLists", 0, 5000), "a.json", n).ok());
  EXPECT_EQ(ReadInto(list("PrefixListEntries", 5000, 5001), "b.json", n).message(),
            "b.json: /PrefixListEntries/0: prefix list `pl-1` has more than 10000 entries, over the limit per list");
}

TEST(Ec2Readers, InterfaceAndInstanceLimitsCountTheWholeSnapshot) {
  // The bound holds across responses: the last interface of a second file passes it.
  auto enis = [](size_t first, size_t n) {
    return absl::StrCat(R"({"NetworkInterfaces": [)", Repeat(n, [first](size_t i) {
      return absl::StrCat(R"({"NetworkInterfaceId": "eni-)", first + i, R"("})");
    }), "]}");
  };
  net::Network n;
  ASSERT_TRUE(ReadInto(enis(0, kMaxNetworkInterfacesPerSnapshot - 1), "a.json", n).ok());
  ASSERT_TRUE(ReadInto(enis(0, 10), "b.json", n).ok());  // replacing known ones adds none
  EXPECT_EQ(ReadInto(enis(kMaxNetworkInterfacesPerSnapshot - 1, 2), "c.json", n).message(),
            "c.json: /NetworkInterfaces/1: more than 200000 network interfaces, over the limit per snapshot");
  auto instances = [](size_t n) {
    return absl::StrCat(R"({"Reservations": [{"Instances": [)", Repeat(n, [](size_t i) {
      return absl::StrCat(R"({"InstanceId": "i-)", i, R"("})");
    }), "]}]}");
  };
  EXPECT_EQ(ErrorOf(instances(kMaxInstancesPerSnapshot)), "ok");
  EXPECT_EQ(ErrorOf(instances(kMaxInstancesPerSnapshot + 1)),
            "t.json: /Reservations/0/Instances/200000: more than 200000 instances, over the limit per snapshot");
}

TEST(Ec2Readers, ReadsTheCliExampleNetworkAcl) {
  absl::StatusOr<net::Network> n = Read(R"({"NetworkAcls": [{
    "Associations": [{"NetworkAclAssociationId": "aclassoc-0c1679dc41EXAMPLE", "NetworkAclId": "acl-0ea1f54ca7EXAMPLE", "SubnetId": "subnet-0931fc2fa5EXAMPLE"}],
    "Entries": [
      {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
      {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
      {"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "6", "PortRange": {"From": 22, "To": 22}, "RuleAction": "deny", "RuleNumber": "90"},
      {"Ipv6CidrBlock": "::/0", "Egress": false, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32768},
      {"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "1", "IcmpTypeCode": {"Type": 8, "Code": -1}, "RuleAction": "allow", "RuleNumber": 110}],
    "IsDefault": true, "NetworkAclId": "acl-0ea1f54ca7EXAMPLE", "Tags": [], "VpcId": "vpc-06e4ab6c6cEXAMPLE", "OwnerId": "111122223333"}]})");
  ASSERT_TRUE(n.ok()) << n.status();
  const net::NetworkAcl& acl = n->network_acls[0];
  EXPECT_TRUE(acl.is_default);
  ASSERT_EQ(acl.entries.size(), 5u);
  EXPECT_EQ(acl.entries[2].rule_number, 90);
  EXPECT_EQ(acl.entries[2].protocol, 6);
  EXPECT_EQ(acl.entries[2].port_range, (net::NetworkAclPortRange{22, 22}));
  EXPECT_EQ(acl.entries[3].cidr_block.address.family, IpFamily::kV6);
  EXPECT_EQ(acl.entries[4].icmp_type_code, (net::IcmpTypeCode{8, -1}));
  EXPECT_EQ(acl.associations[0].subnet_id, "subnet-0931fc2fa5EXAMPLE");
}

TEST(Ec2Readers, NetworkAclErrorsNameTheField) {
  const char* kAllow100 = R"({"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100})";
  EXPECT_EQ(ErrorOf(AclWith(absl::StrCat(kAllow100, ",", kAllow100)), "acl.json"),
            "acl.json: /NetworkAcls/0/Entries/1/RuleNumber: duplicate `RuleNumber` 100 among the ingress IPv4 entries");
  // The same number in the other direction or the other family is fine.
  EXPECT_EQ(ErrorOf(AclWith(absl::StrCat(kAllow100, R"(,{"Ipv6CidrBlock": "::/0", "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
                                                     {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100})"))),
            "ok");
  EXPECT_EQ(ErrorOf(AclWith(R"({"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 40000})")),
            "t.json: /NetworkAcls/0/Entries/0/RuleNumber: `RuleNumber` 40000 is out of range 1 to 32766");
  EXPECT_EQ(ErrorOf(AclWith(R"({"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 0})")),
            "t.json: /NetworkAcls/0/Entries/0/RuleNumber: `RuleNumber` 0 is out of range 1 to 32766");
  // 32768 is the IPv6 `*` entry, not an IPv4 one.
  EXPECT_EQ(ErrorOf(AclWith(R"({"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32768})")),
            "t.json: /NetworkAcls/0/Entries/0/RuleNumber: `RuleNumber` 32768 is out of range 1 to 32766");
  EXPECT_EQ(ErrorOf(AclWith(R"({"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "6", "PortRange": {"From": 90, "To": 80}, "RuleAction": "allow", "RuleNumber": 1})")),
            "t.json: /NetworkAcls/0/Entries/0/PortRange: `From` 90 is above `To` 80");
  EXPECT_EQ(ErrorOf(AclWith(R"({"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "permit", "RuleNumber": 1})")),
            "t.json: /NetworkAcls/0/Entries/0/RuleAction: unknown rule action `permit`");
  EXPECT_EQ(ErrorOf(AclWith(R"({"CidrBlock": "10.0.0.0/33", "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 1})")),
            "t.json: /NetworkAcls/0/Entries/0/CidrBlock: `10.0.0.0/33` is not a CIDR block");
  EXPECT_EQ(ErrorOf(AclWith(R"({"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "tcp-ish", "RuleAction": "allow", "RuleNumber": 1})")),
            "t.json: /NetworkAcls/0/Entries/0/Protocol: unknown protocol `tcp-ish`");
}

TEST(Ec2Readers, RouteTablesTargetsStatesAndAssociations) {
  absl::StatusOr<net::Network> n = Read(R"({"RouteTables": [{
    "Associations": [{"Main": true, "RouteTableAssociationId": "rtbassoc-1", "RouteTableId": "rtb-1"},
                     {"Main": false, "SubnetId": "subnet-9", "RouteTableId": "rtb-1", "AssociationState": {"State": "disassociated"}}],
    "PropagatingVgws": [], "RouteTableId": "rtb-1", "VpcId": "vpc-1", "Tags": [{"Key": "Name", "Value": "main"}],
    "Routes": [
      {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
      {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-06c018cbd8EXAMPLE", "Origin": "CreateRoute", "State": "blackhole"},
      {"DestinationPrefixListId": "pl-63a5400a", "GatewayId": "vpce-1", "Origin": "CreateRoute", "State": "active"},
      {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1", "Origin": "CreateRoute", "State": "active"}]}]})");
  ASSERT_TRUE(n.ok()) << n.status();
  const net::RouteTable& t = n->route_tables[0];
  EXPECT_EQ(t.name, "main");
  ASSERT_EQ(t.associations.size(), 1u);  // the disassociated one is dropped
  EXPECT_TRUE(t.associations[0].main);
  EXPECT_EQ(t.routes[0].target_kind, net::RouteTargetKind::kLocal);
  EXPECT_EQ(t.routes[1].target_kind, net::RouteTargetKind::kNatGateway);
  EXPECT_EQ(t.routes[1].state, net::RouteState::kBlackhole);
  EXPECT_EQ(t.routes[2].destination_prefix_list_id, "pl-63a5400a");
  EXPECT_EQ(t.routes[2].target_kind, net::RouteTargetKind::kGatewayEndpoint);
  EXPECT_EQ(t.routes[3].target_kind, net::RouteTargetKind::kEgressOnlyInternetGateway);
  EXPECT_EQ(ErrorOf(R"({"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"GatewayId": "local"}]}]})"),
            "t.json: /RouteTables/0/Routes/0: route has no destination");
  EXPECT_EQ(ErrorOf(R"({"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "sleeping"}]}]})"),
            "t.json: /RouteTables/0/Routes/0/State: unknown route state `sleeping`");
}

// A syntactically valid route to a target vouch does not model loads (both engines answer
// unknown for packets that take it); only a route with no target at all is bad input.
TEST(Ec2Readers, RouteTargetsVouchDoesNotKnowLoadNamingTheirField) {
  absl::StatusOr<net::Network> n = Read(R"({"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [
      {"DestinationCidrBlock": "10.9.0.0/16", "OdbNetworkArn": "arn:aws:odb:us-east-1:111122223333:odb-network/odbnet-1", "Origin": "CreateRoute", "State": "active"},
      {"DestinationCidrBlock": "10.8.0.0/16", "TransitGatewayId": "tgw-1", "State": "active"},
      {"DestinationCidrBlock": "10.7.0.0/16", "GatewayId": "xgw-1"},
      {"DestinationCidrBlock": "10.6.0.0/16", "InstanceOwnerId": "111122223333", "SomeFutureTargetId": "fut-1"}]}]})");
  ASSERT_TRUE(n.ok()) << n.status();
  const std::vector<net::Route>& r = n->route_tables[0].routes;
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].target_kind, net::RouteTargetKind::kOther);
  EXPECT_EQ(r[0].target_field, "OdbNetworkArn");
  EXPECT_EQ(r[0].target_id, "arn:aws:odb:us-east-1:111122223333:odb-network/odbnet-1");
  EXPECT_EQ(r[1].target_kind, net::RouteTargetKind::kTransitGateway);
  EXPECT_EQ(r[1].target_field, "TransitGatewayId");
  EXPECT_EQ(r[2].target_kind, net::RouteTargetKind::kOther);
  EXPECT_EQ(r[2].target_field, "GatewayId");
  EXPECT_EQ(r[3].target_kind, net::RouteTargetKind::kOther);
  EXPECT_EQ(r[3].target_field, "SomeFutureTargetId");
  EXPECT_EQ(r[3].target_id, "fut-1");
  // Nothing that names a target (InstanceOwnerId only qualifies InstanceId; empty ids are absent).
  EXPECT_EQ(ErrorOf(R"({"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "InstanceOwnerId": "111122223333", "Note": "x", "NatGatewayId": "", "FutureArn": ""}]}]})"),
            "t.json: /RouteTables/0/Routes/0: route has no target (expected `GatewayId`, `NatGatewayId`, "
            "`TransitGatewayId`, `VpcPeeringConnectionId`, `EgressOnlyInternetGatewayId`, `InstanceId`, "
            "`NetworkInterfaceId`, `LocalGatewayId`, `CarrierGatewayId` or `CoreNetworkArn`)");
}

TEST(Ec2Readers, InterfacesFromInstancesAndFromDescribeNetworkInterfaces) {
  // An instance's own interface, then describe-network-interfaces' fuller copy replaces it.
  net::Network n;
  ASSERT_TRUE(ReadInto(R"({"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Code": 16, "Name": "running"},
      "SubnetId": "subnet-1", "VpcId": "vpc-1", "Tags": [{"Key": "Name", "Value": "Web"}],
      "NetworkInterfaces": [{"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-1", "VpcId": "vpc-1", "Attachment": {"DeviceIndex": 1},
                             "Groups": [], "PrivateIpAddresses": [{"Primary": true, "PrivateIpAddress": "10.0.0.6"}]},
                            {"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "Attachment": {"DeviceIndex": 0},
                             "Groups": [{"GroupId": "sg-1"}], "PrivateIpAddresses": [{"Primary": true, "PrivateIpAddress": "10.0.0.5"}]}]}]}]})",
                       "r.json", n).ok());
  ASSERT_EQ(n.instances.size(), 1u);
  EXPECT_THAT(n.instances[0].network_interface_ids, ElementsAre("eni-1", "eni-2"));
  EXPECT_EQ(n.instances[0].name, "Web");
  ASSERT_EQ(n.network_interfaces.size(), 2u);
  EXPECT_EQ(n.network_interfaces[0].network_interface_id, "eni-1");  // in device order
  EXPECT_EQ(n.network_interfaces[1].instance_id, "i-1");  // from the enclosing instance
  ASSERT_TRUE(ReadInto(R"({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1",
      "SourceDestCheck": false, "InterfaceType": "interface", "Attachment": {"InstanceId": "i-1"}, "Groups": [{"GroupId": "sg-1"}],
      "Association": {"PublicIp": "203.0.113.12", "IpOwnerId": "amazon"}, "PrivateIpAddress": "10.0.0.5",
      "PrivateIpAddresses": [{"Primary": false, "PrivateIpAddress": "10.0.0.7"},
                             {"Primary": true, "PrivateIpAddress": "10.0.0.5", "Association": {"PublicIp": "203.0.113.12"}}]}]})",
                       "eni.json", n).ok());
  ASSERT_EQ(n.network_interfaces.size(), 2u);
  const net::NetworkInterface& e = n.network_interfaces[0];
  EXPECT_EQ(e.source.file, "eni.json");
  EXPECT_FALSE(e.source_dest_check);
  ASSERT_EQ(e.private_ips.size(), 2u);
  EXPECT_EQ(e.private_ips[0].private_ip.ToString(), "10.0.0.5");  // primary first
  EXPECT_EQ(e.private_ips[0].public_ip->ToString(), "203.0.113.12");
  EXPECT_FALSE(e.private_ips[1].public_ip.has_value());
  EXPECT_EQ(ErrorOf(R"({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "PrivateIpAddresses": [{"PrivateIpAddress": "10-0-0-157"}]}]})"),
            "t.json: /NetworkInterfaces/0/PrivateIpAddresses/0/PrivateIpAddress: `10-0-0-157` is not an IPv4 or IPv6 address");
}

TEST(Ec2Readers, GatewaysPeeringAddressesAndPrefixLists) {
  absl::StatusOr<net::Network> n = Read(R"({
    "InternetGateways": [{"Attachments": [{"State": "available", "VpcId": "vpc-a01106c2"}], "InternetGatewayId": "igw-c0a643a9"}],
    "NatGateways": [{"NatGatewayAddresses": [{"PrivateIp": "10.0.0.211", "PublicIp": "54.85.121.213", "NetworkInterfaceId": "eni-9"}],
                     "NatGatewayId": "nat-1", "State": "available", "SubnetId": "subnet-1", "VpcId": "vpc-1", "ConnectivityType": "public"}],
    "VpcPeeringConnections": [{"Status": {"Message": "Active", "Code": "active"},
       "AccepterVpcInfo": {"OwnerId": "111122223333", "VpcId": "vpc-1a2b3c4d", "CidrBlock": "10.0.1.0/28"},
       "VpcPeeringConnectionId": "pcx-11122233",
       "RequesterVpcInfo": {"OwnerId": "444455556666", "VpcId": "vpc-123abc45", "CidrBlock": "192.168.0.0/16",
                            "CidrBlockSet": [{"CidrBlock": "192.168.0.0/16"}, {"CidrBlock": "172.20.0.0/16"}]}}],
    "Addresses": [{"InstanceId": "i-1", "PublicIp": "198.51.100.0", "Domain": "standard"}],
    "PrefixLists": [{"PrefixListId": "pl-63a5400a", "PrefixListName": "com.amazonaws.us-east-1.s3", "Cidrs": ["54.231.0.0/17", "52.216.0.0/15"]},
                    {"PrefixListId": "pl-2", "OwnerId": "AWS"}],
    "PrefixListEntries": [{"PrefixListId": "pl-3", "Entries": [{"Cidr": "10.0.0.0/16", "Description": "vpc-a"}]}]})");
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->internet_gateways[0].attachments[0].vpc_id, "vpc-a01106c2");
  EXPECT_EQ(n->nat_gateways[0].addresses[0].public_ip->ToString(), "54.85.121.213");
  EXPECT_EQ(n->vpc_peering_connections[0].status_code, "active");
  EXPECT_EQ(n->vpc_peering_connections[0].requester.cidr_blocks.size(), 2u);
  EXPECT_EQ(n->addresses[0].public_ip.ToString(), "198.51.100.0");
  ASSERT_EQ(n->prefix_lists.size(), 3u);
  EXPECT_TRUE(n->prefix_lists[0].entries_known);
  EXPECT_EQ(n->prefix_lists[0].entries[1].cidr.ToString(), "52.216.0.0/15");
  EXPECT_FALSE(n->prefix_lists[1].entries_known);
  EXPECT_TRUE(n->prefix_lists[2].entries_known);
  EXPECT_TRUE(n->Has("PrefixLists"));
  EXPECT_EQ(ErrorOf(R"({"NatGateways": [{"NatGatewayId": "nat-1", "ConnectivityType": "sideways"}]})"),
            "t.json: /NatGateways/0/ConnectivityType: unknown connectivity type `sideways`");
}

TEST(Ec2Readers, LoweringRejectsReferencesToMissingGroupsAndLists) {
  absl::StatusOr<net::Network> n = Read(SgWith(R"({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
      "UserIdGroupPairs": [{"GroupId": "sg-missing", "UserId": "111122223333"}]})"), "sg.json");
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(net::Lower(*n).status().message(),
            "sg.json: /SecurityGroups/0/IpPermissions/0/UserIdGroupPairs/0: unknown security group `sg-missing`");
  n = Read(absl::StrCat(R"({"PrefixLists": [], )",
                        SgWith(R"({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "PrefixListIds": [{"PrefixListId": "pl-nope"}]})").substr(1)),
           "sg.json");
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(net::Lower(*n).status().message(),
            "sg.json: /SecurityGroups/0/IpPermissions/0/PrefixListIds/0: unknown prefix list `pl-nope`");
}

TEST(Ec2Readers, RejectsAResponseThatIsNotAList) {
  EXPECT_EQ(ErrorOf(R"({"Vpcs": {"VpcId": "vpc-1"}})"), "t.json: /Vpcs: expected an array, got object");
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Ec2Readers, ReadsAndLowersTheLabVpc) {
  net::Network n;
  std::string dir = std::string(VOUCH_SOURCE_DIR) + "/examples/lab/aws_configs/us-east-1/";
  for (const char* f : {"Vpcs", "Subnets", "RouteTables", "InternetGateways", "NatGateways",
                        "NetworkInterfaces", "Reservations", "SecurityGroups", "NetworkAcls", "Addresses"}) {
    std::string path = dir + f + ".json";
    ASSERT_TRUE(ReadInto(Slurp(path), path, n).ok()) << f;
  }
  EXPECT_EQ(n.vpcs.size(), 1u);
  EXPECT_EQ(n.vpcs[0].name, "Lab VPC");
  EXPECT_EQ(n.instances.size(), 3u);
  EXPECT_EQ(n.network_interfaces.size(), 4u);
  absl::StatusOr<net::LoweredNetwork> l = net::Lower(n);
  ASSERT_TRUE(l.ok()) << l.status();
  const net::LoweredInterface* web = l->FindInterface("eni-0a7e1ab0c0ffee701");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->name, "Web Server");
  EXPECT_EQ(web->PublicFor(*ParseIpAddress("10.0.0.10"))->ToString(), "203.0.113.10");
  // The SQL server's only ingress rule names WebserverSG: it lowers to the web server's address.
  const net::LoweredInterface* sql = l->FindInterface("eni-0a7e1ab0c0ffee702");
  ASSERT_EQ(sql->sg_ingress.rules.size(), 1u);
  EXPECT_EQ(sql->sg_ingress.rules[0].src.ToString(), "10.0.0.10/32");
  EXPECT_EQ(sql->sg_ingress.rules[0].dst_ports, (net::PortRange{1433, 1433}));
  // The private subnet uses the main route table, whose default route goes to the NAT gateway.
  const net::LoweredSubnet* priv = l->FindSubnet("subnet-0a7e1ab0c0ffee102");
  EXPECT_EQ(l->route_tables[priv->route_table].route_table_id, "rtb-0a7e1ab0c0ffee401");
  EXPECT_EQ(priv->network_acl_id, "acl-0a7e1ab0c0ffee501");
  // The NAT gateway's Elastic IP is on its interface.
  EXPECT_EQ(l->FindInterface("eni-0a7e1ab0c0ffee704")->PublicFor(*ParseIpAddress("10.0.0.200"))->ToString(),
            "198.51.100.20");
}

}  // namespace
}  // namespace vouch::aws
