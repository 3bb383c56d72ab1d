// Reachability queries: per (source, destination) pair, the path's constraints over one
// symbolic packet, each component behind an assumption literal so that the same solver
// answers "reachable?", "which components block?" and "could the missing parts change it?".
#include "engine/smt/net_reach.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/smt/encode_filter.h"
#include "engine/smt/reach_paths.h"
#include "engine/smt/z3_api.h"
#include "engine/smt/z3_errors.h"
#include "engine/smt/z3_packet.h"
#include "models/base/status_macros.h"

namespace vouch::smt {
namespace {

}  // namespace

bool IsNatAddress(const net::LoweredNetwork& network, const IpAddress& a) {
  for (const net::LoweredNatGateway& nat : network.nat_gateways) {
    if (nat.public_ip && *nat.public_ip == a) return true;
  }
  return false;
}

const char* ReachVerdictName(ReachVerdict v) {
  switch (v) {
    case ReachVerdict::kReachable: return "reachable";
    case ReachVerdict::kUnreachable: return "unreachable";
    case ReachVerdict::kUnknown: return "unknown";
  }
  return "unknown";
}

struct NetReachability::Impl {
  Impl(const net::LoweredNetwork& n, NetQueryOptions o)
      : network(n),
        options(o),
        optimistic(ctx.bool_const("optimistic")),
        packet(ctx, "p"),
        dst_private(ctx.bv_const("p.dstPrivate", 32)),
        encoder(optimistic),
        paths(n, encoder, packet, dst_private, optimistic),
        packet6(ctx, "p6", IpFamily::kV6),
        encoder6(optimistic),
        paths6(n, encoder6, packet6, packet6.dst, optimistic),
        solver(ctx) {
    z3::set_param("memory_max_size", options.max_memory_mb);
    z3::params params(ctx);
    params.set("timeout", static_cast<unsigned>(absl::ToInt64Milliseconds(options.timeout)));
    solver.set(params);
  }

  absl::StatusOr<ReachAnswer> Reach(const EndpointSet& from, const EndpointSet& to,
                                    const HeaderSpace& header);
  z3::expr HeaderConstraint(const HeaderSpace& header, const SymbolicPacket& packet);
  // The pairs of one address family's question.
  void AddPairs(PathEncoder& encoder, const std::vector<const net::LoweredInterface*>& sources,
                const std::vector<const net::LoweredInterface*>& destinations,
                const std::optional<Cidr>& from_block, const std::optional<Cidr>& to_block,
                bool every_interface, std::vector<PairEncoding>& pairs);
  // The pair's paths as one formula over the parts' literals (reach_paths.h): `literals` turn
  // each part's check on, `maybes` each part's unknown outcome.
  z3::expr PathsFormula(const PairEncoding& e, const std::vector<z3::expr>& literals,
                        const std::vector<z3::expr>& maybes);

  // Solving one pair.
  absl::StatusOr<z3::check_result> Check(const z3::expr_vector& assumptions);
  absl::StatusOr<ReachAnswer> SolvePair(PairEncoding& e, const HeaderSpace& header);
  const SymbolicPacket& PacketOf(const PairEncoding& e) { return e.family == IpFamily::kV6 ? packet6 : packet; }
  // The reasons an unknown answer gives (see the definition).
  std::vector<std::string> UnknownReasons(const PairEncoding& e,
                                          const std::vector<z3::expr>& literals,
                                          const std::vector<z3::expr>& maybes);
  absl::StatusOr<std::vector<net::Hop>> Blocking(PairEncoding& e,
                                                 const std::vector<z3::expr>& literals);
  absl::StatusOr<net::Hop> Explain(PairEncoding& e, const std::vector<z3::expr>& literals,
                                   size_t i);
  net::Packet WitnessFromModel(const z3::model& m, const SymbolicPacket& packet);
  net::Endpoint ConcreteEnd(const net::Endpoint& end, const IpAddress& address);

