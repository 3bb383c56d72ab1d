// Exposure by elementary intervals: per (subnet, security groups) class, per protocol, per
// port or ICMP cell, the set of internet sources that get in and whose replies get out.
#include "engine/smt/exposure.h"

#include <algorithm>
#include <optional>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/smt/encode_filter.h"
#include "engine/smt/net_reach.h"
#include "models/net/address_space.h"

namespace vouch::smt {
namespace {

bool HasPorts(int p) { return p == 6 || p == 17; }
bool IsIcmp(int p) { return p == 1 || p == 58; }

// Every address of `family`.
IntervalSet AllAddresses(IpFamily family) {
  return IntervalSet::OfCidr(Cidr{IpAddress{family, 0}, 0});
}

// The header fields a rule reads besides addresses.
struct Probe {
  int protocol = 6;
  int port = 0;
  int type = 0, code = 0;
};

bool MatchesProbe(const net::FilterRule& r, const Probe& q) {
  if (r.protocol != -1 && r.protocol != q.protocol) return false;
  if (HasPorts(q.protocol) && !r.dst_ports.Contains(q.port)) return false;
  if (IsIcmp(q.protocol) && !(r.icmp_types.Contains(q.type) && r.icmp_codes.Contains(q.code))) {
    return false;
  }
  return true;
}

// The peer addresses (the source for ingress, the destination for egress) that `f` allows for
// `q` when the interface's own address is `local`: a union for security groups, first match
// for ACLs. REQUIRES: no unresolved rules.
IntervalSet Allowed(const net::Filter& f, const Probe& q, bool peer_is_src, const IpAddress& local) {
  const IpFamily family = local.family;  // rules of the other family never match
  IntervalSet allowed, undecided = AllAddresses(family);
  for (const net::FilterRule& r : f.rules) {
    const Cidr& peer = peer_is_src ? r.src : r.dst;
    const Cidr& own = peer_is_src ? r.dst : r.src;
    if (peer.address.family != family || own.address.family != family || !own.Contains(local) ||
        !MatchesProbe(r, q)) {
      continue;
    }
    IntervalSet m = IntervalSet::OfCidr(peer);
    if (f.kind == net::FilterKind::kAnyAllow) {
      if (r.action == net::RuleAction::kAllow) allowed = allowed.Union(m);
      continue;
    }
    m = m.Intersect(undecided);
    if (r.action == net::RuleAction::kAllow) allowed = allowed.Union(m);
    undecided = undecided.Subtract(m);
    if (undecided.empty()) break;
  }
  return allowed;
}

// Starts of the elementary intervals of [0, max] that the rules of `filters` cut for
// `protocol` along ports (kind 0), ICMP types (1) or ICMP codes (2).
std::vector<int> Cuts(const std::vector<const net::Filter*>& filters, int protocol, int kind, int max) {
  std::set<int> cuts = {0};
  for (const net::Filter* f : filters) {
    for (const net::FilterRule& r : f->rules) {
      if (r.protocol != -1 && r.protocol != protocol) continue;
      const net::PortRange& range = kind == 0 ? r.dst_ports : kind == 1 ? r.icmp_types : r.icmp_codes;
      if (range.from <= max) cuts.insert(std::max(range.from, 0));
      if (range.to + 1 <= max) cuts.insert(range.to + 1);
    }
  }
  return std::vector<int>(cuts.begin(), cuts.end());
}

int CellEnd(const std::vector<int>& cuts, size_t i, int max) {
  return i + 1 < cuts.size() ? cuts[i + 1] - 1 : max;
}

// Sources whose reply the route table sends back to `igw` (longest prefix, active routes).
IntervalSet ReturnRoute(const net::LoweredRouteTable& table, const std::string& igw,
                        IpFamily family) {
  IntervalSet good, undecided = AllAddresses(family);
  for (const net::LoweredRoute* r : FilterEncoder::LookupOrder(table, family)) {
    IntervalSet m = IntervalSet::OfCidr(r->destination).Intersect(undecided);
    if (r->state == net::RouteState::kActive && r->target_id == igw) good = good.Union(m);
    undecided = undecided.Subtract(m);
  }
  return good;
}

// A witness's source among `sources`: the lowest, for IPv6 the lowest in global unicast space
// (2000::/3) where there is one. REQUIRES: `sources` is not empty.
IntervalValue WitnessSource(const IntervalSet& sources, IpFamily family) {
  if (family == IpFamily::kV6) {
    const IntervalValue first = IntervalValue{0x2} << 124, last = (IntervalValue{0x4} << 124) - 1;
    for (const Interval& i : sources.intervals()) {
      if (i.hi >= first && i.lo <= last) return std::max(i.lo, first);
    }
  }
  return sources.intervals().front().lo;
}

// What one (subnet, security groups) class exposes, for the interface `rep` of the class.
class ClassExposure {
 public:
  // `local`: the address of `rep` the packets are for (its primary private IPv4 address, or
  // its first IPv6 address).
  ClassExposure(const net::LoweredSubnet& subnet, const net::LoweredInterface& rep,
                const IntervalSet& base, const IpAddress& local)
      : subnet_(subnet), rep_(rep), base_(base), local_(local) {}

