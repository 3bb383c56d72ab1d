// Tests for credential_checks.h, with hand-built reports and expectations derived by hand.
#include "engine/eval/credential_checks.h"

#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

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
  EXPECT_EQ(r[0].violations[0].key_age, absl::Hours(24 * 90) + absl::Seconds(1));
  EXPECT_EQ(r[0].violations[0].reason,
            "active access key 2 is older than 90 days (rotated 2026-10-17T07:59:59Z)");
  ASSERT_EQ(r[0].unknowns.size(), 1u);
  EXPECT_EQ(r[0].unknowns[0].row, &report.rows[1]);
  EXPECT_EQ(r[0].unknowns[0].reason, "active access key 2 has no rotation time (`N/A`)");
}

TEST(CredentialChecksTest, NoClaimsAskedNoResults) {
  CredentialReport report;
  report.rows = {Row("console-only", true, false)};
  EXPECT_TRUE(CheckCredentials(report, {}, kNow).empty());
}

}  // namespace
}  // namespace vouch::iam
