// The packet walker behind Trace: forward hops, then the reply over the same crossings.
//
// The forward walk records each subnet boundary it crosses (ACL egress of one subnet, ACL
// ingress of the next) and each route the reply must take back, with the packet as it was at
// that point. The reply replays those in reverse with the packet's Reply(): translations need
// no undoing, since each recorded packet already carries the addresses of its segment.
#include "engine/eval/net_trace.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "models/net/address_space.h"

namespace vouch::net {
namespace {

constexpr int kMaxRoutingSteps = 4;  // source subnet, NAT subnet, and room for one more

// A crossing the reply must make again, in the other direction.
struct ReplyStep {
  enum Kind { kAclIngress, kAclEgress, kRoute, kTranslate } kind;
  const LoweredSubnet* subnet = nullptr;
  Packet forward;  // the forward packet at this point
  // kRoute: the target the reply must be routed to; kTranslate: the component that translated.
  std::string component_kind, component_id, name;
};

class Walker {
 public:
  Walker(const LoweredNetwork& n, const Endpoint& dst) : n_(n), dst_(dst) {}

  PacketTrace Run(const Endpoint& src, const Packet& packet);

 private:
  // Adds a hop; a drop or unknown also records the blocking hop. Returns false on a drop.
  bool Add(Hop hop);
  Hop MakeHop(absl::string_view kind, absl::string_view id, absl::string_view name,
              absl::string_view direction, HopAction action, const Packet& p);
  bool Drop(absl::string_view kind, absl::string_view id, absl::string_view name,
            const Packet& p, absl::string_view code, std::string detail);
  bool Unknown(absl::string_view kind, absl::string_view id, const Packet& p,
               absl::string_view code, std::string detail);

  bool CheckInstanceState(const LoweredInterface& eni, const Packet& p);
  // Unknown (false) when the gateway route table of `gateway_id` takes traffic entering for
  // `destination` elsewhere than `local` (net::FindUnsupportedIngressRouting); `p` is the packet
  // the hop shows.
  bool IngressRouting(absl::string_view gateway_id, const IpAddress& destination, const Packet& p);
  bool SecurityGroups(const LoweredInterface& eni, bool egress, const Packet& p);
  bool Acl(const LoweredSubnet& subnet, bool egress, const Packet& p);
  bool CrossSubnets(const LoweredSubnet* from, const LoweredSubnet* to, const Packet& p);
  const LoweredSubnet* SubnetOf(const LoweredInterface& eni, const Packet& p);

  bool FromInterface(const LoweredInterface& src, Packet p);
  bool FromInternet(Packet p);
  bool FromInternetV6(const Packet& p);
  bool Route(const LoweredSubnet* subnet, Packet p, int depth);
  bool Deliver(const LoweredSubnet* from, const LoweredVpc& vpc, const Packet& p);
  bool ToInternetGateway(const LoweredSubnet* from, const LoweredRoute& route, Packet p);
  bool ToNatGateway(const LoweredSubnet* from, const LoweredRoute& route, Packet p, int depth);
  bool ToPeering(const LoweredSubnet* from, const LoweredRoute& route, const Packet& p);
  void Reply();
  bool ReplyRoute(const ReplyStep& step);