  const net::LoweredNetwork& network;
  NetQueryOptions options;
  z3::context ctx;
  z3::expr optimistic;
  SymbolicPacket packet;   // the packet as the source sends it
  z3::expr dst_private;    // its destination after the internet gateway's 1:1 NAT
  FilterEncoder encoder;
  PathEncoder paths;
  // The same for IPv6 packets (128-bit addresses, no translation).
  SymbolicPacket packet6;
  FilterEncoder encoder6;
  PathEncoder paths6;
  z3::solver solver;
  int solver_calls = 0;
};

NetReachability::NetReachability(const net::LoweredNetwork& network, NetQueryOptions options) {
  // Loading the solver is the one failure a constructor could meet: Reach reports it.
  const char* error = nullptr;
  if (z3api::Load(&error)) {
    impl_ = std::make_unique<Impl>(network, options);
  } else {
    load_error_ = error;
  }
}
NetReachability::~NetReachability() = default;

absl::StatusOr<ReachAnswer> NetReachability::Reach(const EndpointSet& from, const EndpointSet& to,
                                                   const HeaderSpace& header) {
  if (impl_ == nullptr) return absl::UnavailableError(load_error_);
  try {
    return impl_->Reach(from, to, header);
  } catch (const z3::exception& e) {
    // Z3 signals its memory limit by failing whatever call crossed it, building or solving.
    if (absl::StrContains(e.msg(), "memory")) {
      return absl::ResourceExhaustedError(
          absl::StrCat("reachability query: over the solver memory limit of ",
                       impl_->options.max_memory_mb, " MB (--max-memory raises it)"));
    }
    return absl::InternalError(absl::StrCat("z3: ", e.msg()));
  }
}

z3::expr NetReachability::Impl::HeaderConstraint(const HeaderSpace& header,
                                                 const SymbolicPacket& packet) {
  z3::expr c = ctx.bool_val(true);
  if (header.protocol.has_value()) c = c && packet.protocol == ctx.bv_val(*header.protocol, 8);
  if (header.dst_ports.from > 0 || header.dst_ports.to < 65535) {
    c = c && (packet.protocol == ctx.bv_val(6, 8) || packet.protocol == ctx.bv_val(17, 8)) &&
        InRange(packet.dst_port, header.dst_ports.from, header.dst_ports.to);
  }
  return c;
}

z3::expr NetReachability::Impl::PathsFormula(const PairEncoding& e,
                                             const std::vector<z3::expr>& literals,
                                             const std::vector<z3::expr>& maybes) {
  z3::expr_vector any(ctx);
  for (const std::vector<PathCheck>& path : e.paths) {
    z3::expr f = ctx.bool_val(true);
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      z3::expr decided = (it->pass && f) || (it->unknown && optimistic && maybes[it->part]);
      f = z3::ite(literals[it->part], decided.simplify(), f);
    }
    any.push_back(f);
  }
  return any.empty() ? ctx.bool_val(false) : z3::mk_or(any);
}

absl::StatusOr<z3::check_result> NetReachability::Impl::Check(const z3::expr_vector& assumptions) {
  ++solver_calls;
  z3::check_result r = solver.check(assumptions);
  if (r == z3::unknown) {
    const std::string reason = solver.reason_unknown();
    if (absl::StrContains(reason, "memory")) {
      return UnknownStatus(
          absl::StrCat("reachability query (over the solver memory limit of ",
                       options.max_memory_mb, " MB; --max-memory raises it)"),
          reason);
    }
    return UnknownStatus("reachability query", reason);
  }
  return r;
}

net::Packet NetReachability::Impl::WitnessFromModel(const z3::model& m,
                                                    const SymbolicPacket& packet) {
  net::Packet w;
  w.src = ModelAddress(m, packet.src);
  w.dst = ModelAddress(m, packet.dst);
  w.protocol = static_cast<int>(ModelValue(m, packet.protocol));
  const bool ports = w.protocol == 6 || w.protocol == 17;
  const bool icmp = w.protocol == 1 || w.protocol == 58;
  // Fields the protocol does not carry are left 0: no filter reads them.
  w.src_port = ports ? static_cast<int>(ModelValue(m, packet.src_port)) : 0;
  w.dst_port = ports ? static_cast<int>(ModelValue(m, packet.dst_port)) : 0;
  w.icmp_type = icmp ? static_cast<int>(ModelValue(m, packet.icmp_type)) : 0;
  w.icmp_code = icmp ? static_cast<int>(ModelValue(m, packet.icmp_code)) : 0;
  return w;
}

net::Endpoint NetReachability::Impl::ConcreteEnd(const net::Endpoint& end,
                                                 const IpAddress& address) {
  if (end.IsInterface()) return end;
  return net::Endpoint{"", address};
}

