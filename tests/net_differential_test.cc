// The SMT engine (engine/smt/net_reach.h) against exhaustive concrete evaluation
// (engine/eval/net_trace.h) on small random networks (tests/net_gen.h).
//
// For every question: a reachable answer's witness must replay; an unreachable answer must be
// confirmed by tracing every representative packet of the generator's universe (exact, since
// every other packet behaves like one of them) and must name at least one blocking component;
// unknown is a failure (the generator builds complete snapshots vouch models fully).
//
// Knobs: VOUCH_NET_DIFF_NETWORKS (default 1000; 100000 with VOUCH_DIFF_LONG=1),
// VOUCH_NET_DIFF_SEED (default 20261128).
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/eval/net_trace.h"
#include "engine/smt/net_reach.h"
#include "gtest/gtest.h"
#include "models/net/lower.h"
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
  const int kind = pick(4);  // 0,1 interface->interface, 2 internet->interface, 3 interface->internet
  const std::string a = n.interfaces[pick(n.interfaces.size())].network_interface_id;
  std::string b = n.interfaces[pick(n.interfaces.size())].network_interface_id;
  while (b == a) b = n.interfaces[pick(n.interfaces.size())].network_interface_id;
  if (kind <= 1) {
    q.from.interfaces = {a};
    q.to.interfaces = {b};
  } else if (kind == 2) {
    q.from.external = *ParseCidr(pick(3) == 0 ? "198.51.100.0/29" : "0.0.0.0/0");
    q.to.interfaces = {b};
  } else {
    q.from.interfaces = {a};
    q.to.external = *ParseCidr(pick(3) == 0 ? "128.0.0.0/1" : "0.0.0.0/0");
  }
  static const int kProtocols[] = {1, 6, 17, 47};
  if (pick(2) == 0) q.header.protocol = kProtocols[pick(4)];
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

std::vector<IpAddress> Addresses(const net::LoweredNetwork& n, const smt::EndpointSet& set,
                                 bool public_side) {
  std::vector<IpAddress> out;
  if (set.external) {
    for (const IpAddress& a : GeneratorUniverse().internet_addresses) {
      if (set.external->Contains(a)) out.push_back(a);
    }
    return out;
  }
  for (const net::PrivateIp& ip : n.FindInterface(set.interfaces[0])->private_ips) {
    if (!public_side) out.push_back(ip.private_ip);
    else if (ip.public_ip) out.push_back(*ip.public_ip);
  }
  return out;
}

// The first packet of the universe (within the question) that the evaluator accepts.
std::optional<net::Packet> ExhaustiveWitness(const net::LoweredNetwork& n, const Question& q) {
  const Universe& u = GeneratorUniverse();
  const bool inbound = q.from.external.has_value();
  net::Endpoint src = inbound ? net::Endpoint{} : net::Endpoint{q.from.interfaces[0], std::nullopt};
  net::Endpoint dst = q.to.external ? net::Endpoint{} : net::Endpoint{q.to.interfaces[0], std::nullopt};
  const bool narrowed = q.header.dst_ports.from > 0 || q.header.dst_ports.to < 65535;
  for (const IpAddress& s : Addresses(n, q.from, false)) {
    for (const IpAddress& d : Addresses(n, q.to, inbound)) {
      net::Endpoint se = src, de = dst;
      if (!se.IsInterface()) se.address = s;
      if (!de.IsInterface()) de.address = d;
      for (int protocol : u.protocols) {
        if (q.header.protocol && *q.header.protocol != protocol) continue;
        const bool ports = protocol == 6 || protocol == 17;
        if (narrowed && !ports) continue;
        const bool icmp = protocol == 1;
        const std::vector<int> none = {0};
        for (int a : ports ? u.ports : (icmp ? u.icmp_values : none)) {
          for (int b : ports ? u.ports : (icmp ? u.icmp_values : none)) {
            net::Packet p{s, d, protocol, 0, 0, 0, 0};
            if (ports) {
              p.src_port = a;
              p.dst_port = b;
              if (!q.header.dst_ports.Contains(b)) continue;
            } else if (icmp) {
              p.icmp_type = a;
              p.icmp_code = b;
            }
            if (net::Trace(n, se, de, p).disposition == net::Disposition::kAccepted) return p;
          }
        }
      }
    }
  }
  return std::nullopt;
}

TEST(NetDifferentialTest, SmtAgreesWithExhaustiveEvaluationOnRandomNetworks) {
  // VOUCH_DIFF_LONG=1: the long run (100,000 networks), as `./dev oracle --long` is for IAM.
  const int networks =
      EnvInt("VOUCH_NET_DIFF_NETWORKS", EnvInt("VOUCH_DIFF_LONG", 0) ? 100000 : 1000);
  const int seed = EnvInt("VOUCH_NET_DIFF_SEED", 20261128);
  std::mt19937 rng(seed);
  int disagreements = 0, reachable = 0, unreachable = 0, questions = 0;
  for (int i = 0; i < networks; ++i) {
    net::Network network = RandomNetwork(rng);
    absl::StatusOr<net::LoweredNetwork> lowered = net::Lower(network);
    ASSERT_TRUE(lowered.ok()) << "network " << i << ": " << lowered.status();
    if (lowered->interfaces.size() < 2) continue;
    smt::NetReachability engine(*lowered);
    for (int k = 0; k < 4; ++k) {
      Question q = RandomQuestion(rng, *lowered);
      ++questions;
      absl::StatusOr<smt::ReachAnswer> a = engine.Reach(q.from, q.to, q.header);
      ASSERT_TRUE(a.ok()) << "network " << i << " " << q.text << ": " << a.status();
      std::string where = absl::StrCat("seed ", seed, " network ", i, " question ", q.text);
      if (a->verdict == smt::ReachVerdict::kReachable) {
        ++reachable;
        absl::StatusOr<net::PacketTrace> replay =
            proofs::ReplayWitness(*lowered, a->src, a->dst, *a->witness);
        if (!replay.ok()) {
          ++disagreements;
          ADD_FAILURE() << where << ": " << replay.status();
        }
        if (q.header.protocol) EXPECT_EQ(a->witness->protocol, *q.header.protocol) << where;
        if (q.header.dst_ports.from > 0 || q.header.dst_ports.to < 65535) {
          EXPECT_TRUE(q.header.dst_ports.Contains(a->witness->dst_port)) << where;
        }
      } else if (a->verdict == smt::ReachVerdict::kUnreachable) {
        ++unreachable;
        EXPECT_FALSE(a->blocking.empty()) << where;
        std::optional<net::Packet> p = ExhaustiveWitness(*lowered, q);
        if (p.has_value()) {
          ++disagreements;
          ADD_FAILURE() << where << ": SMT says unreachable, the evaluator accepts "
                        << p->DebugString();
        }
      } else {
        ++disagreements;
        ADD_FAILURE() << where << ": unexpected unknown: " << a->unknown_reasons.front();
      }
      if (disagreements > 10) FAIL() << "stopping after 10 disagreements";
    }
  }
  EXPECT_EQ(disagreements, 0);
  // The generator must exercise both outcomes, or the comparison proves little.
  EXPECT_GT(reachable, questions / 10);
  EXPECT_GT(unreachable, questions / 10);
  std::printf("%d networks, %d questions: %d reachable, %d unreachable, %d disagreements\n",
              networks, questions, reachable, unreachable, disagreements);
}

}  // namespace
}  // namespace vouch::testing
