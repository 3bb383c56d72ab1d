// Rendering `vouch who-can` answers (see who_can_report.h).
#include "proofs/who_can_report.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "proofs/simulation_report.h"

namespace vouch::proofs {
namespace {

using iam::Decision;
using iam::EvaluationResult;
using iam::PrincipalAnswer;
using iam::Standing;

// The request of results[i]: actions are the outer loop (who_can.h).
const std::string& ActionOf(const WhoCanReport& r, size_t i) {
  return r.query->actions[i / r.query->resources.size()];
}
const std::string& ResourceOf(const WhoCanReport& r, size_t i) {
  return r.query->resources[i % r.query->resources.size()];
}

std::string Plural(size_t n, absl::string_view one, absl::string_view many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

// "user admin-1", "role app-server"; a caller outside the account by its name ("an anonymous
// caller", "arn:aws:iam::444455556666:root").
std::string Label(const PrincipalAnswer& p) {
  return p.outside ? p.name() : absl::StrCat(p.kind(), " ", p.name());
}

// A principal's heading: its label and ARN, or what a caller outside the account is.
std::string Heading(const PrincipalAnswer& p) {
  if (p.outside) {
    switch (p.outside->kind) {
      case iam::OutsideCaller::Kind::kAnonymous:
        return absl::StrCat(Label(p),
                            " (outside the account; unsigned: the resource policy "
                            "alone decides)");
      case iam::OutsideCaller::Kind::kService:
      case iam::OutsideCaller::Kind::kFederated:
        return absl::StrCat(Label(p),
                            " (outside the account; no policies of its own: the "
                            "resource policy alone decides)");
      case iam::OutsideCaller::Kind::kOtherAccount:
        break;
    }
    return absl::StrCat(Label(p),
                        " (outside the account; its own policies taken to allow "
                        "everything)");
  }
  return absl::StrCat(Label(p), " (", p.arn(), ")");
}

// The account's users and roles, and the callers outside it, of `a`.
struct Counts {
  size_t users = 0, roles = 0, outside = 0;
};
Counts CountOf(const iam::WhoCanAnswer& a) {
  Counts c;
  for (const PrincipalAnswer& p : a.principals) {
    (p.user != nullptr ? c.users : p.role != nullptr ? c.roles : c.outside)++;
  }
  return c;
}

// The --action values as given, and how many actions they came to when a pattern was expanded:
// "iam:DeleteGroup", "iam:Delete*, cloudtrail:StopLogging (26 actions)".
std::string ActionsPhrase(const WhoCanReport& r) {
  const std::vector<std::string>& actions = r.query->actions;
  const std::vector<std::string>& given = r.actions_given.empty() ? actions : r.actions_given;
  std::string out =
      given.size() <= 4
          ? absl::StrJoin(given, ", ")
          : absl::StrCat(absl::StrJoin(given.begin(), given.begin() + 3, ", "), ", ...");
  if (given != actions) {
    absl::StrAppend(&out, " (", Plural(actions.size(), "action", "actions"), ")");
  }
  return out;
}

std::string ResourcesPhrase(const WhoCanReport& r) {
  const std::vector<std::string>& resources = r.query->resources;
  if (resources.size() <= 3) return absl::StrJoin(resources, ", ");
  return absl::StrCat(resources.size(), " resources");
}

// An allowed principal: the requests allowed. One that depends on context: the requests whose
// keys the context lacks. Requests on the same resource decided alike (the same statements, the
// same keys lacking) are shown together, their actions joined.
void AppendPrincipal(const WhoCanReport& r, const PrincipalAnswer& p, std::string& out) {
  absl::StrAppend(&out, "  ", Heading(p), "\n");
  struct Group {
    std::string key;  // resource, decision, statements, keys
    size_t first;     // the result shown
    std::vector<absl::string_view> actions;
  };
  std::vector<Group> groups;
  size_t shown = 0;
  for (size_t i = 0; i < p.results.size(); ++i) {
    const EvaluationResult& e = p.results[i];
    bool show = p.standing == Standing::kAllowed ? e.decision == Decision::kAllowed
                                                 : !e.missing_context_keys.empty();
    if (!show) continue;
    ++shown;
    std::string key = absl::StrCat(ResourceOf(r, i), "\n", iam::DecisionName(e.decision), "\n",
                                   absl::StrJoin(e.missing_context_keys, ","));
    for (const iam::MatchedStatement& m : e.matched) {
      absl::StrAppend(&key, "\n", DescribeStatement(m), "@", m.source.DebugString());
    }
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.key == key; });
    if (it == groups.end()) it = groups.insert(groups.end(), Group{std::move(key), i, {}});
    it->actions.push_back(ActionOf(r, i));
  }
  constexpr size_t kNamed = 5;  // actions named per line; the rest are counted
  for (const Group& g : groups) {
    const EvaluationResult& e = p.results[g.first];
    std::string actions = absl::StrJoin(
        g.actions.begin(), g.actions.begin() + std::min(g.actions.size(), kNamed), ", ");
    if (g.actions.size() > kNamed) {
      absl::StrAppend(&actions, " and ", g.actions.size() - kNamed, " more (", g.actions.size(),
                      " actions)");
    }
    absl::StrAppend(&out, "    ", iam::DecisionName(e.decision), "  ", actions, " on ",
                    ResourceOf(r, g.first), "\n");
    for (const iam::MatchedStatement& m : e.matched) {
      absl::StrAppend(&out, "      ", DescribeStatement(m), "\n");
    }
    if (!e.missing_context_keys.empty()) {
      absl::StrAppend(&out, "      context keys the policies test but the request lacks: ",
                      absl::StrJoin(e.missing_context_keys, ", "), "\n");
    }
  }
  if (p.standing == Standing::kDependsOnContext) {
    absl::StrAppend(
        &out, "    not allowed with any values tried, but not every value could be tried (",
        p.unknown_why, "; ", Plural(p.contexts_tried, "context", "contexts"), " tried)\n");
  }
  if (shown < p.results.size()) {
    absl::StrAppend(&out, "    (",
                    Plural(p.results.size() - shown, "other request", "other requests"),
                    " not allowed)\n");
  }
}

// A denied principal in one line: the first explicit deny, or why its first request is not
// allowed.
void AppendDenied(const WhoCanReport& r, const PrincipalAnswer& p, std::string& out) {
  absl::StrAppend(&out, "  ", Label(p), ": ");
  for (size_t i = 0; i < p.results.size(); ++i) {
    const EvaluationResult& e = p.results[i];
    if (e.decision != Decision::kExplicitDeny || e.matched.empty()) continue;
    absl::StrAppend(&out, "explicitDeny ", ActionOf(r, i), " on ", ResourceOf(r, i), ", ",
                    DescribeStatement(e.matched[0]), "\n");
    return;
  }
  const EvaluationResult& e = p.results[0];
  absl::string_view why =
      !e.allowed_by_organizations         ? "not allowed by every SCP level"
      : !e.allowed_by_permission_boundary ? "not allowed by its permissions boundary"
      : e.resource_policy_silent ? "not allowed by the resource's policy, which must allow it too"
                                 : "no statement allows it";
  if (p.results.size() == 1) {
    absl::StrAppend(&out, "implicitDeny, ", why);
  } else {
    absl::StrAppend(&out, "implicitDeny for all ", p.results.size(), " requests (", ActionOf(r, 0),
                    " on ", ResourceOf(r, 0), ": ", why, ")");
  }
  if (p.searched > 0) {
    absl::StrAppend(&out,
                    "; whatever the values of the keys its policies test that the context "
                    "lacks (",
                    Plural(p.contexts_tried, "context", "contexts"), " tried)");
  }
  out += "\n";
}

// The request that shows `p`'s standing: the first allowed, the one the search allowed, or the
// first whose keys the context lacks.
size_t Witness(const PrincipalAnswer& p) {
  if (p.standing == Standing::kAllowedWithContext) return p.witness_index;
  for (size_t i = 0; i < p.results.size(); ++i) {
    if (p.results[i].decision == Decision::kAllowed) return i;
  }
  for (size_t i = 0; i < p.results.size(); ++i) {
    if (!p.results[i].missing_context_keys.empty()) return i;
  }
  return 0;
}

// The decision that shows `p`'s standing (Witness's request, with the search's context when it
// found one).
const EvaluationResult& WitnessResult(const PrincipalAnswer& p) {
  return p.standing == Standing::kAllowedWithContext ? p.witness_result : p.results[Witness(p)];
}

// The values the search gave the keys the context lacked, as --context takes them; keys it left
// absent are not listed.
std::vector<std::string> SearchedContext(const PrincipalAnswer& p) {
  return iam::FormatContextEntries(p.witness_filled);
}

// An answer allowed only with values for keys the context lacks: the request, those values and
// the statements that allow it.
void AppendAllowedWithContext(const WhoCanReport& r, const PrincipalAnswer& p, std::string& out) {
  absl::StrAppend(&out, "  ", Heading(p), "\n");
  std::vector<std::string> context = SearchedContext(p);
  absl::StrAppend(&out, "    allowed  ", ActionOf(r, p.witness_index), " on ",
                  ResourceOf(r, p.witness_index), " with ",
                  context.empty() ? "those keys absent" : absl::StrJoin(context, " "), "\n");
  for (const iam::MatchedStatement& m : p.witness_result.matched) {
    absl::StrAppend(&out, "      ", DescribeStatement(m), "\n");
  }
  absl::StrAppend(&out, "      (not allowed with the context given; found among ",
                  Plural(p.contexts_tried, "context", "contexts"), " tried)\n");
}

nlohmann::ordered_json ResultJson(const WhoCanReport& r, size_t i, const EvaluationResult& e) {
  nlohmann::ordered_json matched = nlohmann::ordered_json::array();
  for (const iam::MatchedStatement& m : e.matched) {
    matched.push_back({{"policy", m.policy},
                       {"policyType", iam::PolicyTypeName(m.policy_type)},
                       {"origin", iam::PolicyOriginName(m.origin)},
                       {"sid", m.sid ? nlohmann::ordered_json(*m.sid) : nullptr},
                       {"index", m.index},
                       {"effect", m.effect == iam::Effect::kAllow ? "Allow" : "Deny"},
                       {"source", m.source.DebugString()}});
  }
  return {{"action", ActionOf(r, i)},
          {"resource", ResourceOf(r, i)},
          {"decision", iam::DecisionName(e.decision)},
          {"matchedStatements", matched},
          {"missingContextKeys", e.missing_context_keys}};
}

// What the search over the keys the context lacks found, for a principal it ran for.
nlohmann::ordered_json SearchJson(const WhoCanReport& r, const PrincipalAnswer& p) {
  nlohmann::ordered_json j = {{"requests", p.searched}, {"contextsTried", p.contexts_tried}};
  if (p.standing == Standing::kAllowedWithContext) {
    nlohmann::ordered_json w = ResultJson(r, p.witness_index, p.witness_result);
    w["context"] = SearchedContext(p);
    j["witness"] = w;
  }
  if (p.standing == Standing::kDependsOnContext) j["incomplete"] = p.unknown_why;
  return j;
}

nlohmann::ordered_json WitnessJson(const WhoCanReport& r, const PrincipalAnswer& p) {
  size_t i = Witness(p);
  nlohmann::ordered_json j = {{"kind", p.kind()}, {"name", p.name()}, {"arn", p.arn()}};
  j["request"] = ResultJson(r, i, WitnessResult(p));
  if (p.standing == Standing::kAllowedWithContext) j["request"]["context"] = SearchedContext(p);
  if (p.standing == Standing::kDependsOnContext) j["incomplete"] = p.unknown_why;
  return j;
}

}  // namespace

