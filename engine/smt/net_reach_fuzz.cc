// Fuzzes the SMT reachability engine against exhaustive concrete evaluation. The input seeds
// a small random network (tests/net_gen.h: NAT gateways, a peer VPC, peering connections,
// gateway route tables) and picks one question; the SMT answer must agree with every
// representative packet traced by engine/eval/net_trace.cc: reachable with a witness that
// replays, unknown exactly when no packet is accepted and some is unknown, unreachable when
// all are dropped. Any disagreement aborts.
//
//   bytes 0..7    the generator's seed
//   byte 8        question kind (interface to interface, internet to interface, to internet)
//   bytes 9..10   source and destination interface
//   byte 11       protocol (any, icmp, tcp, udp, 47)
//   bytes 12..13  destination port range (0..7, or up to 65535)
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>

#include "engine/smt/net_reach.h"
#include "models/net/lower.h"
#include "proofs/witness_check.h"
#include "tests/fuzz/fuzz_checks.h"
#include "tests/net_gen.h"
// The generator is test code outside any library: compiled into this target directly.

namespace vouch::testing {
namespace {

using fuzz::Require;

uint8_t Byte(const uint8_t* data, size_t size, size_t i) { return i < size ? data[i] : 0; }

void Check(const uint8_t* data, size_t size) {
  std::seed_seq seed(data, data + std::min<size_t>(size, 8));
  std::mt19937 rng(seed);
  absl::StatusOr<net::LoweredNetwork> n = net::Lower(RandomNetwork(rng));
  Require(n.ok(), "a generated network must lower", n.status());
  if (n->interfaces.size() < 2) return;
  const size_t count = n->interfaces.size();
  const std::string a = n->interfaces[Byte(data, size, 9) % count].network_interface_id;
  const std::string b = n->interfaces[(Byte(data, size, 9) + 1 + Byte(data, size, 10) % (count - 1)) % count]
                            .network_interface_id;
  smt::EndpointSet from, to;
  switch (Byte(data, size, 8) % 3) {
    case 0: from.interfaces = {a}; to.interfaces = {b}; break;
    case 1: from.external = *ParseCidr("0.0.0.0/0"); to.interfaces = {b}; break;
    default: from.interfaces = {a}; to.external = *ParseCidr("0.0.0.0/0"); break;
  }
  smt::HeaderSpace header;
  static const int kProtocols[] = {0, 1, 6, 17, 47};
  if (int p = kProtocols[Byte(data, size, 11) % 5]; p != 0) header.protocol = p;
  if (!header.protocol || *header.protocol == 6 || *header.protocol == 17) {
    int lo = Byte(data, size, 12) % 9, hi = Byte(data, size, 13) % 9;
    if (lo > hi) std::swap(lo, hi);
    if (lo != 0 || hi != 8) header.dst_ports = net::PortRange{lo, hi == 8 ? 65535 : hi};
  }
  smt::NetReachability engine(*n);
  absl::StatusOr<smt::ReachAnswer> answer = engine.Reach(from, to, header);
  Require(answer.ok(), "the engine must answer a generated question", answer.status());
  if (answer->verdict == smt::ReachVerdict::kReachable) {
    absl::StatusOr<net::PacketTrace> replay =
        proofs::ReplayWitness(*n, answer->src, answer->dst, *answer->witness);
    Require(replay.ok(), "a witness must replay", replay.status());
    return;
  }
  ExhaustiveAnswer x = Enumerate(*n, from, to, header);
  Require(!x.accepted.has_value(), "the evaluator accepts a packet the engine calls unreachable or unknown");
  Require(x.unknown.has_value() == (answer->verdict == smt::ReachVerdict::kUnknown),
          "the engine is unknown exactly when some packet is unknown to the evaluator");
}

}  // namespace
}  // namespace vouch::testing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vouch::testing::Check(data, size);
  return 0;
}
