// Text, JSON-lines and AWS-simulator renderings of simulation answers (see simulation_report.h).
#include "proofs/simulation_report.h"

#include <cassert>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace vouch::proofs {
namespace {

// The index of the first character of `text` from `i` on that JSON must escape (a control
// character, `"` or `\`), or text.size(). With SSE2, 16 bytes at a time.
size_t NextToEscape(absl::string_view text, size_t i) {
#if defined(__SSE2__)
  const __m128i control = _mm_set1_epi8(0x1f), quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; i + 16 <= text.size(); i += 16) {
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    __m128i escape = _mm_or_si128(
        _mm_cmpeq_epi8(_mm_min_epu8(c, control), c),  // c <= 0x1f, unsigned
        _mm_or_si128(_mm_cmpeq_epi8(c, quote), _mm_cmpeq_epi8(c, backslash)));
    if (int mask = _mm_movemask_epi8(escape)) return i + __builtin_ctz(mask);
  }
#endif
  for (; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == '"' || c == '\\') return i;
  }
  return text.size();
}

void AppendQuoted(absl::string_view text, std::string& out) {
  out.push_back('"');
  // Most text needs no escape: copy the runs between the characters that do.
  size_t i = 0;
  while (i < text.size()) {
    size_t run = NextToEscape(text, i);
    out.append(text.data() + i, run - i);
    if (run == text.size()) break;
    unsigned char c = static_cast<unsigned char>(text[run]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: absl::StrAppendFormat(&out, "\\u%04x", c);
    }
    i = run + 1;
  }
  out.push_back('"');
}

absl::string_view EffectName(iam::Effect e) { return e == iam::Effect::kAllow ? "Allow" : "Deny"; }

// The simulator's SourcePolicyType: who an identity policy belongs to, "resource", or "none".
std::string AwsSourcePolicyType(const iam::MatchedStatement& m) {
  if (m.policy_type == iam::PolicyType::kResource) return "resource";
  if (m.policy_type != iam::PolicyType::kIdentity) return "none";
  return std::string(iam::PolicyOriginName(m.origin));
}

void AppendHead(absl::string_view id_json, absl::string_view action, absl::string_view resource,
                std::string& out) {
  out += "{";
  if (!id_json.empty()) absl::StrAppend(&out, "\"id\":", id_json, ",");
  out += "\"action\":";
  AppendQuoted(action, out);
  out += ",\"resource\":";
  AppendQuoted(resource, out);
}

std::string RenderJson(const std::vector<SimulationAnswer>& answers) {
  std::string out;
  for (const SimulationAnswer& a : answers) AppendJsonAnswer(a, out);
  return out;
}

nlohmann::ordered_json AwsStatements(const AwsAnswerDetail& detail) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const AwsStatement& m : detail.matched) {
    nlohmann::ordered_json s = {{"SourcePolicyId", m.source_policy_id},
                                {"SourcePolicyType", m.source_policy_type}};
    if (m.start && m.end) {
      s["StartPosition"] = {{"Line", m.start->line}, {"Column", m.start->column}};
      s["EndPosition"] = {{"Line", m.end->line}, {"Column", m.end->column}};
    }
    out.push_back(std::move(s));
  }
  return out;
}

nlohmann::ordered_json BoundaryDetail(const SimulationAnswer& a) {
  return {{"AllowedByPermissionsBoundary", a.result.allowed_by_permission_boundary}};
}

