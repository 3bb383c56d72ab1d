// `vouch who-can`: which users and roles of an account can make a request, each with the
// statements that allow it; and, with --only, the claim that no one else can.
//
//   $ vouch who-can --snapshot examples/lab --action s3:GetObject
//       --resource arn:aws:s3:::lab-app-data/report.csv --only app-server --only Administrators
//   (one command line)
//   ...
//   claim: only app-server, Administrators can: violated
//     user user-1 is allowed s3:GetObject on arn:aws:s3:::lab-app-data/report.csv
//       Allow by ReadOnlyAccess (aws-managed), statement 0 "ReadOnlyActionsGroup1"
//
// With --terraform-plan, the account is the snapshot's once the plan's IAM changes are applied
// (frontends/terraform/plan.h): "after this plan, can anyone but admin delete groups?".
//
// Every user and role of the snapshot's IAM export is asked every request (each --action, a
// pattern expanded by the action catalog, on each --resource), with its own identity policies
// and permissions boundary, and the SCPs and resource policy given as files. Keys the context
// does not give are searched for values that allow (engine/eval/context_search.h). Exit codes:
// 0 the claim holds (or none was asked), 1 it is violated, 2 bad input, 3 unknown (a principal
// the claim leaves out is not allowed, but the search could not try every value of a key).
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/eval/account_policies.h"
#include "engine/eval/who_can.h"
#include "frontends/aws/snapshot.h"
#include "frontends/cli/commands.h"
#include "frontends/cli/iam_options.h"
#include "models/base/status_macros.h"
#include "models/iam/action_catalog.h"
#include "models/iam/arn.h"
#include "proofs/who_can_report.h"

