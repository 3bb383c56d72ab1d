// Reachability queries: per (source, destination) pair, the path's constraints over one
// symbolic packet, each component behind an assumption literal so that the same solver
// answers "reachable?", "which components block?" and "could the missing parts change it?".
#include "engine/smt/net_reach.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/smt/encode_filter.h"
#include "engine/smt/z3_errors.h"
#include "engine/smt/z3_packet.h"
#include "models/base/status_macros.h"
#include "z3++.h"

namespace vouch::smt {
namespace {

// Cache views of FilterEncoder: which packet terms a filter is encoded over.
enum View { kForward = 0, kForwardReply = 1, kInbound = 2, kInboundReply = 3 };

// One component on a pair's path: what must hold for the packet (or its reply) to pass it.
struct Component {
  net::Hop hop;  // kind, id, name, direction and the default explanation code
  z3::expr constraint;
};

// One side of a pair: an interface, or internet addresses in a block.
struct Side {
  const net::LoweredInterface* iface = nullptr;
  Cidr block;
};

struct PairEncoding {
  z3::expr base;
  std::vector<Component> parts;
  std::vector<std::string> unknown_reasons;  // what the optimistic reading assumes
  net::Endpoint src, dst;
};

net::Hop MakeHop(std::string kind, std::string id, std::string name, std::string direction,
                 std::string code, std::string detail) {
  net::Hop hop;
  hop.component_kind = std::move(kind);
  hop.component_id = std::move(id);
  hop.name = std::move(name);
  hop.direction = std::move(direction);
  hop.action = net::HopAction::kDropped;
  hop.explanation_code = std::move(code);
  hop.detail = std::move(detail);
  return hop;
}

std::vector<IpAddress> PrivateV4(const net::LoweredInterface& i) {
  std::vector<IpAddress> out;
  for (const net::PrivateIp& p : i.private_ips) {
    if (p.private_ip.family == IpFamily::kV4) out.push_back(p.private_ip);
  }
  return out;
}

// `addr` is one of `addresses`.
z3::expr OneOf(const z3::expr& addr, const std::vector<IpAddress>& addresses) {
  z3::expr_vector any(addr.ctx());
  for (const IpAddress& a : addresses) any.push_back(addr == Const(addr.ctx(), a.v4(), 32));
  return any.empty() ? addr.ctx().bool_val(false) : z3::mk_or(any);
}

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
        inbound(packet.src, dst_private, packet.protocol, packet.src_port, packet.dst_port,
                packet.icmp_type, packet.icmp_code),
        encoder(optimistic),
        solver(ctx) {
    z3::params params(ctx);
    params.set("timeout", static_cast<unsigned>(absl::ToInt64Milliseconds(options.timeout)));
    solver.set(params);
  }

  absl::StatusOr<ReachAnswer> Reach(const EndpointSet& from, const EndpointSet& to,
                                    const HeaderSpace& header);

  // Encoding one pair's path.
  PairEncoding EncodeInternal(const net::LoweredInterface& s, const net::LoweredInterface& d);
  PairEncoding EncodeFromInternet(const Cidr& block, const net::LoweredInterface& d);
  PairEncoding EncodeToInternet(const net::LoweredInterface& s, const Cidr& block);
  z3::expr HeaderConstraint(const HeaderSpace& header);

  // Components of a path.
  void AddInstanceState(PairEncoding& e, const net::LoweredInterface& i);
  void AddSecurityGroups(PairEncoding& e, const net::LoweredInterface& i, bool egress,
                         const SymbolicPacket& p, int view);
  void AddAcl(PairEncoding& e, const net::LoweredInterface& i, bool egress,
              const SymbolicPacket& p, int view, bool reply);
  // The route from `i`'s subnet towards `dst`: `to_internet` wants an attached internet
  // gateway, else the local route of `dst_vpc`.
  void AddRoute(PairEncoding& e, const net::LoweredInterface& i, const z3::expr& dst,
                bool to_internet, bool reply);
  void AddInternetGateway(PairEncoding& e, const net::LoweredInterface& i);

