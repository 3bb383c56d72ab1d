// Tests for plan_network.h: Terraform plan changes applied to the lab network (examples/lab:
// WebserverSG sg-0a7e1ab0c0ffee602 opens tcp 80, 443 and 3389 to 0.0.0.0/0; DatabaseSG
// sg-0a7e1ab0c0ffee603 admits tcp 1433 from WebserverSG; acl-0a7e1ab0c0ffee501 allows all, rule
// 100, on both subnets), groups created with ids known only after apply and joined by reference,
// and the exact errors for bad values and resources vouch does not model.
#include "frontends/terraform/plan_network.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "frontends/aws/snapshot.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vouch::terraform {
namespace {

const std::string kLab = std::string(VOUCH_SOURCE_DIR) + "/examples/lab";
constexpr char kWeb[] = "sg-0a7e1ab0c0ffee602";
constexpr char kDb[] = "sg-0a7e1ab0c0ffee603";
constexpr char kAcl[] = "acl-0a7e1ab0c0ffee501";

net::Network Lab() {
  absl::StatusOr<aws::Snapshot> s = aws::LoadSnapshot(kLab);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? s->network : net::Network();
}

absl::Status Apply(const std::string& json, net::Network& network) {
  absl::StatusOr<std::unique_ptr<aws::JsonDocument>> doc =
      aws::JsonDocument::FromString(json, "plan.json");
  if (!doc.ok()) return doc.status();
  return ApplyPlanToNetwork((*doc)->root(), network);
}

std::string Change(const std::string& type, const std::string& name, const std::string& actions,
                   const std::string& before, const std::string& after,
                   const std::string& after_unknown = "{}") {
  return absl::StrCat(R"({"address": ")", type, ".", name, R"(", "mode": "managed", "type": ")",
                      type, R"(", "name": ")", name, R"(", "change": {"actions": )", actions,
                      R"(, "before": )", before, R"(, "after": )", after, R"(, "after_unknown": )",
                      after_unknown, "}}");
}

std::string Plan(const std::string& changes, const std::string& config = "") {
  return absl::StrCat(R"({"format_version": "1.2", "resource_changes": [)", changes,
                      R"(], "configuration": {"root_module": {"resources": [)", config, "]}}}");
}

const net::SecurityGroup* Group(const net::Network& n, const std::string& id) {
  for (const net::SecurityGroup& g : n.security_groups) {
    if (g.group_id == id) return &g;
  }
  return nullptr;
}

// "tcp 22-22 from 0.0.0.0/0" for each source of each permission, for compact expectations.
std::vector<std::string> Rules(const std::vector<net::IpPermission>& list) {
  std::vector<std::string> out;
  for (const net::IpPermission& p : list) {
    std::string head = absl::StrCat(p.protocol, " ", p.from_port.value_or(-9), "-",
                                    p.to_port.value_or(-9), " from ");
    for (const net::CidrRange& r : p.ip_ranges) out.push_back(head + r.cidr.ToString());
    for (const net::PrefixListRef& l : p.prefix_list_ids) out.push_back(head + l.prefix_list_id);
    for (const net::UserIdGroupPair& g : p.group_pairs) out.push_back(head + g.group_id);
  }
  return out;
}

using ::testing::ElementsAre;

// WebserverSG as a plan shows it with one inline ingress block (tcp 443 from 0.0.0.0/0, and from
// the group itself when `self`) and no egress block.
std::string WebWithInlineHttps(bool self) {
  return absl::StrCat(
      R"({"id": ")", kWeb,
      R"(", "name": "WebserverSG", "vpc_id": "vpc-0a7e1ab0c0ffee001", )"
      R"("ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": )"
      R"(["0.0.0.0/0"], "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [], )"
      R"("self": )",
      self ? "true" : "false", R"(, "description": ""}], "egress": []})");
}

// The configuration of aws_security_group.web: it sets `ingress` only.
constexpr char kWebConfiguresIngress[] =
    R"({"address": "aws_security_group.web", "mode": "managed", "type": )"
    R"("aws_security_group", "name": "web", "expressions": {"ingress": {}}})";

