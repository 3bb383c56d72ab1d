// The IAM credential report (`aws iam get-credential-report`): each user's sign-in credentials,
// as AWS describes them, one row per user and one for the root user.
//
// Plain values; frontends/aws/credential_report.h builds them from the report's CSV, and
// engine/eval/credential_checks.h checks claims about them ("every console user has MFA",
// "no active access key is older than 90 days"). The columns are those of AWS's "Getting
// credential reports for your AWS account"; where AWS writes a sentinel rather than a time
// (`N/A`, `no_information`, `not_supported`) the sentinel is kept, so answers can say which.
#ifndef VOUCH_MODELS_IAM_CREDENTIAL_REPORT_H_
#define VOUCH_MODELS_IAM_CREDENTIAL_REPORT_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "models/base/source_ref.h"

namespace vouch::iam {

// A time column: a time, or the sentinel AWS writes in its place: `N/A` (no such credential, or
// never used), `no_information` (not used since AWS began tracking it) or `not_supported` (the
// root user's password rotation columns).
struct ReportTime {
  std::optional<absl::Time> time;
  std::string sentinel;  // set when `time` is absent

  bool operator==(const ReportTime&) const = default;
};

struct ReportAccessKey {
  bool active = false;
  ReportTime last_rotated;  // when the key was created or last rotated
  ReportTime last_used;
  std::string last_used_region;   // "N/A" when never used
  std::string last_used_service;  // "N/A" when never used

  bool operator==(const ReportAccessKey&) const = default;
};

struct ReportCertificate {
  bool active = false;
  ReportTime last_rotated;

  bool operator==(const ReportCertificate&) const = default;
};

struct CredentialReportRow {
  std::string user;  // "<root_account>" for the root user
  std::string arn;
  ReportTime user_created;
  // Console sign-in: nullopt where AWS writes `not_supported` (the root user's row).
  std::optional<bool> password_enabled;
  ReportTime password_last_used;
  ReportTime password_last_changed;
  ReportTime password_next_rotation;
  bool mfa_active = false;
  std::array<ReportAccessKey, 2> access_keys;
  std::array<ReportCertificate, 2> certificates;
  int line = 0;      // 1-based line of the report's CSV text
  SourceRef source;  // the report file (and `/Content` when the CSV came inside a JSON response)

  bool is_root() const { return user == "<root_account>"; }
  bool operator==(const CredentialReportRow&) const = default;
};

struct CredentialReport {
  std::optional<absl::Time> generated;  // GeneratedTime, when the report came as a JSON response
  std::vector<CredentialReportRow> rows;
  SourceRef source;

  bool operator==(const CredentialReport&) const = default;
};

// One virtual MFA device of the account (`aws iam list-virtual-mfa-devices`): a device the report's
// `mfa_active` does not tell from a hardware one.
struct VirtualMfaDevice {
  std::string serial_number;  // arn:aws:iam::111122223333:mfa/root-account-mfa-device
  std::string user_arn;       // the user it is assigned to (`arn:aws:iam::...:root`); empty: none
  SourceRef source;

  bool operator==(const VirtualMfaDevice&) const = default;
  // Whether it is the root user's: assigned to the account's root, or under the name AWS gives
  // the root user's virtual device (which the CIS benchmark's audit looks for).
  bool IsRoots() const;
};

// `t` as answers write the report's times, to the second in UTC: "2026-03-02T09:45:30Z".
std::string FormatReportTime(absl::Time t);

}  // namespace vouch::iam

#endif  // VOUCH_MODELS_IAM_CREDENTIAL_REPORT_H_
