// Tests for credential_checks.h, with hand-built reports and expectations derived by hand.
#include "engine/eval/credential_checks.h"

#include "absl/strings/str_cat.h"
#include "engine/eval/iam_test_util.h"
#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

using testing::Allow;
using testing::MakePolicy;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);  // 2027-01-15T08:00:00Z

CredentialReportRow Row(std::string user, std::optional<bool> password, bool mfa) {
  CredentialReportRow r;
  r.user = std::move(user);
  r.arn = "arn:aws:iam::111122223333:user/" + r.user;
  r.password_enabled = password;
  r.mfa_active = mfa;
  return r;
}

ReportAccessKey Key(bool active, std::optional<absl::Time> rotated) {
  ReportAccessKey k;
  k.active = active;
  k.last_rotated.time = rotated;
  if (!rotated) k.last_rotated.sentinel = "N/A";
  return k;
}

TEST(CredentialChecksTest, MfaIsRequiredOfConsoleUsersAndTheRootUser) {
  CredentialReport report;
  report.rows = {Row("<root_account>", std::nullopt, false),  // root without MFA: violated
                 Row("console-mfa", true, true),              // holds
                 Row("console-only", true, false),            // violated
                 Row("keys-only", false, false)};             // no console: not concerned
  CredentialClaims claims;
  claims.require_mfa = true;
  std::vector<CredentialClaimResult> r = CheckCredentials(report, claims, kNow);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].claim, "mfa");
  ASSERT_EQ(r[0].violations.size(), 2u);
  EXPECT_EQ(r[0].violations[0].row, &report.rows[0]);
  EXPECT_EQ(r[0].violations[0].reason, "the root user has no MFA device active");
  EXPECT_EQ(r[0].violations[1].row, &report.rows[2]);
  EXPECT_EQ(r[0].violations[1].reason, "console password without MFA");
  EXPECT_TRUE(r[0].unknowns.empty());
}

TEST(CredentialChecksTest, KeyAgeCountsActiveKeysOnlyWithTheLimitIncluded) {
  CredentialReport report;
  CredentialReportRow a = Row("a", false, false);
  a.access_keys[0] = Key(true, kNow - absl::Hours(24 * 90));  // exactly 90: holds
  a.access_keys[1] = Key(true, kNow - absl::Hours(24 * 90) - absl::Seconds(1));  // over: violated
  CredentialReportRow b = Row("b", false, false);
  b.access_keys[0] = Key(false, kNow - absl::Hours(24 * 400));  // inactive: not concerned
  b.access_keys[1] = Key(true, std::nullopt);                   // active, no time: unknown
  report.rows = {a, b};
  CredentialClaims claims;
  claims.max_key_age_days = 90;
  std::vector<CredentialClaimResult> r = CheckCredentials(report, claims, kNow);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].claim, "key-age");
  ASSERT_EQ(r[0].violations.size(), 1u);
  EXPECT_EQ(r[0].violations[0].row, &report.rows[0]);
  EXPECT_EQ(r[0].violations[0].key, 2);
  EXPECT_EQ(r[0].violations[0].age, absl::Hours(24 * 90) + absl::Seconds(1));
  EXPECT_EQ(r[0].violations[0].reason,
            "active access key 2 is older than 90 days (rotated 2026-10-17T07:59:59Z)");
  ASSERT_EQ(r[0].unknowns.size(), 1u);
  EXPECT_EQ(r[0].unknowns[0].row, &report.rows[1]);
  EXPECT_EQ(r[0].unknowns[0].reason, "active access key 2 has no rotation time (`N/A`)");
}

