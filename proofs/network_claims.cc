// Claims about what can reach what (see network_claims.h).
#include "proofs/network_claims.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "models/base/status_macros.h"
#include "nlohmann/json.hpp"
#include "proofs/reach_endpoints.h"
#include "proofs/reach_json.h"
#include "proofs/witness_check.h"

namespace vouch::proofs {
namespace {

bool HasPorts(int protocol) { return protocol == 6 || protocol == 17; }

// "tcp port 3389", "tcp ports 0-1023", "udp", "icmp or icmpv6", "any protocol".
std::string SpaceText(const smt::HeaderSpace& h) {
  if (!h.protocol) return "any protocol";
  if (*h.protocol == 1) return "icmp or icmpv6";
  std::string out = ProtocolName(*h.protocol);
  if (HasPorts(*h.protocol) && !(h.dst_ports.from == 0 && h.dst_ports.to == 65535)) {
    absl::StrAppend(&out, h.dst_ports.from == h.dst_ports.to ? " port " : " ports ",
                    PortsText(h.dst_ports, 65535));
  }
  return out;
}

// "no internet source reaches tcp port 3389 of any interface".
std::string ClosedDescription(const ExposureClaim& claim) {
  const std::string who = claim.from == "internet"
                              ? "no internet source"
                              : absl::StrCat("no internet source in ", claim.from);
  return absl::StrCat(who, " reaches ", SpaceText(claim.spec.space), " of any interface");
}

// The part of `s` inside `spec`, or nullopt when they do not overlap.
std::optional<smt::ExposedService> Overlap(const smt::ExposedService& s, const ClosedSpec& spec) {
  const smt::HeaderSpace& h = spec.space;
  if (!h.protocol) return s;
  // `icmp` is the family's ICMP: ICMPv6 (58) for IPv6 sources.
  const int protocol = *h.protocol == 1 && s.witness.src.family == IpFamily::kV6 ? 58 : *h.protocol;
  if (s.other || s.protocol != protocol) return std::nullopt;
  if (!HasPorts(s.protocol)) return s;
  smt::ExposedService part = s;
  part.ports.from = std::max(s.ports.from, h.dst_ports.from);
  part.ports.to = std::min(s.ports.to, h.dst_ports.to);
  if (part.ports.from > part.ports.to) return std::nullopt;
  // Every port of an exposed range is treated alike (exposure.h), so any port of the overlap
  // gets in from the same sources; the witness takes its first.
  part.witness.dst_port = part.ports.from;
  return part;
}

// The hop that let the packet into the interface: its security group permission, else the
// first rule of the forward path.
std::optional<net::Hop> AdmittedBy(const net::PacketTrace& path) {
  for (const net::Hop& h : path.forward) {
    if (h.rule && h.component_kind == "security-group" && h.direction == "ingress") return h;
  }
  for (const net::Hop& h : path.forward) {
    if (h.rule) return h;
  }
  return std::nullopt;
}

// "security-group sg-1 (WebserverSG) ingress rule for 0.0.0.0/0" or "network-acl acl-1 ingress
// rule 100 for 0.0.0.0/0". A security group rule is not numbered: its place in the group is a
// place in the file that says so only for a describe-security-groups response (a rule that a
// Terraform plan adds has none), and the location printed after it names it exactly.
std::string RuleText(const net::Hop& h) {
  std::string out = absl::StrCat(h.component_kind, " ", h.component_id);
  if (!h.name.empty()) absl::StrAppend(&out, " (", h.name, ")");
  absl::StrAppend(&out, " ", h.direction, " rule");
  if (h.rule->kind == "network-acl") absl::StrAppend(&out, " ", h.rule->rule_number);
  if (!h.rule->peer.empty()) absl::StrAppend(&out, " for ", h.rule->peer);
  return out;
}

std::string InterfaceText(const Breach& b) {
  std::string out = b.network_interface_id;
  if (!b.instance_id.empty()) absl::StrAppend(&out, " (", b.instance_id, ")");
  if (!b.name.empty()) absl::StrAppend(&out, " \"", b.name, "\"");
  return out;
}

// One line: the interface, what gets in, the witness and the rule that let it in.
std::string BreachText(const Breach& b) {
  std::string out = absl::StrCat(InterfaceText(b), ": ", b.service, "; witness ",
                                 b.witness.DebugString(), " (replayed)");
  if (b.admitted_by) absl::StrAppend(&out, ", let in by ", RuleText(*b.admitted_by));
  return out;
}

SourceRef BreachSource(const Breach& b) {
  return b.admitted_by ? b.admitted_by->rule->source : SourceRef{};
}

}  // namespace

absl::StatusOr<ClosedSpec> ParseClosedSpec(absl::string_view text) {
  auto error = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("`--closed ", text,
                     "`: expected tcp[:PORTS], udp[:PORTS], icmp or all, where PORTS is N or N-M "
                     "with 0 <= N <= M <= 65535"));
  };
  std::vector<absl::string_view> parts = absl::StrSplit(text, absl::MaxSplits(':', 1));
  const absl::string_view protocol = parts[0];
  if (protocol != "tcp" && protocol != "udp" && protocol != "icmp" && protocol != "all") {
    return error();
  }
  if (parts.size() == 2 && (parts[1].empty() || (protocol != "tcp" && protocol != "udp"))) {
    return error();
  }
  absl::StatusOr<smt::HeaderSpace> space =
      ParseHeaderSpace(protocol, parts.size() == 2 ? parts[1] : "");
  if (!space.ok()) return error();
  return ClosedSpec{std::string(text), *space};
}

