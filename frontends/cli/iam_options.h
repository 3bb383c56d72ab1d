// Options that `vouch simulate` and `vouch who-can` share: the account they answer about
// (--snapshot, with --terraform-plan's changes applied), principals of it named by name or by ARN
// (--principal, --only), --resource, --resource-owner and --context.
#ifndef VOUCH_FRONTENDS_CLI_IAM_OPTIONS_H_
#define VOUCH_FRONTENDS_CLI_IAM_OPTIONS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/eval/account_policies.h"
#include "frontends/aws/snapshot.h"
#include "models/iam/account.h"
#include "models/iam/action_catalog.h"
#include "models/iam/request.h"

namespace vouch::cli {

// Where the account of an IAM command comes from.
struct AccountOptions {
  std::string snapshot;        // --snapshot: a folder of AWS CLI outputs ("": none)
  std::string terraform_plan;  // --terraform-plan: `terraform show -json` output ("": none)
  std::string account_id;      // --account-id: for the ARNs the plan creates ("": from them)
};

// The snapshot of --snapshot (an empty one without it) with --terraform-plan's changes applied
// to its account (frontends/terraform/plan.h). Without a plan, a snapshot holding no IAM export
// is an error ("<path>: no IAM export found ..."). Errors: LoadSnapshot's and ApplyPlanFile's;
// InvalidArgument for a bad --account-id or one given without --terraform-plan.
absl::StatusOr<aws::Snapshot> LoadAccount(const AccountOptions& options);

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

// A note for a request of `action` on `resource` that AWS would never make, since `resource` is
// not of a type the action acts on (none of its types' ARN templates holds it), or the action
// acts on no resource type and AWS authorizes it against `*` only. The answer is still the one
// for the request as given (AWS's simulator, too, evaluates what it is given), but a mistyped
// ARN or a resource of the wrong kind makes it an answer to a question no one will ask:
//   "`arn:aws:iam::111122223333:user/bob` is not a resource iam:DeleteGroup acts on (group:
//    arn:${Partition}:iam::${Account}:group/${GroupNameWithPath}); the answer is for the
//    request as given"
// nullopt when `resource` is of such a type, or is `*` or a pattern (holding `*` or `?`).
std::optional<std::string> ResourceTypeNote(const iam::CatalogAction& action,
                                            absl::string_view resource);

// A note for a request to assume a role (sts:AssumeRole*) on a resource that names no role of
// `account`, such as `*`: its answer is the identity policies' alone, while AWS asks the role's
// trust policy too.
//   "sts:AssumeRole on `*` is decided here by the identity policies alone, as it names no role
//    of the snapshot with a trust policy; AWS asks the role's trust policy too"
// nullopt for another action, or a role of the account (its trust policy is asked).
std::optional<std::string> TrustPolicyNote(const iam::Account& account, absl::string_view action,
                                           absl::string_view resource);

// --context KEY=TYPE:VALUE, TYPE as the AWS CLI's ContextKeyType (list types: comma-separated
// values), set in `request`.
absl::Status ParseContext(const std::string& entry, iam::Request& request);

}  // namespace vouch::cli

#endif  // VOUCH_FRONTENDS_CLI_IAM_OPTIONS_H_
