// `vouch reach`: can a packet get from SRC to DST (and its reply back)? A replayed witness
// path, or every component that blocks it.
//
//   vouch reach --snapshot examples/lab --from internet --to "Web Server" --protocol tcp --port
//   3389
//
// Exit 0 answered (reachable or unreachable), 2 bad input, 3 unknown, 4 self-check failure.
// With `--expect reachable|unreachable` the answer is a claim: exit 0 it holds, 1 it is violated
// (with the witness and the rule that let it in, or every component that blocks it), 3 unknown;
// `--format junit|sarif` prints the claim alone, for CI. `--terraform-plan FILE` answers for the
// network once the plan's security group and ACL changes are applied (as `vouch exposure`).
#include <chrono>
#include <iostream>
#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/smt/net_reach.h"
#include "frontends/aws/snapshot.h"
#include "frontends/cli/commands.h"
#include "frontends/terraform/plan_network.h"
#include "models/base/status_macros.h"
#include "models/net/lower.h"
#include "proofs/claim_formats.h"
#include "proofs/network_claims.h"
#include "proofs/reach_endpoints.h"
#include "proofs/reach_report.h"
#include "proofs/reach_self_check.h"
#include "proofs/witness_check.h"

namespace vouch::cli {
namespace {

struct ReachOptions {
  std::string snapshot;     // folder of describe-* outputs
  std::string terraform_plan;  // a plan whose network changes are applied to the snapshot
  std::string from, to;     // endpoint names (proofs/reach_endpoints.h)
  std::string protocol = "all";
  std::string port;         // "" all, "N" or "N-M"
  std::string format = "text";
  std::string expect;  // "" no claim, "reachable" or "unreachable"
  double timeout_seconds = 5;
  int max_memory_mb = 4096;
  bool self_check = false;
};

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Runs the question; returns the exit code, or a status for ReportError.
absl::StatusOr<int> RunReach(const ReachOptions& o) {
  VOUCH_RETURN_IF_ERROR(CheckClaimCommandFormat(o.format));
  if (proofs::IsClaimFormat(o.format) && o.expect.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("`--format ", o.format, "` prints a claim: give --expect"));
  }
  if (!o.expect.empty()) VOUCH_RETURN_IF_ERROR(proofs::CheckExpect(o.expect));
  VOUCH_ASSIGN_OR_RETURN(smt::HeaderSpace header, proofs::ParseHeaderSpace(o.protocol, o.port));
  auto start = std::chrono::steady_clock::now();
  VOUCH_ASSIGN_OR_RETURN(aws::Snapshot snapshot, aws::LoadSnapshot(o.snapshot));
  if (!o.terraform_plan.empty()) {
    VOUCH_RETURN_IF_ERROR(terraform::ApplyPlanFileToNetwork(o.terraform_plan, snapshot.network));
  }
  VOUCH_ASSIGN_OR_RETURN(net::LoweredNetwork lowered, net::Lower(snapshot.network));
  proofs::ReachReport report;
  report.scale.load_ms = MillisSince(start);
  report.scale.interfaces = lowered.interfaces.size();
  report.scale.subnets = lowered.subnets.size();
  report.scale.route_tables = lowered.route_tables.size();
  report.question = {o.from, o.to, o.protocol, o.port};
  VOUCH_ASSIGN_OR_RETURN(smt::EndpointSet from, proofs::ResolveEndpointSet(lowered, o.from));
  VOUCH_ASSIGN_OR_RETURN(smt::EndpointSet to, proofs::ResolveEndpointSet(lowered, o.to));
  start = std::chrono::steady_clock::now();
  smt::NetReachability engine(lowered, {.timeout = absl::Seconds(o.timeout_seconds),
                                         .max_memory_mb = o.max_memory_mb});
  VOUCH_ASSIGN_OR_RETURN(report.answer, engine.Reach(from, to, header));
  if (report.answer.witness.has_value()) {
    VOUCH_ASSIGN_OR_RETURN(report.path, proofs::ReplayWitness(lowered, report.answer.src,
                                                               report.answer.dst,
                                                               *report.answer.witness));
  }
  report.scale.solve_ms = MillisSince(start);
  if (o.self_check) {
    VOUCH_ASSIGN_OR_RETURN(report.self_check,
                           proofs::SelfCheckReach(lowered, from, to, header, report.answer));
  }
  if (!o.expect.empty()) {
    const proofs::ReachClaim claim = proofs::CheckReach(o.expect, report);
    if (proofs::IsClaimFormat(o.format)) {
      std::cout << proofs::RenderClaims(o.format, "reach", proofs::ReachOutcomes(claim, report));
    } else if (o.format == "json") {
      std::cout << proofs::ReachReportJson(report, claim);
    } else {
      std::cout << proofs::ReachReportText(report) << proofs::ReachClaimText(claim, report);
    }
    return proofs::ExitCodeFor(claim.verdict);
  }
  std::cout << (o.format == "json" ? proofs::ReachReportJson(report)
                                   : proofs::ReachReportText(report));
  return report.answer.verdict == smt::ReachVerdict::kUnknown ? kExitUnknown : kExitOk;
}

}  // namespace

void AddReachCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ReachOptions>();
  CLI::App* cmd = app.add_subcommand(
      "reach", "Is a packet from SRC able to reach DST and its reply to get back? A witness "
               "path replayed concretely, or every component that blocks it");
  cmd->add_option("--snapshot", o->snapshot, "Folder of AWS CLI describe-* outputs")->required();
  cmd->add_option("--terraform-plan", o->terraform_plan,
                  "What-if: a Terraform plan (`terraform show -json PLANFILE`) whose security "
                  "group and network ACL changes are applied to the snapshot's network");
  cmd->add_option("--from", o->from,
                  "internet, a CIDR, an instance id or Name tag, or an eni-, subnet- or sg- id")
      ->required();
  cmd->add_option("--to", o->to, "Same forms as --from")->required();
  cmd->add_option("--protocol", o->protocol, "tcp, udp, icmp or all (default all)");
  cmd->add_option("--port", o->port, "Destination port N or range N-M (tcp/udp)");
  cmd->add_option("--expect", o->expect,
                  "Claim: the answer is `reachable` or `unreachable` (exit 1 when it is not)");
  cmd->add_option("--format", o->format,
                  "text, json, or with --expect the claim alone as junit (XML) or sarif (2.1.0)");
  cmd->add_option("--timeout", o->timeout_seconds, "Solver timeout per query, in seconds (default 5)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-memory", o->max_memory_mb,
                  "Solver memory limit in MB (default 4096); exceeding it is unknown (exit 3)")
      ->check(CLI::Range(64, 1 << 20));
  cmd->add_flag("--self-check", o->self_check,
                "Also compare with exhaustive concrete enumeration when the space is small");
  cmd->callback([o, exit_code] {
    absl::StatusOr<int> code = RunReach(*o);
    *exit_code = code.ok() ? *code : ReportError(code.status());
  });
}

}  // namespace vouch::cli
