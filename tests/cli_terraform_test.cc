// `vouch simulate` and `vouch who-can` with --terraform-plan, end to end: the built binary on the
// lab account (examples/lab) with plans applied, checked against answers derived by hand:
//   user-1 is in USER1GROUP, which attaches ReadOnlyAccess (iam:Get*, iam:List*, no
//   iam:Delete*): iam:DeleteGroup is an implicitDeny and iam:GetUser allowed. Attaching
//   AdministratorAccess (Allow * on *) to it allows iam:DeleteGroup; taking it out of
//   USER1GROUP leaves it no policy that allows iam:GetUser.
//   examples/terraform/plan.json creates group-cleanup (iam:DeleteGroup, iam:RemoveUserFromGroup,
//   iam:ListGroups on *), whose ARN is known only after apply, and attaches it to user-1 by
//   reference; so after it, user-1 as well as admin-1 can delete groups.
#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/cli_json.h"
#include "tests/cli_run.h"

namespace {

using vouch::test::OneChange;

const std::string kSource = VOUCH_SOURCE_DIR;
const std::string kLab = kSource + "/examples/lab";
const std::string kExamplePlan = kSource + "/examples/terraform/plan.json";

using Result = vouch::test::CliResult;
using vouch::test::Vouch;

std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/vouch_cli_terraform_" + name;
  std::ofstream(path) << text;
  return path;
}

std::string Simulate(const std::string& plan, const std::string& who, const std::string& action) {
  return "simulate --snapshot '" + kLab + "' --terraform-plan '" + plan + "' --principal " + who +
         " --action " + action + " --format json";
}

nlohmann::json Answer(const Result& r) { return nlohmann::json::parse(r.out); }

TEST(CliTerraformTest, AttachingAdministratorAccessAllowsDeletingGroups) {
  Result before = Vouch("simulate --snapshot '" + kLab +
                        "' --principal user-1 --action iam:DeleteGroup --format json");
  ASSERT_EQ(before.exit_code, 0) << before.out;
  EXPECT_EQ(Answer(before)["decision"], "implicitDeny");
  std::string plan = WriteFile(
      "admin.json",
      OneChange(
          "aws_iam_user_policy_attachment", "user_1_admin", R"(["create"])", "null",
          R"({"user": "user-1", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"})",
          R"({"id": true})"));
  Result after = Vouch(Simulate(plan, "user-1", "iam:DeleteGroup"));
  ASSERT_EQ(after.exit_code, 0) << after.out;
  nlohmann::json a = Answer(after);
  EXPECT_EQ(a["decision"], "allowed");
  EXPECT_EQ(a["matchedStatements"][0]["policy"], "AdministratorAccess");
}

TEST(CliTerraformTest, DeletingTheGroupMembershipTakesAccessAway) {
  std::string plan = WriteFile(
      "membership.json",
      OneChange("aws_iam_user_group_membership", "user_1", R"(["delete"])",
                R"({"id": "terraform-20261207", "user": "user-1", "groups": ["USER1GROUP"]})",
                "null"));
  Result r = Vouch(Simulate(plan, "user-1", "iam:GetUser"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Answer(r)["decision"], "implicitDeny");
  EXPECT_EQ(Answer(r)["matchedStatements"].size(), 0u);
}

TEST(CliTerraformTest, ExamplePlanResolvesThePolicyArnAndCitesThePlan) {
  Result r = Vouch("simulate --snapshot '" + kLab + "' --terraform-plan '" + kExamplePlan +
                   "' --principal user-1 --action iam:DeleteGroup");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(
      absl::StrContains(r.out,
                        "allowed       iam:DeleteGroup on *\n"
                        "    Allow by aws_iam_policy.group_cleanup (user-managed), statement 0 "
                        "\"TidyStaleGroups\""))
      << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out, kExamplePlan + ": /resource_changes/0/change/after/policy/Statement/0"))
      << r.out;
}

TEST(CliTerraformTest, WhoCanAfterThePlanBreaksTheAdminOnlyClaim) {
  std::string query = "who-can --snapshot '" + kLab +
                      "' --action iam:DeleteGroup --only Administrators --format json";
  Result before = Vouch(query);
  EXPECT_EQ(before.exit_code, 0) << before.out;
  Result after = Vouch(query + " --terraform-plan '" + kExamplePlan + "'");
  EXPECT_EQ(after.exit_code, 1) << after.out;
  nlohmann::json j = nlohmann::json::parse(after.out);
  std::map<std::string, std::string> standing;
  for (const auto& p : j["principals"]) standing[p["name"]] = p["standing"];
  EXPECT_EQ(standing["user-1"], "allowed");
  EXPECT_EQ(standing["admin-1"], "allowed");
  EXPECT_EQ(standing["ci-deployer"], "denied");  // ReadOnlyAccess: no iam:Delete*
  EXPECT_TRUE(absl::StrContains(after.out, "aws_iam_policy.group_cleanup")) << after.out;
}

