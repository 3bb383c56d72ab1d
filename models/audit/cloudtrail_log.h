// Calls recorded in CloudTrail log files, as `vouch replay` reads them: who called which API of
// which service, when, from where, on what, and whether AWS let the call through.
//
// A LoggedCall keeps the few fields of a CloudTrail record (AWS's "CloudTrail record contents")
// that tell the request IAM decided; the rest of the record is read past. Read by
// frontends/aws/cloudtrail_logs.h; turned into IAM requests by engine/eval/replay.h.
//
//   LoggedCall c = ...;  // userIdentity.type IAMUser, eventSource iam.amazonaws.com, ...
//   if (OutcomeOf(c) == LogOutcome::kSucceeded) ...
#ifndef VOUCH_MODELS_AUDIT_CLOUDTRAIL_LOG_H_
#define VOUCH_MODELS_AUDIT_CLOUDTRAIL_LOG_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "models/base/source_ref.h"

namespace vouch::audit {

// One entry of a record's `resources` list.
struct LoggedResource {
  std::string arn;   // `ARN`
  std::string type;  // `type`, such as "AWS::S3::Object" ("" when absent)

  bool operator==(const LoggedResource&) const = default;
};

// One record of a log file. Strings absent from the record are "".
struct LoggedCall {
  SourceRef source;               // the log file and the record's pointer (/Records/N)
  std::string event_id;           // `eventID`
  std::string event_time;         // `eventTime`, ISO 8601 in UTC
  std::string event_source;       // `eventSource`: "iam.amazonaws.com"
  std::string event_name;         // `eventName`: the API called, "GetUser"
  std::string aws_region;         // `awsRegion`
  std::string source_ip_address;  // `sourceIPAddress`: an address, or a service's name
  bool tls = false;               // the record has `tlsDetails` (the call came over TLS)
  // `userIdentity`.
  std::string identity_type;  // `type`: "IAMUser", "AssumedRole", "Root", "AWSService", ...
  std::string identity_arn;   // `arn`
  std::string access_key_id;  // `accessKeyId`
  std::string invoked_by;     // `invokedBy`: for an AWSService caller, the service's name
  std::string issuer_arn;     // `sessionContext.sessionIssuer.arn` (AssumedRole: the role)
  std::optional<bool> mfa_authenticated;  // `sessionContext.attributes.mfaAuthenticated`
  std::string error_code;                 // `errorCode`; "" when the call succeeded
  std::vector<LoggedResource> resources;
  // The string members of `requestParameters` that name IAM entities (`userName`, `groupName`,
  // `roleName`, `policyArn`, `path`), in record order.
  std::vector<std::pair<std::string, std::string>> request_names;

  bool operator==(const LoggedCall&) const = default;

  // The value of request parameter `name` (one of request_names), or nullopt.
  std::optional<std::string> RequestName(absl::string_view name) const;
};

// What AWS did with a call, by its error code.
enum class LogOutcome {
  kSucceeded,  // no `errorCode`
  kDenied,     // `AccessDenied`, `AccessDeniedException`, `*UnauthorizedOperation`
  kFailed,     // another error: the call was not refused for want of permission, as far as the
               // log tells (its authorization is not known)
};

LogOutcome OutcomeOf(const LoggedCall& call);
absl::string_view LogOutcomeName(LogOutcome o);  // "succeeded", "denied", "failed"

}  // namespace vouch::audit

#endif  // VOUCH_MODELS_AUDIT_CLOUDTRAIL_LOG_H_
