// `vouch credentials`: each IAM user's sign-in credentials (console password, MFA, access keys)
// from the account's IAM credential report, and claims about them checked with evidence:
//
//   $ vouch credentials --snapshot examples/lab --require-mfa --max-key-age 90
//   ...
//   claims (checked at 2026-11-27T10:00:00Z):
//     mfa (every console user, and the root user, has MFA active): violated
//       admin-1: console password without MFA (at examples/lab/...: /Content: line 4)
//
// The report comes from a snapshot folder (the file `aws iam get-credential-report` wrote,
// recognised by its keys) or from --report (that file, or the CSV itself); a snapshot's IAM
// export, when it has one, names the users the report must cover. The claims
// (engine/eval/credential_checks.h) are the credential checks of the CIS AWS Foundations
// Benchmark: --require-mfa, --no-root-keys, --root-hardware-mfa (from the snapshot's virtual MFA
// devices), --max-key-age 90, --max-unused 45, --one-active-key, and --groups-only and
// --no-full-admin (from the IAM export); --cis asks them all. Ages count to --now, or to the
// report's GeneratedTime; a CSV carries no time, so --max-key-age, --max-unused and --cis then need
// --now. Exit codes: 0 the claims hold (or none were asked), 1 one is violated, 2 bad input, 3
// unknown (the report does not tell).
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/eval/credential_checks.h"
#include "frontends/aws/credential_report.h"
#include "frontends/aws/snapshot.h"
#include "frontends/cli/commands.h"
#include "proofs/credential_answer.h"

