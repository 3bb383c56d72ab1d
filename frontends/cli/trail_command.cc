// `vouch trail`: the account's CloudTrail trails as an auditor checks them, and the CIS AWS
// Foundations Benchmark's CloudTrail checks as claims:
//
//   $ vouch trail --snapshot examples/lab --cis
//   ...
//   claims:
//     validation (every trail has log file validation on): violated
//       trail LabCloudTrail: log file validation is off (LogFileValidationEnabled is false) (at
//       ...)
//
// The trails come from the snapshot's `aws cloudtrail describe-trails` output, with
// `get-trail-status` and `get-event-selectors`, and their buckets from `aws s3api
// get-bucket-policy`, `get-bucket-acl` and `get-public-access-block` (frontends/aws/cloudtrail.h).
// When the snapshot has the account's IAM export, each trail names the users and roles that can
// stop, delete or change it (engine/eval/who_can.h). Exit codes: 0 the claims hold (or none
// were asked), 1 one is violated, 2 bad input, 3 unknown (the snapshot does not tell).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/eval/trail_checks.h"
#include "engine/eval/who_can.h"
#include "frontends/aws/snapshot.h"
#include "frontends/cli/commands.h"
#include "models/base/status_macros.h"
#include "proofs/trail_report.h"

namespace vouch::cli {
namespace {

struct TrailOptions {
  std::string snapshot;
  audit::TrailClaims claims;
  bool cis = false;
  std::string format = "text";
};

// The users and roles of `account` that can stop, delete or change `trail_arn`, with the
// context values that allow it when the context lacked them.
absl::StatusOr<std::vector<std::string>> CanStop(const iam::Account& account,
                                                 const std::string& trail_arn) {
  iam::WhoCanQuery query{.actions = {"cloudtrail:StopLogging", "cloudtrail:DeleteTrail",
                                     "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"},
                         .resources = {trail_arn}};
  iam::CompileCache cache;
  VOUCH_ASSIGN_OR_RETURN(iam::WhoCanAnswer answer, iam::WhoCan(account, query, cache));
  std::vector<std::string> out;
  for (const iam::PrincipalAnswer& p : answer.principals) {
    std::string label = absl::StrCat(p.kind(), " ", p.name());
    if (p.standing == iam::Standing::kAllowed) out.push_back(label);
    if (p.standing == iam::Standing::kAllowedWithContext) {
      out.push_back(absl::StrCat(
          label, " (with ", absl::StrJoin(iam::FormatContextEntries(p.witness_filled), " "), ")"));
    }
    if (p.standing == iam::Standing::kDependsOnContext) {
      out.push_back(absl::StrCat(label, " (perhaps: ", p.unknown_why, ")"));
    }
  }
  return out;
}

absl::StatusOr<int> RunTrail(TrailOptions o) {
  VOUCH_RETURN_IF_ERROR(CheckClaimCommandFormat(o.format));
  if (o.cis) o.claims = {true, true, true, true};
  VOUCH_ASSIGN_OR_RETURN(aws::Snapshot snapshot, aws::LoadSnapshot(o.snapshot));
  if (!snapshot.cloudtrail.described) {
    return absl::InvalidArgumentError(
        absl::StrCat(o.snapshot,
                     ": no CloudTrail trails found (expected the output of `aws cloudtrail "
                     "describe-trails` among its JSON files)"));
  }
  proofs::TrailReport report;
  report.snapshot = &snapshot.cloudtrail;
  report.iam_known = snapshot.has_iam;
  if (snapshot.has_iam) {
    for (const audit::Trail& t : snapshot.cloudtrail.trails) {
      VOUCH_ASSIGN_OR_RETURN(report.can_stop[t.arn], CanStop(snapshot.account, t.arn));
    }
  }
  report.results = audit::CheckTrails(snapshot.cloudtrail, o.claims);
  if (proofs::IsClaimFormat(o.format)) {
    std::cout << proofs::RenderClaims(o.format, "trail", proofs::TrailOutcomes(report));
  } else {
    std::cout << (o.format == "json" ? proofs::RenderTrailJson(report)
                                     : proofs::RenderTrailText(report));
  }
  return proofs::ExitCodeFor(proofs::OverallTrailVerdict(report));
}

}  // namespace

void AddTrailCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<TrailOptions>();
  CLI::App* cmd =
      app.add_subcommand("trail",
                         "The account's CloudTrail trails and who can stop them, with the CIS AWS "
                         "Foundations Benchmark's CloudTrail checks as claims");
  cmd->add_option("--snapshot", o->snapshot,
                  "Folder of AWS CLI outputs (cloudtrail describe-trails, get-trail-status, "
                  "get-event-selectors; s3api get-bucket-policy, get-bucket-acl, "
                  "get-public-access-block)")
      ->required();
  cmd->add_flag("--require-logging", o->claims.logging,
                "Claim: some multi-region trail is logging and records management events, reads "
                "and writes (CIS 3.1)");
  cmd->add_flag("--require-validation", o->claims.validation,
                "Claim: every trail has log file validation on (CIS 3.2)");
  cmd->add_flag("--require-kms", o->claims.kms,
                "Claim: every trail encrypts its logs with a KMS key (CIS 3.5)");
  cmd->add_flag("--logs-not-public", o->claims.logs_not_public,
                "Claim: no one outside the account can read, list, delete or overwrite the logs "
                "or change who may, by the bucket's policy (over every request context) or ACL");
  cmd->add_flag("--cis", o->cis, "All four claims");
  cmd->add_option("--format", o->format,
                  "text, json, or the claims alone as junit (XML) or sarif (2.1.0), for CI");
  cmd->callback([o, exit_code] {
    absl::StatusOr<int> code = RunTrail(*o);
    *exit_code = code.ok() ? *code : ReportError(code.status());
  });
}

}  // namespace vouch::cli
