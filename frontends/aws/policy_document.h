// IAM policy documents, read from JSON into iam::Policy with full provenance.
//
// Every frontend that meets a policy document (get-account-authorization-details, the batch
// simulation cases, `vouch simulate --policy FILE`) reads it here, so a document is accepted in
// the same three shapes everywhere:
//
//   {"Version": "2012-10-17", "Statement": [...]}            a JSON object (AWS CLI, boto3)
//   "{\"Version\": \"2012-10-17\", ...}"                     a JSON string holding the text
//   "%7B%22Version%22%3A%20%222012-10-17%22..."              URL-encoded text (the raw IAM API)
//
// The grammar follows the IAM JSON policy reference: Statement is an object or an array;
// Action/NotAction/Resource/NotResource are a string or an array of strings; Principal is `*` or
// {"AWS"|"Service"|"Federated"|"CanonicalUser": string or array}; condition values are strings,
// numbers or booleans, alone or in arrays, kept as the strings AWS compares. Anything else is an
// InvalidArgument naming the JSON pointer, e.g.
//
//   lab/iam.json: /Policies/0/PolicyVersionList/0/Document/Statement/1/Actoin: unknown element
//   `Actoin` (expected Sid, Effect, Action, NotAction, Resource, NotResource, Principal,
//   NotPrincipal or Condition)
//
// Nothing is interpreted here (wildcards, variables, ARNs stay text): engine/eval compiles.
#ifndef VOUCH_FRONTENDS_AWS_POLICY_DOCUMENT_H_
#define VOUCH_FRONTENDS_AWS_POLICY_DOCUMENT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontends/aws/json_reader.h"
#include "models/base/source_ref.h"
#include "models/iam/policy.h"

namespace vouch::aws {

// Bounds on one policy document, far above anything AWS accepts (identity policies hold at most
// 10,240 characters, resource policies 20 KB, KMS key policies 32 KB, so a real document cannot
// hold even a fifth of these), so that a hostile input cannot make reading or evaluation slow.
// Exceeding one is an InvalidArgument at the element that crosses it, e.g.
//   "p.json: /Statement/0/Condition: 5001 conditions (operator and key pairs), over the limit of
//    5000 per statement"
inline constexpr size_t kMaxStatements = 1000;                 // per policy
inline constexpr size_t kMaxConditionsPerStatement = 5000;     // (operator, key) pairs
inline constexpr size_t kMaxConditionsPerPolicy = 10000;       // (operator, key) pairs
inline constexpr size_t kMaxValuesPerCondition = 20000;        // values of one (operator, key)
inline constexpr size_t kMaxConditionValuesPerPolicy = 50000;  // values of all conditions

// Reads the policy document `value` (an object, or a string of JSON or URL-encoded JSON). The
// result is named `name` (how answers cite it: an ARN, a policy name, a file). Statements and
// conditions carry SourceRefs below value.source(); for a document held in a string, the
// pointer continues inside the string's text ("/Policies/0/.../Document/Statement/0").
absl::StatusOr<iam::Policy> ReadPolicyDocument(const JsonValue& value, std::string name);

// Parses policy text: JSON (an object, or a JSON string holding the document) or URL-encoded
// JSON. `at` locates the text (its file, and the pointer of the string that held it, if any).
absl::StatusOr<iam::Policy> ParsePolicyText(absl::string_view text, const SourceRef& at,
                                            std::string name);

// Reads a policy file as `vouch simulate --policy FILE` takes it: any of the shapes above, or a
// saved response of the AWS CLI that holds one document (`aws s3api get-bucket-policy`,
// `lambda get-policy` and `kms get-key-policy`'s {"Policy": ...}; sqs and sns's
// {"Attributes": {"Policy": ...}}; `iam get-role-policy` and the like's PolicyDocument;
// `iam get-policy-version`'s PolicyVersion.Document; `iam get-role`'s trust policy;
// `ecr get-repository-policy`'s policyText; `secretsmanager get-resource-policy`'s
// ResourcePolicy), its other members read past and its errors located below the member
// ("b.json: /Policy/Statement/0/Actoin: ..."). The policy is named after the path. Errors:
// "<path>: cannot read file", then as above.
absl::StatusOr<iam::Policy> ReadPolicyFile(const std::string& path);

// Decodes RFC 3986 percent-encoding (`%7B` -> `{`; `+` stays `+`). Error: "invalid URL
// encoding `%4` at offset 12".
absl::StatusOr<std::string> UrlDecode(absl::string_view text);

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_POLICY_DOCUMENT_H_