TEST(PlanNetworkTest, AVpcIngressRuleAddsOneSourceLocatedInThePlan) {
  net::Network n = Lab();
  ASSERT_TRUE(
      Apply(Plan(Change("aws_vpc_security_group_ingress_rule", "ssh", R"(["create"])", "null",
                        absl::StrCat(R"({"security_group_id": ")", kWeb,
                                     R"(", "ip_protocol": "tcp", "from_port": 22, )"
                                     R"("to_port": 22, "cidr_ipv4": "0.0.0.0/0"})"))),
            n)
          .ok());
  const net::SecurityGroup* web = Group(n, kWeb);
  ASSERT_NE(web, nullptr);
  EXPECT_THAT(Rules(web->ip_permissions),
              ElementsAre("6 80-80 from 0.0.0.0/0", "6 443-443 from 0.0.0.0/0",
                          "6 3389-3389 from 0.0.0.0/0", "6 22-22 from 0.0.0.0/0"));
  EXPECT_EQ(web->ip_permissions.back().ip_ranges[0].source.DebugString(),
            "plan.json: /resource_changes/0/change/after/cidr_ipv4");
}

TEST(PlanNetworkTest, AnUpdatedInlineIngressReplacesTheGroupsRules) {
  net::Network n = Lab();
  std::string before = absl::StrCat(R"({"id": ")", kWeb, R"(", "name": "WebserverSG"})");
  // Egress is not configured: the group keeps its own.
  ASSERT_TRUE(Apply(Plan(Change("aws_security_group", "web", R"(["update"])", before,
                                WebWithInlineHttps(true)),
                         kWebConfiguresIngress),
                    n)
                  .ok());
  const net::SecurityGroup* web = Group(n, kWeb);
  ASSERT_NE(web, nullptr);
  EXPECT_THAT(Rules(web->ip_permissions),
              ElementsAre("6 443-443 from 0.0.0.0/0", absl::StrCat("6 443-443 from ", kWeb)));
  EXPECT_EQ(web->ip_permissions[0].ip_ranges[0].source.DebugString(),
            "plan.json: /resource_changes/0/change/after/ingress/0/cidr_blocks/0");
  EXPECT_THAT(Rules(web->ip_permissions_egress), ElementsAre("-1 -9--9 from 0.0.0.0/0"));
}

TEST(PlanNetworkTest, AdoptingTheDefaultGroupReplacesAllItsRules) {
  net::Network n = Lab();
  std::string after = R"({"vpc_id": "vpc-0a7e1ab0c0ffee001", "ingress": [{"protocol": "-1", )"
                      R"("from_port": 0, "to_port": 0, "cidr_blocks": ["10.0.0.0/16"], )"
                      R"("self": false}]})";
  absl::Status s =
      Apply(Plan(Change("aws_default_security_group", "lab", R"(["create"])", "null", after)), n);
  ASSERT_TRUE(s.ok()) << s;
  const net::SecurityGroup* lab = Group(n, "sg-0a7e1ab0c0ffee601");
  ASSERT_NE(lab, nullptr);
  EXPECT_THAT(Rules(lab->ip_permissions), ElementsAre("-1 0-0 from 10.0.0.0/16"));
  EXPECT_TRUE(lab->ip_permissions_egress.empty());  // not configured: the provider removes it
}

TEST(PlanNetworkTest, ANewGroupIsJoinedByReferenceUnderItsAddress) {
  net::Network n = Lab();
  std::string group = Change("aws_security_group", "bastion", R"(["create"])", "null",
                             R"({"name": "bastion", "vpc_id": "vpc-0a7e1ab0c0ffee001"})",
                             R"({"id": true, "ingress": true, "egress": true})");
  std::string rule =
      Change("aws_vpc_security_group_ingress_rule", "db_from_bastion", R"(["create"])", "null",
             absl::StrCat(R"({"security_group_id": ")", kDb,
                          R"(", "ip_protocol": "tcp", "from_port": 1433, )"
                          R"("to_port": 1433})"),
             R"({"referenced_security_group_id": true})");
  std::string config =
      R"({"address": "aws_vpc_security_group_ingress_rule.db_from_bastion", "mode": "managed", )"
      R"("type": "aws_vpc_security_group_ingress_rule", "name": "db_from_bastion", )"
      R"("expressions": {"referenced_security_group_id": {"references": )"
      R"(["aws_security_group.bastion.id", "aws_security_group.bastion"]}}})";
  // The rule comes first: the order of the changes does not matter.
  absl::Status s = Apply(Plan(rule + ", " + group, config), n);
  ASSERT_TRUE(s.ok()) << s;
  const net::SecurityGroup* bastion = Group(n, "aws_security_group.bastion");
  ASSERT_NE(bastion, nullptr);
  EXPECT_EQ(bastion->group_name, "bastion");
  EXPECT_TRUE(bastion->ip_permissions.empty());
  EXPECT_TRUE(bastion->ip_permissions_egress.empty());  // the provider drops AWS's default
  EXPECT_THAT(Rules(Group(n, kDb)->ip_permissions),
              ElementsAre(absl::StrCat("6 1433-1433 from sg-0a7e1ab0c0ffee602"),
                          "6 1433-1433 from aws_security_group.bastion"));
}

