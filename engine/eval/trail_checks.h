// The CloudTrail checks of the CIS AWS Foundations Benchmark, as claims over a snapshot's trails
// (models/audit/cloudtrail.h), each violation or unknown naming the trail or bucket and where
// the snapshot says so:
//
//   logging          some multi-region trail is logging and records management events, reads
//                    and writes (CIS 3.1)
//   validation       every trail has log file validation on (CIS 3.2)
//   kms              every trail encrypts its logs with a KMS key (CIS 3.5)
//   logs-not-public  no one outside the account can read the logs, list them, delete them or
//                    change who may: the bucket policy of each trail's bucket, decided by the
//                    IAM evaluator for an anonymous caller and for a caller of another account
//                    (whose own policies allow everything), over every request context
//                    (context_search.h); and the bucket ACL grants nothing to AllUsers or
//                    AuthenticatedUsers unless the public access block ignores public ACLs
//
// What the snapshot does not tell is unknown, never a pass: a trail's status when several
// trails share the snapshot's status responses, custom or advanced event selectors not given, a
// bucket's policy or ACL not given, a context search that could not try every value, and a
// bucket policy that grants outside the account while RestrictPublicBuckets may block it.
#ifndef VOUCH_ENGINE_EVAL_TRAIL_CHECKS_H_
#define VOUCH_ENGINE_EVAL_TRAIL_CHECKS_H_

#include <string>
#include <vector>

#include "models/audit/cloudtrail.h"
#include "models/base/source_ref.h"

namespace vouch::audit {

struct TrailClaims {
  bool logging = false;
  bool validation = false;
  bool kms = false;
  bool logs_not_public = false;

  bool any() const { return logging || validation || kms || logs_not_public; }
};

struct TrailFinding {
  std::string subject;  // "trail LabCloudTrail", "bucket lab-trail-logs"
  std::string reason;
  SourceRef source;  // where the snapshot says so
};

struct TrailClaimResult {
  std::string claim;  // "logging", "validation", "kms", "logs-not-public"
  std::vector<TrailFinding> violations;
  std::vector<TrailFinding> unknowns;
  std::vector<TrailFinding> holds_by;  // logging: the trails that meet it
};

// The results of the claims asked, in the order above.
std::vector<TrailClaimResult> CheckTrails(const CloudTrailSnapshot& snapshot,
                                          const TrailClaims& claims);

}  // namespace vouch::audit

#endif  // VOUCH_ENGINE_EVAL_TRAIL_CHECKS_H_
