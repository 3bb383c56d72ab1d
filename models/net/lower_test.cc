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

}  // namespace
}  // namespace vouch::net
