// Fuzzes get-account-authorization-details reading: any JSON either reads into an account (whose
// policy references are then checked) or fails with a one-line error led by the file name.
#include <cstdint>

#include "frontends/aws/authorization_details.h"
#include "frontends/aws/json_reader.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vouch;
  aws::JsonLimits limits;
  limits.max_bytes = 64 << 10;
  absl::StatusOr<std::unique_ptr<aws::JsonDocument>> doc =
      aws::JsonDocument::FromString(fuzz::AsText(data, size), "fuzz.json", limits);
  if (!doc.ok()) return 0;
  iam::Account account;
  absl::Status s = aws::ReadAuthorizationDetails((*doc)->root(), account);
  if (s.ok()) s = aws::CheckManagedPolicyReferences(account);
  if (!s.ok()) fuzz::CheckInputError(s, "fuzz.json");
  return 0;
}
