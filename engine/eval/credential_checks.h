// Claims about an account's sign-in credentials, checked against its IAM credential report
// (models/iam/credential_report.h): what auditors look up user by user in the IAM console, and
// the IAM checks of the CIS AWS Foundations Benchmark, in this order:
//
//   - mfa: every user who can sign in to the console (a password enabled) has an MFA device
//     active, and so does the root user;
//   - root-keys: the root user has no active access key;
//   - root-hardware-mfa: the root user's MFA device is a hardware one (CIS 1.6): MFA active in
//     the report, and no virtual MFA device of the account (`aws iam list-virtual-mfa-devices`)
//     is the root user's; unknown without that list, which alone tells the two apart;
//   - key-age: every active access key was created or last rotated at most a given number of
//     days before the time the claims are checked at (the report's own time, as a rule);
//   - unused: every enabled console password and active access key of a user (not the root
//     user, whose sign-in cannot be disabled) was used within a given number of days, or, never
//     used, was set or created within them;
//   - one-key: no user (the root user aside: root-keys is about it) has two active access keys
//     (CIS 1.13);
//   - groups-only: no user has a policy of its own, inline or attached, so every permission
//     comes through groups (CIS 1.15). It is checked on the account's IAM export, not the
//     report, and is unknown without one;
//   - no-full-admin: no customer managed policy that is attached to a user, group or role has a
//     statement that allows `*` on `*` (CIS 1.16, which reads Effect, Action and Resource as
//     written, conditions aside); on the IAM export, like groups-only.
//
// Each claim holds, is violated (each violating user and credential named, with the report line
// that says so), or is unknown where the report does not tell (an active key with no rotation
// time; a credential last used before AWS began tracking it, `no_information`; a user the report
// lacks).
#ifndef VOUCH_ENGINE_EVAL_CREDENTIAL_CHECKS_H_
#define VOUCH_ENGINE_EVAL_CREDENTIAL_CHECKS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "models/iam/account.h"
#include "models/iam/credential_report.h"

namespace vouch::iam {

struct CredentialClaims {
  bool require_mfa = false;
  bool no_root_keys = false;
  bool root_hardware_mfa = false;
  std::optional<int> max_key_age_days;  // at least 0
  std::optional<int> max_unused_days;   // at least 0
  bool one_active_key = false;
  bool groups_only = false;
  bool no_full_admin = false;
  // The users the claims are about, by name ("<root_account>" for the root user); empty: all.
  // root-keys is about the root user whatever this says.
  std::vector<std::string> users;

  // Whether the claims are about the user named `name`.
  bool About(absl::string_view name) const;
};

// Why one user breaks (or may break) a claim, and where that is said.
struct CredentialFinding {
  std::string user;  // as the report names it ("<root_account>" for the root user)
  std::string arn;
  SourceRef source;  // the report; the account's IAM export for a user the report lacks
  int line = 0;      // the report's line; 0 where no line of it says so
  const CredentialReportRow* row = nullptr;  // into the report checked; null if it has none
  int key = 0;                               // the access key, 1 or 2; 0: the password, MFA
  std::optional<absl::Duration> age;         // key-age: the key's age; unused: how long idle
  std::string reason;                        // "console password without MFA", ...
};

struct CredentialClaimResult {
  // "mfa", "root-keys", "root-hardware-mfa", "key-age", "unused", "one-key", "groups-only" or
  // "no-full-admin"
  std::string claim;
  std::vector<CredentialFinding> violations;
  std::vector<CredentialFinding> unknowns;  // the report does not tell
};

// Checks each claim asked for in `claims` (in the order above) on every row of `report`, with
// ages counted to `now`. A claim about every user cannot hold for a user the report lacks: with
// `account` (the same account's IAM export), each of its users missing from the report makes
// the mfa, key-age and unused claims unknown for that user; a report without the root user's
// row leaves mfa, root-keys and root-hardware-mfa unknown for it. `virtual_mfa` is the account's
// virtual MFA devices, when the snapshot lists them (root-hardware-mfa is unknown without).
std::vector<CredentialClaimResult> CheckCredentials(
    const CredentialReport& report, const CredentialClaims& claims, absl::Time now,
    const Account* account = nullptr, const std::vector<VirtualMfaDevice>* virtual_mfa = nullptr);

}  // namespace vouch::iam

#endif  // VOUCH_ENGINE_EVAL_CREDENTIAL_CHECKS_H_
