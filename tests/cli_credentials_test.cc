// `vouch credentials` end to end: the lab's credential report (examples/lab), whose rows are
// derived by hand from the lab's users (examples/lab/IAM-SOURCES.md), and small reports
// written by the tests, for each exit code.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/cli_run.h"

namespace {

const std::string kSource = VOUCH_SOURCE_DIR;
const std::string kLab = kSource + "/examples/lab";

using Result = vouch::test::CliResult;
using vouch::test::Vouch;

const char kHeader[] =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n";

// Writes a CSV report of `rows` (after the header) and returns its path.
std::string WriteReport(const std::string& name, const std::string& rows) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << kHeader << rows;
  return path;
}

TEST(CliCredentialsTest, LabClaimsAreViolatedByAdminMfaAndBothKeys) {
  Result r = Vouch("credentials --snapshot '" + kLab + "' --require-mfa --max-key-age 90");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const std::string at = kLab + "/iam-get-credential-report.json: /Content: line ";
  EXPECT_TRUE(absl::StrContains(r.out, "generated 2026-11-27T10:00:00Z: 3 rows")) << r.out;
  EXPECT_TRUE(
      absl::StrContains(r.out,
                        "  access key 1: active, rotated 2026-03-02T09:45:30Z (270 days before "
                        "2026-11-27T10:00:00Z), last used 2026-11-25T17:12:00Z (iam, us-east-1)\n"))
      << r.out;
  EXPECT_TRUE(
      absl::StrContains(r.out,
                        "  mfa (every console user, and the root user, has MFA active): violated\n"
                        "    admin-1: console password without MFA (at " +
                            at + "4)\n"))
      << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "  key-age (every active access key at most 90 days old): violated\n"
      "    user-1: active access key 1 is older than 90 days (rotated 2026-03-02T09:45:30Z) "
      "(at " +
          at +
          "3)\n"
          "    admin-1: active access key 1 is older than 90 days (rotated "
          "2026-01-15T16:20:09Z) (at " +
          at + "4)\n"))
      << r.out;
}

TEST(CliCredentialsTest, LabKeysHoldAYearLimitAsJson) {
  // user-1's key is 270 days old and admin-1's 315 at the report's time: both within 365.
  Result r = Vouch("credentials --snapshot '" + kLab + "' --max-key-age 365 --format json");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["checkedAt"], "2026-11-27T10:00:00Z");
  ASSERT_EQ(j["claims"].size(), 1u);
  EXPECT_EQ(j["claims"][0]["claim"], "key-age");
  EXPECT_EQ(j["claims"][0]["verdict"], "holds");
  ASSERT_EQ(j["users"].size(), 3u);
  EXPECT_EQ(j["users"][0]["user"], "<root_account>");
  EXPECT_EQ(j["users"][0]["consolePassword"], nullptr);
  EXPECT_EQ(j["users"][1]["user"], "user-1");
  EXPECT_EQ(j["users"][1]["mfaActive"], true);
  EXPECT_EQ(j["users"][1]["accessKeys"][0]["lastRotated"], "2026-03-02T09:45:30Z");
  EXPECT_EQ(j["users"][2]["user"], "admin-1");
  EXPECT_EQ(j["users"][2]["mfaActive"], false);
}

TEST(CliCredentialsTest, LabHoldsTheCisChecksButForAdminMfa) {
  // The CIS AWS Foundations Benchmark's credential checks: root MFA and no root keys hold, every
  // credential was used within 45 days, and admin-1 has a console password without MFA.
  Result r = Vouch("credentials --snapshot '" + kLab +
                   "' --require-mfa --no-root-keys --max-unused 45 --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  ASSERT_EQ(j["claims"].size(), 3u);
  EXPECT_EQ(j["claims"][0]["claim"], "mfa");
  EXPECT_EQ(j["claims"][0]["verdict"], "violated");
  ASSERT_EQ(j["claims"][0]["violations"].size(), 1u);
  EXPECT_EQ(j["claims"][0]["violations"][0]["user"], "admin-1");
  EXPECT_EQ(j["claims"][1]["claim"], "root-keys");
  EXPECT_EQ(j["claims"][1]["verdict"], "holds");
  EXPECT_EQ(j["claims"][2]["claim"], "unused");
  EXPECT_EQ(j["claims"][2]["verdict"], "holds");
  EXPECT_EQ(j["claims"][2]["maxDays"], 45);
  // admin-1 last signed in 7 days before the report.
  r = Vouch("credentials --snapshot '" + kLab + "' --max-unused 3");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "  unused (every console password and active access key used within 3 days): "
      "violated\n"
      "    admin-1: console password unused for more than 3 days (last used "
      "2026-11-20T08:30:11Z) (at " +
          kLab +
          "/iam-get-credential-report.json: /Content: "
          "line 4)\n"))
      << r.out;
}

