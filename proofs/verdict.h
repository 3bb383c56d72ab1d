// Verdicts: the three answers vouch gives to a question over all requests or packets.
//
// A claim holds (proved: the solver found the violation constraints unsatisfiable), is violated
// (a witness exists and was replayed by the concrete evaluator), or is unknown (solver timeout,
// a limit, or a construct vouch does not model). Unknown is never reported as a proof.
#ifndef VOUCH_PROOFS_VERDICT_H_
#define VOUCH_PROOFS_VERDICT_H_

#include "absl/strings/string_view.h"

namespace vouch::proofs {

enum class Verdict { kHolds, kViolated, kUnknown };

absl::string_view VerdictName(Verdict v);  // "holds", "violated", "unknown"

// The process exit code for a verdict: 0 holds, 1 violated, 3 unknown.
int ExitCodeFor(Verdict v);

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_VERDICT_H_
