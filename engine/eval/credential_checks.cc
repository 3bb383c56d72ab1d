// Credential claims over an IAM credential report (see credential_checks.h).
#include "engine/eval/credential_checks.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace vouch::iam {
namespace {

absl::Duration Days(int days) { return absl::Hours(24) * days; }

CredentialFinding Found(const CredentialReportRow& row, int key, std::optional<absl::Duration> age,
                        std::string reason) {
  return CredentialFinding{row.user, row.arn, row.source, row.line,
                           &row,     key,     age,        std::move(reason)};
}

// The unknowns a report that lacks users leaves for a claim about every user: one for each user
// of `account` not in the report (found by ARN), and, for `root`, one if it has no root row.
void AddMissing(const CredentialReport& report, const CredentialClaims& claims,
                const Account* account, bool users, bool root, CredentialClaimResult& r) {
  if (root && std::none_of(report.rows.begin(), report.rows.end(),
                           [](const CredentialReportRow& row) { return row.is_root(); })) {
    r.unknowns.push_back(CredentialFinding{"<root_account>", "", report.source, 0, nullptr, 0,
                                           std::nullopt,
                                           "the credential report has no row for the root user"});
  }
  if (!users || account == nullptr) return;
  for (const User& u : account->users) {
    if (!claims.About(u.name) ||
        std::any_of(report.rows.begin(), report.rows.end(),
                    [&](const CredentialReportRow& row) { return row.arn == u.arn; })) {
      continue;
    }
    r.unknowns.push_back(CredentialFinding{
        u.name, u.arn, u.source, 0, nullptr, 0, std::nullopt,
        "in the account's IAM export but not in the credential report (made before the user "
        "was?)"});
  }
}

void CheckMfa(const CredentialReport& report, const CredentialClaims& claims,
              CredentialClaimResult& r) {
  for (const CredentialReportRow& row : report.rows) {
    if (row.mfa_active || !claims.About(row.user)) continue;
    if (row.is_root()) {
      r.violations.push_back(Found(row, 0, std::nullopt, "the root user has no MFA device active"));
    } else if (row.password_enabled.value_or(false)) {
      r.violations.push_back(Found(row, 0, std::nullopt, "console password without MFA"));
    }
  }
}

void CheckRootKeys(const CredentialReport& report, CredentialClaimResult& r) {
  for (const CredentialReportRow& row : report.rows) {
    if (!row.is_root()) continue;
    for (int k = 0; k < 2; ++k) {
      if (!row.access_keys[k].active) continue;
      r.violations.push_back(Found(row, k + 1, std::nullopt,
                                   absl::StrCat("the root user has active access key ", k + 1)));
    }
  }
}

void CheckRootHardwareMfa(const CredentialReport& report,
                          const std::vector<VirtualMfaDevice>* virtual_mfa,
                          CredentialClaimResult& r) {
  for (const CredentialReportRow& row : report.rows) {
    if (!row.is_root()) continue;
    if (!row.mfa_active) {
      r.violations.push_back(Found(row, 0, std::nullopt, "the root user has no MFA device active"));
      continue;
    }
    if (virtual_mfa == nullptr) {
      r.unknowns.push_back(Found(row, 0, std::nullopt,
                                 "MFA is active, and without the account's virtual MFA devices "
                                 "(`aws iam list-virtual-mfa-devices`) a virtual one cannot be "
                                 "told from a hardware one"));
      continue;
    }
    for (const VirtualMfaDevice& d : *virtual_mfa) {
      if (!d.IsRoots()) continue;
      r.violations.push_back(CredentialFinding{
          row.user, row.arn, d.source, 0, &row, 0, std::nullopt,
          absl::StrCat("the root user's MFA device ", d.serial_number, " is virtual")});
    }
  }
}

void CheckKeyAge(const CredentialReport& report, const CredentialClaims& claims, absl::Time now,
                 CredentialClaimResult& r) {
  const int max_days = *claims.max_key_age_days;
  for (const CredentialReportRow& row : report.rows) {
    if (!claims.About(row.user)) continue;
    for (int k = 0; k < 2; ++k) {
      const ReportAccessKey& key = row.access_keys[k];
      if (!key.active) continue;
      if (!key.last_rotated.time) {
        r.unknowns.push_back(
            Found(row, k + 1, std::nullopt,
                  absl::StrCat("active access key ", k + 1, " has no rotation time (`",
                               key.last_rotated.sentinel, "`)")));
        continue;
      }
      const absl::Duration age = now - *key.last_rotated.time;
      if (age <= Days(max_days)) continue;
      r.violations.push_back(
          Found(row, k + 1, age,
                absl::StrCat("active access key ", k + 1, " is older than ", max_days,
                             " days (rotated ", FormatReportTime(*key.last_rotated.time), ")")));
    }
  }
}

// One credential of the unused claim: `what` ("console password", "active access key 1") last
// used at `used`, or never (`N/A`) since `since` (when it was set or created).
void CheckUnused(const CredentialReportRow& row, int key, absl::string_view what,
                 const ReportTime& used, const ReportTime& since, int max_days, absl::Time now,
                 CredentialClaimResult& r) {
  std::optional<absl::Time> from = used.time;
  std::string how;
  if (from) {
    how = absl::StrCat("last used ", FormatReportTime(*from));
  } else if (used.sentinel == "N/A" && since.time) {
    from = since.time;
    how = absl::StrCat("never used since ", FormatReportTime(*from));
  } else {
    // `no_information` (last used before AWS began tracking it), or never used with no time it
    // was set: the report does not tell how long it has been idle.
    r.unknowns.push_back(
        Found(row, key, std::nullopt,
              absl::StrCat(what, ": the report does not tell when it was last used (`",
                           used.sentinel, "`)")));
    return;
  }
  const absl::Duration idle = now - *from;
  if (idle <= Days(max_days)) return;
  r.violations.push_back(Found(
      row, key, idle, absl::StrCat(what, " unused for more than ", max_days, " days (", how, ")")));
}

void CheckOneKey(const CredentialReport& report, const CredentialClaims& claims,
                 CredentialClaimResult& r) {
  for (const CredentialReportRow& row : report.rows) {
    if (row.is_root() || !claims.About(row.user)) continue;
    if (row.access_keys[0].active && row.access_keys[1].active) {
      r.violations.push_back(Found(row, 0, std::nullopt, "two active access keys"));
    }
  }
}

// Whether a claim read from the account's IAM export can be checked: without an export, it is
// unknown for `subject` ("every user"), whose `what` ("its policies are") is in the export.
bool HaveExport(const CredentialReport& report, const Account* account, absl::string_view subject,
                absl::string_view what, CredentialClaimResult& r) {
  if (account != nullptr) return true;
  r.unknowns.push_back(
      CredentialFinding{std::string(subject), "", report.source, 0, nullptr, 0, std::nullopt,
                        absl::StrCat(what,
                                     " in the account's IAM export (`aws iam "
                                     "get-account-authorization-details`), which was not given")});
  return false;
}

// groups-only, on the account's IAM export: each policy a user holds of its own, located there.
void CheckGroupsOnly(const CredentialReport& report, const CredentialClaims& claims,
                     const Account* account, CredentialClaimResult& r) {
  if (!HaveExport(report, account, "every user", "its policies are", r)) return;
  for (const User& u : account->users) {
    if (!claims.About(u.name)) continue;
    for (const InlinePolicy& p : u.inline_policies) {
      r.violations.push_back(CredentialFinding{
          u.name, u.arn, p.document.source, 0, nullptr, 0, std::nullopt,
          absl::StrCat("inline policy `", p.name, "` of its own, not through a group")});
    }
    for (size_t i = 0; i < u.managed_policy_arns.size(); ++i) {
      r.violations.push_back(
          CredentialFinding{u.name, u.arn, u.source.Child("AttachedManagedPolicies").Child(i), 0,
                            nullptr, 0, std::nullopt,
                            absl::StrCat("managed policy ", u.managed_policy_arns[i],
                                         " attached to it, not to a group")});
    }
  }
}

// Whether `s` allows every action on every resource, as CIS 1.16 reads a statement.
bool AllowsEverything(const Statement& s) {
  auto star = [](const std::vector<std::string>& list, absl::string_view also) {
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& v) { return v == "*" || v == also; });
  };
  return s.effect == Effect::kAllow && !s.not_action && star(s.actions, "*:*") && s.has_resource &&
         !s.not_resource && star(s.resources, "*");
}

