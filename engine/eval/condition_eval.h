// Condition blocks: compiled once per statement, evaluated per request.
//
// Implements AWS's condition semantics ("IAM JSON policy elements: Condition operators",
// "Multiple context keys or values", "Single-valued vs. multivalued context keys"):
//   - the values of one key are OR-ed, or NOR-ed for the negated operators (StringNotEquals,
//     NotIpAddress, ArnNotLike, ...);
//   - a missing key makes a positive operator false and a negated one true, except that
//     `...IfExists` is true and `Null` tests exactly for absence;
//   - ForAnyValue: some request value satisfies the operator (false when the key is absent);
//     ForAllValues: every request value does (true when the key is absent or empty);
//   - without a set operator a multivalued request key (ContextValue::multivalued: given as a
//     list, even of one value) matches nothing, negated operators and IfExists included;
//   - Numeric, Date and IpAddress values are parsed at compile time; a request value that does
//     not parse satisfies no operator of that family, negated ones included;
//   - String, Arn and Bool values may hold policy variables (policy_variables.h); a value whose
//     variable has no value matches nothing, and never lets a statement apply: a negated
//     operator's NOR fails on it, in Allow and Deny statements alike (the oracle agrees).
#ifndef VOUCH_ENGINE_EVAL_CONDITION_EVAL_H_
#define VOUCH_ENGINE_EVAL_CONDITION_EVAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/eval/policy_variables.h"
#include "engine/eval/wildcard.h"
#include "models/base/ip.h"
#include "models/iam/policy.h"
#include "models/iam/request.h"

namespace vouch::iam {

struct CompiledConditionValue {
  Template text;       // String, Arn, Bool, Binary and Null families
  ArnSplit arn_split;  // Arn family without variables: the pattern's segments
  double number = 0;   // Numeric family
  int64_t date_ms = 0;  // Date family
  Cidr cidr;           // IpAddress family
};

struct CompiledCondition {
  ConditionOperator op;
  ConditionOperatorKind positive = ConditionOperatorKind::kStringEquals;  // negation removed
  bool negated = false;
  std::string key;        // as written in the policy
  std::string key_lower;  // as Request stores it
  std::vector<CompiledConditionValue> values;
  bool in_allow = false;  // the statement is an Allow (kept for callers; no longer changes the answer)
};

// Compiles one condition. `variables`: the policy is Version 2012-10-17. Errors are
// InvalidArgument at `condition.source`, e.g.
//   "p.json: /Statement/0/Condition/NumericLessThan/s3:max-keys: `NumericLessThan` value `ten`
//    is not a number"
absl::StatusOr<CompiledCondition> CompileCondition(const Condition& condition, bool variables);
// The same, into `out` (a fresh condition, built in place).
absl::Status CompileCondition(const Condition& condition, bool variables, CompiledCondition& out);

// Whether `condition` holds for `request`. `scratch` is reused for variable substitution.
bool EvaluateCondition(const CompiledCondition& condition, const Request& request,
                       std::string* scratch);

// Appends the context keys `condition` refers to that `request` lacks: its key, and the keys of
// variables without a default in its values.
void AppendMissingKeys(const CompiledCondition& condition, const Request& request,
                       std::vector<absl::string_view>* out);

}  // namespace vouch::iam

#endif  // VOUCH_ENGINE_EVAL_CONDITION_EVAL_H_
