// Claims as CI tools read them: JUnit XML (one test case per claim: a violation fails it, an
// unknown is an error, since neither is a pass) and SARIF 2.1.0 (one rule per claim, one result
// per violation or unknown, located at the file and JSON pointer that say so), for `vouch
// credentials`, `who-can`, `trail`, `exposure` and `reach` with `--format junit` or `sarif`.
//
//   <testsuites><testsuite name="vouch trail" tests="4" failures="2" errors="0" skipped="0">
//     <testcase classname="vouch.trail" name="validation"><failure message="...">...</failure>
//   {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"vouch","rules":[{"id":"trail/validation",
//     ...}]}},"results":[{"ruleId":"trail/validation","level":"error","message":{"text":...},
//     "locations":[{"physicalLocation":{"artifactLocation":{"uri":"lab/trails.json"}},
//     "logicalLocations":[{"fullyQualifiedName":"/trailList/0"}]}]}]}]}
#ifndef VOUCH_PROOFS_CLAIM_FORMATS_H_
#define VOUCH_PROOFS_CLAIM_FORMATS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "models/base/source_ref.h"
#include "proofs/verdict.h"

namespace vouch::proofs {

struct ClaimFinding {
  std::string message;
  SourceRef at;  // the file and JSON pointer that say so; empty when nothing does
  int line = 0;  // a line of the credential report's CSV (inside `at`), when known
};

struct ClaimOutcome {
  std::string id;           // "validation": a rule id is "<command>/<id>"
  std::string description;  // "every trail has log file validation on"
  Verdict verdict = Verdict::kHolds;
  std::vector<ClaimFinding> violations;
  std::vector<ClaimFinding> unknowns;
};

// `command` is "trail", "credentials", "who-can", "exposure", "reach" or "replay".
std::string RenderJUnit(absl::string_view command, const std::vector<ClaimOutcome>& claims);
std::string RenderSarif(absl::string_view command, const std::vector<ClaimOutcome>& claims);

// Whether `format` (a --format value) is "junit" or "sarif"; and the claims in it.
bool IsClaimFormat(absl::string_view format);
std::string RenderClaims(absl::string_view format, absl::string_view command,
                         const std::vector<ClaimOutcome>& claims);

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_CLAIM_FORMATS_H_
