// `vouch reach` and `vouch exposure` end to end: the lab VPC (examples/lab) and the small
// fixtures under tests/fixtures/net/, each a scenario from AWS's documentation with the
// verdict its README derives. Witnesses are checked for validity (they were replayed by the
// concrete evaluator before printing), not for their exact values.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/cli_json.h"
#include "tests/cli_run.h"

namespace {

const std::string kSource = VOUCH_SOURCE_DIR;
const std::string kLab = kSource + "/examples/lab";
const std::string kFixtures = kSource + "/tests/fixtures/net/";

using Result = vouch::test::CliResult;
using vouch::test::Vouch;

nlohmann::json ReachJson(const std::string& snapshot, const std::string& question, int* exit_code) {
  Result r = Vouch("reach --format json --snapshot '" + snapshot + "' " + question);
  *exit_code = r.exit_code;
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << r.out;
  return j;
}

bool HasBlockingCode(const nlohmann::json& j, const std::string& code) {
  for (const auto& b : j["blocking"]) {
    if (b["code"] == code) return true;
  }
  return false;
}

bool IsPrivate(const std::string& address) {
  return address.rfind("10.", 0) == 0 || address.rfind("192.168.", 0) == 0;
}

TEST(CliReachTest, LabRdpIsReachableFromTheInternetToWebServer) {
  int code;
  nlohmann::json j = ReachJson(kLab, "--from 0.0.0.0/0 --to 'Web Server' --protocol tcp --port 3389", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(j["verdict"], "reachable");
  const auto& w = j["witness"];
  EXPECT_EQ(w["packet"]["protocol"], "tcp");
  EXPECT_EQ(w["packet"]["dstPort"], 3389);
  EXPECT_FALSE(IsPrivate(w["packet"]["src"].get<std::string>()));  // a public internet source
  ASSERT_FALSE(w["forwardPath"].empty());
  EXPECT_EQ(w["forwardPath"].back()["action"], "delivered");
  EXPECT_EQ(w["forwardPath"].back()["component"]["name"], "Web Server");
  EXPECT_FALSE(w["returnPath"].empty());
  EXPECT_TRUE(j["blocking"].empty());
}

// The text trace: the ACL rule by its number, the security group rule by its peer and where the
// snapshot writes it (WebserverSG's third permission, 3389 from 0.0.0.0/0).
TEST(CliReachTest, LabRdpTraceNamesTheRulesThatAdmitIt) {
  Result r = Vouch("reach --snapshot '" + kLab +
                   "' --from internet --to 'Web Server' --protocol tcp --port 3389");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  const std::string rule = kLab +
                           "/aws_configs/us-east-1/SecurityGroups.json: "
                           "/SecurityGroups/1/IpPermissions/2/IpRanges/0";
  EXPECT_NE(r.out.find("  allowed network-acl acl-0a7e1ab0c0ffee501 ingress [rule 100] tcp "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  allowed security-group sg-0a7e1ab0c0ffee602 (WebserverSG) ingress "
                       "[rule for 0.0.0.0/0 at " +
                       rule + "] tcp "),
            std::string::npos)
      << r.out;
  nlohmann::json at = vouch::test::JsonAt(rule.substr(0, rule.rfind("/IpRanges")));
  EXPECT_EQ(at["FromPort"], 3389);
  EXPECT_EQ(at["IpRanges"][0]["CidrIp"], "0.0.0.0/0");
}

TEST(CliReachTest, LabSqlServerIsUnreachableFromTheInternetOnEveryPort) {
  int code;
  nlohmann::json j = ReachJson(kLab, "--from internet --to SQL-server --protocol all", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(j["verdict"], "unreachable");
  EXPECT_TRUE(j["witness"].is_null());
  EXPECT_TRUE(HasBlockingCode(j, "NO_PUBLIC_IP")) << j.dump();
}

TEST(CliReachTest, LabWebServerReachesSqlServerOn1433WithSelfCheck) {
  int code;
  nlohmann::json j = ReachJson(
      kLab, "--from 'Web Server' --to SQL-server --protocol tcp --port 1433 --self-check", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(j["verdict"], "reachable");
  EXPECT_EQ(j["witness"]["packet"]["dstPort"], 1433);
  EXPECT_EQ(j["selfCheck"].get<std::string>().rfind("agrees", 0), 0u) << j["selfCheck"];
}

TEST(CliReachTest, LabExposureListsOnlyWebServerWithItsOpenPorts) {
  Result r = Vouch("exposure --format json --self-check --snapshot '" + kLab + "'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["exposed"].size(), 1u);
  EXPECT_EQ(j["exposed"][0]["name"], "Web Server");
  std::vector<std::string> ports;
  for (const auto& s : j["exposed"][0]["services"]) {
    EXPECT_EQ(s["protocol"], "tcp");
    ports.push_back(s["ports"]);
    EXPECT_EQ(s["sourcesSummary"], "every internet address");
  }
  EXPECT_EQ(ports, (std::vector<std::string>{"80", "443", "3389"}));
}

TEST(CliReachTest, OpenRdpIsReachable) {
  int code;
  nlohmann::json j = ReachJson(kFixtures + "open_rdp", "--from internet --to Web --protocol tcp --port 3389", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(j["verdict"], "reachable");
}

TEST(CliReachTest, AclDenyBeforeAllowBlocksAndNamesRule90) {
  int code;
  nlohmann::json j = ReachJson(kFixtures + "acl_deny_first", "--from internet --to Web --protocol tcp --port 3389", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(j["verdict"], "unreachable");
  ASSERT_EQ(j["blocking"].size(), 1u) << j.dump();
  EXPECT_EQ(j["blocking"][0]["code"], "SUBNET_ACL_RESTRICTION");
  EXPECT_EQ(j["blocking"][0]["rule"]["ruleNumber"], 90);
  EXPECT_EQ(j["blocking"][0]["source"], kFixtures + "acl_deny_first/NetworkAcls.json: /NetworkAcls/0/Entries/0");
}

TEST(CliReachTest, OpenSecurityGroupWithoutRouteToTheGatewayIsUnreachable) {
  int code;
  nlohmann::json j = ReachJson(kFixtures + "no_igw_route", "--from internet --to Web --protocol tcp --port 3389", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(j["verdict"], "unreachable");
  EXPECT_TRUE(HasBlockingCode(j, "NO_ROUTE_TO_DESTINATION")) << j.dump();
}

TEST(CliReachTest, NoPublicIpIsUnreachable) {
  int code;
  nlohmann::json j = ReachJson(kFixtures + "no_public_ip", "--from internet --to Web --protocol tcp --port 3389", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(j["verdict"], "unreachable");
  ASSERT_EQ(j["blocking"].size(), 1u) << j.dump();
  EXPECT_EQ(j["blocking"][0]["code"], "NO_PUBLIC_IP");
}

TEST(CliReachTest, ReplyMustPassTheOutboundAclOnTheClientsPort) {
  int code;
  nlohmann::json j = ReachJson(kFixtures + "reply_ephemeral_blocked",
                               "--from internet --to Web --protocol tcp --port 3389", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(j["verdict"], "reachable");
  int client_port = j["witness"]["packet"]["srcPort"];
  EXPECT_GE(client_port, 1024);
  EXPECT_LE(client_port, 1100);
  // Exposure: the witness of the only service also uses a client port the ACL lets back.
  Result r = Vouch("exposure --format json --snapshot '" + kFixtures + "reply_ephemeral_blocked'");
  nlohmann::json e = nlohmann::json::parse(r.out);
  ASSERT_EQ(e["exposed"].size(), 1u);
  int port = e["exposed"][0]["services"][0]["witness"]["packet"]["srcPort"];
  EXPECT_GE(port, 1024);
  EXPECT_LE(port, 1100);
}

TEST(CliReachTest, BlackholeRouteIsUnreachable) {
  int code;
  nlohmann::json j = ReachJson(kFixtures + "blackhole_route", "--from internet --to Web --protocol tcp --port 3389", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(j["verdict"], "unreachable");
  EXPECT_TRUE(HasBlockingCode(j, "BAD_STATE_ROUTE")) << j.dump();
}

TEST(CliReachTest, SecurityGroupReferenceAdmitsMembersButNeverTheInternet) {
  int code;
  nlohmann::json inside = ReachJson(kFixtures + "sg_reference", "--from Web --to Database --protocol tcp --port 1433", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(inside["verdict"], "reachable");
  nlohmann::json outside = ReachJson(kFixtures + "sg_reference", "--from internet --to Database", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(outside["verdict"], "unreachable");
  EXPECT_TRUE(HasBlockingCode(outside, "ENI_SG_RULES_MISMATCH")) << outside.dump();
}

TEST(CliReachTest, PrefixListAdmitsExactlyItsEntries) {
  int code;
  nlohmann::json in = ReachJson(kFixtures + "prefix_list", "--from 198.51.100.0/24 --to Web --protocol tcp --port 3389", &code);
  EXPECT_EQ(in["verdict"], "reachable");
  EXPECT_EQ(in["witness"]["packet"]["src"].get<std::string>().rfind("198.51.100.", 0), 0u);
  nlohmann::json out = ReachJson(kFixtures + "prefix_list", "--from 8.8.8.0/24 --to Web --protocol tcp --port 3389", &code);
  EXPECT_EQ(out["verdict"], "unreachable");
  Result r = Vouch("exposure --format json --snapshot '" + kFixtures + "prefix_list'");
  nlohmann::json e = nlohmann::json::parse(r.out);
  ASSERT_EQ(e["exposed"].size(), 1u);
  EXPECT_EQ(e["exposed"][0]["services"][0]["sources"], nlohmann::json::array({"198.51.100.0/24"}));
  EXPECT_EQ(e["exposed"][0]["services"][0]["ports"], "3389");
}

TEST(CliReachTest, TwoHalvesOfTheAddressSpaceAreTheWholeInternet) {
  int code;
  nlohmann::json j = ReachJson(kFixtures + "half_internet", "--from internet --to Web --protocol tcp --port 3389", &code);
  EXPECT_EQ(j["verdict"], "reachable");
  Result r = Vouch("exposure --format json --snapshot '" + kFixtures + "half_internet'");
  nlohmann::json e = nlohmann::json::parse(r.out);
  ASSERT_EQ(e["exposed"].size(), 1u);
  EXPECT_EQ(e["exposed"][0]["services"][0]["sourcesSummary"], "every internet address");
}

TEST(CliReachTest, MissingRouteTablesMakeTheAnswerUnknownNeverUnreachable) {
  int code;
  nlohmann::json j = ReachJson(kFixtures + "missing_route_tables", "--from internet --to Web --protocol tcp --port 3389", &code);
  EXPECT_EQ(code, 3);
  EXPECT_EQ(j["verdict"], "unknown");
  EXPECT_EQ(j["unknownReasons"][0], "no route table is known for subnet `subnet-0f1x0000000pub`");
}

TEST(CliReachTest, RoutesToTargetsVouchDoesNotFollowAreUnknownNamingThem) {
  int code;
  nlohmann::json odb = ReachJson(kFixtures + "unmodelled_target",
                                 "--from Web --to 192.0.2.10 --protocol tcp --port 443", &code);
  EXPECT_EQ(code, 3) << odb.dump();
  EXPECT_EQ(odb["verdict"], "unknown");
  // The reasons name the unmodelled route the question's packets take, not every one the table
  // has: 192.0.2.10 goes to the Oracle Database network, 198.51.100.10 to the transit gateway.
  const nlohmann::json odb_reason =
      "`rtb-0f1x0000000main` sends some packets to a `OdbNetworkArn` target "
      "(`arn:aws:odb:us-east-1:111122223333:odb-network/odbnet-0f1x0000001`), which `reach` does "
      "not follow";
  const nlohmann::json tgw_reason =
      "`rtb-0f1x0000000main` sends some packets to a transit-gateway (`tgw-0f1x00000000001`), "
      "which `reach` does not follow";
  EXPECT_EQ(odb["unknownReasons"], nlohmann::json::array({odb_reason})) << odb.dump();
  nlohmann::json tgw = ReachJson(kFixtures + "unmodelled_target",
                                 "--from Web --to 198.51.100.10 --protocol tcp --port 443", &code);
  EXPECT_EQ(code, 3) << tgw.dump();
  EXPECT_EQ(tgw["verdict"], "unknown");
  EXPECT_EQ(tgw["unknownReasons"], nlohmann::json::array({tgw_reason})) << tgw.dump();
  nlohmann::json igw = ReachJson(kFixtures + "unmodelled_target",
                                 "--from Web --to 8.8.8.8 --protocol tcp --port 443", &code);
  EXPECT_EQ(code, 0) << igw.dump();
  EXPECT_EQ(igw["verdict"], "reachable") << igw.dump();
}

TEST(CliReachTest, BadInputIsExit2WithExactMessages) {
  const std::string snap = "--snapshot '" + kFixtures + "open_rdp' ";
  Result r = Vouch("reach " + snap + "--from internet --to Web --protocol sctp");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "vouch: unknown protocol `sctp`: expected tcp, udp, icmp, icmpv6 or all\n");
  r = Vouch("reach " + snap + "--from internet --to Web --protocol tcp --port 22-21");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "vouch: malformed port `22-21`: expected N or N-M with 0 <= N <= M <= 65535\n");
  r = Vouch("reach " + snap + "--from internet --to i-0missing");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "vouch: unknown instance `i-0missing`\n");
  r = Vouch("reach " + snap + "--from internet --to 'No Such Name'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "vouch: unknown endpoint `No Such Name`: expected `internet`, a CIDR, an instance id "
                   "or Name tag, or a network interface, subnet or security group id\n");
}

// tests/fixtures/nat_peering/README.md derives each verdict below by hand.
const std::string kNatPeering = kSource + "/tests/fixtures/nat_peering/";

bool PathHas(const nlohmann::json& path, const std::string& kind, const std::string& id,
             const std::string& action) {
  for (const auto& hop : path) {
    if (hop["component"]["kind"] == kind && hop["component"]["id"] == id && hop["action"] == action) {
      return true;
    }
  }
  return false;
}

TEST(CliReachTest, PrivateInstanceReachesTheInternetThroughTheNatGateway) {
  int code;
  nlohmann::json j = ReachJson(kNatPeering + "peered",
                               "--from Worker --to internet --protocol tcp --port 443", &code);
  EXPECT_EQ(code, 0) << j.dump();
  ASSERT_EQ(j["verdict"], "reachable") << j.dump();
  const auto& w = j["witness"];
  EXPECT_EQ(w["packet"]["src"], "10.10.1.10");
  EXPECT_FALSE(IsPrivate(w["packet"]["dst"].get<std::string>()));
  const auto& path = w["forwardPath"];
  EXPECT_TRUE(PathHas(path, "nat-gateway", "nat-0a100000000000001", "translated")) << path.dump();
  EXPECT_TRUE(PathHas(path, "internet-gateway", "igw-0a100000000000001", "translated")) << path.dump();
  // The internet sees the NAT gateway's Elastic IP.
  EXPECT_EQ(path.back()["action"], "delivered");
  EXPECT_EQ(path.back()["packet"].get<std::string>().find("tcp 198.51.100.50:"), 0u) << path.dump();
  EXPECT_TRUE(PathHas(w["returnPath"], "nat-gateway", "nat-0a100000000000001", "translated"));
}

TEST(CliReachTest, NothingOnTheInternetOpensAConnectionThroughTheNatGateway) {
  int code;
  nlohmann::json worker = ReachJson(kNatPeering + "peered", "--from internet --to Worker", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(worker["verdict"], "unreachable") << worker.dump();
  nlohmann::json nat = ReachJson(kNatPeering + "peered", "--from internet --to eni-0a1000000000natgw", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(nat["verdict"], "unreachable") << nat.dump();
}

TEST(CliReachTest, ActivePeeringCarriesTrafficAllowedByAReferenceToThePeersGroup) {
  int code;
  nlohmann::json j = ReachJson(kNatPeering + "peered",
                               "--from Worker --to Database --protocol tcp --port 5432 --self-check", &code);
  EXPECT_EQ(code, 0) << j.dump();
  ASSERT_EQ(j["verdict"], "reachable") << j.dump();
  EXPECT_EQ(j["witness"]["packet"]["dst"], "10.20.1.20");
  EXPECT_TRUE(PathHas(j["witness"]["forwardPath"], "vpc-peering-connection", "pcx-0ab00000000000001",
                      "forwarded"));
  EXPECT_EQ(j["selfCheck"].get<std::string>().rfind("agrees", 0), 0u) << j["selfCheck"];
  nlohmann::json ssh = ReachJson(kNatPeering + "peered", "--from Worker --to Database --protocol tcp --port 22", &code);
  EXPECT_EQ(ssh["verdict"], "unreachable") << ssh.dump();
  EXPECT_TRUE(HasBlockingCode(ssh, "ENI_SG_RULES_MISMATCH")) << ssh.dump();
}

TEST(CliReachTest, PendingPeeringCarriesNothing) {
  int code;
  nlohmann::json j = ReachJson(kNatPeering + "peered",
                               "--from Worker --to Archive --protocol tcp --port 5432 --self-check", &code);
  EXPECT_EQ(code, 0) << j.dump();
  EXPECT_EQ(j["verdict"], "unreachable") << j.dump();
  EXPECT_TRUE(HasBlockingCode(j, "BAD_STATE")) << j.dump();
  EXPECT_EQ(j["selfCheck"].get<std::string>().rfind("agrees", 0), 0u) << j["selfCheck"];
}

TEST(CliReachTest, RouteToANatGatewayOfAnotherVpcIsUnknownNotAPath) {
  int code;
  nlohmann::json j = ReachJson(kNatPeering + "foreign_nat",
                               "--from Database --to internet --protocol tcp --port 443", &code);
  EXPECT_EQ(code, 3) << j.dump();
  EXPECT_EQ(j["verdict"], "unknown") << j.dump();
  EXPECT_EQ(j["unknownReasons"], nlohmann::json::array(
      {"`rtb-0b20000000000main` of `vpc-0b200000000000002` routes to nat gateway "
       "`nat-0a100000000000001` of `vpc-0a100000000000001`, a route AWS does not create (a nat "
       "gateway serves its own vpc only): the snapshot is inconsistent"})) << j.dump();
  // The App VPC's own use of the gateway is unaffected.
  nlohmann::json worker = ReachJson(kNatPeering + "foreign_nat",
                                    "--from Worker --to internet --protocol tcp --port 443", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(worker["verdict"], "reachable") << worker.dump();
}

TEST(CliReachTest, GroupReferenceAcrossAPeeringNeedsItActiveAndInOneRegion) {
  int code;
  // db-sg names worker-sg across the active, same-region pcx-0ab...: members admitted.
  nlohmann::json data = ReachJson(kNatPeering + "sg_peering",
                                  "--from Worker --to Database --protocol tcp --port 5432 --self-check", &code);
  EXPECT_EQ(code, 0) << data.dump();
  EXPECT_EQ(data["verdict"], "reachable") << data.dump();
  // archive-sg names worker-sg across pcx-0ac..., active but to another region: the peering
  // carries the packet (tcp 22, allowed by CIDR), the reference admits nothing (tcp 5432).
  nlohmann::json ssh = ReachJson(kNatPeering + "sg_peering",
                                 "--from Worker --to Archive --protocol tcp --port 22 --self-check", &code);
  EXPECT_EQ(code, 0) << ssh.dump();
  EXPECT_EQ(ssh["verdict"], "reachable") << ssh.dump();
  nlohmann::json pg = ReachJson(kNatPeering + "sg_peering",
                                "--from Worker --to Archive --protocol tcp --port 5432 --self-check", &code);
  EXPECT_EQ(code, 0) << pg.dump();
  EXPECT_EQ(pg["verdict"], "unreachable") << pg.dump();
  EXPECT_TRUE(HasBlockingCode(pg, "ENI_SG_RULES_MISMATCH")) << pg.dump();
  // The blocking group says which of its references admits nothing, and why.
  ASSERT_EQ(pg["blocking"].size(), 1u) << pg.dump();
  EXPECT_NE(pg["blocking"][0]["detail"].get<std::string>().find(
                "(`sg-0c30000000000arch` names `sg-0a10000000000work` of `vpc-0a100000000000001`, "
                "which no active peering in one Region joins to `vpc-0c300000000000003`: such a "
                "reference admits nothing)"),
            std::string::npos)
      << pg.dump();
  EXPECT_EQ(pg["selfCheck"].get<std::string>().rfind("agrees", 0), 0u) << pg["selfCheck"];
  // pcx-0ad... to the Ledger VPC is pending acceptance: it carries nothing, and ledger-sg's
  // reference to worker-sg admits nothing either.
  nlohmann::json ledger = ReachJson(kNatPeering + "sg_peering",
                                    "--from Worker --to Ledger --protocol tcp --port 5432 --self-check", &code);
  EXPECT_EQ(code, 0) << ledger.dump();
  EXPECT_EQ(ledger["verdict"], "unreachable") << ledger.dump();
  EXPECT_TRUE(HasBlockingCode(ledger, "BAD_STATE")) << ledger.dump();
}

TEST(CliReachTest, GatewayRouteTableToAMiddleboxIsUnknownNamingTheTable) {
  int code;
  nlohmann::json j = ReachJson(kNatPeering + "ingress_routing",
                               "--from internet --to Web --protocol tcp --port 3389", &code);
  EXPECT_EQ(code, 3);
  EXPECT_EQ(j["verdict"], "unknown");
  EXPECT_EQ(j["unknownReasons"], nlohmann::json::array(
      {"gateway route table `rtb-0f1x0000000edge` of `igw-0f1x00000000001` routes `10.1.0.0/24` "
       "to `eni-0f1x00firewall` (ingress routing), which vouch does not follow"})) << j.dump();
  Result r = Vouch("exposure --format json --snapshot '" + kNatPeering + "ingress_routing'");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  // With only the local route, the gateway route table changes nothing.
  nlohmann::json local = ReachJson(kNatPeering + "ingress_local_only",
                                   "--from internet --to Web --protocol tcp --port 3389", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(local["verdict"], "reachable") << local.dump();
}

// A gateway route table routes what enters longest prefix first: its middlebox route for the
// public subnet makes Web unknown, while the Database, in the other subnet, is left to `local`
// (tests/fixtures/nat_peering/README.md).
TEST(CliReachTest, GatewayRouteTableRedirectsOnlyTheSubnetItsRouteNames) {
  const std::string snap = kNatPeering + "ingress_one_subnet";
  int code;
  nlohmann::json out =
      ReachJson(snap, "--from Database --to internet --protocol tcp --port 443", &code);
  EXPECT_EQ(code, 0) << out.dump();
  EXPECT_EQ(out["verdict"], "reachable") << out.dump();
  nlohmann::json in =
      ReachJson(snap, "--from internet --to Database --protocol tcp --port 1433", &code);
  EXPECT_EQ(code, 0) << in.dump();
  EXPECT_EQ(in["verdict"], "reachable") << in.dump();
  nlohmann::json web =
      ReachJson(snap, "--from internet --to Web --protocol tcp --port 3389", &code);
  EXPECT_EQ(code, 3) << web.dump();
  EXPECT_EQ(web["unknownReasons"],
            nlohmann::json::array(
                {"gateway route table `rtb-0f1x0000000edge` of `igw-0f1x00000000001` routes "
                 "`10.1.0.0/24` "
                 "to `eni-0f1x00firewall` (ingress routing), which vouch does not follow"}))
      << web.dump();
  // exposure: the Database exposed on 1433, Web unknown (so exit 3), each checked by the solver.
  Result r = Vouch("exposure --format json --self-check --snapshot '" + snap + "'");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  nlohmann::json e = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  ASSERT_EQ(e["exposed"].size(), 1u) << r.out;
  EXPECT_EQ(e["exposed"][0]["networkInterfaceId"], "eni-0f1x00000000db") << r.out;
  ASSERT_EQ(e["unknown"].size(), 1u) << r.out;
  EXPECT_EQ(e["unknown"][0]["networkInterfaceId"], "eni-0f1x0000000web") << r.out;
}

// Batfish's multi-account layout, aws_configs/accounts/<account>/<region>/*.json: the lab, and a
// second account whose groups come both from describe-security-groups and from
// describe-security-group-rules. Expectations are derived in tests/fixtures/batfish_accounts/README.md.
const std::string kBatfishAccounts = kSource + "/tests/fixtures/batfish_accounts";

TEST(CliReachTest, BatfishAccountsLayoutExposureListsEachAccountsWebServerWithItsOwnPorts) {
  Result r = Vouch("exposure --format json --self-check --snapshot '" + kBatfishAccounts + "'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  std::map<std::string, std::vector<std::string>> ports;  // name -> "port from whom"
  for (const auto& e : j["exposed"]) {
    for (const auto& s : e["services"]) {
      EXPECT_EQ(s["protocol"], "tcp");
      ports[e["name"].get<std::string>()].push_back(
          s["ports"].get<std::string>() + " from " + s["sourcesSummary"].get<std::string>());
    }
  }
  // West's tcp 22 is a rule only its SecurityGroupRules.json gives: kept, not dropped.
  const std::string kAll = " from every internet address";
  EXPECT_EQ(ports, (std::map<std::string, std::vector<std::string>>{
                       {"Web Server", {"80" + kAll, "443" + kAll, "3389" + kAll}},
                       {"West Web Server", {"22 from 198.51.100.0/24", "443" + kAll}}}));
}

TEST(CliReachTest, BatfishAccountsLayoutAnswersPerAccountAndCountsARuleGivenTwiceOnce) {
  int code;
  nlohmann::json https = ReachJson(kBatfishAccounts, "--from internet --to 'West Web Server' --protocol tcp --port 443", &code);
  EXPECT_EQ(code, 0);
  ASSERT_EQ(https["verdict"], "reachable") << https.dump();
  EXPECT_EQ(https["witness"]["packet"]["dst"], "203.0.113.110");
  int sg_hops = 0;
  for (const auto& hop : https["witness"]["forwardPath"]) {
    if (hop["component"]["kind"] != "security-group") continue;
    ++sg_hops;
    EXPECT_EQ(hop["rule"]["ruleNumber"], 0);  // WebserverSG's only permission, as written
    EXPECT_EQ(hop["rule"]["source"], kBatfishAccounts + "/aws_configs/accounts/444455556666/us-west-2/"
                                     "SecurityGroups.json: /SecurityGroups/1/IpPermissions/0/IpRanges/0");
  }
  EXPECT_EQ(sg_hops, 1);
  // The rule only SecurityGroupRules.json gives follows WebserverSG's own permission 0.
  nlohmann::json ssh = ReachJson(kBatfishAccounts, "--from 198.51.100.0/24 --to 'West Web Server' --protocol tcp --port 22", &code);
  EXPECT_EQ(code, 0);
  ASSERT_EQ(ssh["verdict"], "reachable") << ssh.dump();
  for (const auto& hop : ssh["witness"]["forwardPath"]) {
    if (hop["component"]["kind"] != "security-group") continue;
    EXPECT_EQ(hop["rule"]["ruleNumber"], 1);
    EXPECT_EQ(hop["rule"]["source"], kBatfishAccounts + "/aws_configs/accounts/444455556666/us-west-2/"
                                     "SecurityGroupRules.json: /SecurityGroupRules/6/CidrIpv4");
  }
  nlohmann::json ssh_outside = ReachJson(kBatfishAccounts, "--from 8.8.8.0/24 --to 'West Web Server' --protocol tcp --port 22", &code);
  EXPECT_EQ(ssh_outside["verdict"], "unreachable");
  // 3389 is open on the lab account's Web Server only.
  nlohmann::json west = ReachJson(kBatfishAccounts, "--from internet --to 'West Web Server' --protocol tcp --port 3389", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(west["verdict"], "unreachable");
  EXPECT_TRUE(HasBlockingCode(west, "ENI_SG_RULES_MISMATCH")) << west.dump();
  nlohmann::json east = ReachJson(kBatfishAccounts, "--from internet --to 'Web Server' --protocol tcp --port 3389", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(east["verdict"], "reachable");
  // DatabaseSG's reference to WebserverSG, given by both files, admits West Web Server.
  nlohmann::json sql = ReachJson(kBatfishAccounts, "--from 'West Web Server' --to 'West SQL-server' --protocol tcp --port 1433", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(sql["verdict"], "reachable");
  // Two accounts' VPCs with no peering between them: nothing crosses.
  nlohmann::json across = ReachJson(kBatfishAccounts, "--from 'Web Server' --to 'West SQL-server' --protocol tcp --port 1433", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(across["verdict"], "unreachable");
}

// tests/fixtures/ipv6: a dual-stack web server in a VPC with an internet gateway (::/0 routed to
// it, an ACL denying tcp 22 from ::/0 at rule 90), and an IPv6-only worker in a second VPC whose
// only way out is an egress-only internet gateway. Expectations follow AWS's VPC user guide
// ("Enable IPv6 traffic", "Egress-only internet gateways"), derived by hand (README.md there).
const std::string kIpv6 = kSource + "/tests/fixtures/ipv6";

std::vector<std::string> Kinds(const nlohmann::json& path) {
  std::vector<std::string> out;
  for (const auto& hop : path) out.push_back(hop["component"]["kind"].get<std::string>() + " " +
                                             hop["action"].get<std::string>());
  return out;
}

TEST(CliReachTest, Ipv6WebServerIsReachableOn443FromTheIpv6InternetWithoutTranslation) {
  int code;
  nlohmann::json j = ReachJson(kIpv6, "--from ::/0 --to Web --protocol tcp --port 443", &code);
  EXPECT_EQ(code, 0);
  ASSERT_EQ(j["verdict"], "reachable") << j.dump();
  const auto& p = j["witness"]["packet"];
  EXPECT_EQ(p["protocol"], "tcp");
  EXPECT_EQ(p["dst"], "2600:1f18:6:ab00::10");  // the global address itself: no 1:1 NAT
  EXPECT_EQ(p["dstPort"], 443);
  const std::string src = p["src"].get<std::string>();
  EXPECT_NE(src.find(':'), std::string::npos) << src;
  EXPECT_NE(src.rfind("fc", 0), 0u) << src;  // not unique-local space: the gateway drops it
  EXPECT_NE(src.rfind("fd", 0), 0u) << src;
  EXPECT_EQ(Kinds(j["witness"]["forwardPath"]),
            (std::vector<std::string>{"internet forwarded", "internet-gateway forwarded",
                                      "network-acl allowed", "security-group allowed",
                                      "network-interface delivered"}));
  EXPECT_EQ(j["witness"]["forwardPath"][2]["rule"]["ruleNumber"], 101);  // the IPv6 allow-all
  EXPECT_EQ(Kinds(j["witness"]["returnPath"]),
            (std::vector<std::string>{"network-acl allowed", "route-table forwarded",
                                      "internet-gateway translated"}));
  EXPECT_EQ(j["witness"]["returnPath"][1]["route"]["destination"], "::/0");
}

TEST(CliReachTest, Ipv6OnlyWorkerReachesTheInternetThroughTheEgressOnlyGateway) {
  int code;
  nlohmann::json j = ReachJson(kIpv6, "--from Worker --to ::/0 --protocol tcp --port 443", &code);
  EXPECT_EQ(code, 0);
  ASSERT_EQ(j["verdict"], "reachable") << j.dump();
  EXPECT_EQ(j["witness"]["packet"]["src"], "2600:1f18:7:cd01::20");
  EXPECT_EQ(j["witness"]["packet"]["dstPort"], 443);
  EXPECT_EQ(Kinds(j["witness"]["forwardPath"]),
            (std::vector<std::string>{"network-interface forwarded", "security-group allowed",
                                      "route-table forwarded", "network-acl allowed",
                                      "egress-only-internet-gateway forwarded",
                                      "internet delivered"}));
  EXPECT_EQ(j["witness"]["forwardPath"][4]["component"]["id"], "eigw-0a70000000000001");
}

TEST(CliReachTest, Ipv6OnlyWorkerIsUnreachableInboundBehindTheEgressOnlyGateway) {
  int code;
  nlohmann::json j = ReachJson(kIpv6, "--from ::/0 --to Worker --protocol tcp --port 22", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(j["verdict"], "unreachable");
  ASSERT_EQ(j["blocking"].size(), 1u) << j.dump();
  EXPECT_EQ(j["blocking"][0]["code"], "NO_ATTACHED_INTERNET_GATEWAY");
  EXPECT_EQ(j["blocking"][0]["component"]["id"], "vpc-0a700000000000001");
  EXPECT_EQ(j["blocking"][0]["detail"], "an egress-only internet gateway admits no inbound connections");
}

TEST(CliReachTest, Ipv6AclDenyBlocksSshFromTheIpv6InternetButNotFromIpv4) {
  int code;
  nlohmann::json j = ReachJson(kIpv6, "--from ::/0 --to Web --protocol tcp --port 22", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(j["verdict"], "unreachable");
  ASSERT_EQ(j["blocking"].size(), 1u) << j.dump();
  EXPECT_EQ(j["blocking"][0]["code"], "SUBNET_ACL_RESTRICTION");
  EXPECT_EQ(j["blocking"][0]["rule"]["ruleNumber"], 90);
  EXPECT_EQ(j["blocking"][0]["source"], kIpv6 + "/NetworkAcls.json: /NetworkAcls/1/Entries/0");
  // IPv4 rules are independent of IPv6 ones: rule 90 names ::/0 only.
  nlohmann::json v4 = ReachJson(kIpv6, "--from 0.0.0.0/0 --to Web --protocol tcp --port 22", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(v4["verdict"], "reachable") << v4.dump();
  EXPECT_EQ(v4["witness"]["packet"]["dst"], "203.0.113.60");
}

TEST(CliReachTest, Ipv6InternetMeansEitherFamily) {
  int code;
  nlohmann::json j = ReachJson(kIpv6, "--from internet --to Worker --protocol tcp --port 22", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(j["verdict"], "unreachable");
  EXPECT_TRUE(HasBlockingCode(j, "NO_PUBLIC_IP")) << j.dump();                 // IPv4
  EXPECT_TRUE(HasBlockingCode(j, "NO_ATTACHED_INTERNET_GATEWAY")) << j.dump();  // IPv6
  nlohmann::json web = ReachJson(kIpv6, "--from internet --to Web --protocol tcp --port 443", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(web["verdict"], "reachable");
}

TEST(CliReachTest, Ipv6SelfCheckAgreesOnASmallBlock) {
  int code;
  nlohmann::json j = ReachJson(
      kIpv6, "--from 2001:db8::/126 --to Web --protocol tcp --port 443 --self-check", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(j["verdict"], "reachable");
  EXPECT_EQ(j["selfCheck"].get<std::string>().rfind("agrees", 0), 0u) << j["selfCheck"];
  nlohmann::json ssh = ReachJson(
      kIpv6, "--from 2001:db8::/126 --to Web --protocol tcp --port 22 --self-check", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(ssh["verdict"], "unreachable");
  EXPECT_EQ(ssh["selfCheck"].get<std::string>().rfind("agrees", 0), 0u) << ssh["selfCheck"];
}

TEST(CliReachTest, Ipv6TextOutputPrintsCompressedAddresses) {
  Result r = Vouch("reach --snapshot '" + kIpv6 + "' --from Worker --to ::/0 --protocol tcp --port 443");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("[2600:1f18:7:cd01::20]:"), std::string::npos) << r.out;
}

TEST(CliReachTest, Icmpv6TakesNoPort) {
  Result r = Vouch("reach --snapshot '" + kIpv6 + "' --from ::/0 --to Web --protocol icmpv6 --port 1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "vouch: `--port` applies to tcp and udp, not icmpv6\n");
}

TEST(CliReachTest, Ipv6ExposureListsTheWebServerOverBothFamilies) {
  Result r = Vouch("exposure --format json --self-check --snapshot '" + kIpv6 + "'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["exposed"].size(), 2u) << r.out;  // Web over IPv4, then over IPv6
  EXPECT_EQ(j["exposed"][0]["publicIps"], (std::vector<std::string>{"203.0.113.60"}));
  std::vector<std::string> v4_ports;
  for (const auto& s : j["exposed"][0]["services"]) v4_ports.push_back(s["ports"]);
  EXPECT_EQ(v4_ports, (std::vector<std::string>{"22", "443"}));
  const auto& v6 = j["exposed"][1];
  EXPECT_EQ(v6["networkInterfaceId"], "eni-0a600000000000web");
  EXPECT_EQ(v6["publicIps"], (std::vector<std::string>{"2600:1f18:6:ab00::10"}));
  ASSERT_EQ(v6["services"].size(), 1u) << v6.dump();  // tcp 22 is denied by the ACL's rule 90
  EXPECT_EQ(v6["services"][0]["ports"], "443");
  // The VPC's own IPv6 block is routed locally, so a reply to a source in it never gets back
  // to the internet gateway.
  EXPECT_EQ(v6["services"][0]["sourcesSummary"],
            "every IPv6 internet address except 2600:1f18:6:ab00::/56");
  EXPECT_EQ(v6["services"][0]["witness"]["packet"]["dst"], "2600:1f18:6:ab00::10");
  EXPECT_EQ(j["selfCheck"].get<std::string>().rfind("IPv4: the SMT engine agrees", 0), 0u) << j["selfCheck"];
}

TEST(CliReachTest, Ipv6ExposureFromAnIpv6Block) {
  Result r = Vouch("exposure --format json --snapshot '" + kIpv6 + "' --from 2001:db8::/32");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["exposed"].size(), 1u) << r.out;
  EXPECT_EQ(j["exposed"][0]["services"][0]["sources"], (std::vector<std::string>{"2001:db8::/32"}));
  EXPECT_EQ(j["exposed"][0]["services"][0]["sourcesSummary"],
            "every IPv6 internet address in 2001:db8::/32");
}

// vouch loads the Z3 library when a question first needs the solver. A library by that name
// without Z3's functions makes `reach` unknown (exit 3) with a one-line reason, while
// `simulate`, which never solves, answers as always.
TEST(CliReachTest, ASolverThatCannotBeLoadedIsUnknownAndSimulateNeedsNone) {
  const std::string env = std::string("LD_LIBRARY_PATH='") + VOUCH_NOT_Z3_DIR + "' ";
  std::string command = env + "'" + VOUCH_BINARY + "' reach --snapshot '" + kLab +
                        "' --from internet --to 'Web Server' --protocol tcp --port 3389 2>&1";
  Result r;
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  int status = pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3) << r.out;
  EXPECT_EQ(r.out.rfind("vouch: unknown: cannot load the Z3 solver (", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("): it has no Z3_"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;

  command = env + "'" + VOUCH_BINARY + "' simulate --snapshot '" + kLab +
            "' --principal user-1 --action iam:GetUser 2>&1";
  pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  status = pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << out;
  EXPECT_NE(out.find("allowed"), std::string::npos) << out;
}

}  // namespace
