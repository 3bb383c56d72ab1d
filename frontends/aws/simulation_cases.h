// The batch simulation format: one IAM request and its policies per line (JSON Lines).
//
//   {"id": "r01", "identityPolicies": [doc, ...], "resourcePolicy": doc,
//    "permissionBoundaries": [doc], "sessionPolicy": doc,
//    "scps": [[doc, ...], ...], "rcps": [[doc, ...], ...],          (one list per level, root first)
//    "request": {"principal": ARN, "action": "s3:GetObject", "resource": ARN,
//                "resourceAccount": "111122223333", "context": {"aws:username": "alice",
//                                                               "aws:TagKeys": ["a", "b"]}}}
//
// Everything but `request` is optional; documents take any shape policy_document.h reads. This
// is the format `vouch simulate --cases` decides, tools/oracle feeds to the reference simulator,
// and tests/golden holds. The request context is taken as given: batch cases state every key
// they mean (no principal keys are filled in), so both simulators see the same request.
//
// Speed matters (a batch is often 10^4..10^6 cases): the file is read once, each line is parsed
// with simdjson, and each distinct policy document (by its minified text) is read once into an
// iam::Policy shared by every case that holds it, so the caller can compile it once too (keyed by
// the pointer and the policy type).
//
//   VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<CaseReader> reader, CaseReader::Open("cases.jsonl"));
//   SimulationCase c;
//   absl::Status error;
//   while (reader->Next(c, error)) {
//     if (!error.ok()) ...  // "cases.jsonl:17: /request/action: unknown action `s3:Get`"
//     else ...              // compile c.policies' documents (cached), iam::Evaluate
//   }
#ifndef VOUCH_FRONTENDS_AWS_SIMULATION_CASES_H_
#define VOUCH_FRONTENDS_AWS_SIMULATION_CASES_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontends/aws/json_reader.h"
#include "models/iam/policy.h"
#include "models/iam/request.h"
#include "simdjson.h"

namespace vouch::aws {

// A policy of a case: a shared document, where AWS applies it, and how the case names it
// ("identityPolicies/1", "resourcePolicy", "scps/0/2", ...).
struct CasePolicy {
  std::shared_ptr<const iam::Policy> policy;  // named "#<n>": unique per distinct document
  iam::PolicyType type = iam::PolicyType::kIdentity;
  std::string label;
};

// One case, ready to compile and evaluate.
struct SimulationCase {
  int line = 0;         // 1-based line number in the file
  std::string id_json;  // the case's `id` as JSON text ("\"r01\"", "17"); "null" when absent
  std::vector<CasePolicy> identity;
  std::vector<CasePolicy> permission_boundaries;
  std::vector<CasePolicy> session;   // zero or one
  std::vector<CasePolicy> resource;  // zero or one
  std::vector<std::vector<CasePolicy>> scp_levels;  // root first
  std::vector<std::vector<CasePolicy>> rcp_levels;
  iam::Request request;

  // The label of the policy named `policy_name` in this case; `policy_name` itself if unknown.
  absl::string_view LabelOf(absl::string_view policy_name) const;
};

class CaseReader {
 public:
  // Reads the whole file. Error: "<path>: cannot read file".
  static absl::StatusOr<std::unique_ptr<CaseReader>> Open(const std::string& path);
  // Reads cases from `text`; `name` stands for the file in error messages.
  static std::unique_ptr<CaseReader> FromString(absl::string_view text, std::string name);

  // Reads the next non-blank line into `out`. Returns false at the end of the input. When the
  // line is a bad case, returns true with `error` set (InvalidArgument, or Unimplemented for a
  // construct vouch does not model) naming the line and JSON pointer, e.g.
  //   "cases.jsonl:17: /request/action: unknown action `iam:DeleteGrup` (did you mean ...)"
  // and `out` holds what could be read (line, id_json, request.action and request.resource).
  bool Next(SimulationCase& out, absl::Status& error);

  // Distinct policy documents read so far.
  size_t distinct_policies() const { return cache_.size(); }

 private:
  CaseReader(simdjson::padded_string text, std::string name);

  absl::Status ReadCase(simdjson::dom::element root, SimulationCase& out);
  absl::Status ReadRequest(simdjson::dom::element request, const SourceRef& at, SimulationCase& out);
  absl::Status ReadContext(simdjson::dom::element context, const SourceRef& at, iam::Request& out);
  // Reads (or finds) the document `doc` located at `at`.
  absl::StatusOr<CasePolicy> ReadPolicy(simdjson::dom::element doc, const SourceRef& at,
                                        iam::PolicyType type, std::string label);
  absl::Status ReadPolicyList(simdjson::dom::element list, const SourceRef& at,
                              iam::PolicyType type, absl::string_view field,
                              std::vector<CasePolicy>& out);
  absl::Status ReadLevels(simdjson::dom::element levels, const SourceRef& at, iam::PolicyType type,
                          absl::string_view field, std::vector<std::vector<CasePolicy>>& out);
  absl::Status CheckAction(absl::string_view action, const SourceRef& at);

  simdjson::padded_string text_;
  std::string name_;
  size_t pos_ = 0;
  int line_ = 0;
  simdjson::dom::parser parser_;
  std::string key_;  // scratch: the minified text of the document being looked up
  absl::flat_hash_map<std::string, std::shared_ptr<const iam::Policy>> cache_;
  absl::flat_hash_map<std::string, absl::Status> actions_;  // action -> catalog verdict
};

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_SIMULATION_CASES_H_