TEST(CredentialChecksTest, RootKeysAreAViolationOnlyWhenActive) {
  CredentialReport report;
  CredentialReportRow root = Row("<root_account>", std::nullopt, true);
  root.access_keys[0] = Key(false, kNow - absl::Hours(24));  // inactive: holds
  root.access_keys[1] = Key(true, kNow - absl::Hours(24));   // active: violated
  CredentialReportRow user = Row("u", true, true);
  user.access_keys[0] = Key(true, kNow);  // a user's key is not the root user's
  report.rows = {root, user};
  CredentialClaims claims;
  claims.no_root_keys = true;
  std::vector<CredentialClaimResult> r = CheckCredentials(report, claims, kNow);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].claim, "root-keys");
  ASSERT_EQ(r[0].violations.size(), 1u);
  EXPECT_EQ(r[0].violations[0].row, &report.rows[0]);
  EXPECT_EQ(r[0].violations[0].key, 2);
  EXPECT_EQ(r[0].violations[0].reason, "the root user has active access key 2");
}

TEST(CredentialChecksTest, UnusedCountsFromLastUseOrFromWhenNeverUsedCredentialsWereSet) {
  auto used = [](std::optional<absl::Time> t, std::string sentinel) {
    ReportTime r;
    r.time = t;
    if (!t) r.sentinel = std::move(sentinel);
    return r;
  };
  CredentialReport report;
  // Password used 46 days ago: violated; its key used 45 days ago exactly: holds.
  CredentialReportRow a = Row("a", true, true);
  a.password_last_used = used(kNow - absl::Hours(24 * 46), "");
  a.access_keys[0] = Key(true, kNow - absl::Hours(24 * 400));
  a.access_keys[0].last_used = used(kNow - absl::Hours(24 * 45), "");
  // Password never used, set 50 days ago: violated; key never used, created 10 days ago: holds.
  CredentialReportRow b = Row("b", true, false);
  b.password_last_used = used(std::nullopt, "N/A");
  b.password_last_changed = used(kNow - absl::Hours(24 * 50), "");
  b.access_keys[1] = Key(true, kNow - absl::Hours(24 * 10));
  b.access_keys[1].last_used = used(std::nullopt, "N/A");
  // Key last used before AWS tracked it: unknown. Inactive key, disabled password: not concerned.
  CredentialReportRow c = Row("c", false, false);
  c.password_last_used = used(kNow - absl::Hours(24 * 900), "");
  c.access_keys[0] = Key(true, kNow - absl::Hours(24 * 900));
  c.access_keys[0].last_used = used(std::nullopt, "no_information");
  c.access_keys[1] = Key(false, kNow - absl::Hours(24 * 900));
  c.access_keys[1].last_used = used(std::nullopt, "N/A");
  // The root user is not concerned: its sign-in cannot be disabled.
  CredentialReportRow root = Row("<root_account>", std::nullopt, true);
  root.password_last_used = used(kNow - absl::Hours(24 * 900), "");
  report.rows = {a, b, c, root};
  CredentialClaims claims;
  claims.max_unused_days = 45;
  std::vector<CredentialClaimResult> r = CheckCredentials(report, claims, kNow);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].claim, "unused");
  ASSERT_EQ(r[0].violations.size(), 2u);
  EXPECT_EQ(r[0].violations[0].row, &report.rows[0]);
  EXPECT_EQ(r[0].violations[0].key, 0);
  EXPECT_EQ(r[0].violations[0].age, absl::Hours(24 * 46));
  EXPECT_EQ(r[0].violations[0].reason,
            "console password unused for more than 45 days (last used 2026-11-30T08:00:00Z)");
  EXPECT_EQ(r[0].violations[1].row, &report.rows[1]);
  EXPECT_EQ(r[0].violations[1].reason,
            "console password unused for more than 45 days (never used since "
            "2026-11-26T08:00:00Z)");
  ASSERT_EQ(r[0].unknowns.size(), 1u);
  EXPECT_EQ(r[0].unknowns[0].row, &report.rows[2]);
  EXPECT_EQ(r[0].unknowns[0].key, 1);
  EXPECT_EQ(r[0].unknowns[0].reason,
            "active access key 1: the report does not tell when it was last used "
            "(`no_information`)");
}

