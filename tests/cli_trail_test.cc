// `vouch trail` end to end: the lab's LabCloudTrail (examples/lab), multi-region and logging all
// management events but without log file validation or KMS, its bucket private to CloudTrail;
// and small snapshots written by the tests for the other exit codes.
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/cli_run.h"

namespace {

namespace fs = std::filesystem;

const std::string kLab = std::string(VOUCH_SOURCE_DIR) + "/examples/lab";
using Result = vouch::test::CliResult;
using vouch::test::Vouch;

// A snapshot folder of `files` (name, text).
std::string Folder(const std::string& name,
                   std::vector<std::pair<std::string, std::string>> files) {
  fs::path dir = fs::path(::testing::TempDir()) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& [file, text] : files) std::ofstream(dir / file) << text;
  return dir.string();
}

TEST(CliTrailTest, LabTrailLacksValidationAndKms) {
  Result r = Vouch("trail --snapshot '" + kLab + "' --cis");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "LabCloudTrail (arn:aws:cloudtrail:us-east-1:111122223333:trail/LabCloudTrail)\n"
      "  home region: us-east-1; multi-region: yes; global service events: yes\n"
      "  logging: yes; management events: reads and writes\n"
      "  log file validation: off; KMS encryption: none; CloudWatch Logs: none\n"
      "  logs: s3://lab-cloudtrail-logs-111122223333/AWSLogs/111122223333/\n"
      "  can stop, delete or change it: user admin-1\n"))
      << r.out;
  EXPECT_TRUE(absl::StrContains(r.out,
                                "  logging (some multi-region trail is logging and records "
                                "management events, reads and writes): holds\n"))
      << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "  validation (every trail has log file validation on): violated\n"
      "    trail LabCloudTrail: log file validation is off (LogFileValidationEnabled is "
      "false) (at " +
          kLab + "/cloudtrail-describe-trails.json: /trailList/0)\n"))
      << r.out;
  EXPECT_TRUE(
      absl::StrContains(r.out, "  kms (every trail encrypts its logs with a KMS key): violated\n"))
      << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "or change who may): holds\n")) << r.out;

  Result logging = Vouch("trail --snapshot '" + kLab + "' --require-logging --logs-not-public");
  EXPECT_EQ(logging.exit_code, 0) << logging.out;

  Result json = Vouch("trail --snapshot '" + kLab + "' --cis --format json");
  ASSERT_EQ(json.exit_code, 1) << json.out;
  nlohmann::json j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["trails"][0]["name"], "LabCloudTrail");
  EXPECT_EQ(j["trails"][0]["logging"], true);
  EXPECT_EQ(j["trails"][0]["canStopOrChange"], nlohmann::json::array({"user admin-1"}));
  ASSERT_EQ(j["claims"].size(), 4u);
  EXPECT_EQ(j["claims"][0]["verdict"], "holds");
  EXPECT_EQ(j["claims"][1]["verdict"], "violated");
  EXPECT_EQ(j["claims"][3]["claim"], "logs-not-public");
  EXPECT_EQ(j["claims"][3]["verdict"], "holds");
}

TEST(CliTrailTest, APublicBucketAndAnUnknownStatus) {
  const std::string trails =
      R"({"trailList": [{"Name": "a", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/a",
      "S3BucketName": "shared-logs", "IsMultiRegionTrail": true, "LogFileValidationEnabled": true,
      "KmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/k"},
      {"Name": "b", "TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/b",
      "S3BucketName": "shared-logs", "IsMultiRegionTrail": false}]})";
  const std::string policy =
      R"({"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Share\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::shared-logs\"}]}"})";
  std::string dir =
      Folder("vouch_cli_trail_public", {{"trails.json", trails},
                                        {"status.json", R"({"IsLogging": true})"},
                                        {"policy.json", policy},
                                        {"acl.json", R"({"Owner": {"ID": "o"}, "Grants": []})"}});
  // Two trails share the status response: whose it is cannot be told, so logging is unknown.
  Result logging = Vouch("trail --snapshot '" + dir + "' --require-logging");
  EXPECT_EQ(logging.exit_code, 3) << logging.out;
  EXPECT_TRUE(
      absl::StrContains(logging.out, "    unknown: trail a: its status is not in the snapshot"))
      << logging.out;
  Result open = Vouch("trail --snapshot '" + dir + "' --logs-not-public");
  EXPECT_EQ(open.exit_code, 1) << open.out;
  EXPECT_TRUE(absl::StrContains(open.out,
                                "    bucket shared-logs: an anonymous caller may s3:ListBucket on "
                                "arn:aws:s3:::shared-logs (statement 0 \"Share\") (at " +
                                    dir + "/policy.json: /Policy/Statement/0)\n"))
      << open.out;
}