// The AWS provider overwrites a group's standalone rules with its inline ones at each apply, and
// the next apply adds them again: what holds after the plan is not settled.
TEST(PlanNetworkTest, AStandaloneRuleBesideInlineRulesOfItsDirectionIsUnknown) {
  // The group does not change; its configuration sets inline ingress only.
  std::string web_state = WebWithInlineHttps(false);
  std::string group = Change("aws_security_group", "web", R"(["no-op"])", web_state, web_state);
  const std::string config = kWebConfiguresIngress;
  auto rule = [&](const std::string& type) {
    return Change("aws_security_group_rule", "ssh", R"(["create"])", "null",
                  absl::StrCat(R"({"type": ")", type, R"(", "security_group_id": ")", kWeb,
                               R"(", "protocol": "tcp", "from_port": 22, "to_port": 22, )"
                               R"("cidr_blocks": ["0.0.0.0/0"], "self": false})"));
  };
  net::Network n = Lab();
  absl::Status s = Apply(Plan(group + ", " + rule("ingress"), config), n);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(
      s.message(),
      absl::StrCat("plan.json: /resource_changes/1/change/after: `aws_security_group_rule.ssh` "
                   "sets an ingress rule of `",
                   kWeb,
                   "`, whose ingress rules `aws_security_group.web` also sets inline: "
                   "Terraform overwrites one with the other at each apply (the AWS provider "
                   "says not to use both), so the rules after the plan are not settled"));
  // Egress is not the group's inline business: the rule is applied.
  n = Lab();
  s = Apply(Plan(group + ", " + rule("egress"), config), n);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_THAT(Rules(Group(n, kWeb)->ip_permissions_egress),
              ElementsAre("-1 -9--9 from 0.0.0.0/0", "6 22-22 from 0.0.0.0/0"));
  // Neither changes: the plan leaves them as the snapshot has them.
  std::string existing =
      Change("aws_security_group_rule", "ssh", R"(["no-op"])",
             absl::StrCat(R"({"type": "ingress", "security_group_id": ")", kWeb,
                          R"(", "protocol": "tcp", "from_port": 22, "to_port": 22, )"
                          R"("cidr_blocks": ["0.0.0.0/0"], "self": false})"),
             absl::StrCat(R"({"type": "ingress", "security_group_id": ")", kWeb,
                          R"(", "protocol": "tcp", "from_port": 22, "to_port": 22, )"
                          R"("cidr_blocks": ["0.0.0.0/0"], "self": false})"));
  n = Lab();
  EXPECT_TRUE(Apply(Plan(group + ", " + existing, config), n).ok());
  // The default group, which Terraform empties and fills when it adopts or updates it; left as it
  // is, it owns only what its configuration sets.
  std::string lab_default = R"({"id": "sg-0a7e1ab0c0ffee601", "vpc_id": "vpc-0a7e1ab0c0ffee001"})";
  auto default_rule =
      Change("aws_vpc_security_group_ingress_rule", "https", R"(["create"])", "null",
             R"({"security_group_id": "sg-0a7e1ab0c0ffee601", "ip_protocol": )"
             R"("tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "10.0.0.0/8"})");
  n = Lab();
  s = Apply(
      Plan(Change("aws_default_security_group", "lab", R"(["update"])", lab_default, lab_default) +
           ", " + default_rule),
      n);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented) << s;
  n = Lab();
  s = Apply(
      Plan(Change("aws_default_security_group", "lab", R"(["no-op"])", lab_default, lab_default) +
           ", " + default_rule),
      n);
  EXPECT_TRUE(s.ok()) << s;
  // A network ACL's inline entries and an aws_network_acl_rule, alike.
  std::string acl_state = absl::StrCat(R"({"id": ")", kAcl,
                                       R"(", "vpc_id": "vpc-0a7e1ab0c0ffee001", "ingress": [], )"
                                       R"("egress": [], "subnet_ids": []})");
  std::string acl = Change("aws_network_acl", "main", R"(["no-op"])", acl_state, acl_state);
  std::string acl_config = R"({"address": "aws_network_acl.main", "mode": "managed", "type": )"
                           R"("aws_network_acl", "name": "main", "expressions": {"egress": {}}})";
  std::string entry =
      Change("aws_network_acl_rule", "deny_rdp", R"(["create"])", "null",
             absl::StrCat(R"({"network_acl_id": ")", kAcl,
                          R"(", "rule_number": 90, "egress": true, "protocol": "tcp", )"
                          R"("rule_action": "deny", "cidr_block": "0.0.0.0/0", "from_port": 3389, )"
                          R"("to_port": 3389})"));
  n = Lab();
  s = Apply(Plan(acl + ", " + entry, acl_config), n);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(std::string(s.message()),
              ::testing::HasSubstr("`aws_network_acl_rule.deny_rdp` sets an egress rule of `"));
}