  // Solving one pair.
  absl::StatusOr<z3::check_result> Check(const z3::expr_vector& assumptions);
  absl::StatusOr<ReachAnswer> SolvePair(PairEncoding& e, const z3::expr& header);
  absl::StatusOr<std::vector<net::Hop>> Blocking(PairEncoding& e,
                                                 const std::vector<z3::expr>& literals);
  absl::StatusOr<net::Hop> Explain(PairEncoding& e, const std::vector<z3::expr>& literals,
                                   size_t i);
  net::Packet WitnessFromModel(const z3::model& m);
  net::Endpoint ConcreteEnd(const net::Endpoint& end, const IpAddress& address);

  const net::LoweredNetwork& network;
  NetQueryOptions options;
  z3::context ctx;
  z3::expr optimistic;
  SymbolicPacket packet;   // the packet as the source sends it
  z3::expr dst_private;    // its destination after the internet gateway's 1:1 NAT
  SymbolicPacket inbound;  // the packet as the destination's subnet sees it
  FilterEncoder encoder;
  z3::solver solver;
  int solver_calls = 0;
};

NetReachability::NetReachability(const net::LoweredNetwork& network, NetQueryOptions options)
    : impl_(std::make_unique<Impl>(network, options)) {}
NetReachability::~NetReachability() = default;

absl::StatusOr<ReachAnswer> NetReachability::Reach(const EndpointSet& from, const EndpointSet& to,
                                                   const HeaderSpace& header) {
  try {
    return impl_->Reach(from, to, header);
  } catch (const z3::exception& e) {
    return absl::InternalError(absl::StrCat("z3: ", e.msg()));
  }
}

z3::expr NetReachability::Impl::HeaderConstraint(const HeaderSpace& header) {
  z3::expr c = ctx.bool_val(true);
  if (header.protocol.has_value()) c = c && packet.protocol == ctx.bv_val(*header.protocol, 8);
  if (header.dst_ports.from > 0 || header.dst_ports.to < 65535) {
    c = c && (packet.protocol == ctx.bv_val(6, 8) || packet.protocol == ctx.bv_val(17, 8)) &&
        InRange(packet.dst_port, header.dst_ports.from, header.dst_ports.to);
  }
  return c;
}

void NetReachability::Impl::AddInstanceState(PairEncoding& e, const net::LoweredInterface& i) {
  const net::Instance* inst = network.FindInstance(i.instance_id);
  if (inst == nullptr || inst->state.empty() || inst->state == "running") return;
  e.parts.push_back({MakeHop("instance", inst->instance_id, inst->name, "", "BAD_STATE",
                             absl::StrCat("instance `", inst->instance_id, "` is ", inst->state)),
                     ctx.bool_val(false)});
}

void NetReachability::Impl::AddSecurityGroups(PairEncoding& e, const net::LoweredInterface& i,
                                              bool egress, const SymbolicPacket& p, int view) {
  if (!i.security_groups_apply) return;
  const net::Filter& f = egress ? i.sg_egress : i.sg_ingress;
  std::string groups = absl::StrJoin(i.group_ids, ",");
  if (!network.Has("SecurityGroups")) {
    net::Hop hop = MakeHop("security-group", groups, "", egress ? "egress" : "ingress",
                           "MISSING_DATA", "the snapshot has no SecurityGroups response");
    e.unknown_reasons.push_back(hop.detail);
    e.parts.push_back({std::move(hop), optimistic});
    return;
  }
  net::Hop hop = MakeHop("security-group", groups, "", egress ? "egress" : "ingress",
                         "ENI_SG_RULES_MISMATCH",
                         absl::StrCat("no ", egress ? "outbound" : "inbound", " rule of the ",
                                      "security groups of `", i.network_interface_id,
                                      "` admits the packet"));
  if (encoder.HasUnresolvedRules(f)) {
    e.unknown_reasons.push_back(absl::StrCat("security groups of `", i.network_interface_id,
                                             "` use a prefix list whose entries the snapshot lacks"));
  }
  e.parts.push_back({std::move(hop), encoder.Allows(f, p, view)});
}

void NetReachability::Impl::AddAcl(PairEncoding& e, const net::LoweredInterface& i, bool egress,
                                   const SymbolicPacket& p, int view, bool reply) {
  const net::LoweredSubnet* subnet = network.FindSubnet(i.subnet_id);
  std::string dir = egress ? "egress" : "ingress";
  std::string what = reply ? "the reply" : "the packet";
  if (subnet == nullptr || subnet->network_acl_id.empty()) {
    net::Hop hop = MakeHop("network-acl", "", "", dir, "MISSING_DATA",
                           absl::StrCat("no network ACL is known for subnet `", i.subnet_id, "`"));
    e.unknown_reasons.push_back(hop.detail);
    e.parts.push_back({std::move(hop), optimistic});
    return;
  }
  const net::Filter& f = egress ? subnet->acl_egress : subnet->acl_ingress;
  net::Hop hop = MakeHop("network-acl", subnet->network_acl_id, "", dir, "SUBNET_ACL_RESTRICTION",
                         absl::StrCat("the ", egress ? "outbound" : "inbound", " rules of `",
                                      subnet->network_acl_id, "` deny ", what));
  if (encoder.HasUnresolvedRules(f)) {
    e.unknown_reasons.push_back(absl::StrCat("network ACL `", subnet->network_acl_id,
                                             "` uses a prefix list whose entries the snapshot lacks"));
  }
  e.parts.push_back({std::move(hop), encoder.Allows(f, p, view)});
}

void NetReachability::Impl::AddRoute(PairEncoding& e, const net::LoweredInterface& i,
                                     const z3::expr& dst, bool to_internet, bool reply) {
  const net::LoweredSubnet* subnet = network.FindSubnet(i.subnet_id);
  if (subnet == nullptr || subnet->route_table < 0) {
    net::Hop hop = MakeHop("route-table", "", "", "", "MISSING_DATA",
                           absl::StrCat("no route table is known for subnet `", i.subnet_id, "`"));
    e.unknown_reasons.push_back(hop.detail);
    e.parts.push_back({std::move(hop), optimistic});
    return;
  }
  const net::LoweredRouteTable& table = network.route_tables[subnet->route_table];
  const net::LoweredVpc* vpc = network.FindVpc(i.vpc_id);
  const std::string igw_front =
      vpc != nullptr && !vpc->internet_gateway_ids.empty() ? vpc->internet_gateway_ids.front() : "";
  bool unsupported = false;
  // As engine/eval/net_trace.cc: a reply to the internet must be routed back to the gateway it
  // came through; a packet to the internet needs an attached internet gateway; a packet inside
  // the VPC the local route.
  auto value = [&](const net::LoweredRoute& r) -> z3::expr {
    if (r.state != net::RouteState::kActive) return ctx.bool_val(false);
    if (reply && to_internet) return ctx.bool_val(!igw_front.empty() && r.target_id == igw_front);
    switch (r.target_kind) {
      case net::RouteTargetKind::kLocal:
        return ctx.bool_val(!to_internet && vpc != nullptr);
      case net::RouteTargetKind::kEgressOnlyInternetGateway:
        return ctx.bool_val(false);  // IPv6 only
      case net::RouteTargetKind::kInternetGateway: {
        if (!to_internet) return ctx.bool_val(false);
        const net::LoweredInternetGateway* igw = network.FindInternetGateway(r.target_id);
        if (igw == nullptr) {
          unsupported = true;
          return optimistic;
        }
        for (const std::string& v : igw->attached_vpc_ids) {
          if (v == i.vpc_id) return ctx.bool_val(true);
        }
        return ctx.bool_val(false);
      }
      default:
        unsupported = true;
        return optimistic;
    }
  };
  z3::expr c = encoder.RouteValue(table, dst, value, ctx.bool_val(false));
  std::string toward = to_internet ? "the internet" : "the destination";
  if (reply) toward = to_internet ? "the internet (for the reply)" : "the source (for the reply)";
  net::Hop hop = MakeHop("route-table", table.route_table_id, table.name, "",
                         "NO_ROUTE_TO_DESTINATION",
                         absl::StrCat("`", table.route_table_id, "` has no active route to ",
                                      toward, to_internet ? " through an attached internet gateway"
                                                          : ""));
  if (unsupported) {
    e.unknown_reasons.push_back(absl::StrCat(
        "`", table.route_table_id, "` sends some packets through a NAT gateway, peering "
        "connection, middlebox or gateway missing from the snapshot, which `reach` does not "
        "follow"));
  }
  if (encoder.HasUnresolvedRoutes(table)) {
    e.unknown_reasons.push_back(absl::StrCat(
        "`", table.route_table_id, "` has a prefix-list route whose entries the snapshot lacks"));
  }
  e.parts.push_back({std::move(hop), c});
}

void NetReachability::Impl::AddInternetGateway(PairEncoding& e, const net::LoweredInterface& i) {
  const net::LoweredVpc* vpc = network.FindVpc(i.vpc_id);
  net::Hop hop = MakeHop("internet-gateway", "", "", "", "NO_ATTACHED_INTERNET_GATEWAY",
                         absl::StrCat("no internet gateway is attached to `", i.vpc_id, "`"));
  if (!network.Has("InternetGateways")) {
    hop.explanation_code = "MISSING_DATA";
    hop.detail = "the snapshot has no internet gateways (describe-internet-gateways)";
    e.unknown_reasons.push_back(hop.detail);
    e.parts.push_back({std::move(hop), optimistic});
    return;
  }
  bool attached = vpc != nullptr && !vpc->internet_gateway_ids.empty();
  if (attached) hop.component_id = vpc->internet_gateway_ids.front();
  e.parts.push_back({std::move(hop), ctx.bool_val(attached)});
}

PairEncoding NetReachability::Impl::EncodeInternal(const net::LoweredInterface& s,
                                                   const net::LoweredInterface& d) {
  PairEncoding e{OneOf(packet.src, PrivateV4(s)) && OneOf(packet.dst, PrivateV4(d)), {}, {},
                 net::Endpoint{s.network_interface_id, std::nullopt},
                 net::Endpoint{d.network_interface_id, std::nullopt}};
  const bool crosses = s.subnet_id != d.subnet_id;  // ACLs apply only between subnets
  const SymbolicPacket reply = packet.Reply();
  AddInstanceState(e, s);
  AddSecurityGroups(e, s, /*egress=*/true, packet, kForward);
  // The local route decides even inside one subnet (a more specific route may take the
  // packet elsewhere); the reply inside the VPC needs no route lookup.
  AddRoute(e, s, packet.dst, /*to_internet=*/false, /*reply=*/false);
  if (crosses) {
    AddAcl(e, s, /*egress=*/true, packet, kForward, /*reply=*/false);
    AddAcl(e, d, /*egress=*/false, packet, kForward, false);
  }
  AddSecurityGroups(e, d, /*egress=*/false, packet, kForward);
  AddInstanceState(e, d);
  if (crosses) {
    AddAcl(e, d, /*egress=*/true, reply, kForwardReply, /*reply=*/true);
    AddAcl(e, s, /*egress=*/false, reply, kForwardReply, true);
  }
  if (s.vpc_id != d.vpc_id) {
    // Between VPCs the local routes never match: only a peering route could carry it.
    e.unknown_reasons.push_back(absl::StrCat("`", s.network_interface_id, "` and `",
                                             d.network_interface_id,
                                             "` are in different VPCs; `reach` does not follow "
                                             "peering connections"));
  }
  return e;
}

PairEncoding NetReachability::Impl::EncodeFromInternet(const Cidr& block,
                                                       const net::LoweredInterface& d) {
  PairEncoding e{InCidr(packet.src, block) && IsInternetAddress(packet.src), {}, {},
                 net::Endpoint{}, net::Endpoint{d.network_interface_id, std::nullopt}};
  AddInternetGateway(e, d);
  // The internet gateway's 1:1 NAT: a public address of `d` in, its private address out.
  z3::expr_vector mapped(ctx);
  // As the concrete evaluator: a NAT gateway's address (or interface) never admits inbound.
  for (const net::PrivateIp& ip : d.private_ips) {
    if (!ip.public_ip.has_value() || ip.private_ip.family != IpFamily::kV4) continue;
    if (!d.security_groups_apply || IsNatAddress(network, *ip.public_ip)) continue;
    if (network.InterfaceWithPublicAddress(*ip.public_ip) != &d) continue;
    mapped.push_back(packet.dst == Const(ctx, ip.public_ip->v4(), 32) &&
                     dst_private == Const(ctx, ip.private_ip.v4(), 32));
  }
  net::Hop hop = MakeHop("network-interface", d.network_interface_id, d.name, "", "NO_PUBLIC_IP",
                         absl::StrCat("`", d.network_interface_id,
                                      "` has no public IPv4 address (auto-assigned or Elastic IP)"));
  e.parts.push_back({std::move(hop), mapped.empty() ? ctx.bool_val(false) : z3::mk_or(mapped)});
  const SymbolicPacket reply = inbound.Reply();
  AddAcl(e, d, /*egress=*/false, inbound, kInbound, /*reply=*/false);
  AddSecurityGroups(e, d, /*egress=*/false, inbound, kInbound);
  AddInstanceState(e, d);
  AddAcl(e, d, /*egress=*/true, reply, kInboundReply, /*reply=*/true);
  AddRoute(e, d, inbound.src, /*to_internet=*/true, /*reply=*/true);
  return e;
}

PairEncoding NetReachability::Impl::EncodeToInternet(const net::LoweredInterface& s,
                                                     const Cidr& block) {
  PairEncoding e{OneOf(packet.src, PrivateV4(s)) && InCidr(packet.dst, block) &&
                     IsInternetAddress(packet.dst),
                 {}, {}, net::Endpoint{s.network_interface_id, std::nullopt}, net::Endpoint{}};
  AddInstanceState(e, s);
  AddSecurityGroups(e, s, /*egress=*/true, packet, kForward);
  AddAcl(e, s, /*egress=*/true, packet, kForward, /*reply=*/false);
  AddRoute(e, s, packet.dst, /*to_internet=*/true, /*reply=*/false);
  AddInternetGateway(e, s);
  std::vector<IpAddress> with_public;
  for (const net::PrivateIp& ip : s.private_ips) {
    if (ip.public_ip.has_value() && ip.private_ip.family == IpFamily::kV4) {
      with_public.push_back(ip.private_ip);
    }
  }
  net::Hop hop = MakeHop("network-interface", s.network_interface_id, s.name, "", "NO_PUBLIC_IP",
                         absl::StrCat("`", s.network_interface_id,
                                      "` has no public IPv4 address (auto-assigned or Elastic IP)"));
  // The gateway's 1:1 NAT needs a public address only on the packets routed straight to it;
  // those sent through a NAT gateway (unknown here) take its address instead.
  z3::expr direct = ctx.bool_val(true);
  const net::LoweredSubnet* subnet = network.FindSubnet(s.subnet_id);
  if (subnet != nullptr && subnet->route_table >= 0) {
    direct = encoder.RouteValue(
        network.route_tables[subnet->route_table], packet.dst,
        [&](const net::LoweredRoute& r) {
          return ctx.bool_val(r.target_kind == net::RouteTargetKind::kInternetGateway);
        },
        ctx.bool_val(false));
  }
  e.parts.push_back({std::move(hop), z3::implies(direct, OneOf(packet.src, with_public))});
  AddAcl(e, s, /*egress=*/false, packet.Reply(), kForwardReply, /*reply=*/true);
  return e;
}

absl::StatusOr<z3::check_result> NetReachability::Impl::Check(const z3::expr_vector& assumptions) {
  ++solver_calls;
  z3::check_result r = solver.check(assumptions);
  if (r == z3::unknown) {
    return UnknownStatus("reachability query", solver.reason_unknown());
  }
  return r;
}

net::Packet NetReachability::Impl::WitnessFromModel(const z3::model& m) {
  net::Packet w;
  w.src = IpAddress::V4(static_cast<uint32_t>(ModelValue(m, packet.src)));
  w.dst = IpAddress::V4(static_cast<uint32_t>(ModelValue(m, packet.dst)));
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
                                                             const z3::expr& header) {
  solver.push();
  solver.add(e.base && header);
  std::vector<z3::expr> literals;
  for (size_t i = 0; i < e.parts.size(); ++i) {
    z3::expr lit = ctx.bool_const(absl::StrCat("part", i).c_str());
    solver.add(z3::implies(lit, e.parts[i].constraint));
    literals.push_back(lit);
  }
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
    // Prefer a client port in the ephemeral range: a witness people recognise.
    absl::StatusOr<z3::check_result> n =
        Check(assumptions({!optimistic, z3::uge(packet.src_port, ctx.bv_val(32768, 16))}));
    if (!n.ok() || *n != z3::sat) r = Check(sure);
    if (r.ok()) {
      answer.verdict = ReachVerdict::kReachable;
      answer.witness = WitnessFromModel(solver.get_model());
      answer.src = ConcreteEnd(e.src, answer.witness->src);
      answer.dst = ConcreteEnd(e.dst, answer.witness->dst);
    }
  } else if (r.ok()) {
    r = Check(maybe);
    if (r.ok() && *r == z3::sat) {
      answer.verdict = ReachVerdict::kUnknown;
      answer.unknown_reasons = e.unknown_reasons;
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
  for (size_t i = 0; i < literals.size(); ++i) {
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
  net::Hop hop = e.parts[i].hop;
  z3::expr_vector others(ctx);
  for (size_t j = 0; j < literals.size(); ++j) {
    if (j != i) others.push_back(literals[j]);
  }
  others.push_back(!optimistic);
  VOUCH_ASSIGN_OR_RETURN(z3::check_result r, Check(others));
  if (r != z3::sat) return hop;
  net::Packet w = WitnessFromModel(solver.get_model());
  net::PacketTrace t = net::Trace(network, ConcreteEnd(e.src, w.src), ConcreteEnd(e.dst, w.dst), w);
  if (t.blocking.has_value() && t.blocking->component_kind == hop.component_kind) {
    net::Hop traced = *t.blocking;
    if (traced.component_id.empty()) traced.component_id = hop.component_id;
    if (traced.explanation_code.empty()) traced.explanation_code = hop.explanation_code;
    return traced;
  }
  return hop;
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
  for (const net::LoweredInterface* s : sources) {
    for (const net::LoweredInterface* d : destinations) {
      if (s != d) pairs.push_back(EncodeInternal(*s, *d));
    }
    if (to.external.has_value()) pairs.push_back(EncodeToInternet(*s, *to.external));
  }
  if (from.external.has_value()) {
    for (const net::LoweredInterface* d : destinations) {
      pairs.push_back(EncodeFromInternet(*from.external, *d));
    }
  }
  if (pairs.empty()) {
    return absl::InvalidArgumentError(
        "the question has no path to check: one side must be an interface of the snapshot, "
        "and the two sides must differ");
  }
  const z3::expr h = HeaderConstraint(header);
  ReachAnswer result;
  result.verdict = ReachVerdict::kUnreachable;
  const int calls_before = solver_calls;
  for (PairEncoding& e : pairs) {
    VOUCH_ASSIGN_OR_RETURN(ReachAnswer a, SolvePair(e, h));
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