  std::vector<ExposedService> Compute();

 private:
  IntervalSet In(const Probe& q) const {
    IntervalSet s = Allowed(subnet_.acl_ingress, q, true, local_);
    if (rep_.security_groups_apply) s = s.Intersect(Allowed(rep_.sg_ingress, q, true, local_));
    return s;
  }
  IntervalSet Out(const Probe& q) const { return Allowed(subnet_.acl_egress, q, false, local_); }
  void Ports(int protocol, std::vector<ExposedService>& out) const;
  void Icmp(int protocol, std::vector<ExposedService>& out) const;
  void Add(ExposedService s, std::vector<ExposedService>& out) const;

  const net::LoweredSubnet& subnet_;
  const net::LoweredInterface& rep_;
  IntervalSet base_;
  IpAddress local_;
};

void ClassExposure::Add(ExposedService s, std::vector<ExposedService>& out) const {
  s.witness.src = IpAddress{local_.family, WitnessSource(s.sources, local_.family)};
  s.witness.dst = local_;  // the caller sets each interface's public address
  s.witness.protocol = s.protocol;
  out.push_back(std::move(s));
}

void ClassExposure::Ports(int protocol, std::vector<ExposedService>& out) const {
  // The reply leaves to the client's port: some port must pass the outbound ACL.
  std::vector<int> reply_cuts = Cuts({&subnet_.acl_egress}, protocol, 0, 65535);
  std::vector<std::pair<net::PortRange, IntervalSet>> reply_cells;
  IntervalSet reply;
  for (size_t i = 0; i < reply_cuts.size(); ++i) {
    IntervalSet s = Out(Probe{protocol, reply_cuts[i], 0, 0}).Intersect(base_);
    if (s.empty()) continue;
    reply = reply.Union(s);
    reply_cells.push_back({net::PortRange{reply_cuts[i], CellEnd(reply_cuts, i, 65535)}, s});
  }
  if (reply.empty()) return;
  std::vector<const net::Filter*> in = {&subnet_.acl_ingress, &rep_.sg_ingress};
  std::vector<int> cuts = Cuts(in, protocol, 0, 65535);
  std::optional<ExposedService> open;
  auto flush = [&] {
    if (!open) return;
    const IntervalValue src = WitnessSource(open->sources, local_.family);
    for (const auto& [range, s] : reply_cells) {
      if (!s.Contains(src)) continue;
      open->witness.src_port = std::clamp(49152, range.from, range.to);
      break;
    }
    open->witness.dst_port = open->ports.from;
    Add(*std::move(open), out);
    open.reset();
  };
  for (size_t i = 0; i < cuts.size(); ++i) {
    IntervalSet s = In(Probe{protocol, cuts[i], 0, 0}).Intersect(reply);
    if (open && s == open->sources) {
      open->ports.to = CellEnd(cuts, i, 65535);
      continue;
    }
    flush();
    if (s.empty()) continue;
    open = ExposedService{protocol, false, {cuts[i], CellEnd(cuts, i, 65535)}, {0, 255}, s, {}};
  }
  flush();
}

void ClassExposure::Icmp(int protocol, std::vector<ExposedService>& out) const {
  std::vector<const net::Filter*> all = {&subnet_.acl_ingress, &rep_.sg_ingress, &subnet_.acl_egress};
  std::vector<int> types = Cuts(all, protocol, 1, 255), codes = Cuts(all, protocol, 2, 255);
  for (size_t t = 0; t < types.size(); ++t) {
    std::optional<ExposedService> open;
    for (size_t c = 0; c <= codes.size(); ++c) {
      std::optional<IntervalSet> s;
      if (c < codes.size()) {
        Probe q{protocol, 0, types[t], codes[c]};
        s = In(q).Intersect(Out(q)).Intersect(base_);
      }
      if (open && s && *s == open->sources) {
        open->icmp_codes.to = CellEnd(codes, c, 255);
        continue;
      }
      if (open) {
        open->witness.icmp_type = open->ports.from;
        open->witness.icmp_code = open->icmp_codes.from;
        Add(*std::move(open), out);
        open.reset();
      }
      if (!s || s->empty()) continue;
      open = ExposedService{protocol, false, {types[t], CellEnd(types, t, 255)},
                            {codes[c], CellEnd(codes, c, 255)}, *s, {}};
    }
  }
}

std::vector<ExposedService> ClassExposure::Compute() {
  std::vector<ExposedService> out;
  if (base_.empty()) return out;
  // ICMP is protocol 1 over IPv4 and 58 (ICMPv6) over IPv6: the family's own is always probed,
  // by type and code, as are tcp and udp by port.
  std::set<int> named = {local_.family == IpFamily::kV6 ? 58 : 1, 6, 17};
  for (const net::Filter* f : {&subnet_.acl_ingress, &subnet_.acl_egress, &rep_.sg_ingress}) {
    for (const net::FilterRule& r : f->rules) {
      if (r.protocol >= 0) named.insert(r.protocol);
    }
  }
  for (int p : named) {
    if (HasPorts(p)) {
      Ports(p, out);
    } else if (IsIcmp(p)) {
      Icmp(p, out);
    } else {
      Probe q{p, 0, 0, 0};
      IntervalSet s = In(q).Intersect(Out(q)).Intersect(base_);
      if (!s.empty()) Add(ExposedService{p, false, {0, 65535}, {0, 255}, s, {}}, out);
    }
  }
  // Every protocol no rule names behaves like the first such number (never an ICMP number,
  // which would be probed by type and code).
  int other = 0;
  while (named.count(other) || IsIcmp(other)) ++other;
  if (other <= 255) {
    Probe q{other, 0, 0, 0};
    IntervalSet s = In(q).Intersect(Out(q)).Intersect(base_);
    if (!s.empty()) Add(ExposedService{other, true, {0, 65535}, {0, 255}, s, {}}, out);
  }
  return out;
}

// Why the exposure of `i` cannot be decided from the snapshot, or "" if it can.
std::string UnknownReason(const net::LoweredNetwork& n, const net::LoweredInterface& i,
                          const net::LoweredSubnet* subnet) {
  if (!n.Has("SecurityGroups")) return "the snapshot has no SecurityGroups response";
  if (subnet == nullptr) return absl::StrCat("subnet `", i.subnet_id, "` is not in the snapshot");
  if (subnet->network_acl_id.empty()) {
    return absl::StrCat("no network ACL is known for subnet `", subnet->subnet_id, "`");
  }
  if (subnet->route_table < 0) {
    return absl::StrCat("no route table is known for subnet `", subnet->subnet_id, "`");
  }
  if (FilterEncoder::HasUnresolvedRules(subnet->acl_ingress) ||
      FilterEncoder::HasUnresolvedRules(subnet->acl_egress) ||
      (i.security_groups_apply && FilterEncoder::HasUnresolvedRules(i.sg_ingress)) ||
      FilterEncoder::HasUnresolvedRoutes(n.route_tables[subnet->route_table])) {
    return "a rule or route names a prefix list whose entries the snapshot lacks";
  }
  return "";
}

bool Running(const net::LoweredNetwork& n, const net::LoweredInterface& i) {
  const net::Instance* inst = n.FindInstance(i.instance_id);
  return inst == nullptr || inst->state.empty() || inst->state == "running";
}

}  // namespace

IntervalSet InternetSpace(IpFamily family) {
  IntervalSet s = AllAddresses(family);
  for (const Cidr& c : net::NonInternetRanges(family)) s = s.Subtract(IntervalSet::OfCidr(c));
  return s;
}

namespace {

// The addresses the internet reaches `i` at: IPv4, its public addresses (the internet
// gateway's 1:1 NAT; never a NAT gateway's); IPv6, its own global addresses, where the concrete
// evaluator sends them (the first VPC holding one).
std::vector<IpAddress> InboundAddresses(const net::LoweredNetwork& n, const net::LoweredInterface& i,
                                        IpFamily family) {
  std::vector<IpAddress> out;
  if (family == IpFamily::kV6) {
    for (const Cidr& c : i.ipv6_addresses) {
      const net::LoweredInterface* owner = nullptr;
      for (const net::LoweredVpc& v : n.vpcs) {
        if ((owner = n.InterfaceWithPrivateAddress(v.vpc_id, c.address)) != nullptr) break;
      }
      if (owner == &i) out.push_back(c.address);
    }
    return out;
  }
  for (const net::PrivateIp& ip : i.private_ips) {
    if (ip.public_ip && ip.public_ip->family == IpFamily::kV4 &&
        ip.private_ip.family == IpFamily::kV4 && i.security_groups_apply &&
        !IsNatAddress(n, *ip.public_ip) && n.InterfaceWithPublicAddress(*ip.public_ip) == &i) {
      out.push_back(*ip.public_ip);
    }
  }
  return out;
}

// The address the rules are evaluated for: the interface's primary private IPv4 address, or
// the IPv6 address itself (no translation).
IpAddress LocalAddress(const net::LoweredInterface& i, const IpAddress& inbound) {
  if (inbound.family == IpFamily::kV6) return inbound;
  for (const net::PrivateIp& ip : i.private_ips) {
    if (ip.private_ip.family == IpFamily::kV4) return ip.private_ip;
  }
  return IpAddress::V4(0);
}

}  // namespace

absl::StatusOr<ExposureResult> ComputeExposure(const net::LoweredNetwork& n, const Cidr& from) {
  ExposureResult result;
  result.interfaces = n.interfaces.size();
  const IpFamily family = from.address.family;
  const IntervalSet internet = InternetSpace(family).Intersect(IntervalSet::OfCidr(from));
  absl::flat_hash_map<std::string, std::vector<ExposedService>> classes;
  for (const net::LoweredInterface& i : n.interfaces) {
    std::vector<IpAddress> publics = InboundAddresses(n, i, family);
    const net::LoweredVpc* vpc = n.FindVpc(i.vpc_id);
    if (publics.empty() || !Running(n, i)) continue;  // the internet gateway has nowhere to go
    if (!n.Has("InternetGateways")) {
      result.unknown.push_back({i.network_interface_id, "the snapshot has no InternetGateways response"});
      continue;
    }
    if (vpc == nullptr || vpc->internet_gateway_ids.empty()) continue;
    ++result.candidates;
    const net::LoweredSubnet* subnet = n.FindSubnet(i.subnet_id);
    // As the concrete evaluator: a gateway route table that can redirect what enters for one of
    // the interface's addresses (IPv4: the private one behind each public one).
    std::optional<net::UnsupportedIngressRouting> redirect;
    for (const IpAddress& a : publics) {
      const IpAddress local = family == IpFamily::kV6 ? a : i.PrivateFor(a).value_or(a);
      redirect = net::FindUnsupportedIngressRouting(n, vpc->internet_gateway_ids.front(), local);
      if (redirect) break;
    }
    if (redirect) {
      result.unknown.push_back({i.network_interface_id, redirect->detail});
      continue;
    }
    if (std::string why = UnknownReason(n, i, subnet); !why.empty()) {
      result.unknown.push_back({i.network_interface_id, why});
      continue;
    }
    std::vector<std::string> groups = i.group_ids;
    std::sort(groups.begin(), groups.end());
    std::string key = absl::StrCat(i.subnet_id, "|", absl::StrJoin(groups, ","), "|",
                                   i.security_groups_apply);
    // An IPv6 class is one interface: its rules may name its own address.
    if (family == IpFamily::kV6) key = i.network_interface_id;
    auto it = classes.find(key);
    if (it == classes.end()) {
      const IntervalSet base = internet.Intersect(ReturnRoute(
          n.route_tables[subnet->route_table], vpc->internet_gateway_ids.front(), family));
      it = classes.emplace(key, ClassExposure(*subnet, i, base, LocalAddress(i, publics.front()))
                                    .Compute()).first;
    }
    if (it->second.empty()) continue;
    ExposedInterface e{i.network_interface_id, i.instance_id, i.name, publics, it->second};
    for (ExposedService& s : e.services) s.witness.dst = publics.front();
    result.exposed.push_back(std::move(e));
  }
  result.classes = classes.size();
  return result;
}

}  // namespace vouch::smt
