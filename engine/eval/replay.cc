// Replaying logged calls (see replay.h). MapCall turns a record into a request, part by part;
// Decide evaluates it with the certainty the record allows; Replay does both for every call,
// before and after the change, and finds what each means for the claim.
#include "engine/eval/replay.h"

#include <cstdint>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "engine/eval/context_search.h"
#include "engine/eval/dates.h"
#include "engine/eval/wildcard.h"
#include "models/base/ip.h"
#include "models/base/status_macros.h"
#include "models/iam/arn.h"

namespace vouch::iam {
namespace {

// Services whose endpoint (CloudTrail's `eventSource`) is not named after their prefix in the
// Service Authorization Reference. CloudWatch's API endpoint is monitoring.<region>.amazonaws.com
// and CloudTrail logs its calls as eventSource `monitoring.amazonaws.com` ("Logging Amazon
// CloudWatch API calls with AWS CloudTrail", CloudWatch User Guide), while its actions are
// `cloudwatch:*` ("Actions, resources, and condition keys for Amazon CloudWatch").
struct ServiceAlias {
  absl::string_view endpoint;
  absl::string_view prefix;
};
constexpr ServiceAlias kServiceAliases[] = {{"monitoring", "cloudwatch"}};

// API names that are not the action IAM authorizes, from the operation's own page of the Amazon
// S3 API Reference ("Permissions" section): ListObjects and ListObjectsV2 need s3:ListBucket,
// HeadBucket needs s3:ListBucket, HeadObject needs s3:GetObject.
struct ActionAlias {
  absl::string_view prefix;
  absl::string_view event_name;
  absl::string_view action;
};
constexpr ActionAlias kActionAliases[] = {{"s3", "ListObjects", "s3:ListBucket"},
                                          {"s3", "ListObjectsV2", "s3:ListBucket"},
                                          {"s3", "HeadBucket", "s3:ListBucket"},
                                          {"s3", "HeadObject", "s3:GetObject"}};

MappedCall NotReplayed(absl::string_view reason, std::string detail, bool outside = false) {
  MappedCall m;
  m.not_replayed = std::string(reason);
  m.detail = std::move(detail);
  m.outside_identity_policies = outside;
  return m;
}

// The principal's tags as aws:PrincipalTag/<key>, in place of any the request held.
void SetPrincipalTags(const Tags& tags, Request& r) {
  absl::erase_if(r.context, [](const auto& entry) {
    return absl::StartsWith(entry.first, "aws:principaltag/");
  });
  for (const auto& [key, value] : tags) {
    r.Set(
        ContextValue{absl::StrCat("aws:PrincipalTag/", key), ContextType::kString, false, {value}});
  }
}

// The caller, into m.request.principal (a user's or role's ARN); false with m's reason set.
bool MapPrincipal(const audit::LoggedCall& c, const Account& account, MappedCall& m) {
  const std::string& type = c.identity_type;
  if (type == "Root") {
    m = NotReplayed("root user", "the root user is not subject to the account's identity policies",
                    true);
    return false;
  }
  if (type == "AWSService") {
    // A service assuming a role (EC2 for an instance profile, Lambda for a function): the role's
    // trust policy decides it, as the change leaves it (MapCall checks that the account holds
    // the role). A service has no identity policies.
    if (c.event_source == "sts.amazonaws.com" && absl::StartsWith(c.event_name, "AssumeRole") &&
        ClassifyPrincipal(c.invoked_by).kind == PrincipalKind::kService) {
      m.request.principal = c.invoked_by;
      FillPrincipalKeys(m.request, "");
      m.fixed_keys = PrincipalKeys();
      return true;
    }
    m = NotReplayed("AWS service",
                    "a call by an AWS service is not decided by the account's identity policies",
                    true);
    return false;
  }
  if (type != "IAMUser" && type != "AssumedRole") {
    m = NotReplayed("principal type not modelled",
                    type.empty() ? "the record has no `userIdentity.type`"
                                 : absl::StrCat("`", type, "` callers are not replayed"));
    return false;
  }
  const std::string& arn = type == "IAMUser" ? c.identity_arn : c.issuer_arn;
  const User* user = type == "IAMUser" ? account.FindUser(arn) : nullptr;
  const Role* role = type == "AssumedRole" ? account.FindRole(arn) : nullptr;
  if (arn.empty() || (user == nullptr && role == nullptr)) {
    m = NotReplayed(
        "principal not in the snapshot",
        absl::StrCat("`", arn.empty() ? c.identity_arn : arn, "` is not a ",
                     user == nullptr && type == "IAMUser" ? "user" : "role", " of the snapshot"));
    return false;
  }
  m.request.principal = user != nullptr ? user->arn : role->arn;
  SetPrincipalTags(user != nullptr ? user->tags : role->tags, m.request);
  FillPrincipalKeys(m.request, user != nullptr ? user->id : role->id);
  m.fixed_keys = PrincipalKeys();
  // A long-term access key (AKIA...) signs without MFA: AWS leaves aws:MultiFactorAuthPresent
  // out of the context ("AWS global condition context keys", aws:MultiFactorAuthPresent).
  if (type == "IAMUser" && absl::StartsWith(c.access_key_id, "AKIA")) {
    m.fixed_keys.push_back("aws:multifactorauthpresent");
  }
  return true;
}

// The catalog action, or nullptr with m's reason set.
const CatalogAction* MapAction(const audit::LoggedCall& c, const ActionCatalog& catalog,
                               MappedCall& m) {
  if (c.event_source.empty() || c.event_name.empty()) {
    m = NotReplayed("record incomplete", "the record lacks `eventSource` or `eventName`");
    return nullptr;
  }
  absl::string_view prefix = c.event_source;
  if (!absl::ConsumeSuffix(&prefix, ".amazonaws.com") || absl::StrContains(prefix, '.')) {
    m = NotReplayed("service not in the catalog",
                    absl::StrCat("event source `", c.event_source, "` is not an AWS service's"));
    return nullptr;
  }
  for (const ServiceAlias& a : kServiceAliases) {
    if (prefix == a.endpoint) prefix = a.prefix;
  }
  if (catalog.FindService(prefix) == nullptr) {
    m = NotReplayed("service not in the catalog",
                    absl::StrCat("`", prefix, "` (from event source `", c.event_source,
                                 "`) is not a service of the action catalog"));
    return nullptr;
  }
  std::string name = absl::StrCat(prefix, ":", c.event_name);
  for (const ActionAlias& a : kActionAliases) {
    if (prefix == a.prefix && c.event_name == a.event_name) name = std::string(a.action);
  }
  const CatalogAction* action = catalog.Find(name);
  if (action == nullptr) {
    m = NotReplayed("action not in the catalog",
                    absl::StrCat("`", name, "` is not an action of the catalog"));
  }
  return action;
}

// Whether `arn` fits the ARN template of `type` (each `${...}` any text).
bool FitsTemplate(const CatalogResourceType& type, absl::string_view arn) {
  std::string pattern;
  absl::string_view t = type.arn_template;
  while (!t.empty()) {
    size_t open = t.find("${");
    size_t close = open == absl::string_view::npos ? open : t.find('}', open);
    if (close == absl::string_view::npos) {
      EncodeGlob(t, &pattern);
      break;
    }
    EncodeGlob(t.substr(0, open), &pattern);
    pattern.push_back(kGlobStar);
    t.remove_prefix(close + 1);
  }
  return GlobMatch(pattern, arn);
}

// The IAM entity ARN the request parameters name for resource type `type`, or "".
std::string IamResource(const audit::LoggedCall& c, const CatalogAction& action,
                        absl::string_view type, const Account& account) {
  if (type == "policy") return c.RequestName("policyArn").value_or("");
  absl::string_view param = type == "user"    ? "userName"
                            : type == "group" ? "groupName"
                                              : "roleName";
  if (type != "user" && type != "group" && type != "role") return "";
  std::optional<std::string> name = c.RequestName(param);
  if (!name) {
    // "If you do not specify a user name, IAM determines the user name implicitly based on the
    // AWS access key ID signing the request" (IAM API Reference: GetUser, CreateAccessKey,
    // ListAccessKeys, ...): the caller's own user.
    if (type == "user" && c.identity_type == "IAMUser") {
      const User* self = account.FindUser(c.identity_arn);
      return self != nullptr ? self->arn : "";
    }
    return "";
  }
  const std::string* arn = nullptr;
  if (type == "user" && account.FindUser(*name) != nullptr) arn = &account.FindUser(*name)->arn;
  if (type == "group" && account.FindGroup(*name) != nullptr) arn = &account.FindGroup(*name)->arn;
  if (type == "role" && account.FindRole(*name) != nullptr) arn = &account.FindRole(*name)->arn;
  if (arn != nullptr) return *arn;
  // An entity the call creates is not in the snapshot: its ARN is built from the request's
  // `path` (default `/`, IAM API Reference: CreateUser, CreateGroup, CreateRole).
  if (!absl::StartsWith(action.name, "Create") || account.account_id.empty()) return "";
  std::string path = c.RequestName("path").value_or("/");
  return absl::StrCat("arn:aws:iam::", account.account_id, ":", type, path, *name);
}

// The resource, into m.request.resource; false with m's reason set.
bool MapResource(const audit::LoggedCall& c, const CatalogAction& action, const Account& account,
                 MappedCall& m) {
  if (action.IsWildcardOnly()) {
    // (Assigned as one character: assigning "*" draws GCC 12's false -Wrestrict at -O3.)
    m.request.resource.assign(1, '*');
    return true;
  }
  std::vector<const CatalogResourceType*> required;
  for (const CatalogActionResource& r : action.resource_types) {
    if (r.required) required.push_back(r.type);
  }
  if (required.size() > 1) {
    m = NotReplayed("several resources",
                    absl::StrCat("`", action.FullName(), "` acts on ", required.size(),
                                 " resources at once; vouch decides one request per resource"));
    return false;
  }
  std::string found;
  if (action.service == "iam") {
    const CatalogResourceType* type = required.size() == 1 ? required[0]
                                      : action.resource_types.size() == 1
                                          ? action.resource_types[0].type
                                          : nullptr;
    if (type != nullptr) found = IamResource(c, action, type->name, account);
  }
  if (found.empty()) {
    int fits = 0;
    for (const audit::LoggedResource& r : c.resources) {
      for (const CatalogActionResource& t : action.resource_types) {
        if (FitsTemplate(*t.type, r.arn)) {
          if (++fits == 1) found = r.arn;
          break;
        }
      }
    }
    if (fits > 1) found.clear();
  }
  if (found.empty()) {
    m = NotReplayed(
        "resource not in the record",
        absl::StrCat("no one resource ARN of the record fits `", action.FullName(), "`"));
    return false;
  }
  m.request.resource = std::move(found);
  return true;
}

// The keys the record tells.
void MapContext(const audit::LoggedCall& c, Request& r) {
  if (ParseIpAddress(c.source_ip_address).ok()) {
    r.Set(ContextValue{"aws:SourceIp", ContextType::kIp, false, {c.source_ip_address}});
  }
  if (std::optional<int64_t> ms = ParseDate(c.event_time)) {
    r.Set(ContextValue{"aws:CurrentTime", ContextType::kDate, false, {c.event_time}});
    r.Set(ContextValue{"aws:EpochTime", ContextType::kNumeric, false, {absl::StrCat(*ms / 1000)}});
  }
  if (c.mfa_authenticated) {
    r.Set(ContextValue{"aws:MultiFactorAuthPresent",
                       ContextType::kBoolean,
                       false,
                       {*c.mfa_authenticated ? "true" : "false"}});
  }
  if (!c.aws_region.empty()) {
    r.Set(ContextValue{"aws:RequestedRegion", ContextType::kString, false, {c.aws_region}});
  }
  // `tlsDetails` is written for calls that came over TLS.
  if (c.tls) r.Set(ContextValue{"aws:SecureTransport", ContextType::kBoolean, false, {"true"}});
}

// The policies of the principal `arn` of `account`, compiled once per account and principal.
class PolicySets {
 public:
  PolicySets(const Account& account, CompileCache& cache) : account_(account), cache_(cache) {}

