// Fuzzes credential report reading: any text, as CSV and as a get-credential-report response,
// either reads into a report or fails with a one-line error led by the file name.
#include <cstdint>

#include "frontends/aws/credential_report.h"
#include "frontends/aws/json_reader.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vouch;
  absl::string_view text = fuzz::AsText(data, size);
  absl::StatusOr<iam::CredentialReport> csv =
      aws::ParseCredentialReportCsv(text, SourceRef{"fuzz.csv", ""});
  if (!csv.ok()) fuzz::CheckInputError(csv.status(), "fuzz.csv");
  aws::JsonLimits limits;
  limits.max_bytes = 64 << 10;
  absl::StatusOr<std::unique_ptr<aws::JsonDocument>> doc =
      aws::JsonDocument::FromString(text, "fuzz.json", limits);
  if (!doc.ok() || !aws::IsCredentialReportResponse((*doc)->root())) return 0;
  absl::StatusOr<iam::CredentialReport> json = aws::ReadCredentialReportResponse((*doc)->root());
  if (!json.ok()) fuzz::CheckInputError(json.status(), "fuzz.json");
  return 0;
}
