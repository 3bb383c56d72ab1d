// Users, roles and groups named on the command line (see principals.h).
#include "frontends/cli/principals.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

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

}  // namespace vouch::cli
