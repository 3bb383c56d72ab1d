// The policies IAM applies to a principal of an account, compiled for Evaluate: a user's inline
// and managed policies with those of its groups, a role's, or a group's, and the permissions
// boundary of a user or role.
//
//   CompileCache cache;
//   PolicySet set;
//   VOUCH_RETURN_IF_ERROR(AddPrincipalPolicies(account, {.user = &user}, cache, set));
//
// Used by `vouch simulate --principal` (one principal) and `vouch who-can` (every one).
#ifndef VOUCH_ENGINE_EVAL_ACCOUNT_POLICIES_H_
#define VOUCH_ENGINE_EVAL_ACCOUNT_POLICIES_H_

#include <memory>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "engine/eval/iam_evaluator.h"
#include "models/iam/account.h"
#include "models/iam/policy.h"

namespace vouch::iam {

// Compiles each policy once per type. Policies are known by address: the caller keeps them alive
// (the account, or the files read) as long as the cache.
class CompileCache {
 public:
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> Get(const Policy& policy, PolicyType type);

 private:
  absl::flat_hash_map<std::pair<const Policy*, PolicyType>, std::shared_ptr<const CompiledPolicy>>
      cache_;
};

// Whose policies apply: one of the three.
struct PolicySource {
  const User* user = nullptr;
  const Role* role = nullptr;
  const Group* group = nullptr;
};

// Appends `source`'s policies to `set`: identity policies with their origin (user, group, role,
// aws-managed, user-managed), and the permissions boundary. InvalidArgument when a policy or group
// it names is not in `account` (the snapshot reader refuses such accounts first).
absl::Status AddPrincipalPolicies(const Account& account, const PolicySource& source,
                                  CompileCache& cache, PolicySet& set);

// Compiles `policy` as `type` into `out`, with its origin.
absl::Status AddApplied(const Policy& policy, PolicyType type, PolicyOrigin origin,
                        CompileCache& cache, std::vector<AppliedPolicy>& out);

// `policy` compiled as the resource's policy of a request (a role's trust policy, a bucket's
// policy, a file given as the resource's). Errors: a policy that does not compile
// (InvalidArgument, located).
absl::StatusOr<AppliedPolicy> AsResourcePolicy(const Policy& policy, CompileCache& cache);

// Whether `action` asks to assume a role: sts:AssumeRole, sts:AssumeRoleWithSAML or
// sts:AssumeRoleWithWebIdentity (any case). AWS decides such a request by the role's trust
// policy, as the resource's policy, which must allow it even in the role's own account.
bool AssumesRole(absl::string_view action);

// The role of `account` that a request of `action` on `resource` (an ARN) asks to assume, when
// the account gives its trust policy or says it is unknown; nullptr for another action, a
// resource that is no role of the account, or a role without a trust policy.
const Role* RoleToAssume(const Account& account, absl::string_view action,
                         absl::string_view resource);

// The trust policy of `role` (RoleToAssume's), compiled as the resource's policy. Errors: a
// trust policy that does not compile (InvalidArgument, located); one known only later
// (Unimplemented: the role's trust_policy_unknown).
absl::StatusOr<AppliedPolicy> TrustPolicy(const Role& role, CompileCache& cache);

// The policy of the account's S3 bucket that a request of `action` on `resource` acts on: an s3:
// action on `arn:aws:s3:::BUCKET` or on an object, `arn:aws:s3:::BUCKET/KEY`, when the account
// holds that bucket's policy; nullptr otherwise.
const BucketPolicy* BucketPolicyFor(const Account& account, absl::string_view action,
                                    absl::string_view resource);

// The resource policy the account holds for a request of `action` on `resource`, compiled as
// the resource's policy: the trust policy of the role it asks to assume (RoleToAssume), or the
// policy of the bucket it acts on (BucketPolicyFor); nullopt when the account holds none. Errors:
// TrustPolicy's.
absl::StatusOr<std::optional<AppliedPolicy>> AccountResourcePolicy(const Account& account,
                                                                   absl::string_view action,
                                                                   absl::string_view resource,
                                                                   CompileCache& cache);

}  // namespace vouch::iam

#endif  // VOUCH_ENGINE_EVAL_ACCOUNT_POLICIES_H_
