// The users, roles and groups of a snapshot's account, as commands name them (--principal,
// --only): by name or by ARN.
#ifndef VOUCH_FRONTENDS_CLI_PRINCIPALS_H_
#define VOUCH_FRONTENDS_CLI_PRINCIPALS_H_

#include <string>

#include "absl/status/statusor.h"
#include "engine/eval/account_policies.h"
#include "models/iam/account.h"

namespace vouch::cli {

// The user, role or group `who` (a name or an ARN) of `account`. A name that more than one kind
// holds (IAM keeps users, roles and groups apart) is refused rather than guessed; `option` (such
// as "--principal") begins that message.
absl::StatusOr<iam::PolicySource> FindPolicySource(const iam::Account& account,
                                                   const std::string& who,
                                                   absl::string_view option = "--principal");

// The account's user, role and group names for an error message: the first dozen, then "...".
std::string PrincipalNames(const iam::Account& account);

}  // namespace vouch::cli

#endif  // VOUCH_FRONTENDS_CLI_PRINCIPALS_H_
