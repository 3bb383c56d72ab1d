// `vouch replay` end to end on the lab account (examples/lab) and its CloudTrail log
// (examples/cloudtrail/logs): every expectation derived by hand from the lab's policies
// (examples/lab/IAM-SOURCES.md) and the records: user-1 reads through USER1GROUP's
// ReadOnlyAccess and creates its own keys only with MFA; admin-1 has AdministratorAccess;
// app-server reads lab-app-data. examples/cloudtrail/remove-user-1-from-group.json takes user-1
// out of USER1GROUP, so its logged reads would be denied after it.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "frontends/aws/gzip_test_util.h"
#include "gtest/gtest.h"
#include "models/iam/action_catalog.h"
#include "nlohmann/json.hpp"
#include "tests/cli_run.h"

namespace {

const std::string kSource = VOUCH_SOURCE_DIR;
const std::string kLab = kSource + "/examples/lab";
const std::string kLogs = kSource + "/examples/cloudtrail/logs";
const std::string kLogFile =
    kLogs + "/111122223333_CloudTrail_us-east-1_20261126T0915Z_LabReplay0001.json";
const std::string kPlan = kSource + "/examples/cloudtrail/remove-user-1-from-group.json";

using Result = vouch::test::CliResult;
using vouch::test::Vouch;

std::string Replay(const std::string& logs, const std::string& args = "") {
  return "replay --snapshot '" + kLab + "' --cloudtrail '" + logs + "' " + args;
}

std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(CliReplayTest, WithoutAChangeTheLabLogHasNoRegressions) {
  Result r = Vouch(Replay(kLogs));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(
      absl::StrContains(r.out,
                        "replay of 9 records from 1 log file against account 111122223333\n"
                        "  replayed: 8 (7 succeeded in the log, 1 denied, 0 failed otherwise)\n"
                        "  not replayed: 1\n"
                        "    1 root user\n"
                        "  vouch agrees with the log on 7 of 8 replayed calls it settles\n"))
      << r.out;
  // user-1's PutObject succeeded through a bucket policy the snapshot does not hold.
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "\ndisagreements with the log (vouch lacks what decided them: SCPs, resource policies, "
      "session policies, ...) (1):\n"
      "  e3f1a7c2-0b6d-4c8e-9f21-7a5d3c9b1e07 2026-11-26T10:31:47Z "
      "arn:aws:iam::111122223333:user/user-1 s3:PutObject on "
      "arn:aws:s3:::lab-shared-drop/incoming/notes.txt\n"
      "    log: succeeded; vouch: implicitDeny\n"
      "    no statement allows it\n"))
      << r.out;
  EXPECT_FALSE(absl::StrContains(r.out, "regressions")) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "\nclaim: no call that succeeded in the log is denied (no change given: every such call is "
      "replayed and settled): holds\n"))
      << r.out;
}

TEST(CliReplayTest, RemovingUser1FromItsGroupDeniesItsLoggedReads) {
  Result r = Vouch(Replay(kLogs, "--terraform-plan '" + kPlan + "'"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "\nregressions: succeeded in the log, allowed before the change, denied after it (2):\n"
      "  e3f1a7c2-0b6d-4c8e-9f21-7a5d3c9b1e01 2026-11-26T09:12:03Z "
      "arn:aws:iam::111122223333:user/user-1 iam:GetUser on "
      "arn:aws:iam::111122223333:user/user-1\n"
      "    log: succeeded; vouch: allowed before the change, implicitDeny after it\n"
      "    before:\n"
      "      Allow by ReadOnlyAccess (aws-managed), statement 0 \"ReadOnlyActionsGroup1\"\n"))
      << r.out;
  EXPECT_TRUE(absl::StrContains(r.out,
                                "    after:\n"
                                "      no statement allows it\n"
                                "    record: " +
                                    kLogFile + ": /Records/0\n"))
      << r.out;
  EXPECT_TRUE(absl::StrContains(r.out,
                                "e3f1a7c2-0b6d-4c8e-9f21-7a5d3c9b1e02 2026-11-26T09:12:41Z "
                                "arn:aws:iam::111122223333:user/user-1 "
                                "ec2:DescribeInstances on *\n"))
      << r.out;
  // user-1's own key, created with MFA, stays allowed by its inline policy.
  EXPECT_FALSE(absl::StrContains(r.out, "iam:CreateAccessKey")) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out, "\nclaim: no call that succeeded in the log is denied after the change: violated\n"))
      << r.out;
}