TEST(CliCredentialsTest, OneUserWithItsGroups) {
  // user-1 alone: its group from the IAM export, and MFA holds for it (admin-1 is left out).
  Result r = Vouch("credentials --snapshot '" + kLab + "' --user user-1 --require-mfa");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, ": 3 rows (shown: user-1)\n")) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "line 3\n  groups: USER1GROUP\n")) << r.out;
  EXPECT_FALSE(absl::StrContains(r.out, "admin-1")) << r.out;
  EXPECT_TRUE(
      absl::StrContains(r.out,
                        "claims about user-1 (checked at 2026-11-27T10:00:00Z):\n"
                        "  mfa (every console user, and the root user, has MFA active): holds\n"))
      << r.out;
  r = Vouch("credentials --snapshot '" + kLab + "' --user admin-1 --format json");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["about"], nlohmann::json::array({"admin-1"}));
  ASSERT_EQ(j["users"].size(), 1u);
  EXPECT_EQ(j["users"][0]["groups"], nlohmann::json::array({"Administrators"}));
  r = Vouch("credentials --snapshot '" + kLab + "' --user bob");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out,
            "vouch: --user: no user `bob` in the credential report or the account's IAM export "
            "(the root user is `<root_account>`)\n");
}

TEST(CliCredentialsTest, CsvReportNeedsNowForKeyAges) {
  std::string path = WriteReport(
      "keys.csv",
      "ci,arn:aws:iam::111122223333:user/ci,2026-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,"
      "true,2026-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
  Result r = Vouch("credentials --report '" + path + "' --max-key-age 30");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out,
            "vouch: --max-key-age needs --now: this report carries no time of its own (a CSV has "
            "none)\n");
  r = Vouch("credentials --report '" + path + "' --max-key-age 30 --now 2026-01-31T00:00:00Z");
  EXPECT_EQ(r.exit_code, 0) << r.out;  // exactly 30 days
  r = Vouch("credentials --report '" + path + "' --max-key-age 30 --now 2026-01-31T00:00:01Z");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  r = Vouch("credentials --report '" + path + "' --max-unused 30");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out,
            "vouch: --max-unused needs --now: this report carries no time of its own (a CSV has "
            "none)\n");
  // The user has no console password, so MFA is not required of it; but the report has no row
  // for the root user, whose MFA it then cannot tell.
  r = Vouch("credentials --report '" + path + "' --require-mfa");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "  mfa (every console user, and the root user, has MFA active): unknown\n"
      "    unknown: <root_account>: the credential report has no row for the root user (at " +
          path + ")\n"))
      << r.out;
}

