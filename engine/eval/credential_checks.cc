// Credential claims over an IAM credential report (see credential_checks.h).
#include "engine/eval/credential_checks.h"

#include "absl/strings/str_cat.h"

namespace vouch::iam {

std::vector<CredentialClaimResult> CheckCredentials(const CredentialReport& report,
                                                    const CredentialClaims& claims,
                                                    absl::Time now) {
  std::vector<CredentialClaimResult> out;
  if (claims.require_mfa) {
    CredentialClaimResult& r = out.emplace_back();
    r.claim = "mfa";
    for (const CredentialReportRow& row : report.rows) {
      if (row.mfa_active) continue;
      if (row.is_root()) {
        r.violations.push_back({&row, 0, std::nullopt, "the root user has no MFA device active"});
      } else if (row.password_enabled.value_or(false)) {
        r.violations.push_back({&row, 0, std::nullopt, "console password without MFA"});
      }
    }
  }
  if (claims.max_key_age_days) {
    CredentialClaimResult& r = out.emplace_back();
    r.claim = "key-age";
    const absl::Duration limit = absl::Hours(24) * *claims.max_key_age_days;
    for (const CredentialReportRow& row : report.rows) {
      for (int k = 0; k < 2; ++k) {
        const ReportAccessKey& key = row.access_keys[k];
        if (!key.active) continue;
        if (!key.last_rotated.time) {
          r.unknowns.push_back(
              {&row, k + 1, std::nullopt,
               absl::StrCat("active access key ", k + 1, " has no rotation time (`",
                            key.last_rotated.sentinel, "`)")});
          continue;
        }
        const absl::Duration age = now - *key.last_rotated.time;
        if (age <= limit) continue;
        r.violations.push_back(
            {&row, k + 1, age,
             absl::StrCat("active access key ", k + 1, " is older than ", *claims.max_key_age_days,
                          " days (rotated ",
                          absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", *key.last_rotated.time,
                                           absl::UTCTimeZone()),
                          ")")});
      }
    }
  }
  return out;
}

}  // namespace vouch::iam
