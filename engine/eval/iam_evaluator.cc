// The concrete IAM evaluator (see iam_evaluator.h).
//
// Evaluate runs in two phases. First every policy that applies is scanned for the statements
// that match the request (EvaluatePolicy), each recorded as a Hit; only the statements indexed
// under the request's service, plus the NotAction and `*` ones, are looked at. Then Decide
// applies AWS's enforcement logic to the hits. The hot path allocates nothing until the result
// is built, unless a policy variable must be substituted or a context key is missing.
#include "engine/eval/iam_evaluator.h"

#include <algorithm>
#include <cstdint>

#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/eval/compiled_policy.h"
#include "models/iam/arn.h"

namespace vouch::iam {
namespace {

// How a resource-policy statement names the caller, weakest first (AWS's same-account table):
// the account (delegates to IAM), the role of a session (limited by the boundary and the session
// policy), everyone (`*`, or a NotPrincipal that leaves the caller out: not the session's own
// ARN, so limited by the session policy only), or the caller's own ARN (limited by neither).
enum class Grant : uint8_t { kNone, kAccount, kRole, kWildcard, kDirect };

enum class Group : uint8_t { kIdentity, kBoundary, kSession, kResource, kScp, kRcp };

struct Hit {
  const AppliedPolicy* applied;
  const CompiledStatement* statement;
  Group group;
  uint32_t slot;  // boundary or session policy index, SCP or RCP level
  uint32_t seq;   // which policy evaluation, for ordering
  Grant grant;
};

struct Ctx {
  explicit Ctx(const Request& r) : request(r), principal(ClassifyPrincipal(r.principal)) {}

