// Fuzzes Terraform plan reading: any JSON either applies to an empty account (of a given id, so
// that ARNs can be computed) and to an empty network, or fails with a one-line error led by the
// file name, InvalidArgument for bad input or Unimplemented for what is known only after apply.
#include <cstdint>

#include "frontends/aws/json_reader.h"
#include "frontends/terraform/plan.h"
#include "frontends/terraform/plan_network.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vouch;
  aws::JsonLimits limits;
  limits.max_bytes = 64 << 10;
  absl::StatusOr<std::unique_ptr<aws::JsonDocument>> doc =
      aws::JsonDocument::FromString(fuzz::AsText(data, size), "fuzz.json", limits);
  if (!doc.ok()) return 0;
  iam::Account account;
  absl::Status s = terraform::ApplyPlan((*doc)->root(), account, {.account_id = "111122223333"});
  if (!s.ok()) fuzz::CheckInputError(s, "fuzz.json");
  net::Network network;
  s = terraform::ApplyPlanToNetwork((*doc)->root(), network);
  if (!s.ok()) fuzz::CheckInputError(s, "fuzz.json");
  return 0;
}
