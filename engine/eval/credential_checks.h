// Claims about an account's sign-in credentials, checked against its IAM credential report
// (models/iam/credential_report.h): what auditors look up user by user in the IAM console.
//
//   - MFA: every user who can sign in to the console (a password enabled) has an MFA device
//     active, and so does the root user (AWS's first security best practice for it);
//   - key age: every active access key was created or last rotated at most a given number of
//     days before the time the claim is checked at (the report's own time, as a rule).
//
// Each claim holds, is violated (each violating user and key named, with the report line that
// says so), or is unknown where the report does not tell (an active key with no rotation time).
#ifndef VOUCH_ENGINE_EVAL_CREDENTIAL_CHECKS_H_
#define VOUCH_ENGINE_EVAL_CREDENTIAL_CHECKS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "models/iam/credential_report.h"

namespace vouch::iam {

struct CredentialClaims {
  bool require_mfa = false;
  std::optional<int> max_key_age_days;  // at least 0
};

// Why one row breaks (or may break) a claim.
struct CredentialFinding {
  const CredentialReportRow* row = nullptr;  // into the report checked
  int key = 0;                               // 1 or 2 for key age; 0 for MFA
  std::optional<absl::Duration> key_age;     // key age: how old the key was at `now`
  std::string reason;                        // "console password without MFA", ...
};

struct CredentialClaimResult {
  std::string claim;  // "mfa" or "key-age"
  std::vector<CredentialFinding> violations;
  std::vector<CredentialFinding> unknowns;  // the report does not tell
};

// Checks each claim asked for in `claims` (MFA first, then key age) on every row of `report`,
// with key ages counted at `now`.
std::vector<CredentialClaimResult> CheckCredentials(const CredentialReport& report,
                                                    const CredentialClaims& claims, absl::Time now);

}  // namespace vouch::iam

#endif  // VOUCH_ENGINE_EVAL_CREDENTIAL_CHECKS_H_
