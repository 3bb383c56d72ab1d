// `vouch simulate --format aws`: the response of `aws iam simulate-principal-policy` for the
// principal and custom modes, with what the evaluation alone does not say:
//
//   - SourcePolicyId as AWS names each policy: a policy of the snapshot by its name, the
//     policies given as files as the request parameters AWS numbers them (`--policy` files are
//     PolicyInputList.1, .2, ...; `--boundary` PermissionsBoundaryPolicyInputList.1;
//     `--resource-policy` ResourcePolicy);
//   - StartPosition and EndPosition of each matched statement, from the policy's text, read
//     again from its file only here (json_position.h), so other formats pay nothing;
//   - which policy kinds took part (SCPs, a boundary) and whether the request is cross-account.
//
// Batch mode (--cases) has no aws format.
#ifndef VOUCH_FRONTENDS_CLI_SIMULATE_AWS_H_
#define VOUCH_FRONTENDS_CLI_SIMULATE_AWS_H_

#include <string>
#include <vector>

#include "engine/eval/iam_evaluator.h"
#include "proofs/simulation_report.h"

namespace vouch::cli {

// The policy files of the command line that AWS's request has parameters for.
struct AwsPolicyInputs {
  std::vector<std::string> policy_files;  // --policy, in order: PolicyInputList.N
  std::string boundary_file;              // --boundary ("" none)
  std::string resource_policy_file;       // --resource-policy ("" none)
};

// The aws-format response for `answers`, all decided against `set` for requests built from
// `base` (same principal and resource owner). A statement whose text cannot be read again (a
// pipe, a file changed since) is cited without positions.
std::string RenderAwsSimulation(const AwsPolicyInputs& inputs, const iam::PolicySet& set,
                                const iam::Request& base,
                                const std::vector<proofs::SimulationAnswer>& answers);

}  // namespace vouch::cli

#endif  // VOUCH_FRONTENDS_CLI_SIMULATE_AWS_H_