OnlyClaimResult CheckOnly(const iam::WhoCanAnswer& answer, const OnlyClaim& claim) {
  OnlyClaimResult result;
  for (const PrincipalAnswer& p : answer.principals) {
    if (std::find(claim.arns.begin(), claim.arns.end(), p.arn()) != claim.arns.end()) continue;
    if (p.standing == Standing::kAllowed || p.standing == Standing::kAllowedWithContext) {
      result.violations.push_back(&p);
    }
    if (p.standing == Standing::kDependsOnContext) result.unknowns.push_back(&p);
  }
  result.verdict = !result.violations.empty() ? Verdict::kViolated
                   : !result.unknowns.empty() ? Verdict::kUnknown
                                              : Verdict::kHolds;
  return result;
}

std::vector<ClaimOutcome> WhoCanOutcomes(const WhoCanReport& r) {
  if (!r.only) return {};
  OnlyClaimResult result = CheckOnly(*r.answer, *r.only);
  ClaimOutcome c{"only",
                 absl::StrCat("only ", absl::StrJoin(r.only->given, ", "), " can ",
                              ActionsPhrase(r), " on ", ResourcesPhrase(r)),
                 result.verdict,
                 {},
                 {}};
  for (const PrincipalAnswer* p : result.violations) {
    size_t i = Witness(*p);
    std::string how =
        absl::StrCat(Label(*p), " is allowed ", ActionOf(r, i), " on ", ResourceOf(r, i));
    if (p->standing == Standing::kAllowedWithContext) {
      absl::StrAppend(&how, " with ", absl::StrJoin(SearchedContext(*p), " "));
    }
    SourceRef at;
    const EvaluationResult& e = WitnessResult(*p);
    if (!e.matched.empty()) {
      absl::StrAppend(&how, ": ", DescribeStatement(e.matched[0]));
      at = e.matched[0].source;
    }
    c.violations.push_back({how, at, 0});
  }
  for (const PrincipalAnswer* p : result.unknowns) {
    c.unknowns.push_back({absl::StrCat(Label(*p), ": ", p->unknown_why), {}, 0});
  }
  return {c};
}