namespace vouch::cli {
namespace {

struct CredentialsOptions {
  std::string snapshot;
  std::string report;
  bool require_mfa = false;
  bool no_root_keys = false;
  bool root_hardware_mfa = false;
  std::optional<int> max_key_age;
  std::optional<int> max_unused;
  bool one_active_key = false;
  bool groups_only = false;
  bool no_full_admin = false;
  bool cis = false;  // every claim above, ages at the benchmark's 90 and 45 days unless given
  std::vector<std::string> users;
  std::string now;
  std::string format = "text";
};

// The report, and the account's IAM export when the snapshot has one (its users are checked to
// be in the report).
struct Loaded {
  iam::CredentialReport report;
  std::optional<iam::Account> account;
  std::optional<std::vector<iam::VirtualMfaDevice>> virtual_mfa;  // the snapshot's, if listed
};

absl::StatusOr<Loaded> Load(const CredentialsOptions& o) {
  Loaded out;
  std::optional<iam::CredentialReport> found;
  if (!o.snapshot.empty()) {
    absl::StatusOr<aws::Snapshot> snapshot = aws::LoadSnapshot(o.snapshot);
    if (!snapshot.ok()) return snapshot.status();
    if (snapshot->has_iam) out.account = std::move(snapshot->account);
    out.virtual_mfa = std::move(snapshot->virtual_mfa_devices);
    found = std::move(snapshot->credential_report);
  }
  if (!o.report.empty()) {
    absl::StatusOr<iam::CredentialReport> report = aws::ReadCredentialReportFile(o.report);
    if (!report.ok()) return report.status();
    found = *std::move(report);
  }
  if (!found) {
    return absl::InvalidArgumentError(
        absl::StrCat(o.snapshot,
                     ": no IAM credential report found (expected the output of `aws iam "
                     "get-credential-report` among its JSON files; or give one with --report)"));
  }
  out.report = *std::move(found);
  return out;
}

int RunCredentials(const CredentialsOptions& o) {
  if (o.snapshot.empty() && o.report.empty()) {
    return ReportError(absl::InvalidArgumentError("give --snapshot DIR, --report FILE or both"));
  }
  std::optional<absl::Time> now;
  if (!o.now.empty()) {
    now = aws::ParseReportTime(o.now);
    if (!now) {
      return ReportError(absl::InvalidArgumentError(absl::StrCat(
          "--now: expected an ISO 8601 time (`2026-11-27T10:00:00Z`), got `", o.now, "`")));
    }
  }
  absl::StatusOr<Loaded> loaded = Load(o);
  if (!loaded.ok()) return ReportError(loaded.status());
  const iam::CredentialReport* report = &loaded->report;
  const iam::Account* account = loaded->account ? &*loaded->account : nullptr;
  for (const std::string& name : o.users) {
    // By name, as the report names users (FindUser would take an ARN too).
    const iam::User* in_account = account != nullptr ? account->FindUser(name) : nullptr;
    const bool known =
        name == "<root_account>" ||
        std::any_of(report->rows.begin(), report->rows.end(),
                    [&](const iam::CredentialReportRow& row) { return row.user == name; }) ||
        (in_account != nullptr && in_account->name == name);
    if (!known) {
      return ReportError(absl::InvalidArgumentError(
          absl::StrCat("--user: no user `", name, "` in the credential report",
                       account != nullptr ? " or the account's IAM export" : "",
                       " (the root user is `<root_account>`)")));
    }
  }
  if ((o.groups_only || o.no_full_admin) && account == nullptr) {
    return ReportError(absl::InvalidArgumentError(
        absl::StrCat(o.groups_only ? "--groups-only" : "--no-full-admin",
                     " needs the account's IAM export: give --snapshot with the output of `aws iam "
                     "get-account-authorization-details`")));
  }
  if (!now) now = report->generated;
  if ((o.max_key_age || o.max_unused || o.cis) && !now) {
    return ReportError(absl::InvalidArgumentError(
        absl::StrCat(o.max_key_age  ? "--max-key-age"
                     : o.max_unused ? "--max-unused"
                                    : "--cis",
                     " needs --now: this report carries no time of its own (a CSV has none)")));
  }
  proofs::CredentialAnswer answer;
  answer.report = report;
  answer.account = account;
  answer.checked_at = now;
  answer.claims.require_mfa = o.require_mfa || o.cis;
  answer.claims.no_root_keys = o.no_root_keys || o.cis;
  answer.claims.root_hardware_mfa = o.root_hardware_mfa || o.cis;
  answer.claims.max_key_age_days = o.max_key_age;
  answer.claims.max_unused_days = o.max_unused;
  if (o.cis) {
    if (!answer.claims.max_key_age_days) answer.claims.max_key_age_days = 90;
    if (!answer.claims.max_unused_days) answer.claims.max_unused_days = 45;
  }
  answer.claims.one_active_key = o.one_active_key || o.cis;
  answer.claims.groups_only = o.groups_only || o.cis;
  answer.claims.no_full_admin = o.no_full_admin || o.cis;
  answer.claims.users = o.users;
  answer.results =
      iam::CheckCredentials(*report, answer.claims, now.value_or(absl::UnixEpoch()), account,
                            loaded->virtual_mfa ? &*loaded->virtual_mfa : nullptr);
  if (proofs::IsClaimFormat(o.format)) {
    std::cout << proofs::RenderClaims(o.format, "credentials", proofs::CredentialOutcomes(answer));
  } else {
    std::cout << (o.format == "json" ? proofs::RenderCredentialJson(answer)
                                     : proofs::RenderCredentialText(answer));
  }
  return proofs::ExitCodeFor(proofs::OverallCredentialVerdict(answer));
}

}  // namespace

void AddCredentialsCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<CredentialsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "credentials",
      "Each IAM user's console password, MFA and access keys from the IAM credential report, and "
      "the CIS benchmark's claims about them checked with the report lines as evidence");
  cmd->add_option("--snapshot", o->snapshot,
                  "Folder of AWS CLI outputs: the credential report (unless --report gives it) and "
                  "the IAM export whose users the report must cover");
  cmd->add_option("--report", o->report,
                  "The credential report: get-credential-report's JSON response, or its CSV");
  cmd->add_flag("--require-mfa", o->require_mfa,
                "Claim: every user with a console password, and the root user, has MFA active");
  cmd->add_flag("--no-root-keys", o->no_root_keys, "Claim: the root user has no active access key");
  cmd->add_flag("--root-hardware-mfa", o->root_hardware_mfa,
                "Claim: the root user's MFA device is a hardware one, not virtual (CIS 1.6; "
                "tells them apart by the snapshot's `aws iam list-virtual-mfa-devices` output)");
  cmd->add_option("--max-key-age", o->max_key_age,
                  "Claim: every active access key was created or rotated at most DAYS days ago")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-unused", o->max_unused,
                  "Claim: every user's enabled console password and active access key was used "
                  "(or, never used, set) at most DAYS days ago")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--one-active-key", o->one_active_key,
                "Claim: no user has two active access keys (CIS 1.13)");
  cmd->add_flag("--groups-only", o->groups_only,
                "Claim: no user has an inline or attached policy of its own, so permissions come "
                "only through groups (CIS 1.15; read from the snapshot's IAM export)");
  cmd->add_flag("--no-full-admin", o->no_full_admin,
                "Claim: no customer managed policy attached to a user, group or role allows `*` "
                "on `*` (CIS 1.16; read from the snapshot's IAM export)");
  cmd->add_flag("--cis", o->cis,
                "Every claim above, as the CIS AWS Foundations Benchmark asks them (--max-key-age "
                "90 and --max-unused 45 unless given); without the IAM export, --groups-only and "
                "--no-full-admin are unknown");
  cmd->add_option("--user", o->users,
                  "Only this user (repeatable; `<root_account>` for the root user): shown, and the "
                  "subject of every claim but --no-root-keys");
  cmd->add_option("--now", o->now,
                  "The time ages count to (ISO 8601); default: the report's GeneratedTime");
  cmd->add_option("--format", o->format,
                  "text, json, or the claims alone as junit (XML) or sarif (2.1.0), for CI")
      ->check(CLI::IsMember({"text", "json", "junit", "sarif"}));
  cmd->callback([o, exit_code] { *exit_code = RunCredentials(*o); });
}

}  // namespace vouch::cli