TEST(CliCredentialsTest, AUserOfTheAccountMissingFromTheReportIsUnknown) {
  // The lab's account (its IAM export) with a report that has no row for admin-1: admin-1 may
  // sign in without MFA, so MFA for every console user is not proved.
  std::string path = WriteReport(
      "no-admin.csv",
      "<root_account>,arn:aws:iam::111122223333:root,2026-01-15T15:40:00+00:00,not_supported,"
      "N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,"
      "N/A,false,N/A\n"
      "user-1,arn:aws:iam::111122223333:user/user-1,2026-03-02T09:41:12+00:00,true,N/A,"
      "2026-03-02T09:42:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,"
      "false,N/A\n");
  Result r = Vouch("credentials --snapshot '" + kLab + "' --report '" + path + "' --require-mfa");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "  mfa (every console user, and the root user, has MFA active): unknown\n"
      "    unknown: admin-1: in the account's IAM export but not in the credential report "
      "(made before the user was?) (at " +
          kLab + "/iam-get-account-authorization-details.json: /UserDetailList/1)\n"))
      << r.out;
  // The report alone says nothing of admin-1: the claim holds over its rows.
  r = Vouch("credentials --report '" + path + "' --require-mfa");
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(CliCredentialsTest, AnActiveKeyWithoutATimeIsUnknown) {
  std::string path = WriteReport(
      "unknown.csv",
      "ci,arn:aws:iam::111122223333:user/ci,2026-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,"
      "true,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
  Result r =
      Vouch("credentials --report '" + path + "' --max-key-age 30 --now 2026-02-01T00:00:00Z");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_TRUE(
      absl::StrContains(r.out,
                        "key-age (every active access key at most 30 days old): unknown\n"
                        "    unknown: ci: active access key 1 has no rotation time (`N/A`)"))
      << r.out;
}

TEST(CliCredentialsTest, LabUserOneHoldsAPolicyOfItsOwnAndOneKey) {
  // CIS 1.13 and 1.15: every lab user has one active key at most; user-1 holds an inline policy
  // of its own (ManageOwnAccessKeysWithMfa), beside USER1GROUP's.
  Result r = Vouch("credentials --snapshot '" + kLab + "' --one-active-key --groups-only");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "  one-key (no user has two active access keys): holds\n"
      "  groups-only (every user's permissions come through groups, none of its own): violated\n"
      "    user-1: inline policy `ManageOwnAccessKeysWithMfa` of its own, not through a group "
      "(at " +
          kLab +
          "/iam-get-account-authorization-details.json: "
          "/UserDetailList/0/UserPolicyList/0/PolicyDocument)\n"))
      << r.out;
  r = Vouch("credentials --snapshot '" + kLab + "' --groups-only --user admin-1 --format sarif");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  // Two active keys: a report of the test's own.
  std::string path = WriteReport(
      "two_keys.csv",
      "ci,arn:aws:iam::111122223333:user/ci,2026-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,"
      "true,2026-01-02T00:00:00+00:00,N/A,N/A,N/A,true,2026-06-01T00:00:00+00:00,N/A,N/A,N/A,"
      "false,N/A,false,N/A\n");
  r = Vouch("credentials --report '" + path + "' --one-active-key");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(
      absl::StrContains(r.out, "    ci: two active access keys (at " + path + ": line 2)\n"))
      << r.out;
  r = Vouch("credentials --report '" + path + "' --groups-only");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out,
            "vouch: --groups-only needs the account's IAM export: give --snapshot with the output "
            "of `aws iam get-account-authorization-details`\n");
  r = Vouch("credentials --report '" + path + "' --no-full-admin");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out,
            "vouch: --no-full-admin needs the account's IAM export: give --snapshot with the "
            "output of `aws iam get-account-authorization-details`\n");
}

TEST(CliCredentialsTest, RootHardwareMfaIsToldByTheVirtualDevices) {
  // CIS 1.6: the lab's root user has MFA active, and its only virtual device is user-1's.
  Result r = Vouch("credentials --snapshot '" + kLab + "' --root-hardware-mfa");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "  root-hardware-mfa (the root user's MFA device is a hardware one, not virtual): "
      "holds\n"))
      << r.out;
  // The report alone cannot tell.
  r = Vouch("credentials --report '" + kLab +
            "/iam-get-credential-report.json' --root-hardware-mfa");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  // A snapshot whose root user signs in with a phone.
  std::string dir = ::testing::TempDir() + "/root_virtual_mfa";
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(kLab + "/iam-get-credential-report.json",
                             dir + "/iam-get-credential-report.json",
                             std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir + "/mfa.json") << R"({"VirtualMFADevices": [
      {"SerialNumber": "arn:aws:iam::111122223333:mfa/root-account-mfa-device",
       "User": {"Arn": "arn:aws:iam::111122223333:root", "UserId": "111122223333"}}]})";
  r = Vouch("credentials --snapshot '" + dir + "' --root-hardware-mfa --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["claims"][0]["claim"], "root-hardware-mfa");
  EXPECT_EQ(j["claims"][0]["verdict"], "violated");
  EXPECT_EQ(j["claims"][0]["violations"][0]["reason"],
            "the root user's MFA device arn:aws:iam::111122223333:mfa/root-account-mfa-device is "
            "virtual");
  EXPECT_EQ(j["claims"][0]["violations"][0]["at"], dir + "/mfa.json: /VirtualMFADevices/0");
}