std::vector<ClosedSpec> AdminPortSpecs() {
  return {*ParseClosedSpec("tcp:22"), *ParseClosedSpec("tcp:3389")};
}

absl::StatusOr<std::vector<ExposureClaim>> CheckClosed(const net::LoweredNetwork& network,
                                                       const ExposureReport& report,
                                                       const std::vector<ClosedSpec>& specs) {
  std::vector<ExposureClaim> out;
  for (const ClosedSpec& spec : specs) {
    ExposureClaim& claim = out.emplace_back();
    claim.spec = spec;
    claim.from = report.from;
    for (const smt::ExposedInterface& e : report.result.exposed) {
      for (const smt::ExposedService& s : e.services) {
        std::optional<smt::ExposedService> part = Overlap(s, spec);
        if (!part) continue;
        Breach& b = claim.breaches.emplace_back();
        b.network_interface_id = e.network_interface_id;
        b.instance_id = e.instance_id;
        b.name = e.name;
        b.service = ServiceSummary(*part, report);
        b.witness = part->witness;
        VOUCH_ASSIGN_OR_RETURN(
            b.path, ReplayWitness(network, net::Endpoint{"", b.witness.src},
                                  net::Endpoint{e.network_interface_id, std::nullopt}, b.witness));
        b.admitted_by = AdmittedBy(b.path);
      }
    }
    if (!claim.breaches.empty()) {
      claim.verdict = Verdict::kViolated;
    } else if (!report.result.unknown.empty()) {
      claim.verdict = Verdict::kUnknown;
      claim.unknown = report.result.unknown;
    }
  }
  return out;
}

namespace {

constexpr char kDefaultGroupDescription[] =
    "every VPC's default security group has no inbound or outbound rule";

// "tcp 22", "tcp 1000-2000", "tcp (all ports)", "icmp", "all traffic", "protocol 47".
std::string PermissionTraffic(const net::IpPermission& p) {
  std::string proto;
  switch (p.protocol) {
    case net::kProtocolAll:
      return "all traffic";
    case net::kProtocolTcp:
      proto = "tcp";
      break;
    case net::kProtocolUdp:
      proto = "udp";
      break;
    case net::kProtocolIcmp:
      return "icmp";
    case net::kProtocolIcmpv6:
      return "icmpv6";
    default:
      return absl::StrCat("protocol ", p.protocol);
  }
  if (!p.from_port || !p.to_port || (*p.from_port <= 0 && *p.to_port >= 65535)) {
    return absl::StrCat(proto, " (all ports)");
  }
  if (*p.from_port == *p.to_port) return absl::StrCat(proto, " ", *p.from_port);
  return absl::StrCat(proto, " ", *p.from_port, "-", *p.to_port);
}

// "0.0.0.0/0, pl-2, sg-1": the peers a permission names.
std::string PermissionPeers(const net::IpPermission& p) {
  std::vector<std::string> peers;
  for (const net::CidrRange& r : p.ip_ranges) peers.push_back(r.cidr.ToString());
  for (const net::PrefixListRef& l : p.prefix_list_ids) peers.push_back(l.prefix_list_id);
  for (const net::UserIdGroupPair& g : p.group_pairs) peers.push_back(g.group_id);
  return peers.empty() ? "nothing" : absl::StrJoin(peers, ", ");
}

}  // namespace

DefaultGroupClaim CheckDefaultGroupsClosed(const net::Network& network) {
  DefaultGroupClaim claim;
  for (const net::SecurityGroup& g : network.security_groups) {
    if (g.group_name != "default") continue;
    for (bool inbound : {true, false}) {
      const std::vector<net::IpPermission>& rules =
          inbound ? g.ip_permissions : g.ip_permissions_egress;
      for (size_t i = 0; i < rules.size(); ++i) {
        claim.rules.push_back({g.group_id, g.vpc_id,
                               absl::StrCat(inbound ? "inbound" : "outbound", " rule ", i, ": ",
                                            PermissionTraffic(rules[i]),
                                            inbound ? " from " : " to ", PermissionPeers(rules[i])),
                               rules[i].source});
      }
    }
  }
  if (!claim.rules.empty()) claim.verdict = Verdict::kViolated;
  return claim;
}

