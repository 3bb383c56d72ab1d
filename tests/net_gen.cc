// Random small networks over a universe with few equivalence classes.
#include "tests/net_gen.h"

#include <string>

#include "absl/strings/str_cat.h"

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
      C("192.168.0.0/16"),   C("8.8.8.0/24")};
  return *kVocab;
}

Cidr RandomCidr(std::mt19937& rng) {
  const auto& v = CidrVocabulary();
  // Wide blocks are common in real rules; keep them likely.
  if (Chance(rng, 0.3)) return v[Pick(rng, 3)];
  return v[Pick(rng, v.size())];
}

int RandomProtocol(std::mt19937& rng) {
  static const int kProtocols[] = {-1, -1, 6, 6, 17, 1, 47};
  return kProtocols[Pick(rng, 7)];
}

std::pair<int, int> RandomPorts(std::mt19937& rng) {
  if (Chance(rng, 0.2)) return {0, 65535};
  int a = Pick(rng, 8), b = Pick(rng, 8);
  if (a > b) std::swap(a, b);
  if (Chance(rng, 0.2)) b = 65535;
  return {a, b};
}

net::IpPermission RandomPermission(std::mt19937& rng, const std::vector<std::string>& groups,
                                   const SourceRef& at) {
  net::IpPermission p;
  p.protocol = RandomProtocol(rng);
  p.source = at;
  if (p.protocol == 6 || p.protocol == 17) {
    auto [a, b] = RandomPorts(rng);
    p.from_port = a;
    p.to_port = b;
  } else if (p.protocol == 1) {
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
      p.ip_ranges.push_back({RandomCidr(rng), at.Child("IpRanges").Child(i)});
    }
  }
  return p;
}

net::NetworkAcl RandomAcl(std::mt19937& rng, const std::string& id, const SourceRef& at) {
  net::NetworkAcl acl;
  acl.network_acl_id = id;
  acl.vpc_id = "vpc-1";
  acl.source = at;
  for (bool egress : {false, true}) {
    int n = Pick(rng, 5);
    for (int i = 0; i < n; ++i) {
      net::NetworkAclEntry e;
      e.rule_number = 10 * (1 + Pick(rng, 20));
      e.egress = egress;
      e.rule_action = Chance(rng, 0.6) ? net::RuleAction::kAllow : net::RuleAction::kDeny;
      e.protocol = RandomProtocol(rng);
      e.cidr_block = RandomCidr(rng);
      if (e.protocol == 6 || e.protocol == 17 || Chance(rng, 0.1)) {
        auto [a, b] = RandomPorts(rng);
        e.port_range = net::NetworkAclPortRange{a, b};
      }
      if (e.protocol == 1) {
        int type = Chance(rng, 0.3) ? -1 : Pick(rng, 4);
        e.icmp_type_code = net::IcmpTypeCode{type, type == -1 ? -1 : (Chance(rng, 0.5) ? -1 : Pick(rng, 4))};
      }
      e.source = at.Child("Entries").Child(acl.entries.size());
      acl.entries.push_back(e);
    }
    if (Chance(rng, 0.6)) {  // most real ACLs end in an allow-all before the `*` rule
      net::NetworkAclEntry all;
      all.rule_number = 300;
      all.egress = egress;
      all.rule_action = net::RuleAction::kAllow;
      all.protocol = -1;
      all.cidr_block = C("0.0.0.0/0");
      all.source = at.Child("Entries").Child(acl.entries.size());
      acl.entries.push_back(all);
    }
    net::NetworkAclEntry star;
    star.rule_number = 32767;
    star.egress = egress;
    star.rule_action = net::RuleAction::kDeny;
    star.protocol = -1;
    star.cidr_block = C("0.0.0.0/0");
    star.source = at.Child("Entries").Child(acl.entries.size());
    acl.entries.push_back(star);
  }
  return acl;
}

net::RouteTable RandomRouteTable(std::mt19937& rng, const std::string& id, const SourceRef& at) {
  net::RouteTable rt;
  rt.route_table_id = id;
  rt.vpc_id = "vpc-1";
  rt.source = at;
  auto add = [&](Cidr dst, net::RouteTargetKind kind, std::string target, net::RouteState state) {
    net::Route r;
    r.destination = dst;
    r.target_kind = kind;
    r.target_id = std::move(target);
    r.state = state;
    r.origin = "CreateRoute";
    r.source = at.Child("Routes").Child(rt.routes.size());
    rt.routes.push_back(std::move(r));
  };
  add(C("10.0.0.0/28"), net::RouteTargetKind::kLocal, "local", net::RouteState::kActive);
  static const char* kDestinations[] = {"0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1",
                                        "198.51.100.0/29", "198.51.100.4/31", "8.8.8.0/24"};
  int n = Pick(rng, 4);
  for (int i = 0; i < n; ++i) {
    Cidr dst = C(kDestinations[Pick(rng, 6)]);
    bool exists = false;
    for (const auto& r : rt.routes) exists = exists || *r.destination == dst;
    if (exists) continue;
    net::RouteTargetKind kind = net::RouteTargetKind::kInternetGateway;
    std::string target = Chance(rng, 0.85) ? "igw-1" : "igw-2";  // igw-2 is not attached
    add(dst, kind, target, Chance(rng, 0.85) ? net::RouteState::kActive : net::RouteState::kBlackhole);
  }
  return rt;
}

}  // namespace

