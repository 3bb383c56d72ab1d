// The policies IAM applies to a principal of an account (see account_policies.h).
#include "engine/eval/account_policies.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "models/base/status_macros.h"

namespace vouch::iam {
namespace {

absl::Status AddManaged(const Account& account, const std::vector<std::string>& arns,
                        CompileCache& cache, std::vector<AppliedPolicy>& out) {
  for (const std::string& arn : arns) {
    const ManagedPolicy* p = account.FindPolicy(arn);
    if (p == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("managed policy `", arn, "` is not in the snapshot"));
    }
    VOUCH_RETURN_IF_ERROR(AddApplied(
        p->document, PolicyType::kIdentity,
        p->aws_managed ? PolicyOrigin::kAwsManaged : PolicyOrigin::kUserManaged, cache, out));
  }
  return absl::OkStatus();
}

absl::Status AddInline(const std::vector<InlinePolicy>& policies, PolicyOrigin origin,
                       CompileCache& cache, std::vector<AppliedPolicy>& out) {
  for (const InlinePolicy& p : policies) {
    VOUCH_RETURN_IF_ERROR(AddApplied(p.document, PolicyType::kIdentity, origin, cache, out));
  }
  return absl::OkStatus();
}

absl::Status AddBoundary(const Account& account, const std::optional<std::string>& arn,
                         CompileCache& cache, PolicySet& set) {
  if (!arn) return absl::OkStatus();
  const ManagedPolicy* p = account.FindPolicy(*arn);
  if (p == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("permissions boundary `", *arn, "` is not in the snapshot"));
  }
  return AddApplied(p->document, PolicyType::kPermissionBoundary, PolicyOrigin::kNone, cache,
                    set.permission_boundaries);
}

}  // namespace

absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompileCache::Get(const Policy& policy,
                                                                        PolicyType type) {
  auto key = std::make_pair(&policy, type);
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second;
  VOUCH_ASSIGN_OR_RETURN(std::shared_ptr<const CompiledPolicy> compiled,
                         CompilePolicy(policy, type));
  cache_.emplace(key, compiled);
  return compiled;
}

absl::Status AddApplied(const Policy& policy, PolicyType type, PolicyOrigin origin,
                        CompileCache& cache, std::vector<AppliedPolicy>& out) {
  VOUCH_ASSIGN_OR_RETURN(auto compiled, cache.Get(policy, type));
  out.push_back(AppliedPolicy{std::move(compiled), origin});
  return absl::OkStatus();
}

absl::Status AddPrincipalPolicies(const Account& account, const PolicySource& source,
                                  CompileCache& cache, PolicySet& set) {
  if (const User* u = source.user) {
    VOUCH_RETURN_IF_ERROR(AddInline(u->inline_policies, PolicyOrigin::kUser, cache, set.identity));
    VOUCH_RETURN_IF_ERROR(AddManaged(account, u->managed_policy_arns, cache, set.identity));
    for (const std::string& name : u->groups) {
      const Group* g = account.FindGroup(name);
      if (g == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("group `", name, "` is not in the snapshot"));
      }
      VOUCH_RETURN_IF_ERROR(
          AddInline(g->inline_policies, PolicyOrigin::kGroup, cache, set.identity));
      VOUCH_RETURN_IF_ERROR(AddManaged(account, g->managed_policy_arns, cache, set.identity));
    }
    return AddBoundary(account, u->permissions_boundary_arn, cache, set);
  }
  if (const Role* r = source.role) {
    VOUCH_RETURN_IF_ERROR(AddInline(r->inline_policies, PolicyOrigin::kRole, cache, set.identity));
    VOUCH_RETURN_IF_ERROR(AddManaged(account, r->managed_policy_arns, cache, set.identity));
    return AddBoundary(account, r->permissions_boundary_arn, cache, set);
  }
  if (const Group* g = source.group) {
    VOUCH_RETURN_IF_ERROR(AddInline(g->inline_policies, PolicyOrigin::kGroup, cache, set.identity));
    return AddManaged(account, g->managed_policy_arns, cache, set.identity);
  }
  return absl::OkStatus();
}

bool AssumesRole(absl::string_view action) {
  return absl::StartsWithIgnoreCase(action, "sts:AssumeRole");
}

const Role* RoleToAssume(const Account& account, absl::string_view action,
                         absl::string_view resource) {
  if (!AssumesRole(action) || !absl::StartsWith(resource, "arn:")) return nullptr;
  const Role* role = account.FindRole(resource);
  if (role == nullptr || (!role->trust_policy && role->trust_policy_unknown.empty())) {
    return nullptr;
  }
  return role;
}

absl::StatusOr<AppliedPolicy> AsResourcePolicy(const Policy& policy, CompileCache& cache) {
  VOUCH_ASSIGN_OR_RETURN(std::shared_ptr<const CompiledPolicy> compiled,
                         cache.Get(policy, PolicyType::kResource));
  return AppliedPolicy{std::move(compiled), PolicyOrigin::kNone};
}

absl::StatusOr<AppliedPolicy> TrustPolicy(const Role& role, CompileCache& cache) {
  if (!role.trust_policy) return absl::UnimplementedError(role.trust_policy_unknown);
  return AsResourcePolicy(*role.trust_policy, cache);
}

const BucketPolicy* BucketPolicyFor(const Account& account, absl::string_view action,
                                    absl::string_view resource) {
  if (account.bucket_policies.empty() || !absl::StartsWithIgnoreCase(action, "s3:") ||
      !absl::StartsWith(resource, "arn:")) {
    return nullptr;
  }
  // arn:PARTITION:s3:::BUCKET[/KEY], in any partition.
  const size_t s3 = resource.find(':', 4);
  if (s3 == absl::string_view::npos || resource.substr(s3, 6) != ":s3:::") return nullptr;
  absl::string_view bucket = resource.substr(s3 + 6);
  bucket = bucket.substr(0, bucket.find('/'));
  return account.FindBucketPolicy(bucket);
}

absl::StatusOr<std::optional<AppliedPolicy>> AccountResourcePolicy(const Account& account,
                                                                   absl::string_view action,
                                                                   absl::string_view resource,
                                                                   CompileCache& cache) {
  if (const Role* role = RoleToAssume(account, action, resource)) {
    VOUCH_ASSIGN_OR_RETURN(AppliedPolicy trust, TrustPolicy(*role, cache));
    return std::optional<AppliedPolicy>(std::move(trust));
  }
  if (const BucketPolicy* b = BucketPolicyFor(account, action, resource)) {
    VOUCH_ASSIGN_OR_RETURN(AppliedPolicy policy, AsResourcePolicy(b->policy, cache));
    return std::optional<AppliedPolicy>(std::move(policy));
  }
  return std::optional<AppliedPolicy>();
}

}  // namespace vouch::iam