TEST(CliTrailTest, BadInputIsOneLineAndExitTwo) {
  Result none = Vouch("trail --snapshot '" + kLab + "/aws_configs'");
  EXPECT_EQ(none.exit_code, 2) << none.out;
  EXPECT_EQ(none.out, "vouch: " + kLab +
                          "/aws_configs: no CloudTrail trails found (expected the output of `aws "
                          "cloudtrail describe-trails` among its JSON files)\n");
  Result format = Vouch("trail --snapshot '" + kLab + "' --format xml");
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_EQ(format.out, "vouch: unknown format `xml` (expected text, json, junit or sarif)\n");
}

}  // namespace

namespace {

// The claims as CI tools read them, for each command that makes claims.
TEST(CliClaimFormatsTest, JUnitAndSarifForTrailCredentialsAndWhoCan) {
  Result junit = Vouch("trail --snapshot '" + kLab + "' --cis --format junit");
  EXPECT_EQ(junit.exit_code, 1) << junit.out;
  EXPECT_TRUE(absl::StrContains(
      junit.out,
      "<testsuite name=\"vouch trail\" tests=\"4\" failures=\"2\" errors=\"0\" skipped=\"0\">"))
      << junit.out;
  EXPECT_TRUE(absl::StrContains(
      junit.out, "<testcase classname=\"vouch.trail\" name=\"kms\">\n      <failure"))
      << junit.out;

  Result sarif =
      Vouch("credentials --snapshot '" + kLab + "' --require-mfa --max-key-age 90 --format sarif");
  EXPECT_EQ(sarif.exit_code, 1) << sarif.out;
  nlohmann::json j = nlohmann::json::parse(sarif.out);
  const nlohmann::json& results = j["runs"][0]["results"];
  // admin-1 without MFA; user-1's and admin-1's keys older than 90 days.
  ASSERT_EQ(results.size(), 3u) << sarif.out;
  EXPECT_EQ(results[0]["ruleId"], "credentials/mfa");
  EXPECT_EQ(results[0]["message"]["text"],
            "admin-1: console password without MFA (line 4 of the report)");
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            kLab + "/iam-get-credential-report.json");

  Result who =
      Vouch("who-can --snapshot '" + kLab +
            "' --action iam:DeleteAccessKey --resource arn:aws:iam::111122223333:user/user-1"
            " --only admin-1 --format sarif");
  EXPECT_EQ(who.exit_code, 1) << who.out;
  nlohmann::json w = nlohmann::json::parse(who.out);
  ASSERT_EQ(w["runs"][0]["results"].size(), 1u);
  EXPECT_EQ(w["runs"][0]["results"][0]["message"]["text"],
            "user user-1 is allowed iam:DeleteAccessKey on arn:aws:iam::111122223333:user/user-1 "
            "with aws:MultiFactorAuthPresent=boolean:true: Allow by ManageOwnAccessKeysWithMfa "
            "(user), statement 0 \"ManageOwnAccessKeysWithMfa\"");

  Result no_claim = Vouch("who-can --snapshot '" + kLab + "' --action iam:GetUser --format junit");
  EXPECT_EQ(no_claim.exit_code, 2);
  EXPECT_EQ(no_claim.out, "vouch: --format junit reports the claim: give it with --only\n");
}

}  // namespace
