// Rendering `vouch simulate` answers: text for people, JSON lines for scripts, and the response
// shape of `aws iam simulate-principal-policy` for scripts written against the AWS simulator.
//
// An answer is one decided (action, resource) request with the statements that decided it:
//
//   text   allowed  iam:GetUser on *
//            Allow by ReadOnlyAccess (aws-managed), statement 0 "Sid"
//              at lab/gaad.json: /Policies/0/PolicyVersionList/0/Document/Statement/0
//   json   {"id":..,"action":"iam:GetUser","resource":"*","decision":"allowed",
//           "matchedStatements":[{"policy":"ReadOnlyAccess","policyType":"identity",
//           "sid":null,"index":0,"effect":"Allow"}],"missingContextKeys":[]}
//   aws    {"EvaluationResults": [{"EvalActionName": ..., "EvalDecision": ..., "MatchedStatements":
//           [{"SourcePolicyId": ..., "SourcePolicyType": "aws-managed", "StartPosition": {"Line":
//           3, "Column": 19}, "EndPosition": ...}], ...}]}
//
// The aws shape is what `aws iam simulate-principal-policy` prints (the CLI drops the paging
// fields IsTruncated and Marker), member for member as the API reference orders them. What it
// needs beyond the evaluation (how AWS names each policy, where each statement sits in its
// text, which policy kinds took part) comes in an AwsAnswerDetail per answer.
//
// The JSON line writer is hand-rolled (no DOM) because batch mode writes one per case at
// hundreds of thousands of cases per second.
#ifndef VOUCH_PROOFS_SIMULATION_REPORT_H_
#define VOUCH_PROOFS_SIMULATION_REPORT_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/eval/context_search.h"
#include "engine/eval/iam_evaluator.h"

namespace vouch::proofs {

enum class SimulationFormat { kText, kJson, kAws };

// "text", "json" or "aws". Error: "unknown format `x` (expected text, json or aws)".
absl::StatusOr<SimulationFormat> ParseSimulationFormat(absl::string_view name);

// One decided request.
struct SimulationAnswer {
  std::string id_json;  // the case's id as JSON text; "" omits the id
  std::string action;
  std::string resource;
  iam::EvaluationResult result;  // matched[].policy is shown as it is: rename before rendering
  // `vouch simulate --search-context`: the search over the keys the request lacks
  // (engine/eval/context_search.h), for an answer not allowed that lacks some; else null.
  std::shared_ptr<const iam::ContextSearch> search{};
};

// How text answers cite a statement: `Allow by ReadOnlyAccess (aws-managed), statement 0 "Sid"`
// (the origin for identity policies, else the policy type; the Sid when it has one).
std::string DescribeStatement(const iam::MatchedStatement& statement);

// Appends `answer` as one JSON line (with its newline) in the shape above.
void AppendJsonAnswer(const SimulationAnswer& answer, std::string& out);

// Appends a batch case that could not be decided, as one JSON line:
//   {"id":..,"action":..,"resource":..,"error":"cases.jsonl:3: ...","errorKind":"invalidInput"}
// errorKind is "invalidInput" (InvalidArgument), "unsupported" (Unimplemented) or "internal".
void AppendJsonError(absl::string_view id_json, absl::string_view action,
                     absl::string_view resource, const absl::Status& error, std::string& out);

// A place in a policy document's text, as the AWS simulator counts: both from 1, the column
// just after the statement's `{` (StartPosition) or `}` (EndPosition).
struct AwsPosition {
  int line = 0;
  int column = 0;

  bool operator==(const AwsPosition&) const = default;
};

// How the AWS simulator cites one matched statement.
struct AwsStatement {
  std::string source_policy_id;    // a policy name, "PolicyInputList.1", "ResourcePolicy", ...
  std::string source_policy_type;  // user | group | role | aws-managed | user-managed | resource | none
  std::optional<AwsPosition> start;  // absent when the text could not be read again
  std::optional<AwsPosition> end;
};

// What the AWS response of one answer needs beyond the evaluation.
struct AwsAnswerDetail {
  std::vector<AwsStatement> matched;  // one per result.matched, in order
  bool organizations = false;         // SCPs or RCPs took part: OrganizationsDecisionDetail
  bool permissions_boundary = false;  // a boundary applied: PermissionsBoundaryDecisionDetail
  bool cross_account = false;         // the resource's owner is not the caller's account
};

// The detail that an answer alone implies: each statement cited by its policy's name and
// origin, without positions; SCPs and a boundary shown only when they denied.
AwsAnswerDetail DefaultAwsDetail(const SimulationAnswer& answer);

// The response of `aws iam simulate-principal-policy` for `answers`, pretty-printed as the AWS
// CLI prints it. REQUIRES: details.size() == answers.size(). Per answer, as the API reference
// documents the members:
//   - OrganizationsDecisionDetail only when SCPs took part, PermissionsBoundaryDecisionDetail
//     only when a boundary applied;
//   - for a resource other than `*`: ResourceSpecificResults holds one entry for it, with the
//     missing context keys (the top-level MissingContextValues is then empty), and
//     EvalDecisionDetails is present but empty for a same-account request. It is left out for
//     `*`, when SCPs denied (the simulation then ends, says the API reference) and, since the
//     API reference does not list its keys, for cross-account requests.
std::string RenderAwsResponse(const std::vector<SimulationAnswer>& answers,
                              const std::vector<AwsAnswerDetail>& details);

// All answers in `format` (json: one line each), ending with a newline. The aws format uses
// DefaultAwsDetail for each answer.
std::string RenderSimulation(const std::vector<SimulationAnswer>& answers, SimulationFormat format);

// `text` as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view text);

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_SIMULATION_REPORT_H_
