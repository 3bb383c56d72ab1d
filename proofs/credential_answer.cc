// Rendering `vouch credentials` answers (see credential_answer.h).
#include "proofs/credential_answer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace vouch::proofs {
namespace {

std::string TimeOrSentinel(const iam::ReportTime& t) {
  return t.time ? iam::FormatReportTime(*t.time) : t.sentinel;
}

// "last used <time>", "never used" (`N/A`) or "last used: no_information".
std::string LastUse(const iam::ReportTime& t) {
  if (t.time) return absl::StrCat("last used ", iam::FormatReportTime(*t.time));
  if (t.sentinel == "N/A") return "never used";
  return absl::StrCat("last used: ", t.sentinel);
}

// The account's user for `row`, found by ARN; null without an account, or for a user it lacks.
const iam::User* AccountUser(const CredentialAnswer& answer, const iam::CredentialReportRow& row) {
  if (answer.account == nullptr || row.is_root()) return nullptr;
  const iam::User* u = answer.account->FindUser(row.arn);
  return u != nullptr && u->arn == row.arn ? u : nullptr;
}

// The report's file ("<input>" for text given without one).
std::string ReportFile(const iam::CredentialReport& report) {
  return report.source.file.empty() ? "<input>" : report.source.file;
}

// "<file>: /Content: line 4", or where the account's export names a user the report lacks.
std::string Where(const iam::CredentialFinding& f) {
  if (f.line == 0) return f.source.DebugString();
  return absl::StrCat(f.source.DebugString(), ": line ", f.line);
}

// A key the report knows of: active, or once rotated (a key made inactive keeps its time).
bool KeyExists(const iam::ReportAccessKey& k) {
  return k.active || k.last_rotated.time.has_value();
}

std::string ClaimText(const iam::CredentialClaimResult& r, const iam::CredentialClaims& claims) {
  if (r.claim == "mfa") return "mfa (every console user, and the root user, has MFA active)";
  if (r.claim == "root-keys") return "root-keys (the root user has no active access key)";
  if (r.claim == "root-hardware-mfa") {
    return "root-hardware-mfa (the root user's MFA device is a hardware one, not virtual)";
  }
  if (r.claim == "key-age") {
    return absl::StrCat("key-age (every active access key at most ",
                        claims.max_key_age_days.value_or(0), " days old)");
  }
  if (r.claim == "one-key") return "one-key (no user has two active access keys)";
  if (r.claim == "no-full-admin") {
    return "no-full-admin (no attached customer managed policy allows `*` on `*`)";
  }
  if (r.claim == "groups-only") {
    return "groups-only (every user's permissions come through groups, none of its own)";
  }
  return absl::StrCat("unused (every console password and active access key used within ",
                      claims.max_unused_days.value_or(0), " days)");
}

nlohmann::json FindingJson(const iam::CredentialFinding& f) {
  nlohmann::json j = {{"user", f.user}, {"arn", f.arn}};
  if (f.key != 0) j["accessKey"] = f.key;
  if (f.age) j["days"] = absl::ToInt64Hours(*f.age) / 24;
  j["reason"] = f.reason;
  j["at"] = Where(f);
  return j;
}

}  // namespace

Verdict CredentialVerdict(const iam::CredentialClaimResult& result) {
  if (!result.violations.empty()) return Verdict::kViolated;
  if (!result.unknowns.empty()) return Verdict::kUnknown;
  return Verdict::kHolds;
}

Verdict OverallCredentialVerdict(const CredentialAnswer& answer) {
  Verdict worst = Verdict::kHolds;
  for (const iam::CredentialClaimResult& r : answer.results) {
    Verdict v = CredentialVerdict(r);
    if (v == Verdict::kViolated) return v;
    if (v == Verdict::kUnknown) worst = v;
  }
  return worst;
}

