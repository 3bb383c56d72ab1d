// Options shared by the IAM commands (see iam_options.h).
#include "frontends/cli/iam_options.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "frontends/aws/policy_document.h"
#include "frontends/terraform/plan.h"
#include "models/base/status_macros.h"
#include "models/iam/arn.h"

namespace vouch::cli {

std::string PrincipalNames(const iam::Account& account) {
  std::vector<std::string> names;
  for (const iam::User& u : account.users) names.push_back(u.name);
  for (const iam::Role& r : account.roles) names.push_back(r.name);
  for (const iam::Group& g : account.groups) names.push_back(g.name);
  if (names.size() > 12) {
    names.resize(12);
    names.push_back("...");
  }
  return names.empty() ? "none" : absl::StrJoin(names, ", ");
}

absl::StatusOr<aws::Snapshot> LoadAccount(const AccountOptions& options) {
  if (!options.account_id.empty()) {
    if (options.terraform_plan.empty()) {
      return absl::InvalidArgumentError("--account-id is for --terraform-plan: give the plan");
    }
    if (!iam::IsAccountId(options.account_id)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--account-id `", options.account_id, "`: expected a 12-digit account id"));
    }
  }
  aws::Snapshot snapshot;
  if (!options.snapshot.empty()) {
    VOUCH_ASSIGN_OR_RETURN(snapshot, aws::LoadSnapshot(options.snapshot));
    if (!snapshot.has_iam && options.terraform_plan.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(options.snapshot,
                       ": no IAM export found (expected the output of `aws iam "
                       "get-account-authorization-details` among its JSON files)"));
    }
  }
  if (options.terraform_plan.empty()) return snapshot;
  VOUCH_RETURN_IF_ERROR(terraform::ApplyPlanFile(options.terraform_plan, snapshot.account,
                                                 {.account_id = options.account_id}));
  snapshot.has_iam = true;
  return snapshot;
}

absl::StatusOr<iam::PolicySource> FindPolicySource(const iam::Account& account,
                                                   const std::string& who,
                                                   absl::string_view option) {
  iam::PolicySource s{account.FindUser(who), account.FindRole(who), account.FindGroup(who)};
  std::vector<absl::string_view> kinds;
  if (s.user != nullptr) kinds.push_back("a user");
  if (s.role != nullptr) kinds.push_back("a role");
  if (s.group != nullptr) kinds.push_back("a group");
  if (kinds.size() == 1) return s;
  if (kinds.size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(option, " `", who, "` names ",
                                                   absl::StrJoin(kinds, " and "),
                                                   " of the snapshot: give the ARN of one"));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "`", who, "` is not a user, role or group of the snapshot (", PrincipalNames(account), ")"));
}

absl::StatusOr<const iam::Policy*> ReadPolicyFileKept(
    const std::string& path, std::vector<std::unique_ptr<iam::Policy>>& files) {
  VOUCH_ASSIGN_OR_RETURN(iam::Policy p, aws::ReadPolicyFile(path));
  files.push_back(std::make_unique<iam::Policy>(std::move(p)));
  return files.back().get();
}

std::optional<std::string> TrustPolicyNote(const iam::Account& account, absl::string_view action,
                                           absl::string_view resource) {
  if (!iam::AssumesRole(action) || iam::RoleToAssume(account, action, resource) != nullptr) {
    return std::nullopt;
  }
  return absl::StrCat(action, " on `", resource,
                      "` is decided here by the identity policies alone, as it names no role of "
                      "the snapshot with a trust policy; AWS asks the role's trust policy too");
}

absl::StatusOr<std::string> ResourceOwnerAccount(const std::string& owner) {
  if (owner.empty() || iam::IsAccountId(owner)) return owner;
  iam::PrincipalView v = iam::ClassifyPrincipal(owner);
  if (v.kind == iam::PrincipalKind::kRoot && absl::StartsWith(owner, "arn:")) {
    return std::string(v.account);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--resource-owner `", owner,
      "`: expected a 12-digit account id or an account's ARN (arn:aws:iam::111122223333:root)"));
}

absl::Status CheckResource(const std::string& resource) {
  if (resource == "*" || iam::ParseArn(resource).ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("--resource `", resource, "`: expected an ARN or `*`"));
}

std::optional<std::string> ResourceTypeNote(const iam::CatalogAction& action,
                                            absl::string_view resource) {
  if (resource.find_first_of("*?") != absl::string_view::npos) return std::nullopt;
  if (action.IsWildcardOnly()) {
    return absl::StrCat(action.FullName(),
                        " acts on no resource type: AWS authorizes it against `*`, not `", resource,
                        "`; the answer is for the request as given");
  }
  std::vector<std::string> types;
  for (const iam::CatalogActionResource& r : action.resource_types) {
    if (r.type->Holds(resource)) return std::nullopt;
    types.push_back(absl::StrCat(r.type->name, ": ", r.type->arn_template));
  }
  constexpr size_t kShown = 3;
  std::string listed =
      absl::StrJoin(types.begin(), types.begin() + std::min(types.size(), kShown), "; ");
  if (types.size() > kShown) absl::StrAppend(&listed, "; and ", types.size() - kShown, " more");
  return absl::StrCat("`", resource, "` is not a resource ", action.FullName(), " acts on (",
                      listed, "); the answer is for the request as given");
}

absl::Status ParseContext(const std::string& entry, iam::Request& request) {
  std::pair<absl::string_view, absl::string_view> kv =
      absl::StrSplit(entry, absl::MaxSplits('=', 1));
  std::pair<absl::string_view, absl::string_view> tv =
      absl::StrSplit(kv.second, absl::MaxSplits(':', 1));
  if (kv.first.empty() || !absl::StrContains(entry, '=') || !absl::StrContains(kv.second, ':')) {
    return absl::InvalidArgumentError(
        absl::StrCat("--context `", entry,
                     "`: expected KEY=TYPE:VALUE (e.g. aws:MultiFactorAuthPresent=boolean:true)"));
  }
  std::vector<std::string> values;
  if (absl::EndsWith(tv.first, "List")) {
    values = absl::StrSplit(tv.second, ',');
  } else {
    values.emplace_back(tv.second);
  }
  absl::StatusOr<iam::ContextValue> value =
      iam::MakeContextValue(kv.first, tv.first, std::move(values));
  if (!value.ok())
    return absl::InvalidArgumentError(
        absl::StrCat("--context `", entry, "`: ", value.status().message()));
  request.Set(*std::move(value));
  return absl::OkStatus();
}

}  // namespace vouch::cli
