// Text, JSON-lines and AWS-simulator renderings of simulation answers (see simulation_report.h).
#include "proofs/simulation_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace vouch::proofs {
namespace {

void AppendQuoted(absl::string_view text, std::string& out) {
  out.push_back('"');
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          out.push_back(ch);
        }
    }
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

std::string RenderAws(const std::vector<SimulationAnswer>& answers) {
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const SimulationAnswer& a : answers) {
    nlohmann::ordered_json matched = nlohmann::ordered_json::array();
    for (const iam::MatchedStatement& m : a.result.matched) {
      matched.push_back({{"SourcePolicyId", m.policy}, {"SourcePolicyType", AwsSourcePolicyType(m)}});
    }
    results.push_back({
        {"EvalActionName", a.action},
        {"EvalResourceName", a.resource},
        {"EvalDecision", iam::DecisionName(a.result.decision)},
        {"MatchedStatements", matched},
        {"MissingContextValues", a.result.missing_context_keys},
        {"OrganizationsDecisionDetail", {{"AllowedByOrganizations", a.result.allowed_by_organizations}}},
        {"PermissionsBoundaryDecisionDetail",
         {{"AllowedByPermissionsBoundary", a.result.allowed_by_permission_boundary}}},
    });
  }
  nlohmann::ordered_json response = {{"EvaluationResults", results}, {"IsTruncated", false}};
  return response.dump(4) + "\n";
}

void AppendTextAnswer(const SimulationAnswer& a, std::string& out) {
  absl::StrAppendFormat(&out, "%-13s %s on %s\n", iam::DecisionName(a.result.decision), a.action,
                        a.resource);
  for (const iam::MatchedStatement& m : a.result.matched) {
    std::string origin = m.policy_type == iam::PolicyType::kIdentity
                             ? std::string(iam::PolicyOriginName(m.origin))
                             : std::string(iam::PolicyTypeName(m.policy_type));
    absl::StrAppend(&out, "    ", EffectName(m.effect), " by ", m.policy, " (", origin,
                    "), statement ", m.index);
    if (m.sid && !m.sid->empty()) absl::StrAppend(&out, " \"", *m.sid, "\"");
    absl::StrAppend(&out, "\n      at ", m.source.DebugString(), "\n");
  }
  if (a.result.decision == iam::Decision::kImplicitDeny) {
    if (!a.result.allowed_by_organizations) {
      out += "    not allowed by every SCP/RCP level of the organization\n";
    } else if (!a.result.allowed_by_permission_boundary) {
      out += "    not allowed by the permissions boundary\n";
    } else {
      out += "    no statement allows it\n";
    }
  }
  if (!a.result.missing_context_keys.empty()) {
    absl::StrAppend(&out, "    context keys the policies test but the request lacks: ",
                    absl::StrJoin(a.result.missing_context_keys, ", "), "\n");
  }
}

}  // namespace

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
  out += "]}\n";
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

std::string RenderSimulation(const std::vector<SimulationAnswer>& answers,
                             SimulationFormat format) {
  switch (format) {
    case SimulationFormat::kJson: return RenderJson(answers);
    case SimulationFormat::kAws: return RenderAws(answers);
    case SimulationFormat::kText: break;
  }
  std::string out;
  for (const SimulationAnswer& a : answers) AppendTextAnswer(a, out);
  return out;
}

}  // namespace vouch::proofs
