// Fuzzes policy documents: any text (JSON object, JSON string, URL-encoded) either reads into a
// policy or fails with a one-line error led by the file name; a policy that reads compiles for
// evaluation, as an identity and as a resource policy, or fails the same way.
#include <cstdint>

#include "engine/eval/iam_evaluator.h"
#include "frontends/aws/policy_document.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vouch;
  absl::StatusOr<iam::Policy> policy =
      aws::ParsePolicyText(fuzz::AsText(data, size), SourceRef{"fuzz.json", ""}, "fuzz");
  if (!policy.ok()) {
    fuzz::CheckInputError(policy.status(), "fuzz.json");
    return 0;
  }
  fuzz::Require(!policy->DebugString().empty(), "a policy renders");
  for (size_t i = 0; i < policy->statements.size(); ++i) {
    fuzz::Require(policy->statements[i].index == static_cast<int>(i), "statement indexes count up");
  }
  for (iam::PolicyType type : {iam::PolicyType::kIdentity, iam::PolicyType::kResource}) {
    auto compiled = iam::CompilePolicy(*policy, type);
    if (!compiled.ok()) fuzz::CheckInputError(compiled.status(), "fuzz.json");
  }
  return 0;
}
