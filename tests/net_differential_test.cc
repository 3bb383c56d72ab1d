// The SMT engine (engine/smt/net_reach.h) against exhaustive concrete evaluation
// (engine/eval/net_trace.h) on small random networks (tests/net_gen.h).
//
// For every question: a reachable answer's witness must replay; an unreachable answer must be
// confirmed by tracing every representative packet of the generator's universe (exact, since
// every other packet behaves like one of them: none accepted, none unknown) and must name at
// least one blocking component; an unknown answer must be confirmed the same way (none
// accepted, some unknown: a NAT gateway routing loop longer than the evaluator follows, or a
// gateway route table with a middlebox route, IPv6 routed to a NAT gateway). Witness paths
// must go through NAT gateways and peering connections, and be IPv6 packets, often enough that
// the comparison covers them.
//
// Knobs: VOUCH_NET_DIFF_NETWORKS (default 1000; 250000, a million questions, with
// VOUCH_DIFF_LONG=1), VOUCH_NET_DIFF_SEED (default 20261128). `./dev netdiff` sets both.
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/eval/net_trace.h"
#include "engine/smt/exposure.h"
#include "engine/smt/net_reach.h"
#include "gtest/gtest.h"
#include "models/net/lower.h"
#include "proofs/exposure_report.h"
#include "proofs/witness_check.h"
#include "tests/net_gen.h"

