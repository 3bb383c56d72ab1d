// IAM policy documents as plain values: Policy -> Statement -> Condition.
//
// This is the AWS grammar after parsing (frontends/aws/policy_document.h builds it) and before
// compilation (engine/eval compiles it for fast evaluation). Scalars that AWS lets users write
// as a string or an array are always vectors here; condition values are kept as the strings
// AWS compares (JSON numbers and booleans in their string form). Nothing is interpreted yet:
// wildcards and `${...}` variables are still text.
#ifndef VOUCH_MODELS_IAM_POLICY_H_
#define VOUCH_MODELS_IAM_POLICY_H_

#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "models/base/source_ref.h"

namespace vouch::iam {

enum class Effect { kAllow, kDeny };

// A missing Version means 2008-10-17, under which `${...}` is literal text.
enum class PolicyVersion { k2008_10_17, k2012_10_17 };

// Where a policy sits in AWS's evaluation logic.
enum class PolicyType { kIdentity, kResource, kScp, kRcp, kPermissionBoundary, kSession };

// The simulator's SourcePolicyType for identity policies: who the policy is attached to, or
// who manages it.
enum class PolicyOrigin { kNone, kUser, kGroup, kRole, kAwsManaged, kUserManaged };

// The base condition operators; IfExists and ForAllValues/ForAnyValue are separate flags.
enum class ConditionOperatorKind {
  kStringEquals, kStringNotEquals, kStringEqualsIgnoreCase, kStringNotEqualsIgnoreCase,
  kStringLike, kStringNotLike,
  kNumericEquals, kNumericNotEquals, kNumericLessThan, kNumericLessThanEquals,
  kNumericGreaterThan, kNumericGreaterThanEquals,
  kDateEquals, kDateNotEquals, kDateLessThan, kDateLessThanEquals, kDateGreaterThan,
  kDateGreaterThanEquals,
  kBool, kBinaryEquals, kIpAddress, kNotIpAddress,
  kArnEquals, kArnLike, kArnNotEquals, kArnNotLike,
  kNull,
};

enum class SetOperator { kNone, kForAllValues, kForAnyValue };

struct ConditionOperator {
  ConditionOperatorKind kind = ConditionOperatorKind::kStringEquals;
  bool if_exists = false;
  SetOperator set = SetOperator::kNone;

  bool operator==(const ConditionOperator&) const = default;
};

// Parses an operator name such as `ForAnyValue:StringLikeIfExists`. Operator names are
// case-sensitive, as in AWS. `NullIfExists` is rejected. Error: "unknown condition operator `X`".
absl::StatusOr<ConditionOperator> ParseConditionOperator(absl::string_view name);

// The canonical spelling of `op`, e.g. "ForAnyValue:StringLikeIfExists".
std::string ConditionOperatorName(const ConditionOperator& op);

// True for the operators whose values combine with NOR (StringNotEquals, NotIpAddress, ...).
bool IsNegated(ConditionOperatorKind kind);

// One key under one operator: `"StringEquals": {"aws:username": ["a", "b"]}`.
struct Condition {
  ConditionOperator op;
  std::string key;                  // as written; keys compare case-insensitively
  std::vector<std::string> values;  // OR-ed (NOR-ed for negated operators)
  SourceRef source;                 // points at the key inside the operator block

  bool operator==(const Condition&) const = default;
};

// The Principal or NotPrincipal element.
struct PrincipalElement {
  bool wildcard = false;                    // "*" (or {"AWS": "*"})
  std::vector<std::string> aws;             // account ids, account root ARNs, user/role/session ARNs
  std::vector<std::string> service;         // "lambda.amazonaws.com"
  std::vector<std::string> federated;       // SAML/OIDC provider ARNs, "cognito-identity.amazonaws.com"
  std::vector<std::string> canonical_user;  // S3 canonical user ids

  bool operator==(const PrincipalElement&) const = default;
};

struct Statement {
  std::optional<std::string> sid;
  Effect effect = Effect::kAllow;
  bool not_action = false;           // the list below is NotAction
  std::vector<std::string> actions;  // "iam:Get*", "*"
  bool has_resource = false;         // Resource or NotResource was present
  bool not_resource = false;
  std::vector<std::string> resources;
  std::optional<PrincipalElement> principal;  // Principal or NotPrincipal, when present
  bool not_principal = false;
  std::vector<Condition> conditions;  // AND-ed
  int index = 0;                      // position in the policy's Statement list, from 0
  SourceRef source;

  bool operator==(const Statement&) const = default;
};

struct Policy {
  std::string name;                 // how answers name it: a policy ARN, name or file
  PolicyVersion version = PolicyVersion::k2008_10_17;
  std::optional<std::string> id;    // the Id element
  std::vector<Statement> statements;
  SourceRef source;

  bool operator==(const Policy&) const = default;

  // A canonical, stable rendering for tests and diagnostics.
  std::string DebugString() const;
};

absl::string_view PolicyTypeName(PolicyType t);      // "identity", "resource", "scp", ...
absl::string_view PolicyOriginName(PolicyOrigin o);  // "user", "group", "aws-managed", ...

}  // namespace vouch::iam

#endif  // VOUCH_MODELS_IAM_POLICY_H_
