// `vouch exposure` answers: replay, SMT cross-check, JSON and text.
#include "proofs/exposure_report.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/smt/net_reach.h"
#include "models/base/status_macros.h"
#include "proofs/reach_json.h"
#include "proofs/witness_check.h"

namespace vouch::proofs {
namespace {

std::string ServiceProtocol(const smt::ExposedService& s) {
  if (s.other) return absl::StrCat("other (e.g. ", s.protocol, ")");
  return ProtocolName(s.protocol);
}

// The family of a service's sources: its witness's.
IpFamily FamilyOf(const smt::ExposedService& s) { return s.witness.src.family; }

std::vector<std::string> SourceTexts(const smt::ExposedService& s) {
  std::vector<std::string> out;
  for (const Cidr& c : s.sources.ToCidrs(FamilyOf(s))) out.push_back(c.ToString());
  return out;
}

// "every internet address", "every IPv6 internet address except 2001:db8::/32", or the blocks.
std::string SourcesSummary(const smt::ExposedService& s, const ExposureReport& r) {
  const IpFamily family = FamilyOf(s);
  const Cidr& from = family == IpFamily::kV6 ? r.from_block_v6 : r.from_block;
  const smt::IntervalSet all =
      smt::InternetSpace(family).Intersect(smt::IntervalSet::OfCidr(from));
  const char* kind = family == IpFamily::kV6 ? "every IPv6 internet address" : "every internet address";
  const std::string everyone = from.length == 0 ? std::string(kind)
                                                : absl::StrCat(kind, " in ", from.ToString());
  if (s.sources == all) return everyone;
  std::vector<std::string> missing;
  for (const Cidr& c : all.Subtract(s.sources).ToCidrs(family)) missing.push_back(c.ToString());
  std::vector<std::string> present = SourceTexts(s);
  if (missing.size() < present.size()) {
    return absl::StrCat(everyone, " except ", absl::StrJoin(missing, ", "));
  }
  return absl::StrJoin(present, ", ");
}

bool IsIcmp(int p) { return p == 1 || p == 58; }
bool HasPorts(int p) { return p == 6 || p == 17; }

}  // namespace

std::string PortsText(const net::PortRange& r, int max) {
  if (r.from == 0 && r.to == max) return "all";
  if (r.from == r.to) return absl::StrCat(r.from);
  return absl::StrCat(r.from, "-", r.to);
}

std::string ServiceSummary(const smt::ExposedService& s, const ExposureReport& r) {
  std::string out = ServiceProtocol(s);
  if (HasPorts(s.protocol)) absl::StrAppend(&out, " port ", PortsText(s.ports, 65535));
  if (IsIcmp(s.protocol)) {
    absl::StrAppend(&out, " type ", PortsText(s.ports, 255), " code ",
                    PortsText(s.icmp_codes, 255));
  }
  absl::StrAppend(&out, " from ", SourcesSummary(s, r));
  return out;
}

absl::StatusOr<std::vector<std::vector<net::PacketTrace>>> ReplayExposure(
    const net::LoweredNetwork& network, const smt::ExposureResult& result) {
  std::vector<std::vector<net::PacketTrace>> out;
  for (const smt::ExposedInterface& e : result.exposed) {
    std::vector<net::PacketTrace>& paths = out.emplace_back();
    for (const smt::ExposedService& s : e.services) {
      net::Endpoint src{"", s.witness.src};
      net::Endpoint dst{e.network_interface_id, std::nullopt};
      VOUCH_ASSIGN_OR_RETURN(net::PacketTrace t, ReplayWitness(network, src, dst, s.witness));
      paths.push_back(std::move(t));
    }
  }
  return out;
}

absl::StatusOr<std::string> SelfCheckExposure(const net::LoweredNetwork& network,
                                              const Cidr& from, const smt::ExposureResult& result) {
  absl::flat_hash_set<std::string> exposed, unknown;
  for (const auto& e : result.exposed) exposed.insert(e.network_interface_id);
  for (const auto& u : result.unknown) unknown.insert(u.network_interface_id);
  smt::NetReachability engine(network);
  int checked = 0;
  for (const net::LoweredInterface& i : network.interfaces) {
    smt::EndpointSet src, dst{{i.network_interface_id}, std::nullopt, std::nullopt};
    (from.address.family == IpFamily::kV6 ? src.external_v6 : src.external) = from;
    VOUCH_ASSIGN_OR_RETURN(smt::ReachAnswer a, engine.Reach(src, dst, {}));
    ++checked;
    const bool smt_exposed = a.verdict == smt::ReachVerdict::kReachable;
    const bool smt_unknown = a.verdict == smt::ReachVerdict::kUnknown;
    if (unknown.contains(i.network_interface_id)) continue;  // unknown is never claimed either way
    if (smt_unknown || smt_exposed != exposed.contains(i.network_interface_id)) {
      return absl::InternalError(absl::StrCat(
          "self-check failed: for `", i.network_interface_id, "` the SMT engine says ",
          smt::ReachVerdictName(a.verdict), " but the interval computation says ",
          exposed.contains(i.network_interface_id) ? "exposed" : "not exposed"));
    }
  }
  return absl::StrCat("the SMT engine agrees on all ", checked, " interfaces");
}

nlohmann::json ExposureReportToJson(const ExposureReport& r) {
  nlohmann::json j;
  j["from"] = r.from;
  j["exposed"] = nlohmann::json::array();
  for (size_t k = 0; k < r.result.exposed.size(); ++k) {
    const smt::ExposedInterface& e = r.result.exposed[k];
    nlohmann::json services = nlohmann::json::array();
    for (size_t m = 0; m < e.services.size(); ++m) {
      const smt::ExposedService& s = e.services[m];
      nlohmann::json sj{{"protocol", ServiceProtocol(s)},
                        {"sourcesSummary", SourcesSummary(s, r)},
                        {"sources", SourceTexts(s)}};
      if (HasPorts(s.protocol)) sj["ports"] = PortsText(s.ports, 65535);
      if (IsIcmp(s.protocol)) {
        sj["icmpTypes"] = PortsText(s.ports, 255);
        sj["icmpCodes"] = PortsText(s.icmp_codes, 255);
      }
      nlohmann::json w{{"packet", PacketToJson(s.witness)}};
      if (k < r.paths.size() && m < r.paths[k].size()) {
        nlohmann::json fwd = nlohmann::json::array(), back = nlohmann::json::array();
        for (const net::Hop& h : r.paths[k][m].forward) fwd.push_back(HopToJson(h));
        for (const net::Hop& h : r.paths[k][m].reply) back.push_back(HopToJson(h));
        w["forwardPath"] = fwd;
        w["returnPath"] = back;
      }
      sj["witness"] = w;
      services.push_back(sj);
    }
    std::vector<std::string> publics;
    for (const IpAddress& a : e.public_ips) publics.push_back(a.ToString());
    j["exposed"].push_back({{"networkInterfaceId", e.network_interface_id},
                            {"instanceId", e.instance_id}, {"name", e.name},
                            {"publicIps", publics}, {"services", services}});
  }
  j["unknown"] = nlohmann::json::array();
  for (const smt::UnknownExposure& u : r.result.unknown) {
    j["unknown"].push_back({{"networkInterfaceId", u.network_interface_id}, {"reason", u.reason}});
  }
  j["scale"] = {{"interfaces", r.result.interfaces}, {"candidates", r.result.candidates},
                {"classes", r.result.classes}, {"loadMs", r.load_ms}, {"computeMs", r.compute_ms}};
  if (!r.self_check.empty()) j["selfCheck"] = r.self_check;
  return j;
}

std::string ExposureReportJson(const ExposureReport& r) {
  return ExposureReportToJson(r).dump(2) + "\n";
}

std::string ExposureReportText(const ExposureReport& r) {
  // An interface exposed over both IPv4 and IPv6 is listed once per family, counted once.
  absl::flat_hash_set<std::string> distinct;
  for (const smt::ExposedInterface& e : r.result.exposed) distinct.insert(e.network_interface_id);
  std::string out = absl::StrCat("exposure from ", r.from, ": ", distinct.size(),
                                 " interface(s) reachable\n");
  for (const smt::ExposedInterface& e : r.result.exposed) {
    std::vector<std::string> publics;
    for (const IpAddress& a : e.public_ips) publics.push_back(a.ToString());
    absl::StrAppend(&out, "\n", e.network_interface_id);
    if (!e.instance_id.empty()) absl::StrAppend(&out, " (", e.instance_id, ")");
    if (!e.name.empty()) absl::StrAppend(&out, " \"", e.name, "\"");
    absl::StrAppend(&out, " public ", absl::StrJoin(publics, ", "), "\n");
    for (const smt::ExposedService& s : e.services) {
      absl::StrAppend(&out, "  ", ServiceSummary(s, r), "\n    witness: ", s.witness.DebugString(),
                      " (replayed)\n");
    }
  }
  for (const smt::UnknownExposure& u : r.result.unknown) {
    absl::StrAppend(&out, "unknown: ", u.network_interface_id, ": ", u.reason, "\n");
  }
  if (!r.self_check.empty()) absl::StrAppend(&out, "self-check: ", r.self_check, "\n");
  absl::StrAppend(&out, absl::StrFormat("(%d interfaces, %d candidates, %d classes, load %.1f ms, "
                                        "compute %.1f ms)\n",
                                        r.result.interfaces, r.result.candidates, r.result.classes,
                                        r.load_ms, r.compute_ms));
  return out;
}

}  // namespace vouch::proofs