TEST(PlanNetworkTest, DeletingARuleRevokesItAndAnUpdateSwapsIt) {
  net::Network n = Lab();
  std::string rdp = absl::StrCat(R"({"type": "ingress", "security_group_id": ")", kWeb,
                                 R"(", "protocol": "tcp", "from_port": 3389, "to_port": 3389, )"
                                 R"("cidr_blocks": ["0.0.0.0/0"], "self": false})");
  std::string https_v6 = absl::StrCat(
      R"({"type": "ingress", "security_group_id": ")", kWeb,
      R"(", "protocol": "6", "from_port": 443, "to_port": 443, "ipv6_cidr_blocks": ["::/0"]})");
  ASSERT_TRUE(
      Apply(Plan(Change("aws_security_group_rule", "rdp", R"(["update"])", rdp, https_v6)), n)
          .ok());
  EXPECT_THAT(
      Rules(Group(n, kWeb)->ip_permissions),
      ElementsAre("6 80-80 from 0.0.0.0/0", "6 443-443 from 0.0.0.0/0", "6 443-443 from ::/0"));
}

TEST(PlanNetworkTest, AnAclRuleAndAnInlineAclAreReadWithTerraformsSpelling) {
  net::Network n = Lab();
  std::string rule = absl::StrCat(
      R"({"network_acl_id": ")", kAcl,
      R"(", "rule_number": 90, "egress": false, "protocol": "6", "rule_action": "deny", )"
      R"("cidr_block": "0.0.0.0/0", "ipv6_cidr_block": null, "from_port": 3389, )"
      R"("to_port": 3389, "icmp_type": null, "icmp_code": null})");
  std::string acl = R"({"vpc_id": "vpc-0a7e1ab0c0ffee001", "subnet_ids": )"
                    R"(["subnet-0a7e1ab0c0ffee102"], "ingress": [{"rule_no": 10, "action": )"
                    R"("allow", "protocol": "icmp", "from_port": 0, "to_port": 0, )"
                    R"("cidr_block": "", "ipv6_cidr_block": "::/0", "icmp_type": 8, )"
                    R"("icmp_code": 0}], "egress": []})";
  absl::Status s = Apply(
      Plan(Change("aws_network_acl_rule", "no_rdp", R"(["create"])", "null", rule) + ", " +
           Change("aws_network_acl", "private", R"(["create"])", "null", acl, R"({"id": true})")),
      n);
  ASSERT_TRUE(s.ok()) << s;
  ASSERT_EQ(n.network_acls.size(), 2u);
  const net::NetworkAcl& lab = n.network_acls[0];
  ASSERT_EQ(lab.entries.size(), 5u);
  const net::NetworkAclEntry& deny = lab.entries.back();
  EXPECT_EQ(deny.rule_number, 90);
  EXPECT_EQ(deny.rule_action, net::RuleAction::kDeny);
  EXPECT_EQ(deny.protocol, 6);
  EXPECT_EQ(deny.port_range, (net::NetworkAclPortRange{3389, 3389}));
  EXPECT_EQ(deny.source.DebugString(), "plan.json: /resource_changes/0/change/after");
  // The private subnet moves to the new ACL.
  ASSERT_EQ(lab.associations.size(), 1u);
  EXPECT_EQ(lab.associations[0].subnet_id, "subnet-0a7e1ab0c0ffee101");
  const net::NetworkAcl& fresh = n.network_acls[1];
  EXPECT_EQ(fresh.network_acl_id, "aws_network_acl.private");
  ASSERT_EQ(fresh.associations.size(), 1u);
  EXPECT_EQ(fresh.associations[0].subnet_id, "subnet-0a7e1ab0c0ffee102");
  ASSERT_EQ(fresh.entries.size(), 3u);  // the two `*` entries, then the inline one
  EXPECT_EQ(fresh.entries[2].protocol, 1);
  EXPECT_EQ(fresh.entries[2].cidr_block.ToString(), "::/0");
  EXPECT_EQ(fresh.entries[2].icmp_type_code, (net::IcmpTypeCode{8, 0}));
}