  const Request& request;
  PrincipalView principal;
  absl::string_view service;  // lowercased
  absl::string_view name;     // lowercased action name
  absl::string_view resource;
  ArnSplit resource_split;
  bool has_boundary = false;
  std::string scratch;
  std::vector<absl::string_view> missing;
  absl::InlinedVector<Hit, 8> hits;
  uint32_t seq = 0;
};

enum class Match : uint8_t { kNo, kYes, kNoValue };

// kNoValue: the pattern holds a policy variable the request has no value for.
Match ResourceMatches(const ResourcePattern& p, Ctx& c) {
  if (!p.text.has_variables()) {
    bool m = p.glob.is_simple() ? p.glob.Matches(c.resource)
                                : MatchResourcePattern(p.glob.pattern(), p.split, c.resource, c.resource_split);
    return m ? Match::kYes : Match::kNo;
  }
  c.scratch.clear();
  if (!p.text.Resolve(c.request, &c.scratch)) {
    // The key decides whether the statement applies, as a condition's key would: the request
    // lacks it, so the answer may differ for a request that has it.
    p.text.AppendMissingKeys(c.request, &c.missing);
    return Match::kNoValue;
  }
  bool m = MatchResourcePattern(c.scratch, SplitArnSegments(c.scratch), c.resource, c.resource_split);
  return m ? Match::kYes : Match::kNo;
}

// Resource: some pattern matches. NotResource: none matches. A pattern whose variable has no
// value matches nothing; a NotResource holding one makes the statement not apply, Allow or Deny
// (AWS: such a statement "may be invalid"; a Deny then fails to apply, which is why AWS
// recommends IfExists). One exception, where AWS's documentation is silent and vouch follows
// the oracle: a variable that is a whole ARN segment (`...:${aws:username}`) leaves the pattern
// matching nothing, so NotResource excludes nothing and the statement applies.
bool ResourceApplies(const CompiledStatement& s, Ctx& c) {
  if (!s.has_resource) return true;  // trust policies: the resource is implied
  for (const ResourcePattern& r : s.resources) {
    Match m = ResourceMatches(r, c);
    if (m == Match::kYes) return !s.not_resource;
    if (m == Match::kNoValue && s.not_resource) {
      if (r.variable_fills_segment) continue;
      return false;
    }
  }
  return s.not_resource;
}

bool RoleEntryMatches(const PrincipalEntry& e, const PrincipalView& who) {
  if (who.text == e.text) return true;
  return who.kind == PrincipalKind::kAssumedRole && who.account == e.account && who.name == e.name;
}

// Principal: the strongest way an entry names the caller.
Grant PrincipalGrant(const CompiledPrincipal& p, const PrincipalView& who) {
  if (p.wildcard) return Grant::kWildcard;
  Grant best = Grant::kNone;
  for (const PrincipalEntry& e : p.entries) {
    Grant g = Grant::kNone;
    switch (e.kind) {
      case PrincipalEntry::Kind::kAccount:
        if (!who.account.empty() && who.account == e.account) g = Grant::kAccount;
        break;
      case PrincipalEntry::Kind::kRole:
        if (RoleEntryMatches(e, who)) g = Grant::kRole;
        break;
      case PrincipalEntry::Kind::kExact:
        if (who.text == e.text) g = Grant::kDirect;
        break;
    }
    best = std::max(best, g);
  }
  return best;
}

// NotPrincipal: the caller is exempt only when every identity it acts as is listed: its account,
// and for a role session the role and the session too ("AWS JSON policy elements: NotPrincipal").
bool NotPrincipalLists(const CompiledPrincipal& p, const PrincipalView& who) {
  if (p.wildcard) return true;
  bool account = false, role = false, exact = false;
  for (const PrincipalEntry& e : p.entries) {
    account |= e.kind == PrincipalEntry::Kind::kAccount && !who.account.empty() && who.account == e.account;
    role |= e.kind == PrincipalEntry::Kind::kRole && RoleEntryMatches(e, who);
    exact |= who.text == e.text;
  }
  switch (who.kind) {
    case PrincipalKind::kUser:
    case PrincipalKind::kFederatedUser: return account && exact;
    case PrincipalKind::kAssumedRole: return account && role && exact;
    case PrincipalKind::kRole: return account && role;
    case PrincipalKind::kRoot: return account;
    case PrincipalKind::kService:
    case PrincipalKind::kUnknown: return exact;
    case PrincipalKind::kAnonymous: return false;
  }
  return false;
}

Grant StatementPrincipal(const CompiledStatement& s, PolicyType type, const Ctx& c) {
  if (type != PolicyType::kResource && type != PolicyType::kRcp) return Grant::kDirect;
  const CompiledPrincipal& p = s.principal;
  if (!p.present) return Grant::kNone;  // AWS: a resource-policy statement needs a principal
  if (!p.negated) return PrincipalGrant(p, c.principal);
  // AWS: NotPrincipal with Deny in a resource policy always denies a principal that has a
  // permissions boundary, whatever the list says.
  if (s.effect == Effect::kDeny && c.has_boundary) return Grant::kDirect;
  return NotPrincipalLists(p, c.principal) ? Grant::kNone : Grant::kWildcard;
}

void EvaluateStatement(const AppliedPolicy& applied, uint32_t index, Group group, uint32_t slot, Ctx& c) {
  const CompiledPolicy& policy = *applied.policy;
  const CompiledStatement& s = policy.statements[index];
  if (!ResourceApplies(s, c)) return;
  Grant grant = StatementPrincipal(s, policy.type, c);
  if (grant == Grant::kNone) return;
  for (const CompiledCondition& cond : s.conditions) AppendMissingKeys(cond, c.request, &c.missing);
  for (const CompiledCondition& cond : s.conditions) {
    if (!EvaluateCondition(cond, c.request, &c.scratch)) return;
  }
  c.hits.push_back(Hit{&applied, &s, group, slot, c.seq, grant});
}

void EvaluatePolicy(const AppliedPolicy& applied, Group group, uint32_t slot, Ctx& c) {
  if (applied.policy == nullptr) return;
  const CompiledPolicy& p = *applied.policy;
  ++c.seq;
  for (uint32_t i : p.every_service) {
    const CompiledStatement& s = p.statements[i];
    if (s.not_action && s.ListsAction(c.service, c.name)) continue;  // NotAction lists it
    EvaluateStatement(applied, i, group, slot, c);
  }
  uint32_t done = UINT32_MAX;
  for (const CompiledPolicy::ActionEntry& e : p.ServiceEntries(c.service)) {
    if (e.statement == done || !e.name->Matches(c.name)) continue;
    done = e.statement;
    EvaluateStatement(applied, e.statement, group, slot, c);
  }
}

// What the hits add up to, per AWS's enforcement logic.
struct Tally {
  bool deny = false;
  bool org_deny = false;
  bool boundary_deny = false;
  bool identity_allow = false;
  Grant resource_grant = Grant::kNone;
  absl::InlinedVector<bool, 4> boundary_allow, session_allow, scp_allow;
};

Tally Count(const PolicySet& set, bool scp_applies, const Ctx& c) {
  Tally t;
  t.boundary_allow.assign(set.permission_boundaries.size(), false);
  t.session_allow.assign(set.session_policies.size(), false);
  t.scp_allow.assign(scp_applies ? set.scp_levels.size() : 0, false);
  for (const Hit& h : c.hits) {
    bool allow = h.statement->effect == Effect::kAllow;
    if (!allow) {
      t.deny = true;
      t.org_deny |= h.group == Group::kScp || h.group == Group::kRcp;
      t.boundary_deny |= h.group == Group::kBoundary;
      continue;
    }
    switch (h.group) {
      case Group::kIdentity: t.identity_allow = true; break;
      case Group::kBoundary: t.boundary_allow[h.slot] = true; break;
      case Group::kSession: t.session_allow[h.slot] = true; break;
      case Group::kResource: t.resource_grant = std::max(t.resource_grant, h.grant); break;
      case Group::kScp: t.scp_allow[h.slot] = true; break;
      case Group::kRcp: break;  // RCPFullAWSAccess is implied: RCP allows change nothing
    }
  }
  return t;
}

bool AllTrue(const absl::InlinedVector<bool, 4>& v) {
  return std::all_of(v.begin(), v.end(), [](bool b) { return b; });
}

MatchedStatement ToMatched(const Hit& h) {
  const CompiledPolicy& p = *h.applied->policy;
  const Statement& s = *h.statement->source;
  return MatchedStatement{p.source.name, p.type, h.applied->origin, s.sid, s.index, s.effect, s.source};
}

void AddMatched(const Ctx& c, bool want_deny, bool identity, bool resource, EvaluationResult* r) {
  absl::InlinedVector<const Hit*, 8> chosen;
  for (const Hit& h : c.hits) {
    bool deny = h.statement->effect == Effect::kDeny;
    if (deny != want_deny) continue;
    if (!want_deny && !((identity && h.group == Group::kIdentity) || (resource && h.group == Group::kResource))) continue;
    chosen.push_back(&h);
  }
  std::sort(chosen.begin(), chosen.end(), [](const Hit* a, const Hit* b) {
    return a->seq != b->seq ? a->seq < b->seq : a->statement->source->index < b->statement->source->index;
  });
  for (const Hit* h : chosen) r->matched.push_back(ToMatched(*h));
}

void AddMissingKeys(Ctx& c, EvaluationResult* r) {
  if (c.missing.empty()) return;
  auto less = [](absl::string_view a, absl::string_view b) {
    int cmp = strncasecmp(a.data(), b.data(), std::min(a.size(), b.size()));
    return cmp != 0 ? cmp < 0 : a.size() < b.size();
  };
  std::sort(c.missing.begin(), c.missing.end(), less);
  for (absl::string_view k : c.missing) {
    if (!r->missing_context_keys.empty() && absl::EqualsIgnoreCase(r->missing_context_keys.back(), k)) continue;
    r->missing_context_keys.emplace_back(k);
  }
}

// Role trust policies and KMS key policies must allow explicitly even in the principal's own
// account: the flag, or an sts:AssumeRole* request with a trust policy given, or a kms: request
// on a key (the key policy; when none is given, nothing allows).
bool MustAllow(const PolicySet& set, const Ctx& c) {
  if (set.resource_policy_must_allow) return true;
  if (c.service == "sts") return set.resource_policy && absl::StartsWith(c.name, "assumerole");
  return c.service == "kms" && c.resource_split.count == 6 &&
         absl::StartsWith(c.resource_split.Segment(c.resource, 5), "key/");
}

// Steps 2-8 of AWS's enforcement logic, once explicit denies are ruled out.
bool Allowed(const PolicySet& set, const Tally& t, const Ctx& c, bool* used_identity, bool* used_resource) {
  const PrincipalView& who = c.principal;
  bool pb_ok = AllTrue(t.boundary_allow);
  bool session_ok = set.session_policies.empty() ? who.kind != PrincipalKind::kFederatedUser
                                                 : AllTrue(t.session_allow);
  // The root user has every permission unless an SCP, RCP or resource policy takes it away.
  bool identity_path = (who.kind == PrincipalKind::kRoot || t.identity_allow) && pb_ok && session_ok;
  bool resource_path = false;
  switch (t.resource_grant) {
    case Grant::kDirect: resource_path = true; break;  // user or session ARN: not limited
    case Grant::kWildcard: resource_path = session_ok; break;
    case Grant::kRole: resource_path = pb_ok && session_ok; break;  // role ARN: limited
    case Grant::kAccount: resource_path = identity_path; break;  // delegated to the account's IAM
    case Grant::kNone: break;
  }
  const Request& r = c.request;
  bool same_account = r.resource_account.empty() || r.resource_account == who.account;
  bool no_identity = who.kind == PrincipalKind::kAnonymous || who.kind == PrincipalKind::kService;
  bool allowed;
  if (no_identity || (same_account && MustAllow(set, c))) {
    allowed = resource_path;
  } else if (same_account) {
    allowed = identity_path || resource_path;
  } else {  // cross-account: both the resource policy and the identity side must allow
    allowed = t.resource_grant != Grant::kNone && identity_path;
  }
  *used_resource = allowed && t.resource_grant != Grant::kNone && (resource_path || !same_account);
  *used_identity = allowed && identity_path && t.identity_allow;
  return allowed;
}

}  // namespace

absl::string_view DecisionName(Decision d) {
  switch (d) {
    case Decision::kAllowed: return "allowed";
    case Decision::kExplicitDeny: return "explicitDeny";
    case Decision::kImplicitDeny: return "implicitDeny";
  }
  return "implicitDeny";
}

EvaluationResult Evaluate(const PolicySet& set, const Request& request) {
  Ctx c(request);
  char buffer[256];
  std::string long_action;
  absl::string_view action = request.action;
  if (action.size() <= sizeof(buffer)) {
    for (size_t i = 0; i < action.size(); ++i) buffer[i] = absl::ascii_tolower(static_cast<unsigned char>(action[i]));
    action = absl::string_view(buffer, action.size());
  } else {
    long_action = absl::AsciiStrToLower(action);
    action = long_action;
  }
  size_t colon = action.find(':');
  c.service = colon == absl::string_view::npos ? action : action.substr(0, colon);
  c.name = colon == absl::string_view::npos ? absl::string_view() : action.substr(colon + 1);
  c.resource = request.resource;
  c.resource_split = SplitArnSegments(c.resource);
  c.has_boundary = !set.permission_boundaries.empty();

  bool scp_applies = !set.principal_in_management_account && !c.principal.service_linked;
  bool rcp_applies = !set.resource_in_management_account;
  for (const AppliedPolicy& p : set.identity) EvaluatePolicy(p, Group::kIdentity, 0, c);
  for (uint32_t i = 0; i < set.permission_boundaries.size(); ++i) EvaluatePolicy(set.permission_boundaries[i], Group::kBoundary, i, c);
  for (uint32_t i = 0; i < set.session_policies.size(); ++i) EvaluatePolicy(set.session_policies[i], Group::kSession, i, c);
  if (set.resource_policy) EvaluatePolicy(*set.resource_policy, Group::kResource, 0, c);
  for (uint32_t l = 0; scp_applies && l < set.scp_levels.size(); ++l) {
    for (const AppliedPolicy& p : set.scp_levels[l]) EvaluatePolicy(p, Group::kScp, l, c);
  }
  for (uint32_t l = 0; rcp_applies && l < set.rcp_levels.size(); ++l) {
    for (const AppliedPolicy& p : set.rcp_levels[l]) EvaluatePolicy(p, Group::kRcp, l, c);
  }

  Tally t = Count(set, scp_applies, c);
  EvaluationResult r;
  r.allowed_by_organizations = !t.org_deny && AllTrue(t.scp_allow);
  r.allowed_by_permission_boundary = !t.boundary_deny && AllTrue(t.boundary_allow);
  AddMissingKeys(c, &r);
  if (t.deny) {
    r.decision = Decision::kExplicitDeny;
    AddMatched(c, /*want_deny=*/true, false, false, &r);
    return r;
  }
  bool used_identity = false, used_resource = false;
  if (AllTrue(t.scp_allow) && Allowed(set, t, c, &used_identity, &used_resource)) {
    r.decision = Decision::kAllowed;
    AddMatched(c, /*want_deny=*/false, used_identity, used_resource, &r);
    return r;
  }
  r.resource_policy_silent =
      t.identity_allow && t.resource_grant == Grant::kNone && MustAllow(set, c);
  return r;
}

namespace {

void SetIfAbsent(Request& request, absl::string_view key, std::string value,
                 ContextType type = ContextType::kString) {
  if (request.Find(key) != nullptr) return;
  request.Set(ContextValue{std::string(key), type, false, {std::move(value)}});
}

}  // namespace

void FillPrincipalKeys(Request& request, absl::string_view principal_unique_id) {
  PrincipalView p = ClassifyPrincipal(request.principal);
  std::string id(principal_unique_id);
  std::string account(p.account);
  switch (p.kind) {
    case PrincipalKind::kUser:
      SetIfAbsent(request, "aws:username", std::string(p.name));
      if (!id.empty()) SetIfAbsent(request, "aws:userid", id);
      SetIfAbsent(request, "aws:PrincipalArn", request.principal);
      SetIfAbsent(request, "aws:PrincipalType", "User");
      break;
    case PrincipalKind::kAssumedRole:
      if (!id.empty()) {
        SetIfAbsent(request, "aws:userid", absl::StrContains(id, ':') ? id : absl::StrCat(id, ":", p.session));
      }
      SetIfAbsent(request, "aws:PrincipalArn", absl::StrCat("arn:", p.partition, ":iam::", p.account, ":role/", p.name));
      SetIfAbsent(request, "aws:PrincipalType", "AssumedRole");
      break;
    case PrincipalKind::kRole:
      if (!id.empty()) SetIfAbsent(request, "aws:userid", id);
      SetIfAbsent(request, "aws:PrincipalArn", request.principal);
      SetIfAbsent(request, "aws:PrincipalType", "AssumedRole");
      break;
    case PrincipalKind::kFederatedUser:
      SetIfAbsent(request, "aws:userid", absl::StrCat(p.account, ":", p.name));
      SetIfAbsent(request, "aws:PrincipalArn", request.principal);
      SetIfAbsent(request, "aws:PrincipalType", "FederatedUser");
      break;
    case PrincipalKind::kRoot:
      SetIfAbsent(request, "aws:userid", account);
      SetIfAbsent(request, "aws:PrincipalArn",
                  p.partition.empty() ? absl::StrCat("arn:aws:iam::", p.account, ":root") : request.principal);
      SetIfAbsent(request, "aws:PrincipalType", "Account");
      break;
    case PrincipalKind::kAnonymous:
      SetIfAbsent(request, "aws:PrincipalType", "Anonymous");
      return;
    case PrincipalKind::kService:
      SetIfAbsent(request, "aws:PrincipalIsAWSService", "true", ContextType::kBoolean);
      SetIfAbsent(request, "aws:PrincipalServiceName", request.principal);
      return;
    case PrincipalKind::kUnknown:
      return;
  }
  // Every request signed with an IAM principal's credentials carries it.
  SetIfAbsent(request, "aws:PrincipalIsAWSService", "false", ContextType::kBoolean);
  if (!account.empty()) SetIfAbsent(request, "aws:PrincipalAccount", account);
}

}  // namespace vouch::iam
