// The concrete IAM evaluator: AWS's policy evaluation logic for one request, fast.
//
// This is vouch's reference semantics for IAM; the symbolic engine (engine/smt) must agree with
// it. Policies are compiled once (CompilePolicy) and shared between requests; Evaluate is then a
// pure function of the compiled policy set and the request.
//
//   PolicySet set;
//   set.identity.push_back({*CompilePolicy(doc), PolicyOrigin::kUser});
//   EvaluationResult r = Evaluate(set, request);
//   if (r.decision == Decision::kAllowed) ...
//
// The decision follows "How AWS enforcement code logic evaluates requests": explicit deny in any
// policy; every RCP level (RCPFullAWSAccess implied, so only denies restrict); every SCP level
// must allow (management account and service-linked roles exempt); resource-based policy, with
// AWS's same-account and cross-account rules; identity policies; permission boundary; session
// policy.
//
// Files: CompilePolicy lives in iam_compile.cc (compiled form: compiled_policy.h); the matchers
// in wildcard.h, condition_eval.h and policy_variables.h; principals are read by
// models/iam/arn.h.
#ifndef VOUCH_ENGINE_EVAL_IAM_EVALUATOR_H_
#define VOUCH_ENGINE_EVAL_IAM_EVALUATOR_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "models/iam/policy.h"
#include "models/iam/request.h"

namespace vouch::iam {

// A policy compiled for evaluation: patterns parsed, actions folded, operators resolved.
// Immutable and shareable across threads.
class CompiledPolicy;

// Compiles `policy` for evaluation as a policy of `type` (which decides the grammar: Principal
// is required in resource policies and forbidden in identity policies, ...). Errors are
// InvalidArgument naming the statement's SourceRef: an unparsable date, CIDR or number in a
// condition, a Principal in an identity policy, a service wildcard like `*:Get*`, e.g.
//   "p.json: /Statement/1: `Principal` is not allowed in an identity policy"
//   "p.json: /Statement/0: statement has neither `Resource` nor `NotResource`"
//   "p.json: /Statement/0: action `*:Get*` has a wildcard in its service prefix"
//   "p.json: /Statement/0/Condition/DateLessThan/aws:CurrentTime: `DateLessThan` value `soon`
//    is not an ISO 8601 date or epoch seconds"
// Per type: Action/NotAction always required; Resource/NotResource required except in resource
// policies (role trust policies have none) and SCPs; Principal/NotPrincipal required in resource
// policies, `"Principal": "*"` required in RCPs, forbidden elsewhere. Policy variables are active
// only when policy.version is 2012-10-17.
absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompilePolicy(const Policy& policy,
                                                                    PolicyType type);

// The same, sharing `policy` rather than copying it (batch mode reads each document once).
absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompilePolicy(
    std::shared_ptr<const Policy> policy, PolicyType type);

const Policy& SourcePolicy(const CompiledPolicy& policy);

// One policy as it applies to a request.
struct AppliedPolicy {
  std::shared_ptr<const CompiledPolicy> policy;
  PolicyOrigin origin = PolicyOrigin::kNone;  // for identity policies: user, group, aws-managed...
};

// Everything that applies to one principal's requests (and, for the resource policy, to one
// resource). Empty lists mean "none of that kind": no boundary, no session policy, the
// principal's account is not in an organization (no SCPs), ...
// REQUIRES: each policy was compiled with the type of its slot (identity policies as kIdentity,
// the resource policy as kResource, ...): the type decides how Principal is read.
struct PolicySet {
  std::vector<AppliedPolicy> identity;
  std::vector<AppliedPolicy> permission_boundaries;  // AWS allows one; each must allow
  std::vector<AppliedPolicy> session_policies;       // each must allow
  std::optional<AppliedPolicy> resource_policy;
  std::vector<std::vector<AppliedPolicy>> scp_levels;  // root first, then OUs, then the account
  std::vector<std::vector<AppliedPolicy>> rcp_levels;  // RCPFullAWSAccess is implied at each
  bool principal_in_management_account = false;  // SCPs do not apply
  bool resource_in_management_account = false;   // RCPs do not apply
  // Role trust policies and KMS key policies must always allow explicitly, even in the
  // principal's own account (a resource-policy grant is required). Evaluate also applies this
  // rule on its own to `sts:AssumeRole*` requests that come with a resource policy (the trust
  // policy) and to `kms:` requests on a key (`arn:aws:kms:...:key/...`), which without a
  // resource policy (the key policy) are then implicitly denied.
  bool resource_policy_must_allow = false;
};

enum class Decision { kAllowed, kExplicitDeny, kImplicitDeny };

absl::string_view DecisionName(Decision d);  // "allowed", "explicitDeny", "implicitDeny"

// A statement that decided (or took part in) the decision.
struct MatchedStatement {
  std::string policy;  // the policy's name
  PolicyType policy_type = PolicyType::kIdentity;
  PolicyOrigin origin = PolicyOrigin::kNone;
  std::optional<std::string> sid;
  int index = 0;
  Effect effect = Effect::kAllow;
  SourceRef source;