std::string RenderWhoCanText(const WhoCanReport& r) {
  const iam::WhoCanAnswer& a = *r.answer;
  const Counts n = CountOf(a);
  const size_t requests = r.query->actions.size() * r.query->resources.size();
  std::string out = absl::StrCat("who can ", ActionsPhrase(r), " on ", ResourcesPhrase(r), "\n");
  absl::StrAppend(&out, "  account ", r.account_id, ": ", Plural(n.users, "user", "users"), " and ",
                  Plural(n.roles, "role", "roles"));
  if (n.outside > 0) {
    absl::StrAppend(&out, ", and ", Plural(n.outside, "caller", "callers"),
                    " from outside it that the resource policy may let in");
  }
  absl::StrAppend(&out, ", ", Plural(requests, "request", "requests"), " each (",
                  Plural(requests * a.principals.size(), "decision", "decisions"), ")\n");
  absl::StrAppend(&out, "  policies: each principal's identity policies and permissions boundary");
  for (const std::string& s : r.shared_policies) absl::StrAppend(&out, "; ", s);
  if (r.shared_policies.empty()) out += "; no SCP or resource policy given";
  out += "\n";
  if (!r.query->context.context.empty()) {
    std::vector<std::string> keys;
    for (const auto& [lower, v] : r.query->context.context) keys.push_back(v.key);
    std::sort(keys.begin(), keys.end());
    absl::StrAppend(&out, "  context given: ", absl::StrJoin(keys, ", "), "\n");
  }
  const Standing order[] = {Standing::kAllowed, Standing::kAllowedWithContext,
                            Standing::kDependsOnContext, Standing::kDenied};
  const char* titles[] = {"allowed", "allowed with other values of keys the context lacks",
                          "depends on context (unknown)", "denied"};
  for (int k = 0; k < 4; ++k) {
    size_t n = std::count_if(a.principals.begin(), a.principals.end(),
                             [&](const PrincipalAnswer& p) { return p.standing == order[k]; });
    if (n == 0) continue;
    absl::StrAppend(&out, "\n", titles[k], " (", n, "):\n");
    for (const PrincipalAnswer& p : a.principals) {
      if (p.standing != order[k]) continue;
      if (order[k] == Standing::kDenied) {
        AppendDenied(r, p, out);
      } else if (order[k] == Standing::kAllowedWithContext) {
        AppendAllowedWithContext(r, p, out);
      } else {
        AppendPrincipal(r, p, out);
      }
    }
  }
  if (!r.only) return out;
  OnlyClaimResult c = CheckOnly(a, *r.only);
  absl::StrAppend(&out, "\nclaim: only ", absl::StrJoin(r.only->given, ", "),
                  " can: ", VerdictName(c.verdict), "\n");
  for (const PrincipalAnswer* p : c.violations) {
    size_t i = Witness(*p);
    absl::StrAppend(&out, "  ", Label(*p), " is allowed ", ActionOf(r, i), " on ",
                    ResourceOf(r, i));
    if (p->standing == Standing::kAllowedWithContext) {
      std::vector<std::string> context = SearchedContext(*p);
      absl::StrAppend(&out, " with ",
                      context.empty() ? "those keys absent" : absl::StrJoin(context, " "));
    }
    out += "\n";
    for (const iam::MatchedStatement& m : WitnessResult(*p).matched) {
      absl::StrAppend(&out, "    ", DescribeStatement(m), "\n      at ", m.source.DebugString(),
                      "\n");
    }
  }
  for (const PrincipalAnswer* p : c.unknowns) {
    size_t i = Witness(*p);
    absl::StrAppend(&out, "  ", Label(*p), " is not allowed ", ActionOf(r, i), " on ",
                    ResourceOf(r, i), " with the context given, but its policies test ",
                    absl::StrJoin(p->results[i].missing_context_keys, ", "),
                    ", which the context lacks, and not every value could be tried (",
                    p->unknown_why, "): give them with --context\n");
  }
  return out;
}