const Universe& GeneratorUniverse() {
  static const Universe* const kUniverse = [] {
    auto* u = new Universe;
    for (int i = 0; i <= 8; ++i) u->internet_addresses.push_back(IpAddress::V4(0xC6336400u + i));
    u->internet_addresses.push_back(*ParseIpAddress("8.8.8.8"));
    u->internet_addresses.push_back(*ParseIpAddress("9.9.9.9"));
    u->internet_addresses.push_back(*ParseIpAddress("203.0.113.9"));
    u->protocols = {1, 6, 17, 47, 50};
    for (int i = 0; i <= 8; ++i) u->ports.push_back(i);
    for (int i = 0; i <= 4; ++i) u->icmp_values.push_back(i);
    return u;
  }();
  return *kUniverse;
}

net::Network RandomNetwork(std::mt19937& rng) {
  net::Network n;
  n.present = {"Vpcs", "Subnets", "RouteTables", "InternetGateways", "NetworkAcls",
               "SecurityGroups", "NetworkInterfaces", "Reservations"};
  SourceRef file{"gen.json", ""};
  n.vpcs.push_back(net::Vpc{"vpc-1", "", "gen", false, {C("10.0.0.0/28")}, file.Child("Vpcs").Child(0)});
  const char* kSubnets[] = {"10.0.0.0/30", "10.0.0.4/30", "10.0.0.8/30"};
  for (int i = 0; i < 3; ++i) {
    net::Subnet s;
    s.subnet_id = absl::StrCat("subnet-", i);
    s.vpc_id = "vpc-1";
    s.cidr_block = C(kSubnets[i]);
    s.source = file.Child("Subnets").Child(i);
    n.subnets.push_back(s);
  }
  net::InternetGateway igw{"igw-1", "", {}, file.Child("InternetGateways").Child(0)};
  if (Chance(rng, 0.85)) igw.attachments.push_back({"vpc-1", "available"});
  n.internet_gateways.push_back(igw);
  n.internet_gateways.push_back({"igw-2", "", {}, file.Child("InternetGateways").Child(1)});
  // Route tables: a main one, and maybe one explicitly associated with a random subnet.
  n.route_tables.push_back(RandomRouteTable(rng, "rtb-main", file.Child("RouteTables").Child(0)));
  n.route_tables[0].associations.push_back({true, "", "", "rtbassoc-main", {}});
  if (Chance(rng, 0.6)) {
    n.route_tables.push_back(RandomRouteTable(rng, "rtb-1", file.Child("RouteTables").Child(1)));
    n.route_tables[1].associations.push_back({false, absl::StrCat("subnet-", Pick(rng, 3)), "", "a1", {}});
  }
  // ACLs: the default one, and maybe one explicitly associated.
  n.network_acls.push_back(RandomAcl(rng, "acl-default", file.Child("NetworkAcls").Child(0)));
  n.network_acls[0].is_default = true;
  if (Chance(rng, 0.7)) {
    n.network_acls.push_back(RandomAcl(rng, "acl-1", file.Child("NetworkAcls").Child(1)));
    n.network_acls[1].associations.push_back({absl::StrCat("subnet-", Pick(rng, 3)), "aclassoc-1"});
  }
  // Security groups, then interfaces holding one or two of them.
  std::vector<std::string> groups = {"sg-0", "sg-1", "sg-2"};
  for (size_t g = 0; g < groups.size(); ++g) {
    net::SecurityGroup sg;
    sg.group_id = groups[g];
    sg.vpc_id = "vpc-1";
    sg.source = file.Child("SecurityGroups").Child(g);
    int in = 1 + Pick(rng, 3), out = Pick(rng, 3);
    if (Chance(rng, 0.6)) {  // AWS's default egress rule: everything to 0.0.0.0/0
      net::IpPermission all;
      all.protocol = -1;
      all.ip_ranges.push_back({C("0.0.0.0/0"), sg.source.Child("IpPermissionsEgress").Child(0)});
      all.source = sg.source.Child("IpPermissionsEgress").Child(0);
      sg.ip_permissions_egress.push_back(all);
    }
    for (int i = 0; i < in; ++i) {
      sg.ip_permissions.push_back(RandomPermission(rng, groups, sg.source.Child("IpPermissions").Child(i)));
    }
    for (int i = 0; i < out; ++i) {
      sg.ip_permissions_egress.push_back(
          RandomPermission(rng, groups, sg.source.Child("IpPermissionsEgress").Child(i)));
    }
    n.security_groups.push_back(sg);
  }
  int interfaces = 2 + Pick(rng, 3);
  for (int i = 0; i < interfaces; ++i) {
    net::NetworkInterface eni;
    eni.network_interface_id = absl::StrCat("eni-", i);
    int subnet = Pick(rng, 3);
    eni.subnet_id = absl::StrCat("subnet-", subnet);
    eni.vpc_id = "vpc-1";
    eni.interface_type = "interface";
    // Subnet k holds 10.0.0.4k+1 and 10.0.0.4k+2 (AWS reserves the others; fine here).
    net::PrivateIp ip;
    ip.private_ip = IpAddress::V4(0x0A000000u + 4 * subnet + 1 + (i % 2));
    ip.primary = true;
    if (Chance(rng, 0.6)) ip.public_ip = IpAddress::V4(0xCB007110u + i);  // 203.0.113.16+i
    bool taken = false;
    for (const auto& other : n.network_interfaces) taken = taken || other.private_ips[0].private_ip == ip.private_ip;
    if (taken) continue;
    eni.private_ips.push_back(ip);
    eni.group_ids.push_back(groups[Pick(rng, 3)]);
    if (Chance(rng, 0.3)) eni.group_ids.push_back(groups[Pick(rng, 3)]);
    eni.source = file.Child("NetworkInterfaces").Child(i);
    n.network_interfaces.push_back(eni);
  }
  return n;
}

}  // namespace vouch::testing
