// The details of `vouch simulate --format aws` (see simulate_aws.h).
#include "frontends/cli/simulate_aws.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/json_position.h"
#include "frontends/aws/json_reader.h"
#include "models/iam/arn.h"

namespace vouch::cli {
namespace {

using iam::PolicyType;

// Reads each policy file once and finds statements in it.
class StatementLocator {
 public:
  // The AWS positions of the statement at `at`, or nullopt when its text cannot be read again.
  std::optional<aws::AwsStatementPosition> Locate(const SourceRef& at) {
    auto it = texts_.find(at.file);
    if (it == texts_.end()) {
      absl::StatusOr<std::string> text = aws::ReadInputFile(at.file);
      it = texts_.emplace(at.file, text.ok() ? std::optional<std::string>(*std::move(text))
                                             : std::nullopt).first;
    }
    if (!it->second) return std::nullopt;
    absl::StatusOr<aws::JsonTextSpan> span = aws::LocateJsonValue(*it->second, at.pointer);
    if (!span.ok() || span->end <= span->begin) return std::nullopt;
    return aws::AwsPositionOf(*span);
  }

 private:
  absl::flat_hash_map<std::string, std::optional<std::string>> texts_;  // nullopt: unreadable
};

// The request parameter AWS would have received the policy of `m` in, if it came from a file
// of the command line: "PolicyInputList.2", ...; "" for a policy of the snapshot.
std::string InputParameter(const AwsPolicyInputs& in, const iam::MatchedStatement& m) {
  if (m.policy_type == PolicyType::kResource && m.source.file == in.resource_policy_file) {
    return "ResourcePolicy";
  }
  if (m.policy_type == PolicyType::kPermissionBoundary && m.source.file == in.boundary_file) {
    return "PermissionsBoundaryPolicyInputList.1";
  }
  if (m.policy_type == PolicyType::kIdentity && m.origin == iam::PolicyOrigin::kNone) {
    auto it = std::find(in.policy_files.begin(), in.policy_files.end(), m.source.file);
    if (it != in.policy_files.end()) {
      return absl::StrCat("PolicyInputList.", it - in.policy_files.begin() + 1);
    }
  }
  return "";
}

bool CrossAccount(const iam::Request& base) {
  if (base.resource_account.empty()) return false;
  absl::StatusOr<iam::Arn> caller = iam::ParseArn(base.principal);
  return !caller.ok() || caller->account != base.resource_account;
}

}  // namespace

std::string RenderAwsSimulation(const AwsPolicyInputs& inputs, const iam::PolicySet& set,
                                const iam::Request& base,
                                const std::vector<proofs::SimulationAnswer>& answers) {
  StatementLocator locator;
  std::vector<proofs::AwsAnswerDetail> details;
  for (const proofs::SimulationAnswer& a : answers) {
    proofs::AwsAnswerDetail d = proofs::DefaultAwsDetail(a);
    for (size_t i = 0; i < a.result.matched.size(); ++i) {
      const iam::MatchedStatement& m = a.result.matched[i];
      std::string parameter = InputParameter(inputs, m);
      if (!parameter.empty()) d.matched[i].source_policy_id = std::move(parameter);
      if (std::optional<aws::AwsStatementPosition> p = locator.Locate(m.source)) {
        d.matched[i].start = proofs::AwsPosition{p->start.line, p->start.column};
        d.matched[i].end = proofs::AwsPosition{p->end.line, p->end.column};
      }
    }
    d.organizations = !set.scp_levels.empty() || !set.rcp_levels.empty();
    d.permissions_boundary = !set.permission_boundaries.empty();
    d.cross_account = CrossAccount(base);
    details.push_back(std::move(d));
  }
  return proofs::RenderAwsResponse(answers, details);
}

}  // namespace vouch::cli
