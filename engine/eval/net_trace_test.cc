// Hand-derived scenarios for the packet evaluator, each the case a rule-text scanner gets
// wrong, each expectation taken from the AWS documentation quoted beside it.
//
// The network is built as the describe-* readers would build it: one VPC 10.0.0.0/16 with a
// public subnet 10.0.0.0/24 (its own route table: local, 0.0.0.0/0 -> attached igw), a private
// subnet 10.0.1.0/24 (the main route table: local, 0.0.0.0/0 -> a NAT gateway in the public
// subnet), the default ACL (rule 100 allow all, `*` deny, both ways) on both, a web server
// 10.0.0.10 with public address 203.0.113.10 in WebSG (tcp 3389 from 0.0.0.0/0), a database
// 10.0.1.20 in DbSG (tcp 1433 from WebSG) and an app server 10.0.1.30 in AppSG (nothing in).
#include "engine/eval/net_trace.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vouch::net {
namespace {

using ::testing::HasSubstr;

IpAddress Ip(const char* s) { return *ParseIpAddress(s); }
Cidr Block(const char* s) { return *ParseCidr(s); }

IpPermission Tcp(int from, int to, std::vector<const char*> cidrs) {
  IpPermission p;
  p.protocol = kProtocolTcp;
  p.from_port = from;
  p.to_port = to;
  for (const char* c : cidrs) p.ip_ranges.push_back({Block(c), {"sg.json", "/x"}});
  return p;
}

IpPermission AllTo(const char* cidr) {
  IpPermission p;
  p.ip_ranges.push_back({Block(cidr), {}});
  return p;
}

NetworkAclEntry Entry(int number, bool egress, RuleAction action, int protocol, const char* cidr,
                      std::optional<NetworkAclPortRange> ports = std::nullopt) {
  NetworkAclEntry e;
  e.rule_number = number;
  e.egress = egress;
  e.rule_action = action;
  e.protocol = protocol;
  e.cidr_block = Block(cidr);
  e.port_range = ports;
  return e;
}

Route MakeRoute(const char* dest, RouteTargetKind kind, const char* target,
                RouteState state = RouteState::kActive) {
  Route r;
  r.destination = Block(dest);
  r.target_kind = kind;
  r.target_id = target;
  r.state = state;
  return r;
}

NetworkInterface MakeEni(const char* id, const char* subnet, const char* ip, std::vector<std::string> groups,
                     const char* public_ip = nullptr) {
  NetworkInterface e;
  e.network_interface_id = id;
  e.subnet_id = subnet;
  e.vpc_id = "vpc-1";
  e.interface_type = "interface";
  e.group_ids = std::move(groups);
  PrivateIp p{Ip(ip), true, std::nullopt};
  if (public_ip != nullptr) p.public_ip = Ip(public_ip);
  e.private_ips.push_back(p);
  return e;
}

class NetTraceTest : public ::testing::Test {
 protected:
  NetTraceTest() {
    n_.present = {"Vpcs", "Subnets", "RouteTables", "InternetGateways", "NatGateways",
                  "NetworkInterfaces", "SecurityGroups", "NetworkAcls"};
    n_.vpcs.push_back(Vpc{"vpc-1", "111122223333", "Lab VPC", false, {Block("10.0.0.0/16")}, {}});
    n_.subnets.push_back(Subnet{"subnet-pub", "vpc-1", "Public", "us-east-1a", Block("10.0.0.0/24"), {}, true, {}});
    n_.subnets.push_back(Subnet{"subnet-priv", "vpc-1", "Private", "us-east-1a", Block("10.0.1.0/24"), {}, false, {}});
    n_.internet_gateways.push_back(InternetGateway{"igw-1", "Lab IGW", {{"vpc-1", "available"}}, {}});
    NatGateway nat;
    nat.nat_gateway_id = "nat-1";
    nat.subnet_id = "subnet-pub";
    nat.vpc_id = "vpc-1";
    nat.state = "available";
    nat.addresses.push_back({Ip("198.51.100.20"), Ip("10.0.0.200"), "eni-nat", ""});
    n_.nat_gateways.push_back(nat);
    RouteTable main{"rtb-main", "vpc-1", "Private", {}, {}, {}};
    main.routes = {MakeRoute("10.0.0.0/16", RouteTargetKind::kLocal, "local"),
                   MakeRoute("0.0.0.0/0", RouteTargetKind::kNatGateway, "nat-1")};
    main.associations.push_back({true, "", "", "rtbassoc-1", {}});
    RouteTable pub{"rtb-pub", "vpc-1", "Public", {}, {}, {}};
    pub.routes = {MakeRoute("10.0.0.0/16", RouteTargetKind::kLocal, "local"),
                  MakeRoute("0.0.0.0/0", RouteTargetKind::kInternetGateway, "igw-1")};
    pub.associations.push_back({false, "subnet-pub", "", "rtbassoc-2", {}});
    n_.route_tables = {main, pub};
    NetworkAcl acl{"acl-1", "vpc-1", "", true, {}, {{"subnet-pub", ""}, {"subnet-priv", ""}}, {}};
    for (bool egress : {false, true}) {
      acl.entries.push_back(Entry(100, egress, RuleAction::kAllow, -1, "0.0.0.0/0"));
      acl.entries.push_back(Entry(32767, egress, RuleAction::kDeny, -1, "0.0.0.0/0"));
    }
    n_.network_acls.push_back(acl);
    SecurityGroup web{"sg-web", "WebSG", "vpc-1", "", {Tcp(3389, 3389, {"0.0.0.0/0"})}, {AllTo("0.0.0.0/0")}, {}};
    IpPermission from_web = Tcp(1433, 1433, {});
    from_web.group_pairs.push_back({"sg-web", "111122223333", "", {}});
    SecurityGroup db{"sg-db", "DbSG", "vpc-1", "", {from_web}, {AllTo("0.0.0.0/0")}, {}};
    SecurityGroup app{"sg-app", "AppSG", "vpc-1", "", {}, {AllTo("0.0.0.0/0")}, {}};
    n_.security_groups = {web, db, app};
    n_.network_interfaces = {MakeEni("eni-web", "subnet-pub", "10.0.0.10", {"sg-web"}, "203.0.113.10"),
                             MakeEni("eni-db", "subnet-priv", "10.0.1.20", {"sg-db"}),
                             MakeEni("eni-app", "subnet-priv", "10.0.1.30", {"sg-app"})};
    NetworkInterface nat_eni = MakeEni("eni-nat", "subnet-pub", "10.0.0.200", {}, "198.51.100.20");
    nat_eni.interface_type = "nat_gateway";
    n_.network_interfaces.push_back(nat_eni);
  }

