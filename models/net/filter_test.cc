// The filter core's concrete semantics: the uniform match test, union versus first match, and
// unresolved rules, each against a hand-worked expectation.
#include "models/net/filter.h"

#include "gtest/gtest.h"
#include "models/net/address_space.h"
#include "models/net/lower.h"

namespace vouch::net {
namespace {

Cidr Block(const char* s) { return *ParseCidr(s); }
Packet Tcp(const char* src, const char* dst, int dst_port) {
  return Packet{*ParseIpAddress(src), *ParseIpAddress(dst), 6, 40000, dst_port, 0, 0};
}

FilterRule Rule(RuleAction action, int protocol, const char* src, PortRange ports = {0, 65535}) {
  FilterRule r;
  r.action = action;
  r.protocol = protocol;
  r.src = Block(src);
  r.dst = AnyAddress(r.src.address.family);
  r.dst_ports = ports;
  return r;
}

TEST(Filter, MatchesIsOneConjunction) {
  FilterRule r = Rule(RuleAction::kAllow, 6, "10.0.0.0/8", {22, 22});
  EXPECT_TRUE(r.Matches(Tcp("10.1.2.3", "1.1.1.1", 22)));
  EXPECT_FALSE(r.Matches(Tcp("10.1.2.3", "1.1.1.1", 23)));   // port
  EXPECT_FALSE(r.Matches(Tcp("11.1.2.3", "1.1.1.1", 22)));   // source
  Packet udp = Tcp("10.1.2.3", "1.1.1.1", 22);
  udp.protocol = 17;
  EXPECT_FALSE(r.Matches(udp));                               // protocol
  Packet v6 = Tcp("::1", "::2", 22);
  EXPECT_FALSE(r.Matches(v6));                                // family
  // ICMP: type and code ranges; ports are not looked at.
  FilterRule echo = Rule(RuleAction::kAllow, 1, "0.0.0.0/0");
  echo.icmp_types = {8, 8};
  Packet ping{*ParseIpAddress("1.2.3.4"), *ParseIpAddress("10.0.0.1"), 1, 0, 0, 8, 0};
  EXPECT_TRUE(echo.Matches(ping));
  ping.icmp_type = 0;
  EXPECT_FALSE(echo.Matches(ping));
}

TEST(Filter, FirstMatchStopsAtTheFirstMatchingRule) {
  Filter acl{FilterKind::kFirstMatch,
             {Rule(RuleAction::kDeny, 6, "0.0.0.0/0", {3389, 3389}), Rule(RuleAction::kAllow, -1, "0.0.0.0/0")}};
  acl.rules[0].origin.rule_number = 90;
  EXPECT_EQ(Evaluate(acl, Tcp("1.2.3.4", "10.0.0.5", 3389)).verdict, Verdict::kDeny);
  EXPECT_EQ(Evaluate(acl, Tcp("1.2.3.4", "10.0.0.5", 3389)).rule->origin.rule_number, 90);
  EXPECT_EQ(Evaluate(acl, Tcp("1.2.3.4", "10.0.0.5", 443)).verdict, Verdict::kAllow);
  FilterResult none = Evaluate(Filter{FilterKind::kFirstMatch, {}}, Tcp("1.2.3.4", "10.0.0.5", 443));
  EXPECT_EQ(none.verdict, Verdict::kDeny);
  EXPECT_EQ(none.rule, nullptr);
}

TEST(Filter, UnionAllowsIfAnyRuleAllows) {
  Filter sg{FilterKind::kAnyAllow, {Rule(RuleAction::kAllow, 6, "0.0.0.0/1", {22, 22}),
                                    Rule(RuleAction::kAllow, 6, "128.0.0.0/1", {22, 22})}};
  EXPECT_EQ(Evaluate(sg, Tcp("8.8.8.8", "10.0.0.5", 22)).verdict, Verdict::kAllow);
  EXPECT_EQ(Evaluate(sg, Tcp("200.1.1.1", "10.0.0.5", 22)).rule, &sg.rules[1]);
  EXPECT_EQ(Evaluate(sg, Tcp("200.1.1.1", "10.0.0.5", 23)).verdict, Verdict::kDeny);
}

TEST(Filter, UnresolvedRulesMakeTheVerdictUnknownUnlessASureRuleDecides) {
  FilterRule maybe = Rule(RuleAction::kAllow, 6, "0.0.0.0/0", {443, 443});
  maybe.unresolved = true;
  Filter sg{FilterKind::kAnyAllow, {maybe, Rule(RuleAction::kAllow, 6, "1.0.0.0/8", {443, 443})}};
  EXPECT_EQ(Evaluate(sg, Tcp("1.2.3.4", "10.0.0.5", 443)).verdict, Verdict::kAllow);
  FilterResult r = Evaluate(sg, Tcp("2.2.3.4", "10.0.0.5", 443));
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_EQ(r.unresolved_rule, &sg.rules[0]);
  EXPECT_EQ(Evaluate(sg, Tcp("2.2.3.4", "10.0.0.5", 80)).verdict, Verdict::kDeny);
}

TEST(Filter, PacketTextAndReply) {
  Packet p = Tcp("203.0.113.5", "10.0.0.5", 443);
  EXPECT_EQ(p.DebugString(), "tcp 203.0.113.5:40000 -> 10.0.0.5:443");
  EXPECT_EQ(p.Reply().DebugString(), "tcp 10.0.0.5:443 -> 203.0.113.5:40000");
}

TEST(AddressSpace, InternetAddresses) {
  EXPECT_TRUE(IsInternetAddress(*ParseIpAddress("8.8.8.8")));
  EXPECT_FALSE(IsInternetAddress(*ParseIpAddress("10.1.1.1")));
  EXPECT_FALSE(IsInternetAddress(*ParseIpAddress("100.64.0.1")));
  EXPECT_FALSE(IsInternetAddress(*ParseIpAddress("172.31.255.255")));
  EXPECT_TRUE(IsInternetAddress(*ParseIpAddress("172.32.0.1")));
  EXPECT_FALSE(IsInternetAddress(*ParseIpAddress("fd00::1")));
  EXPECT_FALSE(IsInternetAddress(*ParseIpAddress("::ffff:8.8.8.8")));  // IPv4-mapped
  EXPECT_TRUE(IsInternetAddress(*ParseIpAddress("::1:ffff:808:808")));
  EXPECT_TRUE(IsInternetAddress(*ParseIpAddress("2600::1")));
}

// A route to `target` of `kind` for `destination` (through prefix list `list`, if any).
LoweredRoute MakeRoute(Cidr destination, std::string list, bool unresolved, RouteTargetKind kind,
                   std::string target) {
  LoweredRoute r;
  r.destination = destination;
  r.prefix_list_id = std::move(list);
  r.unresolved = unresolved;
  r.target_kind = kind;
  r.target_id = std::move(target);
  return r;
}

TEST(LongestPrefixMatch, MoreSpecificWinsAndCidrBeatsPrefixListOfTheSameLength) {
  LoweredRouteTable t;
  t.routes.push_back(MakeRoute(Block("0.0.0.0/0"), "", false, RouteTargetKind::kInternetGateway, "igw-1"));
  t.routes.push_back(MakeRoute(Block("52.0.0.0/8"), "pl-1", false, RouteTargetKind::kGatewayEndpoint, "vpce-1"));
  t.routes.push_back(MakeRoute(Block("52.0.0.0/8"), "", false, RouteTargetKind::kNatGateway, "nat-1"));
  EXPECT_EQ(LongestPrefixMatch(t, *ParseIpAddress("8.8.8.8")).route->target_id, "igw-1");
  EXPECT_EQ(LongestPrefixMatch(t, *ParseIpAddress("52.1.1.1")).route->target_id, "nat-1");
  t.routes.push_back(MakeRoute(Cidr{}, "pl-2", true, RouteTargetKind::kGatewayEndpoint, "vpce-2"));
  RouteLookup l = LongestPrefixMatch(t, *ParseIpAddress("8.8.8.8"));
  EXPECT_EQ(l.unresolved->prefix_list_id, "pl-2");
}

}  // namespace
}  // namespace vouch::net