namespace vouch::cli {
namespace {

struct WhoCanOptions {
  AccountOptions account;              // --snapshot, --terraform-plan, --account-id
  std::vector<std::string> actions;    // actions or patterns
  std::vector<std::string> resources;  // default `*`
  std::vector<std::string> contexts;   // KEY=TYPE:VALUE
  std::string resource_owner;
  std::vector<std::string> scps;  // one level each, root first
  std::string resource_policy;
  std::vector<std::string> only;  // users, roles or groups
  bool only_given = false;
  std::string format = "text";
};

// The actions named, patterns expanded, each once, in the order first named.
absl::Status ExpandActions(const std::vector<std::string>& given, std::vector<std::string>& out) {
  const iam::ActionCatalog& catalog = iam::ActionCatalog::BuiltIn();
  auto add = [&](std::string name) {
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
  };
  for (const std::string& a : given) {
    if (a.find_first_of("*?") == std::string::npos) {
      absl::Status known = catalog.Lookup(a).status();
      if (!known.ok())
        return absl::InvalidArgumentError(absl::StrCat("--action: ", known.message()));
      add(a);
      continue;
    }
    absl::StatusOr<std::vector<const iam::CatalogAction*>> found = catalog.Expand(a);
    if (!found.ok())
      return absl::InvalidArgumentError(absl::StrCat("--action: ", found.status().message()));
    for (const iam::CatalogAction* c : *found) add(c->FullName());
  }
  return absl::OkStatus();
}

// Whether `name` names an identity provider as a trust policy's `Federated` does: an OIDC or
// SAML provider's ARN, or one of the web identity providers AWS names.
bool IsIdentityProvider(absl::string_view name) {
  if (name == "accounts.google.com" || name == "graph.facebook.com" || name == "www.amazon.com") {
    return true;
  }
  absl::StatusOr<iam::Arn> arn = iam::ParseArn(name);
  return arn.ok() && arn->service == "iam" &&
         (absl::StartsWith(arn->resource, "oidc-provider/") ||
          absl::StartsWith(arn->resource, "saml-provider/"));
}

// Whether `name` is an S3 canonical user id: 64 lowercase hexadecimal digits.
bool IsCanonicalUserId(absl::string_view name) {
  return name.size() == 64 && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// The principals --only names: users and roles of the account, a group standing for its
// members; and callers from outside `owner`, the resources' account, that a resource policy may
// let in: an AWS service (`cloudtrail.amazonaws.com`), an account of another (its root ARN, as
// who-can asks it), a principal's ARN or S3 canonical user id there, or an identity provider
// whose users a trust policy lets in.
absl::StatusOr<proofs::OnlyClaim> ResolveOnly(const iam::Account& account, const std::string& owner,
                                              const std::vector<std::string>& names) {
  proofs::OnlyClaim claim;
  claim.given = names;
  // An account id or ARN of neither account: another's.
  auto elsewhere = [&](absl::string_view id) {
    return !id.empty() && id != owner && id != account.account_id;
  };
  for (const std::string& name : names) {
    const bool held = account.FindUser(name) != nullptr || account.FindRole(name) != nullptr ||
                      account.FindGroup(name) != nullptr;
    const iam::PrincipalView v = iam::ClassifyPrincipal(name);
    if (!held) {
      std::optional<std::string> outside;
      if (v.kind == iam::PrincipalKind::kService || IsIdentityProvider(name) ||
          IsCanonicalUserId(name)) {
        outside = name;
      } else if (iam::IsAccountId(name) && elsewhere(name)) {
        outside = absl::StrCat("arn:aws:iam::", name, ":root");
      } else if (absl::StartsWith(name, "arn:") && elsewhere(v.account)) {
        outside = name;
      }
      if (outside) {
        claim.arns.push_back(*std::move(outside));
        continue;
      }
    }
    VOUCH_ASSIGN_OR_RETURN(iam::PolicySource s, FindPolicySource(account, name, "--only"));
    if (s.user != nullptr) claim.arns.push_back(s.user->arn);
    if (s.role != nullptr) claim.arns.push_back(s.role->arn);
    if (s.group == nullptr) continue;
    for (const iam::User& u : account.users) {
      if (std::find(u.groups.begin(), u.groups.end(), s.group->name) != u.groups.end()) {
        claim.arns.push_back(u.arn);
      }
    }
  }
  return claim;
}

// Requests to assume a role of the account meet its trust policy, and S3 requests on a bucket
// whose policy the snapshot holds meet that policy: without --resource-policy, each such
// resource given as --resource has its own as the resource's policy.
absl::Status UseResourcePolicies(const iam::Account& account, iam::WhoCanQuery& query,
                                 iam::CompileCache& cache, proofs::WhoCanReport& report) {
  std::vector<std::string> roles, buckets;
  for (size_t r = 0; r < query.resources.size(); ++r) {
    for (const std::string& action : query.actions) {
      const std::string& resource = query.resources[r];
      VOUCH_ASSIGN_OR_RETURN(std::optional<iam::AppliedPolicy> held,
                             iam::AccountResourcePolicy(account, action, resource, cache));
      if (!held) continue;
      query.resource_policies.resize(query.resources.size());
      query.resource_policies[r] = *std::move(held);
      if (const iam::Role* role = iam::RoleToAssume(account, action, resource)) {
        roles.push_back(role->name);
      } else if (const iam::BucketPolicy* b = iam::BucketPolicyFor(account, action, resource)) {
        if (std::find(buckets.begin(), buckets.end(), b->bucket) == buckets.end()) {
          buckets.push_back(b->bucket);
        }
      }
      break;
    }
  }
  if (!roles.empty()) {
    report.shared_policies.push_back(
        roles.size() == 1 ? absl::StrCat("the trust policy of role ", roles[0])
                          : absl::StrCat("the trust policies of roles ", absl::StrJoin(roles, ", "),
                                         ", each on requests to assume its role"));
  }
  if (!buckets.empty()) {
    report.shared_policies.push_back(
        buckets.size() == 1 ? absl::StrCat("the policy of bucket ", buckets[0])
                            : absl::StrCat("the policies of buckets ", absl::StrJoin(buckets, ", "),
                                           ", each on requests on its bucket and objects"));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> RunWhoCan(const WhoCanOptions& o) {
  VOUCH_RETURN_IF_ERROR(CheckClaimCommandFormat(o.format));
  if (proofs::IsClaimFormat(o.format) && o.only.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--format ", o.format, " reports the claim: give it with --only"));
  }
  iam::WhoCanQuery query;
  VOUCH_RETURN_IF_ERROR(ExpandActions(o.actions, query.actions));
  query.resources = o.resources.empty() ? std::vector<std::string>{"*"} : o.resources;
  for (const std::string& r : query.resources) VOUCH_RETURN_IF_ERROR(CheckResource(r));
  // A resource none of the actions acts on: one note (the action's, when there is one).
  const iam::ActionCatalog& catalog = iam::ActionCatalog::BuiltIn();
  for (const std::string& r : query.resources) {
    std::optional<std::string> note;
    size_t noted = 0;
    for (const std::string& action : query.actions) {
      const iam::CatalogAction* a = catalog.Find(action);
      std::optional<std::string> n = a != nullptr ? ResourceTypeNote(*a, r) : std::nullopt;
      if (!n) break;
      ++noted;
      note = std::move(n);
    }
    if (noted == 0 || noted < query.actions.size()) continue;
    if (noted > 1) {
      note = absl::StrCat("`", r, "` is not a resource any of the ", noted,
                          " actions acts on; the answer is for the requests as given");
    }
    std::cerr << "vouch: note: " << *note << "\n";
  }
  for (const std::string& c : o.contexts) VOUCH_RETURN_IF_ERROR(ParseContext(c, query.context));
  VOUCH_ASSIGN_OR_RETURN(query.resource_account, ResourceOwnerAccount(o.resource_owner));
  if (o.account.snapshot.empty() && o.account.terraform_plan.empty()) {
    return absl::InvalidArgumentError("give --snapshot, --terraform-plan or both");
  }
  VOUCH_ASSIGN_OR_RETURN(aws::Snapshot snapshot, LoadAccount(o.account));
  const iam::Account& account = snapshot.account;
  proofs::WhoCanReport report;
  if (o.only_given) {
    VOUCH_ASSIGN_OR_RETURN(
        report.only,
        ResolveOnly(account,
                    query.resource_account.empty() ? account.account_id : query.resource_account,
                    o.only));
  }
  // The shared policies, read and compiled once; `files` keeps them alive for the cache.
  iam::CompileCache cache;
  std::vector<std::unique_ptr<iam::Policy>> files;
  auto read = [&](const std::string& path) { return ReadPolicyFileKept(path, files); };
  for (const std::string& path : o.scps) {
    VOUCH_ASSIGN_OR_RETURN(const iam::Policy* p, read(path));
    query.shared.scp_levels.emplace_back();
    VOUCH_RETURN_IF_ERROR(iam::AddApplied(*p, iam::PolicyType::kScp, iam::PolicyOrigin::kNone,
                                          cache, query.shared.scp_levels.back()));
  }
  if (!o.scps.empty()) {
    report.shared_policies.push_back(
        absl::StrCat(o.scps.size(), " SCP level", o.scps.size() == 1 ? "" : "s"));
  }
  if (!o.resource_policy.empty()) {
    VOUCH_ASSIGN_OR_RETURN(const iam::Policy* p, read(o.resource_policy));
    VOUCH_ASSIGN_OR_RETURN(query.shared.resource_policy, iam::AsResourcePolicy(*p, cache));
    report.shared_policies.push_back(absl::StrCat("the resource policy ", o.resource_policy));
  } else {
    VOUCH_RETURN_IF_ERROR(UseResourcePolicies(account, query, cache, report));
    // One note for the query: the first request to assume no role of the snapshot.
    std::optional<std::string> note;
    for (const std::string& resource : query.resources) {
      for (const std::string& action : query.actions) {
        if (!note) note = TrustPolicyNote(account, action, resource);
      }
    }
    if (note) std::cerr << "vouch: note: " << *note << "\n";
  }
  VOUCH_ASSIGN_OR_RETURN(iam::WhoCanAnswer answer, iam::WhoCan(account, query, cache));
  report.query = &query;
  report.answer = &answer;
  report.account_id = account.account_id;
  report.actions_given = o.actions;
  if (proofs::IsClaimFormat(o.format)) {
    std::cout << proofs::RenderClaims(o.format, "who-can", proofs::WhoCanOutcomes(report));
  } else {
    std::cout << (o.format == "json" ? proofs::RenderWhoCanJson(report)
                                     : proofs::RenderWhoCanText(report));
  }
  if (!report.only) return kExitOk;
  return proofs::ExitCodeFor(proofs::CheckOnly(answer, *report.only).verdict);
}

}  // namespace

void AddWhoCanCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<WhoCanOptions>();
  CLI::App* cmd = app.add_subcommand(
      "who-can",
      "Which users and roles of an account can make a request, with the statements "
      "that allow each; with --only, check that no one else can");
  cmd->add_option("--snapshot", o->account.snapshot,
                  "Folder of AWS CLI outputs with the account's IAM export "
                  "(get-account-authorization-details)");
  cmd->add_option("--terraform-plan", o->account.terraform_plan,
                  "What-if: a Terraform plan (`terraform show -json PLANFILE`) whose IAM changes "
                  "are applied to the snapshot's account (without --snapshot, to an empty one)");
  cmd->add_option("--account-id", o->account.account_id,
                  "With --terraform-plan and no snapshot: the account the plan is applied to, "
                  "for the ARNs it creates (default: an account id the plan shows)");
  cmd->add_option("--action", o->actions,
                  "Action, or a pattern such as 'iam:Delete*' (repeatable; patterns are expanded "
                  "by the action catalog)")
      ->required();
  cmd->add_option("--resource", o->resources, "Resource ARN (repeatable; default `*`)");
  cmd->add_option("--context", o->contexts,
                  "Context entry KEY=TYPE:VALUE, TYPE as the AWS CLI's ContextKeyType; list types "
                  "take comma-separated values (repeatable). Each principal's own keys "
                  "(aws:username, aws:PrincipalTag/..., ...) are filled unless given");
  cmd->add_option("--resource-owner", o->resource_owner,
                  "Account that owns the resources, an id or arn:aws:iam::ID:root (default: each "
                  "principal's own)");
  cmd->add_option("--scp", o->scps,
                  "Service control policy file (repeatable: one level each, root first)");
  cmd->add_option("--resource-policy", o->resource_policy, "The resources' policy file");
  cmd->add_option(
      "--only", o->only,
      "Claim: no one but these users, roles and groups' members can, with any values of "
      "the context keys not given (repeatable; callers from outside the account that a "
      "resource policy lets in are named by ARN, account id, canonical user id, service name "
      "or identity provider). Exit 1 when someone else can, 3 when that cannot be settled");
  cmd->add_option("--format", o->format,
                  "text, json, or the --only claim alone as junit (XML) or sarif (2.1.0), for CI");
  cmd->callback([o, cmd, exit_code] {
    o->only_given = cmd->count("--only") > 0;
    absl::StatusOr<int> code = RunWhoCan(*o);
    *exit_code = code.ok() ? *code : ReportError(code.status());
  });
}

}  // namespace vouch::cli
