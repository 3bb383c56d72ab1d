// Fuzzes condition-operator names: a name that parses is exactly the canonical spelling of what
// it parsed to (AWS operator names are case-sensitive, so no other spelling may be accepted).
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "models/iam/policy.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vouch;
  absl::string_view name = fuzz::AsText(data, size);
  absl::StatusOr<iam::ConditionOperator> op = iam::ParseConditionOperator(name);
  if (!op.ok()) {
    fuzz::Require(op.status().message() == absl::StrCat("unknown condition operator `", name, "`"),
                  "operator error text", op.status());
    return 0;
  }
  fuzz::Require(iam::ConditionOperatorName(*op) == name, "only canonical names parse");
  fuzz::Require(!(op->kind == iam::ConditionOperatorKind::kNull && op->if_exists),
                "NullIfExists is not an operator");
  return 0;
}
