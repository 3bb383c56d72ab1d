// `vouch simulate`: decide IAM requests offline, as the AWS policy simulator would, with the
// statements that decided each one.
//
//   vouch simulate --snapshot examples/lab --principal user-1 --action iam:DeleteGroup
//   vouch simulate --snapshot examples/lab --terraform-plan plan.json --principal user-1 ...
//   vouch simulate --policy p.json --boundary b.json --action s3:GetObject --resource arn:...
//   vouch simulate --cases cases.jsonl                    (one JSON result per line, in order)
//
// Exit 0 answered, 2 bad input (one line on stderr), 3 unsupported, 4 internal error. In batch
// mode a bad case becomes an error line in its place; the exit code then says the worst.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/eval/account_policies.h"
#include "engine/eval/iam_evaluator.h"
#include "frontends/aws/simulation_cases.h"
#include "frontends/aws/snapshot.h"
#include "frontends/cli/commands.h"
#include "frontends/cli/iam_options.h"
#include "frontends/cli/simulate_aws.h"
#include "frontends/cli/simulate_batch.h"
#include "models/base/status_macros.h"
#include "models/iam/action_catalog.h"
#include "models/iam/arn.h"
#include "proofs/simulation_report.h"

namespace vouch::cli {
namespace {

using iam::AddApplied;
using iam::AppliedPolicy;
using iam::CompileCache;
using iam::PolicyOrigin;
using iam::PolicyType;

struct SimulateOptions {
  std::string snapshot;                   // principal mode: the snapshot folder
  std::string terraform_plan;             // principal mode: a plan applied to the account
  std::string account_id;                 // with terraform_plan: the account it is applied to
  std::string principal;                  // principal mode: a user, role or group, by name or ARN
  std::vector<std::string> policies;      // identity policy files (custom mode, or extra ones)
  std::string boundary;                   // a permissions boundary policy file
  std::string resource_policy;            // the resource's policy file
  std::string session_policy;             // a session policy file
  std::vector<std::string> scps;          // SCP files, one level each, root first
  std::string caller_arn;                 // who calls (with --principal: its policies)
  std::string resource_owner;             // the account owning the resources ("" = caller's)
  std::vector<std::string> actions;
  std::vector<std::string> resources;     // default `*`
  std::vector<std::string> contexts;      // KEY=TYPE:VALUE
  std::string cases;                      // batch mode: a JSON Lines file
  std::string format = "text";
  bool format_given = false;
  bool verbose = false;
  bool search_context = false;  // search the keys an answer lacks for values that allow it
};

// The caller of custom-mode requests when --caller-arn is not given: an IAM user, so identity
// policies apply as the AWS simulator applies them. Its principal keys (aws:username, ...) are
// left unset, so conditions on them are reported as missing rather than guessed.
constexpr char kDefaultCaller[] = "arn:aws:iam::000000000000:user/simulated-caller";

// ---- principal and custom modes -----------------------------------------------------------------

// --caller-arn: the ARN of a user, role, role session, federated user or root user.
absl::Status CheckCallerArn(const std::string& arn) {
  switch (iam::ClassifyPrincipal(arn).kind) {
    case iam::PrincipalKind::kUser:
    case iam::PrincipalKind::kRole:
    case iam::PrincipalKind::kAssumedRole:
    case iam::PrincipalKind::kFederatedUser:
      return absl::OkStatus();
    case iam::PrincipalKind::kRoot:
      if (absl::StartsWith(arn, "arn:")) return absl::OkStatus();
      break;
    default:
      break;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--caller-arn `", arn,
      "`: expected the ARN of an IAM user or role (arn:aws:iam::111122223333:user/name)"));
}

// Policies given as files (both modes); `files` keeps them alive for the compile cache.
absl::Status AddPolicyFiles(const SimulateOptions& o, CompileCache& cache,
                            std::vector<std::unique_ptr<iam::Policy>>& files, iam::PolicySet& set) {
  auto read = [&](const std::string& path) { return ReadPolicyFileKept(path, files); };
  for (const std::string& path : o.policies) {
    VOUCH_ASSIGN_OR_RETURN(const iam::Policy* p, read(path));
    VOUCH_RETURN_IF_ERROR(AddApplied(*p, PolicyType::kIdentity, PolicyOrigin::kNone, cache, set.identity));
  }
  if (!o.boundary.empty()) {
    VOUCH_ASSIGN_OR_RETURN(const iam::Policy* p, read(o.boundary));
    // An entity has one boundary in effect: the one given takes the place of the principal's
    // own, as the API's PermissionsBoundaryPolicyInputList does.
    set.permission_boundaries.clear();
    VOUCH_RETURN_IF_ERROR(AddApplied(*p, PolicyType::kPermissionBoundary, PolicyOrigin::kNone,
                                     cache, set.permission_boundaries));
  }
  if (!o.session_policy.empty()) {
    VOUCH_ASSIGN_OR_RETURN(const iam::Policy* p, read(o.session_policy));
    VOUCH_RETURN_IF_ERROR(AddApplied(*p, PolicyType::kSession, PolicyOrigin::kNone, cache,
                                     set.session_policies));
  }
  if (!o.resource_policy.empty()) {
    VOUCH_ASSIGN_OR_RETURN(const iam::Policy* p, read(o.resource_policy));
    VOUCH_ASSIGN_OR_RETURN(set.resource_policy, iam::AsResourcePolicy(*p, cache));
  }
  for (const std::string& path : o.scps) {
    VOUCH_ASSIGN_OR_RETURN(const iam::Policy* p, read(path));
    set.scp_levels.emplace_back();
    VOUCH_RETURN_IF_ERROR(AddApplied(*p, PolicyType::kScp, PolicyOrigin::kNone, cache, set.scp_levels.back()));
  }
  return absl::OkStatus();
}

void PrintVerbose(const aws::Snapshot& snapshot) {
  for (const aws::SnapshotFile& f : snapshot.files) {
    std::cerr << "vouch: " << (f.recognised ? "read " : "read past ") << f.path << " ("
              << absl::StrJoin(f.keys, ", ") << ")\n";
  }
}

absl::StatusOr<int> RunSingle(const SimulateOptions& o) {
  VOUCH_ASSIGN_OR_RETURN(proofs::SimulationFormat format, proofs::ParseSimulationFormat(o.format));
  const iam::ActionCatalog& catalog = iam::ActionCatalog::BuiltIn();
  for (const std::string& action : o.actions) {
    // As the API's ActionNames: actions, not patterns.
    if (action.find_first_of("*?") != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--action `", action, "`: a request names one action, not a pattern (`vouch actions '",
          action, "'` lists the actions it matches)"));
    }
    absl::Status known = catalog.Lookup(action).status();
    if (!known.ok()) return absl::InvalidArgumentError(absl::StrCat("--action: ", known.message()));
  }
  for (const std::string& resource : o.resources) VOUCH_RETURN_IF_ERROR(CheckResource(resource));
  if (!o.caller_arn.empty()) VOUCH_RETURN_IF_ERROR(CheckCallerArn(o.caller_arn));
  VOUCH_ASSIGN_OR_RETURN(std::string resource_owner, ResourceOwnerAccount(o.resource_owner));
  iam::Request base;
  for (const std::string& entry : o.contexts) VOUCH_RETURN_IF_ERROR(ParseContext(entry, base));
  CompileCache cache;
  iam::PolicySet set;
  std::vector<std::unique_ptr<iam::Policy>> files;
  std::optional<aws::Snapshot> snapshot;
  std::string unique_id;
  bool principal_keys = !o.caller_arn.empty();
  if (!o.snapshot.empty() || !o.terraform_plan.empty() || !o.principal.empty()) {
    if (o.snapshot.empty() && o.terraform_plan.empty()) {
      return absl::InvalidArgumentError("--principal needs --snapshot or --terraform-plan");
    }
    if (o.principal.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(o.snapshot.empty() ? "--terraform-plan" : "--snapshot",
                       " needs --principal (or use --cases)"));
    }
    if (o.terraform_plan.empty() && o.account_id.empty()) {  // as before plans were read
      VOUCH_ASSIGN_OR_RETURN(snapshot, aws::LoadSnapshot(o.snapshot));
    } else {
      VOUCH_ASSIGN_OR_RETURN(snapshot, LoadAccount({o.snapshot, o.terraform_plan, o.account_id}));
    }
    if (o.verbose) PrintVerbose(*snapshot);
    const iam::Account& account = snapshot->account;
    VOUCH_ASSIGN_OR_RETURN(iam::PolicySource source, FindPolicySource(account, o.principal));
    VOUCH_RETURN_IF_ERROR(iam::AddPrincipalPolicies(account, source, cache, set));
    if (!o.caller_arn.empty()) {
      // As the API's CallerArn: the caller's requests, with the principal's policies. A caller
      // of the snapshot has its unique id (aws:userid).
      base.principal = o.caller_arn;
      if (const iam::User* u = account.FindUser(o.caller_arn)) unique_id = u->id;
      if (const iam::Role* r = account.FindRole(o.caller_arn)) unique_id = r->id;
    } else if (source.group != nullptr) {
      // A group never calls: as in custom mode, an IAM user calls (here of the group's account),
      // whose principal keys are left unset, so conditions on them are reported missing.
      if (!o.resource_policy.empty()) {
        return absl::InvalidArgumentError(
            "--resource-policy with a group's policies needs --caller-arn (who calls decides "
            "which of its statements apply)");
      }
      iam::PrincipalView group = iam::ClassifyPrincipal(source.group->arn);
      base.principal =
          absl::StrCat("arn:", group.partition, ":iam::", group.account, ":user/simulated-caller");
    } else {
      base.principal = source.user != nullptr ? source.user->arn : source.role->arn;
      unique_id = source.user != nullptr ? source.user->id : source.role->id;
      principal_keys = true;
    }
  } else {
    if (o.policies.empty()) {
      return absl::InvalidArgumentError("give --snapshot and --principal, --policy, or --cases");
    }
    if (o.caller_arn.empty() && !o.resource_policy.empty()) {
      return absl::InvalidArgumentError("--resource-policy needs --caller-arn (who calls decides which of its statements apply)");
    }
    base.principal = o.caller_arn.empty() ? kDefaultCaller : o.caller_arn;
  }
  VOUCH_RETURN_IF_ERROR(AddPolicyFiles(o, cache, files, set));
  if (principal_keys) iam::FillPrincipalKeys(base, unique_id);
  base.resource_account = resource_owner;
  std::vector<std::string> resources = o.resources.empty() ? std::vector<std::string>{"*"} : o.resources;
  std::vector<proofs::SimulationAnswer> answers;
  for (const std::string& action : o.actions) {
    const iam::CatalogAction* known = catalog.Find(action);  // every action was looked up above
    for (const std::string& resource : resources) {
      if (std::optional<std::string> note = ResourceTypeNote(*known, resource)) {
        std::cerr << "vouch: note: " << *note << "\n";
      }
      if (snapshot && o.resource_policy.empty()) {
        if (std::optional<std::string> note =
                TrustPolicyNote(snapshot->account, action, resource)) {
          std::cerr << "vouch: note: " << *note << "\n";
        }
      }
      iam::Request request = base;
      request.action = action;
      request.resource = resource;
      // A request to assume a role of the snapshot meets the role's trust policy, and one on an
      // S3 bucket whose policy the snapshot holds (or on its objects) meets that policy, unless
      // --resource-policy gives the resource's policy.
      const iam::PolicySet* applied = &set;
      iam::PolicySet with_resource_policy;
      if (snapshot && o.resource_policy.empty()) {
        VOUCH_ASSIGN_OR_RETURN(
            std::optional<AppliedPolicy> held,
            iam::AccountResourcePolicy(snapshot->account, action, resource, cache));
        if (held) {
          with_resource_policy = set;
          with_resource_policy.resource_policy = *std::move(held);
          applied = &with_resource_policy;
        }
      }
      proofs::SimulationAnswer& a = answers.emplace_back(
          proofs::SimulationAnswer{"", action, resource, iam::Evaluate(*applied, request)});
      if (o.search_context && a.result.decision != iam::Decision::kAllowed &&
          !a.result.missing_context_keys.empty()) {
        // A principal's own keys (name, ids, tags) are facts; the stand-in caller of custom
        // mode has none, so its keys are searched too.
        a.search = std::make_shared<iam::ContextSearch>(iam::SearchContexts(
            *applied, request, principal_keys ? iam::PrincipalKeys() : std::vector<std::string>{}));
      }
    }
  }
  if (format == proofs::SimulationFormat::kAws) {
    if (o.search_context) {
      return absl::InvalidArgumentError(
          "--search-context is not available with --format aws (the AWS response has no place "
          "for it)");
    }
    std::cout << RenderAwsSimulation({o.policies, o.boundary, o.resource_policy}, set, base, answers);
    return kExitOk;
  }
  std::cout << proofs::RenderSimulation(answers, format);
  return kExitOk;
}

// ---- batch mode (simulate_batch.cc) -------------------------------------------------------------

absl::StatusOr<int> RunBatch(const SimulateOptions& o) {
  if (o.format_given && o.format != "json") {
    return absl::InvalidArgumentError(absl::StrCat("--cases writes JSON lines; --format `", o.format,
                                                   "` is not available with it"));
  }
  return RunSimulationBatch(o.cases, o.verbose);
}

}  // namespace

void AddSimulateCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "simulate", "Decide IAM requests offline as AWS would, naming the statements that decided "
                  "each (the policy simulator, without credentials)");
  cmd->add_option("--snapshot", o->snapshot, "Folder of AWS CLI outputs (get-account-authorization-details, ...)");
  cmd->add_option("--terraform-plan", o->terraform_plan,
                  "What-if: a Terraform plan (`terraform show -json PLANFILE`) whose IAM changes "
                  "are applied to the snapshot's account (without --snapshot, to an empty one)");
  cmd->add_option("--account-id", o->account_id,
                  "With --terraform-plan and no snapshot: the account the plan is applied to, "
                  "for the ARNs it creates (default: an account id the plan shows)");
  cmd->add_option("--principal", o->principal,
                  "User, role or group of the snapshot, by name or ARN (a user's groups' "
                  "policies apply too)");
  cmd->add_option("--policy", o->policies, "Identity policy file (repeatable); with --principal, added to its policies");
  cmd->add_option("--boundary", o->boundary,
                  "Permissions boundary policy file (with --principal, in place of its own)");
  cmd->add_option("--resource-policy", o->resource_policy, "The resource's policy file");
  cmd->add_option("--session-policy", o->session_policy, "Session policy file");
  cmd->add_option("--scp", o->scps, "Service control policy file (repeatable: one level each, root first)");
  cmd->add_option("--caller-arn", o->caller_arn,
                  "Who calls, an IAM user or role ARN. With --principal, the caller has the "
                  "principal's policies (default: the principal; for a group, a user of its "
                  "account whose principal keys are unset); with --policy, default a user of "
                  "account 000000000000 whose principal keys are unset");
  cmd->add_option("--resource-owner", o->resource_owner,
                  "Account that owns the resources, an id or arn:aws:iam::ID:root (default: the "
                  "caller's)");
  cmd->add_option("--action", o->actions, "Action to simulate, e.g. iam:DeleteGroup (repeatable)");
  cmd->add_option("--resource", o->resources, "Resource ARN (repeatable; default `*`)");
  cmd->add_option("--context", o->contexts,
                  "Context entry KEY=TYPE:VALUE, TYPE as the AWS CLI's ContextKeyType; list types "
                  "take comma-separated values (repeatable)");
  cmd->add_option("--cases", o->cases,
                  "Batch mode: a JSON Lines file of cases (`-`: standard input); one JSON result "
                  "per line");
  cmd->add_option("--format", o->format, "text, json or aws (simulate-principal-policy's response)");
  cmd->add_flag("--search-context", o->search_context,
                "For an answer not allowed, search the context keys it lacks for values that "
                "allow it: a context found, or none (every class of values tried), or unknown");
  cmd->add_flag("--verbose", o->verbose,
                "Say which snapshot files were read and which were read past; with --cases, how "
                "many cases were answered, from how many bytes, in what time");
  cmd->callback([o, cmd, exit_code] {
    o->format_given = cmd->count("--format") > 0;
    absl::StatusOr<int> code;
    if (!o->cases.empty()) {
      // Each case states its policies and request whole: an option meant for them would be
      // ignored, so none is taken.
      std::vector<std::string> given;
      for (const char* name :
           {"--snapshot", "--terraform-plan", "--account-id", "--principal", "--policy",
            "--boundary", "--resource-policy", "--session-policy", "--scp", "--caller-arn",
            "--resource-owner", "--action", "--resource", "--context", "--search-context"}) {
        if (cmd->count(name) > 0) given.push_back(name);
      }
      if (!given.empty()) {
        code = absl::InvalidArgumentError(
            absl::StrCat("--cases takes no ", absl::StrJoin(given, ", "),
                         ": each case gives its own policies and request"));
      } else {
        code = RunBatch(*o);
      }
    } else if (o->actions.empty()) {
      code = absl::InvalidArgumentError("give at least one --action (or use --cases)");
    } else {
      code = RunSingle(*o);
    }
    *exit_code = code.ok() ? *code : ReportError(code.status());
  });
}

}  // namespace vouch::cli