TEST(PlanNetworkTest, AnAssociationMovesASubnetAndItsDeletionMovesItBack) {
  net::Network n = Lab();
  std::string acl = R"({"vpc_id": "vpc-0a7e1ab0c0ffee001", "ingress": [], "egress": []})";
  std::string moved = R"({"network_acl_id": null, "subnet_id": "subnet-0a7e1ab0c0ffee101"})";
  std::string config =
      R"({"address": "aws_network_acl_association.web", "mode": "managed", "type": )"
      R"("aws_network_acl_association", "name": "web", "expressions": {"network_acl_id": )"
      R"({"references": ["aws_network_acl.locked.id", "aws_network_acl.locked"]}}})";
  absl::Status s = Apply(
      Plan(Change("aws_network_acl_association", "web", R"(["create"])", "null", moved,
                  R"({"network_acl_id": true})") +
               ", " +
               Change("aws_network_acl", "locked", R"(["create"])", "null", acl, R"({"id": true})"),
           config),
      n);
  ASSERT_TRUE(s.ok()) << s;
  ASSERT_EQ(n.network_acls.size(), 2u);
  ASSERT_EQ(n.network_acls[0].associations.size(), 1u);
  EXPECT_EQ(n.network_acls[0].associations[0].subnet_id, "subnet-0a7e1ab0c0ffee102");
  ASSERT_EQ(n.network_acls[1].associations.size(), 1u);
  EXPECT_EQ(n.network_acls[1].associations[0].subnet_id, "subnet-0a7e1ab0c0ffee101");
  // Deleting the lab's association of the private subnet leaves it to the VPC's default ACL.
  std::string gone = absl::StrCat(R"({"network_acl_id": ")", kAcl,
                                  R"(", "subnet_id": "subnet-0a7e1ab0c0ffee102"})");
  s = Apply(Plan(Change("aws_network_acl_association", "db", R"(["delete"])", gone, "null")), n);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_TRUE(n.network_acls[0].associations.empty());
}

TEST(PlanNetworkTest, AdoptingTheDefaultAclReplacesItsEntries) {
  net::Network n = Lab();
  std::string after = absl::StrCat(
      R"({"default_network_acl_id": ")", kAcl,
      R"(", "ingress": [{"rule_no": 100, "action": "allow", "protocol": "tcp", "from_port": )"
      R"(443, "to_port": 443, "cidr_block": "0.0.0.0/0", "ipv6_cidr_block": "", "icmp_type": )"
      R"(0, "icmp_code": 0}]})");
  absl::Status s =
      Apply(Plan(Change("aws_default_network_acl", "lab", R"(["create"])", "null", after)), n);
  ASSERT_TRUE(s.ok()) << s;
  // The two `*` entries stay; egress, not given, has no other entry: the ACL denies it all.
  std::vector<std::string> entries;
  for (const net::NetworkAclEntry& e : n.network_acls[0].entries) {
    entries.push_back(absl::StrCat(e.egress ? "egress " : "ingress ", e.rule_number, " ",
                                   e.rule_action == net::RuleAction::kAllow ? "allow" : "deny"));
  }
  EXPECT_THAT(entries, ElementsAre("egress 32767 deny", "ingress 32767 deny", "ingress 100 allow"));
}

