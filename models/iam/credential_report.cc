// Formatting the credential report's times, and telling the root user's virtual MFA device (see
// credential_report.h).
#include "models/iam/credential_report.h"

#include "absl/strings/match.h"

namespace vouch::iam {

std::string FormatReportTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

bool VirtualMfaDevice::IsRoots() const {
  // The root user's ARN is arn:aws:iam::ACCOUNT:root; a device without an assignment that AWS
  // named for the root user ends in `:mfa/root-account-mfa-device`.
  return absl::EndsWith(user_arn, ":root") ||
         absl::EndsWith(serial_number, ":mfa/root-account-mfa-device");
}

}  // namespace vouch::iam
