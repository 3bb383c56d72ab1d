// Who can do what (see who_can.h).
#include "engine/eval/who_can.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/eval/context_search.h"
#include "models/base/status_macros.h"

namespace vouch::iam {
namespace {

// The request a principal makes: the query's context, then the keys AWS fills from the
// principal where the query does not give them.
Request BaseRequest(const WhoCanQuery& query, const std::string& arn, const std::string& id,
                    const Tags& tags) {
  Request r;
  r.principal = arn;
  r.resource_account = query.resource_account;
  r.context = query.context.context;
  for (const auto& [key, value] : tags) {
    std::string name = absl::StrCat("aws:PrincipalTag/", key);
    if (r.Find(name) == nullptr)
      r.Set(ContextValue{std::move(name), ContextType::kString, false, {value}});
  }
  FillPrincipalKeys(r, id);
  return r;
}

// The standing of `out`, its results decided: allowed with the context given, or else what the
// search over the keys each request lacks finds.
void Settle(const PolicySet& set, const Request& base, const WhoCanQuery& query,
            PrincipalAnswer& out) {
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
  out.results.reserve(query.actions.size() * query.resources.size());
  for (const std::string& action : query.actions) {
    for (const std::string& resource : query.resources) {
      base.action = action;
      base.resource = resource;
      out.results.push_back(Evaluate(set, base));
    }
  }
  Settle(set, base, query, out);
  return absl::OkStatus();
}

}  // namespace

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

absl::StatusOr<WhoCanAnswer> WhoCan(const Account& account, const WhoCanQuery& query,
                                    CompileCache& cache) {
  WhoCanAnswer answer;
  answer.principals.resize(account.users.size() + account.roles.size());
  size_t i = 0;
  for (const User& u : account.users) {
    VOUCH_RETURN_IF_ERROR(Answer(account, query, {.user = &u}, cache, answer.principals[i++]));
  }
  for (const Role& r : account.roles) {
    VOUCH_RETURN_IF_ERROR(Answer(account, query, {.role = &r}, cache, answer.principals[i++]));
  }
  return answer;
}

}  // namespace vouch::iam