  const Account& account() const { return account_; }
  CompileCache& cache() { return cache_; }

  // nullptr when `arn` is not a user or role of the account.
  absl::StatusOr<const PolicySet*> Get(const std::string& arn) {
    auto it = sets_.find(arn);
    if (it != sets_.end()) return &it->second;
    PolicySource source{account_.FindUser(arn), account_.FindRole(arn), nullptr};
    if (source.user == nullptr && source.role == nullptr) return nullptr;
    PolicySet set;
    VOUCH_RETURN_IF_ERROR(AddPrincipalPolicies(account_, source, cache_, set));
    return &sets_.emplace(arn, std::move(set)).first->second;
  }

 private:
  const Account& account_;
  CompileCache& cache_;
  absl::flat_hash_map<std::string, PolicySet> sets_;
};

CallDecision Decide(const PolicySet& set, const MappedCall& m) {
  CallDecision d;
  d.result = Evaluate(set, m.request);
  bool allowed = d.result.decision == Decision::kAllowed;
  // A key AWS sets from the principal (a tag it lacks, say) is absent in AWS too: its absence
  // settles the decision as the record's keys do.
  std::vector<absl::string_view> open;  // the keys the record could have told
  for (const std::string& k : d.result.missing_context_keys) {
    if (!IsFixedKey(k, m.fixed_keys)) open.push_back(k);
  }
  if (open.empty()) {
    d.verdict = allowed ? CallDecision::Verdict::kAllowed : CallDecision::Verdict::kDenied;
    return d;
  }
  std::string keys = absl::StrJoin(open, ", ");
  if (allowed) {
    // A statement that tests keys the record lacks may deny with some of their values.
    d.verdict = CallDecision::Verdict::kUnknown;
    d.why = absl::StrCat("allowed, but the policies test keys the record does not tell: ", keys);
    return d;
  }
  ContextSearch search = SearchContexts(set, m.request, m.fixed_keys);
  switch (search.outcome) {
    case ContextSearch::Outcome::kNeverAllowed:
      d.verdict = CallDecision::Verdict::kDenied;
      break;
    case ContextSearch::Outcome::kAllowed:
      d.verdict = CallDecision::Verdict::kUnknown;
      d.why = absl::StrCat("allowed with ", absl::StrJoin(FormatContextEntries(search.filled), " "),
                           ", which the record does not tell");
      break;
    case ContextSearch::Outcome::kIncomplete:
      d.verdict = CallDecision::Verdict::kUnknown;
      d.why = absl::StrCat("depends on keys the record does not tell (", keys, "): ", search.why);
      break;
  }
  return d;
}

// A call decided, or left unknown, without an evaluation, for the reason `why`.
CallDecision Unevaluated(CallDecision::Verdict verdict, std::string why) {
  CallDecision d;
  d.verdict = verdict;
  d.why = std::move(why);
  d.evaluated = false;
  return d;
}

absl::StatusOr<CallDecision> DecideIn(PolicySets& sets, const MappedCall& m) {
  // An AWS service (assuming a role) has no policies of its own.
  static const PolicySet* const kNone = new PolicySet();
  const PolicySet* set = kNone;
  if (ClassifyPrincipal(m.request.principal).kind != PrincipalKind::kService) {
    VOUCH_ASSIGN_OR_RETURN(set, sets.Get(m.request.principal));
  }
  if (set == nullptr) {
    return Unevaluated(CallDecision::Verdict::kDenied, "the principal is not in the account");
  }
  const Account& account = sets.account();
  // The resource's policy, as the change leaves the account: a call to assume a role of the
  // account meets the role's trust policy (a role of the account the change removes cannot be
  // assumed), and a call on an S3 bucket whose policy the snapshot holds, or on its objects,
  // meets that policy (a plan does not change bucket policies).
  const Policy* resource_policy = nullptr;
  if (const Role* role = RoleToAssume(account, m.request.action, m.request.resource)) {
    if (!role->trust_policy) {
      return Unevaluated(
          CallDecision::Verdict::kUnknown,
          absl::StrCat("the role's trust policy is unknown: ", role->trust_policy_unknown));
    }
    resource_policy = &*role->trust_policy;
  } else if (AssumesRole(m.request.action)) {
    absl::StatusOr<Arn> arn = ParseArn(m.request.resource);
    if (arn.ok() && arn->service == "iam" && absl::StartsWith(arn->resource, "role/") &&
        arn->account == account.account_id && account.FindRole(m.request.resource) == nullptr) {
      return Unevaluated(CallDecision::Verdict::kDenied,
                         "the role to assume is not in the account");
    }
  } else if (const BucketPolicy* b =
                 BucketPolicyFor(account, m.request.action, m.request.resource)) {
    resource_policy = &b->policy;
  }
  if (resource_policy == nullptr) return Decide(*set, m);
  PolicySet with_resource_policy = *set;
  VOUCH_ASSIGN_OR_RETURN(with_resource_policy.resource_policy,
                         AsResourcePolicy(*resource_policy, sets.cache()));
  return Decide(with_resource_policy, m);
}

void Find(ReplayedCall& r, bool has_after) {
  using V = CallDecision::Verdict;
  audit::LogOutcome log = audit::OutcomeOf(*r.call);
  bool succeeded = log == audit::LogOutcome::kSucceeded;
  if (!r.before) {
    if (succeeded && !r.mapped.outside_identity_policies) {
      r.finding = Finding::kUnknown;
      r.unknown_why = absl::StrCat("not replayed: ", r.mapped.detail);
    }
    return;
  }
  V before = r.before->verdict;
  V after = has_after ? r.after->verdict : before;
  if (succeeded && before == V::kAllowed && after == V::kDenied) {
    r.finding = Finding::kRegression;
  } else if (succeeded && after == V::kUnknown) {
    r.finding = Finding::kUnknown;
    r.unknown_why = has_after ? absl::StrCat("after the change: ", r.after->why) : r.before->why;
  } else if (succeeded && has_after && after == V::kDenied && before == V::kUnknown) {
    r.finding = Finding::kUnknown;
    r.unknown_why = absl::StrCat("denied after the change, and before it ", r.before->why);
  } else if ((succeeded && before == V::kDenied) ||
             (log == audit::LogOutcome::kDenied && before == V::kAllowed)) {
    r.finding = Finding::kDisagrees;
  }
}

}  // namespace

MappedCall MapCall(const audit::LoggedCall& call, const Account& account,
                   const ActionCatalog& catalog) {
  MappedCall m;
  if (!MapPrincipal(call, account, m)) return m;
  const CatalogAction* action = MapAction(call, catalog, m);
  if (action == nullptr) return m;
  m.request.action = action->FullName();
  if (!MapResource(call, *action, account, m)) return m;
  if (ClassifyPrincipal(m.request.principal).kind == PrincipalKind::kService &&
      RoleToAssume(account, m.request.action, m.request.resource) == nullptr) {
    return NotReplayed("AWS service",
                       "a call by an AWS service is not decided by the account's identity "
                       "policies, and the role it assumes is not one of the snapshot's",
                       true);
  }
  MapContext(call, m.request);
  return m;
}

absl::string_view CallVerdictName(CallDecision::Verdict v) {
  switch (v) {
    case CallDecision::Verdict::kAllowed:
      return "allowed";
    case CallDecision::Verdict::kDenied:
      return "denied";
    case CallDecision::Verdict::kUnknown:
      return "unknown";
  }
  return "unknown";
}

absl::StatusOr<ReplayAnswer> Replay(const std::vector<audit::LoggedCall>& calls,
                                    const Account& before, const Account* after,
                                    const ActionCatalog& catalog, CompileCache& cache) {
  PolicySets before_sets(before, cache);
  std::optional<PolicySets> after_sets;
  if (after != nullptr) after_sets.emplace(*after, cache);
  ReplayAnswer answer;
  answer.calls.reserve(calls.size());
  for (const audit::LoggedCall& call : calls) {
    ReplayedCall r;
    r.call = &call;
    r.mapped = MapCall(call, before, catalog);
    if (r.mapped.not_replayed.empty()) {
      VOUCH_ASSIGN_OR_RETURN(r.before, DecideIn(before_sets, r.mapped));
      if (after_sets) {
        // The same call by the principal as the change leaves it: its tags too (aws_iam_user's
        // and aws_iam_role's `tags`), which ABAC conditions test.
        // A principal the change removes is denied by DecideIn, whatever its tags.
        MappedCall changed = r.mapped;
        const std::string& arn = changed.request.principal;
        if (const User* user = after->FindUser(arn)) SetPrincipalTags(user->tags, changed.request);
        if (const Role* role = after->FindRole(arn)) SetPrincipalTags(role->tags, changed.request);
        VOUCH_ASSIGN_OR_RETURN(r.after, DecideIn(*after_sets, changed));
      }
    }
    Find(r, after != nullptr);
    answer.calls.push_back(std::move(r));
  }
  return answer;
}

}  // namespace vouch::iam
