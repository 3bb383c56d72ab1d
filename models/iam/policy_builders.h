// Builders for IAM models in code: statements, policies and requests, with SourceRefs filled the
// way a policy file would give them ("<name>.json: /Statement/<i>"). For tests and benchmarks,
// which build policies without JSON; nothing in vouch's pipeline uses them.
//
//   Policy p = MakePolicy("p", {Allow({"s3:Get*"}, {"arn:aws:s3:::b/*"}),
//                               WithSid(Deny({"s3:DeleteObject"}), "NoDelete")});
//   Request r = MakeRequest("arn:aws:iam::111122223333:user/alice", "s3:GetObject", "arn:aws:s3:::b/k");
#ifndef VOUCH_MODELS_IAM_POLICY_BUILDERS_H_
#define VOUCH_MODELS_IAM_POLICY_BUILDERS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "models/iam/policy.h"
#include "models/iam/request.h"

namespace vouch::iam::builders {

inline Statement MakeStatement(Effect effect, std::vector<std::string> actions,
                               std::vector<std::string> resources = {"*"}) {
  Statement s;
  s.effect = effect;
  s.actions = std::move(actions);
  s.has_resource = true;
  s.resources = std::move(resources);
  return s;
}

inline Statement Allow(std::vector<std::string> actions, std::vector<std::string> resources = {"*"}) {
  return MakeStatement(Effect::kAllow, std::move(actions), std::move(resources));
}

inline Statement Deny(std::vector<std::string> actions, std::vector<std::string> resources = {"*"}) {
  return MakeStatement(Effect::kDeny, std::move(actions), std::move(resources));
}

inline Statement NotAction(Statement s) {
  s.not_action = true;
  return s;
}

inline Statement NotResource(Statement s) {
  s.not_resource = true;
  return s;
}

inline Statement NoResource(Statement s) {
  s.has_resource = false;
  s.resources.clear();
  return s;
}

inline Statement WithSid(Statement s, std::string sid) {
  s.sid = std::move(sid);
  return s;
}

// A Principal element of AWS entries (account ids, ARNs; "*" for everyone).
inline Statement WithPrincipal(Statement s, std::vector<std::string> aws, bool not_principal = false) {
  PrincipalElement p;
  for (std::string& a : aws) {
    if (a == "*") {
      p.wildcard = true;
    } else {
      p.aws.push_back(std::move(a));
    }
  }
  s.principal = std::move(p);
  s.not_principal = not_principal;
  return s;
}

inline Statement WithServicePrincipal(Statement s, std::string service) {
  PrincipalElement p;
  p.service.push_back(std::move(service));
  s.principal = std::move(p);
  return s;
}

inline Statement WithFederatedPrincipal(Statement s, std::string provider) {
  PrincipalElement p;
  p.federated.push_back(std::move(provider));
  s.principal = std::move(p);
  return s;
}

inline Statement WithCondition(Statement s, Condition c) {
  s.conditions.push_back(std::move(c));
  return s;
}

inline Policy MakePolicy(std::string name, std::vector<Statement> statements,
                         PolicyVersion version = PolicyVersion::k2012_10_17) {
  Policy p;
  p.name = name;
  p.version = version;
  p.source = SourceRef{absl::StrCat(name, ".json"), ""};
  for (size_t i = 0; i < statements.size(); ++i) {
    Statement& s = statements[i];
    s.index = static_cast<int>(i);
    s.source = p.source.Child("Statement").Child(i);
    for (Condition& c : s.conditions) {
      c.source = s.source.Child("Condition").Child(ConditionOperatorName(c.op)).Child(c.key);
    }
  }
  p.statements = std::move(statements);
  return p;
}

inline ContextValue StringKey(std::string key, std::vector<std::string> values) {
  return ContextValue{std::move(key), ContextType::kString, values.size() != 1, std::move(values)};
}

inline Request MakeRequest(std::string principal, std::string action, std::string resource = "*") {
  Request r;
  r.principal = std::move(principal);
  r.action = std::move(action);
  r.resource = std::move(resource);
  return r;
}

}  // namespace vouch::iam::builders

#endif  // VOUCH_MODELS_IAM_POLICY_BUILDERS_H_
