// Fuzzes the concrete IAM evaluator on parsed policies. The input is a request, `---`, then a
// policy document:
//
//   s3:GetObject                              action
//   arn:aws:s3:::bucket/key                   resource
//   arn:aws:iam::111122223333:user/alice      principal
//   aws:SourceIp=203.0.113.7                  context keys, one per line (string type)
//   ---
//   {"Version": "2012-10-17", "Statement": [...]}
//
// Besides not crashing, the answer must be consistent: deterministic, explained by matching
// statements of the right effect, overridden by an explicit deny-everything policy, and
// implicitDeny when no policy applies; and the search over the keys the request lacks must
// give witnesses that replay (context_search.h).
#include <cstdint>
#include <vector>

#include "absl/strings/str_split.h"
#include "engine/eval/context_search.h"
#include "engine/eval/iam_evaluator.h"
#include "frontends/aws/policy_document.h"
#include "models/iam/arn.h"
#include "tests/fuzz/fuzz_checks.h"

namespace vouch::iam {
namespace {

using fuzz::Require;

Request ParseRequest(absl::string_view text) {
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  Request r;
  r.principal = "arn:aws:iam::111122223333:user/alice";
  if (lines.size() > 0) r.action = std::string(lines[0]);
  if (lines.size() > 1) r.resource = std::string(lines[1]);
  if (lines.size() > 2) r.principal = std::string(lines[2]);
  for (size_t i = 3; i < lines.size(); ++i) {
    std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(lines[i], absl::MaxSplits('=', 1));
    absl::StatusOr<ContextValue> v = MakeContextValue(kv.first, "string", {std::string(kv.second)});
    if (v.ok()) r.Set(*v);
  }
  return r;
}

void CheckExplained(const EvaluationResult& r, const Request& request) {
  if (r.decision == Decision::kImplicitDeny) return;
  // The root user's own permissions allow without a statement.
  bool root = ClassifyPrincipal(request.principal).kind == PrincipalKind::kRoot;
  Require(!r.matched.empty() || (root && r.decision == Decision::kAllowed),
          "an allow or explicit deny names the statements that decided it");
  Effect want = r.decision == Decision::kAllowed ? Effect::kAllow : Effect::kDeny;
  for (const MatchedStatement& m : r.matched) Require(m.effect == want, "matched effect fits");
}

void CheckSet(const PolicySet& set, const Request& request) {
  EvaluationResult a = Evaluate(set, request);
  EvaluationResult b = Evaluate(set, request);
  Require(a.decision == b.decision && a.matched == b.matched, "evaluation is deterministic");
  CheckExplained(a, request);
  // The search over the keys the request lacks: a witness replays, keeps the request's own
  // keys, and sets only keys it lacked; "never allowed" agrees with the request as asked.
  ContextSearch search = SearchContexts(set, request, {}, 2000);
  switch (search.outcome) {
    case ContextSearch::Outcome::kAllowed:
      Require(Evaluate(set, search.witness).decision == Decision::kAllowed, "a witness replays");
      for (const auto& [key, value] : request.context) {
        const ContextValue* kept = search.witness.Find(key);
        Require(kept != nullptr && *kept == value, "a witness keeps the request's keys");
      }
      for (const ContextValue& v : search.filled) {
        Require(request.Find(v.key) == nullptr, "a witness fills only keys the request lacked");
      }
      break;
    case ContextSearch::Outcome::kNeverAllowed:
      Require(a.decision != Decision::kAllowed, "never allowed is not allowed as asked");
      break;
    case ContextSearch::Outcome::kIncomplete:
      Require(!search.why.empty(), "an incomplete search says why");
      break;
  }
}

std::shared_ptr<const CompiledPolicy> DenyEverything() {
  Policy p;
  p.name = "deny-all";
  p.version = PolicyVersion::k2012_10_17;
  Statement s;
  s.effect = Effect::kDeny;
  s.actions = {"*"};
  s.has_resource = true;
  s.resources = {"*"};
  p.statements.push_back(s);
  return *CompilePolicy(p, PolicyType::kIdentity);
}

}  // namespace
}  // namespace vouch::iam

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vouch;
  using namespace vouch::iam;
  absl::string_view input = fuzz::AsText(data, size);
  size_t split = input.find("\n---\n");
  absl::string_view request_text = split == absl::string_view::npos ? "" : input.substr(0, split);
  absl::string_view policy_text = split == absl::string_view::npos ? input : input.substr(split + 5);
  Request request = ParseRequest(request_text);
  if (request.action.empty()) request.action = "s3:GetObject";

  absl::StatusOr<Policy> policy = aws::ParsePolicyText(policy_text, SourceRef{"fuzz.json", ""}, "fuzz");
  if (!policy.ok()) return 0;
  PolicySet empty;
  // With no policy at all, nothing is allowed, but for the root user, who holds every permission
  // that no SCP, RCP or policy takes away; nothing is ever explicitly denied.
  const Decision bare = Evaluate(empty, request).decision;
  if (ClassifyPrincipal(request.principal).kind == PrincipalKind::kRoot) {
    fuzz::Require(bare != Decision::kExplicitDeny, "no policy, no explicit deny");
  } else {
    fuzz::Require(bare == Decision::kImplicitDeny, "no policy, no access");
  }

  auto identity = CompilePolicy(*policy, PolicyType::kIdentity);
  if (identity.ok()) {
    PolicySet set;
    set.identity.push_back({*identity, PolicyOrigin::kUser});
    CheckSet(set, request);
    set.identity.push_back({DenyEverything(), PolicyOrigin::kUser});
    fuzz::Require(Evaluate(set, request).decision == Decision::kExplicitDeny,
                  "an explicit deny of everything wins");
  }
  auto resource = CompilePolicy(*policy, PolicyType::kResource);
  if (resource.ok()) {
    PolicySet set;
    set.resource_policy = AppliedPolicy{*resource, PolicyOrigin::kNone};
    CheckSet(set, request);
    if (identity.ok()) set.identity.push_back({*identity, PolicyOrigin::kUser});
    CheckSet(set, request);
  }
  return 0;
}
