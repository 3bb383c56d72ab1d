// `vouch exposure`: every interface and instance reachable from the internet (or a block),
// with the exact protocols, ports and source ranges that get through, each with a witness
// replayed by the concrete evaluator.
//
//   vouch exposure --snapshot examples/lab [--from internet|CIDR] [--format text|json]
//   vouch exposure --snapshot examples/lab --closed tcp:3389 [--admin-ports-closed]
//                  [--default-sg-closed]
//                  [--terraform-plan plan.json]
//                  [--format text|json|junit|sarif]
//
// Without claims: exit 0 answered, 3 some interface's exposure is unknown. With `--closed` (or
// `--admin-ports-closed`, CIS's remote administration ports tcp:22 and tcp:3389), each a claim
// that no internet source reaches those ports of any interface: exit 0 they hold, 1 one is
// violated (with a replayed witness and the rule that let it in), 3 one cannot be settled.
// `--default-sg-closed` (CIS 5.4) claims that every VPC's default security group has no rule,
// each rule it has a violation; `--cis` asks both CIS claims.
// Either way 2 is bad input and 4 a self-check failure. With --terraform-plan, the network is
// the snapshot's once the plan's security group and ACL changes are applied
// (frontends/terraform/plan_network.h); a change it does not model is unknown (exit 3).
#include <chrono>
#include <iostream>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "frontends/aws/snapshot.h"
#include "frontends/cli/commands.h"
#include "frontends/terraform/plan_network.h"
#include "models/base/status_macros.h"
#include "models/net/lower.h"
#include "proofs/exposure_report.h"
#include "proofs/network_claims.h"