TEST(PlanNetworkTest, AnInstancesNewGroupsGoToItsPrimaryInterface) {
  net::Network n = Lab();
  std::string group =
      Change("aws_security_group", "bastion", R"(["create"])", "null",
             R"({"name": "bastion", "vpc_id": "vpc-0a7e1ab0c0ffee001"})", R"({"id": true})");
  std::string instance = Change(
      "aws_instance", "web", R"(["update"])",
      R"({"id": "i-0a7e1ab0c0ffee801", "vpc_security_group_ids": ["sg-0a7e1ab0c0ffee602"]})",
      R"({"id": "i-0a7e1ab0c0ffee801", "vpc_security_group_ids": ["sg-0a7e1ab0c0ffee603", null]})",
      R"({"vpc_security_group_ids": [false, true]})");
  std::string config =
      R"({"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": )"
      R"("web", "expressions": {"vpc_security_group_ids": {"references": )"
      R"(["aws_security_group.bastion.id", "aws_security_group.bastion"]}}})";
  absl::Status s = Apply(Plan(instance + ", " + group, config), n);
  ASSERT_TRUE(s.ok()) << s;
  for (const net::NetworkInterface& eni : n.network_interfaces) {
    if (eni.network_interface_id != "eni-0a7e1ab0c0ffee701") continue;
    EXPECT_THAT(eni.group_ids, ElementsAre(kDb, "aws_security_group.bastion"));
  }
  // Anything else changing on the instance is not modelled.
  std::string resized = Change("aws_instance", "web", R"(["update"])",
                               R"({"id": "i-0a7e1ab0c0ffee801", "instance_type": "t3.micro"})",
                               R"({"id": "i-0a7e1ab0c0ffee801", "instance_type": "t3.large"})");
  EXPECT_EQ(Apply(Plan(resized), n).code(), absl::StatusCode::kUnimplemented);
}

TEST(PlanNetworkTest, IamAndUnrelatedResourcesAreReadPastAndTagsOnlyUpdatesToo) {
  net::Network n = Lab();
  net::Network before = n;
  std::string tags_before = R"({"id": "i-0a7e1ab0c0ffee801", "subnet_id": "s", "tags": {}})";
  std::string tags_after = R"({"id": "i-0a7e1ab0c0ffee801", "subnet_id": "s", "tags": {"a": "b"}})";
  absl::Status s = Apply(
      Plan(Change("aws_iam_user", "u", R"(["create"])", "null", R"({"name": "u"})") + ", " +
           Change("aws_s3_bucket", "b", R"(["create"])", "null", R"({"bucket": "b"})") + ", " +
           Change("aws_instance", "web", R"(["update"])", tags_before, tags_after,
                  R"({"tags_all": true})")),
      n);
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(n, before);
}

TEST(PlanNetworkTest, ResourcesThatChangeReachabilityAreUnknown) {
  net::Network n = Lab();
  absl::Status s = Apply(
      Plan(Change("aws_lb", "front", R"(["create"])", "null", R"({"subnets": ["subnet-1"]})")), n);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(s.message(),
            "plan.json: /resource_changes/0/type: `aws_lb.front` changes the network in a way "
            "vouch does not model (resource type `aws_lb`)");
  std::string sg_before = absl::StrCat(R"({"id": ")", kWeb, R"(", "name": "WebserverSG"})");
  s = Apply(Plan(Change("aws_security_group", "web", R"(["delete"])", sg_before, "null")), n);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(s.message(),
            "plan.json: /resource_changes/0: `aws_security_group.web` deletes security group "
            "`sg-0a7e1ab0c0ffee602`, which interface `eni-0a7e1ab0c0ffee701` still names: what "
            "replaces it once the plan is applied is not modelled");
}

TEST(PlanNetworkTest, AnInlineBlockKnownOnlyAfterApplyIsUnknown) {
  net::Network n = Lab();
  std::string after = R"({"name": "app", "vpc_id": "vpc-0a7e1ab0c0ffee001", "ingress": [)"
                      R"({"protocol": "tcp", "from_port": 8080, "to_port": 8080, )"
                      R"("cidr_blocks": [], "security_groups": [null], "self": false}]})";
  absl::Status s = Apply(Plan(Change("aws_security_group", "app", R"(["create"])", "null", after,
                                     R"({"id": true, "ingress": [{"security_groups": [true]}]})")),
                         n);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(s.message(),
            "plan.json: /resource_changes/0/change/after_unknown/ingress: `ingress` of "
            "`aws_security_group.app` is known only after apply, so the planned network cannot "
            "be told from the plan");
}

