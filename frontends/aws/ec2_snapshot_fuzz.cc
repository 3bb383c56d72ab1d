// Fuzzes the describe-* readers through the snapshot seam: a JSON object whose top-level keys are
// describe-* response keys ("SecurityGroups", "NetworkAcls", ...) is read into one network, as
// the snapshot loader would read a file. Any input either loads or fails with a one-line error.
#include <cstdint>

#include "frontends/aws/ec2_snapshot.h"
#include "frontends/aws/json_reader.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vouch;
  aws::JsonLimits limits;
  limits.max_bytes = 64 << 10;
  absl::StatusOr<std::unique_ptr<aws::JsonDocument>> doc =
      aws::JsonDocument::FromString(fuzz::AsText(data, size), "fuzz.json", limits);
  if (!doc.ok() || !(*doc)->root().IsObject()) return 0;
  net::Network network;
  auto members = (*doc)->root().Members();
  for (const auto& [key, items] : *members) {
    if (!aws::IsEc2ResponseKey(key)) continue;
    absl::Status s = aws::ReadEc2Response(key, items, network);
    if (!s.ok()) {
      fuzz::CheckInputError(s, "fuzz.json");
      return 0;
    }
  }
  return 0;
}
