// Translating Z3's results and exceptions into vouch's statuses, for engine/smt's .cc files only.
//
// A solver `unknown` (timeout, resource limit, incompleteness) becomes DeadlineExceeded or
// ResourceExhausted with Z3's reason: never a proof. z3::exception becomes Internal.
#ifndef VOUCH_ENGINE_SMT_Z3_ERRORS_H_
#define VOUCH_ENGINE_SMT_Z3_ERRORS_H_

#include "absl/strings/string_view.h"

#include "absl/status/status.h"

namespace vouch::smt {

// `reason` is Z3's reason_unknown(); `what` names the question being asked.
absl::Status UnknownStatus(absl::string_view what, absl::string_view reason);

}  // namespace vouch::smt

#endif  // VOUCH_ENGINE_SMT_Z3_ERRORS_H_
