// Random small networks over a universe with few equivalence classes.
#include "tests/net_gen.h"

#include <algorithm>
#include <string>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "engine/eval/net_trace.h"

namespace vouch::testing {
namespace {

Cidr C(const char* text) { return *ParseCidr(text); }

int Pick(std::mt19937& rng, int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
bool Chance(std::mt19937& rng, double p) { return std::bernoulli_distribution(p)(rng); }

const std::vector<Cidr>& CidrVocabulary() {
  static const std::vector<Cidr>* const kVocab = new std::vector<Cidr>{
      C("0.0.0.0/0"),        C("0.0.0.0/1"),       C("128.0.0.0/1"),    C("10.0.0.0/8"),
      C("10.0.0.0/28"),      C("10.0.0.0/30"),     C("10.0.0.4/30"),    C("10.0.0.8/30"),
      C("10.0.0.1/32"),      C("10.0.0.5/32"),     C("10.0.0.8/29"),    C("198.51.100.0/29"),
      C("198.51.100.0/30"),  C("198.51.100.4/31"), C("198.51.100.6/32"), C("198.51.100.1/32"),
      C("192.168.0.0/16"),   C("8.8.8.0/24"),      C("10.0.1.0/28"),    C("10.0.1.0/30"),
      C("10.0.1.4/30"),      C("10.0.1.1/32"),     C("10.0.0.3/32")};
  return *kVocab;
}

// IPv6: vpc-1 holds 2600:a::/56 (subnet k: 2600:a:0:k::/64, interfaces ::1 and ::2), the peer
// VPC 2600:b::/56; everything else is internet space but fc00::/7.
const std::vector<Cidr>& CidrVocabularyV6() {
  static const std::vector<Cidr>* const kVocab = new std::vector<Cidr>{
      C("::/0"),          C("::/1"),           C("8000::/1"),         C("2600:a::/56"),
      C("2600:a::/64"),   C("2600:a:0:1::/64"), C("2600:a:0:2::/64"), C("2600:a::1/128"),
      C("2600:a:0:1::2/128"), C("2600:b::/56"), C("2600:b::/64"),     C("2001:db8::/32"),
      C("2001:db8::/125"), C("fc00::/7")};
  return *kVocab;
}

// A CIDR of the vocabulary; in a dual-stack network (`v6`), IPv6 a third of the time.
Cidr RandomCidr(std::mt19937& rng, bool v6 = false) {
  const bool six = v6 && Chance(rng, 0.35);
  const auto& v = six ? CidrVocabularyV6() : CidrVocabulary();
  // Wide blocks are common in real rules; keep them likely.
  if (Chance(rng, 0.3)) return v[Pick(rng, 3)];
  return v[Pick(rng, v.size())];
}

int RandomProtocol(std::mt19937& rng, bool v6 = false) {
  static const int kProtocols[] = {-1, -1, 6, 6, 17, 1, 47, 58};
  return kProtocols[Pick(rng, v6 ? 8 : 7)];
}

bool IsIcmpProtocol(int p) { return p == 1 || p == 58; }

std::pair<int, int> RandomPorts(std::mt19937& rng) {
  if (Chance(rng, 0.2)) return {0, 65535};
  int a = Pick(rng, 8), b = Pick(rng, 8);
  if (a > b) std::swap(a, b);
  if (Chance(rng, 0.2)) b = 65535;
  return {a, b};
}

net::IpPermission RandomPermission(std::mt19937& rng, const std::vector<std::string>& groups,
                                   const SourceRef& at, bool v6) {
  net::IpPermission p;
  p.protocol = RandomProtocol(rng, v6);
  p.source = at;
  if (p.protocol == 6 || p.protocol == 17) {
    auto [a, b] = RandomPorts(rng);
    p.from_port = a;
    p.to_port = b;
  } else if (IsIcmpProtocol(p.protocol)) {
    int type = Chance(rng, 0.3) ? -1 : Pick(rng, 4);
    int code = type == -1 || Chance(rng, 0.5) ? -1 : Pick(rng, 4);
    p.from_port = type;
    p.to_port = code;
  }
  int n = 1 + Pick(rng, 2);
  for (int i = 0; i < n; ++i) {
    if (Chance(rng, 0.2) && !groups.empty()) {
      p.group_pairs.push_back({groups[Pick(rng, groups.size())], "", "", at.Child("UserIdGroupPairs").Child(i)});
    } else {
      const Cidr block = RandomCidr(rng, v6);
      const bool six = block.address.family == IpFamily::kV6;
      p.ip_ranges.push_back({block, at.Child(six ? "Ipv6Ranges" : "IpRanges").Child(i)});
    }
  }
  return p;
}

net::NetworkAcl RandomAcl(std::mt19937& rng, const std::string& id, const std::string& vpc,
                          const SourceRef& at, bool v6) {
  net::NetworkAcl acl;
  acl.network_acl_id = id;
  acl.vpc_id = vpc;
  acl.source = at;
  const bool open = Chance(rng, 0.4);  // like a default ACL: allow everything
  for (bool egress : {false, true}) {
    int n = open ? 0 : Pick(rng, 5);
    for (int i = 0; i < n; ++i) {
      net::NetworkAclEntry e;
      e.rule_number = 10 * (1 + Pick(rng, 20));
      e.egress = egress;
      e.rule_action = Chance(rng, 0.6) ? net::RuleAction::kAllow : net::RuleAction::kDeny;
      e.protocol = RandomProtocol(rng, v6);
      e.cidr_block = RandomCidr(rng, v6);
      if (e.protocol == 6 || e.protocol == 17 || Chance(rng, 0.1)) {
        auto [a, b] = RandomPorts(rng);
        e.port_range = net::NetworkAclPortRange{a, b};
      }
      if (IsIcmpProtocol(e.protocol)) {
        int type = Chance(rng, 0.3) ? -1 : Pick(rng, 4);
        e.icmp_type_code = net::IcmpTypeCode{type, type == -1 ? -1 : (Chance(rng, 0.5) ? -1 : Pick(rng, 4))};
      }
      e.source = at.Child("Entries").Child(acl.entries.size());
      acl.entries.push_back(e);
    }
    // Most real ACLs end in an allow-all before the `*` rule (the IPv6 ones at 301 and 32768).
    const bool allow_all = open || Chance(rng, 0.6);
    const bool allow_all_v6 = v6 && (open || Chance(rng, 0.7));
    for (const bool six : {false, true}) {
      if (six && !v6) continue;
      // An entry for every packet of the family: the allow-all rule or the `*` default deny.
      auto every_packet = [&](int rule_number, net::RuleAction action) {
        net::NetworkAclEntry e;
        e.rule_number = rule_number;
        e.egress = egress;
        e.rule_action = action;
        e.protocol = -1;
        e.cidr_block = C(six ? "::/0" : "0.0.0.0/0");
        e.source = at.Child("Entries").Child(acl.entries.size());
        acl.entries.push_back(e);
      };
      if (six ? allow_all_v6 : allow_all) every_packet(six ? 301 : 300, net::RuleAction::kAllow);
      every_packet(six ? 32768 : 32767, net::RuleAction::kDeny);
    }
  }
  return acl;
}

void AddRoute(net::RouteTable& rt, Cidr dst, net::RouteTargetKind kind, std::string target,
              net::RouteState state) {
  for (const auto& r : rt.routes) {
    if (*r.destination == dst) return;  // AWS allows one route per destination
  }
  net::Route r;
  r.destination = dst;
  r.target_kind = kind;
  r.target_id = std::move(target);
  r.state = state;
  r.origin = "CreateRoute";
  r.source = rt.source.Child("Routes").Child(rt.routes.size());
  rt.routes.push_back(std::move(r));
}

// A table of vpc-1: the local route, then routes to the internet gateways, the NAT gateways
// and the peering connections (to the internet, to the peer VPC, or to one subnet of vpc-1,
// which AWS allows for NAT gateways and middleboxes).
// In a dual-stack network, IPv6 routes: local (almost always, as AWS adds it), then to the
// internet gateway, the egress-only one, the peer VPC, and rarely a NAT gateway (NAT64).
void AddRandomV6Routes(std::mt19937& rng, net::RouteTable& rt) {
  if (Chance(rng, 0.95)) {
    AddRoute(rt, C("2600:a::/56"), net::RouteTargetKind::kLocal, "local", net::RouteState::kActive);
  }
  if (Chance(rng, 0.7)) {  // AWS's dual-stack layouts: ::/0 to the gateway or egress-only one
    const char* gateway = Chance(rng, 0.7) ? "igw-1" : "eigw-1";
    AddRoute(rt, C("::/0"),
             gateway[0] == 'i' ? net::RouteTargetKind::kInternetGateway
                               : net::RouteTargetKind::kEgressOnlyInternetGateway,
             gateway, net::RouteState::kActive);
  }
  static const char* kDestinations[] = {"::/0", "::/0", "2001:db8::/32", "8000::/1"};
  int n = Pick(rng, 3);
  for (int i = 0; i < n; ++i) {
    const int target = Pick(rng, 10);  // 0-3 internet gateway, 4-7 egress-only, 8 peering, 9 NAT
    Cidr dst = C(kDestinations[Pick(rng, 4)]);
    const net::RouteState state =
        Chance(rng, 0.9) ? net::RouteState::kActive : net::RouteState::kBlackhole;
    if (target < 4) {
      AddRoute(rt, dst, net::RouteTargetKind::kInternetGateway, "igw-1", state);
    } else if (target < 8) {
      AddRoute(rt, dst, net::RouteTargetKind::kEgressOnlyInternetGateway,
               Chance(rng, 0.9) ? "eigw-1" : "eigw-2", state);  // eigw-2 is not attached
    } else if (target == 8) {
      AddRoute(rt, C("2600:b::/56"), net::RouteTargetKind::kVpcPeeringConnection, "pcx-1", state);
    } else {
      AddRoute(rt, dst, net::RouteTargetKind::kNatGateway, "nat-1", state);
    }
  }
}

net::RouteTable RandomRouteTable(std::mt19937& rng, const std::string& id, const SourceRef& at,
                                 bool v6) {
  net::RouteTable rt;
  rt.route_table_id = id;
  rt.vpc_id = "vpc-1";
  rt.source = at;
  AddRoute(rt, C("10.0.0.0/28"), net::RouteTargetKind::kLocal, "local", net::RouteState::kActive);
  static const char* kDestinations[] = {"0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1",
                                        "198.51.100.0/29", "198.51.100.4/31", "8.8.8.0/24"};
  static const char* kPeerDestinations[] = {"10.0.1.0/28", "10.0.1.4/30", "10.0.0.8/30"};
  int n = Pick(rng, 5);
  for (int i = 0; i < n; ++i) {
    const int target = Pick(rng, 10);  // 0-4 internet gateway, 5-7 NAT gateway, 8-9 peering
    Cidr dst = C(kDestinations[Pick(rng, 6)]);
    if (target >= 8 || (target >= 5 && Chance(rng, 0.25))) dst = C(kPeerDestinations[Pick(rng, 3)]);
    net::RouteState state = Chance(rng, 0.9) ? net::RouteState::kActive : net::RouteState::kBlackhole;
    if (target < 5) {
      AddRoute(rt, dst, net::RouteTargetKind::kInternetGateway,
               Chance(rng, 0.85) ? "igw-1" : "igw-2", state);  // igw-2 is not attached
    } else if (target < 8) {
      AddRoute(rt, dst, net::RouteTargetKind::kNatGateway, Chance(rng, 0.6) ? "nat-1" : "nat-2", state);
    } else {
      AddRoute(rt, dst, net::RouteTargetKind::kVpcPeeringConnection,
               Chance(rng, 0.8) ? "pcx-1" : "pcx-2", state);
    }
  }
  // Now and then a route to a transit gateway, which vouch does not follow: a question that
  // meets one is unknown, and its answer must name the routes its packets take, not the others.
  for (const char* tgw : {"tgw-1", "tgw-2"}) {
    if (Chance(rng, 0.08)) {
      AddRoute(rt, C(kDestinations[Pick(rng, 6)]), net::RouteTargetKind::kTransitGateway, tgw,
               net::RouteState::kActive);
    }
  }
  if (v6) AddRandomV6Routes(rng, rt);
  return rt;
}

// The peer VPC's main table: local, and usually a route back to vpc-1 over pcx-1.
net::RouteTable PeerRouteTable(std::mt19937& rng, const SourceRef& at, bool v6) {
  net::RouteTable rt;
  rt.route_table_id = "rtb-peer";
  rt.vpc_id = "vpc-2";
  rt.source = at;
  rt.associations.push_back({true, "", "", "rtbassoc-peer", at.Child("Associations").Child(0)});
  AddRoute(rt, C("10.0.1.0/28"), net::RouteTargetKind::kLocal, "local", net::RouteState::kActive);
  static const char* kBack[] = {"10.0.0.0/28", "10.0.0.0/28", "10.0.0.0/30", "10.0.0.8/30"};
  if (Chance(rng, 0.85)) {
    // Drawn into locals first: the order arguments are evaluated in differs between compilers.
    const Cidr back = C(kBack[Pick(rng, 4)]);
    const char* pcx = Chance(rng, 0.9) ? "pcx-1" : "pcx-2";
    AddRoute(rt, back, net::RouteTargetKind::kVpcPeeringConnection, pcx, net::RouteState::kActive);
  }
  if (v6) {
    AddRoute(rt, C("2600:b::/56"), net::RouteTargetKind::kLocal, "local", net::RouteState::kActive);
    if (Chance(rng, 0.7)) {
      AddRoute(rt, C("2600:a::/56"), net::RouteTargetKind::kVpcPeeringConnection, "pcx-1",
               net::RouteState::kActive);
    }
  }
  return rt;
}

// NAT gateways of vpc-1, nat-1 and nat-2, each in a random subnet k at
// 10.0.0.4k+3 (interfaces use 4k+1 and 4k+2), public or private, usually available.
void AddNatGateways(std::mt19937& rng, net::Network& n, const SourceRef& file) {
  std::vector<int> taken;
  for (int g = 0; g < 2; ++g) {
    int subnet = Pick(rng, 3);
    if (std::find(taken.begin(), taken.end(), subnet) != taken.end()) subnet = (subnet + 1) % 3;
    taken.push_back(subnet);
    net::NatGateway nat;
    nat.nat_gateway_id = absl::StrCat("nat-", g + 1);
    nat.subnet_id = absl::StrCat("subnet-", subnet);
    nat.vpc_id = "vpc-1";
    nat.state = Chance(rng, 0.9) ? "available" : (Chance(rng, 0.5) ? "pending" : "failed");
    nat.connectivity = Chance(rng, 0.8) ? net::NatConnectivity::kPublic : net::NatConnectivity::kPrivate;
    net::NatGatewayAddress a;
    a.private_ip = IpAddress::V4(0x0A000000u + 4 * subnet + 3);
    if (nat.connectivity == net::NatConnectivity::kPublic) a.public_ip = IpAddress::V4(0xCB007120u + g);
    a.network_interface_id = absl::StrCat("eni-nat-", g + 1);
    nat.addresses.push_back(a);
    nat.source = file.Child("NatGateways").Child(g);
    n.nat_gateways.push_back(nat);
    if (Chance(rng, 0.3)) {  // its interface, as describe-network-interfaces lists it
      net::NetworkInterface eni;
      eni.network_interface_id = a.network_interface_id;
      eni.subnet_id = nat.subnet_id;
      eni.vpc_id = "vpc-1";
      eni.interface_type = "nat_gateway";
      eni.private_ips.push_back({*a.private_ip, true, a.public_ip});
      eni.source = file.Child("NetworkInterfaces").Child(100 + g);
      n.network_interfaces.push_back(eni);
    }
  }
}

// pcx-1 joins vpc-1 and vpc-2, usually active; pcx-2 joins them too but is never active.
void AddPeerings(std::mt19937& rng, net::Network& n, const SourceRef& file, bool v6) {
  static const char* kInactive[] = {"pending-acceptance", "deleted", "rejected", "expired"};
  for (int k = 1; k <= 2; ++k) {
    net::VpcPeeringConnection p;
    p.vpc_peering_connection_id = absl::StrCat("pcx-", k);
    p.status_code = k == 1 && Chance(rng, 0.8) ? "active" : kInactive[Pick(rng, 4)];
    p.requester = {"111122223333", "vpc-1", "us-east-1", {C("10.0.0.0/28")}};
    // Usually the whole peer VPC; sometimes the peering only knows part of it.
    p.accepter = {"111122223333", "vpc-2", "us-east-1",
                  {Chance(rng, 0.85) ? C("10.0.1.0/28") : C("10.0.1.0/30")}};
    if (v6 && Chance(rng, 0.8)) {  // the IPv6 blocks too, as Ipv6CidrBlockSet lists them
      p.requester.cidr_blocks.push_back(C("2600:a::/56"));
      p.accepter.cidr_blocks.push_back(C("2600:b::/56"));
    }
    if (Chance(rng, 0.5)) std::swap(p.requester, p.accepter);
    p.source = file.Child("VpcPeeringConnections").Child(k - 1);
    n.vpc_peering_connections.push_back(p);
  }
}

// Sometimes a gateway route table on igw-1 (ingress routing): with only the local route it
// changes nothing; with a route to a middlebox interface for 10.0.0.4/30, both engines must
// answer unknown for what enters for that subnet, and as usual for the rest.
void MaybeAddGatewayRouteTable(std::mt19937& rng, net::Network& n, const SourceRef& at, bool v6) {
  if (!Chance(rng, 0.06)) return;
  net::RouteTable rt;
  rt.route_table_id = "rtb-edge";
  rt.vpc_id = "vpc-1";
  rt.source = at;
  rt.associations.push_back({false, "", "igw-1", "rtbassoc-edge", at.Child("Associations").Child(0)});
  AddRoute(rt, C("10.0.0.0/28"), net::RouteTargetKind::kLocal, "local", net::RouteState::kActive);
  if (v6) AddRoute(rt, C("2600:a::/56"), net::RouteTargetKind::kLocal, "local", net::RouteState::kActive);
  if (Chance(rng, 0.5)) {
    AddRoute(rt, C("10.0.0.4/30"), net::RouteTargetKind::kNetworkInterface, "eni-0",
             net::RouteState::kActive);
  }
  n.route_tables.push_back(rt);
}

}  // namespace

const Universe& GeneratorUniverse() {
  static const Universe* const kUniverse = [] {
    auto* u = new Universe;
    for (int i = 0; i <= 8; ++i) u->internet_addresses.push_back(IpAddress::V4(0xC6336400u + i));
    u->internet_addresses.push_back(*ParseIpAddress("8.8.8.8"));
    u->internet_addresses.push_back(*ParseIpAddress("9.9.9.9"));
    u->internet_addresses.push_back(*ParseIpAddress("203.0.113.9"));
    for (const char* a : {"2001:db8::1", "2001:db8::9", "2600:c::1", "8000::1", "2600:a::5",
                          "2600:a:0:1::5", "2600:a:0:2::5", "2600:a:0:3::1", "2600:b::5",
                          "2600:b:0:1::5", "2600:b:0:5::1"}) {
      u->internet_addresses_v6.push_back(*ParseIpAddress(a));
    }
    for (int k = 0; k < 3; ++k) {  // the interfaces' own addresses are internet addresses too
      for (int h = 1; h <= 2; ++h) {
        u->internet_addresses_v6.push_back(*ParseIpAddress(absl::StrCat("2600:a:0:", k, "::", h)));
      }
    }
    for (int k = 0; k < 2; ++k) {
      for (int h = 1; h <= 2; ++h) {
        u->internet_addresses_v6.push_back(*ParseIpAddress(absl::StrCat("2600:b:0:", k, "::", h)));
      }
    }
    u->protocols = {1, 6, 17, 47, 50, 58};
    for (int i = 0; i <= 8; ++i) u->ports.push_back(i);
    for (int i = 0; i <= 4; ++i) u->icmp_values.push_back(i);
    return u;
  }();
  return *kUniverse;
}

net::Network RandomNetwork(std::mt19937& rng) {
  net::Network n;
  n.present = {"Vpcs", "Subnets", "RouteTables", "InternetGateways", "NetworkAcls",
               "SecurityGroups", "NetworkInterfaces", "Reservations", "NatGateways",
               "VpcPeeringConnections"};
  SourceRef file{"gen.json", ""};
  // Three in ten networks are dual-stack: IPv6 blocks, addresses, rules and routes too.
  const bool v6 = Chance(rng, 0.3);
  n.vpcs.push_back(net::Vpc{"vpc-1", "", "gen", false, {C("10.0.0.0/28")}, file.Child("Vpcs").Child(0)});
  const bool peer_vpc = Chance(rng, 0.7);
  if (peer_vpc) {
    n.vpcs.push_back(net::Vpc{"vpc-2", "", "peer", false, {C("10.0.1.0/28")}, file.Child("Vpcs").Child(1)});
  }
  if (v6) {
    n.present.insert("EgressOnlyInternetGateways");
    n.vpcs[0].cidr_blocks.push_back(C("2600:a::/56"));
    if (peer_vpc) n.vpcs[1].cidr_blocks.push_back(C("2600:b::/56"));
  }
  const char* kSubnets[] = {"10.0.0.0/30", "10.0.0.4/30", "10.0.0.8/30", "10.0.1.0/30", "10.0.1.4/30"};
  const int subnets = peer_vpc ? 5 : 3;
  for (int i = 0; i < subnets; ++i) {
    net::Subnet s;
    s.subnet_id = absl::StrCat("subnet-", i);
    s.vpc_id = i < 3 ? "vpc-1" : "vpc-2";
    s.cidr_block = C(kSubnets[i]);
    if (v6 && Chance(rng, 0.85)) {
      s.ipv6_cidr_blocks.push_back(
          C(i < 3 ? absl::StrCat("2600:a:0:", i, "::/64").c_str()
                  : absl::StrCat("2600:b:0:", i - 3, "::/64").c_str()));
    }
    s.source = file.Child("Subnets").Child(i);
    n.subnets.push_back(s);
  }
  net::InternetGateway igw{"igw-1", "", {}, file.Child("InternetGateways").Child(0)};
  if (Chance(rng, 0.85)) igw.attachments.push_back({"vpc-1", "available"});
  n.internet_gateways.push_back(igw);
  n.internet_gateways.push_back({"igw-2", "", {}, file.Child("InternetGateways").Child(1)});
  if (v6) {  // eigw-1, usually attached to vpc-1; eigw-2 never attached
    net::EgressOnlyInternetGateway eigw{"eigw-1", {}, file.Child("EgressOnlyInternetGateways").Child(0)};
    if (Chance(rng, 0.85)) eigw.attachments.push_back({"vpc-1", "attached"});
    n.egress_only_internet_gateways.push_back(eigw);
    n.egress_only_internet_gateways.push_back(
        {"eigw-2", {}, file.Child("EgressOnlyInternetGateways").Child(1)});
  }
  AddNatGateways(rng, n, file);
  if (peer_vpc) AddPeerings(rng, n, file, v6);
  // Route tables: a main one, and maybe one explicitly associated with a random subnet; or,
  // often, AWS's private/public layout: the main table sends the internet to nat-1, whose
  // subnet has its own table to the internet gateway.
  n.route_tables.push_back(RandomRouteTable(rng, "rtb-main", file.Child("RouteTables").Child(0), v6));
  net::RouteTable& main_table = n.route_tables[0];
  main_table.associations.push_back({true, "", "", "rtbassoc-main", {}});
  if (Chance(rng, 0.5)) {
    std::erase_if(main_table.routes, [](const net::Route& r) { return r.destination->length == 0; });
    AddRoute(main_table, C("0.0.0.0/0"), net::RouteTargetKind::kNatGateway, "nat-1", net::RouteState::kActive);
    net::RouteTable nat_table;
    nat_table.route_table_id = "rtb-nat";
    nat_table.vpc_id = "vpc-1";
    nat_table.source = file.Child("RouteTables").Child(1);
    AddRoute(nat_table, C("10.0.0.0/28"), net::RouteTargetKind::kLocal, "local", net::RouteState::kActive);
    AddRoute(nat_table, C("0.0.0.0/0"), net::RouteTargetKind::kInternetGateway, "igw-1", net::RouteState::kActive);
    if (v6) {
      AddRoute(nat_table, C("2600:a::/56"), net::RouteTargetKind::kLocal, "local", net::RouteState::kActive);
      AddRoute(nat_table, C("::/0"), net::RouteTargetKind::kInternetGateway, "igw-1", net::RouteState::kActive);
    }
    nat_table.associations.push_back({false, n.nat_gateways[0].subnet_id, "", "a-nat", {}});
    n.route_tables.push_back(nat_table);
  } else if (Chance(rng, 0.7)) {
    n.route_tables.push_back(RandomRouteTable(rng, "rtb-1", file.Child("RouteTables").Child(1), v6));
    n.route_tables.back().associations.push_back({false, absl::StrCat("subnet-", Pick(rng, 3)), "", "a1", {}});
  }
  if (peer_vpc && Chance(rng, 0.6)) {  // AWS's peering layout: every table routes the peer
    for (net::RouteTable& rt : n.route_tables) {
      AddRoute(rt, C("10.0.1.0/28"), net::RouteTargetKind::kVpcPeeringConnection, "pcx-1",
               net::RouteState::kActive);
    }
  }
  if (peer_vpc) n.route_tables.push_back(PeerRouteTable(rng, file.Child("RouteTables").Child(2), v6));
  MaybeAddGatewayRouteTable(rng, n, file.Child("RouteTables").Child(3), v6);
  // ACLs: the default one of each VPC, and maybe one explicitly associated in vpc-1.
  n.network_acls.push_back(RandomAcl(rng, "acl-default", "vpc-1", file.Child("NetworkAcls").Child(0), v6));
  n.network_acls.back().is_default = true;
  if (Chance(rng, 0.7)) {
    n.network_acls.push_back(RandomAcl(rng, "acl-1", "vpc-1", file.Child("NetworkAcls").Child(1), v6));
    n.network_acls.back().associations.push_back({absl::StrCat("subnet-", Pick(rng, 3)), "aclassoc-1"});
  }
  if (peer_vpc) {
    n.network_acls.push_back(RandomAcl(rng, "acl-peer", "vpc-2", file.Child("NetworkAcls").Child(2), v6));
    n.network_acls.back().is_default = true;
  }
  // Security groups (sg-3 belongs to the peer VPC; references cross the peering), then
  // interfaces holding one or two of them.
  std::vector<std::string> groups = {"sg-0", "sg-1", "sg-2", "sg-3"};
  for (size_t g = 0; g < groups.size(); ++g) {
    net::SecurityGroup sg;
    sg.group_id = groups[g];
    sg.vpc_id = g < 3 ? "vpc-1" : "vpc-2";
    sg.source = file.Child("SecurityGroups").Child(g);
    int in = 1 + Pick(rng, 3), out = Pick(rng, 3);
    if (Chance(rng, 0.6)) {  // AWS's default egress rule: everything to 0.0.0.0/0
      net::IpPermission all;
      all.protocol = -1;
      all.ip_ranges.push_back({C("0.0.0.0/0"), sg.source.Child("IpPermissionsEgress").Child(0)});
      if (v6) all.ip_ranges.push_back({C("::/0"), sg.source.Child("IpPermissionsEgress").Child(0)});
      all.source = sg.source.Child("IpPermissionsEgress").Child(0);
      sg.ip_permissions_egress.push_back(all);
    }
    for (int i = 0; i < in; ++i) {
      sg.ip_permissions.push_back(
          RandomPermission(rng, groups, sg.source.Child("IpPermissions").Child(i), v6));
    }
    if (Chance(rng, g < 3 ? 0.3 : 0.5)) {  // everything from the private ranges (both VPCs)
      net::IpPermission all;
      all.protocol = -1;
      all.ip_ranges.push_back({C("10.0.0.0/8"), sg.source.Child("IpPermissions").Child(in)});
      all.source = sg.source.Child("IpPermissions").Child(in);
      sg.ip_permissions.push_back(all);
    }
    if (v6 && Chance(rng, 0.4)) {  // a service open to the whole IPv6 internet
      static const int kOpen[] = {-1, 6, 58};
      net::IpPermission open;
      open.protocol = kOpen[Pick(rng, 3)];
      if (open.protocol == 6) {
        const auto [a, b] = RandomPorts(rng);
        open.from_port = a;
        open.to_port = b;
      } else if (open.protocol == 58) {
        open.from_port = -1;
        open.to_port = -1;
      }
      const SourceRef at = sg.source.Child("IpPermissions").Child(sg.ip_permissions.size());
      open.ip_ranges.push_back({C("::/0"), at.Child("Ipv6Ranges").Child(0)});
      open.source = at;
      sg.ip_permissions.push_back(open);
    }
    for (int i = 0; i < out; ++i) {
      sg.ip_permissions_egress.push_back(
          RandomPermission(rng, groups, sg.source.Child("IpPermissionsEgress").Child(i), v6));
    }
    n.security_groups.push_back(sg);
  }
  int interfaces = 2 + Pick(rng, 3);
  for (int i = 0; i < interfaces; ++i) {
    net::NetworkInterface eni;
    eni.network_interface_id = absl::StrCat("eni-", i);
    int subnet = Pick(rng, subnets);
    eni.subnet_id = absl::StrCat("subnet-", subnet);
    eni.vpc_id = subnet < 3 ? "vpc-1" : "vpc-2";
    eni.interface_type = "interface";
    // Subnet k holds 10.0.0.4k+1 and 10.0.0.4k+2 (AWS reserves the others; fine here); the
    // peer VPC's subnets 10.0.1.x likewise.
    net::PrivateIp ip;
    const uint32_t base = subnet < 3 ? 0x0A000000u + 4 * subnet : 0x0A000100u + 4 * (subnet - 3);
    ip.private_ip = IpAddress::V4(base + 1 + (i % 2));
    ip.primary = true;
    if (subnet < 3 && Chance(rng, 0.6)) ip.public_ip = IpAddress::V4(0xCB007110u + i);  // 203.0.113.16+i
    bool taken = false;
    for (const auto& other : n.network_interfaces) taken = taken || other.private_ips[0].private_ip == ip.private_ip;
    if (taken) continue;
    eni.private_ips.push_back(ip);
    // The same slot in the subnet's IPv6 block, when it has one.
    if (!n.subnets[subnet].ipv6_cidr_blocks.empty() && Chance(rng, 0.8)) {
      IpAddress a = n.subnets[subnet].ipv6_cidr_blocks[0].address;
      a.bits += 1 + (i % 2);
      eni.ipv6_addresses.push_back(Cidr{a, 128});
    }
    if (subnet < 3) {
      eni.group_ids.push_back(groups[Pick(rng, 3)]);
      if (Chance(rng, 0.3)) eni.group_ids.push_back(groups[Pick(rng, 3)]);
    } else {
      eni.group_ids.push_back("sg-3");
    }
    eni.source = file.Child("NetworkInterfaces").Child(i);
    n.network_interfaces.push_back(eni);
  }
  return n;
}

namespace {

// The addresses of one side in one family: the block's representatives, else the
// interface's (IPv4: private, or public for a question from the internet; IPv6: its own).
std::vector<IpAddress> Addresses(const net::LoweredNetwork& n, const smt::EndpointSet& set,
                                 bool public_side, bool v6) {
  std::vector<IpAddress> out;
  const std::optional<Cidr>& block = v6 ? set.external_v6 : set.external;
  if (block) {
    const Universe& u = GeneratorUniverse();
    for (const IpAddress& a : v6 ? u.internet_addresses_v6 : u.internet_addresses) {
      if (block->Contains(a)) out.push_back(a);
    }
    return out;
  }
  if (set.interfaces.empty()) return out;
  const net::LoweredInterface* i = n.FindInterface(set.interfaces[0]);
  if (v6) {
    for (const Cidr& c : i->ipv6_addresses) out.push_back(c.address);
    return out;
  }
  for (const net::PrivateIp& ip : i->private_ips) {
    if (!public_side) out.push_back(ip.private_ip);
    else if (ip.public_ip) out.push_back(*ip.public_ip);
  }
  return out;
}

}  // namespace

ExhaustiveAnswer Enumerate(const net::LoweredNetwork& n, const smt::EndpointSet& from,
                           const smt::EndpointSet& to, const smt::HeaderSpace& header) {
  const Universe& u = GeneratorUniverse();
  const bool inbound = from.external.has_value() || from.external_v6.has_value();
  const bool outbound = to.external.has_value() || to.external_v6.has_value();
  net::Endpoint src = inbound ? net::Endpoint{} : net::Endpoint{from.interfaces[0], std::nullopt};
  net::Endpoint dst = outbound ? net::Endpoint{} : net::Endpoint{to.interfaces[0], std::nullopt};
  const bool narrowed = header.dst_ports.from > 0 || header.dst_ports.to < 65535;
  // An IPv6 block on one side makes it an IPv6 question; between interfaces, both families.
  const bool v4 = !(from.external_v6 && !from.external) && !(to.external_v6 && !to.external);
  const bool v6 = !(from.external && !from.external_v6) && !(to.external && !to.external_v6);
  std::vector<std::pair<IpAddress, IpAddress>> ends;
  for (const bool six : {false, true}) {
    if (!(six ? v6 : v4)) continue;
    for (const IpAddress& s : Addresses(n, from, false, six)) {
      for (const IpAddress& d : Addresses(n, to, inbound, six)) ends.push_back({s, d});
    }
  }
  ExhaustiveAnswer result;
  for (const auto& end : ends) {
    const IpAddress s = end.first, d = end.second;
    {
      net::Endpoint se = src, de = dst;
      if (!se.IsInterface()) se.address = s;
      if (!de.IsInterface()) de.address = d;
      for (int protocol : u.protocols) {
        if (header.protocol && *header.protocol != protocol) continue;
        const bool ports = protocol == 6 || protocol == 17;
        if (narrowed && !ports) continue;
        const bool icmp = protocol == 1 || protocol == 58;
        const std::vector<int> none = {0};
        for (int a : ports ? u.ports : (icmp ? u.icmp_values : none)) {
          for (int b : ports ? u.ports : (icmp ? u.icmp_values : none)) {
            net::Packet p{s, d, protocol, 0, 0, 0, 0};
            if (ports) {
              p.src_port = a;
              p.dst_port = b;
              if (!header.dst_ports.Contains(b)) continue;
            } else if (icmp) {
              p.icmp_type = a;
              p.icmp_code = b;
            }
            net::PacketTrace trace = net::Trace(n, se, de, p);
            if (trace.disposition == net::Disposition::kAccepted) {
              result.accepted = p;
              result.unknown_hops.clear();
              return result;
            }
            if (trace.disposition != net::Disposition::kUnknown) continue;
            if (!result.unknown) result.unknown = p;
            net::Hop why = trace.blocking.value_or(net::Hop());
            if (!absl::c_any_of(result.unknown_hops, [&](const net::Hop& h) {
                  return h.component_id == why.component_id && h.detail == why.detail;
                })) {
              result.unknown_hops.push_back(std::move(why));
            }
          }
        }
      }
    }
  }
  return result;
}

}  // namespace vouch::testing
