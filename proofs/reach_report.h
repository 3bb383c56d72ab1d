// Rendering `vouch reach` answers: JSON for machines, text for people.
//
// The JSON shape (stable; tests and scripts read it):
//   {"verdict": "reachable" | "unreachable" | "unknown",
//    "question": {"from": ..., "to": ..., "protocol": ..., "ports": ...},
//    "witness": {"packet": {"src", "dst", "protocol", "srcPort", "dstPort"[, "icmpType",
//                           "icmpCode"]},
//                "from": ..., "to": ..., "forwardPath": [hop...], "returnPath": [hop...]},
//    "blocking": [{"code", "component": {"id", "kind", "name"}, "direction", "rule", "source",
//                  "detail"}],
//    "unknownReasons": [...],
//    "scale": {"interfaces", "subnets", "routeTables", "pairs", "solverCalls", "loadMs",
//              "solveMs"}}
// Each hop: {"component": {"id", "kind", "name"}, "direction", "action", "packet", and the
// "rule" ({"ruleNumber", "egress", "peer", "source"}) or "route" ({"destination", "target",
// "targetKind", "source"}) that admitted the packet}.
#ifndef VOUCH_PROOFS_REACH_REPORT_H_
#define VOUCH_PROOFS_REACH_REPORT_H_

#include <optional>
#include <string>

#include "engine/eval/net_trace.h"
#include "engine/smt/net_reach.h"

namespace vouch::proofs {

struct ReachQuestion {
  std::string from, to;    // as the user wrote them
  std::string protocol;    // "tcp", "udp", "icmp", "all"
  std::string ports;       // "3389", "1024-2048", "" for all
};

struct ReachScale {
  int interfaces = 0, subnets = 0, route_tables = 0;
  double load_ms = 0, solve_ms = 0;
};

struct ReachReport {
  ReachQuestion question;
  smt::ReachAnswer answer;
  std::optional<net::PacketTrace> path;  // the replayed witness, when reachable
  ReachScale scale;
  std::string self_check;  // "" when not run, else a one-line summary
};

std::string ReachReportJson(const ReachReport& report);
std::string ReachReportText(const ReachReport& report);

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_REACH_REPORT_H_
