// `vouch reach` answers as JSON and as text.
#include "proofs/reach_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "proofs/reach_json.h"
#include "proofs/witness_check.h"

namespace vouch::proofs {

nlohmann::json ReachReportToJson(const ReachReport& r) {
  const smt::ReachAnswer& a = r.answer;
  nlohmann::json j;
  j["verdict"] = smt::ReachVerdictName(a.verdict);
  j["question"] = {{"from", r.question.from}, {"to", r.question.to},
                   {"protocol", r.question.protocol},
                   {"ports", r.question.ports.empty() ? "all" : r.question.ports}};
  if (a.witness.has_value() && r.path.has_value()) {
    nlohmann::json forward = nlohmann::json::array(), back = nlohmann::json::array();
    for (const net::Hop& h : r.path->forward) forward.push_back(HopToJson(h));
    for (const net::Hop& h : r.path->reply) back.push_back(HopToJson(h));
    j["witness"] = {{"packet", PacketToJson(*a.witness)},
                    {"from", EndpointText(a.src)},
                    {"to", EndpointText(a.dst)},
                    {"forwardPath", forward},
                    {"returnPath", back}};
  } else {
    j["witness"] = nullptr;
  }
  j["blocking"] = nlohmann::json::array();
  for (const net::Hop& h : a.blocking) j["blocking"].push_back(BlockerToJson(h));
  if (!a.unknown_reasons.empty()) j["unknownReasons"] = a.unknown_reasons;
  j["scale"] = {{"interfaces", r.scale.interfaces}, {"subnets", r.scale.subnets},
                {"routeTables", r.scale.route_tables}, {"pairs", a.pairs},
                {"solverCalls", a.solver_calls}, {"loadMs", r.scale.load_ms},
                {"solveMs", r.scale.solve_ms}};
  if (!r.self_check.empty()) j["selfCheck"] = r.self_check;
  return j;
}

std::string ReachReportJson(const ReachReport& r) { return ReachReportToJson(r).dump(2) + "\n"; }

std::string ReachReportText(const ReachReport& r) {
  const smt::ReachAnswer& a = r.answer;
  std::string ports = r.question.ports.empty() ? "" : absl::StrCat(" port ", r.question.ports);
  std::string out = absl::StrCat(smt::ReachVerdictName(a.verdict), ": ", r.question.from, " -> ",
                                 r.question.to, " (", r.question.protocol, ports, ")\n");
  if (a.witness.has_value() && r.path.has_value()) {
    absl::StrAppend(&out, "witness: ", a.witness->DebugString(), " (from ", EndpointText(a.src),
                    " to ", EndpointText(a.dst), ", replayed by the concrete evaluator)\n");
    absl::StrAppend(&out, r.path->DebugString());
    if (out.back() != '\n') out += "\n";
  }
  if (!a.blocking.empty()) {
    absl::StrAppend(&out, "blocked by (each stops every packet of the question):\n");
    for (const net::Hop& h : a.blocking) {
      absl::StrAppend(&out, "  ", h.explanation_code, " ", h.component_kind);
      if (!h.component_id.empty()) absl::StrAppend(&out, " ", h.component_id);
      if (!h.direction.empty()) absl::StrAppend(&out, " ", h.direction);
      absl::StrAppend(&out, ": ", h.detail);
      if (h.rule.has_value()) {
        absl::StrAppend(&out, " (rule ", h.rule->rule_number, ", ", h.rule->source.DebugString(), ")");
      } else if (h.route.has_value()) {
        absl::StrAppend(&out, " (route ", h.route->destination.ToString(), ", ",
                        h.route->source.DebugString(), ")");
      }
      out += "\n";
    }
  }
  for (const std::string& reason : a.unknown_reasons) absl::StrAppend(&out, "unknown because ", reason, "\n");
  if (!r.self_check.empty()) absl::StrAppend(&out, "self-check: ", r.self_check, "\n");
  absl::StrAppend(&out, absl::StrFormat("(%d interfaces, %d pair(s), %d solver call(s), load %.1f ms, solve %.1f ms)\n",
                                        r.scale.interfaces, a.pairs, a.solver_calls,
                                        r.scale.load_ms, r.scale.solve_ms));
  return out;
}

}  // namespace vouch::proofs
