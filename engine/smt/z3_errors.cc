// Solver unknowns as statuses.
#include "engine/smt/z3_errors.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace vouch::smt {

absl::Status UnknownStatus(absl::string_view what, absl::string_view reason) {
  std::string message = absl::StrCat(what, ": solver returned unknown (", reason, ")");
  if (absl::StrContains(reason, "timeout") || absl::StrContains(reason, "canceled")) {
    return absl::DeadlineExceededError(message);
  }
  return absl::ResourceExhaustedError(message);
}

}  // namespace vouch::smt