namespace vouch::testing {
namespace {

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v == nullptr ? fallback : std::atoi(v);
}

struct Question {
  smt::EndpointSet from, to;
  smt::HeaderSpace header;
  std::string text;
};

Question RandomQuestion(std::mt19937& rng, const net::LoweredNetwork& n) {
  auto pick = [&](int k) { return std::uniform_int_distribution<int>(0, k - 1)(rng); };
  Question q;
  bool dual_stack = false;
  for (const net::LoweredInterface& i : n.interfaces) {
    dual_stack = dual_stack || !i.ipv6_addresses.empty();
  }
  const int kind = pick(4);  // 0,1 interface->interface, 2 internet->interface, 3 interface->internet
  const std::string a = n.interfaces[pick(n.interfaces.size())].network_interface_id;
  // Half the questions between interfaces cross VPCs when they can, to cover peering.
  const std::string a_vpc = n.FindInterface(a)->vpc_id;
  bool cross = pick(2) == 0;
  bool other_vpc = false;
  for (const net::LoweredInterface& i : n.interfaces) other_vpc = other_vpc || i.vpc_id != a_vpc;
  cross = cross && other_vpc;
  std::string b = a;
  while (b == a || (cross && n.FindInterface(b)->vpc_id == a_vpc)) {
    b = n.interfaces[pick(n.interfaces.size())].network_interface_id;
  }
  if (kind <= 1) {
    q.from.interfaces = {a};
    q.to.interfaces = {b};
  } else {
    // In a dual-stack network, three in five questions with the internet are about IPv6.
    const bool v6 = dual_stack && pick(5) < 3;
    const int narrow = pick(3);
    if (kind == 2) {
      q.from.interfaces.clear();
      (v6 ? q.from.external_v6 : q.from.external) =
          *ParseCidr(v6 ? (narrow == 0 ? "2001:db8::/32" : "::/0")
                        : (narrow == 0 ? "198.51.100.0/29" : "0.0.0.0/0"));
      q.to.interfaces = {b};
    } else {
      q.from.interfaces = {a};
      (v6 ? q.to.external_v6 : q.to.external) =
          *ParseCidr(v6 ? (narrow == 0 ? "2000::/3" : "::/0")
                        : (narrow == 0 ? "128.0.0.0/1" : "0.0.0.0/0"));
    }
  }
  static const int kProtocols[] = {1, 6, 17, 47, 58};
  if (pick(2) == 0) q.header.protocol = kProtocols[pick(dual_stack ? 5 : 4)];
  if ((!q.header.protocol || *q.header.protocol == 6 || *q.header.protocol == 17) && pick(3) == 0) {
    int lo = pick(8), hi = pick(8);
    if (lo > hi) std::swap(lo, hi);
    q.header.dst_ports = net::PortRange{lo, pick(4) == 0 ? 65535 : hi};
  }
  q.text = absl::StrCat(a, "/", b, " kind ", kind, " protocol ",
                        q.header.protocol ? *q.header.protocol : -1, " ports ",
                        q.header.dst_ports.from, "-", q.header.dst_ports.to);
  return q;
}

// True if the trace passes through a component of `kind`.
bool Traverses(const net::PacketTrace& t, const char* kind) {
  for (const net::Hop& h : t.forward) {
    if (h.component_kind == kind) return true;
  }
  return false;
}

TEST(NetDifferentialTest, SmtAgreesWithExhaustiveEvaluationOnRandomNetworks) {
  // VOUCH_DIFF_LONG=1: the long run (250,000 networks, 1,000,000 questions), as
  // `./dev oracle --long` is for IAM.
  const int networks =
      EnvInt("VOUCH_NET_DIFF_NETWORKS", EnvInt("VOUCH_DIFF_LONG", 0) ? 250000 : 1000);
  const int seed = EnvInt("VOUCH_NET_DIFF_SEED", 20261128);
  std::mt19937 rng(seed);
  int disagreements = 0, reachable = 0, unreachable = 0, unknown = 0, questions = 0;
  int through_nat = 0, through_peering = 0, v6_witnesses = 0, v6_questions = 0;
  absl::Duration smt_time, eval_time;
  for (int i = 0; i < networks; ++i) {
    net::Network network = RandomNetwork(rng);
    absl::StatusOr<net::LoweredNetwork> lowered = net::Lower(network);
    ASSERT_TRUE(lowered.ok()) << "network " << i << ": " << lowered.status();
    if (lowered->interfaces.size() < 2) continue;
    smt::NetReachability engine(*lowered);
    for (int k = 0; k < 4; ++k) {
      Question q = RandomQuestion(rng, *lowered);
      ++questions;
      v6_questions += q.from.external_v6 || q.to.external_v6;
      absl::Time start = absl::Now();
      absl::StatusOr<smt::ReachAnswer> a = engine.Reach(q.from, q.to, q.header);
      smt_time += absl::Now() - start;
      ASSERT_TRUE(a.ok()) << "network " << i << " " << q.text << ": " << a.status();
      std::string where = absl::StrCat("seed ", seed, " network ", i, " question ", q.text);
      if (a->verdict == smt::ReachVerdict::kReachable) {
        ++reachable;
        absl::StatusOr<net::PacketTrace> replay =
            proofs::ReplayWitness(*lowered, a->src, a->dst, *a->witness);
        if (!replay.ok()) {
          ++disagreements;
          ADD_FAILURE() << where << ": " << replay.status();
        } else {
          through_nat += Traverses(*replay, "nat-gateway");
          through_peering += Traverses(*replay, "vpc-peering-connection");
          v6_witnesses += a->witness->src.family == IpFamily::kV6;
        }
        if (q.header.protocol) {
          EXPECT_EQ(a->witness->protocol, *q.header.protocol) << where;
        }
        if (q.header.dst_ports.from > 0 || q.header.dst_ports.to < 65535) {
          EXPECT_TRUE(q.header.dst_ports.Contains(a->witness->dst_port)) << where;
        }
      } else if (a->verdict == smt::ReachVerdict::kUnreachable) {
        ++unreachable;
        EXPECT_FALSE(a->blocking.empty()) << where;
        absl::Time begin = absl::Now();
        ExhaustiveAnswer x = Enumerate(*lowered, q.from, q.to, q.header);
        eval_time += absl::Now() - begin;
        if (x.accepted || x.unknown) {
          ++disagreements;
          ADD_FAILURE() << where << ": SMT says unreachable, the evaluator says "
                        << (x.accepted ? "accepted for " : "unknown for ")
                        << (x.accepted ? x.accepted : x.unknown)->DebugString();
        }
      } else {
        ++unknown;
        EXPECT_FALSE(a->unknown_reasons.empty()) << where;
        absl::Time begin = absl::Now();
        ExhaustiveAnswer x = Enumerate(*lowered, q.from, q.to, q.header);
        eval_time += absl::Now() - begin;
        // Every reason a packet is unknown for must be named: the answer may leave out an
        // unmodelled part only when no packet of the question meets it. The answer speaks of
        // some packets where a trace speaks of one ("`rtb-1` sends some packets to a
        // transit-gateway (`tgw-1`)...", "vouch does not follow routes to a transit-gateway
        // (`tgw-1`)"): a reason names the trace's hop when it gives the same detail, or names
        // the same component.
        for (const net::Hop& why : x.unknown_hops) {
          const bool named = absl::c_any_of(a->unknown_reasons, [&](const std::string& r) {
            return r == why.detail ||
                   (!why.component_id.empty() &&
                    absl::StrContains(r, absl::StrCat("`", why.component_id, "`")));
          });
          EXPECT_TRUE(named) << where << ": a packet is unknown because " << why.detail
                             << ", which the answer (" << absl::StrJoin(a->unknown_reasons, "; ")
                             << ") does not name";
        }
        if (x.accepted || !x.unknown) {
          ++disagreements;
          ADD_FAILURE() << where << ": SMT says unknown ("
                        << (a->unknown_reasons.empty() ? "" : a->unknown_reasons.front())
                        << "), the evaluator "
                        << (x.accepted ? "accepts " + x.accepted->DebugString()
                                       : std::string("drops every packet"));
        }
      }
      if (disagreements > 10) FAIL() << "stopping after 10 disagreements";
    }
  }
  EXPECT_EQ(disagreements, 0);
  // The generator must exercise both outcomes, or the comparison proves little.
  EXPECT_GT(reachable, questions / 10);
  EXPECT_GT(unreachable, questions / 10);
  // Paths through NAT gateways and peering connections must stay covered; unknowns must stay
  // the exception (they come only from NAT routing loops and gateway route tables).
  EXPECT_GT(through_nat, reachable / 25);
  EXPECT_GT(through_peering, reachable / 25);
  EXPECT_LT(unknown, questions / 10);
  // IPv6 (dual-stack networks, a quarter of them) must stay covered too.
  EXPECT_GT(v6_witnesses, reachable / 25);
  std::printf("%d networks, %d questions (%d IPv6 internet questions): %d reachable (%d through "
              "a NAT gateway, %d through a peering connection, %d over IPv6), %d unreachable, %d "
              "unknown, %d disagreements; SMT %.1f s, exhaustive evaluation %.1f s\n",
              networks, questions, v6_questions, reachable, through_nat, through_peering,
              v6_witnesses, unreachable, unknown, disagreements, absl::ToDoubleSeconds(smt_time),
              absl::ToDoubleSeconds(eval_time));
}

// `exposure` on the same random networks, over both families: every witness must replay and
// each interface's verdict must match the SMT engine's (proofs/exposure_report.h's self-check).
// Knob: VOUCH_NET_EXPOSURE_NETWORKS (default 200).
TEST(NetDifferentialTest, ExposureAgreesWithTheSmtEngineOverBothFamilies) {
  const int networks = EnvInt("VOUCH_NET_EXPOSURE_NETWORKS", 200);
  std::mt19937 rng(EnvInt("VOUCH_NET_DIFF_SEED", 20261128) + 1);
  int exposed_v4 = 0, exposed_v6 = 0;
  for (int i = 0; i < networks; ++i) {
    absl::StatusOr<net::LoweredNetwork> lowered = net::Lower(RandomNetwork(rng));
    ASSERT_TRUE(lowered.ok()) << lowered.status();
    for (const char* from : {"0.0.0.0/0", "::/0"}) {
      const Cidr block = *ParseCidr(from);
      absl::StatusOr<smt::ExposureResult> r = smt::ComputeExposure(*lowered, block);
      ASSERT_TRUE(r.ok()) << r.status();
      absl::StatusOr<std::vector<std::vector<net::PacketTrace>>> replay =
          proofs::ReplayExposure(*lowered, *r);
      EXPECT_TRUE(replay.ok()) << "network " << i << " from " << from << ": " << replay.status();
      absl::StatusOr<std::string> check = proofs::SelfCheckExposure(*lowered, block, *r);
      EXPECT_TRUE(check.ok()) << "network " << i << " from " << from << ": " << check.status();
      (block.address.family == IpFamily::kV6 ? exposed_v6 : exposed_v4) += r->exposed.size();
    }
  }
  // Both families must be exercised, or the comparison proves little.
  EXPECT_GT(exposed_v4, networks / 20);
  EXPECT_GT(exposed_v6, networks / 50);
  std::printf("%d networks: %d interfaces exposed over IPv4, %d over IPv6\n", networks,
              exposed_v4, exposed_v6);
}

}  // namespace
}  // namespace vouch::testing
