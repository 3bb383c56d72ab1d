// `vouch exposure` and `vouch reach` with --terraform-plan, end to end: the built binary on the
// lab network (examples/lab) with plans applied, against answers derived by hand:
//   WebserverSG (sg-0a7e1ab0c0ffee602) opens tcp 80, 443 and 3389 to 0.0.0.0/0 and is held by the
//   Web Server, which has a public address; nothing opens tcp 22. DatabaseSG
//   (sg-0a7e1ab0c0ffee603) admits tcp 1433 from WebserverSG only, and is held by the SQL server,
//   which has no public address; eni-0a7e1ab0c0ffee703 beside it holds the default group only.
//   acl-0a7e1ab0c0ffee501 allows everything (rule 100) on both subnets.
// So: examples/terraform/open-ssh.json (tcp 22 from 0.0.0.0/0 on WebserverSG) opens SSH to the
// world; dropping the RDP block of WebserverSG's inline ingress closes RDP; opening DatabaseSG to
// 0.0.0.0/0 exposes nothing to the internet but lets eni-...703 reach the SQL server; an ACL
// deny of 3389 numbered 90, before the allow at 100, closes RDP.
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/cli_json.h"
#include "tests/cli_run.h"

namespace {

using vouch::test::JsonAt;
using vouch::test::OneChange;
using vouch::test::ParseOutput;

const std::string kSource = VOUCH_SOURCE_DIR;
const std::string kLab = kSource + "/examples/lab";
const std::string kOpenSsh = kSource + "/examples/terraform/open-ssh.json";
constexpr char kWeb[] = "sg-0a7e1ab0c0ffee602";

using vouch::test::CliResult;
using vouch::test::Vouch;

std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/vouch_cli_terraform_network_" + name;
  std::ofstream(path) << text;
  return path;
}

std::string Exposure(const std::string& plan, const std::string& claims) {
  return "exposure --snapshot '" + kLab + "'" +
         (plan.empty() ? "" : " --terraform-plan '" + plan + "'") + " " + claims + " --format json";
}

// An inline ingress block of aws_security_group.
std::string Block(int port) {
  return R"({"protocol": "tcp", "from_port": )" + std::to_string(port) + R"(, "to_port": )" +
         std::to_string(port) +
         R"(, "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": [], "prefix_list_ids": [], )"
         R"("security_groups": [], "self": false, "description": ""})";
}

TEST(CliTerraformNetworkTest, APlanOpeningSshToTheWorldViolatesTheClaimAndIsNamed) {
  CliResult before = Vouch(Exposure("", "--closed tcp:22"));
  EXPECT_EQ(before.exit_code, 0) << before.out;
  EXPECT_EQ(ParseOutput(before)["claims"][0]["verdict"], "holds");

  CliResult after = Vouch(Exposure(kOpenSsh, "--closed tcp:22"));
  EXPECT_EQ(after.exit_code, 1) << after.out;
  nlohmann::json claim = ParseOutput(after)["claims"][0];
  EXPECT_EQ(claim["verdict"], "violated");
  ASSERT_EQ(claim["violations"].size(), 1u);
  const nlohmann::json& breach = claim["violations"][0];
  EXPECT_EQ(breach["name"], "Web Server");
  EXPECT_EQ(breach["witness"]["packet"]["dstPort"], 22);
  // The rule named is the plan's: read it back from the plan.
  const std::string source = breach["admittedBy"]["source"];
  EXPECT_EQ(source, kOpenSsh + ": /resource_changes/0/change/after/cidr_ipv4");
  EXPECT_EQ(JsonAt(source), "0.0.0.0/0");
  EXPECT_EQ(JsonAt(source.substr(0, source.rfind('/')))["from_port"], 22);
}

TEST(CliTerraformNetworkTest, TheTextReportNamesThePlanLine) {
  CliResult r = Vouch("exposure --snapshot '" + kLab + "' --terraform-plan '" + kOpenSsh +
                      "' --admin-ports-closed");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find(kOpenSsh + ": /resource_changes/0/change/after/cidr_ipv4"),
            std::string::npos)
      << r.out;
}

// A reach trace names the security group rule by its peer and locates it: a rule the plan adds
// has no place among the group's permissions, so a number would point nowhere.
TEST(CliTerraformNetworkTest, AReachTraceLocatesTheRuleThePlanAdds) {
  CliResult r = Vouch("reach --snapshot '" + kLab + "' --terraform-plan '" + kOpenSsh +
                      "' --from internet --to 'Web Server' --protocol tcp --port 22");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  const std::string rule = kOpenSsh + ": /resource_changes/0/change/after/cidr_ipv4";
  EXPECT_NE(r.out.find(std::string("  allowed security-group ") + kWeb +
                       " (WebserverSG) ingress [rule for 0.0.0.0/0 at " + rule + "] tcp "),
            std::string::npos)
      << r.out;
  EXPECT_EQ(JsonAt(rule), "0.0.0.0/0");
}

