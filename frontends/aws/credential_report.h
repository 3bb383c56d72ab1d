// Reading the IAM credential report (models/iam/credential_report.h) in the forms users have it:
//
//   - the CSV text itself: `aws iam get-credential-report --query Content --output text |
//     base64 -d > report.csv`;
//   - the AWS CLI's JSON response, `{"Content": <base64 of the CSV>, "ReportFormat": "text/csv",
//     "GeneratedTime": ...}`, as `aws iam get-credential-report > report.json` writes it;
//   - the same response with the CSV text in `Content` as it is (CloudMapper's account-data).
//
// Columns are found by their header names, so their order does not matter and columns AWS adds
// later are read past; each of the 22 documented ones must be there. Every value is checked:
// booleans are `true` or `false` (any case), times are ISO 8601 or one of AWS's sentinels.
// Errors name the file, the JSON pointer of `Content` where there is one, the CSV line and the
// column: "report.json: /Content: line 3: column `mfa_active`: expected `true` or `false`, got
// `yes`".
#ifndef VOUCH_FRONTENDS_AWS_CREDENTIAL_REPORT_H_
#define VOUCH_FRONTENDS_AWS_CREDENTIAL_REPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "frontends/aws/json_reader.h"
#include "models/iam/credential_report.h"

namespace vouch::aws {

// True for the JSON response of `aws iam get-credential-report`: an object with `Content` and
// `ReportFormat`.
bool IsCredentialReportResponse(const JsonValue& page);

// Reads such a response. `ReportFormat` must be `text/csv`; `GeneratedTime`, when given, becomes
// the report's time.
absl::StatusOr<iam::CredentialReport> ReadCredentialReportResponse(const JsonValue& response);

// The `VirtualMFADevices` list of an `aws iam list-virtual-mfa-devices` response (one page),
// appended to `out`: each device's `SerialNumber`, and the `Arn` of its `User` when it is
// assigned; other fields (EnableDate, Tags, the user's other fields) are read past.
absl::Status ReadVirtualMfaDevices(const JsonValue& list, std::vector<iam::VirtualMfaDevice>& out);

// Parses the report's CSV text; `at` locates it (the file, or the file and `/Content`).
absl::StatusOr<iam::CredentialReport> ParseCredentialReportCsv(absl::string_view csv,
                                                               const SourceRef& at);

// An ISO 8601 time with its offset, as the report and the AWS CLI write them
// ("2026-03-02T09:45:30+00:00", "2026-11-27T10:00:00Z"); nullopt for other text.
std::optional<absl::Time> ParseReportTime(absl::string_view text);

// Reads a report file in any of the forms above: JSON when its first character (after
// whitespace) is `{`, CSV otherwise.
absl::StatusOr<iam::CredentialReport> ReadCredentialReportFile(const std::string& path);

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_CREDENTIAL_REPORT_H_
