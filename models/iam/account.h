// An AWS account's IAM principals and managed policies, as `aws iam
// get-account-authorization-details` describes them.
//
// Plain values; frontends/aws/authorization_details.h builds them. Only the default version of
// each managed policy is kept (the one in force). Lookups by name or ARN live on Account.
#ifndef VOUCH_MODELS_IAM_ACCOUNT_H_
#define VOUCH_MODELS_IAM_ACCOUNT_H_

#include <map>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "models/iam/policy.h"

namespace vouch::iam {

struct InlinePolicy {
  std::string name;
  Policy document;

  bool operator==(const InlinePolicy&) const = default;
};

struct ManagedPolicy {
  std::string arn;
  std::string name;
  std::string default_version_id;  // "v3"
  bool aws_managed = false;        // arn:aws:iam::aws:policy/...
  Policy document;                 // the default version's document

  bool operator==(const ManagedPolicy&) const = default;
};

using Tags = std::map<std::string, std::string>;

struct User {
  std::string name;
  std::string id;  // AIDA...
  std::string arn;
  std::string path;
  std::vector<std::string> groups;  // group names
  std::vector<InlinePolicy> inline_policies;
  std::vector<std::string> managed_policy_arns;
  std::optional<std::string> permissions_boundary_arn;
  Tags tags;
  SourceRef source;

  bool operator==(const User&) const = default;
};

struct Group {
  std::string name;
  std::string id;  // AGPA...
  std::string arn;
  std::string path;
  std::vector<InlinePolicy> inline_policies;
  std::vector<std::string> managed_policy_arns;
  SourceRef source;

  bool operator==(const Group&) const = default;
};

struct Role {
  std::string name;
  std::string id;  // AROA...
  std::string arn;
  std::string path;
  std::optional<Policy> trust_policy;  // AssumeRolePolicyDocument, a resource policy
  // Set, with no trust_policy, when a what-if change leaves the trust policy known only later (a
  // Terraform plan's value known only after apply): why, naming where. A request to assume the
  // role is then unknown; every other question is answered as usual.
  std::string trust_policy_unknown;
  std::vector<InlinePolicy> inline_policies;
  std::vector<std::string> managed_policy_arns;
  std::optional<std::string> permissions_boundary_arn;
  Tags tags;
  bool service_linked = false;  // path /aws-service-role/
  SourceRef source;

  bool operator==(const Role&) const = default;
};

// The policy of one of the account's S3 buckets (`aws s3api get-bucket-policy`): the resource
// policy of S3 requests on the bucket and on its objects.
struct BucketPolicy {
  std::string bucket;  // its name
  Policy policy;

  bool operator==(const BucketPolicy&) const = default;
};

struct Account {
  std::string account_id;  // "111122223333"; from the principals' ARNs
  std::vector<User> users;
  std::vector<Group> groups;
  std::vector<Role> roles;
  std::vector<ManagedPolicy> policies;
  std::vector<BucketPolicy> bucket_policies;  // those a snapshot holds

  bool operator==(const Account&) const = default;

  // Lookups; nullptr when absent. Names compare exactly (IAM names are case-insensitive for
  // uniqueness but case-preserving; users type them as shown).
  const User* FindUser(absl::string_view name_or_arn) const;
  const Group* FindGroup(absl::string_view name_or_arn) const;
  const Role* FindRole(absl::string_view name_or_arn) const;
  const ManagedPolicy* FindPolicy(absl::string_view arn) const;
  const BucketPolicy* FindBucketPolicy(absl::string_view bucket) const;
};

}  // namespace vouch::iam

#endif  // VOUCH_MODELS_IAM_ACCOUNT_H_