const char kCreateKeyWithoutMfaInfo[] = R"({"Records": [{
  "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/user-1",
                   "accessKeyId": "ASIAEXAMPLESESSION01", "userName": "user-1"},
  "eventTime": "2026-11-26T09:20:18Z", "eventSource": "iam.amazonaws.com",
  "eventName": "CreateAccessKey", "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.7",
  "requestParameters": {"userName": "user-1"}, "eventID": "no-mfa-info"}]})";

// examples/cloudtrail/app-server-trusts-lambda.json changes app-server's trust policy from the
// EC2 service to Lambda: EC2's logged AssumeRole of app-server (its instance profile) would be
// denied after it, and nothing else changes.
TEST(CliReplayTest, ATrustPolicyThatShutsOutTheEc2ServiceDeniesItsAssumeRole) {
  Result r = Vouch(Replay(kLogs, "--terraform-plan '" + kSource +
                                     "/examples/cloudtrail/app-server-trusts-lambda.json' "
                                     "--format json"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out);
  std::vector<std::string> regressions;
  for (const auto& c : j["calls"]) {
    if (c["finding"] == "regression") regressions.push_back(c["eventID"]);
  }
  EXPECT_EQ(regressions, std::vector<std::string>{"e3f1a7c2-0b6d-4c8e-9f21-7a5d3c9b1e09"}) << r.out;
  for (const auto& c : j["calls"]) {
    if (c["eventID"] != "e3f1a7c2-0b6d-4c8e-9f21-7a5d3c9b1e09") continue;
    EXPECT_EQ(c["principal"], "ec2.amazonaws.com");
    EXPECT_EQ(c["action"], "sts:AssumeRole");
    EXPECT_EQ(c["before"]["verdict"], "allowed");
    EXPECT_EQ(c["after"]["verdict"], "denied");
  }
}

// The same change with the trust policy known only after apply (it names an OIDC provider the
// plan creates): EC2's AssumeRole of app-server is unknown after it, every other call is decided,
// and who-can and simulate answer every question but assuming app-server.
TEST(CliReplayTest, ATrustPolicyKnownOnlyAfterApplyLeavesOnlyAssumingTheRoleUnknown) {
  std::ifstream in(kSource + "/examples/cloudtrail/app-server-trusts-lambda.json");
  nlohmann::json plan = nlohmann::json::parse(in);
  nlohmann::json& change = plan["resource_changes"][0]["change"];
  change["after"].erase("assume_role_policy");
  change["after_unknown"]["assume_role_policy"] = true;
  plan["configuration"]["root_module"]["resources"][0]["expressions"]["assume_role_policy"] = {
      {"references",
       {"aws_iam_openid_connect_provider.ci.arn", "aws_iam_openid_connect_provider.ci"}}};
  std::string path = WriteFile("trust_unknown_plan.json", plan.dump());
  const std::string why =
      "the role's trust policy is unknown: " + path +
      ": /resource_changes/0/change/after_unknown/assume_role_policy: `assume_role_policy` of "
      "`aws_iam_role.app_server` is known only after apply, so the planned permissions cannot "
      "be told from the plan";
  Result r = Vouch(Replay(kLogs, "--terraform-plan '" + path + "' --format json"));
  EXPECT_EQ(r.exit_code, 3) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out);
  size_t unknown = 0;
  for (const auto& c : j["calls"]) {
    EXPECT_NE(c["finding"], "regression") << c;
    if (c["finding"] != "unknown") continue;
    ++unknown;
    EXPECT_EQ(c["eventID"], "e3f1a7c2-0b6d-4c8e-9f21-7a5d3c9b1e09");
    EXPECT_EQ(c["after"]["verdict"], "unknown");
    EXPECT_EQ(c["after"]["why"], why);
    EXPECT_FALSE(c["after"].contains("decision")) << c;  // nothing was evaluated
    EXPECT_EQ(c["before"]["verdict"], "allowed");
  }
  EXPECT_EQ(unknown, 1u) << r.out;
  r = Vouch(Replay(kLogs, "--terraform-plan '" + path + "'"));
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "    after:\n      " + why + "\n    record: ")) << r.out;

  const std::string app_server = "arn:aws:iam::111122223333:role/app-server";
  r = Vouch("who-can --snapshot '" + kLab + "' --terraform-plan '" + path +
            "' --action sts:AssumeRole --resource " + app_server);
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "vouch: unknown: " + path +
                                           ": /resource_changes/0/change/after_unknown/"
                                           "assume_role_policy: `assume_role_policy` of "
                                           "`aws_iam_role.app_server` is known only after apply"))
      << r.out;
  r = Vouch("simulate --snapshot '" + kLab + "' --terraform-plan '" + path +
            "' --principal user-1 --action iam:GetUser --action iam:DeleteGroup");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "allowed       iam:GetUser on *\n")) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "implicitDeny  iam:DeleteGroup on *\n")) << r.out;
  r = Vouch("simulate --snapshot '" + kLab + "' --terraform-plan '" + path +
            "' --principal admin-1 --action sts:AssumeRole --resource " + app_server);
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_TRUE(absl::StartsWith(r.out, "vouch: unknown: " + path)) << r.out;
}

