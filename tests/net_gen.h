// Small random VPC networks for differential testing of the network engines.
//
// Every network lives in a tiny universe where exhaustive enumeration is exact: a VPC
// 10.0.0.0/28 of three /30 subnets, often a peer VPC 10.0.1.0/28 of two, joined by an active or
// inactive peering connection; one or two NAT gateways (public or private, available or not)
// at 10.0.0.4k+3; sometimes a gateway route table on the internet gateway; routes to internet
// gateways, NAT gateways and peering connections, and now and then to a transit gateway (tgw-1,
// tgw-2: unknown, as vouch does not follow them); public and peer addresses in
// 198.51.100.0/29; rule CIDRs drawn from a vocabulary whose boundaries fall on those blocks
// (plus /0, /1 halves and the private ranges); port bounds in 0..7 or 65535 (a NAT gateway's
// port remapping to 1024 and above stays inside the class of 8); ICMP types and codes in 0..3
// or -1; protocols -1, icmp, tcp, udp and 47. Three in ten networks are dual-stack:
// 2600:a::/56 on vpc-1 (subnet k 2600:a:0:k::/64, interfaces at ::1 and ::2 of it),
// 2600:b::/56 on the peer VPC, IPv6 ranges in security groups and ACL entries (with their own
// allow-all 301 and `*` 32768), ICMPv6, and IPv6 routes to the internet gateway, an egress-only
// one (eigw-1, usually attached; eigw-2 never), the peering connection and rarely a NAT
// gateway. Hence every address, port and type outside the representatives of `Universe`
// behaves like one of them.
//
//   std::mt19937 rng(seed);
//   net::Network n = RandomNetwork(rng);
#ifndef VOUCH_TESTS_NET_GEN_H_
#define VOUCH_TESTS_NET_GEN_H_

#include <optional>
#include <random>
#include <vector>

#include "engine/eval/net_trace.h"
#include "engine/smt/net_reach.h"
#include "models/base/ip.h"
#include "models/net/lower.h"
#include "models/net/network.h"

namespace vouch::testing {

net::Network RandomNetwork(std::mt19937& rng);

// Representatives of every equivalence class of the generator's universe.
struct Universe {
  std::vector<IpAddress> internet_addresses;     // one per class of internet addresses
  std::vector<IpAddress> internet_addresses_v6;  // the same for IPv6 (interfaces' own included)
  std::vector<int> protocols;                    // 1, 6, 17, 47, 50, 58
  std::vector<int> ports;                     // 0..8 (8 stands for 8..65535)
  std::vector<int> icmp_values;               // 0..4 (4 stands for 4..255)
};
const Universe& GeneratorUniverse();

// What the concrete evaluator (engine/eval/net_trace.h) says of every representative packet of
// a question about a generated network (one interface or block on each side): the first
// packet it accepts, and the first whose answer is unknown. Exact for generated networks:
// every other packet behaves like a representative.
struct ExhaustiveAnswer {
  std::optional<net::Packet> accepted;
  std::optional<net::Packet> unknown;
  // When none is accepted: why each unknown packet is unknown (its blocking hop, the first packet
  // met for each component and detail).
  std::vector<net::Hop> unknown_hops;
};
ExhaustiveAnswer Enumerate(const net::LoweredNetwork& n, const smt::EndpointSet& from,
                           const smt::EndpointSet& to, const smt::HeaderSpace& header);

}  // namespace vouch::testing

#endif  // VOUCH_TESTS_NET_GEN_H_
