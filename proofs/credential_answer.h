// Rendering `vouch credentials` answers: each user's sign-in credentials as the IAM credential
// report gives them (the users the claims are about, with their groups when the account's IAM
// export is given), and the verdict of each credential claim with the users and keys that
// violate it, each located by the report line that says so.
//
//   text   user-1 (arn:aws:iam::111122223333:user/user-1), line 3
//            groups: USER1GROUP
//            console password: enabled, last used 2026-11-26T14:03:27Z
//            MFA: active
//            access key 1: active, rotated 2026-03-02T09:45:30Z (270 days before ...), ...
//          claims (checked at 2026-11-27T10:00:00Z):
//            mfa (every console user, and the root user, has MFA active): violated
//              admin-1: console password without MFA (at lab/report.json: /Content: line 4)
//   json   {"report":{...},"checkedAt":..,"users":[...],"claims":[{"claim":"mfa",
//           "verdict":"violated","violations":[{"user":"admin-1",...}],"unknowns":[]}]}
#ifndef VOUCH_PROOFS_CREDENTIAL_ANSWER_H_
#define VOUCH_PROOFS_CREDENTIAL_ANSWER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "engine/eval/credential_checks.h"
#include "models/iam/account.h"
#include "models/iam/credential_report.h"
#include "proofs/claim_formats.h"
#include "proofs/verdict.h"

namespace vouch::proofs {

struct CredentialAnswer {
  const iam::CredentialReport* report = nullptr;
  const iam::Account* account = nullptr;  // the IAM export, when given: each user's groups
  std::optional<absl::Time> checked_at;  // when claims were checked (key ages count to it)
  iam::CredentialClaims claims;
  std::vector<iam::CredentialClaimResult> results;
};

// A claim's verdict: violated if any row violates it, else unknown if the report does not tell
// for some row, else holds.
Verdict CredentialVerdict(const iam::CredentialClaimResult& result);

// The verdict of all the claims together: the worst (violated, then unknown); holds with none.
Verdict OverallCredentialVerdict(const CredentialAnswer& answer);

// The claims for --format junit and sarif (claim_formats.h).
std::vector<ClaimOutcome> CredentialOutcomes(const CredentialAnswer& answer);

std::string RenderCredentialText(const CredentialAnswer& answer);
std::string RenderCredentialJson(const CredentialAnswer& answer);  // one JSON object, indented

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_CREDENTIAL_ANSWER_H_