std::string RenderWhoCanJson(const WhoCanReport& r) {
  const iam::WhoCanAnswer& a = *r.answer;
  nlohmann::ordered_json j;
  j["actions"] = r.query->actions;
  if (!r.actions_given.empty()) j["actionsGiven"] = r.actions_given;
  j["resources"] = r.query->resources;
  j["account"] = r.account_id;
  const Counts n = CountOf(a);
  const size_t requests = r.query->actions.size() * r.query->resources.size();
  j["scale"] = {{"users", n.users},
                {"roles", n.roles},
                {"requests", requests},
                {"decisions", requests * a.principals.size()}};
  if (n.outside > 0) j["scale"]["outside"] = n.outside;
  j["sharedPolicies"] = r.shared_policies;
  nlohmann::ordered_json principals = nlohmann::ordered_json::array();
  for (const PrincipalAnswer& p : a.principals) {
    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    for (size_t i = 0; i < p.results.size(); ++i) results.push_back(ResultJson(r, i, p.results[i]));
    nlohmann::ordered_json principal = {{"kind", p.kind()},
                                        {"name", p.name()},
                                        {"arn", p.arn()},
                                        {"standing", iam::StandingName(p.standing)},
                                        {"requests", results}};
    if (p.searched > 0) principal["search"] = SearchJson(r, p);
    principals.push_back(std::move(principal));
  }
  j["principals"] = principals;
  if (r.only) {
    OnlyClaimResult c = CheckOnly(a, *r.only);
    nlohmann::ordered_json violations = nlohmann::ordered_json::array();
    nlohmann::ordered_json unknowns = nlohmann::ordered_json::array();
    for (const PrincipalAnswer* p : c.violations) violations.push_back(WitnessJson(r, *p));
    for (const PrincipalAnswer* p : c.unknowns) unknowns.push_back(WitnessJson(r, *p));
    j["claim"] = {{"only", r.only->given},
                  {"principals", r.only->arns},
                  {"verdict", VerdictName(c.verdict)},
                  {"violations", violations},
                  {"unknowns", unknowns}};
  }
  return j.dump(2) + "\n";
}

}  // namespace vouch::proofs