// WebserverSG updated to admit tcp 8080 from a group the plan creates (`security_groups =
// [aws_security_group.lb.id]` in an inline block), beside its https from anywhere: the plan's
// `after` holds null for the new group's id, and after_unknown marks it. `references` is the
// `ingress` expression's, `unknown` its after_unknown, `more` further changes.
absl::Status ApplyWebFromNewGroup(
    net::Network& n, const std::string& references,
    const std::string& unknown = R"([{"security_groups": []}, {"security_groups": [true]}])",
    const std::string& more = "") {
  std::string before = WebWithInlineHttps(false);
  std::string after = absl::StrCat(
      R"({"id": ")", kWeb,
      R"(", "name": "WebserverSG", "vpc_id": "vpc-0a7e1ab0c0ffee001", "ingress": [)"
      R"({"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"], )"
      R"("ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [], "self": false, )"
      R"("description": ""}, )"
      R"({"protocol": "tcp", "from_port": 8080, "to_port": 8080, "cidr_blocks": [], )"
      R"("ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [null], )"
      R"("self": false, "description": ""}], "egress": []})");
  std::string web = Change("aws_security_group", "web", R"(["update"])", before, after,
                           absl::StrCat(R"({"ingress": )", unknown, "}"));
  std::string lb = Change("aws_security_group", "lb", R"(["create"])", "null",
                          R"({"name": "lb", "vpc_id": "vpc-0a7e1ab0c0ffee001", "ingress": [], )"
                          R"("egress": []})",
                          R"({"id": true, "arn": true})");
  std::string config = absl::StrCat(
      R"({"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group", )"
      R"("name": "web", "expressions": {"ingress": {"references": )",
      references, "}}}");
  return Apply(Plan(absl::StrCat(web, ", ", lb, more), config), n);
}

TEST(PlanNetworkTest, AnInlineBlockNamingOneNewGroupJoinsItUnderItsAddress) {
  net::Network n = Lab();
  absl::Status s =
      ApplyWebFromNewGroup(n, R"(["aws_security_group.lb.id", "aws_security_group.lb"])");
  ASSERT_TRUE(s.ok()) << s;
  ASSERT_NE(Group(n, "aws_security_group.lb"), nullptr);
  EXPECT_THAT(Rules(Group(n, kWeb)->ip_permissions),
              ElementsAre("6 443-443 from 0.0.0.0/0", "6 8080-8080 from aws_security_group.lb"));
  EXPECT_EQ(Group(n, kWeb)->ip_permissions[1].group_pairs[0].source.DebugString(),
            "plan.json: /resource_changes/0/change/after/ingress/1/security_groups/0");
  // Root-module variables, count.index and existing groups, whose values are known, hide no
  // other unknown id.
  n = Lab();
  std::string db = Change("aws_security_group", "db", R"(["no-op"])",
                          absl::StrCat(R"({"id": ")", kDb, R"(", "name": "SQLServerSG"})"),
                          absl::StrCat(R"({"id": ")", kDb, R"(", "name": "SQLServerSG"})"));
  s = ApplyWebFromNewGroup(n,
                           R"(["aws_security_group.lb.id", "aws_security_group.lb", "var.port", )"
                           R"("count.index", "aws_security_group.db.id", "aws_security_group.db"])",
                           R"([{"security_groups": []}, {"security_groups": [true]}])", ", " + db);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_THAT(Rules(Group(n, kWeb)->ip_permissions),
              ElementsAre("6 443-443 from 0.0.0.0/0", "6 8080-8080 from aws_security_group.lb"));
}

