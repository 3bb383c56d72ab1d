// Claims about the network, end to end: `vouch exposure --closed`, `--admin-ports-closed` and
// `--default-sg-closed`, `vouch reach --expect`, and their JUnit and SARIF forms. Expectations
// are derived by hand from the lab (examples/lab: WebserverSG, group 1 of SecurityGroups.json,
// opens tcp 80, 443 and 3389 to 0.0.0.0/0 as its permissions 0, 1 and 2; the SQL server has no
// public address) and from the fixture whose route tables are missing
// (tests/fixtures/net/missing_route_tables).
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/cli_json.h"
#include "tests/cli_run.h"

namespace {

using vouch::test::JsonAt;
using vouch::test::ParseOutput;

const std::string kSource = VOUCH_SOURCE_DIR;
const std::string kLab = kSource + "/examples/lab";
const std::string kMissingRoutes = kSource + "/tests/fixtures/net/missing_route_tables";

using vouch::test::CliResult;
using vouch::test::Vouch;

TEST(CliNetworkClaimsTest, RdpOpenOnTheWebServerViolatesTheAdminPortsClaim) {
  CliResult r = Vouch("exposure --snapshot '" + kLab + "' --admin-ports-closed --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = ParseOutput(r);
  ASSERT_EQ(j["claims"].size(), 2u);
  EXPECT_EQ(j["claims"][0]["claim"], "closed tcp:22");
  EXPECT_EQ(j["claims"][0]["verdict"], "holds");
  EXPECT_TRUE(j["claims"][0]["violations"].empty());
  const nlohmann::json& rdp = j["claims"][1];
  EXPECT_EQ(rdp["claim"], "closed tcp:3389");
  EXPECT_EQ(rdp["verdict"], "violated");
  ASSERT_EQ(rdp["violations"].size(), 1u);
  const nlohmann::json& breach = rdp["violations"][0];
  EXPECT_EQ(breach["name"], "Web Server");
  EXPECT_EQ(breach["service"], "tcp port 3389 from every internet address");
  EXPECT_EQ(breach["witness"]["packet"]["dstPort"], 3389);
  EXPECT_EQ(breach["witness"]["forwardPath"].back()["action"], "delivered");
  EXPECT_FALSE(breach["witness"]["returnPath"].empty());
  // The rule named is the one that opens RDP: read it back from the snapshot.
  const std::string source = breach["admittedBy"]["source"];
  EXPECT_EQ(source, kLab +
                        "/aws_configs/us-east-1/SecurityGroups.json: "
                        "/SecurityGroups/1/IpPermissions/2/IpRanges/0");
  EXPECT_EQ(JsonAt(source)["CidrIp"], "0.0.0.0/0");
  const std::string permission = source.substr(0, source.rfind("/IpRanges"));
  EXPECT_EQ(JsonAt(permission)["FromPort"], 3389);
}

TEST(CliNetworkClaimsTest, ARangeIsBreachedOnlyWhereItMeetsAnOpenPort) {
  CliResult r = Vouch("exposure --snapshot '" + kLab +
                      "' --closed tcp:1-100 --closed tcp:444-3388 --closed udp --closed icmp "
                      "--closed all --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = ParseOutput(r);
  ASSERT_EQ(j["claims"].size(), 5u);
  // 1-100 meets port 80 only, and the witness is inside the range.
  EXPECT_EQ(j["claims"][0]["verdict"], "violated");
  ASSERT_EQ(j["claims"][0]["violations"].size(), 1u);
  EXPECT_EQ(j["claims"][0]["violations"][0]["service"], "tcp port 80 from every internet address");
  EXPECT_EQ(j["claims"][0]["violations"][0]["witness"]["packet"]["dstPort"], 80);
  // Between 443 and 3389 nothing is open; no udp or icmp rule admits anything.
  EXPECT_EQ(j["claims"][1]["verdict"], "holds");
  EXPECT_EQ(j["claims"][2]["verdict"], "holds");
  EXPECT_EQ(j["claims"][3]["verdict"], "holds");
  // `all`: each of the three open ports.
  EXPECT_EQ(j["claims"][4]["verdict"], "violated");
  EXPECT_EQ(j["claims"][4]["violations"].size(), 3u);
}

TEST(CliNetworkClaimsTest, ClaimsThatHoldExitZeroAndSayWhichHeld) {
  CliResult r = Vouch("exposure --snapshot '" + kLab + "' --closed tcp:22 --closed udp:53");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("closed tcp:22 (no internet source reaches tcp port 22 of any "
                       "interface): holds\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("closed udp:53 (no internet source reaches udp port 53 of any "
                       "interface): holds\n"),
            std::string::npos)
      << r.out;
}

TEST(CliNetworkClaimsTest, AnInterfaceTheSnapshotCannotSettleMakesTheClaimUnknown) {
  CliResult r = Vouch("exposure --snapshot '" + kMissingRoutes + "' --closed tcp:3389");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("): unknown\n    unknown: eni-0f1x0000000web: no route table is known for "
                       "subnet `subnet-0f1x0000000pub`\n"),
            std::string::npos)
      << r.out;
}

TEST(CliNetworkClaimsTest, JUnitAndSarifCarryTheViolationAndItsRule) {
  CliResult junit = Vouch("exposure --snapshot '" + kLab + "' --admin-ports-closed --format junit");
  EXPECT_EQ(junit.exit_code, 1);
  EXPECT_NE(junit.out.find("<testsuite name=\"vouch exposure\" tests=\"2\" failures=\"1\" "
                           "errors=\"0\" skipped=\"0\">"),
            std::string::npos)
      << junit.out;
  CliResult sarif = Vouch("exposure --snapshot '" + kLab + "' --admin-ports-closed --format sarif");
  EXPECT_EQ(sarif.exit_code, 1);
  nlohmann::json j = ParseOutput(sarif);
  const nlohmann::json& results = j["runs"][0]["results"];
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["ruleId"], "exposure/closed-tcp:3389");
  const nlohmann::json& at = results[0]["locations"][0];
  EXPECT_NE(at["physicalLocation"]["artifactLocation"]["uri"].get<std::string>().find(
                "aws_configs/us-east-1/SecurityGroups.json"),
            std::string::npos);
  EXPECT_EQ(at["logicalLocations"][0]["fullyQualifiedName"],
            "/SecurityGroups/1/IpPermissions/2/IpRanges/0");
}

TEST(CliNetworkClaimsTest, ReachExpectUnreachableHoldsForTheSqlServer) {
  CliResult r =
      Vouch("reach --snapshot '" + kLab + "' --from internet --to SQL-server --expect unreachable");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("claim: internet -> SQL-server (any packet) is unreachable: holds\n"),
            std::string::npos)
      << r.out;
}

