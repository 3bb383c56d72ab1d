// Calls recorded in CloudTrail log files (see cloudtrail_log.h).
#include "models/audit/cloudtrail_log.h"

#include "absl/strings/match.h"

namespace vouch::audit {

std::optional<std::string> LoggedCall::RequestName(absl::string_view name) const {
  for (const auto& [key, value] : request_names) {
    if (key == name) return value;
  }
  return std::nullopt;
}

LogOutcome OutcomeOf(const LoggedCall& call) {
  const std::string& code = call.error_code;
  if (code.empty()) return LogOutcome::kSucceeded;
  // Deny codes differ by service protocol: AccessDenied (query and REST-XML services: IAM, S3,
  // STS), AccessDeniedException (JSON services), UnauthorizedOperation and
  // Client.UnauthorizedOperation (EC2).
  if (code == "AccessDenied" || code == "AccessDeniedException" ||
      absl::EndsWith(code, "UnauthorizedOperation")) {
    return LogOutcome::kDenied;
  }
  return LogOutcome::kFailed;
}

absl::string_view LogOutcomeName(LogOutcome o) {
  switch (o) {
    case LogOutcome::kSucceeded:
      return "succeeded";
    case LogOutcome::kDenied:
      return "denied";
    case LogOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

}  // namespace vouch::audit
