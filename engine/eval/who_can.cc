// Who can do what (see who_can.h).
#include "engine/eval/who_can.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/eval/context_search.h"
#include "models/base/status_macros.h"
#include "models/iam/arn.h"

namespace vouch::iam {
namespace {

// The request a principal makes: the query's context, then the keys AWS fills from the
// principal where the query does not give them (`principal_keys` false: none, for a user of an
// identity provider, whose request AWS fills from its token instead).
Request BaseRequest(const WhoCanQuery& query, const std::string& arn, const std::string& id,
                    const Tags& tags, bool principal_keys = true) {
  Request r;
  r.principal = arn;
  r.resource_account = query.resource_account;
  r.context = query.context.context;
  for (const auto& [key, value] : tags) {
    std::string name = absl::StrCat("aws:PrincipalTag/", key);
    if (r.Find(name) == nullptr)
      r.Set(ContextValue{std::move(name), ContextType::kString, false, {value}});
  }
  if (principal_keys) FillPrincipalKeys(r, id);
  return r;
}

// The standing of `out`, its results decided: allowed with the context given, or else what the
// search over the keys each request lacks finds.
void Settle(const PolicySet& principal_set, const Request& base, const WhoCanQuery& query,
            PrincipalAnswer& out) {
  PolicySet scratch;
  for (const EvaluationResult& r : out.results) {
    if (r.decision == Decision::kAllowed) {
      out.standing = Standing::kAllowed;
      return;
    }
  }
  out.standing = Standing::kDenied;
  Request r = base;
  for (size_t i = 0; i < out.results.size(); ++i) {
    if (out.results[i].missing_context_keys.empty()) continue;
    r.action = query.actions[i / query.resources.size()];
    r.resource = query.resources[i % query.resources.size()];
    const PolicySet& set = query.SetFor(i % query.resources.size(), principal_set, scratch);
    // The principal's own keys are facts (its name, ids, tags), not choices of the caller.
    ContextSearch search = SearchContexts(set, r, PrincipalKeys());
    ++out.searched;
    out.contexts_tried += search.contexts_tried;
    switch (search.outcome) {
      case ContextSearch::Outcome::kAllowed:
        out.standing = Standing::kAllowedWithContext;
        out.witness_index = i;
        out.witness = std::move(search.witness);
        out.witness_filled = std::move(search.filled);
        out.witness_result = std::move(search.result);
        return;
      case ContextSearch::Outcome::kIncomplete:
        if (out.standing != Standing::kDependsOnContext) out.unknown_why = std::move(search.why);
        out.standing = Standing::kDependsOnContext;
        break;
      case ContextSearch::Outcome::kNeverAllowed:
        break;
    }
  }
}

// Decides every request of the query for `base`'s principal under `set`, then its standing.
void Decide(const PolicySet& set, Request& base, const WhoCanQuery& query, PrincipalAnswer& out) {
  out.results.reserve(query.actions.size() * query.resources.size());
  PolicySet scratch;
  for (const std::string& action : query.actions) {
    for (size_t r = 0; r < query.resources.size(); ++r) {
      base.action = action;
      base.resource = query.resources[r];
      out.results.push_back(Evaluate(query.SetFor(r, set, scratch), base));
    }
  }
  Settle(set, base, query, out);
}

// The requests of a caller outside the account (out.outside), its own policies allowing
// everything, on resources of `owner`.
void AnswerOutside(const WhoCanQuery& query, const std::string& owner, PrincipalAnswer& out) {
  PolicySet set;
  set.rcp_levels = query.shared.rcp_levels;
  set.resource_policy = query.shared.resource_policy;
  set.resource_policy_must_allow = query.shared.resource_policy_must_allow;
  if (out.outside->kind == OutsideCaller::Kind::kOtherAccount) {
    set.identity.push_back({OutsideCallerPolicies(), PolicyOrigin::kNone});
  }
  Request base = BaseRequest(query, out.outside->arn, "", {},
                             out.outside->kind != OutsideCaller::Kind::kFederated);
  base.resource_account = owner;
  Decide(set, base, query, out);
}

absl::Status Answer(const Account& account, const WhoCanQuery& query, PolicySource source,
                    CompileCache& cache, PrincipalAnswer& out) {
  PolicySet set;
  set.scp_levels = query.shared.scp_levels;
  set.rcp_levels = query.shared.rcp_levels;
  set.resource_policy = query.shared.resource_policy;
  set.resource_policy_must_allow = query.shared.resource_policy_must_allow;
  VOUCH_RETURN_IF_ERROR(AddPrincipalPolicies(account, source, cache, set));
  out.user = source.user;
  out.role = source.role;
  Request base = source.user != nullptr
                     ? BaseRequest(query, source.user->arn, source.user->id, source.user->tags)
                     : BaseRequest(query, source.role->arn, source.role->id, source.role->tags);
  Decide(set, base, query, out);
  return absl::OkStatus();
}

}  // namespace

const PolicySet& WhoCanQuery::SetFor(size_t r, const PolicySet& set, PolicySet& scratch) const {
  if (r >= resource_policies.size() || !resource_policies[r]) return set;
  scratch = set;
  scratch.resource_policy = resource_policies[r];
  return scratch;
}

std::vector<const AppliedPolicy*> WhoCanQuery::ResourcePolicies() const {
  std::vector<const AppliedPolicy*> out;
  if (shared.resource_policy) out.push_back(&*shared.resource_policy);
  for (const std::optional<AppliedPolicy>& p : resource_policies) {
    if (p) out.push_back(&*p);
  }
  return out;
}

absl::string_view StandingName(Standing s) {
  switch (s) {
    case Standing::kAllowed:
      return "allowed";
    case Standing::kAllowedWithContext:
      return "allowedWithContext";
    case Standing::kDependsOnContext:
      return "dependsOnContext";
    case Standing::kDenied:
      return "denied";
  }
  return "denied";
}

std::vector<OutsideCaller> OutsideCallers(const Policy& policy, const std::string& owner) {
  std::string other = owner == "000000000000" ? "000000000001" : "000000000000";
  std::vector<OutsideCaller> out = {
      {"", "an anonymous caller", OutsideCaller::Kind::kAnonymous},
      {absl::StrCat("arn:aws:iam::", other, ":user/outside-caller"), "a caller of another account",
       OutsideCaller::Kind::kOtherAccount}};
  auto add = [&out](std::string who, std::string name, OutsideCaller::Kind kind) {
    if (std::none_of(out.begin(), out.end(),
                     [&](const OutsideCaller& c) { return c.arn == who; })) {
      out.push_back({std::move(who), std::move(name), kind});
    }
  };
  for (const Statement& s : policy.statements) {
    if (!s.principal) continue;
    for (const std::string& a : s.principal->aws) {
      std::string account(IsAccountId(a) ? absl::string_view(a) : ArnAccount(a));
      if (account.empty() || account == owner || a == "*") continue;
      std::string who = IsAccountId(a) ? absl::StrCat("arn:aws:iam::", a, ":root") : a;
      add(who, who, OutsideCaller::Kind::kOtherAccount);
    }
    for (const std::string& service : s.principal->service) {
      add(service, absl::StrCat("the AWS service ", service), OutsideCaller::Kind::kService);
    }
    // An S3 canonical user id stands for another account (or a CloudFront origin access
    // identity): asked as one, its own policies taken to allow everything.
    for (const std::string& id : s.principal->canonical_user) {
      add(id, absl::StrCat("the canonical user ", id), OutsideCaller::Kind::kOtherAccount);
    }
    for (const std::string& provider : s.principal->federated) {
      add(provider, absl::StrCat("a user federated by ", provider),
          OutsideCaller::Kind::kFederated);
    }
  }
  return out;
}

absl::StatusOr<WhoCanAnswer> WhoCan(const Account& account, const WhoCanQuery& query,
                                    CompileCache& cache) {
  WhoCanAnswer answer;
  std::vector<OutsideCaller> outside;
  const std::string& owner =
      query.resource_account.empty() ? account.account_id : query.resource_account;
  // The callers outside the account that any of the query's resource policies may let in, each
  // once.
  for (const AppliedPolicy* p : query.ResourcePolicies()) {
    for (OutsideCaller& c : OutsideCallers(SourcePolicy(*p->policy), owner)) {
      if (std::none_of(outside.begin(), outside.end(),
                       [&](const OutsideCaller& o) { return o.arn == c.arn; })) {
        outside.push_back(std::move(c));
      }
    }
  }
  answer.principals.resize(account.users.size() + account.roles.size() + outside.size());
  size_t i = 0;
  for (const User& u : account.users) {
    VOUCH_RETURN_IF_ERROR(Answer(account, query, {.user = &u}, cache, answer.principals[i++]));
  }
  for (const Role& r : account.roles) {
    VOUCH_RETURN_IF_ERROR(Answer(account, query, {.role = &r}, cache, answer.principals[i++]));
  }
  for (OutsideCaller& c : outside) {
    PrincipalAnswer& p = answer.principals[i++];
    p.outside = std::move(c);
    AnswerOutside(query, owner, p);
  }
  return answer;
}

const std::shared_ptr<const CompiledPolicy>& OutsideCallerPolicies() {
  static const std::shared_ptr<const CompiledPolicy>* compiled = [] {
    Policy everything;
    everything.name = "its own account's policies (taken to allow everything)";
    everything.version = PolicyVersion::k2012_10_17;
    Statement all;
    all.actions = {"*"};
    all.has_resource = true;
    all.resources = {"*"};
    everything.statements.push_back(std::move(all));
    // A policy of one Allow of `*` on `*` compiles.
    return new std::shared_ptr<const CompiledPolicy>(
        *CompilePolicy(everything, PolicyType::kIdentity));
  }();
  return *compiled;
}

}  // namespace vouch::iam