TEST(CredentialChecksTest, UsersTheReportLacksLeaveClaimsUnknown) {
  CredentialReport report;
  report.source = SourceRef{"report.json", "/Content"};
  report.rows = {Row("a", true, true)};  // no root row, and no row for b
  report.rows[0].password_last_used.time = kNow;
  Account account;
  User a, b;
  a.name = "a";
  a.arn = report.rows[0].arn;
  b.name = "b";
  b.arn = "arn:aws:iam::111122223333:user/b";
  b.source = SourceRef{"gaad.json", "/UserDetailList/1"};
  account.users = {a, b};
  CredentialClaims claims;
  claims.require_mfa = true;
  claims.no_root_keys = true;
  claims.max_key_age_days = 90;
  claims.max_unused_days = 45;
  std::vector<CredentialClaimResult> r = CheckCredentials(report, claims, kNow, &account);
  ASSERT_EQ(r.size(), 4u);
  const std::string lacks =
      "in the account's IAM export but not in the credential report (made before the user was?)";
  // mfa: the root user and b are unknown.
  ASSERT_EQ(r[0].unknowns.size(), 2u);
  EXPECT_EQ(r[0].unknowns[0].user, "<root_account>");
  EXPECT_EQ(r[0].unknowns[0].reason, "the credential report has no row for the root user");
  EXPECT_EQ(r[0].unknowns[0].source, report.source);
  EXPECT_EQ(r[0].unknowns[1].user, "b");
  EXPECT_EQ(r[0].unknowns[1].reason, lacks);
  EXPECT_EQ(r[0].unknowns[1].source, b.source);
  EXPECT_EQ(r[0].unknowns[1].line, 0);
  EXPECT_EQ(r[0].unknowns[1].row, nullptr);
  // root-keys: the root user only; key-age and unused: b only.
  ASSERT_EQ(r[1].unknowns.size(), 1u);
  EXPECT_EQ(r[1].unknowns[0].user, "<root_account>");
  for (int i : {2, 3}) {
    ASSERT_EQ(r[i].unknowns.size(), 1u) << r[i].claim;
    EXPECT_EQ(r[i].unknowns[0].user, "b");
  }
  for (const CredentialClaimResult& c : r) EXPECT_TRUE(c.violations.empty()) << c.claim;
  // Without the account, only the missing root row is noticed.
  r = CheckCredentials(report, claims, kNow);
  EXPECT_EQ(r[0].unknowns.size(), 1u);
  EXPECT_TRUE(r[2].unknowns.empty());
}

TEST(CredentialChecksTest, ClaimsAboutNamedUsersLeaveTheOthersOut) {
  CredentialReport report;
  CredentialReportRow root = Row("<root_account>", std::nullopt, false);  // no MFA
  root.access_keys[0] = Key(true, kNow);
  report.rows = {root, Row("a", true, false), Row("b", true, true)};
  CredentialClaims claims;
  claims.require_mfa = true;
  claims.no_root_keys = true;
  claims.users = {"b", "c"};  // c: in the account only
  Account account;
  User c;
  c.name = "c";
  c.arn = "arn:aws:iam::111122223333:user/c";
  account.users = {c};
  std::vector<CredentialClaimResult> r = CheckCredentials(report, claims, kNow, &account);
  ASSERT_EQ(r.size(), 2u);
  // mfa: neither the root user's nor a's missing MFA counts; c is unknown.
  EXPECT_TRUE(r[0].violations.empty());
  ASSERT_EQ(r[0].unknowns.size(), 1u);
  EXPECT_EQ(r[0].unknowns[0].user, "c");
  // root-keys is about the root user whoever the others are about.
  ASSERT_EQ(r[1].violations.size(), 1u);
  EXPECT_EQ(r[1].violations[0].user, "<root_account>");
  // Naming the root user brings its MFA in.
  claims.users = {"<root_account>"};
  r = CheckCredentials(report, claims, kNow, &account);
  ASSERT_EQ(r[0].violations.size(), 1u);
  EXPECT_EQ(r[0].violations[0].reason, "the root user has no MFA device active");
}

