// Who can do what: every user and role of an account asked the same requests, each decided by
// the concrete evaluator with that principal's policies (account_policies.h).
//
//   WhoCanQuery q{.actions = {"iam:DeleteGroup"}, .resources = {"*"}};
//   absl::StatusOr<WhoCanAnswer> a = WhoCan(account, q, cache);
//   for (const PrincipalAnswer& p : a->principals) if (p.standing == Standing::kAllowed) ...
//
// Each principal calls as itself: a user as its user ARN, a role as its role ARN (as `vouch
// simulate --principal` and AWS's simulator do), with the principal keys filled from the
// account (aws:username, aws:userid, aws:PrincipalArn, ...), and aws:PrincipalTag/KEY from the
// principal's tags, as AWS sets them for IAM users and roles. Groups do not call: their
// members do. Those keys are facts of the principal: the search over the keys the context
// lacks leaves them as they are (a principal without a tag does not get one; session tags are
// not considered).
#ifndef VOUCH_ENGINE_EVAL_WHO_CAN_H_
#define VOUCH_ENGINE_EVAL_WHO_CAN_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/eval/account_policies.h"
#include "engine/eval/iam_evaluator.h"
#include "models/iam/account.h"
#include "models/iam/request.h"

namespace vouch::iam {

struct WhoCanQuery {
  std::vector<std::string> actions;    // actions, not patterns
  std::vector<std::string> resources;  // ARNs or "*"
  Request context{};                   // the context entries given; the rest of it is ignored
  std::string resource_account{};      // "" = the principal's own account
  // Policies every principal's requests meet beside its own: SCP levels and a resource policy
  // (its identity, boundary and session lists are ignored).
  PolicySet shared{};
  // Per resource (empty, or parallel to `resources`): the resource's own policy, in place of
  // shared.resource_policy for the requests on it (each role's trust policy, when asking who
  // can assume several roles).
  std::vector<std::optional<AppliedPolicy>> resource_policies{};

  // The policies a request on resources[r] meets beside the principal's own: `set` (the
  // principal's, with the shared ones), or, when resources[r] has a policy of its own, a copy
  // of it in `scratch` with that policy as the resource's.
  const PolicySet& SetFor(size_t r, const PolicySet& set, PolicySet& scratch) const;
  // Every resource policy the query holds: the shared one, then each resource's.
  std::vector<const AppliedPolicy*> ResourcePolicies() const;
};

// What a principal's requests came to, over all of them. A principal not allowed with the
// context given, whose policies test keys the context lacks, is searched over those keys
// (context_search.h): the context given is kept, the keys it lacks may take any value.
enum class Standing {
  kAllowed,             // some request is allowed with the context given
  kAllowedWithContext,  // none is, but one is with values for keys the context lacks (witness)
  kDependsOnContext,    // none is, and the search could not try every value (unknown)
  kDenied,              // none is, whatever values the keys the context lacks take
};

// "allowed", "allowedWithContext", "dependsOnContext", "denied"
absl::string_view StandingName(Standing s);

// A caller outside the account that a resource policy may let in (OutsideCallers).
struct OutsideCaller {
  enum class Kind {
    kAnonymous,     // an unsigned request
    kOtherAccount,  // a principal of another account: its own policies taken to allow all
    kService,       // an AWS service principal: no policies of its own
    kFederated,     // a user of an identity provider (OIDC, SAML): no policies of its own
  };
  // "" for an anonymous caller; a service's name; an S3 canonical user id; an identity
  // provider's ARN (or name, for the web identity providers AWS names: `accounts.google.com`)
  std::string arn;
  std::string name;  // "an anonymous caller", "a caller of another account", the ARN, "the
                     // canonical user 79a5...", "the AWS service cloudtrail.amazonaws.com", or
                     // "a user federated by
                     // arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
  Kind kind = Kind::kOtherAccount;
};

// The callers outside `owner` (an account id) that the resource policy `policy` may let in: an
// anonymous caller, a user of another account, each principal of another account it names (an
// account as its root user), each AWS service it names, and a user of each identity provider it
// names (`Federated`: a role's trust policy lets them assume it with
// sts:AssumeRoleWithWebIdentity or AssumeRoleWithSAML). A principal of another account calls
// with identity policies taken to allow everything (the other account's own, which vouch does not
// see), so the resource policy alone decides, as it does for an anonymous caller, a service and a
// federated user, which have none. An S3 canonical user id it names is asked as another
// account's principal.
std::vector<OutsideCaller> OutsideCallers(const Policy& policy, const std::string& owner);

// The identity policies an outside caller (but an anonymous one) calls with: one Allow of `*` on
// `*`, named "its own account's policies (taken to allow everything)". Compiled once.
const std::shared_ptr<const CompiledPolicy>& OutsideCallerPolicies();

struct PrincipalAnswer {
  const User* user = nullptr;  // one of the three
  const Role* role = nullptr;
  std::optional<OutsideCaller> outside;
  // One per request, action-major: results[a * resources + r].
  std::vector<EvaluationResult> results;
  Standing standing = Standing::kDenied;
  // The search over the keys the context lacks, for the requests whose policies test them.
  size_t searched = 0;        // requests searched
  size_t contexts_tried = 0;  // over all of them
  size_t witness_index = 0;   // kAllowedWithContext: the request (into results) ...
  Request witness;            // ... with the context that allows it
  std::vector<ContextValue> witness_filled;  // the values it gave the keys the context lacked
  EvaluationResult witness_result;
  std::string unknown_why;  // kDependsOnContext: why the search was incomplete

  const std::string& name() const {
    return user != nullptr ? user->name : role != nullptr ? role->name : outside->name;
  }
  const std::string& arn() const {
    return user != nullptr ? user->arn : role != nullptr ? role->arn : outside->arn;
  }
  // "user", "role", "service" (an AWS service outside the account), "federated" (a user of an
  // identity provider) or "outside" (another caller outside it).
  absl::string_view kind() const {
    if (user != nullptr) return "user";
    if (role != nullptr) return "role";
    switch (outside->kind) {
      case OutsideCaller::Kind::kService:
        return "service";
      case OutsideCaller::Kind::kFederated:
        return "federated";
      default:
        return "outside";
    }
  }
};

struct WhoCanAnswer {
  // The account's users, then its roles, in its order; then, when the query has resource
  // policies (shared, or its resources' own), the callers outside the account they may let in
  // (OutsideCallers), each once, which the query's SCPs do not bind (they are another
  // organization's to set) and its RCPs do.
  std::vector<PrincipalAnswer> principals;
};

// Decides every request for every user and role of `account`, and for the callers outside it
// that the query's resource policy may let in. Errors: a policy of the account or of
// `query.shared` that does not compile (InvalidArgument, located).
absl::StatusOr<WhoCanAnswer> WhoCan(const Account& account, const WhoCanQuery& query,
                                    CompileCache& cache);

}  // namespace vouch::iam

#endif  // VOUCH_ENGINE_EVAL_WHO_CAN_H_
