// Lowering's bounds and Elastic IP folding, on networks written out by hand.
#include "models/net/lower.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vouch::net {
namespace {

using ::testing::HasSubstr;

IpAddress V4(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  return IpAddress::V4(a << 24 | b << 16 | c << 8 | d);
}

// `members` interfaces 10.0.0.1.. in one group whose only rule admits the group itself (the
// usual "instances of this tier talk to each other"): the group lowers to one rule per member
// address, and every member copies them, so members^2 rules in all.
Network SelfReferencingGroup(int members) {
  Network n;
  SecurityGroup sg;
  sg.group_id = "sg-tier";
  sg.source = {"sg.json", "/SecurityGroups/0"};
  IpPermission p;
  p.protocol = -1;
  p.group_pairs.push_back(UserIdGroupPair{"sg-tier", "", "", {"sg.json", "/x"}});
  sg.ip_permissions.push_back(p);
  n.security_groups.push_back(sg);
  for (int i = 1; i <= members; ++i) {
    NetworkInterface eni;
    eni.network_interface_id = "eni-" + std::to_string(i);
    eni.group_ids = {"sg-tier"};
    eni.private_ips.push_back(PrivateIp{V4(10, 0, 0, i), true, std::nullopt});
    eni.source = {"eni.json", "/NetworkInterfaces/" + std::to_string(i - 1)};
    n.network_interfaces.push_back(eni);
  }
  n.present = {"SecurityGroups", "NetworkInterfaces"};
  return n;
}

TEST(LowerLimits, WithinBoundsEveryMemberGetsOneRulePerMember) {
  absl::StatusOr<LoweredNetwork> l = Lower(SelfReferencingGroup(3), {3, 9});
  ASSERT_TRUE(l.ok()) << l.status();
  ASSERT_EQ(l->interfaces.size(), 3u);
  for (const LoweredInterface& li : l->interfaces) EXPECT_EQ(li.sg_ingress.rules.size(), 3u);
}

TEST(LowerLimits, AGroupExpandingPastItsLimitIsAnErrorNamingIt) {
  absl::StatusOr<LoweredNetwork> l = Lower(SelfReferencingGroup(3), {2, 100});
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(l.status().message(),
            "sg.json: /SecurityGroups/0: security group `sg-tier` expands to 3 rules (group "
            "references and prefix lists resolved to addresses), over the limit of 2");
}

TEST(LowerLimits, TheTotalOverInterfacesIsBoundedToo) {
  // 3 + 3 = 6 rules fit; the third interface would bring 9 > 8.
  absl::StatusOr<LoweredNetwork> l = Lower(SelfReferencingGroup(3), {3, 8});
  ASSERT_FALSE(l.ok());
  EXPECT_THAT(l.status().message(), HasSubstr("eni.json: /NetworkInterfaces/2/Groups/0: "));
  EXPECT_THAT(l.status().message(), HasSubstr("more than 8 rules in all (the limit)"));
  EXPECT_THAT(l.status().message(), HasSubstr("`eni-3`"));
}

TEST(LowerInterfaces, ElasticIpsAttachToTheirInterfaceAndPrivateAddress) {
  Network n = SelfReferencingGroup(2);
  n.network_interfaces[1].private_ips.push_back(PrivateIp{V4(10, 0, 0, 9), false, std::nullopt});
  // One for eni-2's secondary address, one (no private address given) for eni-1's primary,
  // and one for an interface that is not in the snapshot.
  n.addresses.push_back(Address{"a1", "", V4(203, 0, 113, 9), V4(10, 0, 0, 9), "eni-2", "", {}});
  n.addresses.push_back(Address{"a2", "", V4(203, 0, 113, 1), std::nullopt, "eni-1", "", {}});
  n.addresses.push_back(Address{"a3", "", V4(203, 0, 113, 7), std::nullopt, "eni-9", "", {}});
  absl::StatusOr<LoweredNetwork> l = Lower(n);
  ASSERT_TRUE(l.ok()) << l.status();
  const LoweredInterface& one = l->interfaces[0];
  const LoweredInterface& two = l->interfaces[1];
  EXPECT_EQ(one.private_ips[0].public_ip, V4(203, 0, 113, 1));
  EXPECT_EQ(two.private_ips[0].public_ip, std::nullopt);
  EXPECT_EQ(two.private_ips[1].public_ip, V4(203, 0, 113, 9));
}

// Group db-sg of vpc-b admits tcp 5432 from group app-sg of vpc-a, whose one member is
// 10.10.1.10; pcx-1 joins the two VPCs with `status`, the accepter in `accepter_region`.
Network PeeredReference(const std::string& status, const std::string& accepter_region) {
  Network n;
  n.present = {"SecurityGroups", "NetworkInterfaces", "VpcPeeringConnections"};
  SecurityGroup app;
  app.group_id = "sg-app";
  app.vpc_id = "vpc-a";
  SecurityGroup db;
  db.group_id = "sg-db";
  db.vpc_id = "vpc-b";
  IpPermission p;
  p.protocol = kProtocolTcp;
  p.from_port = 5432;
  p.to_port = 5432;
  p.group_pairs.push_back(UserIdGroupPair{"sg-app", "111122223333", "pcx-1", {"sg.json", "/x"}});
  db.ip_permissions.push_back(p);
  n.security_groups = {app, db};
  for (const char* id : {"eni-app", "eni-db"}) {
    const bool is_app = std::string(id) == "eni-app";
    NetworkInterface eni;
    eni.network_interface_id = id;
    eni.vpc_id = is_app ? "vpc-a" : "vpc-b";
    eni.group_ids = {is_app ? "sg-app" : "sg-db"};
    eni.private_ips.push_back(PrivateIp{is_app ? V4(10, 10, 1, 10) : V4(10, 20, 1, 20), true, std::nullopt});
    n.network_interfaces.push_back(eni);
  }
  n.vpc_peering_connections.push_back(VpcPeeringConnection{
      "pcx-1", status, {"111122223333", "vpc-a", "us-east-1", {}},
      {"111122223333", "vpc-b", accepter_region, {}}, {}});
  return n;
}

std::vector<std::string> IngressSources(const Network& n) {
  absl::StatusOr<LoweredNetwork> l = Lower(n);
  EXPECT_TRUE(l.ok()) << l.status();
  std::vector<std::string> out;
  if (!l.ok()) return out;
  for (const FilterRule& r : l->FindInterface("eni-db")->sg_ingress.rules) out.push_back(r.src.ToString());
  return out;
}

// A reference to a group of a peered VPC admits that group's members only while the peering
// is active, and never across regions (AWS: "You cannot reference the security group of a peer
// VPC that's in a different Region"); otherwise it matches nothing.
TEST(LowerGroupReferences, AcrossAPeeringOnlyWhileItIsActiveWithinOneRegion) {
  const std::vector<std::string> member = {"10.10.1.10/32"};
  EXPECT_EQ(IngressSources(PeeredReference("active", "us-east-1")), member);
  EXPECT_EQ(IngressSources(PeeredReference("active", "")), member);  // region not given
  for (const char* status : {"pending-acceptance", "deleted", "rejected", "expired"}) {
    EXPECT_TRUE(IngressSources(PeeredReference(status, "us-east-1")).empty()) << status;
  }
  EXPECT_TRUE(IngressSources(PeeredReference("active", "us-west-2")).empty());
  // No peering connection between the two VPCs at all.
  Network none = PeeredReference("active", "us-east-1");
  none.vpc_peering_connections.clear();
  EXPECT_TRUE(IngressSources(none).empty());
  // A snapshot without the VpcPeeringConnections response: resolved, never dropped by omission.
  none.present.erase("VpcPeeringConnections");
  EXPECT_EQ(IngressSources(none), member);
}

// A gateway route table routes what enters through its gateway longest prefix first, as a
// subnet's table routes what leaves: `local` keeps the addresses it wins, and a route to a
// middlebox takes only its own block.
Network GatewayRouteTable(bool middlebox) {
  Network n;
  n.vpcs.push_back(Vpc{"vpc-1", "111122223333", "", false, {*ParseCidr("10.0.0.0/16")}, {}});
  InternetGateway igw;
  igw.internet_gateway_id = "igw-1";
  igw.attachments.push_back({"vpc-1", "available"});
  n.internet_gateways.push_back(igw);
  RouteTable rt;
  rt.route_table_id = "rtb-edge";
  rt.vpc_id = "vpc-1";
  rt.associations.push_back({false, "", "igw-1", "rtbassoc-1", {}});
  Route local;
  local.destination = *ParseCidr("10.0.0.0/16");
  local.target_id = "local";
  rt.routes.push_back(local);
  if (middlebox) {
    Route firewall;
    firewall.destination = *ParseCidr("10.0.1.0/24");
    firewall.target_kind = RouteTargetKind::kNetworkInterface;
    firewall.target_id = "eni-firewall";
    rt.routes.push_back(firewall);
  }
  n.route_tables.push_back(rt);
  n.present = {"Vpcs", "InternetGateways", "RouteTables"};
  return n;
}

TEST(IngressRouting, TheLongestPrefixDecidesForEachDestination) {
  absl::StatusOr<LoweredNetwork> l = Lower(GatewayRouteTable(true));
  ASSERT_TRUE(l.ok()) << l.status();
  // `local` wins for the rest of the VPC: nothing to follow.
  EXPECT_FALSE(FindUnsupportedIngressRouting(*l, "igw-1", V4(10, 0, 0, 5)).has_value());
  EXPECT_FALSE(FindUnsupportedIngressRouting(*l, "igw-1", V4(10, 0, 2, 5)).has_value());
  std::optional<UnsupportedIngressRouting> r =
      FindUnsupportedIngressRouting(*l, "igw-1", V4(10, 0, 1, 5));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->detail,
            "gateway route table `rtb-edge` of `igw-1` routes `10.0.1.0/24` to `eni-firewall` "
            "(ingress routing), which vouch does not follow");
  // No route at all (an inconsistent snapshot: AWS keeps `local` for each VPC CIDR).
  r = FindUnsupportedIngressRouting(*l, "igw-1", V4(192, 168, 0, 1));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->route, nullptr);
  EXPECT_THAT(r->detail, HasSubstr("has no route for the destination (not even `local`)"));
  // Another gateway, or one without a table: nothing to follow.
  EXPECT_FALSE(FindUnsupportedIngressRouting(*l, "igw-2", V4(10, 0, 1, 5)).has_value());
}

TEST(IngressRouting, ATableOfLocalRoutesOnlyChangesNothing) {
  absl::StatusOr<LoweredNetwork> l = Lower(GatewayRouteTable(false));
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(RedirectingIngressTable(*l, "igw-1"), nullptr);
  for (const IpAddress& a : {V4(10, 0, 1, 5), V4(192, 168, 0, 1)}) {
    EXPECT_FALSE(FindUnsupportedIngressRouting(*l, "igw-1", a).has_value()) << a.ToString();
  }
}

}  // namespace
// Both explanations of a blocking security group (the concrete walker's and the SMT engine's)
// end with this note: nothing without void references, each one otherwise, in order.
TEST(LoweredInterfaceTest, VoidReferencesNoteNamesEachReferenceOfItsDirection) {
  LoweredInterface li;
  EXPECT_EQ(li.VoidReferencesNote(false), "");
  li.sg_ingress_void_references = {"`sg-a` names `sg-b`", "`sg-a` names `sg-c`"};
  EXPECT_EQ(li.VoidReferencesNote(false),
            " (`sg-a` names `sg-b`; `sg-a` names `sg-c`: such a reference admits nothing)");
  EXPECT_EQ(li.VoidReferencesNote(true), "");
}

}  // namespace vouch::net
