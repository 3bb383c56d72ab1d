// Who can do what (see who_can.h).
#include "engine/eval/who_can.h"

#include <utility>

#include "absl/strings/str_cat.h"
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

Standing StandingOf(const std::vector<EvaluationResult>& results) {
  Standing s = Standing::kDenied;
  for (const EvaluationResult& r : results) {
    if (r.decision == Decision::kAllowed) return Standing::kAllowed;
    if (!r.missing_context_keys.empty()) s = Standing::kDependsOnContext;
  }
  return s;
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
  out.standing = StandingOf(out.results);
  return absl::OkStatus();
}

}  // namespace

absl::string_view StandingName(Standing s) {
  switch (s) {
    case Standing::kAllowed:
      return "allowed";
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