std::string RenderCredentialText(const CredentialAnswer& answer) {
  const iam::CredentialReport& report = *answer.report;
  std::string out = absl::StrCat("IAM credential report ", ReportFile(report));
  if (report.generated)
    absl::StrAppend(&out, ", generated ", iam::FormatReportTime(*report.generated));
  absl::StrAppend(&out, ": ", report.rows.size(), report.rows.size() == 1 ? " row" : " rows");
  if (!answer.claims.users.empty()) {
    absl::StrAppend(&out, " (shown: ", absl::StrJoin(answer.claims.users, ", "), ")");
  }
  absl::StrAppend(&out, "\n");
  for (const iam::CredentialReportRow& row : report.rows) {
    if (!answer.claims.About(row.user)) continue;
    absl::StrAppend(&out, "\n", row.user, " (", row.arn, "), line ", row.line, "\n");
    if (const iam::User* u = AccountUser(answer, row)) {
      absl::StrAppend(
          &out, "  groups: ", u->groups.empty() ? "none" : absl::StrJoin(u->groups, ", "), "\n");
    }
    if (!row.password_enabled) {
      absl::StrAppend(&out, "  console password: not_supported\n");
    } else if (!*row.password_enabled) {
      absl::StrAppend(&out, "  console password: none\n");
    } else {
      absl::StrAppend(&out, "  console password: enabled, ", LastUse(row.password_last_used), "\n");
    }
    absl::StrAppend(&out, "  MFA: ", row.mfa_active ? "active" : "none", "\n");
    bool any = false;
    for (int k = 0; k < 2; ++k) {
      const iam::ReportAccessKey& key = row.access_keys[k];
      if (!KeyExists(key)) continue;
      any = true;
      absl::StrAppend(&out, "  access key ", k + 1, ": ", key.active ? "active" : "inactive",
                      ", rotated ", TimeOrSentinel(key.last_rotated));
      if (answer.checked_at && key.last_rotated.time) {
        absl::StrAppend(&out, " (",
                        absl::ToInt64Hours(*answer.checked_at - *key.last_rotated.time) / 24,
                        " days before ", iam::FormatReportTime(*answer.checked_at), ")");
      }
      absl::StrAppend(&out, ", ", LastUse(key.last_used));
      if (key.last_used.time) {
        absl::StrAppend(&out, " (", key.last_used_service, ", ", key.last_used_region, ")");
      }
      absl::StrAppend(&out, "\n");
    }
    if (!any) absl::StrAppend(&out, "  access keys: none\n");
  }
  if (answer.results.empty()) return out;
  absl::StrAppend(&out, "\nclaims");
  if (!answer.claims.users.empty()) {
    absl::StrAppend(&out, " about ", absl::StrJoin(answer.claims.users, ", "));
  }
  if (answer.checked_at)
    absl::StrAppend(&out, " (checked at ", iam::FormatReportTime(*answer.checked_at), ")");
  absl::StrAppend(&out, ":\n");
  for (const iam::CredentialClaimResult& r : answer.results) {
    absl::StrAppend(&out, "  ", ClaimText(r, answer.claims), ": ",
                    VerdictName(CredentialVerdict(r)), "\n");
    for (const auto* list : {&r.violations, &r.unknowns}) {
      for (const iam::CredentialFinding& f : *list) {
        absl::StrAppend(&out, "    ", list == &r.unknowns ? "unknown: " : "", f.user, ": ",
                        f.reason, " (at ", Where(f), ")\n");
      }
    }
  }
  return out;
}

std::vector<ClaimOutcome> CredentialOutcomes(const CredentialAnswer& answer) {
  std::vector<ClaimOutcome> out;
  for (const iam::CredentialClaimResult& r : answer.results) {
    std::string text = ClaimText(r, answer.claims);  // "id (description)"
    ClaimOutcome c{r.claim,
                   text.substr(r.claim.size() + 2, text.size() - r.claim.size() - 3),
                   CredentialVerdict(r),
                   {},
                   {}};
    for (const iam::CredentialFinding& f : r.violations) {
      c.violations.push_back({absl::StrCat(f.user, ": ", f.reason), f.source, f.line});
    }
    for (const iam::CredentialFinding& f : r.unknowns) {
      c.unknowns.push_back({absl::StrCat(f.user, ": ", f.reason), f.source, f.line});
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::string RenderCredentialJson(const CredentialAnswer& answer) {
  const iam::CredentialReport& report = *answer.report;
  nlohmann::json j;
  j["report"] = {
      {"file", ReportFile(report)},
      {"generated", report.generated ? nlohmann::json(iam::FormatReportTime(*report.generated))
                                     : nlohmann::json(nullptr)},
      {"rows", report.rows.size()}};
  j["about"] = answer.claims.users;  // the users the answer is about; empty: all
  j["checkedAt"] = answer.checked_at ? nlohmann::json(iam::FormatReportTime(*answer.checked_at))
                                     : nlohmann::json(nullptr);
  nlohmann::json users = nlohmann::json::array();
  for (const iam::CredentialReportRow& row : report.rows) {
    if (!answer.claims.About(row.user)) continue;
    nlohmann::json keys = nlohmann::json::array();
    for (int k = 0; k < 2; ++k) {
      const iam::ReportAccessKey& key = row.access_keys[k];
      if (!KeyExists(key)) continue;
      keys.push_back({{"key", k + 1},
                      {"active", key.active},
                      {"lastRotated", TimeOrSentinel(key.last_rotated)},
                      {"lastUsed", TimeOrSentinel(key.last_used)},
                      {"lastUsedService", key.last_used_service},
                      {"lastUsedRegion", key.last_used_region}});
    }
    nlohmann::json user = {
        {"user", row.user},
        {"arn", row.arn},
        {"line", row.line},
        {"consolePassword",
         row.password_enabled ? nlohmann::json(*row.password_enabled) : nlohmann::json(nullptr)},
        {"passwordLastUsed", TimeOrSentinel(row.password_last_used)},
        {"mfaActive", row.mfa_active},
        {"accessKeys", std::move(keys)}};
    if (const iam::User* u = AccountUser(answer, row)) user["groups"] = u->groups;
    users.push_back(std::move(user));
  }
  j["users"] = std::move(users);
  nlohmann::json claims = nlohmann::json::array();
  for (const iam::CredentialClaimResult& r : answer.results) {
    nlohmann::json c = {{"claim", r.claim},
                        {"verdict", std::string(VerdictName(CredentialVerdict(r)))}};
    if (r.claim == "key-age") c["maxDays"] = answer.claims.max_key_age_days.value_or(0);
    if (r.claim == "unused") c["maxDays"] = answer.claims.max_unused_days.value_or(0);
    c["violations"] = nlohmann::json::array();
    for (const iam::CredentialFinding& f : r.violations) c["violations"].push_back(FindingJson(f));
    c["unknowns"] = nlohmann::json::array();
    for (const iam::CredentialFinding& f : r.unknowns) c["unknowns"].push_back(FindingJson(f));
    claims.push_back(std::move(c));
  }
  j["claims"] = std::move(claims);
  return j.dump(2) + "\n";
}

}  // namespace vouch::proofs