// One EvaluationResult, its members in the API reference's order.
nlohmann::ordered_json AwsResult(const SimulationAnswer& a, const AwsAnswerDetail& d) {
  bool one_resource = a.resource != "*";
  nlohmann::ordered_json missing = a.result.missing_context_keys;
  nlohmann::ordered_json r = {
      {"EvalActionName", a.action},
      {"EvalResourceName", a.resource},
      {"EvalDecision", iam::DecisionName(a.result.decision)},
      {"MatchedStatements", AwsStatements(d)},
      {"MissingContextValues", one_resource ? nlohmann::ordered_json::array() : missing},
  };
  if (d.organizations) {
    r["OrganizationsDecisionDetail"] = {{"AllowedByOrganizations", a.result.allowed_by_organizations}};
  }
  if (d.permissions_boundary) r["PermissionsBoundaryDecisionDetail"] = BoundaryDetail(a);
  if (!one_resource) return r;
  // The API reference: present but empty for a same-account resource; absent when an SCP
  // denied ("the simulation ends") and, since it does not list the keys, across accounts.
  if (!d.cross_account && a.result.allowed_by_organizations) {
    r["EvalDecisionDetails"] = nlohmann::ordered_json::object();
  }
  nlohmann::ordered_json specific = {
      {"EvalResourceName", a.resource},
      {"EvalResourceDecision", iam::DecisionName(a.result.decision)},
      {"MatchedStatements", AwsStatements(d)},
      {"MissingContextValues", missing},
  };
  if (d.permissions_boundary) specific["PermissionsBoundaryDecisionDetail"] = BoundaryDetail(a);
  r["ResourceSpecificResults"] = nlohmann::ordered_json::array({specific});
  return r;
}

void AppendTextAnswer(const SimulationAnswer& a, std::string& out) {
  absl::StrAppendFormat(&out, "%-13s %s on %s\n", iam::DecisionName(a.result.decision), a.action,
                        a.resource);
  for (const iam::MatchedStatement& m : a.result.matched) {
    absl::StrAppend(&out, "    ", DescribeStatement(m), "\n      at ", m.source.DebugString(),
                    "\n");
  }
  if (a.result.decision == iam::Decision::kImplicitDeny) {
    if (!a.result.allowed_by_organizations) {
      out += "    not allowed by every SCP/RCP level of the organization\n";
    } else if (!a.result.allowed_by_permission_boundary) {
      out += "    not allowed by the permissions boundary\n";
    } else if (a.result.resource_policy_silent) {
      out +=
          "    an identity policy allows it, but the resource's policy (a role's trust policy, "
          "a KMS key policy) must allow it too, and none of its statements does\n";
    } else {
      out += "    no statement allows it\n";
    }
  }
  if (!a.result.missing_context_keys.empty()) {
    absl::StrAppend(&out, "    context keys the policies test but the request lacks: ",
                    absl::StrJoin(a.result.missing_context_keys, ", "), "\n");
  }
  if (a.search == nullptr) return;
  const iam::ContextSearch& s = *a.search;
  std::string tried =
      absl::StrCat(s.contexts_tried, s.contexts_tried == 1 ? " context" : " contexts", " tried");
  switch (s.outcome) {
    case iam::ContextSearch::Outcome::kAllowed: {
      std::vector<std::string> entries = iam::FormatContextEntries(s.filled);
      absl::StrAppend(&out, "    allowed with ",
                      entries.empty() ? "those keys absent" : absl::StrJoin(entries, " "), " (",
                      tried, ")\n");
      for (const iam::MatchedStatement& m : s.result.matched) {
        absl::StrAppend(&out, "      ", DescribeStatement(m), "\n");
      }
      break;
    }
    case iam::ContextSearch::Outcome::kNeverAllowed:
      absl::StrAppend(&out, "    no values of those keys allow it (", tried, ")\n");
      break;
    case iam::ContextSearch::Outcome::kIncomplete:
      absl::StrAppend(&out, "    no values tried allow it, but not every value could be tried (",
                      s.why, "; ", tried, ")\n");
      break;
  }
}

}  // namespace

std::string DescribeStatement(const iam::MatchedStatement& m) {
  // An identity policy by where it is attached, when it is (a policy file given on its own is
  // "identity").
  absl::string_view origin =
      m.policy_type == iam::PolicyType::kIdentity && m.origin != iam::PolicyOrigin::kNone
          ? iam::PolicyOriginName(m.origin)
          : iam::PolicyTypeName(m.policy_type);
  std::string out =
      absl::StrCat(EffectName(m.effect), " by ", m.policy, " (", origin, "), statement ", m.index);
  if (m.sid && !m.sid->empty()) absl::StrAppend(&out, " \"", *m.sid, "\"");
  return out;
}

absl::StatusOr<SimulationFormat> ParseSimulationFormat(absl::string_view name) {
  if (name == "text") return SimulationFormat::kText;
  if (name == "json") return SimulationFormat::kJson;
  if (name == "aws") return SimulationFormat::kAws;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown format `", name, "` (expected text, json or aws)"));
}

