// `vouch replay`'s answer as text, JSON and the claim: what the replay of CloudTrail logs found
// (engine/eval/replay.h), counted and then listed call by call with the statements that decided.
//
//   replay of 9 records from 1 log file against account 111122223333, after plan.json
//     replayed: 7 (5 succeeded in the log, 1 denied, 1 failed otherwise)
//     not replayed: 2
//       1 AWS service
//       1 root user
//   ...
//   claim: no call that succeeded in the log is denied after the change: violated
//
// The claim ("replay/no-regressions") is violated by a call that succeeded in the log, that
// vouch allows before the change and denies after it; unknown when some call that succeeded
// cannot be settled (not replayed, or decided by keys the record does not tell). Calls vouch
// denies before the change are disagreements with the log (vouch lacks SCPs, resource policies,
// session policies...), reported but not counted against the change.
#ifndef VOUCH_PROOFS_REPLAY_REPORT_H_
#define VOUCH_PROOFS_REPLAY_REPORT_H_

#include <map>
#include <string>
#include <vector>

#include "engine/eval/replay.h"
#include "proofs/claim_formats.h"
#include "proofs/verdict.h"

namespace vouch::proofs {

struct ReplayReport {
  const iam::ReplayAnswer* answer = nullptr;
  size_t files = 0;        // log files read
  std::string account_id;  // the snapshot's account
  std::string change;      // the plan file, "" when none
  // Add, per principal of the replayed calls, the actions it used (succeeded in the log) and
  // those the log shows denied: what it needs, against what it was refused.
  bool by_principal = false;
  // With by_principal: per principal, the services its Allow statements name
  // (iam::ServicesNamedByAllows), of which those it never called in the log are listed.
  std::map<std::string, std::vector<std::string>> granted_services;
};

// The claim's verdict: violated by a regression, else unknown by an unknown, else holds.
Verdict ReplayVerdict(const iam::ReplayAnswer& answer);

std::vector<ClaimOutcome> ReplayOutcomes(const ReplayReport& report);
std::string RenderReplayText(const ReplayReport& report);
std::string RenderReplayJson(const ReplayReport& report);  // one JSON object, indented

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_REPLAY_REPORT_H_