TEST(PlanNetworkTest, AnInlineBlockWhoseUnknownsMayBeOtherThanOneNewGroupIsUnknown) {
  const std::string unknown =
      "plan.json: /resource_changes/0/change/after_unknown/ingress: `ingress` of "
      "`aws_security_group.web` is known only after apply, so the planned network cannot be "
      "told from the plan";
  auto message = [](const std::string& references,
                    const std::string& marks =
                        R"([{"security_groups": []}, {"security_groups": [true]}])",
                    const std::string& more = "") {
    net::Network n = Lab();
    return std::string(ApplyWebFromNewGroup(n, references, marks, more).message());
  };
  const std::string lb = R"("aws_security_group.lb.id", "aws_security_group.lb")";
  // Two new groups named: which block names which is not told.
  std::string api =
      Change("aws_security_group", "api", R"(["create"])", "null",
             R"({"name": "api", "vpc_id": "vpc-0a7e1ab0c0ffee001"})", R"({"id": true})");
  EXPECT_EQ(message(absl::StrCat("[", lb, R"(, "aws_security_group.api.id"])"),
                    R"([{"security_groups": []}, {"security_groups": [true]}])", ", " + api),
            unknown);
  // A local value, a data source or a module's output may hold any unknown value.
  EXPECT_EQ(message(absl::StrCat("[", lb, R"(, "local.lb_id"])")), unknown);
  EXPECT_EQ(message(absl::StrCat("[", lb, R"(, "data.aws_security_group.x.id"])")), unknown);
  EXPECT_EQ(message(absl::StrCat("[", lb, R"(, "module.lb.id"])")), unknown);
  // An unknown attribute of a resource other than a group's id (a known one hides nothing).
  EXPECT_EQ(message(absl::StrCat("[", lb, R"(, "aws_security_group.lb.arn"])")), unknown);
  EXPECT_EQ(message(absl::StrCat("[", lb, R"(, "aws_security_group.lb.name"])")), "");
  // A resource referenced whole, not only through an attribute: any of its values may be named.
  EXPECT_EQ(message(absl::StrCat("[", lb, R"(, "aws_security_group.many"])")), unknown);
  // No new group named, or no expression at all.
  EXPECT_EQ(message(R"(["var.port"])"), unknown);
  // Something else of the blocks unknown, or the list of a block, or a block, as a whole.
  EXPECT_EQ(message(absl::StrCat("[", lb, "]"),
                    R"([{"cidr_blocks": [true]}, {"security_groups": [true]}])"),
            unknown);
  EXPECT_EQ(message(absl::StrCat("[", lb, "]"),
                    R"([{"security_groups": []}, {"security_groups": true}])"),
            unknown);
  EXPECT_EQ(message(absl::StrCat("[", lb, "]"), R"([false, true])"), unknown);
  EXPECT_EQ(message(absl::StrCat("[", lb, "]"), "true"), unknown);
}

TEST(PlanNetworkTest, BadRuleValuesAreErrorsAtTheirPointer) {
  auto error = [](const std::string& after) {
    net::Network n = Lab();
    return std::string(
        Apply(Plan(Change("aws_security_group_rule", "r", R"(["create"])", "null", after)), n)
            .message());
  };
  std::string head = absl::StrCat(R"({"type": "ingress", "security_group_id": ")", kWeb, R"(", )");
  EXPECT_EQ(error(head + R"("protocol": "tcp", "from_port": 22, "to_port": 22})"),
            "plan.json: /resource_changes/0/change/after: `aws_security_group_rule.r` has no "
            "source (`cidr_blocks`, `ipv6_cidr_blocks`, `prefix_list_ids`, "
            "`source_security_group_id` or `self`)");
  EXPECT_EQ(error(head + R"("protocol": "tcp", "from_port": 22, "to_port": 21, "self": true})"),
            "plan.json: /resource_changes/0/change/after/from_port: `from_port` 22 is above "
            "`to_port` 21");
  EXPECT_EQ(error(absl::StrCat(R"({"type": "inbound", "security_group_id": ")", kWeb,
                               R"(", "protocol": "-1", "from_port": 0, "to_port": 0})")),
            "plan.json: /resource_changes/0/change/after/type: unknown rule type `inbound` "
            "(expected ingress or egress)");
  EXPECT_EQ(error(R"({"type": "ingress", "security_group_id": "sg-nope", "protocol": "-1", )"
                  R"("from_port": 0, "to_port": 0, "cidr_blocks": ["10.0.0.0/8"]})"),
            "plan.json: /resource_changes/0/change/after/security_group_id: "
            "`aws_security_group_rule.r` names security group `sg-nope`, which neither the "
            "snapshot nor the plan holds");
}

}  // namespace
}  // namespace vouch::terraform