  bool operator==(const MatchedStatement&) const = default;
};

struct EvaluationResult {
  Decision decision = Decision::kImplicitDeny;
  // For explicitDeny: the Deny statements that matched. For allowed: the Allow statements that
  // granted it (identity and/or resource). For implicitDeny: empty.
  std::vector<MatchedStatement> matched;
  // Context keys that a condition, or a policy variable in Resource or NotResource, of a
  // relevant statement referenced and the request lacked, as spelled in the policy, sorted and
  // without case-insensitive duplicates. Empty: the decision is the same whatever values the
  // request's other keys take.
  std::vector<std::string> missing_context_keys;
  bool allowed_by_organizations = true;        // every SCP and RCP level allows
  bool allowed_by_permission_boundary = true;  // the boundary allows (or there is none)
  // implicitDeny: an identity policy allows it, but the request is one the resource's policy
  // must allow too (a role's trust policy, a KMS key policy), and none of its statements does.
  bool resource_policy_silent = false;
};

// Fills the principal-derived global keys (aws:username, aws:userid, aws:PrincipalArn,
// aws:PrincipalAccount, aws:PrincipalType) that `request` does not already set, from its
// principal ARN and, when known, the principal's unique id ("" when unknown).
// Per principal kind: users get aws:username, aws:userid (the id), aws:PrincipalArn,
// aws:PrincipalAccount, aws:PrincipalType=User; role sessions aws:userid "AROA...:session",
// aws:PrincipalArn = the role ARN (arn:aws:iam::ACCT:role/Name; a role path is not in session
// ARNs), PrincipalType=AssumedRole; federated users aws:userid "ACCT:name",
// PrincipalType=FederatedUser; the root user aws:userid = the account id, PrincipalType=Account;
// each of these aws:PrincipalIsAWSService=false, which AWS sets on every signed request. Anonymous
// callers only PrincipalType=Anonymous; service principals (`cloudtrail.amazonaws.com`)
// aws:PrincipalIsAWSService=true and aws:PrincipalServiceName = the service.
void FillPrincipalKeys(Request& request, absl::string_view principal_unique_id);

// Decides `request` against `set`. request.principal is the caller: a user, assumed-role
// session, federated user or root ARN, a bare account id (its root user), a service principal
// (`lambda.amazonaws.com`), or "" for an anonymous caller. request.resource_account "" means
// the principal's own account (same-account rules); anything else that differs from the
// principal's account applies the cross-account rules. The request's context is read as given:
// call FillPrincipalKeys first for the principal keys.
//
// Same account, per the principal a resource-policy Allow names: the user ARN, the session ARN
// or a service suffices alone; `*` (or a NotPrincipal that leaves the caller out) suffices
// within the session policy; the role ARN within the boundary and the session policy; the
// account delegates to the identity side.
// Allocates only for the result, for substituted policy variables and for missing keys.
EvaluationResult Evaluate(const PolicySet& set, const Request& request);

}  // namespace vouch::iam

#endif  // VOUCH_ENGINE_EVAL_IAM_EVALUATOR_H_