TEST(CredentialChecksTest, RootHardwareMfaNeedsTheVirtualDevicesToTellThemApart) {
  CredentialReport report;
  report.rows = {Row("<root_account>", std::nullopt, true), Row("u", true, true)};
  CredentialClaims claims;
  claims.root_hardware_mfa = true;
  // Without the list of virtual devices: unknown.
  std::vector<CredentialClaimResult> r = CheckCredentials(report, claims, kNow);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].claim, "root-hardware-mfa");
  EXPECT_TRUE(r[0].violations.empty());
  ASSERT_EQ(r[0].unknowns.size(), 1u);
  EXPECT_EQ(r[0].unknowns[0].row, &report.rows[0]);
  // The users' virtual devices only: holds.
  VirtualMfaDevice user_device{"arn:aws:iam::111122223333:mfa/u",
                               "arn:aws:iam::111122223333:user/u",
                               {"mfa.json", "/VirtualMFADevices/0"}};
  std::vector<VirtualMfaDevice> devices = {user_device};
  r = CheckCredentials(report, claims, kNow, nullptr, &devices);
  EXPECT_TRUE(r[0].violations.empty());
  EXPECT_TRUE(r[0].unknowns.empty());
  // One assigned to the root user: violated, located at the device.
  devices.push_back({"arn:aws:iam::111122223333:mfa/phone",
                     "arn:aws:iam::111122223333:root",
                     {"mfa.json", "/VirtualMFADevices/1"}});
  r = CheckCredentials(report, claims, kNow, nullptr, &devices);
  ASSERT_EQ(r[0].violations.size(), 1u);
  EXPECT_EQ(r[0].violations[0].reason,
            "the root user's MFA device arn:aws:iam::111122223333:mfa/phone is virtual");
  EXPECT_EQ(r[0].violations[0].source.pointer, "/VirtualMFADevices/1");
  // No MFA at all: violated whatever the list says; no root row: unknown.
  report.rows[0].mfa_active = false;
  r = CheckCredentials(report, claims, kNow, nullptr, &devices);
  ASSERT_EQ(r[0].violations.size(), 1u);
  EXPECT_EQ(r[0].violations[0].reason, "the root user has no MFA device active");
  report.rows.erase(report.rows.begin());
  r = CheckCredentials(report, claims, kNow, nullptr, &devices);
  EXPECT_TRUE(r[0].violations.empty());
  ASSERT_EQ(r[0].unknowns.size(), 1u);
  EXPECT_EQ(r[0].unknowns[0].reason, "the credential report has no row for the root user");
}

TEST(CredentialChecksTest, OneKeyIsViolatedByTwoActiveKeysOfAUser) {
  CredentialReport report;
  CredentialReportRow root = Row("<root_account>", std::nullopt, true);
  root.access_keys = {Key(true, kNow), Key(true, kNow)};  // root-keys is about the root user
  CredentialReportRow two = Row("two", false, false);
  two.access_keys = {Key(true, kNow), Key(true, kNow)};  // violated
  CredentialReportRow rotating = Row("rotating", false, false);
  rotating.access_keys = {Key(false, kNow), Key(true, kNow)};  // one active: holds
  report.rows = {root, two, rotating};
  CredentialClaims claims;
  claims.one_active_key = true;
  std::vector<CredentialClaimResult> r = CheckCredentials(report, claims, kNow);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].claim, "one-key");
  ASSERT_EQ(r[0].violations.size(), 1u);
  EXPECT_EQ(r[0].violations[0].row, &report.rows[1]);
  EXPECT_EQ(r[0].violations[0].reason, "two active access keys");
  EXPECT_TRUE(r[0].unknowns.empty());
}