absl::StatusOr<ReachAnswer> NetReachability::Impl::SolvePair(PairEncoding& e,
                                                             const HeaderSpace& header_space) {
  const SymbolicPacket& packet = PacketOf(e);
  const z3::expr header = HeaderConstraint(header_space, packet);
  solver.push();
  std::vector<z3::expr> literals, maybes;
  for (size_t i = 0; i < e.parts.size(); ++i) {
    literals.push_back(ctx.bool_const(absl::StrCat("part", i).c_str()));
    maybes.push_back(ctx.bool_const(absl::StrCat("maybe", i).c_str()));
  }
  solver.add(e.base && header && PathsFormula(e, literals, maybes));
  // z3::expr_vector copies share their contents: each assumption set is built afresh.
  auto assumptions = [&](std::vector<z3::expr> extra) {
    z3::expr_vector v(ctx);
    for (const z3::expr& l : literals) v.push_back(l);
    for (const z3::expr& x : extra) v.push_back(x);
    return v;
  };
  const z3::expr_vector sure = assumptions({!optimistic});
  const z3::expr_vector maybe = assumptions({optimistic});
  ReachAnswer answer;
  answer.pairs = 1;
  absl::StatusOr<z3::check_result> r = Check(sure);
  if (r.ok() && *r == z3::sat) {
    // Prefer a client port in the ephemeral range, and an IPv6 internet peer in global unicast
    // space (2000::/3): a witness people recognise.
    const z3::expr ephemeral = z3::uge(packet.src_port, ctx.bv_val(32768, 16));
    z3::expr global = ctx.bool_val(true);
    if (e.family == IpFamily::kV6) {
      const Cidr unicast = *ParseCidr("2000::/3");
      if (!e.src.IsInterface()) global = InCidr(packet.src, unicast);
      if (!e.dst.IsInterface()) global = InCidr(packet.dst, unicast);
    }
    absl::StatusOr<z3::check_result> n = Check(assumptions({!optimistic, ephemeral, global}));
    if (n.ok() && *n != z3::sat) n = Check(assumptions({!optimistic, ephemeral}));
    if (!n.ok() || *n != z3::sat) r = Check(sure);
    if (r.ok()) {
      answer.verdict = ReachVerdict::kReachable;
      answer.witness = WitnessFromModel(solver.get_model(), packet);
      answer.src = ConcreteEnd(e.src, answer.witness->src);
      answer.dst = ConcreteEnd(e.dst, answer.witness->dst);
    }
  } else if (r.ok()) {
    r = Check(maybe);
    if (r.ok() && *r == z3::sat) {
      answer.verdict = ReachVerdict::kUnknown;
      answer.unknown_reasons = UnknownReasons(e, literals, maybes);
      if (answer.unknown_reasons.empty()) {
        answer.unknown_reasons.push_back("the answer depends on parts vouch does not model");
      }
    } else if (r.ok()) {
      answer.verdict = ReachVerdict::kUnreachable;
      absl::StatusOr<std::vector<net::Hop>> blocking = Blocking(e, literals);
      if (blocking.ok()) answer.blocking = *std::move(blocking);
      else r = blocking.status();
    }
  }
  solver.pop();
  if (!r.ok()) return r.status();
  return answer;
}

// The reasons an unknown answer gives, each once, in the order the paths met them. A reason
// that explains parts' unknown outcomes is given when those outcomes alone let some packet of
// the question through (a route to a target vouch does not follow, for a question whose
// destinations that route never carries, is not): so `--to 192.0.2.10` names only the
// unmodelled route that carries it. Should no such reason stand alone, or should turning those
// that do off leave some packet through, every reason is given, as it is when the solver
// cannot tell. Reasons whose optimism lies elsewhere (part -1) are always given.
std::vector<std::string> NetReachability::Impl::UnknownReasons(
    const PairEncoding& e, const std::vector<z3::expr>& literals,
    const std::vector<z3::expr>& maybes) {
  std::vector<std::string> texts;
  std::vector<std::vector<int>> parts;  // per text; -1 among them: always given
  for (size_t i = 0; i < e.unknown_reasons.size(); ++i) {
    size_t t = std::find(texts.begin(), texts.end(), e.unknown_reasons[i]) - texts.begin();
    if (t == texts.size()) {
      texts.push_back(e.unknown_reasons[i]);
      parts.emplace_back();
    }
    parts[t].push_back(e.reason_parts[i]);
  }
  auto always = [&](size_t t) {
    return std::find(parts[t].begin(), parts[t].end(), -1) != parts[t].end();
  };
  // Whether some packet might get through with only the unknown outcomes of `on` parts.
  auto through = [&](const std::vector<bool>& on) -> std::optional<bool> {
    z3::expr_vector v(ctx);
    for (const z3::expr& l : literals) v.push_back(l);
    v.push_back(optimistic);
    for (size_t p = 0; p < maybes.size(); ++p) {
      if (!on[p]) v.push_back(!maybes[p]);
    }
    absl::StatusOr<z3::check_result> r = Check(v);
    if (!r.ok()) return std::nullopt;
    return *r == z3::sat;
  };
  std::vector<bool> given(texts.size(), false);
  std::vector<bool> off_alone(maybes.size(), true);  // on for every part but those alone enough
  bool some_alone = false;
  for (size_t t = 0; t < texts.size(); ++t) {
    if (always(t)) {
      given[t] = true;
      continue;
    }
    std::vector<bool> on(maybes.size(), false);
    for (int p : parts[t]) on[p] = true;
    std::optional<bool> alone = through(on);
    if (!alone.has_value()) return texts;
    if (!*alone) continue;
    given[t] = some_alone = true;
    for (int p : parts[t]) off_alone[p] = false;
  }
  if (!some_alone) return texts;
  std::optional<bool> rest = through(off_alone);
  if (!rest.has_value() || *rest) return texts;
  std::vector<std::string> out;
  for (size_t t = 0; t < texts.size(); ++t) {
    if (given[t]) out.push_back(std::move(texts[t]));
  }
  return out;
}