std::string JsonQuote(absl::string_view text) {
  std::string out;
  AppendQuoted(text, out);
  return out;
}

void AppendJsonAnswer(const SimulationAnswer& a, std::string& out) {
  AppendHead(a.id_json, a.action, a.resource, out);
  absl::StrAppend(&out, ",\"decision\":\"", iam::DecisionName(a.result.decision),
                  "\",\"matchedStatements\":[");
  bool first = true;
  for (const iam::MatchedStatement& m : a.result.matched) {
    if (!first) out.push_back(',');
    first = false;
    out += "{\"policy\":";
    AppendQuoted(m.policy, out);
    absl::StrAppend(&out, ",\"policyType\":\"", iam::PolicyTypeName(m.policy_type), "\",\"sid\":");
    if (m.sid) {
      AppendQuoted(*m.sid, out);
    } else {
      out += "null";
    }
    absl::StrAppend(&out, ",\"index\":", m.index, ",\"effect\":\"", EffectName(m.effect), "\"}");
  }
  out += "],\"missingContextKeys\":[";
  first = true;
  for (const std::string& key : a.result.missing_context_keys) {
    if (!first) out.push_back(',');
    first = false;
    AppendQuoted(key, out);
  }
  out += "]";
  if (a.search != nullptr) {
    const iam::ContextSearch& s = *a.search;
    absl::StrAppend(&out, ",\"contextSearch\":{\"outcome\":\"",
                    iam::ContextSearchOutcomeName(s.outcome),
                    "\",\"contextsTried\":", s.contexts_tried, ",\"context\":[");
    first = true;
    for (const iam::ContextValue& v : s.filled) {
      if (!first) out.push_back(',');
      first = false;
      AppendQuoted(iam::FormatContextEntry(v), out);
    }
    out += "]";
    if (s.outcome == iam::ContextSearch::Outcome::kIncomplete) {
      out += ",\"why\":";
      AppendQuoted(s.why, out);
    }
    out += "}";
  }
  out += "}\n";
}

void AppendJsonError(absl::string_view id_json, absl::string_view action,
                     absl::string_view resource, const absl::Status& error, std::string& out) {
  AppendHead(id_json, action, resource, out);
  out += ",\"error\":";
  AppendQuoted(error.message(), out);
  absl::string_view kind = error.code() == absl::StatusCode::kInvalidArgument ? "invalidInput"
                           : error.code() == absl::StatusCode::kUnimplemented ? "unsupported"
                                                                              : "internal";
  absl::StrAppend(&out, ",\"errorKind\":\"", kind, "\"}\n");
}

AwsAnswerDetail DefaultAwsDetail(const SimulationAnswer& answer) {
  AwsAnswerDetail d;
  for (const iam::MatchedStatement& m : answer.result.matched) {
    d.matched.push_back({m.policy, AwsSourcePolicyType(m), std::nullopt, std::nullopt});
  }
  d.organizations = !answer.result.allowed_by_organizations;
  d.permissions_boundary = !answer.result.allowed_by_permission_boundary;
  return d;
}

std::string RenderAwsResponse(const std::vector<SimulationAnswer>& answers,
                              const std::vector<AwsAnswerDetail>& details) {
  assert(details.size() == answers.size());
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (size_t i = 0; i < answers.size(); ++i) results.push_back(AwsResult(answers[i], details[i]));
  return nlohmann::ordered_json({{"EvaluationResults", results}}).dump(4) + "\n";
}

std::string RenderSimulation(const std::vector<SimulationAnswer>& answers,
                             SimulationFormat format) {
  std::vector<AwsAnswerDetail> details;
  switch (format) {
    case SimulationFormat::kJson: return RenderJson(answers);
    case SimulationFormat::kAws:
      for (const SimulationAnswer& a : answers) details.push_back(DefaultAwsDetail(a));
      return RenderAwsResponse(answers, details);
    case SimulationFormat::kText: break;
  }
  std::string out;
  for (const SimulationAnswer& a : answers) AppendTextAnswer(a, out);
  return out;
}

}  // namespace vouch::proofs
