// `vouch exposure`: every interface and instance reachable from the internet (or a block),
// with the exact protocols, ports and source ranges that get through, each with a witness
// replayed by the concrete evaluator.
//
//   vouch exposure --snapshot examples/lab [--from internet|CIDR] [--format text|json]
//
// Exit 0 answered, 2 bad input, 3 some interface's exposure is unknown, 4 self-check failure.
#include <chrono>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "frontends/aws/snapshot.h"
#include "frontends/cli/commands.h"
#include "models/base/status_macros.h"
#include "models/net/lower.h"
#include "proofs/exposure_report.h"

namespace vouch::cli {
namespace {

struct ExposureOptions {
  std::string snapshot;
  std::string from = "internet";
  std::string format = "text";
  bool self_check = false;
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
  absl::StatusOr<Cidr> from = ParseCidr(o.from == "internet" ? "0.0.0.0/0" : o.from);
  if (!from.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("`--from` must be `internet` or a CIDR: ", from.status().message()));
  }
  std::vector<Cidr> blocks = {*from};
  auto start = std::chrono::steady_clock::now();
  VOUCH_ASSIGN_OR_RETURN(aws::Snapshot snapshot, aws::LoadSnapshot(o.snapshot));
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
  std::cout << (o.format == "json" ? proofs::ExposureReportJson(report)
                                   : proofs::ExposureReportText(report));
  return report.result.unknown.empty() ? kExitOk : kExitUnknown;
}

}  // namespace

void AddExposureCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ExposureOptions>();
  CLI::App* cmd = app.add_subcommand(
      "exposure", "Every interface reachable from the internet, with the exact protocols, ports "
                  "and sources that get through, each with a replayed witness");
  cmd->add_option("--snapshot", o->snapshot, "Folder of AWS CLI describe-* outputs")->required();
  cmd->add_option("--from", o->from, "internet (default) or a CIDR of internet sources");
  cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--self-check", o->self_check, "Cross-check every interface with the SMT engine");
  cmd->callback([o, exit_code] {
    absl::StatusOr<int> code = RunExposure(*o);
    *exit_code = code.ok() ? *code : ReportError(code.status());
  });
}

}  // namespace vouch::cli