TEST(CredentialChecksTest, GroupsOnlyNamesEachPolicyAUserHoldsOfItsOwn) {
  Account account;
  User grouped;
  grouped.name = "grouped";
  grouped.groups = {"readers"};
  User own;
  own.name = "own";
  own.source = {"export.json", "/UserDetailList/1"};
  InlinePolicy inline_policy;
  inline_policy.name = "keys";
  inline_policy.document.source = {"export.json", "/UserDetailList/1/UserPolicyList/0"};
  own.inline_policies = {inline_policy};
  own.managed_policy_arns = {"arn:aws:iam::aws:policy/ReadOnlyAccess"};
  account.users = {grouped, own};
  CredentialReport report;
  CredentialClaims claims;
  claims.groups_only = true;
  std::vector<CredentialClaimResult> r = CheckCredentials(report, claims, kNow, &account);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].claim, "groups-only");
  ASSERT_EQ(r[0].violations.size(), 2u);
  EXPECT_EQ(r[0].violations[0].user, "own");
  EXPECT_EQ(r[0].violations[0].reason, "inline policy `keys` of its own, not through a group");
  EXPECT_EQ(r[0].violations[0].source.pointer, "/UserDetailList/1/UserPolicyList/0");
  EXPECT_EQ(r[0].violations[1].reason,
            "managed policy arn:aws:iam::aws:policy/ReadOnlyAccess attached to it, not to a group");
  EXPECT_EQ(r[0].violations[1].source.pointer, "/UserDetailList/1/AttachedManagedPolicies/0");
  // About the other user only: holds.
  claims.users = {"grouped"};
  r = CheckCredentials(report, claims, kNow, &account);
  EXPECT_TRUE(r[0].violations.empty());
  EXPECT_TRUE(r[0].unknowns.empty());
  // Without the export, nothing tells.
  r = CheckCredentials(report, claims, kNow);
  EXPECT_TRUE(r[0].violations.empty());
  ASSERT_EQ(r[0].unknowns.size(), 1u);
  EXPECT_EQ(r[0].unknowns[0].user, "every user");
}

TEST(CredentialChecksTest, NoFullAdminNamesEachAttachedCustomerPolicyAllowingEverything) {
  auto managed = [](std::string name, bool aws, std::vector<Statement> statements) {
    ManagedPolicy p;
    p.name = name;
    p.arn = absl::StrCat("arn:aws:iam::", aws ? "aws" : "111122223333", ":policy/", name);
    p.aws_managed = aws;
    p.document = MakePolicy(name, std::move(statements));
    return p;
  };
  Statement scoped = Allow({"*"}, {"arn:aws:s3:::data/*"});
  Statement not_action = Allow({"iam:*"});
  not_action.not_action = true;
  Account account;
  account.policies = {managed("everything", false, {scoped, Allow({"*:*"})}),  // violated
                      managed("spare", false, {Allow({"*"})}),                 // attached to no one
                      managed("AdministratorAccess", true, {Allow({"*"})}),    // AWS's own
                      managed("almost", false, {scoped, not_action})};         // neither is `*`
  Group ops;
  ops.name = "ops";
  ops.managed_policy_arns = {account.policies[0].arn, account.policies[3].arn};
  Role deploy;
  deploy.name = "deploy";
  deploy.managed_policy_arns = {account.policies[0].arn};
  User admin;
  admin.name = "admin";
  admin.managed_policy_arns = {account.policies[2].arn};
  account.groups = {ops};
  account.roles = {deploy};
  account.users = {admin};
  CredentialReport report;
  CredentialClaims claims;
  claims.no_full_admin = true;
  std::vector<CredentialClaimResult> r = CheckCredentials(report, claims, kNow, &account);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].claim, "no-full-admin");
  ASSERT_EQ(r[0].violations.size(), 1u);
  EXPECT_EQ(r[0].violations[0].user, "everything");
  EXPECT_EQ(r[0].violations[0].arn, "arn:aws:iam::111122223333:policy/everything");
  EXPECT_EQ(r[0].violations[0].reason,
            "statement 1 allows `*` on `*`, and the policy is attached to group ops, role deploy");
  EXPECT_TRUE(r[0].unknowns.empty());
  // Without the export: unknown.
  r = CheckCredentials(report, claims, kNow);
  EXPECT_TRUE(r[0].violations.empty());
  ASSERT_EQ(r[0].unknowns.size(), 1u);
}

TEST(CredentialChecksTest, NoClaimsAskedNoResults) {
  CredentialReport report;
  report.rows = {Row("console-only", true, false)};
  EXPECT_TRUE(CheckCredentials(report, {}, kNow).empty());
}

}  // namespace
}  // namespace vouch::iam
