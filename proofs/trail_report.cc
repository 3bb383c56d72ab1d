// Rendering `vouch trail` answers (see trail_report.h).
#include "proofs/trail_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace vouch::proofs {
namespace {

using audit::Trail;

std::string YesNo(bool b) { return b ? "yes" : "no"; }

std::string Logging(const Trail& t) {
  if (!t.status) return "unknown (no status for it in the snapshot)";
  return t.status->is_logging ? "yes" : "no";
}

std::string ManagementEvents(const Trail& t) {
  if (t.selectors) {
    if (t.selectors->advanced) return "unknown (advanced event selectors)";
    if (t.selectors->management_reads && t.selectors->management_writes) return "reads and writes";
    if (t.selectors->management_reads) return "reads only";
    if (t.selectors->management_writes) return "writes only";
    return "none";
  }
  if (t.has_custom_event_selectors) return "unknown (custom event selectors not in the snapshot)";
  return "reads and writes (no custom event selectors)";
}

std::string LogsAt(const Trail& t) {
  if (t.s3_bucket.empty()) return "none";
  return absl::StrCat("s3://", t.s3_bucket, "/", t.LogPrefix());
}

std::string ClaimText(absl::string_view claim) {
  if (claim == "logging") {
    return "logging (some multi-region trail is logging and records management events, reads "
           "and writes)";
  }
  if (claim == "validation") return "validation (every trail has log file validation on)";
  if (claim == "kms") return "kms (every trail encrypts its logs with a KMS key)";
  return "logs-not-public (no one outside the account can read, list, delete or overwrite the "
         "logs, or change who may)";
}

nlohmann::ordered_json FindingJson(const audit::TrailFinding& f) {
  return {{"subject", f.subject}, {"reason", f.reason}, {"at", f.source.DebugString()}};
}

}  // namespace

Verdict TrailVerdict(const audit::TrailClaimResult& r) {
  if (!r.violations.empty()) return Verdict::kViolated;
  if (!r.unknowns.empty()) return Verdict::kUnknown;
  return Verdict::kHolds;
}

Verdict OverallTrailVerdict(const TrailReport& report) {
  Verdict worst = Verdict::kHolds;
  for (const audit::TrailClaimResult& r : report.results) {
    Verdict v = TrailVerdict(r);
    if (v == Verdict::kViolated) return v;
    if (v == Verdict::kUnknown) worst = v;
  }
  return worst;
}

