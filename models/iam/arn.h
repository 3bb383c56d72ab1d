// ARNs and the kinds of principal they name.
//
// AWS ARNs have six colon-delimited parts, `arn:partition:service:region:account:resource`, the
// last of which may itself contain colons. Principals in IAM requests are ARNs of users, roles,
// role sessions, federated users or an account's root user; service principals
// (`lambda.amazonaws.com`) and anonymous callers are not ARNs. ClassifyPrincipal tells them apart
// without allocating, so the evaluator can call it for every request.
//
//   PrincipalView p = ClassifyPrincipal("arn:aws:sts::111122223333:assumed-role/Dev/alice");
//   // p.kind == PrincipalKind::kAssumedRole, p.account == "111122223333", p.name == "Dev",
//   // p.session == "alice"
#ifndef VOUCH_MODELS_IAM_ARN_H_
#define VOUCH_MODELS_IAM_ARN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace vouch::iam {

struct Arn {
  std::string partition;  // "aws", "aws-cn", "aws-us-gov"
  std::string service;    // "iam", "s3"
  std::string region;     // "" for global services
  std::string account;    // "" for S3 buckets; "aws" for AWS managed policies
  std::string resource;   // everything after the fifth colon, colons included

  bool operator==(const Arn&) const = default;
  std::string ToString() const;  // the ARN text again
};

// Parses an ARN: the `arn` prefix, six parts, non-empty partition, service and resource.
// Error: InvalidArgument "`x` is not an ARN".
absl::StatusOr<Arn> ParseArn(absl::string_view text);

// The account field of an ARN (`arn:aws:iam::111122223333:user/x` -> `111122223333`), a view
// into `text`; "" when `text` has fewer than five colons. Checks nothing else (see ParseArn).
absl::string_view ArnAccount(absl::string_view text);

// True for a 12-digit AWS account id.
bool IsAccountId(absl::string_view text);

enum class PrincipalKind {
  kUser,           // arn:aws:iam::ACCT:user/path/name
  kRole,           // arn:aws:iam::ACCT:role/path/name (a role itself, as named in policies)
  kAssumedRole,    // arn:aws:sts::ACCT:assumed-role/RoleName/SessionName
  kFederatedUser,  // arn:aws:sts::ACCT:federated-user/name
  kRoot,           // arn:aws:iam::ACCT:root, or a bare account id
  kService,        // lambda.amazonaws.com
  kAnonymous,      // "", "*" or "anonymous"
  kUnknown,        // any other text: matches only itself
};

// "user", "role", "assumed-role", "federated-user", "root", "service", "anonymous", "unknown".
absl::string_view PrincipalKindName(PrincipalKind kind);

// A principal's parts, as views into the text that was classified (which must outlive it).
struct PrincipalView {
  PrincipalKind kind = PrincipalKind::kUnknown;
  absl::string_view text;       // the whole principal as given
  absl::string_view partition;  // "aws"; "" when not an ARN
  absl::string_view account;    // "" for services, anonymous and unknown non-ARN text
  absl::string_view name;       // user, role (also for sessions) or federated user name; service
  absl::string_view path;       // users and roles: "/" or "/division/"; "" otherwise
  absl::string_view session;    // assumed-role sessions: the session name
  // A service-linked role or one of its sessions: role path `/aws-service-role/` or a role name
  // starting with `AWSServiceRoleFor` (the form session ARNs carry).
  bool service_linked = false;
};

PrincipalView ClassifyPrincipal(absl::string_view principal);

}  // namespace vouch::iam

#endif  // VOUCH_MODELS_IAM_ARN_H_