TEST(CliTerraformNetworkTest, DroppingTheRdpBlockClosesRdp) {
  std::string before = std::string(R"({"id": ")") + kWeb +
                       R"(", "name": "WebserverSG", "vpc_id": "vpc-0a7e1ab0c0ffee001", )"
                       R"("ingress": [)" +
                       Block(80) + ", " + Block(443) + ", " + Block(3389) + "]}";
  std::string after = std::string(R"({"id": ")") + kWeb +
                      R"(", "name": "WebserverSG", "vpc_id": "vpc-0a7e1ab0c0ffee001", )"
                      R"("ingress": [)" +
                      Block(80) + ", " + Block(443) + "]}";
  std::string plan = WriteFile(
      "no_rdp.json", OneChange("aws_security_group", "web", R"(["update"])", before, after));
  CliResult r = Vouch(Exposure(plan, "--closed tcp:3389 --closed tcp:80"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = ParseOutput(r);
  EXPECT_EQ(j["claims"][0]["verdict"], "holds");
  EXPECT_EQ(j["claims"][1]["verdict"], "violated");
  EXPECT_EQ(j["claims"][1]["violations"][0]["admittedBy"]["source"],
            plan + ": /resource_changes/0/change/after/ingress/0/cidr_blocks/0");
  EXPECT_EQ(Vouch(Exposure(plan, "--closed tcp:3389")).exit_code, 0);
}

TEST(CliTerraformNetworkTest, AnInlineBlockFromAGroupThePlanCreatesIsAnswered) {
  // WebserverSG trades its RDP block for tcp 8080 from a load balancer group the plan creates
  // (`security_groups = [aws_security_group.lb.id]`, known only after apply), which no interface
  // is in yet: RDP closes, and 8080 opens to no one.
  std::string head = std::string(R"({"id": ")") + kWeb +
                     R"(", "name": "WebserverSG", "vpc_id": "vpc-0a7e1ab0c0ffee001", )"
                     R"("ingress": [)";
  std::string from_lb =
      R"({"protocol": "tcp", "from_port": 8080, "to_port": 8080, "cidr_blocks": [], )"
      R"("ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [null], )"
      R"("self": false, "description": ""})";
  std::string before = head + Block(80) + ", " + Block(443) + ", " + Block(3389) + "]}";
  std::string after = head + Block(80) + ", " + Block(443) + ", " + from_lb + "]}";
  std::string plan = WriteFile(
      "from_lb.json",
      absl::StrCat(
          R"({"format_version": "1.2", "resource_changes": [)"
          R"({"address": "aws_security_group.web", "mode": "managed", "type": )"
          R"("aws_security_group", "name": "web", "change": {"actions": ["update"], "before": )",
          before, R"(, "after": )", after,
          R"(, "after_unknown": {"ingress": [{}, {}, {"security_groups": [true]}]}}}, )"
          R"({"address": "aws_security_group.lb", "mode": "managed", "type": )"
          R"("aws_security_group", "name": "lb", "change": {"actions": ["create"], "before": )"
          R"(null, "after": {"name": "lb", "vpc_id": "vpc-0a7e1ab0c0ffee001", "ingress": [], )"
          R"("egress": []}, "after_unknown": {"id": true, "arn": true}}}], )"
          R"("configuration": {"root_module": {"resources": [{"address": )"
          R"("aws_security_group.web", "mode": "managed", "type": "aws_security_group", "name": )"
          R"("web", "expressions": {"ingress": {"references": ["aws_security_group.lb.id", )"
          R"("aws_security_group.lb"]}}}]}}})"));
  CliResult r = Vouch(Exposure(plan, "--closed tcp:3389 --closed tcp:8080"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  nlohmann::json j = ParseOutput(r);
  EXPECT_EQ(j["claims"][0]["verdict"], "holds");
  EXPECT_EQ(j["claims"][1]["verdict"], "holds");
  // Without the configuration that names the group, the block stays unknown.
  std::string bare = WriteFile(
      "from_lb_bare.json", OneChange("aws_security_group", "web", R"(["update"])", before, after,
                                     R"({"ingress": [{}, {}, {"security_groups": [true]}]})"));
  EXPECT_EQ(Vouch(Exposure(bare, "--closed tcp:3389")).exit_code, 3);
}

TEST(CliTerraformNetworkTest, OpeningThePrivateDatabaseGroupExposesNothingToTheInternet) {
  std::string plan =
      WriteFile("db_open.json",
                OneChange("aws_security_group_rule", "sql_anywhere", R"(["create"])", "null",
                          R"({"type": "ingress", "security_group_id": "sg-0a7e1ab0c0ffee603", )"
                          R"("protocol": "tcp", "from_port": 1433, "to_port": 1433, )"
                          R"("cidr_blocks": ["0.0.0.0/0"], "self": false})"));
  // No public address: the claim holds, though a rule-based checker would flag the rule.
  CliResult r = Vouch(Exposure(plan, "--closed tcp:1433"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  // The rule is applied: a neighbour outside WebserverSG now reaches the SQL server.
  std::string reach = "reach --snapshot '" + kLab +
                      "' --from eni-0a7e1ab0c0ffee703 --to eni-0a7e1ab0c0ffee702 --protocol tcp "
                      "--port 1433 --expect unreachable";
  EXPECT_EQ(Vouch(reach).exit_code, 0);
  CliResult opened = Vouch(reach + " --terraform-plan '" + plan + "' --format json");
  EXPECT_EQ(opened.exit_code, 1) << opened.out;
}

TEST(CliTerraformNetworkTest, AnAclDenyBeforeTheAllowClosesRdp) {
  std::string plan = WriteFile(
      "acl_deny.json",
      OneChange("aws_network_acl_rule", "no_rdp", R"(["create"])", "null",
                R"({"network_acl_id": "acl-0a7e1ab0c0ffee501", "rule_number": 90, )"
                R"("egress": false, "protocol": "tcp", "rule_action": "deny", )"
                R"("cidr_block": "0.0.0.0/0", "ipv6_cidr_block": null, "from_port": 3389, )"
                R"("to_port": 3389, "icmp_type": null, "icmp_code": null})"));
  CliResult r = Vouch(Exposure(plan, "--closed tcp:3389 --closed tcp:443"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = ParseOutput(r);
  EXPECT_EQ(j["claims"][0]["verdict"], "holds");
  EXPECT_EQ(j["claims"][1]["verdict"], "violated");
}

TEST(CliTerraformNetworkTest, AnUnmodelledResourceIsUnknown) {
  std::string plan = WriteFile(
      "instance.json", OneChange("aws_instance", "bastion", R"(["create"])", "null",
                                 R"({"ami": "ami-0abc", "subnet_id": "subnet-0a7e1ab0c0ffee101", )"
                                 R"("associate_public_ip_address": true})",
                                 R"({"id": true, "vpc_security_group_ids": true})"));
  CliResult r = Vouch("exposure --snapshot '" + kLab + "' --terraform-plan '" + plan +
                      "' --admin-ports-closed");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_EQ(r.out, "vouch: unknown: " + plan +
                       ": /resource_changes/0/type: `aws_instance.bastion` changes the network in "
                       "a way vouch does not model (resource type `aws_instance`)\n");
  CliResult reach = Vouch("reach --snapshot '" + kLab + "' --terraform-plan '" + plan +
                          "' --from internet --to 'Web Server'");
  EXPECT_EQ(reach.exit_code, 3) << reach.out;
}

TEST(CliTerraformNetworkTest, BadRuleValuesAreOneLineErrorsAtThePlanPointer) {
  auto run = [](const std::string& name, const std::string& fields) {
    std::string plan = WriteFile(
        name, OneChange("aws_vpc_security_group_ingress_rule", "bad", R"(["create"])", "null",
                        R"({"security_group_id": "sg-0a7e1ab0c0ffee602", )" + fields + "}"));
    CliResult r = Vouch("exposure --snapshot '" + kLab + "' --terraform-plan '" + plan +
                        "' --admin-ports-closed");
    EXPECT_EQ(r.exit_code, 2) << r.out;
    return std::make_pair(plan, r.out);
  };
  auto [protocol_plan, protocol] =
      run("protocol.json",
          R"("ip_protocol": "xyz", "from_port": 22, "to_port": 22, "cidr_ipv4": "0.0.0.0/0")");
  EXPECT_EQ(protocol,
            "vouch: " + protocol_plan +
                ": /resource_changes/0/change/after/ip_protocol: unknown protocol `xyz`\n");
  auto [port_plan, port] =
      run("port.json",
          R"("ip_protocol": "tcp", "from_port": 22, "to_port": 70000, "cidr_ipv4": "0.0.0.0/0")");
  EXPECT_EQ(port, "vouch: " + port_plan +
                      ": /resource_changes/0/change/after/to_port: port 70000 is out of range 0 "
                      "to 65535\n");
  auto [cidr_plan, cidr] =
      run("cidr.json",
          R"("ip_protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_ipv4": "0.0.0.0/33")");
  EXPECT_EQ(cidr, "vouch: " + cidr_plan +
                      ": /resource_changes/0/change/after/cidr_ipv4: `0.0.0.0/33` is not a CIDR "
                      "block\n");
}

}  // namespace