std::string ExposureClaimsText(const std::vector<ExposureClaim>& claims,
                               const DefaultGroupClaim* default_groups) {
  if (claims.empty() && default_groups == nullptr) return "";
  std::string out = "\nclaims:\n";
  for (const ExposureClaim& c : claims) {
    absl::StrAppend(&out, "  closed ", c.spec.text, " (", ClosedDescription(c),
                    "): ", VerdictName(c.verdict), "\n");
    for (const Breach& b : c.breaches) {
      absl::StrAppend(&out, "    ", BreachText(b), BreachSource(b).AtSuffix(), "\n");
    }
    for (const smt::UnknownExposure& u : c.unknown) {
      absl::StrAppend(&out, "    unknown: ", u.network_interface_id, ": ", u.reason, "\n");
    }
  }
  if (default_groups != nullptr) {
    absl::StrAppend(&out, "  default-sg-closed (", kDefaultGroupDescription,
                    "): ", VerdictName(default_groups->verdict), "\n");
    for (const DefaultGroupRule& r : default_groups->rules) {
      absl::StrAppend(&out, "    ", r.group_id, " (default, ", r.vpc_id, "): ", r.rule,
                      r.source.AtSuffix(), "\n");
    }
  }
  return out;
}

std::string ExposureReportJson(const ExposureReport& report,
                               const std::vector<ExposureClaim>& claims,
                               const DefaultGroupClaim* default_groups) {
  nlohmann::json out = nlohmann::json::array();
  for (const ExposureClaim& c : claims) {
    nlohmann::json breaches = nlohmann::json::array();
    for (const Breach& b : c.breaches) {
      nlohmann::json path = nlohmann::json::array();
      for (const net::Hop& h : b.path.forward) path.push_back(HopToJson(h));
      nlohmann::json reply = nlohmann::json::array();
      for (const net::Hop& h : b.path.reply) reply.push_back(HopToJson(h));
      nlohmann::json j = {
          {"networkInterfaceId", b.network_interface_id},
          {"instanceId", b.instance_id},
          {"name", b.name},
          {"service", b.service},
          {"witness",
           {{"packet", PacketToJson(b.witness)}, {"forwardPath", path}, {"returnPath", reply}}}};
      if (b.admitted_by) {
        j["admittedBy"] = {{"rule", RuleText(*b.admitted_by)},
                           {"source", BreachSource(b).DebugString()}};
      }
      breaches.push_back(std::move(j));
    }
    nlohmann::json unknown = nlohmann::json::array();
    for (const smt::UnknownExposure& u : c.unknown) {
      unknown.push_back({{"networkInterfaceId", u.network_interface_id}, {"reason", u.reason}});
    }
    out.push_back({{"claim", absl::StrCat("closed ", c.spec.text)},
                   {"description", ClosedDescription(c)},
                   {"verdict", VerdictName(c.verdict)},
                   {"violations", breaches},
                   {"unknowns", unknown}});
  }
  if (default_groups != nullptr) {
    nlohmann::json rules = nlohmann::json::array();
    for (const DefaultGroupRule& r : default_groups->rules) {
      rules.push_back({{"groupId", r.group_id},
                       {"vpcId", r.vpc_id},
                       {"rule", r.rule},
                       {"source", r.source.DebugString()}});
    }
    out.push_back({{"claim", "default-sg-closed"},
                   {"description", kDefaultGroupDescription},
                   {"verdict", VerdictName(default_groups->verdict)},
                   {"violations", rules},
                   {"unknowns", nlohmann::json::array()}});
  }
  if (out.empty()) return ExposureReportJson(report);
  nlohmann::json j = ExposureReportToJson(report);
  j["claims"] = std::move(out);
  return j.dump(2) + "\n";
}

std::vector<ClaimOutcome> ExposureOutcomes(const std::vector<ExposureClaim>& claims,
                                           const DefaultGroupClaim* default_groups) {
  std::vector<ClaimOutcome> out;
  for (const ExposureClaim& c : claims) {
    ClaimOutcome& o = out.emplace_back();
    o.id = absl::StrCat("closed-", c.spec.text);
    o.description = ClosedDescription(c);
    o.verdict = c.verdict;
    for (const Breach& b : c.breaches) o.violations.push_back({BreachText(b), BreachSource(b)});
    for (const smt::UnknownExposure& u : c.unknown) {
      o.unknowns.push_back({absl::StrCat(u.network_interface_id, ": ", u.reason), {}});
    }
  }
  if (default_groups != nullptr) {
    ClaimOutcome& o = out.emplace_back();
    o.id = "default-sg-closed";
    o.description = kDefaultGroupDescription;
    o.verdict = default_groups->verdict;
    for (const DefaultGroupRule& r : default_groups->rules) {
      o.violations.push_back(
          {absl::StrCat(r.group_id, " (default, ", r.vpc_id, "): ", r.rule), r.source});
    }
  }
  return out;
}