TEST(CliReplayTest, ACallDecidedByAKeyTheRecordDoesNotTellIsUnknown) {
  std::string log = WriteFile("replay_no_mfa.json", kCreateKeyWithoutMfaInfo);
  Result r = Vouch(Replay(log));
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "\nunknown: succeeded in the log, not settled (1):\n"
      "  no-mfa-info 2026-11-26T09:20:18Z arn:aws:iam::111122223333:user/user-1 "
      "iam:CreateAccessKey on arn:aws:iam::111122223333:user/user-1\n"
      "    log: succeeded; vouch: unknown\n"
      "    allowed with aws:MultiFactorAuthPresent=boolean:true, which the record does not tell\n"))
      << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "): unknown\n")) << r.out;
}

TEST(CliReplayTest, JUnitAndSarifCarryTheClaimAndLocateTheRecords) {
  Result r = Vouch(Replay(kLogs, "--terraform-plan '" + kPlan + "' --format sarif"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out);
  const nlohmann::json& results = j["runs"][0]["results"];
  ASSERT_EQ(results.size(), 2u) << r.out;
  EXPECT_EQ(results[0]["ruleId"], "replay/no-regressions");
  EXPECT_EQ(results[0]["level"], "error");
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], kLogFile);
  EXPECT_EQ(results[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "/Records/0");
  EXPECT_EQ(results[1]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "/Records/1");
  r = Vouch(Replay(kLogs, "--terraform-plan '" + kPlan + "' --format junit"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(
      absl::StrContains(r.out, "<testsuite name=\"vouch replay\" tests=\"1\" failures=\"1\""))
      << r.out;
  r = Vouch(Replay(kLogs, "--format junit"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "failures=\"0\" errors=\"0\"")) << r.out;
}

TEST(CliReplayTest, JsonListsEveryCall) {
  Result r = Vouch(Replay(kLogs, "--terraform-plan '" + kPlan + "' --format json"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["records"], 9);
  ASSERT_EQ(j["calls"].size(), 9u);
  EXPECT_EQ(j["calls"][0]["finding"], "regression");
  EXPECT_EQ(j["calls"][0]["before"]["verdict"], "allowed");
  EXPECT_EQ(j["calls"][0]["after"]["decision"], "implicitDeny");
  EXPECT_EQ(j["calls"][2]["log"], "denied");
  EXPECT_EQ(j["calls"][2]["finding"], "none");
  EXPECT_EQ(j["calls"][7]["not_replayed"], "root user");
  EXPECT_EQ(j["claim"]["verdict"], "violated");
}

// With the services each principal's Allow statements name and it never called: app-server's
// policy (app-data-access) names s3 and dynamodb and it called s3; admin-1's AdministratorAccess
// (`*`) names every service of the catalog and it called IAM; user-1's ReadOnlyAccess names the
// services of its Action patterns that the catalog holds, and it called ec2, iam and s3.
TEST(CliReplayTest, ByPrincipalListsTheActionsEachUsedAndWasDenied) {
  Result r = Vouch(Replay(kLogs, "--by-principal"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "\nactions by principal (replayed calls):\n"
      "  arn:aws:iam::111122223333:role/app-server\n"
      "    used (succeeded in the log): s3:GetObject\n"
      "    services its Allow statements name, never called in the log: 1 service: dynamodb\n"
      "  arn:aws:iam::111122223333:user/admin-1\n"
      "    used (succeeded in the log): iam:CreateGroup\n"
      "    services its Allow statements name, never called in the log: "))
      << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "  arn:aws:iam::111122223333:user/user-1\n"
      "    used (succeeded in the log): ec2:DescribeInstances, iam:CreateAccessKey, iam:GetUser, "
      "s3:PutObject\n"
      "    denied in the log: iam:DeleteGroup\n"
      "    services its Allow statements name, never called in the log: "))
      << r.out;
  r = Vouch(Replay(kLogs, "--by-principal --format json"));
  nlohmann::json j = nlohmann::json::parse(r.out);
  // The three IAM principals, then the EC2 service, which assumed app-server (its trust policy
  // lets it).
  ASSERT_EQ(j["principals"].size(), 4u) << r.out;
  EXPECT_EQ(j["principals"][3]["principal"], "ec2.amazonaws.com");
  EXPECT_EQ(j["principals"][3]["used"], nlohmann::json::array({"sts:AssumeRole"}));
  EXPECT_EQ(j["principals"][2]["denied"], nlohmann::json::array({"iam:DeleteGroup"}));
  EXPECT_EQ(j["principals"][0]["grantedServicesNeverCalled"], nlohmann::json::array({"dynamodb"}));
  // admin-1: every service with actions in the catalog but IAM.
  std::set<std::string> every;
  for (const vouch::iam::CatalogService& s : vouch::iam::ActionCatalog::BuiltIn().services()) {
    if (!s.actions.empty()) every.insert(std::string(s.prefix));
  }
  every.erase("iam");
  EXPECT_EQ(j["principals"][1]["grantedServicesNeverCalled"].get<std::set<std::string>>(), every);
  // user-1: the prefixes of ReadOnlyAccess's Action patterns, read from the lab's export, less
  // those the catalog does not hold (retired services) and those called.
  std::ifstream in(kLab + "/iam-get-account-authorization-details.json");
  nlohmann::json gaad = nlohmann::json::parse(in);
  std::set<std::string> read_only;
  for (const auto& p : gaad["Policies"]) {
    if (p["PolicyName"] != "ReadOnlyAccess") continue;
    for (const auto& v : p["PolicyVersionList"]) {
      if (!v["IsDefaultVersion"].get<bool>()) continue;
      for (const auto& st : v["Document"]["Statement"]) {
        for (const auto& a : st["Action"]) {
          std::string prefix = a.get<std::string>().substr(0, a.get<std::string>().find(':'));
          if (vouch::iam::ActionCatalog::BuiltIn().FindService(prefix) != nullptr) {
            read_only.insert(prefix);
          }
        }
      }
    }
  }
  ASSERT_GT(read_only.size(), 300u);
  for (const char* called : {"ec2", "iam", "s3"}) read_only.erase(called);
  EXPECT_EQ(j["principals"][2]["grantedServicesNeverCalled"].get<std::set<std::string>>(),
            read_only);
}

TEST(CliReplayTest, AMalformedRecordIsBadInputNamingWhere) {
  std::string log = WriteFile("replay_bad.json", R"({"Records": [{"eventName": 7}]})");
  Result r = Vouch(Replay(log));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "vouch: " + log + ": /Records/0/eventName: expected a string, got number\n");
}