// The components that stop every packet: first those that admit nothing on their own; else
// those whose relaxation alone would let a packet through; else an unsat core. Every check
// reads unresolved parts optimistically, so what is listed blocks for sure.
absl::StatusOr<std::vector<net::Hop>> NetReachability::Impl::Blocking(
    PairEncoding& e, const std::vector<z3::expr>& literals) {
  std::vector<size_t> chosen;
  z3::expr_vector none(ctx);
  none.push_back(optimistic);
  VOUCH_ASSIGN_OR_RETURN(z3::check_result base, Check(none));
  if (base == z3::unsat) {
    // No packet fits the question's addresses and headers at all: no component is to blame.
    return std::vector<net::Hop>{MakeHop("question", "", "", "", "NO_POSSIBLE_DESTINATION",
                                         "no packet of the question fits the endpoints' addresses")};
  }
  // A component missing from some path cannot block alone: that path, relaxed, lets one by.
  std::vector<int> on_paths(literals.size(), 0);
  for (const std::vector<PathCheck>& path : e.paths) {
    std::vector<bool> seen(literals.size(), false);
    for (const PathCheck& c : path) seen[c.part] = true;
    for (size_t i = 0; i < literals.size(); ++i) on_paths[i] += seen[i];
  }
  for (size_t i = 0; i < literals.size(); ++i) {
    if (on_paths[i] != static_cast<int>(e.paths.size())) continue;
    z3::expr_vector alone(ctx);
    alone.push_back(literals[i]);
    alone.push_back(optimistic);
    VOUCH_ASSIGN_OR_RETURN(z3::check_result r, Check(alone));
    if (r == z3::unsat) chosen.push_back(i);
  }
  if (chosen.empty()) {
    for (size_t i = 0; i < literals.size(); ++i) {
      z3::expr_vector others(ctx);
      for (size_t j = 0; j < literals.size(); ++j) {
        if (j != i) others.push_back(literals[j]);
      }
      others.push_back(optimistic);
      VOUCH_ASSIGN_OR_RETURN(z3::check_result r, Check(others));
      if (r == z3::sat) chosen.push_back(i);
    }
  }
  if (chosen.empty()) {
    z3::expr_vector all(ctx);
    for (const z3::expr& l : literals) all.push_back(l);
    all.push_back(optimistic);
    VOUCH_ASSIGN_OR_RETURN(z3::check_result r, Check(all));
    if (r == z3::unsat) {
      z3::expr_vector core = solver.unsat_core();
      for (size_t i = 0; i < literals.size(); ++i) {
        for (unsigned k = 0; k < core.size(); ++k) {
          if (z3::eq(core[k], literals[i])) chosen.push_back(i);
        }
      }
    }
  }
  std::vector<net::Hop> out;
  for (size_t i : chosen) {
    VOUCH_ASSIGN_OR_RETURN(net::Hop hop, Explain(e, literals, i));
    out.push_back(std::move(hop));
  }
  return out;
}

// A packet that every component but `i` admits, traced concretely, shows the rule or route of
// component `i` that drops it; without one, the component's own description stands.
absl::StatusOr<net::Hop> NetReachability::Impl::Explain(PairEncoding& e,
                                                        const std::vector<z3::expr>& literals,
                                                        size_t i) {
  net::Hop hop = e.parts[i];
  z3::expr_vector others(ctx);
  for (size_t j = 0; j < literals.size(); ++j) {
    if (j != i) others.push_back(literals[j]);
  }
  others.push_back(!optimistic);
  VOUCH_ASSIGN_OR_RETURN(z3::check_result r, Check(others));
  if (r != z3::sat) return hop;
  net::Packet w = WitnessFromModel(solver.get_model(), PacketOf(e));
  net::PacketTrace t = net::Trace(network, ConcreteEnd(e.src, w.src), ConcreteEnd(e.dst, w.dst), w);
  if (t.blocking.has_value() && t.blocking->component_kind == hop.component_kind) {
    net::Hop traced = *t.blocking;
    if (traced.component_id.empty()) traced.component_id = hop.component_id;
    if (traced.explanation_code.empty()) traced.explanation_code = hop.explanation_code;
    return traced;
  }
  return hop;
}

