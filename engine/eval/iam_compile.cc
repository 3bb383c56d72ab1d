// CompilePolicy: validates a policy for its type and builds the compiled form that Evaluate
// runs (see compiled_policy.h).
//
// Validation follows the IAM policy grammar per policy type ("IAM JSON policy element
// reference"): Action or NotAction is required; Resource or NotResource is required in identity
// policies, permission boundaries, session policies and RCPs; Principal/NotPrincipal is required
// in resource policies and RCPs (where it must be "*") and forbidden elsewhere; a wildcard in an
// action's service prefix (`*:Get*`) is rejected; condition values are parsed.
#include <algorithm>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/eval/compiled_policy.h"
#include "engine/eval/iam_evaluator.h"
#include "models/base/status_macros.h"
#include "models/iam/arn.h"

namespace vouch::iam {
namespace {

bool TypeHasPrincipal(PolicyType t) { return t == PolicyType::kResource || t == PolicyType::kRcp; }

bool TypeNeedsResource(PolicyType t) {
  return t == PolicyType::kIdentity || t == PolicyType::kPermissionBoundary ||
         t == PolicyType::kSession || t == PolicyType::kRcp;
}

absl::string_view TypePhrase(PolicyType t) {
  switch (t) {
    case PolicyType::kIdentity: return "an identity policy";
    case PolicyType::kResource: return "a resource policy";
    case PolicyType::kScp: return "a service control policy";
    case PolicyType::kRcp: return "a resource control policy";
    case PolicyType::kPermissionBoundary: return "a permissions boundary";
    case PolicyType::kSession: return "a session policy";
  }
  return "a policy";
}

absl::Status CompileActions(const Statement& s, CompiledStatement* out) {
  if (s.actions.empty()) return InputError(s.source, "statement has neither `Action` nor `NotAction`");
  out->actions.reserve(s.actions.size());
  for (const std::string& action : s.actions) {
    size_t colon = action.find(':');
    if (colon == std::string::npos) {
      if (!action.empty() && action.find_first_not_of('*') == std::string::npos) {
        out->all_actions = true;
        continue;
      }
      return InputError(s.source, absl::StrCat("action `", action, "` is not of the form `service:action`"));
    }
    absl::string_view service = absl::string_view(action).substr(0, colon);
    if (service.empty() || std::any_of(service.begin(), service.end(),
                                       [](char c) { return c == '*' || c == '?'; })) {
      return InputError(s.source, absl::StrCat("action `", action, "` has a wildcard in its service prefix"));
    }
    ActionPattern& pattern = out->actions.emplace_back();
    pattern.service.assign(service.data(), service.size());
    absl::AsciiStrToLower(&pattern.service);
    // The name lowercased and encoded in one pass.
    pattern.name = Glob::Encode(absl::string_view(action).substr(colon + 1), /*lowercase=*/true);
  }
  return absl::OkStatus();
}

// True if some `${...}` in `r` is a whole ARN component: one of the five colon-delimited fields
// (`arn:aws:sqs:${aws:x}:...`) or the entire resource part after the fifth colon
// (`...:111122223333:${aws:username}`, but not `...:function:${aws:username}`). Colons inside a
// variable (`${aws:username}`) do not delimit.
bool VariableFillsSegment(absl::string_view r) {
  size_t start = 0;  // where the current component starts
  int colons = 0;
  for (size_t i = 0; i <= r.size(); ++i) {
    if (i < r.size() && r.substr(i, 2) == "${") {
      size_t close = r.find('}', i);
      if (close == absl::string_view::npos) return false;
      i = close;
      continue;
    }
    bool boundary = i == r.size() || (r[i] == ':' && colons < 5);
    if (!boundary) continue;
    absl::string_view part = r.substr(start, i - start);
    if (part.size() > 3 && part.substr(0, 2) == "${" && part.back() == '}' &&
        part.find('}') == part.size() - 1) {
      return true;
    }
    ++colons;
    start = i + 1;
  }
  return false;
}

void CompileResources(const Statement& s, bool variables, CompiledStatement* out) {
  out->has_resource = s.has_resource;
  out->not_resource = s.not_resource;
  out->resources.reserve(s.resources.size());
  for (const std::string& r : s.resources) {
    ResourcePattern& p = out->resources.emplace_back();
    // Most patterns have no `${`: encoded, kind and segments found, in one pass over the text.
    bool has_variable = false;
    p.glob = Glob::Encode(r, /*lowercase=*/false, &p.split, &has_variable);
    if (!variables || !has_variable) continue;
    p.text = Template::Parse(r, variables, /*glob=*/true);
    if (p.text.has_variables()) {
      p.glob = Glob();
      p.split = ArnSplit();
      p.variable_fills_segment = VariableFillsSegment(r);
      continue;
    }
    p.glob = Glob(p.text.TakeLiteral());  // `${*}` and the like, as literal text
    p.split = SplitArnSegments(p.glob.pattern());
  }
}

PrincipalEntry ClassifyEntry(const std::string& text) {
  PrincipalEntry e;
  e.text = text;
  if (IsAccountId(text)) {
    e.kind = PrincipalEntry::Kind::kAccount;
    e.account = text;
    return e;
  }
  PrincipalView v = ClassifyPrincipal(text);
  if (v.kind == PrincipalKind::kRoot && !v.account.empty()) {
    e.kind = PrincipalEntry::Kind::kAccount;
    e.account = std::string(v.account);
  } else if (v.kind == PrincipalKind::kRole) {
    e.kind = PrincipalEntry::Kind::kRole;
    e.account = std::string(v.account);
    e.name = std::string(v.name);
  }
  return e;
}

absl::Status CompilePrincipal(const Statement& s, PolicyType type, CompiledStatement* out) {
  absl::string_view element = s.not_principal ? "NotPrincipal" : "Principal";
  if (!TypeHasPrincipal(type)) {
    if (s.principal) {
      return InputError(s.source, absl::StrCat("`", element, "` is not allowed in ", TypePhrase(type)));
    }
    return absl::OkStatus();
  }
  if (!s.principal) return InputError(s.source, "statement has neither `Principal` nor `NotPrincipal`");
  const PrincipalElement& p = *s.principal;
  CompiledPrincipal& cp = out->principal;
  cp.present = true;
  cp.negated = s.not_principal;
  cp.wildcard = p.wildcard;
  for (const std::string& a : p.aws) {
    if (a == "*") {
      cp.wildcard = true;
    } else {
      cp.entries.push_back(ClassifyEntry(a));
    }
  }
  for (const auto* list : {&p.service, &p.federated, &p.canonical_user}) {
    for (const std::string& text : *list) cp.entries.push_back(PrincipalEntry{PrincipalEntry::Kind::kExact, "", "", text});
  }
  if (type == PolicyType::kRcp && (cp.negated || !cp.wildcard || !cp.entries.empty())) {
    return InputError(s.source, "a resource control policy requires `\"Principal\": \"*\"`");
  }
  return absl::OkStatus();
}

// Compiles `s` into `out` (a fresh statement, built in place).
absl::Status CompileStatement(const Statement& s, PolicyType type, bool variables,
                              CompiledStatement& out) {
  out.source = &s;
  out.effect = s.effect;
  out.not_action = s.not_action;
  VOUCH_RETURN_IF_ERROR(CompileActions(s, &out));
  if (!s.has_resource && TypeNeedsResource(type)) {
    return InputError(s.source, "statement has neither `Resource` nor `NotResource`");
  }
  CompileResources(s, variables, &out);
  VOUCH_RETURN_IF_ERROR(CompilePrincipal(s, type, &out));
  out.conditions.reserve(s.conditions.size());
  for (const Condition& c : s.conditions) {
    CompiledCondition& cc = out.conditions.emplace_back();
    VOUCH_RETURN_IF_ERROR(CompileCondition(c, variables, cc));
    cc.in_allow = s.effect == Effect::kAllow;
  }
  return absl::OkStatus();
}

// Up to this many action patterns, a policy's services are found by binary search; past it, by
// hash as well.
constexpr size_t kFewPatterns = 32;

// Indexes Action statements by service; NotAction and `*` statements are checked every time.
void BuildIndex(CompiledPolicy& p) {
  size_t patterns = 0;
  for (const CompiledStatement& s : p.statements) patterns += s.actions.size();
  p.by_service.reserve(patterns);
  for (uint32_t i = 0; i < p.statements.size(); ++i) {
    const CompiledStatement& s = p.statements[i];
    if (s.not_action || s.all_actions) {
      p.every_service.push_back(i);
      continue;
    }
    for (const ActionPattern& a : s.actions) p.by_service.push_back({a.service, i, &a.name});
  }
  // Stably: a service's entries stay in statement order. Most policies have a few patterns,
  // sorted in place; std::stable_sort would allocate a buffer for them.
  auto by_name = [](const CompiledPolicy::ActionEntry& a, const CompiledPolicy::ActionEntry& b) {
    return a.service < b.service;
  };
  std::vector<CompiledPolicy::ActionEntry>& v = p.by_service;
  if (v.size() <= kFewPatterns) {
    for (size_t i = 1; i < v.size(); ++i) {
      for (size_t j = i; j > 0 && by_name(v[j], v[j - 1]); --j) std::swap(v[j], v[j - 1]);
    }
    return;
  }
  std::stable_sort(v.begin(), v.end(), by_name);
  for (uint32_t begin = 0, end; begin < v.size(); begin = end) {
    for (end = begin + 1; end < v.size() && v[end].service == v[begin].service;) ++end;
    p.service_ranges.emplace(v[begin].service, std::make_pair(begin, end));
  }
}

}  // namespace

absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompilePolicy(const Policy& policy, PolicyType type) {
  return CompilePolicy(std::make_shared<const Policy>(policy), type);
}

absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompilePolicy(
    std::shared_ptr<const Policy> policy, PolicyType type) {
  auto p = std::make_shared<CompiledPolicy>(std::move(policy));
  p->type = type;
  bool variables = p->source.version == PolicyVersion::k2012_10_17;
  p->statements.reserve(p->source.statements.size());
  for (const Statement& s : p->source.statements) {
    VOUCH_RETURN_IF_ERROR(CompileStatement(s, type, variables, p->statements.emplace_back()));
  }
  BuildIndex(*p);
  return std::shared_ptr<const CompiledPolicy>(std::move(p));
}

absl::Span<const CompiledPolicy::ActionEntry> CompiledPolicy::ServiceEntries(
    absl::string_view service) const {
  if (!service_ranges.empty()) {
    auto it = service_ranges.find(service);
    if (it == service_ranges.end()) return {};
    return absl::MakeConstSpan(by_service.data() + it->second.first,
                               it->second.second - it->second.first);
  }
  auto begin =
      std::lower_bound(by_service.begin(), by_service.end(), service,
                       [](const ActionEntry& e, absl::string_view s) { return e.service < s; });
  auto end = begin;
  while (end != by_service.end() && end->service == service) ++end;
  return absl::MakeConstSpan(by_service.data() + (begin - by_service.begin()),
                             static_cast<size_t>(end - begin));
}

const Policy& SourcePolicy(const CompiledPolicy& policy) { return policy.source; }

}  // namespace vouch::iam
