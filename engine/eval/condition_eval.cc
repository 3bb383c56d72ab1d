// Condition compilation and evaluation (see condition_eval.h).
#include "engine/eval/condition_eval.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/eval/dates.h"
#include "models/base/status_macros.h"

namespace vouch::iam {
namespace {

using K = ConditionOperatorKind;

enum class Family { kString, kNumeric, kDate, kBool, kBinary, kIp, kArn, kNull };

K Positive(K kind) {
  switch (kind) {
    case K::kStringNotEquals: return K::kStringEquals;
    case K::kStringNotEqualsIgnoreCase: return K::kStringEqualsIgnoreCase;
    case K::kStringNotLike: return K::kStringLike;
    case K::kNumericNotEquals: return K::kNumericEquals;
    case K::kDateNotEquals: return K::kDateEquals;
    case K::kNotIpAddress: return K::kIpAddress;
    case K::kArnNotEquals: return K::kArnEquals;
    case K::kArnNotLike: return K::kArnLike;
    default: return kind;
  }
}

Family FamilyOf(K positive) {
  switch (positive) {
    case K::kStringEquals:
    case K::kStringEqualsIgnoreCase:
    case K::kStringLike: return Family::kString;
    case K::kNumericEquals:
    case K::kNumericLessThan:
    case K::kNumericLessThanEquals:
    case K::kNumericGreaterThan:
    case K::kNumericGreaterThanEquals: return Family::kNumeric;
    case K::kDateEquals:
    case K::kDateLessThan:
    case K::kDateLessThanEquals:
    case K::kDateGreaterThan:
    case K::kDateGreaterThanEquals: return Family::kDate;
    case K::kBool: return Family::kBool;
    case K::kBinaryEquals: return Family::kBinary;
    case K::kIpAddress: return Family::kIp;
    case K::kArnEquals:
    case K::kArnLike: return Family::kArn;
    default: return Family::kNull;
  }
}

// Request value `a` against policy value `b` for the ordering operators.
template <typename T>
bool Compare(K positive, T a, T b) {
  switch (positive) {
    case K::kNumericEquals:
    case K::kDateEquals: return a == b;
    case K::kNumericLessThan:
    case K::kDateLessThan: return a < b;
    case K::kNumericLessThanEquals:
    case K::kDateLessThanEquals: return a <= b;
    case K::kNumericGreaterThan:
    case K::kDateGreaterThan: return a > b;
    case K::kNumericGreaterThanEquals:
    case K::kDateGreaterThanEquals: return a >= b;
    default: return false;
  }
}

absl::Status CompileValue(const Condition& c, Family family, const std::string& v, bool variables,
                          CompiledConditionValue* out) {
  auto bad = [&](absl::string_view what) {
    return InputError(c.source, absl::StrCat("`", ConditionOperatorName(c.op), "` value `", v,
                                             "` is not ", what));
  };
  switch (family) {
    case Family::kString:
      out->text = Template::Parse(v, variables, Positive(c.op.kind) == K::kStringLike);
      return absl::OkStatus();
    case Family::kBool:
      out->text = Template::Parse(v, variables, false);
      return absl::OkStatus();
    case Family::kBinary:
      out->text = Template::Parse(v, false, false);
      return absl::OkStatus();
    case Family::kNull:
      if (!absl::EqualsIgnoreCase(v, "true") && !absl::EqualsIgnoreCase(v, "false")) {
        return bad("`true` or `false`");
      }
      out->text = Template::Parse(v, false, false);
      return absl::OkStatus();
    case Family::kArn:
      out->text = Template::Parse(v, variables, true);
      if (!out->text.has_variables()) out->arn_split = SplitArnSegments(out->text.literal());
      return absl::OkStatus();
    case Family::kNumeric: {
      std::optional<double> n = ParseNumber(v);
      if (!n) return bad("a number");
      out->number = *n;
      return absl::OkStatus();
    }
    case Family::kDate: {
      std::optional<int64_t> d = ParseDate(v);
      if (!d) return bad("an ISO 8601 date or epoch seconds");
      out->date_ms = *d;
      return absl::OkStatus();
    }
    case Family::kIp: {
      absl::StatusOr<Cidr> cidr = ParseCidr(v);
      if (!cidr.ok()) return bad("an IPv4 or IPv6 CIDR block");
      out->cidr = *cidr;
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

// The text of a String/Bool/Arn/Binary value for this request: the literal, or the resolved
// template in `scratch`. nullopt when a variable has no value (the value matches nothing).
std::optional<absl::string_view> ValueText(const CompiledConditionValue& v, const Request& request,
                                           std::string* scratch) {
  if (!v.text.has_variables()) return absl::string_view(v.text.literal());
  scratch->clear();
  if (!v.text.Resolve(request, scratch)) return std::nullopt;
  return absl::string_view(*scratch);
}

bool MatchesText(const CompiledCondition& c, absl::string_view rv, const Request& request,
                 std::string* scratch, Family family) {
  for (const CompiledConditionValue& v : c.values) {
    std::optional<absl::string_view> pv = ValueText(v, request, scratch);
    if (!pv) {  // a variable with no value
      if (c.negated) return true;  // the NOR fails: the statement does not apply
      continue;                    // otherwise the value matches nothing
    }
    bool match = false;
    switch (family) {
      case Family::kString:
        match = c.positive == K::kStringEquals             ? *pv == rv
                : c.positive == K::kStringEqualsIgnoreCase ? absl::EqualsIgnoreCase(*pv, rv)
                                                           : GlobMatch(*pv, rv);
        break;
      case Family::kBool: match = absl::EqualsIgnoreCase(*pv, rv); break;
      case Family::kBinary: match = *pv == rv; break;
      case Family::kArn: {
        ArnSplit ps = v.text.has_variables() ? SplitArnSegments(*pv) : v.arn_split;
        match = MatchArnComponents(*pv, ps, rv, SplitArnSegments(rv));
        break;
      }
      default: break;
    }
    if (match) return true;
  }
  return false;
}

// Whether one request value matches some policy value (the positive operator); nullopt when the
// request value does not parse for the operator's family.
std::optional<bool> MatchesAny(const CompiledCondition& c, absl::string_view rv,
                               const Request& request, std::string* scratch) {
  Family family = FamilyOf(c.positive);
  switch (family) {
    case Family::kNumeric: {
      std::optional<double> n = ParseNumber(rv);
      if (!n) return std::nullopt;
      for (const auto& v : c.values) {
        if (Compare(c.positive, *n, v.number)) return true;
      }
      return false;
    }
    case Family::kDate: {
      std::optional<int64_t> d = ParseDate(rv);
      if (!d) return std::nullopt;
      for (const auto& v : c.values) {
        if (Compare(c.positive, *d, v.date_ms)) return true;
      }
      return false;
    }
    case Family::kIp: {
      absl::StatusOr<Cidr> addr = ParseCidr(rv);
      if (!addr.ok()) return std::nullopt;
      for (const auto& v : c.values) {
        if (v.cidr.Contains(*addr)) return true;
      }
      return false;
    }
    default:
      return MatchesText(c, rv, request, scratch, family);
  }
}

bool Satisfies(const CompiledCondition& c, absl::string_view rv, const Request& request,
               std::string* scratch) {
  std::optional<bool> any = MatchesAny(c, rv, request, scratch);
  if (!any) return false;
  return c.negated ? !*any : *any;
}

bool EvaluateNull(const CompiledCondition& c, bool present) {
  for (const auto& v : c.values) {
    bool want_absent = absl::EqualsIgnoreCase(v.text.literal(), "true");
    if (want_absent != present) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<CompiledCondition> CompileCondition(const Condition& condition, bool variables) {
  CompiledCondition c;
  VOUCH_RETURN_IF_ERROR(CompileCondition(condition, variables, c));
  return c;
}

absl::Status CompileCondition(const Condition& condition, bool variables, CompiledCondition& c) {
  c.op = condition.op;
  c.positive = Positive(condition.op.kind);
  c.negated = IsNegated(condition.op.kind);
  c.key = condition.key;
  c.key_lower = condition.key;
  absl::AsciiStrToLower(&c.key_lower);
  Family family = FamilyOf(c.positive);
  c.values.resize(condition.values.size());
  for (size_t i = 0; i < condition.values.size(); ++i) {
    VOUCH_RETURN_IF_ERROR(
        CompileValue(condition, family, condition.values[i], variables, &c.values[i]));
  }
  return absl::OkStatus();
}

bool EvaluateCondition(const CompiledCondition& c, const Request& request, std::string* scratch) {
  auto it = request.context.find(c.key_lower);
  const ContextValue* cv = it == request.context.end() ? nullptr : &it->second;
  // A multivalued key given as an empty list is present, with no values: Null says so, a plain
  // operator matches nothing, ForAllValues holds and ForAnyValue fails over its empty set.
  bool present = cv != nullptr && (!cv->values.empty() || cv->multivalued);
  if (c.positive == K::kNull) return EvaluateNull(c, present);
  if (!present) {
    if (c.op.if_exists || c.op.set == SetOperator::kForAllValues) return true;
    if (c.op.set == SetOperator::kForAnyValue) return false;
    return c.negated;
  }
  // A multivalued request key under an operator without ForAllValues/ForAnyValue matches
  // nothing, negated operators and IfExists included (AWS: multivalued keys need a set
  // operator).
  if (c.op.set == SetOperator::kNone && cv->multivalued) return false;
  if (c.op.set == SetOperator::kForAllValues) {
    for (const std::string& rv : cv->values) {
      if (!Satisfies(c, rv, request, scratch)) return false;
    }
    return true;
  }
  for (const std::string& rv : cv->values) {  // ForAnyValue, or the one value of a plain key
    if (Satisfies(c, rv, request, scratch)) return true;
  }
  return false;
}

void AppendMissingKeys(const CompiledCondition& c, const Request& request,
                       std::vector<absl::string_view>* out) {
  if (request.context.find(c.key_lower) == request.context.end()) out->push_back(c.key);
  for (const CompiledConditionValue& v : c.values) v.text.AppendMissingKeys(request, out);
}

}  // namespace vouch::iam