// IPv4 pairs are always asked (unless the question is about IPv6 internet addresses only);
// IPv6 pairs between interfaces that have IPv6 addresses, and with the internet for those
// that have one, or for every interface when the question names only an IPv6 block (then one
// without an IPv6 address is unreachable). An IPv4-only snapshot's answers are unchanged.
void NetReachability::Impl::AddPairs(PathEncoder& encoder,
                                     const std::vector<const net::LoweredInterface*>& sources,
                                     const std::vector<const net::LoweredInterface*>& destinations,
                                     const std::optional<Cidr>& from_block,
                                     const std::optional<Cidr>& to_block,
                                     bool every_interface, std::vector<PairEncoding>& pairs) {
  const IpFamily f = encoder.family();
  auto has = [f](const net::LoweredInterface* i) {
    return f == IpFamily::kV4 || !InterfaceAddresses(*i, f).empty();
  };
  for (const net::LoweredInterface* s : sources) {
    for (const net::LoweredInterface* d : destinations) {
      if (s != d && has(s) && has(d)) pairs.push_back(encoder.Internal(*s, *d));
    }
    if (to_block && (every_interface || has(s))) pairs.push_back(encoder.ToInternet(*s, *to_block));
  }
  if (from_block.has_value()) {
    for (const net::LoweredInterface* d : destinations) {
      if (every_interface || has(d)) pairs.push_back(encoder.FromInternet(*from_block, *d));
    }
  }
}

absl::StatusOr<ReachAnswer> NetReachability::Impl::Reach(const EndpointSet& from,
                                                         const EndpointSet& to,
                                                         const HeaderSpace& header) {
  std::vector<const net::LoweredInterface*> sources, destinations;
  for (const std::string& id : from.interfaces) {
    const net::LoweredInterface* i = network.FindInterface(id);
    if (i == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown network interface `", id, "`"));
    sources.push_back(i);
  }
  for (const std::string& id : to.interfaces) {
    const net::LoweredInterface* i = network.FindInterface(id);
    if (i == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown network interface `", id, "`"));
    destinations.push_back(i);
  }
  std::vector<PairEncoding> pairs;
  // A block of one family on either side makes the question one of that family.
  const bool v4_only = (from.external && !from.external_v6) || (to.external && !to.external_v6);
  const bool v6_only = (from.external_v6 && !from.external) || (to.external_v6 && !to.external);
  if (!v6_only) AddPairs(paths, sources, destinations, from.external, to.external, false, pairs);
  if (!v4_only) {
    AddPairs(paths6, sources, destinations, from.external_v6, to.external_v6, v6_only, pairs);
  }
  if (pairs.empty()) {
    return absl::InvalidArgumentError(
        "the question has no path to check: one side must be an interface of the snapshot, "
        "and the two sides must differ");
  }
  ReachAnswer result;
  result.verdict = ReachVerdict::kUnreachable;
  const int calls_before = solver_calls;
  for (PairEncoding& e : pairs) {
    VOUCH_ASSIGN_OR_RETURN(ReachAnswer a, SolvePair(e, header));
    result.pairs += 1;
    if (a.verdict == ReachVerdict::kReachable) {
      a.pairs = result.pairs;
      a.solver_calls = solver_calls - calls_before;
      return a;
    }
    if (a.verdict == ReachVerdict::kUnknown) {
      result.verdict = ReachVerdict::kUnknown;
      for (std::string& r : a.unknown_reasons) {
        if (std::find(result.unknown_reasons.begin(), result.unknown_reasons.end(), r) ==
            result.unknown_reasons.end()) {
          result.unknown_reasons.push_back(std::move(r));
        }
      }
    }
    for (net::Hop& b : a.blocking) {
      if (std::find(result.blocking.begin(), result.blocking.end(), b) == result.blocking.end()) {
        result.blocking.push_back(std::move(b));
      }
    }
  }
  if (result.verdict == ReachVerdict::kUnknown) result.blocking.clear();
  result.solver_calls = solver_calls - calls_before;
  return result;
}

}  // namespace vouch::smt