// no-full-admin, on the account's IAM export: each statement of an attached customer managed
// policy that allows `*` on `*`, located there, with whom the policy is attached to.
void CheckNoFullAdmin(const CredentialReport& report, const Account* account,
                      CredentialClaimResult& r) {
  if (!HaveExport(report, account, "every policy", "the customer managed policies are", r)) {
    return;
  }
  for (const ManagedPolicy& p : account->policies) {
    if (p.aws_managed || std::none_of(p.document.statements.begin(), p.document.statements.end(),
                                      AllowsEverything)) {
      continue;
    }
    std::vector<std::string> holders;
    auto holds = [&](const std::vector<std::string>& arns) {
      return std::find(arns.begin(), arns.end(), p.arn) != arns.end();
    };
    for (const User& u : account->users) {
      if (holds(u.managed_policy_arns)) holders.push_back(absl::StrCat("user ", u.name));
    }
    for (const Group& g : account->groups) {
      if (holds(g.managed_policy_arns)) holders.push_back(absl::StrCat("group ", g.name));
    }
    for (const Role& role : account->roles) {
      if (holds(role.managed_policy_arns)) holders.push_back(absl::StrCat("role ", role.name));
    }
    if (holders.empty()) continue;  // not attached
    for (const Statement& s : p.document.statements) {
      if (!AllowsEverything(s)) continue;
      r.violations.push_back(CredentialFinding{
          p.name, p.arn, s.source, 0, nullptr, 0, std::nullopt,
          absl::StrCat("statement ", s.index, " allows `*` on `*`, and the policy is attached to ",
                       absl::StrJoin(holders, ", "))});
    }
  }
}

}  // namespace