  const LoweredNetwork& n_;
  const Endpoint& dst_;
  PacketTrace trace_;
  std::vector<Hop>* hops_ = &trace_.forward;
  std::vector<ReplyStep> steps_;
  bool dropped_ = false;
  bool unknown_ = false;
  bool delivered_ = false;
};

Hop Walker::MakeHop(absl::string_view kind, absl::string_view id, absl::string_view name,
                    absl::string_view direction, HopAction action, const Packet& p) {
  Hop h;
  h.component_kind = std::string(kind);
  h.component_id = std::string(id);
  h.name = std::string(name);
  h.direction = std::string(direction);
  h.action = action;
  h.packet = p;
  return h;
}

bool Walker::Add(Hop hop) {
  if (hop.action == HopAction::kDropped) {
    dropped_ = true;
    trace_.blocking = hop;
  } else if (hop.action == HopAction::kUnknown && !dropped_ && !unknown_) {
    unknown_ = true;
    trace_.blocking = hop;
  }
  bool ok = hop.action != HopAction::kDropped;
  hops_->push_back(std::move(hop));
  return ok;
}

bool Walker::Drop(absl::string_view kind, absl::string_view id, absl::string_view name,
                  const Packet& p, absl::string_view code, std::string detail) {
  Hop h = MakeHop(kind, id, name, "", HopAction::kDropped, p);
  h.explanation_code = std::string(code);
  h.detail = std::move(detail);
  return Add(std::move(h));
}

bool Walker::Unknown(absl::string_view kind, absl::string_view id, const Packet& p,
                     absl::string_view code, std::string detail) {
  Hop h = MakeHop(kind, id, "", "", HopAction::kUnknown, p);
  h.explanation_code = std::string(code);
  h.detail = std::move(detail);
  Add(std::move(h));
  return false;  // nothing after an unknown route or missing part can be followed
}

bool Walker::CheckInstanceState(const LoweredInterface& eni, const Packet& p) {
  const Instance* inst = n_.FindInstance(eni.instance_id);
  if (inst == nullptr || inst->state.empty() || inst->state == "running") return true;
  return Drop("instance", inst->instance_id, inst->name, p, "BAD_STATE",
              absl::StrCat("instance `", inst->instance_id, "` is ", inst->state));
}

bool Walker::IngressRouting(absl::string_view gateway_id, const IpAddress& destination,
                            const Packet& p) {
  std::optional<UnsupportedIngressRouting> r =
      FindUnsupportedIngressRouting(n_, gateway_id, destination);
  if (!r) return true;
  return Unknown("route-table", r->table->route_table_id, p, "UNSUPPORTED_INGRESS_ROUTING",
                 r->detail);
}

// One interface's security groups in one direction: a union of allows, else deny.
bool Walker::SecurityGroups(const LoweredInterface& eni, bool egress, const Packet& p) {
  if (!eni.security_groups_apply) return true;
  absl::string_view dir = egress ? "egress" : "ingress";
  std::string groups = absl::StrJoin(eni.group_ids, ",");
  if (!n_.Has("SecurityGroups")) {
    Hop h = MakeHop("security-group", groups, "", dir, HopAction::kUnknown, p);
    h.explanation_code = "MISSING_DATA";
    h.detail = "the snapshot has no SecurityGroups response";
    return Add(std::move(h));
  }
  FilterResult r = Evaluate(egress ? eni.sg_egress : eni.sg_ingress, p);
  const FilterRule* rule = r.rule != nullptr ? r.rule : r.unresolved_rule;
  std::string id = rule != nullptr ? rule->origin.component_id : groups;
  auto named = n_.group_names.find(id);  // a single group: label it with its GroupName
  std::string name = named != n_.group_names.end() ? named->second : "";
  Hop h = MakeHop("security-group", id, name, dir, HopAction::kAllowed, p);
  if (rule != nullptr) h.rule = rule->origin;
  if (r.verdict == Verdict::kDeny) {
    h.action = HopAction::kDropped;
    h.explanation_code = "ENI_SG_RULES_MISMATCH";
    h.detail = absl::StrCat("no ", dir, " rule of ", groups.empty() ? "any group" : groups,
                            " on `", eni.network_interface_id, "` allows ", p.DebugString(),
                            eni.VoidReferencesNote(egress));
  } else if (r.verdict == Verdict::kUnknown) {
    h.action = HopAction::kUnknown;
    h.explanation_code = "UNRESOLVED_PREFIX_LIST";
    h.detail = absl::StrCat("only a rule naming prefix list `", rule->origin.peer,
                            "`, whose entries the snapshot lacks, might allow it");
  }
  return Add(std::move(h));
}

// A subnet's network ACL in one direction: first match by RuleNumber.
bool Walker::Acl(const LoweredSubnet& subnet, bool egress, const Packet& p) {
  absl::string_view dir = egress ? "egress" : "ingress";
  if (subnet.network_acl_id.empty()) {
    Hop h = MakeHop("network-acl", "", subnet.name, dir, HopAction::kUnknown, p);
    h.explanation_code = "MISSING_DATA";
    h.detail = n_.Has("NetworkAcls")
                   ? absl::StrCat("no network ACL is associated with `", subnet.subnet_id, "`")
                   : "the snapshot has no NetworkAcls response";
    return Add(std::move(h));
  }
  FilterResult r = Evaluate(egress ? subnet.acl_egress : subnet.acl_ingress, p);
  const FilterRule* rule = r.rule != nullptr ? r.rule : r.unresolved_rule;
  Hop h = MakeHop("network-acl", subnet.network_acl_id, "", dir, HopAction::kAllowed, p);
  if (rule != nullptr) h.rule = rule->origin;
  if (r.verdict == Verdict::kDeny) {
    h.action = HopAction::kDropped;
    h.explanation_code = "SUBNET_ACL_RESTRICTION";
    h.detail = rule != nullptr
                   ? absl::StrCat(dir, " rule ", rule->origin.rule_number, " of `",
                                  subnet.network_acl_id, "` denies ", p.DebugString())
                   : absl::StrCat("no ", dir, " entry of `", subnet.network_acl_id,
                                  "` matches ", p.DebugString());
  }
  return Add(std::move(h));
}

// Leaving `from` and entering `to`: both ACLs, unless the packet stays inside one subnet.
bool Walker::CrossSubnets(const LoweredSubnet* from, const LoweredSubnet* to, const Packet& p) {
  if (from == to) return true;
  if (from != nullptr) {
    if (!Acl(*from, true, p)) return false;
    steps_.push_back({ReplyStep::kAclIngress, from, p, "", "", ""});
  }
  if (to != nullptr) {
    if (!Acl(*to, false, p)) return false;
    steps_.push_back({ReplyStep::kAclEgress, to, p, "", "", ""});
  }
  return true;
}

const LoweredSubnet* Walker::SubnetOf(const LoweredInterface& eni, const Packet& p) {
  const LoweredSubnet* s = n_.FindSubnet(eni.subnet_id);
  if (s == nullptr) {
    Unknown("subnet", eni.subnet_id, p, "MISSING_DATA",
            absl::StrCat("subnet `", eni.subnet_id, "` of `", eni.network_interface_id,
                         "` is not in the snapshot"));
  }
  return s;
}

bool Walker::FromInterface(const LoweredInterface& src, Packet p) {
  if (!src.HasPrivateAddress(p.src)) {
    return Drop("network-interface", src.network_interface_id, src.name, p,
                "ENI_ADDRESS_RESTRICTION",
                absl::StrCat("`", p.src.ToString(), "` is not an address of `",
                             src.network_interface_id, "`"));
  }
  if (!CheckInstanceState(src, p)) return false;
  Add(MakeHop("network-interface", src.network_interface_id, src.name, "", HopAction::kForwarded, p));
  if (!SecurityGroups(src, true, p)) return false;
  const LoweredSubnet* subnet = SubnetOf(src, p);
  if (subnet == nullptr) return false;
  return Route(subnet, p, 0);
}

bool Walker::Route(const LoweredSubnet* subnet, Packet p, int depth) {
  if (depth >= kMaxRoutingSteps) {
    return Unknown("route-table", "", p, "UNSUPPORTED_PATH", "the path is longer than vouch follows");
  }
  if (subnet->route_table < 0) {
    return Unknown("route-table", "", p, "MISSING_DATA",
                   n_.Has("RouteTables")
                       ? absl::StrCat("no route table applies to `", subnet->subnet_id, "`")
                       : "the snapshot has no RouteTables response");
  }
  const LoweredRouteTable& table = n_.route_tables[subnet->route_table];
  RouteLookup lookup = LongestPrefixMatch(table, p.dst);
  if (lookup.unresolved != nullptr) {
    return Unknown("route-table", table.route_table_id, p, "UNRESOLVED_PREFIX_LIST",
                   absl::StrCat("a route to prefix list `", lookup.unresolved->prefix_list_id,
                                "`, whose entries the snapshot lacks, might match"));
  }
  if (lookup.route == nullptr) {
    return Drop("route-table", table.route_table_id, table.name, p, "NO_ROUTE_TO_DESTINATION",
                absl::StrCat("`", table.route_table_id, "` has no route to `", p.dst.ToString(), "`"));
  }
  const LoweredRoute& route = *lookup.route;
  Hop h = MakeHop("route-table", table.route_table_id, table.name, "", HopAction::kForwarded, p);
  h.route = route;
  if (route.state == RouteState::kBlackhole) {
    h.action = HopAction::kDropped;
    h.explanation_code = "BAD_STATE_ROUTE";
    h.detail = absl::StrCat("the route to `", route.destination.ToString(), "` via `",
                            route.target_id, "` is a blackhole");
  }
  if (!Add(std::move(h))) return false;
  const LoweredVpc* vpc = n_.FindVpc(subnet->vpc_id);
  switch (route.target_kind) {
    case RouteTargetKind::kLocal:
      if (vpc == nullptr) {
        return Unknown("vpc", subnet->vpc_id, p, "MISSING_DATA",
                       absl::StrCat("vpc `", subnet->vpc_id, "` is not in the snapshot"));
      }
      return Deliver(subnet, *vpc, p);
    case RouteTargetKind::kInternetGateway:
    case RouteTargetKind::kEgressOnlyInternetGateway:
      return ToInternetGateway(subnet, route, p);
    case RouteTargetKind::kNatGateway:
      return ToNatGateway(subnet, route, p, depth);
    case RouteTargetKind::kVpcPeeringConnection:
      return ToPeering(subnet, route, p);
    default:
      return Unknown(RouteTargetKindName(route.target_kind), route.target_id, p,
                     "UNSUPPORTED_ROUTE_TARGET",
                     absl::StrCat("vouch does not follow routes to ",
                                  RouteTargetDescription(route.target_kind, route.target_field),
                                  " (`", route.target_id, "`)"));
  }
}

// The local route: to the interface holding the destination address in `vpc`.
bool Walker::Deliver(const LoweredSubnet* from, const LoweredVpc& vpc, const Packet& p) {
  const LoweredInterface* eni = n_.InterfaceWithPrivateAddress(vpc.vpc_id, p.dst);
  if (eni == nullptr || (dst_.IsInterface() && eni->network_interface_id != dst_.network_interface_id)) {
    return Drop("vpc", vpc.vpc_id, vpc.name, p, "UNKNOWN_DESTINATION",
                absl::StrCat("no interface of the destination holds `", p.dst.ToString(), "` in `",
                             vpc.vpc_id, "`"));
  }
  const LoweredSubnet* to = SubnetOf(*eni, p);
  if (to == nullptr || !CrossSubnets(from, to, p)) return false;
  if (!SecurityGroups(*eni, false, p) || !CheckInstanceState(*eni, p)) return false;
  Add(MakeHop("network-interface", eni->network_interface_id, eni->name, "", HopAction::kDelivered, p));
  delivered_ = true;
  return true;
}

bool Walker::ToInternetGateway(const LoweredSubnet* from, const LoweredRoute& route, Packet p) {
  const LoweredInternetGateway* igw = n_.FindInternetGateway(route.target_id);
  const char* kind = route.target_kind == RouteTargetKind::kInternetGateway
                         ? "internet-gateway" : "egress-only-internet-gateway";
  if (igw == nullptr) {
    return Unknown(kind, route.target_id, p, "MISSING_DATA",
                   absl::StrCat("gateway `", route.target_id, "` is not in the snapshot"));
  }
  bool attached = false;
  for (const std::string& v : igw->attached_vpc_ids) attached = attached || v == from->vpc_id;
  if (!attached) {
    return Drop(kind, igw->internet_gateway_id, igw->name, p, "BAD_STATE_ATTACHMENT",
                absl::StrCat("`", igw->internet_gateway_id, "` is not attached to `", from->vpc_id, "`"));
  }
  if (!CrossSubnets(from, nullptr, p)) return false;
  if (!IsInternetAddress(p.dst)) {
    return Drop(kind, igw->internet_gateway_id, igw->name, p, "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS",
                absl::StrCat("`", p.dst.ToString(), "` is not an internet address"));
  }
  Packet before = p;
  if (igw->egress_only) {
    if (p.src.family != IpFamily::kV6) {
      return Drop(kind, igw->internet_gateway_id, igw->name, p, "PROTOCOL_RESTRICTION",
                  "an egress-only internet gateway carries IPv6 only");
    }
  } else if (p.src.family == IpFamily::kV4) {
    // 1:1 NAT: the sender's private address becomes its public one.
    std::optional<IpAddress> pub = n_.EgressPublicAddress(from->vpc_id, p.src);
    if (!pub) {
      return Drop(kind, igw->internet_gateway_id, igw->name, p, "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
                  absl::StrCat("`", p.src.ToString(), "` has no public address (NO_PUBLIC_IP)"));
    }
    p.src = *pub;
  }
  // The reply enters through this gateway, for the sender's private address, and the gateway
  // route table might redirect it.
  if (!IngressRouting(igw->internet_gateway_id, before.src, before)) return false;
  Hop h = MakeHop(kind, igw->internet_gateway_id, igw->name, "egress",
                  p.src == before.src ? HopAction::kForwarded : HopAction::kTranslated, p);
  Add(std::move(h));
  steps_.push_back({ReplyStep::kTranslate, nullptr, before, kind, igw->internet_gateway_id, igw->name});
  // Hairpin: the destination is a public address of an interface of the snapshot.
  if (dst_.IsInterface()) return FromInternet(p);
  if (dst_.address && *dst_.address != p.dst) {
    return Drop("internet", "", "", p, "UNKNOWN_DESTINATION",
                absl::StrCat("`", p.dst.ToString(), "` is not the destination"));
  }
  Add(MakeHop("internet", p.dst.ToString(), "", "", HopAction::kDelivered, p));
  delivered_ = true;
  return true;
}

bool Walker::ToNatGateway(const LoweredSubnet* from, const LoweredRoute& route, Packet p, int depth) {
  if (p.src.family == IpFamily::kV6) {
    return Unknown("nat-gateway", route.target_id, p, "UNSUPPORTED_PATH",
                   "vouch does not follow IPv6 through a nat gateway (NAT64)");
  }
  const LoweredNatGateway* nat = n_.FindNatGateway(route.target_id);
  if (nat == nullptr) {
    return Unknown("nat-gateway", route.target_id, p, "MISSING_DATA",
                   absl::StrCat("nat gateway `", route.target_id, "` is not in the snapshot"));
  }
  if (std::optional<std::string> why = ForeignNatGateway(n_, *from, *nat)) {
    return Unknown("nat-gateway", nat->nat_gateway_id, p, "MISSING_DATA", *std::move(why));
  }
  if (!nat->available || !nat->private_ip) {
    return Drop("nat-gateway", nat->nat_gateway_id, nat->name, p, "BAD_STATE",
                absl::StrCat("`", nat->nat_gateway_id, "` is not available"));
  }
  const LoweredSubnet* nat_subnet = n_.FindSubnet(nat->subnet_id);
  if (nat_subnet == nullptr) {
    return Unknown("subnet", nat->subnet_id, p, "MISSING_DATA",
                   absl::StrCat("subnet `", nat->subnet_id, "` of `", nat->nat_gateway_id,
                                "` is not in the snapshot"));
  }
  if (!CrossSubnets(from, nat_subnet, p)) return false;
  Packet before = p;
  // Source NAT to the gateway's private address; ports stay in 1024-65535.
  p.src = *nat->private_ip;
  if ((p.protocol == 6 || p.protocol == 17) && p.src_port < 1024) p.src_port = 1024;
  Add(MakeHop("nat-gateway", nat->nat_gateway_id, nat->name, "", HopAction::kTranslated, p));
  steps_.push_back({ReplyStep::kTranslate, nullptr, before, "nat-gateway", nat->nat_gateway_id, nat->name});
  return Route(nat_subnet, p, depth + 1);
}

bool Walker::ToPeering(const LoweredSubnet* from, const LoweredRoute& route, const Packet& p) {
  const LoweredPeering* pcx = n_.FindPeering(route.target_id);
  if (pcx == nullptr) {
    return Unknown("vpc-peering-connection", route.target_id, p, "MISSING_DATA",
                   absl::StrCat("peering connection `", route.target_id, "` is not in the snapshot"));
  }
  if (!pcx->active) {
    return Drop("vpc-peering-connection", pcx->vpc_peering_connection_id, "", p, "BAD_STATE",
                absl::StrCat("`", pcx->vpc_peering_connection_id, "` is not active"));
  }
  const PeeringVpcInfo* peer = from->vpc_id == pcx->requester.vpc_id ? &pcx->accepter
                               : from->vpc_id == pcx->accepter.vpc_id ? &pcx->requester : nullptr;
  bool in_peer = false;
  if (peer != nullptr) {
    for (const Cidr& c : peer->cidr_blocks) in_peer = in_peer || c.Contains(p.dst);
  }
  if (!in_peer) {
    return Drop("vpc-peering-connection", pcx->vpc_peering_connection_id, "", p,
                "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
                absl::StrCat("`", p.dst.ToString(), "` is not in the peer vpc's cidr blocks"));
  }
  Add(MakeHop("vpc-peering-connection", pcx->vpc_peering_connection_id, "", "", HopAction::kForwarded, p));
  const LoweredVpc* vpc = n_.FindVpc(peer->vpc_id);
  if (vpc == nullptr) {
    return Unknown("vpc", peer->vpc_id, p, "MISSING_DATA",
                   absl::StrCat("peer vpc `", peer->vpc_id, "` is not in the snapshot"));
  }
  // The reply must be routed back over the same connection from the destination's subnet.
  const LoweredInterface* eni = n_.InterfaceWithPrivateAddress(vpc->vpc_id, p.dst);
  const LoweredSubnet* to = eni != nullptr ? n_.FindSubnet(eni->subnet_id) : nullptr;
  if (to != nullptr) {
    steps_.push_back({ReplyStep::kRoute, to, p, "vpc-peering-connection",
                      pcx->vpc_peering_connection_id, ""});
  }
  // Peering is not transitive: deliver inside the peer vpc only, never route onward.
  return Deliver(from, *vpc, p);
}

bool Walker::FromInternet(Packet p) {
  if (!IsInternetAddress(p.src)) {
    return Drop("internet-gateway", "", "", p, "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS",
                absl::StrCat("`", p.src.ToString(), "` is not an internet address"));
  }
  for (const LoweredNatGateway& nat : n_.nat_gateways) {
    if (nat.public_ip && *nat.public_ip == p.dst) {
      return Drop("nat-gateway", nat.nat_gateway_id, nat.name, p, "NAT_REJECTS_INBOUND",
                  "a nat gateway admits replies only, never new inbound connections");
    }
  }
  if (p.dst.family == IpFamily::kV6) return FromInternetV6(p);
  const LoweredInterface* eni = n_.InterfaceWithPublicAddress(p.dst);
  if (eni == nullptr || !eni->security_groups_apply) {
    return Drop("internet-gateway", "", "", p, "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                absl::StrCat("`", p.dst.ToString(), "` is not the public address of any interface"));
  }
  const LoweredVpc* vpc = n_.FindVpc(eni->vpc_id);
  if (vpc == nullptr || vpc->internet_gateway_ids.empty()) {
    return Drop("vpc", eni->vpc_id, vpc ? vpc->name : "", p, "NO_ATTACHED_INTERNET_GATEWAY",
                absl::StrCat("no internet gateway is attached to `", eni->vpc_id, "`"));
  }
  const LoweredInternetGateway* igw = n_.FindInternetGateway(vpc->internet_gateway_ids.front());
  const IpAddress private_dst = *eni->PrivateFor(p.dst);
  if (!IngressRouting(igw->internet_gateway_id, private_dst, p)) return false;
  Packet before = p;
  p.dst = private_dst;
  Add(MakeHop("internet-gateway", igw->internet_gateway_id, igw->name, "ingress", HopAction::kTranslated, p));
  const LoweredSubnet* subnet = SubnetOf(*eni, p);
  if (subnet == nullptr) return false;
  // The reply leaves through the subnet's route table, which must send it to this gateway.
  steps_.push_back({ReplyStep::kTranslate, nullptr, before, "internet-gateway", igw->internet_gateway_id, igw->name});
  steps_.push_back({ReplyStep::kRoute, subnet, p, "internet-gateway", igw->internet_gateway_id, igw->name});
  return Deliver(nullptr, *vpc, p);
}

// IPv6 from the internet: no translation; the interface's global address is routed through an
// attached internet gateway (an egress-only one admits nothing inbound).
bool Walker::FromInternetV6(const Packet& p) {
  const LoweredInterface* eni = nullptr;
  const LoweredVpc* vpc = nullptr;
  for (const LoweredVpc& v : n_.vpcs) {
    if ((eni = n_.InterfaceWithPrivateAddress(v.vpc_id, p.dst)) != nullptr) {
      vpc = &v;
      break;
    }
  }
  if (eni == nullptr) {
    return Drop("internet-gateway", "", "", p, "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                absl::StrCat("`", p.dst.ToString(), "` is not the address of any interface"));
  }
  if (vpc->internet_gateway_ids.empty()) {
    return Drop("vpc", vpc->vpc_id, vpc->name, p, "NO_ATTACHED_INTERNET_GATEWAY",
                vpc->egress_only_internet_gateway_ids.empty()
                    ? absl::StrCat("no internet gateway is attached to `", vpc->vpc_id, "`")
                    : "an egress-only internet gateway admits no inbound connections");
  }
  const LoweredInternetGateway* igw = n_.FindInternetGateway(vpc->internet_gateway_ids.front());
  if (!IngressRouting(igw->internet_gateway_id, p.dst, p)) return false;
  Add(MakeHop("internet-gateway", igw->internet_gateway_id, igw->name, "ingress", HopAction::kForwarded, p));
  const LoweredSubnet* subnet = SubnetOf(*eni, p);
  if (subnet == nullptr) return false;
  steps_.push_back({ReplyStep::kTranslate, nullptr, p, "internet-gateway", igw->internet_gateway_id, igw->name});
  steps_.push_back({ReplyStep::kRoute, subnet, p, "internet-gateway", igw->internet_gateway_id, igw->name});
  return Deliver(nullptr, *vpc, p);
}

// The reply route from step.subnet must reach the component the forward packet came through.
bool Walker::ReplyRoute(const ReplyStep& step) {
  Packet r = step.forward.Reply();
  if (step.subnet->route_table < 0) {
    return Unknown("route-table", "", r, "MISSING_DATA",
                   absl::StrCat("no route table applies to `", step.subnet->subnet_id, "`"));
  }
  const LoweredRouteTable& table = n_.route_tables[step.subnet->route_table];
  RouteLookup lookup = LongestPrefixMatch(table, r.dst);
  if (lookup.unresolved != nullptr) {
    return Unknown("route-table", table.route_table_id, r, "UNRESOLVED_PREFIX_LIST",
                   absl::StrCat("a route to prefix list `", lookup.unresolved->prefix_list_id,
                                "`, whose entries the snapshot lacks, might match"));
  }
  if (lookup.route == nullptr) {
    return Drop("route-table", table.route_table_id, table.name, r, "NO_ROUTE_TO_DESTINATION",
                absl::StrCat("`", table.route_table_id, "` has no route for the reply to `",
                             r.dst.ToString(), "`"));
  }
  Hop h = MakeHop("route-table", table.route_table_id, table.name, "", HopAction::kForwarded, r);
  h.route = *lookup.route;
  if (lookup.route->state == RouteState::kBlackhole) {
    h.action = HopAction::kDropped;
    h.explanation_code = "BAD_STATE_ROUTE";
    h.detail = absl::StrCat("the reply's route via `", lookup.route->target_id, "` is a blackhole");
  } else if (lookup.route->target_id != step.component_id) {
    h.action = HopAction::kDropped;
    h.explanation_code = "REPLY_ROUTE_MISMATCH";
    h.detail = absl::StrCat("the reply to `", r.dst.ToString(), "` is routed to `",
                            lookup.route->target_id, "`, not back through `", step.component_id, "`");
  }
  return Add(std::move(h));
}

// Security groups are stateful (the reply is free); ACLs are not, and routes must lead back.
void Walker::Reply() {
  hops_ = &trace_.reply;
  for (auto it = steps_.rbegin(); it != steps_.rend(); ++it) {
    Packet r = it->forward.Reply();
    bool ok = true;
    switch (it->kind) {
      case ReplyStep::kAclIngress: ok = Acl(*it->subnet, false, r); break;
      case ReplyStep::kAclEgress: ok = Acl(*it->subnet, true, r); break;
      case ReplyStep::kRoute: ok = ReplyRoute(*it); break;
      case ReplyStep::kTranslate:
        Add(MakeHop(it->component_kind, it->component_id, it->name, "", HopAction::kTranslated, r));
        break;
    }
    if (!ok) return;
  }
}

PacketTrace Walker::Run(const Endpoint& src, const Packet& packet) {
  bool done;
  if (src.IsInterface()) {
    const LoweredInterface* eni = n_.FindInterface(src.network_interface_id);
    done = eni != nullptr ? FromInterface(*eni, packet)
                          : Drop("network-interface", src.network_interface_id, "", packet,
                                 "UNKNOWN_DESTINATION", "unknown source interface");
  } else if (src.address && *src.address != packet.src) {
    done = Drop("internet", src.address->ToString(), "", packet, "ENI_ADDRESS_RESTRICTION",
                absl::StrCat("the packet's source is not `", src.address->ToString(), "`"));
  } else {
    Add(MakeHop("internet", packet.src.ToString(), "", "", HopAction::kForwarded, packet));
    done = FromInternet(packet);
  }
  if (done && delivered_ && !dropped_) Reply();
  if (dropped_) {
    trace_.disposition = Disposition::kDropped;
  } else if (unknown_ || !delivered_) {
    trace_.disposition = Disposition::kUnknown;
  } else {
    trace_.disposition = Disposition::kAccepted;
  }
  return std::move(trace_);
}

}  // namespace

PacketTrace Trace(const LoweredNetwork& network, const Endpoint& src, const Endpoint& dst,
                  const Packet& packet) {
  Walker w(network, dst);
  return w.Run(src, packet);
}

}  // namespace vouch::net
