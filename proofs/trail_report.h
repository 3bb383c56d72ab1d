// Rendering `vouch trail` answers: each CloudTrail trail as an auditor reads it in the console
// (where it logs, whether it is logging, what it records, validation, encryption, who in the
// account can stop or delete it), and the verdict of each CIS check asked, each violation and
// unknown located in the snapshot.
//
//   text   LabCloudTrail (arn:aws:cloudtrail:us-east-1:111122223333:trail/LabCloudTrail)
//            multi-region: yes; logging: yes; management events: reads and writes
//            log file validation: off; KMS encryption: none; CloudWatch Logs: none
//            logs: s3://lab-trail-logs/AWSLogs/111122223333/
//            can stop, delete or change it: user admin-1
//          claims:
//            validation (every trail has log file validation on): violated
//              trail LabCloudTrail: log file validation is off ... (at lab/trails.json:
//              /trailList/0)
//   json   {"trails":[{...}],"claims":[{"claim":"validation","verdict":"violated",
//           "violations":[{"subject":..,"reason":..,"at":..}],"unknowns":[..]}]}
#ifndef VOUCH_PROOFS_TRAIL_REPORT_H_
#define VOUCH_PROOFS_TRAIL_REPORT_H_

#include <map>
#include <string>
#include <vector>

#include "engine/eval/trail_checks.h"
#include "models/audit/cloudtrail.h"
#include "proofs/claim_formats.h"
#include "proofs/verdict.h"

namespace vouch::proofs {

struct TrailReport {
  const audit::CloudTrailSnapshot* snapshot = nullptr;
  // Per trail ARN, the account's users and roles that can stop, delete or change it ("user
  // admin-1"), when the snapshot has the account's IAM export.
  std::map<std::string, std::vector<std::string>> can_stop;
  bool iam_known = false;
  std::vector<audit::TrailClaimResult> results;
};

// A claim's verdict: violated if anything violates it, else unknown if anything is unknown,
// else holds.
Verdict TrailVerdict(const audit::TrailClaimResult& result);
// The worst verdict of all; holds with none.
Verdict OverallTrailVerdict(const TrailReport& report);

// The claims for --format junit and sarif (claim_formats.h).
std::vector<ClaimOutcome> TrailOutcomes(const TrailReport& report);

std::string RenderTrailText(const TrailReport& report);
std::string RenderTrailJson(const TrailReport& report);

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_TRAIL_REPORT_H_