TEST(CliTerraformTest, APlanAloneStartsFromAnEmptyAccount) {
  // The example plan attaches to user-1, which only the snapshot holds.
  Result r = Vouch("who-can --terraform-plan '" + kExamplePlan + "' --action iam:DeleteGroup");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "vouch: " + kExamplePlan +
                       ": /resource_changes/0/change/after: the ARN of "
                       "`aws_iam_policy.group_cleanup` needs the account id, which neither the "
                       "snapshot nor the plan shows (give --snapshot or --account-id)\n");
  r = Vouch("who-can --terraform-plan '" + kExamplePlan +
            "' --account-id 111122223333 --action iam:DeleteGroup");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "vouch: " + kExamplePlan +
                       ": /resource_changes/2/change/after/policy_arn: "
                       "`aws_iam_role_policy_attachment.ci_read_only` names managed policy "
                       "`arn:aws:iam::aws:policy/ReadOnlyAccess`, which neither the snapshot nor "
                       "the plan holds (AWS managed policies are in the output of `aws iam "
                       "get-account-authorization-details --filter AWSManagedPolicy`)\n");
  std::string plan = WriteFile(
      "alone.json",
      OneChange(
          "aws_iam_user_policy", "ops", R"(["create"])", "null",
          R"({"name": "ops", "user": "ops", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"}]}"})"));
  r = Vouch("simulate --terraform-plan '" + plan +
            "' --account-id 111122223333 --principal ops --action iam:DeleteGroup");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "vouch: " + plan +
                       ": /resource_changes/0/change/after/user: `aws_iam_user_policy.ops` names "
                       "user `ops`, which neither the snapshot nor the plan holds\n");
}

TEST(CliTerraformTest, APlanAloneWithItsOwnUser) {
  std::string plan = WriteFile("own_user.json",
                               R"({"format_version": "1.2", "resource_changes": [
        {"address": "aws_iam_user.ops", "mode": "managed", "type": "aws_iam_user", "name": "ops",
         "change": {"actions": ["create"], "before": null, "after": {"name": "ops", "path": "/"},
                    "after_unknown": {"arn": true, "unique_id": true}}},
        {"address": "aws_iam_user_policy.ops", "mode": "managed", "type": "aws_iam_user_policy",
         "name": "ops", "change": {"actions": ["create"], "before": null, "after": {"name": "ops",
         "user": "ops", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"}]}"},
         "after_unknown": {"id": true}}}],
      "prior_state": {"format_version": "1.0", "values": {"root_module": {"resources": [
        {"address": "data.aws_caller_identity.current", "mode": "data", "type": "aws_caller_identity",
         "name": "current", "values": {"account_id": "555566667777"}}]}}}})");
  Result r =
      Vouch("who-can --terraform-plan '" + plan + "' --action iam:DeleteGroup --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["principals"].size(), 1u) << r.out;
  EXPECT_EQ(j["principals"][0]["arn"], "arn:aws:iam::555566667777:user/ops");
  EXPECT_EQ(j["principals"][0]["standing"], "allowed");
}

TEST(CliTerraformTest, AnUnknownPolicyDocumentIsAnUnknownAnswer) {
  std::string plan =
      WriteFile("unknown.json",
                OneChange("aws_iam_user_policy", "p", R"(["create"])", "null",
                          R"({"name": "p", "user": "user-1"})", R"({"id": true, "policy": true})"));
  Result r = Vouch(Simulate(plan, "user-1", "iam:DeleteGroup"));
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_EQ(r.out, "vouch: unknown: " + plan +
                       ": /resource_changes/0/change/after_unknown/policy: `policy` of "
                       "`aws_iam_user_policy.p` is known only after apply, so the planned "
                       "permissions cannot be told from the plan\n");
}

TEST(CliTerraformTest, BadPlansAndOptionsAreBadInput) {
  std::string plan = WriteFile("v2.json", R"({"format_version": "2.0", "resource_changes": []})");
  Result r = Vouch(Simulate(plan, "user-1", "iam:GetUser"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "vouch: " + plan +
                       ": /format_version: unsupported format version `2.0` (vouch reads "
                       "Terraform's JSON plan format 1.x)\n");
  r = Vouch("simulate --snapshot '" + kLab +
            "' --account-id 111122223333 --principal user-1 --action iam:GetUser");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "vouch: --account-id is for --terraform-plan: give the plan\n");
  r = Vouch("who-can --terraform-plan '" + kExamplePlan +
            "' --account-id 1111 --action iam:DeleteGroup");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "vouch: --account-id `1111`: expected a 12-digit account id\n");
  r = Vouch("who-can --action iam:DeleteGroup");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "vouch: give --snapshot, --terraform-plan or both\n");
  r = Vouch("simulate --terraform-plan '" + kExamplePlan + "' --action iam:DeleteGroup");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "vouch: --terraform-plan needs --principal (or use --cases)\n");
}

}  // namespace