TEST(CliNetworkClaimsTest, ReachExpectUnreachableIsViolatedByRdpWithItsRule) {
  CliResult r = Vouch("reach --snapshot '" + kLab +
                      "' --from internet --to 'Web Server' --protocol tcp --port 3389 "
                      "--expect unreachable --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = ParseOutput(r);
  EXPECT_EQ(j["verdict"], "reachable");
  EXPECT_EQ(j["claim"]["verdict"], "violated");
  ASSERT_EQ(j["claim"]["violations"].size(), 1u);
  EXPECT_EQ(j["claim"]["violations"][0]["at"], kLab +
                                                   "/aws_configs/us-east-1/SecurityGroups.json: "
                                                   "/SecurityGroups/1/IpPermissions/2/IpRanges/0");
}

TEST(CliNetworkClaimsTest, ReachExpectReachableIsViolatedByEachBlocker) {
  CliResult r = Vouch("reach --snapshot '" + kLab +
                      "' --from internet --to SQL-server --expect reachable --format junit");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("failures=\"1\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("blocked: NO_PUBLIC_IP network-interface eni-0a7e1ab0c0ffee702"),
            std::string::npos)
      << r.out;
}

TEST(CliNetworkClaimsTest, ReachExpectIsUnknownWhenTheAnswerIs) {
  CliResult r = Vouch("reach --snapshot '" + kMissingRoutes +
                      "' --from internet --to Web --protocol tcp --port 3389 --expect unreachable");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("is unreachable: unknown\n"), std::string::npos) << r.out;
}