std::vector<ClaimOutcome> TrailOutcomes(const TrailReport& report) {
  std::vector<ClaimOutcome> out;
  for (const audit::TrailClaimResult& r : report.results) {
    std::string text = ClaimText(r.claim);  // "id (description)"
    ClaimOutcome c{r.claim,
                   text.substr(r.claim.size() + 2, text.size() - r.claim.size() - 3),
                   TrailVerdict(r),
                   {},
                   {}};
    for (const audit::TrailFinding& f : r.violations) {
      c.violations.push_back({absl::StrCat(f.subject, ": ", f.reason), f.source, 0});
    }
    for (const audit::TrailFinding& f : r.unknowns) {
      c.unknowns.push_back({absl::StrCat(f.subject, ": ", f.reason), f.source, 0});
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::string RenderTrailText(const TrailReport& report) {
  const audit::CloudTrailSnapshot& s = *report.snapshot;
  std::string out = absl::StrCat("CloudTrail: ", s.trails.size(),
                                 s.trails.size() == 1 ? " trail" : " trails", "\n");
  for (const Trail& t : s.trails) {
    absl::StrAppend(&out, "\n", t.name, " (", t.arn, ")\n");
    absl::StrAppend(&out, "  home region: ", t.home_region.empty() ? "unknown" : t.home_region,
                    "; multi-region: ", YesNo(t.multi_region),
                    "; global service events: ", YesNo(t.include_global_service_events), "\n");
    absl::StrAppend(&out, "  logging: ", Logging(t), "; management events: ", ManagementEvents(t),
                    "\n");
    absl::StrAppend(&out, "  log file validation: ", t.log_file_validation ? "on" : "off",
                    "; KMS encryption: ", t.kms_key_id.empty() ? "none" : t.kms_key_id,
                    "; CloudWatch Logs: ",
                    t.cloudwatch_log_group_arn.empty() ? "none" : t.cloudwatch_log_group_arn, "\n");
    absl::StrAppend(&out, "  logs: ", LogsAt(t), "\n");
    if (report.iam_known) {
      auto it = report.can_stop.find(t.arn);
      absl::StrAppend(&out, "  can stop, delete or change it: ",
                      it == report.can_stop.end() || it->second.empty()
                          ? "no user or role"
                          : absl::StrJoin(it->second, ", "),
                      "\n");
    }
    absl::StrAppend(&out, "  at ", t.source.DebugString(), "\n");
  }
  if (report.results.empty()) return out;
  out += "\nclaims:\n";
  for (const audit::TrailClaimResult& r : report.results) {
    absl::StrAppend(&out, "  ", ClaimText(r.claim), ": ", VerdictName(TrailVerdict(r)), "\n");
    for (const audit::TrailFinding& f : r.violations) {
      absl::StrAppend(&out, "    ", f.subject, ": ", f.reason, f.source.AtSuffix(), "\n");
    }
    for (const audit::TrailFinding& f : r.unknowns) {
      absl::StrAppend(&out, "    unknown: ", f.subject, ": ", f.reason, f.source.AtSuffix(), "\n");
    }
    if (r.violations.empty() && r.unknowns.empty()) {
      for (const audit::TrailFinding& f : r.holds_by) {
        absl::StrAppend(&out, "    ", f.subject, ": ", f.reason, "\n");
      }
    }
  }
  return out;
}

std::string RenderTrailJson(const TrailReport& report) {
  nlohmann::ordered_json trails = nlohmann::ordered_json::array();
  for (const Trail& t : report.snapshot->trails) {
    nlohmann::ordered_json j = {
        {"name", t.name},
        {"arn", t.arn},
        {"homeRegion", t.home_region},
        {"multiRegion", t.multi_region},
        {"includeGlobalServiceEvents", t.include_global_service_events},
        {"logging", t.status ? nlohmann::ordered_json(t.status->is_logging) : nullptr},
        {"managementEvents", ManagementEvents(t)},
        {"logFileValidation", t.log_file_validation},
        {"kmsKeyId", t.kms_key_id.empty() ? nullptr : nlohmann::ordered_json(t.kms_key_id)},
        {"cloudWatchLogsLogGroupArn", t.cloudwatch_log_group_arn.empty()
                                          ? nullptr
                                          : nlohmann::ordered_json(t.cloudwatch_log_group_arn)},
        {"s3BucketName", t.s3_bucket},
        {"s3KeyPrefix", t.s3_key_prefix},
        {"at", t.source.DebugString()}};
    if (report.iam_known) {
      auto it = report.can_stop.find(t.arn);
      j["canStopOrChange"] = it == report.can_stop.end() ? std::vector<std::string>{} : it->second;
    }
    trails.push_back(std::move(j));
  }
  nlohmann::ordered_json claims = nlohmann::ordered_json::array();
  for (const audit::TrailClaimResult& r : report.results) {
    nlohmann::ordered_json v = nlohmann::ordered_json::array(), u = nlohmann::ordered_json::array();
    for (const audit::TrailFinding& f : r.violations) v.push_back(FindingJson(f));
    for (const audit::TrailFinding& f : r.unknowns) u.push_back(FindingJson(f));
    claims.push_back({{"claim", r.claim},
                      {"verdict", VerdictName(TrailVerdict(r))},
                      {"violations", v},
                      {"unknowns", u}});
  }
  nlohmann::ordered_json j = {{"trails", trails}, {"claims", claims}};
  return j.dump(2) + "\n";
}

}  // namespace vouch::proofs