TEST(CliCredentialsTest, CisAsksEveryClaimAtTheBenchmarksAges) {
  Result r = Vouch("credentials --snapshot '" + kLab + "' --cis --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  std::vector<std::string> claims, verdicts;
  for (const auto& c : j["claims"]) {
    claims.push_back(c["claim"]);
    verdicts.push_back(c["verdict"]);
  }
  EXPECT_EQ(claims,
            (std::vector<std::string>{"mfa", "root-keys", "root-hardware-mfa", "key-age", "unused",
                                      "one-key", "groups-only", "no-full-admin"}));
  // The lab's customer managed policies (app-data-access, app-boundary) allow no `*` on `*`.
  EXPECT_EQ(verdicts, (std::vector<std::string>{"violated", "holds", "holds", "violated", "holds",
                                                "holds", "violated", "holds"}));
  EXPECT_EQ(j["claims"][3]["maxDays"], 90);
  EXPECT_EQ(j["claims"][4]["maxDays"], 45);
  // An age given keeps its value: both keys are under 400 days old.
  r = Vouch("credentials --snapshot '" + kLab + "' --cis --max-key-age 400 --format json");
  j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["claims"][3]["maxDays"], 400);
  EXPECT_EQ(j["claims"][3]["verdict"], "holds");
  // The report alone: groups-only and root-hardware-mfa cannot be told, admin-1's MFA still
  // violates.
  r = Vouch("credentials --report '" + kLab + "/iam-get-credential-report.json' --cis");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "    unknown: every user: its policies are in the account's IAM export (`aws iam "
      "get-account-authorization-details`), which was not given (at "))
      << r.out;
  std::string csv = WriteReport("cis.csv", "");
  r = Vouch("credentials --report '" + csv + "' --cis");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out,
            "vouch: --cis needs --now: this report carries no time of its own (a CSV has "
            "none)\n");
}

TEST(CliCredentialsTest, NoFullAdminLocatesTheStatementAndWhoHoldsThePolicy) {
  // The lab with app-data-access (attached to app-server) widened to `*` on `*`.
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "lab_full_admin";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(kLab, dir, std::filesystem::copy_options::recursive);
  const std::filesystem::path file = dir / "iam-get-account-authorization-details.json";
  nlohmann::json j = nlohmann::json::parse(std::ifstream(file));
  std::string at;
  for (size_t i = 0; i < j["Policies"].size(); ++i) {
    nlohmann::json& p = j["Policies"][i];
    if (p["PolicyName"] != "app-data-access") continue;
    for (size_t v = 0; v < p["PolicyVersionList"].size(); ++v) {
      nlohmann::json& version = p["PolicyVersionList"][v];
      if (!version["IsDefaultVersion"].get<bool>()) continue;
      version["Document"]["Statement"][0]["Action"] = "*";
      version["Document"]["Statement"][0]["Resource"] = "*";
      at = "/Policies/" + std::to_string(i) + "/PolicyVersionList/" + std::to_string(v) +
           "/Document/Statement/0";
    }
  }
  ASSERT_FALSE(at.empty());
  std::ofstream(file) << j.dump();
  Result r = Vouch("credentials --snapshot '" + dir.string() + "' --no-full-admin");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "  no-full-admin (no attached customer managed policy allows `*` on `*`): violated\n"
      "    app-data-access: statement 0 allows `*` on `*`, and the policy is attached to "
      "role app-server (at " +
          file.string() + ": " + at + ")\n"))
      << r.out;
  r = Vouch("credentials --snapshot '" + kLab + "' --no-full-admin");
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(CliCredentialsTest, BadInputIsOneLineAndExitTwo) {
  std::string path = WriteReport("bad.csv", "ci,arn:aws:iam::111122223333:user/ci\n");
  Result r = Vouch("credentials --report '" + path + "'");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "vouch: " + path + ": line 2: expected 22 fields, as in the header, got 2\n");
  r = Vouch("credentials --report '" + path + "' --now yesterday");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out,
            "vouch: --now: expected an ISO 8601 time (`2026-11-27T10:00:00Z`), got `yesterday`\n");
  r = Vouch("credentials");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "vouch: give --snapshot DIR, --report FILE or both\n");
  r = Vouch("credentials --snapshot '" + kLab + "/aws_configs'");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "vouch: " + kLab +
                       "/aws_configs: no IAM credential report found (expected the output of `aws "
                       "iam get-credential-report` among its JSON files; or give one with "
                       "--report)\n");
}

}  // namespace
