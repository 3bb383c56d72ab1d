// Options that `vouch simulate` and `vouch who-can` share: principals of a snapshot's account
// named by name or by ARN (--principal, --only), --resource, --resource-owner and --context.
#ifndef VOUCH_FRONTENDS_CLI_IAM_OPTIONS_H_
#define VOUCH_FRONTENDS_CLI_IAM_OPTIONS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/eval/account_policies.h"
#include "models/iam/account.h"
#include "models/iam/request.h"

namespace vouch::cli {

// The user, role or group `who` (a name or an ARN) of `account`. A name that more than one kind
// holds (IAM keeps users, roles and groups apart) is refused rather than guessed; `option` (such
// as "--principal") begins that message.
absl::StatusOr<iam::PolicySource> FindPolicySource(const iam::Account& account,
                                                   const std::string& who,
                                                   absl::string_view option = "--principal");

// The account's user, role and group names for an error message: the first dozen, then "...".
std::string PrincipalNames(const iam::Account& account);

// Reads the policy file `path` into `files`, which keeps it alive (a CompileCache knows policies
// by address), and returns it.
absl::StatusOr<const iam::Policy*> ReadPolicyFileKept(
    const std::string& path, std::vector<std::unique_ptr<iam::Policy>>& files);

// --resource-owner: an account id, or its root user's ARN (as the API's ResourceOwner); the id.
absl::StatusOr<std::string> ResourceOwnerAccount(const std::string& owner);

// --resource: `*` or an ARN.
absl::Status CheckResource(const std::string& resource);

// --context KEY=TYPE:VALUE, TYPE as the AWS CLI's ContextKeyType (list types: comma-separated
// values), set in `request`.
absl::Status ParseContext(const std::string& entry, iam::Request& request);

}  // namespace vouch::cli

#endif  // VOUCH_FRONTENDS_CLI_IAM_OPTIONS_H_
