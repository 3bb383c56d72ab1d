// `vouch replay`: re-decides the calls of CloudTrail log files against the account, and after a
// change (--terraform-plan), and checks the claim that no call that succeeded in the log would
// be denied after it.
//
//   $ vouch replay --snapshot examples/lab --cloudtrail examples/cloudtrail
//       --terraform-plan examples/cloudtrail/remove-user-1-from-group.json   (one command line)
//   ...
//   claim: no call that succeeded in the log is denied after the change: violated
//
// Records are read by frontends/aws/cloudtrail_logs.h, mapped and decided by
// engine/eval/replay.h, reported by proofs/replay_report.h. Exit codes: 0 the claim holds, 1 a
// call that succeeded is allowed before the change and denied after it, 2 bad input, 3 unknown
// (a call that succeeded was not replayed, or its decision depends on keys the record does not
// tell).
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/eval/account_policies.h"
#include "engine/eval/granted.h"
#include "engine/eval/replay.h"
#include "frontends/aws/cloudtrail_logs.h"
#include "frontends/cli/commands.h"
#include "frontends/cli/iam_options.h"
#include "models/base/status_macros.h"
#include "proofs/replay_report.h"

namespace vouch::cli {
namespace {

struct ReplayOptions {
  std::string snapshot;                 // --snapshot: the account as it is
  std::vector<std::string> cloudtrail;  // --cloudtrail: log files or folders
  std::string terraform_plan;           // --terraform-plan: the change ("": none)
  std::string format = "text";
  bool by_principal = false;  // --by-principal
};

// Per principal of the replayed calls, the services its Allow statements name (in the account as
// it is, before any change).
absl::StatusOr<std::map<std::string, std::vector<std::string>>> GrantedServices(
    const iam::ReplayAnswer& answer, const iam::Account& account, iam::CompileCache& cache) {
  std::map<std::string, std::vector<std::string>> out;
  const iam::CatalogNames names(iam::ActionCatalog::BuiltIn());  // once, for every principal
  for (const iam::ReplayedCall& c : answer.calls) {
    const std::string& arn = c.mapped.request.principal;
    if (!c.before || out.contains(arn)) continue;
    iam::PolicySource source{account.FindUser(arn), account.FindRole(arn), nullptr};
    if (source.user == nullptr && source.role == nullptr) continue;
    iam::PolicySet set;
    VOUCH_RETURN_IF_ERROR(iam::AddPrincipalPolicies(account, source, cache, set));
    out[arn] = iam::ServicesNamedByAllows(set, names);
  }
  return out;
}

absl::StatusOr<int> RunReplay(const ReplayOptions& o) {
  VOUCH_RETURN_IF_ERROR(CheckClaimCommandFormat(o.format));
  size_t files = 0;
  VOUCH_ASSIGN_OR_RETURN(std::vector<audit::LoggedCall> calls,
                         aws::ReadCloudTrailLogs(o.cloudtrail, &files));
  AccountOptions account;
  account.snapshot = o.snapshot;
  VOUCH_ASSIGN_OR_RETURN(aws::Snapshot before, LoadAccount(account));
  std::optional<aws::Snapshot> after;
  if (!o.terraform_plan.empty()) {
    account.terraform_plan = o.terraform_plan;
    VOUCH_ASSIGN_OR_RETURN(after, LoadAccount(account));
  }
  iam::CompileCache cache;
  VOUCH_ASSIGN_OR_RETURN(iam::ReplayAnswer answer,
                         iam::Replay(calls, before.account, after ? &after->account : nullptr,
                                     iam::ActionCatalog::BuiltIn(), cache));
  proofs::ReplayReport report{&answer, files, before.account.account_id, o.terraform_plan,
                              o.by_principal, {}};
  if (o.by_principal) {
    VOUCH_ASSIGN_OR_RETURN(report.granted_services, GrantedServices(answer, before.account, cache));
  }
  if (proofs::IsClaimFormat(o.format)) {
    std::cout << proofs::RenderClaims(o.format, "replay", proofs::ReplayOutcomes(report));
  } else {
    std::cout << (o.format == "json" ? proofs::RenderReplayJson(report)
                                     : proofs::RenderReplayText(report));
  }
  return proofs::ExitCodeFor(proofs::ReplayVerdict(answer));
}

}  // namespace

void AddReplayCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ReplayOptions>();
  CLI::App* cmd = app.add_subcommand(
      "replay",
      "Re-decide the calls of CloudTrail log files against the account, and after a Terraform "
      "plan; check that no call that succeeded would be denied after it");
  cmd->add_option("--snapshot", o->snapshot,
                  "Folder of AWS CLI outputs with the account's IAM export "
                  "(get-account-authorization-details)")
      ->required();
  cmd->add_option("--cloudtrail", o->cloudtrail,
                  "CloudTrail log file ({\"Records\": [...]}, gzipped as delivered to S3 or not), "
                  "or a folder of them (*.json.gz and *.json, recursively); repeatable")
      ->required();
  cmd->add_option("--terraform-plan", o->terraform_plan,
                  "The change: a Terraform plan (`terraform show -json PLANFILE`) whose IAM "
                  "changes are applied to the snapshot's account");
  cmd->add_flag("--by-principal", o->by_principal,
                "Also list, per principal, the actions it used (succeeded in the log), those the "
                "log shows denied, and the services its Allow statements name that it never "
                "called");
  cmd->add_option("--format", o->format,
                  "text, json, or the claim alone as junit (XML) or sarif (2.1.0), for CI");
  cmd->callback([o, exit_code] {
    absl::StatusOr<int> code = RunReplay(*o);
    *exit_code = code.ok() ? *code : ReportError(code.status());
  });
}

}  // namespace vouch::cli
