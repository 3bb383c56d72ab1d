// Lowering the AWS-faithful Network into filters, route tables and gateway facts.
//
// Security group rules are lowered once per group and shared by every interface holding the
// group; group references resolve to member interfaces' private addresses; prefix lists to
// their entries, or to `unresolved` rules when the snapshot lacks the entries.
#include "models/net/lower.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "models/base/status_macros.h"

namespace vouch::net {
namespace {


// Facts lowering needs about the whole snapshot, indexed once.
struct Context {
  const Network& network;
  absl::flat_hash_map<std::string, const SecurityGroup*> groups;
  absl::flat_hash_map<std::string, const ManagedPrefixList*> prefix_lists;
  // Private addresses of the interfaces holding each group.
  absl::flat_hash_map<std::string, std::vector<IpAddress>> members;
  // Pairs of VPCs (VpcPairKey) across which a group reference resolves; see ReferenceResolves.
  absl::flat_hash_set<std::string> peered_vpcs;
  LowerLimits limits;
};

std::string VpcPairKey(absl::string_view a, absl::string_view b) {
  return a < b ? absl::StrCat(a, "|", b) : absl::StrCat(b, "|", a);
}

// The VPC pairs joined by an active peering connection within one region. AWS lets a group
// name a group of a peered VPC, and the rule admits that group's members only while the
// peering is active; references across regions are not supported at all.
absl::flat_hash_set<std::string> PeeredVpcs(const Network& n) {
  absl::flat_hash_set<std::string> out;
  for (const VpcPeeringConnection& p : n.vpc_peering_connections) {
    const std::string& a = p.requester.region;
    const std::string& b = p.accepter.region;
    if (p.status_code == "active" && (a.empty() || b.empty() || a == b)) {
      out.insert(VpcPairKey(p.requester.vpc_id, p.accepter.vpc_id));
    }
  }
  return out;
}

// True if a rule of a group in `from_vpc` naming a group of `to_vpc` admits its members: the
// same VPC (or one the snapshot does not say), else VPCs in PeeredVpcs. Without a
// VpcPeeringConnections response the reference resolves (never unreachable by omission).
bool ReferenceResolves(const Context& ctx, const std::string& from_vpc, const std::string& to_vpc) {
  if (from_vpc.empty() || to_vpc.empty() || from_vpc == to_vpc) return true;
  if (!ctx.network.Has("VpcPeeringConnections")) return true;
  return ctx.peered_vpcs.contains(VpcPairKey(from_vpc, to_vpc));
}

PortRange Range(std::optional<int> from, std::optional<int> to, int max) {
  if (!from || !to) return PortRange{0, max};
  return PortRange{*from, *to};
}

// The port and ICMP tests of one permission, widened where AWS ignores them.
void SetPermissionRanges(const IpPermission& p, FilterRule& rule) {
  rule.protocol = p.protocol;
  if (p.protocol == kProtocolTcp || p.protocol == kProtocolUdp) {
    rule.dst_ports = Range(p.from_port, p.to_port, 65535);
  } else if (p.protocol == kProtocolIcmp || p.protocol == kProtocolIcmpv6) {
    int type = p.from_port.value_or(-1);
    int code = p.to_port.value_or(-1);
    if (type != -1) rule.icmp_types = PortRange{type, type};
    if (type != -1 && code != -1) rule.icmp_codes = PortRange{code, code};
  }
}

FilterRule PermissionRule(const SecurityGroup& sg, const IpPermission& p, size_t index,
                          bool egress, const Cidr& peer, std::string peer_text,
                          const SourceRef& at) {
  FilterRule rule;
  rule.action = RuleAction::kAllow;
  SetPermissionRanges(p, rule);
  rule.src = egress ? AnyAddress(peer.address.family) : peer;
  rule.dst = egress ? peer : AnyAddress(peer.address.family);
  rule.origin = RuleRef{sg.group_id, "security-group", egress, static_cast<int>(index),
                        std::move(peer_text), at};
  return rule;
}

// Appends the rules of permission `p` to `out`, and to `void_references` a sentence for each
// group it names that admits nothing (see LoweredInterface::sg_ingress_void_references).
absl::Status LowerPermission(const Context& ctx, const SecurityGroup& sg, const IpPermission& p,
                             size_t index, bool egress, std::vector<FilterRule>& out,
                             std::vector<std::string>& void_references) {
  for (const CidrRange& r : p.ip_ranges) {
    out.push_back(PermissionRule(sg, p, index, egress, r.cidr, r.cidr.ToString(), r.source));
  }
  for (const PrefixListRef& ref : p.prefix_list_ids) {
    auto it = ctx.prefix_lists.find(ref.prefix_list_id);
    if (it == ctx.prefix_lists.end() && ctx.network.Has("PrefixLists")) {
      return InputError(ref.source, absl::StrCat("unknown prefix list `", ref.prefix_list_id, "`"));
    }
    if (it != ctx.prefix_lists.end() && it->second->entries_known) {
      for (const PrefixListEntry& e : it->second->entries) {
        out.push_back(PermissionRule(sg, p, index, egress, e.cidr, ref.prefix_list_id, ref.source));
      }
      continue;
    }
    for (IpFamily f : {IpFamily::kV4, IpFamily::kV6}) {
      FilterRule rule = PermissionRule(sg, p, index, egress, AnyAddress(f), ref.prefix_list_id,
                                       ref.source);
      rule.unresolved = true;
      out.push_back(std::move(rule));
    }
  }
  for (const UserIdGroupPair& pair : p.group_pairs) {
    auto group = ctx.groups.find(pair.group_id);
    if (group == ctx.groups.end()) {
      return InputError(pair.source, absl::StrCat("unknown security group `", pair.group_id, "`"));
    }
    // A group of a VPC not actively peered with this one (same region): matches nothing.
    if (!ReferenceResolves(ctx, sg.vpc_id, group->second->vpc_id)) {
      void_references.push_back(absl::StrCat("`", sg.group_id, "` names `", pair.group_id,
                                             "` of `", group->second->vpc_id,
                                             "`, which no active peering in one Region joins to `",
                                             sg.vpc_id, "`"));
      continue;
    }
    auto it = ctx.members.find(pair.group_id);
    if (it == ctx.members.end()) continue;
    for (const IpAddress& a : it->second) {
      Cidr host{a, a.width()};
      out.push_back(PermissionRule(sg, p, index, egress, host, pair.group_id, pair.source));
    }
  }
  return absl::OkStatus();
}

struct LoweredGroup {
  std::vector<FilterRule> ingress;
  std::vector<FilterRule> egress;
  std::vector<std::string> ingress_void_references;
  std::vector<std::string> egress_void_references;
};

absl::StatusOr<LoweredGroup> LowerGroup(const Context& ctx, const SecurityGroup& sg) {
  LoweredGroup g;
  for (size_t i = 0; i < sg.ip_permissions.size(); ++i) {
    VOUCH_RETURN_IF_ERROR(LowerPermission(ctx, sg, sg.ip_permissions[i], i, false, g.ingress,
                                          g.ingress_void_references));
  }
  for (size_t i = 0; i < sg.ip_permissions_egress.size(); ++i) {
    VOUCH_RETURN_IF_ERROR(LowerPermission(ctx, sg, sg.ip_permissions_egress[i], i, true, g.egress,
                                          g.egress_void_references));
  }
  const size_t rules = g.ingress.size() + g.egress.size();
  if (rules > ctx.limits.max_rules_per_group) {
    return InputError(sg.source,
                      absl::StrCat("security group `", sg.group_id, "` expands to ", rules,
                                   " rules (group references and prefix lists resolved to "
                                   "addresses), over the limit of ",
                                   ctx.limits.max_rules_per_group));
  }
  return g;
}

FilterRule AclRule(const NetworkAcl& acl, const NetworkAclEntry& e) {
  FilterRule rule;
  rule.action = e.rule_action;
  rule.protocol = e.protocol;
  IpFamily family = e.cidr_block.address.family;
  rule.src = e.egress ? AnyAddress(family) : e.cidr_block;
  rule.dst = e.egress ? e.cidr_block : AnyAddress(family);
  if ((e.protocol == kProtocolTcp || e.protocol == kProtocolUdp) && e.port_range) {
    rule.dst_ports = PortRange{e.port_range->from, e.port_range->to};
  }
  // ICMPv6 with an IPv4 CIDR matches all types and codes, as AWS documents.
  bool icmp = e.protocol == kProtocolIcmp ||
              (e.protocol == kProtocolIcmpv6 && family == IpFamily::kV6);
  if (icmp && e.icmp_type_code) {
    if (e.icmp_type_code->type != -1) {
      rule.icmp_types = PortRange{e.icmp_type_code->type, e.icmp_type_code->type};
      if (e.icmp_type_code->code != -1) {
        rule.icmp_codes = PortRange{e.icmp_type_code->code, e.icmp_type_code->code};
      }
    }
  }
  rule.origin = RuleRef{acl.network_acl_id, "network-acl", e.egress, e.rule_number,
                        e.cidr_block.ToString(), e.source};
  return rule;
}

void LowerAcl(const NetworkAcl& acl, LoweredSubnet& subnet) {
  std::vector<const NetworkAclEntry*> entries;
  for (const NetworkAclEntry& e : acl.entries) entries.push_back(&e);
  std::stable_sort(entries.begin(), entries.end(),
                   [](auto* a, auto* b) { return a->rule_number < b->rule_number; });
  subnet.network_acl_id = acl.network_acl_id;
  for (const NetworkAclEntry* e : entries) {
    (e->egress ? subnet.acl_egress : subnet.acl_ingress).rules.push_back(AclRule(acl, *e));
  }
}

void LowerRoutes(const Context& ctx, const RouteTable& rt, LoweredRouteTable& out) {
  out.route_table_id = rt.route_table_id;
  out.vpc_id = rt.vpc_id;
  out.name = rt.name;
  for (const RouteTableAssociation& a : rt.associations) {
    out.main = out.main || a.main;
    if (!a.gateway_id.empty()) out.gateway_ids.push_back(a.gateway_id);
  }
  for (const Route& r : rt.routes) {
    LoweredRoute base{Cidr{}, "", false, r.target_kind, r.target_id, r.state, r.origin, r.source,
                      r.target_field};
    if (r.destination) {
      base.destination = *r.destination;
      out.routes.push_back(base);
      continue;
    }
    base.prefix_list_id = r.destination_prefix_list_id;
    auto it = ctx.prefix_lists.find(r.destination_prefix_list_id);
    if (it != ctx.prefix_lists.end() && it->second->entries_known) {
      for (const PrefixListEntry& e : it->second->entries) {
        base.destination = e.cidr;
        out.routes.push_back(base);
      }
    } else {
      base.unresolved = true;
      out.routes.push_back(base);
    }
  }
}

std::vector<std::string> AttachedVpcs(const std::vector<InternetGatewayAttachment>& as) {
  std::vector<std::string> out;
  for (const auto& a : as) {
    if (a.state == "available" || a.state == "attached") out.push_back(a.vpc_id);
  }
  return out;
}

// Interfaces with Elastic IP associations folded in, and each group's member addresses.
void LowerInterfaces(Context& ctx, LoweredNetwork& out) {
  const Network& n = ctx.network;
  absl::flat_hash_map<std::string, std::string> instance_names;
  for (const Instance& i : n.instances) instance_names[i.instance_id] = i.name;
  absl::flat_hash_map<absl::string_view, std::vector<const Address*>> addresses_by_interface;
  for (const Address& a : n.addresses) addresses_by_interface[a.network_interface_id].push_back(&a);
  for (const NetworkInterface& eni : n.network_interfaces) {
    LoweredInterface li;
    li.network_interface_id = eni.network_interface_id;
    li.subnet_id = eni.subnet_id;
    li.vpc_id = eni.vpc_id;
    li.instance_id = eni.instance_id;
    auto name = instance_names.find(eni.instance_id);
    li.name = name != instance_names.end() && !name->second.empty() ? name->second : eni.description;
    li.interface_type = eni.interface_type;
    li.private_ips = eni.private_ips;
    li.ipv6_addresses = eni.ipv6_addresses;
    li.source_dest_check = eni.source_dest_check;
    li.group_ids = eni.group_ids;
    li.security_groups_apply = eni.interface_type != "nat_gateway";
    li.source = eni.source;
    // In snapshot order, so a later association of the same address wins as before.
    auto eips = addresses_by_interface.find(eni.network_interface_id);
    if (eips != addresses_by_interface.end()) {
      for (const Address* a : eips->second) {
        for (PrivateIp& p : li.private_ips) {
          if ((a->private_ip && *a->private_ip == p.private_ip) || (!a->private_ip && p.primary)) {
            p.public_ip = a->public_ip;
          }
        }
      }
    }
    for (const std::string& g : eni.group_ids) {
      auto& m = ctx.members[g];
      for (const PrivateIp& p : li.private_ips) m.push_back(p.private_ip);
      for (const Cidr& c : li.ipv6_addresses) m.push_back(c.address);
    }
    out.interface_index[li.network_interface_id] = out.interfaces.size();
    out.interfaces.push_back(std::move(li));
  }
}

absl::Status LowerInterfaceGroups(const Context& ctx, LoweredNetwork& out) {
  absl::flat_hash_map<std::string, LoweredGroup> lowered;
  for (const SecurityGroup& sg : ctx.network.security_groups) {
    VOUCH_ASSIGN_OR_RETURN(lowered[sg.group_id], LowerGroup(ctx, sg));
  }
  size_t total = 0;
  for (LoweredInterface& li : out.interfaces) {
    for (size_t i = 0; i < li.group_ids.size(); ++i) {
      auto it = lowered.find(li.group_ids[i]);
      if (it == lowered.end()) {
        if (!ctx.network.Has("SecurityGroups")) continue;
        return InputError(li.source.Child("Groups").Child(i),
                          absl::StrCat("unknown security group `", li.group_ids[i], "`"));
      }
      total += it->second.ingress.size() + it->second.egress.size();
      if (total > ctx.limits.max_rules_total) {
        return InputError(li.source.Child("Groups").Child(i),
                          absl::StrCat("the interfaces' security groups expand to more than ",
                                       ctx.limits.max_rules_total,
                                       " rules in all (the limit), reached at group `",
                                       li.group_ids[i], "` of `", li.network_interface_id, "`"));
      }
      li.sg_ingress.rules.insert(li.sg_ingress.rules.end(), it->second.ingress.begin(),
                                 it->second.ingress.end());
      li.sg_egress.rules.insert(li.sg_egress.rules.end(), it->second.egress.begin(),
                                it->second.egress.end());
      li.sg_ingress_void_references.insert(li.sg_ingress_void_references.end(),
                                           it->second.ingress_void_references.begin(),
                                           it->second.ingress_void_references.end());
      li.sg_egress_void_references.insert(li.sg_egress_void_references.end(),
                                          it->second.egress_void_references.begin(),
                                          it->second.egress_void_references.end());
    }
  }
  return absl::OkStatus();
}

void LowerVpcsAndTables(const Context& ctx, LoweredNetwork& out) {
  const Network& n = ctx.network;
  for (const Vpc& v : n.vpcs) {
    out.vpc_index[v.vpc_id] = out.vpcs.size();
    out.vpcs.push_back(LoweredVpc{v.vpc_id, v.name, v.cidr_blocks, -1, {}, {}});
  }
  for (const RouteTable& rt : n.route_tables) {
    LoweredRouteTable lt;
    LowerRoutes(ctx, rt, lt);
    auto vpc = out.vpc_index.find(rt.vpc_id);
    if (lt.main && vpc != out.vpc_index.end()) out.vpcs[vpc->second].main_route_table = out.route_tables.size();
    out.route_tables.push_back(std::move(lt));
  }
  for (const InternetGateway& g : n.internet_gateways) {
    LoweredInternetGateway lg{g.internet_gateway_id, g.name, false, AttachedVpcs(g.attachments), g.source};
    for (const std::string& v : lg.attached_vpc_ids) {
      auto it = out.vpc_index.find(v);
      if (it != out.vpc_index.end()) out.vpcs[it->second].internet_gateway_ids.push_back(lg.internet_gateway_id);
    }
    out.gateway_index[lg.internet_gateway_id] = out.internet_gateways.size();
    out.internet_gateways.push_back(std::move(lg));
  }
  for (const EgressOnlyInternetGateway& g : n.egress_only_internet_gateways) {
    LoweredInternetGateway lg{g.egress_only_internet_gateway_id, "", true, AttachedVpcs(g.attachments), g.source};
    for (const std::string& v : lg.attached_vpc_ids) {
      auto it = out.vpc_index.find(v);
      if (it != out.vpc_index.end()) out.vpcs[it->second].egress_only_internet_gateway_ids.push_back(lg.internet_gateway_id);
    }
    out.gateway_index[lg.internet_gateway_id] = out.internet_gateways.size();
    out.internet_gateways.push_back(std::move(lg));
  }
  for (size_t t = 0; t < out.route_tables.size(); ++t) {
    for (const std::string& g : out.route_tables[t].gateway_ids) {
      auto it = out.gateway_index.find(g);
      if (it != out.gateway_index.end()) out.internet_gateways[it->second].ingress_route_table = t;
    }
  }
}

void LowerSubnets(const Context& ctx, LoweredNetwork& out) {
  const Network& n = ctx.network;
  absl::flat_hash_map<std::string, int> explicit_table;
  for (size_t i = 0; i < n.route_tables.size(); ++i) {
    for (const RouteTableAssociation& a : n.route_tables[i].associations) {
      if (!a.subnet_id.empty()) explicit_table[a.subnet_id] = i;
    }
  }
  absl::flat_hash_map<std::string, const NetworkAcl*> explicit_acl, default_acl;
  for (const NetworkAcl& acl : n.network_acls) {
    for (const NetworkAclAssociation& a : acl.associations) explicit_acl[a.subnet_id] = &acl;
    if (acl.is_default) default_acl[acl.vpc_id] = &acl;
  }
  for (const Subnet& s : n.subnets) {
    LoweredSubnet ls;
    ls.subnet_id = s.subnet_id;
    ls.vpc_id = s.vpc_id;
    ls.name = s.name;
    ls.cidr_block = s.cidr_block;
    ls.ipv6_cidr_blocks = s.ipv6_cidr_blocks;
    ls.source = s.source;
    if (auto it = explicit_table.find(s.subnet_id); it != explicit_table.end()) {
      ls.route_table = it->second;
    } else if (const LoweredVpc* v = out.FindVpc(s.vpc_id)) {
      ls.route_table = v->main_route_table;
    }
    const NetworkAcl* acl = nullptr;
    if (auto it = explicit_acl.find(s.subnet_id); it != explicit_acl.end()) {
      acl = it->second;
    } else if (auto d = default_acl.find(s.vpc_id); d != default_acl.end()) {
      acl = d->second;
    }
    if (acl != nullptr) LowerAcl(*acl, ls);
    out.subnet_index[ls.subnet_id] = out.subnets.size();
    out.subnets.push_back(std::move(ls));
  }
}

void LowerNatsAndPeerings(const Network& n, LoweredNetwork& out) {
  for (const NatGateway& g : n.nat_gateways) {
    LoweredNatGateway lg{g.nat_gateway_id, g.name, g.subnet_id, g.vpc_id, g.state == "available",
                         g.connectivity, std::nullopt, std::nullopt, g.source};
    if (const LoweredSubnet* s = lg.vpc_id.empty() ? out.FindSubnet(g.subnet_id) : nullptr) {
      lg.vpc_id = s->vpc_id;
    }
    for (const NatGatewayAddress& a : g.addresses) {
      if (!lg.private_ip && a.private_ip) lg.private_ip = a.private_ip;
      if (!lg.public_ip && a.public_ip) lg.public_ip = a.public_ip;
    }
    out.nat_index[lg.nat_gateway_id] = out.nat_gateways.size();
    out.nat_gateways.push_back(std::move(lg));
  }
  for (const VpcPeeringConnection& p : n.vpc_peering_connections) {
    out.peering_index[p.vpc_peering_connection_id] = out.peerings.size();
    out.peerings.push_back(LoweredPeering{p.vpc_peering_connection_id, p.status_code == "active",
                                          p.requester, p.accepter, p.source});
  }
  for (const Instance& i : n.instances) {
    out.instance_index[i.instance_id] = out.instances.size();
    out.instances.push_back(i);
  }
}

template <typename T>
const T* FindIn(const std::vector<T>& v, const absl::flat_hash_map<std::string, int>& index,
                absl::string_view id) {
  auto it = index.find(id);
  return it == index.end() ? nullptr : &v[it->second];
}

}  // namespace

RouteLookup LongestPrefixMatch(const LoweredRouteTable& table, const IpAddress& dst) {
  RouteLookup result;
  for (const LoweredRoute& r : table.routes) {
    if (r.unresolved) {
      if (result.unresolved == nullptr) result.unresolved = &r;
      continue;
    }
    if (!r.destination.Contains(dst)) continue;
    const LoweredRoute* best = result.route;
    bool better = best == nullptr || r.destination.length > best->destination.length ||
                  (r.destination.length == best->destination.length &&
                   !best->prefix_list_id.empty() && r.prefix_list_id.empty());
    if (better) result.route = &r;
  }
  // A prefix-list route of unknown entries can only lose to a full-length match.
  if (result.unresolved != nullptr && result.route != nullptr &&
      result.route->destination.length == dst.width()) {
    result.unresolved = nullptr;
  }
  return result;
}

bool LoweredInterface::HasPrivateAddress(const IpAddress& a) const {
  for (const PrivateIp& p : private_ips) {
    if (p.private_ip == a) return true;
  }
  for (const Cidr& c : ipv6_addresses) {
    if (c.address == a) return true;
  }
  return false;
}

std::optional<IpAddress> LoweredInterface::PrivateFor(const IpAddress& public_ip) const {
  for (const PrivateIp& p : private_ips) {
    if (p.public_ip && *p.public_ip == public_ip) return p.private_ip;
  }
  return std::nullopt;
}

std::string LoweredInterface::VoidReferencesNote(bool egress) const {
  const std::vector<std::string>& refs =
      egress ? sg_egress_void_references : sg_ingress_void_references;
  if (refs.empty()) return "";
  return absl::StrCat(" (", absl::StrJoin(refs, "; "), ": such a reference admits nothing)");
}

std::optional<IpAddress> LoweredInterface::PublicFor(const IpAddress& private_ip) const {
  for (const PrivateIp& p : private_ips) {
    if (p.private_ip == private_ip) return p.public_ip;
  }
  return std::nullopt;
}

bool LoweredVpc::Contains(const IpAddress& a) const {
  for (const Cidr& c : cidr_blocks) {
    if (c.Contains(a)) return true;
  }
  return false;
}

const LoweredVpc* LoweredNetwork::FindVpc(absl::string_view id) const {
  return FindIn(vpcs, vpc_index, id);
}
const LoweredSubnet* LoweredNetwork::FindSubnet(absl::string_view id) const {
  return FindIn(subnets, subnet_index, id);
}
const LoweredInterface* LoweredNetwork::FindInterface(absl::string_view id) const {
  return FindIn(interfaces, interface_index, id);
}
const LoweredInternetGateway* LoweredNetwork::FindInternetGateway(absl::string_view id) const {
  return FindIn(internet_gateways, gateway_index, id);
}
const LoweredNatGateway* LoweredNetwork::FindNatGateway(absl::string_view id) const {
  return FindIn(nat_gateways, nat_index, id);
}
const LoweredPeering* LoweredNetwork::FindPeering(absl::string_view id) const {
  return FindIn(peerings, peering_index, id);
}
const Instance* LoweredNetwork::FindInstance(absl::string_view id) const {
  return FindIn(instances, instance_index, id);
}

const LoweredInterface* LoweredNetwork::InterfaceWithPrivateAddress(absl::string_view vpc_id,
                                                                    const IpAddress& a) const {
  return FindIn(interfaces, private_address_index, absl::StrCat(vpc_id, "|", AddressKey(a)));
}

const LoweredInterface* LoweredNetwork::InterfaceWithPublicAddress(const IpAddress& a) const {
  return FindIn(interfaces, public_address_index, AddressKey(a));
}

std::optional<IpAddress> LoweredNetwork::EgressPublicAddress(absl::string_view vpc_id,
                                                             const IpAddress& a) const {
  std::optional<IpAddress> pub;
  if (const LoweredInterface* eni = InterfaceWithPrivateAddress(vpc_id, a)) pub = eni->PublicFor(a);
  for (const LoweredNatGateway& nat : nat_gateways) {
    if (nat.private_ip && *nat.private_ip == a && nat.vpc_id == vpc_id) pub = nat.public_ip;
  }
  return pub;
}

const LoweredRouteTable* RedirectingIngressTable(const LoweredNetwork& network,
                                                 absl::string_view gateway_id) {
  const LoweredInternetGateway* g = network.FindInternetGateway(gateway_id);
  if (g == nullptr || g->ingress_route_table < 0) return nullptr;
  const LoweredRouteTable& table = network.route_tables[g->ingress_route_table];
  for (const LoweredRoute& r : table.routes) {
    if (r.target_kind != RouteTargetKind::kLocal) return &table;
  }
  return nullptr;
}

std::string IngressRoutingDetail(const LoweredRouteTable& table, absl::string_view gateway_id,
                                 const LoweredRoute* route) {
  if (route == nullptr) {
    return absl::StrCat("gateway route table `", table.route_table_id, "` of `", gateway_id,
                        "` has no route for the destination (not even `local`), which vouch "
                        "does not follow");
  }
  std::string dst =
      route->prefix_list_id.empty() ? route->destination.ToString() : route->prefix_list_id;
  return absl::StrCat("gateway route table `", table.route_table_id, "` of `", gateway_id,
                      "` routes `", dst, "` to `", route->target_id,
                      "` (ingress routing), which vouch does not follow");
}

std::optional<UnsupportedIngressRouting> FindUnsupportedIngressRouting(
    const LoweredNetwork& network, absl::string_view gateway_id, const IpAddress& destination) {
  const LoweredRouteTable* table = RedirectingIngressTable(network, gateway_id);
  if (table == nullptr) return std::nullopt;
  RouteLookup lookup = LongestPrefixMatch(*table, destination);
  const LoweredRoute* takes = lookup.unresolved != nullptr ? lookup.unresolved : lookup.route;
  if (takes != nullptr && takes->target_kind == RouteTargetKind::kLocal) return std::nullopt;
  return UnsupportedIngressRouting{table, takes, IngressRoutingDetail(*table, gateway_id, takes)};
}

void LoweredNetwork::IndexAddresses() {
  private_address_index.clear();
  public_address_index.clear();
  for (size_t i = 0; i < interfaces.size(); ++i) {
    const LoweredInterface& li = interfaces[i];
    for (const PrivateIp& p : li.private_ips) {
      private_address_index.emplace(absl::StrCat(li.vpc_id, "|", AddressKey(p.private_ip)), i);
      if (p.public_ip) public_address_index.emplace(AddressKey(*p.public_ip), i);
    }
    for (const Cidr& c : li.ipv6_addresses) {
      private_address_index.emplace(absl::StrCat(li.vpc_id, "|", AddressKey(c.address)), i);
    }
  }
}

std::optional<std::string> ForeignNatGateway(const LoweredNetwork& network,
                                             const LoweredSubnet& from,
                                             const LoweredNatGateway& nat) {
  if (nat.vpc_id.empty() || from.vpc_id.empty() || nat.vpc_id == from.vpc_id) return std::nullopt;
  std::string table = from.route_table >= 0
                          ? absl::StrCat("`", network.route_tables[from.route_table].route_table_id, "`")
                          : "the route table";
  return absl::StrCat(table, " of `", from.vpc_id, "` routes to nat gateway `", nat.nat_gateway_id,
                      "` of `", nat.vpc_id, "`, a route AWS does not create (a nat gateway serves ",
                      "its own vpc only): the snapshot is inconsistent");
}

std::string AddressKey(const IpAddress& a) {
  std::string key(17, '\0');
  key[0] = a.family == IpFamily::kV4 ? '4' : '6';
  unsigned __int128 bits = a.bits;
  for (int i = 16; i >= 1; --i, bits >>= 8) key[i] = static_cast<char>(bits & 0xff);
  return key;
}

absl::StatusOr<LoweredNetwork> Lower(const Network& network, const LowerLimits& limits) {
  Context ctx{network, {}, {}, {}, PeeredVpcs(network), limits};
  for (const SecurityGroup& sg : network.security_groups) ctx.groups[sg.group_id] = &sg;
  LoweredNetwork out;
  for (const SecurityGroup& sg : network.security_groups) out.group_names[sg.group_id] = sg.group_name;
  for (const ManagedPrefixList& pl : network.prefix_lists) ctx.prefix_lists[pl.prefix_list_id] = &pl;
  out.present = network.present;
  LowerInterfaces(ctx, out);
  VOUCH_RETURN_IF_ERROR(LowerInterfaceGroups(ctx, out));
  LowerVpcsAndTables(ctx, out);
  LowerSubnets(ctx, out);
  LowerNatsAndPeerings(network, out);
  out.IndexAddresses();
  return out;
}

}  // namespace vouch::net
