// Condition operator names, policy type names, and Policy's canonical debug rendering.
#include "models/iam/policy.h"

#include <array>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace vouch::iam {
namespace {

using K = ConditionOperatorKind;

constexpr std::array<std::pair<absl::string_view, K>, 27> kOperators = {{
    {"StringEquals", K::kStringEquals},
    {"StringNotEquals", K::kStringNotEquals},
    {"StringEqualsIgnoreCase", K::kStringEqualsIgnoreCase},
    {"StringNotEqualsIgnoreCase", K::kStringNotEqualsIgnoreCase},
    {"StringLike", K::kStringLike},
    {"StringNotLike", K::kStringNotLike},
    {"NumericEquals", K::kNumericEquals},
    {"NumericNotEquals", K::kNumericNotEquals},
    {"NumericLessThan", K::kNumericLessThan},
    {"NumericLessThanEquals", K::kNumericLessThanEquals},
    {"NumericGreaterThan", K::kNumericGreaterThan},
    {"NumericGreaterThanEquals", K::kNumericGreaterThanEquals},
    {"DateEquals", K::kDateEquals},
    {"DateNotEquals", K::kDateNotEquals},
    {"DateLessThan", K::kDateLessThan},
    {"DateLessThanEquals", K::kDateLessThanEquals},
    {"DateGreaterThan", K::kDateGreaterThan},
    {"DateGreaterThanEquals", K::kDateGreaterThanEquals},
    {"Bool", K::kBool},
    {"BinaryEquals", K::kBinaryEquals},
    {"IpAddress", K::kIpAddress},
    {"NotIpAddress", K::kNotIpAddress},
    {"ArnEquals", K::kArnEquals},
    {"ArnLike", K::kArnLike},
    {"ArnNotEquals", K::kArnNotEquals},
    {"ArnNotLike", K::kArnNotLike},
    {"Null", K::kNull},
}};

absl::string_view BaseName(K kind) {
  for (const auto& [name, k] : kOperators) {
    if (k == kind) return name;
  }
  return "?";
}

}  // namespace

absl::StatusOr<ConditionOperator> ParseConditionOperator(absl::string_view name) {
  ConditionOperator op;
  absl::string_view rest = name;
  if (absl::ConsumePrefix(&rest, "ForAllValues:")) {
    op.set = SetOperator::kForAllValues;
  } else if (absl::ConsumePrefix(&rest, "ForAnyValue:")) {
    op.set = SetOperator::kForAnyValue;
  }
  op.if_exists = absl::ConsumeSuffix(&rest, "IfExists");
  for (const auto& [base, kind] : kOperators) {
    if (rest == base) {
      op.kind = kind;
      if (kind == K::kNull && op.if_exists) break;
      return op;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown condition operator `", name, "`"));
}

std::string ConditionOperatorName(const ConditionOperator& op) {
  absl::string_view prefix = op.set == SetOperator::kForAllValues  ? "ForAllValues:"
                            : op.set == SetOperator::kForAnyValue ? "ForAnyValue:"
                                                                  : "";
  return absl::StrCat(prefix, BaseName(op.kind), op.if_exists ? "IfExists" : "");
}

bool IsNegated(ConditionOperatorKind kind) {
  switch (kind) {
    case K::kStringNotEquals:
    case K::kStringNotEqualsIgnoreCase:
    case K::kStringNotLike:
    case K::kNumericNotEquals:
    case K::kDateNotEquals:
    case K::kNotIpAddress:
    case K::kArnNotEquals:
    case K::kArnNotLike:
      return true;
    default:
      return false;
  }
}

absl::string_view PolicyTypeName(PolicyType t) {
  switch (t) {
    case PolicyType::kIdentity: return "identity";
    case PolicyType::kResource: return "resource";
    case PolicyType::kScp: return "scp";
    case PolicyType::kRcp: return "rcp";
    case PolicyType::kPermissionBoundary: return "permissionBoundary";
    case PolicyType::kSession: return "session";
  }
  return "identity";
}

absl::string_view PolicyOriginName(PolicyOrigin o) {
  switch (o) {
    case PolicyOrigin::kNone: return "none";
    case PolicyOrigin::kUser: return "user";
    case PolicyOrigin::kGroup: return "group";
    case PolicyOrigin::kRole: return "role";
    case PolicyOrigin::kAwsManaged: return "aws-managed";
    case PolicyOrigin::kUserManaged: return "user-managed";
  }
  return "none";
}

std::string Policy::DebugString() const {
  std::string out = absl::StrCat("policy ", name, " version ",
                                 version == PolicyVersion::k2012_10_17 ? "2012-10-17" : "2008-10-17",
                                 "\n");
  for (const Statement& s : statements) {
    absl::StrAppend(&out, "  [", s.index, "] ", s.sid.value_or("-"), " ",
                    s.effect == Effect::kAllow ? "Allow" : "Deny", " ",
                    s.not_action ? "NotAction " : "Action ", absl::StrJoin(s.actions, ","));
    if (s.has_resource) {
      absl::StrAppend(&out, s.not_resource ? " NotResource " : " Resource ",
                      absl::StrJoin(s.resources, ","));
    }
    if (s.principal) {
      const PrincipalElement& p = *s.principal;
      absl::StrAppend(&out, s.not_principal ? " NotPrincipal" : " Principal",
                      p.wildcard ? " *" : "", " AWS=", absl::StrJoin(p.aws, ","),
                      " Service=", absl::StrJoin(p.service, ","),
                      " Federated=", absl::StrJoin(p.federated, ","),
                      " CanonicalUser=", absl::StrJoin(p.canonical_user, ","));
    }
    for (const Condition& c : s.conditions) {
      absl::StrAppend(&out, " if ", ConditionOperatorName(c.op), "(", c.key, ": ",
                      absl::StrJoin(c.values, ","), ")");
    }
    out += "\n";
  }
  return out;
}

}  // namespace vouch::iam
