// Verdict names and exit codes.
#include "proofs/verdict.h"

namespace vouch::proofs {

absl::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kHolds: return "holds";
    case Verdict::kViolated: return "violated";
    case Verdict::kUnknown: return "unknown";
  }
  return "unknown";
}

int ExitCodeFor(Verdict v) {
  switch (v) {
    case Verdict::kHolds: return 0;
    case Verdict::kViolated: return 1;
    case Verdict::kUnknown: return 3;
  }
  return 3;
}

}  // namespace vouch::proofs
