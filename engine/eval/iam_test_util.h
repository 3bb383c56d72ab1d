// Builders for IAM evaluator tests: the model builders of models/iam/policy_builders.h, plus
// those that check as they build (Cond) or compile (Apply) with gtest.
#ifndef VOUCH_ENGINE_EVAL_IAM_TEST_UTIL_H_
#define VOUCH_ENGINE_EVAL_IAM_TEST_UTIL_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/eval/iam_evaluator.h"
#include "gtest/gtest.h"
#include "models/iam/policy.h"
#include "models/iam/policy_builders.h"
#include "models/iam/request.h"

namespace vouch::iam::testing {

using builders::Allow;
using builders::Deny;
using builders::MakePolicy;
using builders::MakeRequest;
using builders::MakeStatement;
using builders::NoResource;
using builders::NotAction;
using builders::NotResource;
using builders::StringKey;
using builders::WithCondition;
using builders::WithFederatedPrincipal;
using builders::WithPrincipal;
using builders::WithServicePrincipal;
using builders::WithSid;

// `op` is an operator name such as "ForAnyValue:StringLike"; the condition's source is filled
// in by MakePolicy.
inline Condition Cond(absl::string_view op, std::string key, std::vector<std::string> values) {
  absl::StatusOr<ConditionOperator> parsed = ParseConditionOperator(op);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return Condition{parsed.value_or(ConditionOperator{}), std::move(key), std::move(values), {}};
}

inline AppliedPolicy Apply(const Policy& p, PolicyType type, PolicyOrigin origin = PolicyOrigin::kNone) {
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled = CompilePolicy(p, type);
  EXPECT_TRUE(compiled.ok()) << compiled.status();
  return AppliedPolicy{compiled.value_or(nullptr), origin};
}

}  // namespace vouch::iam::testing

#endif  // VOUCH_ENGINE_EVAL_IAM_TEST_UTIL_H_
