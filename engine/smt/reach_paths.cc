// Path enumeration for one (source, destination) pair, hop for hop as engine/eval/net_trace.cc
// walks a packet: the order of checks and where the walk stops as unknown match it exactly.
#include "engine/smt/reach_paths.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/smt/net_reach.h"
#include "models/net/address_space.h"

namespace vouch::smt {
namespace {

constexpr int kMaxRoutingSteps = 4;  // as engine/eval/net_trace.cc

}  // namespace

std::vector<IpAddress> InterfaceAddresses(const net::LoweredInterface& i, IpFamily family) {
  std::vector<IpAddress> out;
  for (const net::PrivateIp& p : i.private_ips) {
    if (p.private_ip.family == family) out.push_back(p.private_ip);
  }
  if (family == IpFamily::kV6) {
    for (const Cidr& c : i.ipv6_addresses) out.push_back(c.address);
  }
  return out;
}

namespace {

z3::expr OneOf(const z3::expr& addr, const std::vector<IpAddress>& addresses) {
  z3::expr_vector any(addr.ctx());
  for (const IpAddress& a : addresses) any.push_back(addr == AddressConst(addr.ctx(), a));
  return any.empty() ? addr.ctx().bool_val(false) : z3::mk_or(any);
}

// True if some interface of `vpc_id` has an IPv4 private address inside internet space: only
// then could a packet for an internet address be delivered inside the VPC.
bool HoldsInternetAddress(const net::LoweredNetwork& n, const std::string& vpc_id) {
  for (const net::LoweredInterface& i : n.interfaces) {
    if (i.vpc_id != vpc_id) continue;
    for (const IpAddress& a : InterfaceAddresses(i, IpFamily::kV4)) {
      if (net::IsInternetAddress(a)) return true;
    }
  }
  return false;
}

// The interface an IPv6 packet from the internet for `a` goes to, as the concrete evaluator
// finds it: the one holding `a` in the first VPC that has one.
const net::LoweredInterface* InboundV6Owner(const net::LoweredNetwork& n, const IpAddress& a) {
  for (const net::LoweredVpc& v : n.vpcs) {
    if (const net::LoweredInterface* i = n.InterfaceWithPrivateAddress(v.vpc_id, a)) return i;
  }
  return nullptr;
}

}  // namespace

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

namespace {

// The stop when the subnet of interface `i` is missing from the snapshot.
net::Hop MissingSubnet(const net::LoweredInterface& i) {
  return MakeHop("subnet", i.subnet_id, "", "", "MISSING_DATA",
                 absl::StrCat("subnet `", i.subnet_id, "` of `", i.network_interface_id,
                              "` is not in the snapshot"));
}

}  // namespace

PathEncoder::PathEncoder(const net::LoweredNetwork& network, FilterEncoder& encoder,
                         const SymbolicPacket& packet, const z3::expr& dst_private,
                         const z3::expr& optimistic)
    : network_(network), encoder_(encoder), packet_(packet), dst_private_(dst_private),
      optimistic_(optimistic), family_(packet.family()) {}

int PathEncoder::Part(net::Hop hop) {
  std::string key = absl::StrCat(hop.component_kind, "|", hop.component_id, "|", hop.direction,
                                 "|", hop.explanation_code, "|", hop.detail);
  auto [it, inserted] = part_index_.emplace(key, e_->parts.size());
  if (inserted) e_->parts.push_back(std::move(hop));
  return it->second;
}

int PathEncoder::View(const Leg& leg, bool reply) {
  std::string key = absl::StrCat(leg.view, reply ? ".reply" : "");
  auto [it, inserted] = views_.emplace(key, 100 + views_.size());
  return it->second;
}

void PathEncoder::Finish(Walk w, bool delivered) {
  std::vector<PathCheck> path = std::move(w.forward);
  if (delivered) path.insert(path.end(), w.reply.rbegin(), w.reply.rend());
  e_->paths.push_back(std::move(path));
}

void PathEncoder::Stop(Walk w, net::Hop hop, const z3::expr& when) {
  const int part = Part(std::move(hop));
  if (!when.is_false()) Reason(e_->parts[part].detail, part);
  w.forward.push_back({part, ctx().bool_val(false), when});
  Finish(std::move(w), false);
}

void PathEncoder::SecurityGroups(Walk& w, const net::LoweredInterface& i, bool egress,
                                 const Leg& leg) {
  if (i.security_groups_apply) w.forward.push_back(SecurityGroupCheck(i, egress, leg));
}

PathCheck PathEncoder::SecurityGroupCheck(const net::LoweredInterface& i, bool egress,
                                          const Leg& leg) {
  std::string groups = absl::StrJoin(i.group_ids, ",");
  std::string dir = egress ? "egress" : "ingress";
  if (!network_.Has("SecurityGroups")) {
    net::Hop hop = MakeHop("security-group", groups, "", dir, "MISSING_DATA",
                           "the snapshot has no SecurityGroups response");
    Reason(hop.detail, -1);  // the check passes when optimistic
    return {Part(std::move(hop)), optimistic_, ctx().bool_val(false)};
  }
  const net::Filter& f = egress ? i.sg_egress : i.sg_ingress;
  if (encoder_.HasUnresolvedRules(f)) {
    Reason(absl::StrCat("security groups of `", i.network_interface_id,
                        "` use a prefix list whose entries the snapshot lacks"),
           -1);
  }
  net::Hop hop = MakeHop("security-group", groups, "", dir, "ENI_SG_RULES_MISMATCH",
                         absl::StrCat("no ", egress ? "outbound" : "inbound", " rule of the ",
                                      "security groups of `", i.network_interface_id,
                                      "` admits the packet", i.VoidReferencesNote(egress)));
  return {Part(std::move(hop)), encoder_.Allows(f, leg.p, View(leg, false)), ctx().bool_val(false)};
}

PathCheck PathEncoder::Acl(const net::LoweredSubnet& subnet, bool egress, const Leg& leg, bool reply) {
  std::string dir = egress ? "egress" : "ingress";
  if (subnet.network_acl_id.empty()) {
    net::Hop hop = MakeHop("network-acl", "", "", dir, "MISSING_DATA",
                           absl::StrCat("no network ACL is known for subnet `", subnet.subnet_id, "`"));
    Reason(hop.detail, -1);  // the check passes when optimistic
    return {Part(std::move(hop)), optimistic_, ctx().bool_val(false)};
  }
  const net::Filter& f = egress ? subnet.acl_egress : subnet.acl_ingress;
  if (encoder_.HasUnresolvedRules(f)) {
    Reason(absl::StrCat("network ACL `", subnet.network_acl_id,
                        "` uses a prefix list whose entries the snapshot lacks"),
           -1);
  }
  net::Hop hop = MakeHop("network-acl", subnet.network_acl_id, "", dir, "SUBNET_ACL_RESTRICTION",
                         absl::StrCat("the ", egress ? "outbound" : "inbound", " rules of `",
                                      subnet.network_acl_id, "` deny ",
                                      reply ? "the reply" : "the packet"));
  const SymbolicPacket p = reply ? leg.p.Reply() : leg.p;
  return {Part(std::move(hop)), encoder_.Allows(f, p, View(leg, reply)), ctx().bool_val(false)};
}

void PathEncoder::InstanceState(Walk& w, const net::LoweredInterface& i) {
  const net::Instance* inst = network_.FindInstance(i.instance_id);
  if (inst == nullptr || inst->state.empty() || inst->state == "running") return;
  w.forward.push_back({Part(MakeHop("instance", inst->instance_id, inst->name, "", "BAD_STATE",
                                    absl::StrCat("instance `", inst->instance_id, "` is ", inst->state))),
                       ctx().bool_val(false), ctx().bool_val(false)});
}

void PathEncoder::IngressRouting(Walk& w, absl::string_view gateway_id, const z3::expr& dst) {
  const net::LoweredRouteTable* table = net::RedirectingIngressTable(network_, gateway_id);
  if (table == nullptr) return;
  auto check = [&](const net::LoweredRoute* route, z3::expr takes) {
    takes = takes.simplify();
    if (takes.is_false()) return;
    net::Hop hop = MakeHop("route-table", table->route_table_id, table->name, "",
                           "UNSUPPORTED_INGRESS_ROUTING",
                           net::IngressRoutingDetail(*table, gateway_id, route));
    const int part = Part(std::move(hop));
    Reason(e_->parts[part].detail, part);
    w.forward.push_back({part, !takes, takes});
  };
  // As net::LongestPrefixMatch: a prefix-list route of unknown entries takes what it might match.
  const net::LoweredRoute* unresolved = nullptr;
  for (const net::LoweredRoute& r : table->routes) {
    if (r.unresolved) {
      unresolved = &r;
      break;
    }
  }
  const z3::expr maybe = FilterEncoder::MaybeUnresolvedRoute(*table, dst);
  if (unresolved != nullptr && unresolved->target_kind != net::RouteTargetKind::kLocal) {
    check(unresolved, maybe);
  }
  for (const net::LoweredRoute* r : FilterEncoder::LookupOrder(*table, family_)) {
    if (r->target_kind == net::RouteTargetKind::kLocal) continue;
    check(r, !maybe && FilterEncoder::RouteChain(
                           *table, dst,
                           [&](const net::LoweredRoute& x) { return ctx().bool_val(&x == r); },
                           ctx().bool_val(false)));
  }
  check(nullptr,
        !maybe && FilterEncoder::RouteChain(
                      *table, dst, [&](const net::LoweredRoute&) { return ctx().bool_val(false); },
                      ctx().bool_val(true)));
}

void PathEncoder::CrossSubnets(Walk& w, const net::LoweredSubnet* from,
                               const net::LoweredSubnet* to, const Leg& leg) {
  if (from == to) return;
  if (from != nullptr) {
    w.forward.push_back(Acl(*from, true, leg, false));
    w.reply.push_back(Acl(*from, false, leg, true));
  }
  if (to != nullptr) {
    w.forward.push_back(Acl(*to, false, leg, false));
    w.reply.push_back(Acl(*to, true, leg, true));
  }
}

// As Walker::ReplyRoute: the reply from `subnet` must be routed back to `target`.
PathCheck PathEncoder::ReplyRoute(const net::LoweredSubnet& subnet, const Leg& leg,
                                  const std::string& target) {
  const z3::expr back = leg.p.src;  // the reply's destination
  if (subnet.route_table < 0) {
    net::Hop hop =
        MakeHop("route-table", "", "", "", "MISSING_DATA",
                absl::StrCat("no route table is known for subnet `", subnet.subnet_id, "`"));
    const int part = Part(std::move(hop));
    Reason(e_->parts[part].detail, part);
    return {part, ctx().bool_val(false), ctx().bool_val(true)};
  }
  const net::LoweredRouteTable& table = network_.route_tables[subnet.route_table];
  z3::expr maybe = FilterEncoder::MaybeUnresolvedRoute(table, back);
  z3::expr sel = FilterEncoder::RouteChain(
      table, back,
      [&](const net::LoweredRoute& r) {
        return ctx().bool_val(r.state == net::RouteState::kActive && r.target_id == target);
      },
      ctx().bool_val(false));
  const bool internet = absl::StartsWith(target, "igw-") || network_.FindInternetGateway(target);
  net::Hop hop = MakeHop("route-table", table.route_table_id, table.name, "",
                         "NO_ROUTE_TO_DESTINATION",
                         internet ? absl::StrCat("`", table.route_table_id,
                                                 "` has no active route to the internet (for the "
                                                 "reply) through an attached internet gateway")
                                  : absl::StrCat("`", table.route_table_id,
                                                 "` has no active route back to the source (for the "
                                                 "reply) through `", target, "`"));
  const int part = Part(std::move(hop));
  if (!maybe.is_false()) {
    Reason(absl::StrCat("`", table.route_table_id,
                        "` has a prefix-list route whose entries the snapshot lacks"),
           part);
  }
  return {part, sel && !maybe, maybe};
}

void PathEncoder::FromInterface(const net::LoweredInterface& s, std::optional<Target> intended) {
  Walk w;
  Leg leg{packet_, "fwd", &s, std::nullopt};
  InstanceState(w, s);
  SecurityGroups(w, s, true, leg);
  const net::LoweredSubnet* subnet = network_.FindSubnet(s.subnet_id);
  if (subnet == nullptr) {
    return Stop(std::move(w), MissingSubnet(s),
                ctx().bool_val(true));
  }
  Route(std::move(w), *subnet, leg, 0, std::move(intended));
}

void PathEncoder::Route(Walk w, const net::LoweredSubnet& subnet, const Leg& leg, int depth,
                        std::optional<Target> intended) {
  if (depth >= kMaxRoutingSteps) {
    return Stop(std::move(w), MakeHop("route-table", "", "", "", "UNSUPPORTED_PATH",
                                      "the path is longer than vouch follows"),
                ctx().bool_val(true));
  }
  if (subnet.route_table < 0) {
    return Stop(std::move(w), MakeHop("route-table", "", "", "", "MISSING_DATA",
                                      absl::StrCat("no route table is known for subnet `",
                                                   subnet.subnet_id, "`")),
                ctx().bool_val(true));
  }
  const net::LoweredRouteTable& table = network_.route_tables[subnet.route_table];
  const z3::expr& dst = leg.p.dst;
  z3::expr maybe = FilterEncoder::MaybeUnresolvedRoute(table, dst);
  const bool to_internet = dst_iface_ == nullptr;
  net::Hop hop = MakeHop("route-table", table.route_table_id, table.name, "",
                         "NO_ROUTE_TO_DESTINATION",
                         absl::StrCat("`", table.route_table_id, "` has no active route to ",
                                      to_internet ? "the internet through an attached internet gateway"
                                                  : "the destination"));
  const int part = Part(hop);
  if (!maybe.is_false()) {
    Walk u = w;
    Stop(std::move(u), MakeHop("route-table", table.route_table_id, table.name, "",
                               "UNRESOLVED_PREFIX_LIST",
                               absl::StrCat("`", table.route_table_id,
                                            "` has a prefix-list route whose entries the snapshot lacks")),
         maybe);
  }
  std::vector<Target> targets;
  auto add = [&](const net::LoweredRoute* r) {
    Target t{r->target_kind, r->target_id};
    if (r->state == net::RouteState::kActive &&
        std::find(targets.begin(), targets.end(), t) == targets.end()) {
      targets.push_back(t);
    }
  };
  if (dst_iface_ != nullptr) {
    // The destination is one of a few known addresses (no hop rewrites it): only the routes
    // they select can carry the packet.
    for (const IpAddress& a : InterfaceAddresses(*dst_iface_, family_)) {
      if (const net::LoweredRoute* r = net::LongestPrefixMatch(table, a).route) add(r);
    }
  } else {
    for (const net::LoweredRoute* r : FilterEncoder::LookupOrder(table, family_)) add(r);
  }
  if (intended && std::find(targets.begin(), targets.end(), *intended) == targets.end()) {
    targets.push_back(*intended);
  }
  if (targets.empty()) {  // every packet is dropped here: a path for the blocking components
    Walk d = w;
    d.forward.push_back({part, ctx().bool_val(false), ctx().bool_val(false)});
    return Finish(std::move(d), false);
  }
  const net::LoweredVpc* vpc = network_.FindVpc(subnet.vpc_id);
  for (const Target& t : targets) {
    z3::expr sel = FilterEncoder::RouteChain(
        table, dst,
        [&](const net::LoweredRoute& r) {
          return ctx().bool_val(r.state == net::RouteState::kActive && r.target_kind == t.kind &&
                                r.target_id == t.id);
        },
        ctx().bool_val(false));
    Walk next = w;
    next.forward.push_back({part, sel && !maybe, ctx().bool_val(false)});
    switch (t.kind) {
      case net::RouteTargetKind::kLocal:
        if (vpc == nullptr) {
          Stop(std::move(next), MakeHop("vpc", subnet.vpc_id, "", "", "MISSING_DATA",
                                        absl::StrCat("vpc `", subnet.vpc_id, "` is not in the snapshot")),
               ctx().bool_val(true));
        } else {
          Deliver(std::move(next), &subnet, *vpc, leg);
        }
        break;
      case net::RouteTargetKind::kInternetGateway:
      case net::RouteTargetKind::kEgressOnlyInternetGateway:
        ToInternetGateway(std::move(next), subnet, t, leg);
        break;
      case net::RouteTargetKind::kNatGateway:
        ToNatGateway(std::move(next), subnet, t, leg, depth);
        break;
      case net::RouteTargetKind::kVpcPeeringConnection:
        ToPeering(std::move(next), subnet, t, leg);
        break;
      default: {
        std::string field;  // names a target field vouch does not know
        for (const net::LoweredRoute& r : table.routes) {
          if (r.target_kind == t.kind && r.target_id == t.id) field = r.target_field;
        }
        Stop(std::move(next),
             MakeHop(net::RouteTargetKindName(t.kind), t.id, "", "", "UNSUPPORTED_ROUTE_TARGET",
                     absl::StrCat("`", table.route_table_id, "` sends some packets to ",
                                  net::RouteTargetDescription(t.kind, field), " (`", t.id,
                                  "`), which `reach` does not follow")),
             ctx().bool_val(true));
      }
    }
  }
}

void PathEncoder::Deliver(Walk w, const net::LoweredSubnet* from, const net::LoweredVpc& vpc,
                          const Leg& leg) {
  if (dst_iface_ == nullptr && family_ == IpFamily::kV6) {
    return DeliverLocalV6(std::move(w), from, vpc, leg, nullptr);
  }
  if (dst_iface_ == nullptr) {
    // An internet address delivered inside a VPC: only where a VPC uses internet space.
    return Stop(std::move(w), MakeHop("vpc", vpc.vpc_id, vpc.name, "", "UNKNOWN_DESTINATION",
                                      absl::StrCat("`", vpc.vpc_id, "` might hold the destination ",
                                                   "address itself, which `reach` does not follow")),
                ctx().bool_val(HoldsInternetAddress(network_, vpc.vpc_id)));
  }
  DeliverTo(std::move(w), from, vpc, leg, *dst_iface_);
}

// An IPv6 internet address is global: the local route delivers it to whichever interface of
// `vpc` holds it, as the concrete evaluator does for an external destination.
void PathEncoder::DeliverLocalV6(Walk w, const net::LoweredSubnet* from, const net::LoweredVpc& vpc,
                                 const Leg& leg, const std::string* peering) {
  std::vector<IpAddress> held;
  for (const net::LoweredInterface& i : network_.interfaces) {
    if (i.vpc_id != vpc.vpc_id) continue;
    for (const IpAddress& a : InterfaceAddresses(i, family_)) {
      if (network_.InterfaceWithPrivateAddress(vpc.vpc_id, a) != &i) continue;
      held.push_back(a);
    }
  }
  if (held.empty()) {
    return Dead(std::move(w), MakeHop("vpc", vpc.vpc_id, vpc.name, "", "UNKNOWN_DESTINATION",
                                      absl::StrCat("no interface of `", vpc.vpc_id,
                                                   "` holds an IPv6 address")));
  }
  for (const net::LoweredInterface& i : network_.interfaces) {
    if (i.vpc_id != vpc.vpc_id || InterfaceAddresses(i, family_).empty()) continue;
    Walk next = w;
    // Over a peering connection, the reply must come back over it from that interface's subnet.
    if (peering != nullptr) {
      if (const net::LoweredSubnet* to = network_.FindSubnet(i.subnet_id)) {
        next.reply.push_back(ReplyRoute(*to, leg, *peering));
      }
    }
    DeliverTo(std::move(next), from, vpc, leg, i);
  }
}

void PathEncoder::DeliverTo(Walk w, const net::LoweredSubnet* from, const net::LoweredVpc& vpc,
                            const Leg& leg, const net::LoweredInterface& d) {
  std::vector<IpAddress> held;
  for (const IpAddress& a : InterfaceAddresses(d, family_)) {
    if (network_.InterfaceWithPrivateAddress(vpc.vpc_id, a) == &d) held.push_back(a);
  }
  w.forward.push_back({Part(MakeHop("vpc", vpc.vpc_id, vpc.name, "", "UNKNOWN_DESTINATION",
                                    absl::StrCat("`", d.network_interface_id, "` holds no address of `",
                                                 vpc.vpc_id, "` that the packet is for"))),
                       OneOf(leg.p.dst, held), ctx().bool_val(false)});
  const net::LoweredSubnet* to = network_.FindSubnet(d.subnet_id);
  if (to == nullptr) {
    return Stop(std::move(w), MissingSubnet(d),
                ctx().bool_val(true));
  }
  CrossSubnets(w, from, to, leg);
  SecurityGroups(w, d, false, leg);
  InstanceState(w, d);
  Finish(std::move(w), true);
}

void PathEncoder::ToInternetGateway(Walk w, const net::LoweredSubnet& from, const Target& t,
                                    const Leg& leg) {
  const char* kind = t.kind == net::RouteTargetKind::kInternetGateway
                         ? "internet-gateway" : "egress-only-internet-gateway";
  const net::LoweredInternetGateway* igw = network_.FindInternetGateway(t.id);
  if (igw == nullptr) {
    return Stop(std::move(w), MakeHop(kind, t.id, "", "", "MISSING_DATA",
                                      absl::StrCat("gateway `", t.id, "` is not in the snapshot")),
                ctx().bool_val(true));
  }
  const auto& vpcs = igw->attached_vpc_ids;
  if (std::find(vpcs.begin(), vpcs.end(), from.vpc_id) == vpcs.end()) {
    return Dead(std::move(w), MakeHop(kind, t.id, igw->name, "", "BAD_STATE_ATTACHMENT",
                                      absl::StrCat("`", t.id, "` is not attached to `", from.vpc_id, "`")));
  }
  CrossSubnets(w, &from, nullptr, leg);
  w.forward.push_back({Part(MakeHop(kind, t.id, igw->name, "",
                                    "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS",
                                    "the destination is not an internet address")),
                       IsInternetAddress(leg.p.dst), ctx().bool_val(false)});
  if (igw->egress_only && family_ == IpFamily::kV4) {
    return Dead(std::move(w), MakeHop(kind, t.id, igw->name, "", "PROTOCOL_RESTRICTION",
                                      "an egress-only internet gateway carries IPv6 only"));
  }
  if (family_ == IpFamily::kV6) {
    // IPv6 leaves with its own global address: no translation, no public address needed.
  } else if (leg.src_const) {
    std::optional<IpAddress> pub = network_.EgressPublicAddress(from.vpc_id, *leg.src_const);
    const net::LoweredNatGateway* nat = nullptr;
    for (const net::LoweredNatGateway& g : network_.nat_gateways) {
      if (g.private_ip && *g.private_ip == *leg.src_const) nat = &g;
    }
    w.forward.push_back(
        {Part(MakeHop("nat-gateway", nat ? nat->nat_gateway_id : "", nat ? nat->name : "", "",
                      "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
                      absl::StrCat("`", leg.src_const->ToString(), "` has no public address (a ",
                                   "private nat gateway, or one in another vpc)"))),
         ctx().bool_val(pub.has_value()), ctx().bool_val(false)});
  } else {
    std::vector<IpAddress> with_public;
    for (const IpAddress& a : InterfaceAddresses(*leg.src_iface, family_)) {
      if (network_.EgressPublicAddress(from.vpc_id, a)) with_public.push_back(a);
    }
    const net::LoweredInterface& s = *leg.src_iface;
    w.forward.push_back(
        {Part(MakeHop("network-interface", s.network_interface_id, s.name, "", "NO_PUBLIC_IP",
                      absl::StrCat("`", s.network_interface_id,
                                   "` has no public IPv4 address (auto-assigned or Elastic IP)"))),
         OneOf(leg.p.src, with_public), ctx().bool_val(false)});
  }
  // The reply enters through this gateway, for the sender's private address: a gateway route
  // table might redirect it.
  IngressRouting(w, igw->internet_gateway_id, leg.p.src);
  if (dst_iface_ != nullptr && family_ == IpFamily::kV6) {
    // Out to the internet and back in to the destination's global address.
    return InboundV6(std::move(w), leg);
  }
  if (dst_iface_ != nullptr) {
    // Back in from the internet to an interface's public address: only if the destination
    // interface holds an internet address as a private one, which `reach` does not follow.
    bool odd = false;
    for (const IpAddress& a : InterfaceAddresses(*dst_iface_, family_)) {
      odd = odd || net::IsInternetAddress(a);
    }
    return Stop(std::move(w), MakeHop(kind, t.id, igw->name, "", "UNKNOWN_DESTINATION",
                                      "a packet between interfaces routed out to the internet and "
                                      "back, which `reach` does not follow"),
                ctx().bool_val(odd));
  }
  Finish(std::move(w), true);
}

void PathEncoder::ToNatGateway(Walk w, const net::LoweredSubnet& from, const Target& t,
                               const Leg& leg, int depth) {
  if (family_ == IpFamily::kV6) {
    return Stop(std::move(w), MakeHop("nat-gateway", t.id, "", "", "UNSUPPORTED_PATH",
                                      "vouch does not follow IPv6 through a nat gateway (NAT64)"),
                ctx().bool_val(true));
  }
  const net::LoweredNatGateway* nat = network_.FindNatGateway(t.id);
  if (nat == nullptr) {
    return Stop(std::move(w), MakeHop("nat-gateway", t.id, "", "", "MISSING_DATA",
                                      absl::StrCat("nat gateway `", t.id, "` is not in the snapshot")),
                ctx().bool_val(true));
  }
  if (std::optional<std::string> why = net::ForeignNatGateway(network_, from, *nat)) {
    return Stop(std::move(w), MakeHop("nat-gateway", t.id, nat->name, "", "MISSING_DATA", *std::move(why)),
                ctx().bool_val(true));
  }
  if (!nat->available || !nat->private_ip || nat->private_ip->family != IpFamily::kV4) {
    return Dead(std::move(w), MakeHop("nat-gateway", t.id, nat->name, "", "BAD_STATE",
                                      absl::StrCat("`", t.id, "` is not available")));
  }
  const net::LoweredSubnet* nat_subnet = network_.FindSubnet(nat->subnet_id);
  if (nat_subnet == nullptr) {
    return Stop(std::move(w), MakeHop("subnet", nat->subnet_id, "", "", "MISSING_DATA",
                                      absl::StrCat("subnet `", nat->subnet_id, "` of `", t.id,
                                                   "` is not in the snapshot")),
                ctx().bool_val(true));
  }
  CrossSubnets(w, &from, nat_subnet, leg);
  // Source NAT to the gateway's private address; TCP and UDP ports stay in 1024-65535.
  const SymbolicPacket& p = leg.p;
  z3::context& c = ctx();
  z3::expr ports = p.protocol == c.bv_val(6, 8) || p.protocol == c.bv_val(17, 8);
  z3::expr port = z3::ite(ports && z3::ult(p.src_port, c.bv_val(1024, 16)), c.bv_val(1024, 16),
                          p.src_port);
  Leg out{SymbolicPacket(AddressConst(c, *nat->private_ip), p.dst, p.protocol, port, p.dst_port,
                         p.icmp_type, p.icmp_code),
          absl::StrCat(leg.view, ">", t.id), nullptr, *nat->private_ip};
  Route(std::move(w), *nat_subnet, out, depth + 1, std::nullopt);
}

void PathEncoder::ToPeering(Walk w, const net::LoweredSubnet& from, const Target& t, const Leg& leg) {
  const net::LoweredPeering* pcx = network_.FindPeering(t.id);
  if (pcx == nullptr) {
    return Stop(std::move(w), MakeHop("vpc-peering-connection", t.id, "", "", "MISSING_DATA",
                                      absl::StrCat("peering connection `", t.id, "` is not in the snapshot")),
                ctx().bool_val(true));
  }
  if (!pcx->active) {
    return Dead(std::move(w), MakeHop("vpc-peering-connection", t.id, "", "", "BAD_STATE",
                                      absl::StrCat("`", t.id, "` is not active")));
  }
  const net::PeeringVpcInfo* peer = from.vpc_id == pcx->requester.vpc_id  ? &pcx->accepter
                                    : from.vpc_id == pcx->accepter.vpc_id ? &pcx->requester
                                                                          : nullptr;
  z3::expr_vector in_peer(ctx());
  if (peer != nullptr) {
    for (const Cidr& c : peer->cidr_blocks) {
      if (c.address.family == family_) in_peer.push_back(InCidr(leg.p.dst, c));
    }
  }
  w.forward.push_back({Part(MakeHop("vpc-peering-connection", t.id, "", "",
                                    "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
                                    "the destination is not in the peer vpc's cidr blocks")),
                       in_peer.empty() ? ctx().bool_val(false) : z3::mk_or(in_peer),
                       ctx().bool_val(false)});
  if (peer == nullptr) return Finish(std::move(w), false);
  const net::LoweredVpc* vpc = network_.FindVpc(peer->vpc_id);
  if (vpc == nullptr) {
    return Stop(std::move(w), MakeHop("vpc", peer->vpc_id, "", "", "MISSING_DATA",
                                      absl::StrCat("peer vpc `", peer->vpc_id, "` is not in the snapshot")),
                ctx().bool_val(true));
  }
  if (dst_iface_ == nullptr && family_ == IpFamily::kV6) {
    return DeliverLocalV6(std::move(w), &from, *vpc, leg, &t.id);  // peering is not transitive
  }
  // The reply must come back over the same connection from the destination's subnet.
  if (dst_iface_ != nullptr) {
    if (const net::LoweredSubnet* to = network_.FindSubnet(dst_iface_->subnet_id)) {
      w.reply.push_back(ReplyRoute(*to, leg, t.id));
    }
  }
  Deliver(std::move(w), &from, *vpc, leg);  // peering is not transitive
}

PairEncoding PathEncoder::Internal(const net::LoweredInterface& s, const net::LoweredInterface& d) {
  PairEncoding e(OneOf(packet_.src, InterfaceAddresses(s, family_)) &&
                 OneOf(packet_.dst, InterfaceAddresses(d, family_)));
  e.src = net::Endpoint{s.network_interface_id, std::nullopt};
  e.dst = net::Endpoint{d.network_interface_id, std::nullopt};
  e.family = family_;
  e_ = &e;
  part_index_.clear();
  dst_iface_ = &d;
  std::optional<Target> intended;
  if (s.vpc_id == d.vpc_id) intended = Target{net::RouteTargetKind::kLocal, "local"};
  FromInterface(s, intended);
  e_ = nullptr;
  return e;
}

PairEncoding PathEncoder::ToInternet(const net::LoweredInterface& s, const Cidr& block) {
  PairEncoding e(OneOf(packet_.src, InterfaceAddresses(s, family_)) && InCidr(packet_.dst, block) &&
                 IsInternetAddress(packet_.dst));
  e.src = net::Endpoint{s.network_interface_id, std::nullopt};
  e.family = family_;
  e_ = &e;
  part_index_.clear();
  dst_iface_ = nullptr;
  std::optional<Target> intended;
  const net::LoweredVpc* vpc = network_.FindVpc(s.vpc_id);
  if (vpc != nullptr && !vpc->internet_gateway_ids.empty()) {
    intended = Target{net::RouteTargetKind::kInternetGateway, vpc->internet_gateway_ids.front()};
  } else if (vpc != nullptr && family_ == IpFamily::kV6 &&
             !vpc->egress_only_internet_gateway_ids.empty()) {
    intended = Target{net::RouteTargetKind::kEgressOnlyInternetGateway,
                      vpc->egress_only_internet_gateway_ids.front()};
  }
  FromInterface(s, intended);
  e_ = nullptr;
  return e;
}

// As Walker::FromInternetV6: no translation; the destination's global address must be routed
// through an internet gateway attached to its VPC (an egress-only one admits nothing inbound).
void PathEncoder::InboundV6(Walk w, const Leg& leg) {
  const net::LoweredInterface& d = *dst_iface_;
  w.forward.push_back({Part(MakeHop("internet-gateway", "", "", "",
                                    "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS",
                                    "the source is not an internet address")),
                       IsInternetAddress(leg.p.src), ctx().bool_val(false)});
  // Addresses another interface holds too (in an earlier VPC) would go there instead.
  std::vector<IpAddress> owned, shared;
  for (const IpAddress& a : InterfaceAddresses(d, family_)) {
    (InboundV6Owner(network_, a) == &d ? owned : shared).push_back(a);
  }
  if (!shared.empty()) {
    Walk u = w;
    Stop(std::move(u), MakeHop("network-interface", d.network_interface_id, d.name, "",
                               "UNSUPPORTED_PATH",
                               absl::StrCat("another interface holds an IPv6 address of `",
                                            d.network_interface_id, "` too")),
         OneOf(leg.p.dst, shared));
  }
  w.forward.push_back({Part(MakeHop("internet-gateway", "", "", "",
                                    "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                                    absl::StrCat("`", d.network_interface_id,
                                                 "` has no IPv6 address"))),
                       OneOf(leg.p.dst, owned), ctx().bool_val(false)});
  const net::LoweredVpc* vpc = network_.FindVpc(d.vpc_id);
  const bool has = vpc != nullptr && !vpc->internet_gateway_ids.empty();
  const bool egress_only = vpc != nullptr && !vpc->egress_only_internet_gateway_ids.empty();
  w.forward.push_back({Part(MakeHop("vpc", d.vpc_id, vpc != nullptr ? vpc->name : "", "",
                                    "NO_ATTACHED_INTERNET_GATEWAY",
                                    !has && egress_only
                                        ? "an egress-only internet gateway admits no inbound connections"
                                        : absl::StrCat("no internet gateway is attached to `",
                                                       d.vpc_id, "`"))),
                       ctx().bool_val(has), ctx().bool_val(false)});
  if (!has) return Finish(std::move(w), false);
  const std::string igw = vpc->internet_gateway_ids.front();
  IngressRouting(w, igw, leg.p.dst);
  const net::LoweredSubnet* subnet = network_.FindSubnet(d.subnet_id);
  if (subnet == nullptr) {
    return Stop(std::move(w), MissingSubnet(d),
                ctx().bool_val(true));
  }
  Acl(*subnet, false, leg, false);
  if (d.security_groups_apply) SecurityGroupCheck(d, false, leg);
  w.reply.push_back(ReplyRoute(*subnet, leg, igw));
  Deliver(std::move(w), nullptr, *vpc, leg);
}

PairEncoding PathEncoder::FromInternet(const Cidr& block, const net::LoweredInterface& d) {
  PairEncoding e(InCidr(packet_.src, block) && IsInternetAddress(packet_.src));
  e.dst = net::Endpoint{d.network_interface_id, std::nullopt};
  e.family = family_;
  e_ = &e;
  part_index_.clear();
  dst_iface_ = &d;
  Walk w;
  if (family_ == IpFamily::kV6) {
    e.base = e.base && OneOf(packet_.dst, InterfaceAddresses(d, family_));
    if (!network_.Has("InternetGateways")) {
      Stop(std::move(w), MakeHop("internet-gateway", "", "", "", "MISSING_DATA",
                                 "the snapshot has no internet gateways (describe-internet-gateways)"),
           ctx().bool_val(true));
    } else {
      InboundV6(std::move(w), Leg{packet_, "in", nullptr, std::nullopt});
    }
    e_ = nullptr;
    return e;
  }
  // The internet gateway's 1:1 NAT: a public address of `d` in, its private address out. As
  // the concrete evaluator: a NAT gateway's address (or interface) never admits inbound.
  z3::expr_vector mapped(ctx());
  for (const net::PrivateIp& ip : d.private_ips) {
    if (!ip.public_ip.has_value() || ip.private_ip.family != IpFamily::kV4) continue;
    if (!d.security_groups_apply || IsNatAddress(network_, *ip.public_ip)) continue;
    if (network_.InterfaceWithPublicAddress(*ip.public_ip) != &d) continue;
    mapped.push_back(packet_.dst == Const(ctx(), ip.public_ip->v4(), 32) &&
                     dst_private_ == Const(ctx(), ip.private_ip.v4(), 32));
  }
  w.forward.push_back({Part(MakeHop("network-interface", d.network_interface_id, d.name, "",
                                    "NO_PUBLIC_IP",
                                    absl::StrCat("`", d.network_interface_id,
                                                 "` has no public IPv4 address (auto-assigned or "
                                                 "Elastic IP)"))),
                       mapped.empty() ? ctx().bool_val(false) : z3::mk_or(mapped),
                       ctx().bool_val(false)});
  const net::LoweredVpc* vpc = network_.FindVpc(d.vpc_id);
  if (!network_.Has("InternetGateways")) {
    // Never unreachable by omission (the concrete evaluator would drop it).
    Stop(std::move(w), MakeHop("internet-gateway", "", "", "", "MISSING_DATA",
                               "the snapshot has no internet gateways (describe-internet-gateways)"),
         ctx().bool_val(true));
    e_ = nullptr;
    return e;
  }
  const bool has = vpc != nullptr && !vpc->internet_gateway_ids.empty();
  w.forward.push_back({Part(MakeHop("internet-gateway", has ? vpc->internet_gateway_ids.front() : "",
                                    "", "", "NO_ATTACHED_INTERNET_GATEWAY",
                                    absl::StrCat("no internet gateway is attached to `", d.vpc_id, "`"))),
                       ctx().bool_val(has), ctx().bool_val(false)});
  if (!has) {
    Finish(std::move(w), false);
    e_ = nullptr;
    return e;
  }
  const std::string igw = vpc->internet_gateway_ids.front();
  IngressRouting(w, igw, dst_private_);
  const net::LoweredSubnet* subnet = network_.FindSubnet(d.subnet_id);
  if (subnet == nullptr) {
    Stop(std::move(w), MissingSubnet(d),
         ctx().bool_val(true));
    e_ = nullptr;
    return e;
  }
  Leg in{SymbolicPacket(packet_.src, dst_private_, packet_.protocol, packet_.src_port,
                        packet_.dst_port, packet_.icmp_type, packet_.icmp_code),
         "in", nullptr, std::nullopt};
  // Number the destination's ACL and groups before the reply's route, so that blocking
  // components are listed in the order the packet meets them.
  Acl(*subnet, false, in, false);
  if (d.security_groups_apply) SecurityGroupCheck(d, false, in);
  w.reply.push_back(ReplyRoute(*subnet, in, igw));
  Deliver(std::move(w), nullptr, *vpc, in);
  e_ = nullptr;
  return e;
}

}  // namespace vouch::smt
