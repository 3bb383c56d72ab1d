// The CloudTrail checks (see trail_checks.h).
#include "engine/eval/trail_checks.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/eval/context_search.h"
#include "engine/eval/iam_evaluator.h"
#include "engine/eval/who_can.h"
#include "engine/eval/wildcard.h"
#include "models/iam/arn.h"

namespace vouch::audit {
namespace {

std::string TrailName(const Trail& t) { return absl::StrCat("trail ", t.name); }

// Whether `t` meets CIS 3.1: nullopt when the snapshot does not tell (with why), else the
// reason it does not ("" when it does).
std::optional<std::string> LoggingGap(const Trail& t, std::string& unknown_why) {
  if (!t.multi_region) return std::string("not a multi-region trail");
  if (!t.status) {
    unknown_why =
        "its status is not in the snapshot (the output of `aws cloudtrail "
        "get-trail-status`, for a snapshot of one trail)";
    return std::nullopt;
  }
  if (!t.status->is_logging) return std::string("not logging (IsLogging is false)");
  if (t.selectors) {
    if (t.selectors->advanced) {
      unknown_why = "it has advanced event selectors, which vouch does not read";
      return std::nullopt;
    }
    if (!t.selectors->management_reads || !t.selectors->management_writes) {
      return std::string("its event selectors do not record management events, reads and writes");
    }
  } else if (t.has_custom_event_selectors) {
    unknown_why =
        "it has custom event selectors that are not in the snapshot (the output of "
        "`aws cloudtrail get-event-selectors`)";
    return std::nullopt;
  }
  return std::string();
}

TrailClaimResult CheckLogging(const CloudTrailSnapshot& s) {
  TrailClaimResult r{"logging", {}, {}, {}};
  std::vector<TrailFinding> gaps;
  for (const Trail& t : s.trails) {
    std::string why;
    std::optional<std::string> gap = LoggingGap(t, why);
    if (!gap) {
      r.unknowns.push_back({TrailName(t), why, t.source});
    } else if (gap->empty()) {
      r.holds_by.push_back(
          {TrailName(t), "multi-region, logging, all management events", t.source});
    } else {
      gaps.push_back({TrailName(t), *gap, t.source});
    }
  }
  if (!r.holds_by.empty()) {
    r.unknowns.clear();
    return r;
  }
  if (s.trails.empty()) {
    r.violations.push_back({"account", "describe-trails lists no trail", {}});
  }
  // Violated only when no trail might meet it.
  if (r.unknowns.empty()) r.violations.insert(r.violations.end(), gaps.begin(), gaps.end());
  return r;
}

TrailClaimResult CheckEach(const CloudTrailSnapshot& s, std::string claim, bool (*ok)(const Trail&),
                           absl::string_view reason) {
  TrailClaimResult r{std::move(claim), {}, {}, {}};
  for (const Trail& t : s.trails) {
    if (!ok(t)) r.violations.push_back({TrailName(t), std::string(reason), t.source});
  }
  return r;
}

// ---- logs-not-public ---------------------------------------------------------------------------

constexpr char kAllUsers[] = "http://acs.amazonaws.com/groups/global/AllUsers";
constexpr char kAuthenticatedUsers[] = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

struct Probe {
  std::string action;
  bool object;  // on a log object, else on the bucket
};
// Past this many states of the walk over log objects (DistinctMatches), the claim is unknown.
constexpr size_t kMaxLogObjectStates = 4096;

const Probe kProbes[] = {{"s3:GetObject", true},        {"s3:ListBucket", false},
                         {"s3:DeleteObject", true},     {"s3:PutObject", true},
                         {"s3:PutBucketPolicy", false}, {"s3:PutBucketAcl", false},
                         {"s3:DeleteBucket", false}};

void CheckBucket(const Trail& t, const Bucket* b, TrailClaimResult& r) {
  const size_t violations = r.violations.size(), unknowns = r.unknowns.size();
  const std::string subject = absl::StrCat("bucket ", t.s3_bucket);
  const std::string owner(t.account());
  const std::optional<PublicAccessBlock> pab = b != nullptr ? b->public_access_block : std::nullopt;
  // The ACL.
  if (pab && pab->ignore_public_acls) {
    // Public grants are ignored: nothing to check.
  } else if (b == nullptr || !b->acl) {
    r.unknowns.push_back({subject,
                          "its ACL is not in the snapshot (the output of `aws s3api "
                          "get-bucket-acl`, for a snapshot of one trail bucket)",
                          t.source});
  } else {
    for (const AclGrant& g : *b->acl) {
      if (g.grantee_uri == kAllUsers || g.grantee_uri == kAuthenticatedUsers) {
        r.violations.push_back(
            {subject,
             absl::StrCat("its ACL grants ", g.permission, " to ",
                          g.grantee_uri == kAllUsers ? "AllUsers (everyone)"
                                                     : "AuthenticatedUsers (every AWS account)"),
             g.source});
      }
    }
  }
  // The policy.
  if (b == nullptr || !b->policy) {
    r.unknowns.push_back(
        {subject, "its policy is not in the snapshot (the output of `aws s3api get-bucket-policy`)",
         t.source});
    return;
  }
  absl::StatusOr<std::shared_ptr<const iam::CompiledPolicy>> policy =
      iam::CompilePolicy(*b->policy, iam::PolicyType::kResource);
  if (!policy.ok()) {
    r.unknowns.push_back({subject, std::string(policy.status().message()), b->policy->source});
    return;
  }
  const std::string logs = absl::StrCat("arn:aws:s3:::", t.s3_bucket, "/", t.LogPrefix());
  const std::string object =
      absl::StrCat(logs, "CloudTrail/", t.home_region.empty() ? "us-east-1" : t.home_region,
                   "/2026/01/01/", owner, "_CloudTrail_log.json.gz");
  const std::string bucket_arn = absl::StrCat("arn:aws:s3:::", t.s3_bucket);
  // The log objects asked about: the one above, and one more for each other way the policy's
  // resource patterns that meet the logs can match a log object. A decision on a log object
  // depends on the object only through which patterns match it (a pattern with a policy
  // variable aside), so these stand for every log object.
  std::vector<std::string> patterns;
  for (const iam::Statement& s : b->policy->statements) {
    for (const std::string& pattern : s.resources) {
      if (absl::StrContains(pattern, "${")) {
        // Which log objects it matches depends on the caller: a Deny's as much as an Allow's.
        r.unknowns.push_back(
            {subject,
             absl::StrCat("its policy's ", s.not_resource ? "NotResource" : "Resource", " `",
                          pattern, "` holds a policy variable"),
             s.source});
      } else if (std::string glob = iam::EncodeGlob(pattern);
                 iam::GlobMeetsPrefix(glob, logs) &&
                 std::find(patterns.begin(), patterns.end(), glob) == patterns.end()) {
        patterns.push_back(std::move(glob));
      }
    }
  }
  std::optional<std::vector<std::string>> objects =
      iam::DistinctMatches(patterns, logs, object, kMaxLogObjectStates);
  if (!objects) {
    r.unknowns.push_back({subject,
                          absl::StrCat("its policy's ", patterns.size(),
                                       " Resource patterns on the logs tell apart more kinds of "
                                       "log object than vouch follows (",
                                       kMaxLogObjectStates, " states)"),
                          b->policy->source});
    objects = std::vector<std::string>{object};
  }
  // The public here is anyone outside the account: an anonymous caller and other accounts. AWS
  // services the policy names are not asked: CloudTrail itself must write the logs, and a
  // service writes a trail's logs under its owner's prefix, never under this account's. Nor are
  // identity providers' users, which only a role's trust policy lets in.
  std::vector<iam::OutsideCaller> outsiders = iam::OutsideCallers(*b->policy, owner);
  std::erase_if(outsiders, [](const iam::OutsideCaller& c) {
    return c.kind != iam::OutsideCaller::Kind::kAnonymous &&
           c.kind != iam::OutsideCaller::Kind::kOtherAccount;
  });
  size_t contexts = 0;
  size_t requests = 0;
  for (const iam::OutsideCaller& caller : outsiders) {
    const std::string& who = caller.arn;
    for (const Probe& p : kProbes) {
      // One finding per caller and request: the first log object that gives one.
      for (const std::string& on : p.object ? *objects : std::vector<std::string>{bucket_arn}) {
        ++requests;
        iam::PolicySet set;
        set.resource_policy = iam::AppliedPolicy{*policy, iam::PolicyOrigin::kNone};
        if (caller.kind == iam::OutsideCaller::Kind::kOtherAccount) {
          set.identity.push_back({iam::OutsideCallerPolicies(), iam::PolicyOrigin::kNone});
        }
        iam::Request req;
        req.principal = who;
        req.action = p.action;
        req.resource = on;
        req.resource_account = owner;
        iam::FillPrincipalKeys(req, "");
        iam::ContextSearch search = iam::SearchContexts(set, req, iam::PrincipalKeys());
        contexts += search.contexts_tried;
        if (search.outcome == iam::ContextSearch::Outcome::kIncomplete) {
          r.unknowns.push_back({subject,
                                absl::StrCat("whether ", caller.name, " may ", p.action,
                                             " could not be settled (", search.why, ")"),
                                b->policy->source});
          break;
        }
        if (search.outcome != iam::ContextSearch::Outcome::kAllowed) continue;
        std::vector<std::string> context = iam::FormatContextEntries(search.filled);
        std::string how = absl::StrCat(
            caller.name, " may ", p.action, " on ", req.resource,
            context.empty() ? "" : absl::StrCat(" with ", absl::StrJoin(context, " ")));
        SourceRef at = b->policy->source;
        for (const iam::MatchedStatement& m : search.result.matched) {
          if (m.policy_type == iam::PolicyType::kResource) {
            absl::StrAppend(&how, " (statement ", m.index,
                            m.sid && !m.sid->empty() ? absl::StrCat(" \"", *m.sid, "\"") : "", ")");
            at = m.source;
            break;
          }
        }
        if (pab && pab->restrict_public_buckets) {
          r.unknowns.push_back(
              {subject, absl::StrCat(how, ", unless RestrictPublicBuckets blocks it"), at});
        } else {
          r.violations.push_back({subject, how, at});
        }
        break;
      }
    }
  }
  if (r.violations.size() == violations && r.unknowns.size() == unknowns) {
    std::string asked =
        objects->size() == 1
            ? absl::StrCat(std::size(kProbes), " requests")
            : absl::StrCat(requests / outsiders.size(), " requests (object requests on each of ",
                           objects->size(), " log objects that stand for them all)");
    r.holds_by.push_back(
        {subject,
         absl::StrCat("its policy lets none of ", outsiders.size(),
                      " callers from outside make any of ", asked, " (", contexts,
                      " contexts tried); ",
                      pab && pab->ignore_public_acls
                          ? "public ACL grants are ignored (IgnorePublicAcls)"
                          : "its ACL grants nothing to AllUsers or AuthenticatedUsers"),
         b->policy->source});
  }
}

TrailClaimResult CheckLogsNotPublic(const CloudTrailSnapshot& s) {
  TrailClaimResult r{"logs-not-public", {}, {}, {}};
  std::vector<std::string> done;
  for (const Trail& t : s.trails) {
    if (t.s3_bucket.empty() || std::find(done.begin(), done.end(), t.s3_bucket) != done.end())
      continue;
    done.push_back(t.s3_bucket);
    CheckBucket(t, s.FindBucket(t.s3_bucket), r);
  }
  return r;
}

}  // namespace

std::vector<TrailClaimResult> CheckTrails(const CloudTrailSnapshot& snapshot,
                                          const TrailClaims& claims) {
  std::vector<TrailClaimResult> out;
  if (claims.logging) out.push_back(CheckLogging(snapshot));
  if (claims.validation) {
    out.push_back(CheckEach(
        snapshot, "validation", [](const Trail& t) { return t.log_file_validation; },
        "log file validation is off (LogFileValidationEnabled is false)"));
  }
  if (claims.kms) {
    out.push_back(CheckEach(
        snapshot, "kms", [](const Trail& t) { return !t.kms_key_id.empty(); },
        "its logs are not encrypted with a KMS key (no KmsKeyId)"));
  }
  if (claims.logs_not_public) out.push_back(CheckLogsNotPublic(snapshot));
  return out;
}

}  // namespace vouch::audit
