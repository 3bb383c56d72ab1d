// `vouch replay`'s answer (see replay_report.h).
#include "proofs/replay_report.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "proofs/simulation_report.h"

namespace vouch::proofs {
namespace {

using iam::CallDecision;
using iam::Finding;
using iam::ReplayedCall;

absl::string_view ClaimDescription(const ReplayReport& r) {
  return r.change.empty()
             ? "no call that succeeded in the log is denied (no change given: every such call is "
               "replayed and settled)"
             : "no call that succeeded in the log is denied after the change";
}

// "allowed", "explicitDeny", ... or "unknown".
std::string DecisionText(const CallDecision& d) {
  if (d.verdict == CallDecision::Verdict::kUnknown) return "unknown";
  return std::string(iam::DecisionName(d.result.decision));
}

// The lines that explain `d`, each indented by `indent`.
void AppendWhy(const CallDecision& d, const std::string& indent, std::string& out) {
  if (!d.why.empty()) {
    absl::StrAppend(&out, indent, d.why, "\n");
    if (d.verdict == CallDecision::Verdict::kDenied || !d.evaluated) return;
  }
  if (d.result.matched.empty() && d.result.decision == iam::Decision::kImplicitDeny) {
    absl::StrAppend(&out, indent,
                    !d.result.allowed_by_permission_boundary
                        ? "not allowed by its permissions boundary"
                    : d.result.resource_policy_silent
                        ? "not allowed by the resource's policy, which must allow it too"
                        : "no statement allows it",
                    "\n");
  }
  for (const iam::MatchedStatement& m : d.result.matched) {
    absl::StrAppend(&out, indent, DescribeStatement(m), "\n", indent, "  at ",
                    m.source.DebugString(), "\n");
  }
}

std::string Headline(const ReplayedCall& c) {
  const audit::LoggedCall& l = *c.call;
  std::string id = l.event_id.empty() ? "(no eventID)" : l.event_id;
  if (!c.mapped.not_replayed.empty()) {
    std::string who = l.identity_arn.empty() ? l.identity_type : l.identity_arn;
    return absl::StrCat(id, " ", l.event_time, " ", who, " ", l.event_source, " ", l.event_name);
  }
  const iam::Request& q = c.mapped.request;
  return absl::StrCat(id, " ", l.event_time, " ", q.principal, " ", q.action, " on ", q.resource);
}

void AppendCall(const ReplayedCall& c, bool has_after, std::string& out) {
  absl::StrAppend(&out, "  ", Headline(c), "\n");
  absl::StrAppend(&out, "    log: ", audit::LogOutcomeName(audit::OutcomeOf(*c.call)));
  if (!c.call->error_code.empty()) absl::StrAppend(&out, " (", c.call->error_code, ")");
  if (c.before) {
    absl::StrAppend(&out, "; vouch: ", DecisionText(*c.before));
    if (has_after) {
      absl::StrAppend(&out, " before the change, ", DecisionText(*c.after), " after it");
    }
  }
  absl::StrAppend(&out, "\n");
  if (c.before) {
    if (has_after) {
      absl::StrAppend(&out, "    before:\n");
      AppendWhy(*c.before, "      ", out);
      absl::StrAppend(&out, "    after:\n");
      AppendWhy(*c.after, "      ", out);
    } else {
      AppendWhy(*c.before, "    ", out);
    }
  }
  if (c.finding == Finding::kUnknown && !c.before) {
    absl::StrAppend(&out, "    ", c.unknown_why, "\n");
  }
  absl::StrAppend(&out, "    record: ", c.call->source.DebugString(), "\n");
}

void AppendSection(const ReplayReport& r, Finding finding, absl::string_view title,
                   std::string& out) {
  std::vector<const ReplayedCall*> found;
  for (const ReplayedCall& c : r.answer->calls) {
    if (c.finding == finding) found.push_back(&c);
  }
  if (found.empty()) return;
  absl::StrAppend(&out, "\n", title, " (", found.size(), "):\n");
  for (const ReplayedCall* c : found) AppendCall(*c, !r.change.empty(), out);
}

// Per principal of the replayed calls: the actions that succeeded and those denied, in the log.
struct PrincipalUse {
  std::set<std::string> used;
  std::set<std::string> denied;
  std::set<std::string> called_services;  // of every replayed call, whatever its outcome
};

std::map<std::string, PrincipalUse> UseByPrincipal(const iam::ReplayAnswer& answer) {
  std::map<std::string, PrincipalUse> out;
  for (const ReplayedCall& c : answer.calls) {
    if (!c.before) continue;
    PrincipalUse& use = out[c.mapped.request.principal];
    audit::LogOutcome log = audit::OutcomeOf(*c.call);
    if (log == audit::LogOutcome::kSucceeded) use.used.insert(c.mapped.request.action);
    if (log == audit::LogOutcome::kDenied) use.denied.insert(c.mapped.request.action);
    const std::string& action = c.mapped.request.action;
    use.called_services.insert(action.substr(0, action.find(':')));
  }
  return out;
}

// The services of `granted` that the principal never called.
std::vector<std::string> NeverCalled(const ReplayReport& r, const std::string& principal,
                                     const PrincipalUse& use) {
  std::vector<std::string> out;
  auto it = r.granted_services.find(principal);
  if (it == r.granted_services.end()) return out;
  for (const std::string& s : it->second) {
    if (!use.called_services.contains(s)) out.push_back(s);
  }
  return out;
}

// Services listed in text before "and N more": the JSON lists them all.
constexpr size_t kServicesShown = 12;

void AppendByPrincipal(const ReplayReport& r, std::string& out) {
  std::map<std::string, PrincipalUse> use = UseByPrincipal(*r.answer);
  absl::StrAppend(&out, "\nactions by principal (replayed calls):\n");
  for (const auto& [principal, u] : use) {
    absl::StrAppend(&out, "  ", principal, "\n");
    if (!u.used.empty()) {
      absl::StrAppend(&out, "    used (succeeded in the log): ", absl::StrJoin(u.used, ", "), "\n");
    }
    if (!u.denied.empty()) {
      absl::StrAppend(&out, "    denied in the log: ", absl::StrJoin(u.denied, ", "), "\n");
    }
    if (!r.granted_services.contains(principal)) continue;
    std::vector<std::string> never = NeverCalled(r, principal, u);
    absl::StrAppend(&out, "    services its Allow statements name, never called in the log: ");
    if (never.empty()) {
      absl::StrAppend(&out, "none\n");
      continue;
    }
    absl::StrAppend(&out, never.size(), never.size() == 1 ? " service: " : " services: ");
    if (never.size() <= kServicesShown) {
      absl::StrAppend(&out, absl::StrJoin(never, ", "), "\n");
    } else {
      absl::StrAppend(&out, absl::StrJoin(never.begin(), never.begin() + kServicesShown, ", "),
                      " and ", never.size() - kServicesShown, " more (--format json lists them)\n");
    }
  }
}

}  // namespace

Verdict ReplayVerdict(const iam::ReplayAnswer& answer) {
  Verdict v = Verdict::kHolds;
  for (const ReplayedCall& c : answer.calls) {
    if (c.finding == Finding::kRegression) return Verdict::kViolated;
    if (c.finding == Finding::kUnknown) v = Verdict::kUnknown;
  }
  return v;
}

std::vector<ClaimOutcome> ReplayOutcomes(const ReplayReport& r) {
  ClaimOutcome claim;
  claim.id = "no-regressions";
  claim.description = std::string(ClaimDescription(r));
  claim.verdict = ReplayVerdict(*r.answer);
  for (const ReplayedCall& c : r.answer->calls) {
    if (c.finding == Finding::kRegression) {
      claim.violations.push_back(
          {absl::StrCat(Headline(c), ": succeeded in the log, ", DecisionText(*c.before),
                        " before the change, ", DecisionText(*c.after), " after it"),
           c.call->source});
    } else if (c.finding == Finding::kUnknown) {
      claim.unknowns.push_back({absl::StrCat(Headline(c), ": ", c.unknown_why), c.call->source});
    }
  }
  return {claim};
}

std::string RenderReplayText(const ReplayReport& r) {
  size_t replayed = 0, outcomes[3] = {0, 0, 0}, agree = 0, settled = 0;
  std::map<std::string, size_t> reasons;
  for (const ReplayedCall& c : r.answer->calls) {
    if (!c.before) {
      ++reasons[c.mapped.not_replayed];
      continue;
    }
    ++replayed;
    audit::LogOutcome log = audit::OutcomeOf(*c.call);
    ++outcomes[static_cast<int>(log)];
    CallDecision::Verdict v = c.before->verdict;
    if (log == audit::LogOutcome::kFailed || v == CallDecision::Verdict::kUnknown) continue;
    ++settled;
    if ((log == audit::LogOutcome::kSucceeded) == (v == CallDecision::Verdict::kAllowed)) ++agree;
  }
  size_t n = r.answer->calls.size();
  std::string out =
      absl::StrCat("replay of ", n, " record", n == 1 ? "" : "s", " from ", r.files, " log file",
                   r.files == 1 ? "" : "s", " against account ", r.account_id);
  if (!r.change.empty()) absl::StrAppend(&out, ", after ", r.change);
  absl::StrAppend(&out, "\n  replayed: ", replayed, " (", outcomes[0], " succeeded in the log, ",
                  outcomes[1], " denied, ", outcomes[2], " failed otherwise)\n");
  absl::StrAppend(&out, "  not replayed: ", n - replayed, "\n");
  for (const auto& [reason, count] : reasons)
    absl::StrAppend(&out, "    ", count, " ", reason, "\n");
  absl::StrAppend(&out, "  vouch agrees with the log on ", agree, " of ", settled,
                  " replayed calls it settles", r.change.empty() ? "" : " (before the change)",
                  "\n");
  if (r.by_principal) AppendByPrincipal(r, out);
  AppendSection(r, Finding::kRegression,
                "regressions: succeeded in the log, allowed before the change, denied after it",
                out);
  AppendSection(r, Finding::kDisagrees,
                "disagreements with the log (vouch lacks what decided them: SCPs, resource "
                "policies, session policies, ...)",
                out);
  AppendSection(r, Finding::kUnknown, "unknown: succeeded in the log, not settled", out);
  absl::StrAppend(&out, "\nnot replayed (", n - replayed, "):\n");
  for (const ReplayedCall& c : r.answer->calls) {
    if (c.before) continue;
    absl::StrAppend(&out, "  ", Headline(c), ": ", c.mapped.not_replayed, ": ", c.mapped.detail,
                    "\n");
  }
  absl::StrAppend(&out, "\nclaim: ", ClaimDescription(r), ": ",
                  VerdictName(ReplayVerdict(*r.answer)), "\n");
  return out;
}

namespace {

nlohmann::ordered_json DecisionJson(const CallDecision& d) {
  nlohmann::ordered_json j;
  j["verdict"] = std::string(iam::CallVerdictName(d.verdict));
  if (!d.evaluated && d.verdict == CallDecision::Verdict::kUnknown) {  // nothing was evaluated
    j["why"] = d.why;
    return j;
  }
  j["decision"] = std::string(iam::DecisionName(d.result.decision));
  nlohmann::ordered_json matched = nlohmann::ordered_json::array();
  for (const iam::MatchedStatement& m : d.result.matched) {
    matched.push_back({{"statement", DescribeStatement(m)}, {"source", m.source.DebugString()}});
  }
  j["matched"] = matched;
  j["missing_context_keys"] = d.result.missing_context_keys;
  if (!d.why.empty()) j["why"] = d.why;
  return j;
}

absl::string_view FindingName(Finding f) {
  switch (f) {
    case Finding::kNone:
      return "none";
    case Finding::kRegression:
      return "regression";
    case Finding::kUnknown:
      return "unknown";
    case Finding::kDisagrees:
      return "disagrees";
  }
  return "none";
}

}  // namespace

std::string RenderReplayJson(const ReplayReport& r) {
  nlohmann::ordered_json j;
  j["account"] = r.account_id;
  j["change"] = r.change;
  j["files"] = r.files;
  j["records"] = r.answer->calls.size();
  nlohmann::ordered_json calls = nlohmann::ordered_json::array();
  for (const ReplayedCall& c : r.answer->calls) {
    const audit::LoggedCall& l = *c.call;
    nlohmann::ordered_json e;
    e["eventID"] = l.event_id;
    e["eventTime"] = l.event_time;
    e["record"] = l.source.DebugString();
    e["log"] = std::string(audit::LogOutcomeName(audit::OutcomeOf(l)));
    if (!l.error_code.empty()) e["errorCode"] = l.error_code;
    if (c.before) {
      e["principal"] = c.mapped.request.principal;
      e["action"] = c.mapped.request.action;
      e["resource"] = c.mapped.request.resource;
      e["before"] = DecisionJson(*c.before);
      if (c.after) e["after"] = DecisionJson(*c.after);
    } else {
      e["not_replayed"] = c.mapped.not_replayed;
      e["detail"] = c.mapped.detail;
    }
    e["finding"] = std::string(FindingName(c.finding));
    if (!c.unknown_why.empty()) e["unknown_why"] = c.unknown_why;
    calls.push_back(std::move(e));
  }
  j["calls"] = calls;
  if (r.by_principal) {
    nlohmann::ordered_json principals = nlohmann::ordered_json::array();
    for (const auto& [principal, u] : UseByPrincipal(*r.answer)) {
      nlohmann::ordered_json p = {{"principal", principal}, {"used", u.used}, {"denied", u.denied}};
      if (r.granted_services.contains(principal)) {
        p["grantedServicesNeverCalled"] = NeverCalled(r, principal, u);
      }
      principals.push_back(std::move(p));
    }
    j["principals"] = principals;
  }
  j["claim"] = {{"id", "no-regressions"},
                {"description", std::string(ClaimDescription(r))},
                {"verdict", std::string(VerdictName(ReplayVerdict(*r.answer)))}};
  return j.dump(2) + "\n";
}

}  // namespace vouch::proofs
