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
//           [{"SourcePolicyId": ..., "SourcePolicyType": "aws-managed"}], ...}]}
//
// The JSON line writer is hand-rolled (no DOM) because batch mode writes one per case at
// hundreds of thousands of cases per second.
#ifndef VOUCH_PROOFS_SIMULATION_REPORT_H_
#define VOUCH_PROOFS_SIMULATION_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
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
};

// Appends `answer` as one JSON line (with its newline) in the shape above.
void AppendJsonAnswer(const SimulationAnswer& answer, std::string& out);

// Appends a batch case that could not be decided, as one JSON line:
//   {"id":..,"action":..,"resource":..,"error":"cases.jsonl:3: ...","errorKind":"invalidInput"}
// errorKind is "invalidInput" (InvalidArgument), "unsupported" (Unimplemented) or "internal".
void AppendJsonError(absl::string_view id_json, absl::string_view action,
                     absl::string_view resource, const absl::Status& error, std::string& out);

// All answers in `format` (json: one line each), ending with a newline.
std::string RenderSimulation(const std::vector<SimulationAnswer>& answers, SimulationFormat format);

// `text` as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view text);

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_SIMULATION_REPORT_H_
