// The search over request contexts (see context_search.h).
#include "engine/eval/context_search.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "engine/eval/compiled_policy.h"
#include "engine/eval/dates.h"

namespace vouch::iam {
namespace {

using K = ConditionOperatorKind;

// What the policies do with one key the request lacks, and the representatives of its values.
struct KeyValues {
  std::string key;    // as the policies spell it
  std::string lower;  // as Request stores it
  ContextType type = ContextType::kString;
  std::vector<std::string> texts;  // values named by equality operators, or glob samples
  bool ignore_case = false;
  std::vector<double> numbers;
  std::vector<int64_t> dates;
  std::vector<Cidr> cidrs;
  int families = 0;  // bit per family of operator used (Null aside)
  bool set_operators = false;
  bool complete = true;
  std::string why;  // when not complete

  void Incomplete(std::string reason) {
    if (complete) why = std::move(reason);
    complete = false;
  }
};

enum FamilyBit { kText = 1, kNumber = 2, kDate = 4, kIp = 8 };

// Calls `f` on every policy of `set`.
template <typename F>
void ForEachPolicy(const PolicySet& set, F f) {
  for (const AppliedPolicy& p : set.identity) f(*p.policy);
  for (const AppliedPolicy& p : set.permission_boundaries) f(*p.policy);
  for (const AppliedPolicy& p : set.session_policies) f(*p.policy);
  if (set.resource_policy && set.resource_policy->policy) f(*set.resource_policy->policy);
  for (const auto& level : set.scp_levels) {
    for (const AppliedPolicy& p : level) f(*p.policy);
  }
  for (const auto& level : set.rcp_levels) {
    for (const AppliedPolicy& p : level) f(*p.policy);
  }
}

// Whether `t`'s variables name `lower` (a key the request lacks).
bool NamesKey(const Template& t, const Request& request, absl::string_view lower) {
  if (!t.has_variables()) return false;
  std::vector<absl::string_view> missing;
  t.AppendMissingKeys(request, &missing);
  return std::any_of(missing.begin(), missing.end(),
                     [&](absl::string_view k) { return absl::EqualsIgnoreCase(k, lower); });
}

// A glob's text with its wildcards filled in (`*` as `fill`, `?` as `x`).
std::string FillGlob(absl::string_view encoded, absl::string_view fill) {
  std::string out;
  for (char c : encoded) {
    if (c == kGlobStar) {
      out.append(fill.data(), fill.size());
    } else if (c == kGlobQuestion) {
      out.push_back('x');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Gathers what conditions (and Resource variables) of `policy` do with `k`.
void Scan(const CompiledPolicy& policy, const Request& request, KeyValues& k) {
  std::string scratch;
  for (const CompiledStatement& s : policy.statements) {
    for (const ResourcePattern& r : s.resources) {
      if (NamesKey(r.text, request, k.lower)) {
        k.Incomplete(absl::StrCat(k.key, " is spliced into a Resource by a policy variable"));
      }
    }
    for (const CompiledCondition& c : s.conditions) {
      for (const CompiledConditionValue& v : c.values) {
        if (c.key_lower != k.lower && NamesKey(v.text, request, k.lower)) {
          k.Incomplete(
              absl::StrCat(k.key, " is spliced into a condition value by a policy variable"));
        }
      }
      if (c.key_lower != k.lower) continue;
      if (c.op.set != SetOperator::kNone) k.set_operators = true;
      switch (c.positive) {
        case K::kNull:
          continue;
        case K::kNumericEquals:
        case K::kNumericLessThan:
        case K::kNumericLessThanEquals:
        case K::kNumericGreaterThan:
        case K::kNumericGreaterThanEquals:
          k.families |= kNumber;
          k.type = ContextType::kNumeric;
          for (const CompiledConditionValue& v : c.values) k.numbers.push_back(v.number);
          continue;
        case K::kDateEquals:
        case K::kDateLessThan:
        case K::kDateLessThanEquals:
        case K::kDateGreaterThan:
        case K::kDateGreaterThanEquals:
          k.families |= kDate;
          k.type = ContextType::kDate;
          for (const CompiledConditionValue& v : c.values) k.dates.push_back(v.date_ms);
          continue;
        case K::kIpAddress:
          k.families |= kIp;
          k.type = ContextType::kIp;
          for (const CompiledConditionValue& v : c.values) k.cidrs.push_back(v.cidr);
          continue;
        default:
          break;
      }
      // The text families: equality, or globs.
      k.families |= kText;
      const bool glob =
          c.positive == K::kStringLike || c.positive == K::kArnEquals || c.positive == K::kArnLike;
      if (glob) {
        k.Incomplete(absl::StrCat(k.key, " is tested with ", ConditionOperatorName(c.op)));
      }
      if (c.positive == K::kStringEqualsIgnoreCase || c.positive == K::kBool) k.ignore_case = true;
      if (c.positive == K::kBool) k.type = ContextType::kBoolean;
      if (c.positive == K::kBinaryEquals) k.type = ContextType::kBinary;
      for (const CompiledConditionValue& v : c.values) {
        std::string text;
        if (v.text.has_variables()) {
          if (NamesKey(v.text, request, k.lower)) continue;  // found incomplete above or below
          scratch.clear();
          if (!v.text.Resolve(request, &scratch)) {
            k.Incomplete(absl::StrCat("a value tested against ", k.key,
                                      " has a variable the request lacks"));
            continue;
          }
          text = scratch;
        } else {
          text = v.text.literal();
        }
        if (glob) {
          k.texts.push_back(FillGlob(text, ""));
          k.texts.push_back(FillGlob(text, "x"));
        } else {
          k.texts.push_back(std::move(text));
        }
      }
      for (const CompiledConditionValue& v : c.values) {
        if (NamesKey(v.text, request, k.lower)) {
          k.Incomplete(absl::StrCat(k.key, " is tested against a value that names it"));
        }
      }
    }
  }
}

template <typename T>
void SortUnique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

std::string FormatNumber(double x) { return absl::StrFormat("%.17g", x); }

std::string FormatDate(int64_t ms) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

// The single values that stand for every value of `k`: one per class (see the header).
std::vector<std::string> Representatives(KeyValues& k) {
  std::vector<std::string> out;
  auto add = [&](std::string v) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
  };
  for (const std::string& t : k.texts) add(t);
  if (k.ignore_case) {
    // A value equal to a named one but for case is told apart by the case-sensitive operators
    // alone: each such class needs a spelling that none of them names.
    const std::vector<std::string> named = out;
    for (const std::string& t : named) {
      std::vector<std::string> spellings = {absl::AsciiStrToUpper(t), absl::AsciiStrToLower(t), t};
      if (!t.empty())
        spellings[2][0] =
            absl::ascii_isupper(t[0]) ? absl::ascii_tolower(t[0]) : absl::ascii_toupper(t[0]);
      auto fresh = std::find_if(spellings.begin(), spellings.end(), [&](const std::string& v) {
        return std::find(named.begin(), named.end(), v) == named.end();
      });
      if (fresh != spellings.end()) {
        add(*fresh);
      } else if (absl::AsciiStrToLower(t) != absl::AsciiStrToUpper(t)) {
        k.Incomplete(absl::StrCat(k.key, " is tested against `", t, "` in several cases"));
      }
    }
  }
  SortUnique(k.numbers);
  for (size_t i = 0; i < k.numbers.size(); ++i) {
    add(FormatNumber(k.numbers[i]));
    if (i + 1 < k.numbers.size())
      add(FormatNumber(k.numbers[i] + (k.numbers[i + 1] - k.numbers[i]) / 2));
  }
  if (!k.numbers.empty()) {
    add(FormatNumber(k.numbers.front() - 1));
    add(FormatNumber(k.numbers.back() + 1));
  }
  SortUnique(k.dates);
  for (int64_t d : k.dates) {
    add(FormatDate(d));
    add(FormatDate(d + 1));
  }
  if (!k.dates.empty()) add(FormatDate(k.dates.front() - 1));
  if (!k.cidrs.empty()) {
    add("0.0.0.0");
    add("::");
  }
  for (const Cidr& c : k.cidrs) {
    add(c.First().ToString());
    IpAddress last = c.Last();
    unsigned __int128 max =
        last.family == IpFamily::kV4 ? 0xffffffffu : ~static_cast<unsigned __int128>(0);
    if (last.bits != max) add(IpAddress{last.family, last.bits + 1}.ToString());
  }
  // A value no condition names, of no family's form: it stands for every such value.
  std::string other = "vouch-other";
  auto named = [&](const std::string& v) {
    return std::any_of(out.begin(), out.end(),
                       [&](const std::string& o) { return absl::EqualsIgnoreCase(o, v); });
  };
  for (int i = 2; named(other); ++i) other = absl::StrCat("vouch-other-", i);
  add(other);
  // Each representative must read back as the point it stands for.
  for (double n : k.numbers) {
    if (ParseNumber(FormatNumber(n)) != n)
      k.Incomplete(absl::StrCat(k.key, ": the number ", n, " does not print exactly"));
  }
  for (int64_t d : k.dates) {
    if (ParseDate(FormatDate(d)) != d)
      k.Incomplete(absl::StrCat(k.key, ": a date does not print exactly"));
  }
  if (k.families != 0 && (k.families & (k.families - 1)) != 0) {
    k.Incomplete(absl::StrCat(k.key, " is tested by operators of more than one kind"));
  }
  return out;
}

// Every way `k` may be given: absent last (the request as asked), each single value, and lists.
std::vector<std::optional<ContextValue>> Choices(KeyValues& k) {
  std::vector<std::string> singles = Representatives(k);
  std::vector<std::optional<ContextValue>> out;
  for (const std::string& v : singles) out.push_back(ContextValue{k.key, k.type, false, {v}});
  if (!k.set_operators) {
    // Plain operators fail on any list, negated ones and IfExists included; Null sees it present.
    out.push_back(ContextValue{k.key, k.type, true, {singles.front()}});
  } else {
    constexpr size_t kMaxSubsetsOf = 8;
    if (singles.size() > kMaxSubsetsOf) {
      k.Incomplete(absl::StrCat(k.key, " is tested with a set operator over more than ",
                                kMaxSubsetsOf, " values"));
      singles.resize(kMaxSubsetsOf);
    }
    for (uint32_t mask = 0; mask < (1u << singles.size()); ++mask) {
      ContextValue list{k.key, k.type, true, {}};
      for (size_t i = 0; i < singles.size(); ++i) {
        if (mask & (1u << i)) list.values.push_back(singles[i]);
      }
      out.push_back(std::move(list));
    }
  }
  out.push_back(std::nullopt);
  return out;
}

}  // namespace

absl::string_view ContextSearchOutcomeName(ContextSearch::Outcome o) {
  switch (o) {
    case ContextSearch::Outcome::kAllowed:
      return "allowed";
    case ContextSearch::Outcome::kNeverAllowed:
      return "neverAllowed";
    case ContextSearch::Outcome::kIncomplete:
      return "incomplete";
  }
  return "incomplete";
}

const std::vector<std::string>& PrincipalKeys() {
  static const std::vector<std::string>* keys =
      new std::vector<std::string>{"aws:username",
                                   "aws:userid",
                                   "aws:principalarn",
                                   "aws:principalaccount",
                                   "aws:principaltype",
                                   "aws:principaltag/",
                                   "aws:principalisawsservice",
                                   "aws:principalservicename",
                                   "aws:principalservicenameslist"};
  return *keys;
}

bool IsFixedKey(absl::string_view key, const std::vector<std::string>& fixed) {
  std::string lower = absl::AsciiStrToLower(key);
  return std::any_of(fixed.begin(), fixed.end(), [&](const std::string& f) {
    return f.back() == '/' ? absl::StartsWith(lower, f) : lower == f;
  });
}

ContextSearch SearchContexts(const PolicySet& set, const Request& request,
                             const std::vector<std::string>& fixed, size_t max_contexts) {
  ContextSearch search;
  EvaluationResult first = Evaluate(set, request);
  search.contexts_tried = 1;
  if (first.decision == Decision::kAllowed) {
    search.outcome = ContextSearch::Outcome::kAllowed;
    search.witness = request;
    search.result = std::move(first);
    return search;
  }
  std::vector<KeyValues> keys;
  for (const std::string& key : first.missing_context_keys) {
    if (IsFixedKey(key, fixed)) continue;
    std::string lower = absl::AsciiStrToLower(key);
    keys.emplace_back();
    keys.back().key = key;
    keys.back().lower = std::move(lower);
  }
  if (keys.empty()) {
    search.outcome = ContextSearch::Outcome::kNeverAllowed;
    return search;
  }
  std::vector<std::vector<std::optional<ContextValue>>> choices(keys.size());
  size_t combinations = 1;
  for (size_t i = 0; i < keys.size(); ++i) {
    ForEachPolicy(set, [&](const CompiledPolicy& p) { Scan(p, request, keys[i]); });
    choices[i] = Choices(keys[i]);
    combinations = std::min(combinations * choices[i].size(), max_contexts + 1);
  }
  std::string why;
  for (const KeyValues& k : keys) {
    if (!k.complete && why.empty()) why = k.why;
  }
  if (combinations > max_contexts) {
    why = absl::StrCat("more than ", max_contexts, " combinations of ", keys.size(), " keys");
  }
  // Every combination, the first key turning fastest; the last is all absent, as asked.
  std::vector<size_t> at(keys.size(), 0);
  Request r = request;
  for (size_t n = 0; n < std::min(combinations, max_contexts); ++n) {
    r.context = request.context;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (choices[i][at[i]]) r.Set(*choices[i][at[i]]);
    }
    EvaluationResult result = Evaluate(set, r);
    ++search.contexts_tried;
    if (result.decision == Decision::kAllowed) {
      search.outcome = ContextSearch::Outcome::kAllowed;
      for (size_t i = 0; i < keys.size(); ++i) {
        if (choices[i][at[i]]) search.filled.push_back(*choices[i][at[i]]);
      }
      search.witness = std::move(r);
      search.result = std::move(result);
      return search;
    }
    for (size_t i = 0; i < keys.size() && ++at[i] == choices[i].size(); ++i) at[i] = 0;
  }
  search.outcome =
      why.empty() ? ContextSearch::Outcome::kNeverAllowed : ContextSearch::Outcome::kIncomplete;
  search.why = std::move(why);
  return search;
}

}  // namespace vouch::iam