namespace vouch::cli {
namespace {

struct ExposureOptions {
  std::string snapshot;
  std::string terraform_plan;  // a plan whose network changes are applied to the snapshot
  std::string from = "internet";
  std::string format = "text";
  bool self_check = false;
  std::vector<std::string> closed;  // --closed specs, as written
  bool admin_ports_closed = false;
  bool default_sg_closed = false;  // CIS 5.4, on the rules of the default groups
  bool cis = false;                // both of the above
};

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Appends `more` (the other family's answer) to `into`.
void Merge(smt::ExposureResult more, smt::ExposureResult& into) {
  for (smt::ExposedInterface& e : more.exposed) into.exposed.push_back(std::move(e));
  for (smt::UnknownExposure& u : more.unknown) into.unknown.push_back(std::move(u));
  into.interfaces = more.interfaces;
  into.candidates += more.candidates;
  into.classes += more.classes;
}

absl::StatusOr<int> RunExposure(const ExposureOptions& o) {
  VOUCH_RETURN_IF_ERROR(CheckClaimCommandFormat(o.format));
  std::vector<proofs::ClosedSpec> specs;
  if (o.admin_ports_closed || o.cis) specs = proofs::AdminPortSpecs();
  for (const std::string& text : o.closed) {
    VOUCH_ASSIGN_OR_RETURN(proofs::ClosedSpec spec, proofs::ParseClosedSpec(text));
    specs.push_back(std::move(spec));
  }
  const bool default_sg_closed = o.default_sg_closed || o.cis;
  if (proofs::IsClaimFormat(o.format) && specs.empty() && !default_sg_closed) {
    return absl::InvalidArgumentError(absl::StrCat(
        "`--format ", o.format,
        "` prints claims: give --closed, --admin-ports-closed or --default-sg-closed"));
  }
  absl::StatusOr<Cidr> from = ParseCidr(o.from == "internet" ? "0.0.0.0/0" : o.from);
  if (!from.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("`--from` must be `internet` or a CIDR: ", from.status().message()));
  }
  std::vector<Cidr> blocks = {*from};
  auto start = std::chrono::steady_clock::now();
  VOUCH_ASSIGN_OR_RETURN(aws::Snapshot snapshot, aws::LoadSnapshot(o.snapshot));
  if (!o.terraform_plan.empty()) {
    VOUCH_RETURN_IF_ERROR(terraform::ApplyPlanFileToNetwork(o.terraform_plan, snapshot.network));
  }
  VOUCH_ASSIGN_OR_RETURN(net::LoweredNetwork lowered, net::Lower(snapshot.network));
  proofs::ExposureReport report;
  report.from = o.from;
  report.load_ms = MillisSince(start);
  // `internet` is either family: IPv4 sources, then IPv6 ones where an interface has an IPv6
  // address.
  bool dual_stack = false;
  for (const net::LoweredInterface& i : lowered.interfaces) dual_stack |= !i.ipv6_addresses.empty();
  if (o.from == "internet" && dual_stack) blocks.push_back(*ParseCidr("::/0"));
  start = std::chrono::steady_clock::now();
  std::vector<std::string> checks;
  for (const Cidr& block : blocks) {
    (block.address.family == IpFamily::kV6 ? report.from_block_v6 : report.from_block) = block;
    VOUCH_ASSIGN_OR_RETURN(smt::ExposureResult result, smt::ComputeExposure(lowered, block));
    if (o.self_check) {
      VOUCH_ASSIGN_OR_RETURN(std::string check, proofs::SelfCheckExposure(lowered, block, result));
      checks.push_back(blocks.size() > 1 ? absl::StrCat(
                                               block.address.family == IpFamily::kV6 ? "IPv6: " : "IPv4: ",
                                               check)
                                         : check);
    }
    Merge(std::move(result), report.result);
  }
  VOUCH_ASSIGN_OR_RETURN(report.paths, proofs::ReplayExposure(lowered, report.result));
  report.compute_ms = MillisSince(start);
  report.self_check = absl::StrJoin(checks, "; ");
  VOUCH_ASSIGN_OR_RETURN(std::vector<proofs::ExposureClaim> claims,
                         proofs::CheckClosed(lowered, report, specs));
  std::optional<proofs::DefaultGroupClaim> default_groups;
  if (default_sg_closed) default_groups = proofs::CheckDefaultGroupsClosed(snapshot.network);
  const proofs::DefaultGroupClaim* dg = default_groups ? &*default_groups : nullptr;
  if (proofs::IsClaimFormat(o.format)) {
    std::cout << proofs::RenderClaims(o.format, "exposure", proofs::ExposureOutcomes(claims, dg));
  } else if (o.format == "json") {
    std::cout << proofs::ExposureReportJson(report, claims, dg);
  } else {
    std::cout << proofs::ExposureReportText(report) << proofs::ExposureClaimsText(claims, dg);
  }
  if (!claims.empty() || dg != nullptr) {
    return proofs::ExitCodeFor(proofs::OverallVerdict(claims, dg));
  }
  return report.result.unknown.empty() ? kExitOk : kExitUnknown;
}

}  // namespace

void AddExposureCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ExposureOptions>();
  CLI::App* cmd = app.add_subcommand(
      "exposure", "Every interface reachable from the internet, with the exact protocols, ports "
                  "and sources that get through, each with a replayed witness");
  cmd->add_option("--snapshot", o->snapshot, "Folder of AWS CLI describe-* outputs")->required();
  cmd->add_option("--terraform-plan", o->terraform_plan,
                  "What-if: a Terraform plan (`terraform show -json PLANFILE`) whose security "
                  "group and network ACL changes are applied to the snapshot's network");
  cmd->add_option("--from", o->from, "internet (default) or a CIDR of internet sources");
  cmd->add_option("--closed", o->closed,
                  "Claim: no internet source reaches these ports of any interface: tcp[:PORTS], "
                  "udp[:PORTS], icmp or all (PORTS: N or N-M); may be repeated");
  cmd->add_flag("--admin-ports-closed", o->admin_ports_closed,
                "Claim: the remote administration ports tcp:22 and tcp:3389 are closed to the "
                "internet (CIS 5.2 and 5.3, by what gets through rather than by rule)");
  cmd->add_flag("--default-sg-closed", o->default_sg_closed,
                "Claim: every VPC's default security group has no inbound or outbound rule (CIS "
                "5.4, by rule: AWS gives each a rule admitting its own members and one letting "
                "everything out)");
  cmd->add_flag("--cis", o->cis,
                "The CIS network claims: --admin-ports-closed and --default-sg-closed");
  cmd->add_option("--format", o->format,
                  "text, json, or the claims alone as junit (XML) or sarif (2.1.0), for CI");
  cmd->add_flag("--self-check", o->self_check, "Cross-check every interface with the SMT engine");
  cmd->callback([o, exit_code] {
    absl::StatusOr<int> code = RunExposure(*o);
    *exit_code = code.ok() ? *code : ReportError(code.status());
  });
}

}  // namespace vouch::cli