Verdict OverallVerdict(const std::vector<ExposureClaim>& claims,
                       const DefaultGroupClaim* default_groups) {
  Verdict v = Verdict::kHolds;
  if (default_groups != nullptr && default_groups->verdict == Verdict::kViolated) {
    return Verdict::kViolated;
  }
  for (const ExposureClaim& c : claims) {
    if (c.verdict == Verdict::kViolated) return Verdict::kViolated;
    if (c.verdict == Verdict::kUnknown) v = Verdict::kUnknown;
  }
  return v;
}

absl::Status CheckExpect(absl::string_view expect) {
  if (expect == "reachable" || expect == "unreachable") return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("`--expect ", expect, "`: expected reachable or unreachable"));
}

ReachClaim CheckReach(absl::string_view expect, const ReachReport& report) {
  ReachClaim claim{std::string(expect), Verdict::kHolds};
  const smt::ReachVerdict v = report.answer.verdict;
  if (v == smt::ReachVerdict::kUnknown) {
    claim.verdict = Verdict::kUnknown;
  } else if ((v == smt::ReachVerdict::kReachable) != (expect == "reachable")) {
    claim.verdict = Verdict::kViolated;
  }
  return claim;
}

namespace {

std::string ReachDescription(const ReachClaim& claim, const ReachReport& report) {
  const ReachQuestion& q = report.question;
  std::string what = q.protocol.empty() || q.protocol == "all" ? "any packet" : q.protocol;
  if (!q.ports.empty()) absl::StrAppend(&what, " port ", q.ports);
  return absl::StrCat(q.from, " -> ", q.to, " (", what, ") is ", claim.expect);
}

// Why the claim is violated: the witness and the rule that let it in, or each blocker.
std::vector<ClaimFinding> ReachFindings(const ReachReport& report) {
  std::vector<ClaimFinding> out;
  const smt::ReachAnswer& a = report.answer;
  if (a.verdict == smt::ReachVerdict::kReachable && a.witness && report.path) {
    std::string text = absl::StrCat("reachable: witness ", a.witness->DebugString(), " (replayed)");
    std::optional<net::Hop> rule = AdmittedBy(*report.path);
    if (rule) absl::StrAppend(&text, ", let in by ", RuleText(*rule));
    out.push_back({std::move(text), rule ? rule->rule->source : SourceRef{}});
  } else if (a.verdict == smt::ReachVerdict::kUnreachable) {
    for (const net::Hop& h : a.blocking) {
      std::string text = absl::StrCat("blocked: ", h.explanation_code, " ", h.component_kind, " ",
                                      h.component_id, ": ", h.detail);
      out.push_back({std::move(text), h.rule ? h.rule->source : SourceRef{}});
    }
  }
  return out;
}

}  // namespace

std::string ReachClaimText(const ReachClaim& claim, const ReachReport& report) {
  std::string out = absl::StrCat("claim: ", ReachDescription(claim, report), ": ",
                                 VerdictName(claim.verdict), "\n");
  if (claim.verdict == Verdict::kViolated) {
    for (const ClaimFinding& f : ReachFindings(report)) {
      absl::StrAppend(&out, "  ", f.message, f.at.AtSuffix(), "\n");
    }
  }
  return out;
}

std::vector<ClaimOutcome> ReachOutcomes(const ReachClaim& claim, const ReachReport& report) {
  ClaimOutcome o;
  o.id = claim.expect;
  o.description = ReachDescription(claim, report);
  o.verdict = claim.verdict;
  if (claim.verdict == Verdict::kViolated) o.violations = ReachFindings(report);
  if (claim.verdict == Verdict::kUnknown) {
    for (const std::string& r : report.answer.unknown_reasons) o.unknowns.push_back({r, {}});
  }
  return {o};
}

std::string ReachReportJson(const ReachReport& report, const ReachClaim& claim) {
  nlohmann::json violations = nlohmann::json::array();
  if (claim.verdict == Verdict::kViolated) {
    for (const ClaimFinding& f : ReachFindings(report)) {
      violations.push_back({{"reason", f.message}, {"at", f.at.DebugString()}});
    }
  }
  nlohmann::json j = ReachReportToJson(report);
  j["claim"] = {{"expect", claim.expect},
                {"description", ReachDescription(claim, report)},
                {"verdict", VerdictName(claim.verdict)},
                {"violations", violations}};
  return j.dump(2) + "\n";
}

}  // namespace vouch::proofs
