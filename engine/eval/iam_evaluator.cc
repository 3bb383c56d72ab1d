// The concrete IAM evaluator (see iam_evaluator.h).
#include "engine/eval/iam_evaluator.h"

namespace vouch::iam {

absl::string_view DecisionName(Decision d) {
  switch (d) {
    case Decision::kAllowed: return "allowed";
    case Decision::kExplicitDeny: return "explicitDeny";
    case Decision::kImplicitDeny: return "implicitDeny";
  }
  return "implicitDeny";
}

}  // namespace vouch::iam