bool CredentialClaims::About(absl::string_view name) const {
  return users.empty() || std::find(users.begin(), users.end(), name) != users.end();
}

std::vector<CredentialClaimResult> CheckCredentials(
    const CredentialReport& report, const CredentialClaims& claims, absl::Time now,
    const Account* account, const std::vector<VirtualMfaDevice>* virtual_mfa) {
  std::vector<CredentialClaimResult> out;
  if (claims.require_mfa) {
    CredentialClaimResult& r = out.emplace_back();
    r.claim = "mfa";
    CheckMfa(report, claims, r);
    AddMissing(report, claims, account, /*users=*/true, /*root=*/claims.About("<root_account>"), r);
  }
  if (claims.no_root_keys) {  // about the root user, whoever the other claims are about
    CredentialClaimResult& r = out.emplace_back();
    r.claim = "root-keys";
    CheckRootKeys(report, r);
    AddMissing(report, claims, account, /*users=*/false, /*root=*/true, r);
  }
  if (claims.root_hardware_mfa) {  // about the root user too
    CredentialClaimResult& r = out.emplace_back();
    r.claim = "root-hardware-mfa";
    CheckRootHardwareMfa(report, virtual_mfa, r);
    AddMissing(report, claims, account, /*users=*/false, /*root=*/true, r);
  }
  if (claims.max_key_age_days) {
    CredentialClaimResult& r = out.emplace_back();
    r.claim = "key-age";
    CheckKeyAge(report, claims, now, r);
    AddMissing(report, claims, account, /*users=*/true, /*root=*/false, r);
  }
  if (claims.max_unused_days) {
    CredentialClaimResult& r = out.emplace_back();
    r.claim = "unused";
    const int days = *claims.max_unused_days;
    for (const CredentialReportRow& row : report.rows) {
      // The root user's sign-in cannot be disabled.
      if (row.is_root() || !claims.About(row.user)) continue;
      if (row.password_enabled.value_or(false)) {
        const ReportTime& set =
            row.password_last_changed.time ? row.password_last_changed : row.user_created;
        CheckUnused(row, 0, "console password", row.password_last_used, set, days, now, r);
      }
      for (int k = 0; k < 2; ++k) {
        const ReportAccessKey& key = row.access_keys[k];
        if (!key.active) continue;
        CheckUnused(row, k + 1, absl::StrCat("active access key ", k + 1), key.last_used,
                    key.last_rotated, days, now, r);
      }
    }
    AddMissing(report, claims, account, /*users=*/true, /*root=*/false, r);
  }
  if (claims.one_active_key) {
    CredentialClaimResult& r = out.emplace_back();
    r.claim = "one-key";
    CheckOneKey(report, claims, r);
    AddMissing(report, claims, account, /*users=*/true, /*root=*/false, r);
  }
  if (claims.groups_only) {
    CredentialClaimResult& r = out.emplace_back();
    r.claim = "groups-only";
    CheckGroupsOnly(report, claims, account, r);
  }
  if (claims.no_full_admin) {  // about the account's policies, whoever the other claims are about
    CredentialClaimResult& r = out.emplace_back();
    r.claim = "no-full-admin";
    CheckNoFullAdmin(report, account, r);
  }
  return out;
}

}  // namespace vouch::iam