// CloudTrail delivers its log files gzipped: read as delivered, the log gives the same answer.
TEST(CliReplayTest, GzippedLogFilesAreReadAsDelivered) {
  std::ifstream in(kLogFile, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(text.empty());
  std::string dir = ::testing::TempDir() + "/replay_gz";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string gz =
      WriteFile("replay_gz/111122223333_CloudTrail_us-east-1_20261126T0915Z_LabReplay0001.json.gz",
                vouch::aws::GzipForTest(text));
  Result plain = Vouch(Replay(kLogFile, "--terraform-plan '" + kPlan + "'"));
  Result gzipped = Vouch(Replay(dir, "--terraform-plan '" + kPlan + "'"));
  EXPECT_EQ(gzipped.exit_code, 1) << gzipped.out;
  EXPECT_EQ(gzipped.exit_code, plain.exit_code);
  // The same answer, each record located in the gzipped file.
  EXPECT_EQ(gzipped.out, absl::StrReplaceAll(plain.out, {{kLogFile, gz}})) << gzipped.out;
  // Damaged: bad input, naming the file.
  std::string cut =
      WriteFile("replay_gz_cut.json.gz", vouch::aws::GzipForTest(text).substr(0, 100));
  Result r = Vouch(Replay(cut));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "vouch: " + cut + ": gzip data ends early\n");
}

}  // namespace