// The IPv6 fixture (tests/fixtures/ipv6) copied into a temporary folder, its web security group
// also admitting all traffic from ::/0. Its subnet's ACL denies tcp 22 from ::/0 (rule 90) and
// allows the rest of IPv6 (rule 101), so over IPv6 Web takes tcp but 22, udp, ICMPv6 and every
// other protocol from every IPv6 internet address outside its VPC; over IPv4 only tcp 22 and 443.
std::string Ipv6AllTraffic() {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "vouch_ipv6_all_traffic";
  fs::remove_all(dir);
  fs::copy(kSource + "/tests/fixtures/ipv6", dir);
  std::ifstream in(dir / "SecurityGroups.json");
  nlohmann::json groups = nlohmann::json::parse(in);
  in.close();
  EXPECT_EQ(groups["SecurityGroups"][0]["GroupName"], "web");
  groups["SecurityGroups"][0]["IpPermissions"].push_back(
      {{"IpProtocol", "-1"}, {"Ipv6Ranges", {{{"CidrIpv6", "::/0"}}}}});
  std::ofstream(dir / "SecurityGroups.json") << groups.dump();
  return dir.string();
}

TEST(CliNetworkClaimsTest, IcmpMeansIcmpv6OverIpv6) {
  const std::string snapshot = Ipv6AllTraffic();
  CliResult text = Vouch("exposure --snapshot '" + snapshot + "'");
  EXPECT_EQ(text.exit_code, 0) << text.out;
  EXPECT_NE(text.out.find("  icmpv6 type all code all from every IPv6 internet address except "
                          "2600:1f18:6:ab00::/56\n"),
            std::string::npos)
      << text.out;
  EXPECT_EQ(text.out.find("  icmp type"), std::string::npos) << text.out;  // not over IPv6
  CliResult r = Vouch("exposure --snapshot '" + snapshot + "' --closed icmp --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = ParseOutput(r);
  EXPECT_EQ(j["claims"][0]["description"],
            "no internet source reaches icmp or icmpv6 of any interface");
  ASSERT_EQ(j["claims"][0]["violations"].size(), 1u);
  const nlohmann::json& packet = j["claims"][0]["violations"][0]["witness"]["packet"];
  EXPECT_EQ(packet["protocol"], "icmpv6");
  EXPECT_EQ(packet["dst"], "2600:1f18:6:ab00::10");
  std::filesystem::remove_all(snapshot);
}

TEST(CliNetworkClaimsTest, BadClaimsAreExit2WithExactMessages) {
  struct Case {
    std::string args, message;
  } cases[] = {
      {"exposure --snapshot '" + kLab + "' --closed tcp:70000",
       "vouch: `--closed tcp:70000`: expected tcp[:PORTS], udp[:PORTS], icmp or all, where PORTS "
       "is N or N-M with 0 <= N <= M <= 65535\n"},
      {"exposure --snapshot '" + kLab + "' --closed icmp:3",
       "vouch: `--closed icmp:3`: expected tcp[:PORTS], udp[:PORTS], icmp or all, where PORTS is "
       "N or N-M with 0 <= N <= M <= 65535\n"},
      {"exposure --snapshot '" + kLab + "' --closed tcp:",
       "vouch: `--closed tcp:`: expected tcp[:PORTS], udp[:PORTS], icmp or all, where PORTS is N "
       "or N-M with 0 <= N <= M <= 65535\n"},
      {"exposure --snapshot '" + kLab + "' --format sarif",
       "vouch: `--format sarif` prints claims: give --closed, --admin-ports-closed or "
       "--default-sg-closed\n"},
      {"exposure --snapshot '" + kLab + "' --format xml",
       "vouch: unknown format `xml` (expected text, json, junit or sarif)\n"},
      {"reach --snapshot '" + kLab + "' --from internet --to SQL-server --expect closed",
       "vouch: `--expect closed`: expected reachable or unreachable\n"},
      {"reach --snapshot '" + kLab + "' --from internet --to SQL-server --format junit",
       "vouch: `--format junit` prints a claim: give --expect\n"},
  };
  for (const Case& c : cases) {
    CliResult r = Vouch(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_EQ(r.out, c.message) << c.args;
  }
}

// CIS 5.4 on the lab: its VPC's default group (group 0 of SecurityGroups.json) keeps AWS's two
// rules, the inbound one admitting the group's own members and the outbound one to 0.0.0.0/0.
TEST(CliNetworkClaimsTest, TheLabsDefaultGroupKeepsItsTwoRules) {
  CliResult r = Vouch("exposure --snapshot '" + kLab + "' --default-sg-closed --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = ParseOutput(r);
  ASSERT_EQ(j["claims"].size(), 1u);
  const nlohmann::json& c = j["claims"][0];
  EXPECT_EQ(c["claim"], "default-sg-closed");
  EXPECT_EQ(c["verdict"], "violated");
  ASSERT_EQ(c["violations"].size(), 2u);
  const std::string groups = kLab + "/aws_configs/us-east-1/SecurityGroups.json";
  EXPECT_EQ(c["violations"][0]["groupId"], "sg-0a7e1ab0c0ffee601");
  EXPECT_EQ(c["violations"][0]["rule"], "inbound rule 0: all traffic from sg-0a7e1ab0c0ffee601");
  EXPECT_EQ(c["violations"][0]["source"], groups + ": /SecurityGroups/0/IpPermissions/0");
  EXPECT_EQ(c["violations"][1]["rule"], "outbound rule 0: all traffic to 0.0.0.0/0");
  EXPECT_EQ(c["violations"][1]["source"], groups + ": /SecurityGroups/0/IpPermissionsEgress/0");
  r = Vouch("exposure --snapshot '" + kLab + "' --default-sg-closed --format sarif");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  j = ParseOutput(r);
  EXPECT_EQ(j["runs"][0]["results"][0]["ruleId"], "exposure/default-sg-closed");
  EXPECT_EQ(j["runs"][0]["results"].size(), 2u);
}

TEST(CliNetworkClaimsTest, CisAsksTheAdminPortsAndTheDefaultGroups) {
  CliResult r = Vouch("exposure --snapshot '" + kLab + "' --cis --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = ParseOutput(r);
  ASSERT_EQ(j["claims"].size(), 3u);
  EXPECT_EQ(j["claims"][0]["claim"], "closed tcp:22");
  EXPECT_EQ(j["claims"][0]["verdict"], "holds");
  EXPECT_EQ(j["claims"][1]["claim"], "closed tcp:3389");
  EXPECT_EQ(j["claims"][1]["verdict"], "violated");
  EXPECT_EQ(j["claims"][2]["claim"], "default-sg-closed");
  EXPECT_EQ(j["claims"][2]["verdict"], "violated");
}

TEST(CliNetworkClaimsTest, ADefaultGroupWithoutRulesHolds) {
  // The lab with its default group's rules taken away, as CIS 5.4 asks.
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "lab_default_group_closed";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(kLab, dir, std::filesystem::copy_options::recursive);
  const std::filesystem::path groups = dir / "aws_configs/us-east-1/SecurityGroups.json";
  nlohmann::json j = nlohmann::json::parse(std::ifstream(groups));
  ASSERT_EQ(j["SecurityGroups"][0]["GroupName"], "default");
  j["SecurityGroups"][0]["IpPermissions"] = nlohmann::json::array();
  j["SecurityGroups"][0]["IpPermissionsEgress"] = nlohmann::json::array();
  std::ofstream(groups) << j.dump();
  CliResult r = Vouch("exposure --snapshot '" + dir.string() + "' --default-sg-closed");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("\nclaims:\n  default-sg-closed (every VPC's default security group has "
                       "no inbound or outbound rule): holds\n"),
            std::string::npos)
      << r.out;
}

}  // namespace
