// Formatting the credential report's times (see credential_report.h).
#include "models/iam/credential_report.h"

namespace vouch::iam {

std::string FormatReportTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

}  // namespace vouch::iam