  NetworkAcl& Acl() { return n_.network_acls[0]; }
  SecurityGroup& Group(const char* id) {
    for (SecurityGroup& g : n_.security_groups) {
      if (g.group_id == id) return g;
    }
    return n_.security_groups[0];
  }

  // A TCP packet from an internet client to the web server's public address.
  static Packet FromInternet(int dst_port, const char* client = "198.51.100.7", int src_port = 50000) {
    return Packet{Ip(client), Ip("203.0.113.10"), kProtocolTcp, src_port, dst_port, 0, 0};
  }

  PacketTrace Run(const Endpoint& src, const Endpoint& dst, const Packet& p) {
    absl::StatusOr<LoweredNetwork> l = Lower(n_);
    EXPECT_TRUE(l.ok()) << l.status();
    lowered_ = *std::move(l);
    return Trace(lowered_, src, dst, p);
  }
  PacketTrace InternetToWeb(const Packet& p) {
    return Run(Endpoint{"", p.src}, Endpoint{"eni-web", std::nullopt}, p);
  }
  static Endpoint On(const char* id) { return Endpoint{id, std::nullopt}; }
  static Endpoint External(const char* ip) { return Endpoint{"", Ip(ip)}; }

  Network n_;
  LoweredNetwork lowered_;
};

const Hop& Blocking(const PacketTrace& t) { return *t.blocking; }

// 6.5 #1: SG 3389 from 0.0.0.0/0, public IP, 0/0 -> igw, default ACL: reachable. The IGW
// translates the public destination to the private one (VPC_Internet_Gateway: 1:1 NAT).
TEST_F(NetTraceTest, OpenRdpIsReachableFromTheInternet) {
  PacketTrace t = InternetToWeb(FromInternet(3389));
  ASSERT_EQ(t.disposition, Disposition::kAccepted) << t.DebugString();
  const Hop& igw = t.forward[1];
  EXPECT_EQ(igw.component_id, "igw-1");
  EXPECT_EQ(igw.action, HopAction::kTranslated);
  EXPECT_EQ(igw.packet.dst.ToString(), "10.0.0.10");
  const Hop& sg = t.forward[3];
  EXPECT_EQ(sg.component_kind, "security-group");
  EXPECT_EQ(sg.rule->component_id, "sg-web");
  EXPECT_EQ(sg.rule->peer, "0.0.0.0/0");
  // The reply leaves through the ACL (egress, stateless) and the public route table to igw-1.
  ASSERT_EQ(t.reply.size(), 3u) << t.DebugString();
  EXPECT_EQ(t.reply[0].component_kind, "network-acl");
  EXPECT_EQ(t.reply[0].direction, "egress");
  EXPECT_EQ(t.reply[0].packet.dst_port, 50000);
  EXPECT_EQ(t.reply[1].route->target_id, "igw-1");
  EXPECT_EQ(t.reply[2].packet.src.ToString(), "203.0.113.10");
}

// The SG admits only 3389: 22 is dropped at the security group.
TEST_F(NetTraceTest, ClosedPortIsDroppedByTheSecurityGroup) {
  PacketTrace t = InternetToWeb(FromInternet(22));
  ASSERT_EQ(t.disposition, Disposition::kDropped);
  EXPECT_EQ(Blocking(t).explanation_code, "ENI_SG_RULES_MISMATCH");
  EXPECT_EQ(Blocking(t).direction, "ingress");
}

// 6.5 #2: rules are evaluated in ascending RuleNumber, first match wins: 90 deny beats 100 allow.
TEST_F(NetTraceTest, AclDenyBeforeTheAllowBlocks) {
  Acl().entries.push_back(Entry(90, false, RuleAction::kDeny, kProtocolTcp, "0.0.0.0/0",
                                NetworkAclPortRange{3389, 3389}));
  PacketTrace t = InternetToWeb(FromInternet(3389));
  ASSERT_EQ(t.disposition, Disposition::kDropped);
  EXPECT_EQ(Blocking(t).explanation_code, "SUBNET_ACL_RESTRICTION");
  EXPECT_EQ(Blocking(t).rule->rule_number, 90);
  // Other ports still pass rule 90 and match rule 100 (then the SG decides: 80 is closed there).
  EXPECT_EQ(Blocking(InternetToWeb(FromInternet(80))).component_kind, "security-group");
}

// 6.5 #3: ACLs are stateless: an egress ACL that allows only 1024-1100 drops the reply to a
// client's ephemeral port 50000, though the request got in.
TEST_F(NetTraceTest, AclBlockingTheEphemeralReplyPortBlocksTheConnection) {
  auto& entries = Acl().entries;
  entries.erase(entries.begin() + 2);  // egress rule 100 allow all
  entries.push_back(Entry(100, true, RuleAction::kAllow, kProtocolTcp, "0.0.0.0/0", NetworkAclPortRange{1024, 1100}));
  PacketTrace t = InternetToWeb(FromInternet(3389));
  ASSERT_EQ(t.disposition, Disposition::kDropped) << t.DebugString();
  EXPECT_EQ(t.forward.back().action, HopAction::kDelivered);  // one-way path exists
  EXPECT_EQ(Blocking(t).explanation_code, "SUBNET_ACL_RESTRICTION");
  EXPECT_EQ(Blocking(t).direction, "egress");
  EXPECT_EQ(Blocking(t).rule->rule_number, 32767);
  // A client whose ephemeral port is inside 1024-1100 gets its reply.
  EXPECT_EQ(InternetToWeb(FromInternet(3389, "198.51.100.7", 1050)).disposition, Disposition::kAccepted);
}

// 6.5 #4: no public IP: the IGW has nothing to translate to (IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS),
// and outbound traffic has no public address to leave with.
TEST_F(NetTraceTest, NoPublicIpMeansNoInternetPath) {
  n_.network_interfaces[0].private_ips[0].public_ip.reset();
  PacketTrace in = InternetToWeb(FromInternet(3389));
  ASSERT_EQ(in.disposition, Disposition::kDropped);
  EXPECT_EQ(Blocking(in).explanation_code, "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS");
  Packet out{Ip("10.0.0.10"), Ip("8.8.8.8"), kProtocolTcp, 40000, 443, 0, 0};
  PacketTrace t = Run(On("eni-web"), External("8.8.8.8"), out);
  ASSERT_EQ(t.disposition, Disposition::kDropped);
  EXPECT_EQ(Blocking(t).explanation_code, "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS");
}

// An Elastic IP associated through describe-addresses counts as the interface's public address.
TEST_F(NetTraceTest, ElasticIpGivesAPublicAddress) {
  n_.network_interfaces[0].private_ips[0].public_ip.reset();
  n_.addresses.push_back(Address{"eipalloc-1", "eipassoc-1", Ip("192.0.2.44"), Ip("10.0.0.10"), "eni-web", "", {}});
  Packet p{Ip("198.51.100.7"), Ip("192.0.2.44"), kProtocolTcp, 50000, 3389, 0, 0};
  EXPECT_EQ(InternetToWeb(p).disposition, Disposition::kAccepted);
}

// "Instances in the private subnet can't communicate with the internet over the internet
// gateway, even if they have public IP addresses": an open SG and a public IP, but the subnet's
// route table (the main one) sends 0.0.0.0/0 to the NAT gateway, so the reply never reaches the IGW.
TEST_F(NetTraceTest, OpenSecurityGroupWithoutARouteToTheInternetGateway) {
  n_.network_interfaces[0].subnet_id = "subnet-priv";
  n_.network_interfaces[0].private_ips[0].private_ip = Ip("10.0.1.10");
  PacketTrace t = InternetToWeb(FromInternet(3389));
  ASSERT_EQ(t.disposition, Disposition::kDropped) << t.DebugString();
  EXPECT_EQ(Blocking(t).component_id, "rtb-main");
  EXPECT_EQ(Blocking(t).explanation_code, "REPLY_ROUTE_MISMATCH");
  // With no default route at all the reply has no route.
  n_.route_tables[0].routes.pop_back();
  EXPECT_EQ(Blocking(InternetToWeb(FromInternet(3389))).explanation_code, "NO_ROUTE_TO_DESTINATION");
}

// 6.5 #5: a blackhole route drops (describe-route-tables State "blackhole", RA BAD_STATE_ROUTE).
TEST_F(NetTraceTest, BlackholeRouteDrops) {
  n_.route_tables[1].routes[1].state = RouteState::kBlackhole;
  Packet out{Ip("10.0.0.10"), Ip("8.8.8.8"), kProtocolTcp, 40000, 443, 0, 0};
  PacketTrace t = Run(On("eni-web"), External("8.8.8.8"), out);
  ASSERT_EQ(t.disposition, Disposition::kDropped);
  EXPECT_EQ(Blocking(t).explanation_code, "BAD_STATE_ROUTE");
  EXPECT_EQ(Blocking(t).route->target_id, "igw-1");
  EXPECT_EQ(Blocking(InternetToWeb(FromInternet(3389))).explanation_code, "BAD_STATE_ROUTE");
}

// A detached internet gateway forwards nothing.
TEST_F(NetTraceTest, DetachedInternetGateway) {
  n_.internet_gateways[0].attachments.clear();
  EXPECT_EQ(Blocking(InternetToWeb(FromInternet(3389))).explanation_code, "NO_ATTACHED_INTERNET_GATEWAY");
}

// 6.5 #10: an SG reference admits the private addresses of the group's members, and nothing else.
TEST_F(NetTraceTest, SecurityGroupReferenceAdmitsMembersOnly) {
  Packet from_web{Ip("10.0.0.10"), Ip("10.0.1.20"), kProtocolTcp, 40000, 1433, 0, 0};
  PacketTrace t = Run(On("eni-web"), On("eni-db"), from_web);
  ASSERT_EQ(t.disposition, Disposition::kAccepted) << t.DebugString();
  EXPECT_EQ(t.forward[4].component_kind, "network-acl");  // crosses subnets: ACL in of the db subnet
  EXPECT_EQ(t.forward[5].rule->peer, "sg-web");
  Packet from_app{Ip("10.0.1.30"), Ip("10.0.1.20"), kProtocolTcp, 40000, 1433, 0, 0};
  PacketTrace t2 = Run(On("eni-app"), On("eni-db"), from_app);
  ASSERT_EQ(t2.disposition, Disposition::kDropped);
  EXPECT_EQ(Blocking(t2).explanation_code, "ENI_SG_RULES_MISMATCH");
}

// 6.5 #11: a prefix list expands to its entries; an AWS-managed list without entries in the
// snapshot makes the answer unknown, never unreachable.
TEST_F(NetTraceTest, PrefixListSources) {
  IpPermission p = Tcp(443, 443, {});
  p.prefix_list_ids.push_back({"pl-office", {}});
  Group("sg-web").ip_permissions.push_back(p);
  n_.present.insert("PrefixLists");
  n_.prefix_lists.push_back(ManagedPrefixList{"pl-office", "office", "111122223333", true,
                                              {{Block("198.51.100.0/24"), {}}}, {}});
  EXPECT_EQ(InternetToWeb(FromInternet(443)).disposition, Disposition::kAccepted);
  PacketTrace other = InternetToWeb(FromInternet(443, "192.0.2.1"));
  EXPECT_EQ(other.disposition, Disposition::kDropped);
  n_.prefix_lists[0].entries_known = false;
  n_.prefix_lists[0].entries.clear();
  PacketTrace unknown = InternetToWeb(FromInternet(443));
  ASSERT_EQ(unknown.disposition, Disposition::kUnknown) << unknown.DebugString();
  EXPECT_EQ(Blocking(unknown).explanation_code, "UNRESOLVED_PREFIX_LIST");
  EXPECT_THAT(Blocking(unknown).detail, HasSubstr("pl-office"));
  // A sure allow elsewhere in the union still decides.
  EXPECT_EQ(InternetToWeb(FromInternet(3389)).disposition, Disposition::kAccepted);
}

// 6.5 #7: 0.0.0.0/1 plus 128.0.0.0/1 is the whole internet.
TEST_F(NetTraceTest, TwoHalvesAreTheWholeInternet) {
  Group("sg-web").ip_permissions = {Tcp(3389, 3389, {"0.0.0.0/1", "128.0.0.0/1"})};
  PacketTrace low = InternetToWeb(FromInternet(3389, "8.8.8.8"));
  PacketTrace high = InternetToWeb(FromInternet(3389, "198.51.100.7"));
  ASSERT_EQ(low.disposition, Disposition::kAccepted);
  ASSERT_EQ(high.disposition, Disposition::kAccepted);
  EXPECT_EQ(low.forward[3].rule->peer, "0.0.0.0/1");
  EXPECT_EQ(high.forward[3].rule->peer, "128.0.0.0/1");
}

// 6.5 #8: "-1 ... allows traffic on all ports, regardless of any port range you specify";
// so does a protocol number other than tcp/udp/icmp, but only for that protocol.
TEST_F(NetTraceTest, ProtocolAllOrOtherNumbersIgnorePorts) {
  IpPermission all = Tcp(3389, 3389, {"0.0.0.0/0"});
  all.protocol = -1;
  Group("sg-web").ip_permissions = {all};
  EXPECT_EQ(InternetToWeb(FromInternet(22)).disposition, Disposition::kAccepted);
  IpPermission gre = all;
  gre.protocol = 47;
  Group("sg-web").ip_permissions = {gre};
  EXPECT_EQ(InternetToWeb(FromInternet(3389)).disposition, Disposition::kDropped);
  Packet gre_packet = FromInternet(0);
  gre_packet.protocol = 47;
  EXPECT_EQ(InternetToWeb(gre_packet).disposition, Disposition::kAccepted);
}

// 6.5 #14: NACL protocol "-1" with a PortRange present matches all ports.
TEST_F(NetTraceTest, AclProtocolAllIgnoresItsPortRange) {
  Acl().entries = {Entry(100, false, RuleAction::kAllow, -1, "0.0.0.0/0", NetworkAclPortRange{0, 10}),
                   Entry(100, true, RuleAction::kAllow, -1, "0.0.0.0/0", NetworkAclPortRange{0, 10})};
  EXPECT_EQ(InternetToWeb(FromInternet(3389)).disposition, Disposition::kAccepted);
}

// 6.5 #12: several groups on one interface are aggregated (a union).
TEST_F(NetTraceTest, TwoSecurityGroupsUnion) {
  n_.network_interfaces[0].group_ids = {"sg-app", "sg-web"};
  PacketTrace t = InternetToWeb(FromInternet(3389));
  ASSERT_EQ(t.disposition, Disposition::kAccepted);
  EXPECT_EQ(t.forward[3].rule->component_id, "sg-web");
  n_.network_interfaces[0].group_ids = {"sg-app"};
  EXPECT_EQ(InternetToWeb(FromInternet(3389)).disposition, Disposition::kDropped);
}

// 6.5 #13: ACLs apply "when traffic enters and leaves the subnet, not as it is routed within a
// subnet". With an ACL that denies everything, db -> app (same subnet) passes, web -> db does not.
TEST_F(NetTraceTest, IntraSubnetTrafficSkipsTheAcl) {
  Acl().entries = {Entry(32767, false, RuleAction::kDeny, -1, "0.0.0.0/0"),
                   Entry(32767, true, RuleAction::kDeny, -1, "0.0.0.0/0")};
  Group("sg-app").ip_permissions = {Tcp(8080, 8080, {"10.0.0.0/16"})};
  Packet same{Ip("10.0.1.20"), Ip("10.0.1.30"), kProtocolTcp, 40000, 8080, 0, 0};
  PacketTrace t = Run(On("eni-db"), On("eni-app"), same);
  ASSERT_EQ(t.disposition, Disposition::kAccepted) << t.DebugString();
  for (const Hop& h : t.forward) EXPECT_NE(h.component_kind, "network-acl");
  EXPECT_TRUE(t.reply.empty());
  Packet across{Ip("10.0.0.10"), Ip("10.0.1.30"), kProtocolTcp, 40000, 8080, 0, 0};
  PacketTrace t2 = Run(On("eni-web"), On("eni-app"), across);
  ASSERT_EQ(t2.disposition, Disposition::kDropped);
  EXPECT_EQ(Blocking(t2).explanation_code, "SUBNET_ACL_RESTRICTION");
}

// 6.5 #17: through a NAT gateway the private server reaches the internet with the gateway's
// public address; the gateway never admits new inbound connections.
TEST_F(NetTraceTest, NatGatewayIsOutboundOnly) {
  Packet out{Ip("10.0.1.30"), Ip("8.8.8.8"), kProtocolTcp, 40000, 443, 0, 0};
  PacketTrace t = Run(On("eni-app"), External("8.8.8.8"), out);
  ASSERT_EQ(t.disposition, Disposition::kAccepted) << t.DebugString();
  EXPECT_EQ(t.forward.back().packet.src.ToString(), "198.51.100.20");
  Packet in{Ip("8.8.8.8"), Ip("198.51.100.20"), kProtocolTcp, 40000, 22, 0, 0};
  PacketTrace t2 = Run(External("8.8.8.8"), On("eni-app"), in);
  ASSERT_EQ(t2.disposition, Disposition::kDropped);
  EXPECT_EQ(Blocking(t2).explanation_code, "NAT_REJECTS_INBOUND");
}

// 6.5 #21: the internet gateway drops inbound packets from private (RFC 1918) sources.
TEST_F(NetTraceTest, PrivateSourcesCannotComeFromTheInternet) {
  PacketTrace t = InternetToWeb(FromInternet(3389, "10.9.9.9"));
  ASSERT_EQ(t.disposition, Disposition::kDropped);
  EXPECT_EQ(Blocking(t).explanation_code, "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS");
}

// 6.5 #18: peering carries only addresses in the peer VPC's CIDR, and is not transitive.
TEST_F(NetTraceTest, PeeringOnlyToThePeerVpc) {
  n_.vpcs.push_back(Vpc{"vpc-2", "111122223333", "Peer", false, {Block("172.20.0.0/16")}, {}});
  n_.subnets.push_back(Subnet{"subnet-peer", "vpc-2", "", "", Block("172.20.0.0/24"), {}, false, {}});
  RouteTable peer_rt{"rtb-peer", "vpc-2", "", {MakeRoute("172.20.0.0/16", RouteTargetKind::kLocal, "local"),
                                               MakeRoute("10.0.0.0/16", RouteTargetKind::kVpcPeeringConnection, "pcx-1")},
                     {{true, "", "", "", {}}}, {}};
  n_.route_tables.push_back(peer_rt);
  n_.route_tables[1].routes.push_back(MakeRoute("172.20.0.0/16", RouteTargetKind::kVpcPeeringConnection, "pcx-1"));
  n_.route_tables[1].routes.push_back(MakeRoute("192.168.0.0/16", RouteTargetKind::kVpcPeeringConnection, "pcx-1"));
  NetworkAcl acl2 = Acl();
  acl2.network_acl_id = "acl-2";
  acl2.vpc_id = "vpc-2";
  acl2.associations = {{"subnet-peer", ""}};
  n_.network_acls.push_back(acl2);
  n_.vpc_peering_connections.push_back(VpcPeeringConnection{
      "pcx-1", "active", {"111122223333", "vpc-1", "", {Block("10.0.0.0/16")}},
      {"111122223333", "vpc-2", "", {Block("172.20.0.0/16")}}, {}});
  SecurityGroup peer_sg{"sg-peer", "", "vpc-2", "", {Tcp(5432, 5432, {"10.0.0.0/16"})}, {}, {}};
  n_.security_groups.push_back(peer_sg);
  NetworkInterface e = MakeEni("eni-peer", "subnet-peer", "172.20.0.5", {"sg-peer"});
  e.vpc_id = "vpc-2";
  n_.network_interfaces.push_back(e);
  Packet p{Ip("10.0.0.10"), Ip("172.20.0.5"), kProtocolTcp, 40000, 5432, 0, 0};
  PacketTrace t = Run(On("eni-web"), On("eni-peer"), p);
  ASSERT_EQ(t.disposition, Disposition::kAccepted) << t.DebugString();
  Packet beyond{Ip("10.0.0.10"), Ip("192.168.1.1"), kProtocolTcp, 40000, 5432, 0, 0};
  PacketTrace t2 = Run(On("eni-web"), External("192.168.1.1"), beyond);
  ASSERT_EQ(t2.disposition, Disposition::kDropped);
  EXPECT_EQ(Blocking(t2).explanation_code, "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR");
  // Without the return route in the peer VPC the reply has nowhere to go.
  n_.route_tables[2].routes.pop_back();
  EXPECT_EQ(Blocking(Run(On("eni-web"), On("eni-peer"), p)).explanation_code, "NO_ROUTE_TO_DESTINATION");
}

// A NAT gateway serves its own VPC: AWS refuses a route to one in another VPC. A snapshot that
// holds such a route is inconsistent, so the answer is unknown, never a path through the other
// VPC's gateway (which, followed, would reach the internet here).
TEST_F(NetTraceTest, RouteToANatGatewayOfAnotherVpcIsUnknown) {
  n_.vpcs.push_back(Vpc{"vpc-2", "111122223333", "Other", false, {Block("172.20.0.0/16")}, {}});
  n_.subnets.push_back(Subnet{"subnet-other", "vpc-2", "", "", Block("172.20.0.0/24"), {}, false, {}});
  RouteTable other{"rtb-other", "vpc-2", "", {MakeRoute("172.20.0.0/16", RouteTargetKind::kLocal, "local"),
                                              MakeRoute("0.0.0.0/0", RouteTargetKind::kInternetGateway, "igw-2")},
                   {{true, "", "", "", {}}}, {}};
  n_.route_tables.push_back(other);
  n_.internet_gateways.push_back(InternetGateway{"igw-2", "", {{"vpc-2", "available"}}, {}});
  Acl().associations.push_back({"subnet-other", ""});
  NatGateway nat = n_.nat_gateways[0];
  nat.nat_gateway_id = "nat-2";
  nat.subnet_id = "subnet-other";
  nat.vpc_id = "vpc-2";
  nat.addresses = {{Ip("198.51.100.30"), Ip("172.20.0.200"), "eni-nat-2", ""}};
  n_.nat_gateways.push_back(nat);
  n_.route_tables[0].routes[1] = MakeRoute("0.0.0.0/0", RouteTargetKind::kNatGateway, "nat-2");
  Packet out{Ip("10.0.1.30"), Ip("8.8.8.8"), kProtocolTcp, 40000, 443, 0, 0};
  PacketTrace t = Run(On("eni-app"), External("8.8.8.8"), out);
  ASSERT_EQ(t.disposition, Disposition::kUnknown) << t.DebugString();
  EXPECT_EQ(Blocking(t).component_id, "nat-2");
  EXPECT_EQ(Blocking(t).explanation_code, "MISSING_DATA");
  EXPECT_EQ(Blocking(t).detail,
            "`rtb-main` of `vpc-1` routes to nat gateway `nat-2` of `vpc-2`, a route AWS does not "
            "create (a nat gateway serves its own vpc only): the snapshot is inconsistent");
  // Without its VpcId, the gateway's subnet places it.
  n_.nat_gateways[1].vpc_id = "";
  EXPECT_EQ(Run(On("eni-app"), External("8.8.8.8"), out).disposition, Disposition::kUnknown);
  // Its own VPC's gateway still carries the packet.
  n_.route_tables[0].routes[1] = MakeRoute("0.0.0.0/0", RouteTargetKind::kNatGateway, "nat-1");
  EXPECT_EQ(Run(On("eni-app"), External("8.8.8.8"), out).disposition, Disposition::kAccepted);
}

// 6.5 #20: a snapshot without NetworkAcls answers unknown, never unreachable or reachable.
TEST_F(NetTraceTest, MissingAclsMakeTheAnswerUnknown) {
  n_.network_acls.clear();
  n_.present.erase("NetworkAcls");
  PacketTrace t = InternetToWeb(FromInternet(3389));
  ASSERT_EQ(t.disposition, Disposition::kUnknown) << t.DebugString();
  EXPECT_EQ(Blocking(t).explanation_code, "MISSING_DATA");
  EXPECT_EQ(Blocking(t).detail, "the snapshot has no NetworkAcls response");
  // A definite drop elsewhere still decides.
  EXPECT_EQ(InternetToWeb(FromInternet(22)).disposition, Disposition::kDropped);
}

// Longest prefix match: a more specific route wins over 0.0.0.0/0 (6.5 #6).
TEST_F(NetTraceTest, LongestPrefixWins) {
  n_.route_tables[1].routes.push_back(MakeRoute("0.0.0.0/1", RouteTargetKind::kNetworkInterface, "eni-fw"));
  PacketTrace t = Run(On("eni-web"), External("8.8.8.8"),
                      Packet{Ip("10.0.0.10"), Ip("8.8.8.8"), kProtocolTcp, 40000, 443, 0, 0});
  ASSERT_EQ(t.disposition, Disposition::kUnknown);
  EXPECT_EQ(Blocking(t).explanation_code, "UNSUPPORTED_ROUTE_TARGET");
  PacketTrace t2 = Run(On("eni-web"), External("198.51.100.9"),
                       Packet{Ip("10.0.0.10"), Ip("198.51.100.9"), kProtocolTcp, 40000, 443, 0, 0});
  EXPECT_EQ(t2.disposition, Disposition::kAccepted);
}

// A route to a target vouch does not model, whether a kind it knows (a transit gateway) or a
// field it does not (`OdbNetworkArn`), makes the packet that takes it unknown, naming it.
TEST_F(NetTraceTest, RoutesToTargetsVouchDoesNotFollowAreUnknownNamingThem) {
  Route odb = MakeRoute("192.0.2.0/24", RouteTargetKind::kOther, "arn:aws:odb:us-east-1:111122223333:odb-network/odbnet-1");
  odb.target_field = "OdbNetworkArn";
  Route tgw = MakeRoute("198.51.100.0/24", RouteTargetKind::kTransitGateway, "tgw-1");
  tgw.target_field = "TransitGatewayId";
  n_.route_tables[1].routes.push_back(odb);
  n_.route_tables[1].routes.push_back(tgw);
  Packet p{Ip("10.0.0.10"), Ip("192.0.2.10"), kProtocolTcp, 40000, 443, 0, 0};
  PacketTrace t = Run(On("eni-web"), External("192.0.2.10"), p);
  ASSERT_EQ(t.disposition, Disposition::kUnknown) << t.DebugString();
  EXPECT_EQ(Blocking(t).explanation_code, "UNSUPPORTED_ROUTE_TARGET");
  EXPECT_EQ(Blocking(t).detail, "vouch does not follow routes to a `OdbNetworkArn` target "
                                "(`arn:aws:odb:us-east-1:111122223333:odb-network/odbnet-1`)");
  p.dst = Ip("198.51.100.10");
  t = Run(On("eni-web"), External("198.51.100.10"), p);
  ASSERT_EQ(t.disposition, Disposition::kUnknown) << t.DebugString();
  EXPECT_EQ(Blocking(t).detail, "vouch does not follow routes to a transit-gateway (`tgw-1`)");
}

// 6.5 #15: IPv6 rules are independent of IPv4 ones ("none of the rules for the IPv4 traffic
// apply to the IPv6 traffic"); an IPv6 address is reached without translation through an
// internet gateway, never through an egress-only one.
TEST_F(NetTraceTest, Ipv6UsesItsOwnAclRulesAndNoTranslation) {
  n_.vpcs[0].cidr_blocks.push_back(Block("2600:1f18:aaaa::/56"));
  n_.subnets[0].ipv6_cidr_blocks.push_back(Block("2600:1f18:aaaa:1::/64"));
  n_.network_interfaces[0].ipv6_addresses.push_back(Block("2600:1f18:aaaa:1::10/128"));
  n_.route_tables[1].routes.push_back(MakeRoute("2600:1f18:aaaa::/56", RouteTargetKind::kLocal, "local"));
  n_.route_tables[1].routes.push_back(MakeRoute("::/0", RouteTargetKind::kInternetGateway, "igw-1"));
  IpPermission https = Tcp(443, 443, {"::/0"});
  Group("sg-web").ip_permissions.push_back(https);
  Group("sg-web").ip_permissions_egress.push_back(AllTo("::/0"));
  Packet in{Ip("2001:db8::7"), Ip("2600:1f18:aaaa:1::10"), kProtocolTcp, 50000, 443, 0, 0};
  // The ACL has IPv4 entries only: no entry matches an IPv6 packet, so it is denied.
  PacketTrace t = InternetToWeb(in);
  ASSERT_EQ(t.disposition, Disposition::kDropped) << t.DebugString();
  EXPECT_EQ(Blocking(t).explanation_code, "SUBNET_ACL_RESTRICTION");
  EXPECT_FALSE(Blocking(t).rule.has_value());
  for (bool egress : {false, true}) {
    Acl().entries.push_back(Entry(101, egress, RuleAction::kAllow, -1, "::/0"));
    Acl().entries.push_back(Entry(32768, egress, RuleAction::kDeny, -1, "::/0"));
  }
  PacketTrace ok = InternetToWeb(in);
  ASSERT_EQ(ok.disposition, Disposition::kAccepted) << ok.DebugString();
  EXPECT_EQ(ok.forward.back().packet.dst.ToString(), "2600:1f18:aaaa:1::10");
  // Through an egress-only internet gateway: out yes, in no.
  n_.internet_gateways.clear();
  n_.egress_only_internet_gateways.push_back(EgressOnlyInternetGateway{"eigw-1", {{"vpc-1", "attached"}}, {}});
  n_.route_tables[1].routes.back() = MakeRoute("::/0", RouteTargetKind::kEgressOnlyInternetGateway, "eigw-1");
  PacketTrace blocked = InternetToWeb(in);
  ASSERT_EQ(blocked.disposition, Disposition::kDropped);
  EXPECT_EQ(Blocking(blocked).explanation_code, "NO_ATTACHED_INTERNET_GATEWAY");
  Packet out = in.Reply();
  out.dst_port = 443;
  EXPECT_EQ(Run(On("eni-web"), Endpoint{"", out.dst}, out).disposition, Disposition::kAccepted);
}

TEST_F(NetTraceTest, ResolvesEndpoints) {
  Instance web;
  web.instance_id = "i-web";
  web.network_interface_ids = {"eni-web"};
  n_.instances.push_back(web);
  lowered_ = *Lower(n_);
  EXPECT_EQ(ResolveEndpoint(lowered_, "i-web")->network_interface_id, "eni-web");
  EXPECT_EQ(ResolveEndpoint(lowered_, "203.0.113.9")->address->ToString(), "203.0.113.9");
  EXPECT_EQ(ResolveEndpoint(lowered_, "eni-nope").status().message(), "unknown network interface `eni-nope`");
  EXPECT_EQ(ResolveEndpoint(lowered_, "i-nope").status().message(), "unknown instance `i-nope`");
}

}  // namespace
}  // namespace vouch::net
